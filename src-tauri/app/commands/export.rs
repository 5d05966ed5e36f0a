//! Export: one panel to a chosen file, several into a folder with progress.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::State;

use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::export::Format;
use panelshot_core::render::RenderOptions;
use panelshot_core::service::{ExportItem, ExportRequest, ExportTarget};

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
    /// One image per value of this variable.
    #[serde(default)]
    pub each: Option<String>,
    /// Also save the data each panel drew, beside its image.
    #[serde(default)]
    pub data: Option<panelshot_core::data::DataKind>,
}

impl ExportInput {
    fn into_request(self, folder: bool, template: String) -> ExportRequest {
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
            template,
            each: self.each,
            data: self.data,
        }
    }
}

#[tauri::command]
pub async fn panel_export(state: State<'_, AppState>, input: ExportInput) -> Res<Vec<ExportItem>> {
    let core = core(&state)?;
    let req = input.into_request(false, core.file_template().map_err(err)?);
    core.export(&req, &|_| {}).await.map_err(err)
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

impl From<panelshot_core::service::Progress<'_>> for BatchProgress {
    fn from(p: panelshot_core::service::Progress<'_>) -> Self {
        BatchProgress {
            done: p.done as u32,
            total: p.total as u32,
            item: p.item.clone(),
        }
    }
}

/// Exports several panels into a folder, reporting each one through `progress`.
#[tauri::command]
pub async fn panels_export_batch(
    state: State<'_, AppState>,
    input: ExportInput,
    progress: tauri::ipc::Channel<BatchProgress>,
) -> Res<Vec<ExportItem>> {
    let core = core(&state)?;
    let req = input.into_request(true, core.file_template().map_err(err)?);
    core.export(&req, &|p| {
        let _ = progress.send(BatchProgress::from(p));
    })
    .await
    .map_err(err)
}

/// The name the file-name template gives this panel now: the save dialog's suggestion.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub fn export_file_name(
    state: State<'_, AppState>,
    dashboard: String,
    panel: String,
    panel_id: String,
    width: u32,
    height: u32,
    format: Format,
) -> Res<String> {
    core(&state)?
        .file_name(&panelshot_core::export::NameParts {
            dashboard: &dashboard,
            panel: &panel,
            panel_id: &panel_id,
            width,
            height,
            ext: format.extension(),
            now: chrono::Local::now(),
        })
        .map_err(err)
}

/// Picked panels as one slide deck (Browse → "Export picked as deck…").
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeckInput {
    pub connection: String,
    pub panels: Vec<panelshot_core::service::DeckPanel>,
    pub options: RenderOptions,
    pub layout: panelshot_core::deck::DeckLayout,
    pub format: panelshot_core::deck::DeckFormat,
    /// What the deck is called (the dashboard's title): its file is `<name>-<date>-<time>.<ext>`
    /// in the default export folder.
    pub name: String,
}

#[tauri::command]
pub async fn deck_export(
    state: State<'_, AppState>,
    input: DeckInput,
) -> Res<panelshot_core::service::DeckResult> {
    let core = core(&state)?;
    let req = panelshot_core::service::DeckRequest {
        connection: input.connection,
        panels: input.panels,
        options: input.options,
        layout: input.layout,
        output: core
            .default_deck_path(&input.name, input.format)
            .map_err(err)?,
        overwrite: false,
    };
    core.export_deck(&req, &super::deck_written_at_once)
        .await
        .map_err(err)
}
