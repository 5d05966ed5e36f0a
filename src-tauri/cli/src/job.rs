use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::CmdResult;
use super::export::{finish, finish_deck, progress_bar, report};
use super::output::{json, table};
use panelshot_core::deck::DeckFormat;
use panelshot_core::export::DEFAULT_TEMPLATE;
use panelshot_core::service::{Core, JobRun, parse_job_item};
use panelshot_core::store::{Job, JobDeck};

#[derive(Debug, Subcommand)]
pub enum JobCmd {
    /// Save (or replace) a job.
    Save(SaveArgs),
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Export every panel of the job (in parallel); the exit status says whether all succeeded.
    Run {
        name: String,
        /// Another folder for this run.
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Panels rendered at once, 1–16 (default: the setting, 4).
        #[arg(long, value_parser = clap::value_parser!(u16).range(panelshot_core::limits::clap_range(&panelshot_core::limits::CONCURRENCY)))]
        concurrency: Option<u16>,
    },
    Delete {
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    name: String,
    #[arg(long)]
    connection: String,
    /// `DASHBOARD_UID:PANEL[;from=T][;to=T][;var-NAME=VALUE]`, in order; repeat for each panel.
    #[arg(long = "panel", value_name = "UID:ID", required = true)]
    panels: Vec<String>,
    #[arg(long)]
    preset: Option<String>,
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    #[arg(long = "name", default_value = DEFAULT_TEMPLATE)]
    template: String,
    /// Write one deck per run instead of images: `pptx` or `pdf` (the file is
    /// `<job name>-<date>.<ext>` in the output folder).
    #[arg(long, value_name = "pptx|pdf", value_parser = clap::builder::PossibleValuesParser::new(["pptx", "pdf"]))]
    deck: Option<String>,
    #[command(flatten)]
    deck_layout: super::export::DeckLayoutArgs,
}

pub async fn run(core: &mut Core, cmd: JobCmd) -> CmdResult {
    match cmd {
        JobCmd::Save(a) => save(core, a),
        JobCmd::List { json: as_json } => list(core, as_json),
        JobCmd::Show {
            name,
            json: as_json,
        } => show(core, &name, as_json),
        JobCmd::Run {
            name,
            output,
            json: json_mode,
            concurrency,
        } => run_one(core, &name, output, json_mode, concurrency).await,
        JobCmd::Delete { name } => {
            core.delete_job(&name)?;
            out!("Deleted job {name:?}");
            Ok(())
        }
    }
}

fn save(core: &Core, a: SaveArgs) -> CmdResult {
    let items = a
        .panels
        .iter()
        .map(|p| parse_job_item(p))
        .collect::<Result<Vec<_>, _>>()?;
    let output = std::path::absolute(&a.output).unwrap_or(a.output);
    let job = Job {
        name: a.name,
        connection: a.connection,
        preset: a.preset,
        output_dir: output.display().to_string(),
        template: a.template,
        items,
        deck: match a.deck.as_deref() {
            None => None,
            Some(ext) => Some(JobDeck {
                format: if ext == "pdf" {
                    DeckFormat::Pdf
                } else {
                    DeckFormat::Pptx
                },
                layout: a.deck_layout.layout(),
            }),
        },
        look: None,
    };
    core.save_job(&job)?;
    let what = match &job.deck {
        Some(d) => format!("a .{} deck", d.format.extension()),
        None => "images".into(),
    };
    out!(
        "Saved job {:?}: {} panel(s) → {} in {}",
        job.name,
        job.items.len(),
        what,
        job.output_dir
    );
    Ok(())
}

fn list(core: &Core, as_json: bool) -> CmdResult {
    let jobs = core.jobs()?;
    if as_json {
        return json(&jobs);
    }
    let rows: Vec<Vec<String>> = jobs
        .into_iter()
        .map(|j| {
            let look = job_look_name(&j).to_string();
            vec![
                j.name,
                j.connection,
                j.items.len().to_string(),
                look,
                j.output_dir,
            ]
        })
        .collect();
    table(&["NAME", "CONNECTION", "PANELS", "PRESET", "FOLDER"], &rows);
    Ok(())
}

fn show(core: &Core, name: &str, as_json: bool) -> CmdResult {
    let job = core.job(name)?;
    if as_json {
        return json(&job);
    }
    out!(
        "{} · connection {} · preset {} · → {} ({})",
        job.name,
        job.connection,
        job_look_name(&job),
        job.output_dir,
        job.template
    );
    let rows: Vec<Vec<String>> = job
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            vec![
                (i + 1).to_string(),
                it.dashboard_uid.clone(),
                it.panel.clone(),
                it.vars
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                match (&it.time_from, &it.time_to) {
                    (None, None) => String::new(),
                    (f, t) => format!(
                        "{} → {}",
                        f.as_deref().unwrap_or("preset"),
                        t.as_deref().unwrap_or("preset")
                    ),
                },
            ]
        })
        .collect();
    table(&["#", "DASHBOARD", "PANEL", "VARIABLES", "TIME"], &rows);
    Ok(())
}

/// Runs a saved job with a progress bar (or JSON lines), then says what it made.
async fn run_one(
    core: &mut Core,
    name: &str,
    output: Option<PathBuf>,
    json_mode: bool,
    concurrency: Option<u16>,
) -> CmdResult {
    let mut config = core.renderer_config().clone();
    if let Some(n) = concurrency {
        config.concurrency = usize::from(n);
    }
    core.set_renderer(config);
    let total = core.job(name)?.items.len();
    let bar = progress_bar(total, json_mode);
    let result = core
        .run_job_any(
            name,
            output,
            &|p| report(&bar, json_mode, p),
            &|done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            },
        )
        .await;
    bar.finish_and_clear();
    core.shutdown().await;
    match result? {
        JobRun::Images { items } => finish(items, json_mode),
        JobRun::Deck { deck } => finish_deck(deck, json_mode),
    }
}

/// What gives a job its look: the look kept inside it (saved from the window), its preset, or
/// the default one.
fn job_look_name(job: &Job) -> &str {
    match (&job.look, &job.preset) {
        (Some(_), _) => "(its own look)",
        (None, Some(p)) => p,
        (None, None) => "(default)",
    }
}
