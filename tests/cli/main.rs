//! The command line's tests: the real `panelshot-cli` binary run as a user would, against the
//! demo Grafana, a real Secret Service and real SQLite files.

/// The binary every test runs.
pub const BIN: &str = env!("CARGO_BIN_EXE_panelshot-cli");

mod browser_cli;
mod cli_browse;
mod cli_connection_errors;
mod cli_input;
mod cli_output;
mod cli_processes;
#[path = "../support/common.rs"]
mod common;
mod deck_cli;
#[path = "../support/download_server.rs"]
mod download_server;
mod history_presets_jobs;
mod keyring_real;
mod log_cli;
mod mcp_server;
mod no_desktop;
#[path = "../support/render_support.rs"]
mod render_support;
mod signin_cli;
mod store_faults;
mod tls;
