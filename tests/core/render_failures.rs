//! Failures a user meets: no browser, a browser that dies, an unwritable folder; and a big batch.

use std::time::Duration;

use panelshot_core::render::RendererConfig;
use panelshot_core::service::ExportTarget;

use crate::render_support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_browser_path_is_chromium_not_found() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        chrome: Some("/nonexistent/chromium".into()),
        ..Default::default()
    });
    let item = export_small(&s, "1").await;
    let err = item.error.expect("fails");
    assert_eq!(err.code, "chromium.not_found");
    assert!(
        err.message.contains("/nonexistent/chromium")
            && err.message.contains("panelshot browser install"),
        "{}",
        err.message
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browser_killed_mid_render_fails_that_render_and_the_next_one_works() {
    let s = setup().await;
    // Warm the browser so its pid is known, then start a slow render and kill Chromium under it.
    path_of(&export_small(&s, "1").await);
    let pid = s.core.browser_pid().await.expect("a browser runs");
    let profile = std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .unwrap()
        .split(" --")
        .find_map(|a| a.strip_prefix("user-data-dir=").map(str::to_string))
        .expect("the browser names its profile");
    let req = request(&s, "slow-panels", &["1"], opts(400, 200));
    let (item, _) = tokio::join!(export_one(&s, &req), async {
        tokio::time::sleep(Duration::from_millis(900)).await;
        // SAFETY: sending a signal to a pid we started has no memory-safety preconditions.
        unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    });
    let err = item.error.expect("the render in flight fails");
    assert_eq!(err.code, "render.browser_crashed", "{}", err.message);
    let next = export_small(&s, "1").await;
    assert_eq!(load(&path_of(&next)).dimensions(), (400, 200));
    assert_ne!(s.core.browser_pid().await, Some(pid), "a fresh browser");
    // Nothing of the dead browser keeps running: its helpers were ended with it.
    let mut left = usize::MAX;
    for _ in 0..50 {
        left = browser_command_lines(std::path::Path::new(&profile)).len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "helpers of the killed browser still run");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_output_is_a_clear_error_and_leaves_no_file() {
    let s = setup().await;
    // A path whose parent is a file cannot be created, even by root.
    let blocker = s.out.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let mut req = request(&s, "node-exporter-full", &["1"], opts(400, 200));
    req.output = Some(blocker.join("sub/panel.png"));
    let item = export_one(&s, &req).await;
    let err = item.error.expect("fails");
    assert_eq!(err.code, "export.io");
    assert!(err.message.contains("not-a-folder"), "{}", err.message);
    assert_eq!(files_in(s.out.path()), vec!["not-a-folder"]);
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hundred_panel_batch_at_concurrency_four() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        concurrency: 4,
        ..Default::default()
    });
    let ids: Vec<String> = (1..=80).chain(1..=20).map(|i| i.to_string()).collect();
    let mut req = request(&s, "eighty-panels", &[], opts(320, 200));
    req.targets = ids.iter().cloned().map(ExportTarget::Panel).collect();
    req.targets.push(ExportTarget::Panel("999".into()));
    let progress = std::sync::Mutex::new(Vec::new());
    let items = s
        .core
        .export(&req, &|p| progress.lock().unwrap().push(p.done))
        .await
        .unwrap();
    assert_eq!(items.len(), 101);
    let failed: Vec<_> = items.iter().filter(|i| !i.ok()).collect();
    assert_eq!(failed.len(), 1, "only the missing panel fails: {failed:?}");
    assert_eq!(failed[0].error.as_ref().unwrap().code, "grafana.not_found");
    assert_eq!(files_in(s.out.path()).len(), 100);
    assert_eq!(*progress.lock().unwrap(), (1..=101).collect::<Vec<_>>());
    // Results come back in request order with their own titles.
    assert_eq!(items[0].title, "Series 01");
    assert_eq!(items[80].title, "Series 01");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_dashboard_is_captured_full_height_with_lazy_panels_loaded() {
    let s = setup().await;
    let item = export_one(&s, &lazy_dashboard_request(&s)).await;
    let img = load(&path_of(&item));
    assert_eq!(img.width(), 1200);
    assert!(img.height() > 1200, "full height, got {}", img.height());
    assert_eq!(queries_served(&s), 16, "every lazy panel loaded");
    assert_eq!(count_colour(&img, SPINNER, 40), 0);
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_render_releases_its_tab_and_the_browser_still_idles_out() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        idle_timeout: Duration::from_secs(1),
        ..Default::default()
    });
    let core = std::sync::Arc::new(s.core);
    let mut o = opts(400, 200);
    o.timeout_secs = 60;
    let task = {
        let core = core.clone();
        tokio::spawn(async move { core.preview("demo", "never-finishes", "2", &o).await })
    };
    // Wait until the render is really in the browser, then drop it the way the window does.
    let mut pid = None;
    for _ in 0..200 {
        pid = core.browser_pid().await;
        if pid.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(pid.is_some(), "the browser started for the render");
    tokio::time::sleep(Duration::from_millis(500)).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    // Nothing is in flight any more, so the idle reaper closes the browser.
    let mut closed = false;
    for _ in 0..300 {
        if core.browser_pid().await.is_none() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(closed, "the browser idled out after the cancelled render");
    // And the renderer still works afterwards.
    let (png, capture) = core
        .preview("demo", "node-exporter-full", "1", &opts(400, 200))
        .await
        .expect("a render after the cancelled one");
    assert_eq!((capture.width_px, capture.height_px), (400, 200));
    assert!(png.starts_with(b"\x89PNG"));
    core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browser_that_stops_answering_fails_the_render_and_is_replaced() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        step_timeout: Duration::from_secs(3),
        ..Default::default()
    });
    path_of(&export_small(&s, "1").await);
    let pid = s.core.browser_pid().await.expect("a browser runs") as i32;
    let req = request(&s, "slow-panels", &["1"], opts(400, 200));
    let (item, _) = tokio::join!(export_one(&s, &req), async {
        tokio::time::sleep(Duration::from_millis(900)).await;
        // SAFETY: signalling a pid we started has no memory-safety preconditions.
        unsafe { libc::kill(pid, libc::SIGSTOP) };
    });
    let err = item.error.expect("the render in flight fails");
    assert_eq!(err.code, "render.browser_crashed", "{}", err.message);
    assert!(err.message.contains("stopped answering"), "{}", err.message);
    // The frozen browser was killed and reaped, not left behind.
    // SAFETY: as above; signal 0 only asks whether the process exists.
    assert_eq!(
        unsafe { libc::kill(pid, 0) },
        -1,
        "the hung browser is gone"
    );
    let next = export_small(&s, "1").await;
    assert_eq!(load(&path_of(&next)).dimensions(), (400, 200));
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_browser_is_reported_within_the_users_timeout_not_a_step_limit() {
    let mut s = setup().await;
    // Step limits far above the user's timeout: only the user's timeout can end this render
    // in the time the test allows.
    s.core.set_renderer(RendererConfig {
        step_timeout: Duration::from_secs(300),
        ..Default::default()
    });
    path_of(&export_small(&s, "1").await);
    let pid = s.core.browser_pid().await.expect("a browser runs") as i32;
    // SAFETY: signalling a pid we started has no memory-safety preconditions.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    let mut o = opts(400, 200);
    o.timeout_secs = 3;
    let req = request(&s, "classic-overview", &["1"], o);
    let item = tokio::time::timeout(Duration::from_secs(90), export_one(&s, &req))
        .await
        .expect("the render ends by the user's timeout (3 s), not by a 300 s step limit");
    let err = item.error.expect("the stopped browser fails the render");
    assert_eq!(err.code, "render.browser_crashed", "{}", err.message);
    // SAFETY: as above; signal 0 only asks whether the process exists.
    assert_eq!(
        unsafe { libc::kill(pid, 0) },
        -1,
        "the stopped browser is gone"
    );
    let next = export_small(&s, "1").await;
    assert_eq!(load(&path_of(&next)).dimensions(), (400, 200));
    s.core.shutdown().await;
}

/// Every Chromium renderer process under `browser` (children of children included).
fn renderers_under(browser: u32) -> Vec<i32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        if !String::from_utf8_lossy(&cmd).contains("--type=renderer") {
            continue;
        }
        // Walk up the parents until the browser (or the top) is reached.
        let mut p = pid;
        while p > 1 {
            if p as u32 == browser {
                out.push(pid);
                break;
            }
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
            p = stat
                .rsplit_once(')')
                .and_then(|(_, r)| r.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn tabs_are_reused_and_a_parked_tab_that_died_is_replaced() {
    let s = setup().await;
    let first = export_small(&s, "1").await;
    path_of(&first);
    let browser = s.core.browser_pid().await.expect("a browser runs");
    let renderers = renderers_under(browser);
    assert!(!renderers.is_empty(), "the parked tab keeps its renderer");
    // A second render reuses the parked tab: no new renderer process.
    let second = export_small(&s, "2").await;
    path_of(&second);
    assert_eq!(
        renderers_under(browser),
        renderers,
        "the same renderer served both"
    );

    // The system kills the parked tab's renderer (say, for memory): the next render still works.
    for pid in &renderers {
        // SAFETY: signalling processes of the browser we started.
        unsafe { libc::kill(*pid, libc::SIGKILL) };
    }
    let after = export_small(&s, "1").await;
    assert_eq!(load(&path_of(&after)).dimensions(), (400, 200));
    assert_eq!(s.core.browser_pid().await, Some(browser), "same browser");
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tab_closes_after_its_share_of_renders_and_a_fresh_one_takes_over() {
    let mut s = setup().await;
    s.core.set_renderer(RendererConfig {
        concurrency: 1,
        renders_per_tab: 3,
        ..Default::default()
    });
    path_of(&export_small(&s, "1").await);
    let browser = s.core.browser_pid().await.expect("a browser runs");
    let first = renderers_under(browser);
    path_of(&export_small(&s, "2").await);
    assert_eq!(
        renderers_under(browser),
        first,
        "the tab served a second render"
    );
    // The third render is the tab's last: it closes, and its renderer process ends with it.
    path_of(&export_small(&s, "3").await);
    let mut gone = Vec::new();
    for _ in 0..50 {
        let now = renderers_under(browser);
        gone = first.iter().filter(|p| !now.contains(p)).copied().collect();
        if !gone.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        !gone.is_empty(),
        "the first tab's renderer ended: {first:?}"
    );
    // A fresh tab, in a fresh renderer, takes the next render.
    let next = export_small(&s, "1").await;
    assert_eq!(load(&path_of(&next)).dimensions(), (400, 200));
    let now = renderers_under(browser);
    assert!(
        now.iter().any(|p| !first.contains(p)),
        "a new renderer serves: {now:?} (was {first:?})"
    );
    s.core.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn grafana_failing_its_own_api_while_the_page_loads_is_a_grafana_error_not_a_missing_panel() {
    let s = setup().await;
    // The dashboard is known (kept for a few seconds), so the render goes ahead; the page's own
    // call for the dashboard's JSON then answers 500 and the page says "Dashboard not found".
    s.core
        .preview("demo", "node-exporter-full", "1", &opts(400, 200))
        .await
        .expect("a first preview");
    s.demo.set_fault(demo_grafana::Fault::ServerError);
    let e = s
        .core
        .preview("demo", "node-exporter-full", "1", &opts(400, 200))
        .await
        .expect_err("Grafana fails");
    let code = panelshot_core::error::Coded::code(&e).to_string();
    assert_eq!(code, "grafana.server_error", "{e}");
    assert!(e.to_string().contains("HTTP 500"), "{e}");
    s.demo.set_fault(demo_grafana::Fault::None);
    s.core
        .preview("demo", "node-exporter-full", "1", &opts(400, 200))
        .await
        .expect("back once Grafana is");
    s.core.shutdown().await;
}
