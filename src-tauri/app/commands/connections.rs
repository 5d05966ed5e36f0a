//! Connections: list, add, edit, test, remove.

use serde::Deserialize;
use tauri::State;

use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::grafana::ConnectionTest;
use panelshot_core::secrets::Secret;
use panelshot_core::service::{AddConnection, AuthInput};
use panelshot_core::store::Connection;

#[tauri::command]
pub fn connections_list(state: State<'_, AppState>) -> Res<Vec<Connection>> {
    core(&state)?.connections().map_err(err)
}

/// How the connection signs in, as the form chose it. An enum on the wire: a misspelt value is
/// refused by IPC instead of meaning "no credentials".
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthChoice {
    Token,
    Basic,
    /// Signed in through the browser: `connection_sign_in` follows.
    Session,
    None,
    /// Edits only: the stored sign-in stays.
    Keep,
}

/// What the Connections form sends. The secret crosses IPC once, into the keyring.
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInput {
    pub name: String,
    pub url: String,
    pub org_id: Option<i64>,
    pub auth: AuthChoice,
    /// Secrets from the form are `Secret` from the first moment, so `Debug` never shows them.
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub token: Option<Secret>,
    pub user: Option<String>,
    #[cfg_attr(test, ts(optional, type = "string"))]
    pub password: Option<Secret>,
    pub ca_cert_pem: Option<String>,
    #[serde(default)]
    pub insecure: bool,
    pub timeout_secs: Option<u32>,
}

impl ConnectionInput {
    fn into_request(self) -> AddConnection {
        let auth = match self.auth {
            AuthChoice::Token => AuthInput::Token(Secret::new(
                self.token
                    .as_ref()
                    .map(|t| t.expose().trim())
                    .unwrap_or_default(),
            )),
            AuthChoice::Basic => AuthInput::Basic {
                user: self.user.unwrap_or_default(),
                password: self.password.unwrap_or_else(|| Secret::new("")),
            },
            AuthChoice::Keep => AuthInput::Keep,
            AuthChoice::Session => AuthInput::Session,
            AuthChoice::None => AuthInput::None,
        };
        AddConnection {
            name: self.name,
            url: self.url,
            org_id: self.org_id,
            auth,
            ca_cert_pem: self.ca_cert_pem.filter(|p| !p.trim().is_empty()),
            insecure: self.insecure,
            timeout_secs: self.timeout_secs,
        }
    }
}

#[tauri::command]
pub fn connection_add(state: State<'_, AppState>, input: ConnectionInput) -> Res<Connection> {
    core(&state)?
        .add_connection(input.into_request())
        .map_err(err)
}

/// Edits the connection now named `current`; `auth: "keep"` leaves the stored secret alone.
#[tauri::command]
pub fn connection_update(
    state: State<'_, AppState>,
    current: String,
    input: ConnectionInput,
) -> Res<Connection> {
    core(&state)?
        .update_connection(&current, input.into_request())
        .map_err(err)
}

#[tauri::command]
pub async fn connection_test(state: State<'_, AppState>, name: String) -> Res<ConnectionTest> {
    core(&state)?.test_connection(&name).await.map_err(err)
}

/// Signs in as a person: Grafana's login page in a browser window, until Grafana accepts the
/// session (which goes to the keyring); then the connection test, naming who signed in.
#[tauri::command]
pub async fn connection_sign_in(state: State<'_, AppState>, name: String) -> Res<ConnectionTest> {
    core(&state)?.sign_in(&name).await.map_err(err)
}

#[tauri::command]
pub fn connection_remove(state: State<'_, AppState>, name: String) -> Res<()> {
    core(&state)?.remove_connection(&name).map_err(err)
}
