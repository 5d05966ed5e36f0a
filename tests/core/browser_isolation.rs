//! The browser is reachable by this process only: it is driven over a pipe, so no local
//! process can attach to it and read the `Authorization` header of a render.

use std::collections::HashSet;

use crate::render_support::*;

/// Socket inodes the processes hold open.
fn socket_inodes(pids: &[u32]) -> HashSet<String> {
    let mut out = HashSet::new();
    for pid in pids {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path()) {
                let t = target.to_string_lossy();
                if let Some(inode) = t.strip_prefix("socket:[").and_then(|r| r.strip_suffix(']')) {
                    out.insert(inode.to_string());
                }
            }
        }
    }
    out
}

/// The local ports listened on through these socket inodes (IPv4 and IPv6).
fn listening_ports(inodes: &HashSet<String>) -> Vec<u16> {
    let mut ports = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address is col 1 (`ADDR:PORT` in hex), st col 3 (`0A` = LISTEN), inode col 9.
            if cols.len() > 9 && cols[3] == "0A" && inodes.contains(cols[9]) {
                let port = cols[1].rsplit(':').next().unwrap();
                ports.push(u16::from_str_radix(port, 16).unwrap());
            }
        }
    }
    ports
}

#[tokio::test(flavor = "multi_thread")]
async fn the_browser_listens_on_no_port_and_writes_no_port_file() {
    let s = setup().await;
    path_of(&export_small(&s, "1").await);
    let pid = s.core.browser_pid().await.expect("a browser runs");
    let tree = process_tree(pid);
    assert!(tree.len() > 1, "the browser has helper processes: {tree:?}");
    let inodes = socket_inodes(&tree);
    assert!(
        !inodes.is_empty(),
        "the scan sees the browser's sockets (IPC at least)"
    );
    let ports = listening_ports(&inodes);
    // Whatever the tables say, nothing on loopback answers for the browser either.
    for port in &ports {
        let reached = std::net::TcpStream::connect(("127.0.0.1", *port)).is_ok();
        assert!(
            !reached,
            "port {port} of the browser tree accepts connections"
        );
    }
    assert!(ports.is_empty(), "the browser tree listens on {ports:?}");
    let cmdline = String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/cmdline")).unwrap())
        .replace('\0', " ");
    assert!(cmdline.contains("--remote-debugging-pipe"), "{cmdline}");
    let profile = cmdline
        .split(" --")
        .find_map(|a| a.strip_prefix("user-data-dir="))
        .expect("the browser names its profile")
        .trim()
        .to_string();
    assert!(
        !std::path::Path::new(&profile)
            .join("DevToolsActivePort")
            .exists(),
        "no port file in {profile}"
    );
    // And rendering still works through the pipe.
    let second = export_small(&s, "2").await;
    assert_eq!(load(&path_of(&second)).dimensions(), (400, 200));
    s.core.shutdown().await;
}
