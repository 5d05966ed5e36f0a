//! The log: each render and Grafana's answers in the data folder's `logs/`, on stderr with
//! `--verbose`, and never a token.

use crate::common::{add_token_connection, demo, export_demo};

fn log_text(data: &std::path::Path) -> String {
    let dir = data.join("logs");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).expect("a logs folder") {
        let path = entry.unwrap().path();
        assert!(
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("panelshot"),
            "{path:?}"
        );
        text.push_str(&std::fs::read_to_string(&path).unwrap());
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn renders_and_grafanas_answers_are_logged_without_the_token() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "demo", &g.url(), g.token()).await;
    let size = [
        "-o",
        out.path().to_str().unwrap(),
        "--width",
        "400",
        "--height",
        "200",
    ];

    let quiet = export_demo(data.path(), "node-exporter-full", "1", &size, &[]).await;
    quiet.ok();
    assert!(!quiet.stderr.contains("rendered"), "{}", quiet.stderr);
    let log = log_text(data.path());
    let line = log
        .lines()
        .find(|l| l.contains("rendered"))
        .unwrap_or_else(|| panic!("no render in the log:\n{log}"));
    for field in [
        "dashboard=node-exporter-full",
        "panel=1",
        "width=400",
        "height=200",
        "signal=",
        "ms=",
    ] {
        assert!(line.contains(field), "{field} missing from {line}");
    }
    assert!(!log.contains(g.token()), "the token is in the log");

    let verbose = export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &[&size[..], &["--verbose"]].concat(),
        &[],
    )
    .await;
    verbose.ok();
    assert!(verbose.stderr.contains("rendered"), "{}", verbose.stderr);
    assert!(
        verbose.stderr.contains("render step"),
        "steps at debug: {}",
        verbose.stderr
    );
    assert!(
        verbose
            .stderr
            .contains("path=api/dashboards/uid/node-exporter-full"),
        "Grafana's answers: {}",
        verbose.stderr
    );
    assert!(!verbose.stderr.contains(g.token()));
    assert!(!log_text(data.path()).contains(g.token()));
}
