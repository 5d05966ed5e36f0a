//! Base URLs: what users type (`grafana.example.com`, `https://host/grafana`) into one form.

use url::Url;

use super::GrafanaError;

/// Normalises a Grafana base URL: http or https only, no credentials, no query or fragment,
/// the path kept as a sub-path ending in `/`.
pub fn normalize_base_url(input: &str) -> Result<Url, GrafanaError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(GrafanaError::InvalidUrl("the Grafana URL is empty".into()));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|e| GrafanaError::InvalidUrl(format!("{trimmed:?} is not a valid URL ({e})")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(GrafanaError::InvalidUrl(format!(
            "{trimmed:?} must start with http:// or https://"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(GrafanaError::InvalidUrl(format!("{trimmed:?} has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(GrafanaError::InvalidUrl(
            "put the credentials in the connection's token or user and password, not in the URL"
                .into(),
        ));
    }
    url.set_query(None);
    url.set_fragment(None);
    let path = url.path().trim_end_matches('/').to_string();
    // Users often paste a dashboard link; keep only the part before Grafana's own routes.
    let path = [
        "/d/",
        "/d-solo/",
        "/dashboards",
        "/login",
        "/api/",
        "/explore",
    ]
    .iter()
    .filter_map(|route| path.find(route).map(|i| &path[..i]))
    .min_by_key(|p| p.len())
    .unwrap_or(&path)
    .to_string();
    url.set_path(&format!("{path}/"));
    Ok(url)
}

/// `base` joined with a Grafana-relative path such as `api/search` (keeps any sub-path).
pub fn join(base: &Url, rel: &str) -> Url {
    let mut u = base.clone();
    let path = format!("{}{}", base.path(), rel.trim_start_matches('/'));
    u.set_path(&path);
    u
}

/// `host:port` for messages: never the path or anything secret.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port_or_known_default()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize_base_url(s)
            .map(|u| u.to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn normalises_what_people_type() {
        assert_eq!(n("grafana.example.com"), "https://grafana.example.com/");
        assert_eq!(n("http://127.0.0.1:3000"), "http://127.0.0.1:3000/");
        assert_eq!(n(" https://host/grafana "), "https://host/grafana/");
        assert_eq!(n("https://host/grafana/"), "https://host/grafana/");
        assert_eq!(
            n("https://host/grafana/d/abc/slug?orgId=1&from=now-6h"),
            "https://host/grafana/"
        );
        assert_eq!(
            n("https://host/d-solo/abc/x?panelId=2#frag"),
            "https://host/"
        );
    }

    #[test]
    fn rejects_what_is_not_a_grafana_url() {
        assert!(n("").starts_with("ERR"));
        assert!(n("ftp://host").starts_with("ERR"));
        assert!(n("https://user:pw@host").contains("not in the URL"));
        assert!(n("http://").starts_with("ERR"));
    }

    #[test]
    fn join_keeps_the_sub_path() {
        let base = normalize_base_url("https://host/grafana").unwrap();
        assert_eq!(
            join(&base, "api/health").as_str(),
            "https://host/grafana/api/health"
        );
        assert_eq!(
            join(&base, "/api/org").as_str(),
            "https://host/grafana/api/org"
        );
        assert_eq!(host_of(&base), "host:443");
    }
}
