use crate::error::Coded;
use crate::error::ErrorCode;
use crate::export::ExportError;
use crate::grafana::GrafanaError;
use crate::render::RenderError;
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
    #[error(transparent)]
    Render(RenderError),
    #[error(transparent)]
    Export(ExportError),
    #[error(transparent)]
    Install(#[from] crate::install::InstallError),
    #[error(transparent)]
    Data(#[from] crate::data::DataError),
    #[error(transparent)]
    Signin(#[from] crate::signin::SigninError),
    #[error("{0}")]
    Invalid(String),
    /// Panelshot itself failed (a runtime that would not start, a file it just wrote that it
    /// cannot read back): nothing the user asked for was wrong.
    #[error(
        "{0}; this is Panelshot's fault, please report it with the log (Settings → Open log folder)"
    )]
    Internal(String),
    /// A batch in which items failed; carries the first item's code.
    #[error("{message}")]
    Reported { code: ErrorCode, message: String },
}

impl Coded for ServiceError {
    fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Grafana(e) => e.code(),
            ServiceError::Secret(e) => e.code(),
            ServiceError::Store(e) => e.code(),
            ServiceError::Render(e) => e.code(),
            ServiceError::Export(e) => e.code(),
            ServiceError::Install(e) => e.code(),
            ServiceError::Data(e) => e.code(),
            ServiceError::Signin(e) => e.code(),
            ServiceError::Invalid(_) => ErrorCode::InputInvalid,
            ServiceError::Internal(_) => ErrorCode::InternalError,
            ServiceError::Reported { code, .. } => *code,
        }
    }
}
