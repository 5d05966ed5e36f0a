//! Between renders a tab waits parked with the last page still loaded. That page must not keep
//! working: a dashboard's auto-refresh would go on querying Grafana (without credentials, the
//! tab holds none between renders) until the tab is reused or the browser idles out.

use std::time::Duration;

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_parked_page_stops_auto_refreshing_and_the_tab_still_renders() {
    for (browser, path) in browsers() {
        let demo = demo_grafana::start(demo_grafana::Config {
            refresh: "1s".into(),
            ..Default::default()
        })
        .await
        .expect("demo Grafana starts");
        let mut s = setup_on(demo).await;
        s.core.set_renderer(panelshot_core::render::RendererConfig {
            chrome: Some(path.clone()),
            concurrency: 1,
            ..Default::default()
        });
        let first = export_small(&s, "1").await;
        assert_drawn(&load(&path_of(&first)), 100, browser);
        // Three refresh periods with the page parked: no query reaches Grafana.
        let parked = queries_served(&s);
        tokio::time::sleep(Duration::from_millis(3200)).await;
        assert_eq!(
            queries_served(&s),
            parked,
            "{browser}: the parked page went on refreshing"
        );
        // The same tab, scripts on again, renders the next panel.
        let next = export_small(&s, "2").await;
        assert_drawn(&load(&path_of(&next)), 100, browser);
        s.core.shutdown().await;
    }
}
