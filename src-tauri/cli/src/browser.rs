//! `panelshot browser status|install`: which browser renders, and the headless-shell download
//! for machines without one.

use clap::Subcommand;
use serde::Serialize;

use panelshot_core::install::Step;
use panelshot_core::service::{BrowserOrigin, Core};

use super::CmdResult;
use super::output;

#[derive(Debug, Subcommand)]
pub enum BrowserCmd {
    /// Which browser renders use, where it was found and its version (or why there is none).
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Download Chrome for Testing's headless shell into the data folder and render with it.
    Install {
        /// Version list to read instead of the setting (a mirror of Chrome for Testing's
        /// last-known-good-versions-with-downloads.json).
        #[arg(long, value_name = "URL")]
        source: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct InstalledJson {
    version: String,
    path: String,
    reported: String,
    downloaded: bool,
}

pub async fn run(core: &Core, cmd: BrowserCmd) -> CmdResult {
    match cmd {
        BrowserCmd::Status { json } => {
            let s = core.browser_status().await?;
            if json {
                return output::json(&s);
            }
            match (&s.path, &s.version) {
                (Some(path), Some(version)) => {
                    let origin = s.origin.map(origin_label).unwrap_or("found");
                    out!("{version}\n  {path} ({origin})");
                }
                _ => out!("No usable browser."),
            }
            if let Some(p) = &s.problem {
                out!("  {}: {}", p.code, p.message);
                if s.can_download {
                    out!("  Run `panelshot browser install` to download Chrome's headless shell.");
                }
            } else if s.offer_headless_shell {
                out!(
                    "  Lighter: `panelshot browser install` downloads Chrome's headless shell, which renders the same panels with less memory and CPU, and uses it from then on."
                );
            }
            Ok(())
        }
        BrowserCmd::Install { source, json } => {
            let bar = download_bar(json);
            let result = core
                .install_browser(source.as_deref(), &|step| show(&bar, step))
                .await;
            bar.finish_and_clear();
            let i = result?;
            if json {
                return output::json(&InstalledJson {
                    version: i.version,
                    path: i.path.display().to_string(),
                    reported: i.reported,
                    downloaded: i.downloaded,
                });
            }
            let how = if i.downloaded {
                "Installed"
            } else {
                "Already installed:"
            };
            out!(
                "{how} {} ({})\n  {}",
                i.reported,
                i.version,
                i.path.display()
            );
            Ok(())
        }
    }
}

fn origin_label(o: BrowserOrigin) -> &'static str {
    use BrowserOrigin::*;
    match o {
        Chosen => "chosen in settings or with --chrome",
        Environment => "from PANELSHOT_CHROME / CHROME",
        Downloaded => "downloaded by Panelshot",
        System => "found on this system",
    }
}

/// Bytes on stderr while downloading; hidden for `--json` and off a terminal.
fn download_bar(json: bool) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if json {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

fn show(bar: &indicatif::ProgressBar, step: Step) {
    match step {
        Step::Listing => bar.set_message("Reading the version list"),
        Step::Downloading { received, total } => {
            bar.set_message("Downloading");
            if let Some(t) = total {
                bar.set_length(t);
            }
            bar.set_position(received);
        }
        Step::Unpacking => bar.set_message("Unpacking"),
        Step::Checking => bar.set_message("Checking that it runs"),
    }
}
