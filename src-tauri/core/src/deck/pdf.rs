//! The PDF deck as a printable page: one CSS page per slide, laid out in inches from the same
//! frame as the `.pptx` (144 slide pixels per inch), each picture a PNG at its full pixel size.
//! Chromium prints it (`Renderer::print_html`), so text is shaped with the system's fonts in any
//! script, and the pictures are embedded as they are, not resampled.

use base64::Engine;

use super::{Deck, Rect};
use crate::deck::pptx;

fn inches(px: u32) -> String {
    format!("{:.4}in", f64::from(px) / 144.0)
}

fn place(r: Rect) -> String {
    format!(
        "left:{};top:{};width:{};height:{}",
        inches(r.x),
        inches(r.y),
        inches(r.w),
        inches(r.h)
    )
}

/// Text for HTML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::xml_safe(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page size in inches, for the printer.
pub fn page_inches(deck: &Deck) -> (f64, f64) {
    let (w, h) = deck.layout.slide.px();
    (f64::from(w) / 144.0, f64::from(h) / 144.0)
}

pub fn html(deck: &Deck) -> String {
    let frame = deck.layout.frame();
    let (w, h) = frame.slide;
    let mut out = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title><style>\
         @page{{size:{} {};margin:0}}\
         *{{margin:0;padding:0;box-sizing:border-box}}\
         body{{font-family:'Noto Sans','Segoe UI','Helvetica Neue',Arial,sans-serif;color:#1f2328;background:#fff}}\
         .slide{{position:relative;width:{};height:{};overflow:hidden;break-after:page}}\
         .slide:last-child{{break-after:auto}}\
         .slide>*{{position:absolute}}\
         h1{{font-size:32pt;font-weight:700;display:flex;align-items:flex-end;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}\
         img{{display:block}}\
         h2{{font-size:16pt;font-weight:700;display:flex;align-items:flex-end;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}}\
         p{{font-size:12pt;color:#6e7681;display:flex;align-items:center;white-space:nowrap;overflow:hidden}}\
         a{{color:inherit;text-decoration:none}}\
         </style></head><body>",
        escape(&deck.title),
        inches(w),
        inches(h),
        inches(w),
        inches(h),
    );
    for slide in &deck.slides {
        out.push_str("<section class=\"slide\">");
        if let Some(t) = frame.title {
            out.push_str(&format!(
                "<h1 style=\"{}\">{}</h1>",
                place(t),
                escape(&slide.title)
            ));
        }
        for (picture, label) in slide.pictures.iter().zip(&frame.labels) {
            out.push_str(&format!(
                "<h2 style=\"{}\">{}</h2>",
                place(*label),
                escape(&picture.name)
            ));
        }
        for (picture, slot) in slide.pictures.iter().zip(&frame.slots) {
            let r = pptx::fit(*slot, picture.width_px, picture.height_px);
            let data = base64::engine::general_purpose::STANDARD.encode(&picture.png);
            out.push_str(&format!(
                "<img style=\"{}\" alt=\"{}\" src=\"data:image/png;base64,{data}\">",
                place(r),
                escape(&picture.name)
            ));
        }
        out.push_str(&format!(
            "<p style=\"{}\">{}</p></section>",
            place(frame.caption),
            escape(&slide.caption)
        ));
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{DeckLayout, Picture, Slide};

    #[test]
    fn one_page_per_slide_with_escaped_text_and_inline_pictures() {
        let deck = Deck {
            title: "Ops <weekly>".into(),
            layout: DeckLayout {
                per_slide: 2,
                ..Default::default()
            },
            slides: vec![Slide {
                title: "Latency & errors".into(),
                caption: "Service \"A\"".into(),
                notes: String::new(),
                pictures: vec![
                    Picture {
                        png: vec![1, 2, 3],
                        width_px: 10,
                        height_px: 10,
                        name: "p".into(),
                        table: None,
                    };
                    2
                ],
            }],
        };
        let h = html(&deck);
        assert_eq!(h.matches("<section class=\"slide\">").count(), 1);
        assert_eq!(h.matches("data:image/png;base64,AQID").count(), 2);
        assert!(h.contains("Latency &amp; errors") && h.contains("Ops &lt;weekly&gt;"));
        assert!(h.contains("@page{size:13.3333in 7.5000in"));
        assert_eq!(page_inches(&deck), (1920.0 / 144.0, 7.5));
    }
}
