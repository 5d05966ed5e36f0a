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
mod lease;
pub mod options;
mod orphans;
#[cfg(unix)]
mod pipe;
pub mod readiness;
mod requests;
mod steps;
mod tab;
mod wait;

pub use browser::{end_window, launch_window, window_profile};
pub use capture::{PanelBox, Rect};
pub use error::RenderError;
pub use options::{CaptureKind, PageTarget, RenderOptions, Theme};
pub use tab::OriginAuth;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::Coded;
use tokio::sync::{Mutex, Semaphore};
use url::Url;

use browser::BrowserInstance;

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
