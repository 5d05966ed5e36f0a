//! The pages in a real headless Chromium: drawing, readiness signals of all three Grafana
//! generations, URL parameters, lazy loading and the third-party origin.

mod common;

use std::time::Duration;

use chromiumoxide::cdp::js_protocol::runtime::{AddBindingParams, EventBindingCalled};
use common::{Chrome, client, eval, server, wait_for};
use futures::StreamExt;

const LIMIT: Duration = Duration::from_secs(20);
/// Scenes pages (Grafana's own libraries): the demo's panel plugins mark their root with the
/// state of the data they drew.
const SCENES_DONE: &str = "!!document.querySelector('[data-testid^=demo-][data-state=Done]')";
const DRAWN_COUNT: &str =
    "document.querySelectorAll('[data-testid^=demo-][data-state=Done]').length";
/// @grafana/ui's PanelChrome: its loading bar and its error corner.
const LOADING: &str = "!!document.querySelector('[aria-label=\"Panel loading bar\"]')";
const ERROR_CORNER: &str =
    "!!document.querySelector('[data-testid=\"data-testid Panel status error\"]')";

/// The messages of a panel's data errors, read from the scene (the error corner shows them in a
/// tooltip only).
fn panel_errors(key: &str) -> String {
    format!(
        "(() => {{ const seen = new Set(); const find = (o) => {{ if (!o || typeof o !== 'object' || seen.has(o)) return; seen.add(o); \
         if (o.state && o.state.key === '{key}') return o; for (const v of Object.values(o.state || {{}})) {{ \
         for (const x of [].concat(v)) {{ if (x && x.state) {{ const r = find(x); if (r) return r; }} }} }} }}; \
         const d = find(window.__grafanaSceneContext).state.$data.state.data; \
         return [].concat(d.errors || [], d.error ? [d.error] : []).map((e) => e.message).join(' '); }})()"
    )
}

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

    // Scenes (Grafana's own @grafana/scenes on the demo's pages): the counter is 1 while the
    // panel's query runs, under @grafana/ui's loading bar, and 0 once the data is drawn.
    let page = chrome.page(&s).await;
    page.goto(format!("{}/d-solo/slow-panels/x?panelId=1", s.url()))
        .await
        .unwrap();
    wait_for(
        &page,
        &format!(
            "window.__grafanaSceneContext && window.__grafanaRunningQueryCount === 1 && {LOADING}"
        ),
        LIMIT,
    )
    .await;
    wait_for(
        &page,
        &format!("window.__grafanaRunningQueryCount === 0 && {SCENES_DONE}"),
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

    // The dashboard starts 1.5 s after the page: no query is counted until then.
    let late = chrome.page(&s).await;
    late.goto(format!("{}/d-solo/late-queries/x?panelId=1", s.url()))
        .await
        .unwrap();
    wait_for(&late, "!!document.querySelector('.boot-wait')", LIMIT).await;
    assert!(
        eval::<bool>(&late, "window.__grafanaRunningQueryCount === undefined").await,
        "no query has started yet"
    );
    wait_for(&late, SCENES_DONE, LIMIT).await;
    assert!(eval::<bool>(&late, "window.__grafanaRunningQueryCount === 0").await);

    let stuck = chrome.page(&s).await;
    stuck
        .goto(format!("{}/d-solo/never-finishes/x?panelId=2", s.url()))
        .await
        .unwrap();
    wait_for(
        &stuck,
        &format!("window.__grafanaRunningQueryCount === 1 && {LOADING}"),
        LIMIT,
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        eval::<bool>(
            &stuck,
            &format!("window.__grafanaRunningQueryCount === 1 && {LOADING}")
        )
        .await
    );

    // A data source's error: @grafana/ui's error corner, the message in the panel's data.
    let failing = chrome.page(&s).await;
    failing
        .goto(format!("{}/d-solo/panel-errors/x?panelId=2", s.url()))
        .await
        .unwrap();
    wait_for(&failing, ERROR_CORNER, LIMIT).await;
    let error: String = eval(&failing, &panel_errors("panel-2")).await;
    assert!(error.contains("503"), "{error}");
    assert!(eval::<bool>(&failing, "window.__grafanaRunningQueryCount === 0").await);
    chrome.close().await;
}

#[tokio::test]
async fn url_parameters_reach_the_drawing() {
    let s = server().await;
    let chrome = Chrome::launch().await;
    let page = chrome.page(&s).await;
    let zone = "window.__grafanaSceneContext.state.$timeRange.state.timeZone";

    page.goto(format!("{}/d-solo/node-exporter-full/x?panelId=1&theme=light&timezone=Asia/Tokyo&from=1700000000000&to=1700003600000", s.url())).await.unwrap();
    wait_for(&page, SCENES_DONE, LIMIT).await;
    assert_eq!(eval::<String>(&page, zone).await, "Asia/Tokyo");
    assert_eq!(
        eval::<Vec<i64>>(
            &page,
            "(() => { const v = window.__grafanaSceneContext.state.$timeRange.state.value; return [v.from.valueOf(), v.to.valueOf()]; })()"
        )
        .await,
        vec![1_700_000_000_000, 1_700_003_600_000]
    );
    assert_eq!(
        eval::<String>(&page, "getComputedStyle(document.body).backgroundColor").await,
        "rgb(251, 251, 251)"
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
    wait_for(&page, SCENES_DONE, LIMIT).await;
    assert_eq!(eval::<String>(&page, zone).await, "America/New_York");
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
    wait_for(&page, SCENES_DONE, LIMIT).await;
    assert_eq!(eval::<String>(&page, zone).await, "Asia/Tokyo");

    // Variables: a repeated panel's instances and explicit values.
    page.goto(format!("{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=panel-3-clone-1&var-service=checkout&var-service=cart", s.url())).await.unwrap();
    wait_for(
        &page,
        &format!("{SCENES_DONE} && !!document.querySelector('[data-testid=\"data-testid Panel header Requests / s (cart)\"]')"),
        LIMIT,
    )
    .await;
    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=2&var-service=search",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, SCENES_DONE, LIMIT).await;
    assert_eq!(
        eval::<Vec<String>>(
            &page,
            "[].concat(window.__grafanaSceneContext.state.$variables.state.variables.find((v) => v.state.name === 'service').state.value)"
        )
        .await,
        vec!["search".to_string()]
    );

    // A panel nested in a collapsed row, and a library panel, render on their own.
    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=5",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, SCENES_DONE, LIMIT).await;
    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=4",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(
        &page,
        &format!("{SCENES_DONE} && !!document.querySelector('[data-testid=\"data-testid Panel header Error budget\"]')"),
        LIMIT,
    )
    .await;

    page.goto(format!(
        "{}/d-solo/b7c1f0e2-api-latency/api-latency?panelId=999",
        s.url()
    ))
    .await
    .unwrap();
    wait_for(&page, "!!document.querySelector('.panel-not-found')", LIMIT).await;
    assert_eq!(
        eval::<String>(
            &page,
            "document.querySelector('.panel-not-found').textContent"
        )
        .await,
        "Panel with id 999 not found"
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
    let queries = || {
        s.requests()
            .iter()
            .filter(|r| r.path == "/api/ds/query")
            .count()
    };
    page.goto(format!("{}/d/long-scroll/long-scroll?kiosk", s.url()))
        .await
        .unwrap();
    wait_for(&page, &format!("{DRAWN_COUNT} >= 2"), LIMIT).await;
    assert!(
        eval::<bool>(&page, "!document.querySelector('.navbar')").await,
        "kiosk hides the nav bar"
    );
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
    wait_for(&page, &format!("{DRAWN_COUNT} === 16"), LIMIT).await;
    assert_eq!(queries(), 16);
    if let Ok(dir) = std::env::var("DEMO_SCREENSHOT_DIR") {
        page.evaluate("window.scrollTo(0, 0)").await.unwrap();
        let png = page
            .screenshot(chromiumoxide::page::ScreenshotParams::builder().build())
            .await
            .unwrap();
        std::fs::write(format!("{dir}/long-scroll.png"), png).unwrap();
    }

    // Collapsed rows show as a header; their panels are not laid out. Repeats are.
    page.goto(format!("{}/d/b7c1f0e2-api-latency/api-latency", s.url()))
        .await
        .unwrap();
    wait_for(
        &page,
        "!!document.querySelector('[data-testid=\"data-testid dashboard-row-title-Details\"]') && !!document.querySelector('[data-viz-panel-key=\"panel-3-clone-1\"]')",
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
    chrome.close().await;
}
