//! A troubled disk under the data folder, for real: a small tmpfs mounted there, filled up or
//! remounted read-only. Panelshot must say what is wrong with the disk, never call the healthy
//! database corrupt, and `doctor` must leave it where it is.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{json, panelshot};

/// A tmpfs mounted on a fresh folder; unmounted on drop. Mounting needs root, which the test
/// machines (and CI) have; anywhere else the test says so instead of passing quietly.
struct SmallDisk {
    mount: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let mount = dir.path().join("disk");
        std::fs::create_dir(&mount).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&mount)
            .status()
            .expect("mount runs");
        assert!(
            ok.success(),
            "mounting a tmpfs needs root: run the tests as root (make test does in CI)"
        );
        SmallDisk { mount, _dir: dir }
    }

    /// Writes zeros until the file system refuses another byte.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.mount.join("ballast");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        // Tiny leftovers fit a byte at a time; take them too.
        while f.write_all(&[0]).is_ok() && f.flush().is_ok() {}
        path
    }

    fn remount(&self, how: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.mount)
            .status()
            .expect("mount runs");
        assert!(ok.success(), "remount {how}");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.mount).status();
    }
}

/// A write every test tries: saving a new preset.
const SAVE_MONTHLY: &[&str] = &[
    "preset", "save", "Monthly", "--width", "800", "--height", "400",
];

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

async fn seed(d: &Path) {
    panelshot(
        d,
        &[
            "preset", "save", "Weekly", "--width", "1200", "--height", "600",
        ],
        None,
        &[],
    )
    .await
    .ok();
    panelshot(d, &["preset", "default", "Weekly"], None, &[])
        .await
        .ok();
}

async fn everything_is_still_there(d: &Path) {
    let presets = json(
        panelshot(d, &["preset", "list", "--json"], None, &[])
            .await
            .ok(),
    );
    assert!(
        presets
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Weekly" && p["width"] == 1200),
        "{presets}"
    );
    let report = json(panelshot(d, &["doctor", "--json"], None, &[]).await.ok());
    assert_eq!(report["outcome"], "healthy", "{report}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_is_reported_as_such_and_loses_nothing() {
    let disk = SmallDisk::new("2m");
    let d = disk.mount.join("data");
    seed(&d).await;
    let before = names_in(&d);
    let ballast = disk.fill();

    for args in [
        SAVE_MONTHLY,
        &["preset", "default", "Monthly"][..],
        &["preset", "list"][..],
        &["history"][..],
        &["connection", "list"][..],
        &["job", "list"][..],
    ] {
        let out = panelshot(&d, args, None, &[]).await;
        // Reading may still work from what is cached on disk; whatever fails must say why.
        if out.status != 0 {
            out.fails_with("store.disk_full");
            assert!(out.stderr.contains("free some space"), "{}", out.stderr);
        }
    }
    let write = panelshot(&d, SAVE_MONTHLY, None, &[]).await;
    write.fails_with("store.disk_full");

    // Doctor: the disk is the problem, not the file; nothing is moved aside.
    let doctor = panelshot(&d, &["doctor"], None, &[]).await;
    doctor.fails_with("store.disk_full");
    let after: Vec<String> = names_in(&d)
        .into_iter()
        .filter(|n| n.contains("corrupt"))
        .collect();
    assert!(
        after.is_empty(),
        "nothing moved aside: {after:?} (before: {before:?})"
    );

    std::fs::remove_file(ballast).unwrap();
    everything_is_still_there(&d).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_disk_is_reported_as_such() {
    let disk = SmallDisk::new("4m");
    let d = disk.mount.join("data");
    seed(&d).await;
    disk.remount("ro");
    let out = panelshot(&d, SAVE_MONTHLY, None, &[]).await;
    out.fails_with("store.read_only_disk");
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    let doctor = panelshot(&d, &["doctor"], None, &[]).await;
    doctor.fails_with("store.read_only_disk");
    disk.remount("rw");
    everything_is_still_there(&d).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_image_written_but_not_recorded_is_named_and_the_command_fails() {
    let g = crate::common::demo().await;
    let disk = SmallDisk::new("2m");
    let d = disk.mount.join("data");
    crate::common::add_token_connection(&d, "demo", &g.url(), g.token()).await;
    panelshot(&d, &["history"], None, &[]).await.ok();
    let out = tempfile::tempdir().unwrap();
    // Nearly full: room to open the database (its shared-memory file), none for the rows.
    let spare = disk.mount.join("spare");
    std::fs::write(&spare, vec![0u8; 48 * 1024]).unwrap();
    let ballast = disk.fill();
    std::fs::remove_file(&spare).unwrap();
    let run = crate::common::export_demo(
        &d,
        "classic-overview",
        "1",
        &[
            "--panel", "2", "--panel", "3", "--width", "300", "--height", "150", "-o",
        ]
        .into_iter()
        .chain([out.path().to_str().unwrap(), "--json"])
        .collect::<Vec<_>>(),
        &[],
    )
    .await;
    run.fails_with("store.disk_full");
    let files = names_in(out.path());
    assert_eq!(files.len(), 3, "the images are written: {files:?}");
    for f in &files {
        assert!(
            run.stderr.contains(f.as_str()),
            "{f} is named: {}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("not recorded"), "{}", run.stderr);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["historyError"]["code"] == "store.disk_full"),
        "{items}"
    );
    std::fs::remove_file(ballast).unwrap();
}
