//! What every module's error shares: a stable code for scripts and the UI.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($variant:ident = $code:literal,)*) => {
        /// Every code Panelshot reports, from the core and from the window's own commands: the
        /// one list. Each module's `code()` names one of these; the window's TypeScript gets
        /// them as the `ErrorCode` union, so its per-code advice is checked by the compiler.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code a text names, if it is one of Panelshot's.
            pub fn parse(code: &str) -> Option<ErrorCode> {
                ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
            }

            /// The stable text scripts and the window match on (`grafana.unauthorized`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    BrowserBadArchive = "browser.bad_archive",
    BrowserBadSource = "browser.bad_source",
    BrowserBroken = "browser.broken",
    BrowserDownloadFailed = "browser.download_failed",
    BrowserIo = "browser.io",
    BrowserUnsupported = "browser.unsupported_platform",
    ChromiumIsScript = "chromium.launcher_script",
    ChromiumLaunchFailed = "chromium.launch_failed",
    ChromiumNotFound = "chromium.not_found",
    ClipboardFailed = "clipboard.failed",
    DeckEncode = "deck.encode",
    DesktopOpenFailed = "desktop.open_failed",
    ExportEncode = "export.encode",
    ExportExists = "export.exists",
    ExportInvalidFormat = "export.invalid_format",
    ExportInvalidOutput = "export.invalid_output",
    ExportInvalidTemplate = "export.invalid_template",
    ExportIo = "export.io",
    ExportMissingFile = "export.missing_file",
    GrafanaBadResponse = "grafana.bad_response",
    GrafanaConfig = "grafana.config",
    GrafanaForbidden = "grafana.forbidden",
    GrafanaInvalidUrl = "grafana.invalid_url",
    GrafanaNotFound = "grafana.not_found",
    GrafanaNotGrafana = "grafana.not_grafana",
    GrafanaOtherApi = "grafana.other_api",
    GrafanaServerError = "grafana.server_error",
    GrafanaSessionEnded = "grafana.session_ended",
    GrafanaTimeout = "grafana.timeout",
    GrafanaTls = "grafana.tls",
    GrafanaTooLarge = "grafana.too_large",
    GrafanaUnauthorized = "grafana.unauthorized",
    GrafanaUnreachable = "grafana.unreachable",
    GrafanaUnsupported = "grafana.unsupported",
    InputInvalid = "input.invalid",
    InternalError = "internal.error",
    IpcFailed = "ipc.failed",
    KeyringFailed = "keyring.failed",
    KeyringMissingSecret = "keyring.missing_secret",
    KeyringUnavailable = "keyring.unavailable",
    RenderBrowserCrashed = "render.browser_crashed",
    RenderCancelled = "render.cancelled",
    RenderCdp = "render.cdp",
    RenderCovered = "render.covered",
    RenderFailed = "render.failed",
    RenderInvalidOption = "render.invalid_option",
    RenderInvalidSize = "render.invalid_size",
    RenderNoQuery = "render.no_query",
    RenderPageStatus = "render.page_status",
    RenderPanelError = "render.panel_error",
    RenderTimeout = "render.timeout",
    SigninCancelled = "signin.cancelled",
    SigninFailed = "signin.failed",
    SigninNoDesktop = "signin.no_desktop",
    SigninTimeout = "signin.timeout",
    StoreCorrupt = "store.corrupt",
    StoreDataDir = "store.data_dir",
    StoreDiskFull = "store.disk_full",
    StoreDuplicate = "store.duplicate",
    StoreFailed = "store.failed",
    StoreIo = "store.io",
    StoreLocked = "store.locked",
    StoreNotFound = "store.not_found",
    StorePermission = "store.permission",
    StoreReadOnly = "store.read_only",
    StoreReadOnlyDisk = "store.read_only_disk",
    StoreTooNew = "store.too_new",
}

/// Implemented by each module's error enum; the code is stable (`grafana.unauthorized`).
pub trait Coded: std::error::Error {
    fn code(&self) -> ErrorCode;
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and scripts hold codes as text: `err.code() == "grafana.unauthorized"`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// On the wire a code is its text (`"grafana.unauthorized"`); a text that is not one of
/// Panelshot's codes is refused.
impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        ErrorCode::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown error code {text:?}")))
    }
}

/// How an error crosses IPC and `--json` output.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    /// Typed as the generated `ErrorCode` union in the window, so a comparison with a code
    /// that does not exist fails `tsc`.
    #[cfg_attr(feature = "ts", ts(type = "ErrorCode"))]
    pub code: ErrorCode,
    pub message: String,
}

impl<E: Coded> From<&E> for ErrorBody {
    fn from(e: &E) -> Self {
        ErrorBody {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_are_module_dot_name_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            let (module, name) = c.as_str().split_once('.').expect("module.name");
            assert!(!module.is_empty() && !name.is_empty(), "{c:?}");
            assert!(seen.insert(c.as_str()), "{c:?} twice");
        }
    }

    #[test]
    fn the_readme_lists_every_error_code() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .unwrap();
        let missing: Vec<&str> = ErrorCode::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| !readme.contains(&format!("`{c}`")))
            .collect();
        assert!(missing.is_empty(), "README.md does not list {missing:?}");
    }
}
