//! The steps one render takes on its tab, in order: lend a tab and ready it for the Grafana
//! origin, set its size, zone and background, navigate to the page, wait until it is drawn
//! (`wait.rs`), measure and capture, and read the panel's data.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::dom::Rgba;
use chromiumoxide::cdp::browser_protocol::emulation::{
    SetDefaultBackgroundColorOverrideParams, SetDeviceMetricsOverrideParams,
    SetTimezoneOverrideParams,
};
use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
use url::Url;

use super::browser::BrowserInstance;
use super::error::cdp;
use super::lease::{Lease, answers};
use super::tab::Tab;
use super::wait::Until;
use super::{
    BROWSER_ANSWERS, Capture, CaptureKind, RenderError, RenderJob, RenderOptions, Renderer,
    capture, cover, options, readiness,
};

/// Where the time of one render went: (phase, ms since the render started).
struct Phases {
    started: Instant,
    marks: Vec<(&'static str, f64)>,
}

impl Phases {
    fn mark(&mut self, name: &'static str) {
        self.marks
            .push((name, self.started.elapsed().as_secs_f64() * 1000.0));
    }
}

/// What the capture step took from the page.
struct Shot {
    bytes: Vec<u8>,
    preview_png: Option<Vec<u8>>,
    clip: capture::Rect,
    panel_boxes: Vec<capture::PanelBox>,
    /// When the page says it finished drawing (`performance.mark('panelshot:drawn')`).
    page_drawn_ms: Option<f64>,
}

/// Chromium's network errors for a certificate it refused or a TLS handshake that failed
/// (`net/base/net_error_list.h`: `ERR_CERT_*`, `ERR_SSL_*`, `ERR_BAD_SSL_CLIENT_AUTH_CERT`).
fn is_certificate_error(err: &str) -> bool {
    err.contains("ERR_CERT_") || err.contains("ERR_SSL_") || err.contains("SSL_CLIENT_AUTH")
}

impl Renderer {
    pub(super) async fn render_on(
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
        let mut phases = Phases {
            started,
            marks: Vec::new(),
        };
        let deadline = started + Duration::from_secs(o.timeout_secs);
        let lease = self.lend_tab(inst, job, deadline).await?;
        let tab = lease.tab()?;
        phases.mark("tab ready");
        self.prepare_tab(&tab.page, o, tz, deadline).await?;
        phases.mark("tab prepared");
        let url = self.navigate(inst, tab, job, o, tz, deadline).await?;
        phases.mark("navigated");
        let dashboard = job.target.panel.is_none();
        let (width, mut height) = (layout.css_width, layout.css_height);
        if dashboard {
            // Lazy panels load only once scrolled into view, so a dashboard is scrolled through
            // as soon as its grid is laid out, and only then waited for (as the official
            // renderer does); waiting first would wait for panels that never start.
            self.wait_until(inst, tab, job, started, deadline, Until::LaidOut)
                .await?;
            height = f64::from(self.grow_to_full_page(&tab.page, o).await?);
        }
        let signal = self
            .wait_until(inst, tab, job, started, deadline, Until::Drawn)
            .await?;
        phases.mark("ready");
        let shot = self
            .capture_tab(&tab.page, job, o, dashboard, (width, height))
            .await?;
        phases.mark("captured");
        let data = self.read_data(tab, job).await?;
        // Parked before the result is returned, so the very next render finds the tab.
        lease.give_back().await;
        Ok(Capture {
            bytes: shot.bytes,
            preview_png: shot.preview_png,
            width_px: (shot.clip.width * o.scale).round() as u32,
            height_px: (shot.clip.height * o.scale).round() as u32,
            ready_signal: signal,
            url: url.to_string(),
            total_ms: started.elapsed().as_secs_f64() * 1000.0,
            page_drawn_ms: shot.page_drawn_ms,
            phases: phases.marks,
            panel_boxes: shot.panel_boxes,
            data,
        })
    }

    /// A parked tab (or a new one), readied for the job's origin and credentials. A parked tab
    /// can die while it waits (its renderer killed for memory) without the crash being
    /// reported: then a new tab is taken. A browser that hangs hangs on that one too, and is
    /// then replaced.
    async fn lend_tab(
        &self,
        inst: &Arc<BrowserInstance>,
        job: &RenderJob,
        deadline: Instant,
    ) -> Result<Lease, RenderError> {
        let mut lease = Lease {
            tab: Some(inst.tab(self.until(deadline)).await?),
            inst: inst.clone(),
            keep: self.config.concurrency.max(1),
            renders_per_tab: self.config.renders_per_tab.max(1),
        };
        let reused = lease.tab()?.reused;
        let began = self
            .step_within(
                self.until(deadline),
                "readying the tab",
                lease.tab()?.begin(&job.base, job.auth.clone()),
            )
            .await;
        let usable = match began {
            Ok(()) => !reused || answers(&lease.tab()?.page).await,
            Err(e) if !reused || !inst.is_alive() => return Err(e),
            Err(_) => false,
        };
        if !usable {
            let fresh = inst.new_tab(self.until(deadline)).await?;
            lease.replace(fresh);
            self.step_within(
                self.until(deadline),
                "readying a new tab",
                lease.tab()?.begin(&job.base, job.auth.clone()),
            )
            .await?;
        }
        Ok(lease)
    }

    /// The tab's size, scale, time zone and background, set (or cleared) for every render: a
    /// reused tab keeps the last render's overrides.
    async fn prepare_tab(
        &self,
        page: &Page,
        o: &RenderOptions,
        tz: Option<&options::ResolvedTz>,
        deadline: Instant,
    ) -> Result<(), RenderError> {
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
        .await
    }

    /// Loads the `d-solo` (or dashboard) page. Grafana decides how long its page takes to
    /// answer: the user's timeout bounds it, not a step limit of ours (a browser that hangs is
    /// told apart when the time is up).
    async fn navigate(
        &self,
        inst: &BrowserInstance,
        tab: &Tab,
        job: &RenderJob,
        o: &RenderOptions,
        tz: Option<&options::ResolvedTz>,
        deadline: Instant,
    ) -> Result<Url, RenderError> {
        let page = &tab.page;
        let url = options::page_url(&job.base, &job.target, o, tz);
        self.step_within(self.until(deadline), "marking the old page", async {
            // On a reused tab the old dashboard answers probes until the new one commits.
            let _ = page.evaluate(readiness::MARK_STALE).await;
            Ok(())
        })
        .await?;
        let navigate = page.execute(NavigateParams::new(url.as_str()));
        let nav = match tokio::time::timeout_at(deadline.into(), navigate).await {
            Ok(answer) => answer.map_err(cdp)?,
            Err(_) => {
                if !inst.answers(BROWSER_ANSWERS).await {
                    return Err(RenderError::Hung("navigating".into()));
                }
                // The page's answer may have arrived with its scripts still running: the
                // navigation ends only once the new document has taken over the tab.
                let arrived = tab
                    .net
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
        Ok(url)
    }

    /// Measures the panel (or the whole page), clears anything in front of it, and captures it
    /// in the job's format. `size` is the page's CSS size.
    async fn capture_tab(
        &self,
        page: &Page,
        job: &RenderJob,
        o: &RenderOptions,
        dashboard: bool,
        (width, height): (f64, f64),
    ) -> Result<Shot, RenderError> {
        if o.transparent {
            self.step("making the background transparent", async {
                page.evaluate(capture::TRANSPARENT_CSS).await.map_err(cdp)
            })
            .await?;
        }
        let page_drawn_ms: Option<f64> = self
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
        Ok(Shot {
            bytes,
            preview_png,
            clip,
            panel_boxes,
            page_drawn_ms,
        })
    }

    /// With `RenderJob::want_data`: the answers the panel's data queries got as it drew them.
    async fn read_data(
        &self,
        tab: &Tab,
        job: &RenderJob,
    ) -> Result<Vec<capture::DataAnswer>, RenderError> {
        if !job.want_data {
            return Ok(Vec::new());
        }
        let answered = tab
            .net
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .data_answered
            .clone();
        self.step(
            "reading the panel's data",
            capture::data_answers(&tab.page, answered),
        )
        .await
    }
}
