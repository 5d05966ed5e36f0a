//! The single source of truth for non-secret state: one SQLite file in the data directory.

mod connections;
mod doctor;
mod history;
mod jobs;
mod migrations;
mod presets;
mod storage;

pub use connections::{AuthKind, Connection, NewConnection};
pub use doctor::{DoctorReport, doctor};
pub use history::{FileFormat, HistoryEntry, HistoryFilter, HistoryTarget, NewHistory, Status};
pub use jobs::{Job, JobDeck, JobItem};
pub use migrations::SCHEMA_VERSION;
pub use presets::{DEFAULT_PRESET_SETTING, Preset, builtin_presets};
pub use storage::StorageProblem;

use crate::error::ErrorCode;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection as Db;

use crate::error::Coded;

pub const DB_FILE: &str = "panelshot.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the data directory {path}: {source}. Choose another data folder")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The disk is full, read-only, not ours to write, or failing: the database itself is fine.
    #[error("{}", storage::message(*problem, place))]
    Storage {
        problem: StorageProblem,
        /// The file or folder concerned, or a description when it is not known.
        place: String,
    },
    #[error(
        "{path} is not a readable Panelshot database ({detail}). It was left untouched; move it aside (or run `panelshot doctor`) to start a new one"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "the database {path} was written by a newer Panelshot (schema {found}, this build knows {known}); update Panelshot"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0} already exists; pick another name")]
    Duplicate(String),
    #[error("{0} cannot be changed; duplicate it under a new name instead")]
    ReadOnly(String),
    /// A filter or value that cannot be right, refused before the database is asked.
    #[error("{0}")]
    InvalidInput(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        storage::classify(e, None)
    }
}

impl Coded for StoreError {
    fn code(&self) -> ErrorCode {
        match self {
            StoreError::DataDir { .. } => ErrorCode::StoreDataDir,
            StoreError::Storage { problem, .. } => problem.code(),
            StoreError::Corrupt { .. } => ErrorCode::StoreCorrupt,
            StoreError::TooNew { .. } => ErrorCode::StoreTooNew,
            StoreError::NotFound(_) => ErrorCode::StoreNotFound,
            StoreError::Duplicate(_) => ErrorCode::StoreDuplicate,
            StoreError::ReadOnly(_) => ErrorCode::StoreReadOnly,
            StoreError::InvalidInput(_) => ErrorCode::InputInvalid,
            StoreError::Sql(_) => ErrorCode::StoreFailed,
        }
    }
}

/// The open database. One connection behind a mutex is plenty for this app; SQLite's WAL and
/// busy timeout take care of the CLI and the GUI writing at the same time.
pub struct Store {
    db: Mutex<Db>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) `panelshot.db` in `dir` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| storage::from_io(dir, source))?;
        let path = dir.join(DB_FILE);
        // Only SQLite's own verdict (not a database, malformed) makes a file corrupt; a full,
        // read-only or failing disk is told as such, so that nobody moves a healthy file aside.
        let fail = |e: rusqlite::Error| storage::classify(e, Some(&path));
        let mut db = Db::open(&path).map_err(fail)?;
        db.busy_timeout(Duration::from_secs(10)).map_err(fail)?;
        // The first statement that reads the file is where a non-database shows itself.
        db.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(fail)?;
        db.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        db.pragma_update(None, "foreign_keys", "ON").map_err(fail)?;
        migrations::apply(&mut db, &path)?;
        Ok(Store {
            db: Mutex::new(db),
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn db(&self) -> MutexGuard<'_, Db> {
        // A panic while holding the lock cannot leave SQLite inconsistent (it rolls back), so a
        // poisoned lock is still safe to use.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A random id made when the database was created; keyring keys include it so that two
    /// data directories on one machine never share secrets.
    pub fn install_id(&self) -> Result<String, StoreError> {
        let db = self.db();
        db.execute(
            "INSERT OR IGNORE INTO settings (key, value) VALUES ('install_id', lower(hex(randomblob(8))))",
            [],
        )?;
        Ok(db.query_row(
            "SELECT value FROM settings WHERE key = 'install_id'",
            [],
            |r| r.get(0),
        )?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .db()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn delete_setting(&self, key: &str) -> Result<(), StoreError> {
        self.db()
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_a_fresh_directory_and_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("nested/data")).unwrap();
        store.set_setting("k", "v").unwrap();
        drop(store);
        let store = Store::open(&dir.path().join("nested/data")).unwrap();
        assert_eq!(store.setting("k").unwrap().as_deref(), Some("v"));
        assert_eq!(store.setting("missing").unwrap(), None);
        let id = store.install_id().unwrap();
        assert_eq!(id.len(), 16);
        assert_eq!(store.install_id().unwrap(), id);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        std::fs::write(
            &path,
            b"this is not sqlite, it is a text file that happens to sit here",
        )
        .unwrap();
        let err = Store::open(dir.path()).err().expect("must fail");
        assert_eq!(err.code(), "store.corrupt");
        assert!(err.to_string().contains("left untouched"));
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"this is not sqlite, it is a text file that happens to sit here"
        );
    }
}
