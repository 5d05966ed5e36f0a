//! Grafana's side of single sign-on, as its Generic OAuth client does it (grafana
//! `pkg/services/authn/clients/oauth.go`): `GET /login/generic_oauth` without a code sends the
//! browser to the IdP with a random `state`, keeping only the state's hash in the `oauth_state`
//! cookie (`genOAuthState`/`hashOAuthState`: SHA-256 of state + secret key + client secret, hex);
//! the IdP sends it back with `code` and `state`, the hash must match the cookie ("Provided
//! state does not match stored state"), the code is exchanged at the IdP's token endpoint and
//! the user read from its userinfo endpoint (an email is required), and the person gets a
//! session cookie like any login. With `auto_login` (`[auth.generic_oauth] auto_login`,
//! `pkg/api/login.go` `LoginView`) `/login` goes straight to the IdP unless the address carries
//! `disableAutoLogin`.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Response};
use serde::Deserialize;
use sha2::Digest;

use crate::Shared;

/// Grafana's `secret_key` (its `[security]` default).
const SECRET_KEY: &str = "SW2YcwTIb9zpOOhoPsMm";
const STATE_COOKIE: &str = "oauth_state";

fn hash_state(state: &Shared, st: &str) -> String {
    let digest =
        sha2::Sha256::digest(format!("{st}{SECRET_KEY}{}", state.idp.client_secret).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn failed(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Html(format!(
            "<!doctype html><title>Grafana</title><p>Login failed: {message}. <a href=\"/login?disableAutoLogin\">Back to the login page</a></p>"
        )),
    )
        .into_response()
}

pub async fn generic_oauth(
    State(state): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Response {
    if let Some(e) = q.error {
        return failed(&format!("the identity provider said {e}"));
    }
    let Some(code) = q.code else {
        return to_idp(&state);
    };
    let Some(stored) = crate::auth::cookie(&headers, STATE_COOKIE).filter(|c| !c.is_empty()) else {
        return failed("Missing saved oauth state");
    };
    if hash_state(&state, q.state.as_deref().unwrap_or_default()) != stored {
        return failed("Provided state does not match stored state");
    }
    let email = match exchange(&state, &code).await {
        Ok(email) => email,
        Err(e) => return failed(&e),
    };
    if email.is_empty() {
        return failed("Provider didn't return an email address");
    }
    let sid = crate::auth::new_session(&state);
    (
        StatusCode::FOUND,
        AppendHeaders([
            (header::SET_COOKIE, crate::auth::session_cookie(&sid)),
            (
                header::SET_COOKIE,
                format!("{STATE_COOKIE}=; Path=/; Max-Age=0; HttpOnly"),
            ),
            (header::LOCATION, "/".to_string()),
        ]),
    )
        .into_response()
}

fn to_idp(state: &Shared) -> Response {
    let st = crate::idp::random_hex(43);
    let redirect = state.idp.redirect();
    let mut to = match url::Url::parse(&format!("{}/authorize", state.idp_origin)) {
        Ok(u) => u,
        Err(e) => return failed(&e.to_string()),
    };
    to.query_pairs_mut()
        .append_pair("client_id", &state.idp.client_id)
        .append_pair("redirect_uri", &redirect)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid email profile")
        .append_pair("state", &st);
    (
        StatusCode::FOUND,
        AppendHeaders([
            (
                header::SET_COOKIE,
                format!(
                    "{STATE_COOKIE}={}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax",
                    hash_state(state, &st)
                ),
            ),
            (header::LOCATION, to.to_string()),
        ]),
    )
        .into_response()
}

/// Server to server, as Grafana does: the code for a token, the token for the user's email.
async fn exchange(state: &Shared, code: &str) -> Result<String, String> {
    let http = reqwest::Client::new();
    let redirect = state.idp.redirect();
    let tok: serde_json::Value = http
        .post(format!("{}/token", state.idp_origin))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &redirect),
            ("client_id", &state.idp.client_id),
            ("client_secret", &state.idp.client_secret),
        ])
        .send()
        .await
        .map_err(|e| format!("Failed to get token from provider ({e})"))?
        .json()
        .await
        .map_err(|e| format!("Failed to get token from provider ({e})"))?;
    let access = tok["access_token"]
        .as_str()
        .ok_or("Failed to get token from provider")?;
    let user: serde_json::Value = http
        .get(format!("{}/userinfo", state.idp_origin))
        .bearer_auth(access)
        .send()
        .await
        .map_err(|e| format!("failed to get user info ({e})"))?
        .json()
        .await
        .map_err(|e| format!("failed to get user info ({e})"))?;
    Ok(user["email"].as_str().unwrap_or_default().to_string())
}
