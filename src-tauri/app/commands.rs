//! The IPC commands: each one a thin call into `service`, errors as `{code, message}`.

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::AppState;
use crate::error::ErrorBody;
use crate::export::{DEFAULT_TEMPLATE, Format};
use crate::grafana::{ConnectionTest, DashboardDetail, SearchPage, SearchQuery};
use crate::render::RenderOptions;
use crate::secrets::Secret;
use crate::service::{
    AddConnection, AuthInput, Core, ExportItem, ExportRequest, ExportTarget, ServiceError,
};
use crate::store::{Connection, HistoryEntry, HistoryFilter, Preset, Status};

type Res<T> = Result<T, ErrorBody>;

fn err(e: ServiceError) -> ErrorBody {
    ErrorBody::from(&e)
}

fn core(state: &State<'_, AppState>) -> Res<Arc<Core>> {
    state.core.clone()
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    pub data_dir: Option<String>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        name: "Panelshot".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state
            .core
            .as_ref()
            .ok()
            .map(|c| c.data_dir().display().to_string()),
    }
}

#[tauri::command]
pub fn connections_list(state: State<'_, AppState>) -> Res<Vec<Connection>> {
    core(&state)?.connections().map_err(err)
}

/// What the Connections form sends. The secret crosses IPC once, into the keyring.
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInput {
    pub name: String,
    pub url: String,
    pub org_id: Option<i64>,
    /// `token`, `basic` or `none`.
    pub auth: String,
    /// Secrets from the form are `Secret` from the first moment, so `Debug` never shows them.
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub token: Option<Secret>,
    pub user: Option<String>,
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub password: Option<Secret>,
    pub ca_cert_pem: Option<String>,
    #[serde(default)]
    pub insecure: bool,
    pub timeout_secs: Option<u32>,
}

#[tauri::command]
pub fn connection_add(state: State<'_, AppState>, input: ConnectionInput) -> Res<Connection> {
    let auth = match input.auth.as_str() {
        "token" => AuthInput::Token(Secret::new(
            input
                .token
                .as_ref()
                .map(|t| t.expose().trim())
                .unwrap_or_default(),
        )),
        "basic" => AuthInput::Basic {
            user: input.user.unwrap_or_default(),
            password: input.password.unwrap_or_else(|| Secret::new("")),
        },
        _ => AuthInput::None,
    };
    core(&state)?
        .add_connection(AddConnection {
            name: input.name,
            url: input.url,
            org_id: input.org_id,
            auth,
            ca_cert_pem: input.ca_cert_pem.filter(|p| !p.trim().is_empty()),
            insecure: input.insecure,
            timeout_secs: input.timeout_secs,
        })
        .map_err(err)
}

#[tauri::command]
pub async fn connection_test(state: State<'_, AppState>, name: String) -> Res<ConnectionTest> {
    core(&state)?.test_connection(&name).await.map_err(err)
}

#[tauri::command]
pub fn connection_remove(state: State<'_, AppState>, name: String) -> Res<()> {
    core(&state)?.remove_connection(&name).map_err(err)
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchInput {
    pub connection: String,
    pub query: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub folder_uids: Vec<String>,
    #[serde(default)]
    pub starred: bool,
    pub limit: Option<u32>,
    pub page: Option<u32>,
}

#[tauri::command]
pub async fn dashboards_search(state: State<'_, AppState>, input: SearchInput) -> Res<SearchPage> {
    let q = SearchQuery {
        query: input.query,
        tags: input.tags,
        folder_uids: input.folder_uids,
        starred: input.starred,
        limit: input.limit.unwrap_or(50),
        page: input.page.unwrap_or(1),
    };
    core(&state)?
        .search(&input.connection, &q)
        .await
        .map_err(err)
}

#[tauri::command]
pub async fn dashboard_get(
    state: State<'_, AppState>,
    connection: String,
    uid: String,
) -> Res<DashboardDetail> {
    core(&state)?
        .dashboard(&connection, &uid)
        .await
        .map_err(err)
}

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

#[tauri::command]
pub async fn panel_preview(
    state: State<'_, AppState>,
    connection: String,
    uid: String,
    panel: String,
    options: RenderOptions,
) -> Res<Preview> {
    let (png, capture) = core(&state)?
        .preview(&connection, &uid, &panel, &options)
        .await
        .map_err(err)?;
    Ok(Preview {
        data_url: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
        width_px: capture.width_px,
        height_px: capture.height_px,
        duration_ms: capture.total_ms,
        ready_signal: capture.ready_signal,
    })
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportInput {
    pub connection: String,
    pub uid: String,
    pub panels: Vec<String>,
    pub options: RenderOptions,
    pub format: Format,
    pub quality: Option<u8>,
    /// A file for one panel, a folder for several.
    #[cfg_attr(test, ts(type = "string"))]
    pub output: PathBuf,
    #[serde(default)]
    pub overwrite: bool,
}

impl ExportInput {
    fn into_request(self, folder: bool) -> ExportRequest {
        ExportRequest {
            connection: self.connection,
            dashboard_uid: self.uid,
            targets: self.panels.into_iter().map(ExportTarget::Panel).collect(),
            options: self.options,
            natural_size: false,
            format: self.format,
            quality: self.quality,
            // A trailing separator makes it a folder even when it does not exist yet.
            output: Some(if folder {
                self.output.join("")
            } else {
                self.output
            }),
            overwrite: self.overwrite,
            template: DEFAULT_TEMPLATE.into(),
        }
    }
}

#[tauri::command]
pub async fn panel_export(state: State<'_, AppState>, input: ExportInput) -> Res<Vec<ExportItem>> {
    let req = input.into_request(false);
    core(&state)?.export(&req, &|_| {}).await.map_err(err)
}

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
    core(&state)?
        .store
        .history(&filter)
        .map_err(|e| err(e.into()))
}

/// The entry's thumbnail as a data URL, if it has one.
#[tauri::command]
pub fn history_thumbnail(state: State<'_, AppState>, id: i64) -> Res<Option<String>> {
    let thumb = core(&state)?
        .store
        .history_thumbnail(id)
        .map_err(|e| err(e.into()))?;
    Ok(thumb.map(|(bytes, mime)| {
        format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }))
}

#[tauri::command]
pub fn presets_list(state: State<'_, AppState>) -> Res<Vec<Preset>> {
    core(&state)?.store.presets().map_err(|e| err(e.into()))
}

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> Res<crate::service::AppSettings> {
    core(&state)?.settings().map_err(err)
}

#[tauri::command]
pub fn settings_set(
    state: State<'_, AppState>,
    input: crate::service::SettingsUpdate,
) -> Res<crate::service::AppSettings> {
    core(&state)?.update_settings(&input).map_err(err)
}

#[tauri::command]
pub async fn history_reexport(state: State<'_, AppState>, id: i64) -> Res<ExportItem> {
    core(&state)?.reexport(id, None, &|_| {}).await.map_err(err)
}

#[tauri::command]
pub fn history_delete(state: State<'_, AppState>, ids: Vec<i64>, with_files: bool) -> Res<usize> {
    core(&state)?.delete_history(&ids, with_files).map_err(err)
}

#[tauri::command]
pub fn preset_save(state: State<'_, AppState>, preset: Preset) -> Res<Vec<Preset>> {
    let core = core(&state)?;
    core.save_preset(&preset).map_err(err)?;
    core.store.presets().map_err(|e| err(e.into()))
}

#[tauri::command]
pub fn preset_delete(state: State<'_, AppState>, name: String) -> Res<Vec<Preset>> {
    let core = core(&state)?;
    core.store.delete_preset(&name).map_err(|e| err(e.into()))?;
    core.store.presets().map_err(|e| err(e.into()))
}

#[tauri::command]
pub fn jobs_list(state: State<'_, AppState>) -> Res<Vec<crate::store::Job>> {
    core(&state)?.store.jobs().map_err(|e| err(e.into()))
}

#[tauri::command]
pub fn job_save(state: State<'_, AppState>, job: crate::store::Job) -> Res<Vec<crate::store::Job>> {
    let core = core(&state)?;
    core.save_job(&job).map_err(err)?;
    core.store.jobs().map_err(|e| err(e.into()))
}

#[tauri::command]
pub async fn job_run(state: State<'_, AppState>, name: String) -> Res<Vec<ExportItem>> {
    core(&state)?
        .run_job(&name, None, &|_| {})
        .await
        .map_err(err)
}

#[tauri::command]
pub fn job_delete(state: State<'_, AppState>, name: String) -> Res<Vec<crate::store::Job>> {
    let core = core(&state)?;
    core.store.delete_job(&name).map_err(|e| err(e.into()))?;
    core.store.jobs().map_err(|e| err(e.into()))
}

/// One finished item of a batch, streamed to the window as it happens.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
    pub item: ExportItem,
}

/// Exports several panels into a folder, reporting each one through `progress`.
#[tauri::command]
pub async fn panels_export_batch(
    state: State<'_, AppState>,
    input: ExportInput,
    progress: tauri::ipc::Channel<BatchProgress>,
) -> Res<Vec<ExportItem>> {
    let req = input.into_request(true);
    core(&state)?
        .export(&req, &|p| {
            let _ = progress.send(BatchProgress {
                done: p.done as u32,
                total: p.total as u32,
                item: p.item.clone(),
            });
        })
        .await
        .map_err(err)
}

#[tauri::command]
pub async fn folders_list(
    state: State<'_, AppState>,
    connection: String,
) -> Res<Vec<crate::grafana::FolderNode>> {
    core(&state)?.folders(&connection).await.map_err(err)
}

/// Starts the browser that Settings names (or the one found) and reports its version.
#[tauri::command]
pub async fn browser_test(path: Option<String>) -> Res<String> {
    let chosen = path.filter(|p| !p.trim().is_empty()).map(PathBuf::from);
    let exe = crate::render::discovery::find(chosen.as_deref())
        .map_err(|e| err(ServiceError::Render(e)))?;
    let out = tokio::process::Command::new(&exe)
        .arg("--version")
        .output()
        .await
        .map_err(|e| ErrorBody {
            code: "chromium.launch_failed".into(),
            message: format!("{} did not start: {e}", exe.display()),
        })?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || version.is_empty() {
        return Err(ErrorBody {
            code: "chromium.launch_failed".into(),
            message: format!(
                "{} did not report a version; is it a Chromium-based browser?",
                exe.display()
            ),
        });
    }
    Ok(format!("{version} ({})", exe.display()))
}

/// Dashboard tags with their counts, for the tag filter.
#[tauri::command]
pub async fn tags_list(state: State<'_, AppState>, connection: String) -> Res<Vec<(String, u64)>> {
    core(&state)?.tags(&connection).await.map_err(err)
}
