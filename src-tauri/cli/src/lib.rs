//! The Panelshot command line, a thin adapter over `panelshot_core::service::Core`. It runs as
//! `panelshot-cli` (no desktop stack: for servers and cron) and inside `panelshot` when that is
//! given arguments (without arguments `panelshot` opens the window).

/// `println!` that ends the command quietly when stdout's reader has gone.
macro_rules! out {
    () => { $crate::output::write_line(format_args!("")) };
    ($($t:tt)*) => { $crate::output::write_line(format_args!($($t)*)) };
}

mod browse;
mod browser;
mod connection;
mod export;
mod history;
mod job;
mod look;
mod mcp;
mod output;
mod preset;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use panelshot_core::error::Coded;
use panelshot_core::secrets::KeyringStore;
use panelshot_core::service::{Core, ServiceError, default_data_dir};

#[derive(Debug, Parser)]
#[command(
    name = "panelshot",
    version,
    about = "Grafana panels to pixel-exact images",
    propagate_version = true
)]
pub struct Cli {
    /// Where the database lives (default: the platform's app-data folder).
    #[arg(long, global = true, env = "PANELSHOT_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The Chromium-based browser to render with (default: found automatically).
    #[arg(long, global = true, value_name = "PATH")]
    chrome: Option<PathBuf>,
    /// Seconds a panel with queries may take to start its first data query before the export
    /// fails rather than capture it empty; 0: until the render timeout (default: the setting, 0).
    #[arg(long, global = true, value_name = "SECS", value_parser = clap::value_parser!(u64).range(panelshot_core::limits::clap_range_u64(&panelshot_core::limits::FIRST_QUERY_WAIT_SECS)))]
    first_query_wait: Option<u64>,
    /// Also print the log (each render's steps and times, Grafana's answers) on stderr; it is
    /// always written to the data folder's `logs/`.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add, list, test and remove Grafana connections.
    #[command(subcommand)]
    Connection(connection::ConnectionCmd),
    /// Search the dashboards of a connection.
    Dashboards(browse::DashboardsArgs),
    /// List the panels of a dashboard.
    Panels(browse::PanelsArgs),
    /// Render panels (or the whole dashboard) to PNG, JPEG, WebP or PDF files.
    // Boxed: its many flags make it far larger than the other commands.
    Export(Box<export::ExportArgs>),
    /// Saved render settings.
    #[command(subcommand)]
    Preset(preset::PresetCmd),
    /// Saved lists of panels that re-run with one command.
    #[command(subcommand)]
    Job(job::JobCmd),
    /// Every export, successes and failures; re-export or delete entries.
    History(history::HistoryArgs),
    /// The browser that renders: status, and a download for machines without one.
    #[command(subcommand)]
    Browser(browser::BrowserCmd),
    /// Serve Panelshot's tools to AI agents over the Model Context Protocol (stdio).
    Mcp,
    /// Check the database; a corrupt one is moved aside (kept) and a new one started.
    Doctor {
        #[arg(long)]
        json: bool,
    },
}

/// What a failed command reports: one line on stderr and exit status 1.
pub struct Failure(pub ServiceError);

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        Failure(e)
    }
}

pub type CmdResult = Result<(), Failure>;

/// A Windows release build has no console of its own (`windows_subsystem = "windows"`, so the
/// GUI opens without one); a command run from a terminal attaches to that terminal's console so
/// its output, errors and progress bar show there.
fn attach_console(gui_subsystem: bool) {
    use panelshot_core::platform::{Console, Os, console};
    if console(Os::current(), gui_subsystem) == Console::AttachParent {
        attach_parent_console();
    }
}

#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: no preconditions; without a parent console it fails and nothing changes.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_parent_console() {}

/// `panelshot-cli`: a console program.
pub fn main() -> i32 {
    main_for(false)
}

/// The CLI inside a binary that may be a Windows GUI-subsystem program (`panelshot`).
pub fn main_for(gui_subsystem: bool) -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    attach_console(gui_subsystem);
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(Failure(e)) => {
            let code = e.code();
            match flag_hint(code) {
                Some(hint) => eprintln!("error[{code}]: {e} [{hint}]"),
                None => eprintln!("error[{code}]: {e}"),
            }
            1
        }
    }
}

/// The flags that do what a core message advises in words (the core's messages are shared with
/// the window, which has no flags). Keyed by the code itself, so a retired code fails to build.
fn flag_hint(code: panelshot_core::error::ErrorCode) -> Option<&'static str> {
    use panelshot_core::error::ErrorCode as C;
    Some(match code {
        C::ExportExists => "--overwrite, or -o another name",
        C::RenderTimeout => "--timeout SECS, or --capture-anyway",
        C::RenderNoQuery => "--first-query-wait SECS, or --capture-anyway",
        C::RenderPanelError | C::GrafanaServerError => "--capture-anyway",
        C::GrafanaTls => "connection edit NAME --ca-cert FILE",
        C::GrafanaSessionEnded => "connection login NAME",
        C::ChromiumNotFound | C::ChromiumLaunchFailed | C::ChromiumIsScript => {
            "--chrome PATH or PANELSHOT_CHROME"
        }
        C::StoreDataDir | C::StoreReadOnlyDisk | C::StorePermission => {
            "--data-dir DIR or PANELSHOT_DATA_DIR"
        }
        C::InternalError => "run again with --verbose",
        _ => return None,
    })
}

fn run(cli: Cli) -> CmdResult {
    let data_dir = cli.data_dir.unwrap_or_else(default_data_dir);
    if let Command::Doctor { json } = cli.command {
        return doctor(&data_dir, json);
    }
    let mut core = Core::open(&data_dir, Arc::new(KeyringStore::default()))?;
    // After the folder proved usable: a log must not create a data folder `doctor` would find.
    let _log = panelshot_core::logging::init(&data_dir, cli.verbose);
    if cli.chrome.is_some() || cli.first_query_wait.is_some() {
        let mut config = core.renderer_config().clone();
        if let Some(chrome) = cli.chrome {
            config.chrome = Some(chrome);
        }
        if let Some(secs) = cli.first_query_wait {
            config.first_query_wait = std::time::Duration::from_secs(secs);
        }
        core.set_renderer(config);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServiceError::Internal(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        match cli.command {
            Command::Connection(cmd) => connection::run(&core, cmd).await,
            Command::Dashboards(args) => browse::dashboards(&core, args).await,
            Command::Panels(args) => browse::panels(&core, args).await,
            Command::Export(args) => {
                stop_on_signals(&core);
                export::run(&mut core, *args).await
            }
            Command::Preset(cmd) => preset::run(&core, cmd).await,
            Command::Job(cmd) => {
                stop_on_signals(&core);
                job::run(&mut core, cmd).await
            }
            Command::History(args) => history::run(&core, args).await,
            Command::Browser(cmd) => browser::run(&core, cmd).await,
            Command::Mcp => mcp::serve(core).await.map_err(Failure),
            Command::Doctor { .. } => Ok(()),
        }
    })
}

/// Ctrl-C or SIGTERM during an export: renders not yet captured stop, and what is already
/// captured is written, recorded and reported before the command exits (non-zero). A second
/// signal exits at once.
fn stop_on_signals(core: &Core) {
    let stop = core.stopper();
    tokio::spawn(async move {
        signal().await;
        eprintln!("stopping: the images already captured are being written and recorded");
        stop.stop();
        signal().await;
        std::process::exit(130);
    });
}

async fn signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn doctor(data_dir: &std::path::Path, as_json: bool) -> CmdResult {
    use panelshot_core::service::DoctorReport;
    let report = panelshot_core::service::doctor(data_dir).map_err(ServiceError::from)?;
    if as_json {
        return output::json(&report);
    }
    match report {
        DoctorReport::Healthy {
            path,
            schema,
            connections,
            history,
        } => out!(
            "OK: {} (schema {schema}, {connections} connection(s), {history} history entries)",
            path.display()
        ),
        DoctorReport::MovedAside {
            corrupt,
            moved_to,
            detail,
            new_database,
            new_database_error,
        } => {
            out!(
                "{} was corrupt ({detail}); it was moved to {}",
                corrupt.display(),
                moved_to.display(),
            );
            match new_database_error {
                None => out!("A new database was started at {}", new_database.display()),
                Some(e) => out!("No new database could be started yet: {e}"),
            }
        }
    }
    Ok(())
}
