//! One Chromium process: launched with a private profile directory, its CDP handler polled on a
//! task, closed (or killed) on request, and known to be dead as soon as its connection drops.

use std::path::Path;
use std::time::Duration;

#[cfg(any(not(unix), test))]
use chromiumoxide::BrowserConfig;
use chromiumoxide::handler::HandlerConfig;
use chromiumoxide::{Browser, Handler, Page};
use futures::StreamExt;
use tokio::sync::RwLock;

use super::RenderError;
use super::tab::Tab;
use chromiumoxide::cdp::browser_protocol::target::CreateTargetParams;

/// Flags for a quiet, deterministic headless browser: no background traffic (our machines and
/// many corporate networks block it), no first-run UI, stable colours and hidden scrollbars.
const ARGS: &[&str] = &[
    // chromiumoxide adds the leading `--` itself (and merges repeated keys, see `FEATURES_OFF`).
    "disable-gpu",
    "disable-background-networking",
    "disable-component-update",
    "disable-sync",
    "disable-extensions",
    "disable-default-apps",
    "no-first-run",
    "no-default-browser-check",
    "hide-scrollbars",
    "mute-audio",
    "force-color-profile=srgb",
    "disable-background-timer-throttling",
    "disable-renderer-backgrounding",
    "disable-backgrounding-occluded-windows",
    "password-store=basic",
    // What a browser keeps beside the renders, each measured on the 20-panel batch at
    // concurrency 4 (README, Speed). No window at start: a full Chrome would open its new-tab
    // page (a WebUI renderer, 55–90 MB) that no render uses; every render opens its own.
    "no-startup-window",
    // A V8 heap that grows by a fifth rather than up to fourfold between collections, and a
    // small young generation: a renderer that serves one page after another otherwise keeps
    // every earlier page's garbage until its heap limit (four renderers of 166–199 MB became
    // 93–123 MB), at no measured cost in CPU. One renderer for all tabs of a Grafana
    // (`--process-per-site`) saved another 110 MB but made 4-way batches 14 % slower: the four
    // pages then share one main thread (README, Speed).
    "js-flags=--max-semi-space-size=4,--heap-growing-percent=20",
];

/// Merged into chromiumoxide's own `--disable-features` list (one flag, not two that race).
/// The omnibox popup features: a headless Chrome still preloads the omnibox popup's WebUI page
/// for every new window (a renderer process of its own), measured at about 350 ms of CPU per
/// window in a Chromium 156 trace: the first batch at concurrency 4 paid it three times.
///
/// The rest keep memory no render uses: the back-forward cache (each navigation kept the page
/// before it alive: one tab's renderer after 20 renders, 370 MB → 220 MB); the spare renderer
/// a browser starts ahead for the next site; the top-chrome WebUI pages a full Chrome preloads;
/// Blink's strong references from its memory cache to a page's scripts and styles (up to 15 MB
/// per renderer, for a next page that the HTTP cache serves as well: a full Chromium's four
/// renderers 25–37 MB lighter, no change in time or CPU).
const FEATURES_OFF: &[&str] = &[
    "MemoryCacheStrongReference",
    "BackForwardCache",
    "SpareRendererForSitePerProcess",
    "PreloadTopChromeWebUI",
    "HttpsUpgrades",
    "Translate",
    "MediaRouter",
    "OptimizationHints",
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
    "WebUIOmniboxFullPopup",
];

pub struct BrowserInstance {
    // Read-locked to open tabs (many at once), write-locked only to shut down.
    browser: RwLock<Option<Browser>>,
    /// The browser process when we launched it ourselves (on a pipe); otherwise chromiumoxide
    /// holds it inside `browser`.
    child: tokio::sync::Mutex<Option<tokio::process::Child>>,
    /// Windows: the job that ends the browser when Panelshot ends.
    #[cfg(windows)]
    _job: Option<super::job_object::KillOnClose>,
    /// Tabs whose last render went well, parked for the next render.
    idle: std::sync::Mutex<Vec<Tab>>,
    /// `true` while the CDP connection is up; renders in flight wait on it to fail at once
    /// when the browser dies.
    alive: tokio::sync::watch::Sender<bool>,
    pid: Option<u32>,
    // Dropped after the browser exits: removes the private profile.
    profile: tempfile::TempDir,
    /// The server keys this browser accepts beyond its own roots (fixed at launch).
    trusted_keys: TrustedKeys,
}

fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// The command line chromiumoxide would build (its defaults, taken from Puppeteer) plus ours,
/// for launching the browser ourselves on a pipe.
#[cfg(unix)]
fn command_line(profile: &Path, trusted_keys: &TrustedKeys) -> Vec<String> {
    command_line_for(profile, trusted_keys, true)
}

/// Flags a browser window a person uses must not have: no window, no scrollbars, the
/// "controlled by automated test software" bar, no first window to sign in with.
const HEADLESS_ONLY: &[&str] = &[
    "headless=new",
    "enable-automation",
    "hide-scrollbars",
    "no-startup-window",
];

#[cfg(unix)]
fn command_line_for(profile: &Path, trusted_keys: &TrustedKeys, headless: bool) -> Vec<String> {
    // chromiumoxide's `enable-features=NetworkService,NetworkServiceInProcess` is left out:
    // Chromium removed the first and renamed the second (to NetworkServiceInProcess2, which
    // crashes desktop Chrome: puppeteer PR 12261), so it did nothing.
    const CHROMIUMOXIDE_DEFAULTS: &[&str] = &[
        "disable-breakpad",
        "disable-client-side-phishing-detection",
        "disable-component-extensions-with-background-pages",
        "disable-dev-shm-usage",
        "disable-hang-monitor",
        "disable-ipc-flooding-protection",
        "disable-popup-blocking",
        "disable-prompt-on-repost",
        "metrics-recording-only",
        "enable-automation",
        "use-mock-keychain",
        "enable-blink-features=IdleDetection",
        "lang=en_US",
        "headless=new",
    ];
    let mut args: Vec<String> = CHROMIUMOXIDE_DEFAULTS
        .iter()
        .chain(ARGS)
        .filter(|a| headless || !HEADLESS_ONLY.contains(a))
        .map(|a| format!("--{a}"))
        .collect();
    let mut off = vec!["TranslateUI"];
    off.extend(FEATURES_OFF);
    args.push(format!("--disable-features={}", off.join(",")));
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push("--window-size=1280,800".into());
    args.extend(trust_flag(trusted_keys));
    // Chromium refuses to run as root with its sandbox (containers, CI).
    if running_as_root() {
        args.push("--no-sandbox".into());
        args.push("--disable-setuid-sandbox".into());
    }
    args
}

/// Server keys (base64 SHA-256 of the SubjectPublicKeyInfo) that Panelshot verified with a
/// connection's own TLS settings (its CA, or "accept invalid certificates").
pub type TrustedKeys = std::collections::BTreeSet<String>;

/// The browser checks every certificate against its own roots. The one exception is a server
/// key Panelshot verified itself for a connection with its own CA (or with checks off): a
/// certificate carrying exactly that key is accepted (Chromium honours the list only with a
/// `--user-data-dir`, which every launch has). Nothing else is let through: chromiumoxide's
/// default of ignoring every certificate error is off (`HandlerConfig::ignore_https_errors`).
fn trust_flag(keys: &TrustedKeys) -> Option<String> {
    (!keys.is_empty()).then(|| {
        format!(
            "--ignore-certificate-errors-spki-list={}",
            keys.iter().cloned().collect::<Vec<_>>().join(",")
        )
    })
}

/// chromiumoxide's own limit per DevTools command. Every step is bounded by Panelshot itself
/// (a step limit for what the browser controls, the user's timeout for what Grafana controls:
/// a navigation waits for Grafana's answer), so this only has to exceed the longest timeout.
const CDP_REQUEST_LIMIT: Duration = Duration::from_secs(660);

/// Headless Chromium needs no desktop bus; without this it wakes portals and keyrings.
const ENV: &[(&str, &str)] = &[("DBUS_SESSION_BUS_ADDRESS", "disabled:")];

/// Variables a browser never needs and must not see: Panelshot's own (`PANELSHOT_TOKEN` holds
/// a Grafana token for scripts) and anything named like a credential. A child inherits the
/// whole environment, and the browser's renderers run pages from many hosts.
fn secret_env_names() -> Vec<String> {
    std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| is_secret_name(k))
        .collect()
}

fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.starts_with("PANELSHOT_")
        || [
            "TOKEN",
            "PASSWORD",
            "PASSWD",
            "SECRET",
            "API_KEY",
            "APIKEY",
            "CREDENTIAL",
        ]
        .iter()
        .any(|w| upper.contains(w))
}

/// Unix: our own launch on a pipe (see `pipe`), so the browser opens no DevTools port.
#[cfg(unix)]
async fn start(
    exe: &Path,
    profile: &Path,
    trusted_keys: &TrustedKeys,
) -> Result<(Browser, Handler, Option<tokio::process::Child>), String> {
    let args = command_line(profile, trusted_keys);
    start_piped(exe, &args, ENV, CDP_REQUEST_LIMIT).await
}

/// Starts `exe` on a pipe and connects chromiumoxide to it, or says why it did not start.
#[cfg(unix)]
async fn start_piped(
    exe: &Path,
    args: &[String],
    env: &[(&str, &str)],
    request_timeout: Duration,
) -> Result<(Browser, Handler, Option<tokio::process::Child>), String> {
    let unset = secret_env_names();
    let mut piped = super::pipe::launch(exe, args, env, &unset)
        .await
        .map_err(|e| e.to_string())?;
    let config = HandlerConfig {
        viewport: None,
        request_timeout,
        ignore_https_errors: false,
        ..HandlerConfig::default()
    };
    let connect = Browser::connect_with_config(piped.ws_url.clone(), config);
    match tokio::time::timeout(Duration::from_secs(30), connect).await {
        Ok(Ok((browser, handler))) => Ok((browser, handler, Some(piped.child))),
        failed => {
            let status = piped.child.try_wait().ok().flatten();
            let _ = piped.child.kill().await;
            Err(match (failed, status) {
                (_, Some(st)) => format!("the browser exited at start ({st})"),
                (Ok(Err(e)), None) => e.to_string(),
                (_, None) => "the browser did not answer within 30 s".into(),
            })
        }
    }
}

/// chromiumoxide's limit per DevTools command for a person's browser window.
const WINDOW_REQUEST_LIMIT: Duration = Duration::from_secs(30);

/// A browser window for a person (signing in to Grafana): the same private, pipe-driven launch
/// as a render browser, with a window. The profile directory is the caller's to remove.
#[cfg(unix)]
pub async fn launch_window(
    exe: &Path,
    profile: &Path,
) -> Result<(Browser, Handler, Option<tokio::process::Child>), RenderError> {
    let failed = |detail: String| RenderError::LaunchFailed {
        path: exe.display().to_string(),
        detail,
    };
    let args = command_line_for(profile, &TrustedKeys::new(), false);
    // A person's window answers at once or is gone; nothing here waits on Grafana.
    start_piped(exe, &args, &[], WINDOW_REQUEST_LIMIT)
        .await
        .map_err(failed)
}

/// A profile folder for a person's browser window, named like a render browser's so the next
/// launch's reaper ends the window and removes the folder if Panelshot is killed meanwhile.
pub fn window_profile() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("{}signin-", super::orphans::profile_prefix()))
        .tempdir()
}

/// Ends every process still running on a window's profile (a browser's helpers do not always
/// follow its main process), before the profile folder goes.
pub async fn end_window(profile: &Path) {
    super::orphans::end_users_of_async(profile).await;
}

/// Windows: chromiumoxide's own launch, with a window.
#[cfg(not(unix))]
pub async fn launch_window(
    exe: &Path,
    profile: &Path,
) -> Result<(Browser, Handler, Option<tokio::process::Child>), RenderError> {
    let failed = |detail: String| RenderError::LaunchFailed {
        path: exe.display().to_string(),
        detail,
    };
    let cfg = BrowserConfig::builder()
        .respect_https_errors()
        .chrome_executable(exe)
        .with_head()
        .user_data_dir(profile)
        .viewport(None)
        .launch_timeout(Duration::from_secs(30))
        .request_timeout(WINDOW_REQUEST_LIMIT)
        .envs(secret_env_names().into_iter().map(|k| (k, String::new())))
        .build()
        .map_err(failed)?;
    let (browser, handler) = Browser::launch(cfg)
        .await
        .map_err(|e| failed(e.to_string()))?;
    Ok((browser, handler, None))
}

/// Elsewhere (Windows): chromiumoxide's own launch on a DevTools port.
#[cfg(not(unix))]
async fn start(
    exe: &Path,
    profile: &Path,
    trusted_keys: &TrustedKeys,
) -> Result<(Browser, Handler, Option<tokio::process::Child>), String> {
    let cfg = port_launch(exe, profile, trusted_keys)?;
    let (browser, handler) = Browser::launch(cfg).await.map_err(|e| e.to_string())?;
    Ok((browser, handler, None))
}

/// The render flags through chromiumoxide's own launcher (which adds its defaults and merges
/// `disable-features`). Built on every OS so Linux tests run it on a real Chromium.
#[cfg(any(not(unix), test))]
fn port_launch(
    exe: &Path,
    profile: &Path,
    trusted_keys: &TrustedKeys,
) -> Result<BrowserConfig, String> {
    let mut cfg = BrowserConfig::builder()
        .respect_https_errors()
        .chrome_executable(exe)
        .new_headless_mode()
        .user_data_dir(profile)
        .viewport(None)
        .window_size(1280, 800)
        .launch_timeout(Duration::from_secs(30))
        .request_timeout(CDP_REQUEST_LIMIT)
        .args(ARGS.iter().copied())
        .arg(("disable-features", FEATURES_OFF))
        .envs(ENV.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        // chromiumoxide cannot remove an inherited variable: an empty value hides it.
        .envs(secret_env_names().into_iter().map(|k| (k, String::new())));
    if let Some(flag) = trust_flag(trusted_keys) {
        cfg = cfg.arg(flag.trim_start_matches("--").to_string());
    }
    if running_as_root() {
        cfg = cfg.no_sandbox();
    }
    cfg.build()
}

impl BrowserInstance {
    pub async fn launch(
        exe: &Path,
        step_timeout: Duration,
        trusted_keys: TrustedKeys,
    ) -> Result<BrowserInstance, RenderError> {
        let failed = |detail: String| RenderError::LaunchFailed {
            path: exe.display().to_string(),
            detail,
        };
        // Browsers left behind by a Panelshot that was killed outright end here.
        super::orphans::reap();
        let profile = tempfile::Builder::new()
            .prefix(&super::orphans::profile_prefix())
            .tempdir()
            .map_err(|e| failed(format!("cannot create a profile directory: {e}")))?;
        let (mut browser, mut handler, mut child) = start(exe, profile.path(), &trusted_keys)
            .await
            .map_err(failed)?;
        let alive = tokio::sync::watch::Sender::new(true);
        let flag = alive.clone();
        tokio::spawn(async move {
            while let Some(event) = handler.next().await {
                if let Err(chromiumoxide::error::CdpError::Ws(_)) = event {
                    break;
                }
            }
            flag.send_replace(false);
        });
        // The relay accepts the connection before the browser has said a word: a program that
        // is not a browser (the shell runs a file exec refuses) exits here, and must be reported
        // as a launch failure, not as a crash of the first render.
        let exited = async {
            match child.as_mut() {
                Some(c) => {
                    let _ = c.wait().await;
                }
                None => std::future::pending().await,
            }
        };
        let answered = tokio::select! {
            r = tokio::time::timeout(Duration::from_secs(30), browser.version()) => matches!(r, Ok(Ok(_))),
            () = exited => false,
        };
        if !answered {
            let status = match child.as_mut() {
                Some(c) => {
                    let st = c.try_wait().ok().flatten();
                    let _ = c.kill().await;
                    st
                }
                None => None,
            };
            return Err(failed(match status {
                Some(st) => format!(
                    "it exited at start ({st}); is it a Chromium-based browser for this machine?"
                ),
                None => "it did not answer its first command within 30 s".into(),
            }));
        }
        let pid = match &child {
            Some(c) => c.id(),
            None => browser.get_mut_child().and_then(|c| c.as_mut_inner().id()),
        };
        // No parent-death signal on Windows: a kill-on-close job does the same.
        #[cfg(windows)]
        let job = browser
            .get_mut_child()
            .and_then(|c| c.as_mut_inner().raw_handle())
            .and_then(|h| super::job_object::KillOnClose::adopt(h).ok());
        // The tab opened at launch would cost a renderer process for nothing.
        if let Ok(Ok(pages)) = tokio::time::timeout(step_timeout, browser.pages()).await {
            for p in pages {
                let _ = tokio::time::timeout(step_timeout, p.close()).await;
            }
        }
        Ok(BrowserInstance {
            browser: RwLock::new(Some(browser)),
            child: tokio::sync::Mutex::new(child),
            #[cfg(windows)]
            _job: job,
            idle: std::sync::Mutex::new(Vec::new()),
            alive,
            pid,
            profile,
            trusted_keys,
        })
    }

    /// Whether this browser was started trusting `key` (see `trust_flag`).
    pub fn trusts(&self, key: Option<&str>) -> bool {
        key.is_none_or(|k| self.trusted_keys.contains(k))
    }

    pub fn trusted_keys(&self) -> &TrustedKeys {
        &self.trusted_keys
    }

    pub fn is_alive(&self) -> bool {
        *self.alive.borrow()
    }

    /// Resolves when the browser's connection is gone (it exited, crashed or was killed).
    pub async fn died(&self) {
        let mut rx = self.alive.subscribe();
        let _ = rx.wait_for(|up| !*up).await;
    }

    /// Whether the browser process itself still answers (a page whose scripts are stuck does
    /// not answer, its browser does).
    pub async fn answers(&self, within: Duration) -> bool {
        let guard = self.browser.read().await;
        let Some(browser) = guard.as_ref() else {
            return false;
        };
        matches!(
            tokio::time::timeout(within, browser.version()).await,
            Ok(Ok(_))
        )
    }

    pub fn pid(&self) -> Option<u32> {
        self.pid
    }

    /// A tab of its own for a page Panelshot made (a deck to print): no Grafana, no
    /// credentials, closed by the caller.
    pub async fn blank_tab(&self, step_timeout: Duration) -> Result<Page, RenderError> {
        self.open_tab(step_timeout).await
    }

    async fn open_tab(&self, step_timeout: Duration) -> Result<Page, RenderError> {
        let guard = self.browser.read().await;
        let browser = guard
            .as_ref()
            .ok_or_else(|| RenderError::BrowserCrashed("the browser was closed".into()))?;
        // Each tab in a window of its own, so every page renders visible the whole time. A
        // background tab is hidden: it gets no ResizeObserver, IntersectionObserver or
        // animation-frame callbacks, so Grafana's panels (sized by a ResizeObserver) stay empty
        // and lazy panels never load, while its readiness signals still say "done".
        let params = CreateTargetParams::builder()
            .url("about:blank")
            .new_window(true)
            .build()
            .map_err(RenderError::Cdp)?;
        match tokio::time::timeout(step_timeout, browser.new_page(params)).await {
            Ok(Ok(page)) => Ok(page),
            Ok(Err(e)) => Err(RenderError::BrowserCrashed(format!(
                "the browser could not open a tab ({e})"
            ))),
            // Hung: the render replaces a browser that stopped answering.
            Err(_) => Err(RenderError::Hung("opening a tab".into())),
        }
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Tab>> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A tab for one render: a parked one when there is one, else a new one. Reuse saves a
    /// new tab, its renderer process and its subscriptions per image; that is most of
    /// Panelshot's own overhead, and the browser process is not kept busy opening tabs while
    /// other renders wait on it. (Opening spare tabs ahead of time was measured too: they
    /// compete for the CPU with the renders in flight, so they made renders slower.)
    pub async fn tab(&self, step_timeout: Duration) -> Result<Tab, RenderError> {
        if let Some(mut s) = self.idle().pop() {
            s.reused = true;
            return Ok(s);
        }
        self.new_tab(step_timeout).await
    }

    /// Always a new tab: for when a parked one turns out dead (its renderer was killed).
    pub async fn new_tab(&self, step_timeout: Duration) -> Result<Tab, RenderError> {
        let page = self.open_tab(step_timeout).await?;
        match tokio::time::timeout(step_timeout, Tab::open(page.clone())).await {
            Ok(Ok(s)) => Ok(s),
            failed => {
                let _ = tokio::time::timeout(Duration::from_secs(5), page.close()).await;
                Err(match failed {
                    Ok(Err(e)) => e,
                    _ => RenderError::Hung("attaching to a new tab".into()),
                })
            }
        }
    }

    /// Readies a tab for parking: from now on it holds no credential and runs no script
    /// (`Tab::pause`). The page is not frozen: Chromium keeps a page that was once frozen
    /// hidden for good, also after it is made active and brought to the front, and hidden pages
    /// never finish drawing (see `open_tab`).
    pub async fn retire(&self, s: &Tab) -> bool {
        s.forget_auth();
        let paused = tokio::time::timeout(Duration::from_secs(5), s.pause()).await;
        matches!(paused, Ok(Ok(()))) && self.is_alive()
    }

    /// Keeps a tab for the next render, at most `keep` of them; gives it back otherwise.
    pub fn park(&self, s: Tab, keep: usize) -> Option<Tab> {
        let mut idle = self.idle();
        if idle.len() < keep {
            idle.push(s);
            None
        } else {
            Some(s)
        }
    }

    /// Closes politely, then kills if the browser does not go within a few seconds.
    pub async fn shutdown(&self) {
        self.idle().clear();
        let mut guard = self.browser.write().await;
        if let Some(mut browser) = guard.take() {
            let closed = tokio::time::timeout(Duration::from_secs(3), browser.close()).await;
            let mut child = self.child.lock().await;
            match child.as_mut() {
                Some(c) => {
                    let waited = closed.is_ok_and(|r| r.is_ok())
                        && tokio::time::timeout(Duration::from_secs(3), c.wait())
                            .await
                            .is_ok();
                    if !waited {
                        let _ = c.kill().await;
                    }
                }
                None => {
                    let waited = match closed {
                        Ok(Ok(_)) => tokio::time::timeout(Duration::from_secs(3), browser.wait())
                            .await
                            .is_ok(),
                        _ => false,
                    };
                    if !waited {
                        let _ = browser.kill().await;
                    }
                }
            }
            self.alive.send_replace(false);
            super::orphans::end_users_of_async(self.profile.path()).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_the_environment_are_named_as_secrets() {
        for name in [
            "PANELSHOT_TOKEN",
            "panelshot_anything",
            "GRAFANA_API_TOKEN",
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "OPENAI_API_KEY",
            "GOOGLE_APPLICATION_CREDENTIALS",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["HOME", "PATH", "DISPLAY", "LANG", "TZ", "XDG_RUNTIME_DIR"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    /// Windows launches through chromiumoxide on a DevTools port, not on a pipe: the same flags
    /// (no startup window among them) must still give a browser that draws a page, with no
    /// page of its own beside the ones Panelshot opens.
    #[tokio::test]
    async fn the_render_flags_work_through_chromiumoxides_own_launch() {
        // A full browser, as Windows users have (Chrome, Edge): its startup window is the one
        // a headless shell never opens.
        let Ok(exe) = super::super::discovery::find_windowed(None) else {
            panic!("the tests need Debian's chromium (make deps)");
        };
        let profile = tempfile::tempdir().unwrap();
        let cfg = port_launch(&exe, profile.path(), &TrustedKeys::new()).unwrap();
        let (mut browser, mut handler) = Browser::launch(cfg).await.unwrap();
        let polling = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let page = browser
            .new_page("data:text/html,<p id=ok>drawn</p>")
            .await
            .unwrap();
        let text = page
            .evaluate("document.getElementById('ok').textContent")
            .await
            .unwrap()
            .into_value::<String>()
            .unwrap();
        assert_eq!(text, "drawn");
        let pages: Vec<_> = browser
            .fetch_targets()
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.r#type == "page")
            .map(|t| t.url)
            .collect();
        assert_eq!(pages.len(), 1, "ours only, no startup window: {pages:?}");
        browser.close().await.unwrap();
        let _ = browser.wait().await;
        polling.abort();
    }

    #[cfg(unix)]
    #[test]
    fn renders_share_a_lean_browser_and_a_persons_window_opens_as_usual() {
        let profile = Path::new("/tmp/p");
        let render = command_line(profile, &TrustedKeys::new());
        for flag in [
            "--headless=new",
            "--no-startup-window",
            "--js-flags=--max-semi-space-size=4,--heap-growing-percent=20",
        ] {
            assert!(render.iter().any(|a| a == flag), "{flag}: {render:?}");
        }
        let off = render
            .iter()
            .find_map(|a| a.strip_prefix("--disable-features="))
            .expect("one --disable-features");
        for feature in [
            "BackForwardCache",
            "SpareRendererForSitePerProcess",
            "PreloadTopChromeWebUI",
            "WebUIOmniboxPopup",
            "MemoryCacheStrongReference",
        ] {
            assert!(off.split(',').any(|f| f == feature), "{feature}: {off}");
        }
        assert_eq!(
            render
                .iter()
                .filter(
                    |a| a.starts_with("--disable-features") || a.starts_with("--enable-features")
                )
                .count(),
            1,
            "one feature list, no obsolete enable list: {render:?}"
        );
        let window = command_line_for(profile, &TrustedKeys::new(), false);
        for flag in [
            "--headless=new",
            "--no-startup-window",
            "--enable-automation",
        ] {
            assert!(!window.iter().any(|a| a == flag), "{flag}: {window:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_command_line_trusts_only_the_verified_keys() {
        let profile = Path::new("/tmp/p");
        let none = command_line(profile, &TrustedKeys::new());
        assert!(
            !none.iter().any(|a| a.contains("ignore-certificate-errors")),
            "{none:?}"
        );
        let keys: TrustedKeys = ["a+b/c=".to_string(), "d=".to_string()].into();
        let some = command_line(profile, &keys);
        let flags: Vec<_> = some
            .iter()
            .filter(|a| a.contains("ignore-certificate-errors"))
            .collect();
        assert_eq!(
            flags,
            vec!["--ignore-certificate-errors-spki-list=a+b/c=,d="]
        );
    }
}
