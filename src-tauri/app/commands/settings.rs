//! Settings and the browser check.

use std::path::PathBuf;

use panelshot_core::install::Step;

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::{Res, core, err};
use crate::app::AppState;

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> Res<panelshot_core::service::AppSettings> {
    core(&state)?.settings().map_err(err)
}

#[tauri::command]
pub fn settings_set(
    state: State<'_, AppState>,
    input: panelshot_core::service::SettingsUpdate,
) -> Res<panelshot_core::service::AppSettings> {
    core(&state)?.update_settings(&input).map_err(err)
}
/// Starts the browser that Settings names (or the one found) and reports its version.
#[tauri::command]
pub async fn browser_test(path: Option<String>) -> Res<String> {
    let chosen = path.filter(|p| !p.trim().is_empty()).map(PathBuf::from);
    panelshot_core::service::test_browser(chosen.as_deref())
        .await
        .map_err(err)
}

/// What the file-name template makes of a typical panel, or why it is not valid.
#[tauri::command]
pub fn name_example(template: String) -> Res<String> {
    panelshot_core::service::example_name(&template).map_err(err)
}

/// Opens the folder holding the database (history, presets, settings).
#[tauri::command]
pub fn open_data_folder<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<()> {
    let dir = core(&state)?.data_dir().to_path_buf();
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| super::history::desktop_failed("open", &dir, e))
}

/// Opens the folder of the log (one file a day: each render's steps and times, Grafana's
/// answers without secrets), for a bug report.
#[tauri::command]
pub fn open_log_folder<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<()> {
    let dir = panelshot_core::logging::log_dir(core(&state)?.data_dir());
    std::fs::create_dir_all(&dir).map_err(|e| super::history::desktop_failed("open", &dir, e))?;
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| super::history::desktop_failed("open", &dir, e))
}

/// Which browser renders use, proved by running it, or why there is none.
#[tauri::command]
pub async fn browser_status(
    state: State<'_, AppState>,
) -> Res<panelshot_core::service::BrowserStatus> {
    core(&state)?.browser_status().await.map_err(err)
}

/// A download step, for the progress bar.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, serde::Serialize)]
pub struct InstallProgress {
    pub step: InstallStep,
    pub received: f64,
    pub total: Option<f64>,
}

/// Where a download is: the bar's label.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InstallStep {
    Listing,
    Downloading,
    Unpacking,
    Checking,
}

impl From<Step> for InstallProgress {
    fn from(s: Step) -> Self {
        let (step, received, total) = match s {
            Step::Listing => (InstallStep::Listing, 0, None),
            Step::Downloading { received, total } => (InstallStep::Downloading, received, total),
            Step::Unpacking => (InstallStep::Unpacking, 0, None),
            Step::Checking => (InstallStep::Checking, 0, None),
        };
        InstallProgress {
            step,
            received: received as f64,
            total: total.map(|t| t as f64),
        }
    }
}

/// Downloads Chrome's headless shell (Settings → Browser, or the first-start guide) and
/// answers with the browser status that follows.
#[tauri::command]
pub async fn browser_install(
    state: State<'_, AppState>,
    progress: tauri::ipc::Channel<InstallProgress>,
) -> Res<panelshot_core::service::BrowserStatus> {
    let core = core(&state)?;
    core.install_browser(None, &|s| {
        let _ = progress.send(InstallProgress::from(s));
    })
    .await
    .map_err(err)?;
    core.browser_status().await.map_err(err)
}
