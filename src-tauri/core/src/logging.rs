//! The log: each render's steps with their times and the signal it ended on, Grafana's answers
//! (method, path, status, time — never a header, a query's body, a token or a cookie), session
//! rotations and sign-ins. One file a day in `<data>/logs/`, the last seven kept; the CLI's
//! `--verbose` also prints it to stderr. `PANELSHOT_LOG` (an `EnvFilter` such as `debug` or
//! `panelshot_core::render=trace`) sets what is written.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// Log files kept: a week of daily files.
const KEEP_FILES: usize = 7;

/// Keeps the log writer flushing; the last lines are written when it is dropped.
pub struct LogGuard {
    _file: WorkerGuard,
}

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts logging into the data folder (and to stderr when `verbose`). `None` when the folder
/// cannot be written or a logger is already set: Panelshot works without its log.
pub fn init(data_dir: &Path, verbose: bool) -> Option<LogGuard> {
    let dir = log_dir(data_dir);
    std::fs::create_dir_all(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("panelshot")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(&dir)
        .ok()?;
    let (file, guard) = tracing_appender::non_blocking(appender);
    let default = if verbose { "debug" } else { "info" };
    let filter = EnvFilter::try_from_env("PANELSHOT_LOG").unwrap_or_else(|_| {
        EnvFilter::new(format!(
            "panelshot_core={default},panelshot={default},panelshot_cli={default}"
        ))
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_target(true);
    let set = if verbose {
        builder.with_writer(file.and(std::io::stderr)).try_init()
    } else {
        builder.with_writer(file).try_init()
    };
    set.ok()?;
    Some(LogGuard { _file: guard })
}
