//! Chrome for Testing's published version lists: which headless shell to fetch for this machine.
//! Formats: <https://github.com/GoogleChromeLabs/chrome-for-testing#json-api-endpoints>.

use std::collections::HashMap;

use serde::Deserialize;
use url::Url;

use super::InstallError;
use crate::platform::Os;

/// Chrome for Testing's list of the newest version per channel, with download addresses.
pub const DEFAULT_SOURCE: &str = "https://googlechromelabs.github.io/chrome-for-testing/last-known-good-versions-with-downloads.json";

/// Chrome for Testing's name for a platform; `None` where it publishes no build (Linux on ARM:
/// there the distribution's Chromium is the way).
pub fn platform(os: Os, arch: &str) -> Option<&'static str> {
    match (os, arch) {
        (Os::Linux, "x86_64") => Some("linux64"),
        (Os::MacOs, "aarch64") => Some("mac-arm64"),
        (Os::MacOs, "x86_64") => Some("mac-x64"),
        (Os::Windows, "x86_64") => Some("win64"),
        (Os::Windows, "x86") => Some("win32"),
        _ => None,
    }
}

/// This machine's platform.
pub fn this_platform() -> Option<&'static str> {
    platform(Os::current(), std::env::consts::ARCH)
}

/// Where the program sits inside the unpacked archive (every archive has one top folder).
pub fn binary_in_archive(platform: &str) -> String {
    let exe = if platform.starts_with("win") {
        ".exe"
    } else {
        ""
    };
    format!("chrome-headless-shell-{platform}/chrome-headless-shell{exe}")
}

/// The headless shell to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub version: String,
    pub url: Url,
}

#[derive(Deserialize)]
struct Listing {
    /// `last-known-good-versions-with-downloads.json`: one entry per channel.
    #[serde(default)]
    channels: HashMap<String, Entry>,
    /// `known-good-versions-with-downloads.json`: every version, oldest first.
    #[serde(default)]
    versions: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    version: String,
    #[serde(default)]
    downloads: Downloads,
}

#[derive(Deserialize, Default)]
struct Downloads {
    #[serde(rename = "chrome-headless-shell", default)]
    headless_shell: Vec<Download>,
}

#[derive(Deserialize)]
struct Download {
    platform: String,
    url: String,
}

/// Chrome for Testing's versions are four numbers (`131.0.6778.85`); anything else from a
/// source is refused before it can name a folder.
pub fn is_version_number(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    (1..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 10 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The stable channel's headless shell for `platform` from a version list fetched from `source`
/// (relative addresses are taken relative to it, so a mirror can serve both from one folder).
pub fn pick(json: &[u8], source: &Url, platform: &str) -> Result<Offer, InstallError> {
    let bad = |detail: String| InstallError::BadList {
        url: source.to_string(),
        detail,
    };
    let listing: Listing = serde_json::from_slice(json)
        .map_err(|e| bad(format!("not a Chrome for Testing version list ({e})")))?;
    let entry = listing
        .channels
        .get("Stable")
        .or_else(|| {
            listing
                .versions
                .iter()
                .rev()
                .find(|v| !v.downloads.headless_shell.is_empty())
        })
        .ok_or_else(|| bad("it names no stable version".into()))?;
    // The version names folders on disk: `1/../../x` must never become a path.
    if !is_version_number(&entry.version) {
        return Err(bad(format!(
            "its version {:?} is not a version number (digits and dots)",
            entry.version.chars().take(40).collect::<String>()
        )));
    }
    let download = entry
        .downloads
        .headless_shell
        .iter()
        .find(|d| d.platform == platform)
        .ok_or_else(|| {
            bad(format!(
                "version {} has no headless shell for {platform}",
                entry.version
            ))
        })?;
    let url = source
        .join(&download.url)
        .map_err(|e| bad(format!("its address {:?} is not valid ({e})", download.url)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!("its address {url} is not http(s)")));
    }
    Ok(Offer {
        version: entry.version.clone(),
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shape of the published file (trimmed): channels → downloads → chrome-headless-shell.
    const LAST_KNOWN_GOOD: &str = r#"{"timestamp":"2026-11-20T10:09:12.345Z","channels":{
      "Stable":{"channel":"Stable","version":"142.0.7444.175","revision":"1509326","downloads":{
        "chrome":[{"platform":"linux64","url":"https://storage.googleapis.com/chrome-for-testing-public/142.0.7444.175/linux64/chrome-linux64.zip"}],
        "chrome-headless-shell":[
          {"platform":"linux64","url":"https://storage.googleapis.com/chrome-for-testing-public/142.0.7444.175/linux64/chrome-headless-shell-linux64.zip"},
          {"platform":"mac-arm64","url":"https://storage.googleapis.com/chrome-for-testing-public/142.0.7444.175/mac-arm64/chrome-headless-shell-mac-arm64.zip"},
          {"platform":"win64","url":"https://storage.googleapis.com/chrome-for-testing-public/142.0.7444.175/win64/chrome-headless-shell-win64.zip"}]}},
      "Beta":{"channel":"Beta","version":"143.0.7499.4","revision":"1","downloads":{}}}}"#;

    fn src() -> Url {
        Url::parse(DEFAULT_SOURCE).unwrap()
    }

    #[test]
    fn platforms_per_os_and_architecture() {
        assert_eq!(platform(Os::Linux, "x86_64"), Some("linux64"));
        assert_eq!(platform(Os::Linux, "aarch64"), None);
        assert_eq!(platform(Os::MacOs, "aarch64"), Some("mac-arm64"));
        assert_eq!(platform(Os::MacOs, "x86_64"), Some("mac-x64"));
        assert_eq!(platform(Os::Windows, "x86_64"), Some("win64"));
        assert_eq!(
            binary_in_archive("win64"),
            "chrome-headless-shell-win64/chrome-headless-shell.exe"
        );
        assert_eq!(
            binary_in_archive("mac-arm64"),
            "chrome-headless-shell-mac-arm64/chrome-headless-shell"
        );
    }

    #[test]
    fn picks_the_stable_headless_shell_for_the_platform() {
        let offer = pick(LAST_KNOWN_GOOD.as_bytes(), &src(), "mac-arm64").unwrap();
        assert_eq!(offer.version, "142.0.7444.175");
        assert!(
            offer
                .url
                .as_str()
                .ends_with("mac-arm64/chrome-headless-shell-mac-arm64.zip")
        );
        let err = pick(LAST_KNOWN_GOOD.as_bytes(), &src(), "mac-x64").unwrap_err();
        assert!(
            err.to_string().contains("no headless shell for mac-x64"),
            "{err}"
        );
    }

    #[test]
    fn the_full_list_gives_its_newest_version_and_relative_addresses_work_for_mirrors() {
        let json = r#"{"versions":[
          {"version":"141.0.1.1","downloads":{"chrome-headless-shell":[{"platform":"linux64","url":"old.zip"}]}},
          {"version":"142.0.1.1","downloads":{"chrome-headless-shell":[{"platform":"linux64","url":"142/shell.zip"}]}},
          {"version":"143.0.1.1","downloads":{}}]}"#;
        let mirror = Url::parse("https://mirror.example.com/cft/versions.json").unwrap();
        let offer = pick(json.as_bytes(), &mirror, "linux64").unwrap();
        assert_eq!(offer.version, "142.0.1.1");
        assert_eq!(
            offer.url.as_str(),
            "https://mirror.example.com/cft/142/shell.zip"
        );
    }

    #[test]
    fn a_version_that_is_not_a_number_never_names_a_folder() {
        for v in [
            "1/../../../x",
            "..",
            "142.0.7444.175/",
            "",
            "1..2",
            "a.b",
            "1.2.3.4.5",
            "1\\x",
        ] {
            let json = LAST_KNOWN_GOOD.replace(
                "\"version\":\"142.0.7444.175\"",
                &format!("\"version\":{}", serde_json::to_string(v).unwrap()),
            );
            let err = pick(json.as_bytes(), &src(), "linux64").unwrap_err();
            assert!(
                matches!(&err, InstallError::BadList { detail, .. } if detail.contains("not a version number")),
                "{v:?}: {err}"
            );
        }
        assert!(is_version_number("142.0.7444.175"));
        assert!(is_version_number("9"));
    }

    #[test]
    fn a_list_that_is_not_one_is_a_typed_error() {
        for bad in [
            "<html>proxy login</html>",
            "{}",
            r#"{"channels":{"Stable":{"version":"1","downloads":{"chrome-headless-shell":[{"platform":"linux64","url":"file:///etc/passwd"}]}}}}"#,
        ] {
            let err = pick(bad.as_bytes(), &src(), "linux64").unwrap_err();
            assert!(matches!(err, InstallError::BadList { .. }), "{bad}: {err}");
        }
    }
}
