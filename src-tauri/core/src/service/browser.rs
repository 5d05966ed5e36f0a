//! The browser Panelshot renders with: which one and why, and the headless-shell download for
//! machines that have none.

use std::path::PathBuf;

use serde::Serialize;

use super::settings::BROWSER_SOURCE;
use super::{CHROME_SETTING, Core, DOWNLOADED_BROWSER_SETTING, ServiceError};
use crate::error::ErrorBody;
use crate::install::{self, Installed, Step};
use crate::render::discovery;
pub use crate::render::discovery::BrowserOrigin;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BrowserStatus {
    /// The browser renders use, when one works.
    pub path: Option<String>,
    /// What it says to `--version`.
    pub version: Option<String>,
    pub origin: Option<BrowserOrigin>,
    /// Why none can be used: `chromium.not_found`, `chromium.launcher_script`,
    /// `chromium.launch_failed`.
    pub problem: Option<ErrorBody>,
    /// Whether the browser in use is a headless shell. A full browser (Chrome, Edge, Chromium)
    /// renders the same pages with more memory and CPU (README, Speed).
    pub headless_shell: bool,
    /// Whether Chrome for Testing publishes a headless shell for this machine.
    pub can_download: bool,
    /// Whether to offer the headless shell's download beside the browser in use: a full browser
    /// found on the computer that works, where a download exists. A browser chosen in Settings,
    /// by `--chrome` or by `PANELSHOT_CHROME` was someone's decision and is not second-guessed.
    pub offer_headless_shell: bool,
    /// The version list a download reads.
    pub source: String,
}

/// A full browser found on the computer works, but the headless shell renders the same pages
/// lighter (README, Speed): offered on every OS where Chrome for Testing publishes one.
fn offers_headless_shell(s: &BrowserStatus) -> bool {
    s.version.is_some()
        && s.problem.is_none()
        && !s.headless_shell
        && s.can_download
        && s.origin == Some(BrowserOrigin::System)
}

impl Core {
    pub(super) fn browser_source(&self) -> Result<String, ServiceError> {
        Ok(self
            .store
            .setting(BROWSER_SOURCE)?
            .unwrap_or_else(|| install::DEFAULT_SOURCE.into()))
    }

    /// The browser a person chose: `--chrome` for this run, else Settings.
    pub(super) fn chosen_browser(&self) -> Result<Option<PathBuf>, ServiceError> {
        Ok(match self.renderer.config().chrome.clone() {
            Some(c) => Some(c),
            None => self.store.setting(CHROME_SETTING)?.map(PathBuf::from),
        })
    }

    /// The browser renders would use now, proved by running it (`--version`).
    pub async fn browser_status(&self) -> Result<BrowserStatus, ServiceError> {
        let downloaded = self
            .store
            .setting(DOWNLOADED_BROWSER_SETTING)?
            .map(PathBuf::from);
        let chosen = self.chosen_browser()?;
        let mut status = BrowserStatus {
            path: None,
            version: None,
            origin: None,
            problem: None,
            headless_shell: false,
            can_download: install::versions::this_platform().is_some(),
            offer_headless_shell: false,
            source: self.browser_source()?,
        };
        let found = discovery::locate(chosen.as_deref(), downloaded.as_deref());
        let (exe, origin) = match found {
            Ok(found) => found,
            Err(e) => {
                status.problem = Some(ErrorBody::from(&e));
                return Ok(status);
            }
        };
        status.origin = Some(origin);
        status.headless_shell = discovery::is_headless_shell(&exe);
        status.path = Some(exe.display().to_string());
        match discovery::version(&exe).await {
            Ok(v) => status.version = Some(v),
            Err(e) => status.problem = Some(ErrorBody::from(&e)),
        }
        status.offer_headless_shell = offers_headless_shell(&status);
        Ok(status)
    }

    /// Downloads Chrome for Testing's headless shell into the data folder and makes it the
    /// browser renders use (unless one is chosen in Settings). `source` overrides the setting.
    pub async fn install_browser(
        &self,
        source: Option<&str>,
        progress: &(dyn Fn(Step) + Send + Sync),
    ) -> Result<Installed, ServiceError> {
        let source = match source.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                super::settings::check_source(s)?;
                s.to_string()
            }
            None => self.browser_source()?,
        };
        let plan = install::Plan::new(self.data_dir(), &source);
        let installed = install::install(&plan, progress).await?;
        let path = installed.path.display().to_string();
        self.store.set_setting(DOWNLOADED_BROWSER_SETTING, &path)?;
        self.renderer.set_downloaded(Some(installed.path.clone()));
        Ok(installed)
    }
}

/// Starts `path` (or, with none, the browser discovery finds) and says its version and place:
/// Settings' "Test" before the choice is saved.
pub async fn test_browser(path: Option<&std::path::Path>) -> Result<String, ServiceError> {
    let exe = discovery::find(path, None).map_err(ServiceError::Render)?;
    let version = discovery::version(&exe)
        .await
        .map_err(ServiceError::Render)?;
    Ok(format!("{version} ({})", exe.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headless_shell_is_offered_only_beside_a_working_full_browser_found_on_the_computer() {
        let full = BrowserStatus {
            path: Some("/opt/google/chrome/chrome".into()),
            version: Some("Google Chrome 156".into()),
            origin: Some(BrowserOrigin::System),
            problem: None,
            headless_shell: false,
            can_download: true,
            offer_headless_shell: false,
            source: String::new(),
        };
        assert!(offers_headless_shell(&full));
        let not = [
            BrowserStatus {
                headless_shell: true,
                ..full.clone()
            },
            BrowserStatus {
                origin: Some(BrowserOrigin::Chosen),
                ..full.clone()
            },
            BrowserStatus {
                can_download: false,
                ..full.clone()
            },
            BrowserStatus {
                version: None,
                problem: Some(ErrorBody {
                    code: crate::error::ErrorCode::ChromiumLaunchFailed,
                    message: "it does not start".into(),
                }),
                ..full.clone()
            },
        ];
        for s in not {
            assert!(!offers_headless_shell(&s), "{s:?}");
        }
    }
}
