//! Fetching the version list and the archive over HTTP, with progress, an idle limit and a
//! size check: an archive that arrives short is an error, never unpacked.

use std::path::Path;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

use super::{InstallError, Step};

/// Larger than any headless shell (about 100 MB zipped); a server sending more is not serving one.
const MAX_ARCHIVE: u64 = 1 << 30;
const MAX_LIST: u64 = 16 << 20;

pub fn client() -> Result<reqwest::Client, InstallError> {
    reqwest::Client::builder()
        .user_agent(concat!("panelshot/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| InstallError::Io(format!("cannot set up HTTP: {e}")))
}

fn failed(url: &str, detail: impl std::fmt::Display) -> InstallError {
    InstallError::Download {
        url: url.to_string(),
        detail: detail.to_string(),
    }
}

async fn get(client: &reqwest::Client, url: &str) -> Result<reqwest::Response, InstallError> {
    let resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| failed(url, crate::grafana::error_chain(&e)))?;
    if !resp.status().is_success() {
        return Err(failed(
            url,
            format!("the server answered HTTP {}", resp.status()),
        ));
    }
    Ok(resp)
}

/// The version list, whole.
pub async fn fetch_list(
    client: &reqwest::Client,
    url: &str,
    idle: Duration,
) -> Result<Vec<u8>, InstallError> {
    let mut resp = get(client, url).await?;
    let mut body = Vec::new();
    while let Some(chunk) = next_chunk(&mut resp, url, idle).await? {
        body.extend_from_slice(&chunk);
        if body.len() as u64 > MAX_LIST {
            return Err(failed(url, "the version list is larger than 16 MB"));
        }
    }
    Ok(body)
}

async fn next_chunk(
    resp: &mut reqwest::Response,
    url: &str,
    idle: Duration,
) -> Result<Option<bytes::Bytes>, InstallError> {
    match tokio::time::timeout(idle, resp.chunk()).await {
        Err(_) => Err(failed(
            url,
            format!("nothing arrived for {} s", idle.as_secs()),
        )),
        Ok(Err(e)) => Err(failed(
            url,
            format!("the connection broke ({})", crate::grafana::error_chain(&e)),
        )),
        Ok(Ok(chunk)) => Ok(chunk),
    }
}

/// Streams `url` into `dest` (a file in the staging folder), reporting progress. Returns the
/// size. Arriving short of the announced length is `InstallError::Truncated`.
pub async fn archive(
    client: &reqwest::Client,
    url: &str,
    dest: &Path,
    idle: Duration,
    progress: &(dyn Fn(Step) + Send + Sync),
) -> Result<u64, InstallError> {
    let mut resp = get(client, url).await?;
    let total = resp.content_length();
    if total.is_some_and(|t| t > MAX_ARCHIVE) {
        return Err(failed(
            url,
            "the archive is larger than 1 GB; is this the right address?",
        ));
    }
    let io = |e: std::io::Error| InstallError::Io(format!("cannot write {}: {e}", dest.display()));
    let mut file = tokio::fs::File::create(dest).await.map_err(io)?;
    let mut received = 0u64;
    progress(Step::Downloading { received, total });
    loop {
        let chunk = match next_chunk(&mut resp, url, idle).await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(InstallError::Download { detail, .. }) => {
                return Err(InstallError::Interrupted {
                    url: url.to_string(),
                    received,
                    total,
                    detail,
                });
            }
            Err(e) => return Err(e),
        };
        received += chunk.len() as u64;
        if received > total.unwrap_or(MAX_ARCHIVE) {
            return Err(failed(url, "the server sent more than it announced"));
        }
        file.write_all(&chunk).await.map_err(io)?;
        progress(Step::Downloading { received, total });
    }
    if let Some(total) = total.filter(|t| *t != received) {
        return Err(InstallError::Interrupted {
            url: url.to_string(),
            received,
            total: Some(total),
            detail: "the connection closed early".into(),
        });
    }
    file.sync_all().await.map_err(io)?;
    Ok(received)
}
