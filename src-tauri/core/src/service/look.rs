//! How an image looks — size, scale, text size, theme, zone, range, transparency, format,
//! quality, timeout, capture-anyway — as one type, and one resolver that layers, in this order: built-in
//! defaults → the user's settings → the named preset (else the user's default one) → what the
//! caller asks for. The CLI's flags, saved presets and jobs all go through it, so a flag, a
//! setting and a preset field mean the same everywhere.

use serde::{Deserialize, Serialize};

use crate::export::Format;
use crate::render::{RenderOptions, Theme};
use crate::store::Preset;

use super::{Core, ServiceError};

/// The size an export has when nothing else says: a 16:9 slide.
pub const DEFAULT_WIDTH: u32 = 1600;
pub const DEFAULT_HEIGHT: u32 = 900;

/// A resolved look: everything an export needs besides what to render and where.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Look {
    pub options: RenderOptions,
    /// No size was asked for anywhere: a panel comes out at its size on the dashboard.
    #[serde(alias = "natural_size")]
    pub natural_size: bool,
    pub format: Format,
    pub quality: Option<u8>,
}

/// Any subset of a look, laid over the layers below it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LookPatch {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub scale: Option<f64>,
    pub theme: Option<Theme>,
    pub timezone: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub transparent: Option<bool>,
    pub format: Option<Format>,
    pub quality: Option<u8>,
    #[serde(alias = "timeout_secs")]
    pub timeout_secs: Option<u64>,
    #[serde(alias = "capture_anyway")]
    pub capture_anyway: Option<bool>,
    #[serde(default)]
    pub zoom: Option<f64>,
}

impl LookPatch {
    pub fn sets_size(&self) -> bool {
        self.width.is_some() || self.height.is_some()
    }

    /// The patch a preset is: every look field it stores.
    pub fn of_preset(p: &Preset) -> LookPatch {
        LookPatch {
            width: Some(p.width),
            height: Some(p.height),
            scale: Some(p.scale),
            theme: Some(p.theme),
            timezone: p.timezone.clone(),
            from: p.time_from.clone(),
            to: p.time_to.clone(),
            transparent: Some(p.transparent),
            format: Some(p.format),
            quality: p.quality,
            timeout_secs: None,
            capture_anyway: None,
            zoom: p.zoom,
        }
    }

    /// Lays this patch over `look`, field by field.
    pub fn apply(&self, look: &mut Look) {
        let o = &mut look.options;
        if let Some(v) = self.width {
            o.width = v;
        }
        if let Some(v) = self.height {
            o.height = v;
        }
        if let Some(v) = self.scale {
            o.scale = v;
        }
        if let Some(v) = self.theme {
            o.theme = v;
        }
        if self.timezone.is_some() {
            o.timezone = self.timezone.clone();
        }
        if self.from.is_some() {
            o.from = self.from.clone();
        }
        if self.to.is_some() {
            o.to = self.to.clone();
        }
        if let Some(v) = self.transparent {
            o.transparent = v;
        }
        if let Some(v) = self.timeout_secs {
            o.timeout_secs = v;
        }
        if let Some(v) = self.capture_anyway {
            o.capture_anyway = v;
        }
        if self.zoom.is_some() {
            o.zoom = self.zoom;
        }
        if let Some(v) = self.format {
            look.format = v;
        }
        if self.quality.is_some() {
            look.quality = self.quality;
        }
        if self.sets_size() {
            look.natural_size = false;
        }
    }

    /// Lays this patch over a preset being saved (the preset keeps no timeout or capture-anyway).
    pub fn apply_to_preset(&self, p: &mut Preset) {
        let mut look = Look::of_preset(p);
        self.apply(&mut look);
        let o = look.options;
        p.width = o.width;
        p.height = o.height;
        p.scale = o.scale;
        p.theme = o.theme;
        p.timezone = o.timezone;
        p.time_from = o.from;
        p.time_to = o.to;
        p.transparent = o.transparent;
        p.zoom = o.zoom;
        p.format = look.format;
        p.quality = look.quality;
    }
}

impl Look {
    /// The built-in defaults.
    pub fn defaults() -> Look {
        Look {
            options: RenderOptions {
                width: DEFAULT_WIDTH,
                height: DEFAULT_HEIGHT,
                ..RenderOptions::default()
            },
            natural_size: true,
            format: Format::Png,
            quality: None,
        }
    }

    fn of_preset(p: &Preset) -> Look {
        let mut look = Look::defaults();
        look.apply_preset(p);
        look
    }

    /// A preset sets every field it stores, its "unset" ones (zone, range, quality, text size)
    /// included: unset there means the dashboard's or the format's default, not "keep what was
    /// below".
    pub fn apply_preset(&mut self, p: &Preset) {
        LookPatch::of_preset(p).apply(self);
        self.options.timezone = p.timezone.clone();
        self.options.from = p.time_from.clone();
        self.options.to = p.time_to.clone();
        self.options.zoom = p.zoom;
        self.quality = p.quality;
    }

    /// Checks everything an export would check, before anything renders.
    pub fn validate(&self) -> Result<(), ServiceError> {
        self.options.validate().map_err(ServiceError::Render)
    }
}

impl Core {
    /// Defaults → settings → `preset` (else the user's default preset, if any) → `patch`,
    /// validated.
    pub fn resolve_look(
        &self,
        preset: Option<&str>,
        patch: &LookPatch,
    ) -> Result<Look, ServiceError> {
        let preset = match preset {
            Some(name) => Some(self.preset(name)?),
            None => self.default_preset()?,
        };
        self.look_of(preset.as_ref(), patch)
    }

    /// A look from the given preset's fields (none: the defaults) over the defaults and the
    /// settings' timeout, then the patch, checked.
    pub(crate) fn look_of(
        &self,
        preset: Option<&Preset>,
        patch: &LookPatch,
    ) -> Result<Look, ServiceError> {
        let mut look = Look::defaults();
        look.options.timeout_secs = self.render_timeout_secs()?;
        if let Some(p) = preset {
            look.apply_preset(p);
        }
        patch.apply(&mut look);
        look.validate()?;
        Ok(look)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_in_order_and_validates() {
        let (_dir, core) = crate::service::test_core();
        // Nothing anywhere: defaults, natural size, the settings' timeout.
        let base = core.resolve_look(None, &LookPatch::default()).unwrap();
        assert_eq!(
            (base.options.width, base.options.height),
            (DEFAULT_WIDTH, DEFAULT_HEIGHT)
        );
        assert!(base.natural_size);
        assert_eq!(base.options.timeout_secs, 30);
        core.update_settings(&crate::service::SettingsUpdate {
            timeout_secs: Some(90),
            ..Default::default()
        })
        .unwrap();
        // A default preset: its size, no longer natural; the setting still gives the timeout.
        let mut weekly = Preset::new("Weekly", 1200, 600);
        weekly.theme = Theme::Light;
        weekly.format = Format::Jpeg;
        core.save_preset(&weekly).unwrap();
        core.set_default_preset(Some("Weekly")).unwrap();
        let l = core.resolve_look(None, &LookPatch::default()).unwrap();
        assert_eq!(
            (l.options.width, l.options.theme, l.format),
            (1200, Theme::Light, Format::Jpeg)
        );
        assert!(!l.natural_size);
        assert_eq!(l.options.timeout_secs, 90);
        // The caller's patch wins over everything, field by field.
        let patch = LookPatch {
            height: Some(700),
            timeout_secs: Some(12),
            format: Some(Format::Webp),
            ..Default::default()
        };
        let l = core.resolve_look(None, &patch).unwrap();
        assert_eq!((l.options.width, l.options.height), (1200, 700));
        assert_eq!((l.options.timeout_secs, l.format), (12, Format::Webp));
        // And the result is checked.
        let bad = LookPatch {
            width: Some(9000),
            ..Default::default()
        };
        assert_eq!(
            crate::error::Coded::code(&core.resolve_look(None, &bad).unwrap_err()),
            "render.invalid_size"
        );
        assert!(
            core.resolve_look(Some("nope"), &LookPatch::default())
                .is_err()
        );
    }

    #[test]
    fn a_patch_edits_a_preset_field_by_field() {
        let mut p = Preset::new("Slides", 1920, 1080);
        LookPatch {
            scale: Some(2.0),
            from: Some("now-7d".into()),
            ..Default::default()
        }
        .apply_to_preset(&mut p);
        assert_eq!(
            (p.width, p.scale, p.time_from.as_deref()),
            (1920, 2.0, Some("now-7d"))
        );
    }
}
