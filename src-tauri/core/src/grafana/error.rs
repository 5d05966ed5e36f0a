use crate::error::Coded;

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
    #[error("{0}")]
    Config(String),
    /// HTTP 406 from the classic dashboard API: the dashboard is stored in schema v2 and must be
    /// read from the API Grafana names in the message (the client follows it).
    #[error("Grafana asks for another dashboard API: {0}")]
    OtherApi(String),
}

impl Coded for GrafanaError {
    fn code(&self) -> &str {
        match self {
            GrafanaError::InvalidUrl(_) => "grafana.invalid_url",
            GrafanaError::Unreachable { .. } => "grafana.unreachable",
            GrafanaError::Tls { .. } => "grafana.tls",
            GrafanaError::Timeout { .. } => "grafana.timeout",
            GrafanaError::Unauthorized => "grafana.unauthorized",
            GrafanaError::Forbidden(_) => "grafana.forbidden",
            GrafanaError::NotGrafana { .. } => "grafana.not_grafana",
            GrafanaError::Unsupported(_) => "grafana.unsupported",
            GrafanaError::NotFound(_) => "grafana.not_found",
            GrafanaError::BadResponse(_) => "grafana.bad_response",
            GrafanaError::Config(_) => "grafana.config",
            GrafanaError::OtherApi(_) => "grafana.other_api",
        }
    }
}
