//! `panelshot-cli` is for servers without a desktop: it must link none of the desktop stack.

use std::process::Command;

#[test]
fn the_cli_binary_links_no_webkit_gtk_or_libsoup() {
    let out = Command::new("ldd")
        .arg(crate::BIN)
        .output()
        .expect("ldd runs");
    assert!(
        out.status.success(),
        "ldd failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let libs = String::from_utf8_lossy(&out.stdout);
    // The check can fail: a dynamically linked binary lists at least libc.
    assert!(
        libs.contains("libc.so"),
        "ldd listed nothing useful: {libs}"
    );
    for desktop in ["webkit", "gtk", "gdk", "soup", "javascriptcore"] {
        let hits: Vec<&str> = libs
            .lines()
            .filter(|l| l.to_lowercase().contains(desktop))
            .collect();
        assert!(hits.is_empty(), "panelshot-cli links {desktop}: {hits:?}");
    }
    // And it runs: version and help need no display.
    let v = Command::new(crate::BIN)
        .arg("--version")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runs");
    assert!(v.status.success());
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("panelshot"));
}
