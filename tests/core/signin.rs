//! Signing in as a person: Grafana's login page and single sign-on in a real browser window
//! (Xvfb), the session cookie in the real OS keyring (Secret Service) and nowhere else, renders
//! with it, Grafana's rotation kept across runs, and an ended session said as such.

use std::path::Path;
use std::sync::Arc;

use panelshot_core::error::Coded;
use panelshot_core::secrets::KeyringStore;
use panelshot_core::service::{AddConnection, AuthInput, Core};

use crate::render_support::*;

/// A fresh process's core over the same data folder and the OS keyring.
fn core_at(data: &Path) -> Core {
    Core::open(data, Arc::new(KeyringStore::default()))
        .unwrap()
        .with_env_token(None)
}

fn sessions(demo: &demo_grafana::Running) -> Vec<String> {
    demo.state
        .sessions
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Every file under `dir`, read whole, that contains `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                hits.push(p.display().to_string());
            }
        }
    }
    hits
}

/// One sign-in window at a time in this binary: the closed-window test finds (and kills) the
/// sign-in browser by its processes, which must not be another test's window.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread")]
async fn a_person_signs_in_with_sso_renders_and_the_session_rotates_and_ends() {
    let _window = ONE_WINDOW.lock().await;
    let demo = demo_grafana::start_with_sso().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let core = core_at(data.path());
    core.add_connection(AddConnection {
        name: "demo".into(),
        url: demo.url(),
        org_id: Some(1),
        auth: AuthInput::Session,
        ca_cert_pem: None,
        insecure: false,
        timeout_secs: None,
    })
    .unwrap();
    let before = core.test_connection("demo").await.unwrap_err();
    assert_eq!(before.code(), "grafana.session_ended", "{before}");

    let test = core
        .sign_in("demo")
        .await
        .expect("signed in through the IdP");
    assert_eq!(test.identity, "user admin");
    let first = sessions(&demo);
    assert_eq!(first.len(), 1, "one session: {first:?}");
    let log = demo.requests();
    assert!(
        log.iter()
            .any(|r| r.path == "/login/generic_oauth" && r.query.contains("code="))
    );
    let conn = &core.connections().unwrap()[0];
    assert_eq!(
        (conn.auth.as_str(), conn.username.as_deref()),
        ("session", Some("admin"))
    );

    // Renders and API calls carry the session; nothing else does.
    let s = Setup {
        demo,
        core,
        data,
        out,
    };
    let mut req = request(&s, "node-exporter-full", &["1"], opts(600, 300));
    req.output = Some(s.out.path().to_path_buf());
    let item = export_one(&s, &req).await;
    assert_drawn(
        &load(&path_of(&item)),
        200,
        "a panel rendered with the session",
    );
    let page_requests: Vec<_> = s
        .demo
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/d-solo/") || r.path == "/api/ds/query")
        .collect();
    assert!(!page_requests.is_empty());
    assert!(
        page_requests.iter().all(|r| r.auth == "session"),
        "{page_requests:?}"
    );
    assert!(s.demo.leaks().is_empty(), "leaked: {:?}", s.demo.leaks());

    // Grafana asks for a rotation: the next export rotates, renders, and keeps the new cookie
    // where the next run finds it.
    s.demo.sessions_due_for_rotation();
    let item = export_one(&s, &req).await;
    assert!(item.ok(), "{:?}", item.error);
    let rotated = sessions(&s.demo);
    assert_eq!(rotated.len(), 1);
    assert_ne!(rotated, first, "the session was rotated");
    let next_run = core_at(s.data.path());
    assert_eq!(
        next_run.test_connection("demo").await.unwrap().identity,
        "user admin",
        "the rotated cookie was kept in the keyring"
    );

    // The rotation comes due while the page loads: Grafana's front end rotates (its
    // backendSrv on `session.token.rotate`), and Panelshot keeps the cookie the page got.
    s.demo.sessions_due_after_next_page();
    let item = export_one(&s, &req).await;
    assert!(item.ok(), "{:?}", item.error);
    assert_drawn(
        &load(&path_of(&item)),
        200,
        "a panel whose page rotated the session",
    );
    let by_page = sessions(&s.demo);
    assert_ne!(by_page, rotated, "the page rotated the session");
    assert!(
        s.demo
            .requests()
            .iter()
            .any(|r| r.path == "/api/user/auth-tokens/rotate" && r.status == 200)
    );
    let next_run = core_at(s.data.path());
    assert_eq!(
        next_run.test_connection("demo").await.unwrap().identity,
        "user admin",
        "the cookie the page got was kept in the keyring"
    );
    let rotated = by_page;

    // Two processes share one sign-in (the window open while a saved job runs from the
    // command line). The other one rotates the session, and Grafana then refuses the cookie this
    // process holds (a token works until it is rotated twice, grafana `auth_token.go`
    // `LookupToken`; the demo refuses it at once). This process takes the cookie the other kept
    // in the keyring rather than tell its user to sign in again, and does not rotate it anew.
    let other = core_at(s.data.path());
    s.demo.sessions_due_for_rotation();
    assert_eq!(
        other.test_connection("demo").await.unwrap().identity,
        "user admin"
    );
    let by_other = sessions(&s.demo);
    assert_ne!(by_other, rotated, "the other process rotated the session");
    let item = export_one(&s, &req).await;
    assert!(item.ok(), "{:?}", item.error);
    assert_drawn(
        &load(&path_of(&item)),
        200,
        "a panel drawn with the other process's cookie",
    );
    assert_eq!(sessions(&s.demo), by_other, "taken, not rotated again");
    other.shutdown().await;
    let rotated = [rotated, by_other].concat();

    // The cookie is in the keyring only: not in the database, history, settings or any file.
    for sid in first.iter().chain(&rotated) {
        let hits = files_containing(s.data.path(), sid);
        assert!(hits.is_empty(), "the session is in {hits:?}");
    }

    // The session ends: a clear message, in the API and in an export's result.
    s.demo.end_sessions();
    let next_run = core_at(s.data.path());
    let ended = next_run.test_connection("demo").await.unwrap_err();
    assert_eq!(ended.code(), "grafana.session_ended");
    assert!(
        ended.to_string().contains("session ended — sign in again"),
        "{ended}"
    );
    let failed = next_run
        .export(&req, &|_| {})
        .await
        .map(|mut items| items.remove(0));
    let code = match failed {
        Ok(item) => item.error.expect("the export failed").code,
        Err(e) => e.code(),
    };
    assert_eq!(code, "grafana.session_ended");
    // Removing the connection removes its keyring entry.
    next_run.remove_connection("demo").unwrap();
    s.core.shutdown().await;
    next_run.shutdown().await;
}

/// The sign-in browser's processes (their profile folder, `panelshot-chromium-<pid>-signin-…`,
/// names them).
fn signin_browsers() -> Vec<i32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                let c = String::from_utf8_lossy(&c);
                c.contains("panelshot-chromium-") && c.contains("-signin-")
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_window_or_nobody_signing_in_ends_the_wait_with_its_own_message() {
    let _window = ONE_WINDOW.lock().await;
    let demo = demo_grafana::start(demo_grafana::Config::default())
        .await
        .unwrap();
    let base = url::Url::parse(&format!("{}/", demo.url())).unwrap();
    let opts = panelshot_core::grafana::ClientOptions {
        org_id: None,
        ca_cert_pem: None,
        insecure: false,
        timeout_secs: 10,
    };
    // Nobody signs in: the wait ends at its limit, and the window goes with it.
    let err = panelshot_core::signin::sign_in(
        &base,
        None,
        opts.clone(),
        std::time::Duration::from_secs(3),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "signin.timeout", "{err}");
    assert!(
        demo.requests().iter().any(|r| r.path == "/login"),
        "the login page was shown"
    );
    // The person closes the window (here: the browser goes away) while the login page waits.
    let waiting = tokio::spawn({
        let base = base.clone();
        let opts = opts.clone();
        async move {
            panelshot_core::signin::sign_in(&base, None, opts, std::time::Duration::from_secs(120))
                .await
        }
    });
    let since = std::time::Instant::now();
    let pids = loop {
        let pids = signin_browsers();
        let shown = demo
            .requests()
            .iter()
            .filter(|r| r.path == "/login")
            .count()
            >= 2;
        if !pids.is_empty() && shown {
            break pids;
        }
        assert!(
            since.elapsed().as_secs() < 60,
            "the sign-in window never opened"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    for pid in pids {
        // SAFETY: a signal to a process this test started (through the core).
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    let err = waiting.await.unwrap().unwrap_err();
    assert_eq!(err.code(), "signin.cancelled", "{err}");
    let left = signin_browsers();
    assert!(
        left.is_empty(),
        "the window's processes outlived it: {left:?}"
    );
}
