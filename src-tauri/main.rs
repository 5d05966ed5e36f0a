// Keeps a console window from flashing up on Windows when the GUI starts; the CLI attaches
// to the parent console itself (see `cli::attach_console`).
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

fn main() {
    std::process::exit(panelshot::cli::main());
}
