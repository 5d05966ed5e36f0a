//! A frame as CSV: a header of field names (labels and unit included, as Grafana's table view
//! names them) and one row per value; times in the export's zone.

use chrono::TimeZone;
use chrono_tz::Tz;

use super::DataError;
use super::frames::{Cell, Field, FieldKind, Frame};

/// A field's column title: its display name, else `name{label="value", …}` (Grafana's
/// `formatLabels`), then the unit in brackets; a time column says its zone.
pub fn header_of(field: &Field, zone: Tz) -> String {
    let mut name = match &field.display_name {
        Some(d) => d.clone(),
        None if field.labels.is_empty() => field.name.clone(),
        None => {
            let labels: Vec<String> = field
                .labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{v}\""))
                .collect();
            format!("{}{{{}}}", field.name, labels.join(", "))
        }
    };
    if field.kind == FieldKind::Time {
        name.push_str(&format!(" ({})", zone.name()));
    } else if let Some(u) = &field.unit {
        name.push_str(&format!(" [{u}]"));
    }
    name
}

/// A time as RFC 3339 in `zone`, to the millisecond.
pub(crate) fn time_text(ms: f64, zone: Tz) -> String {
    let whole = ms.floor() as i64;
    match zone.timestamp_millis_opt(whole).single() {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
        None => ms.to_string(),
    }
}

pub fn cell_text(c: &Cell, zone: Tz) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Number(n) => n.to_string(),
        Cell::Special(s) => (*s).to_string(),
        Cell::Text(s) => s.clone(),
        Cell::Bool(b) => b.to_string(),
        Cell::Time(ms) => time_text(*ms, zone),
    }
}

/// The frame as CSV bytes (UTF-8, RFC 4180 quoting).
pub fn csv_of(frame: &Frame, zone: Tz) -> Result<Vec<u8>, DataError> {
    let err = |e: &dyn std::fmt::Display| DataError::Encode {
        what: "CSV",
        detail: e.to_string(),
    };
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(frame.fields.iter().map(|f| header_of(f, zone)))
        .map_err(|e| err(&e))?;
    for row in 0..frame.rows() {
        w.write_record(frame.fields.iter().map(|f| {
            f.values
                .get(row)
                .map(|c| cell_text(c, zone))
                .unwrap_or_default()
        }))
        .map_err(|e| err(&e))?;
    }
    w.into_inner().map_err(|e| err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            ref_id: "A".into(),
            name: None,
            fields: vec![
                Field {
                    name: "Time".into(),
                    kind: FieldKind::Time,
                    display_name: None,
                    unit: None,
                    labels: vec![],
                    values: vec![
                        Cell::Time(1_700_000_000_000.0),
                        Cell::Time(1_700_000_060_000.0),
                    ],
                },
                Field {
                    name: "Value".into(),
                    kind: FieldKind::Number,
                    display_name: None,
                    unit: Some("ms".into()),
                    labels: vec![("job".into(), "api, \"v2\"".into())],
                    values: vec![Cell::Number(1.5), Cell::Special("NaN")],
                },
            ],
        }
    }

    #[test]
    fn times_in_the_zone_labels_and_units_in_the_header() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let text = String::from_utf8(csv_of(&frame(), berlin).unwrap()).unwrap();
        assert_eq!(
            text,
            concat!(
                r#"Time (Europe/Berlin),"Value{job=""api, ""v2""""} [ms]""#,
                "\n2023-11-14T23:13:20.000+01:00,1.5\n2023-11-14T23:14:20.000+01:00,NaN\n"
            )
        );
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        let text = String::from_utf8(csv_of(&frame(), tokyo).unwrap()).unwrap();
        assert!(text.contains("2023-11-15T07:13:20.000+09:00,1.5"), "{text}");
    }

    #[test]
    fn no_rows_is_the_header_alone() {
        let mut f = frame();
        for field in &mut f.fields {
            field.values.clear();
        }
        let text = String::from_utf8(csv_of(&f, Tz::UTC).unwrap()).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.starts_with("Time (UTC),"));
    }
}
