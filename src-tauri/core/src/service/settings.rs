//! App settings (non-secret, in SQLite): export folder, browser, concurrency, render timeout.

use serde::{Deserialize, Serialize};

use super::{CHROME_SETTING, Core, ServiceError};
use crate::export::DEFAULT_TEMPLATE;

const EXPORT_DIR: &str = "export_dir";
pub(super) const CONCURRENCY: &str = "render_concurrency";
use crate::limits;
pub(super) use crate::limits::DEFAULT_CONCURRENCY;
const TIMEOUT: &str = "render_timeout_secs";
const TEMPLATE: &str = "file_template";
/// Where `browser install` reads Chrome for Testing's version list (a company mirror).
pub(super) const BROWSER_SOURCE: &str = "browser_source";
/// Seconds a panel that queries may take to start its first data query.
pub(super) const FIRST_QUERY_WAIT: &str = "first_query_wait_secs";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AppSettings {
    pub export_dir: String,
    /// The browser chosen by the user; `None` means found automatically.
    pub chromium_path: Option<String>,
    /// The browser that will be used, or why none was found.
    pub detected_chromium: Result<String, String>,
    pub concurrency: u32,
    pub timeout_secs: u32,
    /// How long a panel that queries may take to start its first data query (applies from the
    /// next start).
    pub first_query_wait_secs: u32,
    /// File names of exports from the window.
    pub file_template: String,
    pub data_dir: String,
    /// The version list a headless-shell download reads (Chrome for Testing's, or a mirror's).
    pub browser_source: String,
    /// The headless shell Panelshot downloaded, if any.
    pub downloaded_browser: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsUpdate {
    pub export_dir: Option<String>,
    /// An empty string returns to automatic discovery.
    pub chromium_path: Option<String>,
    pub concurrency: Option<u32>,
    pub timeout_secs: Option<u32>,
    pub first_query_wait_secs: Option<u32>,
    pub file_template: Option<String>,
    /// An empty string returns to Chrome for Testing's own list.
    pub browser_source: Option<String>,
}

fn default_first_query_wait() -> u32 {
    crate::render::DEFAULT_FIRST_QUERY_WAIT.as_secs() as u32
}

/// A numeric setting, or `default` when it is unset or unreadable.
pub(super) fn number<T: std::str::FromStr>(
    store: &crate::store::Store,
    key: &str,
    default: T,
) -> Result<T, ServiceError> {
    Ok(store
        .setting(key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(default))
}

/// The renderer's first-query wait as saved in the settings.
pub(super) fn first_query_wait(
    store: &crate::store::Store,
) -> Result<std::time::Duration, ServiceError> {
    let secs = number(store, FIRST_QUERY_WAIT, default_first_query_wait())?;
    Ok(std::time::Duration::from_secs(u64::from(secs)))
}

fn default_export_dir() -> String {
    crate::platform::export_dir(&crate::platform::KnownDirs::here(), &std::env::temp_dir())
        .display()
        .to_string()
}

impl Core {
    pub fn settings(&self) -> Result<AppSettings, ServiceError> {
        let get = |k: &str| self.store.setting(k);
        let chromium_path = get(CHROME_SETTING)?;
        let downloaded = get(super::DOWNLOADED_BROWSER_SETTING)?;
        let detected = crate::render::discovery::find(
            chromium_path.as_deref().map(std::path::Path::new),
            downloaded.as_deref().map(std::path::Path::new),
        )
        .map(|p| p.display().to_string())
        .map_err(|e| e.to_string());
        Ok(AppSettings {
            export_dir: get(EXPORT_DIR)?.unwrap_or_else(default_export_dir),
            chromium_path,
            detected_chromium: detected,
            concurrency: number(&self.store, CONCURRENCY, DEFAULT_CONCURRENCY)?,
            timeout_secs: number(&self.store, TIMEOUT, limits::DEFAULT_TIMEOUT_SECS)?,
            first_query_wait_secs: number(
                &self.store,
                FIRST_QUERY_WAIT,
                default_first_query_wait(),
            )?,
            file_template: self.file_template()?,
            data_dir: self.data_dir().display().to_string(),
            browser_source: self.browser_source()?,
            downloaded_browser: downloaded,
        })
    }

    /// How long a render may wait for Grafana, from Settings: the default of every export, from
    /// the window, the command line and saved jobs alike.
    pub fn render_timeout_secs(&self) -> Result<u64, ServiceError> {
        Ok(u64::from(number::<u32>(
            &self.store,
            TIMEOUT,
            limits::DEFAULT_TIMEOUT_SECS,
        )?))
    }

    /// The file-name template for exports from the window.
    pub fn file_template(&self) -> Result<String, ServiceError> {
        Ok(self
            .store
            .setting(TEMPLATE)?
            .unwrap_or_else(|| DEFAULT_TEMPLATE.into()))
    }

    /// Saves the fields given; the browser and concurrency apply from the next start. Every
    /// field is checked before any is saved: one bad field saves nothing.
    pub fn update_settings(&self, u: &SettingsUpdate) -> Result<AppSettings, ServiceError> {
        let invalid = |m: &str| Err(ServiceError::Invalid(m.into()));
        if u.export_dir.as_ref().is_some_and(|d| d.trim().is_empty()) {
            return invalid("the export folder cannot be empty");
        }
        let chrome = u.chromium_path.as_deref().map(str::trim);
        if let Some(path) = chrome.filter(|p| !p.is_empty()) {
            crate::render::discovery::find(Some(std::path::Path::new(path)), None)
                .map_err(ServiceError::Render)?;
        }
        let (c, t, w) = (
            &limits::CONCURRENCY,
            &limits::TIMEOUT_SECS,
            &limits::FIRST_QUERY_WAIT_SECS,
        );
        if u.concurrency.is_some_and(|x| !c.contains(&x)) {
            return invalid(&format!(
                "render concurrency must be {}–{}",
                c.start(),
                c.end()
            ));
        }
        if u.timeout_secs.is_some_and(|x| !t.contains(&x)) {
            return invalid(&format!(
                "the render timeout must be {}–{} seconds",
                t.start(),
                t.end()
            ));
        }
        if u.first_query_wait_secs.is_some_and(|x| !w.contains(&x)) {
            return invalid(&format!(
                "the first-query wait must be {} (until the render timeout) to {} seconds",
                w.start(),
                w.end()
            ));
        }
        if let Some(t) = &u.file_template {
            crate::export::check_template(t.trim())?;
        }
        let source = u.browser_source.as_deref().map(str::trim);
        if let Some(s) = source.filter(|s| !s.is_empty()) {
            check_source(s)?;
        }
        if let Some(dir) = &u.export_dir {
            self.store.set_setting(EXPORT_DIR, dir.trim())?;
        }
        match chrome {
            Some("") => self.store.delete_setting(CHROME_SETTING)?,
            Some(path) => self.store.set_setting(CHROME_SETTING, path)?,
            None => {}
        }
        for (key, value) in [
            (CONCURRENCY, u.concurrency),
            (TIMEOUT, u.timeout_secs),
            (FIRST_QUERY_WAIT, u.first_query_wait_secs),
        ] {
            if let Some(v) = value {
                self.store.set_setting(key, &v.to_string())?;
            }
        }
        if let Some(t) = &u.file_template {
            self.store.set_setting(TEMPLATE, t.trim())?;
        }
        match source {
            Some("") => self.store.delete_setting(BROWSER_SOURCE)?,
            Some(s) => self.store.set_setting(BROWSER_SOURCE, s)?,
            None => {}
        }
        self.settings()
    }
}

/// A download source must be an http(s) address.
pub(super) fn check_source(source: &str) -> Result<(), ServiceError> {
    match url::Url::parse(source) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(()),
        _ => Err(ServiceError::Invalid(format!(
            "the browser download source must be an http(s) address of a Chrome for Testing version list, not {source:?}"
        ))),
    }
}

/// What a template makes of a typical panel exported now, for the live example in Settings.
impl Core {
    /// The name the file-name template gives `parts` now: the save dialog's suggestion.
    pub fn file_name(&self, parts: &crate::export::NameParts<'_>) -> Result<String, ServiceError> {
        Ok(crate::export::render_name(&self.file_template()?, parts))
    }
}

/// An image's pixels as RGBA (for the clipboard), whatever format it was encoded in.
pub fn pixels(image: &[u8]) -> Result<(Vec<u8>, u32, u32), ServiceError> {
    crate::export::rgba(image).map_err(ServiceError::Export)
}

pub fn example_name(template: &str) -> Result<String, ServiceError> {
    crate::export::check_template(template)?;
    Ok(crate::export::render_name(
        template,
        &crate::export::NameParts {
            dashboard: "Service overview",
            panel: "Requests per second",
            panel_id: "3",
            width: 1600,
            height: 900,
            ext: "png",
            now: chrono::Local::now(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_validate() {
        let (_dir, core) = crate::service::test_core();
        let s = core.settings().unwrap();
        assert_eq!((s.concurrency, s.timeout_secs), (4, 30));
        let u = SettingsUpdate {
            export_dir: Some("/tmp/x".into()),
            concurrency: Some(2),
            timeout_secs: Some(60),
            first_query_wait_secs: Some(8),
            chromium_path: None,
            file_template: Some("{dashboard}/{panel}.{ext}".into()),
            browser_source: Some("https://mirror.example.com/cft/last-known-good.json".into()),
        };
        let s = core.update_settings(&u).unwrap();
        assert_eq!(
            (s.export_dir.as_str(), s.concurrency, s.timeout_secs),
            ("/tmp/x", 2, 60)
        );
        assert_eq!(s.file_template, "{dashboard}/{panel}.{ext}");
        assert_eq!(s.first_query_wait_secs, 8);
        assert_eq!(
            s.browser_source,
            "https://mirror.example.com/cft/last-known-good.json"
        );
        let slow_start = Core::open(
            core.data_dir(),
            std::sync::Arc::new(crate::secrets::MemoryStore::default()),
        )
        .unwrap();
        assert_eq!(
            slow_start.renderer.config().first_query_wait,
            std::time::Duration::from_secs(8),
            "the renderer of the next start uses the setting"
        );
        assert!(
            core.update_settings(&SettingsUpdate {
                first_query_wait_secs: Some(121),
                ..Default::default()
            })
            .is_err()
        );
        // 0 is the default: no wait of its own, the render's timeout bounds it.
        let s = core
            .update_settings(&SettingsUpdate {
                first_query_wait_secs: Some(0),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(s.first_query_wait_secs, 0);
        let bad = SettingsUpdate {
            concurrency: Some(99),
            ..Default::default()
        };
        assert!(core.update_settings(&bad).is_err());
        for source in ["file:///etc/passwd", "mirror.example.com/list.json"] {
            let bad = SettingsUpdate {
                browser_source: Some(source.into()),
                ..Default::default()
            };
            assert!(core.update_settings(&bad).is_err(), "{source}");
        }
        // Empty: back to Chrome for Testing's own list.
        let reset = core
            .update_settings(&SettingsUpdate {
                browser_source: Some(String::new()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(reset.browser_source, crate::install::DEFAULT_SOURCE);
        // One bad field saves nothing, not even the good fields before it.
        let half_bad = SettingsUpdate {
            export_dir: Some("/tmp/elsewhere".into()),
            timeout_secs: Some(45),
            file_template: Some("{panel}-{when}".into()),
            ..Default::default()
        };
        assert!(core.update_settings(&half_bad).is_err());
        let kept = core.settings().unwrap();
        assert_eq!(
            (kept.export_dir.as_str(), kept.timeout_secs),
            ("/tmp/x", 60)
        );
        let bad_template = SettingsUpdate {
            file_template: Some("{panel}-{when}".into()),
            ..Default::default()
        };
        assert_eq!(
            crate::error::Coded::code(&core.update_settings(&bad_template).unwrap_err()),
            "export.invalid_template"
        );
        assert_eq!(
            core.settings().unwrap().file_template,
            "{dashboard}/{panel}.{ext}"
        );
        assert_eq!(
            example_name("{dashboard}-{id}.{ext}").unwrap(),
            "Service-overview-3.png"
        );
        assert!(example_name("{nope}").is_err());
        let missing = SettingsUpdate {
            chromium_path: Some("/nonexistent/chrome".into()),
            ..Default::default()
        };
        assert_eq!(
            crate::error::Coded::code(&core.update_settings(&missing).unwrap_err()),
            "chromium.not_found"
        );
        assert!(
            core.settings().unwrap().chromium_path.is_none(),
            "a wrong browser path is not saved"
        );
    }
}
