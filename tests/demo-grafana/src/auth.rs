//! Grafana's auth as Panelshot meets it: service-account bearer tokens, basic auth and a session
//! cookie from `/login`. `/api/*` answers 401/403 JSON, pages redirect to `/login`.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use crate::Shared;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    ServiceAccount,
    User,
}

enum Verdict {
    Ok(Identity),
    NoAccess,
    Denied,
    /// A known session due for rotation (grafana `pkg/services/authn/errors.go`
    /// `ErrTokenNeedsRotation`, messageId `session.token.rotate`).
    Rotate,
}

pub(crate) fn session_from_cookies(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie(headers, "grafana_session")
}

/// The value of cookie `name` in a request.
pub(crate) fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn verdict(state: &Shared, headers: &axum::http::HeaderMap) -> Verdict {
    let cfg = &state.config;
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(token) = value.strip_prefix("Bearer ") {
            return if token == cfg.token {
                Verdict::Ok(Identity::ServiceAccount)
            } else if token == cfg.no_access_token {
                Verdict::NoAccess
            } else {
                Verdict::Denied
            };
        }
        if let Some(b64) = value.strip_prefix("Basic ") {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .unwrap_or_default();
            let expected = format!("{}:{}", cfg.user, cfg.password);
            return if decoded == expected.as_bytes() {
                Verdict::Ok(Identity::User)
            } else {
                Verdict::Denied
            };
        }
        return Verdict::Denied;
    }
    if let Some(sid) = session_from_cookies(headers) {
        let known = state
            .sessions
            .lock()
            .map(|s| s.contains(&sid))
            .unwrap_or(false);
        let stale = state
            .stale_sessions
            .lock()
            .map(|s| s.contains(&sid))
            .unwrap_or(false);
        if known && stale {
            return Verdict::Rotate;
        }
        if known {
            return Verdict::Ok(Identity::User);
        }
    }
    Verdict::Denied
}

pub async fn require(State(state): State<Shared>, mut req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    match verdict(&state, req.headers()) {
        Verdict::Ok(identity) => {
            req.extensions_mut().insert(identity);
            let sid = session_from_cookies(req.headers());
            let res = next.run(req).await;
            // The rotation interval passing while a page loads: its own API calls then meet
            // `session.token.rotate` (`Running::sessions_due_after_next_page`).
            if !is_api
                && let Some(sid) = sid
                && state
                    .rotate_after_page
                    .swap(false, std::sync::atomic::Ordering::SeqCst)
                && let Ok(mut stale) = state.stale_sessions.lock()
            {
                stale.push(sid);
            }
            res
        }
        Verdict::NoAccess if is_api => (
            StatusCode::FORBIDDEN,
            Json(json!({ "message": "You'll need additional permissions to perform this action. Permissions needed: dashboards:read" })),
        )
            .into_response(),
        Verdict::NoAccess => (StatusCode::FORBIDDEN, "Access denied").into_response(),
        Verdict::Denied if is_api => {
            (StatusCode::UNAUTHORIZED, Json(json!({ "message": "Unauthorized" }))).into_response()
        }
        Verdict::Denied => (StatusCode::FOUND, [(header::LOCATION, "/login")]).into_response(),
        // Grafana's API asks the front end to rotate (it then POSTs
        // `/api/user/auth-tokens/rotate`, `backend_srv.ts` `rotateToken`); a page load is sent
        // through `/user/auth-tokens/rotate?redirectTo=…`, which rotates and comes back.
        Verdict::Rotate if is_api => (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "message": "token needs to be rotated", "messageId": "session.token.rotate", "statusCode": 401 })),
        )
            .into_response(),
        Verdict::Rotate => {
            let back = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            let to: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
            (
                StatusCode::FOUND,
                [(header::LOCATION, format!("/user/auth-tokens/rotate?redirectTo={to}"))],
            )
                .into_response()
        }
    }
}

/// Swaps a known session (due or not) for a new one, as Grafana's rotation does; the old one
/// stops working. `None` for an unknown or ended session.
pub fn rotate(state: &Shared, headers: &axum::http::HeaderMap) -> Option<String> {
    let old = session_from_cookies(headers)?;
    let mut sessions = state.sessions.lock().ok()?;
    let at = sessions.iter().position(|s| *s == old)?;
    let new = new_session_id();
    sessions[at] = new.clone();
    if let Ok(mut stale) = state.stale_sessions.lock() {
        stale.retain(|s| *s != old);
    }
    Some(new)
}

fn new_session_id() -> String {
    use rand::Rng;
    (0..32)
        .map(|_| format!("{:x}", rand::rng().random_range(0..16u8)))
        .collect()
}

/// The cookie a sign-in or a rotation sets.
pub fn session_cookie(sid: &str) -> String {
    format!("grafana_session={sid}; Path=/; HttpOnly; SameSite=Lax")
}

/// Checks a login form and returns a new session id.
pub fn login(state: &Shared, user: &str, password: &str) -> Option<String> {
    if user != state.config.user || password != state.config.password {
        return None;
    }
    Some(new_session(state))
}

/// A new signed-in session (a login form, or single sign-on).
pub fn new_session(state: &Shared) -> String {
    let sid = new_session_id();
    if let Ok(mut s) = state.sessions.lock() {
        s.push(sid.clone());
    }
    sid
}
