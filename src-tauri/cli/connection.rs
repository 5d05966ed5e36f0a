use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{json, table};
use super::{CmdResult, Failure};
use crate::secrets::Secret;
use crate::service::{AddConnection, AuthInput, Core, ServiceError};

#[derive(Debug, Subcommand)]
pub enum ConnectionCmd {
    /// Add a Grafana; the token or password goes to the OS keyring.
    Add(AddArgs),
    /// List connections.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check URL, version, database health and credentials.
    Test {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a connection and its stored secret.
    Remove { name: String },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    name: String,
    /// Grafana's base URL, with any sub-path (https://host/grafana/).
    #[arg(long)]
    url: String,
    #[arg(long, value_name = "N")]
    org_id: Option<i64>,
    /// Read a service-account token from standard input.
    #[arg(long, conflicts_with_all = ["user", "password_stdin"])]
    token_stdin: bool,
    /// Basic-auth user (with --password-stdin).
    #[arg(long, requires = "password_stdin")]
    user: Option<String>,
    /// Read the basic-auth password from standard input.
    #[arg(long, requires = "user")]
    password_stdin: bool,
    /// Trust this extra CA certificate (PEM) for this connection.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// Accept invalid TLS certificates (dangerous: anyone on the path can read the token).
    #[arg(long)]
    insecure: bool,
    /// Seconds to wait for Grafana before giving up.
    #[arg(long, value_name = "SECS")]
    timeout: Option<u32>,
}

fn read_secret(what: &str) -> Result<Secret, Failure> {
    let stdin = std::io::stdin();
    let value = if stdin.is_terminal() {
        rpassword::prompt_password(format!("{what}: ")).map_err(|e| {
            Failure(ServiceError::Invalid(format!(
                "cannot read the {what}: {e}"
            )))
        })?
    } else {
        let mut buf = String::new();
        stdin.lock().read_to_string(&mut buf).map_err(|e| {
            Failure(ServiceError::Invalid(format!(
                "cannot read the {what} from stdin: {e}"
            )))
        })?;
        buf
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(Failure(ServiceError::Invalid(format!(
            "the {what} on standard input is empty"
        ))));
    }
    Ok(Secret::new(value))
}

async fn add(core: &Core, a: AddArgs) -> CmdResult {
    let ca_cert_pem = match &a.ca_cert {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Failure(ServiceError::Invalid(format!(
                "cannot read the CA certificate {}: {e}",
                path.display()
            )))
        })?),
        None => None,
    };
    let auth = if a.token_stdin {
        AuthInput::Token(read_secret("token")?)
    } else if let Some(user) = a.user {
        AuthInput::Basic {
            user,
            password: read_secret("password")?,
        }
    } else {
        AuthInput::None
    };
    let conn = core.add_connection(AddConnection {
        name: a.name,
        url: a.url,
        org_id: a.org_id,
        auth,
        ca_cert_pem,
        insecure: a.insecure,
        timeout_secs: a.timeout,
    })?;
    if conn.insecure {
        eprintln!(
            "warning: certificate checks are OFF for {:?}; anyone on the network path can read its token",
            conn.name
        );
    }
    let secret_note = match conn.auth {
        crate::store::AuthKind::None => {
            "no credentials (anonymous, or PANELSHOT_TOKEN at run time)"
        }
        _ => "credentials stored in the OS keyring",
    };
    println!("Added {} → {} ({secret_note})", conn.name, conn.url);
    Ok(())
}

pub async fn run(core: &Core, cmd: ConnectionCmd) -> CmdResult {
    match cmd {
        ConnectionCmd::Add(a) => add(core, a).await,
        ConnectionCmd::List { json: true } => json(&core.connections()?),
        ConnectionCmd::List { json: false } => {
            let rows: Vec<Vec<String>> = core
                .connections()?
                .into_iter()
                .map(|c| {
                    let mut tls = Vec::new();
                    if c.ca_cert_pem.is_some() {
                        tls.push("extra CA");
                    }
                    if c.insecure {
                        tls.push("INSECURE");
                    }
                    vec![
                        c.name,
                        c.url,
                        c.auth.as_str().to_string(),
                        c.org_id
                            .map(|o| o.to_string())
                            .unwrap_or_else(|| "-".into()),
                        tls.join(", "),
                    ]
                })
                .collect();
            table(&["NAME", "URL", "AUTH", "ORG", "TLS"], &rows);
            Ok(())
        }
        ConnectionCmd::Test {
            name,
            json: as_json,
        } => {
            let t = core.test_connection(&name).await?;
            if as_json {
                return json(&t);
            }
            println!(
                "OK: Grafana {} · database {} · org {} ({}) · {}",
                t.version,
                t.database,
                t.org_name.as_deref().unwrap_or("?"),
                t.org_id
                    .map(|o| o.to_string())
                    .unwrap_or_else(|| "?".into()),
                t.identity
            );
            Ok(())
        }
        ConnectionCmd::Remove { name } => {
            core.remove_connection(&name)?;
            println!("Removed {name} and its stored secret");
            Ok(())
        }
    }
}
