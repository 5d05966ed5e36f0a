// Keeps a console window from flashing up on Windows when the GUI starts; the CLI attaches
// to the parent console itself (see `panelshot_cli::main`).
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

/// No arguments: the window. Arguments: the command line, exactly as `panelshot-cli` runs it.
fn main() {
    if std::env::args_os().len() > 1 {
        let gui_subsystem = cfg!(all(not(debug_assertions), target_os = "windows"));
        std::process::exit(panelshot_cli::main_for(gui_subsystem));
    }
    if let Err(e) = panelshot::app::run() {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
