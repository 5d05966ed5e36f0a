//! The `panelshot` command line: no arguments opens the window, subcommands are the CLI.

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    name = "panelshot",
    version,
    about = "Grafana panels to pixel-exact images"
)]
pub struct Cli {}

/// Runs the binary and returns its exit status.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    if args.len() <= 1 {
        return match crate::app::run() {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e:#}");
                1
            }
        };
    }
    match Cli::try_parse_from(args) {
        Ok(_) => 0,
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() { 2 } else { 0 }
        }
    }
}
