//! A person's Grafana session: the cookies Grafana's own login page set. Grafana rotates the
//! session token every `token_rotation_interval_minutes` (default 10) and the old one then
//! stops working, so the cookie is a secret that changes while it is used: every holder (API
//! client, render tab) reads the current value, and a rotation is written back to the keyring
//! at once.

use std::fmt;
use std::sync::{Arc, Mutex};

use super::{Secret, SecretError};

/// Writes a rotated cookie where the next run finds it (the keyring).
pub type Persist = Arc<dyn Fn(&Secret) -> Result<(), SecretError> + Send + Sync>;

#[derive(Clone)]
pub struct SessionCookie {
    /// `name=value; name2=value2`, as a browser's `Cookie` header sends it.
    current: Arc<Mutex<Secret>>,
    /// One rotation at a time: a second caller that met the same "rotate" answer finds the
    /// cookie already changed and retries with it instead of rotating a token that is gone.
    pub(crate) rotating: Arc<tokio::sync::Mutex<()>>,
    persist: Option<Persist>,
}

impl fmt::Debug for SessionCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionCookie(<redacted>)")
    }
}

impl SessionCookie {
    pub fn new(cookie: Secret, persist: Option<Persist>) -> Self {
        SessionCookie {
            current: Arc::new(Mutex::new(cookie)),
            rotating: Arc::new(tokio::sync::Mutex::new(())),
            persist,
        }
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
        if let Some(persist) = &self.persist {
            persist(&merged)?;
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

    #[test]
    fn a_rotation_is_kept_and_persisted_and_never_printed() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = seen.clone();
        let persist: Persist = Arc::new(move |s: &Secret| {
            s2.lock().unwrap().push(s.expose().to_string());
            Ok(())
        });
        let c = SessionCookie::new(Secret::new("grafana_session=abc"), Some(persist));
        assert!(!c.absorb([]).unwrap());
        assert!(c.absorb(["grafana_session=def; Path=/"]).unwrap());
        assert!(!c.absorb(["grafana_session=def; Path=/"]).unwrap());
        assert_eq!(c.current().expose(), "grafana_session=def");
        assert_eq!(*seen.lock().unwrap(), vec!["grafana_session=def"]);
        assert!(!format!("{c:?}").contains("def"));
    }
}
