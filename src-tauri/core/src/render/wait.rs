//! Waiting for the page: polling Grafana's page until it is drawn (or laid out), naming
//! Grafana when it failed the panel's data, and growing a dashboard to its full height.

use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use url::Url;

use super::browser::BrowserInstance;
use super::error::{bad_answer, cdp};
use super::readiness::{self, Probe, Verdict, Waiting};
use super::tab::{Shared, Tab};
use super::{BROWSER_ANSWERS, POLL, RenderError, RenderJob, RenderOptions, Renderer, options};

impl Renderer {
    /// Polls the page until `readiness::judge` says it is drawn (or, for `LaidOut`, until it
    /// shows its panels), or the deadline passes.
    pub(super) async fn wait_until(
        &self,
        inst: &BrowserInstance,
        tab: &Tab,
        job: &RenderJob,
        started: Instant,
        deadline: Instant,
        until: Until,
    ) -> Result<String, RenderError> {
        let (page, net) = (&tab.page, &tab.net);
        let capture_anyway = job.options.capture_anyway;
        let loaded = Instant::now();
        let mut pending = String::from("the page has not answered yet");
        let mut told = String::new();
        loop {
            if pending != told {
                job.waiting.tell(&pending);
                told.clone_from(&pending);
            }
            if let Some((status, url)) = net
                .lock()
                .map(|s| s.document_status.clone())
                .unwrap_or(None)
                && status >= 400
            {
                return Err(match status {
                    401 | 403 => RenderError::Unauthorized(url),
                    _ => RenderError::PageStatus { status, url },
                });
            }
            // The page answers only between its scripts: a bundle stuck in a long task keeps
            // it silent, which is Grafana's time (up to the deadline), not a hung browser.
            let limit = self
                .config
                .step_timeout
                .min(deadline.saturating_duration_since(Instant::now()) + POLL);
            let answer = tokio::time::timeout(limit, page.evaluate(readiness::PROBE)).await;
            // A probe can fail while a navigation swaps documents: ask again.
            let probe: Option<Probe> = match answer {
                Ok(a) => a.ok().and_then(|v| v.into_value().ok()),
                Err(_) => {
                    if !inst.answers(BROWSER_ANSWERS).await {
                        return Err(RenderError::Hung("checking the page".into()));
                    }
                    pending = format!(
                        "the page's scripts kept it busy (it did not answer for {} s)",
                        limit.as_secs()
                    );
                    None
                }
            };
            if let Some(p) = probe {
                if until == Until::LaidOut && !p.stale && p.panels_in_dom > 0 {
                    return Ok("laid out".into());
                }
                let waiting = {
                    let s = net.lock().unwrap_or_else(|e| e.into_inner());
                    Waiting {
                        elapsed: loaded.elapsed(),
                        needs_query: job.needs_query,
                        data: s.data(),
                        first_query_wait: if self.config.first_query_wait.is_zero() {
                            Duration::MAX
                        } else {
                            self.config.first_query_wait
                        },
                        binding_complete: s.binding_complete,
                        requests_in_flight: s.in_flight(),
                        network_quiet: s.quiet_for(),
                    }
                };
                match self
                    .settle(readiness::judge(&p, &waiting), job, net, &p.path)
                    .await
                {
                    Settled::Done(outcome) => return outcome,
                    Settled::Waiting(why) => pending = why,
                }
            }
            if Instant::now() >= deadline {
                if capture_anyway {
                    return Ok("capture-anyway (timeout)".into());
                }
                if let Some(e) = grafana_failure(net, &job.base) {
                    return Err(e);
                }
                return Err(RenderError::Timeout {
                    secs: deadline.duration_since(started).as_secs(),
                    pending,
                });
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// What a verdict means for the render: done (drawn, or failed for a named reason; with
    /// `capture_anyway` a page Grafana failed is captured as it is) or still waiting, and why.
    async fn settle(&self, verdict: Verdict, job: &RenderJob, net: &Shared, path: &str) -> Settled {
        let capture_anyway = job.options.capture_anyway;
        let done = |r: Result<String, RenderError>| Settled::Done(r);
        match verdict {
            Verdict::Ready(signal) => done(Ok(signal.to_string())),
            Verdict::Pending(why) if why.contains("network request") => {
                let url = net.lock().ok().and_then(|s| s.an_open_request());
                Settled::Waiting(match url {
                    Some(u) => format!("{why} ({u})"),
                    None => why,
                })
            }
            Verdict::Pending(why) => Settled::Waiting(why),
            Verdict::PanelError(_) if capture_anyway => {
                done(Ok("capture-anyway (panel error)".into()))
            }
            // The panel shows Grafana's own failure: name Grafana, not the panel.
            Verdict::PanelError(e) => done(Err(grafana_failure_settled(net, &job.base)
                .await
                .unwrap_or(RenderError::PanelError(e)))),
            Verdict::DataLost if capture_anyway => {
                done(Ok("capture-anyway (Grafana stopped answering)".into()))
            }
            Verdict::DataLost => done(Err(grafana_failure(net, &job.base).unwrap_or_else(|| {
                RenderError::GrafanaLost {
                    detail: "no answer".into(),
                    url: job.base.to_string(),
                }
            }))),
            Verdict::NotFound(what) => done(Err(grafana_failure_settled(net, &job.base)
                .await
                .unwrap_or(RenderError::PanelNotFound(what)))),
            Verdict::Login => done(Err(RenderError::Unauthorized(path.to_string()))),
            Verdict::NoQuery if capture_anyway => done(Ok("capture-anyway (no data query)".into())),
            Verdict::NoQuery => done(Err(RenderError::NoQuery {
                secs: self.config.first_query_wait.as_secs_f64(),
            })),
        }
    }

    /// Dashboards: scroll through so lazy panels load, then make the viewport as tall as the page.
    pub(super) async fn grow_to_full_page(
        &self,
        page: &Page,
        o: &RenderOptions,
    ) -> Result<u32, RenderError> {
        let scroll = r#"(async () => {
          const step = () => new Promise(r => setTimeout(r, 100));
          let last = -1;
          for (let i = 0; i < 200 && window.scrollY !== last; i++) {
            last = window.scrollY;
            window.scrollBy(0, window.innerHeight);
            await step();
          }
          window.scrollTo(0, 0);
          await step();
          return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0));
        })()"#;
        let full: f64 = self
            .step("scrolling the dashboard", async {
                page.evaluate(scroll)
                    .await
                    .map_err(cdp)?
                    .into_value::<f64>()
                    .map_err(bad_answer)
            })
            .await?;
        let max_height = (options::MAX_PIXELS / (f64::from(o.width) * o.scale * o.scale))
            .floor()
            .min(32_000.0);
        let height = full.clamp(f64::from(o.height), max_height) as u32;
        if height != o.height {
            self.step("growing the page", async {
                page.execute(SetDeviceMetricsOverrideParams::new(
                    i64::from(o.width),
                    i64::from(height),
                    o.scale,
                    false,
                ))
                .await
                .map_err(cdp)
            })
            .await?;
        }
        Ok(height)
    }
}

/// `grafana_failure`, after the network events have had a moment to arrive: the page can show
/// "not found" or a panel error before the event of the answer that caused it is seen (each
/// kind of event comes on its own stream), and on a busy machine that moment is measurable.
async fn grafana_failure_settled(net: &Shared, base: &Url) -> Option<RenderError> {
    for _ in 0..10 {
        if let Some(e) = grafana_failure(net, base) {
            return Some(e);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

/// The error that names Grafana when it failed the panel's data (5xx, or no answer at all).
fn grafana_failure(net: &Shared, base: &Url) -> Option<RenderError> {
    let s = net.lock().unwrap_or_else(|e| e.into_inner());
    let Some(failure) = s.data_failure.clone() else {
        // No data query failed, but Grafana's own API did (the dashboard's JSON, say): the
        // page's "not found" or empty panel is Grafana failing, not a missing panel.
        let (status, url) = s.api_failure.clone()?;
        let own = Url::parse(&url).is_ok_and(|u| u.origin() == base.origin());
        return own.then_some(RenderError::GrafanaServerError { status, url });
    };
    Some(match failure {
        readiness::DataFailure::ServerError { status, url } => {
            RenderError::GrafanaServerError { status, url }
        }
        readiness::DataFailure::Lost { detail, url } => RenderError::GrafanaLost { detail, url },
    })
}

/// A verdict's meaning for the wait.
enum Settled {
    Done(Result<String, RenderError>),
    Waiting(String),
}

/// What `Renderer::wait_until` waits for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Until {
    /// The page shows its panels (the grid is laid out), drawn or not.
    LaidOut,
    /// The panels are drawn (`readiness::judge`).
    Drawn,
}
