//! File names from a template, safe on Windows, macOS and Linux.

pub const DEFAULT_TEMPLATE: &str = "{dashboard}-{panel}-{date}-{time}.{ext}";

#[derive(Debug, Clone)]
pub struct NameParts<'a> {
    pub dashboard: &'a str,
    pub panel: &'a str,
    pub panel_id: &'a str,
    pub width: u32,
    pub height: u32,
    pub ext: &'a str,
    pub now: chrono::DateTime<chrono::Local>,
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "dashboard",
    "panel",
    "id",
    "date",
    "time",
    "width",
    "height",
    "ext",
];

/// Rejects what would silently give odd names: an empty template, an unknown or unclosed
/// placeholder. (Names that collide get `-1`, `-2` suffixes, so no placeholder is required.)
pub fn check_template(template: &str) -> Result<(), super::ExportError> {
    let bad = |why: String| Err(super::ExportError::InvalidTemplate(why));
    if template.trim().is_empty() {
        return bad("the file-name template is empty".into());
    }
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            return bad(format!("{template:?} has a '{{' without its '}}'"));
        };
        let name = &rest[open + 1..open + len];
        if !PLACEHOLDERS.contains(&name) {
            return bad(format!(
                "{{{name}}} is not a placeholder; use {}",
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        rest = &rest[open + len + 1..];
    }
    Ok(())
}

/// Fills `{dashboard} {panel} {id} {date} {time} {width} {height} {ext}` and sanitises the result.
/// One pass over the template: a `{time}` inside a dashboard's title is text, not a placeholder.
pub fn render_name(template: &str, p: &NameParts<'_>) -> String {
    let value = |name: &str| -> Option<String> {
        Some(match name {
            "dashboard" => sanitize(p.dashboard),
            "panel" => sanitize(p.panel),
            "id" => sanitize(p.panel_id),
            "date" => p.now.format("%Y-%m-%d").to_string(),
            "time" => p.now.format("%H%M%S").to_string(),
            "width" => p.width.to_string(),
            "height" => p.height.to_string(),
            "ext" => p.ext.to_string(),
            _ => return None,
        })
    };
    let mut filled = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        let after = &rest[open..];
        match after
            .find('}')
            .and_then(|close| Some((close, value(&after[1..close])?)))
        {
            Some((close, v)) => {
                filled.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                filled.push('{');
                rest = &after[1..];
            }
        }
    }
    filled.push_str(rest);
    let mut name = sanitize(&filled);
    if !name.to_ascii_lowercase().ends_with(&format!(".{}", p.ext)) {
        name = format!("{name}.{}", p.ext);
    }
    name
}

/// Unicode format characters that steer or hide text: bidi marks, embeddings, overrides and
/// isolates, zero-width characters and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// One path component that every OS accepts: no separators or reserved characters, no trailing
/// dots or spaces, no reserved device names, at most 150 bytes. Letters of every script stay.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_dash = false;
    for c in s.chars() {
        // Bidi overrides and isolates can make `gpj.exe` display as `exe.jpg`; invisible
        // characters make two different names look the same. Neither belongs in a file name.
        if is_invisible(c) {
            continue;
        }
        let bad = c.is_control()
            || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
            || c.is_whitespace();
        if bad {
            if !last_dash && !out.is_empty() {
                out.push('-');
                last_dash = true;
            }
        } else {
            out.push(c);
            last_dash = c == '-';
        }
    }
    // Cut to length first, then trim: a cut can end the name in a dot or space, which
    // Windows refuses.
    while out.len() > 150 {
        out.pop();
    }
    let mut out = out
        .trim_matches(|c: char| c == '-' || c == '.' || c == ' ')
        .to_string();
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        out = format!("_{out}");
    }
    if out.is_empty() { "panel".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn placeholders_in_titles_are_text() {
        let p = NameParts {
            dashboard: "{time} report",
            panel: "{ext}",
            ..parts("x", "y")
        };
        let name = render_name("{dashboard}-{panel}.{ext}", &p);
        assert_eq!(name, "{time}-report-{ext}.png");
    }

    #[test]
    fn bidi_and_invisible_characters_are_removed_and_names_never_end_in_a_dot() {
        assert_eq!(sanitize("report\u{202E}gpj.exe"), "reportgpj.exe");
        assert_eq!(sanitize("a\u{2066}b\u{2069}c\u{200B}d\u{FEFF}"), "abcd");
        assert_eq!(sanitize("שלום \u{200F}world"), "שלום-world");
        let long = format!("{}. x", "a".repeat(149));
        let cut = sanitize(&long);
        assert!(
            !cut.ends_with('.') && !cut.ends_with(' ') && cut.len() <= 150,
            "{cut:?}"
        );
    }

    #[test]
    fn templates_are_checked() {
        assert!(check_template(DEFAULT_TEMPLATE).is_ok());
        assert!(check_template("{id}").is_ok());
        assert!(check_template("{dashboard}.{ext}").is_ok());
        for bad in ["", "  ", "{panel}-{nope}", "{panel}-{date"] {
            assert!(check_template(bad).is_err(), "{bad:?} passed");
        }
    }

    fn parts<'a>(dashboard: &'a str, panel: &'a str) -> NameParts<'a> {
        NameParts {
            dashboard,
            panel,
            panel_id: "3",
            width: 1920,
            height: 1080,
            ext: "png",
            now: chrono::Local
                .with_ymd_and_hms(2026, 11, 25, 9, 5, 7)
                .unwrap(),
        }
    }

    #[test]
    fn default_template() {
        assert_eq!(
            render_name(DEFAULT_TEMPLATE, &parts("API Latency", "p95 latency")),
            "API-Latency-p95-latency-2026-11-25-090507.png"
        );
        assert_eq!(
            render_name("{id}_{width}x{height}", &parts("d", "p")),
            "3_1920x1080.png"
        );
    }

    #[test]
    fn unsafe_names_become_safe_everywhere() {
        assert_eq!(sanitize("a/b\\c:d*e?f\"g<h>i|j"), "a-b-c-d-e-f-g-h-i-j");
        assert_eq!(sanitize("  trailing dots... "), "trailing-dots");
        assert_eq!(sanitize("CON"), "_CON");
        assert_eq!(sanitize("con.png"), "_con.png");
        assert_eq!(sanitize("東京 サービス監視 📈"), "東京-サービス監視-📈");
        assert_eq!(sanitize("///"), "panel");
        assert!(sanitize(&"x".repeat(400)).len() <= 150);
        assert_eq!(sanitize("../../etc/passwd"), "etc-passwd");
    }
}
