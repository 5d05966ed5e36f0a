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
    assert_eq!(items[0]["width_px"], 1280);
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
