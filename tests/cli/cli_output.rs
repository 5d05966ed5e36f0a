//! What the command line prints: once per failure, and no panic when its reader goes away.

use crate::common::{add_token_connection, demo, export_demo};

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_single_export_is_told_once() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "demo", &g.url(), g.token()).await;
    let out = tempfile::tempdir().unwrap();
    let run = export_demo(
        data.path(),
        "node-exporter-full",
        "999",
        &["-o", out.path().to_str().unwrap()],
        &[],
    )
    .await;
    run.fails_with("grafana.not_found");
    assert!(
        !run.stdout.contains("not found"),
        "the error is not repeated on stdout: {}",
        run.stdout
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let data = tempfile::tempdir().unwrap();
    // A pipe whose reading end is already closed: the first write meets EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(crate::BIN)
        .args(["preset", "list", "--json"])
        .env("PANELSHOT_DATA_DIR", data.path())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn data_csv_is_written_beside_the_image_and_named_in_the_output() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "demo", &g.url(), g.token()).await;
    let out = tempfile::tempdir().unwrap();
    let run = export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &[
            "-o",
            out.path().to_str().unwrap(),
            "--width",
            "600",
            "--height",
            "300",
            "--tz",
            "Europe/Berlin",
            "--data",
            "csv",
        ],
        &[],
    )
    .await;
    run.ok();
    let line = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("data → "))
        .unwrap_or_else(|| panic!("no data line: {}", run.stdout));
    let csv = std::path::PathBuf::from(line.trim_start().trim_start_matches("data → "));
    assert_eq!(csv.parent(), Some(out.path()));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("Time (Europe/Berlin),Value\n"), "{text}");
    assert!(text.lines().count() > 10, "{text}");
    // A kind the command does not know is refused with the ones it does.
    let bad = export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &["--data", "json"],
        &[],
    )
    .await;
    assert_ne!(bad.status, 0);
    assert!(bad.stderr.contains("csv"), "{}", bad.stderr);
}
