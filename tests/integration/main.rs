//! The desktop app's tests: its IPC commands over the real core, the real window under Xvfb
//! driven by tauri-driver, and `panelshot` with arguments running the command line.

/// The app binary: the window without arguments, the CLI with them.
pub const BIN: &str = env!("CARGO_BIN_EXE_panelshot");

mod app_ipc;
mod cli_in_app;
#[path = "../support/common.rs"]
mod common;
#[path = "../support/download_server.rs"]
mod download_server;
mod e2e;
#[path = "../support/process_tree.rs"]
mod process_tree;
