//! Real Chromium against the demo Grafana: each generation of "rendered" signal gives the
//! finished chart at exactly the requested size; unfinished and failing panels are reported.

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn each_readiness_generation_captures_the_finished_chart() {
    let s = setup().await;
    for (uid, signal) in [
        ("classic-overview", "panelsRendered"),
        ("node-exporter-full", "scenes"),
        // The dashboard says the panel queries: its data arrived and the counter reads 0, so
        // Panelshot need not wait for the binding's next 500 ms poll.
        ("binding-overview", "scenes"),
        ("late-queries", "scenes"),
        ("slow-panels", "scenes"),
    ] {
        let item = export_one(&s, &request(&s, uid, &["1"], opts(1000, 500))).await;
        let img = load(&path_of(&item));
        assert_eq!(img.dimensions(), (1000, 500), "{uid}");
        assert_eq!((item.width_px, item.height_px), (1000, 500));
        assert_eq!(item.ready_signal.as_deref(), Some(signal), "{uid}");
        assert_drawn(&img, 800, uid);
        assert!(
            item.page_drawn_ms.is_some(),
            "{uid}: the demo reports when it drew"
        );
    }
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_unknown_needs_the_render_binding_decides() {
    use panelshot_core::render::{Renderer, RendererConfig};
    let s = setup().await;
    let renderer = Renderer::new(RendererConfig::default());
    let capture = renderer
        .render(panel_job(
            &s.demo.url(),
            s.demo.token(),
            "binding-overview",
            "_",
            opts(800, 400),
            None,
        ))
        .await
        .expect("renders");
    assert_eq!(capture.ready_signal, "render binding");
    renderer.shutdown().await;
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panel_that_never_finishes_times_out_and_writes_nothing() {
    let s = setup().await;
    let mut o = opts(600, 300);
    o.timeout_secs = 4;
    let item = export_one(&s, &request(&s, "never-finishes", &["2"], o.clone())).await;
    let err = item.error.expect("must fail");
    assert_eq!(err.code, "render.timeout");
    assert!(err.message.contains("running"), "{}", err.message);
    // The window shows this message too, and has no flags to offer.
    assert!(!err.message.contains("--"), "{}", err.message);
    assert!(
        files_in(s.out.path()).is_empty(),
        "no image, no partial file"
    );

    o.capture_anyway = true;
    let anyway = export_one(&s, &request(&s, "never-finishes", &["2"], o)).await;
    assert_eq!(load(&path_of(&anyway)).dimensions(), (600, 300));
    assert_eq!(
        anyway.ready_signal.as_deref(),
        Some("capture-anyway (timeout)")
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panel_in_error_is_reported_not_captured() {
    let s = setup().await;
    let item = export_one(&s, &request(&s, "panel-errors", &["2"], opts(600, 300))).await;
    let err = item.error.expect("must fail");
    assert_eq!(err.code, "render.panel_error");
    assert!(err.message.contains("503"), "{}", err.message);
    assert!(files_in(s.out.path()).is_empty());
    let missing = export_one(&s, &request(&s, "panel-errors", &["77"], opts(600, 300))).await;
    assert_eq!(
        missing.error.expect("unknown panel").code,
        "grafana.not_found"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_preview_says_what_it_waits_for_while_grafana_works() {
    let s = setup().await;
    let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let sink = told.clone();
    let report = panelshot_core::render::WaitReport::new(move |what| {
        sink.lock().unwrap().push(what.to_string());
    });
    // Slow Panels: the query takes 2.7 s, so the render waits on Grafana's running query.
    s.core
        .preview_telling("demo", "slow-panels", "1", &opts(600, 300), report)
        .await
        .expect("preview");
    let told = told.lock().unwrap().clone();
    assert_eq!(
        told.first().map(String::as_str),
        Some("the page has not answered yet")
    );
    assert!(
        told.iter().any(|t| t == "1 data query is running"),
        "{told:?}"
    );
    // Each change is told once, not on every poll.
    assert!(told.windows(2).all(|w| w[0] != w[1]), "{told:?}");
    s.core.shutdown().await;
}
