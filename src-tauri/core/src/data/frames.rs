//! Grafana's data frames as its query API sends them (`/api/ds/query`: `results` by query
//! letter, each with `frames` of `schema` and `data`; grafana-plugin-sdk-go
//! `data/frame_json.go`). Values come column by column; `entities` marks the numbers JSON
//! cannot carry (NaN, ±Inf, undefined) and `nanos` adds nanoseconds to times.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Time,
    Number,
    String,
    Boolean,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    /// `config.displayName`, else the data source's (`displayNameFromDS`).
    pub display_name: Option<String>,
    pub unit: Option<String>,
    pub labels: Vec<(String, String)>,
    /// One value per row; `Null` where there is none.
    pub values: Vec<Cell>,
}

/// One value as it is written: times in epoch milliseconds (fractional with nanoseconds).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Number(f64),
    /// `NaN`, `+Inf`, `-Inf` as Grafana names them.
    Special(&'static str),
    Text(String),
    Bool(bool),
    Time(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub ref_id: String,
    pub name: Option<String>,
    pub fields: Vec<Field>,
}

impl Frame {
    pub fn rows(&self) -> usize {
        self.fields
            .iter()
            .map(|f| f.values.len())
            .max()
            .unwrap_or(0)
    }
}

fn kind(t: &str) -> FieldKind {
    match t {
        "time" => FieldKind::Time,
        "number" => FieldKind::Number,
        "string" | "enum" => FieldKind::String,
        "boolean" => FieldKind::Boolean,
        _ => FieldKind::Other,
    }
}

/// `None` when the answer is no frame answer at all (a proxy's own format); else the frames by
/// query letter, in the answer's order.
pub fn frames_of(body: &str) -> Option<Vec<(String, Vec<Frame>)>> {
    let v: Value = serde_json::from_str(body).ok()?;
    let results = v.get("results")?.as_object()?;
    let mut out = Vec::new();
    for (ref_id, result) in results {
        let frames = result
            .get("frames")
            .and_then(Value::as_array)
            .map(|fs| fs.iter().map(|f| frame(ref_id, f)).collect())
            .unwrap_or_default();
        out.push((ref_id.clone(), frames));
    }
    Some(out)
}

fn frame(ref_id: &str, f: &Value) -> Frame {
    let schema = &f["schema"];
    let columns = f["data"]["values"].as_array().cloned().unwrap_or_default();
    let entities = f["data"]["entities"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let nanos = f["data"]["nanos"].as_array().cloned().unwrap_or_default();
    let fields = schema["fields"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .enumerate()
                .map(|(i, field)| {
                    let k = kind(field["type"].as_str().unwrap_or(""));
                    let column = columns
                        .get(i)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    let specials = entities.get(i).filter(|e| !e.is_null());
                    let ns = nanos.get(i).and_then(Value::as_array);
                    let values = column
                        .iter()
                        .enumerate()
                        .map(|(row, v)| {
                            cell(k, v, special(specials, row), ns.and_then(|n| n.get(row)))
                        })
                        .collect();
                    let config = &field["config"];
                    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
                    let mut labels: Vec<(String, String)> = field["labels"]
                        .as_object()
                        .map(|m| {
                            m.iter()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_str().unwrap_or_default().to_string())
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    labels.sort();
                    Field {
                        name: field["name"].as_str().unwrap_or_default().to_string(),
                        kind: k,
                        display_name: text(&config["displayName"])
                            .or_else(|| text(&config["displayNameFromDS"])),
                        unit: text(&config["unit"]),
                        labels,
                        values,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Frame {
        ref_id: schema["refId"].as_str().unwrap_or(ref_id).to_string(),
        name: schema["name"]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        fields,
    }
}

/// What `entities` says row `row` of a column is, if anything.
fn special(entities: Option<&Value>, row: usize) -> Option<&'static str> {
    let e = entities?;
    let has = |key: &str| {
        e[key]
            .as_array()
            .is_some_and(|rows| rows.iter().any(|r| r.as_u64() == Some(row as u64)))
    };
    if has("NaN") {
        Some("NaN")
    } else if has("Inf") {
        Some("+Inf")
    } else if has("NegInf") {
        Some("-Inf")
    } else if has("Undef") {
        Some("")
    } else {
        None
    }
}

fn cell(kind: FieldKind, v: &Value, special: Option<&'static str>, nanos: Option<&Value>) -> Cell {
    if let Some(s) = special {
        return if s.is_empty() {
            Cell::Null
        } else {
            Cell::Special(s)
        };
    }
    match (kind, v) {
        (_, Value::Null) => Cell::Null,
        (FieldKind::Time, Value::Number(n)) => {
            let extra = nanos.and_then(Value::as_f64).unwrap_or(0.0) / 1_000_000.0;
            Cell::Time(n.as_f64().unwrap_or(0.0) + extra)
        }
        (FieldKind::Time, Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| Cell::Time(t.timestamp_millis() as f64))
            .unwrap_or_else(|_| Cell::Text(s.clone())),
        (_, Value::Number(n)) => Cell::Number(n.as_f64().unwrap_or(f64::NAN)),
        (_, Value::Bool(b)) => Cell::Bool(*b),
        (_, Value::String(s)) => Cell::Text(s.clone()),
        (_, other) => Cell::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_with_labels_units_and_special_numbers() {
        let body = r#"{"results":{"A":{"status":200,"frames":[{"schema":{"refId":"A","name":"cpu","fields":[
            {"name":"Time","type":"time","typeInfo":{"frame":"time.Time"}},
            {"name":"Value","type":"number","labels":{"mode":"user","cpu":"0"},"config":{"unit":"percent"}}]},
            "data":{"values":[[1700000000000,1700000060000,1700000120000],[1.5,null,0]],
                    "entities":[null,{"NaN":[2]}],"nanos":[[500000,0,0],null]}}]},
            "B":{"status":200,"frames":[]}}}"#;
        let got = frames_of(body).unwrap();
        assert_eq!(got.len(), 2);
        let (r, frames) = &got[0];
        assert_eq!(r, "A");
        let f = &frames[0];
        assert_eq!(
            (f.ref_id.as_str(), f.name.as_deref(), f.rows()),
            ("A", Some("cpu"), 3)
        );
        assert_eq!(f.fields[0].values[0], Cell::Time(1_700_000_000_000.5));
        assert_eq!(f.fields[1].unit.as_deref(), Some("percent"));
        assert_eq!(
            f.fields[1].labels,
            vec![("cpu".into(), "0".into()), ("mode".into(), "user".into())]
        );
        assert_eq!(
            f.fields[1].values,
            vec![Cell::Number(1.5), Cell::Null, Cell::Special("NaN")]
        );
        assert!(got[1].1.is_empty());
        assert_eq!(
            frames_of(r#"{"status":"success","data":{"result":[]}}"#),
            None,
            "a proxy's own format"
        );
        assert_eq!(frames_of("not json"), None);
    }
}
