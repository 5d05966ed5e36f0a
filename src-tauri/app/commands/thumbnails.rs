//! The panel picker's pictures: one dashboard render, cropped per panel (see the core's
//! `panel_thumbnails`), as data URLs for the window.

use serde::Serialize;
use tauri::State;

use super::{Res, core, err};
use crate::app::AppState;
use panelshot_core::render::RenderOptions;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelPicture {
    /// The panel's key in the dashboard's panel list.
    pub key: String,
    /// `data:image/png;base64,…`
    pub data_url: String,
    pub width_px: u32,
    pub height_px: u32,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelPictures {
    pub panels: Vec<PanelPicture>,
    /// Panels the dashboard did not show (collapsed rows, other tabs).
    pub not_shown: Vec<String>,
    /// RFC 3339.
    pub made_at: String,
    pub duration_ms: f64,
    pub cached: bool,
}

/// Thumbnails of the dashboard's panels for this view (range, zone, variables, theme); kept
/// until `refresh`.
#[tauri::command]
pub async fn panel_thumbnails(
    state: State<'_, AppState>,
    connection: String,
    uid: String,
    options: RenderOptions,
    refresh: bool,
) -> Res<PanelPictures> {
    let t = core(&state)?
        .panel_thumbnails(&connection, &uid, &options, refresh)
        .await
        .map_err(err)?;
    Ok(PanelPictures {
        panels: t
            .panels
            .iter()
            .map(|p| PanelPicture {
                key: p.key.clone(),
                data_url: super::data_url("image/png", &p.png),
                width_px: p.width_px,
                height_px: p.height_px,
            })
            .collect(),
        not_shown: t.not_shown.clone(),
        made_at: t.made_at.clone(),
        duration_ms: t.duration_ms,
        cached: t.cached,
    })
}
