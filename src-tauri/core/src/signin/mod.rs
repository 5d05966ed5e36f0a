//! Signing in to Grafana as a person: Grafana's own login page (password, OAuth/OIDC/SAML single
//! sign-on, MFA — whatever the server offers) in a browser window Panelshot drives, until
//! Grafana's API accepts the session cookies the page set. The window is a private browser
//! context (its cookies live in memory only) in a browser started for the sign-in alone, on a
//! pipe (no DevTools port) and with a profile folder removed afterwards. The result is the
//! cookie header for the connection's own origin; the caller keeps it in the OS keyring.

use std::path::Path;
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::network::GetCookiesParams;
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use futures::StreamExt;
use url::Url;

use crate::error::{Coded, ErrorCode};
use crate::grafana::{ClientOptions, Credentials, GrafanaClient};
use crate::render::discovery;
use crate::secrets::{Secret, SessionCookie};

/// How long a person may take to sign in (an SSO page, a second factor on the phone).
pub const SIGN_IN_LIMIT: Duration = Duration::from_secs(10 * 60);

/// How often the window's cookies are looked at.
const POLL: Duration = Duration::from_millis(500);

#[derive(Debug, thiserror::Error)]
pub enum SigninError {
    #[error(
        "signing in shows Grafana's login page in a browser window, and this session has no desktop to show it on (neither DISPLAY nor WAYLAND_DISPLAY is set). Sign in once on a machine with a desktop (\"Sign in with your browser\" in the window, or `panelshot connection login NAME`), or use a service-account token here (`panelshot connection edit NAME --token-stdin`)"
    )]
    NoDesktop,
    #[error("the sign-in window was closed before Grafana signed you in; sign in again when ready")]
    Cancelled,
    #[error(
        "nobody signed in within {mins} minutes, so the window was closed; sign in again when ready"
    )]
    Timeout { mins: u64 },
    #[error(
        "signing in needs a browser that can show a window, and none was found (looked at: {looked}). Install Chrome, Chromium, Edge or Brave, or choose one in Settings → Browser (the headless shell has no window)"
    )]
    NoBrowser { looked: String },
    #[error("the sign-in window could not be opened: {0}")]
    Failed(String),
}

impl Coded for SigninError {
    fn code(&self) -> ErrorCode {
        match self {
            SigninError::NoDesktop => ErrorCode::SigninNoDesktop,
            SigninError::Cancelled => ErrorCode::SigninCancelled,
            SigninError::Timeout { .. } => ErrorCode::SigninTimeout,
            SigninError::NoBrowser { .. } => ErrorCode::ChromiumNotFound,
            SigninError::Failed(_) => ErrorCode::SigninFailed,
        }
    }
}

/// A finished sign-in.
#[derive(Debug)]
pub struct SignedIn {
    /// The `Cookie` header Grafana accepted (`grafana_session=…` and its companions).
    pub cookie: Secret,
    /// Who signed in (Grafana's `login`).
    pub login: String,
}

/// Whether a window can be shown. Only X11/Wayland sessions can lack one; Windows and macOS
/// sessions always have a desktop.
pub fn has_desktop() -> bool {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}

/// Opens `base`'s login page in a window and waits (at most `limit`) for a session Grafana's
/// API accepts. `browser` is the user's chosen browser, if any.
pub async fn sign_in(
    base: &Url,
    browser: Option<&Path>,
    opts: ClientOptions,
    limit: Duration,
) -> Result<SignedIn, SigninError> {
    if !has_desktop() {
        return Err(SigninError::NoDesktop);
    }
    let exe =
        discovery::find_windowed(browser).map_err(|looked| SigninError::NoBrowser { looked })?;
    let profile = crate::render::window_profile()
        .map_err(|e| SigninError::Failed(format!("cannot create a profile folder: {e}")))?;
    let (mut chrome, mut handler, mut child) = crate::render::launch_window(&exe, profile.path())
        .await
        .map_err(|e| SigninError::Failed(e.to_string()))?;
    let events = tokio::spawn(async move {
        while let Some(event) = handler.next().await {
            if let Err(chromiumoxide::error::CdpError::Ws(_)) = event {
                break;
            }
        }
    });
    // The person may close the browser itself rather than the tab: that ends the wait too.
    let exited = async {
        match child.as_mut() {
            Some(c) => {
                let _ = c.wait().await;
            }
            None => std::future::pending().await,
        }
    };
    tracing::info!(url = %base, browser = %exe.display(), "sign-in window opened");
    let result = tokio::select! {
        r = drive(&chrome, base, opts, limit) => r,
        () = exited => Err(SigninError::Cancelled),
    };
    match &result {
        Ok(done) => tracing::info!(url = %base, login = %done.login, "signed in"),
        Err(e) => tracing::warn!(url = %base, code = %e.code(), "sign-in ended: {e}"),
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), chrome.close()).await;
    if let Some(c) = child.as_mut() {
        if tokio::time::timeout(Duration::from_secs(5), c.wait())
            .await
            .is_err()
        {
            let _ = c.kill().await;
        }
    } else {
        let _ = tokio::time::timeout(Duration::from_secs(5), chrome.wait()).await;
    }
    events.abort();
    crate::render::end_window(profile.path()).await;
    result
}

async fn drive(
    chrome: &chromiumoxide::Browser,
    base: &Url,
    opts: ClientOptions,
    limit: Duration,
) -> Result<SignedIn, SigninError> {
    let failed = |e: chromiumoxide::error::CdpError| SigninError::Failed(e.to_string());
    // A private context: the session never reaches the profile's cookie file.
    let context = chrome
        .create_browser_context(CreateBrowserContextParams::default())
        .await
        .map_err(failed)?;
    let login = base
        .join("login")
        .map_err(|e| SigninError::Failed(e.to_string()))?;
    let startup = chrome.pages().await.unwrap_or_default();
    let page = chrome
        .new_page(
            CreateTargetParams::builder()
                .url(login.as_str())
                .browser_context_id(context)
                .build()
                .map_err(SigninError::Failed)?,
        )
        .await
        .map_err(failed)?;
    // The window the browser opened at start would only confuse: one window, Grafana's.
    for p in startup {
        let _ = p.close().await;
    }
    let api_user = base
        .join("api/user")
        .map_err(|e| SigninError::Failed(e.to_string()))?;
    let started = Instant::now();
    let mut tried = String::new();
    loop {
        if started.elapsed() > limit {
            return Err(SigninError::Timeout {
                mins: limit.as_secs().div_ceil(60),
            });
        }
        tokio::time::sleep(POLL).await;
        // A closed window (or browser) no longer answers: the person gave up.
        let header = cookies_for(&page, &api_user)
            .await
            .ok_or(SigninError::Cancelled)?;
        if header.is_empty() || header == tried {
            continue;
        }
        tried = header.clone();
        if let Some(done) = accepted(base, header, opts.clone()).await {
            return Ok(done);
        }
    }
}

/// The `Cookie` header the window would send to `url`; `None` when the window is gone.
async fn cookies_for(page: &Page, url: &Url) -> Option<String> {
    let params = GetCookiesParams::builder()
        .urls(vec![url.to_string()])
        .build();
    let cookies = page.execute(params).await.ok()?.result.cookies;
    Some(
        cookies
            .iter()
            .map(|c| format!("{}={}", c.name, c.value))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Whether Grafana's API takes these cookies as a signed-in user (`GET /api/user`), and the
/// cookie as it stands after any rotation that asked for.
async fn accepted(base: &Url, header: String, opts: ClientOptions) -> Option<SignedIn> {
    let session = SessionCookie::new(Secret::new(header));
    let client =
        GrafanaClient::new(base.clone(), Credentials::Session(session.clone()), opts).ok()?;
    let login = client.signed_in_user().await.ok()?;
    Some(SignedIn {
        cookie: session.current(),
        login,
    })
}
