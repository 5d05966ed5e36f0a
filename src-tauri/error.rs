//! What every module's error shares: a stable code for scripts and the UI.

use serde::{Deserialize, Serialize};

/// Implemented by each module's error enum; the code is stable (`grafana.unauthorized`).
pub trait Coded: std::error::Error {
    fn code(&self) -> &str;
}

/// How an error crosses IPC and `--json` output.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
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
