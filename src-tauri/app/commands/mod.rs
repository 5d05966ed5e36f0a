//! The IPC commands: each one a thin call into `service`, errors as `{code, message}`. One file
//! per screen's concern.

pub mod browse;
pub mod connections;
pub mod export;
pub mod history;
pub mod presets;
pub mod preview;
pub mod settings;
pub mod thumbnails;

use std::sync::Arc;

use serde::Serialize;
use tauri::State;

use super::AppState;
use panelshot_core::error::ErrorBody;
use panelshot_core::service::{Core, ServiceError};

pub(crate) type Res<T> = Result<T, ErrorBody>;

pub(crate) fn err(e: impl Into<ServiceError>) -> ErrorBody {
    ErrorBody::from(&e.into())
}

/// The window shows a deck when its file is written; its panels render as one step. (A named
/// function rather than a closure: a closure here fails the `Send` check of the command future.)
pub(crate) fn deck_written_at_once(_done: usize, _total: usize) {}

/// Image bytes as a `data:` URL the web view can show without a file or a custom protocol.
pub(crate) fn data_url(mime: &str, bytes: &[u8]) -> String {
    use base64::Engine;
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

pub(crate) fn core(state: &State<'_, AppState>) -> Res<Arc<Core>> {
    state.core.clone()
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub data_dir: Option<String>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    Ok(AppInfo {
        name: "Panelshot".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state
            .core
            .as_ref()
            .ok()
            .map(|c| c.data_dir().display().to_string()),
    })
}
