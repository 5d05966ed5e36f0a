//! The data files written beside an exported image (`ExportRequest::data`): one CSV per frame
//! the panel drew, and for a table panel an `.xlsx` with a sheet per frame.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::data::{PanelData, cell_text, csv_of, header_of, xlsx_of};
use crate::export::{WriteMode, write_atomic};
use crate::render::options::resolve_timezone;

use super::ServiceError;

/// The zone the data's times are written in: the export's, else the dashboard's own
/// (`browser` and Grafana's empty value: this computer's).
pub fn data_zone(export_zone: Option<&str>, dashboard_zone: &str) -> Tz {
    let name = export_zone.unwrap_or(dashboard_zone);
    resolve_timezone(name)
        .ok()
        .and_then(|z| z.emulation.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}

/// Every frame of `answers` as one CSV text for the clipboard (frames apart by a blank line),
/// with how many frames and rows it holds.
pub fn data_text(answers: &[String], zone: Tz) -> Result<(String, usize, usize), ServiceError> {
    let data = PanelData::from_answers(answers.iter().map(String::as_str));
    let mut parts = Vec::new();
    for f in &data.frames {
        parts.push(String::from_utf8_lossy(&csv_of(f, zone)?).into_owned());
    }
    let rows = data.frames.iter().map(|f| f.rows()).sum();
    Ok((parts.join("\n"), data.frames.len(), rows))
}

/// The most rows a slide's table is given (a slide shows far fewer; the rest are counted).
const TABLE_ROWS: usize = 500;

/// A table panel's first frame with rows (else its first), as a slide's table.
pub fn table_of(answers: &[String], zone: Tz) -> Option<crate::deck::Table> {
    let data = PanelData::from_answers(answers.iter().map(String::as_str));
    let frame = data
        .frames
        .iter()
        .find(|f| f.rows() > 0)
        .or(data.frames.first())?;
    Some(crate::deck::Table {
        header: frame.fields.iter().map(|f| header_of(f, zone)).collect(),
        rows: (0..frame.rows().min(TABLE_ROWS))
            .map(|r| {
                frame
                    .fields
                    .iter()
                    .map(|f| {
                        f.values
                            .get(r)
                            .map(|c| cell_text(c, zone))
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect(),
        total: frame.rows(),
    })
}

/// The frames of `answers` as JSON (`PanelData::to_json`).
pub fn data_json(answers: &[String], zone: Tz) -> serde_json::Value {
    PanelData::from_answers(answers.iter().map(String::as_str)).to_json(zone)
}

/// What was written, and what the user should know about it.
#[derive(Debug, Default)]
pub struct Saved {
    pub files: Vec<PathBuf>,
    pub note: Option<String>,
}

/// Writes the data of `answers` beside `image` (its name, another extension). `table`: the
/// panel is a table, which also gets a workbook.
pub fn save_data(
    image: &Path,
    answers: &[String],
    zone: Tz,
    table: bool,
    mode: WriteMode,
) -> Result<Saved, ServiceError> {
    let data = PanelData::from_answers(answers.iter().map(String::as_str));
    let stem = image
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "data".into());
    let dir = image.parent().unwrap_or(Path::new("."));
    let mut saved = Saved::default();
    if data.frames.is_empty() {
        saved.note = Some(if data.unreadable > 0 {
            "no data file: the data source answered in its own format, not as Grafana data frames"
                .into()
        } else {
            "no data file: the panel ran no data query that answered".into()
        });
        return Ok(saved);
    }
    let names = data.names();
    for (frame, part) in data.frames.iter().zip(&names) {
        let name = match part {
            Some(p) => format!("{stem}-{p}.csv"),
            None => format!("{stem}.csv"),
        };
        let bytes = csv_of(frame, zone)?;
        saved
            .files
            .push(write_atomic(&dir.join(name), &bytes, mode)?);
    }
    if table {
        let sheets: Vec<String> = names
            .iter()
            .map(|n| n.clone().unwrap_or_else(|| "data".into()))
            .collect();
        let bytes = xlsx_of(&data.frames, &sheets, zone)?;
        saved.files.push(write_atomic(
            &dir.join(format!("{stem}.xlsx")),
            &bytes,
            mode,
        )?);
    }
    if data.frames.iter().all(|f| f.rows() == 0) {
        saved.note =
            Some("the panel had no data in this range: the file holds its header alone".into());
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = r#"{"results":{"A":{"frames":[{"schema":{"refId":"A","fields":[{"name":"Time","type":"time"},{"name":"Value","type":"number"}]},"data":{"values":[[1700000000000],[2]]}}]},
        "B":{"frames":[{"schema":{"refId":"B","fields":[{"name":"Time","type":"time"},{"name":"Value","type":"number"}]},"data":{"values":[[],[]]}}]}}}"#;

    #[test]
    fn one_csv_per_frame_beside_the_image_and_a_workbook_for_tables() {
        let dir = tempfile::tempdir().unwrap();
        let image = dir.path().join("cpu.png");
        let s = save_data(&image, &[ANSWER.into()], Tz::UTC, true, WriteMode::Suffix).unwrap();
        let names: Vec<String> = s
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["cpu-A.csv", "cpu-B.csv", "cpu.xlsx"]);
        let a = std::fs::read_to_string(&s.files[0]).unwrap();
        assert_eq!(a, "Time (UTC),Value\n2023-11-14T22:13:20.000+00:00,2\n");
        assert!(std::fs::read(&s.files[2]).unwrap().starts_with(b"PK"));
        assert_eq!(s.note, None, "one frame has rows");
        // Again: nothing is overwritten.
        let again = save_data(&image, &[ANSWER.into()], Tz::UTC, false, WriteMode::Suffix).unwrap();
        assert_eq!(again.files[0].file_name().unwrap(), "cpu-A-1.csv");
    }

    #[test]
    fn no_frames_no_file_and_a_note_saying_why() {
        let dir = tempfile::tempdir().unwrap();
        let image = dir.path().join("x.png");
        let s = save_data(&image, &[], Tz::UTC, false, WriteMode::Suffix).unwrap();
        assert!(s.files.is_empty());
        assert!(s.note.unwrap().contains("no data query"));
        let s = save_data(
            &image,
            &[r#"{"data":{"result":[]}}"#.into()],
            Tz::UTC,
            false,
            WriteMode::Suffix,
        )
        .unwrap();
        assert!(s.note.unwrap().contains("its own format"));
    }

    #[test]
    fn the_zone_is_the_exports_else_the_dashboards() {
        assert_eq!(data_zone(Some("Asia/Tokyo"), "utc"), chrono_tz::Asia::Tokyo);
        assert_eq!(data_zone(None, "Europe/Berlin"), chrono_tz::Europe::Berlin);
        assert_eq!(data_zone(Some("utc"), "Europe/Berlin"), Tz::UTC);
    }
}
