//! The core's integration tests, all over real parts: the demo Grafana over HTTP, real SQLite
//! files, real Chromium. They build no Tauri, clap or indicatif (`cargo test -p panelshot-core`).

mod api_limits;
mod browser_install;
mod browser_isolation;
mod concurrent_writers;
mod deck;
#[path = "../support/download_server.rs"]
mod download_server;
mod duplicate_ids;
mod fonts;
mod render_auth;
mod render_data;
mod render_data_aware;
mod render_failures;
mod render_options;
mod render_parking;
mod render_readiness;
mod render_real_layouts;
mod render_real_scenes;
#[path = "../support/render_support.rs"]
mod render_support;
mod render_text_size;
mod render_tls;
mod render_truth;
mod render_visibility;
mod schema_v2;
mod shared_browser;
mod signin;
mod thumbnails;
