//! The panel picker's pictures: one render of the whole dashboard in real Chromium from the
//! demo Grafana, cropped at each panel's box — on classic (`data-panelid`) and Scenes
//! (`data-viz-panel-key`) pages, with lazy panels below the fold, and collapsed rows left out.

use panelshot_core::service::Thumbnails;

use crate::render_support::{DATA_GREEN, SPINNER, count_colour, opts, setup};

fn pages(s: &crate::render_support::Setup) -> (usize, usize) {
    let log = s.demo.requests();
    let dash = log.iter().filter(|r| r.path.starts_with("/d/")).count();
    let solo = log
        .iter()
        .filter(|r| r.path.starts_with("/d-solo/"))
        .count();
    (dash, solo)
}

/// Pixels of a strong colour: a drawn series line or area, never the grey panel chrome.
fn saturated(img: &image::RgbaImage) -> usize {
    img.pixels()
        .filter(|p| {
            let (hi, lo) = (p[0].max(p[1]).max(p[2]), p[0].min(p[1]).min(p[2]));
            hi - lo > 80
        })
        .count()
}

fn image_of(t: &Thumbnails, key: &str) -> image::RgbaImage {
    let thumb = t
        .panels
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("no thumbnail for {key}: {:?}", t.not_shown));
    image::load_from_memory(&thumb.png)
        .expect("thumbnail is a PNG")
        .to_rgba8()
}

#[tokio::test]
async fn one_dashboard_render_gives_every_panel_its_picture_and_is_kept_until_refreshed() {
    let s = setup().await;
    let view = opts(1000, 500);
    let t = s
        .core
        .panel_thumbnails("demo", "classic-overview", &view, false)
        .await
        .expect("thumbnails");
    // Classic page: panels found by `data-panelid`; one page for the whole dashboard.
    assert_eq!(pages(&s), (1, 0), "one dashboard page, no panel pages");
    assert!(!t.cached);
    assert!(t.not_shown.is_empty(), "{:?}", t.not_shown);
    let keys: Vec<&str> = t.panels.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["panel-1", "panel-2", "panel-3", "panel-4"]);
    for p in &t.panels {
        // A 12×8 grid panel at 1280 px is about twice as wide as high.
        let ratio = f64::from(p.width_px) / f64::from(p.height_px);
        assert!(
            (1.7..2.6).contains(&ratio),
            "{}: {}×{}",
            p.key,
            p.width_px,
            p.height_px
        );
        assert!(
            p.width_px <= 640,
            "{}: no larger than the picker needs",
            p.key
        );
        assert_eq!(
            count_colour(&image_of(&t, &p.key), SPINNER, 40),
            0,
            "{}: drawn",
            p.key
        );
    }
    // The time series (panel 1) draws its data line; the crop is that panel, not its neighbour.
    assert!(count_colour(&image_of(&t, "panel-1"), DATA_GREEN, 24) > 20);

    let again = s
        .core
        .panel_thumbnails("demo", "classic-overview", &view, false)
        .await
        .expect("cached thumbnails");
    assert!(again.cached);
    assert_eq!(
        pages(&s),
        (1, 0),
        "the cache answers, Grafana is not asked again"
    );
    // Another export size is the same view of the dashboard: still cached.
    let bigger = opts(1600, 900);
    assert!(
        s.core
            .panel_thumbnails("demo", "classic-overview", &bigger, false)
            .await
            .expect("cached")
            .cached
    );
    // Another time range, or a refresh, renders again.
    let mut week = view.clone();
    week.from = Some("now-7d".into());
    let w = s
        .core
        .panel_thumbnails("demo", "classic-overview", &week, false)
        .await
        .expect("week");
    assert!(!w.cached);
    let fresh = s
        .core
        .panel_thumbnails("demo", "classic-overview", &view, true)
        .await
        .expect("refresh");
    assert!(!fresh.cached);
    assert_eq!(pages(&s), (3, 0));
    // The export's text size is no part of the picker's map: a view with one lays the
    // dashboard out as without (same crops, each panel its own picture).
    let mut month = view.clone();
    month.from = Some("now-30d".into());
    month.zoom = Some(2.0);
    let m = s
        .core
        .panel_thumbnails("demo", "classic-overview", &month, false)
        .await
        .expect("month");
    assert_eq!(m.panels.len(), t.panels.len());
    for (a, b) in t.panels.iter().zip(&m.panels) {
        assert_eq!(
            (a.width_px, a.height_px),
            (b.width_px, b.height_px),
            "{}",
            a.key
        );
    }
    assert!(count_colour(&image_of(&m, "panel-1"), DATA_GREEN, 24) > 20);
    s.core.shutdown().await;
}

#[tokio::test]
async fn lazy_scenes_panels_below_the_fold_get_pictures_and_collapsed_rows_none() {
    let s = setup().await;
    let view = opts(1000, 500);
    let t = s
        .core
        .panel_thumbnails("demo", "long-scroll", &view, false)
        .await
        .expect("thumbnails");
    assert_eq!(t.panels.len(), 16, "not shown: {:?}", t.not_shown);
    for p in &t.panels {
        let img = image_of(&t, &p.key);
        assert_eq!(count_colour(&img, SPINNER, 40), 0, "{} was loaded", p.key);
    }
    if let Ok(dir) = std::env::var("PANELSHOT_DUMP") {
        for p in &t.panels {
            std::fs::write(format!("{dir}/{}.png", p.key), &p.png).unwrap();
        }
    }
    // The last time series sits far below the first screen: lazy loading was triggered and
    // its line (each series has its own colour) is drawn.
    assert!(saturated(&image_of(&t, "panel-15")) > 200);

    // Node Exporter Full: a "Memory" row is collapsed, so its two panels are not on the page.
    let n = s
        .core
        .panel_thumbnails("demo", "node-exporter-full", &view, false)
        .await
        .expect("thumbnails");
    let detail = s
        .core
        .dashboard("demo", "node-exporter-full")
        .await
        .expect("dashboard");
    let collapsed: Vec<String> = detail
        .panels
        .iter()
        .filter(|p| p.in_collapsed_row)
        .map(|p| p.key.clone())
        .collect();
    assert_eq!(collapsed.len(), 2);
    assert_eq!(n.not_shown, collapsed);
    assert_eq!(n.panels.len(), detail.panels.len() - 2);
    s.core.shutdown().await;
}

#[tokio::test]
async fn a_schema_v2_dashboard_shows_its_first_tab_and_the_other_tabs_have_no_pictures() {
    let s = setup().await;
    let t = s
        .core
        .panel_thumbnails("demo", "schema-v2-demo", &opts(1000, 500), false)
        .await
        .expect("thumbnails");
    let shown: Vec<&str> = t.panels.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(shown, ["panel-1", "panel-2"], "the Overview tab");
    assert_eq!(
        t.not_shown,
        ["panel-3", "panel-4", "panel-5"],
        "Details and Budget tabs"
    );
    s.core.shutdown().await;
}

#[tokio::test]
async fn a_failing_grafana_is_a_typed_error_not_empty_pictures() {
    let s = setup().await;
    let view = opts(1000, 500);
    s.demo.set_fault(demo_grafana::Fault::ServerError);
    let e = s
        .core
        .panel_thumbnails("demo", "classic-overview", &view, false)
        .await
        .expect_err("Grafana answers 500");
    let code = panelshot_core::error::Coded::code(&e).to_string();
    assert!(code.starts_with("grafana."), "{code}: {e}");
    s.core.shutdown().await;
}
