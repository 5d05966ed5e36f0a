//! Renders side by side must each run in a page that is visible: a background tab gets no
//! ResizeObserver, IntersectionObserver or animation-frame callbacks, so Grafana's panels (sized
//! by a ResizeObserver) stay empty and lazy panels (an IntersectionObserver) never load there.
//! The demo Grafana models both, as Scenes does. Each test runs in every browser kind.

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn panels_rendered_side_by_side_are_all_drawn() {
    for (browser, path) in browsers() {
        let s = setup_with_browser(&path).await;
        // The timeseries panels of a Scenes dashboard, four at a time (the default pool).
        let panels = ["1", "3", "5", "7", "9", "11", "13", "15"];
        let items = export(&s, &request(&s, "long-scroll", &panels, opts(600, 300))).await;
        assert_eq!(items.len(), panels.len());
        for (item, id) in items.iter().zip(panels) {
            assert_drawn(
                &load(&path_of(item)),
                300,
                &format!("{browser}, panel {id}"),
            );
        }
        s.core.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn whole_dashboards_rendered_side_by_side_load_their_lazy_panels() {
    for (browser, path) in browsers() {
        let s = setup_with_browser(&path).await;
        let req = lazy_dashboard_request(&s);
        let runs = (0..3).map(|_| export_one(&s, &req));
        let items = futures::future::join_all(runs).await;
        assert_eq!(
            queries_served(&s),
            3 * 16,
            "{browser}: every lazy panel of every capture loaded"
        );
        for item in &items {
            let img = load(&path_of(item));
            assert!(
                img.height() > 1200,
                "{browser}: full height, got {}",
                img.height()
            );
            let bottom =
                image::imageops::crop_imm(&img, 0, img.height() * 3 / 4, 1200, img.height() / 4)
                    .to_image();
            assert_drawn(
                &bottom,
                300,
                &format!("{browser}: the panels at the bottom"),
            );
            assert_eq!(count_colour(&img, SPINNER, 40), 0, "{browser}: no spinner");
        }
        s.core.shutdown().await;
    }
}
