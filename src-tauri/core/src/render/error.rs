use crate::error::Coded;
use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "no Chromium-based browser found (looked at: {looked}). Download Chrome's headless shell into Panelshot (`panelshot browser install`, or Settings → Browser), install Chromium or Google Chrome (Debian: `sudo apt install chromium-headless-shell`, the lightest, or `chromium`), or point Panelshot at one (Settings, or PANELSHOT_CHROME)"
    )]
    ChromiumNotFound { looked: String },
    #[error(
        "{0} is a launcher script, not the browser: it starts the browser in a separate process (or a sandbox) that Panelshot cannot drive. Choose the browser's own program instead (for Chrome on Linux /opt/google/chrome/chrome), or download Chrome's headless shell into Panelshot (`panelshot browser install`, or Settings → Browser)"
    )]
    ChromiumIsScript(String),
    #[error("the browser at {path} did not start: {detail}")]
    LaunchFailed { path: String, detail: String },
    #[error("{0}; the next render starts a fresh browser")]
    BrowserCrashed(String),
    #[error(
        "timed out after {secs} s waiting for Grafana to finish drawing: {pending}. Raise the timeout, or capture anyway to take the image as it is"
    )]
    Timeout { secs: u64, pending: String },
    #[error(
        "the panel has queries, but the page started no data query within {secs} s, so it would be captured without its data. Check that the panel works in Grafana (its data source plugin may fail to load), raise the first-query wait, or capture it anyway as it is"
    )]
    NoQuery { secs: f64 },
    #[error(
        "Grafana answered HTTP {status} while drawing the panel ({url}): the data source or Grafana itself failed. Check the panel in Grafana or try again later, or capture it anyway as it is"
    )]
    GrafanaServerError { status: i64, url: String },
    #[error(
        "Grafana stopped answering during the render: the panel's data query ({url}) failed with {detail}. Check that Grafana is running, then try again"
    )]
    GrafanaLost { detail: String, url: String },
    #[error("{0}")]
    InvalidSize(String),
    #[error("{0}")]
    InvalidOption(String),
    #[error(
        "Grafana sent the browser to its login page: the connection's credentials were not accepted for {0}"
    )]
    Unauthorized(String),
    #[error(
        "the panel shows an error instead of data: {0}. Capture it anyway to export it as it is"
    )]
    PanelError(String),
    #[error("Grafana says the panel was not found: {0}")]
    PanelNotFound(String),
    #[error("Grafana answered HTTP {status} for the panel page {url}")]
    PageStatus { status: i64, url: String },
    #[error("the browser could not load the page: {0}. Check that Grafana is reachable")]
    Navigation(String),
    #[error(
        "the browser refused {host}'s certificate ({detail}), so nothing was sent to it. If Grafana uses a private CA, add its certificate to the connection"
    )]
    Tls { host: String, detail: String },
    #[error(
        "something in front of the panel would be in the picture: {0}. Close it in Grafana for this account (or turn off what shows it), then export again"
    )]
    Covered(String),
    #[error("a browser step failed: {0}")]
    Cdp(String),
    /// A step got no answer in time; the browser is replaced before the error reaches the user
    /// (as `BrowserCrashed`), so a hung browser is never trusted again.
    #[error("the browser stopped answering while {0}")]
    Hung(String),
    #[error("the render was cancelled")]
    Cancelled,
}

impl Coded for RenderError {
    fn code(&self) -> ErrorCode {
        match self {
            RenderError::ChromiumNotFound { .. } => ErrorCode::ChromiumNotFound,
            RenderError::ChromiumIsScript(_) => ErrorCode::ChromiumIsScript,
            RenderError::LaunchFailed { .. } => ErrorCode::ChromiumLaunchFailed,
            RenderError::BrowserCrashed(_) => ErrorCode::RenderBrowserCrashed,
            RenderError::Timeout { .. } => ErrorCode::RenderTimeout,
            RenderError::NoQuery { .. } => ErrorCode::RenderNoQuery,
            RenderError::GrafanaServerError { .. } => ErrorCode::GrafanaServerError,
            RenderError::GrafanaLost { .. } => ErrorCode::GrafanaUnreachable,
            RenderError::InvalidSize(_) => ErrorCode::RenderInvalidSize,
            RenderError::InvalidOption(_) => ErrorCode::RenderInvalidOption,
            RenderError::Unauthorized(_) => ErrorCode::GrafanaUnauthorized,
            RenderError::PanelError(_) => ErrorCode::RenderPanelError,
            RenderError::PanelNotFound(_) => ErrorCode::GrafanaNotFound,
            RenderError::PageStatus { .. } => ErrorCode::RenderPageStatus,
            RenderError::Navigation(_) => ErrorCode::GrafanaUnreachable,
            RenderError::Tls { .. } => ErrorCode::GrafanaTls,
            RenderError::Covered(_) => ErrorCode::RenderCovered,
            RenderError::Cdp(_) => ErrorCode::RenderCdp,
            RenderError::Hung(_) => ErrorCode::RenderBrowserCrashed,
            RenderError::Cancelled => ErrorCode::RenderCancelled,
        }
    }
}

impl From<chromiumoxide::error::CdpError> for RenderError {
    fn from(e: chromiumoxide::error::CdpError) -> Self {
        match e {
            chromiumoxide::error::CdpError::Timeout => {
                RenderError::Hung("waiting for an answer to a DevTools request".into())
            }
            e => RenderError::Cdp(e.to_string()),
        }
    }
}

/// For `map_err` on chromiumoxide results.
pub(crate) fn cdp(e: chromiumoxide::error::CdpError) -> RenderError {
    e.into()
}

/// For `map_err` on a page answer that does not have the expected shape.
pub(crate) fn bad_answer(e: serde_json::Error) -> RenderError {
    RenderError::Cdp(format!("the page answered something unexpected: {e}"))
}
