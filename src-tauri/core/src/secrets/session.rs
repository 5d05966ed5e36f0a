//! A person's Grafana session: the cookies Grafana's own login page set. Grafana rotates the
//! session token every `token_rotation_interval_minutes` (default 10) and the old one then
//! stops working, so the cookie is a secret that changes while it is used: every holder (API
//! client, render tab) reads the current value, and a rotation is written back to the keyring
//! at once.

use std::fmt;
use std::sync::{Arc, Mutex};

use super::{Secret, SecretError, SecretStore};

/// Where a session is kept between runs and shared with other processes (the window, a CLI
/// run): its keyring entry.
#[derive(Clone)]
struct Kept {
    store: Arc<dyn SecretStore>,
    key: String,
}

#[derive(Clone)]
pub struct SessionCookie {
    /// `name=value; name2=value2`, as a browser's `Cookie` header sends it.
    current: Arc<Mutex<Secret>>,
    /// One rotation at a time: a second caller that met the same "rotate" answer finds the
    /// cookie already changed and retries with it instead of rotating a token that is gone.
    pub(crate) rotating: Arc<tokio::sync::Mutex<()>>,
    kept: Option<Kept>,
}

impl fmt::Debug for SessionCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionCookie(<redacted>)")
    }
}

impl SessionCookie {
    /// A session kept nowhere (a sign-in checking the cookies it got).
    pub fn new(cookie: Secret) -> Self {
        SessionCookie {
            current: Arc::new(Mutex::new(cookie)),
            rotating: Arc::new(tokio::sync::Mutex::new(())),
            kept: None,
        }
    }

    /// A session kept under `key` in `store`: a rotation is written back at once, and a cookie
    /// another process wrote there is found (`adopt_stored`).
    pub fn kept_in(cookie: Secret, store: Arc<dyn SecretStore>, key: String) -> Self {
        SessionCookie {
            kept: Some(Kept { store, key }),
            ..SessionCookie::new(cookie)
        }
    }

    /// Grafana accepts a session token until it is rotated twice (grafana
    /// `pkg/services/auth/authimpl/auth_token.go`: the token and the one before it), so a
    /// process whose cookie another process rotated since keeps working for a while and is
    /// then refused. After a refusal of `sent`, or before rotating it, this takes the cookie as
    /// last kept when it differs from `sent`. Returns whether there is now another cookie to
    /// try.
    pub fn adopt_stored(&self, sent: &Secret) -> bool {
        // Read before locking: a keyring may take a while (or ask to be unlocked).
        let stored = self.kept.as_ref().and_then(|k| k.store.get(&k.key).ok());
        let mut cur = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(stored) = stored
            && *cur == *sent
            && stored != *sent
        {
            *cur = stored;
        }
        *cur != *sent
    }

    /// The `Cookie` header value to send now.
    pub fn current(&self) -> Secret {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Takes in the `Set-Cookie` headers of a Grafana answer (a rotation): the cookies they
    /// name replace or remove ours, and the result is kept in the keyring. Returns whether
    /// anything changed.
    pub fn absorb<'a>(
        &self,
        set_cookies: impl IntoIterator<Item = &'a str>,
    ) -> Result<bool, SecretError> {
        let set: Vec<&str> = set_cookies.into_iter().collect();
        if set.is_empty() {
            return Ok(false);
        }
        let merged = {
            let mut cur = self.current.lock().unwrap_or_else(|p| p.into_inner());
            let merged = Secret::new(merge_cookies(cur.expose(), &set));
            if merged == *cur {
                return Ok(false);
            }
            *cur = merged.clone();
            merged
        };
        if let Some(k) = &self.kept {
            k.store.set(&k.key, &merged)?;
        }
        Ok(true)
    }
}

/// `a=1; b=2` with `Set-Cookie: b=3; Path=/; HttpOnly` applied is `a=1; b=3`; a cookie set to
/// expire (`Max-Age=0` or negative, or an empty value as Grafana's logout writes) goes.
pub fn merge_cookies(header: &str, set_cookies: &[&str]) -> String {
    let mut pairs: Vec<(String, String)> = header
        .split(';')
        .filter_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (!k.is_empty()).then(|| (k.to_string(), v.to_string()))
        })
        .collect();
    for line in set_cookies {
        let mut parts = line.split(';');
        let Some((name, value)) = parts.next().and_then(|kv| kv.trim().split_once('=')) else {
            continue;
        };
        let name = name.trim();
        let expired = value.is_empty()
            || parts.any(|attr| {
                let (k, v) = attr.trim().split_once('=').unwrap_or((attr.trim(), ""));
                k.eq_ignore_ascii_case("max-age") && v.trim().parse::<i64>().is_ok_and(|n| n <= 0)
            });
        pairs.retain(|(k, _)| k != name);
        if !expired {
            pairs.push((name.to_string(), value.to_string()));
        }
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_replaces_adds_and_expires() {
        let h = "grafana_session=old; grafana_session_expiry=100";
        assert_eq!(
            merge_cookies(h, &["grafana_session=new; Path=/; HttpOnly; SameSite=Lax"]),
            "grafana_session_expiry=100; grafana_session=new"
        );
        assert_eq!(
            merge_cookies(h, &["grafana_session_expiry=; Max-Age=0", "x=1"]),
            "grafana_session=old; x=1"
        );
        assert_eq!(
            merge_cookies(h, &["grafana_session=gone; Max-Age=-1"]),
            "grafana_session_expiry=100"
        );
        assert_eq!(merge_cookies("", &["a=b"]), "a=b");
    }

    /// A store that records every write, over memory.
    #[derive(Default)]
    struct Recording {
        inner: super::super::MemoryStore,
        sets: Mutex<Vec<String>>,
    }

    impl SecretStore for Recording {
        fn get(&self, key: &str) -> Result<Secret, SecretError> {
            self.inner.get(key)
        }
        fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
            self.sets.lock().unwrap().push(secret.expose().to_string());
            self.inner.set(key, secret)
        }
        fn delete(&self, key: &str) -> Result<(), SecretError> {
            self.inner.delete(key)
        }
    }

    #[test]
    fn a_rotation_is_kept_and_persisted_and_never_printed() {
        let store = Arc::new(Recording::default());
        let c = SessionCookie::kept_in(
            Secret::new("grafana_session=abc"),
            store.clone(),
            "k".into(),
        );
        assert!(!c.absorb([]).unwrap());
        assert!(c.absorb(["grafana_session=def; Path=/"]).unwrap());
        assert!(!c.absorb(["grafana_session=def; Path=/"]).unwrap());
        assert_eq!(c.current().expose(), "grafana_session=def");
        assert_eq!(*store.sets.lock().unwrap(), vec!["grafana_session=def"]);
        assert!(!format!("{c:?}").contains("def"));
    }

    #[test]
    fn a_cookie_another_process_kept_is_taken_only_in_place_of_the_one_refused() {
        let kept = Arc::new(super::super::MemoryStore::default());
        let keep = |v: &str| kept.set("k", &Secret::new(v)).unwrap();
        keep("grafana_session=theirs");
        let c = SessionCookie::kept_in(
            Secret::new("grafana_session=ours"),
            kept.clone(),
            "k".into(),
        );
        let ours = c.current();
        assert!(c.adopt_stored(&ours));
        assert_eq!(c.current().expose(), "grafana_session=theirs");
        // A refusal of a cookie already replaced (a rotation here meanwhile) keeps ours.
        keep("grafana_session=older");
        assert!(c.adopt_stored(&ours));
        assert_eq!(c.current().expose(), "grafana_session=theirs");
        // Nothing newer kept: nothing else to try.
        let now = c.current();
        keep(now.expose());
        assert!(!c.adopt_stored(&now));
        // Kept nowhere (a sign-in's own session) or not found where kept: the same.
        let alone = SessionCookie::new(Secret::new("grafana_session=x"));
        assert!(!alone.adopt_stored(&alone.current()));
        let missing = SessionCookie::kept_in(
            Secret::new("grafana_session=x"),
            kept.clone(),
            "other".into(),
        );
        assert!(!missing.adopt_stored(&missing.current()));
    }
}
