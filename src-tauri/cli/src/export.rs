use std::path::PathBuf;

use clap::Args;

use super::look::LookArgs;
use super::output::json;
use super::{CmdResult, Failure};
use panelshot_core::data::DataKind;
use panelshot_core::deck::{DeckLayout, SlideSize};
use panelshot_core::error::ErrorBody;
use panelshot_core::export::{DEFAULT_TEMPLATE, Format};
use panelshot_core::render::RenderOptions;
use panelshot_core::service::{
    Core, DeckPanel, DeckRequest, DeckResult, ExportItem, ExportRequest, ExportTarget, ServiceError,
};

#[derive(Debug, Args)]
pub struct ExportArgs {
    conn: String,
    dash_uid: String,
    /// Panel id or key (`3`, `panel-3`, `panel-3-clone-1`); repeat for several.
    #[arg(long = "panel", value_name = "ID")]
    panels: Vec<String>,
    /// Every panel of the dashboard.
    #[arg(long, conflicts_with = "panels")]
    all_panels: bool,
    /// The whole dashboard as one image, full height.
    #[arg(long)]
    dashboard_image: bool,
    /// Start from a saved or built-in preset; other flags override its fields.
    #[arg(long)]
    preset: Option<String>,
    #[command(flatten)]
    look: LookArgs,
    /// Template variable, `name=value`; repeat a name for several values.
    #[arg(long = "var", value_name = "K=V")]
    vars: Vec<String>,
    /// Seconds to wait for Grafana to finish drawing, 1–600 (default: the setting, 30).
    #[arg(long, value_parser = clap::value_parser!(u64).range(panelshot_core::limits::clap_range_u64(&panelshot_core::limits::TIMEOUT_SECS)))]
    timeout: Option<u64>,
    /// One image per value of this template variable: its current selection (`All`
    /// expanded), or the values given with --var NAME=….
    #[arg(long, value_name = "VAR")]
    each: Option<String>,
    /// Also save the data each panel drew, beside its image: `csv` (one file per data frame,
    /// times in the export's zone; table panels also .xlsx). From the render's own answers.
    #[arg(long, value_enum, value_name = "KIND")]
    data: Option<DataArg>,
    /// Take the image even if the panel is not finished or shows an error.
    #[arg(long)]
    capture_anyway: bool,
    /// A file (one panel) or a folder.
    #[arg(short = 'o', long = "output", value_name = "FILE_OR_DIR")]
    output: Option<PathBuf>,
    /// Replace existing files instead of adding -1, -2 suffixes.
    #[arg(long)]
    overwrite: bool,
    /// File-name template: {dashboard} {panel} {id} {date} {time} {width} {height} {ext}.
    #[arg(long = "name", default_value = DEFAULT_TEMPLATE)]
    template: String,
    /// One slide deck instead of images: FILE.pptx (PowerPoint, Keynote, Google Slides,
    /// LibreOffice) or FILE.pdf.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output", "dashboard_image", "each"])]
    deck: Option<PathBuf>,
    #[command(flatten)]
    deck_layout: DeckLayoutArgs,
    /// Panels rendered at once, 1–16 (default: the setting, 4).
    #[arg(long, value_parser = clap::value_parser!(u16).range(panelshot_core::limits::clap_range(&panelshot_core::limits::CONCURRENCY)))]
    concurrency: Option<u16>,
    #[arg(long)]
    json: bool,
}

fn parse_vars(vars: &[String]) -> Result<Vec<(String, String)>, Failure> {
    vars.iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| {
                    Failure(ServiceError::Invalid(format!(
                        "--var {kv:?} must be name=value"
                    )))
                })
        })
        .collect()
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DataArg {
    Csv,
}

pub fn line(item: &ExportItem) -> String {
    match (&item.path, &item.error) {
        (Some(path), None) => {
            let mut out = format!(
                "✓ {} → {} ({}×{}, {:.0} KB, {:.1} s)",
                item.title,
                path.display(),
                item.width_px,
                item.height_px,
                item.bytes as f64 / 1024.0,
                item.duration_ms / 1000.0
            );
            for f in &item.data_files {
                out.push_str(&format!("\n  data → {}", f.display()));
            }
            if let Some(note) = &item.data_note {
                out.push_str(&format!("\n  ({note})"));
            }
            out
        }
        (_, Some(e)) => format!("✗ {}: error[{}]: {}", item.title, e.code, e.message),
        _ => format!("? {}", item.title),
    }
}

/// The core's resolver: defaults → settings → the preset (named, else the user's default one)
/// → the flags.
fn resolve_options(
    core: &Core,
    a: &ExportArgs,
) -> Result<(RenderOptions, Format, Option<u8>, bool), Failure> {
    let mut patch = a.look.patch();
    // A file named `x.jpg` says which format is wanted, whatever the preset's; `--format`
    // still decides (and a clash with the name is refused when the export starts).
    if patch.format.is_none() {
        patch.format = a.output.as_deref().and_then(Format::from_path);
    }
    patch.timeout_secs = a.timeout;
    patch.capture_anyway = Some(a.capture_anyway);
    let look = core.resolve_look(a.preset.as_deref(), &patch)?;
    let mut o = look.options;
    o.vars = parse_vars(&a.vars)?;
    // A whole dashboard has no size of its own on the dashboard.
    let natural = look.natural_size && !a.dashboard_image;
    Ok((o, look.format, look.quality, natural))
}

pub async fn run(core: &mut Core, a: ExportArgs) -> CmdResult {
    let (options, format, quality, natural) = resolve_options(core, &a)?;
    // Each run says so: the render browser then trusts the key this run found on the server.
    if let Some(conn) = core.connections()?.iter().find(|c| c.name == a.conn) {
        super::connection::warn_insecure(conn);
    }
    let mut targets: Vec<ExportTarget> =
        a.panels.iter().cloned().map(ExportTarget::Panel).collect();
    if a.panels.iter().any(|p| p.parse::<i64>().is_ok()) {
        warn_ambiguous(
            &*core.dashboard_for_export(&a.conn, &a.dash_uid).await?,
            &a.panels,
        );
    }
    if a.all_panels {
        let d = core.dashboard_for_export(&a.conn, &a.dash_uid).await?;
        targets.extend(
            d.panels
                .iter()
                .map(|p| ExportTarget::Panel(p.id.to_string())),
        );
    }
    if a.dashboard_image {
        targets.push(ExportTarget::Dashboard);
    }
    let mut config = core.renderer_config().clone();
    if let Some(n) = a.concurrency {
        config.concurrency = usize::from(n);
    }
    core.set_renderer(config);
    if let Some(deck) = a.deck.clone() {
        let panels = targets
            .iter()
            .filter_map(|t| match t {
                ExportTarget::Panel(p) => Some(p.clone()),
                ExportTarget::Dashboard => None,
            })
            .map(|panel| DeckPanel {
                dashboard_uid: a.dash_uid.clone(),
                panel,
                title: None,
                from: None,
                to: None,
                vars: vec![],
            })
            .collect();
        let layout = a.deck_layout.layout();
        let req = DeckRequest {
            connection: a.conn,
            panels,
            options,
            layout,
            output: deck,
            overwrite: a.overwrite,
        };
        return run_deck(core, &req, a.json).await;
    }
    let req = ExportRequest {
        connection: a.conn,
        dashboard_uid: a.dash_uid,
        targets,
        options,
        natural_size: natural,
        format,
        quality,
        output: a.output,
        overwrite: a.overwrite,
        template: a.template,
        each: a.each,
        data: a.data.map(|d| match d {
            DataArg::Csv => DataKind::Csv,
        }),
    };
    let bar = progress_bar(req.targets.len(), a.json);
    let json_mode = a.json;
    let result = core.export(&req, &|p| report(&bar, json_mode, p)).await;
    bar.finish_and_clear();
    core.shutdown().await;
    finish(result?, json_mode)
}

/// An id asked for that the dashboard saves on two panels: Grafana (and so the export) takes
/// the first, and the other is reached by the id Grafana gave it. Said, since the user may
/// have meant the other.
fn warn_ambiguous(d: &panelshot_core::grafana::DashboardDetail, asked: &[String]) {
    for key in asked {
        let Ok(id) = key.parse::<i64>() else {
            continue;
        };
        let others: Vec<String> = d
            .panels
            .iter()
            .filter(|p| p.renumbered_from == Some(id))
            .map(|p| format!("{:?} is {}", p.title, p.id))
            .collect();
        if let (false, Some(first)) = (others.is_empty(), d.panels.iter().find(|p| p.id == id)) {
            eprintln!(
                "note: the dashboard saves several panels with id {id}; Grafana shows {:?} as {id} and renumbers the others ({}): exporting {:?}",
                first.title,
                others.join(", "),
                first.title
            );
        }
    }
}

/// A progress bar on stderr for batches; hidden for one item, for JSON and off a terminal.
pub fn progress_bar(len: usize, json_mode: bool) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if len < 2 || json_mode {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

pub fn report(
    bar: &indicatif::ProgressBar,
    json_mode: bool,
    p: panelshot_core::service::Progress<'_>,
) {
    bar.set_length(p.total as u64);
    bar.set_position(p.done as u64);
    // A single export that failed is told once, by the error line the command ends with.
    let alone_and_failed = p.total == 1 && p.item.error.is_some();
    if !json_mode && !alone_and_failed {
        bar.suspend(|| out!("{}", line(p.item)));
    }
}

/// Prints JSON when asked; fails with the first failure's own code when any item failed, and
/// names every written file that the history could not record.
pub fn finish(items: Vec<ExportItem>, json_mode: bool) -> CmdResult {
    if json_mode {
        json(&items)?;
    }
    unrecorded(
        items
            .iter()
            .filter_map(|i| Some((i.path.as_deref(), i.history_error.as_ref()?))),
    )?;
    let failed: Vec<_> = items.iter().filter_map(|i| i.error.clone()).collect();
    if let Some(first) = failed.first() {
        // The first failure's own code, so scripts see `render.timeout` and not a generic one.
        let message = if items.len() == 1 {
            first.message.clone()
        } else {
            format!(
                "{} of {} exports failed; the first: {}",
                failed.len(),
                items.len(),
                first.message
            )
        };
        return Err(Failure(ServiceError::Reported {
            code: first.code,
            message,
        }));
    }
    Ok(())
}

/// How a deck is laid out: `--layout`, `--slide`, `--no-titles`, for `export --deck` and
/// `job save --deck`.
#[derive(Debug, Args)]
pub struct DeckLayoutArgs {
    /// With --deck: panels per slide, 1, 2 (side by side) or 4 (2×2).
    #[arg(long, value_name = "N", requires = "deck", value_parser = clap::builder::PossibleValuesParser::new(["1", "2", "4"]))]
    layout: Option<String>,
    /// With --deck: the slide shape.
    #[arg(long, value_name = "16:9|4:3", requires = "deck", value_parser = clap::builder::PossibleValuesParser::new(["16:9", "4:3"]))]
    slide: Option<String>,
    /// With --deck: no title on the slides (the panels get the room).
    #[arg(long, requires = "deck")]
    no_titles: bool,
    /// With a .pptx deck: table panels as PowerPoint tables of their data (editable), not
    /// pictures.
    #[arg(long, requires = "deck")]
    native_tables: bool,
}

impl DeckLayoutArgs {
    /// The layout (clap has checked the values).
    pub fn layout(&self) -> DeckLayout {
        DeckLayout {
            slide: self
                .slide
                .as_deref()
                .and_then(SlideSize::parse)
                .unwrap_or_default(),
            per_slide: self
                .layout
                .as_deref()
                .and_then(|l| l.parse().ok())
                .unwrap_or(1),
            titles: !self.no_titles,
            native_tables: self.native_tables,
        }
    }
}

pub fn deck_line(r: &DeckResult) -> String {
    match (&r.path, &r.error) {
        (Some(path), None) => format!(
            "✓ deck → {} ({} slide{}, {} panel{} at {}×{} px, {:.0} KB, {:.1} s)",
            path.display(),
            r.slides,
            if r.slides == 1 { "" } else { "s" },
            r.panels,
            if r.panels == 1 { "" } else { "s" },
            r.picture_px.0,
            r.picture_px.1,
            r.bytes as f64 / 1024.0,
            r.duration_ms / 1000.0
        ),
        (_, Some(e)) => format!("✗ deck: error[{}]: {}", e.code, e.message),
        _ => "? deck".into(),
    }
}

/// Renders and writes a deck; the exit status says whether it was written.
pub async fn run_deck(core: &Core, req: &DeckRequest, json_mode: bool) -> CmdResult {
    let bar = progress_bar(req.panels.len(), json_mode);
    bar.set_message("rendering the deck's panels");
    let result = core
        .export_deck(req, &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await;
    bar.finish_and_clear();
    core.shutdown().await;
    finish_deck(result?, json_mode)
}

/// Fails, naming the files, when any attempt could not be recorded in the history.
fn unrecorded<'a>(
    misses: impl Iterator<Item = (Option<&'a std::path::Path>, &'a ErrorBody)>,
) -> CmdResult {
    let misses: Vec<_> = misses.collect();
    let Some((_, first)) = misses.first() else {
        return Ok(());
    };
    let files: Vec<String> = misses
        .iter()
        .map(|(p, _)| match p {
            Some(p) => p.display().to_string(),
            None => "a failed attempt (no file)".into(),
        })
        .collect();
    Err(Failure(ServiceError::Reported {
        code: first.code,
        message: format!(
            "{} not recorded in the history ({}): {}",
            files.join(", "),
            if files.len() == 1 {
                "it is on disk"
            } else {
                "they are on disk"
            },
            first.message
        ),
    }))
}

/// Prints a deck's result (JSON, or one line; a failure is the command's error line).
pub fn finish_deck(r: DeckResult, json_mode: bool) -> CmdResult {
    if json_mode {
        json(&r)?;
    } else if r.error.is_none() {
        out!("{}", deck_line(&r));
    }
    unrecorded(r.history_error.iter().map(|e| (r.path.as_deref(), e)))?;
    match r.error {
        None => Ok(()),
        Some(e) => Err(Failure(ServiceError::Reported {
            code: e.code,
            message: e.message,
        })),
    }
}
