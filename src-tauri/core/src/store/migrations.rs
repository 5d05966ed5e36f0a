//! Schema changes, only through the numbered `.sql` files in `migrations/`.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::StoreError;

const MIGRATIONS_SLICE: &[M<'_>] = &[
    M::up(include_str!("migrations/001_connections.sql")),
    M::up(include_str!("migrations/002_history.sql")),
    M::up(include_str!("migrations/003_presets_jobs.sql")),
    M::up(include_str!("migrations/004_job_deck.sql")),
    M::up(include_str!("migrations/005_job_look.sql")),
    M::up(include_str!("migrations/006_preset_zoom.sql")),
    M::up(include_str!("migrations/007_session_auth.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 7;

pub const MIGRATIONS: Migrations<'_> = Migrations::from_slice(MIGRATIONS_SLICE);

pub fn apply(db: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let known = SCHEMA_VERSION;
    let found: i64 = db
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| super::storage::classify(e, Some(path)))?;
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    MIGRATIONS.to_latest(db).map_err(|e| match e {
        // A full or read-only disk can stop a migration too; that is no damage to the file.
        rusqlite_migration::Error::RusqliteError { err, .. } => {
            super::storage::classify(err, Some(path))
        }
        other => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(MIGRATIONS.validate().is_ok());
        assert_eq!(MIGRATIONS_SLICE.len() as i64, SCHEMA_VERSION);
    }

    #[test]
    fn a_database_at_the_first_schema_keeps_its_data_when_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panelshot.db");
        {
            let mut db = Connection::open(&path).unwrap();
            MIGRATIONS.to_version(&mut db, 1).unwrap();
            db.execute(
                "INSERT INTO connections (name, url, org_id, auth_kind, username, insecure, timeout_secs)
                 VALUES ('prod', 'https://g/', 3, 'basic', 'ann', 1, 45)",
                [],
            )
            .unwrap();
            db.execute(
                "INSERT INTO settings (key, value) VALUES ('install_id', 'abc')",
                [],
            )
            .unwrap();
        }
        let store = crate::store::Store::open(dir.path()).unwrap();
        let c = store.connection("prod").unwrap();
        assert_eq!(
            (
                c.url.as_str(),
                c.org_id,
                c.username.as_deref(),
                c.insecure,
                c.timeout_secs
            ),
            ("https://g/", Some(3), Some("ann"), true, 45)
        );
        assert_eq!(store.install_id().unwrap(), "abc");
        let version: i64 = store
            .db()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        assert_eq!(store.history_count().unwrap(), 0, "new tables exist");
    }

    #[test]
    fn a_newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = Connection::open(dir.path().join("panelshot.db")).unwrap();
            db.pragma_update(None, "user_version", 99).unwrap();
        }
        let e = crate::store::Store::open(dir.path()).err().unwrap();
        assert_eq!(crate::error::Coded::code(&e), "store.too_new");
    }
}
