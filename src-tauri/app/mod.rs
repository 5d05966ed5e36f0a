//! The desktop window: the only module that imports Tauri.

pub(crate) mod commands;
mod preview;
mod screen_fit;

use std::sync::Arc;

use tauri::{Builder, Manager, Runtime};

use panelshot_core::error::Coded;
use panelshot_core::secrets::KeyringStore;
use panelshot_core::service::{Core, default_data_dir, demo_from_env};

/// What the commands share. The core may be missing when the database could not be opened;
/// the window still opens and shows why.
pub struct AppState {
    pub core: Result<Arc<Core>, panelshot_core::error::ErrorBody>,
    previews: preview::Previews,
}

impl AppState {
    pub fn new(core: Result<Core, panelshot_core::error::ErrorBody>) -> AppState {
        AppState {
            core: core.map(Arc::new),
            previews: preview::Previews::default(),
        }
    }
}

/// Every IPC command, declared once: its name, module, what Tauri injects (`state`, `app`),
/// the arguments the window passes (a progress channel last, when it has one) and what it
/// answers. From this one list come the handler registration, the TypeScript `CommandArgs` and
/// `Commands` maps (through ts-rs, in the bindings), and a compile-time check per command that
/// the function takes and answers exactly what is declared: a command that is not declared
/// cannot be registered, and a declaration that does not match its function does not build.
macro_rules! ipc_commands {
    ($(
        $mode:tt $name:ident in $($module:ident)::+
        [$($inject:ident),*]
        ($($arg:ident : $ty:ty),* $(; channel $chan:ident : $chan_ty:ty)?)
        -> $result:ty
    ),* $(,)?) => {
        /// The names the window may invoke.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Each command's name, its arguments (Rust names) and answer, as TypeScript.
        #[cfg(test)]
        #[allow(clippy::type_complexity)]
        pub(crate) fn command_types(
            cfg: &ts_rs::Config,
        ) -> Vec<(&'static str, Vec<(&'static str, String)>, String)> {
            vec![$((
                stringify!($name),
                vec![
                    $((stringify!($arg), <$ty as ts_rs::TS>::name(cfg)),)*
                    $((stringify!($chan), format!("Channel<{}>", <$chan_ty as ts_rs::TS>::name(cfg))),)?
                ],
                <$result as ts_rs::TS>::name(cfg),
            )),*]
        }

        $(ipc_commands!(@check $mode $($module)::+ :: $name [$($inject),*] ($($arg : $ty),* $(; channel $chan : $chan_ty)?) -> $result);)*

        macro_rules! handler {
            () => { tauri::generate_handler![$($($module)::+ :: $name),*] };
        }
    };
    // The compile-time check: a function with the declared parameters and answer that calls
    // the command (never run).
    (@check sync $($path:ident)::+ [$($inject:ident),*] ($($arg:ident : $ty:ty),* $(; channel $chan:ident : $chan_ty:ty)?) -> $result:ty) => {
        const _: () = {
            #[allow(dead_code, clippy::too_many_arguments, clippy::extra_unused_type_parameters)]
            fn declared<R: tauri::Runtime>(
                $($inject: ipc_commands!(@injected $inject),)*
                $($arg: $ty,)*
                $($chan: tauri::ipc::Channel<$chan_ty>)?
            ) -> commands::Res<$result> {
                $($path)::+($($inject,)* $($arg,)* $($chan)?)
            }
        };
    };
    (@check async $($path:ident)::+ [$($inject:ident),*] ($($arg:ident : $ty:ty),* $(; channel $chan:ident : $chan_ty:ty)?) -> $result:ty) => {
        const _: () = {
            #[allow(dead_code, clippy::too_many_arguments, clippy::extra_unused_type_parameters)]
            async fn declared<R: tauri::Runtime>(
                $($inject: ipc_commands!(@injected $inject),)*
                $($arg: $ty,)*
                $($chan: tauri::ipc::Channel<$chan_ty>)?
            ) -> commands::Res<$result> {
                $($path)::+($($inject,)* $($arg,)* $($chan)?).await
            }
        };
    };
    (@injected state) => { tauri::State<'_, AppState> };
    (@injected app) => { tauri::AppHandle<R> };
}

use commands::browse::SearchInput;
use commands::connections::ConnectionInput;
use commands::export::{BatchProgress, DeckInput, ExportInput};
use commands::history::HistoryInput;
use commands::settings::InstallProgress;
use panelshot_core::export::Format;
use panelshot_core::grafana::{ConnectionTest, DashboardDetail, FolderNode, SearchPage};
use panelshot_core::render::RenderOptions;
use panelshot_core::service::{
    AppSettings, BrowserStatus, DeckResult, ExportItem, JobRun, Look, LookPatch, SettingsUpdate,
};
use panelshot_core::store::{Connection, HistoryEntry, Job, Preset};

ipc_commands![
    sync app_info in commands [state] () -> commands::AppInfo,
    sync connections_list in commands::connections [state] () -> Vec<Connection>,
    sync connection_add in commands::connections [state] (input: ConnectionInput) -> Connection,
    sync connection_update in commands::connections [state] (current: String, input: ConnectionInput) -> Connection,
    async connection_test in commands::connections [state] (name: String) -> ConnectionTest,
    sync connection_remove in commands::connections [state] (name: String) -> (),
    async connection_sign_in in commands::connections [state] (name: String) -> ConnectionTest,
    async dashboards_search in commands::browse [state] (input: SearchInput) -> SearchPage,
    async folders_list in commands::browse [state] (connection: String) -> Vec<FolderNode>,
    async tags_list in commands::browse [state] (connection: String) -> Vec<(String, u64)>,
    async dashboard_get in commands::browse [state] (connection: String, uid: String) -> DashboardDetail,
    async panel_preview in commands::preview [state] (connection: String, uid: String, panel: String, options: RenderOptions; channel waiting: String) -> commands::preview::Preview,
    sync preview_cancel in commands::preview [state] () -> bool,
    async panel_thumbnails in commands::thumbnails [state] (connection: String, uid: String, options: RenderOptions, refresh: bool) -> commands::thumbnails::PanelPictures,
    async copy_image in commands::preview [app, state] (connection: String, uid: String, panel: String, options: RenderOptions) -> commands::preview::Copied,
    async copy_data in commands::preview [app, state] (connection: String, uid: String, panel: String, options: RenderOptions) -> commands::preview::CopiedData,
    async panel_export in commands::export [state] (input: ExportInput) -> Vec<ExportItem>,
    sync export_file_name in commands::export [state] (dashboard: String, panel: String, panel_id: String, width: u32, height: u32, format: Format) -> String,
    async panels_export_batch in commands::export [state] (input: ExportInput; channel progress: BatchProgress) -> Vec<ExportItem>,
    async deck_export in commands::export [state] (input: DeckInput) -> DeckResult,
    sync history_list in commands::history [state] (input: HistoryInput) -> Vec<HistoryEntry>,
    sync history_thumbnail in commands::history [state] (id: i64) -> Option<String>,
    sync presets_list in commands::presets [state] () -> Vec<Preset>,
    sync look_resolve in commands::presets [state] (preset: Option<String>, patch: Option<LookPatch>) -> Look,
    sync settings_get in commands::settings [state] () -> AppSettings,
    sync settings_set in commands::settings [state] (input: SettingsUpdate) -> AppSettings,
    async browser_test in commands::settings [] (path: Option<String>) -> String,
    async browser_status in commands::settings [state] () -> BrowserStatus,
    async browser_install in commands::settings [state] (; channel progress: InstallProgress) -> BrowserStatus,
    sync name_example in commands::settings [] (template: String) -> String,
    sync open_data_folder in commands::settings [app, state] () -> (),
    sync open_log_folder in commands::settings [app, state] () -> (),
    async history_reexport in commands::history [state] (id: i64) -> ExportItem,
    sync history_delete in commands::history [state] (ids: Vec<i64>, with_files: bool) -> usize,
    sync history_open in commands::history [app, state] (id: i64) -> (),
    sync history_dashboards in commands::history [state] () -> Vec<(String, String)>,
    sync history_reveal in commands::history [app, state] (id: i64) -> (),
    sync preset_save in commands::presets [state] (preset: Preset) -> Vec<Preset>,
    sync preset_delete in commands::presets [state] (name: String) -> Vec<Preset>,
    sync preset_update in commands::presets [state] (original: String, preset: Preset) -> Vec<Preset>,
    sync preset_set_default in commands::presets [state] (name: Option<String>) -> Vec<Preset>,
    sync jobs_list in commands::presets [state] () -> Vec<Job>,
    sync job_save in commands::presets [state] (job: Job) -> Vec<Job>,
    async job_run in commands::presets [state] (name: String; channel progress: BatchProgress) -> JobRun,
    sync job_delete in commands::presets [state] (name: String) -> Vec<Job>,
];

/// Registers plugins and commands; shared by `run` and the mock-runtime tests.
pub fn builder<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        // Used from Rust only (copy image, open / show a file), so the web view gets no
        // clipboard or opener permissions of its own.
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        // Size and position survive restarts.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .invoke_handler(handler!())
}

fn open_core() -> Result<Core, panelshot_core::error::ErrorBody> {
    let core = Core::open(&default_data_dir(), Arc::new(KeyringStore::default()))
        .map_err(|e| panelshot_core::error::ErrorBody::from(&e))?;
    // `make run` hands us the demo Grafana; a first-time user gets a connection to it.
    let demo = demo_from_env(
        std::env::var("PANELSHOT_DEMO_URL").ok(),
        std::env::var_os("PANELSHOT_DEMO_TOKEN_FILE").map(Into::into),
    );
    match demo.and_then(|d| match d {
        Some((url, token)) => core.ensure_demo_connection(&url, token),
        None => Ok(None),
    }) {
        Ok(Some(c)) => eprintln!("added the connection {:?} to the demo Grafana", c.name),
        Ok(None) => {}
        Err(e) => eprintln!(
            "warning[{}]: could not add the demo connection: {e}",
            e.code()
        ),
    }
    Ok(core)
}

/// Opens the main window and blocks until the app exits.
pub fn run() -> anyhow::Result<()> {
    let state = AppState::new(open_core());
    let _log = state
        .core
        .as_ref()
        .ok()
        .and_then(|c| panelshot_core::logging::init(c.data_dir(), false));
    let core = state.core.clone().ok();
    // A second launch focuses the running window instead of opening another app (registered
    // first, as the plugin requires; not in `builder` so tests can open several mock apps).
    let single = tauri_plugin_single_instance::init(|app, _args, _cwd| {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.unminimize();
            let _ = w.show();
            let _ = w.set_focus();
        }
    });
    let app = builder(Builder::default().plugin(single))
        .manage(state)
        .build(tauri::generate_context!())
        .map_err(|e| anyhow::anyhow!("could not start the window: {e}"))?;
    app.run(move |app, event| {
        // The size and place the window-state plugin restored, only where they fit this screen.
        if let tauri::RunEvent::Ready = event
            && let Some(w) = app.get_webview_window("main")
        {
            screen_fit::fit_soon(w);
        }
        // Close Chromium with the app: no browser may outlive it.
        if let tauri::RunEvent::Exit = event
            && let Some(core) = &core
        {
            tauri::async_runtime::block_on(core.shutdown());
        }
    });
    Ok(())
}
