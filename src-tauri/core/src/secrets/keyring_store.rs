use std::sync::Mutex;

use super::{Secret, SecretError, SecretStore};

const SERVICE: &str = "panelshot";

/// What to do when the keyring does not answer, for this OS (`platform::keyring_backend`).
fn hint() -> &'static str {
    crate::platform::keyring_backend(crate::platform::Os::current()).advice
}

/// The OS keyring (Keychain, Credential Manager, Secret Service). Calls are serialised: the
/// Secret Service is a D-Bus RPC and does not like concurrent callers.
#[derive(Default)]
pub struct KeyringStore {
    lock: Mutex<()>,
}

fn map(key: &str, e: keyring::Error) -> SecretError {
    match e {
        keyring::Error::NoEntry => SecretError::Missing(key.to_string()),
        keyring::Error::NoStorageAccess(inner) => SecretError::Unavailable {
            detail: format!("the keyring is locked or access was denied: {inner}"),
            hint: hint(),
        },
        keyring::Error::PlatformFailure(inner) => SecretError::Unavailable {
            detail: format!("no keyring service answered: {inner}"),
            hint: hint(),
        },
        other => SecretError::Failed(other.to_string()),
    }
}

impl KeyringStore {
    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(SERVICE, key).map_err(|e| map(key, e))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, key: &str) -> Result<Secret, SecretError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| SecretError::Failed("keyring lock poisoned".into()))?;
        self.entry(key)?
            .get_password()
            .map(Secret::new)
            .map_err(|e| map(key, e))
    }

    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| SecretError::Failed("keyring lock poisoned".into()))?;
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(|e| map(key, e))
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| SecretError::Failed("keyring lock poisoned".into()))?;
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map(key, e)),
        }
    }
}
