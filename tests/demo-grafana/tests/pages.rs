//! The pages in a real headless Chromium: drawing, readiness signals of all three Grafana
//! generations, URL parameters, lazy loading and the third-party origin.

mod common;

use std::time::Duration;

use chromiumoxide::cdp::js_protocol::runtime::{AddBindingParams, EventBindingCalled};
use common::{Chrome, client, eval, server, wait_for};
use futures::StreamExt;

const LIMIT: Duration = Duration::from_secs(20);
const DRAWN: &str = "document.documentElement.hasAttribute('data-demo-rendered')";

#[tokio::test]
async fn solo_without_slug_redirects_keeping_the_query() {
    let s = server().await;
    let res = client()
        .get(format!(
            "{}/d-solo/classic-overview?orgId=1&panelId=2&var-x=a&var-x=b",
            s.url()
        ))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers()["location"],
        "/d-solo/classic-overview/classic-overview?orgId=1&panelId=2&var-x=a&var-x=b"
    );
    let dash = client()
        .get(format!("{}/d/tokyo-ops?kiosk", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(dash.headers()["location"], "/d/tokyo-ops/tokyo-ops?kiosk");
    let other_org = client()
        .get(format!(
            "{}/d-solo/classic-overview/classic-overview?orgId=2&panelId=1",
            s.url()
        ))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(other_org.status(), 404, "orgId is honoured");
    let same_org = client()
        .get(format!(
            "{}/d-solo/classic-overview/classic-overview?orgId=1&panelId=1",
            s.url()
        ))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(same_org.status(), 200);
}

#[tokio::test]
async fn readiness_signals_of_each_generation() {
    let s = server().await;
    let chrome = Chrome::launch().await;

    // Classic: panelsRendered reaches the number of .panel-solo elements once drawn.
    let page = chrome.page(&s).await;
    page.goto(format!("{}/d-solo/classic-overview/x?panelId=1", s.url()))
        .await
        .unwrap();
    wait_for(&page, "window.panelsRendered >= 1", LIMIT).await;
    assert_eq!(
        eval::<usize>(&page, "document.querySelectorAll('.panel-solo').length").await,
        1
    );
    assert!(eval::<bool>(&page, "window.__grafanaSceneContext === undefined").await);
    // The chart itself is drawn in a later task, once the panel's ResizeObserver reported a size.
    wait_for(
        &page,
        "!!document.querySelector('.panel-solo path.series') && !document.querySelector('.panel-loading')",
        LIMIT,
    )
    .await;

    // Scenes: context present; counter is 1 while the query runs and 0 once drawn.
    let page = chrome.page(&s).await;
    page.goto(format!("{}/d-solo/slow-panels/x?panelId=1", s.url()))
        .await
        .unwrap();
    wait_for(
        &page,
        "window.__grafanaSceneContext && window.__grafanaRunningQueryCount === 1",
        LIMIT,
    )
    .await;
    assert!(
        eval::<bool>(&page, "!!document.querySelector('.panel-loading')").await,
        "spinner while loading"
    );
    wait_for(&page, "window.__grafanaRunningQueryCount === 0", LIMIT).await;
    // As in Scenes, the counter drops when the data arrives and the panel draws in a later task
    // (after its ResizeObserver reported a size), so the chart follows, it is not there at once.
    wait_for(
        &page,
        "!!document.querySelector('path.series') && !document.querySelector('.panel-loading')",
        LIMIT,
    )
    .await;
    assert!(eval::<bool>(&page, "window.panelsRendered === undefined").await);

    // Binding: the flag is server-rendered, and the page calls the binding when done.
    let page = chrome.page(&s).await;
    let mut calls = page.event_listener::<EventBindingCalled>().await.unwrap();
    page.execute(AddBindingParams::new(
        "__grafanaImageRendererMessageChannel",
    ))
    .await
    .unwrap();
    page.goto(format!("{}/d-solo/binding-overview/x?panelId=1", s.url()))
        .await
        .unwrap();
    assert!(eval::<bool>(&page, "window.__grafanaRenderBindingSupported === true").await);
    let call = tokio::time::timeout(LIMIT, calls.next())
        .await
        .expect("binding called")
        .unwrap();
    assert_eq!(call.name, "__grafanaImageRendererMessageChannel");
    let payload: serde_json::Value = serde_json::from_str(&call.payload).unwrap();
    assert_eq!(
        payload,
        serde_json::json!({"type": "REPORT_RENDER_COMPLETE", "data": {"success": true}})
    );
    assert!(
        eval::<bool>(
            &page,
            "window.__grafanaRunningQueryCount === 0 && !!document.querySelector('path.series')"
        )
        .await
    );
    chrome.close().await;
}

#[tokio::test]
async fn late_queries_never_finishing_and_failing_panels() {
    let s = server().await;
    let chrome = Chrome::launch().await;

    let late = chrome.page(&s).await;
    late.goto(format!("{}/d-solo/late-queries/x?panelId=1", s.url()))
        .await
        .unwrap();
    wait_for(&late, "window.__grafanaSceneContext", LIMIT).await;
    assert!(
        eval::<bool>(&late, "window.__grafanaRunningQueryCount === undefined").await,
        "no query has started yet"
    );
    wait_for(&late, DRAWN, LIMIT).await;
    assert!(
        eval::<bool>(
            &late,
            "window.__grafanaRunningQueryCount === 0 && !!document.querySelector('path.series')"
        )
        .await
    );

    let stuck = chrome.page(&s).await;
    stuck
        .goto(format!("{}/d-solo/never-finishes/x?panelId=2", s.url()))
        .await
        .unwrap();
    wait_for(&stuck, "window.__grafanaRunningQueryCount === 1", LIMIT).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        eval::<bool>(
            &stuck,
            "window.__grafanaRunningQueryCount === 1 && !!document.querySelector('.panel-loading')"
        )
        .await
    );

    let failing = chrome.page(&s).await;
    failing
        .goto(format!("{}/d-solo/panel-errors/x?panelId=2", s.url()))
        .await
        .unwrap();
    wait_for(&failing, DRAWN, LIMIT).await;
    let error: String = eval(
        &failing,
        "document.querySelector('[data-demo=error]').textContent",
    )
    .await;
    assert!(error.contains("503"), "{error}");
    assert!(eval::<bool>(&failing, "window.__grafanaRunningQueryCount === 0").await);
    chrome.close().await;
}

#[tokio::test]
async fn url_parameters_reach_the_drawing() {
    let s = server().await;
    let chrome = Chrome::launch().await;
    let page = chrome.page(&s).await;
    let text = |sel: &str| format!("document.querySelector('[data-demo={sel}]').textContent");

    page.goto(format!("{}/d-solo/node-exporter-full/x?panelId=1&theme=light&timezone=Asia/Tokyo&from=1700000000000&to=1700003600000", s.url())).await.unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(eval::<String>(&page, &text("timezone")).await, "Asia/Tokyo");
    assert_eq!(
        eval::<String>(&page, &text("range")).await,
        "2023-11-15 07:13 → 2023-11-15 08:13"
    );
    assert_eq!(
        eval::<String>(&page, "getComputedStyle(document.body).backgroundColor").await,
        "rgb(244, 245, 245)"
    );
    assert_eq!(
        eval::<String>(&page, &text("cjk")).await,
        "面板 パネル 패널"
    );
    assert!(
        eval::<bool>(&page, "!!document.querySelector('.powered-by')").await,
        "badge without hideLogo"
    );

    page.goto(format!(
        "{}/d-solo/node-exporter-full/x?panelId=panel-1&tz=America/New_York&hideLogo=true",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(
        eval::<String>(&page, &text("timezone")).await,
        "America/New_York"
    );
    assert_eq!(
        eval::<String>(&page, "getComputedStyle(document.body).backgroundColor").await,
        "rgb(17, 18, 23)"
    );
    assert!(
        eval::<bool>(&page, "!document.querySelector('.powered-by')").await,
        "hideLogo=true hides the badge"
    );

    // The dashboard's own zone applies when the URL names none.
    page.goto(format!("{}/d-solo/tokyo-ops/x?panelId=1", s.url()))
        .await
        .unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(eval::<String>(&page, &text("timezone")).await, "Asia/Tokyo");

    // Variables: a repeated panel's instances and explicit values.
    page.goto(format!("{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=panel-3-clone-1&var-service=checkout&var-service=cart", s.url())).await.unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(
        eval::<String>(&page, "document.querySelector('.panel-title').textContent").await,
        "Requests / s (cart)"
    );
    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=2&var-service=search",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert!(
        eval::<String>(&page, &text("vars"))
            .await
            .contains("service=search")
    );

    // A panel nested in a collapsed row, and a library panel, render on their own.
    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=5",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert!(eval::<bool>(&page, "!!document.querySelector('table.table')").await);
    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=4",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(
        eval::<String>(&page, "document.querySelector('.panel-title').textContent").await,
        "Error budget"
    );

    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=999",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(
        eval::<String>(
            &page,
            "document.querySelector('.panel-not-found').textContent"
        )
        .await,
        "Panel not found"
    );
    chrome.close().await;
}

#[tokio::test]
async fn text_panel_loads_the_second_origin_without_credentials() {
    let s = server().await;
    let chrome = Chrome::launch().await;
    let page = chrome.page(&s).await;
    page.goto(format!("{}/d-solo/classic-overview/x?panelId=4", s.url()))
        .await
        .unwrap();
    wait_for(&page, "(() => { const i = document.querySelector('img.third-party'); return i && i.complete && i.naturalWidth > 0; })()", LIMIT).await;
    let src: String = eval(&page, "document.querySelector('img.third-party').src").await;
    assert!(src.starts_with(&s.second_origin()));
    assert!(
        s.leaks().is_empty(),
        "the session cookie of 127.0.0.1 does not reach localhost"
    );
    chrome.close().await;
}

#[tokio::test]
async fn dashboard_page_lays_out_the_grid_and_loads_lazily() {
    let s = server().await;
    let chrome = Chrome::launch().await;
    let page = chrome.page(&s).await;
    page.goto(format!("{}/d/long-scroll/long-scroll?kiosk", s.url()))
        .await
        .unwrap();
    wait_for(
        &page,
        "document.querySelectorAll('[data-viz-panel-key]').length === 16",
        LIMIT,
    )
    .await;
    assert!(
        eval::<bool>(&page, "!document.querySelector('.navbar')").await,
        "kiosk hides the nav bar"
    );
    wait_for(
        &page,
        "document.querySelectorAll('path.series, .stat-value').length >= 2",
        LIMIT,
    )
    .await;
    let queries = || {
        s.requests()
            .iter()
            .filter(|r| r.path == "/api/ds/query")
            .count()
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = queries();
    assert!(
        before < 16,
        "panels below the fold have not queried yet ({before})"
    );
    // Scroll one screen at a time, as a renderer must, so every panel comes into view.
    for _ in 0..12 {
        page.evaluate("window.scrollBy(0, window.innerHeight)")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(&page, DRAWN, LIMIT).await;
    assert_eq!(queries(), 16);
    if let Ok(dir) = std::env::var("DEMO_SCREENSHOT_DIR") {
        page.evaluate("window.scrollTo(0, 0)").await.unwrap();
        let png = page
            .screenshot(chromiumoxide::page::ScreenshotParams::builder().build())
            .await
            .unwrap();
        std::fs::write(format!("{dir}/long-scroll.png"), png).unwrap();
    }

    // Collapsed rows show as a header; their panels are not laid out.
    page.goto(format!("{}/d/b7c1f0e2-api-latency/api-latency", s.url()))
        .await
        .unwrap();
    wait_for(
        &page,
        "document.querySelector('.dashboard-row--collapsed')",
        LIMIT,
    )
    .await;
    assert!(eval::<bool>(&page, "!!document.querySelector('.navbar')").await);
    assert!(
        eval::<bool>(
            &page,
            "!document.querySelector('[data-viz-panel-key=\"panel-5\"]')"
        )
        .await
    );
    assert!(
        eval::<bool>(
            &page,
            "!!document.querySelector('[data-viz-panel-key=\"panel-3-clone-1\"]')"
        )
        .await
    );
    chrome.close().await;
}
