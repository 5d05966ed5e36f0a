use std::path::PathBuf;

use crate::platform::{self, KnownDirs, Os};

/// `PANELSHOT_DATA_DIR`, else the platform's app-data folder (`platform::data_dir`:
/// `~/.local/share/panelshot`, `~/Library/Application Support/dev.panelshot.Panelshot`,
/// `%APPDATA%\panelshot\Panelshot\data`).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PANELSHOT_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    platform::data_dir(Os::current(), &KnownDirs::here())
        .unwrap_or_else(|| PathBuf::from(".panelshot"))
}
