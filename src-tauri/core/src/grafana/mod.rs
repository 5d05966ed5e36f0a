//! Talking to Grafana over its HTTP API (reference §5). No Tauri, no keyring: a client is built
//! from a connection row and its secret.

mod client;
mod dashboard;
mod error;
mod models;
pub mod template;
mod url;

pub use client::{
    ClientOptions, Credentials, GrafanaClient, MAX_ANSWER_BYTES, error_chain, spki_sha256,
};
pub use dashboard::parse as parse_dashboard;
pub use dashboard::{
    DashboardDetail, DataNeed, GridPos, GroupStep, LibraryRef, PanelInfo, RepeatInfo, VarOption,
    Variable, parse_v2 as parse_dashboard_v2,
};
pub use error::GrafanaError;
pub use models::{ConnectionTest, FolderNode, SearchHit, SearchPage, SearchQuery};
pub use url::normalize_base_url;

/// Checks that a PEM file holds at least one certificate.
pub fn check_ca_pem(pem: &str) -> Result<(), GrafanaError> {
    match reqwest::Certificate::from_pem_bundle(pem.as_bytes()) {
        Ok(c) if !c.is_empty() => Ok(()),
        Ok(_) => Err(GrafanaError::Config(
            "the CA certificate file holds no certificate".into(),
        )),
        Err(e) => Err(GrafanaError::Config(format!(
            "the CA certificate is not valid PEM: {e}"
        ))),
    }
}
