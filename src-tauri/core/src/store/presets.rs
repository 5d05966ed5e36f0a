//! Presets: named render settings. Built-in ones live in code, read-only and always present;
//! user presets are rows. One preset may be the default (a setting).

use rusqlite::{Row, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};
use crate::export::Format;
use crate::render::Theme;

pub const DEFAULT_PRESET_SETTING: &str = "default_preset";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    pub name: String,
    #[serde(default)]
    pub builtin: bool,
    pub width: u32,
    pub height: u32,
    pub scale: f64,
    pub theme: Theme,
    pub timezone: Option<String>,
    /// Relative range such as `now-7d` → `now`.
    #[serde(alias = "time_from")]
    pub time_from: Option<String>,
    #[serde(alias = "time_to")]
    pub time_to: Option<String>,
    pub format: Format,
    pub quality: Option<u8>,
    pub transparent: bool,
    /// Text size (`RenderOptions::zoom`); unset is 100 % for images and the slides' default.
    #[serde(default)]
    pub zoom: Option<f64>,
    #[serde(default)]
    #[serde(alias = "is_default")]
    pub is_default: bool,
}

impl Preset {
    /// A user preset of this size with every other field at its default.
    pub fn new(name: &str, width: u32, height: u32) -> Preset {
        Preset {
            builtin: false,
            ..Preset::builtin(name, width, height, 1.0)
        }
    }

    fn builtin(name: &str, width: u32, height: u32, scale: f64) -> Preset {
        Preset {
            name: name.into(),
            builtin: true,
            width,
            height,
            scale,
            theme: Theme::Dark,
            timezone: None,
            time_from: None,
            time_to: None,
            format: Format::Png,
            quality: None,
            transparent: false,
            zoom: None,
            is_default: false,
        }
    }
}

/// The presets every user has. A4 landscape is 297 × 210 mm, 1123 × 794 CSS px at 96 dpi.
pub fn builtin_presets() -> Vec<Preset> {
    vec![
        Preset::builtin("Slide 16:9", 1920, 1080, 1.0),
        Preset::builtin("Slide 4:3", 1440, 1080, 1.0),
        Preset::builtin("Half slide", 960, 1080, 1.0),
        Preset::builtin("Square", 1080, 1080, 1.0),
        Preset::builtin("Thumbnail", 800, 450, 1.0),
        Preset::builtin("Print A4 landscape", 1123, 794, 3.0),
    ]
}

const COLUMNS: &str = "name, width, height, scale, theme, timezone, time_from, time_to, format, quality, transparent, zoom";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Preset> {
    let theme: String = r.get(4)?;
    let format: String = r.get(8)?;
    Ok(Preset {
        name: r.get(0)?,
        builtin: false,
        width: r.get(1)?,
        height: r.get(2)?,
        scale: r.get(3)?,
        theme: if theme == "light" {
            Theme::Light
        } else {
            Theme::Dark
        },
        timezone: r.get(5)?,
        time_from: r.get(6)?,
        time_to: r.get(7)?,
        format: format.parse().unwrap_or_default(),
        quality: r.get(9)?,
        transparent: r.get(10)?,
        zoom: r.get(11)?,
        is_default: false,
    })
}

fn is_builtin(name: &str) -> bool {
    builtin_presets()
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(name))
}

impl Store {
    /// Built-in presets first, then the user's, with the default marked.
    pub fn presets(&self) -> Result<Vec<Preset>, StoreError> {
        let default = self.setting(DEFAULT_PRESET_SETTING)?;
        let mut out = builtin_presets();
        {
            let db = self.db();
            let mut stmt = db.prepare(&format!(
                "SELECT {COLUMNS} FROM presets ORDER BY name COLLATE NOCASE"
            ))?;
            let user = stmt
                .query_map([], from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            out.extend(user);
        }
        for p in &mut out {
            p.is_default = default
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(&p.name));
        }
        Ok(out)
    }

    pub fn preset(&self, name: &str) -> Result<Preset, StoreError> {
        self.presets()?
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| StoreError::NotFound(format!("preset {name:?}")))
    }

    /// Creates or replaces a user preset. Built-in names are read-only.
    pub fn save_preset(&self, p: &Preset) -> Result<(), StoreError> {
        if is_builtin(&p.name) {
            return Err(StoreError::ReadOnly(format!(
                "the built-in preset {:?}",
                p.name
            )));
        }
        self.db().execute(
            &format!(
                "INSERT INTO presets ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT(name) DO UPDATE SET width = excluded.width, height = excluded.height,
                   scale = excluded.scale, theme = excluded.theme, timezone = excluded.timezone,
                   time_from = excluded.time_from, time_to = excluded.time_to, format = excluded.format,
                   quality = excluded.quality, transparent = excluded.transparent,
                   zoom = excluded.zoom"
            ),
            params![
                p.name,
                p.width,
                p.height,
                p.scale,
                p.theme.as_str(),
                p.timezone,
                p.time_from,
                p.time_to,
                p.format.extension().replace("jpg", "jpeg"),
                p.quality,
                p.transparent,
                p.zoom
            ],
        )?;
        Ok(())
    }

    pub fn rename_preset(&self, old: &str, new: &str) -> Result<(), StoreError> {
        if is_builtin(old) || is_builtin(new) {
            return Err(StoreError::ReadOnly("built-in preset names".into()));
        }
        let n = match self
            .db()
            .execute("UPDATE presets SET name = ?2 WHERE name = ?1", [old, new])
        {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                return Err(StoreError::Duplicate(format!("a preset named {new:?}")));
            }
            other => other?,
        };
        if n == 0 {
            return Err(StoreError::NotFound(format!("preset {old:?}")));
        }
        if self
            .setting(DEFAULT_PRESET_SETTING)?
            .is_some_and(|d| d.eq_ignore_ascii_case(old))
        {
            self.set_setting(DEFAULT_PRESET_SETTING, new)?;
        }
        Ok(())
    }

    pub fn delete_preset(&self, name: &str) -> Result<(), StoreError> {
        if is_builtin(name) {
            return Err(StoreError::ReadOnly(format!(
                "the built-in preset {name:?}"
            )));
        }
        if self
            .db()
            .execute("DELETE FROM presets WHERE name = ?1", [name])?
            == 0
        {
            return Err(StoreError::NotFound(format!("preset {name:?}")));
        }
        if self
            .setting(DEFAULT_PRESET_SETTING)?
            .is_some_and(|d| d.eq_ignore_ascii_case(name))
        {
            self.db().execute(
                "DELETE FROM settings WHERE key = ?1",
                [DEFAULT_PRESET_SETTING],
            )?;
        }
        Ok(())
    }

    pub fn set_default_preset(&self, name: &str) -> Result<(), StoreError> {
        let p = self.preset(name)?;
        self.set_setting(DEFAULT_PRESET_SETTING, &p.name)
    }

    pub fn default_preset(&self) -> Result<Option<Preset>, StoreError> {
        Ok(self.presets()?.into_iter().find(|p| p.is_default))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mine(name: &str) -> Preset {
        Preset {
            name: name.into(),
            builtin: false,
            width: 1600,
            height: 900,
            scale: 2.0,
            theme: Theme::Light,
            timezone: Some("Europe/Berlin".into()),
            time_from: Some("now-7d".into()),
            time_to: Some("now".into()),
            format: Format::Jpeg,
            quality: Some(80),
            transparent: false,
            zoom: Some(1.5),
            is_default: false,
        }
    }

    #[test]
    fn builtins_are_always_there_and_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let names: Vec<String> = s.presets().unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            vec![
                "Slide 16:9",
                "Slide 4:3",
                "Half slide",
                "Square",
                "Thumbnail",
                "Print A4 landscape"
            ]
        );
        assert_eq!(s.preset("print a4 landscape").unwrap().scale, 3.0);
        assert!(matches!(
            s.save_preset(&mine("Square")),
            Err(StoreError::ReadOnly(_))
        ));
        assert!(matches!(
            s.delete_preset("Slide 16:9"),
            Err(StoreError::ReadOnly(_))
        ));
    }

    #[test]
    fn user_presets_save_update_rename_default_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        s.save_preset(&mine("Weekly")).unwrap();
        assert_eq!(s.preset("weekly").unwrap().format, Format::Jpeg);
        let mut changed = mine("Weekly");
        changed.width = 1280;
        s.save_preset(&changed).unwrap();
        assert_eq!(s.preset("Weekly").unwrap().width, 1280);
        s.set_default_preset("weekly").unwrap();
        assert_eq!(s.default_preset().unwrap().unwrap().name, "Weekly");
        s.save_preset(&mine("Other")).unwrap();
        assert!(matches!(
            s.rename_preset("Weekly", "other"),
            Err(StoreError::Duplicate(_))
        ));
        s.rename_preset("Weekly", "Monday").unwrap();
        assert_eq!(
            s.default_preset().unwrap().unwrap().name,
            "Monday",
            "the default follows a rename"
        );
        s.delete_preset("Monday").unwrap();
        assert!(s.default_preset().unwrap().is_none());
        assert!(matches!(
            s.delete_preset("Monday"),
            Err(StoreError::NotFound(_))
        ));
        s.set_default_preset("Thumbnail").unwrap();
        assert!(s.preset("Thumbnail").unwrap().is_default);
    }
}
