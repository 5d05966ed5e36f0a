//! `demo-grafana --port 3000`: the demo Grafana for people (`make run`) and benchmarks.

use clap::Parser;

#[derive(Parser)]
#[command(about = "A small server that behaves like Grafana where Panelshot depends on it")]
struct Args {
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Port of the second ("third-party") origin; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    second_port: u16,
    /// The service-account token to accept; a random one when not given.
    #[arg(long, env = "DEMO_GRAFANA_TOKEN")]
    token: Option<String>,
    /// Add N generated dashboards, for scale tests.
    #[arg(long, default_value_t = 0)]
    many: usize,
    /// A server-wide fault: none, slow, 500, hang, malformed, html.
    #[arg(long, default_value = "none")]
    fault: demo_grafana::Fault,
    /// Port of the single sign-on identity provider; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    idp_port: u16,
    /// Grafana's `auto_login`: the login page goes straight to single sign-on.
    #[arg(long)]
    sso_auto_login: bool,
    /// Write the token to this file (mode 600) instead of only printing it.
    #[arg(long)]
    token_file: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut config = demo_grafana::Config {
        host: args.host,
        port: args.port,
        second_port: args.second_port,
        many: args.many,
        fault: args.fault,
        idp_port: args.idp_port,
        sso_auto_login: args.sso_auto_login,
        ..Default::default()
    }
    .with_random_token();
    if let Some(t) = args.token {
        config.token = t;
    }
    if let Some(path) = &args.token_file {
        write_private(path, &config.token)?;
    }
    let port = config.port;
    let running = demo_grafana::start(config).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on port {port}: {e}; pick another with --port (make run DEMO_PORT=N)"
        )
    })?;
    println!("demo Grafana listening on {}", running.url());
    println!("second origin on {}", running.second_origin());
    println!("service-account token: {}", running.token());
    println!("basic auth: admin / admin");
    println!(
        "single sign-on: \"Sign in with Demo SSO\" on {}/login (identity provider {}, admin / admin)",
        running.url(),
        running.idp_origin()
    );
    tokio::signal::ctrl_c().await?;
    Ok(())
}

fn write_private(path: &std::path::Path, token: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(token.as_bytes())?;
    Ok(())
}
