use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{json, table};
use super::{CmdResult, Failure};
use panelshot_core::secrets::Secret;
use panelshot_core::service::{AddConnection, AuthInput, Core, ServiceError};

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
    /// Change a connection; what is not given stays as it is (the stored secret too).
    Edit(EditArgs),
    /// Remove a connection and its stored secret.
    Remove { name: String },
    /// Sign in as yourself: Grafana's own login page (password, single sign-on, MFA) opens in a
    /// browser window; the session it gives is kept in the OS keyring. Needs a desktop.
    Login {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct EditArgs {
    name: String,
    /// A new name (history and jobs follow it).
    #[arg(long, value_name = "NAME")]
    rename: Option<String>,
    #[arg(long)]
    url: Option<String>,
    #[arg(long, value_name = "N", conflicts_with = "no_org")]
    org_id: Option<i64>,
    /// Forget the org id (use the token's own org).
    #[arg(long)]
    no_org: bool,
    /// Replace the token with one read from standard input.
    #[arg(long, conflicts_with_all = ["user", "password_stdin", "anonymous"])]
    token_stdin: bool,
    /// Switch to (or change) basic auth; the password is read from standard input.
    #[arg(long, requires = "password_stdin", conflicts_with = "anonymous")]
    user: Option<String>,
    #[arg(long, requires = "user")]
    password_stdin: bool,
    /// No credentials any more (the stored secret is deleted).
    #[arg(long)]
    anonymous: bool,
    /// Trust this extra CA certificate (PEM) instead of the current one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_ca_cert")]
    ca_cert: Option<PathBuf>,
    /// Drop the extra CA certificate.
    #[arg(long)]
    no_ca_cert: bool,
    /// Accept invalid TLS certificates (dangerous).
    #[arg(long, conflicts_with = "secure")]
    insecure: bool,
    /// Check TLS certificates again.
    #[arg(long)]
    secure: bool,
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(panelshot_core::limits::clap_range(&panelshot_core::limits::TIMEOUT_SECS)))]
    timeout: Option<u32>,
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
    #[arg(long, conflicts_with_all = ["user", "password_stdin", "sign_in"])]
    token_stdin: bool,
    /// Sign in as yourself in a browser window now (as `connection login`), instead of a token.
    #[arg(long, conflicts_with_all = ["user", "password_stdin"])]
    sign_in: bool,
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
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(panelshot_core::limits::clap_range(&panelshot_core::limits::TIMEOUT_SECS)))]
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

/// The sign-in the flags ask for: a token or a password read from standard input, else `otherwise`.
fn sign_in(
    token_stdin: bool,
    user: Option<String>,
    otherwise: AuthInput,
) -> Result<AuthInput, Failure> {
    Ok(if token_stdin {
        AuthInput::Token(read_secret("token")?)
    } else if let Some(user) = user {
        AuthInput::Basic {
            user,
            password: read_secret("password")?,
        }
    } else {
        otherwise
    })
}

fn read_ca(path: &Option<PathBuf>) -> Result<Option<String>, Failure> {
    match path {
        Some(path) => Ok(Some(std::fs::read_to_string(path).map_err(|e| {
            Failure(ServiceError::Invalid(format!(
                "cannot read the CA certificate {}: {e}",
                path.display()
            )))
        })?)),
        None => Ok(None),
    }
}

pub(crate) fn warn_insecure(conn: &panelshot_core::store::Connection) {
    if conn.insecure {
        eprintln!(
            "warning: certificate checks are OFF for {:?}; anyone on the network path can read its token",
            conn.name
        );
    }
}

async fn edit(core: &Core, a: EditArgs) -> CmdResult {
    let current = core.connection(&a.name).map_err(Failure)?;
    let otherwise = if a.anonymous {
        AuthInput::None
    } else {
        AuthInput::Keep
    };
    let auth = sign_in(a.token_stdin, a.user, otherwise)?;
    let ca_cert_pem = match read_ca(&a.ca_cert)? {
        Some(pem) => Some(pem),
        None if a.no_ca_cert => None,
        None => current.ca_cert_pem.clone(),
    };
    let conn = core.update_connection(
        &a.name,
        AddConnection {
            name: a.rename.unwrap_or_else(|| current.name.clone()),
            url: a.url.unwrap_or_else(|| current.url.clone()),
            org_id: if a.no_org {
                None
            } else {
                a.org_id.or(current.org_id)
            },
            auth,
            ca_cert_pem,
            insecure: (current.insecure || a.insecure) && !a.secure,
            timeout_secs: Some(a.timeout.unwrap_or(current.timeout_secs)),
        },
    )?;
    warn_insecure(&conn);
    out!("Updated {} → {}", conn.name, conn.url);
    Ok(())
}

async fn add(core: &Core, a: AddArgs) -> CmdResult {
    let ca_cert_pem = read_ca(&a.ca_cert)?;
    let by_session = a.sign_in;
    let otherwise = if by_session {
        AuthInput::Session
    } else {
        AuthInput::None
    };
    let auth = sign_in(a.token_stdin, a.user, otherwise)?;
    // Say what was stored, from what was given: with PANELSHOT_TOKEN set and no sign-in flag,
    // nothing is stored and the variable supplies the token at each run (servers often have no
    // keyring at all).
    let env_token =
        std::env::var_os(panelshot_core::service::TOKEN_ENV).is_some_and(|t| !t.is_empty());
    let secret_note = match &auth {
        AuthInput::None if env_token => {
            "no token stored: PANELSHOT_TOKEN supplies it at each run; add --token-stdin to store one in the OS keyring"
        }
        AuthInput::None => "no credentials: anonymous, or PANELSHOT_TOKEN at run time",
        AuthInput::Session => "signing in next",
        _ => "credentials stored in the OS keyring",
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
    warn_insecure(&conn);
    out!("Added {} → {} ({secret_note})", conn.name, conn.url);
    if by_session {
        return login(core, &conn.name, false).await;
    }
    Ok(())
}

/// `connection login`: the sign-in window, then who signed in.
async fn login(core: &Core, name: &str, as_json: bool) -> CmdResult {
    if panelshot_core::service::has_desktop() {
        eprintln!(
            "Opening Grafana's login page for {name} in a browser window: sign in there (within {} minutes)…",
            panelshot_core::signin::SIGN_IN_LIMIT.as_secs() / 60
        );
    }
    let t = core.sign_in(name).await?;
    if as_json {
        return json(&t);
    }
    out!(
        "Signed in to {name} as {} (Grafana {}); the session is kept in the OS keyring and renewed as Grafana rotates it",
        t.identity.trim_start_matches("user "),
        t.version
    );
    Ok(())
}

pub async fn run(core: &Core, cmd: ConnectionCmd) -> CmdResult {
    match cmd {
        ConnectionCmd::Add(a) => add(core, a).await,
        ConnectionCmd::Edit(a) => edit(core, a).await,
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
            out!(
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
        ConnectionCmd::Login { name, json } => login(core, &name, json).await,
        ConnectionCmd::Remove { name } => {
            core.remove_connection(&name)?;
            out!("Removed {name} and its stored secret");
            Ok(())
        }
    }
}
