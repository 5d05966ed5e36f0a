//! Panelshot's integration tests: one binary, one module per capability, all over real parts
//! (the demo Grafana over HTTP, a real Secret Service, real SQLite files, real Chromium).

mod app_ipc;
mod browser_isolation;
mod cli_browse;
mod cli_connection_errors;
mod cli_input;
mod common;
mod concurrent_writers;
mod e2e;
mod fonts;
mod history_presets_jobs;
mod keyring_real;
mod render_auth;
mod render_data_aware;
mod render_failures;
mod render_options;
mod render_parking;
mod render_readiness;
mod render_support;
mod render_truth;
mod render_visibility;
mod store_faults;
mod tls;
