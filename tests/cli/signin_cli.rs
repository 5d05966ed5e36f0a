//! `connection add --sign-in` and `connection login`: Grafana's login page and single sign-on
//! in a real browser window (Xvfb), and the clear answer where there is no desktop.

use crate::common::{all_bytes, contains, export_demo, json, panelshot};

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_from_the_terminal_then_export_with_the_session() {
    let demo = demo_grafana::start_with_sso().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let added = panelshot(
        data.path(),
        &[
            "connection",
            "add",
            "demo",
            "--url",
            &demo.url(),
            "--sign-in",
        ],
        None,
        &[],
    )
    .await;
    added.ok();
    assert!(
        added.stdout.contains("Signed in to demo as admin"),
        "{}",
        added.stdout
    );
    assert!(added.stderr.contains("login page"), "{}", added.stderr);
    let list = panelshot(data.path(), &["connection", "list", "--json"], None, &[]).await;
    let list = json(list.ok());
    assert_eq!(
        (list[0]["auth"].as_str(), list[0]["username"].as_str()),
        (Some("session"), Some("admin"))
    );

    let exported = export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &[
            "-o",
            out.path().to_str().unwrap(),
            "--width",
            "400",
            "--height",
            "200",
        ],
        &[],
    )
    .await;
    exported.ok();
    let sessions = demo.state.sessions.lock().unwrap().clone();
    assert_eq!(sessions.len(), 1);
    assert!(
        !contains(&all_bytes(data.path()), &sessions[0]),
        "the session cookie is in the data folder"
    );
    assert!(demo.leaks().is_empty(), "{:?}", demo.leaks());

    // Signed out by Grafana: the message says to sign in again, and `login` does.
    demo.end_sessions();
    let ended = panelshot(data.path(), &["connection", "test", "demo"], None, &[]).await;
    ended.fails_with("grafana.session_ended");
    assert!(ended.stderr.contains("sign in again"), "{}", ended.stderr);
    panelshot(data.path(), &["connection", "login", "demo"], None, &[])
        .await
        .ok();
    panelshot(data.path(), &["connection", "test", "demo"], None, &[])
        .await
        .ok();
    panelshot(data.path(), &["connection", "remove", "demo"], None, &[])
        .await
        .ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_desktop_login_explains_what_to_do() {
    let demo = demo_grafana::start(demo_grafana::Config::default())
        .await
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    panelshot(
        data.path(),
        &["connection", "add", "demo", "--url", &demo.url()],
        None,
        &[],
    )
    .await
    .ok();
    let no_desktop = [("DISPLAY", ""), ("WAYLAND_DISPLAY", "")];
    let out = panelshot(
        data.path(),
        &["connection", "login", "demo"],
        None,
        &no_desktop,
    )
    .await;
    out.fails_with("signin.no_desktop");
    assert!(
        out.stderr.contains("no desktop") && out.stderr.contains("--token-stdin"),
        "{}",
        out.stderr
    );
    assert!(
        demo.requests()
            .iter()
            .all(|r| !r.path.starts_with("/login")),
        "no window, no login page"
    );
}
