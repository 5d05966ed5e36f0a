//! Helpers for render tests: a core connected to a demo Grafana, and pixel checks.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use panelshot_core::export::{DEFAULT_TEMPLATE, Format};
use panelshot_core::render::RenderOptions;
use panelshot_core::secrets::{MemoryStore, Secret};
use panelshot_core::service::{
    AddConnection, AuthInput, Core, ExportItem, ExportRequest, ExportTarget,
};

/// Grafana's first series colour, which the demo draws its data in.
pub const DATA_GREEN: [u8; 3] = [0x73, 0xbf, 0x69];
/// The demo's loading spinner colour: it must never be in a finished capture.
pub const SPINNER: [u8; 3] = [0xff, 0x00, 0xd4];

pub struct Setup {
    pub demo: demo_grafana::Running,
    pub core: Core,
    pub data: tempfile::TempDir,
    pub out: tempfile::TempDir,
}

pub async fn setup() -> Setup {
    setup_on(
        demo_grafana::start(demo_grafana::Config::default())
            .await
            .expect("demo Grafana starts"),
    )
    .await
}

/// A core over `data` with one connection, "demo", to `url` with `token`.
pub fn core_with_connection(
    data: &Path,
    url: String,
    token: &str,
    ca_cert_pem: Option<String>,
    insecure: bool,
) -> Core {
    let core = Core::open(data, Arc::new(MemoryStore::default()))
        .unwrap()
        .with_env_token(None);
    core.add_connection(AddConnection {
        name: "demo".into(),
        url,
        org_id: Some(1),
        auth: AuthInput::Token(Secret::new(token)),
        ca_cert_pem,
        insecure,
        timeout_secs: None,
    })
    .unwrap();
    core
}

/// A core connected to this demo Grafana.
pub async fn setup_on(demo: demo_grafana::Running) -> Setup {
    let data = tempfile::tempdir().unwrap();
    let core = core_with_connection(data.path(), demo.url(), demo.token(), None, false);
    Setup {
        demo,
        core,
        data,
        out: tempfile::tempdir().unwrap(),
    }
}

/// The browsers Panelshot meets: Debian's headless shell (what discovery prefers, when
/// installed) and a full Chromium (what Windows and macOS users have, as Chrome or Edge). A full
/// browser builds its own interface for every window, so each must be tried.
pub fn browsers() -> Vec<(&'static str, PathBuf)> {
    let shell = PathBuf::from("/usr/lib/chromium/chromium-headless-shell");
    let mut out = vec![("full Chromium", PathBuf::from("/usr/lib/chromium/chromium"))];
    if shell.is_file() {
        out.push(("headless shell", shell));
    } else {
        eprintln!(
            "no headless shell at {}: tried full Chromium only",
            shell.display()
        );
    }
    out
}

/// `setup()` with this browser rather than the one discovery finds.
pub async fn setup_with_browser(chrome: &Path) -> Setup {
    let mut s = setup().await;
    s.core.set_renderer(panelshot_core::render::RendererConfig {
        chrome: Some(chrome.to_path_buf()),
        ..Default::default()
    });
    s
}

pub fn request(s: &Setup, uid: &str, panels: &[&str], options: RenderOptions) -> ExportRequest {
    ExportRequest {
        connection: "demo".into(),
        dashboard_uid: uid.into(),
        targets: panels
            .iter()
            .map(|p| ExportTarget::Panel(p.to_string()))
            .collect(),
        options,
        natural_size: false,
        format: Format::Png,
        quality: None,
        output: Some(s.out.path().to_path_buf()),
        overwrite: false,
        template: DEFAULT_TEMPLATE.into(),
        each: None,
        data: None,
    }
}

/// The whole long-scroll dashboard (sixteen lazy panels) at 1200 px wide.
pub fn lazy_dashboard_request(s: &Setup) -> ExportRequest {
    let mut req = request(s, "long-scroll", &[], opts(1200, 600));
    req.targets = vec![ExportTarget::Dashboard];
    req
}

/// How many data queries the demo Grafana answered.
pub fn queries_served(s: &Setup) -> usize {
    s.demo
        .requests()
        .iter()
        .filter(|r| r.path == "/api/ds/query")
        .count()
}

pub async fn export(s: &Setup, req: &ExportRequest) -> Vec<ExportItem> {
    s.core.export(req, &|_| {}).await.expect("export runs")
}

pub async fn export_one(s: &Setup, req: &ExportRequest) -> ExportItem {
    let mut items = export(s, req).await;
    assert_eq!(items.len(), 1);
    items.remove(0)
}

pub fn opts(width: u32, height: u32) -> RenderOptions {
    RenderOptions {
        width,
        height,
        timeout_secs: 20,
        ..Default::default()
    }
}

pub fn near(a: [u8; 3], b: [u8; 3], tol: u8) -> bool {
    a.iter().zip(b.iter()).all(|(x, y)| x.abs_diff(*y) <= tol)
}

pub fn count_colour(img: &image::RgbaImage, colour: [u8; 3], tol: u8) -> usize {
    img.pixels()
        .filter(|p| p[3] > 200 && near([p[0], p[1], p[2]], colour, tol))
        .count()
}

/// A finished chart: at least `min_data` pixels of the data colour and no spinner pixel.
pub fn assert_drawn(img: &image::RgbaImage, min_data: usize, what: &str) {
    assert!(
        count_colour(img, DATA_GREEN, 16) > min_data,
        "{what}: the data line is drawn"
    );
    assert_eq!(count_colour(img, SPINNER, 40), 0, "{what}: no spinner");
}

pub fn load(path: &Path) -> image::RgbaImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgba8()
}

pub fn path_of(item: &ExportItem) -> PathBuf {
    item.path
        .clone()
        .unwrap_or_else(|| panic!("export failed: {:?}", item.error))
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The everyday render: one panel of the node-exporter dashboard at 400×200.
pub async fn export_small(s: &Setup, panel: &str) -> ExportItem {
    export_one(
        s,
        &request(s, "node-exporter-full", &[panel], opts(400, 200)),
    )
    .await
}

/// Asserts that `pages` panel pages were asked for one at a time: each only after the previous
/// one ran its data query (two renders at once ask for their pages back to back).
pub fn assert_pages_one_at_a_time(requests: Vec<demo_grafana::RequestRecord>, pages: usize) {
    let log: Vec<String> = requests
        .into_iter()
        .filter(|r| r.path.starts_with("/d-solo/") || r.path == "/api/ds/query")
        .map(|r| r.path)
        .collect();
    let at: Vec<usize> = log
        .iter()
        .enumerate()
        .filter(|(_, p)| p.starts_with("/d-solo/"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at.len(), pages, "{log:?}");
    for pair in at.windows(2) {
        assert!(
            log[pair[0]..pair[1]].iter().any(|p| p == "/api/ds/query"),
            "two pages at once: {log:?}"
        );
    }
}

/// The command lines of the processes that use a profile under `dir`.
pub fn browser_command_lines(dir: &Path) -> Vec<String> {
    let needle = dir.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(&needle))
        .collect()
}

/// A render of one panel of the demo Grafana at `base`, with its token, straight through the
/// renderer (no service layer).
pub fn panel_job(
    base: &str,
    token: &str,
    uid: &str,
    slug: &str,
    options: RenderOptions,
    needs_query: Option<bool>,
) -> panelshot_core::render::RenderJob {
    panelshot_core::render::RenderJob {
        base: url::Url::parse(&format!("{base}/")).unwrap(),
        target: panelshot_core::render::PageTarget {
            dashboard_uid: uid.into(),
            slug: slug.into(),
            org_id: Some(1),
            panel: Some("1".into()),
        },
        options,
        auth: panelshot_core::render::OriginAuth {
            authorization: Some(Secret::new(format!("Bearer {token}"))),
            session: None,
            org_id: Some(1),
        },
        kind: panelshot_core::render::CaptureKind::Png,
        needs_query,
        waiting: Default::default(),
        trusted_key: None,
        want_data: false,
    }
}

/// A TLS acceptor with a self-signed certificate for 127.0.0.1 and localhost, and that
/// certificate as PEM (what a user gives `--ca-cert`).
pub fn self_signed_tls() -> (tokio_rustls::TlsAcceptor, String) {
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
    (
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        cert.cert.pem(),
    )
}

#[path = "process_tree.rs"]
mod process_tree;
pub use process_tree::process_tree;
