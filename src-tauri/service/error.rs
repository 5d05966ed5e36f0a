use crate::error::Coded;
use crate::grafana::GrafanaError;
use crate::secrets::SecretError;
use crate::store::StoreError;

/// A use case fails for one of its parts' reasons, or because the request itself is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Grafana(#[from] GrafanaError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
}

impl Coded for ServiceError {
    fn code(&self) -> &'static str {
        match self {
            ServiceError::Grafana(e) => e.code(),
            ServiceError::Secret(e) => e.code(),
            ServiceError::Store(e) => e.code(),
            ServiceError::Invalid(_) => "input.invalid",
        }
    }
}
