use crate::error::Coded;
use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum GrafanaError {
    #[error("{0}")]
    InvalidUrl(String),
    #[error("could not reach {host}: {detail}. Check the URL and that Grafana is running")]
    Unreachable { host: String, detail: String },
    #[error(
        "TLS problem talking to {host}: {detail}. If Grafana uses a private CA, add its certificate to the connection"
    )]
    Tls { host: String, detail: String },
    #[error(
        "{host} did not answer within {secs} s. Check the URL, or raise the connection's timeout if Grafana is slow"
    )]
    Timeout { host: String, secs: u32 },
    #[error(
        "Grafana rejected the credentials (401). Check the token or password, or create a new service-account token"
    )]
    Unauthorized,
    /// A person's session (`AuthKind::Session`) that Grafana no longer accepts: signed out,
    /// revoked, or past `login_maximum_lifetime_duration`. Only a new sign-in cures it.
    #[error(
        "Your Grafana session ended — sign in again (\"Sign in\" on the connection, or `panelshot connection login <name>`)"
    )]
    SessionEnded,
    #[error(
        "the credentials are valid but lack permission (403): {0}. Give the service account the Viewer role or higher"
    )]
    Forbidden(String),
    #[error(
        "{host} does not look like Grafana: {detail}. Check the URL, including any sub-path such as /grafana/"
    )]
    NotGrafana { host: String, detail: String },
    #[error("Grafana {0} is not supported; Panelshot needs Grafana 9 or newer")]
    Unsupported(String),
    #[error("{0} not found in Grafana")]
    NotFound(String),
    #[error("Grafana sent an answer Panelshot cannot use: {0}")]
    BadResponse(String),
    /// A 5xx: Grafana (or the proxy in front of it) failed, which a retry may cure; not an
    /// answer Panelshot misread.
    #[error(
        "Grafana failed with HTTP {status} answering {path} ({message}). Check Grafana (or the proxy in front of it), then try again"
    )]
    ServerError {
        status: u16,
        path: String,
        message: String,
    },
    #[error("{0}")]
    Config(String),
    #[error(
        "Grafana's answer to {what} is larger than {limit_mb} MB, more than any dashboard or list Panelshot reads: check that the URL points at Grafana"
    )]
    TooLarge { what: String, limit_mb: usize },
    /// HTTP 406 from the classic dashboard API: the dashboard is stored in schema v2 and must be
    /// read from the API Grafana names in the message (the client follows it).
    #[error("Grafana asks for another dashboard API: {0}")]
    OtherApi(String),
}

impl Coded for GrafanaError {
    fn code(&self) -> ErrorCode {
        match self {
            GrafanaError::InvalidUrl(_) => ErrorCode::GrafanaInvalidUrl,
            GrafanaError::Unreachable { .. } => ErrorCode::GrafanaUnreachable,
            GrafanaError::Tls { .. } => ErrorCode::GrafanaTls,
            GrafanaError::Timeout { .. } => ErrorCode::GrafanaTimeout,
            GrafanaError::Unauthorized => ErrorCode::GrafanaUnauthorized,
            GrafanaError::SessionEnded => ErrorCode::GrafanaSessionEnded,
            GrafanaError::Forbidden(_) => ErrorCode::GrafanaForbidden,
            GrafanaError::NotGrafana { .. } => ErrorCode::GrafanaNotGrafana,
            GrafanaError::Unsupported(_) => ErrorCode::GrafanaUnsupported,
            GrafanaError::NotFound(_) => ErrorCode::GrafanaNotFound,
            GrafanaError::BadResponse(_) => ErrorCode::GrafanaBadResponse,
            GrafanaError::ServerError { .. } => ErrorCode::GrafanaServerError,
            GrafanaError::Config(_) => ErrorCode::GrafanaConfig,
            GrafanaError::TooLarge { .. } => ErrorCode::GrafanaTooLarge,
            GrafanaError::OtherApi(_) => ErrorCode::GrafanaOtherApi,
        }
    }
}
