//! The window's commands and the CLI's subcommands call the core through `service` only: the
//! modules below it lend them value types (a `Format`, a `RenderOptions`), never behaviour.
//! Foundations every layer shares (`error`, `limits`, `logging`) are the exception.

use std::path::{Path, PathBuf};

const MAY_CALL: &[&str] = &["service", "error", "limits", "logging"];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    crate::bindings::sources_under(dir, &[".rs"])
}

/// `panelshot_core::<module>::…::<function>(` calls: a path whose last two segments are
/// lower-case (a module's free function, not a type's constructor), outside comments.
fn core_calls(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("panelshot_core::") {
            rest = &rest[at + "panelshot_core::".len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let called = rest[path.len()..].starts_with('(');
            let segments: Vec<&str> = path.split("::").collect();
            let lower = |s: &str| s.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if called
                && segments.len() >= 2
                && segments[segments.len() - 2..].iter().all(|s| lower(s))
            {
                out.push((segments[0].to_string(), path.clone()));
            }
        }
    }
    out
}

#[test]
fn the_window_and_the_cli_call_only_service() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let mut files = rust_files(&root.join("app"));
    files.extend(rust_files(&root.join("cli/src")));
    files.push(root.join("lib.rs"));
    files.push(root.join("main.rs"));
    let mut wrong = Vec::new();
    for f in files {
        let source = std::fs::read_to_string(&f).unwrap();
        for (module, path) in core_calls(&source) {
            if !MAY_CALL.contains(&module.as_str()) {
                wrong.push(format!("{} calls panelshot_core::{path}", f.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn calls_are_told_from_types_and_comments() {
    let src = "let a = panelshot_core::render::discovery::find(x);\n\
               let b = panelshot_core::secrets::Secret::new(t);\n\
               // panelshot_core::store::doctor(dir)\n\
               let c = panelshot_core::service::doctor(d);";
    assert_eq!(
        core_calls(src),
        vec![
            ("render".to_string(), "render::discovery::find".to_string()),
            ("service".to_string(), "service::doctor".to_string()),
        ]
    );
}
