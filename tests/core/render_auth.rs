//! Credentials go to the Grafana origin only, redirects included.

use panelshot_core::render::{Renderer, RendererConfig};

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn every_grafana_request_carries_the_token_and_the_third_party_gets_none() {
    let s = setup().await;
    let item = export_one(&s, &request(&s, "classic-overview", &["4"], opts(600, 300))).await;
    path_of(&item);
    let log = s.demo.requests();
    assert!(log.iter().any(|r| r.path.starts_with("/d-solo/")));
    assert!(log.iter().any(|r| r.path == "/public/build/demo-app.js"));
    assert!(
        log.iter().any(|r| r.path == "/api/ds/query")
            || log.iter().any(|r| r.path.starts_with("/api/dashboards/"))
    );
    let bare: Vec<_> = log
        .iter()
        .filter(|r| r.path != "/api/health" && r.auth != "bearer")
        .collect();
    assert!(bare.is_empty(), "requests without the token: {bare:?}");
    assert!(
        s.demo.third_party_hits() >= 1,
        "the text panel loaded its third-party image"
    );
    assert!(
        s.demo.leaks().is_empty(),
        "leaked to the third party: {:?}",
        s.demo.leaks()
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_redirect_to_the_slugged_url_still_renders_with_auth() {
    let s = setup().await;
    let renderer = Renderer::new(RendererConfig::default());
    let capture = renderer
        .render(panel_job(
            &s.demo.url(),
            s.demo.token(),
            "node-exporter-full",
            "",
            opts(640, 320),
            Some(true),
        ))
        .await
        .expect("renders after the redirect");
    assert_eq!((capture.width_px, capture.height_px), (640, 320));
    let log = s.demo.requests();
    let redirect = log
        .iter()
        .find(|r| r.path == "/d-solo/node-exporter-full")
        .expect("the slug-less URL was asked");
    assert_eq!((redirect.status, redirect.auth.as_str()), (302, "bearer"));
    let followed = log
        .iter()
        .find(|r| r.path == "/d-solo/node-exporter-full/node-exporter-full")
        .expect("followed");
    assert_eq!((followed.status, followed.auth.as_str()), (200, "bearer"));
    assert!(
        followed.query.contains("panelId=1"),
        "the query survived the redirect"
    );
    renderer.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_is_reported_as_unauthorized() {
    let s = setup().await;
    let renderer = Renderer::new(RendererConfig::default());
    let err = renderer
        .render(panel_job(
            &s.demo.url(),
            "glsa_wrong",
            "node-exporter-full",
            "x",
            opts(640, 320),
            Some(true),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        panelshot_core::error::Coded::code(&err),
        "grafana.unauthorized"
    );
    renderer.shutdown().await;
}
