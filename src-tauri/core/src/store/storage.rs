//! Telling a troubled disk from a damaged database. SQLite answers "disk I/O error" both when
//! the disk under the data folder is full (it cannot grow the `-shm` file at open) and when it
//! fails; taking either for corruption once led `doctor` to move a healthy database aside. So
//! an error is corruption only when SQLite says so (`SQLITE_CORRUPT`, `SQLITE_NOTADB`); every
//! other failure is classified from SQLite's code and, where the folder is known, from the
//! file system itself.

use std::path::Path;

use rusqlite::ErrorCode;
use serde::Serialize;

use super::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageProblem {
    DiskFull,
    /// A read-only file system (or medium).
    ReadOnlyDisk,
    /// The files or the folder belong to someone else.
    Permission,
    /// Another program kept the database locked past the busy timeout.
    Locked,
    /// Any other read or write failure of the disk.
    Io,
}

impl StorageProblem {
    pub fn code(self) -> crate::error::ErrorCode {
        match self {
            StorageProblem::DiskFull => crate::error::ErrorCode::StoreDiskFull,
            StorageProblem::ReadOnlyDisk => crate::error::ErrorCode::StoreReadOnlyDisk,
            StorageProblem::Permission => crate::error::ErrorCode::StorePermission,
            StorageProblem::Locked => crate::error::ErrorCode::StoreLocked,
            StorageProblem::Io => crate::error::ErrorCode::StoreIo,
        }
    }
}

pub(super) fn message(problem: StorageProblem, place: &str) -> String {
    match problem {
        StorageProblem::DiskFull => format!(
            "the disk holding {place} is full; free some space and try again (nothing was changed, and everything saved before is still there)"
        ),
        StorageProblem::ReadOnlyDisk => format!(
            "{place} is on a read-only disk; remount it writable or choose another data folder"
        ),
        StorageProblem::Permission => format!(
            "no permission to write {place}; give your user write access to it or choose another data folder"
        ),
        StorageProblem::Locked => format!(
            "{place} stayed locked by another program for more than 10 s; close other Panelshot windows or commands that may be writing to it, then try again"
        ),
        StorageProblem::Io => format!(
            "the disk holding {place} failed to read or write; check that it is still attached and healthy, then try again"
        ),
    }
}

const UNKNOWN_PLACE: &str = "Panelshot's data folder";

fn storage(problem: StorageProblem, place: Option<&Path>) -> StoreError {
    StoreError::Storage {
        problem,
        place: place.map_or_else(|| UNKNOWN_PLACE.to_string(), |p| p.display().to_string()),
    }
}

/// A SQLite error as the user should hear it. `db_file` is the database when known: then a
/// vague "disk I/O error" or "unable to open" is checked against its file system.
pub(super) fn classify(e: rusqlite::Error, db_file: Option<&Path>) -> StoreError {
    let Some(code) = e.sqlite_error_code() else {
        return StoreError::Sql(e);
    };
    let problem = match code {
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
            return match db_file {
                Some(path) => StoreError::Corrupt {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                },
                None => StoreError::Corrupt {
                    path: UNKNOWN_PLACE.into(),
                    detail: e.to_string(),
                },
            };
        }
        ErrorCode::DiskFull => StorageProblem::DiskFull,
        ErrorCode::ReadOnly => StorageProblem::ReadOnlyDisk,
        ErrorCode::PermissionDenied => StorageProblem::Permission,
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StorageProblem::Locked,
        ErrorCode::SystemIoFailure | ErrorCode::CannotOpen => StorageProblem::Io,
        _ => return StoreError::Sql(e),
    };
    let problem = match (problem, db_file) {
        (StorageProblem::Io | StorageProblem::ReadOnlyDisk, Some(file)) => {
            inspect(file).unwrap_or(problem)
        }
        _ => problem,
    };
    storage(problem, db_file)
}

/// An I/O error on the data folder itself (creating it).
pub(super) fn from_io(dir: &Path, source: std::io::Error) -> StoreError {
    use std::io::ErrorKind;
    let problem = match source.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => StorageProblem::DiskFull,
        ErrorKind::ReadOnlyFilesystem => StorageProblem::ReadOnlyDisk,
        ErrorKind::PermissionDenied => StorageProblem::Permission,
        _ => {
            return StoreError::DataDir {
                path: dir.to_path_buf(),
                source,
            };
        }
    };
    storage(problem, Some(dir))
}

/// What the file system says about the folder of `file`: full, read-only, not writable.
fn inspect(file: &Path) -> Option<StorageProblem> {
    let dir = file.parent()?;
    let fs = FsState::of(dir)?;
    if fs.read_only {
        return Some(StorageProblem::ReadOnlyDisk);
    }
    if !fs.writable {
        return Some(StorageProblem::Permission);
    }
    // SQLite needs room for its `-shm` index (32 KiB) and a few pages of journal to do anything.
    if fs.available < 256 * 1024 {
        return Some(StorageProblem::DiskFull);
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FsState {
    available: u64,
    read_only: bool,
    writable: bool,
}

impl FsState {
    #[cfg(unix)]
    fn of(dir: &Path) -> Option<FsState> {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: `c` is a valid NUL-terminated path and `st` a properly sized out-parameter.
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
            return None;
        }
        // SAFETY: `c` is a valid NUL-terminated path.
        let writable = unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0;
        Some(FsState {
            #[allow(clippy::useless_conversion)]
            available: u64::from(st.f_bavail).saturating_mul(u64::from(st.f_frsize)),
            read_only: st.f_flag & libc::ST_RDONLY != 0,
            writable,
        })
    }

    /// Windows reports a full disk to SQLite as `SQLITE_FULL` and a locked-down folder as
    /// `SQLITE_CANTOPEN`/`SQLITE_READONLY`, so the codes alone do there.
    #[cfg(not(unix))]
    fn of(_dir: &Path) -> Option<FsState> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Coded;

    fn sqlite_error(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn only_sqlites_own_verdict_is_corruption() {
        use rusqlite::ffi;
        for (code, expected) in [
            (ffi::SQLITE_CORRUPT, "store.corrupt"),
            (ffi::SQLITE_NOTADB, "store.corrupt"),
            (ffi::SQLITE_FULL, "store.disk_full"),
            (ffi::SQLITE_READONLY, "store.read_only_disk"),
            (ffi::SQLITE_PERM, "store.permission"),
            (ffi::SQLITE_BUSY, "store.locked"),
            (ffi::SQLITE_LOCKED, "store.locked"),
            (ffi::SQLITE_IOERR, "store.io"),
            (ffi::SQLITE_CONSTRAINT, "store.failed"),
        ] {
            let e = classify(sqlite_error(code), None);
            assert_eq!(e.code(), expected, "SQLite code {code}: {e}");
        }
    }

    #[test]
    fn messages_say_what_to_do_and_where() {
        let e = storage(
            StorageProblem::DiskFull,
            Some(Path::new("/data/panelshot.db")),
        );
        let m = e.to_string();
        assert!(
            m.contains("/data/panelshot.db") && m.contains("free some space"),
            "{m}"
        );
        let m = classify(sqlite_error(rusqlite::ffi::SQLITE_BUSY), None).to_string();
        assert!(
            m.contains("Panelshot's data folder") && m.contains("close other"),
            "{m}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_system_is_read_for_vague_errors() {
        let dir = tempfile::tempdir().unwrap();
        let fs = FsState::of(dir.path()).unwrap();
        assert!(fs.writable && !fs.read_only && fs.available > 0, "{fs:?}");
        // A healthy folder gives no verdict of its own: the SQLite code stands.
        assert_eq!(inspect(&dir.path().join("panelshot.db")), None);
        let e = classify(
            sqlite_error(rusqlite::ffi::SQLITE_IOERR),
            Some(&dir.path().join("panelshot.db")),
        );
        assert_eq!(e.code(), "store.io");
    }
}
