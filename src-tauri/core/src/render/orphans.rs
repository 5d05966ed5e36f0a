//! A Chromium started by a Panelshot that was then killed outright (SIGKILL, a crash) outlives
//! it: nothing tells the browser its parent is gone. Every profile directory names the process
//! that owns it, so the next launch can end the browsers whose owner is gone and remove their
//! profiles. Reads /proc, so Linux only; elsewhere it does nothing.

use std::path::{Path, PathBuf};

const PREFIX: &str = "panelshot-chromium-";

/// The prefix of this process's profile directories: `panelshot-chromium-<pid>-`.
pub fn profile_prefix() -> String {
    crate::leftovers::owned_prefix(PREFIX)
}

/// The owner's pid named by a profile directory, if the path is one of ours.
fn owner_of(profile: &Path) -> Option<u32> {
    crate::leftovers::owner_of(profile.file_name()?.to_str()?, PREFIX)
}

/// Removes the profiles of owners that exited (killed during browser start-up, or on a
/// system where their browser could not be found running): they hold cached Grafana pages.
fn sweep_profiles() {
    crate::leftovers::sweep_with(&std::env::temp_dir(), PREFIX, "", |p| {
        remove_profile(p);
        true
    });
}

fn remove_profile(p: &Path) {
    // Chromium keeps its singleton socket in a directory of its own beside the profile.
    if let Ok(socket) = std::fs::read_link(p.join("SingletonSocket"))
        && let Some(dir) = socket.parent()
        && dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("org.chromium.Chromium."))
    {
        let _ = std::fs::remove_dir_all(dir);
    }
    let _ = std::fs::remove_dir_all(p);
}

/// The profile directory a Chromium command line uses. Helpers keep their arguments apart
/// (NUL-separated); the browser process rewrites its command line into one space-separated
/// string, so the value ends at a NUL, at the next ` --` flag, or at the end.
fn profile_in(cmdline: &[u8]) -> Option<PathBuf> {
    let text = String::from_utf8_lossy(cmdline);
    let start = text.find("--user-data-dir=")? + "--user-data-dir=".len();
    let rest = &text[start..];
    let end = rest.find('\0').unwrap_or(rest.len());
    let value = &rest[..end];
    let value = value.find(" --").map_or(value, |i| &value[..i]);
    (!value.trim().is_empty()).then(|| PathBuf::from(value.trim_end()))
}

/// Ends every browser (and its helpers) of ours whose owner has exited, then removes their
/// profiles. Returns how many processes were ended.
#[cfg(target_os = "linux")]
pub fn reap() -> usize {
    let alive = |pid: u32| Path::new(&format!("/proc/{pid}")).exists();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let mut ended = Vec::new();
    let mut profiles = Vec::new();
    for e in dir.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Some(profile) = std::fs::read(e.path().join("cmdline"))
            .ok()
            .and_then(|c| profile_in(&c))
        else {
            continue;
        };
        match owner_of(&profile) {
            Some(owner) if !alive(owner) => {
                // SAFETY: signalling a process has no memory-safety preconditions; the pid was
                // just seen running a browser on one of our profiles.
                if unsafe { libc::kill(pid, libc::SIGKILL) } == 0 {
                    ended.push(pid as u32);
                }
                profiles.push(profile);
            }
            _ => {}
        }
    }
    // A dying browser still writes to its profile: let it go before removing anything.
    for _ in 0..50 {
        if !ended.iter().any(|p| alive(*p)) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    profiles.sort();
    profiles.dedup();
    for p in profiles {
        remove_profile(&p);
    }
    sweep_profiles();
    ended.len()
}

#[cfg(not(target_os = "linux"))]
pub fn reap() -> usize {
    sweep_profiles();
    0
}

/// Ends whatever still runs on `profile`: the helpers (renderers, GPU, zygote) of a browser
/// whose main process died do not always follow it.
#[cfg(target_os = "linux")]
pub fn end_users_of(profile: &Path) {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return;
    };
    let mut ended = Vec::new();
    for e in dir.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let uses = std::fs::read(e.path().join("cmdline"))
            .ok()
            .and_then(|c| profile_in(&c))
            .is_some_and(|p| p == profile);
        // SAFETY: as in `reap`.
        if uses && unsafe { libc::kill(pid, libc::SIGKILL) } == 0 {
            ended.push(pid);
        }
    }
    // Callers remove the profile next, and a person closing the sign-in window expects the
    // window gone when Panelshot says so: wait (briefly) for the kills to take.
    let running =
        |pid: &i32| std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| !c.is_empty());
    for _ in 0..100 {
        if !ended.iter().any(running) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(not(target_os = "linux"))]
pub fn end_users_of(_profile: &Path) {}

/// `end_users_of` from async code: it waits (up to 2 s) for its kills to take, which must not
/// hold one of the runtime's threads.
pub async fn end_users_of_async(profile: &Path) {
    let profile = profile.to_path_buf();
    let _ = tokio::task::spawn_blocking(move || end_users_of(&profile)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_name_their_owner() {
        assert!(
            profile_prefix().starts_with(&format!("panelshot-chromium-{}-", std::process::id()))
        );
        assert_eq!(
            owner_of(Path::new("/tmp/panelshot-chromium-4242-abc123")),
            Some(4242)
        );
        assert_eq!(owner_of(Path::new("/tmp/panelshot-chromium-abc")), None);
        assert_eq!(owner_of(Path::new("/home/me/.config/chromium")), None);
        let cmd = b"/usr/lib/chromium/chromium\0--headless\0--user-data-dir=/tmp/panelshot-chromium-7-x\0";
        assert_eq!(
            profile_in(cmd),
            Some(PathBuf::from("/tmp/panelshot-chromium-7-x"))
        );
        assert_eq!(profile_in(b"bash\0-c\0echo\0"), None);
        let browser = b"/usr/lib/chromium/chromium --headless=new --user-data-dir=/tmp/panelshot-chromium-7-x --no-sandbox";
        assert_eq!(
            profile_in(browser),
            Some(PathBuf::from("/tmp/panelshot-chromium-7-x"))
        );
    }
}
