//! Downloading Chrome for Testing's headless shell into the data folder, for machines with no
//! Chromium-based browser (`panelshot browser install`, Settings → Browser). The version list and
//! archive addresses come from Chrome for Testing's published JSON (or a mirror's: the source is
//! a setting). The archive is downloaded and unpacked in a staging folder named for this process;
//! only a shell that ran `--version` is moved into place, in one rename, so an interrupted
//! install leaves nothing half-unpacked, and a killed one is swept by the next.

mod download;
mod unpack;
pub mod versions;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Coded, ErrorCode};
use crate::leftovers;

pub use versions::DEFAULT_SOURCE;

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error(
        "Chrome for Testing publishes no headless shell for this machine ({0}). Install your distribution's Chromium (Debian/Ubuntu: `sudo apt install chromium`) and Panelshot finds it"
    )]
    UnsupportedPlatform(String),
    #[error(
        "the browser download source {url} is not usable: {detail}. Check the download source in Settings (a mirror must serve Chrome for Testing's JSON)"
    )]
    BadList { url: String, detail: String },
    #[error(
        "downloading {url} failed: {detail}. Check the network (or the download source in Settings) and try again"
    )]
    Download { url: String, detail: String },
    #[error("the download of {url} stopped at {} of {}: {detail}. Nothing was installed; try again", mb(*received), total.map(mb).unwrap_or_else(|| "an unknown size".into()))]
    Interrupted {
        url: String,
        received: u64,
        total: Option<u64>,
        detail: String,
    },
    #[error(
        "the downloaded archive is not a usable headless shell: {0}. Nothing was installed; try again, or check the download source in Settings"
    )]
    BadArchive(String),
    #[error(
        "the downloaded headless shell does not run on this machine: {0}. Nothing was installed"
    )]
    Broken(String),
    #[error("{0}. Check that the data folder is writable and has space")]
    Io(String),
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

impl Coded for InstallError {
    fn code(&self) -> ErrorCode {
        match self {
            InstallError::UnsupportedPlatform(_) => ErrorCode::BrowserUnsupported,
            InstallError::BadList { .. } => ErrorCode::BrowserBadSource,
            InstallError::Download { .. } | InstallError::Interrupted { .. } => {
                ErrorCode::BrowserDownloadFailed
            }
            InstallError::BadArchive(_) => ErrorCode::BrowserBadArchive,
            InstallError::Broken(_) => ErrorCode::BrowserBroken,
            InstallError::Io(_) => ErrorCode::BrowserIo,
        }
    }
}

/// What an install is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Listing,
    Downloading { received: u64, total: Option<u64> },
    Unpacking,
    Checking,
}

/// A headless shell in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// Chrome for Testing's version number.
    pub version: String,
    pub path: PathBuf,
    /// What the program said to `--version`.
    pub reported: String,
    /// False when that version was already installed.
    pub downloaded: bool,
}

/// Where an install goes, and where it comes from.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `<data folder>/browser`.
    pub dir: PathBuf,
    /// The version list's address.
    pub source: String,
    /// Chrome for Testing's platform name (`versions::this_platform()`).
    pub platform: Option<&'static str>,
    /// A download that sends nothing for this long has failed.
    pub idle: Duration,
}

impl Plan {
    pub fn new(data_dir: &Path, source: &str) -> Plan {
        Plan {
            dir: data_dir.join("browser"),
            source: source.to_string(),
            platform: versions::this_platform(),
            idle: Duration::from_secs(60),
        }
    }
}

const STAGING: &str = ".partial-";

/// The staging folder, removed unless the install completed.
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Fetches, unpacks, checks and puts in place the stable headless shell.
pub async fn install(
    plan: &Plan,
    progress: &(dyn Fn(Step) + Send + Sync),
) -> Result<Installed, InstallError> {
    let platform = plan.platform.ok_or_else(|| {
        InstallError::UnsupportedPlatform(format!(
            "{} on {}",
            std::env::consts::OS,
            std::env::consts::ARCH
        ))
    })?;
    let source = url::Url::parse(&plan.source).map_err(|e| InstallError::BadList {
        url: plan.source.clone(),
        detail: format!("not an address ({e})"),
    })?;
    let io = |what: &Path, e: std::io::Error| {
        InstallError::Io(format!("cannot write {}: {e}", what.display()))
    };
    std::fs::create_dir_all(&plan.dir).map_err(|e| io(&plan.dir, e))?;
    leftovers::sweep(&plan.dir, STAGING, "");

    progress(Step::Listing);
    let client = download::client()?;
    let list = download::fetch_list(&client, source.as_str(), plan.idle).await?;
    let offer = versions::pick(&list, &source, platform)?;

    let folder = plan.dir.join(format!(
        "chrome-headless-shell-{}-{platform}",
        offer.version
    ));
    let binary = folder.join(versions::binary_in_archive(platform));
    if binary.is_file()
        && let Ok(reported) = crate::render::discovery::version(&binary).await
    {
        return Ok(Installed {
            version: offer.version,
            path: binary,
            reported,
            downloaded: false,
        });
    }

    let staging = Staging(plan.dir.join(format!(
        "{}{}",
        leftovers::owned_prefix(STAGING),
        offer.version
    )));
    let _ = std::fs::remove_dir_all(&staging.0);
    std::fs::create_dir_all(&staging.0).map_err(|e| io(&staging.0, e))?;
    let archive = staging.0.join("archive.zip");
    download::archive(&client, offer.url.as_str(), &archive, plan.idle, progress).await?;

    progress(Step::Unpacking);
    let files = staging.0.join("files");
    std::fs::create_dir_all(&files).map_err(|e| io(&files, e))?;
    let (a, f) = (archive.clone(), files.clone());
    tokio::task::spawn_blocking(move || unpack::unzip(&a, &f))
        .await
        .map_err(|e| InstallError::Io(format!("unpacking stopped: {e}")))??;
    let _ = std::fs::remove_file(&archive);
    let staged = files.join(versions::binary_in_archive(platform));
    if !staged.is_file() {
        return Err(InstallError::BadArchive(format!(
            "it has no {}",
            versions::binary_in_archive(platform)
        )));
    }

    progress(Step::Checking);
    let reported = crate::render::discovery::version(&staged)
        .await
        .map_err(|e| InstallError::Broken(e.to_string()))?;

    // A folder of the same version left from an install that did not pass its check.
    if folder.exists() {
        std::fs::remove_dir_all(&folder).map_err(|e| io(&folder, e))?;
    }
    std::fs::rename(&files, &folder).map_err(|e| io(&folder, e))?;
    Ok(Installed {
        version: offer.version,
        path: binary,
        reported,
        downloaded: true,
    })
}
