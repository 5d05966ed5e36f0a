//! Helpers shared by the demo Grafana's tests: an in-process server, an HTTP client and a real
//! headless Chromium logged in through the demo's session cookie.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::network::CookieParam;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures::StreamExt;

pub async fn server() -> demo_grafana::Running {
    demo_grafana::start(demo_grafana::Config::default())
        .await
        .expect("demo server starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

pub async fn get_json(s: &demo_grafana::Running, path: &str) -> (u16, serde_json::Value) {
    let res = client()
        .get(format!("{}{}", s.url(), path))
        .bearer_auth(s.token())
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(serde_json::Value::Null);
    (status, body)
}

pub struct Chrome {
    pub browser: Browser,
    _profile: tempfile::TempDir,
}

impl Chrome {
    pub async fn launch() -> Chrome {
        let profile = tempfile::tempdir().expect("profile dir");
        let exe = std::env::var("PANELSHOT_CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let config = BrowserConfig::builder()
            .chrome_executable(exe)
            .new_headless_mode()
            .no_sandbox()
            .user_data_dir(profile.path())
            .window_size(1000, 700)
            .viewport(None)
            .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
            .args([
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--hide-scrollbars",
            ])
            .build()
            .expect("browser config");
        let (browser, mut handler) = Browser::launch(config).await.expect("chromium launches");
        tokio::spawn(async move { while handler.next().await.is_some() {} });
        Chrome {
            browser,
            _profile: profile,
        }
    }

    /// A page logged in to the demo through its `/login` session cookie.
    pub async fn page(&self, s: &demo_grafana::Running) -> Page {
        let res = client()
            .post(format!("{}/login", s.url()))
            .form(&[("user", "admin"), ("password", "admin")])
            .send()
            .await
            .expect("login");
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .and_then(|kv| kv.strip_prefix("grafana_session="))
            .expect("session cookie")
            .to_string();
        let page = self.browser.new_page("about:blank").await.expect("page");
        page.set_cookie(
            CookieParam::builder()
                .name("grafana_session")
                .value(cookie)
                .url(s.url())
                .build()
                .expect("cookie"),
        )
        .await
        .expect("set cookie");
        page
    }

    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
    }
}

pub async fn eval<T: serde::de::DeserializeOwned>(page: &Page, expr: &str) -> T {
    page.evaluate(expr)
        .await
        .expect("evaluate")
        .into_value()
        .expect("value")
}

/// Polls a JS expression until it is true; panics with the expression after `limit`.
pub async fn wait_for(page: &Page, expr: &str, limit: Duration) {
    let start = Instant::now();
    loop {
        let ok: bool = page
            .evaluate(format!("!!({expr})"))
            .await
            .ok()
            .and_then(|v| v.into_value().ok())
            .unwrap_or(false);
        if ok {
            return;
        }
        assert!(start.elapsed() < limit, "timed out waiting for {expr}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
