//! A schema-v2 dashboard resource, shaped as Grafana 12+ serves it at
//! `/apis/dashboard.grafana.app/v2beta1/namespaces/<ns>/dashboards/<uid>`. Field names follow
//! Grafana's generated types (`packages/grafana-schema/src/schema/dashboard/v2beta1/
//! types.spec.gen.ts`) and the "JSON schema v2" and "layout" pages of the Observability as Code
//! docs: elements placed by layouts that nest — tabs holding rows holding a grid, a tab with an
//! auto grid, and a grid with an old-style `GridLayoutRow` holding a library panel.

use serde_json::{Value, json};

fn query(delay_ms: u64) -> Value {
    json!([{ "kind": "PanelQuery", "spec": { "refId": "A", "hidden": false, "query": {
        "kind": "DataQuery", "group": "grafana-testdata-datasource", "version": "v0",
        "datasource": { "name": "demo-testdata" },
        "spec": { "scenarioId": "random_walk", "delayMs": delay_ms }
    } } }])
}

fn panel(id: i64, kind: &str, title: &str, queries: Value) -> Value {
    let options = if kind == "text" {
        json!({ "mode": "markdown", "content": "**Release notes** — in the second tab." })
    } else {
        json!({})
    };
    json!({ "kind": "Panel", "spec": {
        "id": id, "title": title, "description": "", "links": [],
        "data": { "kind": "QueryGroup", "spec": { "queries": queries, "transformations": [], "queryOptions": {} } },
        "vizConfig": { "kind": "VizConfig", "group": kind, "version": "12.4.1",
                       "spec": { "options": options, "fieldConfig": { "defaults": {}, "overrides": [] } } }
    } })
}

fn item(name: &str, x: i64, y: i64, w: i64, h: i64) -> Value {
    json!({ "kind": "GridLayoutItem", "spec": { "x": x, "y": y, "width": w, "height": h,
        "element": { "kind": "ElementReference", "name": name } } })
}

pub fn resource(uid: &str, title: &str) -> Value {
    json!({
        "kind": "Dashboard",
        "apiVersion": "dashboard.grafana.app/v2beta1",
        "metadata": {
            "name": uid, "namespace": "default", "generation": 4,
            "resourceVersion": "1750000000000",
            "annotations": { "grafana.app/folder": "apps0001" }
        },
        "spec": {
            "title": title,
            "tags": ["v2"],
            "cursorSync": "Off",
            "editable": true,
            "timeSettings": { "timezone": "utc", "from": "now-6h", "to": "now", "autoRefresh": "",
                              "autoRefreshIntervals": ["30s", "1m"], "hideTimepicker": false, "fiscalYearStartMonth": 0 },
            "variables": [
                { "kind": "CustomVariable", "spec": { "name": "env", "label": "Environment", "query": "prod,staging",
                  "current": { "text": "prod", "value": "prod" }, "multi": false, "includeAll": false,
                  "options": [ { "text": "prod", "value": "prod" }, { "text": "staging", "value": "staging" } ],
                  "hide": "dontHide", "skipUrlSync": false, "allowCustomValue": true } }
            ],
            "elements": {
                "panel-1": panel(1, "timeseries", "Requests", query(150)),
                "panel-2": panel(2, "stat", "Error rate", query(150)),
                "panel-3": panel(3, "timeseries", "Latency by tab", query(200)),
                "panel-4": panel(4, "text", "Release notes", json!([])),
                "budget": { "kind": "LibraryPanel", "spec": { "id": 5, "title": "Error budget",
                            "libraryPanel": { "uid": "lib-error-budget", "name": "Error budget" } } }
            },
            "layout": { "kind": "TabsLayout", "spec": { "tabs": [
                { "kind": "TabsLayoutTab", "spec": { "title": "Overview", "layout": { "kind": "RowsLayout", "spec": { "rows": [
                    { "kind": "RowsLayoutRow", "spec": { "title": "Traffic", "collapse": false,
                      "layout": { "kind": "GridLayout", "spec": { "items": [
                          item("panel-1", 0, 0, 12, 8), item("panel-2", 12, 0, 12, 8)
                      ] } } } }
                ] } } } },
                { "kind": "TabsLayoutTab", "spec": { "title": "Details", "layout": { "kind": "AutoGridLayout", "spec": {
                    "maxColumnCount": 2, "columnWidthMode": "standard", "rowHeightMode": "standard", "fillScreen": false,
                    "items": [
                        { "kind": "AutoGridLayoutItem", "spec": { "element": { "kind": "ElementReference", "name": "panel-3" } } },
                        { "kind": "AutoGridLayoutItem", "spec": { "element": { "kind": "ElementReference", "name": "panel-4" } } }
                    ] } } } },
                { "kind": "TabsLayoutTab", "spec": { "title": "Budget", "layout": { "kind": "GridLayout", "spec": { "items": [
                    { "kind": "GridLayoutRow", "spec": { "title": "Error budget", "collapsed": false, "y": 0,
                      "elements": [ item("budget", 0, 0, 12, 8) ] } }
                ] } } } }
            ] } }
        }
    })
}
