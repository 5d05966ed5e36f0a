//! Atomic writes: a temporary file in the target folder, then a rename. A crash or failure
//! leaves either nothing or the old file, never half an image.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::ExportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Replace an existing file.
    Overwrite,
    /// Fail if the file exists.
    Refuse,
    /// Pick `name-1.ext`, `name-2.ext`, … when the name is taken.
    Suffix,
}

fn io(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

fn with_suffix(path: &Path, n: u32) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

const PARTIAL_PREFIX: &str = ".panelshot-";
const PARTIAL_SUFFIX: &str = ".partial";

/// Removes the `.partial` files a killed Panelshot left in `dir`, the first time this process
/// writes there.
fn sweep_once(dir: &Path) {
    static SWEPT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut swept = SWEPT.lock().unwrap_or_else(|p| p.into_inner());
    if swept.iter().any(|d| d == dir) {
        return;
    }
    swept.push(dir.to_path_buf());
    crate::leftovers::sweep(dir, PARTIAL_PREFIX, PARTIAL_SUFFIX);
}

/// Writes `bytes` to `path` (or a suffixed sibling) atomically and returns where they went.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: WriteMode) -> Result<PathBuf, ExportError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    sweep_once(&dir);
    let mut builder = tempfile::Builder::new();
    let prefix = crate::leftovers::owned_prefix(PARTIAL_PREFIX);
    builder.prefix(&prefix).suffix(PARTIAL_SUFFIX);
    // Temp files are private by default; an exported image is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| io(&dir, e))?;
    tmp.write_all(bytes).map_err(|e| io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| io(path, e))?;
    match mode {
        WriteMode::Overwrite => {
            tmp.persist(path).map_err(|e| io(path, e.error))?;
            Ok(path.to_path_buf())
        }
        WriteMode::Refuse => match tmp.persist_noclobber(path) {
            Ok(_) => Ok(path.to_path_buf()),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(ExportError::Exists {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => Err(io(path, e.error)),
        },
        WriteMode::Suffix => {
            let mut candidate = path.to_path_buf();
            let mut tmp = tmp;
            for n in 1..=10_000 {
                match tmp.persist_noclobber(&candidate) {
                    Ok(_) => return Ok(candidate),
                    Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                        tmp = e.file;
                        candidate = with_suffix(path, n);
                    }
                    Err(e) => return Err(io(&candidate, e.error)),
                }
            }
            Err(io(path, "too many files with this name"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect()
    }

    #[test]
    fn suffixes_refuses_and_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/panel.png");
        assert_eq!(write_atomic(&p, b"one", WriteMode::Suffix).unwrap(), p);
        assert_eq!(
            write_atomic(&p, b"two", WriteMode::Suffix).unwrap(),
            dir.path().join("sub/panel-1.png")
        );
        assert_eq!(
            write_atomic(&p, b"three", WriteMode::Suffix).unwrap(),
            dir.path().join("sub/panel-2.png")
        );
        assert!(matches!(
            write_atomic(&p, b"x", WriteMode::Refuse),
            Err(ExportError::Exists { .. })
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"four", WriteMode::Overwrite).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"four");
        assert!(leftovers(&dir.path().join("sub")).is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_folder_is_a_clear_error_and_leaves_nothing() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores permissions; then this case cannot be provoked here.
        if std::fs::write(ro.join("probe"), b"x").is_ok() {
            return;
        }
        let e = write_atomic(&ro.join("a.png"), b"x", WriteMode::Suffix).unwrap_err();
        assert_eq!(crate::error::Coded::code(&e), "export.io");
        assert!(std::fs::read_dir(&ro).unwrap().next().is_none());
    }
}
