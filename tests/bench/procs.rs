//! Reading the kernel's per-process accounting from /proc (Linux).

use std::collections::HashMap;

fn children_map() -> HashMap<u32, Vec<u32>> {
    let mut map: HashMap<u32, Vec<u32>> = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return map;
    };
    for e in dir.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // The command name may contain spaces; fields after the closing parenthesis are fixed.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let ppid = rest
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0);
        map.entry(ppid).or_default().push(pid);
    }
    map
}

/// This process plus the browser and all its descendants.
fn tree(browser: Option<u32>) -> Vec<u32> {
    let mut out = vec![std::process::id()];
    if let Some(root) = browser {
        let kids = children_map();
        let mut stack = vec![root];
        while let Some(p) = stack.pop() {
            out.push(p);
            if let Some(k) = kids.get(&p) {
                stack.extend(k);
            }
        }
    }
    out
}

pub fn tree_pss_kb(browser: Option<u32>) -> u64 {
    tree(browser)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .sum()
}

/// CPU seconds of this process alone (Panelshot's own share, with the in-process demo server).
pub fn own_cpu_seconds() -> f64 {
    cpu_of(&[std::process::id()])
}

pub fn tree_cpu_seconds(browser: Option<u32>) -> f64 {
    cpu_of(&tree(browser))
}

fn cpu_of(pids: &[u32]) -> f64 {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    pids.iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).ok())
        .filter_map(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            // utime, stime, cutime and cstime are fields 14–17 of stat (index 11–14 after the
            // name). The last two hold the CPU of children already exited and reaped: Chromium
            // starts and ends a renderer per tab, and their time would otherwise be lost.
            let sum: Option<f64> = (11..=14)
                .map(|i| f.get(i).and_then(|v| v.parse::<f64>().ok()))
                .sum();
            Some(sum? / ticks)
        })
        .sum()
}

pub fn chromium_version(browser: &std::path::Path) -> String {
    std::process::Command::new(browser)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown browser".into())
}

/// How the table names a browser: the headless shell or a full browser.
pub fn browser_kind(path: &std::path::Path) -> &'static str {
    if path.to_string_lossy().contains("headless-shell") {
        "headless shell"
    } else {
        "full Chromium"
    }
}

/// CPU seconds per kind of process (Panelshot, browser, renderer, gpu-process, utility, …),
/// for finding where a batch's CPU goes (`BENCH_BREAKDOWN=1`). Chromium rewrites its
/// command line into one space-separated title, so arguments are split on spaces too.
pub fn tree_cpu_by_kind(browser: Option<u32>) -> std::collections::BTreeMap<String, f64> {
    let mut out = std::collections::BTreeMap::new();
    for p in tree(browser) {
        let kind = if p == std::process::id() {
            "panelshot".to_string()
        } else {
            std::fs::read(format!("/proc/{p}/cmdline"))
                .ok()
                .and_then(|c| {
                    c.split(|b| *b == 0 || *b == b' ')
                        .filter_map(|a| std::str::from_utf8(a).ok())
                        .find_map(|a| a.strip_prefix("--type=").map(str::to_string))
                })
                .unwrap_or_else(|| "browser".into())
        };
        *out.entry(kind).or_insert(0.0) += cpu_of(&[p]);
    }
    out
}
