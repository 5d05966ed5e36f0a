//! Presets: the named looks a person saves, checked against an export's limits before they are
//! written, renamed (the default follows) and made the default.

use super::{Core, Look, ServiceError};
use crate::store::Preset;

/// A preset needs a name and must describe an export that would be allowed.
fn check_preset(p: &Preset) -> Result<(), ServiceError> {
    if p.name.trim().is_empty() {
        return Err(ServiceError::Invalid("a preset needs a name".into()));
    }
    check_look(p)
}

/// A preset's fields (a preset, or the look a job keeps) describe an export that would be
/// allowed: sizes, scale, zone.
pub(super) fn check_look(p: &Preset) -> Result<(), ServiceError> {
    let mut probe = Look::defaults();
    probe.apply_preset(p);
    probe.validate()
}

impl Core {
    /// Saves a user preset after checking it against the same limits as an export.
    pub fn save_preset(&self, p: &Preset) -> Result<(), ServiceError> {
        check_preset(p)?;
        Ok(self.store.save_preset(p)?)
    }

    /// Edits a user preset, renaming it first when its name changed (the default follows).
    pub fn update_preset(&self, original: &str, p: &Preset) -> Result<(), ServiceError> {
        let current = self.store.preset(original)?;
        let p = Preset {
            name: p.name.trim().to_string(),
            ..p.clone()
        };
        check_preset(&p)?;
        if current.name != p.name {
            self.store.rename_preset(&current.name, &p.name)?;
        }
        // Name and limits were checked above, before the rename.
        Ok(self.store.save_preset(&p)?)
    }

    /// Makes a preset the default for new exports; `None` clears the default.
    pub fn set_default_preset(&self, name: Option<&str>) -> Result<(), ServiceError> {
        match name {
            Some(n) => self.store.set_default_preset(n)?,
            None => self
                .store
                .delete_setting(crate::store::DEFAULT_PRESET_SETTING)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_edited_renamed_and_made_default() {
        let (_dir, core) = crate::service::test_core();
        core.save_preset(&Preset::new("Weekly", 1600, 900)).unwrap();
        core.set_default_preset(Some("weekly")).unwrap();
        let mut edited = Preset::new("  Monday slides ", 1920, 1080);
        edited.scale = 2.0;
        core.update_preset("Weekly", &edited).unwrap();
        let p = core.store.preset("Monday slides").unwrap();
        assert_eq!(
            (p.width, p.height, p.scale, p.is_default),
            (1920, 1080, 2.0, true)
        );
        assert!(core.store.preset("Weekly").is_err());

        let too_big = Preset::new("Monday slides", 9000, 900);
        assert_eq!(
            crate::error::Coded::code(&core.update_preset("Monday slides", &too_big).unwrap_err()),
            "render.invalid_size"
        );
        assert!(core.update_preset("nope", &edited).is_err());
        let builtin = &crate::store::builtin_presets()[0];
        assert!(
            core.update_preset(&builtin.name, &Preset::new("x", 800, 600))
                .is_err()
        );

        core.set_default_preset(None).unwrap();
        assert!(core.store.default_preset().unwrap().is_none());
    }

    #[test]
    fn presets_fill_looks() {
        use crate::export::Format;
        let p = crate::store::builtin_presets()
            .into_iter()
            .find(|p| p.name == "Print A4 landscape")
            .unwrap();
        let mut look = Look::defaults();
        look.format = Format::Jpeg;
        look.quality = Some(50);
        look.apply_preset(&p);
        let o = &look.options;
        assert_eq!(
            (o.width, o.height, o.scale, look.format, look.quality),
            (1123, 794, 3.0, Format::Png, None)
        );
    }
}
