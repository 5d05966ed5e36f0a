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
    let declared_commands = crate::app::command_types(&cfg);
    let commands: Vec<String> = declared_commands
        .iter()
        .map(|(name, _, result)| format!("  {name}: {result};"))
        .collect();
    out.push_str(&format!(
        "\n/** Every IPC command the app registers and what it answers (`app::ipc_commands!`). */\nexport type Commands = {{\n{}\n}};\nexport type CommandName = keyof Commands;\n",
        commands.join("\n")
    ));
    let args: Vec<String> = declared_commands
        .iter()
        .map(|(name, params, _)| {
            let fields: Vec<String> = params
                .iter()
                .map(|(p, ty)| format!("{}: {ty}", camel(p)))
                .collect();
            if fields.is_empty() {
                format!("  {name}: Record<string, never>;")
            } else {
                format!("  {name}: {{ {} }};", fields.join("; "))
            }
        })
        .collect();
    out.push_str(&format!(
        "\n/** What each IPC command takes, as `app::ipc_commands!` declares it (argument names in camelCase, as Tauri passes them). */\nexport type CommandArgs = {{\n{}\n}};\n",
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

/// Tauri passes a command's `snake_case` arguments under `camelCase` names.
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

/// Every type a command takes or answers is declared in the bindings: ts-rs writes the name of
/// a type it was not asked to declare, which `tsc` would then not know.
#[test]
fn every_command_type_is_declared() {
    let fresh = render();
    let declared: Vec<&str> = fresh
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<']).next())
        .collect();
    let cfg = Config::new().with_large_int("number");
    let builtin = ["Array", "Record", "Channel"];
    for (name, params, result) in crate::app::command_types(&cfg) {
        let types = params
            .iter()
            .map(|(_, t)| t.as_str())
            .chain([result.as_str()]);
        for ty in types {
            for word in ty.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
                if word.starts_with(|c: char| c.is_ascii_uppercase()) && !builtin.contains(&word) {
                    assert!(
                        declared.contains(&word),
                        "{name} uses {word}, which is not in the bindings"
                    );
                }
            }
        }
    }
}

/// Every source file under `dir` (recursively) whose name ends with one of `exts`.
pub(crate) fn sources_under(dir: &std::path::Path, exts: &[&str]) -> Vec<std::path::PathBuf> {
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

/// One naming on the wire: every field of every type crossing IPC is camelCase, as Tauri's
/// command arguments are (the command names themselves stay snake_case, as Tauri registers
/// them). Rows saved before kept their snake_case names, which the types still read
/// (`#[serde(alias)]`).
#[test]
fn every_field_on_the_wire_is_camel_case() {
    let fresh = render();
    let mut snake = Vec::new();
    for decl in fresh.split("\nexport type ").skip(1) {
        let name = decl.split([' ', '<']).next().unwrap_or("");
        if name == "Commands" || name == "CommandArgs" {
            continue;
        }
        // Field names are the words right before a `:` (or `?:`) outside comments.
        let code: String = decl
            .split("/**")
            .map(|part| part.split_once("*/").map_or(part, |(_, rest)| rest))
            .collect();
        let words: Vec<&str> = code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '?'))
            .collect();
        for w in words {
            if let Some(field) = w.strip_suffix(':').map(|f| f.trim_end_matches('?'))
                && field.contains('_')
                && field.starts_with(|c: char| c.is_ascii_lowercase())
            {
                snake.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(snake.is_empty(), "snake_case on the wire: {snake:?}");
}
