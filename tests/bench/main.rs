//! `make bench`: the speed and memory figures the README quotes, measured against the demo
//! Grafana with real Chromium. Not a test: it asserts nothing and prints a table.
//!
//! Memory is PSS summed over Panelshot and every Chromium process (RSS would count shared pages
//! once per process); CPU is the kernel's utime+stime of each process in the tree.

#[path = "../support/process_tree.rs"]
mod process_tree;
mod procs;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use panelshot_core::export::{DEFAULT_TEMPLATE, Format};
use panelshot_core::render::{
    CaptureKind, OriginAuth, PageTarget, RenderJob, RenderOptions, Renderer, RendererConfig,
};
use panelshot_core::secrets::{MemoryStore, Secret};
use panelshot_core::service::{AddConnection, AuthInput, Core, ExportRequest, ExportTarget};

fn job(demo: &demo_grafana::Running, w: u32, h: u32, scale: f64) -> RenderJob {
    RenderJob {
        base: url::Url::parse(&format!("{}/", demo.url())).expect("url"),
        target: PageTarget {
            dashboard_uid: "node-exporter-full".into(),
            slug: "node-exporter-full".into(),
            org_id: Some(1),
            panel: Some("1".into()),
        },
        options: RenderOptions {
            width: w,
            height: h,
            scale,
            ..Default::default()
        },
        auth: OriginAuth {
            authorization: Some(Secret::new(format!("Bearer {}", demo.token()))),
            session: None,
            org_id: Some(1),
        },
        kind: CaptureKind::Png,
        needs_query: Some(true),
        waiting: Default::default(),
        trusted_key: None,
        want_data: false,
    }
}

struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

fn stats(mut v: Vec<f64>) -> Stats {
    v.sort_by(|a, b| a.total_cmp(b));
    let median = if v.len().is_multiple_of(2) {
        (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
    } else {
        v[v.len() / 2]
    };
    Stats {
        median,
        min: v[0],
        max: v[v.len() - 1],
    }
}

async fn warm_series(
    r: &Renderer,
    demo: &demo_grafana::Running,
    w: u32,
    h: u32,
    scale: f64,
    runs: usize,
) -> (Stats, Stats) {
    let mut totals = Vec::new();
    let mut overheads = Vec::new();
    for i in 0..runs {
        let c = r.render(job(demo, w, h, scale)).await.expect("warm render");
        if i == runs / 2 && std::env::var_os("BENCH_PHASES").is_some() {
            eprintln!(
                "{w}x{h}@{scale}: {:?} drawn at {:?}",
                c.phases, c.page_drawn_ms
            );
        }
        totals.push(c.total_ms);
        if let Some(drawn) = c.page_drawn_ms {
            overheads.push(c.total_ms - drawn);
        }
    }
    (stats(totals), stats(overheads))
}

/// The readiness cases of the demo Grafana (its `readiness-lab` among them): for each, when the
/// page itself says it drew (`performance.mark('panelshot:drawn')`) and when Panelshot had the
/// image, over `runs` warm renders.
const READINESS_CASES: &[(&str, &str, &str, bool)] = &[
    ("classic panelsRendered", "classic-overview", "1", true),
    ("Scenes counter", "node-exporter-full", "1", true),
    ("render binding", "binding-overview", "1", true),
    (
        "counter 0 from start, query 1.8 s late",
        "zero-counter-late",
        "1",
        true,
    ),
    (
        "variable query, then the panel's",
        "readiness-lab",
        "1",
        true,
    ),
    ("-- Dashboard -- data source", "readiness-lab", "2", true),
    ("library panel", "readiness-lab", "3", true),
    ("text panel (no query)", "readiness-lab", "4", false),
    ("query cancelled and restarted", "readiness-lab", "5", true),
    ("query answers no data", "readiness-lab", "6", true),
    ("streaming query", "readiness-lab", "7", true),
    (
        "schema v2, panel in the second tab",
        "schema-v2-demo",
        "3",
        true,
    ),
    // Grafana's published front end (tests/demo-grafana/scenes), its data source's plugin
    // module loading late.
    ("real Scenes", "real-scenes", "1", true),
    (
        "real Scenes, data source 0.3 s late",
        "real-scenes-late-ds-300",
        "1",
        true,
    ),
    (
        "real Scenes, data source 1.8 s late",
        "real-scenes-late-ds-1800",
        "1",
        true,
    ),
    (
        "real Scenes, data source 4 s late",
        "real-scenes-late-ds-4000",
        "1",
        true,
    ),
    (
        "real Scenes, no targets, 1.8 s late",
        "real-scenes-late-ds-1800",
        "2",
        true,
    ),
    (
        "real Scenes, What's new modal closed",
        "real-scenes-splash",
        "1",
        true,
    ),
    (
        "real Scenes, query in 3 parts",
        "real-scenes-split",
        "1",
        true,
    ),
];

async fn readiness_table(demo: &demo_grafana::Running, runs: usize) {
    let r = Renderer::new(RendererConfig::default());
    // The browser's first render pays for its launch and first tab: not a readiness figure.
    r.render(job(demo, 800, 400, 1.0))
        .await
        .expect("warm-up render");
    println!("| readiness case | page drawn at | Panelshot's image at | overhead (median, max) |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, uid, panel, needs_query) in READINESS_CASES {
        let mut drawn = Vec::new();
        let mut total = Vec::new();
        let mut over = Vec::new();
        for _ in 0..runs {
            let mut j = job(demo, 800, 400, 1.0);
            j.target.dashboard_uid = uid.to_string();
            j.target.slug = "_".into();
            j.target.panel = Some(panel.to_string());
            j.needs_query = Some(*needs_query);
            let c = r.render(j).await.expect("readiness case renders");
            if let Some(d) = c.page_drawn_ms {
                drawn.push(d);
                total.push(c.total_ms);
                over.push(c.total_ms - d);
            }
        }
        let (d, t, o) = (stats(drawn), stats(total), stats(over));
        println!(
            "| {name} | {:.0} ms | {:.0} ms | {:.0} ms, {:.0} ms |",
            d.median, t.median, o.median, o.max
        );
    }
    r.shutdown().await;
}

/// PNGs of the eighty-panel dashboard at 1000×500, into `output`.
fn eighty_panels(targets: Vec<ExportTarget>, output: std::path::PathBuf) -> ExportRequest {
    ExportRequest {
        connection: "demo".into(),
        dashboard_uid: "eighty-panels".into(),
        targets,
        options: RenderOptions {
            width: 1000,
            height: 500,
            ..Default::default()
        },
        natural_size: false,
        format: Format::Png,
        quality: None,
        output: Some(output),
        overwrite: true,
        template: DEFAULT_TEMPLATE.into(),
        each: None,
        data: None,
    }
}

/// What one 20-panel batch measured.
struct BatchFigures {
    secs: f64,
    /// CPU seconds of the whole tree, and of Panelshot's own process.
    cpu: f64,
    own: f64,
}

/// A core on `data` with the demo Grafana as connection "demo" (added once per data folder).
fn demo_core(
    demo: &demo_grafana::Running,
    data: &std::path::Path,
    secrets: Arc<MemoryStore>,
) -> Core {
    let core = Core::open(data, secrets)
        .expect("core")
        .with_env_token(None);
    if core.connections().expect("list").is_empty() {
        core.add_connection(AddConnection {
            name: "demo".into(),
            url: demo.url(),
            org_id: Some(1),
            auth: AuthInput::Token(Secret::new(demo.token())),
            ca_cert_pem: None,
            insecure: false,
            timeout_secs: None,
        })
        .expect("add");
    }
    core
}

/// A thread sampling the browser tree until finished: every process's CPU, and with `memory`
/// its PSS (the peak sample is kept, per process).
struct TreeSampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<procs::TreeRun>,
}

impl TreeSampler {
    fn start(browser: Option<u32>, memory: bool, every: Duration) -> TreeSampler {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut run = procs::TreeRun::begin(browser);
                while !stop.load(Ordering::SeqCst) {
                    run.sample(browser, memory);
                    std::thread::sleep(every);
                }
                run.sample(browser, memory);
                run
            })
        };
        TreeSampler { stop, thread }
    }

    fn finish(self) -> procs::TreeRun {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap_or_default()
    }
}

/// Runs the 20-panel batch. With `sample_memory`, a thread samples the tree's PSS meanwhile and
/// the peak (MB) is returned too. Sampling walks every mapping of every Chromium process, which
/// costs real CPU (a tenth of the batch's on two cores, measured with perf), so timed batches
/// run without it and memory is measured in a batch of its own.
async fn batch(
    core: &Core,
    out: &std::path::Path,
    concurrency: usize,
    sample_memory: bool,
) -> (BatchFigures, Option<f64>) {
    let targets = (1..=20)
        .map(|i| ExportTarget::Panel(i.to_string()))
        .collect();
    let req = eighty_panels(targets, out.join(format!("c{concurrency}")));
    let browser = core.browser_pid().await;
    let cpu_before = procs::tree_cpu_seconds(browser);
    let own_before = procs::own_cpu_seconds();
    let breakdown = std::env::var_os("BENCH_BREAKDOWN").is_some();
    let sampler = (sample_memory || breakdown).then(|| {
        let every = if sample_memory { 250 } else { 100 };
        TreeSampler::start(browser, sample_memory, Duration::from_millis(every))
    });
    let started = Instant::now();
    let items = core.export(&req, &|_| {}).await.expect("batch");
    let secs = started.elapsed().as_secs_f64();
    let run = sampler.map(TreeSampler::finish);
    let cpu = procs::tree_cpu_seconds(browser) - cpu_before;
    let own = procs::own_cpu_seconds() - own_before;
    let peak_mb = sample_memory.then(|| run.as_ref().map_or(0.0, procs::TreeRun::peak_mb));
    if let Some(run) = run.as_ref().filter(|_| breakdown) {
        if sample_memory {
            eprintln!(
                "concurrency {concurrency}: peak PSS {:.0} MB by process kind: {}",
                run.peak_mb(),
                run.peak_by_kind()
            );
        } else {
            eprintln!(
                "concurrency {concurrency}: CPU by process kind: {}",
                run.cpu_by_kind()
            );
        }
    }
    let failed = items.iter().filter(|i| !i.ok()).count();
    assert_eq!(
        failed,
        0,
        "batch items failed: {:?}",
        items.iter().find(|i| !i.ok())
    );
    (BatchFigures { secs, cpu, own }, peak_mb)
}

/// Four panels at 8000×8000 (64 megapixels each) asked at once: the peak PSS of Chromium plus
/// Panelshot, and the wall time.
async fn huge_captures(
    demo: &demo_grafana::Running,
    data: &std::path::Path,
    out: &std::path::Path,
) {
    let mut core = demo_core(demo, data, Arc::new(MemoryStore::default()));
    core.set_renderer(RendererConfig {
        concurrency: 4,
        ..Default::default()
    });
    let warm = eighty_panels(vec![ExportTarget::Panel("1".into())], out.join("warm"));
    core.export(&warm, &|_| {}).await.expect("warm");
    let browser = core.browser_pid().await;
    let mut req = eighty_panels(
        (1..=4)
            .map(|i| ExportTarget::Panel(i.to_string()))
            .collect(),
        out.join("huge"),
    );
    req.options.width = 8000;
    req.options.height = 8000;
    req.options.timeout_secs = 300;
    let sampler = TreeSampler::start(browser, true, Duration::from_millis(100));
    let started = Instant::now();
    let items = core.export(&req, &|_| {}).await.expect("huge batch");
    let secs = started.elapsed().as_secs_f64();
    let peak_mb = sampler.finish().peak_mb();
    assert!(
        items.iter().all(|i| i.ok()),
        "{:?}",
        items.iter().find(|i| !i.ok())
    );
    println!("| 4 × 8000×8000 PNG at concurrency 4 | wall time | peak PSS, Panelshot + Chromium |");
    println!("| --- | ---: | ---: |");
    println!("| one capture above 16 MP at a time | {secs:.1} s | {peak_mb:.0} MB |");
    core.shutdown().await;
}

/// The newest page of a 100,000-row history, as the History screen and `panelshot history` ask.
fn history_figures() -> Vec<(String, Stats)> {
    use panelshot_core::store::{HistoryFilter, NewHistory, Status, Store};
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path()).expect("store");
    let thumb = vec![7u8; 6 * 1024];
    let rows: Vec<NewHistory> = (0..100_000)
        .map(|i| NewHistory {
            connection_name: format!("conn-{}", i % 3),
            dashboard_uid: format!("dash-{}", i % 40),
            dashboard_title: format!("Dashboard {}", i % 40),
            target: panelshot_core::store::HistoryTarget::Panel((i % 12).to_string()),
            panel_id: Some(i % 12),
            panel_title: format!("Panel {} latency", i % 12),
            options_json: r#"{"options":{"width":1920,"height":1080}}"#.into(),
            format: panelshot_core::store::FileFormat::Png,
            output_path: Some(format!("/tmp/out/{i}.png")),
            width_px: 1920,
            height_px: 1080,
            bytes: 120_000,
            duration_ms: 450.0,
            ok: i % 10 != 0,
            thumbnail: (i % 10 != 0).then(|| (thumb.clone(), "image/png".into())),
            ..Default::default()
        })
        .collect();
    store.add_history_many(&rows).expect("fill");
    let time = |f: &HistoryFilter| {
        let runs: Vec<f64> = (0..20)
            .map(|_| {
                let t = Instant::now();
                let page = store.history(f).expect("page");
                assert_eq!(page.len(), 50);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        stats(runs)
    };
    let page = |f: HistoryFilter| HistoryFilter { limit: 50, ..f };
    vec![
        (
            "newest page (50 rows)".into(),
            time(&page(HistoryFilter::default())),
        ),
        (
            "newest failed".into(),
            time(&page(HistoryFilter {
                status: Some(Status::Failed),
                ..Default::default()
            })),
        ),
        (
            "one connection".into(),
            time(&page(HistoryFilter {
                connection: Some("conn-1".into()),
                ..Default::default()
            })),
        ),
        (
            "text in titles".into(),
            time(&page(HistoryFilter {
                text: Some("panel 3".into()),
                ..Default::default()
            })),
        ),
    ]
}

/// The 20-panel batch at each concurrency with one browser: a fresh browser per concurrency,
/// warmed by one render first so the batch measures rendering, not the launch, then three timed
/// batches (the median counts) and one more for the memory peak.
async fn batches(
    demo: &demo_grafana::Running,
    data: &std::path::Path,
    out: &std::path::Path,
    browser: &std::path::Path,
    quick: bool,
) -> Vec<(usize, BatchFigures, f64)> {
    let mut results = Vec::new();
    let secrets = Arc::new(MemoryStore::default());
    let chosen: Option<Vec<usize>> = std::env::var("BENCH_CONCURRENCY")
        .ok()
        .map(|v| v.split(',').filter_map(|c| c.trim().parse().ok()).collect());
    for c in if let Some(list) = chosen {
        list
    } else if quick {
        vec![1usize, 4, 1, 4, 1, 4, 4, 4]
    } else {
        vec![1, 2, 4]
    } {
        let mut core = demo_core(demo, data, secrets.clone());
        core.set_renderer(RendererConfig {
            chrome: Some(browser.to_path_buf()),
            concurrency: c,
            ..Default::default()
        });
        let warm = eighty_panels(vec![ExportTarget::Panel("1".into())], out.join("warm"));
        core.export(&warm, &|_| {}).await.expect("warm");
        // One batch varies by ±5 % here: the table shows the median of three.
        let mut timed = Vec::new();
        let runs = std::env::var("BENCH_TIMED")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(if quick { 1 } else { 3 });
        for _ in 0..runs {
            timed.push(batch(&core, out, c, false).await.0);
        }
        timed.sort_by(|a, b| a.secs.total_cmp(&b.secs));
        let timed = timed.swap_remove(timed.len() / 2);
        let peak_mb = if quick {
            None
        } else {
            batch(&core, out, c, true).await.1
        };
        results.push((c, timed, peak_mb.unwrap_or(0.0)));
        core.shutdown().await;
    }
    if quick {
        for c in [1, 4] {
            let pick = |f: fn(&BatchFigures) -> f64| -> Vec<f64> {
                results
                    .iter()
                    .filter(|r| r.0 == c)
                    .map(|r| f(&r.1))
                    .collect()
            };
            let (secs, cpu) = (pick(|f| f.secs), pick(|f| f.cpu));
            eprintln!(
                "QUICK {} c{c}: median {:.2} s over {secs:?}, cpu median {:.2}",
                browser.display(),
                stats(secs.clone()).median,
                stats(cpu).median
            );
        }
    }
    results
}

/// The panel picker's pictures for the 16-panel long-scroll dashboard: one render of the whole
/// dashboard cropped per panel, against what one small render per panel would take.
async fn thumbnails_table(demo: &demo_grafana::Running, data: &std::path::Path, runs: usize) {
    let core = demo_core(
        demo,
        &data.join("thumbnails"),
        Arc::new(MemoryStore::default()),
    );
    let view = RenderOptions {
        width: 480,
        height: 240,
        timeout_secs: 60,
        ..Default::default()
    };
    let uid = "long-scroll";
    // Warm: the browser is up and the dashboard fetched, as in a session.
    let warm = core
        .panel_thumbnails("demo", uid, &view, true)
        .await
        .expect("thumbnails");
    let panels = warm.panels.len();
    let mut one = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        core.panel_thumbnails("demo", uid, &view, true)
            .await
            .expect("thumbnails");
        one.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let t = Instant::now();
    let cached = core
        .panel_thumbnails("demo", uid, &view, false)
        .await
        .expect("cached");
    let cached_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(cached.cached);
    let detail = core.dashboard("demo", uid).await.expect("dashboard");
    let t = Instant::now();
    for p in &detail.panels {
        core.preview("demo", uid, &p.id.to_string(), &view)
            .await
            .expect("preview");
    }
    let each = t.elapsed().as_secs_f64() * 1000.0;
    core.shutdown().await;
    let one = stats(one);
    println!("| panel pictures, {panels}-panel dashboard | wall time |");
    println!("| --- | ---: |");
    println!(
        "| one dashboard render, cropped per panel (median of {runs}) | {:.0} ms (min {:.0}, max {:.0}) |",
        one.median, one.min, one.max
    );
    println!("| again, same view (kept) | {cached_ms:.2} ms |");
    println!("| one 480×240 render per panel, one after another | {each:.0} ms |");
}

#[tokio::main]
async fn main() {
    let demo = demo_grafana::start(demo_grafana::Config::default())
        .await
        .expect("demo");
    let data = tempfile::tempdir().expect("tmp");
    let out = tempfile::tempdir().expect("tmp");

    let quick = std::env::var_os("BENCH_QUICK").is_some();
    if std::env::var_os("BENCH_READINESS").is_some() {
        readiness_table(&demo, if quick { 3 } else { 10 }).await;
        return;
    }
    if std::env::var_os("BENCH_THUMBS").is_some() {
        thumbnails_table(&demo, data.path(), if quick { 2 } else { 5 }).await;
        return;
    }
    if std::env::var_os("BENCH_HUGE").is_some() {
        huge_captures(&demo, data.path(), out.path()).await;
        return;
    }
    let batches_only = std::env::var_os("BENCH_BATCHES").is_some();
    let singles = if batches_only {
        None
    } else {
        Some(single_renders(&demo, quick).await)
    };
    let found = panelshot_core::render::discovery::find(None, None).expect("a browser");
    let tables = batch_tables(&demo, data.path(), out.path(), &found, quick).await;
    if batches_only {
        print_batch_tables(&tables);
        return;
    }
    let history = history_figures();

    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "Panelshot benchmark — demo Grafana on 127.0.0.1, {cpus} cores; single renders with the browser discovery finds: {} ({})",
        procs::browser_kind(&found),
        procs::chromium_version(&found)
    );
    println!();
    if let Some(s) = singles {
        s.print();
    }
    println!();
    print_batch_tables(&tables);
    println!();
    println!("| history query, 100,000 rows | median | min | max |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, st) in &history {
        println!(
            "| {name} | {:.2} ms | {:.2} ms | {:.2} ms |",
            st.median, st.min, st.max
        );
    }
    println!();
    thumbnails_table(&demo, data.path(), if quick { 2 } else { 5 }).await;
    println!();
    readiness_table(&demo, if quick { 3 } else { 10 }).await;
}

/// Cold and warm single renders with the browser discovery finds.
struct Singles {
    cold: f64,
    small: Stats,
    small_over: Stats,
    big: Stats,
    big_over: Stats,
}

async fn single_renders(demo: &demo_grafana::Running, quick: bool) -> Singles {
    let r = Renderer::new(RendererConfig::default());
    let cold_start = Instant::now();
    r.render(job(demo, 1000, 500, 1.0))
        .await
        .expect("cold render");
    let cold = cold_start.elapsed().as_secs_f64() * 1000.0;
    let n = if quick { 3 } else { 20 };
    let (small, small_over) = warm_series(&r, demo, 1000, 500, 1.0, n).await;
    let (big, big_over) = warm_series(&r, demo, 1920, 1080, 2.0, n).await;
    r.shutdown().await;
    Singles {
        cold,
        small,
        small_over,
        big,
        big_over,
    }
}

impl Singles {
    fn print(&self) {
        let row = |name: &str, s: &Stats| {
            println!(
                "| {name} | {:.0} ms | {:.0} ms | {:.0} ms |",
                s.median, s.min, s.max
            )
        };
        println!("| measure | median | min | max |");
        println!("| --- | ---: | ---: | ---: |");
        println!(
            "| cold first render, browser launch included (1000×500) | {:.0} ms | | |",
            self.cold
        );
        row("warm render 1000×500 @1x (20 runs)", &self.small);
        row(
            "overhead 1000×500 @1x (render − page's own ready time)",
            &self.small_over,
        );
        row("warm render 1920×1080 @2x (20 runs)", &self.big);
        row("overhead 1920×1080 @2x", &self.big_over);
    }
}

type BatchTable = (std::path::PathBuf, Vec<(usize, BatchFigures, f64)>);

/// The 20-panel batch with the browser discovery picks (the headless shell where installed),
/// then with a full Chromium: what Windows and macOS users render with, as Chrome or Edge.
/// `BENCH_BROWSER` names one browser instead.
async fn batch_tables(
    demo: &demo_grafana::Running,
    data: &std::path::Path,
    out: &std::path::Path,
    found: &std::path::Path,
    quick: bool,
) -> Vec<BatchTable> {
    let browsers = match std::env::var_os("BENCH_BROWSER") {
        Some(one) => vec![std::path::PathBuf::from(one)],
        None => {
            let full = std::path::PathBuf::from("/usr/lib/chromium/chromium");
            let mut browsers = vec![found.to_path_buf()];
            if full.is_file()
                && std::fs::canonicalize(&full).ok() != std::fs::canonicalize(found).ok()
            {
                browsers.push(full);
            }
            browsers
        }
    };
    let mut tables = Vec::new();
    for browser in browsers {
        // A data folder per browser: each run keeps its token in a keyring of its own.
        let dir = data.join(procs::browser_kind(&browser));
        let results = batches(demo, &dir, out, &browser, quick).await;
        tables.push((browser, results));
    }
    tables
}

fn print_batch_tables(tables: &[BatchTable]) {
    println!(
        "| 20-panel batch (1000×500, PNG files) | wall time | panels/s | speed-up | CPU, whole tree (Panelshot's share) | peak PSS, Panelshot + Chromium |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (browser, results) in tables {
        let base = results[0].1.secs;
        let name = procs::browser_kind(browser);
        for (c, f, peak_mb) in results {
            println!(
                "| {name}, concurrency {c} | {:.2} s | {:.1} | {:.2}× | {:.1} s ({:.1} s) | {peak_mb:.0} MB |",
                f.secs,
                20.0 / f.secs,
                base / f.secs,
                f.cpu,
                f.own
            );
        }
    }
}
