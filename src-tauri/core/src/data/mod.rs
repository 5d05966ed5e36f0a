//! The data behind a picture: the answers the panel's own data queries got while it was
//! rendered (no second query), read as Grafana data frames and written as CSV (and, for table
//! panels, an `.xlsx` workbook). Times are written in the export's zone.

mod csv;
mod frames;
mod xlsx;

pub use csv::{cell_text, csv_of, header_of};
pub use frames::{Field, FieldKind, Frame, frames_of};
pub use xlsx::xlsx_of;

use crate::error::{Coded, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("the panel's data could not be written as {what}: {detail}")]
    Encode { what: &'static str, detail: String },
}

impl Coded for DataError {
    fn code(&self) -> ErrorCode {
        match self {
            DataError::Encode { .. } => ErrorCode::ExportIo,
        }
    }
}

/// What to save beside each image.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataKind {
    /// One CSV file per data frame; table panels also an `.xlsx` workbook.
    Csv,
}

/// The data of one render: its frames, and what the answers held that is not a frame (a
/// data source answering in its own format through Grafana's proxy, a stream).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelData {
    pub frames: Vec<Frame>,
    /// Answers that carried no data frames Panelshot can read.
    pub unreadable: usize,
}

impl PanelData {
    /// The frames of every answer, the last answer for a query winning (Grafana re-runs a
    /// query when its range or variables settle; the panel draws the last answer).
    pub fn from_answers<'a>(answers: impl IntoIterator<Item = &'a str>) -> PanelData {
        let mut out = PanelData::default();
        let mut by_ref: Vec<(String, Vec<Frame>)> = Vec::new();
        for body in answers {
            match frames_of(body) {
                Some(per_ref) => {
                    for (ref_id, frames) in per_ref {
                        by_ref.retain(|(r, _)| r != &ref_id);
                        by_ref.push((ref_id, frames));
                    }
                }
                None => out.unreadable += 1,
            }
        }
        out.frames = by_ref.into_iter().flat_map(|(_, f)| f).collect();
        out
    }

    /// The frames as JSON for programs (the MCP server): per frame its query letter and
    /// fields, each with its column title (as in the CSV), unit, labels and values; times as
    /// RFC 3339 text in `zone`, NaN and ±Inf as text.
    pub fn to_json(&self, zone: chrono_tz::Tz) -> serde_json::Value {
        use frames::Cell;
        use serde_json::json;
        let frames: Vec<_> = self
            .frames
            .iter()
            .map(|f| {
                let fields: Vec<_> = f
                    .fields
                    .iter()
                    .map(|field| {
                        let values: Vec<_> = field
                            .values
                            .iter()
                            .map(|c| match c {
                                Cell::Null => serde_json::Value::Null,
                                Cell::Number(n) => json!(n),
                                Cell::Bool(b) => json!(b),
                                Cell::Text(t) => json!(t),
                                Cell::Special(s) => json!(s),
                                Cell::Time(ms) => json!(csv::time_text(*ms, zone)),
                            })
                            .collect();
                        json!({
                            "name": field.name,
                            "title": header_of(field, zone),
                            "unit": field.unit,
                            "labels": field.labels.iter().cloned().collect::<std::collections::BTreeMap<_, _>>(),
                            "values": values,
                        })
                    })
                    .collect();
                json!({ "refId": f.ref_id, "name": f.name, "rows": f.rows(), "fields": fields })
            })
            .collect();
        json!({ "zone": zone.name(), "frames": frames })
    }

    /// A file-name part per frame: the query's letter, numbered when a query answered with
    /// several frames (`A`, `B`, `A-2`); none at all when there is one frame.
    pub fn names(&self) -> Vec<Option<String>> {
        if self.frames.len() == 1 {
            return vec![None];
        }
        let mut seen: Vec<(String, usize)> = Vec::new();
        self.frames
            .iter()
            .map(|f| {
                let r = crate::export::sanitize(if f.ref_id.is_empty() {
                    "data"
                } else {
                    &f.ref_id
                });
                let n = match seen.iter_mut().find(|(k, _)| *k == r) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        seen.push((r.clone(), 1));
                        1
                    }
                };
                Some(if n == 1 { r } else { format!("{r}-{n}") })
            })
            .collect()
    }
}
