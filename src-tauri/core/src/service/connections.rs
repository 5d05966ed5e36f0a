//! Connections: add, list, remove, test, and everything that browses through one.

use super::{Core, ServiceError};
use crate::grafana::{
    self, ConnectionTest, Credentials, DashboardDetail, FolderNode, GrafanaClient, SearchPage,
    SearchQuery,
};
/// The HTTP options a stored connection asks for (the store's row, in the client's terms).
pub(crate) fn client_options(conn: &Connection) -> grafana::ClientOptions {
    grafana::ClientOptions {
        org_id: conn.org_id,
        ca_cert_pem: conn.ca_cert_pem.clone(),
        insecure: conn.insecure,
        timeout_secs: conn.timeout_secs,
    }
}

use crate::grafana::GrafanaError;
use crate::limits;
use crate::secrets::{Secret, SecretError, SessionCookie};
use crate::signin;
use crate::store::{AuthKind, Connection, NewConnection};

#[derive(Debug, Clone)]
pub enum AuthInput {
    Token(Secret),
    Basic {
        user: String,
        password: Secret,
    },
    /// Anonymous access, or a token supplied at run time through `PANELSHOT_TOKEN`.
    None,
    /// Signed in as a person through Grafana's login page (`Core::sign_in`, which stores the
    /// session; until then the connection asks for a sign-in).
    Session,
    /// Only when editing: keep the sign-in method, user name and stored secret as they are.
    Keep,
}

#[derive(Debug, Clone)]
pub struct AddConnection {
    pub name: String,
    pub url: String,
    pub org_id: Option<i64>,
    pub auth: AuthInput,
    pub ca_cert_pem: Option<String>,
    pub insecure: bool,
    pub timeout_secs: Option<u32>,
}

fn validate_name(name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 || name.chars().any(char::is_control) {
        return Err(ServiceError::Invalid(
            "a connection name needs 1–100 printable characters".into(),
        ));
    }
    Ok(name.to_string())
}

impl Core {
    /// Checks the fields and turns them into a row; the secret to store comes back beside it.
    fn prepare(
        &self,
        req: AddConnection,
        current: Option<&Connection>,
    ) -> Result<(NewConnection, Option<Secret>), ServiceError> {
        let name = validate_name(&req.name)?;
        let url = grafana::normalize_base_url(&req.url)?;
        if let Some(pem) = &req.ca_cert_pem {
            // Fail now, not at first use, when the file is not a certificate.
            grafana::check_ca_pem(pem)?;
        }
        let (auth, username, secret) = match (req.auth, current) {
            (AuthInput::Token(t), _) if t.is_empty() => {
                return Err(ServiceError::Invalid("the token is empty".into()));
            }
            (AuthInput::Token(t), _) => (AuthKind::Token, None, Some(t)),
            (AuthInput::Basic { user, .. }, _) if user.trim().is_empty() => {
                return Err(ServiceError::Invalid("the user name is empty".into()));
            }
            (AuthInput::Basic { user, password }, _) => {
                (AuthKind::Basic, Some(user), Some(password))
            }
            (AuthInput::Session, _) => (AuthKind::Session, None, None),
            (AuthInput::None, _) if self.env_token.is_some() => (AuthKind::Token, None, None),
            (AuthInput::None, _) => (AuthKind::None, None, None),
            (AuthInput::Keep, Some(c)) => (c.auth, c.username.clone(), None),
            (AuthInput::Keep, None) => {
                return Err(ServiceError::Invalid(
                    "a new connection needs a token, a user and password, or anonymous access"
                        .into(),
                ));
            }
        };
        let row = NewConnection {
            name,
            url: url.to_string(),
            org_id: req.org_id,
            auth,
            username,
            ca_cert_pem: req.ca_cert_pem,
            insecure: req.insecure,
            timeout_secs: match req.timeout_secs.unwrap_or(limits::DEFAULT_TIMEOUT_SECS) {
                t if limits::TIMEOUT_SECS.contains(&t) => t,
                t => {
                    return Err(ServiceError::Invalid(format!(
                        "a connection timeout of {t} s is out of range; use {}–{} seconds",
                        limits::TIMEOUT_SECS.start(),
                        limits::TIMEOUT_SECS.end()
                    )));
                }
            },
        };
        Ok((row, secret))
    }

    pub fn add_connection(&self, req: AddConnection) -> Result<Connection, ServiceError> {
        let (new, secret) = self.prepare(req, None)?;
        self.store.add_connection(&new, |conn| match &secret {
            Some(s) => self
                .secrets
                .set(&self.secret_key(conn), s)
                .map_err(ServiceError::from),
            None => Ok(()),
        })
    }

    /// Changes a connection in place (its id, and so its keyring entry, stays). The secret is
    /// replaced only when new credentials are given, and removed when no longer needed.
    pub fn update_connection(
        &self,
        current_name: &str,
        req: AddConnection,
    ) -> Result<Connection, ServiceError> {
        let current = self.store.connection(current_name)?;
        let (new, secret) = self.prepare(req, Some(&current))?;
        self.render_sources.forget();
        self.forget_session(current.id);
        self.store.update_connection(current.id, &new, |conn| {
            let key = self.secret_key(conn);
            match &secret {
                Some(s) => self.secrets.set(&key, s)?,
                None if conn.auth == AuthKind::None && current.auth != AuthKind::None => {
                    self.secrets.delete(&key)?
                }
                None => {}
            }
            Ok::<(), ServiceError>(())
        })
    }

    pub fn connections(&self) -> Result<Vec<Connection>, ServiceError> {
        Ok(self.store.connections()?)
    }

    /// Removes the secret first: if the keyring cannot be reached the connection stays, so the
    /// user can retry instead of leaving an orphaned secret behind.
    pub fn remove_connection(&self, name: &str) -> Result<(), ServiceError> {
        let conn = self.store.connection(name)?;
        self.render_sources.forget();
        self.forget_session(conn.id);
        if conn.auth != AuthKind::None {
            self.secrets.delete(&self.secret_key(&conn))?;
        }
        self.store.remove_connection(conn.id)?;
        Ok(())
    }

    pub(crate) fn credentials(&self, conn: &Connection) -> Result<Credentials, ServiceError> {
        Ok(match conn.auth {
            AuthKind::Token => match &self.env_token {
                Some(t) => Credentials::Token(t.clone()),
                None => Credentials::Token(self.secrets.get(&self.secret_key(conn))?),
            },
            AuthKind::Basic => Credentials::Basic {
                user: conn.username.clone().unwrap_or_default(),
                password: self.secrets.get(&self.secret_key(conn))?,
            },
            AuthKind::Session => Credentials::Session(self.session_cookie(conn)?),
            AuthKind::None => Credentials::None,
        })
    }

    /// The connection's session as this process knows it, read from the keyring once; a
    /// rotation goes straight back there, and a refused cookie is checked against it (another
    /// process may have rotated the session). No stored session yet means a sign-in is due.
    fn session_cookie(&self, conn: &Connection) -> Result<SessionCookie, ServiceError> {
        let known = self
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&conn.id)
            .cloned();
        if let Some(s) = known {
            return Ok(s);
        }
        // Read without the lock: a locked keyring may ask its owner first, and other
        // connections' calls must not wait on that.
        let key = self.secret_key(conn);
        let cookie = match self.secrets.get(&key) {
            Err(SecretError::Missing(_)) => return Err(GrafanaError::SessionEnded.into()),
            other => other?,
        };
        let session = SessionCookie::kept_in(cookie, self.secrets.clone(), key);
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        // Another call may have read it meanwhile: one session object per connection.
        Ok(sessions.entry(conn.id).or_insert(session).clone())
    }

    fn forget_session(&self, id: i64) {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }

    /// Signs the connection in as a person: Grafana's login page in a browser window, then the
    /// session kept in the keyring and the connection switched to it. Returns the connection
    /// test, which names who signed in.
    pub async fn sign_in(&self, name: &str) -> Result<ConnectionTest, ServiceError> {
        let conn = self.store.connection(name)?;
        let base = grafana::normalize_base_url(&conn.url)?;
        let chosen = self.chosen_browser()?;
        let done = signin::sign_in(
            &base,
            chosen.as_deref(),
            client_options(&conn),
            signin::SIGN_IN_LIMIT,
        )
        .await?;
        let edit = NewConnection {
            name: conn.name.clone(),
            url: conn.url.clone(),
            org_id: conn.org_id,
            auth: AuthKind::Session,
            username: Some(done.login.clone()),
            ca_cert_pem: conn.ca_cert_pem.clone(),
            insecure: conn.insecure,
            timeout_secs: conn.timeout_secs,
        };
        self.render_sources.forget();
        self.forget_session(conn.id);
        self.store.update_connection(conn.id, &edit, |c| {
            self.secrets.set(&self.secret_key(c), &done.cookie)?;
            Ok::<(), ServiceError>(())
        })?;
        self.test_connection(name).await
    }

    pub fn client(&self, name: &str) -> Result<GrafanaClient, ServiceError> {
        let conn = self.store.connection(name)?;
        let base = grafana::normalize_base_url(&conn.url)?;
        Ok(GrafanaClient::new(
            base,
            self.credentials(&conn)?,
            client_options(&conn),
        )?)
    }

    pub async fn test_connection(&self, name: &str) -> Result<ConnectionTest, ServiceError> {
        Ok(self.client(name)?.test().await?)
    }

    pub async fn search(&self, name: &str, q: &SearchQuery) -> Result<SearchPage, ServiceError> {
        Ok(self.client(name)?.search(q).await?)
    }

    pub async fn folders(&self, name: &str) -> Result<Vec<FolderNode>, ServiceError> {
        Ok(self.client(name)?.folders().await?)
    }

    pub async fn tags(&self, name: &str) -> Result<Vec<(String, u64)>, ServiceError> {
        Ok(self.client(name)?.tags().await?)
    }

    pub async fn dashboard(&self, name: &str, uid: &str) -> Result<DashboardDetail, ServiceError> {
        Ok(self.client(name)?.dashboard(uid).await?)
    }

    /// `make run` starts the app with the demo Grafana; give a first-time user a connection to it.
    pub fn ensure_demo_connection(
        &self,
        url: &str,
        token: Secret,
    ) -> Result<Option<Connection>, ServiceError> {
        if !self.store.connections()?.is_empty() {
            return Ok(None);
        }
        self.add_connection(AddConnection {
            name: "Demo Grafana".into(),
            url: url.into(),
            org_id: Some(1),
            auth: AuthInput::Token(token),
            ca_cert_pem: None,
            insecure: false,
            timeout_secs: None,
        })
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::secrets::{MemoryStore, SecretStore};

    fn core() -> (tempfile::TempDir, Core, Arc<MemoryStore>) {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Arc::new(MemoryStore::default());
        let core = Core::open(dir.path(), secrets.clone())
            .unwrap()
            .with_env_token(None);
        (dir, core, secrets)
    }

    fn req(name: &str, auth: AuthInput) -> AddConnection {
        AddConnection {
            name: name.into(),
            url: "http://127.0.0.1:9/grafana".into(),
            org_id: None,
            auth,
            ca_cert_pem: None,
            insecure: false,
            timeout_secs: None,
        }
    }

    #[test]
    fn editing_keeps_or_replaces_the_secret_and_drops_it_when_anonymous() {
        let (_d, core, secrets) = core();
        let conn = core
            .add_connection(req("prod", AuthInput::Token(Secret::new("glsa_old"))))
            .unwrap();
        let key = core.secret_key(&conn);
        let mut edit = req("production", AuthInput::Keep);
        edit.url = "https://grafana.example.com".into();
        edit.org_id = Some(4);
        let c = core.update_connection("prod", edit).unwrap();
        assert_eq!(
            (c.id, c.name.as_str(), c.url.as_str(), c.org_id, c.auth),
            (
                conn.id,
                "production",
                "https://grafana.example.com/",
                Some(4),
                AuthKind::Token
            )
        );
        assert_eq!(secrets.get(&key).unwrap().expose(), "glsa_old");

        core.update_connection(
            "production",
            req("production", AuthInput::Token(Secret::new("glsa_new"))),
        )
        .unwrap();
        assert_eq!(secrets.get(&key).unwrap().expose(), "glsa_new");

        let c = core
            .update_connection("production", req("production", AuthInput::None))
            .unwrap();
        assert_eq!(c.auth, AuthKind::None);
        assert!(secrets.get(&key).is_err());

        assert!(matches!(
            core.update_connection(
                "production",
                req("production", AuthInput::Token(Secret::new("")))
            ),
            Err(ServiceError::Invalid(_))
        ));
        assert!(matches!(
            core.add_connection(req("x", AuthInput::Keep)),
            Err(ServiceError::Invalid(_))
        ));
        assert!(
            core.update_connection("nope", req("y", AuthInput::Keep))
                .is_err()
        );
    }

    #[test]
    fn token_goes_to_the_secret_store_and_not_the_row() {
        let (_d, core, secrets) = core();
        let conn = core
            .add_connection(req("prod", AuthInput::Token(Secret::new("glsa_abc"))))
            .unwrap();
        assert_eq!(conn.url, "http://127.0.0.1:9/grafana/");
        assert_eq!(
            secrets.get(&core.secret_key(&conn)).unwrap().expose(),
            "glsa_abc"
        );
        assert!(!format!("{conn:?}").contains("glsa_abc"));
        core.remove_connection("prod").unwrap();
        assert!(
            secrets.get(&core.secret_key(&conn)).is_err(),
            "removing a connection removes its secret"
        );
    }

    #[test]
    fn bad_input_is_refused_before_anything_is_stored() {
        let (_d, core, _s) = core();
        let e = core.add_connection(req("", AuthInput::None)).unwrap_err();
        assert_eq!(crate::error::Coded::code(&e), "input.invalid");
        let mut bad_url = req("x", AuthInput::None);
        bad_url.url = "ftp://nope".into();
        assert_eq!(
            crate::error::Coded::code(&core.add_connection(bad_url).unwrap_err()),
            "grafana.invalid_url"
        );
        let mut bad_ca = req("y", AuthInput::None);
        bad_ca.ca_cert_pem = Some("not a pem".into());
        assert_eq!(
            crate::error::Coded::code(&core.add_connection(bad_ca).unwrap_err()),
            "grafana.config"
        );
        assert!(core.connections().unwrap().is_empty());
    }

    #[test]
    fn demo_connection_only_when_there_is_none() {
        let (_d, core, _s) = core();
        assert!(
            core.ensure_demo_connection("http://127.0.0.1:3000", Secret::new("t"))
                .unwrap()
                .is_some()
        );
        assert!(
            core.ensure_demo_connection("http://127.0.0.1:3000", Secret::new("t"))
                .unwrap()
                .is_none()
        );
        assert_eq!(core.connections().unwrap().len(), 1);
    }
}

/// What `make run` passes to the app: the demo's URL and a file holding its token.
pub fn demo_from_env(
    url: Option<String>,
    token_file: Option<std::path::PathBuf>,
) -> Result<Option<(String, Secret)>, ServiceError> {
    let (Some(url), Some(file)) = (url, token_file) else {
        return Ok(None);
    };
    let token = std::fs::read_to_string(&file).map_err(|e| {
        ServiceError::Invalid(format!(
            "cannot read the demo token from {}: {e}",
            file.display()
        ))
    })?;
    Ok(Some((url, Secret::new(token.trim()))))
}

#[cfg(test)]
mod demo_tests {
    #[test]
    fn demo_from_env_needs_both_values() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "glsa_demo\n").unwrap();
        assert!(
            super::demo_from_env(None, Some(file.clone()))
                .unwrap()
                .is_none()
        );
        let (url, token) = super::demo_from_env(Some("http://127.0.0.1:3000".into()), Some(file))
            .unwrap()
            .unwrap();
        assert_eq!(
            (url.as_str(), token.expose()),
            ("http://127.0.0.1:3000", "glsa_demo")
        );
        assert!(super::demo_from_env(Some("u".into()), Some(dir.path().join("missing"))).is_err());
    }
}
