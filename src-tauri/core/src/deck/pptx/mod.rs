//! The `.pptx` writer: the parts of an Office Open XML presentation, the varying ones (slides,
//! notes, relationships, content types) written with quick-xml's writer, the fixed ones (theme,
//! slide master and layout, notes master, properties) kept as XML files beside this one, all
//! zipped with the `zip` crate. Every slide uses one "Title Only" layout; pictures and the
//! caption carry their own positions, so the file looks the same in PowerPoint, Keynote, Google
//! Slides and LibreOffice, which resolve placeholder inheritance differently.

mod xml;

use std::io::Write;

use super::{Deck, DeckError, Rect, Slide};
use xml::Xml;

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.presentationml";

const THEME: &str = include_str!("parts/theme.xml");
const SLIDE_MASTER: &str = include_str!("parts/slide_master.xml");
const SLIDE_LAYOUT: &str = include_str!("parts/slide_layout.xml");
const NOTES_MASTER: &str = include_str!("parts/notes_master.xml");
const PRES_PROPS: &str = include_str!("parts/pres_props.xml");
const VIEW_PROPS: &str = include_str!("parts/view_props.xml");
const TABLE_STYLES: &str = include_str!("parts/table_styles.xml");

/// Captions in Grafana's secondary text grey.
const CAPTION_COLOUR: &str = "6E7681";

fn encode_err(e: impl std::fmt::Display) -> DeckError {
    DeckError::Encode(e.to_string())
}

/// The package being written: each part deflated, pictures stored (PNG is compressed already).
struct Package {
    zip: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
}

impl Package {
    fn put(&mut self, name: &str, bytes: &[u8], png: bool) -> Result<(), DeckError> {
        let method = if png {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        self.zip.start_file(name, opts).map_err(encode_err)?;
        self.zip.write_all(bytes).map_err(encode_err)
    }
}

pub fn write(deck: &Deck, created: chrono::DateTime<chrono::Utc>) -> Result<Vec<u8>, DeckError> {
    let mut p = Package {
        zip: zip::ZipWriter::new(std::io::Cursor::new(Vec::new())),
    };
    shared_parts(&mut p, deck, created)?;
    let frame = deck.layout.frame();
    let mut image = 0;
    for (i, slide) in deck.slides.iter().enumerate() {
        slide_parts(&mut p, i + 1, slide, &frame, &mut image)?;
    }
    p.zip.finish().map(|c| c.into_inner()).map_err(encode_err)
}

/// The parts every deck has: content types, properties, the presentation, its theme, master,
/// layout and notes master.
fn shared_parts(
    p: &mut Package,
    deck: &Deck,
    created: chrono::DateTime<chrono::Utc>,
) -> Result<(), DeckError> {
    let n = deck.slides.len();
    p.put("[Content_Types].xml", &content_types(n)?, false)?;
    p.put("_rels/.rels", &package_rels()?, false)?;
    p.put(
        "docProps/core.xml",
        &core_props(&deck.title, created)?,
        false,
    )?;
    p.put("docProps/app.xml", &app_props(n)?, false)?;
    p.put("ppt/presentation.xml", &presentation(deck)?, false)?;
    p.put(
        "ppt/_rels/presentation.xml.rels",
        &presentation_rels(n)?,
        false,
    )?;
    p.put("ppt/presProps.xml", PRES_PROPS.as_bytes(), false)?;
    p.put("ppt/viewProps.xml", VIEW_PROPS.as_bytes(), false)?;
    p.put("ppt/tableStyles.xml", TABLE_STYLES.as_bytes(), false)?;
    p.put("ppt/theme/theme1.xml", THEME.as_bytes(), false)?;
    p.put("ppt/theme/theme2.xml", THEME.as_bytes(), false)?;
    p.put(
        "ppt/slideMasters/slideMaster1.xml",
        SLIDE_MASTER.as_bytes(),
        false,
    )?;
    p.put(
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        &relationships(&[
            ("slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("theme", "../theme/theme1.xml"),
        ])?,
        false,
    )?;
    p.put(
        "ppt/slideLayouts/slideLayout1.xml",
        SLIDE_LAYOUT.as_bytes(),
        false,
    )?;
    p.put(
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
        &relationships(&[("slideMaster", "../slideMasters/slideMaster1.xml")])?,
        false,
    )?;
    p.put(
        "ppt/notesMasters/notesMaster1.xml",
        NOTES_MASTER.as_bytes(),
        false,
    )?;
    p.put(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        &relationships(&[("theme", "../theme/theme2.xml")])?,
        false,
    )?;
    Ok(())
}

/// One slide's parts: its pictures (numbered across the deck by `image`), the slide, its
/// notes, and their relationships. A picture placed as a table has no image part.
fn slide_parts(
    p: &mut Package,
    no: usize,
    slide: &Slide,
    frame: &super::Frame,
    image: &mut usize,
) -> Result<(), DeckError> {
    let mut targets = vec![
        (
            "slideLayout",
            "../slideLayouts/slideLayout1.xml".to_string(),
        ),
        ("notesSlide", format!("../notesSlides/notesSlide{no}.xml")),
    ];
    // A picture placed as a table has no image part.
    for picture in slide.pictures.iter().filter(|p| p.table.is_none()) {
        *image += 1;
        p.put(&format!("ppt/media/image{image}.png"), &picture.png, true)?;
        targets.push(("image", format!("../media/image{image}.png")));
    }
    let refs: Vec<(&str, &str)> = targets.iter().map(|(t, p)| (*t, p.as_str())).collect();
    p.put(
        &format!("ppt/slides/slide{no}.xml"),
        &slide_xml(slide, frame)?,
        false,
    )?;
    p.put(
        &format!("ppt/slides/_rels/slide{no}.xml.rels"),
        &relationships(&refs)?,
        false,
    )?;
    p.put(
        &format!("ppt/notesSlides/notesSlide{no}.xml"),
        &notes_xml(&slide.notes)?,
        false,
    )?;
    p.put(
        &format!("ppt/notesSlides/_rels/notesSlide{no}.xml.rels"),
        &relationships(&[
            ("notesMaster", "../notesMasters/notesMaster1.xml"),
            ("slide", &format!("../slides/slide{no}.xml")),
        ])?,
        false,
    )?;
    Ok(())
}

fn content_types(slides: usize) -> Result<Vec<u8>, DeckError> {
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    )?;
    for (ext, ct) in [
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
        ("png", "image/png"),
    ] {
        x.empty("Default", &[("Extension", ext), ("ContentType", ct)])?;
    }
    let mut parts: Vec<(String, String)> = vec![
        (
            "/ppt/presentation.xml".into(),
            format!("{CT}.presentation.main+xml"),
        ),
        ("/ppt/presProps.xml".into(), format!("{CT}.presProps+xml")),
        ("/ppt/viewProps.xml".into(), format!("{CT}.viewProps+xml")),
        (
            "/ppt/tableStyles.xml".into(),
            format!("{CT}.tableStyles+xml"),
        ),
        (
            "/ppt/slideMasters/slideMaster1.xml".into(),
            format!("{CT}.slideMaster+xml"),
        ),
        (
            "/ppt/slideLayouts/slideLayout1.xml".into(),
            format!("{CT}.slideLayout+xml"),
        ),
        (
            "/ppt/notesMasters/notesMaster1.xml".into(),
            format!("{CT}.notesMaster+xml"),
        ),
        (
            "/ppt/theme/theme1.xml".into(),
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/ppt/theme/theme2.xml".into(),
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/docProps/core.xml".into(),
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/app.xml".into(),
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
    ];
    for no in 1..=slides {
        parts.push((
            format!("/ppt/slides/slide{no}.xml"),
            format!("{CT}.slide+xml"),
        ));
        parts.push((
            format!("/ppt/notesSlides/notesSlide{no}.xml"),
            format!("{CT}.notesSlide+xml"),
        ));
    }
    for (part, ct) in &parts {
        x.empty("Override", &[("PartName", part), ("ContentType", ct)])?;
    }
    x.close("Types")?;
    Ok(x.finish())
}

/// A relationships part: `(type, target)` pairs numbered `rId1`… in order. A type without a
/// scheme is one of Office's document relationships (`slide`, `theme`, …).
fn relationships(entries: &[(&str, &str)]) -> Result<Vec<u8>, DeckError> {
    let mut x = Xml::new();
    x.open(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    )?;
    for (i, (ty, target)) in entries.iter().enumerate() {
        let ty = if ty.starts_with("http") {
            ty.to_string()
        } else {
            format!("{REL}/{ty}")
        };
        x.empty(
            "Relationship",
            &[
                ("Id", &format!("rId{}", i + 1)),
                ("Type", &ty),
                ("Target", target),
            ],
        )?;
    }
    x.close("Relationships")?;
    Ok(x.finish())
}

fn package_rels() -> Result<Vec<u8>, DeckError> {
    relationships(&[
        ("officeDocument", "ppt/presentation.xml"),
        (
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        ("extended-properties", "docProps/app.xml"),
    ])
}

/// The presentation's relationships: master, notes master, theme, properties (`rId1`–`rId6`),
/// then the slides from `rId7` on.
const FIRST_SLIDE_REL: usize = 7;

fn presentation_rels(slides: usize) -> Result<Vec<u8>, DeckError> {
    let slide_targets: Vec<String> = (1..=slides)
        .map(|no| format!("slides/slide{no}.xml"))
        .collect();
    let mut entries = vec![
        ("slideMaster", "slideMasters/slideMaster1.xml"),
        ("notesMaster", "notesMasters/notesMaster1.xml"),
        ("theme", "theme/theme1.xml"),
        ("presProps", "presProps.xml"),
        ("viewProps", "viewProps.xml"),
        ("tableStyles", "tableStyles.xml"),
    ];
    entries.extend(slide_targets.iter().map(|t| ("slide", t.as_str())));
    relationships(&entries)
}

fn presentation(deck: &Deck) -> Result<Vec<u8>, DeckError> {
    let (w, h) = deck.layout.slide.px();
    let e = |v: u32| (i64::from(v) * super::layout::EMU_PER_PX).to_string();
    let mut x = Xml::new();
    x.open(
        "p:presentation",
        &[
            ("xmlns:a", NS_A),
            ("xmlns:r", NS_R),
            ("xmlns:p", NS_P),
            ("saveSubsetFonts", "1"),
        ],
    )?;
    x.open("p:sldMasterIdLst", &[])?;
    x.empty("p:sldMasterId", &[("id", "2147483648"), ("r:id", "rId1")])?;
    x.close("p:sldMasterIdLst")?;
    x.open("p:notesMasterIdLst", &[])?;
    x.empty("p:notesMasterId", &[("r:id", "rId2")])?;
    x.close("p:notesMasterIdLst")?;
    x.open("p:sldIdLst", &[])?;
    for no in 1..=deck.slides.len() {
        x.empty(
            "p:sldId",
            &[
                ("id", &(255 + no).to_string()),
                ("r:id", &format!("rId{}", FIRST_SLIDE_REL - 1 + no)),
            ],
        )?;
    }
    x.close("p:sldIdLst")?;
    x.empty("p:sldSz", &[("cx", &e(w)), ("cy", &e(h))])?;
    x.empty("p:notesSz", &[("cx", "6858000"), ("cy", "9144000")])?;
    x.close("p:presentation")?;
    Ok(x.finish())
}

fn core_props(title: &str, created: chrono::DateTime<chrono::Utc>) -> Result<Vec<u8>, DeckError> {
    let when = created.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )?;
    x.text_element("dc:title", &[], title)?;
    x.text_element("dc:creator", &[], "Panelshot")?;
    x.text_element("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &when)?;
    x.text_element("dcterms:modified", &[("xsi:type", "dcterms:W3CDTF")], &when)?;
    x.close("cp:coreProperties")?;
    Ok(x.finish())
}

fn app_props(slides: usize) -> Result<Vec<u8>, DeckError> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    )?;
    x.text_element(
        "Application",
        &[],
        concat!("Panelshot ", env!("CARGO_PKG_VERSION")),
    )?;
    x.text_element("Slides", &[], &slides.to_string())?;
    x.text_element("Notes", &[], &slides.to_string())?;
    x.close("Properties")?;
    Ok(x.finish())
}

/// A slide or notes page: the root element, its shape tree (with the group header every tree
/// starts with) holding what `shapes` writes, and the master's colour mapping.
fn shape_tree(
    root: &str,
    shapes: impl FnOnce(&mut Xml) -> Result<(), DeckError>,
) -> Result<Vec<u8>, DeckError> {
    let mut x = Xml::new();
    x.open(
        root,
        &[("xmlns:a", NS_A), ("xmlns:r", NS_R), ("xmlns:p", NS_P)],
    )?;
    x.open("p:cSld", &[])?;
    x.open("p:spTree", &[])?;
    x.open("p:nvGrpSpPr", &[])?;
    x.empty("p:cNvPr", &[("id", "1"), ("name", "")])?;
    x.empty("p:cNvGrpSpPr", &[])?;
    x.empty("p:nvPr", &[])?;
    x.close("p:nvGrpSpPr")?;
    x.open("p:grpSpPr", &[])?;
    x.open("a:xfrm", &[])?;
    x.empty("a:off", &[("x", "0"), ("y", "0")])?;
    x.empty("a:ext", &[("cx", "0"), ("cy", "0")])?;
    x.empty("a:chOff", &[("x", "0"), ("y", "0")])?;
    x.empty("a:chExt", &[("cx", "0"), ("cy", "0")])?;
    x.close("a:xfrm")?;
    x.close("p:grpSpPr")?;
    shapes(&mut x)?;
    x.close("p:spTree")?;
    x.close("p:cSld")?;
    x.open("p:clrMapOvr", &[])?;
    x.empty("a:masterClrMapping", &[])?;
    x.close("p:clrMapOvr")?;
    x.close(root)?;
    Ok(x.finish())
}

fn xfrm(x: &mut Xml, r: Rect) -> Result<(), DeckError> {
    let (ox, oy, cx, cy) = r.emu();
    x.open("a:xfrm", &[])?;
    x.empty("a:off", &[("x", &ox.to_string()), ("y", &oy.to_string())])?;
    x.empty("a:ext", &[("cx", &cx.to_string()), ("cy", &cy.to_string())])?;
    x.close("a:xfrm")
}

/// The picture's place in its slot: the slot itself when the picture has the slot's shape (the
/// panel was rendered for it), else fitted and centred.
pub(crate) fn fit(slot: Rect, w: u32, h: u32) -> Rect {
    if w == 0 || h == 0 {
        return slot;
    }
    let (sw, sh) = (u64::from(slot.w), u64::from(slot.h));
    let (pw, ph) = (u64::from(w), u64::from(h));
    if pw * sh == ph * sw {
        return slot;
    }
    let (fw, fh) = if pw * sh > ph * sw {
        (sw, (ph * sw / pw).max(1))
    } else {
        ((pw * sh / ph).max(1), sh)
    };
    Rect {
        x: slot.x + ((sw - fw) / 2) as u32,
        y: slot.y + ((sh - fh) / 2) as u32,
        w: fw as u32,
        h: fh as u32,
    }
}

fn slide_xml(slide: &Slide, frame: &super::Frame) -> Result<Vec<u8>, DeckError> {
    shape_tree("p:sld", |x| {
        let mut id = 2;
        if let Some(title) = frame.title {
            x.open("p:sp", &[])?;
            x.open("p:nvSpPr", &[])?;
            x.empty("p:cNvPr", &[("id", &id.to_string()), ("name", "Title 1")])?;
            x.open("p:cNvSpPr", &[])?;
            x.empty("a:spLocks", &[("noGrp", "1")])?;
            x.close("p:cNvSpPr")?;
            x.open("p:nvPr", &[])?;
            x.empty("p:ph", &[("type", "title")])?;
            x.close("p:nvPr")?;
            x.close("p:nvSpPr")?;
            x.open("p:spPr", &[])?;
            xfrm(x, title)?;
            x.close("p:spPr")?;
            text_body(
                x,
                &[("anchor", "b")],
                "a:normAutofit",
                &slide.title,
                &[("lang", "en-US"), ("sz", "3200"), ("b", "1")],
                None,
            )?;
            x.close("p:sp")?;
            id += 1;
        }
        let mut rel = 3;
        for (i, (picture, slot)) in slide.pictures.iter().zip(&frame.slots).enumerate() {
            if let Some(t) = &picture.table {
                table(x, id, &picture.name, *slot, t)?;
                id += 1;
                continue;
            }
            let place = fit(*slot, picture.width_px, picture.height_px);
            x.open("p:pic", &[])?;
            x.open("p:nvPicPr", &[])?;
            x.empty(
                "p:cNvPr",
                &[
                    ("id", &id.to_string()),
                    ("name", &format!("Panel {}", i + 1)),
                    ("descr", &picture.name),
                ],
            )?;
            x.open("p:cNvPicPr", &[])?;
            x.empty("a:picLocks", &[("noChangeAspect", "1")])?;
            x.close("p:cNvPicPr")?;
            x.empty("p:nvPr", &[])?;
            x.close("p:nvPicPr")?;
            x.open("p:blipFill", &[])?;
            // Relationships 1 and 2 are the layout and the notes; pictures follow.
            x.empty("a:blip", &[("r:embed", &format!("rId{rel}"))])?;
            rel += 1;
            x.open("a:stretch", &[])?;
            x.empty("a:fillRect", &[])?;
            x.close("a:stretch")?;
            x.close("p:blipFill")?;
            x.open("p:spPr", &[])?;
            xfrm(x, place)?;
            x.open("a:prstGeom", &[("prst", "rect")])?;
            x.empty("a:avLst", &[])?;
            x.close("a:prstGeom")?;
            x.close("p:spPr")?;
            x.close("p:pic")?;
            id += 1;
        }
        // Several panels: each one's title, as typed, just above its picture.
        for (i, (picture, label)) in slide.pictures.iter().zip(&frame.labels).enumerate() {
            let name = format!("Panel title {}", i + 1);
            let run = [("lang", "en-US"), ("sz", "1600"), ("b", "1")];
            text_box(x, id, &name, *label, "b", &picture.name, &run, None)?;
            id += 1;
        }
        let run = [("lang", "en-US"), ("sz", "1200")];
        text_box(
            x,
            id,
            "Caption",
            frame.caption,
            "ctr",
            &slide.caption,
            &run,
            Some(CAPTION_COLOUR),
        )
    })
}

/// A slide pixel row of a table: 12 pt text (24 px at 144 dpi) with its margins.
const TABLE_ROW_PX: u32 = 40;
const TABLE_STYLE: &str = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}";

/// A table panel's data as a PowerPoint table filling `slot`: a bold header and as many rows
/// as fit; when more exist, the last row says how many are left out.
fn table(
    x: &mut Xml,
    id: u32,
    name: &str,
    slot: Rect,
    t: &crate::deck::Table,
) -> Result<(), DeckError> {
    let cols = t.header.len().max(1);
    let fit = (slot.h / TABLE_ROW_PX).max(2) as usize - 1;
    let (shown, more) = if t.total > fit {
        (fit - 1, t.total - (fit - 1))
    } else {
        (t.total.min(t.rows.len()), 0)
    };
    let (ox, oy, cx, _) = slot.emu();
    let row_emu = i64::from(TABLE_ROW_PX) * super::layout::EMU_PER_PX;
    let rows_drawn = 1 + shown + usize::from(more > 0);
    x.open("p:graphicFrame", &[])?;
    x.open("p:nvGraphicFramePr", &[])?;
    x.empty(
        "p:cNvPr",
        &[
            ("id", &id.to_string()),
            ("name", &format!("Table {name}")),
            ("descr", name),
        ],
    )?;
    x.open("p:cNvGraphicFramePr", &[])?;
    x.empty("a:graphicFrameLocks", &[("noGrp", "1")])?;
    x.close("p:cNvGraphicFramePr")?;
    x.empty("p:nvPr", &[])?;
    x.close("p:nvGraphicFramePr")?;
    x.open("p:xfrm", &[])?;
    x.empty("a:off", &[("x", &ox.to_string()), ("y", &oy.to_string())])?;
    x.empty(
        "a:ext",
        &[
            ("cx", &cx.to_string()),
            ("cy", &(row_emu * rows_drawn as i64).to_string()),
        ],
    )?;
    x.close("p:xfrm")?;
    x.open("a:graphic", &[])?;
    x.open(
        "a:graphicData",
        &[(
            "uri",
            "http://schemas.openxmlformats.org/drawingml/2006/table",
        )],
    )?;
    x.open("a:tbl", &[])?;
    x.open("a:tblPr", &[("firstRow", "1"), ("bandRow", "1")])?;
    x.text_element("a:tableStyleId", &[], TABLE_STYLE)?;
    x.close("a:tblPr")?;
    x.open("a:tblGrid", &[])?;
    let col_w = (cx / cols as i64).to_string();
    for _ in 0..cols {
        x.empty("a:gridCol", &[("w", &col_w)])?;
    }
    x.close("a:tblGrid")?;
    let row_h = row_emu.to_string();
    let row = |x: &mut Xml, cells: &[String], bold: bool| -> Result<(), DeckError> {
        x.open("a:tr", &[("h", &row_h)])?;
        for c in 0..cols {
            let text = cells.get(c).map(String::as_str).unwrap_or("");
            x.open("a:tc", &[])?;
            x.open("a:txBody", &[])?;
            x.empty("a:bodyPr", &[])?;
            x.empty("a:lstStyle", &[])?;
            let run: &[(&str, &str)] = if bold {
                &[("lang", "en-US"), ("sz", "1200"), ("b", "1")]
            } else {
                &[("lang", "en-US"), ("sz", "1200")]
            };
            paragraph(x, text, run, None)?;
            x.close("a:txBody")?;
            x.empty("a:tcPr", &[])?;
            x.close("a:tc")?;
        }
        x.close("a:tr")
    };
    row(x, &t.header, true)?;
    for r in t.rows.iter().take(shown) {
        row(x, r, false)?;
    }
    if more > 0 {
        row(x, &[format!("… {more} more rows")], false)?;
    }
    x.close("a:tbl")?;
    x.close("a:graphicData")?;
    x.close("a:graphic")?;
    x.close("p:graphicFrame")
}

/// A text box (not a placeholder) holding one line of text.
#[allow(clippy::too_many_arguments)]
fn text_box(
    x: &mut Xml,
    id: u32,
    name: &str,
    place: Rect,
    anchor: &str,
    text: &str,
    run: &[(&str, &str)],
    colour: Option<&str>,
) -> Result<(), DeckError> {
    x.open("p:sp", &[])?;
    x.open("p:nvSpPr", &[])?;
    x.empty("p:cNvPr", &[("id", &id.to_string()), ("name", name)])?;
    x.empty("p:cNvSpPr", &[("txBox", "1")])?;
    x.empty("p:nvPr", &[])?;
    x.close("p:nvSpPr")?;
    x.open("p:spPr", &[])?;
    xfrm(x, place)?;
    x.open("a:prstGeom", &[("prst", "rect")])?;
    x.empty("a:avLst", &[])?;
    x.close("a:prstGeom")?;
    x.empty("a:noFill", &[])?;
    x.close("p:spPr")?;
    text_body(
        x,
        &[("wrap", "square"), ("anchor", anchor)],
        "a:noAutofit",
        text,
        run,
        colour,
    )?;
    x.close("p:sp")
}

/// A shape's text: no insets (the frame places it), `body` for anchoring, one paragraph.
fn text_body(
    x: &mut Xml,
    body: &[(&str, &str)],
    autofit: &str,
    text: &str,
    run: &[(&str, &str)],
    colour: Option<&str>,
) -> Result<(), DeckError> {
    let mut attrs = vec![("lIns", "0"), ("tIns", "0"), ("rIns", "0"), ("bIns", "0")];
    attrs.extend_from_slice(body);
    x.open("p:txBody", &[])?;
    x.open("a:bodyPr", &attrs)?;
    x.empty(autofit, &[])?;
    x.close("a:bodyPr")?;
    x.empty("a:lstStyle", &[])?;
    paragraph(x, text, run, colour)?;
    x.close("p:txBody")
}

/// One paragraph with one run of text.
fn paragraph(
    x: &mut Xml,
    text: &str,
    run: &[(&str, &str)],
    colour: Option<&str>,
) -> Result<(), DeckError> {
    x.open("a:p", &[])?;
    x.open("a:r", &[])?;
    match colour {
        Some(c) => {
            x.open("a:rPr", run)?;
            x.open("a:solidFill", &[])?;
            x.empty("a:srgbClr", &[("val", c)])?;
            x.close("a:solidFill")?;
            x.close("a:rPr")?;
        }
        None => x.empty("a:rPr", run)?,
    }
    x.text_element("a:t", &[], text)?;
    x.close("a:r")?;
    x.close("a:p")
}

fn notes_xml(notes: &str) -> Result<Vec<u8>, DeckError> {
    shape_tree("p:notes", |x| {
        x.open("p:sp", &[])?;
        x.open("p:nvSpPr", &[])?;
        x.empty(
            "p:cNvPr",
            &[("id", "2"), ("name", "Slide Image Placeholder 1")],
        )?;
        x.open("p:cNvSpPr", &[])?;
        x.empty(
            "a:spLocks",
            &[("noGrp", "1"), ("noRot", "1"), ("noChangeAspect", "1")],
        )?;
        x.close("p:cNvSpPr")?;
        x.open("p:nvPr", &[])?;
        x.empty("p:ph", &[("type", "sldImg"), ("idx", "2")])?;
        x.close("p:nvPr")?;
        x.close("p:nvSpPr")?;
        x.empty("p:spPr", &[])?;
        x.close("p:sp")?;
        x.open("p:sp", &[])?;
        x.open("p:nvSpPr", &[])?;
        x.empty("p:cNvPr", &[("id", "3"), ("name", "Notes Placeholder 2")])?;
        x.open("p:cNvSpPr", &[])?;
        x.empty("a:spLocks", &[("noGrp", "1")])?;
        x.close("p:cNvSpPr")?;
        x.open("p:nvPr", &[])?;
        x.empty("p:ph", &[("type", "body"), ("sz", "quarter"), ("idx", "3")])?;
        x.close("p:nvPr")?;
        x.close("p:nvSpPr")?;
        x.empty("p:spPr", &[])?;
        x.open("p:txBody", &[])?;
        x.empty("a:bodyPr", &[])?;
        x.empty("a:lstStyle", &[])?;
        for line in notes.lines() {
            paragraph(x, line, &[("lang", "en-US")], None)?;
        }
        if notes.lines().next().is_none() {
            x.open("a:p", &[])?;
            x.close("a:p")?;
        }
        x.close("p:txBody")?;
        x.close("p:sp")?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_parts_are_well_formed_xml() {
        for (name, part) in [
            ("theme", THEME),
            ("slide master", SLIDE_MASTER),
            ("slide layout", SLIDE_LAYOUT),
            ("notes master", NOTES_MASTER),
            ("presentation properties", PRES_PROPS),
            ("view properties", VIEW_PROPS),
            ("table styles", TABLE_STYLES),
        ] {
            let mut r = quick_xml::Reader::from_str(part);
            loop {
                match r.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{name}: {e}"),
                }
            }
        }
    }

    #[test]
    fn pictures_fill_their_slot_or_are_fitted_and_centred() {
        let slot = Rect {
            x: 48,
            y: 132,
            w: 800,
            h: 400,
        };
        assert_eq!(fit(slot, 1600, 800), slot);
        let tall = fit(slot, 400, 400);
        assert_eq!((tall.w, tall.h, tall.x, tall.y), (400, 400, 248, 132));
        let wide = fit(slot, 1000, 100);
        assert_eq!((wide.w, wide.h), (800, 80));
    }
}
