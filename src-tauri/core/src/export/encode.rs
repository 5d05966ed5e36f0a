//! Image formats. PNG and WebP come straight from the browser; JPEG is encoded here after
//! flattening any transparency onto the theme's panel background (JPEG has no alpha).

use std::io::Cursor;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ExportError;
use crate::render::CaptureKind;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Png,
    Jpeg,
    Webp,
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
            Format::Pdf => "pdf",
        }
    }

    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok())
    }

    /// What to ask the browser for.
    pub fn capture_kind(self, quality: Option<u8>) -> CaptureKind {
        match self {
            Format::Png | Format::Jpeg => CaptureKind::Png,
            Format::Webp => CaptureKind::Webp {
                quality: quality.unwrap_or(90).clamp(1, 100),
            },
            Format::Pdf => CaptureKind::Pdf,
        }
    }
}

impl FromStr for Format {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Self, ExportError> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(Format::Png),
            "jpg" | "jpeg" => Ok(Format::Jpeg),
            "webp" => Ok(Format::Webp),
            "pdf" => Ok(Format::Pdf),
            other => Err(ExportError::InvalidFormat(format!(
                "{other:?} is not a format; use png, jpeg, webp or pdf"
            ))),
        }
    }
}

/// Decodes an image into straight RGBA pixels (for the clipboard): (pixels, width, height).
pub fn rgba(image_bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), ExportError> {
    let img = image::load_from_memory(image_bytes)
        .map_err(|e| ExportError::Encode(e.to_string()))?
        .to_rgba8();
    let (w, h) = img.dimensions();
    Ok((img.into_raw(), w, h))
}

/// Turns the browser's bytes into the requested format.
pub fn encode(
    format: Format,
    captured: Vec<u8>,
    quality: Option<u8>,
    background: [u8; 3],
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Png | Format::Webp | Format::Pdf => Ok(captured),
        Format::Jpeg => {
            let img = image::load_from_memory(&captured)
                .map_err(|e| ExportError::Encode(e.to_string()))?
                .to_rgba8();
            let (w, h) = img.dimensions();
            let mut rgb = image::RgbImage::new(w, h);
            for (x, y, p) in img.enumerate_pixels() {
                let a = u16::from(p[3]);
                let mix = |c: u8, bg: u8| {
                    ((u16::from(c) * a + u16::from(bg) * (255 - a) + 127) / 255) as u8
                };
                rgb.put_pixel(
                    x,
                    y,
                    image::Rgb([
                        mix(p[0], background[0]),
                        mix(p[1], background[1]),
                        mix(p[2], background[2]),
                    ]),
                );
            }
            let mut out = Cursor::new(Vec::new());
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out,
                quality.unwrap_or(90).clamp(1, 100),
            );
            rgb.write_with_encoder(enc)
                .map_err(|e| ExportError::Encode(e.to_string()))?;
            Ok(out.into_inner())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, px: [u8; 4]) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba(px));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn jpeg_flattens_transparency_onto_the_background() {
        let jpg = encode(
            Format::Jpeg,
            png(20, 10, [0, 0, 0, 0]),
            Some(95),
            [0x18, 0x1b, 0x1f],
        )
        .unwrap();
        let img = image::load_from_memory(&jpg).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (20, 10));
        let p = img.get_pixel(5, 5);
        for (got, want) in p.0.iter().zip([0x18u8, 0x1b, 0x1f]) {
            assert!(got.abs_diff(want) <= 3, "{p:?}");
        }
    }

    #[test]
    fn formats_parse_and_name_their_extension() {
        assert_eq!("JPG".parse::<Format>().unwrap(), Format::Jpeg);
        assert_eq!(Format::Jpeg.extension(), "jpg");
        assert_eq!(
            Format::from_path(std::path::Path::new("a/b.webp")),
            Some(Format::Webp)
        );
        assert!("gif".parse::<Format>().is_err());
        assert_eq!(
            Format::Webp.capture_kind(Some(70)),
            CaptureKind::Webp { quality: 70 }
        );
    }
}
