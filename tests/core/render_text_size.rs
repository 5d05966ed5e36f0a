//! Text size (a browser's zoom): the picture keeps its pixel size and its text grows, in
//! images, PDFs and decks; slides get legible axis labels unless the user chose otherwise.

use std::io::Read;

use panelshot_core::deck::DeckLayout;
use panelshot_core::export::Format;
use panelshot_core::render::options::DECK_ZOOM;
use panelshot_core::service::{DeckPanel, DeckRequest};

use crate::render_support::*;

/// Grafana's axis labels are 12 CSS px (`UPLOT_AXIS_FONT_SIZE`, grafana/grafana
/// `packages/grafana-ui/src/components/uPlot/config/UPlotAxisBuilder.ts`).
const AXIS_FONT_CSS_PX: f64 = 12.0;
/// A deck's slide pixel is half a point (144 dpi, `deck::layout`), and a panel's picture
/// spans exactly its slot: one CSS px of the page at zoom 1 is one slide pixel.
const PT_PER_SLIDE_PX: f64 = 0.5;

/// The rows the panel title's letters cover in the picture's top-left corner (PanelChrome's
/// header, above where the chart's line runs on this panel): their height in pixels. Ink is
/// grey text far brighter than the header's dark background; the chart's line is green.
fn title_ink_height(img: &image::RgbaImage) -> u32 {
    let bg = img.get_pixel(3, 3).0;
    let ink = |p: [u8; 4]| {
        let (lo, hi) = (p[..3].iter().min().unwrap(), p[..3].iter().max().unwrap());
        hi - lo < 40 && (0..3).all(|c| p[c] > bg[c].saturating_add(90))
    };
    let rows: Vec<u32> = (2..img.height() / 8)
        .filter(|&y| (2..img.width() / 8).any(|x| ink(img.get_pixel(x, y).0)))
        .collect();
    assert!(!rows.is_empty(), "no title text found in the header");
    rows[rows.len() - 1] - rows[0] + 1
}

#[tokio::test(flavor = "multi_thread")]
async fn text_size_grows_the_text_and_keeps_the_pictures_size() {
    let s = setup().await;
    let (w, h) = DeckLayout::default().slot_px();
    let at = |zoom: Option<f64>| {
        let mut o = opts(w, h);
        o.zoom = zoom;
        request(&s, "node-exporter-full", &["1"], o)
    };
    let plain = load(&path_of(&export_one(&s, &at(None)).await));
    let double = load(&path_of(&export_one(&s, &at(Some(2.0))).await));
    assert_eq!(plain.dimensions(), (w, h));
    assert_eq!(double.dimensions(), (w, h), "the picture keeps its size");
    assert_drawn(&double, 300, "at 200 %");
    let (a, b) = (title_ink_height(&plain), title_ink_height(&double));
    let ratio = f64::from(b) / f64::from(a);
    assert!(
        (1.75..=2.25).contains(&ratio),
        "the title's letters are {a} px at 100 % and {b} px at 200 %"
    );

    // A zoom that does not divide the size (1000 / 1.75 = 571.4 CSS px) and a scale: still
    // exactly the pixels asked for.
    let mut odd = opts(1000, 500);
    odd.zoom = Some(1.75);
    odd.scale = 1.5;
    let img = load(&path_of(
        &export_one(&s, &request(&s, "node-exporter-full", &["1"], odd)).await,
    ));
    assert_eq!(img.dimensions(), (1500, 750));
    assert_drawn(&img, 300, "at 175 %");

    // A PDF keeps its page size; its text grows the same way.
    let mut pdf = request(&s, "node-exporter-full", &["1"], opts(800, 400));
    pdf.options.zoom = Some(2.0);
    pdf.format = Format::Pdf;
    let bytes = std::fs::read(path_of(&export_one(&s, &pdf).await)).unwrap();
    assert!(
        String::from_utf8_lossy(&bytes).contains("/MediaBox [0 0 600 300]"),
        "one page of 800×400 CSS px at 200 %"
    );

    // Out of range, or leaving the page too small: refused before anything renders.
    for (zoom, width) in [(Some(5.0), 800), (Some(3.0), 120)] {
        let mut o = opts(width, 400);
        o.zoom = zoom;
        let e = s
            .core
            .export(&request(&s, "node-exporter-full", &["1"], o), &|_| {})
            .await
            .expect_err("refused");
        assert!(e.to_string().contains("text size"), "{e}");
    }
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn slides_get_axis_text_of_at_least_12_pt() {
    let s = setup().await;
    let layout = DeckLayout::default();
    let (w, h) = layout.slot_px();
    let req = DeckRequest {
        connection: "demo".into(),
        panels: vec![DeckPanel {
            dashboard_uid: "node-exporter-full".into(),
            panel: "1".into(),
            title: None,
            from: None,
            to: None,
            vars: vec![],
        }],
        // No text size chosen: the slides' default applies.
        options: opts(100, 100),
        layout,
        output: s.out.path().join("legible.pptx"),
        overwrite: false,
    };
    let r = s.core.export_deck(&req, &|_, _| {}).await.unwrap();
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(r.zoom, DECK_ZOOM);
    assert_eq!(r.picture_px, (w, h));
    // The arithmetic: a 12 CSS px label drawn at the zoom on a picture one slide pixel per
    // layout pixel at zoom 1.
    let axis_pt = AXIS_FONT_CSS_PX * r.zoom * PT_PER_SLIDE_PX;
    assert!(axis_pt >= 12.0, "axis labels at {axis_pt} pt");

    // And measured: the slide's picture, against the same panel at 100 % at the same size.
    let file = std::fs::File::open(r.path.as_ref().unwrap()).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut png = Vec::new();
    zip.by_name("ppt/media/image1.png")
        .expect("the slide's picture")
        .read_to_end(&mut png)
        .unwrap();
    let on_slide = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(on_slide.dimensions(), (w, h));
    let plain = load(&path_of(
        &export_one(&s, &request(&s, "node-exporter-full", &["1"], opts(w, h))).await,
    ));
    let ratio = f64::from(title_ink_height(&on_slide)) / f64::from(title_ink_height(&plain));
    // Letters' ink is whole pixels, so the measured ratio is the zoom to within a pixel row.
    let measured_pt = AXIS_FONT_CSS_PX * ratio * PT_PER_SLIDE_PX;
    assert!(
        (ratio - r.zoom).abs() <= 0.2,
        "text on the slide is {ratio:.2}× the page's (axis labels at about {measured_pt:.1} pt), not {}×",
        r.zoom
    );
    s.core.shutdown().await;
}
