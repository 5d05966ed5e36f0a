//! What every module's error shares: a stable code for scripts and the UI.

use serde::{Deserialize, Serialize};

/// Implemented by each module's error enum; the code is stable (`grafana.unauthorized`).
pub trait Coded: std::error::Error {
    fn code(&self) -> &str;
}

/// How an error crosses IPC and `--json` output.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl<E: Coded> From<&E> for ErrorBody {
    fn from(e: &E) -> Self {
        ErrorBody {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    /// Every code a module can return, read from the sources (`=> "module.name"` arms and
    /// `code: "module.name"` literals).
    fn codes_in_sources() -> std::collections::BTreeSet<String> {
        const MODULES: &[&str] = &[
            "grafana",
            "keyring",
            "chromium",
            "render",
            "export",
            "store",
            "input",
            "clipboard",
            "desktop",
        ];
        let mut codes = std::collections::BTreeSet::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for lead in ["=> \"", "code: \""] {
                    for piece in text.split(lead).skip(1) {
                        let Some(lit) = piece.split('"').next() else {
                            continue;
                        };
                        let Some((module, name)) = lit.split_once('.') else {
                            continue;
                        };
                        if MODULES.contains(&module)
                            && !name.is_empty()
                            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        {
                            codes.insert(lit.to_string());
                        }
                    }
                }
            }
        }
        codes
    }

    #[test]
    fn the_readme_lists_every_error_code() {
        let codes = codes_in_sources();
        assert!(codes.len() > 40, "the scan found the codes: {codes:?}");
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .unwrap();
        let missing: Vec<&String> = codes
            .iter()
            .filter(|c| !readme.contains(&format!("`{c}`")))
            .collect();
        assert!(missing.is_empty(), "README.md does not list {missing:?}");
    }
}
