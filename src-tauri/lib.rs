//! Panelshot's desktop app: the Tauri window over `panelshot_core`. The core knows nothing of
//! Tauri (it is a crate of its own, `src-tauri/core`), and the command line is another thin
//! front door (`src-tauri/cli`); this crate only adds the window.

pub mod app;

#[cfg(test)]
mod bindings;

#[cfg(test)]
mod front_doors;
