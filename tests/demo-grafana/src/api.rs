//! The `/api/*` routes, with Grafana's field names (reference §5.2 and §5.6).

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

use crate::auth::Identity;
use crate::seed::{ApiFault, Dashboard};
use crate::{Fault, Shared};

fn not_found(what: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "message": format!("{what} not found") })),
    )
        .into_response()
}

/// Applies the server-wide fault, or the one a request asks for with `?__demo_fault=`.
async fn faults(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let asked = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("__demo_fault=")))
        .and_then(|f| f.parse::<Fault>().ok());
    match asked.unwrap_or_else(|| state.fault()) {
        Fault::None => next.run(req).await,
        Fault::Slow => {
            tokio::time::sleep(Duration::from_secs(2)).await;
            next.run(req).await
        }
        Fault::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "message": "Internal Server Error", "traceID": "" })),
        )
            .into_response(),
        Fault::Hang => std::future::pending::<Response>().await,
        Fault::Malformed => ([(header::CONTENT_TYPE, "application/json")], "{\"database\": \"ok\", \"vers").into_response(),
        Fault::Html => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>",
        )
            .into_response(),
    }
}

async fn health(State(state): State<Shared>) -> impl IntoResponse {
    Json(json!({
        "database": "ok",
        "version": state.config.version,
        "commit": "3fcdbc5a91e0c1d7b2aa0d8f6e1b2c3d4e5f6a7b"
    }))
}

async fn org() -> impl IntoResponse {
    Json(json!({ "id": 1, "name": "Main Org." }))
}

async fn user(State(state): State<Shared>, Extension(identity): Extension<Identity>) -> Response {
    match identity {
        // The User API is documented as not usable with service-account tokens.
        Identity::ServiceAccount => (
            StatusCode::FORBIDDEN,
            Json(json!({ "message": "the user API is not available to service accounts" })),
        )
            .into_response(),
        Identity::User => Json(json!({
            "id": 1,
            "email": "admin@localhost",
            "name": "",
            "login": state.config.user,
            "theme": "",
            "orgId": 1,
            "isGrafanaAdmin": true,
            "isDisabled": false,
            "isExternal": false,
            "authLabels": [],
            "updatedAt": "2026-06-20T16:02:11Z",
            "createdAt": "2025-11-02T09:14:31Z",
            "avatarUrl": "/avatar/46d229b033af06a191ff2267bca9ae56"
        }))
        .into_response(),
    }
}

async fn user_orgs(Extension(identity): Extension<Identity>) -> Response {
    match identity {
        Identity::ServiceAccount => (
            StatusCode::FORBIDDEN,
            Json(json!({ "message": "the user API is not available to service accounts" })),
        )
            .into_response(),
        Identity::User => {
            Json(json!([{ "orgId": 1, "name": "Main Org.", "role": "Admin" }])).into_response()
        }
    }
}

async fn frontend_settings(State(state): State<Shared>) -> impl IntoResponse {
    Json(json!({
        "appUrl": "",
        "appSubUrl": "",
        "defaultDatasource": "demo-testdata",
        "buildInfo": {
            "version": state.config.version,
            "commit": "3fcdbc5a91e0c1d7b2aa0d8f6e1b2c3d4e5f6a7b",
            "edition": "Open Source",
            "env": "production"
        },
        "featureToggles": { "dashboardSceneSolo": true, "reportRenderBinding": true }
    }))
}

/// Query parameters that Grafana accepts repeated (`tag=a&tag=b`) need the raw pairs.
fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

fn folder_fields(state: &Shared, d: &Dashboard, hit: &mut Value) {
    if let Some(f) = d.folder_uid.and_then(|uid| state.folder(uid)) {
        hit["folderId"] = json!(f.id);
        hit["folderUid"] = json!(f.uid);
        hit["folderTitle"] = json!(f.title);
        hit["folderUrl"] = json!(format!(
            "/dashboards/f/{}/{}",
            f.uid,
            crate::seed::slugify(f.title, f.uid)
        ));
    }
}

fn dashboard_hit(state: &Shared, d: &Dashboard) -> Value {
    let mut hit = json!({
        "id": d.id,
        "uid": d.uid,
        "orgId": 1,
        "title": d.title,
        "uri": format!("db/{}", d.slug),
        "url": format!("/d/{}/{}", d.uid, d.slug),
        "slug": "",
        "type": "dash-db",
        "tags": d.tags,
        "isStarred": d.starred,
        "sortMeta": 0
    });
    folder_fields(state, d, &mut hit);
    hit
}

async fn search(State(state): State<Shared>, req: Request) -> Response {
    let params = pairs(req.uri().query());
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let query = get("query").unwrap_or_default().to_lowercase();
    let tags: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "tag")
        .map(|(_, v)| v.clone())
        .collect();
    let folder_uids: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "folderUIDs" || k == "folderUid")
        .flat_map(|(_, v)| v.split(',').map(|s| s.to_string()).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect();
    let dash_uids: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "dashboardUIDs")
        .flat_map(|(_, v)| v.split(',').map(|s| s.to_string()).collect::<Vec<_>>())
        .collect();
    let starred = get("starred").map(|s| s == "true").unwrap_or(false);
    let kind = get("type");
    let limit = get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(1000)
        .clamp(1, 5000);
    let page = get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);

    let mut hits: Vec<(String, Value)> = Vec::new();
    if kind.as_deref() != Some("dash-db") && tags.is_empty() && !starred && dash_uids.is_empty() {
        for f in &state.folders {
            if !query.is_empty() && !f.title.to_lowercase().contains(&query) {
                continue;
            }
            if !folder_uids.is_empty()
                && !f
                    .parent_uid
                    .is_some_and(|p| folder_uids.iter().any(|u| u == p))
            {
                continue;
            }
            hits.push((
                f.title.to_lowercase(),
                json!({
                    "id": f.id, "uid": f.uid, "orgId": 1, "title": f.title,
                    "uri": format!("db/{}", crate::seed::slugify(f.title, f.uid)),
                    "url": format!("/dashboards/f/{}/{}", f.uid, crate::seed::slugify(f.title, f.uid)),
                    "slug": "", "type": "dash-folder", "tags": [], "isStarred": false, "sortMeta": 0
                }),
            ));
        }
    }
    if kind.as_deref() != Some("dash-folder") {
        for d in &state.dashboards {
            if !query.is_empty() && !d.title.to_lowercase().contains(&query) {
                continue;
            }
            if !tags.iter().all(|t| d.tags.contains(t)) {
                continue;
            }
            if starred && !d.starred {
                continue;
            }
            if !dash_uids.is_empty() && !dash_uids.contains(&d.uid) {
                continue;
            }
            if !folder_uids.is_empty() {
                let in_folder = match d.folder_uid {
                    Some(uid) => folder_uids.iter().any(|f| f == uid),
                    // Grafana names the root "general" in folder filters.
                    None => folder_uids.iter().any(|f| f == "general"),
                };
                if !in_folder {
                    continue;
                }
            }
            hits.push((d.title.to_lowercase(), dashboard_hit(&state, d)));
        }
    }
    hits.sort_by(|a, b| a.0.cmp(&b.0));
    let page_hits: Vec<Value> = hits
        .into_iter()
        .skip((page - 1) * limit)
        .take(limit)
        .map(|(_, v)| v)
        .collect();
    Json(page_hits).into_response()
}

async fn folders(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(1000)
        .max(1);
    let page = q
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let parent = q.get("parentUid").filter(|p| !p.is_empty());
    let list: Vec<Value> = state
        .folders
        .iter()
        .filter(|f| f.parent_uid == parent.map(|p| p.as_str()))
        .skip((page - 1) * limit)
        .take(limit)
        .map(|f| {
            let mut v = json!({ "id": f.id, "uid": f.uid, "title": f.title });
            if let Some(p) = f.parent_uid {
                v["parentUid"] = json!(p);
            }
            v
        })
        .collect();
    Json(list)
}

async fn folder(State(state): State<Shared>, Path(uid): Path<String>) -> Response {
    match state.folder(&uid) {
        Some(f) => Json(json!({
            "id": f.id, "uid": f.uid, "title": f.title,
            "url": format!("/dashboards/f/{}/{}", f.uid, crate::seed::slugify(f.title, f.uid)),
            "parentUid": f.parent_uid,
            "hasAcl": false, "canSave": true, "canEdit": true, "canAdmin": true, "canDelete": true,
            "version": 1
        }))
        .into_response(),
        None => not_found("folder"),
    }
}

async fn dashboard(State(state): State<Shared>, Path(uid): Path<String>) -> Response {
    let Some(d) = state.dashboard(&uid) else {
        return not_found("Dashboard");
    };
    if d.v2.is_some() {
        // Grafana 12+ (pkg/api/dashboard.go, GetDashboard): "v2 is not supported in /api".
        return (
            StatusCode::NOT_ACCEPTABLE,
            Json(json!({ "message": format!(
                "dashboard api version not supported, use /apis/dashboard.grafana.app/{}/namespaces/default/dashboards/{} instead",
                d.api_version, d.uid
            ) })),
        )
            .into_response();
    }
    if d.api_fault == Some(ApiFault::Malformed) {
        return (
            [(header::CONTENT_TYPE, "application/json")],
            "{\"meta\": {\"type\": \"db\"}, \"dashboard\": {\"panels\": [ {\"id\": 1,",
        )
            .into_response();
    }
    let mut meta = json!({
        "type": "db",
        "canSave": true, "canEdit": true, "canAdmin": false, "canStar": true, "canDelete": true,
        "slug": d.slug,
        "url": format!("/d/{}/{}", d.uid, d.slug),
        "expires": "0001-01-01T00:00:00Z",
        "created": "2025-11-02T09:14:31Z",
        "updated": "2026-06-20T16:02:11Z",
        "updatedBy": "sa-1-slides-exporter",
        "createdBy": "alice",
        "version": d.json["version"],
        "hasAcl": false,
        "isFolder": false,
        "folderId": 0,
        "folderUid": "",
        "folderTitle": "General",
        "folderUrl": "",
        "provisioned": false,
        "provisionedExternalId": "",
        "annotationsPermissions": {
            "dashboard": { "canAdd": true, "canEdit": true, "canDelete": true },
            "organization": { "canAdd": false, "canEdit": false, "canDelete": false }
        },
        "apiVersion": d.api_version
    });
    folder_fields(&state, d, &mut meta);
    Json(json!({ "meta": meta, "dashboard": d.json })).into_response()
}

/// The Kubernetes-style dashboard API; only schema-v2 dashboards are served here (the demo has
/// one organisation, so one namespace: `default`).
/// The schema-v2 versions this Grafana serves: `v2alpha1` and `v2beta1` from 12, and the stable
/// `v2` from 13 (grafana apps/dashboard/pkg/apis/dashboard, one folder per version).
fn v2_versions(state: &Shared) -> Vec<&'static str> {
    let major: u32 = state
        .config
        .version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let mut out = vec!["v2alpha1", "v2beta1"];
    if major >= 13 {
        out.push("v2");
    }
    out
}

/// Kubernetes API discovery for the dashboard group, as Grafana's app platform answers
/// `GET /apis/dashboard.grafana.app`: every served version, and the preferred one (`v1`).
async fn dashboard_group(State(state): State<Shared>) -> Response {
    let versions: Vec<Value> = ["v0alpha1", "v1"]
        .into_iter()
        .chain(v2_versions(&state))
        .map(|v| json!({ "groupVersion": format!("dashboard.grafana.app/{v}"), "version": v }))
        .collect();
    Json(json!({
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": "dashboard.grafana.app",
        "versions": versions,
        "preferredVersion": { "groupVersion": "dashboard.grafana.app/v1", "version": "v1" }
    }))
    .into_response()
}

async fn dashboard_resource(
    State(state): State<Shared>,
    Path((version, namespace, uid)): Path<(String, String, String)>,
) -> Response {
    let served = v2_versions(&state).contains(&version.as_str());
    match state.dashboard(&uid).and_then(|d| d.v2.as_ref()) {
        Some(v2) if namespace == "default" && served => {
            // The same dashboard at each version, labelled with the version asked for.
            let mut body = v2.clone();
            body["apiVersion"] = json!(format!("dashboard.grafana.app/{version}"));
            Json(body).into_response()
        }
        _ => not_found("dashboards.dashboard.grafana.app"),
    }
}

/// `GET /api/annotations` (grafana pkg/api/annotations.go): the demo has no annotations, and
/// answers with the empty list, as Grafana does for a dashboard without any.
async fn annotations() -> impl IntoResponse {
    Json(json!([]))
}

async fn tags(State(state): State<Shared>) -> impl IntoResponse {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for d in &state.dashboards {
        for t in &d.tags {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    Json(
        counts
            .into_iter()
            .map(|(term, count)| json!({ "term": term, "count": count }))
            .collect::<Vec<_>>(),
    )
}

async fn library_element(State(state): State<Shared>, Path(uid): Path<String>) -> Response {
    match state.library.iter().find(|l| l["uid"] == uid.as_str()) {
        Some(l) => Json(json!({ "result": l })).into_response(),
        None => not_found("library element"),
    }
}

/// A deterministic random walk so the same panel and range always draw the same line.
fn series(seed: u64, from: i64, to: i64, points: usize) -> (Vec<i64>, Vec<f64>) {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let step = ((to - from).max(1) as f64) / (points.max(2) - 1) as f64;
    let mut v = 50.0 + (seed % 40) as f64;
    let mut ts = Vec::with_capacity(points);
    let mut vs = Vec::with_capacity(points);
    for i in 0..points {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5;
        v = (v + r * 12.0).clamp(5.0, 140.0);
        ts.push(from + (step * i as f64) as i64);
        vs.push((v * 100.0).round() / 100.0);
    }
    (ts, vs)
}

fn epoch(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

async fn ds_query(State(state): State<Shared>, headers: HeaderMap, body: String) -> Response {
    state
        .query_bodies
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(body.clone());
    let json_ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json_ct {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "message": "bad request data", "messageId": "query.bad-request" })),
        )
            .into_response();
    }
    let Ok(req) = serde_json::from_str::<Value>(&body) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "message": "bad request data" })),
        )
            .into_response();
    };
    let queries = req["queries"].as_array().cloned().unwrap_or_default();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let to = epoch(&req["to"]).unwrap_or(now);
    let from = epoch(&req["from"]).unwrap_or(to - 6 * 3600 * 1000);
    let delay = queries
        .iter()
        .filter_map(|q| q["delayMs"].as_u64())
        .max()
        .unwrap_or(0);
    if queries.iter().any(|q| q["fault"] == "hang") {
        return std::future::pending::<Response>().await;
    }
    tokio::time::sleep(Duration::from_millis(delay.min(30_000))).await;
    // What Grafana answers when things fail (grafana `pkg/api/ds_query.go`): a data source's
    // own error is per query, and the request answers 400 (207 with the
    // `datasourceQueryMultiStatus` flag) from `toJsonStreamingResponse`; only a failure of
    // Grafana's query service itself is 500 "Query data error" (`handleQueryMetricsError`),
    // like a 502/503 from a proxy in front of it. A Grafana killed mid-query drops the
    // connection without an answer.
    if queries.iter().any(|q| q["fault"] == "ds_error") {
        let ref_id = queries[0]["refId"].as_str().unwrap_or("A");
        let mut results = serde_json::Map::new();
        results.insert(
            ref_id.to_string(),
            json!({
                "error": "upstream Prometheus answered 503 Service Unavailable",
                "errorSource": "downstream",
                "status": 503,
                "frames": []
            }),
        );
        return (StatusCode::BAD_REQUEST, Json(json!({ "results": results }))).into_response();
    }
    if queries.iter().any(|q| q["fault"] == "500") {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "message": "Query data error", "traceID": "" })),
        )
            .into_response();
    }
    if queries.iter().any(|q| q["fault"] == "drop") {
        // Headers go out, then the body fails: hyper resets the connection mid-answer.
        let body = axum::body::Body::from_stream(futures::stream::once(async {
            Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("killed"))
        }));
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    let mut results = serde_json::Map::new();
    for q in &queries {
        let ref_id = q["refId"].as_str().unwrap_or("A").to_string();
        if ref_id == "variable-query" {
            // A query variable's query (`label_values(…)`): one frame of names, which Scenes'
            // QueryVariable turns into its options (`toMetricFindValues`: the first string field).
            results.insert(
                ref_id.clone(),
                json!({ "status": 200, "frames": [{
                    "schema": { "refId": ref_id, "fields": [{ "name": "service", "type": "string" }] },
                    "data": { "values": [["checkout", "cart", "search", "auth"]] }
                }] }),
            );
            continue;
        }
        let seed = q["panelId"].as_u64().unwrap_or(1);
        // testdata's `no_data_points`: a real answer with nothing in it ("No data").
        let (ts, vs) = if q["scenarioId"] == "no_data_points" {
            (Vec::new(), Vec::new())
        } else {
            series(seed, from, to, 120)
        };
        results.insert(
            ref_id.clone(),
            json!({
                "status": 200,
                "frames": [{
                    "schema": {
                        "refId": ref_id,
                        "fields": [
                            { "name": "Time", "type": "time", "typeInfo": { "frame": "time.Time" } },
                            { "name": "Value", "type": "number", "typeInfo": { "frame": "float64" } }
                        ]
                    },
                    "data": { "values": [ts, vs] }
                }]
            }),
        );
    }
    Json(json!({ "results": results })).into_response()
}

/// Routes that need no credentials (as in Grafana).
pub fn public_routes(state: Shared) -> Router<Shared> {
    Router::new()
        .route("/api/health", get(health))
        .route_layer(axum::middleware::from_fn_with_state(state, faults))
}

pub fn routes(state: Shared) -> Router<Shared> {
    Router::new()
        .route("/api/org", get(org))
        .route("/api/org/", get(org))
        .route("/api/user", get(user))
        .route("/api/user/orgs", get(user_orgs))
        .route("/api/frontend/settings", get(frontend_settings))
        .route("/api/search", get(search))
        .route("/api/folders", get(folders))
        .route("/api/folders/{uid}", get(folder))
        .route("/api/dashboards/uid/{uid}", get(dashboard))
        .route("/apis/dashboard.grafana.app", get(dashboard_group))
        .route(
            "/apis/dashboard.grafana.app/{version}/namespaces/{namespace}/dashboards/{uid}",
            get(dashboard_resource),
        )
        .route("/api/dashboards/tags", get(tags))
        .route("/api/annotations", get(annotations))
        .route("/api/library-elements/{uid}", get(library_element))
        .route("/api/ds/query", post(ds_query))
        .route_layer(axum::middleware::from_fn_with_state(state, faults))
}
