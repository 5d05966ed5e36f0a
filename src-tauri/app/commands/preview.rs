//! The live preview (cancellable) and "Copy image".

use panelshot_core::error::ErrorCode;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use super::{Res, core, err};
use crate::app::AppState;
use crate::app::preview::key;
use panelshot_core::error::ErrorBody;
use panelshot_core::render::{RenderError, RenderOptions, WaitReport};
use panelshot_core::service::ServiceError;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// `data:image/png;base64,…`
    pub data_url: String,
    pub width_px: u32,
    pub height_px: u32,
    pub duration_ms: f64,
    pub ready_signal: String,
}

/// Renders the panel for the preview. A newer preview (or `preview_cancel`) aborts this one:
/// it then ends with `render.cancelled` and its tab is closed.
#[tauri::command]
pub async fn panel_preview(
    state: State<'_, AppState>,
    connection: String,
    uid: String,
    panel: String,
    options: RenderOptions,
    waiting: tauri::ipc::Channel<String>,
) -> Res<Preview> {
    let core = core(&state)?;
    let cache_key = key(&connection, &uid, &panel, &options);
    // What the render waits for, shown on the dimmed picture; a closed window just drops it.
    let tell = WaitReport::new(move |what| {
        let _ = waiting.send(what.to_string());
    });
    let task = tokio::spawn(async move {
        core.preview_telling(&connection, &uid, &panel, &options, tell)
            .await
    });
    let id = state.previews.start(task.abort_handle());
    let joined = task.await;
    state.previews.finish(id);
    let (png, capture) = match joined {
        Ok(r) => r.map_err(err)?,
        Err(e) if e.is_cancelled() => {
            return Err(err(ServiceError::Render(RenderError::Cancelled)));
        }
        Err(e) => {
            return Err(ErrorBody {
                code: ErrorCode::RenderFailed,
                message: format!("the preview stopped unexpectedly: {e}"),
            });
        }
    };
    let data_url = super::data_url("image/png", &png);
    let answers = capture.data.iter().map(|a| a.body.clone()).collect();
    state.previews.remember(cache_key, png, answers);
    Ok(Preview {
        data_url,
        width_px: capture.width_px,
        height_px: capture.height_px,
        duration_ms: capture.total_ms,
        ready_signal: capture.ready_signal,
    })
}

/// Esc: stops the preview in flight. True when there was one.
#[tauri::command]
pub fn preview_cancel(state: State<'_, AppState>) -> Res<bool> {
    Ok(state.previews.cancel())
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Copied {
    pub width_px: u32,
    pub height_px: u32,
    /// Whether the picture had to be rendered (false: the current preview was used).
    pub rendered: bool,
}

/// The panel drawn with these options: the current preview when it matches (`false`: nothing
/// rendered), else a new render, remembered as the preview is. Its PNG and data answers.
async fn drawn(
    state: &State<'_, AppState>,
    connection: &str,
    uid: &str,
    panel: &str,
    options: &RenderOptions,
) -> Res<(Vec<u8>, Vec<String>, bool)> {
    let cache_key = key(connection, uid, panel, options);
    if let Some((png, data)) = state.previews.cached(&cache_key) {
        return Ok((png, data, false));
    }
    let (png, capture) = core(state)?
        .preview(connection, uid, panel, options)
        .await
        .map_err(err)?;
    let answers: Vec<String> = capture.data.into_iter().map(|a| a.body).collect();
    state
        .previews
        .remember(cache_key, png.clone(), answers.clone());
    Ok((png, answers, true))
}

/// The clipboard refused `what`: say so, and what to do instead.
fn clipboard_failed(what: &str, e: impl std::fmt::Display, instead: &str) -> ErrorBody {
    ErrorBody {
        code: ErrorCode::ClipboardFailed,
        message: format!("could not put {what} on the clipboard ({e}); {instead}"),
    }
}

/// Puts the panel, drawn with these options, on the clipboard as an image for pasting into
/// slides. The current preview is reused when it matches; otherwise the panel is rendered.
#[tauri::command]
pub async fn copy_image<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    connection: String,
    uid: String,
    panel: String,
    options: RenderOptions,
) -> Res<Copied> {
    let (png, _, rendered) = drawn(&state, &connection, &uid, &panel, &options).await?;
    let (pixels, width_px, height_px) = panelshot_core::service::pixels(&png).map_err(err)?;
    app.clipboard()
        .write_image(&tauri::image::Image::new_owned(pixels, width_px, height_px))
        .map_err(|e| {
            clipboard_failed("the image", e, "use Export… to save it as a file instead")
        })?;
    Ok(Copied {
        width_px,
        height_px,
        rendered,
    })
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CopiedData {
    pub frames: usize,
    pub rows: usize,
    /// Whether the panel had to be rendered (false: the current preview's data was used).
    pub rendered: bool,
}

/// Puts the data the panel drew, as CSV, on the clipboard: the current preview's when it
/// matches these options (no new query), else from a render.
#[tauri::command]
pub async fn copy_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    connection: String,
    uid: String,
    panel: String,
    options: RenderOptions,
) -> Res<CopiedData> {
    let (_, answers, rendered) = drawn(&state, &connection, &uid, &panel, &options).await?;
    let core = core(&state)?;
    let (text, frames, rows) = core
        .data_text(&connection, &uid, &options, &answers)
        .await
        .map_err(err)?;
    app.clipboard().write_text(text).map_err(|e| {
        clipboard_failed(
            "the data",
            e,
            "export it with \"Also save the data\" instead",
        )
    })?;
    Ok(CopiedData {
        frames,
        rows,
        rendered,
    })
}
