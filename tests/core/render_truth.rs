//! Timeouts and crashes tell the truth: Grafana's slowness is bounded by the user's timeout and
//! never taken for a hung browser; a dead browser fails the renders in flight at once, saying
//! only that; a Grafana that fails or dies mid-render is named as the cause.

use std::time::{Duration, Instant};

use panelshot_core::render::RendererConfig;

use crate::render_support::*;

/// A step limit far below the page's slowness: a fixed limit around anything Grafana controls
/// would fail these renders as a crashed browser.
fn short_steps() -> RendererConfig {
    RendererConfig {
        step_timeout: Duration::from_secs(3),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_page_and_a_busy_bundle_inside_the_timeout_succeed() {
    let mut s = setup().await;
    s.core.set_renderer(short_steps());
    let mut o = opts(400, 200);
    o.timeout_secs = 30;
    // The page answers 5 s late.
    s.demo.set_slow_pages(5_000, 0);
    let late = export_one(&s, &request(&s, "node-exporter-full", &["1"], o.clone())).await;
    assert_eq!(load(&path_of(&late)).dimensions(), (400, 200), "{late:?}");
    // The bundle blocks the page for 5 s: no probe is answered meanwhile.
    s.demo.set_slow_pages(0, 5_000);
    let busy = export_one(&s, &request(&s, "node-exporter-full", &["2"], o)).await;
    assert_drawn(&load(&path_of(&busy)), 300, "busy bundle");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn slowness_past_the_timeout_is_a_timeout_naming_what_was_pending() {
    let mut s = setup().await;
    s.core.set_renderer(short_steps());
    let mut o = opts(400, 200);
    o.timeout_secs = 5;
    // The bundle blocks the page past the timeout. (First: a page still loading in another
    // tab of the same site would share its blocked renderer process.)
    s.demo.set_slow_pages(0, 12_000);
    let busy = export_one(&s, &request(&s, "node-exporter-full", &["1"], o.clone())).await;
    let err = busy.error.expect("fails");
    assert_eq!(err.code, "render.timeout", "{}", err.message);
    assert!(
        err.message.contains("scripts kept it busy"),
        "{}",
        err.message
    );
    // The page itself answers past the timeout.
    s.demo.set_slow_pages(9_000, 0);
    let late = export_one(&s, &request(&s, "node-exporter-full", &["1"], o)).await;
    let err = late.error.expect("fails");
    assert_eq!(err.code, "render.timeout", "{}", err.message);
    assert!(
        err.message
            .contains("had not answered the request for the page"),
        "{}",
        err.message
    );
    // Neither was taken for a broken browser: the next render uses the same one.
    let pid = s.core.browser_pid().await;
    s.demo.set_slow_pages(0, 0);
    let next = export_one(
        &s,
        &request(&s, "node-exporter-full", &["1"], opts(400, 200)),
    )
    .await;
    assert_eq!(load(&path_of(&next)).dimensions(), (400, 200));
    assert_eq!(s.core.browser_pid().await, pid, "the browser was kept");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dead_browser_fails_every_render_in_flight_at_once_and_says_only_that() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        concurrency: 3,
        ..Default::default()
    });
    path_of(&export_small(&s, "1").await);
    let pid = s.core.browser_pid().await.expect("a browser runs");
    let mut o = opts(400, 200);
    o.timeout_secs = 120;
    // Three renders that would wait for their whole timeout: their query never answers.
    let req = request(&s, "never-finishes", &["2", "2", "2"], o);
    let killed_at = std::sync::Mutex::new(None);
    let (items, _) = tokio::join!(export(&s, &req), async {
        tokio::time::sleep(Duration::from_millis(2_000)).await;
        *killed_at.lock().unwrap() = Some(Instant::now());
        // SAFETY: signalling a pid we started has no memory-safety preconditions.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    });
    let waited = killed_at.lock().unwrap().expect("killed").elapsed();
    assert_eq!(items.len(), 3);
    for item in &items {
        let err = item.error.as_ref().expect("fails");
        assert_eq!(err.code, "render.browser_crashed", "{}", err.message);
        assert!(
            err.message.contains("exited during the render"),
            "{}",
            err.message
        );
        assert!(
            !err.message.contains("timed out"),
            "one cause only: {}",
            err.message
        );
    }
    // Not after the 120 s timeout: the crash itself ended them (a loose bound, not a speed test).
    assert!(waited < Duration::from_secs(60), "{waited:?}");
    let next = export_small(&s, "1").await;
    assert_eq!(load(&path_of(&next)).dimensions(), (400, 200));
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn grafana_failing_or_dying_mid_query_is_named_as_grafana() {
    let s = setup().await;
    let o = opts(600, 300);
    // A data source's own error: Grafana shows it on the panel (HTTP 400 from /api/ds/query).
    let ds = export_one(&s, &request(&s, "panel-errors", &["2"], o.clone())).await;
    assert_eq!(ds.error.expect("fails").code, "render.panel_error");
    // Grafana's query service fails: HTTP 500.
    let failed = export_one(&s, &request(&s, "panel-errors", &["3"], o.clone())).await;
    let err = failed.error.expect("fails");
    assert_eq!(err.code, "grafana.server_error", "{}", err.message);
    assert!(err.message.contains("HTTP 500"), "{}", err.message);
    // Grafana dies mid-query: the connection drops without an answer.
    let gone = export_one(&s, &request(&s, "panel-errors", &["4"], o.clone())).await;
    let err = gone.error.expect("fails");
    assert_eq!(err.code, "grafana.unreachable", "{}", err.message);
    assert!(err.message.contains("stopped answering"), "{}", err.message);
    assert!(
        files_in(s.out.path()).is_empty(),
        "no image of a failed panel"
    );
    // --capture-anyway still takes the picture.
    let mut anyway = o;
    anyway.capture_anyway = true;
    let item = export_one(&s, &request(&s, "panel-errors", &["3"], anyway)).await;
    assert_eq!(load(&path_of(&item)).dimensions(), (600, 300));
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn huge_captures_run_one_at_a_time() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        concurrency: 3,
        ..Default::default()
    });
    // 5000×4000 = 20 megapixels each: above the one-at-a-time line.
    let items = export(
        &s,
        &request(&s, "node-exporter-full", &["1", "2", "3"], opts(5000, 4000)),
    )
    .await;
    for item in &items {
        assert_eq!(load(&path_of(item)).dimensions(), (5000, 4000));
    }
    // Each page was asked for only after the previous one had run its query: never two huge
    // pages open at once.
    assert_pages_one_at_a_time(s.demo.requests(), 3);
    s.core.shutdown().await;
}
