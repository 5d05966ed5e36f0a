//! The API answers with Grafana's field names and semantics (reference §5).

mod common;

use common::{client, get_json, server};
use serde_json::Value;

#[tokio::test]
async fn health_org_and_frontend_settings_have_grafana_fields() {
    let s = server().await;
    let (status, health) = get_json(&s, "/api/health").await;
    assert_eq!(status, 200);
    assert_eq!(health["database"], "ok");
    assert_eq!(health["version"], "12.4.1");
    assert!(health["commit"].is_string());
    let (_, settings) = get_json(&s, "/api/frontend/settings").await;
    assert_eq!(settings["buildInfo"]["version"], "12.4.1");
}

fn titles(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_filters_by_query_tags_folder_starred_and_type() {
    let s = server().await;
    let (_, all) = get_json(&s, "/api/search?type=dash-db").await;
    let all = all.as_array().unwrap().clone();
    assert!(all.len() >= 15, "at least 15 dashboards, got {}", all.len());
    assert!(all.iter().all(|h| h["type"] == "dash-db"));
    let sorted: Vec<String> = all
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_lowercase())
        .collect();
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected, "sorted by title");

    let (_, q) = get_json(&s, "/api/search?query=latency").await;
    assert_eq!(titles(&q), vec!["API Latency"]);
    let hit = &q[0];
    for field in [
        "id",
        "uid",
        "orgId",
        "title",
        "uri",
        "url",
        "slug",
        "type",
        "tags",
        "isStarred",
        "folderId",
        "folderUid",
        "folderTitle",
        "folderUrl",
        "sortMeta",
    ] {
        assert!(hit.get(field).is_some(), "hit has {field}");
    }
    assert_eq!(hit["url"], "/d/b7c1f0e2-api-latency/api-latency");
    assert_eq!(hit["folderTitle"], "Payments");

    let (_, tagged) = get_json(&s, "/api/search?tag=renderer&tag=faults").await;
    assert_eq!(titles(&tagged), vec!["Never Finishes", "Panel Errors"]);

    let (_, starred) = get_json(&s, "/api/search?starred=true").await;
    assert!(titles(&starred).contains(&"Node Exporter Full".to_string()));
    assert!(
        starred
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["isStarred"] == true)
    );

    let (_, in_folder) = get_json(&s, "/api/search?type=dash-db&folderUIDs=ab12cd34ef").await;
    assert_eq!(titles(&in_folder), vec!["API Latency", "Payments Funnel"]);

    let (_, root) = get_json(&s, "/api/search?type=dash-db&folderUIDs=general").await;
    assert_eq!(titles(&root), vec!["Home Overview"]);
    assert!(
        root[0].get("folderUid").is_none(),
        "root dashboards omit folder fields"
    );

    let (_, folders_only) = get_json(&s, "/api/search?type=dash-folder").await;
    assert!(
        folders_only
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["type"] == "dash-folder")
    );
    assert!(folders_only.as_array().unwrap().len() >= 4);
}

#[tokio::test]
async fn search_pages_through_results() {
    let s = demo_grafana::start(demo_grafana::Config {
        many: 250,
        ..Default::default()
    })
    .await
    .unwrap();
    let mut seen = Vec::new();
    for page in 1..=10 {
        let (_, hits) = get_json(
            &s,
            &format!("/api/search?type=dash-db&limit=100&page={page}"),
        )
        .await;
        let hits = hits.as_array().unwrap().clone();
        if hits.is_empty() {
            break;
        }
        assert!(hits.len() <= 100);
        seen.extend(hits.iter().map(|h| h["uid"].as_str().unwrap().to_string()));
    }
    let total = s.state.dashboards.len();
    assert!(total >= 265);
    assert_eq!(seen.len(), total);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "pages do not overlap");
}

#[tokio::test]
async fn folders_are_a_tree() {
    let s = server().await;
    let (_, roots) = get_json(&s, "/api/folders").await;
    let roots = titles(&roots);
    assert!(roots.contains(&"Infrastructure".to_string()));
    assert!(
        !roots.contains(&"Payments".to_string()),
        "nested folders are not at the root"
    );
    let (_, children) = get_json(&s, "/api/folders?parentUid=fe3kq9x2abcde").await;
    assert_eq!(
        children,
        serde_json::json!([{ "id": 9, "uid": "ab12cd34ef", "title": "Payments", "parentUid": "fe3kq9x2abcde" }])
    );
    let (status, folder) = get_json(&s, "/api/folders/ab12cd34ef").await;
    assert_eq!(status, 200);
    assert_eq!(folder["title"], "Payments");
    let (_, paged) = get_json(&s, "/api/folders?limit=1&page=2").await;
    assert_eq!(paged.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn dashboard_by_uid_has_meta_rows_collapsed_rows_repeats_and_library_panels() {
    let s = server().await;
    let (status, body) = get_json(&s, "/api/dashboards/uid/b7c1f0e2-api-latency").await;
    assert_eq!(status, 200);
    let meta = &body["meta"];
    assert_eq!(meta["slug"], "api-latency");
    assert_eq!(meta["url"], "/d/b7c1f0e2-api-latency/api-latency");
    assert_eq!(meta["folderUid"], "ab12cd34ef");
    assert_eq!(meta["folderTitle"], "Payments");
    assert_eq!(meta["apiVersion"], "v1");
    let dash = &body["dashboard"];
    assert_eq!(dash["timezone"], "browser");
    let panels = dash["panels"].as_array().unwrap();
    let collapsed = panels
        .iter()
        .find(|p| p["type"] == "row" && p["collapsed"] == true)
        .unwrap();
    assert_eq!(
        collapsed["panels"].as_array().unwrap().len(),
        2,
        "collapsed row nests its panels"
    );
    assert!(panels.iter().any(|p| p["repeat"] == "service"));
    let lib = panels
        .iter()
        .find(|p| p.get("libraryPanel").is_some())
        .unwrap();
    let (status, element) = get_json(
        &s,
        &format!(
            "/api/library-elements/{}",
            lib["libraryPanel"]["uid"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(element["result"]["model"]["type"], "gauge");
    let vars = dash["templating"]["list"].as_array().unwrap();
    let service = vars.iter().find(|v| v["name"] == "service").unwrap();
    assert_eq!(
        service["current"]["value"],
        serde_json::json!(["checkout", "cart"])
    );
    assert_eq!(service["multi"], true);

    let (status, missing) = get_json(&s, "/api/dashboards/uid/does-not-exist").await;
    assert_eq!(status, 404);
    assert_eq!(missing["message"], "Dashboard not found");
}

#[tokio::test]
async fn seeded_content_covers_the_hard_cases() {
    let s = server().await;
    assert!(s.state.folders.len() >= 4);
    let (_, big) = get_json(&s, "/api/dashboards/uid/eighty-panels").await;
    assert_eq!(big["dashboard"]["panels"].as_array().unwrap().len(), 80);
    let (_, cjk) = get_json(&s, "/api/search?query=東京").await;
    assert_eq!(titles(&cjk), vec!["東京 サービス監視 📈"]);
    let (_, tokyo) = get_json(&s, "/api/dashboards/uid/tokyo-ops").await;
    assert_eq!(tokyo["dashboard"]["timezone"], "Asia/Tokyo");
    let (_, vars) = get_json(&s, "/api/dashboards/uid/variables-showcase").await;
    let kinds: Vec<&str> = vars["dashboard"]["templating"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["type"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"custom") && kinds.contains(&"query"));
    // Grafana 12+ refuses schema-v2 dashboards on the classic API and names the new one.
    let (status, refused) = get_json(&s, "/api/dashboards/uid/schema-v2-demo").await;
    assert_eq!(status, 406);
    let message = refused["message"].as_str().unwrap().to_string();
    let path = message
        .split_whitespace()
        .find(|w| w.starts_with("/apis/"))
        .unwrap()
        .to_string();
    assert_eq!(
        path,
        "/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/schema-v2-demo"
    );
    let (_, v2) = get_json(&s, &path).await;
    assert_eq!(v2["kind"], "Dashboard");
    assert!(v2["spec"]["layout"]["kind"] == "TabsLayout");
    let (_, tags) = get_json(&s, "/api/dashboards/tags").await;
    assert!(
        tags.as_array()
            .unwrap()
            .iter()
            .any(|t| t["term"] == "renderer" && t["count"].as_u64().unwrap() >= 5)
    );
}

#[tokio::test]
async fn ds_query_needs_json_content_type_and_answers_frames() {
    let s = server().await;
    let c = client();
    let url = format!("{}/api/ds/query", s.url());
    let body = r#"{"queries":[{"refId":"A","panelId":2,"delayMs":0}],"from":"1700000000000","to":"1700003600000"}"#;
    let plain = c
        .post(&url)
        .bearer_auth(s.token())
        .header("content-type", "text/plain")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 400);
    let res = c
        .post(&url)
        .bearer_auth(s.token())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let frame = &v["results"]["A"]["frames"][0];
    let times = frame["data"]["values"][0].as_array().unwrap();
    assert_eq!(times.first().unwrap().as_i64(), Some(1_700_000_000_000));
    assert_eq!(times.last().unwrap().as_i64(), Some(1_700_003_600_000));
}
