//! Readiness on Grafana's own front-end code: pages the demo builds from the published
//! `@grafana/scenes`, `@grafana/runtime`, `@grafana/ui` and `@grafana/data` (tests/demo-grafana/
//! scenes, `make demo-scenes`). Its query counter, panel chrome and data requests are Grafana's,
//! not an imitation; the data source's plugin module loads late, as it does on a real server.

use panelshot_core::export::Format;

use crate::render_support::*;

/// The panel is exported with its data, whatever the data source's lateness: a time series with
/// targets, and one saved without any (Grafana still runs its default query).
#[tokio::test(flavor = "multi_thread")]
async fn panels_wait_for_their_data_when_the_data_source_loads_late() {
    let s = setup().await;
    for uid in [
        "real-scenes",
        "real-scenes-late-ds-300",
        "real-scenes-late-ds-1800",
        "real-scenes-late-ds-4000",
    ] {
        for panel in ["1", "2"] {
            let item = export_one(&s, &request(&s, uid, &[panel], opts(600, 300))).await;
            let img = load(&path_of(&item));
            assert_drawn(&img, 200, &format!("{uid} panel {panel}"));
        }
    }
    // Every page ran the built-in "Annotations & Alerts" query too: the query counter went
    // 1 → 0 for it while the late data source was still loading.
    assert!(
        s.demo
            .requests()
            .iter()
            .filter(|r| r.path == "/api/annotations")
            .count()
            >= 8,
        "the built-in annotation query ran on every page"
    );
    // The page is Grafana's: its requests are @grafana/runtime's (`ds_type`, `requestId=SQR…`).
    let queries: Vec<_> = s
        .demo
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/ds/query")
        .collect();
    assert!(
        queries
            .iter()
            .all(|r| r.query.contains("ds_type=grafana-testdata-datasource")
                && r.query.contains("requestId=SQR")),
        "{queries:?}"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_text_panel_needs_no_query_and_is_not_held_back() {
    let s = setup().await;
    let item = export_one(
        &s,
        &request(&s, "real-scenes-late-ds-4000", &["3"], opts(600, 300)),
    )
    .await;
    let img = load(&path_of(&item));
    assert_eq!(
        count_colour(&img, DATA_GREEN, 30),
        0,
        "the text panel draws no series"
    );
    assert!(
        s.demo.requests().iter().all(|r| r.path != "/api/ds/query"),
        "a text panel starts no data request"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_that_never_answers_times_out_and_writes_nothing() {
    let s = setup().await;
    let mut o = opts(600, 300);
    o.timeout_secs = 4;
    let mut req = request(&s, "real-scenes-hang", &["1"], o);
    req.format = Format::Png;
    let item = export_one(&s, &req).await;
    let err = item.error.expect("no picture of a panel without its data");
    assert_eq!(err.code, "render.timeout", "{}", err.message);
    assert!(item.path.is_none());
    assert_eq!(files_in(s.out.path()), Vec::<String>::new());
    s.core.shutdown().await;
}

/// Grafana 13.0.0–13.0.5's "What's new" modal (@grafana/ui's Modal) is closed as a person
/// would, with Escape, and is not in the picture; on the whole dashboard too.
#[tokio::test(flavor = "multi_thread")]
async fn the_whats_new_modal_is_dismissed_and_not_in_the_picture() {
    let s = setup().await;
    let item = export_one(
        &s,
        &request(&s, "real-scenes-splash", &["1"], opts(600, 300)),
    )
    .await;
    assert_drawn(&load(&path_of(&item)), 200, "the panel behind the modal");
    let mut whole = request(&s, "real-scenes-splash", &[], opts(1000, 600));
    whole.targets = vec![panelshot_core::service::ExportTarget::Dashboard];
    let item = export_one(&s, &whole).await;
    assert_drawn(
        &load(&path_of(&item)),
        200,
        "the dashboard behind the modal",
    );
    s.core.shutdown().await;
}

/// Something in front of the panel that nothing closes fails the export, naming it.
#[tokio::test(flavor = "multi_thread")]
async fn a_panel_covered_by_what_nothing_closes_is_not_exported() {
    let s = setup().await;
    let item = export_one(
        &s,
        &request(&s, "real-scenes-banner", &["1"], opts(600, 300)),
    )
    .await;
    let err = item
        .error
        .expect("a covered panel is no picture of the panel");
    assert_eq!(err.code, "render.covered", "{}", err.message);
    assert!(
        err.message.contains("Scheduled maintenance"),
        "{}",
        err.message
    );
    assert_eq!(files_in(s.out.path()), Vec::<String>::new());
    s.core.shutdown().await;
}

/// The wait for a late data source has no limit of its own: the user's timeout bounds it, and
/// when it runs out the error says that no data query started.
#[tokio::test(flavor = "multi_thread")]
async fn a_late_data_source_is_waited_for_up_to_the_users_timeout() {
    let s = setup().await;
    let mut o = opts(600, 300);
    o.timeout_secs = 20;
    let item = export_one(&s, &request(&s, "real-scenes-late-ds-6500", &["1"], o)).await;
    assert_drawn(&load(&path_of(&item)), 200, "6.5 s late, 20 s timeout");
    let mut o = opts(600, 300);
    o.timeout_secs = 3;
    let item = export_one(&s, &request(&s, "real-scenes-late-ds-6500", &["2"], o)).await;
    let err = item.error.expect("no data within the timeout");
    assert_eq!(err.code, "render.timeout", "{}", err.message);
    assert!(
        err.message.contains("no data query started"),
        "{}",
        err.message
    );
    s.core.shutdown().await;
}

/// A query split into three parts (Loki's `runSplitQuery`): the counter says done at the first
/// part and the panel is Streaming until the last; the picture has all three parts, so the
/// series reaches the right-hand third of the time axis.
#[tokio::test(flavor = "multi_thread")]
async fn a_query_split_into_parts_is_captured_with_every_part() {
    let s = setup().await;
    let item = export_one(
        &s,
        &request(&s, "real-scenes-split", &["1"], opts(600, 300)),
    )
    .await;
    let img = load(&path_of(&item));
    let right_third = image::imageops::crop_imm(&img, 420, 40, 170, 250).to_image();
    assert!(
        count_colour(&right_third, DATA_GREEN, 30) > 50,
        "the last part of the range is drawn"
    );
    let parts: Vec<_> = s
        .demo
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/ds/query")
        .map(|r| r.query)
        .collect();
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert!(
        parts[2].contains("requestId=SQR100_2") || parts.iter().any(|p| p.ends_with("_2")),
        "{parts:?}"
    );
    s.core.shutdown().await;
}

/// The whole dashboard on Grafana's lazy grid (`SceneGridLayout`, isLazy): the panels below the
/// fold start their queries only when scrolled into view, and every one is in the picture.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_dashboard_on_the_lazy_grid_has_every_panel_drawn() {
    let s = setup().await;
    let mut req = request(&s, "real-scenes-long", &[], opts(1000, 600));
    req.targets = vec![panelshot_core::service::ExportTarget::Dashboard];
    let item = export_one(&s, &req).await;
    let img = load(&path_of(&item));
    assert!(img.height() > 1500, "grown to the page: {}", img.height());
    // The last row (panels 11 and 12) is drawn too.
    let (w, h) = img.dimensions();
    for x in [0, w / 2] {
        let last = image::imageops::crop_imm(&img, x, h - 280, w / 2, 260).to_image();
        assert!(
            count_colour(&last, DATA_GREEN, 30) > 100,
            "the bottom row's panel at x={x} is drawn"
        );
    }
    let queries = s
        .demo
        .requests()
        .iter()
        .filter(|r| r.path == "/api/ds/query")
        .count();
    assert_eq!(queries, 12, "one query per panel");
    s.core.shutdown().await;
}
