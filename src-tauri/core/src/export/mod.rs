//! From a capture to a file: formats and encoding, file names, and atomic writes that never
//! leave a partial file or overwrite one unless asked.

mod encode;
mod files;
mod naming;
mod output;

pub use encode::{Format, encode, rgba};
pub use files::{WriteMode, write_atomic};
pub use naming::{
    DEFAULT_TEMPLATE, NameParts, PLACEHOLDERS, check_template, render_name, sanitize,
};
pub use output::{Destination, check_output};

use crate::error::ErrorCode;
use std::path::PathBuf;

use crate::error::Coded;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {detail}. Choose a folder you can write to")]
    Io { path: PathBuf, detail: String },
    #[error("{path} already exists; allow overwriting or choose another name")]
    Exists { path: PathBuf },
    #[error("could not encode the image: {0}")]
    Encode(String),
    #[error("{0}")]
    InvalidFormat(String),
    #[error("{0}")]
    InvalidTemplate(String),
    #[error("{0}")]
    InvalidOutput(String),
    #[error("{path} is no longer there (moved or deleted); re-export it")]
    Missing { path: PathBuf },
}

impl Coded for ExportError {
    fn code(&self) -> ErrorCode {
        match self {
            ExportError::Io { .. } => ErrorCode::ExportIo,
            ExportError::Exists { .. } => ErrorCode::ExportExists,
            ExportError::Encode(_) => ErrorCode::ExportEncode,
            ExportError::InvalidFormat(_) => ErrorCode::ExportInvalidFormat,
            ExportError::InvalidTemplate(_) => ErrorCode::ExportInvalidTemplate,
            ExportError::InvalidOutput(_) => ErrorCode::ExportInvalidOutput,
            ExportError::Missing { .. } => ErrorCode::ExportMissingFile,
        }
    }
}
