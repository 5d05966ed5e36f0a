//! Nothing in front of the panel: at capture, what the page shows at points across the clip
//! must belong to the panel. A dialog in front of it (Grafana 13.0.0–13.0.5 show every
//! service-account session a "What's new in Grafana" modal, grafana issue 127215) is dismissed
//! the way a person would, with Escape (Grafana's modals close on it); anything still in front
//! fails the render as `render.covered`, naming what covers it, rather than export it.

use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::input::{DispatchKeyEventParams, DispatchKeyEventType};
use serde::Deserialize;

use super::RenderError;
use super::capture::Rect;
use super::error::{bad_answer, cdp};

/// How long a dismissed dialog may take to go (Grafana's modals close at once; a fade-out
/// animation takes a few hundred ms).
const DISMISS_WAIT: Duration = Duration::from_millis(1500);

#[derive(Debug, Deserialize)]
struct Cover {
    covered: bool,
    /// What is in front: tag, role, label or text.
    what: String,
    /// It is a dialog, which Escape may close.
    dialog: bool,
}

/// The check, run in the page. On a panel page the element at each of 3×3 points inside the clip
/// must be inside the panel; a dashboard (the whole page) must show no dialog. A modal's
/// backdrop is what such a point hits, so the open dialog itself is looked up to name it and to
/// know that Escape may close it.
fn check_script(clip: Rect, dashboard: bool) -> String {
    format!(
        r#"(() => {{
  const clip = {{ x: {x}, y: {y}, w: {w}, h: {h} }};
  const dashboard = {dashboard};
  const panel = document.querySelector('.panel-solo') || document.querySelector('[data-viz-panel-key]')
    || document.querySelector("[class$='panel-container']");
  const visible = (el) => {{
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
  }};
  const dialog = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], [aria-modal="true"]')]
    .find((d) => visible(d) && !(panel && panel.contains(d)));
  const describe = (el) => {{
    const heading = el.querySelector('h1, h2, h3, [class*="title"]');
    const label = el.getAttribute('aria-label') || (heading && heading.textContent) || el.textContent || '';
    const role = el.getAttribute('role');
    return el.tagName.toLowerCase() + (role ? `[role=${{role}}]` : '') + ' "' + label.trim().replace(/\s+/g, ' ').slice(0, 80) + '"';
  }};
  let blocker = null;
  for (const fx of [0.1, 0.5, 0.9]) {{
    for (const fy of [0.1, 0.5, 0.9]) {{
      const px = clip.x + clip.w * fx - window.scrollX;
      const py = clip.y + clip.h * fy - window.scrollY;
      if (blocker || px < 0 || py < 0 || px >= window.innerWidth || py >= window.innerHeight) continue;
      const el = document.elementFromPoint(px, py);
      if (!el) continue;
      if (dashboard ? !!dialog : panel && !panel.contains(el) && el !== document.body && el !== document.documentElement) blocker = el;
    }}
  }}
  if (!blocker) return {{ covered: false, what: '', dialog: false }};
  return {{ covered: true, what: describe(dialog || blocker), dialog: !!dialog }};
}})()"#,
        x = clip.x,
        y = clip.y,
        w = clip.width,
        h = clip.height,
    )
}

async fn check(page: &Page, script: &str) -> Result<Cover, RenderError> {
    let answer = page.evaluate(script).await.map_err(cdp)?;
    match answer.value() {
        Some(v) => serde_json::from_value(v.clone()).map_err(bad_answer),
        None => Ok(Cover {
            covered: false,
            what: String::new(),
            dialog: false,
        }),
    }
}

async fn press_escape(page: &Page) -> Result<(), RenderError> {
    for kind in [DispatchKeyEventType::KeyDown, DispatchKeyEventType::KeyUp] {
        let key = DispatchKeyEventParams::builder()
            .r#type(kind)
            .key("Escape")
            .code("Escape")
            .windows_virtual_key_code(27)
            .native_virtual_key_code(27)
            .build()
            .map_err(RenderError::Cdp)?;
        page.execute(key).await.map_err(cdp)?;
    }
    Ok(())
}

/// Makes sure nothing covers `clip`: dismisses a dialog with Escape, or fails naming what
/// covers the panel. Returns whether a dialog was dismissed (the page may have moved).
pub async fn uncover(page: &Page, clip: Rect, dashboard: bool) -> Result<bool, RenderError> {
    let script = check_script(clip, dashboard);
    let first = check(page, &script).await?;
    if !first.covered {
        return Ok(false);
    }
    if first.dialog {
        press_escape(page).await?;
        let until = Instant::now() + DISMISS_WAIT;
        loop {
            // React closes the modal on the key's own event: usually gone at the first look.
            let now = check(page, &script).await?;
            if !now.covered {
                return Ok(true);
            }
            if Instant::now() >= until {
                return Err(RenderError::Covered(now.what));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    Err(RenderError::Covered(first.what))
}
