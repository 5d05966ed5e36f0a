//! What every module's error shares: a stable code for scripts and the UI.

use serde::Serialize;

/// Implemented by each module's error enum; the code is stable (`grafana.unauthorized`).
pub trait Coded: std::error::Error {
    fn code(&self) -> &'static str;
}

/// How an error crosses IPC and `--json` output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl<E: Coded> From<&E> for ErrorBody {
    fn from(e: &E) -> Self {
        ErrorBody {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}
