//! Size, scale, time zone, theme, variables, transparency and formats reach the image.

use panelshot_core::export::Format;
use panelshot_core::render::Theme;

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn scale_two_doubles_the_pixels_and_natural_size_follows_the_grid() {
    let s = setup().await;
    let mut o = opts(800, 400);
    o.scale = 2.0;
    let item = export_one(&s, &request(&s, "node-exporter-full", &["1"], o)).await;
    assert_eq!(load(&path_of(&item)).dimensions(), (1600, 800));
    let mut natural = request(&s, "b7c1f0e2-api-latency", &["2"], opts(100, 100));
    natural.natural_size = true;
    let item = export_one(&s, &natural).await;
    assert_eq!(
        load(&path_of(&item)).dimensions(),
        (960, 296),
        "12×8 grid units"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn time_zone_theme_and_variables_are_the_ones_drawn() {
    let s = setup().await;
    let mut o = opts(700, 350);
    o.timezone = Some("Asia/Tokyo".into());
    o.theme = Theme::Light;
    o.from = Some("now-7d".into());
    o.to = Some("now".into());
    o.vars = vec![
        ("service".into(), "search".into()),
        ("service".into(), "auth".into()),
    ];
    let item = export_one(&s, &request(&s, "b7c1f0e2-api-latency", &["2"], o)).await;
    let img = load(&path_of(&item));
    let bg = img.get_pixel(4, 40);
    assert!(
        near([bg[0], bg[1], bg[2]], [0xff, 0xff, 0xff], 3),
        "light panel background, got {bg:?}"
    );
    let solo = s
        .demo
        .requests()
        .into_iter()
        .find(|r| r.path.starts_with("/d-solo/"))
        .expect("page requested");
    for part in [
        "timezone=Asia%2FTokyo",
        "tz=Asia%2FTokyo",
        "theme=light",
        "from=now-7d",
        "to=now",
        "var-service=search",
        "var-service=auth",
        "hideLogo=true",
        "panelId=2",
        "orgId=1",
    ] {
        assert!(solo.query.contains(part), "{part} in {}", solo.query);
    }
    let mut dark = opts(700, 350);
    dark.timezone = Some("utc".into());
    let item = export_one(&s, &request(&s, "b7c1f0e2-api-latency", &["2"], dark)).await;
    let bg = load(&path_of(&item)).get_pixel(4, 40).0;
    assert!(
        near([bg[0], bg[1], bg[2]], [0x18, 0x1b, 0x1f], 3),
        "dark panel background, got {bg:?}"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn transparent_png_and_every_format() {
    let s = setup().await;
    let mut t = opts(500, 250);
    t.transparent = true;
    let item = export_one(&s, &request(&s, "node-exporter-full", &["1"], t.clone())).await;
    let img = load(&path_of(&item));
    assert_eq!(img.get_pixel(4, 40)[3], 0, "background is transparent");
    assert!(
        count_colour(&img, DATA_GREEN, 16) > 300,
        "the line is still drawn"
    );

    let mut jpeg = request(&s, "node-exporter-full", &["1"], t);
    jpeg.format = Format::Jpeg;
    jpeg.quality = Some(85);
    let item = export_one(&s, &jpeg).await;
    let path = path_of(&item);
    assert!(path.to_string_lossy().ends_with(".jpg"));
    let img = load(&path);
    assert_eq!(img.dimensions(), (500, 250));
    let p = img.get_pixel(4, 40);
    assert!(
        near([p[0], p[1], p[2]], [0x18, 0x1b, 0x1f], 6),
        "flattened onto the dark theme, got {p:?}"
    );

    // The same (reused) tab, now without transparency: the background is opaque again.
    let mut webp = request(&s, "node-exporter-full", &["1"], opts(500, 250));
    webp.format = Format::Webp;
    let item = export_one(&s, &webp).await;
    let img = load(&path_of(&item));
    assert_eq!(img.dimensions(), (500, 250));
    assert_eq!(
        img.get_pixel(4, 40)[3],
        255,
        "opaque after a transparent render"
    );

    let mut pdf = request(&s, "node-exporter-full", &["1"], opts(800, 400));
    pdf.format = Format::Pdf;
    let item = export_one(&s, &pdf).await;
    let bytes = std::fs::read(path_of(&item)).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 600 300]"),
        "one page of 800×400 CSS px"
    );
    assert_eq!(
        text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page/").count()
            + text.matches("/Type /Page ").count(),
        1
    );
    // A PDF has a thumbnail in history too: a small picture of the same page, with its data.
    let id = item.history_id.expect("recorded");
    let (thumb, mime) = s
        .core
        .history_thumbnail(id)
        .unwrap()
        .expect("a PDF export has a thumbnail");
    assert_eq!(mime, "image/png");
    let t = image::load_from_memory(&thumb).unwrap().to_rgba8();
    assert_eq!(
        t.dimensions(),
        (320, 160),
        "the page's shape, thumbnail-sized"
    );
    assert!(
        t.pixels().any(|p| p.0[..3]
            .iter()
            .zip(crate::render_support::DATA_GREEN)
            .all(|(a, b)| a.abs_diff(b) < 40)),
        "the thumbnail shows the panel's data"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_dashboard_fetch_serves_a_burst_of_renders_until_the_connection_changes() {
    let s = setup().await;
    // Grafana's own page fetches the dashboard too; Panelshot's fetches are the rest.
    let fetches = || {
        let log = s.demo.requests();
        let api = log
            .iter()
            .filter(|r| r.path == "/api/dashboards/uid/node-exporter-full")
            .count();
        let pages = log
            .iter()
            .filter(|r| r.path.starts_with("/d-solo/"))
            .count();
        api - pages
    };
    let before = fetches();
    let items = export(
        &s,
        &request(&s, "node-exporter-full", &["1", "2", "3"], opts(400, 200)),
    )
    .await;
    assert!(items.iter().all(|i| i.ok()), "{items:?}");
    for panel in ["1", "2"] {
        s.core
            .preview("demo", "node-exporter-full", panel, &opts(400, 200))
            .await
            .expect("preview");
    }
    assert_eq!(
        fetches() - before,
        1,
        "the batch and the previews share one fetch"
    );

    // Editing the connection drops what was fetched with its old settings.
    let conn = s.core.connection("demo").unwrap();
    s.core
        .update_connection(
            "demo",
            panelshot_core::service::AddConnection {
                name: "demo".into(),
                url: conn.url.clone(),
                org_id: conn.org_id,
                auth: panelshot_core::service::AuthInput::Keep,
                ca_cert_pem: None,
                insecure: false,
                timeout_secs: Some(20),
            },
        )
        .unwrap();
    s.core
        .preview("demo", "node-exporter-full", "1", &opts(400, 200))
        .await
        .expect("preview after the edit");
    assert_eq!(fetches() - before, 2);
    s.core.shutdown().await;
}
