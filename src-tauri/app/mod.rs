//! The desktop window: the only module that imports Tauri.

mod commands;

use tauri::{Builder, Runtime};

/// Registers plugins and commands; shared by `run` and the mock-runtime tests.
pub fn builder<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![commands::app_info])
}

/// Opens the main window and blocks until the app exits.
pub fn run() -> anyhow::Result<()> {
    builder(Builder::default())
        .run(tauri::generate_context!())
        .map_err(|e| anyhow::anyhow!("could not start the window: {e}"))
}
