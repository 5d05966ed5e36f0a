//! Readiness that knows what the panel needs, against the demo Grafana's readiness cases (its
//! `readiness-lab` and `zero-counter-late` dashboards): a panel that queries is captured with
//! its data whatever Grafana's query counter does meanwhile; a panel that never queries waits
//! for none; a query that never starts is an error, not an empty image; schema-v2 dashboards and
//! one image per variable value.

use std::time::Duration;

use panelshot_core::render::RendererConfig;

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_late_first_query_on_a_counter_that_reads_zero_is_waited_for() {
    // The page sets `__grafanaRunningQueryCount = 0` at start and starts its query 1.8 s later:
    // the counter and every settle check agree long before the data is there.
    let s = setup().await;
    for panel in ["1", "2"] {
        let item = export_one(
            &s,
            &request(&s, "zero-counter-late", &[panel], opts(800, 400)),
        )
        .await;
        let img = load(&path_of(&item));
        assert_drawn(&img, 100, &format!("zero-counter-late panel {panel}"));
        assert_eq!(item.ready_signal.as_deref(), Some("scenes"));
    }
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_panel_is_captured_with_its_data() {
    // One page runs a variable query first (counter 1 → 0), pauses, then the panel's query.
    let s = setup().await;
    for (panel, what) in [
        ("1", "plain query after a variable query"),
        ("2", "-- Dashboard -- reusing panel 1"),
        ("3", "library panel"),
        ("5", "query cancelled and restarted"),
        ("7", "streaming query"),
    ] {
        let item = export_one(&s, &request(&s, "readiness-lab", &[panel], opts(800, 400))).await;
        let img = load(&path_of(&item));
        assert_drawn(&img, 100, what);
    }
    // The variable query went to Grafana and was not taken for the panel's data.
    let variable_queries = s
        .demo
        .requests()
        .iter()
        .filter(|r| {
            r.path == "/api/ds/query"
                && r.query.contains("requestId=")
                && !r.query.contains("requestId=SQR")
        })
        .count();
    assert!(variable_queries >= 5, "each page ran its variable query");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn panels_without_data_and_empty_answers_are_captured_as_they_are() {
    let s = setup().await;
    let text = export_one(&s, &request(&s, "readiness-lab", &["4"], opts(800, 400))).await;
    let img = load(&path_of(&text));
    assert_eq!(count_colour(&img, SPINNER, 40), 0, "text panel drawn");
    // "No data" is a real answer: captured, not waited out.
    let empty = export_one(&s, &request(&s, "readiness-lab", &["6"], opts(800, 400))).await;
    let img = load(&path_of(&empty));
    assert_eq!(count_colour(&img, SPINNER, 40), 0, "empty panel drawn");
    assert_eq!(
        count_colour(&img, DATA_GREEN, 16),
        0,
        "and it has no data line"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_that_never_starts_fails_clearly_unless_captured_anyway() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        first_query_wait: Duration::from_secs(1),
        ..Default::default()
    });
    let mut o = opts(600, 300);
    let item = export_one(&s, &request(&s, "readiness-lab", &["8"], o.clone())).await;
    let err = item.error.expect("must fail");
    assert_eq!(err.code, "render.no_query");
    assert!(err.message.contains("capture it anyway"), "{}", err.message);
    assert!(files_in(s.out.path()).is_empty(), "no empty image written");
    o.capture_anyway = true;
    let anyway = export_one(&s, &request(&s, "readiness-lab", &["8"], o)).await;
    assert_eq!(
        anyway.ready_signal.as_deref(),
        Some("capture-anyway (no data query)"),
        "{:?}",
        anyway.error
    );
    assert!(anyway.path.is_some());
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn schema_v2_dashboards_are_listed_and_every_tab_exports() {
    let s = setup().await;
    let d = s.core.dashboard("demo", "schema-v2-demo").await.unwrap();
    let ids: Vec<i64> = d.panels.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
    let tabs: Vec<&str> = d.panels.iter().map(|p| p.path[0].title.as_str()).collect();
    assert_eq!(
        tabs,
        vec!["Overview", "Overview", "Details", "Details", "Budget"]
    );
    assert_eq!(
        d.panels[4].kind, "gauge",
        "the library panel's model was read"
    );
    // Panels in the second and third tab, the library panel among them.
    let items = export(
        &s,
        &request(&s, "schema-v2-demo", &["3", "5", "1"], opts(800, 400)),
    )
    .await;
    for item in &items {
        assert_drawn(&load(&path_of(item)), 100, &item.title);
    }
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_image_per_value_of_a_variable() {
    let s = setup().await;
    let d = s.core.dashboard("demo", "readiness-lab").await.unwrap();
    let repeated = d.panels.iter().find(|p| p.id == 9).unwrap();
    assert_eq!(repeated.repeat_values, vec!["eu", "us"]);
    let mut req = request(&s, "readiness-lab", &["9"], opts(500, 300));
    req.each = Some("region".into());
    let items = export(&s, &req).await;
    let values: Vec<Option<&str>> = items.iter().map(|i| i.each_value.as_deref()).collect();
    assert_eq!(values, vec![Some("eu"), Some("us")]);
    assert_eq!(items[0].title, "Requests eu");
    for item in &items {
        assert_drawn(&load(&path_of(item)), 50, &item.title);
        let name = path_of(item)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.contains(item.each_value.as_deref().unwrap()), "{name}");
    }
    let history = s
        .core
        .history(&panelshot_core::store::HistoryFilter {
            limit: 50,
            ..Default::default()
        })
        .unwrap();
    let recorded: Vec<&str> = history.iter().map(|h| h.panel_title.as_str()).collect();
    assert!(recorded.contains(&"Requests us"), "{recorded:?}");
    // The values asked for override the dashboard's selection; an unknown variable is refused.
    req.options.vars = vec![("region".into(), "apac".into())];
    let apac = export(&s, &req).await;
    assert_eq!(apac.len(), 1);
    assert_eq!(apac[0].each_value.as_deref(), Some("apac"));
    req.each = Some("nope".into());
    let refused = s.core.export(&req, &|_| {}).await.unwrap_err();
    assert!(refused.to_string().contains("region"), "{refused}");
    s.core.shutdown().await;
}
