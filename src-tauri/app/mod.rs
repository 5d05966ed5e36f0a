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

/// Every IPC command, declared once with what it answers: the handler registers this list and
/// the TypeScript bindings get it as the `Commands` map (`ipc.ts` can only call what exists,
/// and gets each answer's type from here).
macro_rules! ipc_commands {
    ($($($seg:ident)::+ => $result:ty),* $(,)?) => {
        /// The names the window may invoke.
        pub const COMMAND_NAMES: &[&str] = &[$(last_segment(stringify!($($seg)::+))),*];
        /// Each command's name and what it answers, as TypeScript (for the bindings).
        #[cfg(test)]
        pub(crate) fn command_results(cfg: &ts_rs::Config) -> Vec<(&'static str, String)> {
            vec![$((last_segment(stringify!($($seg)::+)), <$result as ts_rs::TS>::name(cfg))),*]
        }
        /// Each command's name and its declared answer type as written here, for the test that
        /// holds the declaration to the command's real signature.
        #[cfg(test)]
        pub(crate) const COMMAND_DECLARED: &[(&str, &str)] =
            &[$((last_segment(stringify!($($seg)::+)), stringify!($result))),*];
        macro_rules! handler {
            () => { tauri::generate_handler![$($($seg)::+),*] };
        }
    };
}

/// `commands::presets::jobs_list` → `jobs_list` (usable in a `const`).
const fn last_segment(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1] != b':' && bytes[start - 1] != b' ' {
        start -= 1;
    }
    match path.split_at_checked(start) {
        Some((_, name)) => name,
        None => path,
    }
}

ipc_commands![
    commands::app_info => commands::AppInfo,
    commands::connections::connections_list => Vec<panelshot_core::store::Connection>,
    commands::connections::connection_add => panelshot_core::store::Connection,
    commands::connections::connection_update => panelshot_core::store::Connection,
    commands::connections::connection_test => panelshot_core::grafana::ConnectionTest,
    commands::connections::connection_remove => (),
    commands::connections::connection_sign_in => panelshot_core::grafana::ConnectionTest,
    commands::browse::dashboards_search => panelshot_core::grafana::SearchPage,
    commands::browse::folders_list => Vec<panelshot_core::grafana::FolderNode>,
    commands::browse::tags_list => Vec<(String, u64)>,
    commands::browse::dashboard_get => panelshot_core::grafana::DashboardDetail,
    commands::preview::panel_preview => commands::preview::Preview,
    commands::preview::preview_cancel => bool,
    commands::thumbnails::panel_thumbnails => commands::thumbnails::PanelPictures,
    commands::preview::copy_image => commands::preview::Copied,
    commands::preview::copy_data => commands::preview::CopiedData,
    commands::export::panel_export => Vec<panelshot_core::service::ExportItem>,
    commands::export::export_file_name => String,
    commands::export::panels_export_batch => Vec<panelshot_core::service::ExportItem>,
    commands::export::deck_export => panelshot_core::service::DeckResult,
    commands::history::history_list => Vec<panelshot_core::store::HistoryEntry>,
    commands::history::history_thumbnail => Option<String>,
    commands::presets::presets_list => Vec<panelshot_core::store::Preset>,
    commands::presets::look_resolve => panelshot_core::service::Look,
    commands::settings::settings_get => panelshot_core::service::AppSettings,
    commands::settings::settings_set => panelshot_core::service::AppSettings,
    commands::settings::browser_test => String,
    commands::settings::browser_status => panelshot_core::service::BrowserStatus,
    commands::settings::browser_install => panelshot_core::service::BrowserStatus,
    commands::settings::name_example => String,
    commands::settings::open_data_folder => (),
    commands::settings::open_log_folder => (),
    commands::history::history_reexport => panelshot_core::service::ExportItem,
    commands::history::history_delete => usize,
    commands::history::history_open => (),
    commands::history::history_dashboards => Vec<(String, String)>,
    commands::history::history_reveal => (),
    commands::presets::preset_save => Vec<panelshot_core::store::Preset>,
    commands::presets::preset_delete => Vec<panelshot_core::store::Preset>,
    commands::presets::preset_update => Vec<panelshot_core::store::Preset>,
    commands::presets::preset_set_default => Vec<panelshot_core::store::Preset>,
    commands::presets::jobs_list => Vec<panelshot_core::store::Job>,
    commands::presets::job_save => Vec<panelshot_core::store::Job>,
    commands::presets::job_run => panelshot_core::service::JobRun,
    commands::presets::job_delete => Vec<panelshot_core::store::Job>,
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
