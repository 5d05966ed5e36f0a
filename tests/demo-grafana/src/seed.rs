//! The seeded folders and dashboards, in Grafana's own JSON shapes (reference §5.6).

use serde_json::{Value, json};

/// How a dashboard's pages tell a renderer that they finished drawing (reference §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// `.panel-solo` + `window.panelsRendered` (Grafana ≤ 10): a model (demo-app.js).
    Classic,
    /// `window.__grafanaSceneContext` + `window.__grafanaRunningQueryCount` (Grafana 11+), from
    /// Grafana's published front-end libraries themselves (`@grafana/scenes`, `@grafana/runtime`,
    /// `@grafana/ui`, `@grafana/data`), bundled from tests/demo-grafana/scenes: no imitation.
    Scenes,
    /// Scenes plus the `__grafanaImageRendererMessageChannel` binding (Grafana 13): a model
    /// (demo-app.js) of the binding's observer, which is Grafana app code.
    Binding,
}

impl Readiness {
    pub fn as_str(self) -> &'static str {
        match self {
            Readiness::Classic => "classic",
            Readiness::Scenes => "scenes",
            Readiness::Binding => "binding",
        }
    }
}

/// A fault the API answers with instead of the dashboard JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFault {
    Malformed,
}

#[derive(Debug, Clone)]
pub struct Folder {
    pub id: i64,
    pub uid: &'static str,
    pub title: &'static str,
    pub parent_uid: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub slug: String,
    pub folder_uid: Option<&'static str>,
    pub tags: Vec<String>,
    pub starred: bool,
    pub readiness: Readiness,
    /// Milliseconds after activation before the first query starts (the late-query case).
    pub first_query_delay_ms: u64,
    pub api_fault: Option<ApiFault>,
    pub api_version: &'static str,
    pub json: Value,
    /// The page sets `__grafanaRunningQueryCount = 0` as it starts, before any query: the
    /// getter proposed in grafana PR #117508, and what a page that ran a query before shows.
    /// (Scenes itself leaves it undefined until the first query: `SceneQueryController`
    /// writes it only as `(x ?? 0) ± 1`.)
    pub counter_zero_at_start: bool,
    /// Scenes pages: how long the data source's plugin module takes to load before the
    /// query runner gets its instance (scenes/src/runtime.ts).
    pub ds_delay_ms: u64,
    /// Scenes pages: something drawn in front of the panels — `splash` (Grafana
    /// 13.0.0–13.0.5's "What's new" modal, which Escape closes) or `banner` (a fixed overlay
    /// nothing closes).
    pub overlay: Option<&'static str>,
    /// A schema-v2 dashboard: `/api/dashboards/uid/:uid` answers 406 and this resource is
    /// served at `/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/:uid`.
    pub v2: Option<Value>,
}

pub fn folders() -> Vec<Folder> {
    vec![
        Folder {
            id: 7,
            uid: "fe3kq9x2abcde",
            title: "Infrastructure",
            parent_uid: None,
        },
        Folder {
            id: 9,
            uid: "ab12cd34ef",
            title: "Payments",
            parent_uid: Some("fe3kq9x2abcde"),
        },
        Folder {
            id: 11,
            uid: "apps0001",
            title: "Applications",
            parent_uid: None,
        },
        Folder {
            id: 12,
            uid: "ops-jp",
            title: "運用チーム",
            parent_uid: None,
        },
        Folder {
            id: 13,
            uid: "renderer-lab",
            title: "Renderer Lab",
            parent_uid: None,
        },
    ]
}

/// Grafana derives slugs from titles; non-ASCII titles slug to an empty string, which Grafana
/// replaces by a hash, so we do the same with the uid.
pub fn slugify(title: &str, uid: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        uid.to_lowercase()
    } else {
        out
    }
}

/// One target of the demo data source. `delay_ms` is how long the query takes on the server;
/// `fault` makes it fail (`500`) or never answer (`hang`).
fn target(delay_ms: u64, fault: Option<&str>) -> Value {
    let mut t = json!({
        "refId": "A",
        "datasource": { "type": "grafana-testdata-datasource", "uid": "demo-testdata" },
        "scenarioId": "random_walk",
        "delayMs": delay_ms
    });
    if let Some(f) = fault {
        t["fault"] = json!(f);
    }
    t
}

fn panel(id: i64, kind: &str, title: &str, grid: (i64, i64, i64, i64), delay_ms: u64) -> Value {
    let (x, y, w, h) = grid;
    let mut p = json!({
        "id": id,
        "type": kind,
        "title": title,
        "datasource": { "type": "grafana-testdata-datasource", "uid": "demo-testdata" },
        "gridPos": { "h": h, "w": w, "x": x, "y": y },
        "targets": [target(delay_ms, None)],
        "fieldConfig": { "defaults": { "unit": if kind == "stat" { "reqps" } else { "s" } }, "overrides": [] },
        "options": {}
    });
    if kind == "text" {
        p["options"] = json!({ "mode": "markdown", "content": format!("**{title}** — notes for the team. 注記") });
        p["targets"] = json!([]);
    }
    p
}

fn row(id: i64, title: &str, y: i64, collapsed: bool, children: Vec<Value>) -> Value {
    json!({
        "id": id,
        "type": "row",
        "title": title,
        "collapsed": collapsed,
        "gridPos": { "h": 1, "w": 24, "x": 0, "y": y },
        "panels": children
    })
}

fn custom_var(name: &str, label: &str, options: &[&str], current: &[&str], multi: bool) -> Value {
    let opts: Vec<Value> = options
        .iter()
        .map(|o| json!({ "text": o, "value": o, "selected": current.contains(o) }))
        .collect();
    let cur = if multi {
        json!({ "text": current, "value": current })
    } else {
        json!({ "text": current[0], "value": current[0] })
    };
    json!({
        "name": name,
        "label": label,
        "type": "custom",
        "query": options.join(","),
        "multi": multi,
        "includeAll": multi,
        "current": cur,
        "options": opts
    })
}

struct Spec {
    id: i64,
    uid: &'static str,
    title: &'static str,
    folder: Option<&'static str>,
    tags: &'static [&'static str],
    starred: bool,
    readiness: Readiness,
    timezone: &'static str,
    time: (&'static str, &'static str),
}

fn dashboard(spec: Spec, panels: Vec<Value>, variables: Vec<Value>) -> Dashboard {
    let slug = slugify(spec.title, spec.uid);
    let json = json!({
        "id": spec.id,
        "uid": spec.uid,
        "title": spec.title,
        "tags": spec.tags,
        "timezone": spec.timezone,
        "editable": true,
        "graphTooltip": 1,
        "refresh": "30s",
        "schemaVersion": 41,
        "version": 3,
        "time": { "from": spec.time.0, "to": spec.time.1 },
        "templating": { "list": variables },
        "panels": panels
    });
    Dashboard {
        id: spec.id,
        uid: spec.uid.to_string(),
        title: spec.title.to_string(),
        slug,
        folder_uid: spec.folder,
        tags: spec.tags.iter().map(|t| t.to_string()).collect(),
        starred: spec.starred,
        readiness: spec.readiness,
        first_query_delay_ms: 0,
        counter_zero_at_start: false,
        ds_delay_ms: 0,
        overlay: None,
        v2: None,
        api_fault: None,
        api_version: "v1",
        json,
    }
}

fn simple_grid(first_id: i64, count: i64, kinds: &[&str], delay_ms: u64) -> Vec<Value> {
    (0..count)
        .map(|i| {
            let id = first_id + i;
            let kind = kinds[(i as usize) % kinds.len()];
            let (x, y) = ((i % 2) * 12, (i / 2) * 8);
            panel(
                id,
                kind,
                &format!("{} {}", title_for(kind), id),
                (x, y, 12, 8),
                delay_ms + (i as u64 % 3) * 150,
            )
        })
        .collect()
}

fn title_for(kind: &str) -> &'static str {
    match kind {
        "stat" => "Throughput",
        "table" => "Top endpoints",
        "text" => "Notes",
        _ => "Latency",
    }
}

fn api_latency() -> Dashboard {
    let panels = vec![
        row(10, "Overview", 0, false, vec![]),
        panel(2, "timeseries", "p95 latency", (0, 1, 12, 8), 400),
        {
            let mut p = panel(3, "stat", "Requests / s ($service)", (12, 1, 6, 8), 300);
            p["repeat"] = json!("service");
            p["repeatDirection"] = json!("h");
            p["maxPerRow"] = json!(4);
            p
        },
        json!({
            "id": 4,
            "gridPos": { "h": 6, "w": 8, "x": 0, "y": 9 },
            "libraryPanel": { "uid": "lib-error-budget", "name": "Error budget" }
        }),
        row(
            11,
            "Details",
            15,
            true,
            vec![
                {
                    let mut p = panel(5, "table", "Slowest endpoints", (0, 16, 24, 10), 500);
                    p["targets"][0]["format"] = json!("table");
                    // Two queries: two data frames in one answer.
                    let mut second = p["targets"][0].clone();
                    second["refId"] = json!("B");
                    if let Some(t) = p["targets"].as_array_mut() {
                        t.push(second);
                    }
                    p
                },
                panel(6, "text", "Notes", (0, 26, 24, 4), 0),
            ],
        ),
    ];
    let vars = vec![
        json!({
            "name": "datasource",
            "type": "datasource",
            "query": "prometheus",
            "current": { "text": "Prometheus", "value": "PBFA97CFB590B2093" },
            "options": []
        }),
        {
            let mut v = custom_var(
                "service",
                "Service",
                &["checkout", "cart", "search", "auth"],
                &["checkout", "cart"],
                true,
            );
            v["type"] = json!("query");
            v["datasource"] = json!({ "type": "prometheus", "uid": "${datasource}" });
            v["definition"] = json!("label_values(http_requests_total, service)");
            v["query"] =
                json!({ "query": "label_values(http_requests_total, service)", "refId": "A" });
            v["refresh"] = json!(1);
            v
        },
    ];
    let mut d = dashboard(
        Spec {
            id: 52,
            uid: "b7c1f0e2-api-latency",
            title: "API Latency",
            folder: Some("ab12cd34ef"),
            tags: &["api"],
            starred: false,
            readiness: Readiness::Scenes,
            timezone: "browser",
            time: ("now-6h", "now"),
        },
        panels,
        vars,
    );
    d.json["version"] = json!(14);
    d
}

fn generated(
    id: i64,
    uid: String,
    title: String,
    folder: Option<&'static str>,
    tags: Vec<String>,
) -> Dashboard {
    let panels = simple_grid(1, 4, &["timeseries", "stat", "timeseries", "table"], 100);
    let mut d = dashboard(
        Spec {
            id,
            uid: "generated",
            title: "generated",
            folder,
            tags: &[],
            starred: false,
            readiness: Readiness::Scenes,
            timezone: "utc",
            time: ("now-1h", "now"),
        },
        panels,
        vec![],
    );
    d.slug = slugify(&title, &uid);
    d.json["uid"] = json!(uid);
    d.json["title"] = json!(title);
    d.json["tags"] = json!(tags);
    d.uid = uid;
    d.title = title;
    d.tags = tags;
    d
}

/// Every seeded dashboard plus `many` generated ones for scale tests.
pub fn dashboards(many: usize) -> Vec<Dashboard> {
    let mut out = vec![
        api_latency(),
        dashboard(
            Spec {
                id: 41,
                uid: "node-exporter-full",
                title: "Node Exporter Full",
                folder: Some("fe3kq9x2abcde"),
                tags: &["linux", "prometheus"],
                starred: true,
                readiness: Readiness::Scenes,
                timezone: "utc",
                time: ("now-24h", "now"),
            },
            {
                let mut p = vec![row(20, "CPU", 0, false, vec![])];
                p.extend(
                    simple_grid(1, 4, &["timeseries", "stat"], 200)
                        .into_iter()
                        .map(|mut v| {
                            v["gridPos"]["y"] = json!(v["gridPos"]["y"].as_i64().unwrap_or(0) + 1);
                            v
                        }),
                );
                p.push(row(
                    21,
                    "Memory",
                    17,
                    true,
                    simple_grid(5, 2, &["timeseries"], 200),
                ));
                p
            },
            vec![custom_var(
                "instance",
                "Instance",
                &["web-1", "web-2", "db-1"],
                &["web-1"],
                false,
            )],
        ),
        dashboard(
            Spec {
                id: 60,
                uid: "classic-overview",
                title: "Classic Overview",
                folder: Some("apps0001"),
                tags: &["classic", "renderer"],
                starred: false,
                readiness: Readiness::Classic,
                timezone: "utc",
                time: ("now-6h", "now"),
            },
            simple_grid(1, 4, &["timeseries", "stat", "table", "text"], 600),
            vec![],
        ),
        dashboard(
            Spec {
                id: 61,
                uid: "binding-overview",
                title: "Render Binding Overview",
                folder: Some("renderer-lab"),
                tags: &["renderer", "grafana-13"],
                starred: false,
                readiness: Readiness::Binding,
                timezone: "utc",
                time: ("now-6h", "now"),
            },
            simple_grid(1, 4, &["timeseries", "stat", "table", "timeseries"], 600),
            vec![],
        ),
        {
            let mut d = dashboard(
                Spec {
                    id: 62,
                    uid: "late-queries",
                    title: "Late Queries",
                    folder: Some("renderer-lab"),
                    tags: &["renderer"],
                    starred: false,
                    readiness: Readiness::Scenes,
                    timezone: "utc",
                    time: ("now-6h", "now"),
                },
                simple_grid(1, 2, &["timeseries", "stat"], 300),
                vec![],
            );
            d.first_query_delay_ms = 1500;
            d
        },
        dashboard(
            Spec {
                id: 63,
                uid: "never-finishes",
                title: "Never Finishes",
                folder: Some("renderer-lab"),
                tags: &["renderer", "faults"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "utc",
                time: ("now-6h", "now"),
            },
            {
                let mut p = simple_grid(1, 1, &["timeseries"], 100);
                let mut stuck = panel(2, "timeseries", "Stuck query", (12, 0, 12, 8), 0);
                stuck["targets"] = json!([target(0, Some("hang"))]);
                p.push(stuck);
                p
            },
            vec![],
        ),
        dashboard(
            Spec {
                id: 64,
                uid: "panel-errors",
                title: "Panel Errors",
                folder: Some("renderer-lab"),
                tags: &["renderer", "faults"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "utc",
                time: ("now-6h", "now"),
            },
            {
                let mut p = simple_grid(1, 1, &["timeseries"], 100);
                let mut broken = panel(2, "timeseries", "Failing query", (12, 0, 12, 8), 100);
                broken["targets"] = json!([target(100, Some("ds_error"))]);
                p.push(broken);
                let mut down = panel(3, "timeseries", "Grafana fails", (0, 8, 12, 8), 101);
                down["targets"] = json!([target(101, Some("500"))]);
                p.push(down);
                let mut gone = panel(
                    4,
                    "timeseries",
                    "Grafana dies mid-query",
                    (12, 8, 12, 8),
                    102,
                );
                gone["targets"] = json!([target(102, Some("drop"))]);
                p.push(gone);
                p
            },
            vec![],
        ),
        dashboard(
            Spec {
                id: 65,
                uid: "eighty-panels",
                title: "Eighty Panels",
                folder: Some("fe3kq9x2abcde"),
                tags: &["scale"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "utc",
                time: ("now-3h", "now"),
            },
            (0..80)
                .map(|i| {
                    let kind = ["timeseries", "stat", "timeseries", "table"][i % 4];
                    let id = i as i64 + 1;
                    panel(
                        id,
                        kind,
                        &format!("Series {id:02}"),
                        ((id - 1) % 4 * 6, (id - 1) / 4 * 6, 6, 6),
                        50,
                    )
                })
                .collect(),
            vec![],
        ),
        dashboard(
            Spec {
                id: 66,
                uid: "tokyo-ops",
                title: "東京 サービス監視 📈",
                folder: Some("ops-jp"),
                tags: &["日本語", "ops"],
                starred: true,
                readiness: Readiness::Scenes,
                timezone: "Asia/Tokyo",
                time: ("now-12h", "now"),
            },
            vec![
                panel(1, "timeseries", "応答時間 (p95)", (0, 0, 12, 8), 200),
                panel(2, "stat", "リクエスト数 🚀", (12, 0, 12, 8), 200),
                panel(3, "text", "お知らせ", (0, 8, 24, 4), 0),
            ],
            vec![],
        ),
        dashboard(
            Spec {
                id: 67,
                uid: "trading-desk",
                title: "Trading Desk",
                folder: Some("apps0001"),
                tags: &["finance"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "America/New_York",
                time: ("now-2d", "now"),
            },
            simple_grid(1, 3, &["timeseries", "stat", "timeseries"], 300),
            vec![],
        ),
        dashboard(
            Spec {
                id: 68,
                uid: "variables-showcase",
                title: "Variables Showcase",
                folder: Some("apps0001"),
                tags: &["variables"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "browser",
                time: ("now-6h", "now"),
            },
            simple_grid(1, 2, &["timeseries", "stat"], 200),
            vec![
                custom_var(
                    "env",
                    "Environment",
                    &["prod", "staging", "dev"],
                    &["prod"],
                    false,
                ),
                {
                    let mut v = custom_var(
                        "region",
                        "Region",
                        &["eu-west-1", "us-east-1", "ap-northeast-1"],
                        &["eu-west-1", "us-east-1"],
                        true,
                    );
                    v["type"] = json!("query");
                    v["definition"] = json!("label_values(up, region)");
                    v
                },
                json!({ "name": "threshold", "label": "Threshold", "type": "textbox", "query": "250", "current": { "text": "250", "value": "250" }, "options": [] }),
            ],
        ),
        dashboard(
            Spec {
                id: 69,
                uid: "home-overview",
                title: "Home Overview",
                folder: None,
                tags: &[],
                starred: true,
                readiness: Readiness::Scenes,
                timezone: "",
                time: ("now-6h", "now"),
            },
            simple_grid(1, 2, &["stat", "timeseries"], 100),
            vec![],
        ),
        dashboard(
            Spec {
                id: 70,
                uid: "long-scroll",
                title: "Long Scroll",
                folder: Some("renderer-lab"),
                tags: &["renderer", "lazy"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "utc",
                time: ("now-6h", "now"),
            },
            simple_grid(1, 16, &["timeseries", "stat"], 150),
            vec![],
        ),
        dashboard(
            Spec {
                id: 71,
                uid: "payments-funnel",
                title: "Payments Funnel",
                folder: Some("ab12cd34ef"),
                tags: &["payments", "business"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "Europe/Berlin",
                time: ("now-7d", "now"),
            },
            simple_grid(1, 3, &["stat", "timeseries", "table"], 250),
            vec![],
        ),
        dashboard(
            Spec {
                id: 72,
                uid: "k8s-cluster",
                title: "Kubernetes Cluster",
                folder: Some("fe3kq9x2abcde"),
                tags: &["kubernetes", "prometheus"],
                starred: false,
                readiness: Readiness::Classic,
                timezone: "utc",
                time: ("now-1h", "now"),
            },
            simple_grid(1, 6, &["timeseries", "stat", "timeseries"], 200),
            vec![],
        ),
        dashboard(
            Spec {
                id: 73,
                uid: "slow-panels",
                title: "Slow Panels",
                folder: Some("renderer-lab"),
                tags: &["renderer", "slow"],
                starred: false,
                readiness: Readiness::Scenes,
                timezone: "utc",
                time: ("now-6h", "now"),
            },
            simple_grid(1, 2, &["timeseries", "stat"], 2700),
            vec![],
        ),
        {
            let mut d = dashboard(
                Spec {
                    id: 74,
                    uid: "schema-v2-demo",
                    title: "Schema v2 Dashboard",
                    folder: Some("apps0001"),
                    tags: &["v2"],
                    starred: false,
                    readiness: Readiness::Binding,
                    timezone: "utc",
                    time: ("now-6h", "now"),
                },
                simple_grid(1, 2, &["timeseries", "stat"], 200),
                vec![],
            );
            d.api_version = "v2beta1";
            d.v2 = Some(crate::seed_v2::resource(
                "schema-v2-demo",
                "Schema v2 Dashboard",
            ));
            d
        },
        zero_counter_late(),
        readiness_lab(),
        {
            let mut d = dashboard(
                Spec {
                    id: 75,
                    uid: "broken-json",
                    title: "Broken JSON",
                    folder: Some("renderer-lab"),
                    tags: &["faults"],
                    starred: false,
                    readiness: Readiness::Scenes,
                    timezone: "utc",
                    time: ("now-6h", "now"),
                },
                simple_grid(1, 1, &["timeseries"], 0),
                vec![],
            );
            d.api_fault = Some(ApiFault::Malformed);
            d
        },
        duplicate_ids(),
        real_scenes(80, "real-scenes", "Real Scenes", 0),
        real_scenes(
            81,
            "real-scenes-late-ds-300",
            "Real Scenes, data source 0.3 s late",
            300,
        ),
        real_scenes(
            82,
            "real-scenes-late-ds-1800",
            "Real Scenes, data source 1.8 s late",
            1800,
        ),
        real_scenes(
            83,
            "real-scenes-late-ds-4000",
            "Real Scenes, data source 4 s late",
            4000,
        ),
        real_scenes(
            87,
            "real-scenes-late-ds-6500",
            "Real Scenes, data source 6.5 s late",
            6500,
        ),
        {
            let mut d = real_scenes(85, "real-scenes-splash", "Real Scenes, What's new modal", 0);
            d.overlay = Some("splash");
            d
        },
        {
            let mut d = real_scenes(86, "real-scenes-banner", "Real Scenes, fixed banner", 0);
            d.overlay = Some("banner");
            d
        },
        {
            // Twelve panels in six rows of the grid: most start below the fold, lazily.
            let mut d = real_scenes(89, "real-scenes-long", "Real Scenes, twelve panels", 0);
            d.json["panels"] = json!(
                (0..12)
                    .map(|i| panel(
                        i + 1,
                        "timeseries",
                        &format!("Series {}", i + 1),
                        ((i % 2) * 12, (i / 2) * 8, 12, 8),
                        100
                    ))
                    .collect::<Vec<_>>()
            );
            d
        },
        {
            // Loki-style query splitting: three requests in a row, the panel Streaming between
            // them, each merge taking 300 ms.
            let mut d = real_scenes(88, "real-scenes-split", "Real Scenes, query in 3 parts", 0);
            let mut t = target(150, None);
            t["splitParts"] = json!(3);
            t["splitGapMs"] = json!(300);
            d.json["panels"][0]["targets"] = json!([t]);
            d
        },
        {
            // A query Grafana never answers: the panel must time out, never be exported empty.
            let mut d = real_scenes(
                84,
                "real-scenes-hang",
                "Real Scenes, query never answers",
                0,
            );
            d.json["panels"][0]["targets"] = json!([target(0, Some("hang"))]);
            d
        },
        real_scenes_rows(),
        {
            // Schema v2 on the real-library page: tabs (only the first is drawn), rows, an auto
            // grid and a library panel, served at every v2 version the server offers.
            let mut d = real_scenes(91, "real-scenes-v2", "Real Scenes, schema v2 tabs", 0);
            d.api_version = "v2beta1";
            d.v2 = Some(crate::seed_v2::resource(
                "real-scenes-v2",
                "Real Scenes, schema v2 tabs",
            ));
            d
        },
    ];
    let folders = ["fe3kq9x2abcde", "apps0001", "ab12cd34ef", "renderer-lab"];
    for i in 0..many {
        out.push(generated(
            10_000 + i as i64,
            format!("gen-{i:05}"),
            format!("Generated Service {i:05}"),
            Some(folders[i % folders.len()]),
            vec![format!("team-{}", i % 7), "generated".to_string()],
        ));
    }
    out
}

/// A dashboard drawn by Grafana's published libraries (scenes/): a time series whose query
/// takes 200 ms, a time series saved without `targets` (Grafana still runs one query, see
/// scenes/src/main.tsx `dataFor`) and a text panel, with the data source's plugin module
/// loading `ds_delay_ms` late.
fn real_scenes(id: i64, uid: &'static str, title: &'static str, ds_delay_ms: u64) -> Dashboard {
    let mut no_targets = panel(2, "timeseries", "No targets", (12, 0, 12, 8), 0);
    if let Some(p) = no_targets.as_object_mut() {
        p.remove("targets");
        p.remove("datasource");
    }
    let mut d = dashboard(
        Spec {
            id,
            uid,
            title,
            folder: Some("renderer-lab"),
            tags: &["scenes", "real"],
            starred: false,
            readiness: Readiness::Scenes,
            timezone: "utc",
            time: ("now-6h", "now"),
        },
        vec![
            panel(1, "timeseries", "Latency", (0, 0, 12, 8), 200),
            no_targets,
            panel(3, "text", "Notes", (0, 8, 24, 4), 0),
        ],
        vec![],
    );
    d.ds_delay_ms = ds_delay_ms;
    d
}

/// Rows on the real-library page, as Grafana's scene builder reads a v1 save model: a panel
/// above any row, an expanded row owning the panels after it (one a library panel), and a
/// collapsed row holding its panels inside itself — on the dashboard they are never drawn and
/// never query; each still exports alone.
fn real_scenes_rows() -> Dashboard {
    let mut d = real_scenes(90, "real-scenes-rows", "Real Scenes, rows", 0);
    let library = |id: i64, grid: (i64, i64, i64, i64)| {
        json!({
            "id": id, "gridPos": { "x": grid.0, "y": grid.1, "w": grid.2, "h": grid.3 },
            "libraryPanel": { "uid": "lib-error-budget", "name": "Error budget" }
        })
    };
    d.json["panels"] = json!([
        panel(1, "timeseries", "Overview", (0, 0, 24, 6), 100),
        row(2, "Traffic", 6, false, vec![]),
        panel(3, "timeseries", "Requests", (0, 7, 12, 8), 150),
        library(4, (12, 7, 12, 8)),
        row(
            5,
            "Details",
            15,
            true,
            vec![
                panel(6, "timeseries", "Hidden latency", (0, 16, 12, 8), 100),
                library(7, (12, 16, 12, 8)),
            ]
        ),
    ]);
    d
}

/// Two panels saved with the same id (a copied panel JSON, an import): Grafana's page gives the
/// second the next free id (`ensurePanelsHaveUniqueIds`, see demo-app.js), so only that id
/// reaches it. The first draws a time series, the second is text.
fn duplicate_ids() -> Dashboard {
    dashboard(
        Spec {
            id: 78,
            uid: "duplicate-ids",
            title: "Duplicate Ids",
            folder: Some("renderer-lab"),
            tags: &["faults"],
            starred: false,
            readiness: Readiness::Scenes,
            timezone: "utc",
            time: ("now-6h", "now"),
        },
        vec![
            panel(2, "timeseries", "First two", (0, 0, 12, 8), 0),
            panel(2, "text", "Second two", (12, 0, 12, 8), 0),
            panel(5, "stat", "Five", (0, 8, 12, 8), 0),
        ],
        vec![],
    )
}

/// Late first query on a page whose counter reads 0 from the start: Panelshot captured the
/// spinner here before its readiness knew what the panel needs.
fn zero_counter_late() -> Dashboard {
    let mut d = dashboard(
        Spec {
            id: 76,
            uid: "zero-counter-late",
            title: "Zero Counter, Late Query",
            folder: Some("renderer-lab"),
            tags: &["renderer"],
            starred: false,
            readiness: Readiness::Scenes,
            timezone: "utc",
            time: ("now-6h", "now"),
        },
        simple_grid(1, 2, &["timeseries", "stat"], 200),
        vec![],
    );
    d.counter_zero_at_start = true;
    d.first_query_delay_ms = 1800;
    d
}

/// Every readiness case of the reference's §6, one panel each, on a page whose counter reads 0
/// from the start and that runs a variable query before its panels' queries.
fn readiness_lab() -> Dashboard {
    let g = |x: i64, y: i64| (x, y, 8, 8);
    let mut reuse = panel(2, "stat", "Reuses panel 1", g(8, 0), 0);
    // The `-- Dashboard --` data source: the results of panel 1's queries (Grafana's
    // `SHARED_DASHBOARD_QUERY`; the query names the source by `panelId`).
    reuse["datasource"] = json!({ "type": "datasource", "uid": "-- Dashboard --" });
    reuse["targets"] = json!([{ "refId": "A", "datasource": { "type": "datasource", "uid": "-- Dashboard --" }, "panelId": 1 }]);
    let library = json!({
        "id": 3, "gridPos": { "h": 8, "w": 8, "x": 16, "y": 0 },
        "libraryPanel": { "uid": "lib-error-budget", "name": "Error budget" }
    });
    let mut cancelled = panel(5, "timeseries", "Cancelled and restarted", g(8, 8), 100);
    cancelled["targets"][0]["cancelOnceAfterMs"] = json!(80);
    let mut empty = panel(6, "timeseries", "Legitimately empty", g(16, 8), 100);
    empty["targets"][0]["scenarioId"] = json!("no_data_points");
    let mut stream = panel(7, "timeseries", "Streaming", g(0, 16), 100);
    stream["targets"][0]["scenarioId"] = json!("streaming");
    let mut never = panel(8, "timeseries", "Query never starts", g(8, 16), 0);
    // The panel's query never begins: its data source's plugin module never finishes loading.
    never["datasource"] = json!({ "type": "grafana-testdata-datasource", "uid": "never-loads" });
    never["targets"][0]["datasource"] = never["datasource"].clone();
    let mut repeated = panel(9, "stat", "Requests $region", (16, 16, 4, 8), 100);
    repeated["repeat"] = json!("region");
    repeated["repeatDirection"] = json!("h");
    let mut service = custom_var(
        "service",
        "Service",
        &["checkout", "cart"],
        &["checkout"],
        false,
    );
    service["type"] = json!("query");
    service["datasource"] =
        json!({ "type": "grafana-testdata-datasource", "uid": "demo-testdata" });
    service["refresh"] = json!(1);
    let mut d = dashboard(
        Spec {
            id: 77,
            uid: "readiness-lab",
            title: "Readiness Lab",
            folder: Some("renderer-lab"),
            tags: &["renderer"],
            starred: false,
            readiness: Readiness::Scenes,
            timezone: "utc",
            time: ("now-6h", "now"),
        },
        vec![
            panel(1, "timeseries", "Plain query", g(0, 0), 150),
            reuse,
            library,
            panel(4, "text", "Notes", g(0, 8), 0),
            cancelled,
            empty,
            stream,
            never,
            repeated,
        ],
        vec![
            service,
            custom_var(
                "region",
                "Region",
                &["eu", "us", "apac"],
                &["eu", "us"],
                true,
            ),
        ],
    );
    d.counter_zero_at_start = true;
    // Grafana's page: the data source's module takes a second to load, so the counter reads
    // 0 for that long after the annotation query and before the variable's and panels' queries.
    d.ds_delay_ms = 1000;
    d
}

/// The library panel referenced by `API Latency` panel 4, as `/api/library-elements/:uid` serves it.
pub fn library_panels() -> Vec<Value> {
    vec![json!({
        "uid": "lib-error-budget",
        "name": "Error budget",
        "kind": 1,
        "type": "gauge",
        "model": {
            "type": "gauge",
            "title": "Error budget",
            "datasource": { "type": "grafana-testdata-datasource", "uid": "demo-testdata" },
            "targets": [target(200, None)]
        }
    })]
}
