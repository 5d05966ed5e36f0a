//! Deck use case: panels (from one or several dashboards of a connection) rendered at their
//! slide slot's exact size, laid out 1, 2 or 4 to a slide, written as one `.pptx` or `.pdf`,
//! and recorded as one history entry with a thumbnail of its first slide.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::render_sources::RenderSource;
use super::{Core, ServiceError};
use crate::deck::{Deck, DeckFormat, DeckLayout, Picture, Slide};
use crate::error::ErrorBody;
use crate::export::{self, WriteMode};
use crate::render::RenderOptions;
use crate::render::WaitReport;
use crate::store::NewHistory;

/// One panel of a deck, in slide order.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeckPanel {
    pub dashboard_uid: String,
    /// Panel id or Scenes key.
    pub panel: String,
    /// The slide title instead of the panel's own.
    #[serde(default)]
    pub title: Option<String>,
    /// This panel's own time range and variables over the deck's.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub vars: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct DeckRequest {
    pub connection: String,
    pub panels: Vec<DeckPanel>,
    /// The look (theme, zone, range, variables, scale); width and height come from the slot.
    pub options: RenderOptions,
    pub layout: DeckLayout,
    /// `….pptx` or `….pdf`.
    pub output: PathBuf,
    pub overwrite: bool,
}

/// What a deck export made.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeckResult {
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub path: Option<PathBuf>,
    pub format: DeckFormat,
    pub slides: u32,
    pub panels: u32,
    /// Each picture's size in pixels (the slot times the scale).
    pub picture_px: (u32, u32),
    /// The text size the panels were drawn at (the user's, else the slides' default).
    pub zoom: f64,
    pub bytes: u64,
    pub duration_ms: f64,
    pub history_id: Option<i64>,
    pub error: Option<ErrorBody>,
    /// Why no history row could be written (see `ExportItem::history_error`).
    pub history_error: Option<ErrorBody>,
}

/// A panel rendered for its slot.
struct Rendered {
    picture: Picture,
    dashboard: Arc<RenderSource>,
    panel_id: Option<i64>,
    options: RenderOptions,
}

impl Core {
    /// `<export folder>/<name>-<date>-<time>.<ext>`: where the window writes a deck.
    pub fn default_deck_path(
        &self,
        name: &str,
        format: DeckFormat,
    ) -> Result<PathBuf, ServiceError> {
        let dir = PathBuf::from(self.settings()?.export_dir);
        Ok(dir.join(export::render_name(
            "{dashboard}-{date}-{time}.{ext}",
            &export::NameParts {
                dashboard: name,
                panel: "",
                panel_id: "",
                width: 0,
                height: 0,
                ext: format.extension(),
                now: chrono::Local::now(),
            },
        )))
    }

    /// Renders and writes the deck. A request that cannot be made at all (bad layout or file
    /// name) is an error; a deck that failed while rendering or writing is a `DeckResult` with
    /// its error, recorded in history like any export, and no file is left.
    pub async fn export_deck(
        &self,
        req: &DeckRequest,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<DeckResult, ServiceError> {
        let format = DeckFormat::of(&req.output).map_err(deck_err)?;
        req.layout.check().map_err(deck_err)?;
        if req.panels.is_empty() {
            return Err(ServiceError::Invalid(
                "a deck needs at least one panel".into(),
            ));
        }
        if req.output.is_dir() {
            return Err(ServiceError::Invalid(format!(
                "{} is a folder; give the deck a file name ending in .{}",
                req.output.display(),
                format.extension()
            )));
        }
        let (w, h) = req.layout.slot_px();
        let mut options = req.options.clone();
        options.width = w;
        options.height = h;
        // Slides are read from across a room: unless the user chose a text size, the slides'
        // own makes axis labels 12 pt (`DECK_ZOOM`).
        options
            .zoom
            .get_or_insert(crate::render::options::DECK_ZOOM);
        options.validate().map_err(ServiceError::Render)?;
        let started = Instant::now();
        let mut result = DeckResult {
            path: None,
            format,
            slides: req.panels.len().div_ceil(usize::from(req.layout.per_slide)) as u32,
            panels: req.panels.len() as u32,
            picture_px: options.output_pixels(),
            zoom: options.zoom(),
            bytes: 0,
            duration_ms: 0.0,
            history_id: None,
            history_error: None,
            error: None,
        };
        let made = self.make_deck(req, &options, format, progress).await;
        result.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
        let first_slide = match made {
            Ok((path, bytes, first)) => {
                result.path = Some(path);
                result.bytes = bytes;
                first
            }
            Err(e) => {
                result.error = Some(ErrorBody::from(&e));
                None
            }
        };
        match self.record_deck(req, &options, &result, first_slide) {
            Ok(id) => result.history_id = Some(id),
            Err(e) => result.history_error = Some(ErrorBody::from(&e)),
        }
        Ok(result)
    }

    async fn make_deck(
        &self,
        req: &DeckRequest,
        options: &RenderOptions,
        format: DeckFormat,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<(PathBuf, u64, Option<Vec<u8>>), ServiceError> {
        let total = req.panels.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let mut rendered: Vec<(usize, Result<Rendered, ServiceError>)> =
            // Owned items: a borrowed one makes this future fail rustc's `Send` check for
            // higher-ranked closures when it runs inside a Tauri command.
            futures::stream::iter(req.panels.clone().into_iter().enumerate())
                .map(|(i, p)| async move { (i, self.render_for_deck(req, &p, options).await) })
                .buffer_unordered(self.items_in_flight())
                .inspect(|_| {
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    progress(n, total);
                })
                .collect()
                .await;
        rendered.sort_by_key(|(i, _)| *i);
        let mut panels = Vec::with_capacity(total);
        let mut failed = Vec::new();
        for ((_, r), p) in rendered.into_iter().zip(&req.panels) {
            match r {
                Ok(r) => panels.push(r),
                Err(e) => failed.push((p, e)),
            }
        }
        if let Some((_, first)) = failed.first() {
            let names: Vec<String> = failed
                .iter()
                .map(|(p, e)| format!("panel {} of {}: {e}", p.panel, p.dashboard_uid))
                .collect();
            return Err(ServiceError::Reported {
                code: crate::error::Coded::code(first),
                message: format!(
                    "{} of {total} panels could not be rendered, so the deck was not written — {}",
                    failed.len(),
                    names.join("; ")
                ),
            });
        }
        let now = chrono::Local::now();
        let deck = build(req, panels, now);
        let first_slide = first_slide_png(&deck);
        let bytes = match format {
            DeckFormat::Pptx => {
                let deck = deck.clone();
                tokio::task::spawn_blocking(move || deck.pptx(now.with_timezone(&chrono::Utc)))
                    .await
                    .map_err(|e| ServiceError::Invalid(format!("writing the deck stopped: {e}")))?
                    .map_err(deck_err)?
            }
            DeckFormat::Pdf => {
                let (wi, hi) = crate::deck::pdf_page_inches(&deck);
                let html = crate::deck::pdf_html(&deck);
                let limit = std::time::Duration::from_secs(req.options.timeout_secs.max(30) * 2);
                self.renderer
                    .print_html(&html, wi, hi, limit)
                    .await
                    .map_err(ServiceError::Render)?
            }
        };
        let mode = if req.overwrite {
            WriteMode::Overwrite
        } else {
            WriteMode::Suffix
        };
        let path = req.output.clone();
        let len = bytes.len() as u64;
        let written =
            tokio::task::spawn_blocking(move || export::write_atomic(&path, &bytes, mode))
                .await
                .map_err(|e| ServiceError::Invalid(format!("writing the deck stopped: {e}")))?
                .map_err(ServiceError::from)?;
        Ok((written, len, first_slide))
    }

    async fn render_for_deck(
        &self,
        req: &DeckRequest,
        p: &DeckPanel,
        options: &RenderOptions,
    ) -> Result<Rendered, ServiceError> {
        let mut options = options.clone();
        if p.from.is_some() || p.to.is_some() {
            options.from = p.from.clone();
            options.to = p.to.clone();
        }
        for (k, v) in &p.vars {
            options.vars.retain(|(name, _)| name != k);
            options.vars.push((k.clone(), v.clone()));
        }
        let dashboard = self
            .render_source(&req.connection, &p.dashboard_uid)
            .await?;
        let info = dashboard
            .detail
            .panels
            .iter()
            .find(|i| i.key == p.panel || i.id.to_string() == p.panel);
        let title = p
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| {
                info.map(|i| super::export::interpolate(&i.title, &options.vars, &dashboard.detail))
            })
            .unwrap_or_else(|| format!("Panel {}", p.panel));
        // Only a table placed as a table needs the answers behind its picture.
        let as_table = req.layout.native_tables && info.is_some_and(|i| i.kind == "table");
        let (png, capture) = self
            .render_panel(
                &req.connection,
                &p.dashboard_uid,
                &p.panel,
                &options,
                WaitReport::default(),
                as_table,
            )
            .await?;
        let table = if as_table {
            let zone = super::data_files::data_zone(
                options.timezone.as_deref(),
                &dashboard.detail.timezone,
            );
            let answers: Vec<String> = capture.data.iter().map(|a| a.body.clone()).collect();
            super::data_files::table_of(&answers, zone)
        } else {
            None
        };
        Ok(Rendered {
            picture: Picture {
                png,
                width_px: capture.width_px,
                height_px: capture.height_px,
                name: title,
                table,
            },
            panel_id: info.map(|i| i.id),
            dashboard,
            options,
        })
    }

    fn record_deck(
        &self,
        req: &DeckRequest,
        options: &RenderOptions,
        result: &DeckResult,
        first_slide: Option<Vec<u8>>,
    ) -> Result<i64, crate::store::StoreError> {
        let first = req.panels.first();
        let title = req
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "deck".into());
        let settings = serde_json::json!({
            "deck": { "layout": req.layout, "panels": req.panels },
            "options": options,
        });
        let row = NewHistory {
            connection_name: req.connection.clone(),
            dashboard_uid: first.map(|p| p.dashboard_uid.clone()).unwrap_or_default(),
            dashboard_title: title,
            target: crate::store::HistoryTarget::Deck,
            panel_id: None,
            panel_title: format!(
                "{} panel{} on {} slide{}",
                result.panels,
                if result.panels == 1 { "" } else { "s" },
                result.slides,
                if result.slides == 1 { "" } else { "s" }
            ),
            options_json: settings.to_string(),
            format: result.format.into(),
            output_path: result.path.as_ref().map(|p| p.display().to_string()),
            width_px: req.layout.slide.px().0,
            height_px: req.layout.slide.px().1,
            bytes: result.bytes,
            duration_ms: result.duration_ms,
            ok: result.error.is_none(),
            error_code: result.error.as_ref().map(|e| e.code.to_string()),
            error_message: result.error.as_ref().map(|e| e.message.clone()),
            thumbnail: first_slide.and_then(|png| super::history::thumbnail(&png)),
        };
        self.store.add_history(&row)
    }
}

fn deck_err(e: crate::deck::DeckError) -> ServiceError {
    ServiceError::Reported {
        code: crate::error::Coded::code(&e),
        message: e.to_string(),
    }
}

/// Slides from the rendered panels: titles, captions (dashboard · range in the zone · export
/// date) and notes (each panel's title and its link in Grafana for that range).
fn build(req: &DeckRequest, panels: Vec<Rendered>, now: chrono::DateTime<chrono::Local>) -> Deck {
    let per = usize::from(req.layout.per_slide);
    let mut slides = Vec::new();
    let mut rest = panels.into_iter().peekable();
    while rest.peek().is_some() {
        let group: Vec<Rendered> = rest.by_ref().take(per).collect();
        let mut dashboards: Vec<&str> = Vec::new();
        for r in &group {
            if !dashboards.contains(&r.dashboard.detail.title.as_str()) {
                dashboards.push(&r.dashboard.detail.title);
            }
        }
        let title = if group.len() == 1 {
            group[0].picture.name.clone()
        } else if dashboards.len() == 1 {
            dashboards[0].to_string()
        } else {
            group
                .iter()
                .map(|r| crate::deck::isolate(&r.picture.name))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let first = &group[0];
        let range = crate::timespec::describe_range(
            first
                .options
                .from
                .as_deref()
                .unwrap_or(&first.dashboard.detail.time_from),
            first
                .options
                .to
                .as_deref()
                .unwrap_or(&first.dashboard.detail.time_to),
            first
                .options
                .timezone
                .as_deref()
                .or(Some(first.dashboard.detail.timezone.as_str())),
            now.with_timezone(&chrono::Utc),
        );
        let caption = format!(
            "{} · {range} · exported {}",
            dashboards
                .iter()
                .map(|d| crate::deck::isolate(d))
                .collect::<Vec<_>>()
                .join(", "),
            now.format("%Y-%m-%d")
        );
        let notes = group
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    crate::deck::isolate(&r.picture.name),
                    grafana_link(r)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        slides.push(Slide {
            title,
            caption,
            notes,
            pictures: group.into_iter().map(|r| r.picture).collect(),
        });
    }
    Deck {
        title: req
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Panelshot deck".into()),
        layout: req.layout,
        slides,
    }
}

/// The panel in Grafana, viewed alone, over the deck's range, zone and variables.
fn grafana_link(r: &Rendered) -> String {
    let d = &r.dashboard.detail;
    let mut url = r.dashboard.base.clone();
    {
        let mut path = url.path().trim_end_matches('/').to_string();
        path.push_str(&format!("/d/{}/{}", d.uid, d.slug));
        url.set_path(&path);
    }
    {
        let mut q = url.query_pairs_mut();
        if let Some(org) = r.dashboard.auth.org_id {
            q.append_pair("orgId", &org.to_string());
        }
        if let Some(id) = r.panel_id {
            q.append_pair("viewPanel", &id.to_string());
        }
        let point = |v: &str| {
            crate::timespec::parse(v, r.options.timezone.as_deref())
                .map(|t| t.url_value())
                .unwrap_or_else(|_| v.to_string())
        };
        q.append_pair(
            "from",
            &point(r.options.from.as_deref().unwrap_or(&d.time_from)),
        );
        q.append_pair("to", &point(r.options.to.as_deref().unwrap_or(&d.time_to)));
        if let Some(tz) = &r.options.timezone {
            q.append_pair("timezone", tz);
        }
        for (k, v) in &r.options.vars {
            q.append_pair(&format!("var-{k}"), v);
        }
    }
    url.to_string()
}

/// The first slide's pictures on a white slide, small: the history thumbnail.
fn first_slide_png(deck: &Deck) -> Option<Vec<u8>> {
    let slide = deck.slides.first()?;
    let frame = deck.layout.frame();
    let (w, h) = frame.slide;
    let k = 4; // 1920×1080 → 480×270
    let mut canvas = image::RgbaImage::from_pixel(w / k, h / k, image::Rgba([255, 255, 255, 255]));
    for (p, slot) in slide.pictures.iter().zip(&frame.slots) {
        let r = crate::deck::pptx::fit(*slot, p.width_px, p.height_px);
        let img = image::load_from_memory(&p.png).ok()?;
        let small = img.resize_exact(
            (r.w / k).max(1),
            (r.h / k).max(1),
            image::imageops::FilterType::Triangle,
        );
        image::imageops::overlay(
            &mut canvas,
            &small.to_rgba8(),
            i64::from(r.x / k),
            i64::from(r.y / k),
        );
    }
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(canvas)
        .write_to(&mut out, image::ImageFormat::Png)
        .ok()?;
    Some(out.into_inner())
}
