use std::path::PathBuf;

/// `PANELSHOT_DATA_DIR`, else the platform's app-data folder (`~/.local/share/panelshot`,
/// `~/Library/Application Support/dev.panelshot.Panelshot`, `%APPDATA%\panelshot\Panelshot\data`).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PANELSHOT_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("dev", "panelshot", "Panelshot")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".panelshot"))
}
