//! What every module's error shares: a stable code for scripts and the UI.

use serde::{Deserialize, Serialize};

/// Every code Panelshot reports, from the core and from the window's own commands. The window's
/// TypeScript gets it as the `ErrorCode` union (so its per-code advice is checked by the
/// compiler); a test checks it against the codes the sources actually return.
pub const ERROR_CODES: &[&str] = &[
    "chromium.launch_failed",
    "chromium.not_found",
    "clipboard.failed",
    "desktop.open_failed",
    "export.encode",
    "export.exists",
    "export.invalid_format",
    "export.invalid_output",
    "export.invalid_template",
    "export.io",
    "export.missing_file",
    "grafana.bad_response",
    "grafana.config",
    "grafana.forbidden",
    "grafana.invalid_url",
    "grafana.not_found",
    "grafana.not_grafana",
    "grafana.other_api",
    "grafana.server_error",
    "grafana.timeout",
    "grafana.tls",
    "grafana.unauthorized",
    "grafana.unreachable",
    "grafana.unsupported",
    "input.invalid",
    "keyring.failed",
    "keyring.missing_secret",
    "keyring.unavailable",
    "render.browser_crashed",
    "render.cancelled",
    "render.cdp",
    "render.failed",
    "render.invalid_option",
    "render.invalid_size",
    "render.no_query",
    "render.page_status",
    "render.panel_error",
    "render.timeout",
    "store.corrupt",
    "store.data_dir",
    "store.disk_full",
    "store.duplicate",
    "store.failed",
    "store.io",
    "store.locked",
    "store.not_found",
    "store.permission",
    "store.read_only",
    "store.read_only_disk",
    "store.too_new",
];

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
    fn the_list_of_codes_is_the_codes_in_the_sources() {
        let listed: std::collections::BTreeSet<String> =
            super::ERROR_CODES.iter().map(|c| c.to_string()).collect();
        assert_eq!(listed, codes_in_sources());
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
