//! The classic dashboard JSON (`/api/dashboards/uid/:uid`): `panels[]` with rows at the top
//! level (an expanded row's panels follow it; a collapsed row holds its own), `templating.list`.

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, DsRef, Text, Texts};
use super::shared::{LibraryJson, VariableFields};
use super::{
    DashboardDetail, DataNeed, GridPos, GroupStep, PanelDraft, RepeatInfo, Variable, data_need,
    slug_from_url,
};
use crate::grafana::GrafanaError;

#[derive(Deserialize, Default)]
struct Body {
    #[serde(default, deserialize_with = "lenient::field")]
    meta: Meta,
    #[serde(default, deserialize_with = "lenient::field")]
    dashboard: Option<Dashboard>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Meta {
    #[serde(default)]
    slug: Text,
    #[serde(default)]
    url: Text,
    #[serde(default)]
    folder_uid: Text,
    #[serde(default)]
    folder_title: Text,
    #[serde(default)]
    api_version: Text,
}

#[derive(Deserialize, Default)]
struct Dashboard {
    #[serde(default)]
    uid: Text,
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    tags: Texts,
    #[serde(default)]
    timezone: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    time: Time,
    #[serde(default, deserialize_with = "lenient::field")]
    version: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    templating: Templating,
    #[serde(default, deserialize_with = "lenient::list")]
    panels: Vec<Panel>,
}

#[derive(Deserialize, Default)]
struct Time {
    #[serde(default)]
    from: Text,
    #[serde(default)]
    to: Text,
}

#[derive(Deserialize, Default)]
struct Templating {
    #[serde(default, deserialize_with = "lenient::list")]
    list: Vec<VariableJson>,
}

#[derive(Deserialize, Default)]
struct VariableJson {
    #[serde(default, rename = "type")]
    kind: Text,
    #[serde(flatten)]
    fields: VariableFields,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Panel {
    #[serde(default, deserialize_with = "lenient::field")]
    id: Option<i64>,
    #[serde(default, rename = "type")]
    kind: Text,
    #[serde(default)]
    title: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    grid_pos: GridJson,
    #[serde(default, deserialize_with = "lenient::field")]
    collapsed: bool,
    #[serde(default, deserialize_with = "lenient::list")]
    panels: Vec<Panel>,
    #[serde(default, deserialize_with = "lenient::field")]
    library_panel: Option<LibraryJson>,
    #[serde(default)]
    repeat: Text,
    #[serde(default)]
    repeat_direction: Text,
    #[serde(default, deserialize_with = "lenient::field")]
    max_per_row: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    datasource: DsRef,
    #[serde(default, deserialize_with = "lenient::list")]
    targets: Vec<Target>,
    /// Set by `ensure_unique_ids`: the id the JSON saved, when Grafana's page uses another.
    #[serde(skip)]
    renumbered_from: Option<Option<i64>>,
}

#[derive(Deserialize, Default)]
struct GridJson {
    #[serde(default, deserialize_with = "lenient::field")]
    x: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    y: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    w: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    h: Option<i64>,
}

impl GridJson {
    fn pos(&self) -> GridPos {
        GridPos {
            x: self.x.unwrap_or(0),
            y: self.y.unwrap_or(0),
            w: self.w.unwrap_or(12).clamp(1, 24),
            h: self.h.unwrap_or(8).max(1),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Target {
    #[serde(default, deserialize_with = "lenient::field")]
    datasource: DsRef,
    #[serde(default, deserialize_with = "lenient::field")]
    panel_id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::field")]
    hide: bool,
}

impl Panel {
    /// What the panel's own model says about its data.
    fn need(&self) -> DataNeed {
        let kind = self.kind.get().unwrap_or_default();
        // Hidden queries are not sent (Grafana filters them out of the request).
        let queries: Vec<&Target> = self.targets.iter().filter(|t| !t.hide).collect();
        let source = queries
            .iter()
            .find(|t| t.datasource.is_dashboard() || self.datasource.is_dashboard())
            .map(|t| t.panel_id.unwrap_or(0));
        // A panel saved without targets still runs one: `PanelModel` defaults `targets` to
        // `[{ refId: 'A' }]` and the save model drops that default (grafana
        // public/app/features/dashboard/state/PanelModel.ts); the scene builder then gives it
        // a query runner over the default data source (`createPanelDataProvider`).
        let count = if self.targets.is_empty() {
            1
        } else {
            queries.len()
        };
        data_need(&kind, count, source)
    }

    fn draft(&self, path: &[GroupStep], row_repeat: Option<&RepeatInfo>) -> Option<PanelDraft> {
        let id = self.id?;
        let library_panel = self.library_panel.as_ref().and_then(LibraryJson::reference);
        let repeat = self
            .repeat
            .non_empty()
            .map(|variable| RepeatInfo {
                variable,
                direction: self
                    .repeat_direction
                    .non_empty()
                    .unwrap_or_else(|| "h".into()),
                max_per_row: self.max_per_row,
            })
            .or_else(|| row_repeat.cloned());
        // A library panel's stored JSON is a reference; its model (read separately) decides.
        let data = if library_panel.is_some() && self.kind.non_empty().is_none() {
            DataNeed::Unknown
        } else {
            self.need()
        };
        Some(PanelDraft {
            id,
            title: self.title.get(),
            kind: self.kind.get(),
            grid: self.grid_pos.pos(),
            path: path.to_vec(),
            library_panel,
            repeat,
            data,
            renumbered_from: self.renumbered_from.flatten(),
        })
    }

    fn row_repeat(&self) -> Option<RepeatInfo> {
        self.repeat.non_empty().map(|variable| RepeatInfo {
            variable,
            direction: "row".into(),
            max_per_row: None,
        })
    }
}

/// A library element's `model`: its visualisation and what data it needs.
pub fn library_model_kind(model: &Value) -> Option<(String, DataNeed)> {
    let p = Panel::deserialize(model).ok()?;
    Some((p.kind.non_empty()?, p.need()))
}

/// Grafana's page gives every panel an id of its own before anything is drawn or addressed:
/// a panel without an id, or whose id an earlier panel already has, gets the next free one
/// (one above the largest), in the order rows and their collapsed children are listed.
/// `DashboardModel`'s constructor calls `ensurePanelsHaveUniqueIds()` (grafana
/// public/app/features/dashboard/state/DashboardModel.ts, walking `panelIterator()`), and the
/// backend's port does the same before converting to schema v2
/// (pkg/apis/dashboard/migration, `ensurePanelsHaveUniqueIds`). `d-solo?panelId=N` and the
/// Scenes key `panel-N` then find the panel by its new id, so Panelshot must number alike.
fn ensure_unique_ids(list: &mut [Panel]) {
    fn walk(list: &mut [Panel], f: &mut impl FnMut(&mut Panel)) {
        for p in list {
            f(p);
            for c in &mut p.panels {
                f(c);
            }
        }
    }
    let mut max = 0;
    walk(list, &mut |p| max = max.max(p.id.unwrap_or(0)));
    let mut next = max + 1;
    let mut seen = std::collections::HashSet::new();
    walk(list, &mut |p| {
        if p.id.is_none() || p.id.is_some_and(|id| seen.contains(&id)) {
            p.renumbered_from = Some(p.id);
            p.id = Some(next);
            next += 1;
        }
        if let Some(id) = p.id {
            seen.insert(id);
        }
    });
}

fn panels(list: &[Panel]) -> Vec<PanelDraft> {
    let mut out = Vec::new();
    let mut current_row: Option<(GroupStep, Option<RepeatInfo>)> = None;
    for p in list {
        if p.kind.get().as_deref() == Some("row") {
            let step = GroupStep {
                kind: "row".into(),
                title: p.title.get().unwrap_or_default(),
                collapsed: p.collapsed,
            };
            let repeat = p.row_repeat();
            if p.collapsed {
                let path = [step.clone()];
                out.extend(
                    p.panels
                        .iter()
                        .filter_map(|c| c.draft(&path, repeat.as_ref())),
                );
            }
            current_row = Some((
                GroupStep {
                    collapsed: false,
                    ..step
                },
                repeat,
            ));
            continue;
        }
        let (path, rep) = match &current_row {
            Some((step, r)) => (vec![step.clone()], r.as_ref()),
            None => (Vec::new(), None),
        };
        out.extend(p.draft(&path, rep));
    }
    out
}

fn variables(list: &[VariableJson]) -> Vec<Variable> {
    list.iter()
        .filter_map(|v| {
            let kind = v.kind.non_empty().unwrap_or_else(|| "custom".into());
            v.fields.variable(kind)
        })
        .collect()
}

pub(super) fn parse(body: &Value) -> Result<DashboardDetail, GrafanaError> {
    let b = Body::deserialize(body).unwrap_or_default();
    let mut dash = b.dashboard.ok_or_else(|| {
        GrafanaError::BadResponse("the dashboard answer has no `dashboard` object".into())
    })?;
    let uid = dash
        .uid
        .non_empty()
        .ok_or_else(|| GrafanaError::BadResponse("the dashboard has no uid".into()))?;
    let url = b.meta.url.get().unwrap_or_default();
    let slug = b
        .meta
        .slug
        .non_empty()
        .or_else(|| slug_from_url(&url))
        .unwrap_or_else(|| "_".into());
    Ok(DashboardDetail {
        title: dash.title.get().unwrap_or_else(|| uid.clone()),
        uid,
        slug,
        url,
        folder_uid: b.meta.folder_uid.non_empty(),
        folder_title: b.meta.folder_title.non_empty(),
        tags: dash.tags.0,
        timezone: dash
            .timezone
            .non_empty()
            .unwrap_or_else(|| "browser".into()),
        time_from: dash.time.from.get().unwrap_or_else(|| "now-6h".into()),
        time_to: dash.time.to.get().unwrap_or_else(|| "now".into()),
        api_version: b.meta.api_version.get(),
        version: dash.version,
        variables: variables(&dash.templating.list),
        panels: {
            ensure_unique_ids(&mut dash.panels);
            panels(&dash.panels)
        }
        .into_iter()
        .map(PanelDraft::build)
        .collect(),
    })
}
