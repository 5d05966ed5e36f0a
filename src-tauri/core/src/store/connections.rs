//! Connection rows: everything about a Grafana except its secret.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthKind {
    Token,
    Basic,
    /// Signed in as a person through Grafana's own login page: its session cookie.
    Session,
    None,
}

impl AuthKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::Token => "token",
            AuthKind::Basic => "basic",
            AuthKind::Session => "session",
            AuthKind::None => "none",
        }
    }
    fn parse(s: &str) -> AuthKind {
        match s {
            "token" => AuthKind::Token,
            "basic" => AuthKind::Basic,
            "session" => AuthKind::Session,
            _ => AuthKind::None,
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: i64,
    pub name: String,
    /// Normalised: scheme, host, port and sub-path, always ending in `/`.
    pub url: String,
    pub org_id: Option<i64>,
    pub auth: AuthKind,
    pub username: Option<String>,
    /// An extra CA certificate (PEM) trusted for this connection only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
    pub insecure: bool,
    pub timeout_secs: u32,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct NewConnection {
    pub name: String,
    pub url: String,
    pub org_id: Option<i64>,
    pub auth: AuthKind,
    pub username: Option<String>,
    pub ca_cert_pem: Option<String>,
    pub insecure: bool,
    pub timeout_secs: u32,
}

const COLUMNS: &str =
    "id, name, url, org_id, auth_kind, username, ca_cert_pem, insecure, timeout_secs, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Connection> {
    Ok(Connection {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        org_id: r.get(3)?,
        auth: AuthKind::parse(&r.get::<_, String>(4)?),
        username: r.get(5)?,
        ca_cert_pem: r.get(6)?,
        insecure: r.get(7)?,
        timeout_secs: r.get(8)?,
        created_at: r.get(9)?,
    })
}

/// A write that broke the unique name is a duplicate, said in words.
fn unique_name(written: rusqlite::Result<usize>, name: &str) -> Result<usize, StoreError> {
    match written {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(StoreError::Duplicate(format!(
                "a connection named {name:?}"
            )))
        }
        other => Ok(other?),
    }
}

/// Reads the row back, runs the follow-up (the keyring) and commits only if it succeeded.
fn finish<E: From<StoreError>>(
    tx: rusqlite::Transaction<'_>,
    id: i64,
    then: impl FnOnce(&Connection) -> Result<(), E>,
) -> Result<Connection, E> {
    let conn = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM connections WHERE id = ?1"),
            [id],
            from_row,
        )
        .map_err(StoreError::from)?;
    then(&conn)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(conn)
}

impl Store {
    /// Inserts a connection, then runs `then` (which stores its secret) inside the same
    /// transaction, so a keyring failure leaves no half-added connection behind.
    pub fn add_connection<E: From<StoreError>>(
        &self,
        new: &NewConnection,
        then: impl FnOnce(&Connection) -> Result<(), E>,
    ) -> Result<Connection, E> {
        let mut db = self.db();
        let tx = db.transaction().map_err(StoreError::from)?;
        let inserted = tx.execute(
            "INSERT INTO connections (name, url, org_id, auth_kind, username, ca_cert_pem, insecure, timeout_secs)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![new.name, new.url, new.org_id, new.auth.as_str(), new.username, new.ca_cert_pem, new.insecure, new.timeout_secs],
        );
        unique_name(inserted, &new.name)?;
        let id = tx.last_insert_rowid();
        finish(tx, id, then)
    }

    /// Replaces a connection's fields, then runs `then` (which changes its secret) inside the same
    /// transaction. A rename carries over to its history rows and saved jobs, which refer to
    /// the connection by name.
    pub fn update_connection<E: From<StoreError>>(
        &self,
        id: i64,
        new: &NewConnection,
        then: impl FnOnce(&Connection) -> Result<(), E>,
    ) -> Result<Connection, E> {
        let mut db = self.db();
        let tx = db.transaction().map_err(StoreError::from)?;
        let old: String = tx
            .query_row("SELECT name FROM connections WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(StoreError::from)?
            .ok_or_else(|| StoreError::NotFound(format!("connection #{id}")))?;
        let updated = tx.execute(
            "UPDATE connections SET name = ?2, url = ?3, org_id = ?4, auth_kind = ?5, username = ?6,
             ca_cert_pem = ?7, insecure = ?8, timeout_secs = ?9 WHERE id = ?1",
            params![id, new.name, new.url, new.org_id, new.auth.as_str(), new.username, new.ca_cert_pem, new.insecure, new.timeout_secs],
        );
        unique_name(updated, &new.name)?;
        if old != new.name {
            for table in ["history", "jobs"] {
                tx.execute(
                    &format!("UPDATE {table} SET connection_name = ?2 WHERE connection_name = ?1"),
                    params![old, new.name],
                )
                .map_err(StoreError::from)?;
            }
        }
        finish(tx, id, then)
    }

    pub fn connections(&self) -> Result<Vec<Connection>, StoreError> {
        let db = self.db();
        let mut stmt = db.prepare(&format!(
            "SELECT {COLUMNS} FROM connections ORDER BY name COLLATE NOCASE"
        ))?;
        let rows = stmt
            .query_map([], from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    pub fn connection(&self, name: &str) -> Result<Connection, StoreError> {
        self.db()
            .query_row(
                &format!("SELECT {COLUMNS} FROM connections WHERE name = ?1"),
                [name],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("connection {name:?}")))
    }

    pub fn remove_connection(&self, id: i64) -> Result<(), StoreError> {
        let n = self
            .db()
            .execute("DELETE FROM connections WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("connection #{id}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(name: &str) -> NewConnection {
        NewConnection {
            name: name.into(),
            url: "http://127.0.0.1:3000/".into(),
            org_id: Some(1),
            auth: AuthKind::Token,
            username: None,
            ca_cert_pem: None,
            insecure: false,
            timeout_secs: 30,
        }
    }

    #[test]
    fn add_list_get_remove() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let ok = |_: &Connection| Ok::<(), StoreError>(());
        let b = store.add_connection(&new("beta"), ok).unwrap();
        store.add_connection(&new("Alpha"), ok).unwrap();
        let names: Vec<String> = store
            .connections()
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, vec!["Alpha", "beta"]);
        assert_eq!(store.connection("beta").unwrap(), b);
        let dup = store.add_connection(&new("ALPHA"), ok).unwrap_err();
        assert!(matches!(dup, StoreError::Duplicate(_)));
        store.remove_connection(b.id).unwrap();
        assert!(matches!(
            store.connection("beta"),
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store.remove_connection(b.id),
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn an_update_renames_everywhere_and_rolls_back_with_its_follow_up() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let ok = |_: &Connection| Ok::<(), StoreError>(());
        let a = store.add_connection(&new("a"), ok).unwrap();
        store.add_connection(&new("taken"), ok).unwrap();
        store
            .db()
            .execute(
                "INSERT INTO jobs (name, connection_name, output_dir, template) VALUES ('j', 'a', '/tmp', 't')",
                [],
            )
            .unwrap();
        let mut edit = new("renamed");
        edit.url = "https://g.example.com/".into();
        edit.auth = AuthKind::None;
        let failed =
            store.update_connection(a.id, &edit, |_| Err(StoreError::NotFound("keyring".into())));
        assert!(failed.is_err());
        assert_eq!(store.connection("a").unwrap(), a);

        let dup = store
            .update_connection(a.id, &new("TAKEN"), ok)
            .unwrap_err();
        assert!(matches!(dup, StoreError::Duplicate(_)));

        let c = store.update_connection(a.id, &edit, ok).unwrap();
        assert_eq!(
            (c.id, c.name.as_str(), c.url.as_str(), c.auth),
            (a.id, "renamed", "https://g.example.com/", AuthKind::None)
        );
        assert_eq!(store.job("j").unwrap().connection, "renamed");
        assert!(matches!(
            store.update_connection(999, &edit, ok),
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn a_failing_follow_up_rolls_the_row_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let res = store.add_connection(&new("x"), |_| Err(StoreError::NotFound("keyring".into())));
        assert!(res.is_err());
        assert!(store.connections().unwrap().is_empty());
    }
}
