//! Reading and removing what the user saved — presets, jobs, history, connections — through
//! the service, so the window and the CLI never reach into the store themselves.

use crate::store::{Connection, HistoryEntry, HistoryFilter, Job, Preset};

use super::{Core, ServiceError};

impl Core {
    pub fn connection(&self, name: &str) -> Result<Connection, ServiceError> {
        Ok(self.store.connection(name)?)
    }

    /// Built-in presets first, then the user's.
    pub fn presets(&self) -> Result<Vec<Preset>, ServiceError> {
        Ok(self.store.presets()?)
    }

    pub fn preset(&self, name: &str) -> Result<Preset, ServiceError> {
        Ok(self.store.preset(name)?)
    }

    /// The preset exports use when they name none, if the user chose one.
    pub fn default_preset(&self) -> Result<Option<Preset>, ServiceError> {
        Ok(self.store.default_preset()?)
    }

    pub fn rename_preset(&self, old: &str, new: &str) -> Result<(), ServiceError> {
        Ok(self.store.rename_preset(old, new)?)
    }

    pub fn delete_preset(&self, name: &str) -> Result<(), ServiceError> {
        Ok(self.store.delete_preset(name)?)
    }

    pub fn jobs(&self) -> Result<Vec<Job>, ServiceError> {
        Ok(self.store.jobs()?)
    }

    pub fn job(&self, name: &str) -> Result<Job, ServiceError> {
        Ok(self.store.job(name)?)
    }

    pub fn delete_job(&self, name: &str) -> Result<(), ServiceError> {
        Ok(self.store.delete_job(name)?)
    }

    /// One page of history, newest first; dates in the filter are checked.
    pub fn history(&self, filter: &HistoryFilter) -> Result<Vec<HistoryEntry>, ServiceError> {
        Ok(self.store.history(filter)?)
    }

    pub fn history_thumbnail(&self, id: i64) -> Result<Option<(Vec<u8>, String)>, ServiceError> {
        Ok(self.store.history_thumbnail(id)?)
    }

    /// `(uid, title)` of every dashboard with history, for the filter list.
    pub fn history_dashboards(&self) -> Result<Vec<(String, String)>, ServiceError> {
        Ok(self.store.history_dashboards()?)
    }

    /// The running browser's process id, if one runs (tests and diagnostics).
    pub async fn browser_pid(&self) -> Option<u32> {
        self.renderer.browser_pid().await
    }

    pub fn renderer_config(&self) -> &crate::render::RendererConfig {
        self.renderer.config()
    }
}
