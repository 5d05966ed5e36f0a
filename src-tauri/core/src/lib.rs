//! Panelshot's core: Grafana panels to pixel-exact images, rendered on the user's own machine.
//!
//! Everything the window and the command line share, and nothing of either: this crate has no
//! Tauri, clap or indicatif in its dependency tree (the compiler guards the boundary). The
//! window (`panelshot`) and the CLI (`panelshot-cli`) are thin adapters over `service::Core`.

pub mod data;
pub mod deck;
pub mod error;
pub mod export;
pub mod grafana;
pub mod install;
pub mod layers;
pub mod leftovers;
pub mod limits;
pub mod logging;
pub mod platform;
pub mod render;
pub mod secrets;
pub mod service;
pub mod signin;
pub mod store;
pub mod timespec;
