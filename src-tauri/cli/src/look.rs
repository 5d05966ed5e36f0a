//! The flags that say how an image looks, shared by `export` and `preset save`: both lay them
//! over a preset (or the defaults), field by field, so a flag means the same in each.

use clap::Args;

use panelshot_core::export::Format;
use panelshot_core::render::Theme;
use panelshot_core::service::LookPatch;

#[derive(Debug, Args)]
pub struct LookArgs {
    /// CSS pixels (100–8192); unset: the preset's (for an export without one, the panel's size
    /// on the dashboard).
    #[arg(long)]
    pub width: Option<u32>,
    #[arg(long)]
    pub height: Option<u32>,
    /// Device pixels per CSS pixel, 1–4 (default 1).
    #[arg(long)]
    pub scale: Option<f64>,
    /// Text size, like a browser's zoom (`150%`): the page is laid out smaller and drawn
    /// sharper, so the picture keeps its size and its text grows; 50–300 %. Unset: 100 %, and
    /// 200 % on slides (axis labels 12 pt).
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    pub text_size: Option<f64>,
    /// IANA zone, `utc` or `browser` (your local zone); unset: the dashboard's.
    #[arg(long = "tz", value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Start of the time range (`now-7d`, epoch ms, ISO date); unset: the dashboard's.
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Default: dark.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
    /// Transparent background (PNG, WebP).
    #[arg(long)]
    pub transparent: bool,
    /// Default: from the output file's extension, else the preset's, else png.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// JPEG/WebP quality 1–100.
    #[arg(long, value_parser = clap::value_parser!(u8).range(panelshot_core::limits::clap_range(&panelshot_core::limits::QUALITY)))]
    pub quality: Option<u8>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Png,
    Jpeg,
    Jpg,
    Webp,
    Pdf,
}

impl LookArgs {
    /// The flags given, as the core's look patch (laid over a preset by the core's resolver).
    pub fn patch(&self) -> LookPatch {
        LookPatch {
            width: self.width,
            height: self.height,
            scale: self.scale,
            theme: self.theme.map(|t| match t {
                ThemeArg::Light => Theme::Light,
                ThemeArg::Dark => Theme::Dark,
            }),
            timezone: self.timezone.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            transparent: self.transparent.then_some(true),
            format: self.format.map(|f| match f {
                FormatArg::Png => Format::Png,
                FormatArg::Jpeg | FormatArg::Jpg => Format::Jpeg,
                FormatArg::Webp => Format::Webp,
                FormatArg::Pdf => Format::Pdf,
            }),
            quality: self.quality,
            timeout_secs: None,
            capture_anyway: None,
            zoom: self.text_size,
        }
    }
}

/// `150%` or `150` as the factor 1.5 (the core checks the range, with its message).
fn percent(s: &str) -> Result<f64, String> {
    let n = s.trim().trim_end_matches('%').trim();
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v / 100.0),
        _ => Err(format!("{s:?} is not a percentage; write one such as 150%")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use panelshot_core::store::Preset;

    #[derive(Parser)]
    struct Cmd {
        #[command(flatten)]
        look: LookArgs,
    }

    #[test]
    fn given_flags_replace_the_presets_fields_and_the_rest_stay() {
        let cmd = Cmd::parse_from([
            "x",
            "--width",
            "1600",
            "--tz",
            "Asia/Tokyo",
            "--theme",
            "light",
            "--format",
            "jpg",
            "--quality",
            "80",
            "--text-size",
            "150%",
        ]);
        let mut p = Preset::new("slides", 1920, 1080);
        p.scale = 2.0;
        p.time_from = Some("now-7d".into());
        cmd.look.patch().apply_to_preset(&mut p);
        assert!(cmd.look.patch().sets_size());
        assert_eq!((p.width, p.height, p.scale), (1600, 1080, 2.0));
        assert_eq!(p.timezone.as_deref(), Some("Asia/Tokyo"));
        assert_eq!(p.time_from.as_deref(), Some("now-7d"));
        assert_eq!(p.zoom, Some(1.5));
        assert_eq!(
            (p.theme, p.format, p.quality),
            (Theme::Light, Format::Jpeg, Some(80))
        );
        assert!(!p.transparent);
        assert!(
            !Cmd::parse_from(["x", "--scale", "2"])
                .look
                .patch()
                .sets_size()
        );
    }

    #[test]
    fn a_text_size_is_a_percentage() {
        let z = |v: &str| Cmd::try_parse_from(["x", "--text-size", v]).map(|c| c.look.text_size);
        assert_eq!(z("200").unwrap(), Some(2.0));
        assert_eq!(z(" 125 %").unwrap(), Some(1.25));
        let e = z("big").err().unwrap().to_string();
        assert!(e.contains("write one such as 150%"), "{e}");
        assert!(z("-50%").is_err());
    }
}
