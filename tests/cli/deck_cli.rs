//! Decks from the command line: `export … --deck`, and a job that writes one deck per run
//! (`job run monday` → `monday-<date>.pptx`), recorded as one history entry.

use crate::common::{add_token_connection, demo, json, panelshot};

fn slides_in(pptx: &std::path::Path) -> usize {
    let z = zip::ZipArchive::new(std::fs::File::open(pptx).unwrap()).unwrap();
    z.file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count()
}

#[tokio::test]
async fn export_deck_and_a_job_that_writes_one_deck_per_run() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let out = d.join("out");

    let r = panelshot(
        d,
        &[
            "export",
            "demo",
            "classic-overview",
            "--panel",
            "1",
            "--panel",
            "2",
            "--panel",
            "3",
            "--deck",
            out.join("ops.pptx").to_str().unwrap(),
            "--layout",
            "2",
            "--json",
        ],
        None,
        &[],
    )
    .await;
    let v = json(r.ok());
    assert_eq!(
        (v["slides"].as_u64(), v["panels"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(slides_in(&out.join("ops.pptx")), 2);

    // Bad layout values are refused by the parser, a deck with --output is a usage error.
    let bad = panelshot(
        d,
        &[
            "export",
            "demo",
            "classic-overview",
            "--panel",
            "1",
            "--deck",
            "x.pptx",
            "--layout",
            "3",
        ],
        None,
        &[],
    )
    .await;
    assert_eq!(bad.status, 2, "{}", bad.stderr);
    let both = panelshot(
        d,
        &[
            "export",
            "demo",
            "classic-overview",
            "--panel",
            "1",
            "--deck",
            "x.pptx",
            "-o",
            "y.png",
        ],
        None,
        &[],
    )
    .await;
    assert_eq!(both.status, 2, "{}", both.stderr);
    panelshot(
        d,
        &[
            "export",
            "demo",
            "classic-overview",
            "--panel",
            "1",
            "--deck",
            out.join("x.key").to_str().unwrap(),
        ],
        None,
        &[],
    )
    .await
    .fails_with("input.invalid");

    // A job with a deck output: one command, one dated file, one history entry.
    panelshot(
        d,
        &[
            "job",
            "save",
            "monday",
            "--connection",
            "demo",
            "-o",
            out.to_str().unwrap(),
            "--panel",
            "classic-overview:1",
            "--panel",
            "classic-overview:2;from=now-1h",
            "--panel",
            "classic-overview:3",
            "--deck",
            "pptx",
            "--layout",
            "1",
            "--slide",
            "4:3",
        ],
        None,
        &[],
    )
    .await
    .ok();
    let shown = json(
        panelshot(d, &["job", "show", "monday", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(shown["deck"]["format"], "pptx");
    assert_eq!(shown["deck"]["layout"]["slide"], "4:3");
    let ran = panelshot(d, &["job", "run", "monday"], None, &[]).await;
    let line = &ran.ok().stdout;
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let file = out.join(format!("monday-{today}.pptx"));
    assert!(
        line.contains(file.to_str().unwrap()) && line.contains("3 slides"),
        "{line}"
    );
    assert_eq!(slides_in(&file), 3);
    let history = json(panelshot(d, &["history", "--json"], None, &[]).await.ok());
    let decks: Vec<&serde_json::Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target"]["kind"] == "deck")
        .collect();
    assert_eq!(decks.len(), 2, "the export and the job run, one entry each");
    assert!(decks.iter().all(|e| e["hasThumbnail"] == true));
}
