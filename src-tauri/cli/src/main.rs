//! `panelshot-cli`: the command line without the desktop stack (no WebKitGTK, GTK or libsoup),
//! for servers, containers and cron.

fn main() {
    std::process::exit(panelshot_cli::main());
}
