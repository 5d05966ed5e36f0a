//! Rows, tabs and library panels on Grafana's own front-end code (the demo's real-library
//! pages, tests/demo-grafana/scenes): what a collapsed row or a tab not shown holds is never
//! activated on the dashboard, yet exports alone; a library panel gets its query only after its
//! element has loaded, and is still captured with its data.

use panelshot_core::service::ExportTarget;

use crate::render_support::*;

fn data_queries(s: &Setup) -> usize {
    s.demo
        .requests()
        .iter()
        .filter(|r| r.path == "/api/ds/query")
        .count()
}

fn whole(s: &Setup, uid: &str) -> panelshot_core::service::ExportRequest {
    let mut req = request(s, uid, &[], opts(1000, 600));
    req.targets = vec![ExportTarget::Dashboard];
    req
}

/// An expanded row's panels (one of them a library panel) are drawn; the collapsed row's are
/// not activated, so they start no query.
#[tokio::test(flavor = "multi_thread")]
async fn a_whole_dashboard_with_rows_draws_what_its_open_rows_hold() {
    let s = setup().await;
    let item = export_one(&s, &whole(&s, "real-scenes-rows")).await;
    let img = load(&path_of(&item));
    let (w, _) = img.dimensions();
    // Grid rows are 30 px with 8 px gaps: the "Traffic" row's panels start at y = 7 × 38.
    for (x, what) in [(0, "Requests"), (w / 2, "the library panel")] {
        let part = image::imageops::crop_imm(&img, x + 10, 7 * 38 + 40, w / 2 - 20, 200).to_image();
        assert!(
            count_colour(&part, DATA_GREEN, 30) > 100,
            "{what} in the open row is drawn"
        );
    }
    assert_eq!(
        data_queries(&s),
        3,
        "the overview, the open row's panel and its library panel query; the collapsed row's do not"
    );
    s.core.shutdown().await;
}

/// What a collapsed row holds exports alone with its data: a time series and a library panel.
#[tokio::test(flavor = "multi_thread")]
async fn panels_inside_a_collapsed_row_export_alone() {
    let s = setup().await;
    for panel in ["6", "7", "4"] {
        let item = export_one(
            &s,
            &request(&s, "real-scenes-rows", &[panel], opts(600, 300)),
        )
        .await;
        assert_drawn(
            &load(&path_of(&item)),
            200,
            &format!("real-scenes-rows panel {panel}"),
        );
    }
    s.core.shutdown().await;
}

/// Schema v2 tabs: the dashboard shows its first tab only (the others' panels never query);
/// every panel of every tab, the library panel in a grid row included, exports alone.
#[tokio::test(flavor = "multi_thread")]
async fn schema_v2_tabs_show_the_first_tab_and_every_panel_exports_alone() {
    let s = setup().await;
    let item = export_one(&s, &whole(&s, "real-scenes-v2")).await;
    let img = load(&path_of(&item));
    assert!(
        count_colour(&img, DATA_GREEN, 30) > 400,
        "the first tab's time series and stat are drawn"
    );
    assert_eq!(data_queries(&s), 2, "only the first tab's panels query");
    for panel in ["1", "2", "3", "5"] {
        let item = export_one(&s, &request(&s, "real-scenes-v2", &[panel], opts(600, 300))).await;
        assert_drawn(
            &load(&path_of(&item)),
            200,
            &format!("real-scenes-v2 panel {panel}"),
        );
    }
    s.core.shutdown().await;
}
