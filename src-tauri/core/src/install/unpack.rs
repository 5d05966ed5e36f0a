//! Unpacking the archive into the staging folder. Entry names are checked (no `..`, no absolute
//! paths), nothing is ever written through a link the archive made, link targets stay inside
//! the folder as written, and once all is unpacked every link is resolved (chains included)
//! and must land inside the folder: a hostile archive cannot write or point outside it.

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
    let mut links = Vec::new();
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
        // A folder on the way that is a link (one the archive made earlier) would carry this
        // entry wherever the link points.
        refuse_links_on_the_way(into, &rel)?;
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
            links.push(dest);
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
    links_stay_inside(into, &links)?;
    Ok(zip.len())
}

/// No folder between `into` and the entry may be a link.
fn refuse_links_on_the_way(into: &Path, rel: &Path) -> Result<(), InstallError> {
    let mut at = into.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for c in parts.iter().take(parts.len().saturating_sub(1)) {
        at.push(c);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(bad(format!(
                "entry {} would be written through the link {}",
                rel.display(),
                at.strip_prefix(into).unwrap_or(&at).display()
            )));
        }
    }
    Ok(())
}

/// Every link, followed to its end through any chain of links, lands inside `into`; one that
/// resolves nowhere (dangling or a loop) is refused too.
fn links_stay_inside(into: &Path, links: &[std::path::PathBuf]) -> Result<(), InstallError> {
    let root = std::fs::canonicalize(into)
        .map_err(|e| InstallError::Io(format!("cannot read {}: {e}", into.display())))?;
    for l in links {
        let name = l.strip_prefix(into).unwrap_or(l).display().to_string();
        match std::fs::canonicalize(l) {
            Ok(end) if end.starts_with(&root) => {}
            Ok(_) => return Err(bad(format!("link {name} leads outside its folder"))),
            Err(_) => return Err(bad(format!("link {name} leads nowhere"))),
        }
    }
    Ok(())
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

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    enum E<'a> {
        File(&'a str),
        Link(&'a str, &'a str),
    }

    fn zip_with(entries: &[E]) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        let mut w = zip::ZipWriter::new(f.reopen().unwrap());
        for e in entries {
            match e {
                E::File(name) => {
                    w.start_file(*name, SimpleFileOptions::default()).unwrap();
                    w.write_all(b"x").unwrap();
                }
                E::Link(name, target) => w
                    .add_symlink(*name, *target, SimpleFileOptions::default())
                    .unwrap(),
            }
        }
        w.finish().unwrap();
        f
    }

    /// `<tmp>/outside` beside `<tmp>/a/b/root`, the folder unpacked into.
    fn layout() -> (tempfile::TempDir, std::path::PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("a/b/root");
        std::fs::create_dir_all(&root).unwrap();
        (t, root)
    }

    fn written_outside(t: &tempfile::TempDir, root: &Path) -> Vec<String> {
        fn walk(d: &Path, root: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.starts_with(root) {
                    continue;
                }
                let meta = std::fs::symlink_metadata(&p).unwrap();
                if meta.is_dir() {
                    walk(&p, root, out);
                } else {
                    out.push(p.display().to_string());
                }
            }
        }
        let mut out = Vec::new();
        walk(t.path(), root, &mut out);
        out
    }

    #[test]
    fn a_chain_of_links_cannot_carry_entries_out() {
        // Each link on its own stays inside as written; followed through each other they
        // climb three levels: d/l1 → .. (the root), d/l1/l2 → .. (lexically d, really the
        // root's parent), and an entry written through them.
        let cases: Vec<Vec<E>> = vec![
            vec![
                E::Link("d/l1", ".."),
                E::Link("d/l1/l2", ".."),
                E::File("d/l1/l2/evil"),
            ],
            vec![
                E::Link("d/l1", ".."),
                E::Link("d/l1/l2", "../.."),
                E::Link("d/up", "l1/l2"),
            ],
            // A link through a link whose end lies outside, with nothing written through it.
            vec![E::Link("x/top", ".."), E::Link("y", "x/top/..")],
        ];
        for (i, entries) in cases.iter().enumerate() {
            let (t, root) = layout();
            let z = zip_with(entries);
            let err = unzip(z.path(), &root).unwrap_err();
            assert!(
                matches!(err, InstallError::BadArchive(_)),
                "case {i}: {err}"
            );
            assert_eq!(written_outside(&t, &root), Vec::<String>::new(), "case {i}");
        }
    }

    #[test]
    fn links_inside_the_folder_are_kept() {
        // macOS frameworks: Versions/Current → A, and a top-level link through it.
        let (_t, root) = layout();
        let z = zip_with(&[
            E::File("F.framework/Versions/A/lib"),
            E::Link("F.framework/Versions/Current", "A"),
            E::Link("F.framework/lib", "Versions/Current/lib"),
        ]);
        unzip(z.path(), &root).unwrap();
        assert_eq!(
            std::fs::read(root.join("F.framework/lib")).unwrap(),
            b"x".to_vec()
        );
    }

    #[test]
    fn a_dangling_link_is_refused() {
        let (_t, root) = layout();
        let z = zip_with(&[E::File("a"), E::Link("b", "missing")]);
        assert!(matches!(
            unzip(z.path(), &root),
            Err(InstallError::BadArchive(_))
        ));
    }
}
