//! Saved jobs: an ordered list of panels of one connection, a preset, where the files go.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobItem {
    #[serde(alias = "dashboard_uid")]
    pub dashboard_uid: String,
    /// Panel id or key.
    pub panel: String,
    /// Variable overrides for this item (a name may repeat).
    #[serde(default)]
    pub vars: Vec<(String, String)>,
    #[serde(alias = "time_from")]
    pub time_from: Option<String>,
    #[serde(alias = "time_to")]
    pub time_to: Option<String>,
    /// The title typed for this panel's slide (a deck job); none: the panel's own.
    #[serde(default)]
    pub title: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub name: String,
    pub connection: String,
    pub preset: Option<String>,
    #[serde(alias = "output_dir")]
    pub output_dir: String,
    pub template: String,
    pub items: Vec<JobItem>,
    /// Write one deck (`<job name>-<date>.pptx|pdf` in the folder) instead of images.
    #[serde(default)]
    pub deck: Option<JobDeck>,
    /// The look kept inside the job (what was on screen when it was saved, in a preset's
    /// fields; its name is not used). When set it is the job's look and `preset` is ignored.
    #[serde(default)]
    pub look: Option<super::Preset>,
}

/// A job's deck output.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct JobDeck {
    pub format: crate::deck::DeckFormat,
    pub layout: crate::deck::DeckLayout,
}

impl Store {
    /// Creates or replaces a job (items included) in one transaction.
    pub fn save_job(&self, job: &Job) -> Result<(), StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let deck = job
            .deck
            .map(|d| serde_json::to_string(&d).unwrap_or_default());
        let look = job
            .look
            .as_ref()
            .map(|l| serde_json::to_string(l).unwrap_or_default());
        tx.execute(
            "INSERT INTO jobs (name, connection_name, preset_name, output_dir, template, deck_json, look_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(name) DO UPDATE SET connection_name = excluded.connection_name,
               preset_name = excluded.preset_name, output_dir = excluded.output_dir, template = excluded.template,
               deck_json = excluded.deck_json, look_json = excluded.look_json",
            params![job.name, job.connection, job.preset, job.output_dir, job.template, deck, look],
        )?;
        let id: i64 = tx.query_row("SELECT id FROM jobs WHERE name = ?1", [&job.name], |r| {
            r.get(0)
        })?;
        tx.execute("DELETE FROM job_items WHERE job_id = ?1", [id])?;
        for (i, item) in job.items.iter().enumerate() {
            let vars = serde_json::to_string(&item.vars).unwrap_or_else(|_| "[]".into());
            tx.execute(
                "INSERT INTO job_items (job_id, position, dashboard_uid, panel, vars_json, time_from, time_to, title)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, i as i64, item.dashboard_uid, item.panel, vars, item.time_from, item.time_to, item.title],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn job(&self, name: &str) -> Result<Job, StoreError> {
        let db = self.db();
        let head = db
            .query_row(
                "SELECT id, name, connection_name, preset_name, output_dir, template, deck_json, look_json FROM jobs WHERE name = ?1",
                [name],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        Job {
                            name: r.get(1)?,
                            connection: r.get(2)?,
                            preset: r.get(3)?,
                            output_dir: r.get(4)?,
                            template: r.get(5)?,
                            items: vec![],
                            // An unreadable deck setting runs the job as images rather than not at all.
                            deck: r
                                .get::<_, Option<String>>(6)?
                                .and_then(|j| serde_json::from_str(&j).ok()),
                            // Likewise an unreadable look falls back to the preset's.
                            look: r
                                .get::<_, Option<String>>(7)?
                                .and_then(|j| serde_json::from_str(&j).ok()),
                        },
                    ))
                },
            )
            .optional()?;
        let (id, mut job) = head.ok_or_else(|| StoreError::NotFound(format!("job {name:?}")))?;
        let mut stmt = db.prepare(
            "SELECT dashboard_uid, panel, vars_json, time_from, time_to, title FROM job_items WHERE job_id = ?1 ORDER BY position",
        )?;
        job.items = stmt
            .query_map([id], |r| {
                let vars: String = r.get(2)?;
                Ok(JobItem {
                    dashboard_uid: r.get(0)?,
                    panel: r.get(1)?,
                    vars: serde_json::from_str(&vars).unwrap_or_default(),
                    time_from: r.get(3)?,
                    time_to: r.get(4)?,
                    title: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(job)
    }

    pub fn jobs(&self) -> Result<Vec<Job>, StoreError> {
        let names: Vec<String> = {
            let db = self.db();
            let mut stmt = db.prepare("SELECT name FROM jobs ORDER BY name COLLATE NOCASE")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()?
        };
        names.iter().map(|n| self.job(n)).collect()
    }

    pub fn delete_job(&self, name: &str) -> Result<(), StoreError> {
        if self
            .db()
            .execute("DELETE FROM jobs WHERE name = ?1", [name])?
            == 0
        {
            return Err(StoreError::NotFound(format!("job {name:?}")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_replace_list_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let mut job = Job {
            name: "Monday".into(),
            connection: "prod".into(),
            preset: Some("Slide 16:9".into()),
            output_dir: "/tmp/slides".into(),
            template: "{panel}.{ext}".into(),
            items: vec![
                JobItem {
                    dashboard_uid: "a".into(),
                    panel: "2".into(),
                    vars: vec![("env".into(), "prod".into())],
                    time_from: Some("now-7d".into()),
                    time_to: None,
                    title: Some("Typed « title »".into()),
                },
                JobItem {
                    dashboard_uid: "b".into(),
                    panel: "panel-3".into(),
                    vars: vec![],
                    time_from: None,
                    time_to: None,
                    title: None,
                },
            ],
            deck: Some(JobDeck {
                format: crate::deck::DeckFormat::Pptx,
                layout: crate::deck::DeckLayout {
                    per_slide: 2,
                    ..Default::default()
                },
            }),
            look: Some(super::super::Preset::new("kept", 1920, 1080)),
        };
        s.save_job(&job).unwrap();
        assert_eq!(s.job("Monday").unwrap(), job);
        job.deck = None;
        job.items.pop();
        job.output_dir = "/tmp/other".into();
        s.save_job(&job).unwrap();
        assert_eq!(
            s.job("monday").unwrap(),
            job,
            "saving again replaces, items included"
        );
        assert_eq!(s.jobs().unwrap().len(), 1);
        s.delete_job("Monday").unwrap();
        assert!(matches!(s.job("Monday"), Err(StoreError::NotFound(_))));
        let orphans: i64 = s
            .db()
            .query_row("SELECT count(*) FROM job_items", [], |r| r.get(0))
            .unwrap();
        assert_eq!(orphans, 0, "items go with their job");
    }
}
