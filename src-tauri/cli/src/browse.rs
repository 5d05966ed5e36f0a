use clap::Args;

use super::CmdResult;
use super::output::{json, table};
use panelshot_core::grafana::{DataNeed, FolderNode, SearchQuery};
use panelshot_core::service::Core;

#[derive(Debug, Args)]
pub struct DashboardsArgs {
    /// Connection name.
    conn: String,
    /// Text in the title.
    #[arg(long)]
    query: Option<String>,
    /// Only dashboards with this tag (repeat for several; all must match).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Only dashboards in this folder (uid; `general` is the root).
    #[arg(long = "folder")]
    folders: Vec<String>,
    #[arg(long)]
    starred: bool,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// Print the folder tree instead of dashboards.
    #[arg(long = "folders", conflicts_with_all = ["query", "tags", "folders", "starred"])]
    folder_tree: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct PanelsArgs {
    conn: String,
    dash_uid: String,
    #[arg(long)]
    json: bool,
}

fn print_tree(nodes: &[FolderNode], depth: usize) {
    for n in nodes {
        out!("{}{}  ({})", "  ".repeat(depth), n.title, n.uid);
        print_tree(&n.children, depth + 1);
    }
}

pub async fn dashboards(core: &Core, a: DashboardsArgs) -> CmdResult {
    if a.folder_tree {
        let tree = core.folders(&a.conn).await?;
        return if a.json {
            json(&tree)
        } else {
            print_tree(&tree, 0);
            Ok(())
        };
    }
    let q = SearchQuery {
        query: a.query,
        tags: a.tags,
        folder_uids: a.folders,
        starred: a.starred,
        limit: a.limit,
        page: a.page,
    };
    let page = core.search(&a.conn, &q).await?;
    if a.json {
        return json(&page);
    }
    let rows: Vec<Vec<String>> = page
        .hits
        .iter()
        .map(|h| {
            vec![
                h.uid.clone(),
                format!("{}{}", if h.is_starred { "★ " } else { "" }, h.title),
                h.folder_title.clone().unwrap_or_else(|| "General".into()),
                h.tags.join(","),
            ]
        })
        .collect();
    table(&["UID", "TITLE", "FOLDER", "TAGS"], &rows);
    if page.has_more {
        eprintln!("(more on --page {})", page.page + 1);
    }
    Ok(())
}

pub async fn panels(core: &Core, a: PanelsArgs) -> CmdResult {
    let d = core.dashboard(&a.conn, &a.dash_uid).await?;
    if a.json {
        return json(&d);
    }
    out!(
        "{} ({}) · folder {} · {} → {} · time zone {}",
        d.title,
        d.uid,
        d.folder_title.as_deref().unwrap_or("General"),
        d.time_from,
        d.time_to,
        d.timezone
    );
    let rows: Vec<Vec<String>> = d
        .panels
        .iter()
        .map(|p| {
            let mut notes = Vec::new();
            if p.in_collapsed_row {
                notes.push("collapsed row".to_string());
            }
            if let Some(l) = &p.library_panel {
                notes.push(format!("library panel {}", l.uid));
            }
            if let Some(saved) = p.renumbered_from {
                notes.push(format!(
                    "saved with id {saved}, which another panel has: Grafana shows it as {}",
                    p.id
                ));
            }
            if let Some(r) = &p.repeat {
                notes.push(if p.repeat_values.is_empty() {
                    format!("repeated by ${}", r.variable)
                } else {
                    format!(
                        "repeated by ${}: {}",
                        r.variable,
                        p.repeat_values.join(", ")
                    )
                });
            }
            match p.data {
                DataNeed::None => notes.push("no query".into()),
                DataNeed::FromPanel(src) => notes.push(format!("data of panel {src}")),
                DataNeed::Query | DataNeed::Unknown => {}
            }
            let place: Vec<String> = p
                .path
                .iter()
                .map(|s| {
                    let title = if s.title.is_empty() {
                        "(untitled)"
                    } else {
                        &s.title
                    };
                    format!("{} {title}", s.kind)
                })
                .collect();
            vec![
                p.id.to_string(),
                p.title.clone(),
                p.kind.clone(),
                place.join(" › "),
                format!("{}×{}", p.natural_width, p.natural_height),
                notes.join("; "),
            ]
        })
        .collect();
    table(
        &["ID", "TITLE", "TYPE", "TAB / ROW", "SIZE", "NOTES"],
        &rows,
    );
    if !d.variables.is_empty() {
        out!();
        let vars: Vec<Vec<String>> = d
            .variables
            .iter()
            .map(|v| {
                vec![
                    v.name.clone(),
                    v.kind.clone(),
                    v.current.join(","),
                    v.options
                        .iter()
                        .map(|o| o.value.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ]
            })
            .collect();
        table(&["VARIABLE", "TYPE", "CURRENT", "OPTIONS"], &vars);
    }
    Ok(())
}
