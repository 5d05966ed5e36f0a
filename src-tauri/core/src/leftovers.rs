//! Files a Panelshot process leaves only while it runs — `.partial` images, browser profiles —
//! carry its pid in their names (`<prefix><pid>-…`). One that was killed outright cannot clean
//! up, so the next Panelshot removes whatever names an owner that no longer runs.

use std::path::Path;

/// `<prefix><this pid>-`: the start of a name this process will clean up itself.
pub fn owned_prefix(prefix: &str) -> String {
    format!("{prefix}{}-", std::process::id())
}

/// The pid a name of ours carries.
pub fn owner_of(name: &str, prefix: &str) -> Option<u32> {
    name.strip_prefix(prefix)?.split('-').next()?.parse().ok()
}

/// Whether a process with this pid runs (a recycled pid counts as running: then nothing is
/// removed, which is the safe mistake).
pub fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = i32::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists and may be signalled.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return true;
        }
        std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::{CloseHandle, STILL_ACTIVE};
        use windows_sys::Win32::System::Threading::{
            GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
        };
        // SAFETY: plain Win32 calls; the handle is closed before returning.
        unsafe {
            let h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
            if h.is_null() {
                return false;
            }
            let mut code = 0u32;
            let ok = GetExitCodeProcess(h, &mut code) != 0;
            CloseHandle(h);
            ok && code == STILL_ACTIVE as u32
        }
    }
}

/// Removes, in `dir`, every entry named `<prefix><pid>-…<suffix>` whose owner has exited.
/// Returns how many went.
pub fn sweep(dir: &Path, prefix: &str, suffix: &str) -> usize {
    sweep_with(dir, prefix, suffix, |path| {
        if path.is_dir() {
            std::fs::remove_dir_all(path).is_ok()
        } else {
            std::fs::remove_file(path).is_ok()
        }
    })
}

/// `sweep`, with `remove` doing the removing (and saying whether it did).
pub fn sweep_with(dir: &Path, prefix: &str, suffix: &str, remove: impl Fn(&Path) -> bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(suffix) {
            continue;
        }
        let Some(owner) = owner_of(&name, prefix) else {
            continue;
        };
        if owner == std::process::id() || process_alive(owner) {
            continue;
        }
        if remove(&e.path()) {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pid that ran and exited: a child that was waited for.
    fn dead_pid() -> u32 {
        let mut c = std::process::Command::new("true").spawn().unwrap();
        let pid = c.id();
        c.wait().unwrap();
        pid
    }

    #[test]
    fn names_carry_their_owner() {
        let p = owned_prefix(".panelshot-");
        assert_eq!(
            owner_of(&format!("{p}abc.partial"), ".panelshot-"),
            Some(std::process::id())
        );
        assert_eq!(owner_of(".panelshot-abc.partial", ".panelshot-"), None);
        assert_eq!(owner_of("photo.png", ".panelshot-"), None);
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(dead_pid()));
    }

    #[test]
    fn only_leftovers_of_exited_owners_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let mine = owned_prefix(".panelshot-");
        let files = [
            format!(".panelshot-{dead}-x1.partial"),
            format!("{mine}x2.partial"),
            ".panelshot-1-x3.partial".to_string(), // pid 1 always runs
            "panel.png".to_string(),
            format!(".panelshot-{dead}-x4.png"), // not a partial
        ];
        for f in &files {
            std::fs::write(dir.path().join(f), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join(format!("profile-{dead}-abc"))).unwrap();
        assert_eq!(sweep(dir.path(), ".panelshot-", ".partial"), 1);
        assert_eq!(sweep(dir.path(), "profile-", ""), 1);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = files[1..].to_vec();
        expected.sort();
        assert_eq!(left, expected);
    }
}
