//! The real OS keyring: a Secret Service round trip (gnome-keyring under dbus-run-session, as
//! `make test` runs it), and the clear error when no Secret Service can be reached.

use panelshot_core::error::Coded;
use panelshot_core::secrets::{KeyringStore, Secret, SecretStore};

use crate::common::panelshot;

#[test]
fn secret_service_round_trip() {
    let store = KeyringStore::default();
    let key = format!("test/{}", std::process::id());
    store
        .set(&key, &Secret::new("glsa_roundtrip_secret"))
        .expect("set in the real keyring");
    assert_eq!(
        store.get(&key).expect("get").expose(),
        "glsa_roundtrip_secret"
    );
    store
        .set(&key, &Secret::new("glsa_replaced"))
        .expect("replace");
    assert_eq!(store.get(&key).expect("get").expose(), "glsa_replaced");
    store.delete(&key).expect("delete");
    assert_eq!(
        store.get(&key).unwrap_err().code(),
        "keyring.missing_secret"
    );
    store.delete(&key).expect("deleting twice is fine");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_service_is_keyring_unavailable_and_adds_nothing() {
    let data = tempfile::tempdir().unwrap();
    let no_bus = [
        (
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/panelshot-bus",
        ),
        ("DISPLAY", ""),
    ];
    let out = panelshot(
        data.path(),
        &[
            "connection",
            "add",
            "g",
            "--url",
            "http://127.0.0.1:9",
            "--token-stdin",
        ],
        Some("glsa_x"),
        &no_bus,
    )
    .await;
    out.fails_with("keyring.unavailable");
    assert!(
        out.stderr.contains("gnome-keyring") && out.stderr.contains("PANELSHOT_TOKEN"),
        "{}",
        out.stderr
    );
    let list = panelshot(data.path(), &["connection", "list", "--json"], None, &[]).await;
    assert_eq!(
        list.ok().stdout.trim(),
        "[]",
        "a failed add leaves no connection behind"
    );
}
