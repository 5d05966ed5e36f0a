//! Export history: one row per attempt, with a small thumbnail for successes.

use rusqlite::{OptionalExtension, Row, params, params_from_iter, types::Value};
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
        }
    }
}

/// What a history row made: one panel, a whole dashboard, or a deck of several.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", content = "panel", rename_all = "lowercase")]
pub enum HistoryTarget {
    /// A panel by its key (`3`, `panel-3-clone-1`).
    Panel(String),
    #[default]
    Dashboard,
    Deck,
}

impl HistoryTarget {
    /// The `target` column: the panel's key, or `dashboard` / `deck` (no panel has those keys).
    fn column(&self) -> &str {
        match self {
            HistoryTarget::Panel(key) => key,
            HistoryTarget::Dashboard => "dashboard",
            HistoryTarget::Deck => "deck",
        }
    }

    fn from_column(text: String) -> HistoryTarget {
        match text.as_str() {
            "dashboard" => HistoryTarget::Dashboard,
            "deck" => HistoryTarget::Deck,
            _ => HistoryTarget::Panel(text),
        }
    }
}

/// The kind of file a row wrote, as its extension.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    #[default]
    Png,
    Jpg,
    Webp,
    Pdf,
    Pptx,
}

impl FileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Png => "png",
            FileFormat::Jpg => "jpg",
            FileFormat::Webp => "webp",
            FileFormat::Pdf => "pdf",
            FileFormat::Pptx => "pptx",
        }
    }

    fn from_column(text: &str) -> Option<FileFormat> {
        [
            FileFormat::Png,
            FileFormat::Jpg,
            FileFormat::Webp,
            FileFormat::Pdf,
            FileFormat::Pptx,
        ]
        .into_iter()
        .find(|f| f.extension() == text)
    }
}

impl std::fmt::Display for FileFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

impl From<crate::export::Format> for FileFormat {
    fn from(f: crate::export::Format) -> FileFormat {
        use crate::export::Format;
        match f {
            Format::Png => FileFormat::Png,
            Format::Jpeg => FileFormat::Jpg,
            Format::Webp => FileFormat::Webp,
            Format::Pdf => FileFormat::Pdf,
        }
    }
}

impl From<crate::deck::DeckFormat> for FileFormat {
    fn from(f: crate::deck::DeckFormat) -> FileFormat {
        match f {
            crate::deck::DeckFormat::Pptx => FileFormat::Pptx,
            crate::deck::DeckFormat::Pdf => FileFormat::Pdf,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewHistory {
    pub connection_name: String,
    pub dashboard_uid: String,
    pub dashboard_title: String,
    pub target: HistoryTarget,
    pub panel_id: Option<i64>,
    pub panel_title: String,
    pub options_json: String,
    pub format: FileFormat,
    pub output_path: Option<String>,
    pub width_px: u32,
    pub height_px: u32,
    pub bytes: u64,
    pub duration_ms: f64,
    pub ok: bool,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub thumbnail: Option<(Vec<u8>, String)>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub id: i64,
    pub created_at: String,
    pub connection_name: String,
    pub dashboard_uid: String,
    pub dashboard_title: String,
    pub target: HistoryTarget,
    pub panel_id: Option<i64>,
    pub panel_title: String,
    pub options: serde_json::Value,
    pub format: FileFormat,
    pub output_path: Option<String>,
    pub width_px: u32,
    pub height_px: u32,
    pub bytes: u64,
    pub duration_ms: f64,
    pub status: Status,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub has_thumbnail: bool,
}

#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    pub connection: Option<String>,
    pub dashboard_uid: Option<String>,
    /// Text in the dashboard or panel title.
    pub text: Option<String>,
    pub status: Option<Status>,
    /// ISO dates or timestamps (UTC), inclusive bounds on `created_at`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Rows with a smaller id only (keyset paging for "load more").
    pub before_id: Option<i64>,
    pub limit: u32,
    /// 1-based page (offset paging for the CLI).
    pub page: u32,
}

fn insert(db: &rusqlite::Connection, h: &NewHistory) -> Result<i64, StoreError> {
    db.execute(
            "INSERT INTO history (connection_name, dashboard_uid, dashboard_title, target, panel_id, panel_title,
               options_json, format, output_path, width_px, height_px, bytes, duration_ms, status, error_code,
               error_message, thumbnail, thumbnail_mime)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                h.connection_name,
                h.dashboard_uid,
                h.dashboard_title,
                h.target.column(),
                h.panel_id,
                h.panel_title,
                h.options_json,
                h.format.extension(),
                h.output_path,
                h.width_px,
                h.height_px,
                h.bytes as i64,
                h.duration_ms,
                if h.ok { "ok" } else { "failed" },
                h.error_code,
                h.error_message,
                h.thumbnail.as_ref().map(|t| &t.0),
                h.thumbnail.as_ref().map(|t| &t.1),
            ],
        )?;
    Ok(db.last_insert_rowid())
}

const COLUMNS: &str = "id, created_at, connection_name, dashboard_uid, dashboard_title, target, panel_id, panel_title, \
    options_json, format, output_path, width_px, height_px, bytes, duration_ms, status, error_code, error_message, \
    thumbnail IS NOT NULL";

fn from_row(r: &Row<'_>) -> rusqlite::Result<HistoryEntry> {
    let options: String = r.get(8)?;
    Ok(HistoryEntry {
        id: r.get(0)?,
        created_at: r.get(1)?,
        connection_name: r.get(2)?,
        dashboard_uid: r.get(3)?,
        dashboard_title: r.get(4)?,
        target: HistoryTarget::from_column(r.get(5)?),
        panel_id: r.get(6)?,
        panel_title: r.get(7)?,
        options: serde_json::from_str(&options).unwrap_or(serde_json::Value::Null),
        format: {
            let text: String = r.get(9)?;
            FileFormat::from_column(&text).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    9,
                    rusqlite::types::Type::Text,
                    format!("{text:?} is not a file format Panelshot writes").into(),
                )
            })?
        },
        output_path: r.get(10)?,
        width_px: r.get(11)?,
        height_px: r.get(12)?,
        bytes: r.get::<_, i64>(13)?.max(0) as u64,
        duration_ms: r.get(14)?,
        status: if r.get::<_, String>(15)? == "ok" {
            Status::Ok
        } else {
            Status::Failed
        },
        error_code: r.get(16)?,
        error_message: r.get(17)?,
        has_thumbnail: r.get(18)?,
    })
}

impl Store {
    pub fn add_history(&self, h: &NewHistory) -> Result<i64, StoreError> {
        let db = self.db();
        insert(&db, h)
    }

    /// Many rows in one transaction (imports, benchmarks).
    pub fn add_history_many(&self, rows: &[NewHistory]) -> Result<(), StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        for h in rows {
            insert(&tx, h)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn history(&self, f: &HistoryFilter) -> Result<Vec<HistoryEntry>, StoreError> {
        let bound = |v: &Option<String>, end: bool, flag: &str| {
            v.as_deref()
                .map(|v| crate::timespec::history_bound(v, end))
                .transpose()
                .map_err(|e| StoreError::InvalidInput(format!("{flag}: {e}")))
        };
        let since = bound(&f.since, false, "since")?;
        let until = bound(&f.until, true, "until")?;
        if let (Some(a), Some(b)) = (&since, &until)
            && a > b
        {
            return Err(StoreError::InvalidInput(format!(
                "since ({a}) is after until ({b}); swap them"
            )));
        }
        let mut sql = format!("SELECT {COLUMNS} FROM history WHERE 1 = 1");
        let mut args: Vec<Value> = Vec::new();
        let mut push = |clause: &str, v: Value| {
            args.push(v);
            sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
        };
        if let Some(c) = &f.connection {
            push(" AND connection_name = ?", Value::Text(c.clone()));
        }
        if let Some(d) = &f.dashboard_uid {
            push(" AND dashboard_uid = ?", Value::Text(d.clone()));
        }
        if let Some(s) = f.status {
            push(" AND status = ?", Value::Text(s.as_str().into()));
        }
        if let Some(since) = since {
            push(" AND created_at >= ?", Value::Text(since));
        }
        if let Some(until) = until {
            push(" AND created_at <= ?", Value::Text(until));
        }
        if let Some(b) = f.before_id {
            push(" AND id < ?", Value::Integer(b));
        }
        if let Some(t) = f.text.as_deref().filter(|t| !t.is_empty()) {
            let like = format!(
                "%{}%",
                t.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            args.push(Value::Text(like));
            let n = args.len();
            sql.push_str(&format!(
                " AND (dashboard_title LIKE ?{n} ESCAPE '\\' OR panel_title LIKE ?{n} ESCAPE '\\')"
            ));
        }
        let limit = f.limit.clamp(1, 1000);
        let offset = (f.page.max(1) - 1) * limit;
        sql.push_str(&format!(" ORDER BY id DESC LIMIT {limit} OFFSET {offset}"));
        let db = self.db();
        let mut stmt = db.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args), from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    pub fn history_entry(&self, id: i64) -> Result<HistoryEntry, StoreError> {
        self.db()
            .query_row(
                &format!("SELECT {COLUMNS} FROM history WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("history entry #{id}")))
    }

    /// Every dashboard that has history (uid, latest title), by title: the dashboard filter.
    pub fn history_dashboards(&self) -> Result<Vec<(String, String)>, StoreError> {
        let db = self.db();
        // The uid index gives one step per dashboard; the newest row carries its current title.
        let mut stmt = db.prepare(
            "SELECT dashboard_uid,
                    (SELECT dashboard_title FROM history h2 WHERE h2.dashboard_uid = h.dashboard_uid
                     ORDER BY id DESC LIMIT 1) AS title
             FROM (SELECT DISTINCT dashboard_uid FROM history) h
             ORDER BY title COLLATE NOCASE, dashboard_uid",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The thumbnail image and its MIME type.
    pub fn history_thumbnail(&self, id: i64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
        Ok(self
            .db()
            .query_row(
                "SELECT thumbnail, thumbnail_mime FROM history WHERE id = ?1 AND thumbnail IS NOT NULL",
                [id],
                |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_else(|| "image/png".into()))),
            )
            .optional()?)
    }

    /// Deletes entries; returns how many existed.
    pub fn delete_history(&self, ids: &[i64]) -> Result<usize, StoreError> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let mut n = 0;
        for id in ids {
            n += tx.execute("DELETE FROM history WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(n)
    }

    pub fn history_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .db()
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(conn: &str, dash: &str, title: &str, ok: bool) -> NewHistory {
        NewHistory {
            connection_name: conn.into(),
            dashboard_uid: dash.into(),
            dashboard_title: format!("{dash} board"),
            target: HistoryTarget::Panel("2".into()),
            panel_id: Some(2),
            panel_title: title.into(),
            options_json: r#"{"width":800}"#.into(),
            format: FileFormat::Png,
            output_path: ok.then(|| "/tmp/x.png".into()),
            width_px: 800,
            height_px: 400,
            bytes: 1234,
            duration_ms: 12.5,
            ok,
            error_code: (!ok).then(|| "render.timeout".into()),
            error_message: (!ok).then(|| "slow".into()),
            thumbnail: ok.then(|| (vec![1, 2, 3], "image/png".into())),
        }
    }

    #[test]
    fn dashboards_with_history_carry_their_newest_title() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        s.add_history(&row("prod", "d2", "a", true)).unwrap();
        s.add_history(&row("prod", "d1", "b", true)).unwrap();
        let mut renamed = row("prod", "d2", "c", false);
        renamed.dashboard_title = "A renamed board".into();
        s.add_history(&renamed).unwrap();
        assert_eq!(
            s.history_dashboards().unwrap(),
            vec![
                ("d2".to_string(), "A renamed board".to_string()),
                ("d1".to_string(), "d1 board".to_string())
            ]
        );
    }

    #[test]
    fn filters_paging_thumbnails_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path()).unwrap();
        let a = s
            .add_history(&row("prod", "d1", "p95 latency", true))
            .unwrap();
        let b = s
            .add_history(&row("prod", "d2", "Errors 100%", false))
            .unwrap();
        let c = s.add_history(&row("stage", "d1", "CPU", true)).unwrap();
        let all = s
            .history(&HistoryFilter {
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            all.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![c, b, a],
            "newest first"
        );
        let f = |f: HistoryFilter| {
            s.history(&HistoryFilter { limit: 10, ..f })
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            f(HistoryFilter {
                connection: Some("prod".into()),
                ..Default::default()
            }),
            vec![b, a]
        );
        assert_eq!(
            f(HistoryFilter {
                dashboard_uid: Some("d1".into()),
                ..Default::default()
            }),
            vec![c, a]
        );
        assert_eq!(
            f(HistoryFilter {
                status: Some(Status::Failed),
                ..Default::default()
            }),
            vec![b]
        );
        assert_eq!(
            f(HistoryFilter {
                text: Some("LATENCY".into()),
                ..Default::default()
            }),
            vec![a]
        );
        assert_eq!(
            f(HistoryFilter {
                text: Some("100%".into()),
                ..Default::default()
            }),
            vec![b],
            "% is literal"
        );
        assert_eq!(
            f(HistoryFilter {
                text: Some("d2 board".into()),
                ..Default::default()
            }),
            vec![b]
        );
        assert_eq!(
            f(HistoryFilter {
                before_id: Some(c),
                ..Default::default()
            }),
            vec![b, a]
        );
        assert_eq!(
            f(HistoryFilter {
                since: Some("2000-01-01".into()),
                until: Some("2999-12-31".into()),
                ..Default::default()
            })
            .len(),
            3
        );
        assert!(
            f(HistoryFilter {
                until: Some("2000-01-01".into()),
                ..Default::default()
            })
            .is_empty()
        );
        let page2 = s
            .history(&HistoryFilter {
                limit: 2,
                page: 2,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page2.iter().map(|e| e.id).collect::<Vec<_>>(), vec![a]);
        let e = s.history_entry(b).unwrap();
        assert_eq!(
            (e.status, e.error_code.as_deref(), e.has_thumbnail),
            (Status::Failed, Some("render.timeout"), false)
        );
        assert_eq!(e.options["width"], 800);
        assert_eq!(s.history_thumbnail(a).unwrap().unwrap().0, vec![1, 2, 3]);
        assert_eq!(s.delete_history(&[a, b, 999]).unwrap(), 2);
        assert_eq!(s.history_count().unwrap(), 1);
        assert!(matches!(s.history_entry(a), Err(StoreError::NotFound(_))));
    }
}
