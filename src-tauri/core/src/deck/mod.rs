//! Slide decks from rendered panels: PowerPoint (`.pptx`, Office Open XML written with `zip`
//! and `quick-xml`) and PDF (pages laid out as HTML and printed by the same Chromium that
//! renders the panels, which embeds each picture at its full resolution). One, two or four
//! panels per slide, each rendered at its slot's exact pixel size (`layout`), with a title, a
//! caption line and speaker notes linking back to Grafana.

pub mod layout;
mod pdf;
pub(crate) mod pptx;

use std::path::Path;

use crate::error::{Coded, ErrorCode};
pub use layout::{Frame, Rect, SlideSize, frame};
pub use pdf::{html as pdf_html, page_inches as pdf_page_inches};

#[derive(Debug, thiserror::Error)]
pub enum DeckError {
    #[error("{0}")]
    Invalid(String),
    #[error("the deck could not be written: {0}")]
    Encode(String),
}

impl Coded for DeckError {
    fn code(&self) -> ErrorCode {
        match self {
            DeckError::Invalid(_) => ErrorCode::InputInvalid,
            DeckError::Encode(_) => ErrorCode::DeckEncode,
        }
    }
}

/// What a deck file is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeckFormat {
    Pptx,
    Pdf,
}

impl DeckFormat {
    /// From the file name: `.pptx` or `.pdf`, anything else is refused with what to use.
    pub fn of(path: &Path) -> Result<DeckFormat, DeckError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pptx") => Ok(DeckFormat::Pptx),
            Some("pdf") => Ok(DeckFormat::Pdf),
            _ => Err(DeckError::Invalid(format!(
                "a deck is a .pptx or .pdf file, not {}",
                path.display()
            ))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DeckFormat::Pptx => "pptx",
            DeckFormat::Pdf => "pdf",
        }
    }
}

/// How the slides are laid out.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeckLayout {
    pub slide: SlideSize,
    /// Panels per slide: 1, 2 or 4.
    #[serde(alias = "per_slide")]
    pub per_slide: u8,
    /// A title on each slide.
    pub titles: bool,
    /// In a `.pptx`, table panels as PowerPoint tables (their data, editable) instead of
    /// pictures.
    #[serde(default)]
    #[serde(alias = "native_tables")]
    pub native_tables: bool,
}

impl Default for DeckLayout {
    fn default() -> Self {
        DeckLayout {
            slide: SlideSize::Wide,
            per_slide: 1,
            titles: true,
            native_tables: false,
        }
    }
}

impl DeckLayout {
    pub fn check(&self) -> Result<(), DeckError> {
        layout::check_layout(self.per_slide)
            .map(|_| ())
            .map_err(DeckError::Invalid)
    }

    pub fn frame(&self) -> Frame {
        frame(self.slide, self.per_slide, self.titles)
    }

    /// The CSS pixel size each panel is rendered at (times the export's scale).
    pub fn slot_px(&self) -> (u32, u32) {
        let f = self.frame();
        f.slots.first().map(|s| (s.w, s.h)).unwrap_or(f.slide)
    }
}

/// Whether XML 1.0 can carry `c` (`Char` in the XML 1.0 spec, section 2.2): of the controls
/// only tab, newline and carriage return (C1 controls are left out too: they mean nothing on a
/// slide and some readers refuse them).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || (!c.is_control()
            // A `char` is never a surrogate: those need no check.
            && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// `s` without the characters XML 1.0 forbids: every text of a deck goes through this, as
/// titles and names come from Grafana users and a single NUL or U+FFFF damages the file.
pub fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().filter(|c| xml_char(*c)).collect())
    }
}

/// User text set apart from what surrounds it (Unicode first-strong isolate … pop directional
/// isolate): a right-to-left override inside a dashboard title ends at the isolate's end, so
/// the caption's dates beside it keep their order.
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{s}\u{2069}")
}

/// A rendered panel, PNG.
#[derive(Debug, Clone)]
pub struct Picture {
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    /// Its name on the slide (the panel title).
    pub name: String,
    /// A table panel's data, placed in a `.pptx` as a PowerPoint table instead of the picture
    /// (`DeckLayout::native_tables`).
    pub table: Option<Table>,
}

/// A table's text: column titles and rows, as the CSV has them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    /// The first rows (at most a few hundred).
    pub rows: Vec<Vec<String>>,
    /// How many rows the data has in all.
    pub total: usize,
}

#[derive(Debug, Clone)]
pub struct Slide {
    pub title: String,
    pub caption: String,
    pub notes: String,
    pub pictures: Vec<Picture>,
}

#[derive(Debug, Clone)]
pub struct Deck {
    pub title: String,
    pub layout: DeckLayout,
    pub slides: Vec<Slide>,
}

impl Deck {
    /// The `.pptx` file's bytes.
    pub fn pptx(&self, created: chrono::DateTime<chrono::Utc>) -> Result<Vec<u8>, DeckError> {
        pptx::write(self, created)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_only_what_xml_cannot_carry() {
        assert_eq!(
            xml_safe("a\u{0}b\u{7}c\u{1b}d\u{FFFE}e\u{FFFF}f\u{85}g"),
            "abcdefg"
        );
        assert_eq!(xml_safe("t\ta\nb\rc"), "t\ta\nb\rc");
        let kept = "<&>\"' ]]> עברית 中文 📈 \u{202E}";
        assert!(matches!(xml_safe(kept), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn user_text_is_isolated() {
        // An override inside the title ends with the isolate around it.
        let caption = format!("{} · 2026-12-01", isolate("\u{202E}Ops"));
        assert!(caption.starts_with("\u{2068}\u{202E}Ops\u{2069} · "));
    }
}
