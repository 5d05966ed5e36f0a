//! Render options, their limits, and the Grafana URL they turn into (reference §5.4).

use serde::{Deserialize, Serialize};
use url::Url;

use super::RenderError;

pub const MIN_SIDE: u32 = 100;
pub const MAX_SIDE: u32 = 8192;
/// The longest a render may wait for Grafana.
pub const MAX_TIMEOUT_SECS: u64 = *crate::limits::TIMEOUT_SECS.end() as u64;
pub const MAX_SCALE: f64 = 4.0;
/// Text size (a browser's zoom): the page is laid out at size ÷ zoom CSS pixels and drawn at
/// scale × zoom, so the picture keeps its pixel size and its text grows.
pub const MIN_ZOOM: f64 = 0.5;
pub const MAX_ZOOM: f64 = 3.0;
/// The text size slides get unless the user chose one. A slide is 1920 slide pixels wide at
/// 144 dpi (`deck::layout`), half a point each, and each panel is rendered at its slot's size
/// in slide pixels: Grafana's axis labels, 12 CSS px (`UPLOT_AXIS_FONT_SIZE` in
/// grafana/grafana `packages/grafana-ui/src/components/uPlot/config/UPlotAxisBuilder.ts`), would
/// print at 6 pt.
/// At 200 % they print at 12 × 2 × 0.5 = 12 pt, legible on a full-screen 16:9 slide.
pub const DECK_ZOOM: f64 = 2.0;
/// The narrowest a page may be laid out after the zoom, in CSS pixels.
const MIN_LAYOUT_SIDE: f64 = 50.0;
/// Output pixels at most (64 megapixels): beyond that Chromium's capture becomes unreliable
/// and the memory cost explodes.
pub const MAX_PIXELS: f64 = 64_000_000.0;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    #[default]
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    /// Grafana's panel background per theme, used to flatten transparency (JPEG).
    pub fn panel_background(self) -> [u8; 3] {
        match self {
            Theme::Light => [0xff, 0xff, 0xff],
            Theme::Dark => [0x18, 0x1b, 0x1f],
        }
    }
}

/// What the browser produces; JPEG is encoded from a PNG capture so transparency can be
/// flattened onto the theme's background first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    Png,
    Webp { quality: u8 },
    Pdf,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderOptions {
    pub width: u32,
    pub height: u32,
    pub scale: f64,
    /// IANA name, `utc` or `browser`; `None` keeps the dashboard's own zone.
    pub timezone: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Template variables; a name may repeat for multi-value variables.
    pub vars: Vec<(String, String)>,
    pub theme: Theme,
    pub transparent: bool,
    #[serde(alias = "timeout_secs")]
    pub timeout_secs: u64,
    #[serde(alias = "capture_anyway")]
    pub capture_anyway: bool,
    /// Text size as a factor (1.5 = 150 %); `None` is 100 % for images and [`DECK_ZOOM`] on
    /// slides.
    #[serde(default)]
    pub zoom: Option<f64>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 1000,
            height: 500,
            scale: 1.0,
            timezone: None,
            from: None,
            to: None,
            vars: Vec::new(),
            theme: Theme::Dark,
            transparent: false,
            timeout_secs: crate::limits::DEFAULT_TIMEOUT_SECS.into(),
            capture_anyway: false,
            zoom: None,
        }
    }
}

/// How the page is laid out and drawn for a picture of the options' size: CSS pixels (the
/// layout, after the zoom) and device pixels per CSS pixel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// The exact CSS size of the picture (fractional when the zoom does not divide the size).
    pub css_width: f64,
    pub css_height: f64,
    /// The browser window, whole CSS pixels covering the picture.
    pub viewport_width: u32,
    pub viewport_height: u32,
    pub device_scale: f64,
}

impl RenderOptions {
    /// Checks sizes and values before anything starts.
    pub fn validate(&self) -> Result<(), RenderError> {
        for (name, v) in [("width", self.width), ("height", self.height)] {
            if !(MIN_SIDE..=MAX_SIDE).contains(&v) {
                return Err(RenderError::InvalidSize(format!(
                    "{name} {v} is outside {MIN_SIDE}–{MAX_SIDE} CSS pixels"
                )));
            }
        }
        if !(1.0..=MAX_SCALE).contains(&self.scale) || !self.scale.is_finite() {
            return Err(RenderError::InvalidSize(format!(
                "scale {} is outside 1–{MAX_SCALE}",
                self.scale
            )));
        }
        let (w, h) = self.output_pixels();
        if f64::from(w) * f64::from(h) > MAX_PIXELS {
            return Err(RenderError::InvalidSize(format!(
                "{w}×{h} pixels is more than the 64-megapixel limit; lower the size or the scale"
            )));
        }
        let limits = &crate::limits::TIMEOUT_SECS;
        if !(u64::from(*limits.start())..=MAX_TIMEOUT_SECS).contains(&self.timeout_secs) {
            return Err(RenderError::InvalidOption(format!(
                "the timeout must be {}–{MAX_TIMEOUT_SECS} seconds",
                limits.start()
            )));
        }
        for (k, _) in &self.vars {
            if k.is_empty()
                || k.chars()
                    .any(|c| !(c.is_alphanumeric() || c == '_' || c == '-'))
            {
                return Err(RenderError::InvalidOption(format!(
                    "{k:?} is not a template variable name"
                )));
            }
        }
        if let Some(z) = self.zoom {
            if !(MIN_ZOOM..=MAX_ZOOM).contains(&z) || !z.is_finite() {
                return Err(RenderError::InvalidOption(format!(
                    "text size {:.0} % is outside {:.0}–{:.0} %",
                    z * 100.0,
                    MIN_ZOOM * 100.0,
                    MAX_ZOOM * 100.0
                )));
            }
            let l = self.layout();
            if l.css_width.min(l.css_height) < MIN_LAYOUT_SIDE {
                return Err(RenderError::InvalidSize(format!(
                    "at text size {:.0} % a {}×{} picture leaves the page only {:.0}×{:.0} CSS pixels; lower the text size",
                    z * 100.0,
                    self.width,
                    self.height,
                    l.css_width,
                    l.css_height
                )));
            }
        }
        if let Some(tz) = &self.timezone {
            resolve_timezone(tz)?;
        }
        crate::timespec::check_range(
            self.from.as_deref(),
            self.to.as_deref(),
            self.timezone.as_deref(),
        )
        .map_err(RenderError::InvalidOption)?;
        Ok(())
    }

    /// The text size in effect for an image (slides fill in theirs before rendering).
    pub fn zoom(&self) -> f64 {
        self.zoom.unwrap_or(1.0)
    }

    /// The page's layout for these options: size ÷ zoom CSS pixels, drawn at scale × zoom.
    pub fn layout(&self) -> Layout {
        let z = self.zoom();
        let (w, h) = (f64::from(self.width) / z, f64::from(self.height) / z);
        // A hair of tolerance: 1920 / 1.5 must be 1280, not 1281 from a rounding error.
        let cover = |v: f64| (v - 1e-6).ceil().max(1.0) as u32;
        Layout {
            css_width: w,
            css_height: h,
            viewport_width: cover(w),
            viewport_height: cover(h),
            device_scale: self.scale * z,
        }
    }

    /// The image size in device pixels.
    pub fn output_pixels(&self) -> (u32, u32) {
        (
            (f64::from(self.width) * self.scale).round() as u32,
            (f64::from(self.height) * self.scale).round() as u32,
        )
    }
}

/// A zone as Grafana's URL wants it and as the browser's override wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTz {
    pub url_value: String,
    pub emulation: String,
}

/// `browser` becomes the user's own zone (the official renderer leaves it to the server's, a
/// top complaint); `utc` stays Grafana's `utc`; anything else must be a real IANA name.
pub fn resolve_timezone(tz: &str) -> Result<ResolvedTz, RenderError> {
    let tz = tz.trim();
    if tz.eq_ignore_ascii_case("utc") {
        return Ok(ResolvedTz {
            url_value: "utc".into(),
            emulation: "UTC".into(),
        });
    }
    if tz.eq_ignore_ascii_case("browser") || tz.is_empty() {
        let local = iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".into());
        return Ok(ResolvedTz {
            url_value: local.clone(),
            emulation: local,
        });
    }
    match tz.parse::<chrono_tz::Tz>() {
        Ok(z) => Ok(ResolvedTz {
            url_value: z.name().into(),
            emulation: z.name().into(),
        }),
        Err(_) => Err(RenderError::InvalidOption(format!(
            "{tz:?} is not a time zone; use an IANA name such as Europe/Berlin, or utc or browser"
        ))),
    }
}

/// Which page to open: one panel, or the whole dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTarget {
    pub dashboard_uid: String,
    /// Use `_` when unknown; Grafana ignores it.
    pub slug: String,
    pub org_id: Option<i64>,
    /// `Some(id or key)` for a panel (`3`, `panel-3`, `panel-3-clone-1`); `None` for the dashboard.
    pub panel: Option<String>,
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `/d-solo/<uid>/<slug>?…` or `/d/<uid>/<slug>?kiosk&…` under `base` (which keeps any sub-path).
pub fn page_url(base: &Url, t: &PageTarget, o: &RenderOptions, tz: Option<&ResolvedTz>) -> Url {
    let route = if t.panel.is_some() { "d-solo" } else { "d" };
    let mut url = base.clone();
    // Without a slug Grafana redirects to the slugged URL (the query is kept).
    let slug = if t.slug.is_empty() {
        String::new()
    } else {
        format!("/{}", enc(&t.slug))
    };
    url.set_path(&format!(
        "{}{route}/{}{slug}",
        base.path(),
        enc(&t.dashboard_uid)
    ));
    let mut q: Vec<String> = Vec::new();
    if let Some(org) = t.org_id {
        q.push(format!("orgId={org}"));
    }
    if let Some(p) = &t.panel {
        q.push(format!("panelId={}", enc(p)));
    } else {
        // `kiosk` without a value: Grafana only checks that it is present.
        q.push("kiosk".into());
    }
    // Dates go as epoch milliseconds (every Grafana reads them); `now…` as written.
    let time = |v: &str| {
        crate::timespec::parse(v, o.timezone.as_deref())
            .map(|t| t.url_value())
            .unwrap_or_else(|_| v.to_string())
    };
    if let Some(f) = &o.from {
        q.push(format!("from={}", enc(&time(f))));
    }
    if let Some(to) = &o.to {
        q.push(format!("to={}", enc(&time(to))));
    }
    if let Some(z) = tz {
        q.push(format!("timezone={}", enc(&z.url_value)));
        q.push(format!("tz={}", enc(&z.url_value)));
    }
    q.push(format!("theme={}", o.theme.as_str()));
    for (k, v) in &o.vars {
        q.push(format!("var-{}={}", enc(k), enc(v)));
    }
    q.push("hideLogo=true".into());
    url.set_query(Some(&q.join("&")));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_scale_have_limits() {
        let ok = RenderOptions {
            width: 100,
            height: 8192,
            ..Default::default()
        };
        assert!(ok.validate().is_ok());
        for bad in [
            RenderOptions {
                width: 99,
                ..Default::default()
            },
            RenderOptions {
                height: 8193,
                ..Default::default()
            },
            RenderOptions {
                scale: 0.5,
                ..Default::default()
            },
            RenderOptions {
                scale: 4.5,
                ..Default::default()
            },
            RenderOptions {
                width: 8192,
                height: 8192,
                scale: 2.0,
                ..Default::default()
            },
        ] {
            let e = bad.validate().unwrap_err();
            assert_eq!(
                crate::error::Coded::code(&e),
                "render.invalid_size",
                "{bad:?}"
            );
        }
        let big = RenderOptions {
            width: 4000,
            height: 4000,
            scale: 2.0,
            ..Default::default()
        };
        assert_eq!(big.output_pixels(), (8000, 8000));
        assert!(big.validate().is_ok(), "exactly 64 megapixels is allowed");
    }

    #[test]
    fn options_are_checked() {
        let bad_tz = RenderOptions {
            timezone: Some("Mars/Olympus".into()),
            ..Default::default()
        };
        assert_eq!(
            crate::error::Coded::code(&bad_tz.validate().unwrap_err()),
            "render.invalid_option"
        );
        let bad_var = RenderOptions {
            vars: vec![("a b".into(), "x".into())],
            ..Default::default()
        };
        assert!(bad_var.validate().is_err());
        let bad_time = RenderOptions {
            from: Some("yesterday noon".into()),
            ..Default::default()
        };
        assert!(bad_time.validate().is_err());
    }

    #[test]
    fn timezones_resolve() {
        assert_eq!(
            resolve_timezone("UTC").unwrap(),
            ResolvedTz {
                url_value: "utc".into(),
                emulation: "UTC".into()
            }
        );
        assert_eq!(
            resolve_timezone("Asia/Tokyo").unwrap().emulation,
            "Asia/Tokyo"
        );
        let local = resolve_timezone("browser").unwrap();
        assert_ne!(
            local.url_value, "browser",
            "browser is resolved to a real zone"
        );
        assert_eq!(local.url_value, local.emulation);
    }

    #[test]
    fn the_page_url_never_carries_an_auto_refresh() {
        // A `refresh=` in the URL restarts the panel's queries on a timer while it is being
        // captured; the official renderer shipped blank panels from such URLs
        // (grafana-image-renderer #606). Panelshot builds its URLs from parts, so none is there
        // whatever the options say.
        let base = Url::parse("https://g.example/").unwrap();
        let o = RenderOptions {
            from: Some("now-5m".into()),
            to: Some("now".into()),
            vars: vec![("refresh".into(), "5s".into())],
            ..Default::default()
        };
        for panel in [Some("3".to_string()), None] {
            let t = PageTarget {
                dashboard_uid: "abc".into(),
                slug: "x".into(),
                org_id: Some(1),
                panel,
            };
            let url = page_url(&base, &t, &o, None);
            assert!(!url.query_pairs().any(|(k, _)| k == "refresh"), "{url}");
        }
    }

    #[test]
    fn solo_url_has_every_parameter() {
        let base = Url::parse("https://host/grafana/").unwrap();
        let t = PageTarget {
            dashboard_uid: "abc".into(),
            slug: "api-latency".into(),
            org_id: Some(2),
            panel: Some("panel-3-clone-1".into()),
        };
        let o = RenderOptions {
            from: Some("now-7d".into()),
            to: Some("now".into()),
            vars: vec![
                ("service".into(), "a b".into()),
                ("service".into(), "c".into()),
            ],
            theme: Theme::Light,
            ..Default::default()
        };
        let tz = resolve_timezone("Asia/Tokyo").unwrap();
        assert_eq!(
            page_url(&base, &t, &o, Some(&tz)).as_str(),
            "https://host/grafana/d-solo/abc/api-latency?orgId=2&panelId=panel-3-clone-1&from=now-7d&to=now&timezone=Asia%2FTokyo&tz=Asia%2FTokyo&theme=light&var-service=a+b&var-service=c&hideLogo=true"
        );
        let dash = PageTarget { panel: None, ..t };
        let u = page_url(&base, &dash, &RenderOptions::default(), None);
        assert_eq!(
            u.as_str(),
            "https://host/grafana/d/abc/api-latency?orgId=2&kiosk&theme=dark&hideLogo=true"
        );
        let no_slug = PageTarget {
            slug: String::new(),
            ..dash
        };
        assert!(
            page_url(&base, &no_slug, &RenderOptions::default(), None)
                .as_str()
                .starts_with("https://host/grafana/d/abc?")
        );
    }
}
