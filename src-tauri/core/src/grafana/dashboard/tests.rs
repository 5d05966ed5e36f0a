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
                { "id": 2, "type": "timeseries", "title": "p95", "gridPos": { "x": 0, "y": 1, "w": 12, "h": 8 },
                  "targets": [{ "refId": "A", "expr": "up" }] },
                { "id": 3, "type": "stat", "title": "RPS $service", "repeat": "service", "repeatDirection": "h", "maxPerRow": 4, "gridPos": { "w": 6, "h": 8 },
                  "targets": [{ "refId": "A" }] },
                { "id": 4, "libraryPanel": { "uid": "lib1", "name": "Error budget" }, "gridPos": { "w": 6, "h": 8 } },
                { "id": 11, "type": "row", "title": "Details", "collapsed": true, "panels": [
                    { "id": 5, "type": "table", "title": "Slowest", "gridPos": { "w": 24, "h": 10 } },
                    { "type": "text", "title": "no id: the next free one, as Grafana gives it" }
                ]},
                { "id": 12, "type": "row", "title": "Per host", "repeat": "host", "collapsed": false },
                { "id": 7, "type": "gauge", "title": "", "gridPos": "garbage", "targets": "garbage" },
                { "id": 8, "type": "timeseries", "title": "Reuse", "datasource": { "type": "datasource", "uid": "-- Dashboard --" },
                  "targets": [{ "datasource": { "type": "datasource", "uid": "-- Dashboard --" }, "panelId": 2, "refId": "A" }] },
                { "id": 9, "type": "text", "title": "Notes", "targets": [{ "refId": "A" }] },
                { "id": 13, "type": "timeseries", "title": "All hidden", "targets": [{ "refId": "A", "hide": true }] }
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
        vec![2, 3, 4, 5, 14, 7, 8, 9, 13],
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
    assert_eq!(p3.repeat_values, vec!["checkout", "cart"]);
    let p4 = &d.panels[2];
    assert_eq!(
        (p4.title.as_str(), p4.kind.as_str(), p4.data),
        ("Error budget", "library", DataNeed::Unknown)
    );
    let p5 = &d.panels[3];
    assert_eq!(
        (p5.row.as_deref(), p5.in_collapsed_row),
        (Some("Details"), true)
    );
    assert_eq!(
        p5.path,
        vec![GroupStep {
            kind: "row".into(),
            title: "Details".into(),
            collapsed: true
        }]
    );
    let p7 = &d.panels[5];
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
fn knows_which_panels_query() {
    let d = parse(&sample()).unwrap();
    let need = |id: i64| d.needs_query(d.panels.iter().find(|p| p.id == id).unwrap());
    assert_eq!(need(2), Some(true), "a panel with a target queries");
    // PanelModel gives a panel saved without targets its default `{ refId: 'A' }`, and Scenes
    // runs it against the default data source.
    assert_eq!(
        need(5),
        Some(true),
        "no targets: Grafana's default query runs"
    );
    assert_eq!(
        need(7),
        Some(true),
        "unreadable targets: as none, the default query runs"
    );
    let reuse = d.panels.iter().find(|p| p.id == 8).unwrap();
    assert_eq!(reuse.data, DataNeed::FromPanel(2));
    assert_eq!(
        need(8),
        Some(true),
        "-- Dashboard -- waits for panel 2's query"
    );
    assert_eq!(need(9), Some(false), "a text panel never queries");
    assert_eq!(need(13), Some(false), "hidden queries are not sent");
    assert_eq!(need(4), None, "an unresolved library panel is unknown");
    assert_eq!(d.any_query(), Some(true));
}

#[test]
fn library_models_decide_kind_and_need() {
    let mut d = parse(&sample()).unwrap();
    let p4 = d.panels.iter_mut().find(|p| p.id == 4).unwrap();
    resolve_library_panel(
        p4,
        &json!({ "type": "gauge", "targets": [{ "refId": "A" }], "title": "lib" }),
    );
    assert_eq!((p4.kind.as_str(), p4.data), ("gauge", DataNeed::Query));
    assert_eq!(
        p4.title, "Error budget",
        "the dashboard keeps its own title"
    );
    resolve_library_panel(p4, &json!({ "type": "text" }));
    assert_eq!(p4.data, DataNeed::None);
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
fn all_expands_to_every_option() {
    let v = Variable {
        name: "host".into(),
        label: None,
        kind: "custom".into(),
        current: vec!["$__all".into()],
        options: ["All", "a", "b"]
            .iter()
            .map(|o| VarOption {
                text: o.to_string(),
                value: if *o == "All" {
                    "$__all".into()
                } else {
                    o.to_string()
                },
            })
            .collect(),
        multi: true,
        include_all: true,
    };
    assert_eq!(v.selected_values(), vec!["a", "b"]);
}

#[test]
fn odd_json_is_an_error_or_a_default_never_a_panic() {
    assert!(parse(&json!(null)).is_err());
    assert!(parse(&json!({ "dashboard": [] })).is_err());
    assert!(parse(&json!({ "dashboard": { "title": "no uid" } })).is_err());
    let d =
        parse(&json!({ "dashboard": { "uid": "x", "panels": "nope", "templating": 3 } })).unwrap();
    assert!(d.panels.is_empty() && d.variables.is_empty());
    assert_eq!(d.slug, "_");
    let from_url =
        parse(&json!({ "meta": { "url": "/grafana/d/x/my-dash" }, "dashboard": { "uid": "x" } }))
            .unwrap();
    assert_eq!(from_url.slug, "my-dash");
    assert!(parse_v2(&json!(null)).is_err());
    assert!(parse_v2(&json!({ "metadata": { "name": "x" } })).is_err());
    let bare =
        parse_v2(&json!({ "metadata": { "name": "x" }, "spec": { "layout": { "kind": "Nope" } } }))
            .unwrap();
    assert!(bare.panels.is_empty());
}

fn panel_element(id: i64, kind: &str, queries: Value) -> Value {
    json!({ "kind": "Panel", "spec": {
        "id": id, "title": format!("{kind} {id}"), "links": [],
        "data": { "kind": "QueryGroup", "spec": { "queries": queries, "transformations": [], "queryOptions": {} } },
        "vizConfig": { "kind": "VizConfig", "group": kind, "version": "12.4.1", "spec": { "options": {}, "fieldConfig": { "defaults": {}, "overrides": [] } } }
    }})
}

fn query(ds: &str, spec: Value) -> Value {
    json!([{ "kind": "PanelQuery", "spec": { "refId": "A", "hidden": false,
        "query": { "kind": "DataQuery", "group": "grafana-testdata-datasource", "version": "v0", "datasource": { "name": ds }, "spec": spec } } }])
}

fn grid_item(name: &str, x: i64, y: i64, w: i64, h: i64) -> Value {
    json!({ "kind": "GridLayoutItem", "spec": { "x": x, "y": y, "width": w, "height": h,
        "element": { "kind": "ElementReference", "name": name } } })
}

/// Tabs holding rows holding grids, a tab with an auto grid, a grid with a legacy row: every
/// layout kind, nested in more than one order.
pub(crate) fn v2_sample() -> Value {
    json!({
        "kind": "Dashboard",
        "apiVersion": "dashboard.grafana.app/v2beta1",
        "metadata": { "name": "v2-dash", "namespace": "default", "generation": 3,
                      "annotations": { "grafana.app/folder": "f9" } },
        "spec": {
            "title": "Dynamic Overview",
            "tags": ["v2"],
            "timeSettings": { "timezone": "utc", "from": "now-24h", "to": "now", "autoRefresh": "" },
            "variables": [
                { "kind": "CustomVariable", "spec": { "name": "region", "label": "Region", "query": "eu,us",
                  "current": { "text": "All", "value": "$__all" }, "multi": true, "includeAll": true,
                  "options": [ { "text": "All", "value": "$__all" }, { "text": "eu", "value": "eu" }, { "text": "us", "value": "us" } ] } }
            ],
            "elements": {
                "panel-1": panel_element(1, "timeseries", query("demo-testdata", json!({ "scenarioId": "random_walk" }))),
                "panel-2": panel_element(2, "text", json!([])),
                "panel-3": panel_element(3, "stat", query("-- Dashboard --", json!({ "panelId": 1 }))),
                "lib": { "kind": "LibraryPanel", "spec": { "id": 4, "title": "Budget", "libraryPanel": { "uid": "lib1", "name": "Error budget" } } },
                "panel-5": panel_element(5, "gauge", query("demo-testdata", json!({}))),
                "panel-6": panel_element(6, "table", query("demo-testdata", json!({}))),
                "unused": panel_element(99, "table", json!([]))
            },
            "layout": { "kind": "TabsLayout", "spec": { "tabs": [
                { "kind": "TabsLayoutTab", "spec": { "title": "Overview", "layout": { "kind": "RowsLayout", "spec": { "rows": [
                    { "kind": "RowsLayoutRow", "spec": { "title": "Traffic", "collapse": false, "layout": { "kind": "GridLayout", "spec": { "items": [
                        grid_item("panel-1", 0, 0, 12, 8), grid_item("panel-2", 12, 0, 12, 4)
                    ] } } } },
                    { "kind": "RowsLayoutRow", "spec": { "title": "Folded", "collapse": true, "layout": { "kind": "GridLayout", "spec": { "items": [
                        grid_item("panel-3", 0, 0, 6, 6)
                    ] } } } }
                ] } } } },
                { "kind": "TabsLayoutTab", "spec": { "title": "Details", "layout": { "kind": "AutoGridLayout", "spec": {
                    "maxColumnCount": 2, "columnWidthMode": "standard", "rowHeightMode": "standard",
                    "items": [
                        { "kind": "AutoGridLayoutItem", "spec": { "element": { "kind": "ElementReference", "name": "lib" } } },
                        { "kind": "AutoGridLayoutItem", "spec": { "element": { "kind": "ElementReference", "name": "panel-5" },
                          "repeat": { "mode": "variable", "value": "region" } } }
                    ] } } } },
                { "kind": "TabsLayoutTab", "spec": { "title": "Legacy", "layout": { "kind": "GridLayout", "spec": { "items": [
                    { "kind": "GridLayoutRow", "spec": { "title": "Old row", "collapsed": false, "y": 0, "elements": [
                        grid_item("panel-6", 0, 0, 24, 10), grid_item("missing", 0, 0, 1, 1)
                    ] } }
                ] } } } }
            ] } }
        }
    })
}

#[test]
fn v2_lists_every_panel_with_its_tab_and_row_path() {
    let d = parse_v2(&v2_sample()).unwrap();
    assert_eq!(
        (d.uid.as_str(), d.title.as_str(), d.slug.as_str()),
        ("v2-dash", "Dynamic Overview", "dynamic-overview")
    );
    assert_eq!(d.api_version.as_deref(), Some("v2beta1"));
    assert_eq!(d.folder_uid.as_deref(), Some("f9"));
    assert_eq!(
        (d.timezone.as_str(), d.time_from.as_str()),
        ("utc", "now-24h")
    );
    let ids: Vec<i64> = d.panels.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        vec![1, 2, 3, 4, 5, 6],
        "layout order; unplaced elements left out"
    );
    let path = |id: i64| -> Vec<String> {
        d.panels
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .path
            .iter()
            .map(|s| format!("{}:{}", s.kind, s.title))
            .collect()
    };
    assert_eq!(path(1), vec!["tab:Overview", "row:Traffic"]);
    assert_eq!(path(5), vec!["tab:Details"]);
    assert_eq!(path(6), vec!["tab:Legacy", "row:Old row"]);
    let p3 = d.panels.iter().find(|p| p.id == 3).unwrap();
    assert!(p3.in_collapsed_row);
    assert_eq!(p3.data, DataNeed::FromPanel(1));
    let p1 = &d.panels[0];
    assert_eq!((p1.kind.as_str(), p1.natural_width), ("timeseries", 960));
    assert_eq!(d.panels[1].data, DataNeed::None);
    let lib = &d.panels[3];
    assert_eq!(
        (
            lib.kind.as_str(),
            lib.data,
            lib.library_panel.as_ref().map(|l| l.uid.as_str())
        ),
        ("library", DataNeed::Unknown, Some("lib1"))
    );
    let p5 = &d.panels[4];
    assert_eq!(
        p5.natural_width, 960,
        "two auto-grid columns share the width"
    );
    assert_eq!(p5.repeat_values, vec!["eu", "us"], "All is expanded");
    assert_eq!(d.variables[0].kind, "custom");
}

#[test]
fn duplicate_and_missing_ids_are_numbered_as_grafanas_page_numbers_them() {
    let body = json!({ "meta": {}, "dashboard": { "uid": "dup", "title": "Dup", "panels": [
        { "id": 2, "type": "timeseries", "title": "A" },
        { "id": 2, "type": "stat", "title": "B" },
        { "type": "text", "title": "C" },
        { "id": 3, "type": "row", "title": "R", "collapsed": true, "panels": [
            { "id": 2, "type": "table", "title": "D" },
            { "id": 0, "type": "gauge", "title": "E" }
        ]}
    ]}});
    let d = parse(&body).unwrap();
    let got: Vec<(&str, i64, Option<i64>)> = d
        .panels
        .iter()
        .map(|p| (p.title.as_str(), p.id, p.renumbered_from))
        .collect();
    // The largest id is 3 (the row): new ids start at 4, in panelIterator order (A, B, C, R, D,
    // E); 0 is an id like any other (the page keeps it: `panel.id ??= next`).
    assert_eq!(
        got,
        vec![
            ("A", 2, None),
            ("B", 4, Some(2)),
            ("C", 5, None),
            ("D", 6, Some(2)),
            ("E", 0, None),
        ]
    );
    assert_eq!(d.panels[1].key, "panel-4");
}
