//! The HTML pages: `d-solo` (one panel), `d` (the whole dashboard), the login form and a home
//! page listing the dashboards, plus the front-end assets (behind auth, as Panelshot must cope).

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde_json::json;

use crate::Shared;
use crate::seed::Readiness;

const APP_JS: &str = include_str!("assets/demo-app.js");
const APP_CSS: &str = include_str!("assets/demo.css");
const LOGIN_HTML: &str = include_str!("assets/login.html");

/// JSON inside `<script>` must not be able to close the tag.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Grafana answers these redirects with 302 Found.
fn found(location: &str) -> Response {
    (
        StatusCode::FOUND,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

fn with_query(path: String, query: Option<String>) -> String {
    match query {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path,
    }
}

fn page(state: &Shared, uid: &str, kind: &str) -> Response {
    let Some(d) = state.dashboard(uid) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<!doctype html><title>Grafana</title><p>Dashboard not found</p>"),
        )
            .into_response();
    };
    let boot = json!({
        "uid": d.uid,
        "page": kind,
        "mode": d.readiness.as_str(),
        "firstQueryDelayMs": d.first_query_delay_ms,
        "counterZeroAtStart": d.counter_zero_at_start,
        "v2Path": d.v2.as_ref().map(|_| format!(
            "/apis/dashboard.grafana.app/{}/namespaces/default/dashboards/{}", d.api_version, d.uid
        )),
        "secondOrigin": state.second_origin,
        "scriptBusyMs": state.script_busy_ms.load(std::sync::atomic::Ordering::SeqCst),
    });
    // Grafana 13 renders this flag into the index page when `reportRenderBinding` is on.
    let binding_flag = if d.readiness == Readiness::Binding {
        "<script>window.__grafanaRenderBindingSupported = true;</script>"
    } else {
        ""
    };
    if d.readiness == Readiness::Scenes {
        let mut boot = boot;
        boot["dsDelayMs"] = json!(d.ds_delay_ms);
        boot["overlay"] = json!(d.overlay);
        return real_scenes_page(&d.title, &boot);
    }
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - Grafana</title>\
         <link rel=\"stylesheet\" href=\"/public/build/demo.css\">{binding_flag}\
         <script>window.__demoBoot = {boot};</script></head>\
         <body><div id=\"reactRoot\"></div><script src=\"/public/build/demo-app.js\"></script></body></html>",
        title = escape_html(&d.title),
        boot = script_json(&boot),
    );
    Html(html).into_response()
}

/// A page of Grafana's own front-end libraries (tests/demo-grafana/scenes). Like Grafana's index
/// page it has `<base href="[AppSubUrl]/">` (so `public/fonts/…` resolves from the root) and sets
/// `window.grafanaBootData` before the bundle, which @grafana/runtime's `config`
/// reads as it loads (the theme from `?theme=`, as Grafana's `/d-solo` honours it).
fn real_scenes_page(title: &str, boot: &serde_json::Value) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><base href=\"/\"><title>{title} - Grafana</title>\
         <link rel=\"stylesheet\" href=\"/public/build/scenes/scenes-app.css\">\
         <style>html,body{{margin:0;padding:0}}</style>\
         <script>window.__demoBoot = {boot};\
         window.grafanaBootData = {{ settings: {{ featureToggles: {{}}, buildInfo: {{ version: '13.0.0' }}, datasources: {{}} }},\
           user: {{ theme: new URLSearchParams(location.search).get('theme') === 'light' ? 'light' : 'dark', timezone: 'browser' }}, navTree: [] }};</script>\
         </head><body><div id=\"reactRoot\"></div><script src=\"/public/build/scenes/scenes-app.js\"></script></body></html>",
        title = escape_html(title),
        boot = script_json(boot),
    );
    Html(html).into_response()
}

/// Where `make demo-scenes` bundles the real-library pages.
fn scenes_dist(file: &str) -> std::path::PathBuf {
    std::env::var_os("DEMO_SCENES_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/scenes/dist").into())
        .join(file)
}

/// The Inter faces @grafana/ui's global styles load (`public/fonts/inter/Inter-*.woff2`).
async fn scenes_font(Path(file): Path<String>) -> Response {
    let known = ["Regular", "Medium", "Italic", "MediumItalic"]
        .iter()
        .any(|f| file == format!("Inter-{f}.woff2"));
    if !known {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(scenes_dist(&format!("fonts/inter/{file}"))).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "font/woff2")], bytes).into_response(),
        Err(e) => (
            StatusCode::NOT_FOUND,
            format!("{file}: {e}; build it with `make demo-scenes`"),
        )
            .into_response(),
    }
}

async fn scenes_asset(Path(file): Path<String>) -> Response {
    let mime = match file.as_str() {
        "scenes-app.js" => "application/javascript; charset=utf-8",
        "scenes-app.css" => "text/css; charset=utf-8",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match tokio::fs::read(scenes_dist(&file)).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, mime)], bytes).into_response(),
        Err(e) => (
            StatusCode::NOT_FOUND,
            format!("{file}: {e}; build it with `make demo-scenes`"),
        )
            .into_response(),
    }
}

async fn solo_redirect(
    State(state): State<Shared>,
    Path(uid): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    match state.dashboard(&uid) {
        Some(d) => found(&with_query(format!("/d-solo/{}/{}", d.uid, d.slug), q)),
        None => page(&state, &uid, "solo"),
    }
}

/// The demo has one organisation; like Grafana, a page for another org is not shown.
fn wrong_org(query: &Option<String>) -> Option<Response> {
    let org = query
        .as_deref()?
        .split('&')
        .find_map(|kv| kv.strip_prefix("orgId="))?;
    (org != "1").then(|| {
        (
            StatusCode::NOT_FOUND,
            Html(format!("<!doctype html><title>Grafana</title><p class=\"panel-not-found\">Organization {} not found</p>", escape_html(org))),
        )
            .into_response()
    })
}

/// A slow Grafana (or the proxy before it) answers the page late.
async fn page_delay(state: &Shared) {
    let ms = state
        .page_delay_ms
        .load(std::sync::atomic::Ordering::SeqCst);
    if ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}

async fn solo(
    State(state): State<Shared>,
    Path((uid, _slug)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    page_delay(&state).await;
    wrong_org(&q).unwrap_or_else(|| page(&state, &uid, "solo"))
}

async fn dash_redirect(
    State(state): State<Shared>,
    Path(uid): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    match state.dashboard(&uid) {
        Some(d) => found(&with_query(format!("/d/{}/{}", d.uid, d.slug), q)),
        None => page(&state, &uid, "dashboard"),
    }
}

async fn dash(
    State(state): State<Shared>,
    Path((uid, _slug)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    page_delay(&state).await;
    wrong_org(&q).unwrap_or_else(|| page(&state, &uid, "dashboard"))
}

async fn home(State(state): State<Shared>) -> Html<String> {
    let items: String = state
        .dashboards
        .iter()
        .take(200)
        .map(|d| {
            format!(
                "<li><a href=\"/d/{}/{}\">{}</a></li>",
                d.uid,
                d.slug,
                escape_html(&d.title)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Home - Grafana</title>\
         <link rel=\"stylesheet\" href=\"/public/build/demo.css\"></head>\
         <body class=\"theme-dark\"><h1 style=\"padding:0 16px\">Demo Grafana</h1><ul>{items}</ul></body></html>"
    ))
}

async fn app_js() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=utf-8",
        )],
        APP_JS,
    )
}

async fn app_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], APP_CSS)
}

#[derive(serde::Deserialize)]
struct LoginQuery {
    #[serde(rename = "disableAutoLogin")]
    disable_auto_login: Option<String>,
}

fn login_html(error: &str) -> Html<String> {
    Html(LOGIN_HTML.replace("<!--ERROR-->", error).replace(
        "<!--SSO-->",
        "<a class=\"sso\" href=\"/login/generic_oauth\">Sign in with Demo SSO</a>",
    ))
}

/// The login page; with single sign-on's `auto_login` straight to the identity provider
/// (`crate::sso`).
async fn login_form(
    State(state): State<Shared>,
    axum::extract::Query(q): axum::extract::Query<LoginQuery>,
) -> Response {
    let auto = state
        .sso_auto_login
        .load(std::sync::atomic::Ordering::SeqCst);
    if auto && q.disable_auto_login.is_none() {
        return (
            StatusCode::FOUND,
            [(header::LOCATION, "/login/generic_oauth")],
        )
            .into_response();
    }
    login_html("").into_response()
}

#[derive(serde::Deserialize)]
struct LoginForm {
    user: String,
    password: String,
}

async fn login_submit(State(state): State<Shared>, Form(form): Form<LoginForm>) -> Response {
    match crate::auth::login(&state, &form.user, &form.password) {
        Some(sid) => (
            StatusCode::FOUND,
            [
                (header::SET_COOKIE, crate::auth::session_cookie(&sid)),
                (header::LOCATION, "/".to_string()),
            ],
        )
            .into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            login_html("<p class=\"err\">Invalid username or password</p>"),
        )
            .into_response(),
    }
}

#[derive(serde::Deserialize)]
struct RotateBack {
    #[serde(rename = "redirectTo")]
    redirect_to: Option<String>,
}

/// `POST /api/user/auth-tokens/rotate`: the front end's rotation (grafana
/// `pkg/api/user_token.go` `RotateUserAuthToken`): a new session cookie, or 401 when the
/// session has ended.
async fn rotate_api(State(state): State<Shared>, headers: axum::http::HeaderMap) -> Response {
    match crate::auth::rotate(&state, &headers) {
        Some(sid) => (
            StatusCode::OK,
            [(header::SET_COOKIE, crate::auth::session_cookie(&sid))],
            axum::Json(serde_json::json!({})),
        )
            .into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({ "message": "Unauthorized" })),
        )
            .into_response(),
    }
}

/// `GET /user/auth-tokens/rotate?redirectTo=…`: a page load's rotation, then back to the page
/// (grafana `pkg/api/user_token.go` `RotateUserAuthTokenRedirect`: an invalid `redirectTo`
/// goes to `/`, a session that cannot rotate to `/login`).
async fn rotate_page(
    State(state): State<Shared>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<RotateBack>,
) -> Response {
    let back = q
        .redirect_to
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/".into());
    match crate::auth::rotate(&state, &headers) {
        Some(sid) => (
            StatusCode::FOUND,
            [
                (header::SET_COOKIE, crate::auth::session_cookie(&sid)),
                (header::LOCATION, back),
            ],
        )
            .into_response(),
        None => (
            StatusCode::FOUND,
            [(header::LOCATION, "/login".to_string())],
        )
            .into_response(),
    }
}

pub fn public_routes() -> Router<Shared> {
    Router::new()
        .route("/login", get(login_form).post(login_submit))
        .route("/login/generic_oauth", get(crate::sso::generic_oauth))
        .route(
            "/api/user/auth-tokens/rotate",
            axum::routing::post(rotate_api),
        )
        .route("/user/auth-tokens/rotate", get(rotate_page))
        // Grafana serves its static files before any authentication (`pkg/api/http_server.go`
        // `addMiddlewaresAndStaticRoutes`: `mapStatic(… "public/build")` comes before
        // `ContextHandler`), so a session due for rotation or gone never blocks the bundle.
        .route("/public/build/demo-app.js", get(app_js))
        .route("/public/build/demo.css", get(app_css))
        .route("/public/build/scenes/{file}", get(scenes_asset))
        .route("/public/fonts/inter/{file}", get(scenes_font))
}

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(home))
        .route("/d-solo/{uid}", get(solo_redirect))
        .route("/d-solo/{uid}/{slug}", get(solo))
        .route("/d/{uid}", get(dash_redirect))
        .route("/d/{uid}/{slug}", get(dash))
}
