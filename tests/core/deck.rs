//! Decks from the demo Grafana, checked with real readers: python-pptx reads the `.pptx`
//! (slides, picture positions and sizes, titles, notes), LibreOffice Impress converts it to PDF
//! (one page per slide, the chart visible where its picture is), and poppler reads the PDF deck
//! (page count and size, every image at full resolution, the titles as text). `make test`
//! installs LibreOffice and poppler (apt) and python-pptx (PyPI, in target/venv).

use std::path::{Path, PathBuf};
use std::process::Command;

use panelshot_core::deck::{DeckLayout, SlideSize};
use panelshot_core::service::{DeckPanel, DeckRequest, DeckResult};

use crate::render_support::{DATA_GREEN, opts, setup};

fn python() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/venv/bin/python");
    assert!(
        p.exists(),
        "{} is missing: run the tests through `make test`",
        p.display()
    );
    p
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (installed by `make test`)"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn panels(ids: &[&str]) -> Vec<DeckPanel> {
    ids.iter()
        .map(|id| DeckPanel {
            dashboard_uid: "classic-overview".into(),
            panel: id.to_string(),
            title: None,
            from: None,
            to: None,
            vars: vec![],
        })
        .collect()
}

/// LibreOffice Impress converts the deck to a PDF in `dir` (named as the deck), with a profile
/// of its own there.
fn impress_to_pdf(deck: &Path, dir: &Path) {
    run(Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.display()
        ))
        .arg(deck));
}

async fn deck(
    s: &crate::render_support::Setup,
    name: &str,
    ids: &[&str],
    layout: DeckLayout,
) -> (DeckResult, PathBuf) {
    let mut options = opts(100, 100);
    options.from = Some("now-7d".into());
    options.to = Some("now".into());
    options.timezone = Some("Europe/Berlin".into());
    let req = DeckRequest {
        connection: "demo".into(),
        panels: panels(ids),
        options,
        layout,
        output: s.out.path().join(name),
        overwrite: false,
    };
    let r = s
        .core
        .export_deck(&req, &|_, _| {})
        .await
        .expect("a deck request");
    assert!(r.error.is_none(), "{:?}", r.error);
    let path = r.path.clone().expect("written");
    (r, path)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pptx_deck_reads_in_python_pptx_and_converts_in_libreoffice() {
    let s = setup().await;
    let layout = DeckLayout {
        slide: SlideSize::Wide,
        per_slide: 2,
        titles: true,
        native_tables: false,
    };
    let (r, path) = deck(&s, "weekly.pptx", &["1", "2", "3"], layout).await;
    assert_eq!((r.slides, r.panels), (2, 3));
    let (slot_w, slot_h) = layout.slot_px();
    assert_eq!(
        r.picture_px,
        (slot_w, slot_h),
        "rendered at the slot's size (scale 1)"
    );

    // python-pptx: the structure PowerPoint and Keynote read.
    let report = run(Command::new(python())
        .arg("-c")
        .arg(
            r#"
import json, sys
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from PIL import Image
import io
p = Presentation(sys.argv[1])
out = {"w": p.slide_width, "h": p.slide_height, "slides": []}
for s in p.slides:
    pics = [{"x": sh.left, "y": sh.top, "w": sh.width, "h": sh.height,
             "px": list(Image.open(io.BytesIO(sh.image.blob)).size)}
            for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    out["slides"].append({"title": s.shapes.title.text if s.shapes.title else None,
                          "pictures": pics,
                          "notes": s.notes_slide.notes_text_frame.text})
print(json.dumps(out))
"#,
        )
        .arg(&path));
    let v: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    assert_eq!(
        (v["w"].as_i64(), v["h"].as_i64()),
        (Some(12_192_000), Some(6_858_000))
    );
    let slides = v["slides"].as_array().unwrap();
    assert_eq!(slides.len(), 2);
    assert_eq!(
        slides[0]["title"], "Classic Overview",
        "two panels of one dashboard: its title"
    );
    assert_eq!(
        slides[1]["title"], "Top endpoints 3",
        "one panel: its own title"
    );
    let first = slides[0]["pictures"].as_array().unwrap();
    assert_eq!(first.len(), 2);
    let frame = layout.frame();
    for (pic, slot) in first.iter().zip(&frame.slots) {
        let (x, y, w, h) = slot.emu();
        assert_eq!(
            [
                pic["x"].as_i64(),
                pic["y"].as_i64(),
                pic["w"].as_i64(),
                pic["h"].as_i64()
            ],
            [Some(x), Some(y), Some(w), Some(h)]
        );
        assert_eq!(
            pic["px"],
            serde_json::json!([slot_w, slot_h]),
            "picture pixels = slot pixels: nothing resampled"
        );
    }
    let notes = slides[0]["notes"].as_str().unwrap();
    assert!(
        // The panel's name is isolated (U+2068 … U+2069): an override in it cannot reach the link.
        notes.contains("\u{2068}Latency 1\u{2069}: http://127.0.0.1:")
            && notes.contains("/d/classic-overview/"),
        "{notes}"
    );
    assert!(
        notes.contains("viewPanel=1") && notes.contains("timezone=Europe%2FBerlin"),
        "{notes}"
    );

    // LibreOffice Impress: one page per slide, the chart's green where its picture is.
    let lo = tempfile::tempdir().unwrap();
    impress_to_pdf(&path, lo.path());
    let pdf = lo.path().join("weekly.pdf");
    let info = run(Command::new("pdfinfo").arg(&pdf));
    assert!(info.contains("Pages:           2"), "{info}");
    run(Command::new("pdftoppm")
        .args(["-r", "72", "-f", "1", "-l", "1", "-png"])
        .arg(&pdf)
        .arg(lo.path().join("page")));
    let page = image::open(lo.path().join("page-1.png")).unwrap().to_rgb8();
    // The timeseries panel is the first slot: its line is drawn in Grafana's green there.
    let (sx, sy, sw, sh) = frame.slots[0].emu();
    let to_px = |emu: i64, total: i64, px: u32| (emu * i64::from(px) / total) as u32;
    let (pw, ph) = page.dimensions();
    let region = |x0, y0, x1, y1| (x0..x1).flat_map(move |x| (y0..y1).map(move |y| (x, y)));
    let near = |p: &image::Rgb<u8>| p.0.iter().zip(DATA_GREEN).all(|(a, b)| a.abs_diff(b) < 40);
    let in_slot = region(
        to_px(sx, 12_192_000, pw),
        to_px(sy, 6_858_000, ph),
        to_px(sx + sw, 12_192_000, pw),
        to_px(sy + sh, 6_858_000, ph),
    )
    .filter(|&(x, y)| near(page.get_pixel(x, y)))
    .count();
    assert!(
        in_slot > 50,
        "the chart is drawn where its picture is ({in_slot} green pixels)"
    );
    let title_band = region(0, 0, pw, to_px(sy, 6_858_000, ph))
        .filter(|&(x, y)| near(page.get_pixel(x, y)))
        .count();
    assert_eq!(title_band, 0, "nothing of the chart above its slot");

    // One history entry for the deck, with a thumbnail.
    let h = s.core.history(&Default::default()).unwrap();
    let entry = h
        .iter()
        .find(|e| e.target == panelshot_core::store::HistoryTarget::Deck)
        .expect("a deck entry");
    assert_eq!(
        (entry.format.extension(), entry.panel_title.as_str()),
        ("pptx", "3 panels on 2 slides")
    );
    assert!(entry.has_thumbnail);
    assert_eq!(h.len(), 1, "the deck's panels are not recorded one by one");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_deck_has_a_page_per_slide_and_every_picture_at_full_resolution() {
    let s = setup().await;
    let layout = DeckLayout {
        slide: SlideSize::Standard,
        per_slide: 4,
        titles: true,
        native_tables: false,
    };
    let (r, path) = deck(&s, "grid.pdf", &["1", "2", "3", "4", "1"], layout).await;
    assert_eq!(r.slides, 2);
    let info = run(Command::new("pdfinfo").arg(&path));
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(
        info.contains("Page size:       720 x 540 pts"),
        "4:3 is 10 × 7.5 in: {info}"
    );
    let images = run(Command::new("pdfimages").arg("-list").arg(&path));
    let (w, h) = layout.slot_px();
    let full: Vec<&str> = images
        .lines()
        .skip(2)
        .filter(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            c.get(2) == Some(&"image")
                && c.get(3) == Some(&w.to_string().as_str())
                && c.get(4) == Some(&h.to_string().as_str())
        })
        .collect();
    assert_eq!(full.len(), 5, "five pictures at {w}×{h}:\n{images}");
    let text = run(Command::new("pdftotext").arg(&path).arg("-"));
    assert!(text.contains("Classic Overview"), "{text}");
    assert!(
        text.contains("Latency 1"),
        "a one-panel slide is titled with its panel: {text}"
    );
    assert!(
        text.contains("(Europe/Berlin)"),
        "the caption names the zone: {text}"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deck_with_a_missing_panel_writes_nothing_and_says_which() {
    let s = setup().await;
    let req = DeckRequest {
        connection: "demo".into(),
        panels: panels(&["1", "999"]),
        options: opts(100, 100),
        layout: DeckLayout::default(),
        output: s.out.path().join("broken.pptx"),
        overwrite: false,
    };
    let r = s.core.export_deck(&req, &|_, _| {}).await.unwrap();
    let e = r.error.expect("fails");
    assert!(
        e.message.contains("panel 999 of classic-overview"),
        "{}",
        e.message
    );
    assert!(r.path.is_none());
    assert_eq!(
        std::fs::read_dir(s.out.path()).unwrap().count(),
        0,
        "no file, no partial"
    );
    let h = s.core.history(&Default::default()).unwrap();
    assert_eq!(
        h[0].error_code.as_deref(),
        Some(e.code.as_str()),
        "the failure is in history"
    );
    for bad in ["x.key", "x.png"] {
        let mut req = req.clone();
        req.output = s.out.path().join(bad);
        assert!(s.core.export_deck(&req, &|_, _| {}).await.is_err(), "{bad}");
    }
    let mut three = req.clone();
    three.layout.per_slide = 3;
    assert!(s.core.export_deck(&three, &|_, _| {}).await.is_err());
    s.core.shutdown().await;
}

/// Titles as Grafana users write them, and worse: XML's own characters, characters XML 1.0
/// forbids (controls, NUL, U+FFFE/U+FFFF), a very long one, right-to-left text with an
/// override, CJK and emoji.
fn hostile_titles() -> Vec<String> {
    vec![
        r#"<b>&"'</b> ]]> <![CDATA[x]]>"#.into(),
        "bell\u{7} nul\u{0} esc\u{1b}".into(),
        "\u{FFFE}non\u{FFFF}chars".into(),
        "long ".repeat(2000),
        "\u{202E}override right-to-left".into(),
        "עברית بالعربية".into(),
        "中文 日本語 한국어".into(),
        "emoji 📈🔥👩‍💻".into(),
        "tab\tand\rreturn".into(),
        "C1\u{85}\u{9f} controls".into(),
    ]
}

/// What a reader must get back: the title without the characters XML cannot carry, spaces
/// folded (a reader may turn a tab or return into a space or a break).
fn readable(s: &str) -> String {
    s.chars()
        .filter(|c| (!c.is_control() || c.is_whitespace()) && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .filter(|c| !matches!(c, '\u{85}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_titles_make_a_deck_every_reader_opens() {
    let s = setup().await;
    let titles = hostile_titles();
    let mut panels = panels(&["1", "2", "3", "4", "1", "2", "3", "4", "1", "2"]);
    for (p, t) in panels.iter_mut().zip(&titles) {
        p.title = Some(t.clone());
    }
    for (name, per_slide) in [
        ("hostile.pptx", 1),
        ("hostile2.pptx", 2),
        ("hostile4.pptx", 4),
        ("hostile.pdf", 1),
        ("hostile2.pdf", 2),
    ] {
        let layout = DeckLayout {
            slide: SlideSize::Wide,
            per_slide,
            titles: true,
            native_tables: false,
        };
        let req = DeckRequest {
            connection: "demo".into(),
            panels: panels.clone(),
            options: opts(100, 100),
            layout,
            output: s.out.path().join(name),
            overwrite: false,
        };
        let r = s.core.export_deck(&req, &|_, _| {}).await.expect("a deck");
        assert!(r.error.is_none(), "{name}: {:?}", r.error);
        let path = r.path.expect("written");
        if name.ends_with(".pdf") {
            let text = run(Command::new("pdftotext").arg(&path).arg("-"));
            assert!(text.contains("中文 日本語"), "{text}");
            if per_slide > 1 {
                assert!(
                    text.contains("emoji"),
                    "each panel's title is on the page: {text}"
                );
            }
            continue;
        }
        let report = run(Command::new(python())
            .arg("-c")
            .arg(
                r#"
import json, sys
from pptx import Presentation
p = Presentation(sys.argv[1])
out = []
for s in p.slides:
    out.append({"title": s.shapes.title.text if s.shapes.title else None,
                "descr": [sh._element.xpath("./*[1]/p:cNvPr/@descr") for sh in s.shapes],
                "texts": [sh.text_frame.text for sh in s.shapes if sh.has_text_frame],
                "notes": s.notes_slide.notes_text_frame.text})
print(json.dumps(out))
"#,
            )
            .arg(&path));
        let slides: Vec<serde_json::Value> = serde_json::from_str(report.trim()).unwrap();
        assert_eq!(
            slides.len(),
            titles.len().div_ceil(usize::from(per_slide)),
            "{name}"
        );
        if per_slide == 1 {
            for (slide, t) in slides.iter().zip(&titles) {
                assert_eq!(
                    readable(slide["title"].as_str().unwrap()),
                    readable(t),
                    "{name}"
                );
                assert!(
                    slide["notes"]
                        .as_str()
                        .unwrap()
                        .contains("/d/classic-overview/")
                );
            }
        }
        // Several panels on a slide: each one's title as typed, above its picture.
        if per_slide > 1 {
            for (slide, group) in slides.iter().zip(titles.chunks(usize::from(per_slide))) {
                let texts: Vec<String> = slide["texts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| readable(t.as_str().unwrap()))
                    .collect();
                for t in group {
                    assert!(
                        texts.contains(&readable(t)),
                        "{name}: {:?} not among {texts:?}",
                        readable(t)
                    );
                }
            }
        }
        // The caption's user text is isolated: an override in it cannot reach the dates.
        for slide in &slides {
            let texts = slide["texts"].as_array().unwrap();
            assert!(
                texts.iter().any(|t| t
                    .as_str()
                    .unwrap()
                    .starts_with("\u{2068}Classic Overview\u{2069} · ")),
                "{name}: {texts:?}"
            );
        }
    }
    s.core.shutdown().await;
}

/// A job saved from the window keeps what was on screen inside itself: its look (no preset is
/// made for it) and a deck with the titles typed for each slide. Its first run writes that deck.
#[tokio::test(flavor = "multi_thread")]
async fn a_job_keeps_its_own_look_and_the_deck_with_its_typed_titles() {
    use panelshot_core::deck::DeckFormat;
    use panelshot_core::service::JobRun;
    use panelshot_core::store::{Job, JobDeck, JobItem, Preset};
    let s = setup().await;
    let presets_before = s.core.presets().unwrap();
    let mut look = Preset::new("ignored", 640, 360);
    look.timezone = Some("Asia/Tokyo".into());
    let item = |panel: &str, title: Option<&str>| JobItem {
        dashboard_uid: "classic-overview".into(),
        panel: panel.into(),
        vars: vec![],
        time_from: None,
        time_to: None,
        title: title.map(str::to_string),
    };
    let layout = DeckLayout {
        slide: SlideSize::Wide,
        per_slide: 2,
        titles: true,
        native_tables: false,
    };
    let job = Job {
        name: "Weekly deck".into(),
        connection: "demo".into(),
        preset: None,
        output_dir: s.out.path().display().to_string(),
        template: "{panel}.{ext}".into(),
        items: vec![item("1", Some("Typed latency")), item("2", None)],
        deck: Some(JobDeck {
            format: DeckFormat::Pptx,
            layout,
        }),
        look: Some(look),
    };
    s.core.save_job(&job).unwrap();
    assert_eq!(s.core.job("Weekly deck").unwrap(), job, "kept as saved");
    assert_eq!(
        s.core.presets().unwrap(),
        presets_before,
        "no preset appears for the job"
    );
    let ran = s
        .core
        .run_job_any("Weekly deck", None, &|_| {}, &|_, _| {})
        .await
        .unwrap();
    let JobRun::Deck { deck } = ran else {
        panic!("the job makes its deck")
    };
    assert!(deck.error.is_none(), "{:?}", deck.error);
    let report = run(Command::new(python())
        .arg("-c")
        .arg("import json, sys\nfrom pptx import Presentation\nprint(json.dumps([sh.text_frame.text for s in Presentation(sys.argv[1]).slides for sh in s.shapes if sh.has_text_frame]))")
        .arg(deck.path.as_ref().expect("written")));
    let texts: Vec<String> = serde_json::from_str(report.trim()).unwrap();
    assert!(texts.iter().any(|t| t == "Typed latency"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "Throughput 2"),
        "an untitled panel keeps its own title: {texts:?}"
    );
    // The job's own zone reached Grafana.
    assert!(
        s.demo
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/d-solo/") && r.query.contains("timezone=Asia%2FTokyo")),
        "the look inside the job was used"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn table_panels_can_be_powerpoint_tables_of_their_data() {
    let s = setup().await;
    let req = DeckRequest {
        connection: "demo".into(),
        panels: ["5", "2"]
            .iter()
            .map(|id| DeckPanel {
                dashboard_uid: "b7c1f0e2-api-latency".into(),
                panel: id.to_string(),
                title: None,
                from: None,
                to: None,
                vars: vec![],
            })
            .collect(),
        options: {
            let mut o = opts(100, 100);
            o.timezone = Some("utc".into());
            o
        },
        layout: DeckLayout {
            native_tables: true,
            ..DeckLayout::default()
        },
        output: s.out.path().join("tables.pptx"),
        overwrite: false,
    };
    let r = s.core.export_deck(&req, &|_, _| {}).await.unwrap();
    assert!(r.error.is_none(), "{:?}", r.error);
    let path = r.path.unwrap();
    let report = run(Command::new(python())
        .arg("-c")
        .arg(
            r#"
import json, sys
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
out = []
for s in Presentation(sys.argv[1]).slides:
    tables = [[[c.text for c in row.cells] for row in sh.table.rows] for sh in s.shapes if sh.has_table]
    pics = sum(1 for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE)
    out.append({"tables": tables, "pictures": pics})
print(json.dumps(out))
"#,
        )
        .arg(&path));
    let v: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    // The table panel: its data as a table (header, rows, the rows left out counted), no picture.
    let table = &v[0]["tables"][0];
    assert_eq!(v[0]["pictures"], 0, "{v}");
    assert_eq!(table[0], serde_json::json!(["Time (UTC)", "Value"]));
    let rows = table.as_array().unwrap();
    assert!(rows.len() > 5, "{table}");
    assert!(rows[1][0].as_str().unwrap().ends_with("+00:00"), "{table}");
    let last = rows.last().unwrap()[0].as_str().unwrap();
    assert!(
        last.starts_with("… ") && last.ends_with(" more rows"),
        "{last}"
    );
    // The time series panel stays a picture.
    assert_eq!(v[1]["pictures"], 1, "{v}");
    assert_eq!(v[1]["tables"], serde_json::json!([]));
    // LibreOffice Impress reads the table too: its cells are text on the converted page.
    let lo = tempfile::tempdir().unwrap();
    impress_to_pdf(&path, lo.path());
    let text = run(Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(lo.path().join("tables.pdf"))
        .arg("-"));
    let first_value = rows[1][1].as_str().unwrap();
    assert!(
        text.contains("Time (UTC)") && text.contains(first_value) && text.contains("more rows"),
        "{text}"
    );
    s.core.shutdown().await;
}
