//! A small HTTP server that behaves like Grafana 11–13 where Panelshot depends on it: the API
//! routes with Grafana's field names, `d-solo` and `d` pages that draw real charts and emit all
//! three generations of "rendered" signals, auth on every route, faults on demand, and a second
//! origin that records leaked credentials.

mod api;
mod auth;
mod idp;
mod pages;
mod reqlog;
mod second;
pub mod seed;
mod seed_v2;
mod sso;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub use reqlog::{LeakRecord, RequestRecord};

/// A server-wide fault, for tests that need a broken "Grafana".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fault {
    #[default]
    None,
    /// Every API answer is delayed by two seconds.
    Slow,
    /// Every API route answers 500.
    #[serde(rename = "500")]
    ServerError,
    /// Every API route accepts the request and never answers.
    Hang,
    /// Every API route answers with broken JSON.
    Malformed,
    /// Every API route answers with an HTML page, like a proxy or another product would.
    Html,
}

impl std::str::FromStr for Fault {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        serde_json::from_value(serde_json::Value::String(s.to_string()))
            .map_err(|_| format!("unknown fault {s:?} (none, slow, 500, hang, malformed, html)"))
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// Port of the second origin (`0` picks a free one).
    pub second_port: u16,
    /// The service-account token with Editor access.
    pub token: String,
    /// A valid service-account token whose account has no access to anything.
    pub no_access_token: String,
    pub user: String,
    pub password: String,
    pub version: String,
    pub many: usize,
    pub fault: Fault,
    /// Every dashboard's auto-refresh (Grafana's `refresh` field): the pages re-run their
    /// queries this often for as long as they stay open.
    pub refresh: String,
    /// Port of the identity provider (`0` picks a free one).
    pub idp_port: u16,
    /// Grafana's `[auth.generic_oauth] auto_login`: `/login` goes straight to the IdP.
    pub sso_auto_login: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            second_port: 0,
            token: "glsa_demoPanelshot0123456789abcdefABCD_1a2b3c4d".into(),
            no_access_token: "glsa_demoNoAccess0123456789abcdefABCD_9f8e7d6c".into(),
            user: "admin".into(),
            password: "admin".into(),
            version: "12.4.1".into(),
            many: 0,
            fault: Fault::None,
            refresh: "30s".into(),
            idp_port: 0,
            sso_auto_login: false,
        }
    }
}

impl Config {
    /// A config with a random token, as a person starting the server gets.
    pub fn with_random_token(mut self) -> Self {
        use rand::Rng;
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        let mut rng = rand::rng();
        let body: String = (0..32)
            .map(|_| ALNUM[rng.random_range(0..ALNUM.len())] as char)
            .collect();
        let tail: u32 = rng.random();
        self.token = format!("glsa_{body}_{tail:08x}");
        self
    }
}

/// Shared state of one running demo server.
pub struct State {
    pub config: Config,
    pub folders: Vec<seed::Folder>,
    pub dashboards: Vec<seed::Dashboard>,
    pub library: Vec<serde_json::Value>,
    pub second_origin: String,
    pub fault: Mutex<Fault>,
    /// Milliseconds every panel or dashboard page waits before answering (a slow Grafana or
    /// proxy), and that its script then keeps the page busy (a heavy bundle on a slow machine).
    pub page_delay_ms: std::sync::atomic::AtomicU64,
    pub script_busy_ms: std::sync::atomic::AtomicU64,
    pub log: reqlog::RequestLog,
    pub sessions: Mutex<Vec<String>>,
    /// Sessions due for rotation: Grafana answers their API calls 401 `session.token.rotate`
    /// until `/api/user/auth-tokens/rotate` swaps them for new ones (`auth::rotate`).
    pub stale_sessions: Mutex<Vec<String>>,
    /// Every `/api/ds/query` body the demo answered, in order: what a page asked for, so a
    /// test can ask again and compare.
    pub query_bodies: Mutex<Vec<String>>,
    /// The identity provider for single sign-on, on its own origin (`idp_origin`).
    pub idp: idp::Idp,
    pub idp_origin: String,
    pub sso_auto_login: std::sync::atomic::AtomicBool,
    /// The next page served to a session makes that session due for rotation.
    pub rotate_after_page: std::sync::atomic::AtomicBool,
}

impl State {
    pub fn dashboard(&self, uid: &str) -> Option<&seed::Dashboard> {
        self.dashboards.iter().find(|d| d.uid == uid)
    }
    pub fn folder(&self, uid: &str) -> Option<&seed::Folder> {
        self.folders.iter().find(|f| f.uid == uid)
    }
    pub fn fault(&self) -> Fault {
        self.fault.lock().map(|f| *f).unwrap_or_default()
    }
}

pub type Shared = Arc<State>;

/// A running demo server; dropping it stops it.
pub struct Running {
    pub addr: SocketAddr,
    pub second_addr: SocketAddr,
    pub state: Shared,
    stop: Option<oneshot::Sender<()>>,
}

impl Running {
    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// The second origin, on another host name so that cookies of the first are not sent to it.
    pub fn second_origin(&self) -> String {
        self.state.second_origin.clone()
    }
    pub fn token(&self) -> &str {
        &self.state.config.token
    }
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state.log.requests()
    }
    /// Every signed-in session is due for rotation now (Grafana's
    /// `token_rotation_interval_minutes` passing).
    pub fn sessions_due_for_rotation(&self) {
        let all = self
            .state
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        *self
            .state
            .stale_sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = all;
    }
    /// The session that loads the next page comes due for rotation right after it: the page's
    /// own API calls meet Grafana's `session.token.rotate` and its front end rotates.
    pub fn sessions_due_after_next_page(&self) {
        self.state
            .rotate_after_page
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }
    /// Every session ends (revoked, or past `login_maximum_lifetime_duration`): the next call
    /// needs a new sign-in.
    pub fn end_sessions(&self) {
        self.state
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.state
            .stale_sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
    /// The identity provider's origin (`http://localhost:PORT`).
    pub fn idp_origin(&self) -> String {
        self.state.idp_origin.clone()
    }
    /// The IdP already has a session for `user` (its `/authorize` signs them in at once), or
    /// asks for a password (`None`).
    pub fn idp_remembers(&self, user: Option<&str>) {
        *self
            .state
            .idp
            .remembers
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = user.map(str::to_string);
    }
    /// Grafana's `auto_login`: `/login` goes straight to the IdP.
    pub fn set_sso_auto_login(&self, on: bool) {
        self.state
            .sso_auto_login
            .store(on, std::sync::atomic::Ordering::SeqCst);
    }
    /// Sessions Grafana knows now.
    pub fn session_count(&self) -> usize {
        self.state
            .sessions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }
    pub fn query_bodies(&self) -> Vec<String> {
        self.state
            .query_bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
    pub fn leaks(&self) -> Vec<LeakRecord> {
        self.state.log.leaks()
    }
    pub fn third_party_hits(&self) -> usize {
        self.state.log.third_party_hits()
    }
    /// Pages answer `page_ms` late, then their script blocks the page for `busy_ms`.
    pub fn set_slow_pages(&self, page_ms: u64, busy_ms: u64) {
        use std::sync::atomic::Ordering::SeqCst;
        self.state.page_delay_ms.store(page_ms, SeqCst);
        self.state.script_busy_ms.store(busy_ms, SeqCst);
    }
    pub fn set_fault(&self, fault: Fault) {
        if let Ok(mut f) = self.state.fault.lock() {
            *f = fault;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the demo server (and its second origin) on the current tokio runtime.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let second = TcpListener::bind((config.host.as_str(), config.second_port)).await?;
    let idp_listener = TcpListener::bind((config.host.as_str(), config.idp_port)).await?;
    let addr = listener.local_addr()?;
    let second_addr = second.local_addr()?;
    let idp_addr = idp_listener.local_addr()?;
    let idp = idp::Idp::new();
    if let Ok(mut r) = idp.redirect_uri.lock() {
        *r = format!("http://{addr}/login/generic_oauth");
    }
    let state = Arc::new(State {
        folders: seed::folders(),
        dashboards: seed::dashboards(config.many)
            .into_iter()
            .map(|mut d| {
                d.json["refresh"] = serde_json::json!(config.refresh);
                d
            })
            .collect(),
        library: seed::library_panels(),
        second_origin: format!("http://localhost:{}", second_addr.port()),
        fault: Mutex::new(config.fault),
        page_delay_ms: Default::default(),
        script_busy_ms: Default::default(),
        log: reqlog::RequestLog::default(),
        sessions: Mutex::new(Vec::new()),
        stale_sessions: Mutex::new(Vec::new()),
        query_bodies: Mutex::new(Vec::new()),
        idp,
        idp_origin: format!("http://localhost:{}", idp_addr.port()),
        sso_auto_login: std::sync::atomic::AtomicBool::new(config.sso_auto_login),
        rotate_after_page: Default::default(),
        config,
    });
    let (tx, rx) = oneshot::channel::<()>();
    let (tx2, rx2) = oneshot::channel::<()>();
    let app = router(state.clone());
    let second_app = second::router(state.clone());
    let idp_app = idp::router(state.clone());
    let (tx3, rx3) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = rx.await;
            let _ = tx2.send(());
            let _ = tx3.send(());
        })
        .await;
    });
    tokio::spawn(async move {
        let _ = axum::serve(second, second_app)
            .with_graceful_shutdown(async {
                let _ = rx2.await;
            })
            .await;
    });
    tokio::spawn(async move {
        let _ = axum::serve(idp_listener, idp_app)
            .with_graceful_shutdown(async {
                let _ = rx3.await;
            })
            .await;
    });
    Ok(Running {
        addr,
        second_addr,
        state,
        stop: Some(tx),
    })
}

/// A demo Grafana whose login page goes straight to single sign-on (`auto_login`) at an
/// identity provider that already knows `admin`: a sign-in window completes with no click.
pub async fn start_with_sso() -> anyhow::Result<Running> {
    let demo = start(Config {
        sso_auto_login: true,
        ..Default::default()
    })
    .await?;
    demo.idp_remembers(Some("admin"));
    Ok(demo)
}

/// All routes of the main origin.
pub fn router(state: Shared) -> Router {
    let protected = Router::new()
        .merge(api::routes(state.clone()))
        .merge(pages::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require,
        ));
    Router::new()
        .merge(api::public_routes(state.clone()))
        .merge(pages::public_routes())
        .merge(reqlog::routes())
        .merge(protected)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            reqlog::record,
        ))
        .with_state(state)
}
