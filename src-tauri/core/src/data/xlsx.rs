//! Table panels also as an `.xlsx` workbook: one sheet per frame, the same header as the CSV,
//! numbers as numbers and times as Excel dates in the export's zone.

use chrono::{Datelike, TimeZone, Timelike};
use chrono_tz::Tz;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::DataError;
use super::csv::{cell_text, header_of};
use super::frames::{Cell, Frame};

fn excel_time(ms: f64, zone: Tz) -> Option<ExcelDateTime> {
    let t = zone.timestamp_millis_opt(ms.floor() as i64).single()?;
    ExcelDateTime::from_ymd(
        u16::try_from(t.year()).ok()?,
        t.month() as u8,
        t.day() as u8,
    )
    .ok()?
    .and_hms_milli(
        t.hour() as u16,
        t.minute() as u8,
        t.second() as u8,
        (t.nanosecond() / 1_000_000).min(999) as u16,
    )
    .ok()
}

/// The frames as a workbook's bytes; `names` are the sheets' names (Excel allows 31
/// characters, no `[]:*?/\`).
pub fn xlsx_of(frames: &[Frame], names: &[String], zone: Tz) -> Result<Vec<u8>, DataError> {
    let err = |e: rust_xlsxwriter::XlsxError| DataError::Encode {
        what: "an Excel workbook",
        detail: e.to_string(),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (frame, name) in frames.iter().zip(names) {
        let sheet = book.add_worksheet();
        let clean: String = name
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        sheet
            .set_name(if clean.is_empty() { "data" } else { &clean })
            .map_err(err)?;
        for (col, field) in frame.fields.iter().enumerate() {
            let col = col as u16;
            sheet
                .write_string_with_format(0, col, header_of(field, zone), &bold)
                .map_err(err)?;
            for (row, value) in field.values.iter().enumerate() {
                let row = row as u32 + 1;
                match value {
                    Cell::Null => {}
                    Cell::Number(n) => {
                        sheet.write_number(row, col, *n).map_err(err)?;
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean(row, col, *b).map_err(err)?;
                    }
                    Cell::Time(ms) => match excel_time(*ms, zone) {
                        Some(t) => {
                            sheet
                                .write_datetime_with_format(row, col, &t, &date)
                                .map_err(err)?;
                        }
                        None => {
                            sheet
                                .write_string(row, col, cell_text(value, zone))
                                .map_err(err)?;
                        }
                    },
                    other => {
                        sheet
                            .write_string(row, col, cell_text(other, zone))
                            .map_err(err)?;
                    }
                }
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer().map_err(err)
}
