//! `panelshot browser status|install` as a user runs them: a download from a stand-in for
//! Chrome for Testing on 127.0.0.1, remembered and used by the next export.

use crate::common::{add_token_connection, demo, export_demo, json, panelshot};
use crate::download_server::{self as ds, DownloadServer, Serve};

#[tokio::test]
async fn install_then_status_then_an_export_that_uses_the_download() {
    let server = DownloadServer::start().await;
    server.list("/cft/last-known-good.json", "142.0.7444.175", "shell.zip");
    server.route("/cft/shell.zip", Serve::Whole(ds::shell_archive()));
    let data = ds::data_dir();
    let d = data.path();

    let out = panelshot(
        d,
        &[
            "browser",
            "install",
            "--source",
            &server.url("/cft/last-known-good.json"),
            "--json",
        ],
        None,
        &[],
    )
    .await;
    let installed = json(out.ok());
    assert_eq!(installed["version"], "142.0.7444.175");
    assert_eq!(installed["downloaded"], true);
    let path = installed["path"].as_str().unwrap().to_string();
    assert!(path.starts_with(d.to_str().unwrap()), "{path}");

    let status = json(
        panelshot(d, &["browser", "status", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(status["origin"], "downloaded");
    assert_eq!(
        status["offerHeadlessShell"], false,
        "it is the headless shell"
    );
    assert_eq!(status["path"], path.as_str());
    assert!(status["version"].as_str().unwrap().contains("Chromium"));
    let human = panelshot(d, &["browser", "status"], None, &[]).await;
    assert!(
        human.ok().stdout.contains("downloaded by Panelshot"),
        "{}",
        human.stdout
    );

    // The next export renders with it: it works, and once the downloaded program is damaged
    // the export fails naming that program (the system's browser is not silently used).
    let g = demo().await;
    add_token_connection(d, "demo", &g.url(), g.token()).await;
    let out_dir = d.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = export_demo(
        d,
        "classic-overview",
        "4",
        &["-o", out_dir.to_str().unwrap()],
        &[],
    )
    .await;
    out.ok();
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
    // The browser's last processes may still be exiting after the CLI did: writing over a
    // running program is ETXTBSY until they are gone.
    let since = std::time::Instant::now();
    loop {
        match std::fs::write(&path, b"\x7fELF damaged") {
            Err(e) if e.raw_os_error() == Some(26) && since.elapsed().as_secs() < 20 => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => break other.unwrap(),
        }
    }
    let broken = export_demo(
        d,
        "classic-overview",
        "4",
        &["-o", out_dir.to_str().unwrap(), "--overwrite"],
        &[],
    )
    .await;
    broken.fails_with("chromium.launch_failed");
    assert!(broken.stderr.contains(&path), "{}", broken.stderr);
}

#[tokio::test]
async fn a_bad_source_or_a_cut_download_fails_with_its_code_and_installs_nothing() {
    let server = DownloadServer::start().await;
    let archive = ds::shell_archive();
    server.list("/v.json", "1.0.0.1", "/cut.zip");
    server.route("/cut.zip", Serve::CutAt(archive.clone(), archive.len() / 4));
    server.route(
        "/portal",
        Serve::Whole(std::sync::Arc::new(b"<html>login</html>".to_vec())),
    );
    let data = ds::data_dir();
    let d = data.path();
    panelshot(
        d,
        &["browser", "install", "--source", &server.url("/portal")],
        None,
        &[],
    )
    .await
    .fails_with("browser.bad_source");
    let cut = panelshot(
        d,
        &["browser", "install", "--source", &server.url("/v.json")],
        None,
        &[],
    )
    .await;
    cut.fails_with("browser.download_failed");
    assert!(
        cut.stderr.contains("Nothing was installed"),
        "{}",
        cut.stderr
    );
    assert_eq!(ds::left_in(&d.join("browser")), Vec::<String>::new());
    panelshot(
        d,
        &["browser", "install", "--source", "ftp://mirror/x.json"],
        None,
        &[],
    )
    .await
    .fails_with("input.invalid");
    // Nothing was remembered: status still names the system's browser (Debian's headless
    // shell, so nothing lighter is offered).
    let status = json(
        panelshot(d, &["browser", "status", "--json"], None, &[])
            .await
            .ok(),
    );
    assert_eq!(status["origin"], "system");
    assert_eq!(status["headlessShell"], true);
    assert_eq!(status["offerHeadlessShell"], false);
}

/// What a Windows or macOS user with Chrome or Edge sees: a full browser found on the computer
/// (Debian's headless shell hidden in a mount namespace of the command's own) renders, and the
/// lighter download is offered in words and in JSON.
#[tokio::test]
async fn beside_a_full_browser_found_on_the_computer_status_offers_the_headless_shell() {
    let data = ds::data_dir();
    let status = |args: &[&str]| {
        let out = std::process::Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c"])
            .arg("mount --bind /dev/null /usr/lib/chromium/chromium-headless-shell && exec \"$0\" \"$@\"")
            .arg(crate::common::BIN)
            .args(["browser", "status"])
            .args(args)
            .env("PANELSHOT_DATA_DIR", data.path())
            .env_remove("PANELSHOT_CHROME")
            .env_remove("CHROME")
            .output()
            .expect("unshare runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let v: serde_json::Value = serde_json::from_str(&status(&["--json"])).unwrap();
    assert_eq!(v["origin"], "system");
    assert_eq!(v["path"], "/usr/lib/chromium/chromium");
    assert_eq!(v["headlessShell"], false);
    assert_eq!(v["offerHeadlessShell"], true);
    let human = status(&[]);
    assert!(
        human.contains("found on this system")
            && human.contains("Lighter: `panelshot browser install`"),
        "{human}"
    );
}

#[tokio::test]
async fn status_says_what_is_wrong_with_a_launcher_script_and_points_at_the_download() {
    let data = ds::data_dir();
    let script = data.path().join("chrome");
    std::fs::write(
        &script,
        "#!/bin/sh\nexec /usr/lib/chromium/chromium \"$@\"\n",
    )
    .unwrap();
    let out = panelshot(
        data.path(),
        &["browser", "status"],
        None,
        &[("PANELSHOT_CHROME", script.to_str().unwrap())],
    )
    .await;
    let text = &out.ok().stdout;
    assert!(text.contains("chromium.launcher_script"), "{text}");
    assert!(text.contains("panelshot browser install"), "{text}");
}
