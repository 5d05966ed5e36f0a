//! Saved jobs: validated on save, run in parallel through the render pool with one history
//! row per item.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;

use super::export::{ExportItem, ExportRequest, ExportTarget, Progress};
use super::presets::check_look;
use super::{Core, Look, LookPatch, ServiceError};
use crate::store::{Job, JobItem};

/// What a job run made.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum JobRun {
    Images { items: Vec<ExportItem> },
    Deck { deck: super::DeckResult },
}

impl JobRun {
    /// Whether everything the job was to make was made.
    pub fn ok(&self) -> bool {
        match self {
            JobRun::Images { items } => items.iter().all(|i| i.error.is_none()),
            JobRun::Deck { deck } => deck.error.is_none(),
        }
    }
}

/// `UID:PANEL[;from=T][;to=T][;var-NAME=V]...` → a job item.
pub fn parse_job_item(spec: &str) -> Result<JobItem, ServiceError> {
    let bad = || {
        ServiceError::Invalid(format!(
            "{spec:?} is not DASHBOARD_UID:PANEL[;from=T][;to=T][;var-NAME=VALUE]"
        ))
    };
    let mut parts = spec.split(';');
    let head = parts.next().ok_or_else(bad)?;
    let (uid, panel) = head.rsplit_once(':').ok_or_else(bad)?;
    if uid.is_empty() || panel.is_empty() {
        return Err(bad());
    }
    let mut item = JobItem {
        dashboard_uid: uid.into(),
        panel: panel.into(),
        vars: vec![],
        time_from: None,
        time_to: None,
        title: None,
    };
    for p in parts.filter(|p| !p.is_empty()) {
        let (k, v) = p.split_once('=').ok_or_else(bad)?;
        match k {
            "from" => item.time_from = Some(v.into()),
            "to" => item.time_to = Some(v.into()),
            _ => match k.strip_prefix("var-") {
                Some(name) if !name.is_empty() => item.vars.push((name.into(), v.into())),
                _ => return Err(bad()),
            },
        }
    }
    Ok(item)
}

impl Core {
    pub fn save_job(&self, job: &Job) -> Result<(), ServiceError> {
        if job.name.trim().is_empty() {
            return Err(ServiceError::Invalid("a job needs a name".into()));
        }
        if job.items.is_empty() {
            return Err(ServiceError::Invalid(
                "a job needs at least one panel".into(),
            ));
        }
        crate::export::check_template(&job.template)?;
        self.store.connection(&job.connection)?;
        match (&job.look, &job.preset) {
            (Some(look), _) => check_look(look)?,
            (None, Some(p)) => {
                self.store.preset(p)?;
            }
            (None, None) => {}
        }
        Ok(self.store.save_job(job)?)
    }

    /// The job's look: the one kept inside it, else its preset (else the default one), over
    /// the defaults and settings.
    fn job_look(&self, job: &Job) -> Result<Look, ServiceError> {
        match &job.look {
            Some(look) => self.look_of(Some(look), &LookPatch::default()),
            None => self.resolve_look(job.preset.as_deref(), &LookPatch::default()),
        }
    }

    /// Runs a job: its deck (`<job name>-<date>.pptx|pdf` in its folder), or one image per
    /// item. `output` replaces the job's folder for this run.
    pub async fn run_job_any(
        &self,
        name: &str,
        output: Option<PathBuf>,
        progress: &(dyn Fn(Progress<'_>) + Send + Sync),
        deck_progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<JobRun, ServiceError> {
        let job = self.store.job(name)?;
        let Some(deck) = job.deck else {
            return Ok(JobRun::Images {
                items: self.run_job(name, output, progress).await?,
            });
        };
        let look = self.job_look(&job)?;
        let dir = output.unwrap_or_else(|| PathBuf::from(&job.output_dir));
        let file = crate::export::render_name(
            "{dashboard}-{date}.{ext}",
            &crate::export::NameParts {
                dashboard: &job.name,
                panel: "",
                panel_id: "",
                width: 0,
                height: 0,
                ext: deck.format.extension(),
                now: chrono::Local::now(),
            },
        );
        let req = super::DeckRequest {
            connection: job.connection.clone(),
            panels: job
                .items
                .iter()
                .map(|i| super::DeckPanel {
                    dashboard_uid: i.dashboard_uid.clone(),
                    panel: i.panel.clone(),
                    title: i.title.clone(),
                    from: i.time_from.clone(),
                    to: i.time_to.clone(),
                    vars: i.vars.clone(),
                })
                .collect(),
            options: look.options,
            layout: deck.layout,
            output: dir.join(file),
            overwrite: false,
        };
        Ok(JobRun::Deck {
            deck: self.export_deck(&req, deck_progress).await?,
        })
    }

    /// Runs every item of a job as images; a failing item (a panel that disappeared, a
    /// timeout) fails alone. `output` replaces the job's folder for this run.
    pub async fn run_job(
        &self,
        name: &str,
        output: Option<PathBuf>,
        progress: &(dyn Fn(Progress<'_>) + Send + Sync),
    ) -> Result<Vec<ExportItem>, ServiceError> {
        let job = self.store.job(name)?;
        let look = self.job_look(&job)?;
        let (base, format, quality) = (look.options, look.format, look.quality);
        let dir = output.unwrap_or_else(|| PathBuf::from(&job.output_dir));
        let total = job.items.len();
        let done = AtomicUsize::new(0);
        let mut results: Vec<(usize, ExportItem)> =
            futures::stream::iter(job.items.clone().into_iter().enumerate())
                .map(|(i, item)| {
                    let mut options = base.clone();
                    if !item.vars.is_empty() {
                        options.vars = item.vars.clone();
                    }
                    if item.time_from.is_some() {
                        options.from = item.time_from.clone();
                    }
                    if item.time_to.is_some() {
                        options.to = item.time_to.clone();
                    }
                    let req = ExportRequest {
                        each: None,
                        data: None,
                        connection: job.connection.clone(),
                        dashboard_uid: item.dashboard_uid.clone(),
                        targets: vec![ExportTarget::Panel(item.panel.clone())],
                        options,
                        natural_size: look.natural_size,
                        format,
                        quality,
                        // Always a folder: several items share it.
                        output: Some(dir.join("")),
                        overwrite: false,
                        template: job.template.clone(),
                    };
                    let done = &done;
                    async move {
                        let report = |p: Progress<'_>| {
                            let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                            progress(Progress {
                                done: n,
                                total,
                                item: p.item,
                            });
                        };
                        // A request refused outright (bad options) still fails this item
                        // visibly and in history, rather than vanishing from the results.
                        let mut items = match self.export(&req, &report).await {
                            Ok(items) => items,
                            Err(e) => self.fail_all(&req, &e, &report),
                        };
                        (i, items.pop())
                    }
                })
                .buffer_unordered(self.items_in_flight())
                .filter_map(|(i, item)| async move { item.map(|item| (i, item)) })
                .collect()
                .await;
        results.sort_by_key(|(i, _)| *i);
        Ok(results.into_iter().map(|(_, item)| item).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_refused_outright_still_reports_and_records_every_item() {
        let (dir, core) = crate::service::test_core();
        core.add_connection(crate::service::AddConnection {
            name: "c".into(),
            url: "http://127.0.0.1:9/".into(),
            org_id: None,
            auth: crate::service::AuthInput::None,
            ca_cert_pem: None,
            insecure: false,
            timeout_secs: None,
        })
        .unwrap();
        let item = |panel: &str| JobItem {
            dashboard_uid: "d".into(),
            panel: panel.into(),
            vars: vec![],
            time_from: None,
            time_to: None,
            title: None,
        };
        let job = Job {
            name: "j".into(),
            connection: "c".into(),
            preset: None,
            output_dir: dir.path().display().to_string(),
            template: "{panel}-{when}.{ext}".into(),
            items: vec![item("1"), item("2")],
            deck: None,
            look: None,
        };
        assert_eq!(
            crate::error::Coded::code(&core.save_job(&job).unwrap_err()),
            "export.invalid_template"
        );
        // A row written before templates were checked (or by hand) must not vanish silently.
        core.store.save_job(&job).unwrap();
        let seen = std::sync::Mutex::new(0);
        let items = core
            .run_job("j", None, &|_| *seen.lock().unwrap() += 1)
            .await
            .unwrap();
        assert_eq!(items.len(), 2);
        assert!(
            items
                .iter()
                .all(|i| i.error.as_ref().unwrap().code == "export.invalid_template")
        );
        assert_eq!(*seen.lock().unwrap(), 2);
        assert_eq!(core.store.history_count().unwrap(), 2);
    }

    #[test]
    fn job_items_parse_with_overrides() {
        let item = parse_job_item(
            "b7c1f0e2-api-latency:panel-3;from=now-24h;var-service=cart;var-service=auth",
        )
        .unwrap();
        assert_eq!(
            (item.dashboard_uid.as_str(), item.panel.as_str()),
            ("b7c1f0e2-api-latency", "panel-3")
        );
        assert_eq!(item.time_from.as_deref(), Some("now-24h"));
        assert_eq!(
            item.vars,
            vec![
                ("service".into(), "cart".into()),
                ("service".into(), "auth".into())
            ]
        );
        assert!(parse_job_item("nouid").is_err());
        assert!(parse_job_item("a:").is_err());
        assert!(parse_job_item("a:1;colour=red").is_err());
    }
}
