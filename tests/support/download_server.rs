//! A stand-in for Chrome for Testing's download site on 127.0.0.1: a version list in the
//! published format and headless-shell archives built from this system's own headless shell,
//! served whole, cut off mid-way, stalled, or truncated.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Debian's headless shell and the files it needs beside it (found by running it alone).
const SYSTEM_SHELL_DIR: &str = "/usr/lib/chromium";
const SHELL_FILES: [&str; 6] = [
    "icudtl.dat",
    "v8_context_snapshot.bin",
    "snapshot_blob.bin",
    "headless_lib_data.pak",
    "headless_lib_strings.pak",
    "headless_command_resources.pak",
];

/// How a path is served.
#[derive(Clone)]
pub enum Serve {
    /// The body, whole, with its length.
    Whole(Arc<Vec<u8>>),
    /// Announces the whole length, sends this many bytes, then closes the connection.
    CutAt(Arc<Vec<u8>>, usize),
    /// Announces the whole length, sends this many bytes, then sends nothing more.
    StallAt(Arc<Vec<u8>>, usize),
    Status(u16),
}

pub struct DownloadServer {
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Serve>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl DownloadServer {
    pub async fn start() -> DownloadServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Serve>>> = Arc::default();
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (r, h) = (routes.clone(), hits.clone());
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                tokio::spawn(answer(sock, r.clone(), h.clone()));
            }
        });
        DownloadServer { base, routes, hits }
    }

    pub fn route(&self, path: &str, serve: Serve) {
        self.routes.lock().unwrap().insert(path.to_string(), serve);
    }

    pub fn hits(&self, path: &str) -> usize {
        *self.hits.lock().unwrap().get(path).unwrap_or(&0)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A version list in Chrome for Testing's format whose stable linux64 headless shell is at
    /// `archive` (relative, as a mirror may write it).
    pub fn list(&self, path: &str, version: &str, archive: &str) {
        let json = format!(
            r#"{{"timestamp":"2026-11-20T10:09:12.345Z","channels":{{"Stable":{{"channel":"Stable","version":"{version}","revision":"1509326","downloads":{{"chrome":[{{"platform":"linux64","url":"https://storage.googleapis.com/x/chrome-linux64.zip"}}],"chrome-headless-shell":[{{"platform":"mac-arm64","url":"https://storage.googleapis.com/x/chrome-headless-shell-mac-arm64.zip"}},{{"platform":"linux64","url":"{archive}"}}]}}}}}}}}"#
        );
        self.route(path, Serve::Whole(Arc::new(json.into_bytes())));
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

async fn answer(
    mut sock: tokio::net::TcpStream,
    routes: Arc<Mutex<HashMap<String, Serve>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match sock.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let serve = routes.lock().unwrap().get(&path).cloned();
    let header = |status: &str, len: usize| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {len}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        )
    };
    match serve {
        None => {
            let _ = sock.write_all(header("404 Not Found", 0).as_bytes()).await;
        }
        Some(Serve::Status(code)) => {
            let _ = sock
                .write_all(header(&format!("{code} Status"), 0).as_bytes())
                .await;
        }
        Some(Serve::Whole(body)) => {
            let _ = sock
                .write_all(header("200 OK", body.len()).as_bytes())
                .await;
            let _ = sock.write_all(&body).await;
        }
        Some(Serve::CutAt(body, at)) => {
            let _ = sock
                .write_all(header("200 OK", body.len()).as_bytes())
                .await;
            let _ = sock.write_all(&body[..at]).await;
            let _ = sock.shutdown().await;
        }
        Some(Serve::StallAt(body, at)) => {
            let _ = sock
                .write_all(header("200 OK", body.len()).as_bytes())
                .await;
            let _ = sock.write_all(&body[..at]).await;
            tokio::time::sleep(std::time::Duration::from_secs(120)).await;
        }
    }
}

/// A zip laid out as Chrome for Testing's `chrome-headless-shell-linux64.zip`, holding this
/// system's headless shell (renamed) and its data files, built once per test run. The big files
/// are stored, a small text entry deflated, as in the published archives.
pub fn shell_archive() -> Arc<Vec<u8>> {
    static ARCHIVE: OnceLock<Arc<Vec<u8>>> = OnceLock::new();
    ARCHIVE
        .get_or_init(|| {
            let dir = Path::new(SYSTEM_SHELL_DIR);
            let mut files: Vec<(String, PathBuf, u32)> = vec![(
                "chrome-headless-shell".into(),
                dir.join("chromium-headless-shell"),
                0o755,
            )];
            files.extend(
                SHELL_FILES
                    .iter()
                    .map(|f| (f.to_string(), dir.join(f), 0o644)),
            );
            let mut extra = vec![(
                "ABOUT.txt".to_string(),
                b"Chrome for Testing stand-in\n".repeat(50),
                0o644,
            )];
            for (name, path, mode) in files {
                extra.push((
                    name,
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
                    mode,
                ));
            }
            Arc::new(zip_of("chrome-headless-shell-linux64", &extra))
        })
        .clone()
}

/// A zip with `entries` (name, bytes, unix mode) under `top/`.
pub fn zip_of(top: &str, entries: &[(String, Vec<u8>, u32)]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.add_directory(format!("{top}/"), SimpleFileOptions::default())
        .unwrap();
    for (name, bytes, mode) in entries {
        let method = if bytes.len() < 1 << 16 {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let opts = SimpleFileOptions::default()
            .compression_method(method)
            .unix_permissions(*mode)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        let path = if top.is_empty() {
            name.clone()
        } else {
            format!("{top}/{name}")
        };
        w.start_file(path, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A fresh data folder for one test.
pub fn data_dir() -> tempfile::TempDir {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    tempfile::Builder::new()
        .prefix(&format!("panelshot-install-{n}-"))
        .tempdir()
        .unwrap()
}

/// Everything in `<data>/browser`, recursively, as relative paths (what an install left).
pub fn left_in(browser_dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            out.push(p.strip_prefix(root).unwrap().display().to_string());
            if p.is_dir() {
                walk(&p, root, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(browser_dir, browser_dir, &mut out);
    out.sort();
    out
}
