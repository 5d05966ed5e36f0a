//! One dashboard model, fed by two parsers: the classic JSON of `/api/dashboards/uid/:uid`
//! (`v1`) and the schema-v2 resource of `/apis/dashboard.grafana.app/v2beta1/…` (`v2`). Callers
//! see a flat, ordered list of exportable panels — each with its tab/row path, what data it
//! needs, and its repeat values — and never branch on the schema version.

mod lenient;
mod shared;
mod v1;
mod v2;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::GrafanaError;

pub use v1::library_model_kind;

/// Pixels per grid unit at a 1920 px wide dashboard: 24 columns of 80 px; rows of 30 px plus
/// Grafana's 8 px gap (GRID_CELL_HEIGHT / GRID_CELL_VMARGIN).
const COLUMN_PX: i64 = 80;
const ROW_PX: i64 = 38;
const GAP_PX: i64 = 8;

/// Panel plugins that never run a data query (`skipDataQuery` in their plugin.json, or no
/// visualisation at all): Scenes gives them no query runner (`createPanelDataProvider`), so the
/// page never starts a data request for them.
const NO_QUERY_KINDS: &[&str] = &[
    "text",
    "news",
    "dashlist",
    "welcome",
    "gettingstarted",
    "annolist",
    "alertlist",
    "row",
];

/// Grafana's built-in data source that re-uses another panel's query results.
pub const DASHBOARD_DATASOURCE: &str = "-- Dashboard --";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct GridPos {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LibraryRef {
    pub uid: String,
    pub name: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RepeatInfo {
    pub variable: String,
    /// `h` or `v`; for a repeated row or tab, `row` or `tab`.
    pub direction: String,
    pub max_per_row: Option<i64>,
}

/// One group a panel sits in: a tab or a row (schema v2 nests them in any order).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct GroupStep {
    /// `tab` or `row`.
    pub kind: String,
    pub title: String,
    pub collapsed: bool,
}

/// What data a panel needs before it can be drawn, read from the dashboard before the page is
/// opened, so readiness knows whether to wait for a query at all.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", content = "panel", rename_all = "snake_case")]
pub enum DataNeed {
    /// Text, news, dashboard list, or a panel without queries.
    None,
    /// Runs its own queries.
    Query,
    /// `-- Dashboard --`: shows the results of this other panel's queries.
    FromPanel(i64),
    /// A library panel whose model could not be read.
    Unknown,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PanelInfo {
    pub id: i64,
    /// The Scenes key, `panel-<id>`, also accepted as `panelId` by `d-solo`.
    pub key: String,
    pub title: String,
    /// The visualisation: `timeseries`, `stat`, …; `library` until resolved.
    pub kind: String,
    pub grid: GridPos,
    pub natural_width: u32,
    pub natural_height: u32,
    /// Title of the innermost row the panel sits in, if any.
    pub row: Option<String>,
    /// In a collapsed row (classic) or a collapsed row anywhere on its path (v2).
    pub in_collapsed_row: bool,
    /// Tabs and rows from the outside in.
    pub path: Vec<GroupStep>,
    pub library_panel: Option<LibraryRef>,
    pub repeat: Option<RepeatInfo>,
    /// One image per value: the repeat variable's current selection, `All` expanded.
    pub repeat_values: Vec<String>,
    pub data: DataNeed,
    /// The dashboard JSON saves this panel with an id another panel has (or with none):
    /// Grafana's page numbers it `id` instead, and that is the only id that reaches it.
    pub renumbered_from: Option<i64>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct VarOption {
    pub text: String,
    pub value: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    pub name: String,
    pub label: Option<String>,
    pub kind: String,
    pub current: Vec<String>,
    pub options: Vec<VarOption>,
    pub multi: bool,
    pub include_all: bool,
}

impl Variable {
    /// The values an "each value" export or a repeat runs over: the current selection, with
    /// `All` (`$__all`) expanded to every option.
    pub fn selected_values(&self) -> Vec<String> {
        let all = self
            .current
            .iter()
            .any(|c| c == "$__all" || (self.include_all && c == "All"));
        if all {
            self.options
                .iter()
                .map(|o| o.value.clone())
                .filter(|v| v != "$__all" && v != "All")
                .collect()
        } else {
            self.current.clone()
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DashboardDetail {
    pub uid: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    pub folder_uid: Option<String>,
    pub folder_title: Option<String>,
    pub tags: Vec<String>,
    /// IANA name, `utc` or `browser` (Grafana's empty value means browser).
    pub timezone: String,
    pub time_from: String,
    pub time_to: String,
    /// What the dashboard was saved as (`v1`, `v2beta1`…).
    pub api_version: Option<String>,
    pub version: Option<i64>,
    pub variables: Vec<Variable>,
    pub panels: Vec<PanelInfo>,
}

impl DashboardDetail {
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// Whether drawing this panel needs a data query: `Some(true)` or `Some(false)` when the
    /// dashboard says so, `None` when it cannot tell (an unreadable library panel).
    pub fn needs_query(&self, panel: &PanelInfo) -> Option<bool> {
        let mut need = panel.data;
        // A chain of `-- Dashboard --` panels ends at a panel that queries or does not.
        for _ in 0..8 {
            match need {
                DataNeed::None => return Some(false),
                DataNeed::Query => return Some(true),
                DataNeed::Unknown => return None,
                DataNeed::FromPanel(id) => match self.panels.iter().find(|p| p.id == id) {
                    Some(source) => need = source.data,
                    // Grafana shows "No data" for a missing source: nothing to wait for.
                    None => return Some(false),
                },
            }
        }
        None
    }

    /// Whether drawing the whole dashboard needs at least one data query.
    pub fn any_query(&self) -> Option<bool> {
        let visible = self.panels.iter().filter(|p| !p.in_collapsed_row);
        let mut unknown = false;
        for p in visible {
            match self.needs_query(p) {
                Some(true) => return Some(true),
                None => unknown = true,
                Some(false) => {}
            }
        }
        if unknown { None } else { Some(false) }
    }

    /// Fills in what only the whole dashboard knows: repeat values from the variables.
    fn finish(mut self) -> Self {
        for i in 0..self.panels.len() {
            let values = self.panels[i]
                .repeat
                .as_ref()
                .and_then(|r| self.variable(&r.variable))
                .map(Variable::selected_values)
                .unwrap_or_default();
            self.panels[i].repeat_values = values;
        }
        self
    }
}

/// Plugins without queries, and panels with no query left to run, need no data.
fn data_need(kind: &str, queries: usize, dashboard_source: Option<i64>) -> DataNeed {
    if NO_QUERY_KINDS.contains(&kind) {
        return DataNeed::None;
    }
    if let Some(src) = dashboard_source {
        return DataNeed::FromPanel(src);
    }
    if queries == 0 {
        DataNeed::None
    } else {
        DataNeed::Query
    }
}

fn natural(g: GridPos) -> (u32, u32) {
    let w = (g.w * COLUMN_PX).clamp(100, 8192);
    let h = (g.h * ROW_PX - GAP_PX).clamp(100, 8192);
    (w as u32, h as u32)
}

fn slug_from_url(url: &str) -> Option<String> {
    // `/d/<uid>/<slug>` → slug
    let mut parts = url.trim_end_matches('/').rsplit('/');
    let slug = parts.next()?;
    let uid = parts.next()?;
    (parts.next() == Some("d") && !uid.is_empty() && !slug.is_empty()).then(|| slug.to_string())
}

/// Grafana's slug of a title: lower-case ASCII words joined by dashes (`_` when none is left;
/// Grafana ignores the slug of `d-solo` URLs anyway).
fn slugify(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.is_empty() { "_".into() } else { out }
}

/// A panel as both parsers produce it, before the dashboard-wide finishing touches.
struct PanelDraft {
    id: i64,
    title: Option<String>,
    kind: Option<String>,
    grid: GridPos,
    path: Vec<GroupStep>,
    library_panel: Option<LibraryRef>,
    repeat: Option<RepeatInfo>,
    data: DataNeed,
    /// The id saved in the dashboard JSON when Grafana gives the panel another one.
    renumbered_from: Option<i64>,
}

impl PanelDraft {
    fn build(self) -> PanelInfo {
        let kind = self.kind.filter(|k| !k.is_empty()).unwrap_or_else(|| {
            if self.library_panel.is_some() {
                "library".into()
            } else {
                "unknown".into()
            }
        });
        let title = self
            .title
            .filter(|t| !t.is_empty())
            .or_else(|| self.library_panel.as_ref().map(|l| l.name.clone()))
            .unwrap_or_else(|| format!("Panel {}", self.id));
        let (natural_width, natural_height) = natural(self.grid);
        let row = self
            .path
            .iter()
            .rev()
            .find(|s| s.kind == "row")
            .map(|s| s.title.clone());
        PanelInfo {
            id: self.id,
            key: format!("panel-{}", self.id),
            title,
            kind,
            grid: self.grid,
            natural_width,
            natural_height,
            row,
            in_collapsed_row: self.path.iter().any(|s| s.collapsed),
            path: self.path,
            library_panel: self.library_panel,
            repeat: self.repeat,
            repeat_values: Vec::new(),
            data: self.data,
            renumbered_from: self.renumbered_from,
        }
    }
}

/// Parses the body of `/api/dashboards/uid/:uid`. Never panics on odd JSON.
pub fn parse(body: &Value) -> Result<DashboardDetail, GrafanaError> {
    v1::parse(body).map(DashboardDetail::finish)
}

/// Parses a schema-v2 dashboard resource (`/apis/dashboard.grafana.app/v2…/dashboards/:uid`).
pub fn parse_v2(body: &Value) -> Result<DashboardDetail, GrafanaError> {
    v2::parse(body).map(DashboardDetail::finish)
}

/// A library panel's model (`/api/library-elements/:uid`, `result.model`) decides its kind and
/// what data it needs; the dashboard keeps its own id, title, position and path.
pub fn resolve_library_panel(panel: &mut PanelInfo, model: &Value) {
    if let Some((kind, need)) = library_model_kind(model) {
        if panel.kind == "library" {
            panel.kind = kind;
        }
        panel.data = need;
    }
}

#[cfg(test)]
mod tests;
