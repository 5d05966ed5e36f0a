//! One test per Grafana error code, each provoked for real over HTTP.

use std::path::Path;

use crate::common::{add_token_connection, demo, panelshot};
use demo_grafana::{Config, Fault};

async fn test_fails(data: &Path, name: &str, code: &str) -> String {
    let out = panelshot(data, &["connection", "test", name], None, &[]).await;
    out.fails_with(code);
    out.stderr
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_token_is_unauthorized() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "g", &g.url(), "glsa_wrong_token_00000000").await;
    let msg = test_fails(data.path(), "g", "grafana.unauthorized").await;
    assert!(msg.contains("token"), "says what to do: {msg}");
    assert!(!msg.contains("glsa_wrong_token"), "never echoes the token");
}

#[tokio::test(flavor = "multi_thread")]
async fn token_without_access_is_forbidden() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "g", &g.url(), &g.state.config.no_access_token).await;
    let msg = test_fails(data.path(), "g", "grafana.forbidden").await;
    assert!(msg.contains("Viewer role"), "{msg}");
}

#[tokio::test(flavor = "multi_thread")]
async fn closed_port_and_unknown_host_are_unreachable() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let data = tempfile::tempdir().unwrap();
    add_token_connection(
        data.path(),
        "closed",
        &format!("http://127.0.0.1:{port}"),
        "t",
    )
    .await;
    let msg = test_fails(data.path(), "closed", "grafana.unreachable").await;
    assert!(msg.contains("refused"), "{msg}");
    add_token_connection(
        data.path(),
        "nxdomain",
        "http://panelshot-test.invalid",
        "t",
    )
    .await;
    let msg = test_fails(data.path(), "nxdomain", "grafana.unreachable").await;
    assert!(msg.contains("resolved"), "{msg}");
}

#[tokio::test(flavor = "multi_thread")]
async fn html_or_foreign_json_is_not_grafana() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "g", &g.url(), g.token()).await;
    g.set_fault(Fault::Html);
    let msg = test_fails(data.path(), "g", "grafana.not_grafana").await;
    assert!(msg.contains("sub-path"), "{msg}");
    g.set_fault(Fault::None);
    // A server whose /api/health is missing is not Grafana either (e.g. wrong sub-path).
    add_token_connection(
        data.path(),
        "sub",
        &format!("{}/grafana/", g.url()),
        g.token(),
    )
    .await;
    test_fails(data.path(), "sub", "grafana.not_grafana").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_times_out() {
    let g = demo().await;
    g.set_fault(Fault::Hang);
    let data = tempfile::tempdir().unwrap();
    panelshot(
        data.path(),
        &[
            "connection",
            "add",
            "g",
            "--url",
            &g.url(),
            "--timeout",
            "1",
            "--token-stdin",
        ],
        Some(g.token()),
        &[],
    )
    .await
    .ok();
    let msg = test_fails(data.path(), "g", "grafana.timeout").await;
    assert!(msg.contains("1 s"), "{msg}");
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_is_a_bad_response() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "g", &g.url(), g.token()).await;
    panelshot(data.path(), &["panels", "g", "broken-json"], None, &[])
        .await
        .fails_with("grafana.bad_response");
    g.set_fault(Fault::Malformed);
    test_fails(data.path(), "g", "grafana.bad_response").await;
    // A 5xx is Grafana failing, not an answer misread: its own code, with the status.
    g.set_fault(Fault::ServerError);
    let msg = test_fails(data.path(), "g", "grafana.server_error").await;
    assert!(msg.contains("HTTP 500"), "{msg}");
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_dashboard_is_not_found() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "g", &g.url(), g.token()).await;
    let out = panelshot(
        data.path(),
        &["panels", "g", "no-such-dashboard"],
        None,
        &[],
    )
    .await;
    out.fails_with("grafana.not_found");
    assert!(out.stderr.contains("no-such-dashboard"));
}

#[tokio::test(flavor = "multi_thread")]
async fn grafana_older_than_9_is_unsupported() {
    let g = demo_grafana::start(Config {
        version: "8.5.27".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "old", &g.url(), g.token()).await;
    let msg = test_fails(data.path(), "old", "grafana.unsupported").await;
    assert!(msg.contains("8.5.27"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_urls_are_refused_at_add() {
    let data = tempfile::tempdir().unwrap();
    for url in ["ftp://grafana", "http://user:pw@grafana.local", ""] {
        panelshot(
            data.path(),
            &["connection", "add", "x", "--url", url],
            None,
            &[],
        )
        .await
        .fails_with("grafana.invalid_url");
    }
}
