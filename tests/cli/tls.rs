//! A self-signed HTTPS "Grafana": refused without its CA, trusted with `--ca-cert`, and reachable
//! with `--insecure` (with a warning).

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::common::panelshot;

/// Answers `/api/health` and `/api/org` like Grafana, over TLS with a self-signed certificate.
async fn tls_grafana() -> (u16, String) {
    let (acceptor, pem) = crate::render_support::self_signed_tls();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let n = tls.read(&mut buf).await.unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]);
                let body = if req.starts_with("GET /api/health") {
                    r#"{"database":"ok","version":"11.6.0","commit":"abc"}"#
                } else {
                    r#"{"id":1,"name":"TLS Org"}"#
                };
                let res = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(res.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, pem)
}

#[tokio::test(flavor = "multi_thread")]
async fn self_signed_needs_its_ca() {
    let (port, pem) = tls_grafana().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let url = format!("https://localhost:{port}");
    panelshot(
        d,
        &["connection", "add", "plain", "--url", &url, "--token-stdin"],
        Some("t"),
        &[],
    )
    .await
    .ok();
    let out = panelshot(d, &["connection", "test", "plain"], None, &[]).await;
    out.fails_with("grafana.tls");
    assert!(out.stderr.contains("--ca-cert"), "{}", out.stderr);

    let ca = d.join("ca.pem");
    std::fs::write(&ca, &pem).unwrap();
    panelshot(
        d,
        &[
            "connection",
            "add",
            "with-ca",
            "--url",
            &url,
            "--ca-cert",
            ca.to_str().unwrap(),
            "--token-stdin",
        ],
        Some("t"),
        &[],
    )
    .await
    .ok();
    let ok = panelshot(d, &["connection", "test", "with-ca"], None, &[]).await;
    ok.ok();
    assert!(
        ok.stdout.contains("Grafana 11.6.0") && ok.stdout.contains("TLS Org"),
        "{}",
        ok.stdout
    );

    let insecure = panelshot(
        d,
        &[
            "connection",
            "add",
            "insecure",
            "--url",
            &url,
            "--insecure",
            "--token-stdin",
        ],
        Some("t"),
        &[],
    )
    .await;
    insecure.ok();
    assert!(insecure.stderr.contains("certificate checks are OFF"));
    panelshot(d, &["connection", "test", "insecure"], None, &[])
        .await
        .ok();

    let not_pem = d.join("not.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    panelshot(
        d,
        &[
            "connection",
            "add",
            "bad-ca",
            "--url",
            &url,
            "--ca-cert",
            not_pem.to_str().unwrap(),
        ],
        None,
        &[],
    )
    .await
    .fails_with("grafana.config");
}
