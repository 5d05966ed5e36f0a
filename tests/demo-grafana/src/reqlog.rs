//! What the server saw, for tests: every request with whether it carried credentials, and every
//! request to the second origin that carried them (a leak).

use std::sync::Mutex;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::{Fault, Shared};

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub query: String,
    /// `bearer`, `basic`, `session` or `none`.
    pub auth: String,
    pub status: u16,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct LeakRecord {
    pub path: String,
    /// Which credential header arrived: `authorization` or `cookie`.
    pub header: String,
}

#[derive(Default)]
pub struct RequestLog {
    requests: Mutex<Vec<RequestRecord>>,
    leaks: Mutex<Vec<LeakRecord>>,
    third_party_hits: std::sync::atomic::AtomicUsize,
}

impl RequestLog {
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
    pub fn leaks(&self) -> Vec<LeakRecord> {
        self.leaks.lock().map(|r| r.clone()).unwrap_or_default()
    }
    /// Requests that reached the second origin, with or without credentials.
    pub fn third_party_hits(&self) -> usize {
        self.third_party_hits
            .load(std::sync::atomic::Ordering::SeqCst)
    }
    pub fn count_third_party_hit(&self) {
        self.third_party_hits
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    pub fn push_leak(&self, leak: LeakRecord) {
        if let Ok(mut l) = self.leaks.lock() {
            l.push(leak);
        }
    }
    fn push(&self, rec: RequestRecord) {
        if let Ok(mut r) = self.requests.lock() {
            // Bounded so a long `make run` session does not grow without end.
            if r.len() >= 100_000 {
                r.drain(..50_000);
            }
            r.push(rec);
        }
    }
}

/// Which kind of credential a request carries, whether or not it is valid.
pub fn auth_kind(headers: &axum::http::HeaderMap) -> &'static str {
    if let Some(v) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if v.starts_with("Bearer ") {
            return "bearer";
        }
        if v.starts_with("Basic ") {
            return "basic";
        }
        return "other";
    }
    let has_session = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.contains("grafana_session="));
    if has_session { "session" } else { "none" }
}

pub async fn record(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let auth = auth_kind(req.headers()).to_string();
    let res = next.run(req).await;
    if !path.starts_with("/__demo/") {
        state.log.push(RequestRecord {
            method,
            path,
            query,
            auth,
            status: res.status().as_u16(),
        });
    }
    res
}

async fn requests(State(state): State<Shared>) -> impl IntoResponse {
    Json(state.log.requests())
}

async fn leaks(State(state): State<Shared>) -> impl IntoResponse {
    Json(state.log.leaks())
}

async fn third_party(State(state): State<Shared>) -> impl IntoResponse {
    Json(serde_json::json!({ "hits": state.log.third_party_hits() }))
}

async fn set_fault(State(state): State<Shared>, Json(fault): Json<Fault>) -> impl IntoResponse {
    if let Ok(mut f) = state.fault.lock() {
        *f = fault;
    }
    Json(fault)
}

/// Test-only introspection; not part of Grafana, so not behind its auth.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/__demo/requests", get(requests))
        .route("/__demo/leaks", get(leaks))
        .route("/__demo/third-party", get(third_party))
        .route("/__demo/fault", post(set_fault))
}
