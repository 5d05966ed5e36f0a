//! What differs between Linux, macOS and Windows, as plain functions of the OS and the folders
//! the OS reports, so every OS's answer is unit-tested on any machine. The host's own values
//! come from `KnownDirs::here()` (the `directories` crate: XDG on Linux, the Known Folder API
//! on Windows, the standard folders on macOS). Browser discovery follows the same pattern
//! (`render::discovery::Host`).

use std::path::{Path, PathBuf};

/// The three OS families Panelshot ships for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    MacOs,
    Windows,
}

impl Os {
    pub fn current() -> Os {
        if cfg!(target_os = "windows") {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// The per-user folders an OS names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownDirs {
    pub home: Option<PathBuf>,
    /// Where applications keep per-user data: `$XDG_DATA_HOME` (`~/.local/share`),
    /// `~/Library/Application Support`, `%APPDATA%` (roaming).
    pub app_data: Option<PathBuf>,
    /// The user's pictures folder, when the OS names one.
    pub pictures: Option<PathBuf>,
}

impl KnownDirs {
    pub fn here() -> KnownDirs {
        let base = directories::BaseDirs::new();
        KnownDirs {
            home: base.as_ref().map(|b| b.home_dir().to_path_buf()),
            app_data: base.as_ref().map(|b| b.data_dir().to_path_buf()),
            pictures: directories::UserDirs::new()
                .and_then(|u| u.picture_dir().map(Path::to_path_buf)),
        }
    }
}

/// Panelshot's data folder (database, downloaded browser): the same places earlier versions
/// used, so nobody's history moves.
pub fn data_dir(os: Os, dirs: &KnownDirs) -> Option<PathBuf> {
    let root = dirs.app_data.as_ref()?;
    Some(match os {
        Os::Linux => root.join("panelshot"),
        Os::MacOs => root.join("dev.panelshot.Panelshot"),
        Os::Windows => root.join("panelshot").join("Panelshot").join("data"),
    })
}

/// Where exports go until the user chooses: `Pictures/Panelshot`. Linux desktops without XDG
/// user folders still have `~/Pictures` by convention; only with no home at all does it fall
/// back to the temporary folder.
pub fn export_dir(dirs: &KnownDirs, temp: &Path) -> PathBuf {
    dirs.pictures
        .clone()
        .or_else(|| dirs.home.as_ref().map(|h| h.join("Pictures")))
        .map(|p| p.join("Panelshot"))
        .unwrap_or_else(|| temp.join("panelshot"))
}

/// The keyring Panelshot keeps tokens in on an OS, and what to do when it does not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyringBackend {
    pub name: &'static str,
    pub advice: &'static str,
}

pub fn keyring_backend(os: Os) -> KeyringBackend {
    match os {
        Os::Linux => KeyringBackend {
            name: "Secret Service",
            advice: "Install and unlock a Secret Service (gnome-keyring, KWallet or KeePassXC) in your desktop session; on a headless machine run the CLI with PANELSHOT_TOKEN",
        },
        Os::MacOs => KeyringBackend {
            name: "macOS Keychain",
            advice: "Unlock your login Keychain and allow Panelshot to use it",
        },
        Os::Windows => KeyringBackend {
            name: "Windows Credential Manager",
            advice: "Check that Windows Credential Manager is available for your account",
        },
    }
}

/// How a command-line run gets a console for its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    /// The process has the terminal's console already (a console program).
    Inherited,
    /// A Windows GUI-subsystem program (a release `panelshot.exe`, so the window opens without
    /// a console flashing up): it attaches to the console of the terminal that started it.
    AttachParent,
}

pub fn console(os: Os, gui_subsystem: bool) -> Console {
    if os == Os::Windows && gui_subsystem {
        Console::AttachParent
    } else {
        Console::Inherited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs(home: &str, app_data: &str, pictures: Option<&str>) -> KnownDirs {
        KnownDirs {
            home: Some(home.into()),
            app_data: Some(app_data.into()),
            pictures: pictures.map(PathBuf::from),
        }
    }

    #[test]
    fn data_folders_per_os_are_where_earlier_versions_kept_them() {
        let linux = dirs("/home/ann", "/home/ann/.local/share", None);
        assert_eq!(
            data_dir(Os::Linux, &linux),
            Some("/home/ann/.local/share/panelshot".into())
        );
        let mac = dirs("/Users/ann", "/Users/ann/Library/Application Support", None);
        assert_eq!(
            data_dir(Os::MacOs, &mac),
            Some("/Users/ann/Library/Application Support/dev.panelshot.Panelshot".into())
        );
        let win = dirs(r"C:\Users\ann", r"C:\Users\ann\AppData\Roaming", None);
        let d = data_dir(Os::Windows, &win).unwrap();
        let parts: Vec<_> = d.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        assert!(
            parts.ends_with(&["panelshot".into(), "Panelshot".into(), "data".into()]),
            "{parts:?}"
        );
        assert_eq!(data_dir(Os::Linux, &KnownDirs::default()), None);
    }

    #[test]
    fn this_host_agrees_with_the_directories_crate() {
        // The function reproduces what `ProjectDirs` gave before it existed.
        let expected = directories::ProjectDirs::from("dev", "panelshot", "Panelshot")
            .map(|p| p.data_dir().to_path_buf());
        assert_eq!(data_dir(Os::current(), &KnownDirs::here()), expected);
    }

    #[test]
    fn exports_go_to_pictures_then_home_pictures_then_temp() {
        let tmp = Path::new("/tmp");
        let with = dirs("/home/ann", "/x", Some("/home/ann/Bilder"));
        assert_eq!(
            export_dir(&with, tmp),
            PathBuf::from("/home/ann/Bilder/Panelshot")
        );
        let without = dirs("/home/ann", "/x", None);
        assert_eq!(
            export_dir(&without, tmp),
            PathBuf::from("/home/ann/Pictures/Panelshot")
        );
        assert_eq!(
            export_dir(&KnownDirs::default(), tmp),
            PathBuf::from("/tmp/panelshot")
        );
        let win = dirs(r"C:\Users\ann", "x", Some(r"C:\Users\ann\Pictures"));
        assert!(export_dir(&win, tmp).ends_with("Panelshot"));
    }

    #[test]
    fn keyring_back_ends_and_their_advice_per_os() {
        assert_eq!(keyring_backend(Os::Linux).name, "Secret Service");
        assert!(
            keyring_backend(Os::Linux)
                .advice
                .contains("PANELSHOT_TOKEN")
        );
        assert!(keyring_backend(Os::MacOs).advice.contains("Keychain"));
        assert!(
            keyring_backend(Os::Windows)
                .advice
                .contains("Credential Manager")
        );
    }

    #[test]
    fn only_a_windows_gui_build_attaches_to_the_parent_console() {
        assert_eq!(console(Os::Windows, true), Console::AttachParent);
        assert_eq!(console(Os::Windows, false), Console::Inherited);
        assert_eq!(console(Os::Linux, true), Console::Inherited);
        assert_eq!(console(Os::MacOs, true), Console::Inherited);
    }
}
