//! `panelshot doctor`: checks the database and, when it is corrupt, moves it aside (never
//! deletes it) and starts a new one.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{DB_FILE, Store, StoreError};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum DoctorReport {
    Healthy {
        path: PathBuf,
        schema: i64,
        connections: i64,
        history: i64,
    },
    MovedAside {
        corrupt: PathBuf,
        moved_to: PathBuf,
        detail: String,
        new_database: PathBuf,
        /// Why no new database could be started there (the file was moved all the same).
        #[serde(skip_serializing_if = "Option::is_none")]
        new_database_error: Option<String>,
    },
}

fn check(dir: &Path) -> Result<DoctorReport, StoreError> {
    let store = Store::open(dir)?;
    let path = store.path().to_path_buf();
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.clone(),
        detail,
    };
    let db = store.db();
    // A failure to run the check (full or failing disk, lock) is no verdict on the file.
    let verdict: String = db
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| super::storage::classify(e, Some(&path)))?;
    if verdict != "ok" {
        return Err(corrupt(verdict));
    }
    let count = |table: &str| -> Result<i64, StoreError> {
        db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| super::storage::classify(e, Some(&path)))
    };
    Ok(DoctorReport::Healthy {
        path: path.clone(),
        schema: db.pragma_query_value(None, "user_version", |r| r.get(0))?,
        connections: count("connections")?,
        history: count("history")?,
    })
}

pub fn doctor(dir: &Path) -> Result<DoctorReport, StoreError> {
    let detail = match check(dir) {
        Ok(report) => return Ok(report),
        Err(StoreError::Corrupt { detail, .. }) => detail,
        Err(other) => return Err(other),
    };
    let corrupt = dir.join(DB_FILE);
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let moved_to = dir.join(format!("{DB_FILE}.corrupt-{stamp}"));
    let io = |e: std::io::Error| StoreError::DataDir {
        path: dir.to_path_buf(),
        source: e,
    };
    std::fs::rename(&corrupt, &moved_to).map_err(io)?;
    for side in ["-wal", "-shm"] {
        let from = dir.join(format!("{DB_FILE}{side}"));
        if from.exists() {
            std::fs::rename(&from, dir.join(format!("{DB_FILE}.corrupt-{stamp}{side}")))
                .map_err(io)?;
        }
    }
    // The move has happened: whatever follows, the report says so.
    let new_database_error = Store::open(dir).err().map(|e| e.to_string());
    Ok(DoctorReport::MovedAside {
        new_database: corrupt.clone(),
        corrupt,
        moved_to,
        detail,
        new_database_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_healthy_database_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        Store::open(dir.path()).unwrap();
        match doctor(dir.path()).unwrap() {
            DoctorReport::Healthy {
                schema,
                connections,
                ..
            } => assert_eq!((schema, connections), (super::super::SCHEMA_VERSION, 0)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_corrupt_database_is_kept_and_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let garbage =
            b"SQLite format 3\0 but then garbage follows and nothing is right".repeat(100);
        std::fs::write(dir.path().join(DB_FILE), &garbage).unwrap();
        assert_eq!(
            crate::error::Coded::code(&Store::open(dir.path()).err().unwrap()),
            "store.corrupt"
        );
        assert_eq!(
            std::fs::read(dir.path().join(DB_FILE)).unwrap(),
            garbage,
            "opening never touches it"
        );
        match doctor(dir.path()).unwrap() {
            DoctorReport::MovedAside { moved_to, .. } => {
                assert_eq!(std::fs::read(moved_to).unwrap(), garbage)
            }
            other => panic!("{other:?}"),
        }
        assert!(Store::open(dir.path()).is_ok(), "a new database works");
    }
}
