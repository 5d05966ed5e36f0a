//! One tab, reused across renders: auth only for the current render's Grafana origin (CDP
//! Fetch), the network requests in flight, the main document's status, and the render binding.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::emulation::SetScriptExecutionDisabledParams;
use chromiumoxide::cdp::browser_protocol::fetch::{
    ContinueRequestParams, EnableParams as FetchEnable, EventRequestPaused, HeaderEntry,
    RequestPattern, RequestStage,
};
use chromiumoxide::cdp::browser_protocol::network::{
    EventDataReceived, EventLoadingFailed, EventLoadingFinished, EventRequestWillBeSent,
    EventResponseReceived, EventResponseReceivedExtraInfo, ResourceType,
};
use chromiumoxide::cdp::browser_protocol::page::AddScriptToEvaluateOnNewDocumentParams;
use chromiumoxide::cdp::js_protocol::runtime::{AddBindingParams, EventBindingCalled};
use futures::StreamExt;
use url::Url;

use super::RenderError;
use super::error::cdp;
use super::readiness::{DataFailure, DataProgress, INIT_SCRIPT};
use super::requests::{RequestKind, classify, is_streaming_mime};
use crate::secrets::{Secret, SessionCookie};

pub const BINDING: &str = "__grafanaImageRendererMessageChannel";

/// The credential for the Grafana origin: a full `Authorization` value or a person's session
/// cookie, plus the org header.
#[derive(Debug, Clone)]
pub struct OriginAuth {
    /// `Bearer …` or `Basic …`.
    pub authorization: Option<Secret>,
    /// Sent as the origin's only `Cookie` header; read at each request, so a rotation by the
    /// API client or by the page itself is used at once.
    pub session: Option<SessionCookie>,
    pub org_id: Option<i64>,
}

/// Where Grafana hands out a rotated session (the API's and the page-load form): their
/// answers are read at the response stage so the new cookie is kept.
fn is_rotation(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| u.path().ends_with("/user/auth-tokens/rotate"))
}

/// A request still open after this long no longer holds readiness back: Grafana's own signals
/// cover its queries, and a third-party image that never loads must not fail the export.
const STALE_REQUEST: Duration = Duration::from_secs(10);

#[derive(Debug, Default)]
pub struct NetState {
    /// Open requests: id → (url, when it started).
    in_flight: HashMap<String, (String, Instant)>,
    /// Finished ids. Events arrive on separate streams, so a request's "finished" can be seen
    /// before its "will be sent"; remembering it keeps such a request from staying open forever.
    done: HashSet<String>,
    last_change: Option<Instant>,
    /// Panel data requests still open; `true` once their response turned out to stream.
    data_open: HashMap<String, bool>,
    /// Data requests that already received bytes (events of one request arrive on separate
    /// streams, so the bytes may be seen before the response that says it streams).
    data_received: HashSet<String>,
    data: DataProgress,
    /// URL of every panel data request seen: its response and its end arrive on separate
    /// event streams, in either order.
    data_urls: HashMap<String, String>,
    /// Panel data requests whose whole answer arrived, in the order they finished: the data
    /// the panel drew from (a later answer for the same query replaces an earlier one).
    pub data_answered: Vec<(String, String)>,
    /// The first data request Grafana failed (5xx) or that never got an answer.
    pub data_failure: Option<DataFailure>,
    /// The first of Grafana's API calls that answered 5xx while the page loaded, any host
    /// (the renderer keeps only its own origin's).
    pub api_failure: Option<(i64, String)>,
    /// Status of the main document (the last one, after redirects).
    pub document_status: Option<(i64, String)>,
    pub binding_complete: bool,
}

impl NetState {
    pub fn in_flight(&self) -> usize {
        self.in_flight
            .values()
            .filter(|(_, t)| t.elapsed() < STALE_REQUEST)
            .count()
    }
    /// One open request's URL, for the timeout message.
    pub fn an_open_request(&self) -> Option<String> {
        self.in_flight
            .values()
            .filter(|(_, t)| t.elapsed() < STALE_REQUEST)
            .map(|(u, _)| u.clone())
            .next()
    }
    /// Panel data queries started, finished and open.
    pub fn data(&self) -> DataProgress {
        DataProgress {
            in_flight: self.data_open.len() as u32,
            ..self.data
        }
    }
    fn open(&mut self, id: &str, url: &str) {
        if !self.done.contains(id) && !self.in_flight.contains_key(id) {
            self.in_flight
                .insert(id.to_string(), (url.to_string(), Instant::now()));
            match classify(url) {
                RequestKind::PanelData => {
                    self.data.started += 1;
                    self.data_open.insert(id.to_string(), false);
                    self.data_urls.insert(id.to_string(), url.to_string());
                }
                RequestKind::VariableQuery => self.data.variable_queries += 1,
                RequestKind::Other => {}
            }
        }
        self.touch();
    }
    /// A request ended: `ok` when its response arrived, not when it failed or was cancelled.
    fn close(&mut self, id: &str, ok: bool) {
        self.in_flight.remove(id);
        self.done.insert(id.to_string());
        if let Some(streaming) = self.data_open.remove(id) {
            if ok
                && !streaming
                && let Some(url) = self.data_urls.get(id)
            {
                self.data_answered.push((id.to_string(), url.clone()));
            }
            if ok {
                self.data.arrived += 1;
            } else {
                self.data.failed += 1;
            }
        }
        self.touch();
    }
    /// A request failed. A cancel (Grafana aborts a superseded query) is no failure of
    /// Grafana's; any other network error on a data request means Grafana stopped answering.
    fn fail(&mut self, id: &str, error_text: &str, canceled: bool) {
        let aborted = canceled || error_text.contains("ERR_ABORTED");
        if !aborted && self.data_open.contains_key(id) {
            self.data.lost += 1;
            if self.data_failure.is_none() {
                self.data_failure = Some(DataFailure::Lost {
                    detail: error_text.to_string(),
                    url: self.data_urls.get(id).cloned().unwrap_or_default(),
                });
            }
        }
        self.close(id, false);
    }
    /// A data response that streams counts as arrived at its first packet, as Grafana counts
    /// the query complete then; it then no longer holds the network back either.
    fn response(&mut self, id: &str, mime: &str, status: i64) {
        if status >= 500
            && self.data_failure.is_none()
            && let Some(url) = self.data_urls.get(id)
        {
            self.data_failure = Some(DataFailure::ServerError {
                status,
                url: url.clone(),
            });
        }
        if is_streaming_mime(mime)
            && let Some(streaming) = self.data_open.get_mut(id)
        {
            *streaming = true;
            if self.data_received.contains(id) {
                self.close(id, true);
            }
        }
    }
    /// Grafana's own API failing while the page loads (the dashboard's JSON, a library panel,
    /// the data source list): the page then shows "not found" or an empty panel, but the
    /// truth is that Grafana failed.
    fn api_answer(&mut self, status: i64, url: &str) {
        if status >= 500 && self.api_failure.is_none() && super::requests::is_grafana_api(url) {
            self.api_failure = Some((status, url.to_string()));
        }
    }
    fn received(&mut self, id: &str) {
        match self.data_open.get(id) {
            Some(true) => self.close(id, true),
            Some(false) => {
                self.data_received.insert(id.to_string());
            }
            None => {}
        }
    }
    pub fn quiet_for(&self) -> Duration {
        self.last_change
            .map(|t| t.elapsed())
            .unwrap_or(Duration::from_secs(3600))
    }
    fn touch(&mut self) {
        self.last_change = Some(Instant::now());
    }
}

pub type Shared = Arc<Mutex<NetState>>;

fn lock(s: &Shared) -> std::sync::MutexGuard<'_, NetState> {
    s.lock().unwrap_or_else(|p| p.into_inner())
}

/// Same scheme, host and port as the connection: the only place credentials may go.
pub fn same_origin(a: &Url, b: &str) -> bool {
    Url::parse(b).is_ok_and(|u| u.origin() == a.origin())
}

/// Builds the header list for a paused request to the Grafana origin: every original header
/// (a header override replaces them all), minus any credential, plus ours.
pub fn headers_with_auth(original: &serde_json::Value, auth: &OriginAuth) -> Vec<HeaderEntry> {
    let mut out: Vec<HeaderEntry> = original
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| {
                    let ours = k.eq_ignore_ascii_case("authorization")
                        || k.eq_ignore_ascii_case("x-grafana-org-id")
                        || (auth.session.is_some() && k.eq_ignore_ascii_case("cookie"));
                    !ours
                })
                .map(|(k, v)| {
                    HeaderEntry::new(
                        k.clone(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(a) = &auth.authorization {
        out.push(HeaderEntry::new("Authorization", a.expose()));
    }
    if let Some(s) = &auth.session {
        out.push(HeaderEntry::new("Cookie", s.current().expose()));
    }
    if let Some(org) = auth.org_id {
        out.push(HeaderEntry::new("X-Grafana-Org-Id", org.to_string()));
    }
    out
}

/// `Set-Cookie` lines of the answers seen, by network request id: the Fetch domain leaves them
/// out of a paused response's headers; only `Network.responseReceivedExtraInfo` has them.
type SetCookies = Arc<Mutex<HashMap<String, String>>>;

/// The `Set-Cookie` lines of request `id`, waiting a little for their event (it arrives on
/// its own stream, around the time the response is paused).
async fn set_cookie_lines(cookies: &SetCookies, id: &str) -> Option<String> {
    for _ in 0..40 {
        if let Some(lines) = cookies.lock().unwrap_or_else(|p| p.into_inner()).remove(id) {
            return Some(lines);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

/// The credential in force for the tab's current render, with the origin it belongs to.
type AuthSlot = Arc<Mutex<Option<(Url, OriginAuth)>>>;

/// One tab, subscribed once to everything a render needs, and reused render after render: the
/// tab, its renderer process and its listeners are set up once, not per image.
pub struct Tab {
    pub page: Page,
    pub net: Shared,
    auth: AuthSlot,
    /// Served an earlier render (set when taken from the parked tabs).
    pub reused: bool,
    /// Renders begun in this tab.
    served: std::sync::atomic::AtomicU32,
}

impl Tab {
    /// Subscribes to the tab's events and installs the render binding and the readiness script
    /// (both survive navigations).
    pub async fn open(page: Page) -> Result<Tab, RenderError> {
        let net: Shared = Arc::new(Mutex::new(NetState::default()));
        let auth: AuthSlot = Arc::new(Mutex::new(None));

        let mut paused = page
            .event_listener::<EventRequestPaused>()
            .await
            .map_err(cdp)?;
        let set_cookies: SetCookies = Arc::new(Mutex::new(HashMap::new()));
        let mut extra = page
            .event_listener::<EventResponseReceivedExtraInfo>()
            .await
            .map_err(cdp)?;
        let seen = set_cookies.clone();
        tokio::spawn(async move {
            while let Some(ev) = extra.next().await {
                let line = ev.headers.inner().as_object().and_then(|h| {
                    h.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
                        .and_then(|(_, v)| v.as_str().map(str::to_string))
                });
                if let Some(line) = line {
                    let mut map = seen.lock().unwrap_or_else(|p| p.into_inner());
                    // Only rotations are read; a page that sets many cookies must not grow this.
                    if map.len() > 64 {
                        map.clear();
                    }
                    map.insert(ev.request_id.inner().clone(), line);
                }
            }
        });
        let intercept_page = page.clone();
        let slot = auth.clone();
        tokio::spawn(async move {
            while let Some(ev) = paused.next().await {
                let mut params = ContinueRequestParams::new(ev.request_id.clone());
                let current = slot.lock().unwrap_or_else(|p| p.into_inner()).clone();
                let at_response =
                    ev.response_status_code.is_some() || ev.response_error_reason.is_some();
                // Patterns already limit pausing to the origin; check again, exactly, because
                // a redirect hop to another host must never inherit the header.
                if let Some((origin, a)) = current
                    && same_origin(&origin, &ev.request.url)
                {
                    if !at_response {
                        params.headers = Some(headers_with_auth(ev.request.headers.inner(), &a));
                    } else if is_rotation(&ev.request.url)
                        && let (Some(session), Some(id)) = (a.session, ev.network_id.clone())
                    {
                        // The page rotated the session itself (Grafana's front end does, on
                        // `session.token.rotate`): the new cookie is kept before the page sees
                        // the answer, so its retry already carries it. The answer is held
                        // meanwhile; other requests go on.
                        let (page, cookies) = (intercept_page.clone(), set_cookies.clone());
                        tokio::spawn(async move {
                            if let Some(lines) = set_cookie_lines(&cookies, id.inner()).await {
                                let _ = session.absorb(lines.split('\n'));
                            }
                            let _ = page.execute(params).await;
                        });
                        continue;
                    }
                }
                let _ = intercept_page.execute(params).await;
            }
        });

        let mut sent = page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .map_err(cdp)?;
        let mut finished = page
            .event_listener::<EventLoadingFinished>()
            .await
            .map_err(cdp)?;
        let mut failed = page
            .event_listener::<EventLoadingFailed>()
            .await
            .map_err(cdp)?;
        let mut responses = page
            .event_listener::<EventResponseReceived>()
            .await
            .map_err(cdp)?;
        let mut chunks = page
            .event_listener::<EventDataReceived>()
            .await
            .map_err(cdp)?;
        let mut bindings = page
            .event_listener::<EventBindingCalled>()
            .await
            .map_err(cdp)?;
        let st = net.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    Some(ev) = sent.next() => {
                        // Long-lived streams never finish; they must not hold readiness forever.
                        let streaming = matches!(ev.r#type, Some(ResourceType::EventSource | ResourceType::WebSocket));
                        if !streaming && !ev.request.url.starts_with("data:") {
                            lock(&st).open(ev.request_id.inner(), &ev.request.url);
                        }
                    }
                    Some(ev) = finished.next() => lock(&st).close(ev.request_id.inner(), true),
                    Some(ev) = failed.next() => lock(&st).fail(
                        ev.request_id.inner(),
                        &ev.error_text,
                        ev.canceled.unwrap_or(false),
                    ),
                    Some(ev) = responses.next() => {
                        let mut s = lock(&st);
                        if ev.r#type == ResourceType::Document {
                            s.document_status = Some((ev.response.status, ev.response.url.clone()));
                        }
                        s.response(ev.request_id.inner(), &ev.response.mime_type, ev.response.status);
                        s.api_answer(ev.response.status, &ev.response.url);
                    }
                    Some(ev) = chunks.next() => lock(&st).received(ev.request_id.inner()),
                    Some(ev) = bindings.next() => {
                        if ev.name == BINDING && ev.payload.contains("REPORT_RENDER_COMPLETE") {
                            lock(&st).binding_complete = true;
                        }
                    }
                    else => break,
                }
            }
        });

        // Installing the binding makes us a render target in Grafana's eyes (isRenderTarget).
        page.execute(AddBindingParams::new(BINDING))
            .await
            .map_err(cdp)?;
        page.execute(AddScriptToEvaluateOnNewDocumentParams::new(INIT_SCRIPT))
            .await
            .map_err(cdp)?;
        Ok(Tab {
            page,
            net,
            auth,
            reused: false,
            served: Default::default(),
        })
    }

    pub fn served(&self) -> u32 {
        self.served.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A parked page runs no script: the last dashboard's auto-refresh would otherwise keep
    /// querying Grafana (without credentials, so 401s in its log) and its live panels keep
    /// drawing until the tab is reused or closed. `begin` turns scripts back on.
    pub async fn pause(&self) -> Result<(), RenderError> {
        self.page
            .execute(SetScriptExecutionDisabledParams::new(true))
            .await
            .map_err(cdp)?;
        Ok(())
    }

    /// Between renders the tab holds no credential.
    pub fn forget_auth(&self) {
        *self.auth.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Points the tab at one render: this origin alone gets this credential, and the network
    /// record starts empty.
    pub async fn begin(&self, origin: &Url, auth: OriginAuth) -> Result<(), RenderError> {
        self.served
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.page
            .execute(SetScriptExecutionDisabledParams::new(false))
            .await
            .map_err(cdp)?;
        *self.auth.lock().unwrap_or_else(|p| p.into_inner()) = Some((origin.clone(), auth));
        *lock(&self.net) = NetState::default();
        let pattern = format!("{}/*", origin.origin().ascii_serialization());
        self.page
            .execute(
                FetchEnable::builder()
                    .pattern(
                        RequestPattern::builder()
                            .url_pattern(pattern)
                            .request_stage(RequestStage::Request)
                            .build(),
                    )
                    .pattern(
                        RequestPattern::builder()
                            .url_pattern(format!(
                                "{}/*user/auth-tokens/rotate*",
                                origin.origin().ascii_serialization()
                            ))
                            .request_stage(RequestStage::Response)
                            .build(),
                    )
                    .build(),
            )
            .await
            .map_err(cdp)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finish_seen_before_its_start_does_not_leave_the_request_open() {
        let mut n = NetState::default();
        n.open("1", "http://g/a");
        n.close("1", true);
        n.open("1", "http://g/a"); // the redirect hop's event, late
        n.close("2", true);
        n.open("2", "http://g/b"); // finished first, started later
        assert_eq!(n.in_flight(), 0);
        n.open("3", "http://g/c");
        assert_eq!(
            (n.in_flight(), n.an_open_request().as_deref()),
            (1, Some("http://g/c"))
        );
    }

    #[test]
    fn data_queries_are_counted_apart_from_variables_cancels_and_streams() {
        let mut n = NetState::default();
        n.open(
            "v",
            "http://g/api/ds/query?ds_type=x&requestId=0f1e2d3c-aaaa",
        );
        n.close("v", true);
        assert_eq!(
            n.data(),
            DataProgress {
                variable_queries: 1,
                ..Default::default()
            }
        );
        n.open("c", "http://g/api/ds/query?ds_type=x&requestId=SQR100");
        n.open("c", "http://g/api/ds/query?ds_type=x&requestId=SQR100"); // redirect hop
        n.close("c", false); // cancelled
        n.open("r", "http://g/api/ds/query?ds_type=x&requestId=SQR101");
        let d = n.data();
        assert_eq!((d.started, d.failed, d.arrived, d.in_flight), (2, 1, 0, 1));
        n.close("r", true);
        assert_eq!((n.data().arrived, n.data().in_flight), (1, 0));
        // A streaming answer: arrived at its first packet, whichever event is seen first.
        n.open("s1", "http://g/api/ds/query?requestId=SQR102");
        n.response("s1", "text/event-stream", 200);
        n.received("s1");
        n.open("s2", "http://g/api/ds/query?requestId=SQR103");
        n.received("s2");
        assert_eq!(
            n.data().in_flight,
            1,
            "bytes of a plain answer are not its end"
        );
        n.response("s2", "application/x-ndjson", 200);
        assert_eq!(
            (n.data().arrived, n.data().in_flight, n.in_flight()),
            (3, 0, 0)
        );
    }

    #[test]
    fn grafana_failing_a_data_query_is_told_from_a_cancel() {
        let mut n = NetState::default();
        n.open("a", "http://g/api/ds/query?requestId=SQR1");
        n.fail("a", "net::ERR_ABORTED", true);
        assert_eq!(
            (n.data().lost, n.data_failure.is_none()),
            (0, true),
            "a cancel"
        );
        n.open("b", "http://g/api/ds/query?requestId=SQR2");
        // The end seen before the response: the status still counts.
        n.close("b", true);
        n.response("b", "application/json", 502);
        assert_eq!(
            n.data_failure,
            Some(DataFailure::ServerError {
                status: 502,
                url: "http://g/api/ds/query?requestId=SQR2".into()
            })
        );
        let mut n = NetState::default();
        n.open("c", "http://g/api/ds/query?requestId=SQR3");
        n.fail("c", "net::ERR_EMPTY_RESPONSE", false);
        assert_eq!(n.data().lost, 1);
        assert!(
            matches!(&n.data_failure, Some(DataFailure::Lost { detail, .. }) if detail.contains("EMPTY"))
        );
        // A third-party image failing is none of the panel's data.
        n.open("i", "http://cdn.example/logo.png");
        n.fail("i", "net::ERR_NAME_NOT_RESOLVED", false);
        assert_eq!(n.data().lost, 1);
    }

    #[test]
    fn the_first_failing_grafana_api_call_is_kept() {
        let mut n = NetState::default();
        n.api_answer(200, "http://g/grafana/api/dashboards/uid/a");
        n.api_answer(503, "http://cdn.example/lib.js");
        assert_eq!(n.api_failure, None, "only Grafana's API");
        n.api_answer(500, "http://g/grafana/api/dashboards/uid/a");
        n.api_answer(502, "http://g/grafana/apis/dashboard.grafana.app/v1/x");
        assert_eq!(
            n.api_failure,
            Some((500, "http://g/grafana/api/dashboards/uid/a".to_string()))
        );
    }

    #[test]
    fn origin_is_scheme_host_and_port() {
        let g = Url::parse("https://grafana.example.com/sub/").unwrap();
        assert!(same_origin(
            &g,
            "https://grafana.example.com/sub/api/ds/query"
        ));
        assert!(same_origin(
            &g,
            "https://grafana.example.com:443/public/app.js"
        ));
        assert!(!same_origin(&g, "http://grafana.example.com/"));
        assert!(!same_origin(&g, "https://grafana.example.com:8443/"));
        assert!(!same_origin(&g, "https://cdn.example.com/"));
        assert!(!same_origin(&g, "https://grafana.example.com.evil.io/"));
        assert!(!same_origin(&g, "not a url"));
    }

    #[test]
    fn headers_keep_the_originals_and_replace_credentials() {
        let original = serde_json::json!({
            "Content-Type": "application/json",
            "Accept": "*/*",
            "authorization": "Bearer stale",
            "X-Grafana-Org-Id": "9"
        });
        let auth = OriginAuth {
            authorization: Some(Secret::new("Bearer glsa_x")),
            session: None,
            org_id: Some(2),
        };
        let h = headers_with_auth(&original, &auth);
        let get = |n: &str| {
            h.iter()
                .filter(|e| e.name.eq_ignore_ascii_case(n))
                .map(|e| e.value.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("content-type"), vec!["application/json"]);
        assert_eq!(get("accept"), vec!["*/*"]);
        assert_eq!(get("authorization"), vec!["Bearer glsa_x"]);
        assert_eq!(get("x-grafana-org-id"), vec!["2"]);
        assert_eq!(get("cookie"), Vec::<String>::new());
        // A person's session: the origin's one Cookie header is the session's current value,
        // whatever the page's own jar held.
        let session = SessionCookie::new(Secret::new("grafana_session=abc"));
        let with_cookie = serde_json::json!({ "Cookie": "grafana_session=stale; x=1" });
        let auth = OriginAuth {
            authorization: None,
            session: Some(session.clone()),
            org_id: None,
        };
        let h = headers_with_auth(&with_cookie, &auth);
        assert_eq!(h.len(), 1);
        assert_eq!(
            (h[0].name.as_str(), h[0].value.as_str()),
            ("Cookie", "grafana_session=abc")
        );
        session.absorb(["grafana_session=def; Path=/"]).unwrap();
        assert_eq!(
            headers_with_auth(&with_cookie, &auth)[0].value,
            "grafana_session=def"
        );
        assert!(is_rotation("http://g/sub/api/user/auth-tokens/rotate"));
        assert!(is_rotation(
            "http://g/user/auth-tokens/rotate?redirectTo=%2Fd%2Fa"
        ));
        assert!(!is_rotation("http://g/api/user"));
    }
}
