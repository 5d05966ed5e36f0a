//! The data behind a picture (`ExportRequest::data`): CSV files beside the image, from the
//! answers the panel's own queries got during the render — compared here with what the demo
//! Grafana answers when asked the same query again.

use panelshot_core::data::DataKind;
use panelshot_core::service::ExportTarget;
use serde_json::Value;

use crate::render_support::*;

/// The demo's answer, asked again over HTTP with the body the page sent: value columns by
/// query letter (times as epoch ms, values as numbers).
async fn asked_again(s: &Setup, body: &str) -> Vec<(String, Vec<f64>, Vec<f64>)> {
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/api/ds/query", s.demo.url()))
        .bearer_auth(s.demo.token())
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut out = Vec::new();
    for (ref_id, r) in answer["results"].as_object().unwrap() {
        let values = &r["frames"][0]["data"]["values"];
        let col = |i: usize| -> Vec<f64> {
            values[i]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        };
        out.push((ref_id.clone(), col(0), col(1)));
    }
    out
}

/// The CSV's rows as (time text, value).
fn rows(path: &std::path::Path) -> (String, Vec<(String, f64)>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let rows = lines
        .map(|l| {
            let (t, v) = l.split_once(',').unwrap();
            (t.to_string(), v.parse().unwrap())
        })
        .collect();
    (header, rows)
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_holds_the_numbers_the_panel_drew_in_the_exports_zone() {
    let s = setup().await;
    // A fixed range, so the page's query and ours are the same.
    let (from, to) = (1_765_000_000_000_i64, 1_765_021_600_000_i64);
    let mut o = opts(800, 400);
    o.from = Some(from.to_string());
    o.to = Some(to.to_string());
    o.timezone = Some("Asia/Tokyo".into());
    let mut req = request(&s, "node-exporter-full", &["1"], o);
    req.data = Some(DataKind::Csv);
    let item = export_one(&s, &req).await;
    let image = path_of(&item);
    assert_eq!(item.data_files.len(), 1, "{:?}", item.data_note);
    let csv = &item.data_files[0];
    assert_eq!(csv.parent(), image.parent(), "beside the image");
    assert_eq!(csv.file_stem(), image.file_stem());
    let (header, got) = rows(csv);
    assert_eq!(header, "Time (Asia/Tokyo),Value");
    // Every query the render sent was the panel's (one); asked again, the demo answers the
    // same numbers.
    let bodies = s.demo.query_bodies();
    assert_eq!(bodies.len(), 1, "no second query was made for the data");
    let again = asked_again(&s, &bodies[0]).await;
    let (_, times, values) = &again[0];
    assert_eq!(got.len(), values.len());
    let tokyo: chrono_tz::Tz = "Asia/Tokyo".parse().unwrap();
    for ((t, v), (want_t, want_v)) in got.iter().zip(times.iter().zip(values)) {
        let at = chrono::TimeZone::timestamp_millis_opt(&tokyo, *want_t as i64).unwrap();
        assert_eq!(t, &at.format("%Y-%m-%dT%H:%M:%S%.3f+09:00").to_string());
        assert_eq!(v, want_v);
    }
    assert!(
        got.iter().all(|(t, _)| {
            let ms = chrono::DateTime::parse_from_rfc3339(t)
                .unwrap()
                .timestamp_millis();
            (from..=to).contains(&ms)
        }),
        "the render's range"
    );
    assert!(item.data_note.is_none());
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_frames_a_table_workbook_no_data_and_a_dashboard() {
    let s = setup().await;
    // A table panel with two queries: a CSV per frame and a workbook with a sheet each.
    let mut req = request(&s, "b7c1f0e2-api-latency", &["5"], opts(800, 400));
    req.options.timezone = Some("utc".into());
    req.data = Some(DataKind::Csv);
    let item = export_one(&s, &req).await;
    let names: Vec<String> = item
        .data_files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let stem = path_of(&item)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        names,
        [
            format!("{stem}-A.csv"),
            format!("{stem}-B.csv"),
            format!("{stem}.xlsx")
        ]
    );
    for csv in &item.data_files[..2] {
        let (header, got) = rows(csv);
        assert_eq!(header, "Time (UTC),Value");
        assert!(!got.is_empty());
    }
    let book = std::fs::File::open(&item.data_files[2]).unwrap();
    let mut zip = zip::ZipArchive::new(book).unwrap();
    let sheets: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 2, "{sheets:?}");

    // A panel whose query answers no rows: its header alone, and a note.
    let mut req = request(&s, "readiness-lab", &["6"], opts(600, 300));
    req.data = Some(DataKind::Csv);
    let item = export_one(&s, &req).await;
    assert_eq!(item.data_files.len(), 1);
    let text = std::fs::read_to_string(&item.data_files[0]).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("Time ("), "{text}");
    assert!(
        item.data_note
            .as_deref()
            .unwrap()
            .contains("no data in this range")
    );

    // A whole dashboard: no data file, and the note says how to get it.
    let mut req = request(&s, "node-exporter-full", &[], opts(1000, 600));
    req.targets = vec![ExportTarget::Dashboard];
    req.data = Some(DataKind::Csv);
    let item = export_one(&s, &req).await;
    assert!(item.data_files.is_empty());
    assert!(
        item.data_note
            .as_deref()
            .unwrap()
            .contains("export its panels")
    );
    s.core.shutdown().await;
}
