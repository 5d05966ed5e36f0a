//! `panelshot` with arguments is the command line, exactly as `panelshot-cli`.

use crate::common::{add_token_connection, demo, export_demo, json, panelshot};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_binary_runs_the_cli_when_given_arguments() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let list = json(
        panelshot(d, &["connection", "list", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(list[0]["name"], "demo");
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("p.png");
    export_demo(
        d,
        "node-exporter-full",
        "1",
        &["-o", file.to_str().unwrap()],
        &[],
    )
    .await
    .ok();
    assert!(std::fs::read(&file).unwrap().starts_with(b"\x89PNG"));
    // Errors look the same as from panelshot-cli.
    panelshot(d, &["connection", "test", "nope"], None, &[])
        .await
        .fails_with("store.not_found");
}
