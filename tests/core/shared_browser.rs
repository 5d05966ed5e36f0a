//! One browser for everything the window asks for: the preview, the panel pictures and the
//! exports share it (no second browser while the window is open), it runs no renderer beyond
//! the tabs that render (no new-tab page, no spare renderer, no preloaded browser WebUI: a full
//! Chrome starts two or three of those), and it closes once nothing has used it for the idle
//! period.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::render_support::*;

/// The processes of the browser `root` (itself and every descendant) and their `--type=`.
fn tree_kinds(root: u32) -> Vec<(u32, String)> {
    process_tree(root)
        .into_iter()
        .filter_map(|p| {
            let cmd = std::fs::read(format!("/proc/{p}/cmdline")).ok()?;
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            let kind = cmd
                .split(' ')
                .find_map(|a| a.strip_prefix("--type="))
                .unwrap_or("browser")
                .to_string();
            Some((p, kind))
        })
        .collect()
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_pictures_and_exports_share_one_browser_with_no_idle_renderers_until_it_idles_out()
{
    for (browser, path) in browsers() {
        let mut s = setup().await;
        s.core.set_renderer(panelshot_core::render::RendererConfig {
            chrome: Some(path.clone()),
            concurrency: 4,
            idle_timeout: Duration::from_secs(4),
            ..Default::default()
        });
        let view = opts(480, 240);
        s.core
            .preview("demo", "node-exporter-full", "1", &view)
            .await
            .unwrap_or_else(|e| panic!("{browser}: preview: {e}"));
        let pid = s
            .core
            .browser_pid()
            .await
            .expect("a browser after the preview");

        let pictures = s
            .core
            .panel_thumbnails("demo", "node-exporter-full", &view, true)
            .await
            .unwrap_or_else(|e| panic!("{browser}: pictures: {e}"));
        assert!(!pictures.panels.is_empty(), "{browser}: no pictures");
        assert_eq!(s.core.browser_pid().await, Some(pid), "{browser}: pictures");

        // Four panels at once: four tabs, a renderer each and no other.
        let items = export(
            &s,
            &request(
                &s,
                "node-exporter-full",
                &["1", "2", "3", "4"],
                opts(400, 200),
            ),
        )
        .await;
        for item in &items {
            assert_drawn(&load(&path_of(item)), 100, browser);
        }
        assert_eq!(s.core.browser_pid().await, Some(pid), "{browser}: exports");
        let kinds = tree_kinds(pid);
        let browsers = kinds.iter().filter(|(_, k)| k == "browser").count();
        let renderers = kinds.iter().filter(|(_, k)| k == "renderer").count();
        assert_eq!(browsers, 1, "{browser}: {kinds:?}");
        assert!(
            (1..=4).contains(&renderers),
            "{browser}: a renderer per tab and no other: {kinds:?}"
        );

        // Nothing more to do: the browser and every process of it end after the idle period.
        let started = Instant::now();
        while s.core.browser_pid().await.is_some() || kinds.iter().any(|(p, _)| alive(*p)) {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{browser}: still running after the idle period: {:?}",
                tree_kinds(pid)
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        s.core.shutdown().await;
    }
}
