//! Faults on demand: server-wide and per request.

mod common;

use std::time::{Duration, Instant};

use common::{client, server};
use demo_grafana::Fault;

#[tokio::test]
async fn server_wide_faults_change_every_api_answer() {
    let s = server().await;
    let c = client();
    let health = format!("{}/api/health", s.url());

    s.set_fault(Fault::ServerError);
    assert_eq!(c.get(&health).send().await.unwrap().status(), 500);

    s.set_fault(Fault::Html);
    let res = c.get(&health).send().await.unwrap();
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(res.text().await.unwrap().contains("<html>"));

    s.set_fault(Fault::Malformed);
    let text = c.get(&health).send().await.unwrap().text().await.unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());

    s.set_fault(Fault::Hang);
    let hang = c
        .get(&health)
        .timeout(Duration::from_millis(800))
        .send()
        .await;
    assert!(hang.unwrap_err().is_timeout());

    s.set_fault(Fault::Slow);
    let start = Instant::now();
    assert_eq!(c.get(&health).send().await.unwrap().status(), 200);
    assert!(start.elapsed() >= Duration::from_secs(2));

    // The fault can also be set over HTTP, as a person driving `make run` would.
    let set = c
        .post(format!("{}/__demo/fault", s.url()))
        .json(&"none")
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(c.get(&health).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_request_can_ask_for_its_own_fault() {
    let s = server().await;
    let c = client();
    let res = c
        .get(format!("{}/api/search?__demo_fault=500", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let ok = c
        .get(format!("{}/api/search", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn one_dashboard_answers_malformed_json() {
    let s = server().await;
    let res = client()
        .get(format!("{}/api/dashboards/uid/broken-json", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.json::<serde_json::Value>().await.is_err());
}

#[tokio::test]
async fn query_faults_fail_or_hang_the_data_request() {
    let s = server().await;
    let c = client();
    let url = format!("{}/api/ds/query", s.url());
    let failing = c
        .post(&url)
        .bearer_auth(s.token())
        .json(&serde_json::json!({"queries": [{"refId": "A", "fault": "500"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(failing.status(), 500);
    let hanging = c
        .post(&url)
        .bearer_auth(s.token())
        .timeout(Duration::from_millis(800))
        .json(&serde_json::json!({"queries": [{"refId": "A", "fault": "hang"}]}))
        .send()
        .await;
    assert!(hanging.unwrap_err().is_timeout());
}
