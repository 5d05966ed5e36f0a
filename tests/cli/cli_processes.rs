//! The command line as a process: it leaves no browser, profile or partial file behind, also
//! when it is killed outright.

use std::time::Duration;

use crate::common::{add_token_connection, demo, export_demo};
use crate::render_support::*;

/// Chromium processes whose command line mentions `dir`.
fn chromium_processes_under(dir: &std::path::Path) -> usize {
    let needle = dir.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|c| String::from_utf8_lossy(c).contains(&needle))
        .count()
}

/// The demo Grafana, a data folder with a "demo" connection, a private TMPDIR for the browser's
/// profile, and a folder for the images.
struct CliWorld {
    g: demo_grafana::Running,
    data: tempfile::TempDir,
    tmp: tempfile::TempDir,
    out: tempfile::TempDir,
}

async fn cli_world() -> CliWorld {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "demo", &g.url(), g.token()).await;
    CliWorld {
        g,
        data,
        tmp: tempfile::tempdir().unwrap(),
        out: tempfile::tempdir().unwrap(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_exports_and_leaves_no_chromium_behind() {
    let CliWorld {
        g: _demo,
        data,
        tmp,
        out,
    } = cli_world().await;
    let file = out.path().join("slide.png");
    let env = [("TMPDIR", tmp.path().to_str().unwrap())];
    let run = export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &[
            "--width",
            "1280",
            "--height",
            "720",
            "-o",
            file.to_str().unwrap(),
            "--json",
        ],
        &env,
    )
    .await;
    run.ok();
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(items[0]["widthPx"], 1280);
    assert_eq!(items[0]["path"], file.to_str().unwrap());
    assert_eq!(load(&file).dimensions(), (1280, 720));
    assert_eq!(
        chromium_processes_under(tmp.path()),
        0,
        "no Chromium survives the CLI"
    );
    assert!(
        files_in(tmp.path()).is_empty(),
        "the browser profile was removed"
    );

    let timeout = export_demo(
        data.path(),
        "never-finishes",
        "2",
        &["--timeout", "3", "-o", out.path().to_str().unwrap()],
        &env,
    )
    .await;
    timeout.fails_with("render.timeout");
    assert!(
        timeout
            .stderr
            .contains("[--timeout SECS, or --capture-anyway]"),
        "{}",
        timeout.stderr
    );
    assert_eq!(chromium_processes_under(tmp.path()), 0);
    let bad = export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &["--width", "9000"],
        &env,
    )
    .await;
    bad.fails_with("render.invalid_size");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_panelshot_takes_its_browser_along_and_the_next_run_sweeps_its_profile() {
    let CliWorld {
        g: _demo,
        data,
        tmp,
        out,
    } = cli_world().await;
    let mut slow = tokio::process::Command::new(crate::common::BIN)
        .args([
            "export",
            "demo",
            "slow-panels",
            "--panel",
            "1",
            "--timeout",
            "60",
            "-o",
        ])
        .arg(out.path().join("slow.png"))
        .env("PANELSHOT_DATA_DIR", data.path())
        .env("TMPDIR", tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("panelshot starts");
    let mut started = false;
    for _ in 0..300 {
        if chromium_processes_under(tmp.path()) > 0 {
            started = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(started, "the export started a browser");
    // Its flags reached it as flags, one `--disable-features` list, on a pipe.
    let flags = browser_command_lines(tmp.path()).join("\n");
    assert!(!flags.contains("----"), "doubled dashes: {flags}");
    assert!(
        flags.contains("HttpsUpgrades") && flags.contains("--disable-gpu"),
        "{flags}"
    );
    assert!(
        flags.contains("--remote-debugging-pipe") && !flags.contains("remote-debugging-port"),
        "{flags}"
    );
    // Killed outright, it cannot close its browser: the browser goes by itself (its pipe
    // closed, and PR_SET_PDEATHSIG), at once rather than at the next run.
    slow.start_kill().unwrap();
    slow.wait().await.unwrap();
    let mut orphans = usize::MAX;
    for _ in 0..30 {
        orphans = chromium_processes_under(tmp.path());
        if orphans == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(orphans, 0, "the browser followed its Panelshot within 3 s");
    // Its profile (cached Grafana pages) is still there: nobody was left to remove it.
    assert!(!files_in(tmp.path()).is_empty(), "the profile is left");

    let file = out.path().join("next.png");
    export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &["-o", file.to_str().unwrap()],
        &[("TMPDIR", tmp.path().to_str().unwrap())],
    )
    .await
    .ok();
    let mut gone = false;
    for _ in 0..100 {
        if chromium_processes_under(tmp.path()) == 0 && files_in(tmp.path()).is_empty() {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        gone,
        "the killed run's profile is gone: {:?}",
        files_in(tmp.path())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn partial_files_of_a_killed_panelshot_are_swept_by_the_next_export_there() {
    let CliWorld {
        g: _demo,
        data,
        tmp: _tmp,
        out,
    } = cli_world().await;
    // What a kill -9 in the middle of writing leaves: a hidden partial named by a pid that is
    // gone (a child that ran and was waited for), next to a partial of a running process.
    let mut c = std::process::Command::new("true").spawn().unwrap();
    let dead = c.id();
    c.wait().unwrap();
    let stale = format!(".panelshot-{dead}-k1Ll3d.partial");
    let live = ".panelshot-1-running.partial";
    std::fs::write(out.path().join(&stale), vec![0u8; 4096]).unwrap();
    std::fs::write(out.path().join(live), b"x").unwrap();
    export_demo(
        data.path(),
        "node-exporter-full",
        "1",
        &["-o", out.path().join("panel.png").to_str().unwrap()],
        &[],
    )
    .await
    .ok();
    assert_eq!(
        files_in(out.path()),
        vec![live.to_string(), "panel.png".to_string()]
    );
}

/// The environment of the browsers whose command line mentions `dir`, and of every process
/// below them (zygotes, renderers, utilities).
fn environments_under(dir: &std::path::Path) -> Vec<String> {
    let needle = dir.to_string_lossy().into_owned();
    let roots: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            std::fs::read(e.path().join("cmdline")).is_ok_and(|c| {
                let c = String::from_utf8_lossy(&c);
                c.contains("chrom") && c.contains(&needle)
            })
        })
        .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
        .collect();
    roots
        .into_iter()
        .flat_map(process_tree)
        .filter_map(|pid| std::fs::read(format!("/proc/{pid}/environ")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', "\n"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_browser_inherits_no_token_from_the_environment() {
    let CliWorld { g, data, tmp, out } = cli_world().await;
    // The page answers late, so the browser and its helpers are alive to be looked at.
    g.set_slow_pages(2500, 0);
    let file = out.path().join("p.png");
    let token = g.token().to_string();
    let env = [
        ("TMPDIR", tmp.path().to_str().unwrap().to_string()),
        ("PANELSHOT_TOKEN", token.clone()),
        ("GRAFANA_API_TOKEN", "glsa_other_secret".to_string()),
        ("PANELSHOT_CANARY_KEPT", "no".to_string()),
        ("HARMLESS_CANARY", "kept".to_string()),
    ];
    let data_path = data.path().to_path_buf();
    let file_arg = file.to_str().unwrap().to_string();
    let run = tokio::spawn(async move {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        export_demo(
            &data_path,
            "node-exporter-full",
            "1",
            &["-o", &file_arg],
            &env,
        )
        .await
    });
    // Every environment seen while the render runs: the browser's own may be read a moment
    // after its first helpers' (on a busy machine the first look can catch only helpers).
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        for e in environments_under(tmp.path()) {
            if !seen.contains(&e) {
                seen.push(e);
            }
        }
        let browser = seen
            .iter()
            .any(|e| e.lines().any(|l| l == "HARMLESS_CANARY=kept"));
        if seen.len() >= 2 && browser {
            break;
        }
    }
    let run = run.await.unwrap();
    run.ok();
    assert!(
        seen.len() >= 2,
        "the browser and a helper were seen: {}",
        seen.len()
    );
    // The browser keeps what it may have (its helpers may start with a cleaned one).
    assert!(
        seen.iter()
            .any(|e| e.lines().any(|l| l == "HARMLESS_CANARY=kept")),
        "the browser's environment is read"
    );
    for e in &seen {
        for secret in [
            "PANELSHOT_TOKEN",
            "GRAFANA_API_TOKEN",
            "PANELSHOT_CANARY_KEPT",
        ] {
            assert!(
                !e.lines().any(|l| l.starts_with(&format!("{secret}="))),
                "{secret} reached a browser process"
            );
        }
        assert!(!e.contains(&token) && !e.contains("glsa_other_secret"));
    }
}

/// The `output_path` of every history row of the data folder.
async fn recorded_paths(data: &std::path::Path) -> Vec<String> {
    let out =
        crate::common::panelshot(data, &["history", "--json", "--limit", "500"], None, &[]).await;
    out.ok();
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["outputPath"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_mid_batch_reports_and_records_every_file_written() {
    let CliWorld { g, data, tmp, out } = cli_world().await;
    // One render at a time, each page a little late: the batch is still running when the
    // signal comes.
    g.set_slow_pages(400, 0);
    let mut cmd = tokio::process::Command::new(crate::common::BIN);
    cmd.args([
        "export",
        "demo",
        "long-scroll",
        "--all-panels",
        "--concurrency",
        "1",
        "--width",
        "300",
        "--height",
        "150",
        "--json",
        "-o",
    ])
    .arg(out.path())
    .env("PANELSHOT_DATA_DIR", data.path())
    .env("TMPDIR", tmp.path())
    .env_remove("PANELSHOT_TOKEN")
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let pid = child.id().unwrap() as i32;
    let mut written = 0;
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        written = std::fs::read_dir(out.path()).unwrap().count();
        if written >= 2 {
            break;
        }
    }
    assert!(written >= 2, "the batch wrote its first images");
    // SAFETY: signalling a child we started has no memory-safety preconditions.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let done = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_ne!(
        done.status.code(),
        Some(0),
        "a stopped batch is no success: {stderr}"
    );
    assert!(stderr.contains("stopping"), "{stderr}");
    let items: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON of every item ({e}): {}",
            String::from_utf8_lossy(&done.stdout)
        )
    });
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 16, "every panel is accounted for");
    let reported: Vec<&str> = items.iter().filter_map(|i| i["path"].as_str()).collect();
    let cancelled = items
        .iter()
        .filter(|i| i["error"]["code"] == "render.cancelled")
        .count();
    assert!(cancelled >= 1, "the rest was stopped");
    let recorded = recorded_paths(data.path()).await;
    let on_disk: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    assert!(on_disk.len() >= 2);
    for f in &on_disk {
        assert!(
            reported.contains(&f.as_str()),
            "{f} written but not reported"
        );
        assert!(recorded.contains(f), "{f} written but not recorded");
    }
    assert_eq!(
        reported.len(),
        on_disk.len(),
        "nothing reported that is not on disk"
    );
    assert_eq!(chromium_processes_under(tmp.path()), 0, "no browser left");
}
