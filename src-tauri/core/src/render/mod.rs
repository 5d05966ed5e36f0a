//! Rendering Grafana pages in a headless Chromium driven through chromiumoxide: discovery, one
//! warm browser shared by a pool of tabs, auth only for the Grafana origin, layered readiness,
//! and exact captures. No Tauri here.

mod browser;
mod capture;
mod cover;
pub mod discovery;
mod error;
#[cfg(windows)]
mod job_object;
pub mod options;
mod orphans;
#[cfg(unix)]
mod pipe;
pub mod readiness;
mod requests;
mod session;

pub use browser::{end_window, launch_window, window_profile};
pub use capture::{PanelBox, Rect};
pub use error::RenderError;
pub use options::{CaptureKind, PageTarget, RenderOptions, Theme};
pub use session::OriginAuth;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::dom::Rgba;
use chromiumoxide::cdp::browser_protocol::emulation::{
    SetDefaultBackgroundColorOverrideParams, SetDeviceMetricsOverrideParams,
    SetTimezoneOverrideParams,
};
use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
use serde::Serialize;

use crate::error::Coded;
use tokio::sync::{Mutex, Semaphore};
use url::Url;

use browser::BrowserInstance;
use error::{bad_answer, cdp};
use readiness::{Probe, Verdict, Waiting};

/// The least a browser step is given, also when the user's timeout has all but run out.
const MIN_STEP: Duration = Duration::from_millis(500);
/// How long a live browser may take to answer `Browser.getVersion`: it answers from its own
/// process in milliseconds, also while a page's scripts are stuck.
const BROWSER_ANSWERS: Duration = Duration::from_secs(3);
/// How often the page is asked whether it is drawn.
const POLL: Duration = Duration::from_millis(20);
/// Why a render failed when the browser's connection dropped under it.
const BROWSER_EXITED: &str = "the browser exited during the render (it crashed or was killed)";
/// The default of `RendererConfig::first_query_wait`: none of its own, the user's timeout
/// bounds it. A data source's plugin module can take seconds to load before Grafana starts the
/// panel's query (`SceneQueryRunner` awaits it), and nothing on the page says how long.
pub const DEFAULT_FIRST_QUERY_WAIT: Duration = Duration::ZERO;

#[derive(Debug, Clone)]
pub struct RendererConfig {
    /// The browser chosen in settings or with `--chrome`; discovery when `None`.
    pub chrome: Option<PathBuf>,
    /// The headless shell Panelshot downloaded (`panelshot browser install`), preferred to the
    /// system's browsers when no browser is chosen.
    pub downloaded: Option<PathBuf>,
    /// Tabs rendering at once.
    pub concurrency: usize,
    /// Close the browser after this long without renders.
    pub idle_timeout: Duration,
    /// Limit for each single browser step (open a tab, evaluate, capture).
    pub step_timeout: Duration,
    /// A tab serves at most this many renders, then closes, and its renderer process with it:
    /// a renderer's memory grows with every page it has loaded (about 1.4 MB per render on the
    /// demo, measured over 280 renders) and only a new process starts clean.
    pub renders_per_tab: u32,
    /// A panel that queries must start a data request within this long after the page loads,
    /// or the render fails (`render.no_query`) rather than capture an empty panel. Zero: until
    /// the render's timeout, which then fails as `render.timeout` ("no data query started").
    pub first_query_wait: Duration,
}

impl Default for RendererConfig {
    fn default() -> Self {
        RendererConfig {
            chrome: None,
            downloaded: None,
            concurrency: 4,
            idle_timeout: Duration::from_secs(120),
            step_timeout: Duration::from_secs(15),
            renders_per_tab: 20,
            first_query_wait: DEFAULT_FIRST_QUERY_WAIT,
        }
    }
}

/// One render: which page, with which options and credentials, captured how.
#[derive(Debug, Clone)]
pub struct RenderJob {
    pub base: Url,
    pub target: PageTarget,
    pub options: RenderOptions,
    pub auth: OriginAuth,
    pub kind: CaptureKind,
    /// From the dashboard: whether drawing the page needs a data query (`None`: unknown).
    pub needs_query: Option<bool>,
    /// Told what the render waits for whenever that changes.
    pub waiting: WaitReport,
    /// For a connection with its own CA or with certificate checks off: the server key
    /// Panelshot verified with those settings (`GrafanaClient::server_key`). The browser
    /// accepts a certificate its own roots refuse only when it carries this key.
    pub trusted_key: Option<String>,
    /// Keep the answers of the panel's data queries (`Capture::data`).
    pub want_data: bool,
}

/// Where a render says what it is waiting for ("2 queries are still running in Grafana"), so
/// the window can show it on the dimmed picture instead of a bare spinner.
#[derive(Clone, Default)]
pub struct WaitReport(Option<Arc<Tell>>);

type Tell = dyn Fn(&str) + Send + Sync;

impl WaitReport {
    pub fn new(tell: impl Fn(&str) + Send + Sync + 'static) -> WaitReport {
        WaitReport(Some(Arc::new(tell)))
    }

    fn tell(&self, what: &str) {
        if let Some(f) = &self.0 {
            f(what);
        }
    }
}

impl std::fmt::Debug for WaitReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "WaitReport(on)"
        } else {
            "WaitReport(off)"
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Capture {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// For a PDF capture: a small PNG of the same page, for the history thumbnail.
    #[serde(skip)]
    pub preview_png: Option<Vec<u8>>,
    /// Device pixels (for PDF: the page size in CSS pixels times the scale).
    pub width_px: u32,
    pub height_px: u32,
    /// The signal that said the panel was drawn, or `capture-anyway`.
    pub ready_signal: String,
    /// The page URL that was rendered.
    pub url: String,
    pub total_ms: f64,
    /// When the page itself says it finished drawing (`performance.mark('panelshot:drawn')`),
    /// in ms after its navigation started; used to measure Panelshot's own overhead.
    pub page_drawn_ms: Option<f64>,
    /// Where the time went: (phase, ms since the render started).
    pub phases: Vec<(&'static str, f64)>,
    /// Dashboards: where each panel sat on the page (CSS pixels), to crop thumbnails.
    #[serde(skip)]
    pub panel_boxes: Vec<capture::PanelBox>,
    /// With `RenderJob::want_data`: the answers the page's panel data queries got, as the
    /// panel drew them (no second query).
    #[serde(skip)]
    pub data: Vec<capture::DataAnswer>,
}

struct Pool {
    instance: Option<Arc<BrowserInstance>>,
}

/// Renders in flight and when the last one ended, for the idle reaper.
#[derive(Debug)]
struct Activity {
    in_flight: usize,
    last_used: Instant,
}

type SharedActivity = Arc<std::sync::Mutex<Activity>>;

fn activity(a: &SharedActivity) -> std::sync::MutexGuard<'_, Activity> {
    a.lock().unwrap_or_else(|p| p.into_inner())
}

/// Counts one render as in flight until dropped, also when the render future is dropped
/// (cancelled) half-way, so a cancelled preview never keeps the browser from idling out.
struct Busy(SharedActivity);

impl Busy {
    fn start(a: &SharedActivity) -> Busy {
        activity(a).in_flight += 1;
        Busy(a.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut a = activity(&self.0);
        a.in_flight -= 1;
        a.last_used = Instant::now();
    }
}

/// The shared renderer: starts the browser on first use, reuses it, replaces it when it dies,
/// and closes it when idle or on `shutdown`.
pub struct Renderer {
    config: RendererConfig,
    pool: Arc<Mutex<Pool>>,
    activity: SharedActivity,
    permits: Arc<Semaphore>,
    /// One huge capture at a time (see `BIG_CAPTURE`).
    big: Arc<Semaphore>,
    /// `config.downloaded`, replaced when a headless shell is installed while the app runs (the
    /// next browser launch uses it).
    downloaded: std::sync::Mutex<Option<PathBuf>>,
}

/// Above this many output pixels a capture runs alone among the huge ones: Chromium rasters the
/// whole page, encodes it, and Panelshot decodes and re-encodes it, each a full-size buffer.
/// Four 8000×8000 captures at once peaked at 3.4 GB PSS here, one at a time at 1.6 GB, in the
/// same wall time (`BENCH_HUGE=1 cargo run --release -p panelshot-core --example bench`). Smaller captures still
/// run beside it. Whole-dashboard captures grow to the page's height, so they count as huge.
pub const BIG_CAPTURE: f64 = 16_000_000.0;

/// A tab lent to one render. It goes back to the browser's parked tabs only when the render
/// succeeded; otherwise it closes — also when the render future is dropped (cancelled) half-way,
/// so a cancelled preview's tab stops at once.
struct Lease {
    session: Option<session::Session>,
    inst: Arc<BrowserInstance>,
    keep: usize,
    renders_per_tab: u32,
}

impl Lease {
    fn session(&self) -> Result<&session::Session, RenderError> {
        self.session
            .as_ref()
            .ok_or_else(|| RenderError::Cdp("the tab was already returned".into()))
    }

    /// Swaps in another tab; the one held so far closes.
    fn replace(&mut self, fresh: session::Session) {
        if let Some(old) = self.session.replace(fresh) {
            close_later(old);
        }
    }

    /// Parks the tab for the next render; a tab that cannot be parked, or has served its share
    /// of renders, closes (on drop).
    async fn give_back(mut self) {
        let retired = match &self.session {
            Some(s) => self.inst.retire(s).await && s.served() < self.renders_per_tab,
            None => false,
        };
        if retired
            && let Some(s) = self.session.take()
            && let Some(extra) = self.inst.park(s, self.keep)
        {
            close_later(extra);
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(s) = self.session.take() {
            close_later(s);
        }
    }
}

/// Chromium's network errors for a certificate it refused or a TLS handshake that failed
/// (`net/base/net_error_list.h`: `ERR_CERT_*`, `ERR_SSL_*`, `ERR_BAD_SSL_CLIENT_AUTH_CERT`).
fn is_certificate_error(err: &str) -> bool {
    err.contains("ERR_CERT_") || err.contains("ERR_SSL_") || err.contains("SSL_CLIENT_AUTH")
}

/// Whether a reused tab's page still runs scripts. Its renderer may be gone while the browser
/// side still answers for it; a dead one never answers, a live one does in a millisecond.
async fn answers(page: &Page) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), page.evaluate("1")).await,
        Ok(Ok(_))
    )
}

/// Closes a tab without waiting (also from `Drop`, where nothing can be awaited).
fn close_later(s: session::Session) {
    if let Ok(rt) = tokio::runtime::Handle::try_current() {
        rt.spawn(async move {
            let _ = tokio::time::timeout(Duration::from_secs(5), s.page.close()).await;
        });
    }
}

impl Renderer {
    pub fn new(config: RendererConfig) -> Renderer {
        let permits = Arc::new(Semaphore::new(config.concurrency.clamp(1, 32)));
        Renderer {
            pool: Arc::new(Mutex::new(Pool { instance: None })),
            activity: Arc::new(std::sync::Mutex::new(Activity {
                in_flight: 0,
                last_used: Instant::now(),
            })),
            permits,
            big: Arc::new(Semaphore::new(1)),
            downloaded: std::sync::Mutex::new(config.downloaded.clone()),
            config,
        }
    }

    /// Makes a newly installed headless shell the one discovery prefers.
    pub fn set_downloaded(&self, path: Option<PathBuf>) {
        if let Ok(mut d) = self.downloaded.lock() {
            *d = path;
        }
    }

    pub fn config(&self) -> &RendererConfig {
        &self.config
    }

    /// The browser executable that would be used.
    pub fn browser_path(&self) -> Result<PathBuf, RenderError> {
        let downloaded = self.downloaded.lock().ok().and_then(|d| d.clone());
        discovery::find(self.config.chrome.as_deref(), downloaded.as_deref())
    }

    /// The running browser's process id, if one runs.
    pub async fn browser_pid(&self) -> Option<u32> {
        self.pool
            .lock()
            .await
            .instance
            .as_ref()
            .filter(|i| i.is_alive())
            .and_then(|i| i.pid())
    }

    /// The running browser, started (or restarted) when there is none that trusts `key`, the
    /// server key a connection with its own CA verified (see `browser::trust_flag`). A browser
    /// replaced for a new key keeps the keys it had, and ends once its renders in flight end.
    async fn instance(&self, key: Option<&str>) -> Result<Arc<BrowserInstance>, RenderError> {
        let mut pool = self.pool.lock().await;
        let mut keys = browser::TrustedKeys::new();
        if let Some(i) = &pool.instance {
            if i.is_alive() && i.trusts(key) {
                return Ok(i.clone());
            }
            let old = i.clone();
            if old.is_alive() {
                keys.extend(old.trusted_keys().iter().cloned());
                tokio::spawn(async move {
                    // Renders still using it hold the other references.
                    let until =
                        Instant::now() + Duration::from_secs(options::MAX_TIMEOUT_SECS + 60);
                    while Arc::strong_count(&old) > 1 && Instant::now() < until {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    old.shutdown().await;
                });
            } else {
                tokio::spawn(async move { old.shutdown().await });
            }
        }
        keys.extend(key.map(str::to_string));
        let exe = self.browser_path()?;
        let inst = Arc::new(BrowserInstance::launch(&exe, self.config.step_timeout, keys).await?);
        pool.instance = Some(inst.clone());
        self.spawn_idle_reaper(Arc::downgrade(&inst));
        Ok(inst)
    }

    fn spawn_idle_reaper(&self, inst: std::sync::Weak<BrowserInstance>) {
        let pool = Arc::downgrade(&self.pool);
        let act = Arc::downgrade(&self.activity);
        let idle = self.config.idle_timeout;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(idle.min(Duration::from_secs(5))).await;
                let (Some(pool), Some(me), Some(act)) =
                    (pool.upgrade(), inst.upgrade(), act.upgrade())
                else {
                    return;
                };
                let mut p = pool.lock().await;
                let current = p.instance.as_ref().is_some_and(|i| Arc::ptr_eq(i, &me));
                if !current || !me.is_alive() {
                    return;
                }
                let idle_now = {
                    let a = activity(&act);
                    a.in_flight == 0 && a.last_used.elapsed() >= idle
                };
                if idle_now {
                    p.instance = None;
                    drop(p);
                    me.shutdown().await;
                    return;
                }
            }
        });
    }

    /// Closes the browser (if any) and waits for it to exit.
    pub async fn shutdown(&self) {
        let inst = self.pool.lock().await.instance.take();
        if let Some(i) = inst {
            i.shutdown().await;
        }
    }

    /// Prints a page Panelshot made (a PDF deck) in the render browser, in a tab of its own.
    /// Bounded by `timeout`: it is local work, but a very large deck takes a while.
    pub async fn print_html(
        &self,
        html: &str,
        width_in: f64,
        height_in: f64,
        timeout: Duration,
    ) -> Result<Vec<u8>, RenderError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| RenderError::Cancelled)?;
        let _busy = Busy::start(&self.activity);
        let inst = self.instance(None).await?;
        let page = inst.blank_tab(self.config.step_timeout).await?;
        let printed = tokio::select! {
            r = tokio::time::timeout(timeout, capture::print_html(&page, html, width_in, height_in)) => {
                r.map_err(|_| RenderError::Timeout { secs: timeout.as_secs(), pending: "printing the deck".into() })?
            }
            () = inst.died() => Err(RenderError::BrowserCrashed(BROWSER_EXITED.into())),
        };
        let _ = tokio::time::timeout(Duration::from_secs(5), page.close()).await;
        printed
    }

    pub async fn render(&self, job: RenderJob) -> Result<Capture, RenderError> {
        job.options.validate()?;
        let tz = job
            .options
            .timezone
            .as_deref()
            .map(options::resolve_timezone)
            .transpose()?;
        let (w, h) = job.options.output_pixels();
        let huge = job.target.panel.is_none() || f64::from(w) * f64::from(h) > BIG_CAPTURE;
        // Taken before a concurrency slot, so a waiting huge capture holds no slot.
        let _big = if huge {
            Some(
                self.big
                    .acquire()
                    .await
                    .map_err(|_| RenderError::Cancelled)?,
            )
        } else {
            None
        };
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| RenderError::Cancelled)?;
        let started = Instant::now();
        let _busy = Busy::start(&self.activity);
        let result = self.render_in_browser(&job, tz.as_ref(), started).await;
        let (uid, panel) = (&job.target.dashboard_uid, job.target.panel.as_deref());
        let ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(c) => tracing::info!(
                dashboard = %uid,
                panel = %panel.unwrap_or("(dashboard)"),
                width = c.width_px,
                height = c.height_px,
                signal = %c.ready_signal,
                ms,
                "rendered"
            ),
            Err(e) => tracing::warn!(
                dashboard = %uid,
                panel = %panel.unwrap_or("(dashboard)"),
                code = %e.code(),
                ms,
                "render failed: {e}"
            ),
        }
        result
    }

    async fn render_in_browser(
        &self,
        job: &RenderJob,
        tz: Option<&options::ResolvedTz>,
        started: Instant,
    ) -> Result<Capture, RenderError> {
        let inst = self.instance(job.trusted_key.as_deref()).await?;
        // A browser that dies fails the render at once, not when some step times out.
        let result = tokio::select! {
            r = self.render_on(&inst, job, tz, started) => r,
            () = inst.died() => Err(RenderError::BrowserCrashed(BROWSER_EXITED.into())),
        };
        match result {
            // A dead browser explains any failure: say only that, and the next render starts
            // a new one.
            Err(e) if !inst.is_alive() && !matches!(e, RenderError::BrowserCrashed(_)) => {
                Err(RenderError::BrowserCrashed(BROWSER_EXITED.into()))
            }
            Err(RenderError::Hung(step)) => {
                // A hung browser is replaced rather than trusted again.
                inst.shutdown().await;
                Err(RenderError::BrowserCrashed(format!(
                    "the browser stopped answering while {step}"
                )))
            }
            other => other,
        }
    }

    async fn step<T>(
        &self,
        what: &str,
        fut: impl std::future::Future<Output = Result<T, RenderError>>,
    ) -> Result<T, RenderError> {
        self.step_within(self.config.step_timeout, what, fut).await
    }

    async fn step_within<T>(
        &self,
        limit: Duration,
        what: &str,
        fut: impl std::future::Future<Output = Result<T, RenderError>>,
    ) -> Result<T, RenderError> {
        let began = Instant::now();
        let result = tokio::time::timeout(limit, fut)
            .await
            .map_err(|_| RenderError::Hung(what.to_string()))
            .and_then(|r| r);
        tracing::debug!(
            step = what,
            ms = began.elapsed().as_millis() as u64,
            ok = result.is_ok(),
            "render step"
        );
        result
    }

    /// The limit for a step before the page is loaded: the step limit, but never past the
    /// user's timeout, so a browser that stopped answering is reported when a stuck page would
    /// be, not a step limit or two later.
    fn until(&self, deadline: Instant) -> Duration {
        self.config
            .step_timeout
            .min(deadline.saturating_duration_since(Instant::now()))
            .max(MIN_STEP)
    }

    async fn render_on(
        &self,
        inst: &Arc<BrowserInstance>,
        job: &RenderJob,
        tz: Option<&options::ResolvedTz>,
        started: Instant,
    ) -> Result<Capture, RenderError> {
        // The page as the browser sees it: laid out at size ÷ zoom, drawn at scale × zoom.
        let layout = job.options.layout();
        let laid = RenderOptions {
            width: layout.viewport_width,
            height: layout.viewport_height,
            scale: layout.device_scale,
            zoom: None,
            ..job.options.clone()
        };
        let o = &laid;
        let mut phases = Vec::new();
        let mark = |phases: &mut Vec<(&'static str, f64)>, name| {
            phases.push((name, started.elapsed().as_secs_f64() * 1000.0))
        };
        let deadline = started + Duration::from_secs(o.timeout_secs);
        let mut lease = Lease {
            session: Some(inst.session(self.until(deadline)).await?),
            inst: inst.clone(),
            keep: self.config.concurrency.max(1),
            renders_per_tab: self.config.renders_per_tab.max(1),
        };
        let reused = lease.session()?.reused;
        let began = self
            .step_within(
                self.until(deadline),
                "readying the tab",
                lease.session()?.begin(&job.base, job.auth.clone()),
            )
            .await;
        let usable = match began {
            Ok(()) => !reused || answers(&lease.session()?.page).await,
            Err(e) if !reused || !inst.is_alive() => return Err(e),
            Err(_) => false,
        };
        if !usable {
            // A parked tab can die while it waits (its renderer killed for memory) without the
            // crash being reported: take a new tab. A browser that hangs hangs on that one
            // too, and is then replaced.
            let fresh = inst.new_session(self.until(deadline)).await?;
            lease.replace(fresh);
            self.step_within(
                self.until(deadline),
                "readying a new tab",
                lease.session()?.begin(&job.base, job.auth.clone()),
            )
            .await?;
        }
        let session = lease.session()?;
        let (page, net) = (&session.page, &session.net);
        mark(&mut phases, "tab ready");
        self.step_within(
            self.until(deadline),
            "setting the tab's size, zone and background",
            async {
                page.execute(SetDeviceMetricsOverrideParams::new(
                    i64::from(o.width),
                    i64::from(o.height),
                    o.scale,
                    false,
                ))
                .await
                .map_err(cdp)?;
                // A reused tab keeps its overrides: set (or clear) every one for each render.
                let zone = tz.map(|z| z.emulation.clone()).unwrap_or_default();
                page.execute(SetTimezoneOverrideParams::new(zone))
                    .await
                    .map_err(cdp)?;
                let background = if o.transparent {
                    SetDefaultBackgroundColorOverrideParams::builder()
                        .color(Rgba {
                            r: 0,
                            g: 0,
                            b: 0,
                            a: Some(0.0),
                        })
                        .build()
                } else {
                    SetDefaultBackgroundColorOverrideParams::default()
                };
                page.execute(background).await.map_err(cdp)?;
                Ok(())
            },
        )
        .await?;

        mark(&mut phases, "tab prepared");
        let url = options::page_url(&job.base, &job.target, o, tz);
        self.step_within(self.until(deadline), "marking the old page", async {
            // On a reused tab the old dashboard answers probes until the new one commits.
            let _ = page.evaluate(readiness::MARK_STALE).await;
            Ok(())
        })
        .await?;
        // Grafana decides how long its page takes to answer: the user's timeout bounds it, not
        // a step limit of ours (a browser that hangs is told apart when the time is up).
        let navigate = page.execute(NavigateParams::new(url.as_str()));
        let nav = match tokio::time::timeout_at(deadline.into(), navigate).await {
            Ok(answer) => answer.map_err(cdp)?,
            Err(_) => {
                if !inst.answers(BROWSER_ANSWERS).await {
                    return Err(RenderError::Hung("navigating".into()));
                }
                // The page's answer may have arrived with its scripts still running: the
                // navigation ends only once the new document has taken over the tab.
                let arrived = net
                    .lock()
                    .map(|s| s.document_status.is_some())
                    .unwrap_or(false);
                let pending = if arrived {
                    "the page arrived, but its scripts kept it busy and it never finished loading"
                        .to_string()
                } else {
                    format!("Grafana had not answered the request for the page {url}")
                };
                return Err(RenderError::Timeout {
                    secs: o.timeout_secs,
                    pending,
                });
            }
        };
        if let Some(err) = &nav.result.error_text {
            if is_certificate_error(err) {
                return Err(RenderError::Tls {
                    host: job.base.host_str().unwrap_or_default().to_string(),
                    detail: err.clone(),
                });
            }
            return Err(RenderError::Navigation(format!(
                "{err} loading {}",
                job.base
            )));
        }

        mark(&mut phases, "navigated");
        let dashboard = job.target.panel.is_none();
        let (width, mut height) = (layout.css_width, layout.css_height);
        if dashboard {
            // Lazy panels load only once scrolled into view, so a dashboard is scrolled through
            // as soon as its grid is laid out, and only then waited for (as the official
            // renderer does); waiting first would wait for panels that never start.
            self.wait_until(inst, page, net, job, started, deadline, Until::LaidOut)
                .await?;
            height = f64::from(self.grow_to_full_page(page, o).await?);
        }
        let signal = self
            .wait_until(inst, page, net, job, started, deadline, Until::Drawn)
            .await?;
        mark(&mut phases, "ready");
        if o.transparent {
            self.step("making the background transparent", async {
                page.evaluate(capture::TRANSPARENT_CSS).await.map_err(cdp)
            })
            .await?;
        }
        let drawn: Option<f64> = self
            .step("reading the page's timing", async {
                Ok(page
                    .evaluate("(() => { const m = performance.getEntriesByName('panelshot:drawn')[0]; return m ? m.startTime : null; })()")
                    .await
                    .ok()
                    .and_then(|v| v.into_value().ok())
                    .flatten())
            })
            .await?;
        let panel_boxes = if dashboard {
            self.step("measuring the panels", capture::panel_boxes(page))
                .await?
        } else {
            Vec::new()
        };
        let clip = if dashboard {
            capture::Rect {
                x: 0.0,
                y: 0.0,
                width,
                height,
            }
        } else {
            self.step(
                "measuring the panel",
                capture::panel_clip(page, width, height),
            )
            .await?
        };
        // Nothing may stand in front of the panel in the picture (a dialog is dismissed).
        let dismissed = self
            .step(
                "checking that nothing covers the panel",
                cover::uncover(page, clip, dashboard),
            )
            .await?;
        let clip = if dismissed && !dashboard {
            self.step(
                "measuring the panel",
                capture::panel_clip(page, width, height),
            )
            .await?
        } else {
            clip
        };
        let (bytes, preview_png) = match job.kind {
            CaptureKind::Pdf => {
                // The small picture first: printing switches the page to print layout.
                let small = self
                    .step(
                        "capturing a thumbnail",
                        capture::small_png(page, clip, 640.0),
                    )
                    .await
                    .ok();
                let pdf = self
                    .step(
                        "printing",
                        capture::pdf(page, clip, job.options.zoom(), o.transparent),
                    )
                    .await?;
                (pdf, small)
            }
            kind => (
                self.step("capturing", capture::screenshot(page, clip, kind))
                    .await?,
                None,
            ),
        };
        mark(&mut phases, "captured");
        let data = if job.want_data {
            let answered = net
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .data_answered
                .clone();
            self.step(
                "reading the panel's data",
                capture::data_answers(page, answered),
            )
            .await?
        } else {
            Vec::new()
        };
        // Parked before the result is returned, so the very next render finds the tab.
        lease.give_back().await;
        Ok(Capture {
            bytes,
            preview_png,
            width_px: (clip.width * o.scale).round() as u32,
            height_px: (clip.height * o.scale).round() as u32,
            ready_signal: signal,
            url: url.to_string(),
            total_ms: started.elapsed().as_secs_f64() * 1000.0,
            page_drawn_ms: drawn,
            phases,
            panel_boxes,
            data,
        })
    }

    /// Polls the page until `readiness::judge` says it is drawn (or, for `LaidOut`, until it
    /// shows its panels), or the deadline passes.
    #[allow(clippy::too_many_arguments)]
    async fn wait_until(
        &self,
        inst: &BrowserInstance,
        page: &Page,
        net: &session::Shared,
        job: &RenderJob,
        started: Instant,
        deadline: Instant,
        until: Until,
    ) -> Result<String, RenderError> {
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
                match readiness::judge(&p, &waiting) {
                    Verdict::Ready(signal) => return Ok(signal.to_string()),
                    Verdict::Pending(why) if why.contains("network request") => {
                        let url = net.lock().ok().and_then(|s| s.an_open_request());
                        pending = match url {
                            Some(u) => format!("{why} ({u})"),
                            None => why,
                        };
                    }
                    Verdict::Pending(why) => pending = why,
                    Verdict::PanelError(_) if capture_anyway => {
                        return Ok("capture-anyway (panel error)".into());
                    }
                    // The panel shows Grafana's own failure: name Grafana, not the panel.
                    Verdict::PanelError(e) => {
                        return Err(grafana_failure_settled(net, &job.base)
                            .await
                            .unwrap_or(RenderError::PanelError(e)));
                    }
                    Verdict::DataLost if capture_anyway => {
                        return Ok("capture-anyway (Grafana stopped answering)".into());
                    }
                    Verdict::DataLost => {
                        return Err(grafana_failure(net, &job.base).unwrap_or_else(|| {
                            RenderError::GrafanaLost {
                                detail: "no answer".into(),
                                url: job.base.to_string(),
                            }
                        }));
                    }
                    Verdict::NotFound(what) => {
                        return Err(grafana_failure_settled(net, &job.base)
                            .await
                            .unwrap_or(RenderError::PanelNotFound(what)));
                    }
                    Verdict::Login => return Err(RenderError::Unauthorized(p.path)),
                    Verdict::NoQuery if capture_anyway => {
                        return Ok("capture-anyway (no data query)".into());
                    }
                    Verdict::NoQuery => {
                        return Err(RenderError::NoQuery {
                            secs: self.config.first_query_wait.as_secs_f64(),
                        });
                    }
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

    /// Dashboards: scroll through so lazy panels load, then make the viewport as tall as the page.
    async fn grow_to_full_page(&self, page: &Page, o: &RenderOptions) -> Result<u32, RenderError> {
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
async fn grafana_failure_settled(net: &session::Shared, base: &Url) -> Option<RenderError> {
    for _ in 0..10 {
        if let Some(e) = grafana_failure(net, base) {
            return Some(e);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

/// The error that names Grafana when it failed the panel's data (5xx, or no answer at all).
fn grafana_failure(net: &session::Shared, base: &Url) -> Option<RenderError> {
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

/// What `Renderer::wait_until` waits for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Until {
    /// The page shows its panels (the grid is laid out), drawn or not.
    LaidOut,
    /// The panels are drawn (`readiness::judge`).
    Drawn,
}

impl Drop for Renderer {
    fn drop(&mut self) {
        // Last resort: kill the browser if nobody called shutdown (no orphaned Chromium).
        if let Ok(mut p) = self.pool.try_lock()
            && let Some(inst) = p.instance.take()
            && let Ok(rt) = tokio::runtime::Handle::try_current()
        {
            rt.spawn(async move { inst.shutdown().await });
        }
    }
}
