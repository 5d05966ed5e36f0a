//! Export use case: panels (or a whole dashboard) of one dashboard to files, in parallel through
//! the render pool, one result per item; one failing item never stops the others.

use std::path::PathBuf;

use base64::Engine;
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::{Core, ServiceError};
use crate::error::ErrorBody;
use crate::export::{self, Format};
use crate::grafana::{Credentials, DashboardDetail, GrafanaError, PanelInfo};
use crate::render::{OriginAuth, RenderError, RenderOptions, WaitReport};
use crate::secrets::Secret;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "panel", rename_all = "lowercase")]
pub enum ExportTarget {
    /// A panel by id (`3`) or Scenes key (`panel-3`, `panel-3-clone-1`).
    Panel(String),
    /// The whole dashboard, full height.
    Dashboard,
}

#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub connection: String,
    pub dashboard_uid: String,
    pub targets: Vec<ExportTarget>,
    /// `width`/`height` are used only when `natural_size` is false.
    pub options: RenderOptions,
    /// Use each panel's size on the dashboard instead of `options.width/height`.
    pub natural_size: bool,
    pub format: Format,
    pub quality: Option<u8>,
    /// A file (one target) or a folder; `None` is the current folder.
    pub output: Option<PathBuf>,
    pub overwrite: bool,
    pub template: String,
    /// One image per value of this variable (its current selection, `All` expanded; or the
    /// values given for it in `options.vars`).
    pub each: Option<String>,
    /// Also save, beside each panel's image, the data the panel drew.
    pub data: Option<crate::data::DataKind>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExportItem {
    pub target: ExportTarget,
    pub panel_id: Option<i64>,
    pub title: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub path: Option<PathBuf>,
    pub format: Format,
    pub width_px: u32,
    pub height_px: u32,
    pub bytes: u64,
    pub duration_ms: f64,
    pub ready_signal: Option<String>,
    /// Page's own "drawn" time when it reports one (see `render::Capture`).
    pub page_drawn_ms: Option<f64>,
    pub error: Option<ErrorBody>,
    /// The history row recording this attempt.
    pub history_id: Option<i64>,
    /// Why no history row could be written for this attempt (a full or read-only data disk):
    /// the file, if any, is still there, and the command says so and fails.
    pub history_error: Option<ErrorBody>,
    /// With "one image per value": the variable's value this image shows.
    pub each_value: Option<String>,
    /// The data files written beside the image (`ExportRequest::data`).
    #[cfg_attr(feature = "ts", ts(type = "string[]"))]
    #[serde(default)]
    pub data_files: Vec<PathBuf>,
    /// What to know about them (no data in the range, none readable, none for a dashboard).
    #[serde(default)]
    pub data_note: Option<String>,
}

impl ExportItem {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Progress of a batch: how many are done out of how many, and the item just finished.
#[derive(Debug, Clone, Serialize)]
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub item: &'a ExportItem,
}

pub(crate) fn origin_auth(creds: &Credentials, org_id: Option<i64>) -> OriginAuth {
    let authorization = match creds {
        Credentials::Token(t) => Some(Secret::new(format!("Bearer {}", t.expose()))),
        Credentials::Basic { user, password } => {
            let raw = format!("{user}:{}", password.expose());
            Some(Secret::new(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            )))
        }
        Credentials::Session(_) | Credentials::None => None,
    };
    let session = match creds {
        Credentials::Session(s) => Some(s.clone()),
        _ => None,
    };
    OriginAuth {
        authorization,
        session,
        org_id,
    }
}

/// `panel-3-clone-1` → 3, `7` → 7.
fn base_panel_id(key: &str) -> Option<i64> {
    let rest = key.strip_prefix("panel-").unwrap_or(key);
    rest.split('-').next()?.parse().ok()
}

/// The dashboard's panel for a key, or `grafana.not_found` naming both.
pub(super) fn find_panel<'a>(
    d: &'a DashboardDetail,
    key: &str,
) -> Result<&'a PanelInfo, GrafanaError> {
    base_panel_id(key)
        .and_then(|id| d.panels.iter().find(|p| p.id == id))
        .ok_or_else(|| GrafanaError::NotFound(format!("panel {key} on dashboard {:?}", d.title)))
}

impl Core {
    pub async fn export(
        &self,
        req: &ExportRequest,
        progress: &(dyn Fn(Progress<'_>) + Send + Sync),
    ) -> Result<Vec<ExportItem>, ServiceError> {
        if req.targets.is_empty() {
            return Err(ServiceError::Invalid(
                "nothing to export: choose a panel, all panels or the whole dashboard".into(),
            ));
        }
        req.options.validate().map_err(ServiceError::Render)?;
        export::check_template(&req.template)?;
        // From here on every failure is an export attempt that failed: recorded, never thrown.
        let source = match self
            .render_source(&req.connection, &req.dashboard_uid)
            .await
        {
            Ok(t) => t,
            Err(e) => return Ok(self.fail_all(req, &e, progress)),
        };
        let units: Vec<(ExportTarget, Option<String>)> = match &req.each {
            None => req.targets.iter().map(|t| (t.clone(), None)).collect(),
            Some(var) => {
                let values = each_values(&source.detail, var, &req.options.vars)?;
                req.targets
                    .iter()
                    .flat_map(|t| values.iter().map(move |v| (t.clone(), Some(v.clone()))))
                    .collect()
            }
        };
        let total = units.len();
        let out_dir_mode = match req.output.as_deref() {
            None => true,
            Some(p) => {
                export::check_output(p, req.format, total).map_err(ServiceError::Export)?
                    == export::Destination::Folder
            }
        };
        let now = chrono::Local::now();
        let done = std::sync::atomic::AtomicUsize::new(0);

        let mut items: Vec<(usize, ExportItem)> =
            futures::stream::iter(units.into_iter().enumerate())
                .map(|(i, (what, value))| {
                    let source = &source;
                    async move {
                        let unit = Unit {
                            target: what,
                            value,
                        };
                        let item = self.export_one(req, source, unit, out_dir_mode, now).await;
                        (i, item)
                    }
                })
                .buffer_unordered(self.items_in_flight())
                .inspect(|(_, item)| {
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    progress(Progress {
                        done: n,
                        total,
                        item,
                    });
                })
                .collect()
                .await;
        items.sort_by_key(|(i, _)| *i);
        Ok(items.into_iter().map(|(_, item)| item).collect())
    }

    /// Renders one panel for the preview: PNG bytes, nothing written, nothing recorded.
    pub async fn preview(
        &self,
        connection: &str,
        dashboard_uid: &str,
        panel: &str,
        options: &RenderOptions,
    ) -> Result<(Vec<u8>, crate::render::Capture), ServiceError> {
        self.preview_telling(
            connection,
            dashboard_uid,
            panel,
            options,
            WaitReport::default(),
        )
        .await
    }

    /// `preview`, saying what the render waits for whenever that changes. A preview keeps the
    /// answers it was drawn from (`Capture::data`), for "Copy data".
    pub async fn preview_telling(
        &self,
        connection: &str,
        dashboard_uid: &str,
        panel: &str,
        options: &RenderOptions,
        waiting: WaitReport,
    ) -> Result<(Vec<u8>, crate::render::Capture), ServiceError> {
        self.render_panel(connection, dashboard_uid, panel, options, waiting, true)
            .await
    }

    /// One panel rendered, nothing written; `want_data`: its data answers kept too.
    pub(crate) async fn render_panel(
        &self,
        connection: &str,
        dashboard_uid: &str,
        panel: &str,
        options: &RenderOptions,
        waiting: WaitReport,
        want_data: bool,
    ) -> Result<(Vec<u8>, crate::render::Capture), ServiceError> {
        options.validate().map_err(ServiceError::Render)?;
        let source = self.render_source(connection, dashboard_uid).await?;
        let detail = &source.detail;
        let needs_query = detail.needs_query(find_panel(detail, panel)?);
        let mut job = source.job(
            Some(panel.to_string()),
            options.clone(),
            crate::render::CaptureKind::Png,
            needs_query,
        );
        job.waiting = waiting;
        job.want_data = want_data;
        let mut capture = self.renderer.render(job).await.map_err(render_error)?;
        Ok((std::mem::take(&mut capture.bytes), capture))
    }

    /// The data a preview drew (`Capture::data`'s bodies) as CSV text in the options' zone
    /// (else the dashboard's): `(text, frames, rows)`.
    pub async fn data_text(
        &self,
        connection: &str,
        dashboard_uid: &str,
        options: &RenderOptions,
        answers: &[String],
    ) -> Result<(String, usize, usize), ServiceError> {
        let zone = self
            .data_zone_of(connection, dashboard_uid, options)
            .await?;
        super::data_files::data_text(answers, zone)
    }

    /// The same data as JSON (`PanelData::to_json`).
    pub async fn data_json(
        &self,
        connection: &str,
        dashboard_uid: &str,
        options: &RenderOptions,
        answers: &[String],
    ) -> Result<serde_json::Value, ServiceError> {
        let zone = self
            .data_zone_of(connection, dashboard_uid, options)
            .await?;
        Ok(super::data_files::data_json(answers, zone))
    }

    async fn data_zone_of(
        &self,
        connection: &str,
        dashboard_uid: &str,
        options: &RenderOptions,
    ) -> Result<chrono_tz::Tz, ServiceError> {
        let source = self.render_source(connection, dashboard_uid).await?;
        Ok(super::data_files::data_zone(
            options.timezone.as_deref(),
            &source.detail.timezone,
        ))
    }

    /// Every target failed for one reason before rendering started (e.g. the dashboard is gone).
    pub(super) fn fail_all(
        &self,
        req: &ExportRequest,
        e: &ServiceError,
        progress: &(dyn Fn(Progress<'_>) + Send + Sync),
    ) -> Vec<ExportItem> {
        let total = req.targets.len();
        req.targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut item = empty_item(t.clone(), &req.dashboard_uid, req.format);
                item.error = Some(ErrorBody::from(e));
                self.record(req, &req.options, "", &mut item, None);
                progress(Progress {
                    done: i + 1,
                    total,
                    item: &item,
                });
                item
            })
            .collect()
    }
}

/// One image to make: a target, and with "one image per value" the value it shows.
pub(super) struct Unit {
    pub(super) target: ExportTarget,
    pub(super) value: Option<String>,
}

/// The request's options with the "each" variable set to this unit's value alone.
pub(super) fn unit_options(req: &ExportRequest, value: Option<&str>) -> RenderOptions {
    let mut options = req.options.clone();
    if let (Some(var), Some(value)) = (&req.each, value) {
        options.vars.retain(|(k, _)| k != var);
        options.vars.push((var.clone(), value.to_string()));
    }
    options
}

/// A title that shows its value, unless it already does (`RPS $service` drawn for `cart`).
pub(super) fn with_value(title: String, value: Option<&str>) -> String {
    match value {
        Some(v) if !title.contains(v) => format!("{title} ({v})"),
        _ => title,
    }
}

/// The values "one image per value" runs over: those asked for with `--var VAR=…`, else the
/// dashboard's current selection with `All` expanded.
fn each_values(
    d: &DashboardDetail,
    var: &str,
    asked: &[(String, String)],
) -> Result<Vec<String>, ServiceError> {
    let Some(v) = d.variable(var) else {
        let names: Vec<&str> = d.variables.iter().map(|v| v.name.as_str()).collect();
        return Err(ServiceError::Invalid(if names.is_empty() {
            format!(
                "dashboard {:?} has no variables, so there is no {var:?} to run over",
                d.title
            )
        } else {
            format!(
                "dashboard {:?} has no variable {var:?}; its variables are {}",
                d.title,
                names.join(", ")
            )
        }));
    };
    let given: Vec<String> = asked
        .iter()
        .filter(|(k, _)| k == var)
        .map(|(_, x)| x.clone())
        .collect();
    let values = if given.is_empty() || given.iter().any(|g| g == "$__all") {
        v.selected_values()
    } else {
        given
    };
    if values.is_empty() {
        return Err(ServiceError::Invalid(format!(
            "variable {var:?} has no value selected and no options to run over; give it a value"
        )));
    }
    Ok(values)
}

/// Fills `$var` and `${var}` in a panel title as Grafana draws it: the values asked for, else
/// the dashboard's current ones.
pub(super) fn interpolate(title: &str, vars: &[(String, String)], d: &DashboardDetail) -> String {
    crate::grafana::template::interpolate(title, |name| {
        let v = d.variables.iter().find(|v| v.name == name)?;
        let asked: Vec<&str> = vars
            .iter()
            .filter(|(k, _)| *k == v.name)
            .map(|(_, x)| x.as_str())
            .collect();
        Some(if asked.is_empty() {
            v.current.iter().map(String::as_str).collect()
        } else {
            asked
        })
    })
}

/// An item before its panel is known: named by its dashboard and the panel asked for, so a
/// failure says which of a job's panels it was ("Node Exporter Full / panel 404").
pub(super) fn empty_item(target: ExportTarget, dashboard: &str, format: Format) -> ExportItem {
    let title = match &target {
        ExportTarget::Panel(key) => format!("{dashboard} / panel {key}"),
        ExportTarget::Dashboard => dashboard.to_string(),
    };
    ExportItem {
        target,
        panel_id: None,
        title,
        path: None,
        format,
        width_px: 0,
        height_px: 0,
        bytes: 0,
        duration_ms: 0.0,
        ready_signal: None,
        page_drawn_ms: None,
        error: None,
        history_id: None,
        history_error: None,
        each_value: None,
        data_files: Vec::new(),
        data_note: None,
    }
}

/// Render failures keep their own codes.
pub(super) fn render_error(e: RenderError) -> ServiceError {
    ServiceError::Render(e)
}

impl From<crate::export::ExportError> for ServiceError {
    fn from(e: crate::export::ExportError) -> Self {
        ServiceError::Export(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_show_the_variable_values() {
        let body = serde_json::json!({ "dashboard": { "uid": "u", "templating": { "list": [
            { "name": "service", "current": { "value": ["checkout", "cart"] } }
        ] } } });
        let d = crate::grafana::parse_dashboard(&body).unwrap();
        assert_eq!(
            interpolate("RPS ($service)", &[], &d),
            "RPS (checkout + cart)"
        );
        assert_eq!(
            interpolate("RPS ${service}", &[("service".into(), "auth".into())], &d),
            "RPS auth"
        );
        assert_eq!(interpolate("No vars", &[], &d), "No vars");
    }

    #[test]
    fn panel_keys_map_to_base_ids() {
        assert_eq!(base_panel_id("7"), Some(7));
        assert_eq!(base_panel_id("panel-3"), Some(3));
        assert_eq!(base_panel_id("panel-3-clone-1"), Some(3));
        assert_eq!(base_panel_id("nope"), None);
    }

    #[test]
    fn basic_auth_header_is_encoded() {
        let a = origin_auth(
            &Credentials::Basic {
                user: "admin".into(),
                password: Secret::new("admin"),
            },
            Some(1),
        );
        assert_eq!(a.authorization.unwrap().expose(), "Basic YWRtaW46YWRtaW4=");
        let t = origin_auth(&Credentials::Token(Secret::new("glsa")), None);
        assert_eq!(t.authorization.unwrap().expose(), "Bearer glsa");
        assert!(
            origin_auth(&Credentials::None, None)
                .authorization
                .is_none()
        );
    }
}
