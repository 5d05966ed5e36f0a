//! Schema-v2 dashboards are read at the most stable version the server offers: Grafana 13
//! serves the stable `v2` beside `v2beta1`, Grafana 12 only the beta.

use crate::render_support::*;

async fn demo_of(version: &str) -> Setup {
    setup_on(
        demo_grafana::start(demo_grafana::Config {
            version: version.into(),
            ..Default::default()
        })
        .await
        .expect("demo Grafana starts"),
    )
    .await
}

fn v2_reads(s: &Setup) -> Vec<String> {
    s.demo
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.starts_with("/apis/dashboard.grafana.app/v2"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn grafana_13_is_read_at_the_stable_v2() {
    let s = demo_of("13.0.0").await;
    let d = s.core.dashboard("demo", "schema-v2-demo").await.unwrap();
    assert_eq!(d.api_version.as_deref(), Some("v2"));
    assert_eq!(d.panels.len(), 5);
    assert_eq!(
        v2_reads(&s),
        vec!["/apis/dashboard.grafana.app/v2/namespaces/default/dashboards/schema-v2-demo"]
    );
    let item = export_one(&s, &request(&s, "schema-v2-demo", &["1"], opts(400, 200))).await;
    path_of(&item);
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn grafana_12_is_read_at_v2beta1() {
    let s = demo_of("12.4.1").await;
    let d = s.core.dashboard("demo", "schema-v2-demo").await.unwrap();
    assert_eq!(d.api_version.as_deref(), Some("v2beta1"));
    assert_eq!(
        v2_reads(&s),
        vec!["/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/schema-v2-demo"]
    );
}
