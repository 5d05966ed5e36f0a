//! Browsing a connection: search, folders, tags, one dashboard.

use serde::Deserialize;
use tauri::State;

use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::grafana::{DashboardDetail, SearchPage, SearchQuery};

#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchInput {
    pub connection: String,
    pub query: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub folder_uids: Vec<String>,
    #[serde(default)]
    pub starred: bool,
    pub limit: Option<u32>,
    pub page: Option<u32>,
}

#[tauri::command]
pub async fn dashboards_search(state: State<'_, AppState>, input: SearchInput) -> Res<SearchPage> {
    let q = SearchQuery {
        query: input.query,
        tags: input.tags,
        folder_uids: input.folder_uids,
        starred: input.starred,
        limit: input.limit.unwrap_or(50),
        page: input.page.unwrap_or(1),
    };
    core(&state)?
        .search(&input.connection, &q)
        .await
        .map_err(err)
}

#[tauri::command]
pub async fn dashboard_get(
    state: State<'_, AppState>,
    connection: String,
    uid: String,
) -> Res<DashboardDetail> {
    core(&state)?
        .dashboard(&connection, &uid)
        .await
        .map_err(err)
}
#[tauri::command]
pub async fn folders_list(
    state: State<'_, AppState>,
    connection: String,
) -> Res<Vec<panelshot_core::grafana::FolderNode>> {
    core(&state)?.folders(&connection).await.map_err(err)
}
/// Dashboard tags with their counts, for the tag filter.
#[tauri::command]
pub async fn tags_list(state: State<'_, AppState>, connection: String) -> Res<Vec<(String, u64)>> {
    core(&state)?.tags(&connection).await.map_err(err)
}
