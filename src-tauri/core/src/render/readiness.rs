//! When is the panel drawn? First, what the panel needs: the dashboard says whether it queries
//! at all, and a panel that queries is drawn only after a data request of its own started and
//! finished — Grafana's page-wide query counter alone cannot say so, as it is undefined or 0
//! before the first query, 0 between variable and panel queries and in short dips. Then, layered
//! like Grafana's own renderer (reference §1.8, §6): the render binding, else the Scenes query
//! counter, else classic `panelsRendered`; in every case also no loading indicator, a quiet
//! network and a DOM that stopped changing. `judge` is a pure function of what the page and its
//! network reported, so every rule is unit-tested.

use std::time::Duration;

use serde::Deserialize;

/// Installed before any page script runs: records when the DOM last changed.
pub const INIT_SCRIPT: &str = r#"(() => {
  if (window.__panelshot) return;
  const st = window.__panelshot = { lastMutation: performance.now(), sawQuery: false };
  new MutationObserver(() => { st.lastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();"#;

/// Evaluated on each poll; returns a JSON object matching `Probe`.
/// Run in the tab's current document just before navigating: whatever still answers with this
/// mark is the previous render's page, not the one asked for.
pub const MARK_STALE: &str = "window.__panelshotStale = true";

pub const PROBE: &str = r#"(() => {
  const q = (s) => document.querySelectorAll(s).length;
  // The scene's data providers: how many are Streaming (a query split into parts, between two
  // parts) and what the active ones in Error say. PanelChrome's Streaming indicator carries no
  // test id when the panel can cancel its query (TitleItem renders a Button without it), and
  // its error corner shows the message only in a hover tooltip, so the scene itself is asked:
  // every scene object keeps its data in `state.data`, children in other state fields.
  const inScene = () => {
    const out = { streaming: 0, errors: [] };
    const root = window.__grafanaSceneContext;
    if (!root || typeof root !== 'object') return out;
    const seen = new Set();
    const visit = (o, depth) => {
      if (!o || typeof o !== 'object' || seen.has(o) || depth > 60) return;
      seen.add(o);
      const st = o.state;
      if (!st || typeof st !== 'object') return;
      const d = st.data;
      if (d && d.state === 'Streaming') out.streaming++;
      if (d && d.state === 'Error' && o.isActive) {
        for (const e of [].concat(d.errors || [], d.error ? [d.error] : [])) {
          const m = e && (e.message || (e.data && e.data.message));
          if (m && !out.errors.includes(m)) out.errors.push(String(m));
        }
      }
      for (const v of Object.values(st)) {
        if (Array.isArray(v)) { for (const x of v) visit(x, depth + 1); }
        else if (v && typeof v === 'object' && v.state) visit(v, depth + 1);
      }
    };
    try { visit(root, 0); } catch (e) { /* a scene mid-update: counted next poll */ }
    return out;
  };
  const scene = inScene();
  const st = window.__panelshot || { lastMutation: 0 };
  const running = typeof window.__grafanaRunningQueryCount === 'number' ? window.__grafanaRunningQueryCount : null;
  if (running !== null && running > 0) st.sawQuery = true;
  const err = document.querySelector('[data-testid="data-testid Panel status error"], .panel-status-error, .panel-info-corner--error, .alert-error');
  // innerText lays the page out: read it five times a second at most, not on every probe.
  const now = performance.now();
  if (st.bodyText === undefined || now - (st.bodyAt || 0) > 200) {
    st.bodyText = document.body ? document.body.innerText || '' : '';
    st.bodyAt = now;
  }
  const body = st.bodyText;
  const solo = q('.panel-solo');
  return {
    stale: window.__panelshotStale === true,
    path: location.pathname,
    binding_supported: window.__grafanaRenderBindingSupported === true,
    scene: !!window.__grafanaSceneContext,
    running,
    saw_query: !!st.sawQuery,
    panels_rendered: typeof window.panelsRendered === 'number' ? window.panelsRendered : null,
    panel_count: solo || q("[class$='panel-container']"),
    // PanelChrome's emotion class carries the label `panel-container` (what the official
    // renderer counts); `data-viz-panel-key` marks Scenes panels from Grafana 11.3.
    panels_in_dom: q('[data-viz-panel-key], .panel-solo, .panel-container, [data-panelid], [class*="panel-container"]'),
    loading: q('.panel-loading, [aria-label="Panel loading bar"], [data-testid="data-testid Panel loading bar"], [data-testid="data-testid panel loading bar"], .preloader'),
    streaming: q('[data-testid="panel-streaming"], [class*="panel-streaming"]') + scene.streaming,
    error: err ? (scene.errors.join('; ') || (err.textContent || '').trim() || err.getAttribute('aria-label') || 'error').slice(0, 300) : null,
    not_found: /^\s*(Panel not found|Panel with id .* not found|Dashboard not found)/.test(body) ? body.trim().slice(0, 200) : null,
    quiet_ms: performance.now() - st.lastMutation,
  };
})()"#;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Probe {
    /// The answer came from the previous render's document (a reused tab before the new
    /// navigation commits), which may well look finished.
    #[serde(default)]
    pub stale: bool,
    pub path: String,
    pub binding_supported: bool,
    pub scene: bool,
    pub running: Option<f64>,
    pub saw_query: bool,
    pub panels_rendered: Option<f64>,
    pub panel_count: u32,
    pub panels_in_dom: u32,
    pub loading: u32,
    /// Panels whose data is Streaming (the scene's data providers, or @grafana/ui
    /// `PanelChrome`'s indicator): their data may still be arriving in parts.
    #[serde(default)]
    pub streaming: u32,
    pub error: Option<String>,
    pub not_found: Option<String>,
    pub quiet_ms: f64,
}

/// The panel data requests the page made (`requests::classify`), counted since navigation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataProgress {
    pub started: u32,
    /// Answered (a streaming answer at its first packet).
    pub arrived: u32,
    /// Failed or cancelled.
    pub failed: u32,
    pub in_flight: u32,
    /// Template-variable queries: they must finish, but they are not the panel's data.
    pub variable_queries: u32,
    /// Failed with a network error other than a cancel: Grafana stopped answering.
    pub lost: u32,
}

/// How Grafana failed the panel's data, for an error that names Grafana rather than the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataFailure {
    /// Grafana answered a data query with HTTP 5xx.
    ServerError { status: i64, url: String },
    /// A data query got no answer at all (connection refused or reset, empty response).
    Lost { detail: String, url: String },
}

/// What the render loop knows besides the page's own report.
#[derive(Debug, Clone, Default)]
pub struct Waiting {
    pub elapsed: Duration,
    /// From the dashboard: `Some(true)` the panel queries, `Some(false)` it never does, `None`
    /// unknown (then the Scenes first-query grace period applies).
    pub needs_query: Option<bool>,
    pub data: DataProgress,
    /// How long a panel that queries may take to start its first data request.
    pub first_query_wait: Duration,
    /// The page called `__grafanaImageRendererMessageChannel` with REPORT_RENDER_COMPLETE.
    pub binding_complete: bool,
    pub requests_in_flight: usize,
    /// How long the network has had nothing in flight.
    pub network_quiet: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Drawn; the string names the signal that said so.
    Ready(&'static str),
    /// Not yet; the string says what is still pending (shown on timeout).
    Pending(String),
    PanelError(String),
    NotFound(String),
    Login,
    /// The panel queries, but no data request started within `first_query_wait`.
    NoQuery,
    /// Every data query of the panel failed without an answer: Grafana stopped answering.
    DataLost,
}

/// Scenes: no query seen yet and less than this since load → wait for one.
pub const FIRST_QUERY_GRACE: Duration = Duration::from_secs(3);
/// The DOM must have been quiet this long …
pub const DOM_QUIET: Duration = Duration::from_millis(50);
/// … unless everything else has been ready for this long (live clocks, animations).
pub const DOM_QUIET_GIVE_UP: Duration = Duration::from_secs(1);
/// The network must have been idle this long.
pub const NETWORK_QUIET: Duration = Duration::from_millis(30);
/// A panel shown as Streaming is drawn once no request has come or gone for this long: a query
/// split into parts (Loki's `runSplitQuery`, Prometheus' incremental querying) is Streaming
/// between its parts, and its counter entry already ended at the first part (scenes
/// `registerQueryWithController` counts a query done at its first packet that is not Loading);
/// a live stream stays Streaming for good and is taken after this pause.
pub const STREAM_SETTLE: Duration = Duration::from_secs(2);
/// Pages with none of Grafana's signals get at least this long.
pub const NO_SIGNAL_MINIMUM: Duration = Duration::from_secs(1);

pub fn judge(p: &Probe, w: &Waiting) -> Verdict {
    if p.stale {
        return Verdict::Pending("the page has not started loading yet".into());
    }
    if p.path.ends_with("/login") {
        return Verdict::Login;
    }
    if let Some(nf) = &p.not_found {
        return Verdict::NotFound(nf.clone());
    }
    // Grafana does not retry a query that got no answer, so there is nothing to wait for.
    let d = w.data;
    if d.lost > 0 && d.arrived == 0 && d.in_flight == 0 {
        return Verdict::DataLost;
    }
    match data_arrived(p, w) {
        DataGate::Arrived => {}
        DataGate::Pending(why) => return Verdict::Pending(why),
        DataGate::NeverStarted => return Verdict::NoQuery,
    }
    let (signal, primary) = primary(p, w);
    if let Err(pending) = primary {
        return Verdict::Pending(pending);
    }
    if p.loading > 0 {
        return Verdict::Pending(format!("{} loading indicator(s) still shown", p.loading));
    }
    if p.streaming > 0 && w.network_quiet < STREAM_SETTLE {
        return Verdict::Pending("the panel's data is still arriving in parts (streaming)".into());
    }
    if w.requests_in_flight > 0 {
        return Verdict::Pending(format!(
            "{} network request(s) still in flight",
            w.requests_in_flight
        ));
    }
    if w.network_quiet < NETWORK_QUIET {
        return Verdict::Pending("the network only just went quiet".into());
    }
    let dom_quiet = Duration::from_secs_f64(p.quiet_ms.max(0.0) / 1000.0);
    if dom_quiet < DOM_QUIET && w.network_quiet < DOM_QUIET_GIVE_UP {
        return Verdict::Pending("the page is still changing".into());
    }
    if let Some(e) = &p.error {
        return Verdict::PanelError(e.clone());
    }
    Verdict::Ready(signal)
}

enum DataGate {
    Arrived,
    Pending(String),
    NeverStarted,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A panel that queries is not drawn before its data: a data request must have started and
/// finished (a cancelled one restarts), whatever Grafana's signals say meanwhile.
fn data_arrived(p: &Probe, w: &Waiting) -> DataGate {
    if w.needs_query != Some(true) {
        return DataGate::Arrived;
    }
    let d = w.data;
    if d.in_flight > 0 {
        return DataGate::Pending(format!(
            "{} running",
            plural(d.in_flight, "data query is", "data queries are")
        ));
    }
    if d.started == 0 {
        if w.elapsed >= w.first_query_wait {
            return DataGate::NeverStarted;
        }
        let vars = if d.variable_queries > 0 {
            format!(
                " ({} done)",
                plural(d.variable_queries, "variable query", "variable queries")
            )
        } else {
            String::new()
        };
        return DataGate::Pending(format!("no data query started yet{vars}"));
    }
    // Every data request so far failed or was cancelled: Grafana restarts a cancelled query,
    // and a failed one shows an error on the panel, which is reported as such.
    if d.arrived == 0 && p.error.is_none() {
        return DataGate::Pending(
            "the panel's query was cancelled or failed; waiting for it to run again".into(),
        );
    }
    DataGate::Arrived
}

fn primary(p: &Probe, w: &Waiting) -> (&'static str, Result<(), String>) {
    if p.binding_supported && w.binding_complete {
        return ("render binding", Ok(()));
    }
    // Grafana's readiness observer checks its panels every 500 ms (reference §6,
    // `ReportRenderReadinessObserver.ts`), so the binding answers up to half a second after the
    // panel is drawn. When the dashboard says what the panel needs, the data gate above already
    // proved its data arrived, and a Scenes page's counter (which the binding's own check also
    // reads) at 0 with the settle checks below says the same thing sooner. With unknown needs the
    // binding is the only safe word.
    if p.binding_supported && !(p.scene && w.needs_query.is_some()) {
        return (
            "render binding",
            Err(
                "Grafana has not yet sent REPORT_RENDER_COMPLETE through the render binding".into(),
            ),
        );
    }
    if p.scene {
        let running = p.running.unwrap_or(0.0);
        if running > 0.0 {
            let what = if running == 1.0 {
                "query is"
            } else {
                "queries are"
            };
            return (
                "scenes",
                // In words: the message reaches people, who never see the counter's name.
                Err(format!("{running} {what} still running in Grafana")),
            );
        }
        // When the dashboard does not say whether the panel queries: queries can start a moment
        // after the scene activates (the counter reads undefined or 0 until then), so until
        // the grace period ends an unfinished-looking page with no query yet is not done.
        let unfinished = p.panels_in_dom == 0 || p.loading > 0;
        let seen = p.saw_query || w.data.started > 0;
        if w.needs_query.is_none() && !seen && unfinished && w.elapsed < FIRST_QUERY_GRACE {
            return ("scenes", Err("waiting for the first query to start".into()));
        }
        // A page that shows no panel has not drawn one, whatever its counter says: variable
        // queries and a slow data-source plugin can hold the panel back for seconds.
        if p.panels_in_dom == 0 {
            return ("scenes", Err("the page has not drawn a panel yet".into()));
        }
        return ("scenes", Ok(()));
    }
    if p.panels_rendered.is_some() || p.panel_count > 0 {
        let rendered = p.panels_rendered.unwrap_or(0.0);
        if p.panel_count > 0 && rendered < f64::from(p.panel_count) {
            return (
                "panelsRendered",
                Err(format!(
                    "Grafana has drawn {rendered} of {} panel(s)",
                    p.panel_count
                )),
            );
        }
        return ("panelsRendered", Ok(()));
    }
    if w.elapsed < NO_SIGNAL_MINIMUM || p.panels_in_dom == 0 {
        return (
            "network and DOM",
            Err("the page has not drawn a panel yet".into()),
        );
    }
    ("network and DOM", Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled() -> Waiting {
        Waiting {
            elapsed: Duration::from_secs(1),
            binding_complete: false,
            requests_in_flight: 0,
            network_quiet: Duration::from_millis(500),
            first_query_wait: Duration::from_secs(5),
            ..Default::default()
        }
    }

    #[test]
    fn a_streaming_panel_waits_until_its_parts_stop_arriving() {
        let p = Probe {
            streaming: 1,
            ..scenes_at_zero()
        };
        let between_parts = Waiting {
            network_quiet: Duration::from_millis(400),
            ..settled()
        };
        assert!(
            matches!(judge(&p, &between_parts), Verdict::Pending(s) if s.contains("in parts")),
            "the counter at 0 after the first part says nothing"
        );
        let settled_stream = Waiting {
            network_quiet: STREAM_SETTLE,
            ..settled()
        };
        assert!(matches!(judge(&p, &settled_stream), Verdict::Ready(_)));
    }

    /// A Scenes page whose counter reads 0 and that looks drawn: what every dip looks like.
    fn scenes_at_zero() -> Probe {
        Probe {
            scene: true,
            running: Some(0.0),
            ..drawn()
        }
    }

    fn queries(data: DataProgress) -> Waiting {
        Waiting {
            needs_query: Some(true),
            data,
            ..settled()
        }
    }

    #[test]
    fn a_panel_that_queries_waits_for_its_own_data_whatever_the_counter_says() {
        let p = scenes_at_zero();
        // Counter at 0 from page start (grafana PR #117508), first query not yet begun.
        assert!(matches!(
            judge(&p, &queries(DataProgress::default())),
            Verdict::Pending(s) if s.contains("no data query started")
        ));
        // Back to 0 after the variable queries, before the panel's query.
        let after_vars = DataProgress {
            variable_queries: 2,
            ..Default::default()
        };
        assert!(matches!(
            judge(&p, &queries(after_vars)),
            Verdict::Pending(s) if s.contains("2 variable queries done")
        ));
        // A dip while the query runs.
        let running = DataProgress {
            started: 1,
            in_flight: 1,
            ..Default::default()
        };
        assert!(matches!(
            judge(&p, &queries(running)),
            Verdict::Pending(s) if s.contains("1 data query is running")
        ));
        // Cancelled, not yet restarted.
        let cancelled = DataProgress {
            started: 1,
            failed: 1,
            ..Default::default()
        };
        assert!(matches!(
            judge(&p, &queries(cancelled)),
            Verdict::Pending(s) if s.contains("cancelled")
        ));
        let restarted = DataProgress {
            started: 2,
            failed: 1,
            arrived: 1,
            ..Default::default()
        };
        assert_eq!(judge(&p, &queries(restarted)), Verdict::Ready("scenes"));
        // The data is there but Grafana's own signal still says no.
        let busy = Probe {
            running: Some(1.0),
            ..p.clone()
        };
        assert!(matches!(
            judge(&busy, &queries(restarted)),
            Verdict::Pending(_)
        ));
    }

    #[test]
    fn a_query_that_got_no_answer_ends_the_wait() {
        let p = scenes_at_zero();
        let lost = queries(DataProgress {
            started: 1,
            failed: 1,
            lost: 1,
            ..Default::default()
        });
        assert_eq!(judge(&p, &lost), Verdict::DataLost);
        // Another query of the panel still running or answered: that decides.
        let answered = queries(DataProgress {
            started: 2,
            failed: 1,
            lost: 1,
            arrived: 1,
            ..Default::default()
        });
        assert_eq!(judge(&p, &answered), Verdict::Ready("scenes"));
    }

    #[test]
    fn no_data_request_in_time_is_its_own_verdict() {
        let late = Waiting {
            elapsed: Duration::from_secs(6),
            ..queries(DataProgress::default())
        };
        assert_eq!(judge(&scenes_at_zero(), &late), Verdict::NoQuery);
        // A failed query shows an error on the panel: reported as that, not waited for.
        let failed = DataProgress {
            started: 1,
            failed: 1,
            ..Default::default()
        };
        let err = Probe {
            error: Some("Query error: connection reset".into()),
            ..scenes_at_zero()
        };
        assert!(matches!(
            judge(&err, &queries(failed)),
            Verdict::PanelError(_)
        ));
    }

    #[test]
    fn a_panel_that_never_queries_waits_for_no_query() {
        let text = Probe {
            scene: true,
            running: None,
            panels_in_dom: 0,
            ..drawn()
        };
        let w = Waiting {
            needs_query: Some(false),
            elapsed: Duration::from_millis(100),
            ..settled()
        };
        // Not drawn yet: the DOM has no panel. No grace period is waited out either way.
        assert!(
            matches!(judge(&text, &w), Verdict::Pending(s) if !s.contains("first query") && !s.contains("no data query"))
        );
        // The panel held back by variable queries for longer than a second is still waited for.
        let later = Waiting {
            elapsed: Duration::from_secs(3),
            ..w.clone()
        };
        assert!(
            matches!(judge(&text, &later), Verdict::Pending(s) if s.contains("not drawn a panel"))
        );
        let drawn_text = Probe {
            panels_in_dom: 1,
            ..text
        };
        assert_eq!(judge(&drawn_text, &w), Verdict::Ready("scenes"));
    }

    fn drawn() -> Probe {
        Probe {
            path: "/d-solo/x/y".into(),
            panels_in_dom: 1,
            quiet_ms: 500.0,
            ..Default::default()
        }
    }

    #[test]
    fn the_previous_renders_page_is_never_taken_for_the_new_one() {
        let old = Probe {
            stale: true,
            scene: true,
            running: Some(0.0),
            saw_query: true,
            ..drawn()
        };
        let w = Waiting {
            binding_complete: true,
            ..settled()
        };
        assert!(matches!(judge(&old, &w), Verdict::Pending(s) if s.contains("not started")));
        let new = Probe {
            stale: false,
            ..old
        };
        assert!(matches!(judge(&new, &w), Verdict::Ready(_)));
    }

    #[test]
    fn binding_waits_for_the_message() {
        let p = Probe {
            binding_supported: true,
            scene: true,
            running: Some(0.0),
            ..drawn()
        };
        assert!(
            matches!(judge(&p, &settled()), Verdict::Pending(s) if s.contains("REPORT_RENDER_COMPLETE"))
        );
        let w = Waiting {
            binding_complete: true,
            ..settled()
        };
        assert_eq!(judge(&p, &w), Verdict::Ready("render binding"));
    }

    #[test]
    fn binding_pages_with_known_needs_need_not_wait_for_the_observer_poll() {
        let p = Probe {
            binding_supported: true,
            ..scenes_at_zero()
        };
        // Data arrived and the counter is 0: drawn, before the binding's next 500 ms poll.
        let arrived = queries(DataProgress {
            started: 1,
            arrived: 1,
            ..Default::default()
        });
        assert_eq!(judge(&p, &arrived), Verdict::Ready("scenes"));
        // Still no data: the data gate holds whatever the page says.
        assert!(matches!(
            judge(&p, &queries(DataProgress::default())),
            Verdict::Pending(s) if s.contains("no data query started")
        ));
        // A query still counted by the page: not yet.
        let running = Probe {
            running: Some(1.0),
            ..p.clone()
        };
        assert!(matches!(judge(&running, &arrived), Verdict::Pending(s) if s.contains("running")));
        // No Scenes counter to read: only the binding can tell.
        let no_scene = Probe {
            scene: false,
            running: None,
            ..p
        };
        assert!(matches!(
            judge(&no_scene, &arrived),
            Verdict::Pending(s) if s.contains("REPORT_RENDER_COMPLETE")
        ));
    }

    #[test]
    fn scenes_waits_for_the_counter_and_for_late_first_queries() {
        let running = Probe {
            scene: true,
            running: Some(2.0),
            ..drawn()
        };
        assert!(
            matches!(judge(&running, &settled()), Verdict::Pending(s) if s.contains("2 queries are still running"))
        );
        let no_query_yet = Probe {
            scene: true,
            running: None,
            panels_in_dom: 0,
            ..drawn()
        };
        assert!(
            matches!(judge(&no_query_yet, &settled()), Verdict::Pending(s) if s.contains("first query"))
        );
        let after_grace = Waiting {
            elapsed: Duration::from_secs(4),
            ..settled()
        };
        // Still no panel on the page: not drawn, however long it has been.
        assert!(
            matches!(judge(&no_query_yet, &after_grace), Verdict::Pending(s) if s.contains("not drawn a panel"))
        );
        let drawn_after_grace = Probe {
            panels_in_dom: 1,
            ..no_query_yet.clone()
        };
        assert_eq!(
            judge(&drawn_after_grace, &after_grace),
            Verdict::Ready("scenes")
        );
        // A panel with no query (text) that is already drawn does not wait for the grace period.
        let text_panel = Probe {
            scene: true,
            running: None,
            ..drawn()
        };
        assert_eq!(judge(&text_panel, &settled()), Verdict::Ready("scenes"));
        let done = Probe {
            scene: true,
            running: Some(0.0),
            saw_query: true,
            ..drawn()
        };
        assert_eq!(judge(&done, &settled()), Verdict::Ready("scenes"));
    }

    #[test]
    fn classic_compares_panels_rendered_with_solo_panels() {
        let half = Probe {
            panels_rendered: Some(0.0),
            panel_count: 1,
            ..drawn()
        };
        assert!(
            matches!(judge(&half, &settled()), Verdict::Pending(s) if s.contains("Grafana has drawn 0 of 1 panel(s)"))
        );
        let done = Probe {
            panels_rendered: Some(1.0),
            panel_count: 1,
            ..drawn()
        };
        assert_eq!(judge(&done, &settled()), Verdict::Ready("panelsRendered"));
    }

    #[test]
    fn loading_network_and_dom_must_settle() {
        let done = Probe {
            scene: true,
            running: Some(0.0),
            saw_query: true,
            ..drawn()
        };
        let spinner = Probe {
            loading: 1,
            ..done.clone()
        };
        assert!(
            matches!(judge(&spinner, &settled()), Verdict::Pending(s) if s.contains("loading"))
        );
        let busy = Waiting {
            requests_in_flight: 3,
            ..settled()
        };
        assert!(matches!(judge(&done, &busy), Verdict::Pending(s) if s.contains("3 network")));
        let just_quiet = Waiting {
            network_quiet: Duration::from_millis(5),
            ..settled()
        };
        assert!(matches!(judge(&done, &just_quiet), Verdict::Pending(_)));
        let changing = Probe {
            quiet_ms: 10.0,
            ..done.clone()
        };
        assert!(
            matches!(judge(&changing, &settled()), Verdict::Pending(s) if s.contains("changing"))
        );
        // A page that never stops changing (a live clock) is accepted once all else is settled.
        let long_settled = Waiting {
            network_quiet: Duration::from_secs(2),
            ..settled()
        };
        assert_eq!(judge(&changing, &long_settled), Verdict::Ready("scenes"));
    }

    #[test]
    fn errors_login_and_not_found_are_reported() {
        let err = Probe {
            scene: true,
            running: Some(0.0),
            error: Some("Query error: 503".into()),
            ..drawn()
        };
        assert_eq!(
            judge(&err, &settled()),
            Verdict::PanelError("Query error: 503".into())
        );
        let login = Probe {
            path: "/grafana/login".into(),
            ..drawn()
        };
        assert_eq!(judge(&login, &settled()), Verdict::Login);
        let nf = Probe {
            not_found: Some("Panel not found".into()),
            ..drawn()
        };
        assert_eq!(
            judge(&nf, &settled()),
            Verdict::NotFound("Panel not found".into())
        );
    }

    #[test]
    fn pages_without_signals_get_a_minimum_wait() {
        let early = Waiting {
            elapsed: Duration::from_millis(300),
            ..settled()
        };
        assert!(matches!(judge(&drawn(), &early), Verdict::Pending(_)));
        assert_eq!(
            judge(&drawn(), &settled()),
            Verdict::Ready("network and DOM")
        );
    }
}
