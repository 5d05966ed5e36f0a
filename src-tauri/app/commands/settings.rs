//! Settings and the browser check.

use panelshot_core::error::ErrorCode;
use std::path::PathBuf;

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::error::ErrorBody;
use panelshot_core::service::ServiceError;

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
    let exe = panelshot_core::render::discovery::find(chosen.as_deref())
        .map_err(|e| err(ServiceError::Render(e)))?;
    let out = tokio::process::Command::new(&exe)
        .arg("--version")
        .output()
        .await
        .map_err(|e| ErrorBody {
            code: ErrorCode::ChromiumLaunchFailed.as_str().into(),
            message: format!("{} did not start: {e}", exe.display()),
        })?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || version.is_empty() {
        return Err(ErrorBody {
            code: ErrorCode::ChromiumLaunchFailed.as_str().into(),
            message: format!(
                "{} did not report a version; is it a Chromium-based browser?",
                exe.display()
            ),
        });
    }
    Ok(format!("{version} ({})", exe.display()))
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
