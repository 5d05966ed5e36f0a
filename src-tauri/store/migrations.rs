//! Schema changes, only through the numbered `.sql` files in `migrations/`.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::StoreError;

const MIGRATIONS_SLICE: &[M<'_>] = &[M::up(include_str!("migrations/001_connections.sql"))];

pub const MIGRATIONS: Migrations<'_> = Migrations::from_slice(MIGRATIONS_SLICE);

pub fn apply(db: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let known = MIGRATIONS_SLICE.len() as i64;
    let found: i64 = db
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    MIGRATIONS.to_latest(db).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(super::MIGRATIONS.validate().is_ok());
    }
}
