//! Input is checked where it enters: times, dates, output paths, ranges and the token in the
//! environment, each refused with what to do (or honoured) before anything renders.

use crate::common::{add_token_connection, demo, export_demo, json, panelshot};
use crate::render_support::{assert_pages_one_at_a_time, files_in};

#[tokio::test(flavor = "multi_thread")]
async fn times_and_dates_are_parsed_as_grafana_does() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    for (from, to) in [
        ("yesterday", "now"),
        ("2026-13-45", "now"),
        ("now-7x", "now"),
    ] {
        let run = export_demo(
            d,
            "node-exporter-full",
            "1",
            &["--from", from, "--to", to, "-o", o],
            &[],
        )
        .await;
        run.fails_with("render.invalid_option");
        assert!(
            run.stderr.contains("now-7d"),
            "says what to type: {}",
            run.stderr
        );
    }
    let inverted = export_demo(
        d,
        "node-exporter-full",
        "1",
        &["--from", "now", "--to", "now-7d", "-o", o],
        &[],
    )
    .await;
    inverted.fails_with("render.invalid_option");
    assert!(inverted.stderr.contains("backwards"), "{}", inverted.stderr);
    let saved = panelshot(
        d,
        &["preset", "save", "Bad", "--from", "yesterday"],
        None,
        &[],
    )
    .await;
    assert_ne!(saved.status, 0, "a preset with a bad time is not saved");
    assert!(
        files_in(out.path()).is_empty(),
        "nothing rendered for bad input"
    );

    // Good forms render, and an absolute date reaches Grafana as epoch milliseconds.
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &[
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02 12:00",
            "--tz",
            "utc",
            "-o",
            o,
        ],
        &[],
    )
    .await
    .ok();
    let asked = g
        .requests()
        .into_iter()
        .find(|r| r.path.starts_with("/d-solo/") && r.query.contains("from="))
        .expect("the page was asked");
    assert!(
        asked.query.contains("from=1793491200000") && asked.query.contains("to=1793620800000"),
        "{}",
        asked.query
    );

    // Nothing stored carries a bad value: history filters are checked too.
    for bad in ["yesterday", "2026-13-45"] {
        let h = panelshot(d, &["history", "--since", bad], None, &[]).await;
        h.fails_with("input.invalid");
    }
    let swapped = panelshot(
        d,
        &["history", "--since", "2026-11-02", "--until", "2026-11-01"],
        None,
        &[],
    )
    .await;
    swapped.fails_with("input.invalid");
    let rows = json(
        panelshot(
            d,
            &["history", "--since", "2000-01-01", "--json"],
            None,
            &[],
        )
        .await
        .ok(),
    );
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
}

#[tokio::test(flavor = "multi_thread")]
async fn output_paths_must_make_sense() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let out = tempfile::tempdir().unwrap();
    let at = |name: &str| out.path().join(name).to_string_lossy().into_owned();

    export_demo(d, "node-exporter-full", "1", &["-o", "/dev/null"], &[])
        .await
        .fails_with("export.invalid_output");
    assert!(!std::path::Path::new("/dev/null-1").exists());
    let gif = export_demo(d, "node-exporter-full", "1", &["-o", &at("x.gif")], &[]).await;
    gif.fails_with("export.invalid_output");
    assert!(gif.stderr.contains(".png"), "{}", gif.stderr);
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &["--format", "jpeg", "-o", &at("x.png")],
        &[],
    )
    .await
    .fails_with("export.invalid_output");
    let two = panelshot(
        d,
        &[
            "export",
            "demo",
            "node-exporter-full",
            "--panel",
            "1",
            "--panel",
            "2",
            "-o",
            &at("two.png"),
        ],
        None,
        &[],
    )
    .await;
    two.fails_with("export.invalid_output");
    assert!(two.stderr.contains("folder"), "{}", two.stderr);
    assert!(
        files_in(out.path()).is_empty(),
        "nothing written: {:?}",
        files_in(out.path())
    );

    // The file's name says the format when no --format is given.
    export_demo(d, "node-exporter-full", "1", &["-o", &at("slide.jpg")], &[])
        .await
        .ok();
    let bytes = std::fs::read(at("slide.jpg")).unwrap();
    assert_eq!(&bytes[..3], b"\xFF\xD8\xFF", "JPEG bytes in the .jpg");

    // Out-of-range numbers are refused, not clamped.
    let zero = export_demo(
        d,
        "node-exporter-full",
        "1",
        &["--concurrency", "0", "-o", &at("z.png")],
        &[],
    )
    .await;
    assert_ne!(zero.status, 0, "{}", zero.stderr);
    assert!(zero.stderr.contains("concurrency"), "{}", zero.stderr);
    let slow = panelshot(
        d,
        &["connection", "edit", "demo", "--timeout", "100000"],
        None,
        &[],
    )
    .await;
    assert_ne!(slow.status, 0, "{}", slow.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn connection_add_says_what_it_stored_when_the_token_is_in_the_environment() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let env = [("PANELSHOT_TOKEN", g.token())];
    let add = panelshot(
        d,
        &["connection", "add", "envtok", "--url", &g.url()],
        None,
        &env,
    )
    .await;
    add.ok();
    assert!(add.stdout.contains("no token stored"), "{}", add.stdout);
    assert!(
        !add.stdout.contains("stored in the OS keyring"),
        "no false claim: {}",
        add.stdout
    );
    assert!(!add.stdout.contains(g.token()), "never echoed");
    // The variable is what signs in; without it there is nothing.
    panelshot(d, &["connection", "test", "envtok"], None, &env)
        .await
        .ok();
    panelshot(d, &["connection", "test", "envtok"], None, &[])
        .await
        .fails_with("keyring.missing_secret");
    // Asked to store, it stores: then no variable is needed.
    let stored = panelshot(
        d,
        &[
            "connection",
            "add",
            "kept",
            "--url",
            &g.url(),
            "--token-stdin",
        ],
        Some(&format!("{}\n", g.token())),
        &env,
    )
    .await;
    assert!(stored.ok().stdout.contains("stored in the OS keyring"));
    panelshot(d, &["connection", "test", "kept"], None, &[])
        .await
        .ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn exports_and_jobs_wait_as_long_as_the_timeout_setting_says() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    save_settings(
        d,
        panelshot_core::service::SettingsUpdate {
            timeout_secs: Some(3),
            ..Default::default()
        },
    );
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    let run = export_demo(d, "never-finishes", "2", &["-o", o], &[]).await;
    run.fails_with("render.timeout");
    assert!(run.stderr.contains("after 3 s"), "{}", run.stderr);
    panelshot(
        d,
        &[
            "job",
            "save",
            "Stuck",
            "--connection",
            "demo",
            "--panel",
            "never-finishes:2",
            "-o",
            o,
        ],
        None,
        &[],
    )
    .await
    .ok();
    let job = panelshot(d, &["job", "run", "Stuck"], None, &[]).await;
    job.fails_with("render.timeout");
    assert!(job.stderr.contains("after 3 s"), "{}", job.stderr);
    // The flag still wins.
    let flag = export_demo(d, "never-finishes", "2", &["--timeout", "2", "-o", o], &[]).await;
    assert!(flag.stderr.contains("after 2 s"), "{}", flag.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_concurrency_setting_holds_unless_the_flag_is_given() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    save_settings(
        d,
        panelshot_core::service::SettingsUpdate {
            concurrency: Some(1),
            ..Default::default()
        },
    );
    let out = tempfile::tempdir().unwrap();
    let o = format!("{}/", out.path().display());
    panelshot(
        d,
        &[
            "export",
            "demo",
            "node-exporter-full",
            "--panel",
            "1",
            "--panel",
            "2",
            "--panel",
            "3",
            "-o",
            &o,
        ],
        None,
        &[],
    )
    .await
    .ok();
    // One render at a time: each page is asked for only after the previous one ran its query.
    assert_pages_one_at_a_time(g.requests(), 3);
    // And the flag changes one run, not the setting.
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &["--concurrency", "3", "-o", &o],
        &[],
    )
    .await
    .ok();
    assert_eq!(open_core(d).settings().unwrap().concurrency, 1);
}

/// The data folder's core, as the window would open it (settings only: no keyring needed).
fn open_core(d: &std::path::Path) -> panelshot_core::service::Core {
    panelshot_core::service::Core::open(
        d,
        std::sync::Arc::new(panelshot_core::secrets::MemoryStore::default()),
    )
    .unwrap()
}

/// Saves settings the way the Settings screen does.
fn save_settings(d: &std::path::Path, update: panelshot_core::service::SettingsUpdate) {
    open_core(d).update_settings(&update).unwrap();
}
