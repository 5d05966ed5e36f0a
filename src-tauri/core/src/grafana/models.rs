//! The API shapes Panelshot uses, tolerant of missing fields (Grafana versions differ).

use serde::{Deserialize, Serialize};

/// What "Test connection" reports.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    /// Grafana's version, or `unknown` when the server hides it.
    pub version: String,
    /// `ok`, or what `/api/health` said about the database.
    pub database: String,
    pub org_id: Option<i64>,
    pub org_name: Option<String>,
    /// `service account`, `user <login>` or `anonymous`.
    pub identity: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub query: Option<String>,
    pub tags: Vec<String>,
    pub folder_uids: Vec<String>,
    pub starred: bool,
    /// Results per page, 1–5000 (Grafana's maximum).
    pub limit: u32,
    /// 1-based.
    pub page: u32,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub uid: String,
    pub title: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub folder_uid: Option<String>,
    #[serde(default)]
    pub folder_title: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub is_starred: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub page: u32,
    pub limit: u32,
    /// True when this page was full, so another may follow.
    pub has_more: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FolderNode {
    pub uid: String,
    pub title: String,
    pub children: Vec<FolderNode>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FolderRow {
    pub uid: String,
    #[serde(default)]
    pub title: String,
}
