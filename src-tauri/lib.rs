//! Panelshot: Grafana panels to pixel-exact images, rendered on the user's own machine.
//!
//! The core modules (`grafana`, `secrets`, `store`, `service`) know nothing of Tauri; `app` is the
//! only place that does, and `cli` is the other thin front door over `service`.

pub mod app;
pub mod cli;
pub mod error;
pub mod export;
pub mod grafana;
pub mod leftovers;
pub mod render;
pub mod secrets;
pub mod service;
pub mod store;
pub mod timespec;

#[cfg(test)]
mod bindings;
