//! Presets and saved jobs.

use tauri::State;

use super::export::BatchProgress;
use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::service::{Look, LookPatch};
use panelshot_core::store::Preset;

#[tauri::command]
pub fn presets_list(state: State<'_, AppState>) -> Res<Vec<Preset>> {
    core(&state)?.presets().map_err(err)
}

/// The look the core's resolver gives: defaults → settings → `preset` (else the default one)
/// → `patch`. The window starts from it and picks presets through it, as the CLI does.
#[tauri::command]
pub fn look_resolve(
    state: State<'_, AppState>,
    preset: Option<String>,
    patch: Option<LookPatch>,
) -> Res<Look> {
    core(&state)?
        .resolve_look(preset.as_deref(), &patch.unwrap_or_default())
        .map_err(err)
}
/// Edits a user preset; `original` is its name before the edit.
#[tauri::command]
pub fn preset_update(
    state: State<'_, AppState>,
    original: String,
    preset: Preset,
) -> Res<Vec<Preset>> {
    let core = core(&state)?;
    core.update_preset(&original, &preset).map_err(err)?;
    core.presets().map_err(err)
}

/// Makes a preset the default for new exports (`null` clears it).
#[tauri::command]
pub fn preset_set_default(state: State<'_, AppState>, name: Option<String>) -> Res<Vec<Preset>> {
    let core = core(&state)?;
    core.set_default_preset(name.as_deref()).map_err(err)?;
    core.presets().map_err(err)
}

#[tauri::command]
pub fn preset_save(state: State<'_, AppState>, preset: Preset) -> Res<Vec<Preset>> {
    let core = core(&state)?;
    core.save_preset(&preset).map_err(err)?;
    core.presets().map_err(err)
}

#[tauri::command]
pub fn preset_delete(state: State<'_, AppState>, name: String) -> Res<Vec<Preset>> {
    let core = core(&state)?;
    core.delete_preset(&name).map_err(err)?;
    core.presets().map_err(err)
}

#[tauri::command]
pub fn jobs_list(state: State<'_, AppState>) -> Res<Vec<panelshot_core::store::Job>> {
    core(&state)?.jobs().map_err(err)
}

#[tauri::command]
pub fn job_save(
    state: State<'_, AppState>,
    job: panelshot_core::store::Job,
) -> Res<Vec<panelshot_core::store::Job>> {
    let core = core(&state)?;
    core.save_job(&job).map_err(err)?;
    core.jobs().map_err(err)
}

#[tauri::command]
pub async fn job_run(
    state: State<'_, AppState>,
    name: String,
    progress: tauri::ipc::Channel<BatchProgress>,
) -> Res<panelshot_core::service::JobRun> {
    core(&state)?
        .run_job_any(
            &name,
            None,
            &|p| {
                let _ = progress.send(BatchProgress::from(p));
            },
            &super::deck_written_at_once,
        )
        .await
        .map_err(err)
}

#[tauri::command]
pub fn job_delete(
    state: State<'_, AppState>,
    name: String,
) -> Res<Vec<panelshot_core::store::Job>> {
    let core = core(&state)?;
    core.delete_job(&name).map_err(err)?;
    core.jobs().map_err(err)
}
