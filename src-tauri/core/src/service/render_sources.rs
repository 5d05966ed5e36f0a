//! What every render of one dashboard needs — Grafana's base URL, the dashboard, and the
//! credential for its origin — fetched once and kept for a few seconds, so a batch, a job and a
//! run of live previews do not read the keyring and fetch the dashboard again for every image.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Core, ServiceError};
use crate::grafana::DashboardDetail;
use crate::render::{CaptureKind, OriginAuth, PageTarget, RenderJob, RenderOptions, WaitReport};

/// Long enough to cover a batch or a burst of previews, short enough that a dashboard edited in
/// Grafana is picked up almost at once.
const FRESH_FOR: Duration = Duration::from_secs(10);

pub(crate) struct RenderSource {
    pub base: url::Url,
    pub detail: Arc<DashboardDetail>,
    pub auth: OriginAuth,
    /// The server key Panelshot verified with the connection's own TLS settings, for the
    /// browser (`RenderJob::trusted_key`).
    pub trusted_key: Option<String>,
}

impl RenderSource {
    /// A render of this dashboard (`panel: None`) or of one of its panels, sent with the
    /// credential of the dashboard's own origin.
    pub fn job(
        &self,
        panel: Option<String>,
        options: RenderOptions,
        kind: CaptureKind,
        needs_query: Option<bool>,
    ) -> RenderJob {
        RenderJob {
            base: self.base.clone(),
            target: PageTarget {
                dashboard_uid: self.detail.uid.clone(),
                slug: self.detail.slug.clone(),
                // Only when the connection names one: a token's own org is the right default.
                org_id: self.auth.org_id,
                panel,
            },
            options,
            auth: self.auth.clone(),
            kind,
            needs_query,
            waiting: WaitReport::default(),
            trusted_key: self.trusted_key.clone(),
            want_data: false,
        }
    }
}

type Key = (String, String);

#[derive(Default)]
pub(crate) struct RenderSources(Mutex<HashMap<Key, (Instant, Arc<RenderSource>)>>);

impl RenderSources {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (Instant, Arc<RenderSource>)>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn get(&self, key: &Key) -> Option<Arc<RenderSource>> {
        let mut map = self.lock();
        map.retain(|_, (at, _)| at.elapsed() < FRESH_FOR);
        map.get(key).map(|(_, t)| t.clone())
    }

    fn put(&self, key: Key, source: Arc<RenderSource>) {
        self.lock().insert(key, (Instant::now(), source));
    }

    /// After a connection changes or goes, nothing fetched with its old settings may be used.
    pub(crate) fn forget(&self) {
        self.lock().clear();
    }
}

impl Core {
    /// The dashboard as an export of it starting now reads it: fetched once and kept for the
    /// few seconds a batch takes, so a caller that looks at it first (the CLI's `--all-panels`)
    /// costs Grafana no second fetch.
    pub async fn dashboard_for_export(
        &self,
        connection: &str,
        uid: &str,
    ) -> Result<Arc<DashboardDetail>, ServiceError> {
        Ok(self.render_source(connection, uid).await?.detail.clone())
    }

    pub(crate) async fn render_source(
        &self,
        connection: &str,
        uid: &str,
    ) -> Result<Arc<RenderSource>, ServiceError> {
        let key = (connection.to_string(), uid.to_string());
        if let Some(t) = self.render_sources.get(&key) {
            // A person's session may be due for rotation since: one small API call rotates it
            // (the render source shares the session, so the render sends the new cookie). A page
            // load would otherwise meet Grafana's rotation redirect, whose new cookie the
            // browser, not Panelshot, would get.
            if t.auth.session.is_some() {
                self.client(connection)?.signed_in_user().await?;
            }
            return Ok(t);
        }
        let conn = self.store.connection(connection)?;
        let client = self.client(connection)?;
        // Reading the dashboard also rotates a person's session when Grafana asks, so the
        // render starts with a cookie Grafana accepts.
        let detail = client.dashboard(uid).await?;
        let trusted_key = client.server_key().await?;
        let source = Arc::new(RenderSource {
            base: client.base().clone(),
            detail: Arc::new(detail),
            auth: super::export::origin_auth(client.credentials(), conn.org_id),
            trusted_key,
        });
        self.render_sources.put(key, source.clone());
        Ok(source)
    }
}
