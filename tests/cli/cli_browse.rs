//! The full connection-and-browse round trip through the CLI binary, against the demo Grafana.

use crate::common::{add_token_connection, all_bytes, contains, demo, panelshot};

#[tokio::test(flavor = "multi_thread")]
async fn add_list_test_browse_and_remove() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let token = g.token().to_string();
    let mut everything_printed = String::new();

    let added = panelshot(
        d,
        &[
            "connection",
            "add",
            "demo",
            "--url",
            &g.url(),
            "--org-id",
            "1",
            "--token-stdin",
        ],
        Some(&format!("{token}\n")),
        &[],
    )
    .await;
    added.ok();
    assert!(added.stdout.contains("stored in the OS keyring"));
    everything_printed += &added.stdout;
    everything_printed += &added.stderr;

    let list = panelshot(d, &["connection", "list", "--json"], None, &[]).await;
    list.ok();
    let conns: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(conns[0]["name"], "demo");
    assert_eq!(conns[0]["url"], format!("{}/", g.url()));
    assert_eq!(conns[0]["auth"], "token");
    assert_eq!(conns[0]["orgId"], 1);
    everything_printed += &list.stdout;

    let human = panelshot(d, &["connection", "list"], None, &[]).await;
    human.ok();
    assert!(human.stdout.lines().next().unwrap().starts_with("NAME"));

    let test = panelshot(d, &["connection", "test", "demo", "--json"], None, &[]).await;
    test.ok();
    let t: serde_json::Value = serde_json::from_str(&test.stdout).unwrap();
    assert_eq!(t["version"], "12.4.1");
    assert_eq!(t["database"], "ok");
    assert_eq!(t["orgName"], "Main Org.");
    assert_eq!(t["identity"], "service account");
    everything_printed += &test.stdout;

    let by_text = panelshot(
        d,
        &["dashboards", "demo", "--query", "latency", "--json"],
        None,
        &[],
    )
    .await;
    by_text.ok();
    let page: serde_json::Value = serde_json::from_str(&by_text.stdout).unwrap();
    assert_eq!(page["hits"].as_array().unwrap().len(), 1);
    assert_eq!(page["hits"][0]["uid"], "b7c1f0e2-api-latency");
    assert_eq!(page["hits"][0]["folderTitle"], "Payments");

    let by_tags = panelshot(
        d,
        &[
            "dashboards",
            "demo",
            "--tag",
            "renderer",
            "--tag",
            "faults",
            "--json",
        ],
        None,
        &[],
    )
    .await;
    let page: serde_json::Value = serde_json::from_str(&by_tags.ok().stdout).unwrap();
    let uids: Vec<&str> = page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["uid"].as_str().unwrap())
        .collect();
    assert_eq!(uids, vec!["never-finishes", "panel-errors"]);

    let in_folder = panelshot(
        d,
        &["dashboards", "demo", "--folder", "ab12cd34ef", "--json"],
        None,
        &[],
    )
    .await;
    let page: serde_json::Value = serde_json::from_str(&in_folder.ok().stdout).unwrap();
    assert_eq!(page["hits"].as_array().unwrap().len(), 2);

    let starred = panelshot(d, &["dashboards", "demo", "--starred", "--json"], None, &[]).await;
    let page: serde_json::Value = serde_json::from_str(&starred.ok().stdout).unwrap();
    assert!(
        page["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["isStarred"] == true)
    );

    // Paging: pages of 7 cover every dashboard once. Grafana's search gives no total, so a page
    // says there may be more when it is full (a full last page too).
    let mut seen = Vec::new();
    let pages = g.state.dashboards.len().div_ceil(7);
    for p in 1..=pages {
        let out = panelshot(
            d,
            &[
                "dashboards",
                "demo",
                "--limit",
                "7",
                "--page",
                &p.to_string(),
                "--json",
            ],
            None,
            &[],
        )
        .await;
        let page: serde_json::Value = serde_json::from_str(&out.ok().stdout).unwrap();
        seen.extend(
            page["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["uid"].as_str().unwrap().to_string()),
        );
        let full = p < pages || g.state.dashboards.len() % 7 == 0;
        assert_eq!(page["hasMore"], full, "page {p} of {pages}");
    }
    assert_eq!(seen.len(), g.state.dashboards.len());

    let tree = panelshot(d, &["dashboards", "demo", "--folders", "--json"], None, &[]).await;
    let tree: serde_json::Value = serde_json::from_str(&tree.ok().stdout).unwrap();
    let infra = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["uid"] == "fe3kq9x2abcde")
        .unwrap();
    assert_eq!(infra["children"][0]["title"], "Payments");

    let panels = panelshot(
        d,
        &["panels", "demo", "b7c1f0e2-api-latency", "--json"],
        None,
        &[],
    )
    .await;
    panels.ok();
    everything_printed += &panels.stdout;
    let detail: serde_json::Value = serde_json::from_str(&panels.stdout).unwrap();
    let ids: Vec<i64> = detail["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![2, 3, 4, 5, 6],
        "nested panels of the collapsed row are listed"
    );
    let nested = &detail["panels"][3];
    assert_eq!(nested["inCollapsedRow"], true);
    assert_eq!(nested["row"], "Details");
    assert_eq!(detail["panels"][1]["repeat"]["variable"], "service");
    assert_eq!(
        detail["panels"][2]["kind"], "gauge",
        "library panel type resolved"
    );
    assert_eq!(
        detail["panels"][2]["libraryPanel"]["uid"],
        "lib-error-budget"
    );
    assert_eq!(
        detail["variables"][1]["current"],
        serde_json::json!(["checkout", "cart"])
    );
    assert_eq!(detail["timezone"], "browser");

    let human_panels = panelshot(d, &["panels", "demo", "b7c1f0e2-api-latency"], None, &[]).await;
    human_panels.ok();
    assert!(human_panels.stdout.contains("collapsed row"));

    let v2 = panelshot(
        d,
        &["panels", "demo", "schema-v2-demo", "--json"],
        None,
        &[],
    )
    .await;
    let v2: serde_json::Value = serde_json::from_str(&v2.ok().stdout).unwrap();
    assert_eq!(v2["apiVersion"], "v2beta1");
    let v2_panels = v2["panels"].as_array().unwrap();
    assert_eq!(v2_panels.len(), 5, "every tab's panels");
    assert_eq!(v2_panels[2]["path"][0]["title"], "Details");
    assert_eq!(v2_panels[2]["path"][0]["kind"], "tab");
    let v2_human = panelshot(d, &["panels", "demo", "schema-v2-demo"], None, &[]).await;
    assert!(
        v2_human.ok().stdout.contains("Details"),
        "the tab is shown: {}",
        v2_human.stdout
    );

    // Every request the CLI made carried the token; the token is nowhere on disk or screen.
    assert!(
        g.requests()
            .iter()
            .filter(|r| r.path != "/api/health")
            .all(|r| r.auth == "bearer")
    );
    assert!(
        !contains(&all_bytes(d), &token),
        "the token is not in the database"
    );
    assert!(
        !everything_printed.contains(&token),
        "the token is not printed"
    );

    panelshot(d, &["connection", "remove", "demo"], None, &[])
        .await
        .ok();
    let empty = panelshot(d, &["connection", "list", "--json"], None, &[]).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&empty.ok().stdout).unwrap(),
        serde_json::json!([])
    );
    panelshot(d, &["connection", "test", "demo"], None, &[])
        .await
        .fails_with("store.not_found");
}

#[tokio::test(flavor = "multi_thread")]
async fn basic_auth_and_panelshot_token_env() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    panelshot(
        d,
        &[
            "connection",
            "add",
            "basic",
            "--url",
            &g.url(),
            "--user",
            "admin",
            "--password-stdin",
        ],
        Some("admin\n"),
        &[],
    )
    .await
    .ok();
    let t = panelshot(d, &["connection", "test", "basic", "--json"], None, &[]).await;
    let t: serde_json::Value = serde_json::from_str(&t.ok().stdout).unwrap();
    assert_eq!(t["identity"], "user admin");
    assert!(!contains(&all_bytes(d), "admin\n"));

    // PANELSHOT_TOKEN: nothing stored, the token comes from the environment at each run.
    let env = [("PANELSHOT_TOKEN", g.token())];
    panelshot(
        d,
        &["connection", "add", "headless", "--url", &g.url()],
        None,
        &env,
    )
    .await
    .ok();
    panelshot(d, &["connection", "test", "headless"], None, &env)
        .await
        .ok();
    panelshot(d, &["connection", "test", "headless"], None, &[])
        .await
        .fails_with("keyring.missing_secret");
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_with_status_2() {
    let data = tempfile::tempdir().unwrap();
    let out = panelshot(data.path(), &["dashboards"], None, &[]).await;
    assert_eq!(out.status, 2);
    let out = panelshot(
        data.path(),
        &[
            "connection",
            "add",
            "x",
            "--url",
            "http://h",
            "--token-stdin",
            "--user",
            "u",
        ],
        None,
        &[],
    )
    .await;
    assert_eq!(out.status, 2);
    let version = panelshot(data.path(), &["--version"], None, &[]).await;
    assert_eq!(version.status, 0);
    assert!(version.stdout.starts_with("panelshot "));
}

#[tokio::test(flavor = "multi_thread")]
async fn add_connection_twice_is_refused() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "dup", &g.url(), g.token()).await;
    let again = panelshot(
        data.path(),
        &[
            "connection",
            "add",
            "DUP",
            "--url",
            &g.url(),
            "--token-stdin",
        ],
        Some("x"),
        &[],
    )
    .await;
    again.fails_with("store.duplicate");
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_keeps_or_replaces_the_secret_and_renames_everywhere() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let list = |d: &std::path::Path| {
        let d = d.to_path_buf();
        async move {
            let out = panelshot(&d, &["connection", "list", "--json"], None, &[]).await;
            out.ok();
            serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()
        }
    };

    // A rename and a new timeout keep the stored token: the connection still works.
    panelshot(
        d,
        &[
            "connection",
            "edit",
            "demo",
            "--rename",
            "prod",
            "--timeout",
            "20",
            "--org-id",
            "1",
        ],
        None,
        &[],
    )
    .await
    .ok();
    let conns = list(d).await;
    assert_eq!(
        (
            &conns[0]["name"],
            &conns[0]["timeoutSecs"],
            &conns[0]["orgId"]
        ),
        (&"prod".into(), &20.into(), &1.into())
    );
    panelshot(d, &["connection", "test", "prod"], None, &[])
        .await
        .ok();
    panelshot(d, &["connection", "test", "demo"], None, &[])
        .await
        .fails_with("store.not_found");

    // A replaced token is the one used from then on.
    panelshot(
        d,
        &["connection", "edit", "prod", "--token-stdin"],
        Some("glsa_wrong\n"),
        &[],
    )
    .await
    .ok();
    panelshot(d, &["connection", "test", "prod"], None, &[])
        .await
        .fails_with("grafana.unauthorized");
    panelshot(
        d,
        &["connection", "edit", "prod", "--token-stdin"],
        Some(&format!("{}\n", g.token())),
        &[],
    )
    .await
    .ok();
    panelshot(d, &["connection", "test", "prod"], None, &[])
        .await
        .ok();

    // Anonymous: no credentials stored any more.
    panelshot(d, &["connection", "edit", "prod", "--anonymous"], None, &[])
        .await
        .ok();
    assert_eq!(list(d).await[0]["auth"], "none");
    panelshot(
        d,
        &["connection", "edit", "nope", "--timeout", "5"],
        None,
        &[],
    )
    .await
    .fails_with("store.not_found");
    // Nothing secret ever reached the database.
    assert!(!contains(&all_bytes(d), g.token()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_duplicated_panel_id_is_named_in_the_list_and_at_export() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let list = panelshot(d, &["panels", "demo", "duplicate-ids"], None, &[]).await;
    list.ok();
    assert!(
        list.stdout
            .contains("saved with id 2, which another panel has: Grafana shows it as 6"),
        "{}",
        list.stdout
    );
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("two.png");
    let export = crate::common::export_demo(
        d,
        "duplicate-ids",
        "2",
        &[
            "--width",
            "300",
            "--height",
            "150",
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    export.ok();
    assert!(
        export.stderr.contains("several panels with id 2")
            && export.stderr.contains("\"Second two\" is 6"),
        "{}",
        export.stderr
    );
    assert!(file.is_file());
}
