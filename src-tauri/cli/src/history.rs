use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::CmdResult;
use super::export::{finish, progress_bar, report};
use super::output::{json, table};
use panelshot_core::service::Core;
use panelshot_core::store::{HistoryFilter, Status};

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    action: Option<HistoryCmd>,
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long, default_value_t = 1)]
    page: u32,
    #[arg(long, value_enum)]
    status: Option<StatusArg>,
    /// Text in the dashboard or panel title.
    #[arg(long)]
    query: Option<String>,
    #[arg(long)]
    connection: Option<String>,
    #[arg(long, value_name = "UID")]
    dashboard: Option<String>,
    /// Only entries on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StatusArg {
    Ok,
    Failed,
}

#[derive(Debug, Subcommand)]
enum HistoryCmd {
    /// Export an entry again with the same options and fresh data (a new entry).
    Reexport {
        id: i64,
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Delete entries; the exported files stay unless --with-files.
    Delete {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        with_files: bool,
    },
}

pub async fn run(core: &Core, a: HistoryArgs) -> CmdResult {
    match a.action {
        Some(HistoryCmd::Reexport {
            id,
            output,
            json: json_mode,
        }) => {
            let bar = progress_bar(1, json_mode);
            let item = core
                .reexport(id, output, &|p| report(&bar, json_mode, p))
                .await;
            core.shutdown().await;
            finish(vec![item?], json_mode)
        }
        Some(HistoryCmd::Delete { ids, with_files }) => {
            let n = core.delete_history(&ids, with_files)?;
            out!(
                "Deleted {n} history entr{}",
                if n == 1 { "y" } else { "ies" }
            );
            Ok(())
        }
        None => {
            let filter = HistoryFilter {
                connection: a.connection,
                dashboard_uid: a.dashboard,
                text: a.query,
                status: a.status.map(|s| match s {
                    StatusArg::Ok => Status::Ok,
                    StatusArg::Failed => Status::Failed,
                }),
                since: a.since,
                until: a.until,
                before_id: None,
                limit: a.limit,
                page: a.page,
            };
            let rows = core.history(&filter)?;
            if a.json {
                return json(&rows);
            }
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        e.created_at
                            .get(..19)
                            .unwrap_or(&e.created_at)
                            .replace('T', " "),
                        e.status.as_str().to_string(),
                        format!("{} / {}", e.dashboard_title, e.panel_title),
                        format!("{}×{} {}", e.width_px, e.height_px, e.format),
                        match (&e.output_path, &e.error_code) {
                            (_, Some(code)) => format!("error[{code}]"),
                            (Some(p), None) => p.clone(),
                            _ => String::new(),
                        },
                    ]
                })
                .collect();
            table(
                &[
                    "ID",
                    "WHEN (UTC)",
                    "STATUS",
                    "DASHBOARD / PANEL",
                    "SIZE",
                    "FILE",
                ],
                &lines,
            );
            Ok(())
        }
    }
}
