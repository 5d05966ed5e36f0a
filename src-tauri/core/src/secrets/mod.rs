//! Secrets (tokens and passwords) live only in the OS keyring, behind a small trait so unit tests
//! can use memory and integration tests the real Secret Service.

mod keyring_store;
mod memory;
mod secret;
mod session;

pub use keyring_store::KeyringStore;
pub use memory::MemoryStore;
pub use secret::Secret;
pub use session::{SessionCookie, merge_cookies};

use crate::error::Coded;
use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No keyring service, a locked keyring or denied access; never papered over.
    #[error("the OS keyring is unavailable ({detail}). {hint}")]
    Unavailable { detail: String, hint: &'static str },
    #[error(
        "no secret is stored for {0}; add the connection again, or set PANELSHOT_TOKEN for this run"
    )]
    Missing(String),
    #[error("the OS keyring refused the secret: {0}")]
    Failed(String),
}

impl Coded for SecretError {
    fn code(&self) -> ErrorCode {
        match self {
            SecretError::Unavailable { .. } => ErrorCode::KeyringUnavailable,
            SecretError::Missing(_) => ErrorCode::KeyringMissingSecret,
            SecretError::Failed(_) => ErrorCode::KeyringFailed,
        }
    }
}

/// Where secrets are kept. Keys are opaque strings such as `connection/12`.
pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Secret, SecretError>;
    fn set(&self, key: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Deleting a secret that does not exist is not an error.
    fn delete(&self, key: &str) -> Result<(), SecretError>;
}
