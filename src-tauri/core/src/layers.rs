//! The order of the core's modules: each may use only modules on a lower layer (and itself).
//! A test reads every module's `crate::` paths and fails on an import from its own layer or
//! above, so the value types stay in the modules that own them and `service` stays the only
//! door the window and the CLI use.

/// Lowest first. Modules on one layer do not use each other.
pub const LAYERS: &[&[&str]] = &[
    // Foundations: no Panelshot concept beyond codes, numbers, times, folders and the OS.
    &[
        "error",
        "limits",
        "timespec",
        "leftovers",
        "logging",
        "platform",
    ],
    // Secrets are held by everything that talks to Grafana.
    &["secrets"],
    // Grafana's API, and one Chromium.
    &["grafana", "render"],
    // What renders become, and what uses a browser or Grafana for one purpose.
    &["export", "signin", "install"],
    // Built on the written images.
    &["data", "deck"],
    // Saved settings name formats, looks and decks.
    &["store"],
    // The use cases: the only module the window and the CLI call.
    &["service"],
];

#[cfg(test)]
mod tests {
    use super::LAYERS;
    use std::path::Path;

    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| l.contains(&module))
    }

    /// The `crate::<module>` paths in a file, without those in comments.
    fn used_modules(source: &str) -> Vec<String> {
        let mut out = Vec::new();
        for line in source.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                // `crate::{a, b::C}` names several modules at once.
                let names = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                    None => vec![rest],
                };
                for n in names {
                    let name: String = n
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    out.push(name);
                }
            }
        }
        out
    }

    fn files(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files(&p));
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn every_module_is_on_a_layer_and_imports_only_from_below() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut wrong = Vec::new();
        for path in files(&src) {
            let rel = path.strip_prefix(&src).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" || module == "layers" {
                continue;
            }
            let Some(own) = layer_of(&module) else {
                wrong.push(format!("{module} is on no layer in layers.rs"));
                continue;
            };
            let source = std::fs::read_to_string(&path).unwrap();
            for used in used_modules(&source) {
                if used == module {
                    continue;
                }
                match layer_of(&used) {
                    Some(l) if l < own => {}
                    _ => wrong.push(format!("{} uses {used}", rel.display())),
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "imports against the layers:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn the_check_sees_imports_and_skips_comments() {
        let src = "use crate::store::Connection;\n// crate::service in a comment\nlet x = crate::render::Theme::Light; // crate::deck\nuse crate::{export::Format, grafana};";
        assert_eq!(
            used_modules(src),
            vec!["store", "render", "export", "grafana"]
        );
    }
}
