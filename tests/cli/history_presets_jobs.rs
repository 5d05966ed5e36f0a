//! History, presets and saved jobs end to end: the CLI binary, the demo Grafana, real Chromium
//! and a real SQLite file.

use crate::common::{add_token_connection, demo, export_demo, json, panelshot};
use crate::render_support::{files_in, load};

#[tokio::test(flavor = "multi_thread")]
async fn export_is_recorded_with_a_thumbnail_and_reexport_adds_a_row() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let o = out.path().to_str().unwrap();
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &[
            "--width",
            "1280",
            "--height",
            "720",
            "--tz",
            "Asia/Tokyo",
            "-o",
            o,
        ],
        &[],
    )
    .await
    .ok();
    let h = json(panelshot(d, &["history", "--json"], None, &[]).await.ok());
    let first = &h[0];
    assert_eq!(first["status"], "ok");
    assert_eq!(first["dashboardTitle"], "Node Exporter Full");
    assert_eq!(first["panelTitle"], "Latency 1");
    assert_eq!(
        (first["widthPx"].as_u64(), first["heightPx"].as_u64()),
        (Some(1280), Some(720))
    );
    assert_eq!(first["hasThumbnail"], true);
    assert_eq!(
        first["options"]["options"]["timezone"], "Asia/Tokyo",
        "the complete options are kept"
    );
    assert!(first["bytes"].as_u64().unwrap() > 1000);

    let id = first["id"].as_i64().unwrap().to_string();
    let again = panelshot(d, &["history", "reexport", &id, "--json"], None, &[]).await;
    let item = json(again.ok());
    let new_path = item[0]["path"].as_str().unwrap().to_string();
    assert_ne!(
        new_path,
        first["outputPath"].as_str().unwrap(),
        "the old file is not overwritten"
    );
    assert_eq!(
        load(std::path::Path::new(&new_path)).dimensions(),
        (1280, 720)
    );
    let h = json(panelshot(d, &["history", "--json"], None, &[]).await.ok());
    assert_eq!(h.as_array().unwrap().len(), 2);
    assert_eq!(h[0]["options"], first["options"], "same options");

    // Failures are history too, with their code.
    let failed = export_demo(d, "never-finishes", "2", &["--timeout", "3", "-o", o], &[]).await;
    failed.fails_with("render.timeout");
    let failures = json(
        panelshot(d, &["history", "--status", "failed", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(failures.as_array().unwrap().len(), 1);
    assert_eq!(failures[0]["errorCode"], "render.timeout");
    assert_eq!(failures[0]["hasThumbnail"], false);
    let human = panelshot(d, &["history"], None, &[]).await;
    assert!(human.ok().stdout.contains("error[render.timeout]"));

    // Deleting entries keeps files unless asked.
    let count_before = files_in(out.path()).len();
    panelshot(d, &["history", "delete", &id], None, &[])
        .await
        .ok();
    assert_eq!(files_in(out.path()).len(), count_before);
    let newest = json(
        panelshot(d, &["history", "--status", "ok", "--json"], None, &[])
            .await
            .ok(),
    )[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    panelshot(
        d,
        &["history", "delete", &newest, "--with-files"],
        None,
        &[],
    )
    .await
    .ok();
    assert!(!std::path::Path::new(&new_path).exists());
    assert_eq!(
        json(panelshot(d, &["history", "--json"], None, &[]).await.ok())
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn flags_beat_the_preset_which_beats_the_defaults() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    panelshot(
        d,
        &[
            "preset", "save", "Weekly", "--width", "1600", "--height", "900", "--theme", "light",
            "--from", "now-7d", "--to", "now",
        ],
        None,
        &[],
    )
    .await
    .ok();
    panelshot(
        d,
        &["preset", "save", "Square", "--width", "1000"],
        None,
        &[],
    )
    .await
    .fails_with("store.read_only");
    panelshot(d, &["preset", "save", "Huge", "--width", "9000"], None, &[])
        .await
        .fails_with("render.invalid_size");
    let presets = json(
        panelshot(d, &["preset", "list", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(
        presets.as_array().unwrap().len(),
        7,
        "six built-ins and one of ours"
    );

    let o = |name: &str| out.path().join(name).to_str().unwrap().to_string();
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &["-o", &o("natural.png")],
        &[],
    )
    .await
    .ok();
    assert_eq!(
        load(&out.path().join("natural.png")).dimensions(),
        (960, 296),
        "no preset: the panel's own size"
    );
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &[
            "--preset",
            "Weekly",
            "--width",
            "1200",
            "-o",
            &o("mixed.png"),
        ],
        &[],
    )
    .await
    .ok();
    assert_eq!(
        load(&out.path().join("mixed.png")).dimensions(),
        (1200, 900),
        "the flag wins, the preset fills the rest"
    );
    let light = load(&out.path().join("mixed.png")).get_pixel(4, 40).0;
    assert!(light[0] > 240, "the preset's light theme: {light:?}");
    let solo = g
        .requests()
        .into_iter()
        .rfind(|r| r.path.starts_with("/d-solo/"))
        .unwrap();
    assert!(solo.query.contains("from=now-7d"), "{}", solo.query);

    panelshot(d, &["preset", "default", "Slide 4:3"], None, &[])
        .await
        .ok();
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &["-o", &o("default.png")],
        &[],
    )
    .await
    .ok();
    assert_eq!(
        load(&out.path().join("default.png")).dimensions(),
        (1440, 1080),
        "the default preset applies"
    );

    panelshot(d, &["preset", "rename", "Weekly", "Monday"], None, &[])
        .await
        .ok();
    panelshot(d, &["preset", "delete", "Monday"], None, &[])
        .await
        .ok();
    panelshot(d, &["preset", "delete", "Monday"], None, &[])
        .await
        .fails_with("store.not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_exports_every_item_and_a_missing_panel_fails_alone() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    panelshot(
        d,
        &[
            "preset", "save", "Small", "--width", "480", "--height", "270",
        ],
        None,
        &[],
    )
    .await
    .ok();
    let o = out.path().to_str().unwrap();
    let mut args = vec![
        "job",
        "save",
        "Monday",
        "--connection",
        "demo",
        "--preset",
        "Small",
        "-o",
        o,
    ];
    let items = [
        "node-exporter-full:1",
        "node-exporter-full:2",
        "classic-overview:1",
        "b7c1f0e2-api-latency:panel-3;var-service=cart;from=now-24h",
        "tokyo-ops:1",
    ];
    for i in &items {
        args.extend(["--panel", i]);
    }
    panelshot(d, &args, None, &[]).await.ok();
    let shown = json(
        panelshot(d, &["job", "show", "Monday", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(
        shown["items"][3]["vars"],
        serde_json::json!([["service", "cart"]])
    );

    let run = panelshot(d, &["job", "run", "Monday", "--json"], None, &[]).await;
    let results = json(run.ok());
    assert_eq!(results.as_array().unwrap().len(), 5);
    assert_eq!(files_in(out.path()).len(), 5);
    for r in results.as_array().unwrap() {
        assert_eq!(
            (r["widthPx"].as_u64(), r["heightPx"].as_u64()),
            (Some(480), Some(270))
        );
    }
    let h = json(panelshot(d, &["history", "--json"], None, &[]).await.ok());
    assert_eq!(h.as_array().unwrap().len(), 5, "one history row per item");
    let cart = g
        .requests()
        .into_iter()
        .find(|r| r.path.contains("api-latency") && r.path.starts_with("/d-solo/"))
        .unwrap();
    assert!(
        cart.query.contains("var-service=cart") && cart.query.contains("from=now-24h"),
        "{}",
        cart.query
    );

    // A panel that disappeared fails alone with grafana.not_found; the others still export.
    let other = tempfile::tempdir().unwrap();
    panelshot(
        d,
        &[
            "job",
            "save",
            "Broken",
            "--connection",
            "demo",
            "--preset",
            "Small",
            "-o",
            other.path().to_str().unwrap(),
            "--panel",
            "node-exporter-full:1",
            "--panel",
            "node-exporter-full:404",
            "--panel",
            "deleted-dashboard:1",
        ],
        None,
        &[],
    )
    .await
    .ok();
    let run = panelshot(d, &["job", "run", "Broken", "--json"], None, &[]).await;
    assert_eq!(run.status, 1, "the exit status says not all succeeded");
    let results = json(&run);
    let codes: Vec<String> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["error"]["code"].as_str().unwrap_or("ok").to_string())
        .collect();
    assert_eq!(codes, vec!["ok", "grafana.not_found", "grafana.not_found"]);
    assert_eq!(files_in(other.path()).len(), 1);
    let failed = json(
        panelshot(d, &["history", "--status", "failed", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(failed.as_array().unwrap().len(), 2);

    panelshot(
        d,
        &[
            "job",
            "save",
            "Nope",
            "--connection",
            "missing",
            "--panel",
            "a:1",
            "-o",
            o,
        ],
        None,
        &[],
    )
    .await
    .fails_with("store.not_found");
    panelshot(d, &["job", "delete", "Broken"], None, &[])
        .await
        .ok();
    let jobs = json(
        panelshot(d, &["job", "list", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(jobs.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_database_is_kept_reported_and_moved_aside_by_doctor() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    panelshot(d, &["connection", "list"], None, &[]).await.ok();
    let db = d.join("panelshot.db");
    let garbage = b"this was a database once, then a disk ate it".repeat(200);
    std::fs::write(&db, &garbage).unwrap();
    let out = panelshot(d, &["connection", "list"], None, &[]).await;
    out.fails_with("store.corrupt");
    assert!(out.stderr.contains("doctor"), "{}", out.stderr);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "never deleted or overwritten"
    );
    let fixed = panelshot(d, &["doctor", "--json"], None, &[]).await;
    let report = json(fixed.ok());
    assert_eq!(report["outcome"], "moved_aside");
    let moved = std::path::PathBuf::from(report["moved_to"].as_str().unwrap());
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        garbage,
        "the old file is kept"
    );
    panelshot(d, &["connection", "list"], None, &[]).await.ok();
    let healthy = json(panelshot(d, &["doctor", "--json"], None, &[]).await.ok());
    assert_eq!(healthy["outcome"], "healthy");
}
