//! The "third-party" origin a text panel loads an image from. Any credential that reaches it is
//! a leak and is recorded.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::Shared;
use crate::reqlog::LeakRecord;

const BADGE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32"><rect width="120" height="32" rx="6" fill="#3d71d9"/><text x="60" y="21" font-family="sans-serif" font-size="13" fill="#fff" text-anchor="middle">status: OK</text></svg>"##;

async fn asset(State(state): State<Shared>, req: Request) -> impl IntoResponse {
    let path = req.uri().path().to_string();
    state.log.count_third_party_hit();
    if req.headers().contains_key(header::AUTHORIZATION) {
        state.log.push_leak(LeakRecord {
            path: path.clone(),
            header: "authorization".into(),
        });
    }
    if req.headers().contains_key(header::COOKIE) {
        state.log.push_leak(LeakRecord {
            path,
            header: "cookie".into(),
        });
    }
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        BADGE_SVG,
    )
}

pub fn router(state: Shared) -> Router {
    Router::new().fallback(get(asset)).with_state(state)
}
