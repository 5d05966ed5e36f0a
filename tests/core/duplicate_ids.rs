//! A dashboard that saves two panels with one id: Panelshot numbers them as Grafana's page does
//! (the second gets the next free id), so each id renders the panel Grafana shows under it.

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn each_panel_of_a_duplicated_id_renders_under_the_id_grafana_gives_it() {
    let s = setup().await;
    let d = s.core.dashboard("demo", "duplicate-ids").await.unwrap();
    let listed: Vec<(&str, i64, Option<i64>)> = d
        .panels
        .iter()
        .map(|p| (p.title.as_str(), p.id, p.renumbered_from))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("First two", 2, None),
            ("Second two", 6, Some(2)),
            ("Five", 5, None)
        ]
    );
    let first = export_one(&s, &request(&s, "duplicate-ids", &["2"], opts(400, 200))).await;
    assert_eq!(first.title, "First two");
    assert_drawn(&load(&path_of(&first)), 50, "the time series saved as 2");
    let second = export_one(&s, &request(&s, "duplicate-ids", &["6"], opts(400, 200))).await;
    assert_eq!(second.title, "Second two");
    let img = load(&path_of(&second));
    assert_eq!(
        count_colour(&img, DATA_GREEN, 30),
        0,
        "panel 6 is the text panel, not the time series that keeps id 2"
    );
    s.core.shutdown().await;
}
