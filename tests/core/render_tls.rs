//! The render browser checks certificates as the API client does: a Grafana behind a
//! certificate nobody vouched for gets no request (and so no token); with the connection's CA,
//! or with certificate checks turned off for that connection, the panel renders.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use panelshot_core::error::Coded;
use panelshot_core::render::{
    CaptureKind, OriginAuth, PageTarget, RenderJob, Renderer, RendererConfig,
};
use panelshot_core::secrets::{MemoryStore, Secret};
use panelshot_core::service::{AddConnection, AuthInput, Core};
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
    let cert =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
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
        ca_pem: cert.cert.pem(),
        handshakes,
    }
}

async fn core_with(
    front: &TlsFront,
    token: &str,
    ca: bool,
    insecure: bool,
) -> (Core, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let core = Core::open(data.path(), Arc::new(MemoryStore::default()))
        .unwrap()
        .with_env_token(None);
    core.add_connection(AddConnection {
        name: "demo".into(),
        url: front.url(),
        org_id: Some(1),
        auth: AuthInput::Token(Secret::new(token)),
        ca_cert_pem: ca.then(|| front.ca_pem.clone()),
        insecure,
        timeout_secs: None,
    })
    .unwrap();
    (core, data)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_certificate_gets_no_request_and_no_token() {
    let s = setup().await;
    let front = tls_front(s.demo.addr).await;
    let renderer = Renderer::new(RendererConfig::default());
    let err = renderer
        .render(RenderJob {
            base: url::Url::parse(&format!("{}/", front.url())).unwrap(),
            target: PageTarget {
                dashboard_uid: "node-exporter-full".into(),
                slug: "node-exporter-full".into(),
                org_id: Some(1),
                panel: Some("1".into()),
            },
            options: opts(400, 200),
            auth: OriginAuth {
                authorization: Some(Secret::new(format!("Bearer {}", s.demo.token()))),
                org_id: Some(1),
            },
            kind: CaptureKind::Png,
            needs_query: Some(true),
            waiting: Default::default(),
            trusted_key: None,
        })
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
        let (core, _data) = core_with(&front, s.demo.token(), ca, insecure).await;
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
    let (core, _data) = core_with(&front, s.demo.token(), false, false).await;
    let req = request(&s, "node-exporter-full", &["1"], opts(400, 200));
    let items = core.export(&req, &|_| {}).await;
    let code = match &items {
        Ok(items) => items[0].error.as_ref().map(|e| e.code.clone()),
        Err(e) => Some(e.code().to_string()),
    };
    assert_eq!(code.as_deref(), Some("grafana.tls"), "{items:?}");
    assert!(
        s.demo
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/d-solo/")),
        "no page was rendered"
    );
    core.shutdown().await;
}
