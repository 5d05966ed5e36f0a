//! The use cases. The GUI and the CLI both call these and nothing below them.

mod browser;
mod connections;
mod data_files;
mod deck;
mod error;
mod export;
mod export_one;
mod history;
mod jobs;
mod look;
mod paths;
mod presets;
mod render_sources;
mod saved;
mod settings;
mod stop;
mod thumbnails;

pub use browser::{BrowserOrigin, BrowserStatus, test_browser};
// The few free functions the window and the CLI need from the layers below, so their front
// doors call `service` alone.
pub use crate::signin::has_desktop;
pub use crate::store::{DoctorReport, doctor};
pub use connections::{AddConnection, AuthInput, demo_from_env};
pub use deck::{DeckPanel, DeckRequest, DeckResult};
pub use error::ServiceError;
pub use export::{ExportItem, ExportRequest, ExportTarget, Progress};
pub use history::{SavedSettings, THUMBNAIL_PX, thumbnail};
pub use jobs::{JobRun, parse_job_item};
pub use look::{DEFAULT_HEIGHT, DEFAULT_WIDTH, Look, LookPatch};
pub use paths::default_data_dir;
pub use settings::{AppSettings, SettingsUpdate, example_name, pixels};
pub use stop::Stop;
pub use thumbnails::{
    PANEL_THUMBNAIL_PX, PanelThumb, THUMBNAIL_PAGE_WIDTH, ThumbnailAnswer, Thumbnails,
};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::render::{Renderer, RendererConfig};
use crate::secrets::{Secret, SecretStore};
use crate::store::Store;

/// The environment variable that supplies a token for headless CLI use (overrides the keyring).
pub const TOKEN_ENV: &str = "PANELSHOT_TOKEN";
/// Settings key of the browser chosen by the user.
pub const CHROME_SETTING: &str = "chromium_path";
/// Where `panelshot browser install` put the headless shell.
pub const DOWNLOADED_BROWSER_SETTING: &str = "downloaded_browser";

pub struct Core {
    store: Store,
    secrets: Arc<dyn SecretStore>,
    renderer: Arc<Renderer>,
    data_dir: PathBuf,
    install_id: String,
    env_token: Option<Secret>,
    render_sources: render_sources::RenderSources,
    thumbnails: thumbnails::ThumbnailCache,
    /// Each signed-in connection's session, shared by every client and render of this process
    /// so that one rotation serves them all (`AuthKind::Session`).
    sessions: std::sync::Mutex<std::collections::HashMap<i64, crate::secrets::SessionCookie>>,
    stop: Stop,
}

impl Core {
    pub fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Core, ServiceError> {
        let store = Store::open(data_dir)?;
        let env_token = std::env::var(TOKEN_ENV)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .map(|t| Secret::new(t.trim()));
        let install_id = store.install_id()?;
        let chrome = store.setting(CHROME_SETTING)?.map(PathBuf::from);
        let downloaded = store
            .setting(DOWNLOADED_BROWSER_SETTING)?
            .map(PathBuf::from);
        let concurrency =
            settings::number(&store, settings::CONCURRENCY, settings::DEFAULT_CONCURRENCY)?;
        let renderer = Arc::new(Renderer::new(RendererConfig {
            chrome,
            downloaded,
            concurrency: concurrency as usize,
            first_query_wait: settings::first_query_wait(&store)?,
            ..Default::default()
        }));
        Ok(Core {
            store,
            secrets,
            renderer,
            data_dir: data_dir.to_path_buf(),
            install_id,
            env_token,
            render_sources: render_sources::RenderSources::default(),
            thumbnails: thumbnails::ThumbnailCache::default(),
            sessions: Default::default(),
            stop: Stop::default(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Replaces the renderer's configuration (`--chrome`, concurrency); only before any render.
    pub fn set_renderer(&mut self, config: RendererConfig) {
        self.renderer = Arc::new(Renderer::new(config));
    }

    /// How many items of a batch are under way at once. The renderer admits `concurrency`
    /// renders; twice that many items keep its pages busy while finished ones are encoded,
    /// written (fsync'd) and recorded, work that would otherwise hold a render's place.
    pub(crate) fn items_in_flight(&self) -> usize {
        self.renderer.config().concurrency.max(1) * 2
    }

    /// What stops the exports under way (the CLI calls it on Ctrl-C and SIGTERM).
    pub fn stopper(&self) -> Stop {
        self.stop.clone()
    }

    /// Closes the browser, if one runs. Call before the process exits.
    pub async fn shutdown(&self) {
        self.renderer.shutdown().await;
    }

    /// The keyring key of a connection's secret.
    pub(crate) fn secret_key(&self, conn: &crate::store::Connection) -> String {
        format!("{}/connection/{}", self.install_id, conn.id)
    }

    /// Replaces the token taken from `PANELSHOT_TOKEN` (tests; the GUI never sets one).
    pub fn with_env_token(mut self, token: Option<Secret>) -> Self {
        self.env_token = token;
        self
    }
}

/// A core over a fresh data folder and an in-memory keyring, for unit tests.
#[cfg(test)]
pub(crate) fn test_core() -> (tempfile::TempDir, Core) {
    let dir = tempfile::tempdir().expect("temp dir");
    let core = Core::open(dir.path(), Arc::new(crate::secrets::MemoryStore::default()))
        .expect("core")
        .with_env_token(None);
    (dir, core)
}
