//! History: the gallery, thumbnails, re-export, delete.

use panelshot_core::error::ErrorCode;
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::error::ErrorBody;
use panelshot_core::service::ExportItem;
use panelshot_core::store::{HistoryEntry, HistoryFilter, Status};

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct HistoryInput {
    pub connection: Option<String>,
    pub dashboard_uid: Option<String>,
    pub text: Option<String>,
    /// `ok` or `failed`.
    pub status: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub before_id: Option<i64>,
    pub limit: Option<u32>,
}

#[tauri::command]
pub fn history_list(state: State<'_, AppState>, input: HistoryInput) -> Res<Vec<HistoryEntry>> {
    let filter = HistoryFilter {
        connection: input.connection.filter(|c| !c.is_empty()),
        dashboard_uid: input.dashboard_uid.filter(|d| !d.is_empty()),
        text: input.text,
        status: match input.status.as_deref() {
            Some("ok") => Some(Status::Ok),
            Some("failed") => Some(Status::Failed),
            _ => None,
        },
        since: input.since.filter(|s| !s.is_empty()),
        until: input.until.filter(|s| !s.is_empty()),
        before_id: input.before_id,
        limit: input.limit.unwrap_or(60),
        page: 1,
    };
    core(&state)?.history(&filter).map_err(err)
}

/// The entry's thumbnail as a data URL, if it has one.
#[tauri::command]
pub fn history_thumbnail(state: State<'_, AppState>, id: i64) -> Res<Option<String>> {
    let thumb = core(&state)?.history_thumbnail(id).map_err(err)?;
    Ok(thumb.map(|(bytes, mime)| super::data_url(&mime, &bytes)))
}
#[tauri::command]
pub async fn history_reexport(state: State<'_, AppState>, id: i64) -> Res<ExportItem> {
    core(&state)?.reexport(id, None, &|_| {}).await.map_err(err)
}

#[tauri::command]
pub fn history_delete(state: State<'_, AppState>, ids: Vec<i64>, with_files: bool) -> Res<usize> {
    core(&state)?.delete_history(&ids, with_files).map_err(err)
}

/// Opens an entry's file in the default app for its type.
#[tauri::command]
pub fn history_open<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: i64) -> Res<()> {
    let path = core(&state)?.history_file(id).map_err(err)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| desktop_failed("open", &path, e))
}

/// Shows an entry's file selected in the system file manager.
#[tauri::command]
pub fn history_reveal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Res<()> {
    let path = core(&state)?.history_file(id).map_err(err)?;
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|e| desktop_failed("show", &path, e))
}

pub(crate) fn desktop_failed(
    what: &str,
    path: &std::path::Path,
    e: impl std::fmt::Display,
) -> ErrorBody {
    ErrorBody {
        code: ErrorCode::DesktopOpenFailed,
        message: format!(
            "could not {what} {} ({e}); open it from your file manager",
            path.display()
        ),
    }
}

/// Dashboards that have history (uid, title), for the dashboard filter.
#[tauri::command]
pub fn history_dashboards(state: State<'_, AppState>) -> Res<Vec<(String, String)>> {
    core(&state)?.history_dashboards().map_err(err)
}
