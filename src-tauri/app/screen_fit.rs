//! The window reopens at its saved size and place only where that fits the screen it is on now:
//! a size saved on a large monitor is cut down to a small screen's work area, and a window left
//! on a monitor that is gone comes back onto one that is there.

use tauri::{PhysicalPosition, PhysicalSize, Runtime, WebviewWindow};

/// A rectangle in physical pixels: x, y, width, height.
type Rect = (i32, i32, u32, u32);

/// Where the window must go so that all of it is inside `area`, or `None` when it already is.
fn fitted(window: Rect, area: Rect) -> Option<Rect> {
    let (ax, ay, aw, ah) = area;
    let w = window.2.min(aw);
    let h = window.3.min(ah);
    let max_x = ax + (aw - w) as i32;
    let max_y = ay + (ah - h) as i32;
    let x = window.0.clamp(ax, max_x);
    let y = window.1.clamp(ay, max_y);
    let out = (x, y, w, h);
    (out != window).then_some(out)
}

/// Fits the window into the work area of its monitor (else the primary one).
pub fn fit_to_screen<R: Runtime>(w: &WebviewWindow<R>) {
    let monitor = match w.current_monitor() {
        Ok(Some(m)) => Some(m),
        _ => w.primary_monitor().ok().flatten(),
    };
    let (Some(m), Ok(size), Ok(pos)) = (monitor, w.outer_size(), w.outer_position()) else {
        return;
    };
    let a = m.work_area();
    let area = (a.position.x, a.position.y, a.size.width, a.size.height);
    if let Some((x, y, width, height)) = fitted((pos.x, pos.y, size.width, size.height), area) {
        let _ = w.set_size(PhysicalSize::new(width, height));
        let _ = w.set_position(PhysicalPosition::new(x, y));
    }
}

/// The window system applies a restored size some time after it is asked for (GTK answers
/// `outer_size` with the old one until then), so the window is fitted once it has settled: a few
/// checks in the first seconds, each a no-op when the window already fits.
pub fn fit_soon<R: Runtime>(w: WebviewWindow<R>) {
    tauri::async_runtime::spawn(async move {
        for wait_ms in [150u64, 450, 1200, 2500] {
            tokio::time::sleep(std::time::Duration::from_millis(wait_ms)).await;
            fit_to_screen(&w);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn a_window_larger_than_the_screen_is_cut_to_it_and_moved_in() {
        // Saved at 1600×1000 on a big monitor, reopened on a 1024×700 screen with a 28 px bar.
        let area = (0, 28, 1024, 672);
        assert_eq!(
            fitted((200, 100, 1600, 1000), area),
            Some((0, 28, 1024, 672))
        );
        // Left on a monitor to the right that is gone: back onto this one, size kept.
        assert_eq!(
            fitted((3000, 100, 800, 600), area),
            Some((224, 100, 800, 600))
        );
        // Already inside: left alone.
        assert_eq!(fitted((10, 40, 1000, 600), area), None);
    }
}
