//! Downloading Chrome for Testing's headless shell, end to end over real HTTP on 127.0.0.1: the
//! version list and an archive built from this system's own headless shell, then a real render
//! with what was installed. Failures (cut connection, stall, truncated or hostile archive, a
//! program that does not run, a list that is not one) are each a typed error that leaves nothing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use panelshot_core::error::Coded;
use panelshot_core::install::{self, InstallError, Plan, Step};

use crate::download_server::{self as ds, DownloadServer, Serve};

fn plan(data: &std::path::Path, source: String) -> Plan {
    let mut p = Plan::new(data, &source);
    p.platform = Some("linux64");
    p.idle = Duration::from_secs(2);
    p
}

async fn try_install(plan: &Plan) -> (Result<install::Installed, InstallError>, Vec<Step>) {
    let steps = Arc::new(Mutex::new(Vec::new()));
    let s = steps.clone();
    let r = install::install(plan, &move |step| s.lock().unwrap().push(step)).await;
    let steps = steps.lock().unwrap().clone();
    (r, steps)
}

/// A failed install leaves the browser folder empty (the sweep ran; no staging, no archive).
fn assert_nothing_left(plan: &Plan) {
    assert_eq!(ds::left_in(&plan.dir), Vec::<String>::new());
}

#[tokio::test]
async fn installs_the_headless_shell_then_renders_with_it() {
    let archive = ds::shell_archive();
    let server = DownloadServer::start().await;
    server.list(
        "/cft/versions.json",
        "142.0.7444.175",
        "142/chrome-headless-shell-linux64.zip",
    );
    server.route(
        "/cft/142/chrome-headless-shell-linux64.zip",
        Serve::Whole(archive.clone()),
    );
    let data = ds::data_dir();
    let p = plan(data.path(), server.url("/cft/versions.json"));

    let (r, steps) = try_install(&p).await;
    let installed = r.expect("install");
    assert!(installed.downloaded);
    assert_eq!(installed.version, "142.0.7444.175");
    assert!(
        installed.reported.contains("Chromium"),
        "{}",
        installed.reported
    );
    assert_eq!(
        installed.path,
        p.dir.join("chrome-headless-shell-142.0.7444.175-linux64/chrome-headless-shell-linux64/chrome-headless-shell")
    );
    // Progress: the list, bytes up to the whole size, unpacking, the check — in that order.
    assert_eq!(steps.first(), Some(&Step::Listing));
    let total = archive.len() as u64;
    assert_eq!(
        steps
            .iter()
            .rev()
            .find(|s| matches!(s, Step::Downloading { .. })),
        Some(&Step::Downloading {
            received: total,
            total: Some(total)
        })
    );
    assert_eq!(
        &steps[steps.len() - 2..],
        &[Step::Unpacking, Step::Checking]
    );
    // Only the installed folder is left: no archive, no staging.
    assert_eq!(
        std::fs::read_dir(&p.dir).unwrap().count(),
        1,
        "{:?}",
        ds::left_in(&p.dir)
            .iter()
            .filter(|f| !f.contains('/'))
            .collect::<Vec<_>>()
    );

    // Again: the same version is not downloaded twice.
    let (again, _) = try_install(&p).await;
    assert!(!again.unwrap().downloaded);
    assert_eq!(server.hits("/cft/142/chrome-headless-shell-linux64.zip"), 1);

    // Discovery prefers it to the system's browsers.
    let found = panelshot_core::render::discovery::find(None, Some(&installed.path)).unwrap();
    assert_eq!(found, installed.path);
}

#[tokio::test]
async fn the_app_remembers_the_installed_shell_and_renders_with_it() {
    let server = DownloadServer::start().await;
    server.list("/cft/versions.json", "142.0.7444.175", "/shell.zip");
    server.route("/shell.zip", Serve::Whole(ds::shell_archive()));
    let s = crate::render_support::setup().await;
    let seen = Arc::new(Mutex::new(0usize));
    let counter = seen.clone();
    let installed = s
        .core
        .install_browser(Some(&server.url("/cft/versions.json")), &move |_| {
            *counter.lock().unwrap() += 1
        })
        .await
        .expect("install");
    assert!(*seen.lock().unwrap() >= 4, "progress was reported");
    let status = s.core.browser_status().await.unwrap();
    assert_eq!(
        status.path.as_deref(),
        Some(installed.path.to_str().unwrap())
    );
    assert_eq!(
        status.origin,
        Some(panelshot_core::service::BrowserOrigin::Downloaded)
    );
    assert!(status.problem.is_none(), "{:?}", status.problem);
    assert_eq!(
        s.core.settings().unwrap().downloaded_browser.as_deref(),
        installed.path.to_str()
    );

    // The next render runs in it.
    let item = crate::render_support::export_one(
        &s,
        &crate::render_support::request(
            &s,
            "classic-overview",
            &["4"],
            crate::render_support::opts(600, 300),
        ),
    )
    .await;
    assert!(item.error.is_none(), "{:?}", item.error);
    let pid = s.core.browser_pid().await.expect("a browser runs");
    assert_eq!(
        std::fs::read_link(format!("/proc/{pid}/exe")).unwrap(),
        installed.path,
        "the render ran in the downloaded shell"
    );
    s.core.shutdown().await;

    // Remembered: a new start of the app finds it without being told.
    let again = panelshot_core::service::Core::open(
        s.data.path(),
        Arc::new(panelshot_core::secrets::MemoryStore::default()),
    )
    .unwrap();
    let status = again.browser_status().await.unwrap();
    assert_eq!(
        status.origin,
        Some(panelshot_core::service::BrowserOrigin::Downloaded)
    );
}

#[tokio::test]
async fn a_connection_cut_mid_download_is_a_download_error_that_leaves_nothing() {
    let archive = ds::shell_archive();
    let server = DownloadServer::start().await;
    server.list("/v.json", "1.0.0.1", "/cut.zip");
    server.route("/cut.zip", Serve::CutAt(archive.clone(), archive.len() / 3));
    let data = ds::data_dir();
    let p = plan(data.path(), server.url("/v.json"));
    let (r, _) = try_install(&p).await;
    let err = r.unwrap_err();
    assert!(matches!(err, InstallError::Interrupted { .. }), "{err}");
    assert_eq!(err.code(), "browser.download_failed");
    assert!(err.to_string().contains("Nothing was installed"), "{err}");
    assert_nothing_left(&p);
}

#[tokio::test]
async fn a_server_that_stops_sending_is_an_error_after_the_idle_limit() {
    let archive = ds::shell_archive();
    let server = DownloadServer::start().await;
    server.list("/v.json", "1.0.0.1", "/stall.zip");
    server.route("/stall.zip", Serve::StallAt(archive.clone(), 1 << 20));
    let data = ds::data_dir();
    let p = plan(data.path(), server.url("/v.json"));
    let (r, steps) = try_install(&p).await;
    let err = r.unwrap_err();
    assert!(
        matches!(err, InstallError::Interrupted { received, .. } if received == 1 << 20),
        "{err}"
    );
    assert!(err.to_string().contains("nothing arrived for 2 s"), "{err}");
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Downloading { received, .. } if *received == 1 << 20))
    );
    assert_nothing_left(&p);
}

#[tokio::test]
async fn a_truncated_archive_is_refused_before_anything_is_installed() {
    let archive = ds::shell_archive();
    let server = DownloadServer::start().await;
    server.list("/v.json", "1.0.0.1", "/short.zip");
    // Served honestly (its length matches): the damage is in the file itself.
    server.route(
        "/short.zip",
        Serve::Whole(Arc::new(archive[..archive.len() / 2].to_vec())),
    );
    let data = ds::data_dir();
    let p = plan(data.path(), server.url("/v.json"));
    let (r, _) = try_install(&p).await;
    let err = r.unwrap_err();
    assert_eq!(err.code(), "browser.bad_archive", "{err}");
    assert_nothing_left(&p);
}

#[tokio::test]
async fn hostile_or_wrong_archives_and_programs_that_do_not_run_install_nothing() {
    let server = DownloadServer::start().await;
    let data = ds::data_dir();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // An entry that climbs out of the folder.
        (
            "escape",
            ds::zip_of("", &[("../../evil".into(), b"x".to_vec(), 0o644)]),
            "browser.bad_archive",
        ),
        // No headless shell where Chrome for Testing puts it.
        (
            "wrong",
            ds::zip_of("chrome-linux64", &[("chrome".into(), b"x".to_vec(), 0o755)]),
            "browser.bad_archive",
        ),
        // A "shell" that is not a program for this machine.
        (
            "broken",
            ds::zip_of(
                "chrome-headless-shell-linux64",
                &[(
                    "chrome-headless-shell".into(),
                    b"\x7fELF not really".to_vec(),
                    0o755,
                )],
            ),
            "browser.broken",
        ),
    ];
    for (name, bytes, code) in cases {
        server.list(&format!("/{name}.json"), "1.0.0.1", &format!("/{name}.zip"));
        server.route(&format!("/{name}.zip"), Serve::Whole(Arc::new(bytes)));
        let p = plan(data.path(), server.url(&format!("/{name}.json")));
        let (r, _) = try_install(&p).await;
        let err = r.unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
        assert_nothing_left(&p);
    }
    assert!(!data.path().parent().unwrap().join("evil").exists());
}

#[tokio::test]
async fn a_source_that_is_not_a_version_list_or_is_missing_is_a_typed_error() {
    let server = DownloadServer::start().await;
    server.route(
        "/portal",
        Serve::Whole(Arc::new(b"<html>Sign in to the proxy</html>".to_vec())),
    );
    server.route("/gone", Serve::Status(404));
    let data = ds::data_dir();
    let (r, _) = try_install(&plan(data.path(), server.url("/portal"))).await;
    assert_eq!(r.unwrap_err().code(), "browser.bad_source");
    let (r, _) = try_install(&plan(data.path(), server.url("/gone"))).await;
    let err = r.unwrap_err();
    assert_eq!(err.code(), "browser.download_failed");
    assert!(err.to_string().contains("404"), "{err}");
    let mut unsupported = plan(data.path(), server.url("/gone"));
    unsupported.platform = None;
    let (r, _) = try_install(&unsupported).await;
    assert_eq!(r.unwrap_err().code(), "browser.unsupported_platform");
}

#[tokio::test]
async fn a_staging_folder_left_by_a_killed_install_is_swept_by_the_next() {
    let server = DownloadServer::start().await;
    server.route("/gone", Serve::Status(404));
    let data = ds::data_dir();
    let p = plan(data.path(), server.url("/gone"));
    // A pid that ran and exited: a child that was waited for.
    let dead = std::process::Command::new("true").spawn().unwrap();
    let pid = dead.id();
    let mut dead = dead;
    dead.wait().unwrap();
    let leftover = p.dir.join(format!(".partial-{pid}-142.0.1.1"));
    std::fs::create_dir_all(leftover.join("files")).unwrap();
    std::fs::write(leftover.join("archive.zip"), b"half").unwrap();
    let (r, _) = try_install(&p).await;
    assert!(r.is_err());
    assert!(
        !leftover.exists(),
        "the dead install's staging folder was swept"
    );
}

#[tokio::test]
async fn a_version_that_climbs_out_names_no_folder_and_deletes_nothing() {
    let server = DownloadServer::start().await;
    server.route("/gone.zip", Serve::Status(404));
    let data = ds::data_dir();
    // `<data>/browser/.partial-<pid>-1/../../victim` is `<data>/victim`.
    let victim = data.path().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("keep.txt"), b"mine").unwrap();
    for version in ["1/../../victim", "../victim", "1.0/.."] {
        server.list("/v.json", version, "/gone.zip");
        let p = plan(data.path(), server.url("/v.json"));
        let (r, _) = try_install(&p).await;
        let err = r.unwrap_err();
        assert_eq!(err.code(), "browser.bad_source", "{version}: {err}");
        assert!(err.to_string().contains("not a version number"), "{err}");
        assert!(victim.join("keep.txt").is_file(), "{version} deleted it");
        assert_nothing_left(&p);
    }
}
