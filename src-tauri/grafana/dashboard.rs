//! `/api/dashboards/uid/:uid` into what Panelshot shows: a flat, ordered list of exportable
//! panels (rows walked at both levels, repeats and library panels marked), variables, time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::GrafanaError;

/// Pixels per grid unit at a 1920 px wide dashboard: 24 columns of 80 px; rows of 30 px plus
/// Grafana's 8 px gap (GRID_CELL_HEIGHT / GRID_CELL_VMARGIN).
const COLUMN_PX: i64 = 80;
const ROW_PX: i64 = 38;
const GAP_PX: i64 = 8;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct GridPos {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LibraryRef {
    pub uid: String,
    pub name: String,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RepeatInfo {
    pub variable: String,
    /// `h` or `v`; for a repeated row, `row`.
    pub direction: String,
    pub max_per_row: Option<i64>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PanelInfo {
    pub id: i64,
    /// The Scenes key, `panel-<id>`, also accepted as `panelId` by `d-solo`.
    pub key: String,
    pub title: String,
    /// The visualisation: `timeseries`, `stat`, …; `library` until resolved.
    pub kind: String,
    pub grid: GridPos,
    pub natural_width: u32,
    pub natural_height: u32,
    /// Title of the row the panel sits in, if any.
    pub row: Option<String>,
    pub in_collapsed_row: bool,
    pub library_panel: Option<LibraryRef>,
    pub repeat: Option<RepeatInfo>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct VarOption {
    pub text: String,
    pub value: String,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub label: Option<String>,
    pub kind: String,
    pub current: Vec<String>,
    pub options: Vec<VarOption>,
    pub multi: bool,
    pub include_all: bool,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DashboardDetail {
    pub uid: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    pub folder_uid: Option<String>,
    pub folder_title: Option<String>,
    pub tags: Vec<String>,
    /// IANA name, `utc` or `browser` (Grafana's empty value means browser).
    pub timezone: String,
    pub time_from: String,
    pub time_to: String,
    /// `meta.apiVersion`: what the dashboard was saved as (`v1`, `v2`…).
    pub api_version: Option<String>,
    pub version: Option<i64>,
    pub variables: Vec<Variable>,
    pub panels: Vec<PanelInfo>,
}

fn s(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(s).collect(),
        other => s(other).into_iter().collect(),
    }
}

fn grid(v: &Value) -> GridPos {
    let n = |k: &str, d: i64| v.get(k).and_then(Value::as_i64).unwrap_or(d);
    GridPos {
        x: n("x", 0),
        y: n("y", 0),
        w: n("w", 12).clamp(1, 24),
        h: n("h", 8).max(1),
    }
}

fn natural(g: GridPos) -> (u32, u32) {
    let w = (g.w * COLUMN_PX).clamp(100, 8192);
    let h = (g.h * ROW_PX - GAP_PX).clamp(100, 8192);
    (w as u32, h as u32)
}

fn slug_from_url(url: &str) -> Option<String> {
    // `/d/<uid>/<slug>` → slug
    let mut parts = url.trim_end_matches('/').rsplit('/');
    let slug = parts.next()?;
    let uid = parts.next()?;
    (parts.next() == Some("d") && !uid.is_empty() && !slug.is_empty()).then(|| slug.to_string())
}

struct Walker {
    out: Vec<PanelInfo>,
}

impl Walker {
    fn push(
        &mut self,
        p: &Value,
        row: Option<&str>,
        collapsed: bool,
        row_repeat: Option<&RepeatInfo>,
    ) {
        let Some(id) = p.get("id").and_then(Value::as_i64) else {
            return;
        };
        let library_panel = p.get("libraryPanel").and_then(|l| {
            Some(LibraryRef {
                uid: l.get("uid").and_then(s)?,
                name: l.get("name").and_then(s).unwrap_or_default(),
            })
        });
        let kind = p.get("type").and_then(s).unwrap_or_else(|| {
            if library_panel.is_some() {
                "library".into()
            } else {
                "unknown".into()
            }
        });
        let title = p
            .get("title")
            .and_then(s)
            .filter(|t| !t.is_empty())
            .or_else(|| library_panel.as_ref().map(|l| l.name.clone()))
            .unwrap_or_else(|| format!("Panel {id}"));
        let repeat = p
            .get("repeat")
            .and_then(s)
            .filter(|r| !r.is_empty())
            .map(|variable| RepeatInfo {
                variable,
                direction: p
                    .get("repeatDirection")
                    .and_then(s)
                    .unwrap_or_else(|| "h".into()),
                max_per_row: p.get("maxPerRow").and_then(Value::as_i64),
            })
            .or_else(|| row_repeat.cloned());
        let g = grid(p.get("gridPos").unwrap_or(&Value::Null));
        let (natural_width, natural_height) = natural(g);
        self.out.push(PanelInfo {
            id,
            key: format!("panel-{id}"),
            title,
            kind,
            grid: g,
            natural_width,
            natural_height,
            row: row.map(str::to_string),
            in_collapsed_row: collapsed,
            library_panel,
            repeat,
        });
    }
}

fn row_repeat(row: &Value) -> Option<RepeatInfo> {
    row.get("repeat")
        .and_then(s)
        .filter(|r| !r.is_empty())
        .map(|variable| RepeatInfo {
            variable,
            direction: "row".into(),
            max_per_row: None,
        })
}

fn panels(list: &[Value]) -> Vec<PanelInfo> {
    let mut w = Walker { out: Vec::new() };
    let mut current_row: Option<(String, Option<RepeatInfo>)> = None;
    for p in list {
        if p.get("type").and_then(Value::as_str) == Some("row") {
            let title = p.get("title").and_then(s).unwrap_or_default();
            let repeat = row_repeat(p);
            if p.get("collapsed").and_then(Value::as_bool).unwrap_or(false) {
                for child in p
                    .get("panels")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                {
                    w.push(child, Some(&title), true, repeat.as_ref());
                }
            }
            current_row = Some((title, repeat));
            continue;
        }
        let (row, rep) = match &current_row {
            Some((t, r)) => (Some(t.as_str()), r.as_ref()),
            None => (None, None),
        };
        w.push(p, row, false, rep);
    }
    w.out
}

fn variables(list: &[Value]) -> Vec<Variable> {
    list.iter()
        .filter_map(|v| {
            let name = v.get("name").and_then(s)?;
            let current = v
                .get("current")
                .map(|c| strings(c.get("value").unwrap_or(&Value::Null)))
                .unwrap_or_default();
            let options = v
                .get("options")
                .and_then(Value::as_array)
                .map(|opts| {
                    opts.iter()
                        .filter_map(|o| {
                            let value = o.get("value").and_then(s)?;
                            Some(VarOption {
                                text: o.get("text").and_then(s).unwrap_or_else(|| value.clone()),
                                value,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Variable {
                name,
                label: v.get("label").and_then(s).filter(|l| !l.is_empty()),
                kind: v.get("type").and_then(s).unwrap_or_else(|| "custom".into()),
                current,
                options,
                multi: v.get("multi").and_then(Value::as_bool).unwrap_or(false),
                include_all: v
                    .get("includeAll")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            })
        })
        .collect()
}

/// Parses the body of `/api/dashboards/uid/:uid`. Never panics on odd JSON.
pub fn parse(body: &Value) -> Result<DashboardDetail, GrafanaError> {
    let meta = body.get("meta").unwrap_or(&Value::Null);
    let dash = body
        .get("dashboard")
        .filter(|d| d.is_object())
        .ok_or_else(|| {
            GrafanaError::BadResponse("the dashboard answer has no `dashboard` object".into())
        })?;
    let uid = dash
        .get("uid")
        .and_then(s)
        .ok_or_else(|| GrafanaError::BadResponse("the dashboard has no uid".into()))?;
    let url = meta.get("url").and_then(s).unwrap_or_default();
    let slug = meta
        .get("slug")
        .and_then(s)
        .filter(|x| !x.is_empty())
        .or_else(|| slug_from_url(&url))
        .unwrap_or_else(|| "_".into());
    let empty = Vec::new();
    let panel_list = dash
        .get("panels")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let var_list = dash
        .pointer("/templating/list")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let timezone = dash
        .get("timezone")
        .and_then(s)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "browser".into());
    Ok(DashboardDetail {
        title: dash.get("title").and_then(s).unwrap_or_else(|| uid.clone()),
        uid,
        slug,
        url,
        folder_uid: meta.get("folderUid").and_then(s).filter(|f| !f.is_empty()),
        folder_title: meta
            .get("folderTitle")
            .and_then(s)
            .filter(|f| !f.is_empty()),
        tags: dash.get("tags").map(strings).unwrap_or_default(),
        timezone,
        time_from: dash
            .pointer("/time/from")
            .and_then(s)
            .unwrap_or_else(|| "now-6h".into()),
        time_to: dash
            .pointer("/time/to")
            .and_then(s)
            .unwrap_or_else(|| "now".into()),
        api_version: meta.get("apiVersion").and_then(s),
        version: dash.get("version").and_then(Value::as_i64),
        variables: variables(var_list),
        panels: panels(panel_list),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "meta": { "slug": "api-latency", "url": "/d/u1/api-latency", "folderUid": "f1", "folderTitle": "Payments", "apiVersion": "v1" },
            "dashboard": {
                "uid": "u1", "title": "API Latency", "timezone": "", "tags": ["api"],
                "time": { "from": "now-6h", "to": "now" },
                "templating": { "list": [
                    { "name": "service", "label": "Service", "type": "query", "multi": true, "includeAll": true,
                      "current": { "text": ["checkout", "cart"], "value": ["checkout", "cart"] },
                      "options": [{ "text": "checkout", "value": "checkout" }, { "text": "cart", "value": "cart" }] },
                    { "name": "env", "type": "custom", "current": { "text": "prod", "value": "prod" } },
                    { "label": "nameless is skipped" }
                ]},
                "panels": [
                    { "id": 10, "type": "row", "title": "Overview", "collapsed": false, "panels": [] },
                    { "id": 2, "type": "timeseries", "title": "p95", "gridPos": { "x": 0, "y": 1, "w": 12, "h": 8 } },
                    { "id": 3, "type": "stat", "title": "RPS $service", "repeat": "service", "repeatDirection": "h", "maxPerRow": 4, "gridPos": { "w": 6, "h": 8 } },
                    { "id": 4, "libraryPanel": { "uid": "lib1", "name": "Error budget" }, "gridPos": { "w": 6, "h": 8 } },
                    { "id": 11, "type": "row", "title": "Details", "collapsed": true, "panels": [
                        { "id": 5, "type": "table", "title": "Slowest", "gridPos": { "w": 24, "h": 10 } },
                        { "type": "text", "title": "no id is skipped" }
                    ]},
                    { "id": 12, "type": "row", "title": "Per host", "repeat": "host", "collapsed": false },
                    { "id": 7, "type": "gauge", "title": "", "gridPos": "garbage" }
                ]
            }
        })
    }

    #[test]
    fn walks_rows_collapsed_rows_repeats_and_library_panels() {
        let d = parse(&sample()).unwrap();
        let ids: Vec<i64> = d.panels.iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            vec![2, 3, 4, 5, 7],
            "rows are not panels; nested ones are included"
        );
        let p2 = &d.panels[0];
        assert_eq!(
            (p2.row.as_deref(), p2.in_collapsed_row),
            (Some("Overview"), false)
        );
        assert_eq!((p2.natural_width, p2.natural_height), (960, 296));
        assert_eq!(p2.key, "panel-2");
        let p3 = &d.panels[1];
        assert_eq!(
            p3.repeat.as_ref().map(|r| r.variable.as_str()),
            Some("service")
        );
        let p4 = &d.panels[2];
        assert_eq!(
            (p4.title.as_str(), p4.kind.as_str()),
            ("Error budget", "library")
        );
        let p5 = &d.panels[3];
        assert_eq!(
            (p5.row.as_deref(), p5.in_collapsed_row),
            (Some("Details"), true)
        );
        let p7 = &d.panels[4];
        assert_eq!(p7.title, "Panel 7");
        assert_eq!(
            p7.repeat.as_ref().map(|r| r.direction.as_str()),
            Some("row")
        );
        assert_eq!(
            p7.grid,
            GridPos {
                x: 0,
                y: 0,
                w: 12,
                h: 8
            }
        );
    }

    #[test]
    fn reads_variables_time_and_meta() {
        let d = parse(&sample()).unwrap();
        assert_eq!(d.timezone, "browser");
        assert_eq!(
            (d.time_from.as_str(), d.time_to.as_str()),
            ("now-6h", "now")
        );
        assert_eq!(d.slug, "api-latency");
        assert_eq!(d.folder_title.as_deref(), Some("Payments"));
        assert_eq!(d.variables.len(), 2);
        assert_eq!(d.variables[0].current, vec!["checkout", "cart"]);
        assert!(d.variables[0].multi && d.variables[0].include_all);
        assert_eq!(d.variables[1].current, vec!["prod"]);
    }

    #[test]
    fn odd_json_is_an_error_or_a_default_never_a_panic() {
        assert!(parse(&json!(null)).is_err());
        assert!(parse(&json!({ "dashboard": [] })).is_err());
        assert!(parse(&json!({ "dashboard": { "title": "no uid" } })).is_err());
        let d = parse(&json!({ "dashboard": { "uid": "x", "panels": "nope", "templating": 3 } }))
            .unwrap();
        assert!(d.panels.is_empty() && d.variables.is_empty());
        assert_eq!(d.slug, "_");
        let from_url = parse(
            &json!({ "meta": { "url": "/grafana/d/x/my-dash" }, "dashboard": { "uid": "x" } }),
        )
        .unwrap();
        assert_eq!(from_url.slug, "my-dash");
    }
}
