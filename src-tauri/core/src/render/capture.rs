//! Taking the picture: the panel's box computed in the page (bounding rect plus scroll offset;
//! `Element::screenshot` is wrong on scrolled pages), or the whole page for dashboards.

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::emulation::SetEmulatedMediaParams;
use chromiumoxide::cdp::browser_protocol::page::{
    CaptureScreenshotFormat, CaptureScreenshotParams, PrintToPdfParams, Viewport,
};
use serde::Deserialize;

use super::RenderError;
use super::error::{bad_answer, cdp};
use super::options::CaptureKind;

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

const PANEL_BOX: &str = r#"(() => {
  const el = document.querySelector('.panel-solo') || document.querySelector('[data-viz-panel-key]')
    || document.querySelector("[class$='panel-container']");
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
})()"#;

/// Every panel's box on a dashboard page, in page coordinates. Scenes (Grafana 11.3+) marks the
/// whole panel with `data-viz-panel-key="panel-<id>"` (repeats `panel-<id>-clone-<n>`); the
/// classic grid puts `data-panelid` on each grid item (rows included). Both conventions are read
/// by Grafana's own tools (the dashboard reporter app picks the attribute by version); the
/// Scenes attribute wins when a page has both.
const PANEL_BOXES: &str = r#"(() => {
  const scenes = [...document.querySelectorAll('[data-viz-panel-key]')];
  const els = scenes.length ? scenes : [...document.querySelectorAll('[data-panelid]')];
  return els.map(el => {
    const r = el.getBoundingClientRect();
    const key = el.getAttribute('data-viz-panel-key') || '';
    const id = el.getAttribute('data-panelid') || (key.match(/^panel-(\d+)$/) || [])[1] || '';
    return { key, id, x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
  }).filter(b => b.width >= 1 && b.height >= 1);
})()"#;

/// Where one panel sits on a dashboard page (CSS pixels).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PanelBox {
    /// `data-viz-panel-key` (Scenes), empty on classic pages.
    pub key: String,
    /// `data-panelid`, or the id inside a `panel-<id>` key.
    pub id: String,
    #[serde(flatten)]
    pub rect: Rect,
}

/// The panels laid out on a dashboard page, for cropping one render into thumbnails.
pub async fn panel_boxes(page: &Page) -> Result<Vec<PanelBox>, RenderError> {
    let answer = page.evaluate(PANEL_BOXES).await.map_err(cdp)?;
    match answer.value() {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(bad_answer),
    }
}

/// Hides every background so only the panel's drawing remains (transparent exports).
pub const TRANSPARENT_CSS: &str = r#"(() => {
  const s = document.createElement('style');
  s.textContent = `html, body, #reactRoot, .main-view, .panel-solo, .panel-container,
    [class*="panel-container"], [data-viz-panel-key], .react-grid-layout {
      background: transparent !important; background-color: transparent !important;
      border-color: transparent !important; box-shadow: none !important; }`;
  document.head.appendChild(s);
})()"#;

/// The clip for a panel page. Grafana's solo panel fills the viewport; when it does (to within
/// two pixels) the clip is exactly the picture's CSS size (`width` × `height`, fractional under
/// a text size that does not divide it), so the image is exactly the size asked for.
pub async fn panel_clip(page: &Page, width: f64, height: f64) -> Result<Rect, RenderError> {
    let viewport = Rect {
        x: 0.0,
        y: 0.0,
        width,
        height,
    };
    let answer = page.evaluate(PANEL_BOX).await.map_err(cdp)?;
    // A page without a panel element (captured anyway before it drew one) answers `null`,
    // which arrives as no value at all: the clip is then the viewport.
    let found: Option<Rect> = match answer.value() {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => serde_json::from_value(v.clone()).map_err(bad_answer)?,
    };
    Ok(match found {
        Some(r) if r.width >= 1.0 && r.height >= 1.0 => {
            let fills = r.x.abs() <= 2.0
                && r.y.abs() <= 2.0
                && (r.width - viewport.width).abs() <= 2.0
                && (r.height - viewport.height).abs() <= 2.0;
            if fills {
                viewport
            } else {
                Rect {
                    x: r.x.round(),
                    y: r.y.round(),
                    width: r.width.round(),
                    height: r.height.round(),
                }
            }
        }
        _ => viewport,
    })
}

/// A small PNG of the clip, at most `max_px` on its longer side: the history thumbnail of a
/// PDF capture, which has no pixels of its own to make one from.
pub async fn small_png(page: &Page, clip: Rect, max_px: f64) -> Result<Vec<u8>, RenderError> {
    let scale = (max_px / clip.width.max(clip.height)).min(1.0);
    let params = CaptureScreenshotParams::builder()
        .format(CaptureScreenshotFormat::Png)
        .clip(Viewport {
            x: clip.x,
            y: clip.y,
            width: clip.width,
            height: clip.height,
            scale,
        })
        .from_surface(true)
        .optimize_for_speed(true)
        .build();
    let res = page.execute(params).await.map_err(cdp)?;
    base64_decode(res.result.data.as_ref())
}

pub async fn screenshot(
    page: &Page,
    clip: Rect,
    kind: CaptureKind,
) -> Result<Vec<u8>, RenderError> {
    let (format, quality) = match kind {
        CaptureKind::Webp { quality } => (CaptureScreenshotFormat::Webp, Some(i64::from(quality))),
        _ => (CaptureScreenshotFormat::Png, None),
    };
    let mut params = CaptureScreenshotParams::builder()
        .format(format)
        .clip(Viewport {
            x: clip.x,
            y: clip.y,
            width: clip.width,
            height: clip.height,
            scale: 1.0,
        })
        .from_surface(true)
        .capture_beyond_viewport(false)
        // Faster compression: the encode is a large share of a big capture's time.
        .optimize_for_speed(true)
        .build();
    params.quality = quality;
    let res = page.execute(params).await.map_err(cdp)?;
    base64_decode(res.result.data.as_ref())
}

/// One answer to a panel data query, as the browser received it.
#[derive(Debug, Clone)]
pub struct DataAnswer {
    pub url: String,
    pub body: String,
}

/// The bodies of the finished data requests `(id, url)`, from the browser's own record of the
/// page's traffic. One the browser no longer holds (its buffer is limited) is left out.
pub async fn data_answers(
    page: &Page,
    answered: Vec<(String, String)>,
) -> Result<Vec<DataAnswer>, RenderError> {
    use chromiumoxide::cdp::browser_protocol::network::GetResponseBodyParams;
    let mut out = Vec::new();
    for (id, url) in answered {
        let Ok(res) = page.execute(GetResponseBodyParams::new(id)).await else {
            continue;
        };
        let answer = res.result;
        let body = if answer.base64_encoded {
            String::from_utf8_lossy(&base64_decode(&answer.body)?).into_owned()
        } else {
            answer.body
        };
        out.push(DataAnswer { url, body });
    }
    Ok(out)
}

fn base64_decode(data: &str) -> Result<Vec<u8>, RenderError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| RenderError::Cdp(format!("the screenshot was not valid base64: {e}")))
}

/// Prints a page Panelshot wrote (`html`): its CSS page size, backgrounds, every image decoded
/// first. Used for PDF decks.
pub async fn print_html(
    page: &Page,
    html: &str,
    width_in: f64,
    height_in: f64,
) -> Result<Vec<u8>, RenderError> {
    page.set_content(html).await.map_err(cdp)?;
    // Data-URL images decode asynchronously; printing before they have would leave blanks.
    page.evaluate(
        "Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => document.images.length)",
    )
    .await
    .map_err(cdp)?;
    let params = PrintToPdfParams::builder()
        .paper_width(width_in)
        .paper_height(height_in)
        .margin_top(0.0)
        .margin_bottom(0.0)
        .margin_left(0.0)
        .margin_right(0.0)
        .print_background(true)
        .prefer_css_page_size(true)
        .build();
    let res = page.execute(params).await.map_err(cdp)?;
    base64_decode(res.result.data.as_ref())
}

/// One page exactly the size of the capture (`clip`, CSS pixels of the page as laid out) times
/// the text size, at 96 CSS px per inch, screen styles. Printing lays the page out again at the
/// paper's width ÷ its scale, so the paper grows with the zoom and the scale undoes it (Chromium
/// prints at most at scale 2: beyond that the paper is smaller and the text as large).
pub async fn pdf(
    page: &Page,
    clip: Rect,
    zoom: f64,
    transparent: bool,
) -> Result<Vec<u8>, RenderError> {
    let print_scale = zoom.clamp(0.1, 2.0);
    page.execute(SetEmulatedMediaParams::builder().media("screen").build())
        .await
        .map_err(cdp)?;
    let params = PrintToPdfParams::builder()
        .paper_width(clip.width.round() * print_scale / 96.0)
        .paper_height(clip.height.round() * print_scale / 96.0)
        .scale(print_scale)
        .margin_top(0.0)
        .margin_bottom(0.0)
        .margin_left(0.0)
        .margin_right(0.0)
        .print_background(!transparent)
        .prefer_css_page_size(false)
        .page_ranges("1")
        .build();
    let res = page.execute(params).await.map_err(cdp)?;
    base64_decode(res.result.data.as_ref())
}
