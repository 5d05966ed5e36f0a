//! The render browser checks certificates as the API client does: a Grafana behind a
//! certificate nobody vouched for gets no request (and so no token); with the connection's CA,
//! or with certificate checks turned off for that connection, the panel renders.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use panelshot_core::error::Coded;
use panelshot_core::render::{Renderer, RendererConfig};
use panelshot_core::service::Core;
use tokio::net::{TcpListener, TcpStream};

use crate::render_support::*;

/// HTTPS in front of the demo Grafana, with a self-signed certificate for 127.0.0.1. Counts the
/// handshakes that succeeded: a client that refuses the certificate sends no HTTP at all.
struct TlsFront {
    port: u16,
    ca_pem: String,
    handshakes: Arc<AtomicUsize>,
}

impl TlsFront {
    fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }
}

async fn tls_front(backend: std::net::SocketAddr) -> TlsFront {
    let (acceptor, ca_pem) = self_signed_tls();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handshakes = Arc::new(AtomicUsize::new(0));
    let count = handshakes.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, count) = (acceptor.clone(), count.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut plain) = TcpStream::connect(backend).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    TlsFront {
        port,
        ca_pem,
        handshakes,
    }
}

fn core_with(front: &TlsFront, token: &str, ca: bool, insecure: bool) -> (Core, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let ca = ca.then(|| front.ca_pem.clone());
    let core = core_with_connection(data.path(), front.url(), token, ca, insecure);
    (core, data)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_certificate_gets_no_request_and_no_token() {
    let s = setup().await;
    let front = tls_front(s.demo.addr).await;
    let renderer = Renderer::new(RendererConfig::default());
    let err = renderer
        .render(panel_job(
            &front.url(),
            s.demo.token(),
            "node-exporter-full",
            "node-exporter-full",
            opts(400, 200),
            Some(true),
        ))
        .await
        .expect_err("an untrusted certificate must not render");
    assert_eq!(err.code(), "grafana.tls", "{err}");
    assert_eq!(front.handshakes.load(Ordering::SeqCst), 0);
    assert!(
        s.demo.requests().is_empty(),
        "requests reached Grafana: {:?}",
        s.demo.requests()
    );
    renderer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_connections_ca_or_its_accept_invalid_setting_lets_the_panel_render() {
    let s = setup().await;
    let front = tls_front(s.demo.addr).await;
    for (what, ca, insecure) in [
        ("with-its-ca.png", true, false),
        ("checks-off.png", false, true),
    ] {
        let (core, _data) = core_with(&front, s.demo.token(), ca, insecure);
        let mut req = request(&s, "node-exporter-full", &["1"], opts(400, 200));
        req.output = Some(s.out.path().join(what));
        let items = core.export(&req, &|_| {}).await.expect("export runs");
        assert!(items[0].ok(), "{what}: {:?}", items[0].error);
        let img = load(&path_of(&items[0]));
        assert_drawn(&img, 50, what);
        core.shutdown().await;
    }
    assert!(front.handshakes.load(Ordering::SeqCst) > 0);
    let renders: Vec<_> = s
        .demo
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/d-solo/"))
        .collect();
    assert!(renders.len() >= 2, "{renders:?}");
    assert!(renders.iter().all(|r| r.auth == "bearer"));
}

#[tokio::test(flavor = "multi_thread")]
async fn without_its_ca_the_connection_fails_before_any_render() {
    let s = setup().await;
    let front = tls_front(s.demo.addr).await;
    let (core, _data) = core_with(&front, s.demo.token(), false, false);
    let req = request(&s, "node-exporter-full", &["1"], opts(400, 200));
    let items = core.export(&req, &|_| {}).await;
    let code = match &items {
        Ok(items) => items[0].error.as_ref().map(|e| e.code),
        Err(e) => Some(e.code()),
    };
    assert_eq!(code.map(|c| c.as_str()), Some("grafana.tls"), "{items:?}");
    assert!(
        s.demo
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/d-solo/")),
        "no page was rendered"
    );
    core.shutdown().await;
}
