//! Pictures for the panel picker: one render of the whole dashboard, cropped at each panel's
//! box on the page — not one render per panel — and kept per dashboard, time range, variables
//! and theme until the user asks for a fresh one.

use std::collections::VecDeque;
use std::io::Cursor;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::{Core, ServiceError};
use crate::grafana::{DashboardDetail, PanelInfo};
use crate::render::{CaptureKind, PanelBox, RenderOptions};

/// The page width the dashboard is laid out at: Grafana's desktop grid (below 769 px it stacks
/// every panel full width, which would not look like the dashboard).
pub const THUMBNAIL_PAGE_WIDTH: u32 = 1280;
/// The longer side of a panel's picture in the picker.
pub const PANEL_THUMBNAIL_PX: u32 = 640;
/// Dashboards × ranges kept; each entry is a few hundred kilobytes of small PNGs.
const KEPT: usize = 24;

/// One panel's picture, cropped from the dashboard render.
#[derive(Debug, Clone)]
pub struct PanelThumb {
    /// The panel's key in `DashboardDetail::panels` (`panel-<id>`).
    pub key: String,
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
}

/// The picker's pictures for one dashboard view.
#[derive(Debug)]
pub struct Thumbnails {
    pub panels: Vec<PanelThumb>,
    /// Panels the page did not show (in a collapsed row, on another tab): no picture.
    pub not_shown: Vec<String>,
    /// When the dashboard was rendered (RFC 3339), so the window can say how old they are.
    pub made_at: String,
    pub duration_ms: f64,
    pub ready_signal: String,
}

/// Thumbnails as `panel_thumbnails` answers them: shared with the cache, not copied.
#[derive(Debug)]
pub struct ThumbnailAnswer {
    pub thumbnails: Arc<Thumbnails>,
    /// Served from the cache, not rendered now.
    pub cached: bool,
}

impl std::ops::Deref for ThumbnailAnswer {
    type Target = Thumbnails;
    fn deref(&self) -> &Thumbnails {
        &self.thumbnails
    }
}

/// What a set of thumbnails depends on: the view of the dashboard, not the export's size.
fn cache_key(connection: &str, uid: &str, o: &RenderOptions) -> String {
    let vars = serde_json::to_string(&o.vars).unwrap_or_default();
    format!(
        "{connection}\n{uid}\n{:?}\n{:?}\n{:?}\n{:?}\n{vars}",
        o.from, o.to, o.timezone, o.theme
    )
}

#[derive(Default)]
pub(crate) struct ThumbnailCache(Mutex<VecDeque<(String, Arc<Thumbnails>)>>);

impl ThumbnailCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(String, Arc<Thumbnails>)>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn get(&self, key: &str) -> Option<Arc<Thumbnails>> {
        self.lock()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.clone())
    }

    fn put(&self, key: String, t: Arc<Thumbnails>) {
        let mut q = self.lock();
        q.retain(|(k, _)| *k != key);
        q.push_front((key, t));
        q.truncate(KEPT);
    }
}

fn encode_error(detail: String) -> ServiceError {
    ServiceError::Export(crate::export::ExportError::Encode(detail))
}

/// The page box of a panel: its Scenes key first, else its id (classic pages, and the first
/// instance of a repeat).
fn box_for<'a>(p: &PanelInfo, boxes: &'a [PanelBox]) -> Option<&'a PanelBox> {
    let id = p.id.to_string();
    boxes
        .iter()
        .find(|b| b.key == p.key)
        .or_else(|| boxes.iter().find(|b| b.id == id))
}

/// Crops each panel's box out of the page picture (`scale` device pixels per CSS pixel) and
/// shrinks it for the picker.
pub(crate) fn crop_panels(
    detail: &DashboardDetail,
    page_png: &[u8],
    scale: f64,
    boxes: &[PanelBox],
) -> Result<(Vec<PanelThumb>, Vec<String>), ServiceError> {
    let page = image::load_from_memory(page_png)
        .map_err(|e| encode_error(format!("the dashboard picture did not decode: {e}")))?;
    let (pw, ph) = (page.width(), page.height());
    let mut thumbs = Vec::new();
    let mut not_shown = Vec::new();
    for p in &detail.panels {
        let Some(b) = box_for(p, boxes) else {
            not_shown.push(p.key.clone());
            continue;
        };
        let px = |v: f64| (v * scale).round().max(0.0) as u32;
        let (x, y) = (px(b.rect.x).min(pw), px(b.rect.y).min(ph));
        let (w, h) = (px(b.rect.width).min(pw - x), px(b.rect.height).min(ph - y));
        if w == 0 || h == 0 {
            not_shown.push(p.key.clone());
            continue;
        }
        let crop = page.crop_imm(x, y, w, h);
        // `thumbnail` also enlarges: a small panel keeps its own pixels.
        let small = if w.max(h) > PANEL_THUMBNAIL_PX {
            crop.thumbnail(PANEL_THUMBNAIL_PX, PANEL_THUMBNAIL_PX)
        } else {
            crop
        };
        let mut out = Cursor::new(Vec::new());
        small
            .write_to(&mut out, image::ImageFormat::Png)
            .map_err(|e| encode_error(format!("a thumbnail did not encode: {e}")))?;
        thumbs.push(PanelThumb {
            key: p.key.clone(),
            png: out.into_inner(),
            width_px: small.width(),
            height_px: small.height(),
        });
    }
    Ok((thumbs, not_shown))
}

impl Core {
    /// Thumbnails of every panel the dashboard shows, from one render of the whole dashboard
    /// with this view (range, zone, variables, theme). Kept until `refresh` asks for new ones.
    pub async fn panel_thumbnails(
        &self,
        connection: &str,
        uid: &str,
        view: &RenderOptions,
        refresh: bool,
    ) -> Result<ThumbnailAnswer, ServiceError> {
        view.validate().map_err(ServiceError::Render)?;
        let key = cache_key(connection, uid, view);
        if !refresh && let Some(thumbnails) = self.thumbnails.get(&key) {
            return Ok(ThumbnailAnswer {
                thumbnails,
                cached: true,
            });
        }
        let started = Instant::now();
        let source = self.render_source(connection, uid).await?;
        let options = RenderOptions {
            width: THUMBNAIL_PAGE_WIDTH,
            height: 800,
            scale: 1.0,
            transparent: false,
            // A panel that fails or never finishes still has a picture to show (its error box
            // or spinner): the picker is a map of the dashboard, not an export.
            capture_anyway: true,
            // The export's text size would lay the page out narrower (below Grafana's desktop
            // grid, stacking the panels) and scale the crops: the map keeps the page's own.
            zoom: None,
            ..view.clone()
        };
        let scale = options.scale;
        let job = source.job(None, options, CaptureKind::Png, None);
        let capture = self
            .renderer
            .render(job)
            .await
            .map_err(ServiceError::Render)?;
        // Decoding the page and encoding a PNG per panel is blocking work: off the runtime's
        // threads, which drive the other renders.
        let detail = source.detail.clone();
        let (page, boxes) = (capture.bytes, capture.panel_boxes);
        let (panels, not_shown) =
            tokio::task::spawn_blocking(move || crop_panels(&detail, &page, scale, &boxes))
                .await
                .map_err(|e| encode_error(format!("cropping the panels stopped: {e}")))??;
        let thumbnails = Arc::new(Thumbnails {
            panels,
            not_shown,
            made_at: chrono::Local::now().to_rfc3339(),
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
            ready_signal: capture.ready_signal,
        });
        self.thumbnails.put(key, thumbnails.clone());
        Ok(ThumbnailAnswer {
            thumbnails,
            cached: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Rect;

    fn panel(id: i64) -> PanelInfo {
        serde_json::from_value(serde_json::json!({
            "id": id, "key": format!("panel-{id}"), "title": format!("P{id}"), "kind": "stat",
            "grid": {"x": 0, "y": 0, "w": 12, "h": 8}, "naturalWidth": 600, "naturalHeight": 300,
            "row": null, "inCollapsedRow": false, "path": [], "libraryPanel": null,
            "repeat": null, "repeatValues": [], "data": {"kind": "query"}
        }))
        .expect("panel json")
    }

    fn dashboard(panels: Vec<PanelInfo>) -> DashboardDetail {
        DashboardDetail {
            uid: "u".into(),
            title: "T".into(),
            slug: "t".into(),
            url: "/d/u/t".into(),
            folder_uid: None,
            folder_title: None,
            tags: vec![],
            timezone: "utc".into(),
            time_from: "now-6h".into(),
            time_to: "now".into(),
            api_version: None,
            version: None,
            variables: vec![],
            panels,
        }
    }

    fn pbox(key: &str, id: &str, x: f64, y: f64, w: f64, h: f64) -> PanelBox {
        PanelBox {
            key: key.into(),
            id: id.into(),
            rect: Rect {
                x,
                y,
                width: w,
                height: h,
            },
        }
    }

    /// A 200×100 page: left half red, right half blue.
    fn page() -> Vec<u8> {
        let img = image::RgbImage::from_fn(200, 100, |x, _| {
            if x < 100 {
                image::Rgb([255, 0, 0])
            } else {
                image::Rgb([0, 0, 255])
            }
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn each_panel_gets_its_own_part_of_the_page_and_hidden_ones_none() {
        let detail = dashboard(vec![panel(1), panel(2), panel(3)]);
        // Panel 1 by its Scenes key, panel 2 by its classic id, panel 3 not on the page.
        let boxes = [
            pbox("panel-1", "1", 0.0, 0.0, 100.0, 100.0),
            pbox("", "2", 100.0, 0.0, 100.0, 100.0),
        ];
        let (thumbs, hidden) = crop_panels(&detail, &page(), 1.0, &boxes).unwrap();
        assert_eq!(hidden, vec!["panel-3".to_string()]);
        let colour = |t: &PanelThumb| {
            let img = image::load_from_memory(&t.png).unwrap().to_rgb8();
            img.get_pixel(img.width() / 2, img.height() / 2).0
        };
        assert_eq!(thumbs[0].key, "panel-1");
        assert_eq!(colour(&thumbs[0]), [255, 0, 0]);
        assert_eq!(thumbs[1].key, "panel-2");
        assert_eq!(colour(&thumbs[1]), [0, 0, 255]);
        assert_eq!((thumbs[1].width_px, thumbs[1].height_px), (100, 100));
    }

    #[test]
    fn boxes_outside_the_picture_are_clamped_not_a_panic() {
        let detail = dashboard(vec![panel(1), panel(2)]);
        let boxes = [
            pbox("panel-1", "1", 150.0, 50.0, 500.0, 500.0),
            pbox("panel-2", "2", 900.0, 0.0, 100.0, 100.0),
        ];
        let (thumbs, hidden) = crop_panels(&detail, &page(), 1.0, &boxes).unwrap();
        assert_eq!((thumbs[0].width_px, thumbs[0].height_px), (50, 50));
        assert_eq!(hidden, vec!["panel-2".to_string()]);
    }

    #[test]
    fn the_cache_key_follows_the_view_not_the_export_size() {
        let o = RenderOptions::default();
        let bigger = RenderOptions {
            width: 3000,
            scale: 2.0,
            ..o.clone()
        };
        assert_eq!(cache_key("c", "d", &o), cache_key("c", "d", &bigger));
        let week = RenderOptions {
            from: Some("now-7d".into()),
            ..o.clone()
        };
        assert_ne!(cache_key("c", "d", &o), cache_key("c", "d", &week));
        let other_var = RenderOptions {
            vars: vec![("host".into(), "b".into())],
            ..o.clone()
        };
        assert_ne!(cache_key("c", "d", &o), cache_key("c", "d", &other_var));
    }
}
