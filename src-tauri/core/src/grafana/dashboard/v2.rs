//! Schema-v2 dashboards ("dynamic dashboards", Grafana 12+), as the Kubernetes-style resource
//! `/apis/dashboard.grafana.app/v2beta1/namespaces/<ns>/dashboards/<uid>` returns them. Field
//! names follow Grafana's generated types (`packages/grafana-schema/src/schema/dashboard/
//! v2beta1/types.spec.gen.ts`) and the "JSON schema v2" / "layout" pages of the Observability
//! as Code docs: `spec.elements` (Panel, LibraryPanel) placed by `spec.layout`, whose kinds —
//! GridLayout (with GridLayoutRow), RowsLayout, TabsLayout, AutoGridLayout — nest in any order.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, Text, Texts};
use super::shared::{LibraryJson, VariableFields};
use super::{
    DASHBOARD_DATASOURCE, DashboardDetail, DataNeed, GridPos, GroupStep, PanelDraft, RepeatInfo,
    Variable, data_need, slugify,
};
use crate::grafana::GrafanaError;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Resource {
    #[serde(default)]
    api_version: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    metadata: Metadata,
    #[serde(default, deserialize_with = "lenient::field")]
    spec: Option<Spec>,
}

#[derive(Deserialize, Default)]
struct Metadata {
    #[serde(default)]
    name: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    generation: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    annotations: HashMap<String, Value>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Spec {
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    tags: Texts,
    #[serde(default, deserialize_with = "lenient::field")]
    elements: HashMap<String, Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    layout: Option<Layout>,
    #[serde(default, deserialize_with = "lenient::list")]
    variables: Vec<VariableKind>,
    #[serde(default, deserialize_with = "lenient::field")]
    time_settings: TimeSettings,
}

#[derive(Deserialize, Default)]
struct TimeSettings {
    #[serde(default)]
    timezone: Text,
    #[serde(default)]
    from: Text,
    #[serde(default)]
    to: Text,
}

/// Every layout kind; each names its child layouts, so any nesting order parses.
#[derive(Deserialize)]
#[serde(tag = "kind", content = "spec")]
enum Layout {
    #[serde(rename = "GridLayout")]
    Grid(GridSpec),
    #[serde(rename = "RowsLayout")]
    Rows(RowsSpec),
    #[serde(rename = "TabsLayout")]
    Tabs(TabsSpec),
    #[serde(rename = "AutoGridLayout")]
    AutoGrid(AutoGridSpec),
}

#[derive(Deserialize, Default)]
struct GridSpec {
    #[serde(default, deserialize_with = "lenient::list")]
    items: Vec<GridEntry>,
}

#[derive(Deserialize)]
#[serde(tag = "kind", content = "spec")]
enum GridEntry {
    GridLayoutItem(GridItem),
    /// Rows inside a grid (the first v2 shape, still accepted).
    GridLayoutRow(GridRow),
}

#[derive(Deserialize, Default)]
struct GridItem {
    #[serde(default, deserialize_with = "lenient::field")]
    x: i64,
    #[serde(default, deserialize_with = "lenient::field")]
    y: i64,
    #[serde(default, deserialize_with = "lenient::field")]
    width: i64,
    #[serde(default, deserialize_with = "lenient::field")]
    height: i64,
    #[serde(default, deserialize_with = "lenient::field")]
    element: ElementRef,
    #[serde(default, deserialize_with = "lenient::field")]
    repeat: Option<Repeat>,
}

#[derive(Deserialize, Default)]
struct GridRow {
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    collapsed: bool,
    #[serde(default, deserialize_with = "lenient::list")]
    elements: Vec<GridEntry>,
    #[serde(default, deserialize_with = "lenient::field")]
    repeat: Option<Repeat>,
}

#[derive(Deserialize, Default)]
struct RowsSpec {
    #[serde(default, deserialize_with = "lenient::list")]
    rows: Vec<Kinded<GroupSpec>>,
}

#[derive(Deserialize, Default)]
struct TabsSpec {
    #[serde(default, deserialize_with = "lenient::list")]
    tabs: Vec<Kinded<GroupSpec>>,
}

/// `RowsLayoutRow` and `TabsLayoutTab` share their shape.
#[derive(Deserialize, Default)]
struct Kinded<T> {
    #[serde(default)]
    spec: T,
}

#[derive(Deserialize, Default)]
struct GroupSpec {
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    collapse: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    layout: Option<Box<Layout>>,
    #[serde(default, deserialize_with = "lenient::field")]
    repeat: Option<Repeat>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct AutoGridSpec {
    #[serde(default, deserialize_with = "lenient::field")]
    max_column_count: Option<i64>,
    #[serde(default)]
    row_height_mode: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    row_height: Option<i64>,
    #[serde(default, deserialize_with = "lenient::list")]
    items: Vec<Kinded<AutoGridItem>>,
}

#[derive(Deserialize, Default)]
struct AutoGridItem {
    #[serde(default, deserialize_with = "lenient::field")]
    element: ElementRef,
    #[serde(default, deserialize_with = "lenient::field")]
    repeat: Option<Repeat>,
}

#[derive(Deserialize, Default)]
struct ElementRef {
    #[serde(default)]
    name: Text,
}

#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
struct Repeat {
    #[serde(default)]
    value: Text,
    #[serde(default)]
    direction: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    max_per_row: Option<i64>,
}

impl Repeat {
    fn info(&self, direction: &str) -> Option<RepeatInfo> {
        Some(RepeatInfo {
            variable: self.value.non_empty()?,
            direction: self
                .direction
                .non_empty()
                .unwrap_or_else(|| direction.into()),
            max_per_row: self.max_per_row,
        })
    }
}

#[derive(Deserialize)]
#[serde(tag = "kind", content = "spec")]
enum Element {
    Panel(PanelSpec),
    LibraryPanel(LibraryPanelSpec),
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PanelSpec {
    #[serde(default, deserialize_with = "lenient::field")]
    id: Option<i64>,
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    data: Kinded<QueryGroup>,
    #[serde(default, deserialize_with = "lenient::field")]
    viz_config: VizConfig,
}

#[derive(Deserialize, Default)]
struct QueryGroup {
    #[serde(default, deserialize_with = "lenient::list")]
    queries: Vec<Kinded<PanelQuery>>,
}

#[derive(Deserialize, Default)]
struct PanelQuery {
    #[serde(default, deserialize_with = "lenient::field")]
    query: DataQuery,
    #[serde(default, deserialize_with = "lenient::field")]
    hidden: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct DataQuery {
    #[serde(default, deserialize_with = "lenient::field")]
    datasource: DsName,
    #[serde(default, deserialize_with = "lenient::field")]
    spec: QuerySpec,
}

#[derive(Deserialize, Default)]
struct DsName {
    #[serde(default)]
    name: Text,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct QuerySpec {
    #[serde(default, deserialize_with = "lenient::field")]
    panel_id: Option<i64>,
}

#[derive(Deserialize, Default)]
struct VizConfig {
    /// The panel plugin id.
    #[serde(default)]
    group: Text,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct LibraryPanelSpec {
    #[serde(default, deserialize_with = "lenient::field")]
    id: Option<i64>,
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    library_panel: Option<LibraryJson>,
}

#[derive(Deserialize)]
struct VariableKind {
    kind: String,
    #[serde(default, deserialize_with = "lenient::field")]
    spec: VariableFields,
}

/// `QueryVariable` → `query`, `TextVariable` → `textbox`: the v1 names the rest of Panelshot
/// knows.
fn variable_kind(kind: &str) -> String {
    match kind {
        "TextVariable" => "textbox".into(),
        k => k.trim_end_matches("Variable").to_ascii_lowercase(),
    }
}

/// Auto grid panels have no size of their own: the layout's column count shares 24 grid
/// columns, and the row-height mode gives the height. The pixel heights per mode are
/// Grafana's AutoGridLayoutManager defaults as far as we could read them (UNCONFIRMED).
fn auto_grid_size(spec: &AutoGridSpec) -> (i64, i64) {
    let columns = spec.max_column_count.unwrap_or(3).clamp(1, 24);
    let px = match spec.row_height_mode.get().as_deref() {
        Some("short") => 168,
        Some("tall") => 512,
        Some("custom") => spec.row_height.unwrap_or(320),
        _ => 320,
    };
    (24 / columns, ((px + 8) / 38).max(1))
}

struct Walker<'a> {
    elements: &'a HashMap<String, Value>,
    out: Vec<PanelDraft>,
}

impl Walker<'_> {
    fn layout(&mut self, layout: &Layout, path: &[GroupStep], inherited: Option<&RepeatInfo>) {
        match layout {
            Layout::Grid(g) => self.grid_entries(&g.items, path, inherited),
            Layout::Rows(r) => self.groups(&r.rows, "row", path, inherited),
            Layout::Tabs(t) => self.groups(&t.tabs, "tab", path, inherited),
            Layout::AutoGrid(a) => {
                let (w, h) = auto_grid_size(a);
                for (i, item) in a.items.iter().enumerate() {
                    let i = i as i64;
                    let grid = GridPos {
                        x: (i * w) % 24,
                        y: (i * w) / 24 * h,
                        w,
                        h,
                    };
                    let repeat = item.spec.repeat.as_ref().and_then(|r| r.info("h"));
                    self.element(
                        &item.spec.element,
                        grid,
                        path,
                        repeat.or(inherited.cloned()),
                    );
                }
            }
        }
    }

    fn grid_entries(
        &mut self,
        items: &[GridEntry],
        path: &[GroupStep],
        inherited: Option<&RepeatInfo>,
    ) {
        for entry in items {
            match entry {
                GridEntry::GridLayoutItem(item) => {
                    let grid = GridPos {
                        x: item.x,
                        y: item.y,
                        w: item.width.clamp(1, 24),
                        h: item.height.max(1),
                    };
                    let repeat = item.repeat.as_ref().and_then(|r| r.info("h"));
                    self.element(&item.element, grid, path, repeat.or(inherited.cloned()));
                }
                GridEntry::GridLayoutRow(row) => {
                    let mut inner = path.to_vec();
                    inner.push(GroupStep {
                        kind: "row".into(),
                        title: row.title.get().unwrap_or_default(),
                        collapsed: row.collapsed,
                    });
                    let repeat = row.repeat.as_ref().and_then(|r| r.info("row"));
                    self.grid_entries(&row.elements, &inner, repeat.as_ref().or(inherited));
                }
            }
        }
    }

    fn groups(
        &mut self,
        groups: &[Kinded<GroupSpec>],
        kind: &str,
        path: &[GroupStep],
        inherited: Option<&RepeatInfo>,
    ) {
        for g in groups {
            let g = &g.spec;
            let mut inner = path.to_vec();
            inner.push(GroupStep {
                kind: kind.into(),
                title: g.title.get().unwrap_or_default(),
                // A tab other than the first is hidden, not collapsed: its panels render.
                collapsed: kind == "row" && g.collapse,
            });
            let repeat = g.repeat.as_ref().and_then(|r| r.info(kind));
            if let Some(layout) = &g.layout {
                self.layout(layout, &inner, repeat.as_ref().or(inherited));
            }
        }
    }

    fn element(
        &mut self,
        r: &ElementRef,
        grid: GridPos,
        path: &[GroupStep],
        repeat: Option<RepeatInfo>,
    ) {
        let Some(value) = r.name.get().and_then(|n| self.elements.get(&n)) else {
            return;
        };
        let Ok(element) = Element::deserialize(value) else {
            return;
        };
        let draft = match element {
            Element::Panel(p) => {
                let Some(id) = p.id else { return };
                let kind = p.viz_config.group.get().unwrap_or_default();
                let queries: Vec<&DataQuery> = p
                    .data
                    .spec
                    .queries
                    .iter()
                    .filter(|q| !q.spec.hidden)
                    .map(|q| &q.spec.query)
                    .collect();
                let source = queries
                    .iter()
                    .find(|q| q.datasource.name.get().as_deref() == Some(DASHBOARD_DATASOURCE))
                    .map(|q| q.spec.panel_id.unwrap_or(0));
                PanelDraft {
                    renumbered_from: None,
                    id,
                    title: p.title.get(),
                    // No queries at all: Grafana's v2 scene builder runs one default query
                    // (`createPanelDataProvider`, `[defaultPanelQueryKind()]`).
                    data: data_need(
                        &kind,
                        if p.data.spec.queries.is_empty() {
                            1
                        } else {
                            queries.len()
                        },
                        source,
                    ),
                    kind: Some(kind),
                    grid,
                    path: path.to_vec(),
                    library_panel: None,
                    repeat,
                }
            }
            Element::LibraryPanel(l) => {
                let Some(id) = l.id else { return };
                PanelDraft {
                    renumbered_from: None,
                    id,
                    title: l.title.get(),
                    kind: None,
                    grid,
                    path: path.to_vec(),
                    library_panel: l.library_panel.as_ref().and_then(LibraryJson::reference),
                    repeat,
                    data: DataNeed::Unknown,
                }
            }
        };
        self.out.push(draft);
    }
}

fn variables(list: &[VariableKind]) -> Vec<Variable> {
    list.iter()
        .filter_map(|v| v.spec.variable(variable_kind(&v.kind)))
        .collect()
}

pub(super) fn parse(body: &Value) -> Result<DashboardDetail, GrafanaError> {
    let r = Resource::deserialize(body).unwrap_or_default();
    let spec = r.spec.ok_or_else(|| {
        GrafanaError::BadResponse("the schema-v2 dashboard has no `spec` object".into())
    })?;
    let uid =
        r.metadata.name.non_empty().ok_or_else(|| {
            GrafanaError::BadResponse("the dashboard has no metadata.name".into())
        })?;
    let mut walker = Walker {
        elements: &spec.elements,
        out: Vec::new(),
    };
    if let Some(layout) = &spec.layout {
        walker.layout(layout, &[], None);
    }
    let panels = walker.out.into_iter().map(PanelDraft::build).collect();
    let title = spec.title.get().unwrap_or_else(|| uid.clone());
    let slug = slugify(&title);
    let api_version = r
        .api_version
        .get()
        .map(|v| v.rsplit('/').next().unwrap_or(&v).to_string());
    Ok(DashboardDetail {
        url: format!("/d/{uid}/{slug}"),
        slug,
        title,
        folder_uid: r
            .metadata
            .annotations
            .get("grafana.app/folder")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
            .map(str::to_string),
        folder_title: None,
        tags: spec.tags.0,
        timezone: spec
            .time_settings
            .timezone
            .non_empty()
            .unwrap_or_else(|| "browser".into()),
        time_from: spec
            .time_settings
            .from
            .non_empty()
            .unwrap_or_else(|| "now-6h".into()),
        time_to: spec
            .time_settings
            .to
            .non_empty()
            .unwrap_or_else(|| "now".into()),
        api_version,
        version: r.metadata.generation,
        variables: variables(&spec.variables),
        panels,
        uid,
    })
}
