//! Unpacking the archive into the staging folder. Entry names are checked (no `..`, no absolute
//! paths, no links pointing out), so a hostile archive cannot write outside the folder.

use std::io::Read;
use std::path::{Component, Path};

use super::InstallError;

fn bad(detail: impl std::fmt::Display) -> InstallError {
    InstallError::BadArchive(detail.to_string())
}

/// Every entry of the zip at `archive` under `into` (which exists and is empty).
pub fn unzip(archive: &Path, into: &Path) -> Result<usize, InstallError> {
    let io = |what: &Path, e: std::io::Error| {
        InstallError::Io(format!("cannot write {}: {e}", what.display()))
    };
    let file = std::fs::File::open(archive).map_err(|e| io(archive, e))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| bad(format!("not a readable zip ({e})")))?;
    if zip.is_empty() {
        return Err(bad("the zip is empty"));
    }
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| bad(format!("entry {i} cannot be read ({e})")))?;
        let rel = entry.enclosed_name().ok_or_else(|| {
            bad(format!(
                "entry {:?} points outside its folder",
                entry.name()
            ))
        })?;
        let dest = into.join(&rel);
        if entry.is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| io(&dest, e))?;
            continue;
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        let mode = entry.unix_mode();
        if mode.is_some_and(|m| m & 0o170000 == 0o120000) {
            let mut target = String::new();
            entry
                .read_to_string(&mut target)
                .map_err(|e| bad(format!("link {:?} cannot be read ({e})", entry.name())))?;
            link(&rel, &target, &dest)?;
            continue;
        }
        let mut out = std::fs::File::create(&dest).map_err(|e| io(&dest, e))?;
        std::io::copy(&mut entry, &mut out)
            .map_err(|e| bad(format!("entry {:?} is damaged ({e})", rel.display())))?;
        #[cfg(unix)]
        if let Some(m) = mode {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(m & 0o755))
                .map_err(|e| io(&dest, e))?;
        }
    }
    Ok(zip.len())
}

/// A symbolic link from the archive (macOS builds carry some), kept inside the folder.
fn link(rel: &Path, target: &str, dest: &Path) -> Result<(), InstallError> {
    let t = Path::new(target);
    let mut depth = rel.components().count() as i64 - 1;
    for c in t.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => depth = -1,
        }
        if depth < 0 {
            return Err(bad(format!(
                "link {} points outside its folder",
                rel.display()
            )));
        }
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(t, dest)
            .map_err(|e| InstallError::Io(format!("cannot link {}: {e}", dest.display())))
    }
    #[cfg(not(unix))]
    {
        let _ = dest;
        Err(bad(format!(
            "link {} cannot be made on this system",
            rel.display()
        )))
    }
}
