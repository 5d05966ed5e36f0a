//! The GUI and the CLI may write the same database at once: two processes writing history rows
//! concurrently lose nothing and corrupt nothing.

use std::process::Command;

use panelshot_core::store::{HistoryFilter, NewHistory, Store};

const ROWS: usize = 1000;
const CHILD_ENV: &str = "PANELSHOT_TEST_WRITER_DIR";

/// Does nothing in a normal run; when re-executed by the test below, it is one writer.
#[test]
fn writer_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let who = std::env::var("PANELSHOT_TEST_WRITER_NAME").unwrap_or_default();
    let store = Store::open(std::path::Path::new(&dir)).expect("open");
    for i in 0..ROWS {
        store
            .add_history(&NewHistory {
                connection_name: who.clone(),
                dashboard_uid: "d".into(),
                target: panelshot_core::store::HistoryTarget::Panel(i.to_string()),
                options_json: "{}".into(),
                format: panelshot_core::store::FileFormat::Png,
                ok: true,
                ..Default::default()
            })
            .expect("insert under contention");
    }
}

#[test]
fn two_processes_writing_at_once_lose_no_rows() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap();
    let exe = std::env::current_exe().unwrap();
    let spawn = |name: &str| {
        Command::new(&exe)
            .args([
                "--exact",
                "concurrent_writers::writer_child",
                "--test-threads=1",
                "--quiet",
            ])
            .env(CHILD_ENV, dir.path())
            .env("PANELSHOT_TEST_WRITER_NAME", name)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn("gui"), spawn("cli"));
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.history_count().unwrap(), 2 * ROWS as i64);
    for who in ["gui", "cli"] {
        let rows = store
            .history(&HistoryFilter {
                connection: Some(who.into()),
                limit: 1000,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(rows.len(), ROWS, "{who}");
    }
    let report = panelshot_core::store::doctor(dir.path()).unwrap();
    assert!(matches!(
        report,
        panelshot_core::store::DoctorReport::Healthy { .. }
    ));
}
