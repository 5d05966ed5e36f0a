//! The TypeScript types of everything that crosses IPC, generated from the Rust types so the
//! two never drift: this test fails when `ui/src/lib/bindings.ts` is stale.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test --lib bindings`.

use ts_rs::{Config, TS};

use crate::app::commands::AppInfo;
use crate::app::commands::browse::SearchInput;
use crate::app::commands::connections::{AuthChoice, ConnectionInput};
use crate::app::commands::export::{BatchProgress, DeckInput, ExportInput};
use crate::app::commands::history::HistoryInput;
use crate::app::commands::preview::{Copied, CopiedData, Preview};
use crate::app::commands::settings::{InstallProgress, InstallStep};
use crate::app::commands::thumbnails::{PanelPicture, PanelPictures};
use panelshot_core::deck::{DeckFormat, DeckLayout, SlideSize};
use panelshot_core::error::ErrorBody;
use panelshot_core::export::Format;
use panelshot_core::grafana::{
    ConnectionTest, DashboardDetail, DataNeed, FolderNode, GridPos, GroupStep, LibraryRef,
    PanelInfo, RepeatInfo, SearchHit, SearchPage, VarOption, Variable,
};
use panelshot_core::render::{RenderOptions, Theme};
use panelshot_core::service::{
    AppSettings, BrowserOrigin, BrowserStatus, DeckPanel, DeckResult, ExportItem, ExportTarget,
    JobRun, Look, LookPatch, SettingsUpdate,
};
use panelshot_core::store::{
    AuthKind, Connection, FileFormat, HistoryEntry, HistoryTarget, Job, JobDeck, JobItem, Preset,
    Status,
};

fn render() -> String {
    // JSON numbers, not bigint: ids and byte counts stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        ErrorBody::decl(&cfg),
        AppInfo::decl(&cfg),
        AuthKind::decl(&cfg),
        Connection::decl(&cfg),
        AuthChoice::decl(&cfg),
        ConnectionInput::decl(&cfg),
        ConnectionTest::decl(&cfg),
        SearchInput::decl(&cfg),
        SearchHit::decl(&cfg),
        SearchPage::decl(&cfg),
        FolderNode::decl(&cfg),
        GridPos::decl(&cfg),
        LibraryRef::decl(&cfg),
        RepeatInfo::decl(&cfg),
        GroupStep::decl(&cfg),
        DataNeed::decl(&cfg),
        PanelInfo::decl(&cfg),
        VarOption::decl(&cfg),
        Variable::decl(&cfg),
        DashboardDetail::decl(&cfg),
        Theme::decl(&cfg),
        RenderOptions::decl(&cfg),
        Format::decl(&cfg),
        Preview::decl(&cfg),
        Copied::decl(&cfg),
        CopiedData::decl(&cfg),
        panelshot_core::data::DataKind::decl(&cfg),
        PanelPicture::decl(&cfg),
        PanelPictures::decl(&cfg),
        ExportInput::decl(&cfg),
        ExportTarget::decl(&cfg),
        ExportItem::decl(&cfg),
        BatchProgress::decl(&cfg),
        Status::decl(&cfg),
        HistoryTarget::decl(&cfg),
        FileFormat::decl(&cfg),
        HistoryInput::decl(&cfg),
        HistoryEntry::decl(&cfg),
        Preset::decl(&cfg),
        Look::decl(&cfg),
        LookPatch::decl(&cfg),
        JobItem::decl(&cfg),
        SlideSize::decl(&cfg),
        DeckFormat::decl(&cfg),
        DeckLayout::decl(&cfg),
        JobDeck::decl(&cfg),
        Job::decl(&cfg),
        DeckPanel::decl(&cfg),
        DeckResult::decl(&cfg),
        DeckInput::decl(&cfg),
        JobRun::decl(&cfg),
        AppSettings::decl(&cfg),
        SettingsUpdate::decl(&cfg),
        BrowserOrigin::decl(&cfg),
        BrowserStatus::decl(&cfg),
        InstallStep::decl(&cfg),
        InstallProgress::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `src-tauri/bindings.rs`; do not edit.\n\
         // Regenerate with `UPDATE_BINDINGS=1 cargo test --lib bindings`.\n\n\
         import type { Channel } from '@tauri-apps/api/core';\n\n\
         export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    let codes: Vec<String> = panelshot_core::error::ErrorCode::ALL
        .iter()
        .map(|c| format!("'{}'", c.as_str()))
        .collect();
    out.push_str(&format!(
        "\n/** Every error code Panelshot reports. */\nexport type ErrorCode = {};\n",
        codes.join(" | ")
    ));
    let named: Vec<String> = panelshot_core::error::ErrorCode::ALL
        .iter()
        .map(|c| format!("  {c:?}: '{}',", c.as_str()))
        .collect();
    out.push_str(&format!(
        "\n/** Each code by its Rust name: the window compares with these (`e.code === Code.RenderTimeout`), never with a written code. */\nexport const Code = {{\n{}\n}} as const satisfies Record<string, ErrorCode>;\n",
        named.join("\n")
    ));
    use panelshot_core::render::options::{
        DECK_ZOOM, MAX_PIXELS, MAX_SCALE, MAX_SIDE, MAX_ZOOM, MIN_SIDE, MIN_ZOOM,
    };
    let commands: Vec<String> = crate::app::command_results(&cfg)
        .into_iter()
        .map(|(name, result)| format!("  {name}: {result};"))
        .collect();
    out.push_str(&format!(
        "\n/** Every IPC command the app registers and what it answers (`app::ipc_commands!`). */\nexport type Commands = {{\n{}\n}};\nexport type CommandName = keyof Commands;\n",
        commands.join("\n")
    ));
    let declared: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<']).next())
        .map(str::to_string)
        .collect();
    let args: Vec<String> = command_args()
        .into_iter()
        .map(|(name, params)| {
            let fields: Vec<String> = params
                .iter()
                .map(|(p, ty)| format!("{}: {}", camel(p), ts_type(ty, &declared)))
                .collect();
            if fields.is_empty() {
                format!("  {name}: Record<string, never>;")
            } else {
                format!("  {name}: {{ {} }};", fields.join("; "))
            }
        })
        .collect();
    out.push_str(&format!(
        "\n/** What each IPC command takes, read from its Rust signature (argument names in camelCase, as Tauri passes them). */\nexport type CommandArgs = {{\n{}\n}};\n",
        args.join("\n")
    ));
    use panelshot_core::limits as l;
    use panelshot_core::service::{DEFAULT_HEIGHT, DEFAULT_WIDTH};
    out.push_str(&format!(
        "\n/** The core's limits on an export (`render::options`) and its default size (`service::look`). */\nexport const LIMITS = {{ minSide: {MIN_SIDE}, maxSide: {MAX_SIDE}, maxScale: {MAX_SCALE}, maxPixels: {MAX_PIXELS}, minZoom: {MIN_ZOOM}, maxZoom: {MAX_ZOOM}, deckZoom: {DECK_ZOOM}, defaultWidth: {DEFAULT_WIDTH}, defaultHeight: {DEFAULT_HEIGHT} }} as const;\n"
    ));
    out.push_str(&format!(
        "\n/** The defaults and limits of the numbers a person sets (`core::limits`): the same table the CLI's flags and the core's checks use. */\nexport const SETTING_LIMITS = {{ timeoutSecs: {{ min: {}, max: {}, default: {} }}, concurrency: {{ min: {}, max: {}, default: {} }}, firstQueryWaitSecs: {{ min: {}, max: {} }}, quality: {{ min: {}, max: {} }} }} as const;\n",
        l::TIMEOUT_SECS.start(),
        l::TIMEOUT_SECS.end(),
        l::DEFAULT_TIMEOUT_SECS,
        l::CONCURRENCY.start(),
        l::CONCURRENCY.end(),
        l::DEFAULT_CONCURRENCY,
        l::FIRST_QUERY_WAIT_SECS.start(),
        l::FIRST_QUERY_WAIT_SECS.end(),
        l::QUALITY.start(),
        l::QUALITY.end(),
    ));
    out
}

#[test]
fn typescript_bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let fresh = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --lib bindings` and commit it"
    );
}

/// A type as written, without module paths or spaces: `Vec<panelshot_core::store::Job>` → `Vec<Job>`.
fn bare(ty: &str) -> String {
    let compact: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::new();
    let mut word = String::new();
    for c in compact.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(""));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out
}

#[test]
fn every_command_answers_what_its_declaration_says() {
    let sources = command_sources();
    for (name, declared) in crate::app::COMMAND_DECLARED {
        let at = sources
            .find(&format!("fn {name}("))
            .or_else(|| sources.find(&format!("fn {name}<")))
            .unwrap_or_else(|| panic!("no command fn {name}"));
        let sig = &sources[at..];
        let ret = &sig[sig.find("->").expect("returns") + 2..sig.find('{').expect("body")];
        let ret = bare(ret);
        let ret = ret
            .strip_prefix("Res<")
            .and_then(|r| r.strip_suffix('>'))
            .unwrap_or(&ret);
        assert_eq!(
            ret,
            bare(declared),
            "{name}: declared {declared}, returns {ret}"
        );
    }
}

/// The source of every command, to read signatures from.
fn command_sources() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/app/commands");
    let mut sources = String::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        sources.push_str(&std::fs::read_to_string(f).unwrap());
    }
    sources
}

/// Each command's arguments as its signature declares them, without what Tauri injects
/// (state, app handle): `(name, [(argument, Rust type)])`.
fn command_args() -> Vec<(&'static str, Vec<(String, String)>)> {
    let sources = command_sources();
    crate::app::COMMAND_NAMES
        .iter()
        .map(|name| {
            let at = sources
                .find(&format!("fn {name}("))
                .or_else(|| sources.find(&format!("fn {name}<")))
                .unwrap_or_else(|| panic!("no command fn {name}"));
            let sig = &sources[at..];
            let open = sig.find('(').expect("params");
            let mut depth = 0;
            let mut close = open;
            for (i, c) in sig[open..].char_indices() {
                match c {
                    '(' | '<' => depth += 1,
                    ')' | '>' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let params = split_top(&sig[open + 1..close]);
            let args = params
                .into_iter()
                .filter_map(|p| {
                    let (n, ty) = p.split_once(':')?;
                    let ty = bare(ty);
                    let injected = ty.starts_with("State<") || ty.starts_with("AppHandle<");
                    (!injected).then(|| (n.trim().to_string(), ty))
                })
                .collect();
            (*name, args)
        })
        .collect()
}

/// Splits on commas outside `<>` and `()`.
fn split_top(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0i32);
    for c in s.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A bare Rust type (see `bare`) as TypeScript; named types must be in the bindings.
fn ts_type(ty: &str, declared: &[String]) -> String {
    let inner = |prefix: &str| ty.strip_prefix(prefix).and_then(|r| r.strip_suffix('>'));
    if let Some(t) = inner("Vec<") {
        return format!("Array<{}>", ts_type(t, declared));
    }
    if let Some(t) = inner("Option<") {
        return format!("{} | null", ts_type(t, declared));
    }
    if let Some(t) = inner("Channel<") {
        return format!("Channel<{}>", ts_type(t, declared));
    }
    match ty {
        "String" | "str" | "PathBuf" => "string".into(),
        "u8" | "u16" | "u32" | "u64" | "i32" | "i64" | "usize" | "f64" => "number".into(),
        "bool" => "boolean".into(),
        named => {
            assert!(
                declared.iter().any(|d| d == named),
                "command argument type {named} is not in the bindings"
            );
            named.to_string()
        }
    }
}

/// Every source file under `dir` (recursively) whose name ends with one of `exts`.
fn sources_under(dir: &std::path::Path, exts: &[&str]) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "node_modules") {
                out.extend(sources_under(&p, exts));
            }
        } else if exts.iter().any(|x| p.to_string_lossy().ends_with(x)) {
            out.push(p);
        }
    }
    out
}

/// Codes are compared through the one table (Rust's `ErrorCode`, the window's generated
/// `Code`), never as written text: a renamed code then fails the build instead of a branch
/// silently never matching. Tests may write codes out; so may the table itself.
#[test]
fn no_code_is_written_out_outside_the_table() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = sources_under(&root.join("ui/src"), &[".ts", ".svelte"]);
    files.retain(|f| {
        let name = f.to_string_lossy();
        !name.ends_with("bindings.ts") && !name.ends_with(".test.ts")
    });
    let rust = sources_under(&root.join("src-tauri"), &[".rs"]);
    let mut found = Vec::new();
    for f in files.iter().chain(&rust) {
        if f.ends_with("core/src/error.rs") || f.ends_with("bindings.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        // Rust files: only the code before their unit tests.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for c in panelshot_core::error::ErrorCode::ALL {
            for quoted in [format!("'{}'", c.as_str()), format!("\"{}\"", c.as_str())] {
                if text.contains(&quoted) {
                    found.push(format!("{} writes {quoted}", f.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
