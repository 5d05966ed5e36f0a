//! A minimal OpenID-Connect-style identity provider on its own origin (`http://localhost:PORT`,
//! another host name than the demo Grafana's `127.0.0.1`, as a real IdP is another site): the
//! authorization-code flow Grafana's Generic OAuth client drives (grafana
//! `pkg/login/social/connectors/generic_oauth.go` over `golang.org/x/oauth2`): `/authorize`
//! signs the person in (a form, or at once when the IdP "remembers" them, as an IdP with its
//! own session cookie does) and sends the browser back with a one-time code; `/token` swaps
//! the code for an access token (client id and secret as form fields or HTTP Basic, both of
//! which `x/oauth2`'s auto-detected auth style sends); `/userinfo` names the person. Any
//! Grafana session cookie that reaches it is recorded as a leak.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::{Form, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use crate::Shared;
use crate::reqlog::LeakRecord;

const LOGIN_HTML: &str = include_str!("assets/idp_login.html");

/// The IdP's side of the demo: its registered client (the demo Grafana) and what it issued.
pub struct Idp {
    pub client_id: String,
    pub client_secret: String,
    /// The one redirect address registered for the client (Grafana's `/login/generic_oauth`).
    pub redirect_uri: Mutex<String>,
    /// A person the IdP already has a session for: `/authorize` signs them in without a form.
    pub remembers: Mutex<Option<String>>,
    codes: Mutex<HashMap<String, String>>,
    tokens: Mutex<HashMap<String, String>>,
}

impl Idp {
    pub fn new() -> Idp {
        Idp {
            client_id: "demo-grafana".into(),
            client_secret: random_hex(32),
            redirect_uri: Mutex::new(String::new()),
            remembers: Mutex::new(None),
            codes: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        }
    }
    /// The client's registered redirect address.
    pub fn redirect(&self) -> String {
        self.redirect_uri
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
    fn issue_code(&self, user: &str) -> String {
        let code = random_hex(32);
        if let Ok(mut c) = self.codes.lock() {
            c.insert(code.clone(), user.to_string());
        }
        code
    }
}

impl Default for Idp {
    fn default() -> Self {
        Idp::new()
    }
}

pub fn random_hex(n: usize) -> String {
    use rand::Rng;
    (0..n)
        .map(|_| format!("{:x}", rand::rng().random_range(0..16u8)))
        .collect()
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
}

#[derive(Deserialize)]
struct AuthorizeForm {
    username: String,
    password: String,
    client_id: String,
    redirect_uri: String,
    state: String,
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A client and redirect the IdP does not know get an error page, never a redirect (an open
/// redirector would hand codes to anyone).
fn known_client(state: &Shared, client_id: &str, redirect_uri: &str) -> bool {
    client_id == state.idp.client_id && redirect_uri == state.idp.redirect()
}

fn back_with_code(redirect_uri: &str, code: &str, st: &str) -> Response {
    let mut to = url::Url::parse(redirect_uri).expect("registered redirect is a URL");
    to.query_pairs_mut()
        .append_pair("code", code)
        .append_pair("state", st);
    (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response()
}

fn login_page(client_id: &str, redirect_uri: &str, st: &str, error: &str) -> Html<String> {
    let fields = format!(
        "<input type=\"hidden\" name=\"client_id\" value=\"{}\"><input type=\"hidden\" name=\"redirect_uri\" value=\"{}\"><input type=\"hidden\" name=\"state\" value=\"{}\">",
        html_escape(client_id),
        html_escape(redirect_uri),
        html_escape(st)
    );
    Html(
        LOGIN_HTML
            .replace("<!--CLIENT-->", "Demo Grafana")
            .replace("<!--FIELDS-->", &fields)
            .replace("<!--ERROR-->", error),
    )
}

async fn authorize(State(state): State<Shared>, Query(q): Query<AuthorizeQuery>) -> Response {
    let (client_id, redirect_uri, st) = (
        q.client_id.unwrap_or_default(),
        q.redirect_uri.unwrap_or_default(),
        q.state.unwrap_or_default(),
    );
    if !known_client(&state, &client_id, &redirect_uri) {
        return (
            StatusCode::BAD_REQUEST,
            "invalid_request: unknown client or redirect_uri",
        )
            .into_response();
    }
    if q.response_type.as_deref() != Some("code") {
        return (StatusCode::BAD_REQUEST, "unsupported_response_type").into_response();
    }
    let remembered = state.idp.remembers.lock().ok().and_then(|r| r.clone());
    match remembered {
        Some(user) => back_with_code(&redirect_uri, &state.idp.issue_code(&user), &st),
        None => login_page(&client_id, &redirect_uri, &st, "").into_response(),
    }
}

async fn authorize_submit(State(state): State<Shared>, Form(f): Form<AuthorizeForm>) -> Response {
    if !known_client(&state, &f.client_id, &f.redirect_uri) {
        return (StatusCode::BAD_REQUEST, "invalid_request").into_response();
    }
    if f.username != state.config.user || f.password != state.config.password {
        return (
            StatusCode::UNAUTHORIZED,
            login_page(
                &f.client_id,
                &f.redirect_uri,
                &f.state,
                "<p class=\"err\">Wrong username or password</p>",
            ),
        )
            .into_response();
    }
    back_with_code(
        &f.redirect_uri,
        &state.idp.issue_code(&f.username),
        &f.state,
    )
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: String,
    code: String,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

/// The client's credentials, from HTTP Basic or the form.
fn client_of(headers: &HeaderMap, f: &TokenForm) -> (String, String) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|raw| String::from_utf8(raw).ok())
        .and_then(|s| {
            s.split_once(':')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        });
    basic.unwrap_or_else(|| {
        (
            f.client_id.clone().unwrap_or_default(),
            f.client_secret.clone().unwrap_or_default(),
        )
    })
}

async fn token(
    State(state): State<Shared>,
    headers: HeaderMap,
    Form(f): Form<TokenForm>,
) -> Response {
    let bad = |e: &str| (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response();
    let (id, secret) = client_of(&headers, &f);
    if id != state.idp.client_id || secret != state.idp.client_secret {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "invalid_client" })),
        )
            .into_response();
    }
    if f.grant_type != "authorization_code" {
        return bad("unsupported_grant_type");
    }
    let registered = state
        .idp
        .redirect_uri
        .lock()
        .map(|r| r.clone())
        .unwrap_or_default();
    if f.redirect_uri.as_deref().is_some_and(|r| r != registered) {
        return bad("invalid_grant");
    }
    // A code works once.
    let user = state
        .idp
        .codes
        .lock()
        .ok()
        .and_then(|mut c| c.remove(&f.code));
    let Some(user) = user else {
        return bad("invalid_grant");
    };
    let access = random_hex(40);
    if let Ok(mut t) = state.idp.tokens.lock() {
        t.insert(access.clone(), user);
    }
    Json(json!({ "access_token": access, "token_type": "Bearer", "expires_in": 3600, "scope": "openid email profile" }))
        .into_response()
}

async fn userinfo(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let user = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(|t| state.idp.tokens.lock().ok()?.get(t).cloned());
    match user {
        Some(u) => Json(json!({
            "sub": format!("demo-{u}"),
            "email": format!("{u}@example.com"),
            "name": u,
            "preferred_username": u,
            "login": u,
        }))
        .into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "invalid_token" })),
        )
            .into_response(),
    }
}

/// Grafana's session cookie has no business here: record it if a browser or client sends it.
async fn watch(
    State(state): State<Shared>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let leaked = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("grafana_session="));
    if leaked {
        state.log.push_leak(LeakRecord {
            path: format!("idp{}", req.uri().path()),
            header: "cookie".into(),
        });
    }
    next.run(req).await
}

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/authorize", get(authorize).post(authorize_submit))
        .route("/token", axum::routing::post(token))
        .route("/userinfo", get(userinfo))
        .layer(axum::middleware::from_fn_with_state(state.clone(), watch))
        .with_state(state)
}
