//! Which of the page's requests carry a panel's data. Readiness waits for these to start and
//! finish before it believes any of Grafana's "drawn" signals (its query counter drops to 0
//! between variable and panel queries, and in short dips).

/// What a request of the page is, as far as readiness is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// A data-source query a panel draws from.
    PanelData,
    /// A template variable's query: it must finish, but it is not the panel's data.
    VariableQuery,
    Other,
}

/// The routes a data-source query takes through Grafana: the query API (`/api/ds/query`, its
/// successor `/apis/query.grafana.app/…`, the legacy `/api/tsdb/query`), the data-source proxy,
/// and plugin resources.
fn is_data_route(path: &str) -> bool {
    path.ends_with("/api/ds/query")
        || path.ends_with("/api/tsdb/query")
        || path.contains("/api/datasources/proxy/")
        || (path.contains("/api/datasources/") && path.contains("/resources"))
        || (path.contains("/apis/query.grafana.app/") && path.ends_with("/query"))
        || (path.contains("/apis/datasource.grafana.app/") && path.ends_with("/query"))
}

/// Grafana names every query it sends (`?requestId=` on `/api/ds/query`): Scenes' panel query
/// runner `SQR<n>` (scenes `SceneQueryRunner.getNextRequestId`), the classic panel query runner
/// `Q<n>`. A query split into parts (Loki's `runSplitQuery`, grafana
/// public/app/plugins/datasource/loki/querySplitting.ts) sends each part as `<id>_<part>`.
/// Variable queries get a UUID (scenes `createQueryVariableRunner`, `uuidv4()`).
fn is_panel_request_id(id: &str) -> bool {
    let digits = id
        .strip_prefix("SQR")
        .or_else(|| id.strip_prefix('Q'))
        .unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = digits.split('_');
    parts.next().is_some_and(all_digits) && parts.all(all_digits)
}

pub fn classify(url: &str) -> RequestKind {
    let Ok(u) = url::Url::parse(url) else {
        return RequestKind::Other;
    };
    if !is_data_route(u.path()) {
        return RequestKind::Other;
    }
    match u.query_pairs().find(|(k, _)| k == "requestId") {
        Some((_, id)) if !is_panel_request_id(&id) => RequestKind::VariableQuery,
        _ => RequestKind::PanelData,
    }
}

/// Grafana's HTTP API (`/api/…`, and `/apis/…` of the newer app platform), under any sub-path.
pub fn is_grafana_api(url: &str) -> bool {
    url::Url::parse(url)
        .map(|u| u.path().contains("/api/") || u.path().contains("/apis/"))
        .unwrap_or(false)
}

/// Response types that stream: the request stays open after its first packet, which Grafana's
/// query controller already counts as complete (scenes `registerQueryWithController` marks a
/// query done on the first packet that is not `Loading`).
pub fn is_streaming_mime(mime: &str) -> bool {
    let m = mime.to_ascii_lowercase();
    m.starts_with("text/event-stream")
        || m.starts_with("application/x-ndjson")
        || m.starts_with("application/stream+json")
        || m.starts_with("application/jsonl")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_requests_are_told_from_variable_queries_and_the_rest() {
        let g = "https://g.example/grafana";
        for (path, kind) in [
            (
                "/api/ds/query?ds_type=prometheus&requestId=SQR101",
                RequestKind::PanelData,
            ),
            (
                "/api/ds/query?ds_type=loki&requestId=Q12",
                RequestKind::PanelData,
            ),
            (
                "/api/ds/query?ds_type=loki&requestId=SQR101_2",
                RequestKind::PanelData,
            ),
            ("/api/ds/query", RequestKind::PanelData),
            (
                "/api/ds/query?ds_type=prometheus&requestId=7f2c1e7e-9a7d-4b6e-8f0e-1c2d3e4f5a6b",
                RequestKind::VariableQuery,
            ),
            ("/api/tsdb/query", RequestKind::PanelData),
            (
                "/api/datasources/proxy/uid/abc/api/v1/query_range",
                RequestKind::PanelData,
            ),
            (
                "/api/datasources/uid/abc/resources/search",
                RequestKind::PanelData,
            ),
            (
                "/apis/query.grafana.app/v0alpha1/namespaces/default/query",
                RequestKind::PanelData,
            ),
            ("/api/dashboards/uid/abc", RequestKind::Other),
            ("/public/build/app.js", RequestKind::Other),
            ("/api/datasources/uid/abc", RequestKind::Other),
        ] {
            assert_eq!(classify(&format!("{g}{path}")), kind, "{path}");
        }
        assert_eq!(classify("not a url"), RequestKind::Other);
        assert!(!is_panel_request_id("SQR"));
        assert!(!is_panel_request_id("Qx1"));
        assert!(!is_panel_request_id("SQR1_"));
        assert!(!is_panel_request_id("SQR_1"));
    }

    #[test]
    fn streaming_types() {
        assert!(is_streaming_mime("text/event-stream; charset=utf-8"));
        assert!(is_streaming_mime("application/x-ndjson"));
        assert!(!is_streaming_mime("application/json"));
    }
}
