//! One HTTP client per connection: auth header, org header, CA and timeouts, and the mapping of
//! every transport and HTTP failure to a `GrafanaError`.

use std::time::Duration;

use reqwest::{Method, StatusCode, header};
use serde_json::Value;
use url::Url;

use super::GrafanaError;
use super::dashboard::{self, DashboardDetail};
use super::models::{ConnectionTest, FolderNode, FolderRow, SearchHit, SearchPage, SearchQuery};
use super::url::{host_of, join};
use crate::secrets::{Secret, SessionCookie};

#[derive(Debug, Clone)]
pub enum Credentials {
    Token(Secret),
    Basic {
        user: String,
        password: Secret,
    },
    /// Signed in as a person: Grafana's session cookie, rotated as Grafana asks.
    Session(SessionCookie),
    None,
}

/// What Grafana's API says when a session token is due for rotation (grafana
/// `pkg/services/authn/errors.go` `ErrTokenNeedsRotation`); its front end then POSTs
/// `/api/user/auth-tokens/rotate` (`public/app/core/services/backend_srv.ts` `rotateToken`).
const NEEDS_ROTATION: &str = "session.token.rotate";

/// One API call's outcome before a session rotation is handled.
enum Attempt {
    Done(Result<Value, GrafanaError>),
    /// Grafana asked for a rotation; the cookie that was sent.
    Rotate(Secret),
    /// Grafana refused the session; the cookie that was sent.
    Refused(Secret),
}

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub org_id: Option<i64>,
    pub ca_cert_pem: Option<String>,
    pub insecure: bool,
    pub timeout_secs: u32,
}

#[derive(Debug, Clone)]
pub struct GrafanaClient {
    http: reqwest::Client,
    base: Url,
    creds: Credentials,
    org_id: Option<i64>,
    timeout_secs: u32,
    /// The connection trusts something other than the system's roots (its own CA, or any
    /// certificate): the render browser must then be told which server key Panelshot verified.
    own_trust: bool,
}

/// The most Panelshot reads of one API answer. The largest real answers are dashboards with
/// hundreds of panels (a few MB of JSON); an endless or hostile answer stops here instead of
/// filling memory.
pub const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// Folders nest at most this deep in Grafana; stops runaway walks on odd servers.
const MAX_FOLDER_DEPTH: usize = 8;

/// An error with its causes, each once: reqwest hides the useful part (refused, reset) in sources.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts.join(": ")
}

impl GrafanaClient {
    pub fn new(base: Url, creds: Credentials, opts: ClientOptions) -> Result<Self, GrafanaError> {
        let mut b = reqwest::Client::builder()
            .user_agent(concat!("panelshot/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(u64::from(
                opts.timeout_secs.clamp(1, 30),
            )))
            .timeout(Duration::from_secs(u64::from(opts.timeout_secs.max(1))))
            // Redirects are followed only within the same origin so credentials never travel on.
            .redirect(same_origin_redirects());
        if let Some(pem) = &opts.ca_cert_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes()).map_err(|e| {
                GrafanaError::Config(format!("the CA certificate is not valid PEM: {e}"))
            })?;
            if certs.is_empty() {
                return Err(GrafanaError::Config(
                    "the CA certificate file holds no certificate".into(),
                ));
            }
            b = b.tls_certs_merge(certs);
        }
        if opts.insecure {
            b = b.tls_danger_accept_invalid_certs(true);
        }
        let own_trust = opts.insecure || opts.ca_cert_pem.is_some();
        if own_trust {
            b = b.tls_info(true);
        }
        let http = b.build().map_err(|e| {
            GrafanaError::Config(format!("cannot set up HTTP: {}", error_chain(&e)))
        })?;
        Ok(GrafanaClient {
            http,
            base,
            creds,
            org_id: opts.org_id,
            timeout_secs: opts.timeout_secs,
            own_trust,
        })
    }

    /// For a connection with its own CA or with certificate checks off: the server key this
    /// client accepted, as the base64 SHA-256 of its SubjectPublicKeyInfo (Chromium's
    /// `--ignore-certificate-errors-spki-list` form). The render browser trusts exactly that
    /// key and nothing else its own roots refuse. `None` for connections that trust the
    /// system's roots only (the browser checks those itself) and for plain HTTP.
    pub async fn server_key(&self) -> Result<Option<String>, GrafanaError> {
        if !self.own_trust || self.base.scheme() != "https" {
            return Ok(None);
        }
        // /api/health needs no credential: nothing is sent beyond what reqwest verified.
        let res = self
            .http
            .get(join(&self.base, "api/health"))
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        let der = res
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|t| t.peer_certificate())
            .ok_or_else(|| GrafanaError::Tls {
                host: host_of(&self.base),
                detail: "the server sent no certificate".into(),
            })?;
        spki_sha256(der)
            .map(Some)
            .map_err(|detail| GrafanaError::Tls {
                host: host_of(&self.base),
                detail,
            })
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    fn classify(&self, e: reqwest::Error) -> GrafanaError {
        let host = host_of(&self.base);
        if e.is_timeout() {
            return GrafanaError::Timeout {
                host,
                secs: self.timeout_secs,
            };
        }
        let detail = error_chain(&e);
        let lower = detail.to_lowercase();
        if ["certificate", "tls", "handshake", "unknownissuer", "ssl"]
            .iter()
            .any(|k| lower.contains(k))
        {
            return GrafanaError::Tls { host, detail };
        }
        if e.is_connect() {
            let why = if ["dns", "lookup", "resolve", "name or service not known"]
                .iter()
                .any(|k| lower.contains(k))
            {
                format!("the host name could not be resolved ({detail})")
            } else if lower.contains("refused") {
                "the connection was refused (nothing listens on that port)".to_string()
            } else {
                detail
            };
            return GrafanaError::Unreachable { host, detail: why };
        }
        GrafanaError::Unreachable { host, detail }
    }

    fn request(&self, method: Method, rel: &str) -> reqwest::RequestBuilder {
        let mut rb = self
            .http
            .request(method, join(&self.base, rel))
            .header(header::ACCEPT, "application/json");
        rb = match &self.creds {
            Credentials::Token(t) => rb.bearer_auth(t.expose()),
            Credentials::Basic { user, password } => rb.basic_auth(user, Some(password.expose())),
            Credentials::Session(s) => rb.header(header::COOKIE, s.current().expose()),
            Credentials::None => rb,
        };
        if let Some(org) = self.org_id {
            rb = rb.header("X-Grafana-Org-Id", org.to_string());
        }
        rb
    }

    /// The credentials as they stand now (a session's cookie after any rotation).
    pub fn credentials(&self) -> &Credentials {
        &self.creds
    }

    /// GETs `rel` and returns its JSON, mapping every failure. A session due for rotation is
    /// rotated (the new cookie kept) and the call made again; a refused session is tried again
    /// with the cookie another process kept since, if there is one.
    async fn get_json(&self, rel: &str, query: &[(&str, String)]) -> Result<Value, GrafanaError> {
        // At most: adopt the kept cookie, rotate it, then the call that works.
        for _ in 0..2 {
            match self.get_json_once(rel, query).await {
                Attempt::Done(r) => return r,
                Attempt::Rotate(sent) => self.rotate_session(&sent).await?,
                Attempt::Refused(sent) => {
                    let Credentials::Session(session) = &self.creds else {
                        return Err(GrafanaError::SessionEnded);
                    };
                    if !session.adopt_stored(&sent) {
                        return Err(GrafanaError::SessionEnded);
                    }
                    tracing::info!(host = %host_of(&self.base), "the session was rotated by another Panelshot; its cookie is used");
                }
            }
        }
        match self.get_json_once(rel, query).await {
            Attempt::Done(r) => r,
            Attempt::Rotate(_) | Attempt::Refused(_) => Err(GrafanaError::SessionEnded),
        }
    }

    /// Swaps the session for the one Grafana hands out (`POST /api/user/auth-tokens/rotate`,
    /// grafana `pkg/api/user_token.go` `RotateUserAuthToken`), unless another call already did
    /// since `sent` went out.
    pub async fn rotate_session(&self, sent: &Secret) -> Result<(), GrafanaError> {
        let Credentials::Session(session) = &self.creds else {
            return Err(GrafanaError::Unauthorized);
        };
        let _one_at_a_time = session.rotating.lock().await;
        // Rotated here meanwhile, or by another process (its cookie is then taken rather than
        // rotating ours, which would end theirs).
        if session.current() != *sent || session.adopt_stored(sent) {
            return Ok(());
        }
        let res = self
            .request(Method::POST, "api/user/auth-tokens/rotate")
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        let status = res.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(GrafanaError::SessionEnded);
        }
        if !status.is_success() {
            return Err(GrafanaError::ServerError {
                status: status.as_u16(),
                path: "/api/user/auth-tokens/rotate".into(),
                message: status.to_string(),
            });
        }
        let set: Vec<&str> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if set.is_empty() {
            return Err(GrafanaError::BadResponse(
                "Grafana rotated the session but sent no new cookie".into(),
            ));
        }
        session.absorb(set).map_err(|e| {
            GrafanaError::Config(format!("the rotated session could not be kept: {e}"))
        })?;
        tracing::info!(host = %host_of(&self.base), "Grafana rotated the session; the new one is kept");
        Ok(())
    }

    async fn get_json_once(&self, rel: &str, query: &[(&str, String)]) -> Attempt {
        let sent = match &self.creds {
            Credentials::Session(s) => Some(s.current()),
            _ => None,
        };
        let began = std::time::Instant::now();
        let res = match self.request(Method::GET, rel).query(query).send().await {
            Ok(r) => r,
            Err(e) => {
                let e = self.classify(e);
                tracing::info!(path = %rel, "GET failed: {e}");
                return Attempt::Done(Err(e));
            }
        };
        // The path only: no query string (search text), header or body reaches the log.
        tracing::debug!(
            path = %rel,
            status = res.status().as_u16(),
            ms = began.elapsed().as_millis() as u64,
            "GET"
        );
        if res.status() == StatusCode::UNAUTHORIZED
            && let Some(sent) = sent
        {
            let rotate = self
                .bounded_text(res, rel)
                .await
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["messageId"].as_str() == Some(NEEDS_ROTATION));
            return if rotate {
                Attempt::Rotate(sent)
            } else {
                Attempt::Refused(sent)
            };
        }
        Attempt::Done(self.read_json(res, rel).await)
    }

    /// An API answer's JSON, or the error its status and body mean.
    async fn read_json(&self, res: reqwest::Response, rel: &str) -> Result<Value, GrafanaError> {
        let status = res.status();
        let is_html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let text = self.bounded_text(res, rel).await?;
        let message = || {
            serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v["message"].as_str().map(str::to_string))
                .unwrap_or_else(|| status.to_string())
        };
        match status {
            StatusCode::UNAUTHORIZED => return Err(GrafanaError::Unauthorized),
            StatusCode::FORBIDDEN => return Err(GrafanaError::Forbidden(message())),
            StatusCode::NOT_ACCEPTABLE => return Err(GrafanaError::OtherApi(message())),
            StatusCode::NOT_FOUND => {
                return Err(GrafanaError::NotFound(format!(
                    "/{}",
                    rel.trim_start_matches('/')
                )));
            }
            s if s.is_server_error() => {
                return Err(GrafanaError::ServerError {
                    status: s.as_u16(),
                    path: format!("/{}", rel.trim_start_matches('/')),
                    message: message(),
                });
            }
            s if !s.is_success() => {
                return Err(GrafanaError::BadResponse(format!(
                    "HTTP {} for /{rel}: {}",
                    s.as_u16(),
                    message()
                )));
            }
            _ => {}
        }
        if is_html {
            return Err(GrafanaError::NotGrafana {
                host: host_of(&self.base),
                detail: format!("/{rel} answered an HTML page where Grafana answers JSON"),
            });
        }
        serde_json::from_str(&text)
            .map_err(|e| GrafanaError::BadResponse(format!("malformed JSON from /{rel}: {e}")))
    }

    /// The answer's body as text, refused past `MAX_ANSWER_BYTES` (declared or as it arrives).
    async fn bounded_text(
        &self,
        mut res: reqwest::Response,
        rel: &str,
    ) -> Result<String, GrafanaError> {
        let too_large = || GrafanaError::TooLarge {
            what: format!("/{}", rel.trim_start_matches('/')),
            limit_mb: MAX_ANSWER_BYTES / (1024 * 1024),
        };
        if res
            .content_length()
            .is_some_and(|n| n > MAX_ANSWER_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(|e| self.classify(e))? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// Checks reachability, version, database health and the credentials.
    pub async fn test(&self) -> Result<ConnectionTest, GrafanaError> {
        let health = match self.get_json("api/health", &[]).await {
            // Behind some proxies /api/health needs auth; 401 here still means "Grafana-ish".
            Err(GrafanaError::NotFound(_)) => {
                return Err(GrafanaError::NotGrafana {
                    host: host_of(&self.base),
                    detail: "there is no /api/health".into(),
                });
            }
            other => other?,
        };
        let Some(database) = health
            .get("database")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Err(GrafanaError::NotGrafana {
                host: host_of(&self.base),
                detail: "/api/health answered JSON without Grafana's fields".into(),
            });
        };
        let mut version = health
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_string);
        let org = self.get_json("api/org/", &[]).await?;
        let identity = match &self.creds {
            Credentials::Token(_) => "service account".to_string(),
            Credentials::Basic { .. } | Credentials::Session(_) => {
                let user = self.get_json("api/user", &[]).await?;
                format!("user {}", user["login"].as_str().unwrap_or("?"))
            }
            Credentials::None => "anonymous".to_string(),
        };
        if version.is_none() {
            // anonymous.hide_version hides it from /api/health; signed-in settings still have it.
            version = self
                .get_json("api/frontend/settings", &[])
                .await
                .ok()
                .and_then(|s| s["buildInfo"]["version"].as_str().map(str::to_string));
        }
        if let Some(v) = &version
            && major(v).is_some_and(|m| m < 9)
        {
            return Err(GrafanaError::Unsupported(v.clone()));
        }
        Ok(ConnectionTest {
            version: version.unwrap_or_else(|| "unknown".into()),
            database,
            org_id: org["id"].as_i64(),
            org_name: org["name"].as_str().map(str::to_string),
            identity,
        })
    }

    /// The signed-in user's login (`GET /api/user`): proves a person's session works.
    pub async fn signed_in_user(&self) -> Result<String, GrafanaError> {
        let user = self.get_json("api/user", &[]).await?;
        user["login"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| GrafanaError::BadResponse("/api/user named no login".into()))
    }

    pub async fn search(&self, q: &SearchQuery) -> Result<SearchPage, GrafanaError> {
        let limit = q.limit.clamp(1, 5000);
        let page = q.page.max(1);
        let mut params: Vec<(&str, String)> = vec![
            ("type", "dash-db".into()),
            ("limit", limit.to_string()),
            ("page", page.to_string()),
        ];
        if let Some(text) = q.query.as_deref().filter(|t| !t.is_empty()) {
            params.push(("query", text.to_string()));
        }
        params.extend(q.tags.iter().map(|t| ("tag", t.clone())));
        if !q.folder_uids.is_empty() {
            params.push(("folderUIDs", q.folder_uids.join(",")));
        }
        if q.starred {
            params.push(("starred", "true".into()));
        }
        let v = self.get_json("api/search", &params).await?;
        let hits: Vec<SearchHit> = serde_json::from_value(v)
            .map_err(|e| GrafanaError::BadResponse(format!("unexpected search result: {e}")))?;
        let has_more = hits.len() as u32 >= limit;
        Ok(SearchPage {
            hits,
            page,
            limit,
            has_more,
        })
    }

    /// Every dashboard tag with how many dashboards carry it.
    pub async fn tags(&self) -> Result<Vec<(String, u64)>, GrafanaError> {
        let v = self.get_json("api/dashboards/tags", &[]).await?;
        let list = v
            .as_array()
            .ok_or_else(|| GrafanaError::BadResponse("the tag list is not a list".into()))?;
        Ok(list
            .iter()
            .filter_map(|t| {
                Some((
                    t["term"].as_str()?.to_string(),
                    t["count"].as_u64().unwrap_or(0),
                ))
            })
            .collect())
    }

    async fn folder_page(&self, parent: Option<&str>) -> Result<Vec<FolderRow>, GrafanaError> {
        let mut out = Vec::new();
        for page in 1..=100u32 {
            let mut params = vec![("limit", "1000".to_string()), ("page", page.to_string())];
            if let Some(p) = parent {
                params.push(("parentUid", p.to_string()));
            }
            let v = self.get_json("api/folders", &params).await?;
            let rows: Vec<FolderRow> = serde_json::from_value(v)
                .map_err(|e| GrafanaError::BadResponse(format!("unexpected folder list: {e}")))?;
            let full = rows.len() >= 1000;
            out.extend(rows);
            if !full {
                break;
            }
        }
        Ok(out)
    }

    /// The folder tree, walked level by level with `parentUid` (nested folders).
    pub async fn folders(&self) -> Result<Vec<FolderNode>, GrafanaError> {
        let roots = self.folder_page(None).await?;
        let mut nodes: Vec<FolderNode> = roots
            .into_iter()
            .map(|f| FolderNode {
                uid: f.uid,
                title: f.title,
                children: vec![],
            })
            .collect();
        self.fill_children(&mut nodes, 1).await?;
        Ok(nodes)
    }

    async fn fill_children(
        &self,
        nodes: &mut [FolderNode],
        depth: usize,
    ) -> Result<(), GrafanaError> {
        if depth >= MAX_FOLDER_DEPTH {
            return Ok(());
        }
        for node in nodes.iter_mut() {
            let kids = self.folder_page(Some(&node.uid)).await?;
            // Servers without nested folders ignore parentUid and repeat the roots.
            node.children = kids
                .into_iter()
                .filter(|k| k.uid != node.uid)
                .map(|f| FolderNode {
                    uid: f.uid,
                    title: f.title,
                    children: vec![],
                })
                .collect();
            if !node.children.is_empty() {
                Box::pin(self.fill_children(&mut node.children, depth + 1)).await?;
            }
        }
        Ok(())
    }

    pub async fn dashboard(&self, uid: &str) -> Result<DashboardDetail, GrafanaError> {
        let mut detail = self.dashboard_model(uid).await.map_err(|e| match e {
            GrafanaError::NotFound(_) => GrafanaError::NotFound(format!("dashboard {uid:?}")),
            e => e,
        })?;
        for panel in detail
            .panels
            .iter_mut()
            .filter(|p| p.data == dashboard::DataNeed::Unknown)
        {
            let Some(lib) = &panel.library_panel else {
                continue;
            };
            let rel = format!("api/library-elements/{}", urlencode(&lib.uid));
            if let Ok(el) = self.get_json(&rel, &[]).await {
                let mut model = el["result"]["model"].clone();
                if model.get("type").is_none()
                    && let Some(obj) = model.as_object_mut()
                {
                    obj.insert("type".into(), el["result"]["type"].clone());
                }
                dashboard::resolve_library_panel(panel, &model);
            }
        }
        Ok(detail)
    }

    /// The dashboard in whichever schema Grafana stores it.
    async fn dashboard_model(&self, uid: &str) -> Result<DashboardDetail, GrafanaError> {
        let rel = format!("api/dashboards/uid/{}", urlencode(uid));
        Ok(match self.get_json(&rel, &[]).await {
            // Grafana 12+ refuses schema-v2 dashboards here (406) and names the API to use.
            Err(GrafanaError::OtherApi(message)) => self.dashboard_v2(uid, &message, None).await?,
            Err(e) => return Err(e),
            Ok(v) => {
                let d = dashboard::parse(&v)?;
                // Some versions answer a v2 dashboard here too, down-converted with losses
                // (tabs flattened): read the native form when there is one.
                match d.api_version.clone() {
                    Some(v) if v.starts_with("v2") => {
                        self.dashboard_v2(uid, "", Some(&v)).await.unwrap_or(d)
                    }
                    _ => d,
                }
            }
        })
    }

    /// A schema-v2 dashboard from the dashboard API named in Grafana's 406 message, else from
    /// the API of the version the dashboard was saved as (`v2beta1` when unknown) in the
    /// connection's namespace.
    async fn dashboard_v2(
        &self,
        uid: &str,
        message: &str,
        version: Option<&str>,
    ) -> Result<DashboardDetail, GrafanaError> {
        // The most stable v2 the server offers, when it says which it offers: Grafana 13 serves
        // schema v2 at `v2` as well as `v2beta1`, and the stable one is the one to rely on.
        let offered = self.dashboard_api_versions().await;
        let stable = most_stable_v2(&offered);
        let rel = v2_path(message, version, self.org_id, uid);
        let rel = match stable {
            Some(v) => with_version(&rel, v),
            None => rel,
        };
        dashboard::parse_v2(&self.get_json(&rel, &[]).await?)
    }

    /// The versions of `dashboard.grafana.app` the server offers (Kubernetes API discovery,
    /// `GET /apis/dashboard.grafana.app`, which Grafana's app platform serves); empty when it
    /// does not say.
    async fn dashboard_api_versions(&self) -> Vec<String> {
        let Ok(v) = self.get_json("apis/dashboard.grafana.app", &[]).await else {
            return Vec::new();
        };
        v["versions"]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|x| x["version"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `apis/dashboard.grafana.app/<version>/namespaces/<ns>/dashboards/<uid>`: the version and
/// namespace Grafana's message names, else `version` (or `v2beta1`) and the org's namespace
/// (`default` for org 1, `org-<id>` for the others, as Grafana maps orgs to namespaces).
fn v2_path(message: &str, version: Option<&str>, org_id: Option<i64>, uid: &str) -> String {
    const API: &str = "/apis/dashboard.grafana.app/";
    let named = message.find(API).and_then(|at| {
        let rest = &message[at + API.len()..];
        let mut parts = rest.split('/');
        let version = parts.next().filter(|v| v.starts_with('v'))?;
        (parts.next() == Some("namespaces")).then_some(())?;
        let ns = parts.next().filter(|n| !n.is_empty())?;
        Some((version.to_string(), ns.to_string()))
    });
    let (version, ns) = named.unwrap_or_else(|| {
        let ns = match org_id {
            None | Some(1) => "default".to_string(),
            Some(n) => format!("org-{n}"),
        };
        (version.unwrap_or("v2beta1").to_string(), ns)
    });
    format!(
        "apis/dashboard.grafana.app/{}/namespaces/{}/dashboards/{}",
        urlencode(&version),
        urlencode(&ns),
        urlencode(uid)
    )
}

/// Base64 of the SHA-256 of a certificate's SubjectPublicKeyInfo (DER).
pub fn spki_sha256(cert_der: &[u8]) -> Result<String, String> {
    use base64::Engine;
    use sha2::Digest;
    let (_, cert) = x509_parser::parse_x509_certificate(cert_der)
        .map_err(|e| format!("the server's certificate cannot be read: {e}"))?;
    let digest = sha2::Sha256::digest(cert.tbs_certificate.subject_pki.raw);
    Ok(base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Schema-v2 API versions from the most stable down.
const V2_VERSIONS: &[&str] = &["v2", "v2beta1", "v2alpha1"];

fn most_stable_v2(offered: &[String]) -> Option<&'static str> {
    V2_VERSIONS
        .iter()
        .copied()
        .find(|v| offered.iter().any(|o| o == v))
}

/// `apis/dashboard.grafana.app/<any>/…` with `version` in its place.
fn with_version(rel: &str, version: &str) -> String {
    const API: &str = "apis/dashboard.grafana.app/";
    match rel.strip_prefix(API).and_then(|r| r.split_once('/')) {
        Some((_, rest)) => format!("{API}{version}/{rest}"),
        None => rel.to_string(),
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The major version of `12.4.1`, `v10.0.0-pre` and the like.
fn major(version: &str) -> Option<u32> {
    version
        .trim_start_matches('v')
        .split(['.', '-'])
        .next()?
        .parse()
        .ok()
}

fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same = attempt.previous().first().is_some_and(|first| {
            first.scheme() == attempt.url().scheme()
                && first.host_str() == attempt.url().host_str()
                && first.port_or_known_default() == attempt.url().port_or_known_default()
        });
        if attempt.previous().len() > 5 || !same {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{major, most_stable_v2, v2_path, with_version};

    #[test]
    fn v2_api_from_the_406_message_or_the_org() {
        // The message as Grafana's GetDashboard writes it (pkg/api/dashboard.go).
        let msg = "dashboard api version not supported, use /apis/dashboard.grafana.app/v2beta1/namespaces/org-3/dashboards/abc instead";
        assert_eq!(
            v2_path(msg, Some("v2alpha1"), Some(3), "abc"),
            "apis/dashboard.grafana.app/v2beta1/namespaces/org-3/dashboards/abc"
        );
        assert_eq!(
            v2_path("nope", None, None, "abc"),
            "apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/abc"
        );
        assert_eq!(
            v2_path("", Some("v2alpha1"), Some(2), "a b"),
            "apis/dashboard.grafana.app/v2alpha1/namespaces/org-2/dashboards/a+b"
        );
    }

    #[test]
    fn the_most_stable_v2_the_server_offers() {
        let offered = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            most_stable_v2(&offered(&["v0alpha1", "v1", "v2alpha1", "v2beta1", "v2"])),
            Some("v2")
        );
        assert_eq!(
            most_stable_v2(&offered(&["v1", "v2alpha1", "v2beta1"])),
            Some("v2beta1")
        );
        assert_eq!(most_stable_v2(&offered(&["v0alpha1", "v1"])), None);
        assert_eq!(
            with_version(
                "apis/dashboard.grafana.app/v2beta1/namespaces/org-3/dashboards/abc",
                "v2"
            ),
            "apis/dashboard.grafana.app/v2/namespaces/org-3/dashboards/abc"
        );
    }

    #[test]
    fn major_versions() {
        assert_eq!(major("12.4.1"), Some(12));
        assert_eq!(major("v10.0.0-pre"), Some(10));
        assert_eq!(major("8.5.27"), Some(8));
        assert_eq!(major("unknown"), None);
    }
}
