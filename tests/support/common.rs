//! Shared helpers: the demo Grafana in-process, a private data directory, and the real
//! `panelshot` binary run as a user would.
#![allow(dead_code)]

use std::path::Path;
use std::process::Stdio;

use tokio::io::AsyncWriteExt;

/// The binary under test: `panelshot-cli`, or `panelshot` in the app's tests.
pub const BIN: &str = crate::BIN;

pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.status, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    /// Asserts a failure with exit status 1 and this error code on stderr.
    pub fn fails_with(&self, code: &str) -> &Self {
        assert_eq!(
            self.status, 1,
            "expected failure {code}; stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.starts_with(&format!("error[{code}]: ")),
            "expected {code}, got: {}",
            self.stderr
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "errors are one line: {}",
            self.stderr
        );
        self
    }
}

/// The `--json` output of a command.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// Runs `panelshot ARGS` with its own data dir, optional stdin and extra environment.
pub async fn panelshot(
    data: &Path,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args)
        .env("PANELSHOT_DATA_DIR", data)
        .env_remove("PANELSHOT_TOKEN")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("panelshot starts");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(input.as_bytes()).await.expect("write stdin");
        drop(pipe);
    }
    let out = child.wait_with_output().await.expect("panelshot finishes");
    Output {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `panelshot export demo DASHBOARD --panel PANEL EXTRA…`: one panel of the demo Grafana
/// through the CLI (the connection is called `demo` in every CLI test).
pub async fn export_demo(
    data: &Path,
    dashboard: &str,
    panel: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let mut args = vec!["export", "demo", dashboard, "--panel", panel];
    args.extend_from_slice(extra);
    panelshot(data, &args, None, env).await
}

pub async fn demo() -> demo_grafana::Running {
    demo_grafana::start(demo_grafana::Config::default())
        .await
        .expect("demo Grafana starts")
}

/// A unique connection name: tests share one Secret Service, and keyring keys include ids
/// that restart per data dir, so names only need to be unique per data dir.
pub async fn add_token_connection(data: &Path, name: &str, url: &str, token: &str) {
    panelshot(
        data,
        &["connection", "add", name, "--url", url, "--token-stdin"],
        Some(&format!("{token}\n")),
        &[],
    )
    .await
    .ok();
}

/// Every byte of every file under `dir` (the database and its WAL).
pub fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("data dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            out.extend(std::fs::read(&path).expect("read"));
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
