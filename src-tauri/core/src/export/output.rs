//! Where an export goes, decided before anything renders: one file, or a folder of files. A
//! destination that cannot be right is refused with what to do instead, rather than written
//! somewhere surprising (`/dev/null-1`, PNG bytes in `x.gif`, a folder named `two.png/`).

use std::path::Path;

use super::{ExportError, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Exactly this file.
    File,
    /// Files named by the template inside this folder (created if needed).
    Folder,
}

fn invalid(msg: String) -> ExportError {
    ExportError::InvalidOutput(msg)
}

/// Checks `path` for `count` images in `format`.
pub fn check_output(path: &Path, format: Format, count: usize) -> Result<Destination, ExportError> {
    let shown = path.display();
    let text = path.as_os_str().to_string_lossy();
    let slash = text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR);
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Ok(Destination::Folder);
        }
        if !meta.is_file() {
            return Err(invalid(format!(
                "{shown} is not a regular file or folder (a device, pipe or socket); name a file or a folder to write to"
            )));
        }
    }
    if slash {
        return Ok(Destination::Folder);
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    if count > 1 {
        if ext.is_some() {
            return Err(invalid(format!(
                "{count} images cannot all be written to the one file {shown}; name a folder (ending in /) or export one panel"
            )));
        }
        return Ok(Destination::Folder);
    }
    match ext.as_deref() {
        None => Ok(Destination::File),
        Some(e) => match Format::from_path(path) {
            Some(f) if f == format => Ok(Destination::File),
            Some(f) => Err(invalid(format!(
                "{shown} names a {} file but the export is {}; name the file .{} or choose the format {}",
                f.extension(),
                format.extension(),
                format.extension(),
                f.extension()
            ))),
            None => Err(invalid(format!(
                "Panelshot does not write .{e} files; name the file .{} (or .png, .jpg, .webp, .pdf with that format)",
                format.extension()
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_folders_and_refusals() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ok = |p: &Path, f, n| check_output(p, f, n).unwrap();
        assert_eq!(ok(d, Format::Png, 1), Destination::Folder);
        assert_eq!(ok(&d.join("x.png"), Format::Png, 1), Destination::File);
        assert_eq!(ok(&d.join("X.JPEG"), Format::Jpeg, 1), Destination::File);
        assert_eq!(ok(&d.join("x.jpg"), Format::Jpeg, 1), Destination::File);
        assert_eq!(ok(&d.join("plain"), Format::Png, 1), Destination::File);
        assert_eq!(ok(&d.join("out"), Format::Png, 3), Destination::Folder);
        assert_eq!(ok(Path::new("new/"), Format::Png, 1), Destination::Folder);

        let err = |p: &Path, f, n| check_output(p, f, n).unwrap_err().to_string();
        let e = err(Path::new("/dev/null"), Format::Png, 1);
        assert!(e.contains("not a regular file"), "{e}");
        let e = err(&d.join("x.gif"), Format::Png, 1);
        assert!(e.contains(".gif") && e.contains(".png"), "{e}");
        let e = err(&d.join("x.png"), Format::Jpeg, 1);
        assert!(e.contains("png file") && e.contains(".jpg"), "{e}");
        let e = err(&d.join("two.png"), Format::Png, 2);
        assert!(e.contains("2 images") && e.contains("folder"), "{e}");
        // An existing file is a file (overwrite rules apply later), an existing folder a folder.
        std::fs::write(d.join("old.png"), b"x").unwrap();
        assert_eq!(ok(&d.join("old.png"), Format::Png, 1), Destination::File);
        std::fs::create_dir(d.join("shots.png")).unwrap();
        assert_eq!(
            ok(&d.join("shots.png"), Format::Png, 2),
            Destination::Folder
        );
    }
}
