//! Reading the kernel's per-process accounting from /proc (Linux).

use super::process_tree::process_tree;

/// This process plus the browser and all its descendants.
fn tree(browser: Option<u32>) -> Vec<u32> {
    let mut out = vec![std::process::id()];
    out.extend(browser.map(process_tree).unwrap_or_default());
    out
}

/// CPU seconds of this process alone (Panelshot's own share, with the in-process demo server).
pub fn own_cpu_seconds() -> f64 {
    cpu_of(&[std::process::id()])
}

pub fn tree_cpu_seconds(browser: Option<u32>) -> f64 {
    cpu_of(&tree(browser))
}

fn cpu_of(pids: &[u32]) -> f64 {
    // utime, stime, cutime and cstime: the last two hold the CPU of children already exited
    // and reaped. Chromium starts and ends a renderer per tab, and their time would otherwise
    // be lost.
    pids.iter().filter_map(|p| stat_cpu(*p, 4)).sum()
}

/// CPU seconds from the first `fields` of utime, stime, cutime, cstime (fields 14–17 of
/// `/proc/<pid>/stat`, index 11–14 after the command name, which may hold spaces).
fn stat_cpu(pid: u32, fields: usize) -> Option<f64> {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let sum: Option<f64> = (11..11 + fields)
        .map(|i| f.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    Some(sum? / ticks)
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

/// What a process in the tree is: Panelshot itself, Chromium's browser process, or the
/// `--type=` Chromium gave it, with a utility process's service (`utility:network`,
/// `utility:storage`, …). Chromium rewrites a zygote-forked child's command line into one
/// space-separated title, so arguments are split on spaces too; the first `--type=` is the
/// process's own (a renderer's title starts with its own flags).
pub fn kind_of(pid: u32) -> String {
    if pid == std::process::id() {
        return "panelshot".into();
    }
    let Ok(raw) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return "gone".into();
    };
    let args: Vec<&str> = raw
        .split(|b| *b == 0 || *b == b' ')
        .filter_map(|a| std::str::from_utf8(a).ok())
        .collect();
    let flag = |name: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(name))
            .map(str::to_string)
    };
    match flag("--type=").as_deref() {
        None => "browser".into(),
        Some("utility") => {
            let sub = flag("--utility-sub-type=").unwrap_or_default();
            // `network.mojom.NetworkService` → `network`
            let short = sub.split('.').next().unwrap_or("other").to_string();
            format!("utility:{short}")
        }
        Some(t) => t.to_string(),
    }
}

/// One process's own CPU seconds (utime + stime, without its reaped children).
fn own_cpu(pid: u32) -> Option<f64> {
    stat_cpu(pid, 2)
}

fn pss_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    s.lines()
        .find(|l| l.starts_with("Pss:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
}

/// What a run of samples of the tree found: the PSS of every process at the sample whose total
/// was highest, and each process's own CPU over the run.
#[derive(Default)]
pub struct TreeRun {
    /// (kind, PSS kB) of each process at the peak sample.
    pub peak: Vec<(String, u64)>,
    /// pid → (kind, own CPU when first seen, own CPU when last seen). A process already running
    /// when the run began starts from its CPU then; a new one from zero. A process that exits
    /// between two samples loses at most one interval of its CPU (its parent's `cutime` would
    /// hold it, under the parent's kind, so own times are used instead).
    cpu: std::collections::HashMap<u32, (String, f64, f64)>,
}

impl TreeRun {
    /// Starts a run: every process's CPU now is its zero.
    pub fn begin(browser: Option<u32>) -> TreeRun {
        let mut run = TreeRun::default();
        for p in tree(browser) {
            if let Some(c) = own_cpu(p) {
                run.cpu.insert(p, (kind_of(p), c, c));
            }
        }
        run
    }

    /// One sample: CPU of every process, and PSS when `memory` (walking every mapping is the
    /// costly part).
    pub fn sample(&mut self, browser: Option<u32>, memory: bool) {
        let mut pss = Vec::new();
        for p in tree(browser) {
            let Some(c) = own_cpu(p) else { continue };
            let entry = self.cpu.entry(p).or_insert_with(|| (kind_of(p), 0.0, 0.0));
            entry.2 = c;
            if memory && let Some(kb) = pss_kb(p) {
                pss.push((entry.0.clone(), kb));
            }
        }
        let total = |v: &[(String, u64)]| v.iter().map(|(_, kb)| kb).sum::<u64>();
        if memory && total(&pss) > total(&self.peak) {
            self.peak = pss;
        }
    }

    pub fn peak_mb(&self) -> f64 {
        self.peak.iter().map(|(_, kb)| *kb).sum::<u64>() as f64 / 1024.0
    }

    /// "browser 120 MB, renderer 4× (95+93+90+88) 366 MB, …" for the peak sample.
    pub fn peak_by_kind(&self) -> String {
        let mut by: std::collections::BTreeMap<&str, Vec<u64>> = Default::default();
        for (k, kb) in &self.peak {
            by.entry(k.as_str()).or_default().push(*kb);
        }
        by.iter()
            .map(|(k, v)| {
                let sum: u64 = v.iter().sum();
                if v.len() == 1 {
                    format!("{k} {} MB", sum / 1024)
                } else {
                    let mut each = v.clone();
                    each.sort_unstable_by(|a, b| b.cmp(a));
                    let each: Vec<String> = each.iter().map(|kb| (kb / 1024).to_string()).collect();
                    format!("{k} {}× ({}) {} MB", v.len(), each.join("+"), sum / 1024)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// CPU seconds per kind over the run.
    pub fn cpu_by_kind(&self) -> String {
        let mut by: std::collections::BTreeMap<&str, (f64, usize)> = Default::default();
        for (k, first, last) in self.cpu.values() {
            let e = by.entry(k.as_str()).or_default();
            e.0 += (last - first).max(0.0);
            e.1 += 1;
        }
        by.iter()
            .map(|(k, (s, n))| {
                if *n > 1 {
                    format!("{k} {s:.2} s ({n} processes)")
                } else {
                    format!("{k} {s:.2} s")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}
