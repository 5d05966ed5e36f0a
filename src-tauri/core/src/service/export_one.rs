//! One image of an export, in the order it is made: plan it (which panel, its title and size,
//! whether it queries), render it, name its file, write the file (and its data), record it.

use std::path::PathBuf;
use std::time::Instant;

use super::export::{
    ExportItem, ExportRequest, ExportTarget, Unit, empty_item, find_panel, interpolate,
    render_error, unit_options, with_value,
};
use super::render_sources::RenderSource;
use super::{Core, ServiceError};
use crate::error::ErrorBody;
use crate::export::{self, NameParts, WriteMode};
use crate::grafana::DashboardDetail;
use crate::render::{Capture, RenderError, RenderOptions};

/// A whole dashboard's answers belong to many panels: its data is saved per panel.
const NO_DASHBOARD_DATA: &str =
    "no data file for a whole dashboard: export its panels with the data";

/// What one image will be, before anything is rendered.
struct Plan {
    /// The panel's key, or `None` for the whole dashboard.
    panel_key: Option<String>,
    panel_id: Option<i64>,
    /// The title shown in results and history (the panel's, with its repeat value).
    title: String,
    /// The `{panel}` of the file name.
    name: String,
    needs_query: Option<bool>,
    table: bool,
    /// The unit's options, sized to the panel's grid size with `natural_size`.
    options: RenderOptions,
    want_data: bool,
}

fn plan(
    req: &ExportRequest,
    detail: &DashboardDetail,
    unit: &Unit,
    options: &RenderOptions,
) -> Result<Plan, ServiceError> {
    let mut options = options.clone();
    let want_data = req.data.is_some() && matches!(unit.target, ExportTarget::Panel(_));
    Ok(match &unit.target {
        ExportTarget::Panel(key) => {
            let panel = find_panel(detail, key)?;
            let title = with_value(
                interpolate(&panel.title, &options.vars, detail),
                unit.value.as_deref(),
            );
            if req.natural_size {
                options.width = panel.natural_width;
                options.height = panel.natural_height;
            }
            Plan {
                panel_key: Some(key.clone()),
                panel_id: Some(panel.id),
                name: title.clone(),
                title,
                needs_query: detail.needs_query(panel),
                table: panel.kind == "table",
                options,
                want_data,
            }
        }
        ExportTarget::Dashboard => Plan {
            panel_key: None,
            panel_id: None,
            title: with_value(detail.title.clone(), unit.value.as_deref()),
            name: with_value("dashboard".into(), unit.value.as_deref()),
            needs_query: detail.any_query(),
            table: false,
            options,
            want_data,
        },
    })
}

/// Where the image goes: the file asked for, or a name from the template in the folder asked
/// for (the working folder when none was).
fn output_path(
    req: &ExportRequest,
    out_dir_mode: bool,
    dashboard_title: &str,
    plan: &Plan,
    (width, height): (u32, u32),
    now: chrono::DateTime<chrono::Local>,
) -> PathBuf {
    match (&req.output, out_dir_mode) {
        (Some(file), false) => file.clone(),
        (dir, _) => {
            let dir = dir.clone().unwrap_or_else(|| PathBuf::from("."));
            let id = plan.panel_key.as_deref().unwrap_or("dashboard");
            dir.join(export::render_name(
                &req.template,
                &NameParts {
                    dashboard: dashboard_title,
                    panel: &plan.name,
                    panel_id: id,
                    width,
                    height,
                    ext: req.format.extension(),
                    now,
                },
            ))
        }
    }
}

/// What writing left on disk.
struct Written {
    bytes: u64,
    path: PathBuf,
    thumbnail: Option<(Vec<u8>, String)>,
    data: Option<super::data_files::Saved>,
}

/// Encodes and writes the image (and its data files), and makes the history thumbnail: all
/// blocking work, off the batch's task, whose other renders would stall behind it.
async fn write(
    req: &ExportRequest,
    plan: &Plan,
    dashboard_zone: &str,
    mut capture: Capture,
    path: PathBuf,
) -> Result<Written, ServiceError> {
    let mode = if req.overwrite {
        WriteMode::Overwrite
    } else {
        WriteMode::Suffix
    };
    let (format, quality) = (req.format, req.quality);
    let background = plan.options.theme.panel_background();
    let (want_data, table) = (plan.want_data, plan.table);
    let preview = capture.preview_png.take();
    let answers: Vec<String> = std::mem::take(&mut capture.data)
        .into_iter()
        .map(|a| a.body)
        .collect();
    let zone = super::data_files::data_zone(plan.options.timezone.as_deref(), dashboard_zone);
    tokio::task::spawn_blocking(move || {
        let bytes = export::encode(format, capture.bytes, quality, background)?;
        let path = export::write_atomic(&path, &bytes, mode)?;
        // A PDF has no pixels to shrink: its thumbnail comes from the small PNG taken with it.
        let thumbnail = super::history::thumbnail(preview.as_deref().unwrap_or(&bytes));
        let data = if want_data {
            Some(super::data_files::save_data(
                &path, &answers, zone, table, mode,
            )?)
        } else {
            None
        };
        Ok::<_, ServiceError>(Written {
            bytes: bytes.len() as u64,
            path,
            thumbnail,
            data,
        })
    })
    .await
    .map_err(|e| ServiceError::Invalid(format!("writing the file stopped: {e}")))?
}

impl Core {
    /// One image, start to end; a failure is the item's error (recorded in history), never the
    /// batch's.
    pub(super) async fn export_one(
        &self,
        req: &ExportRequest,
        source: &RenderSource,
        unit: Unit,
        out_dir_mode: bool,
        now: chrono::DateTime<chrono::Local>,
    ) -> ExportItem {
        let started = Instant::now();
        let detail = &source.detail;
        let mut item = empty_item(unit.target.clone(), &detail.title, req.format);
        item.each_value = unit.value.clone();
        let options = unit_options(req, unit.value.as_deref());
        let mut thumb = None;
        let result: Result<(), ServiceError> = async {
            if self.stop.is_stopped() {
                return Err(ServiceError::Render(RenderError::Cancelled));
            }
            let plan = plan(req, detail, &unit, &options)?;
            item.panel_id = plan.panel_id;
            item.title = plan.title.clone();
            if req.data.is_some() && !plan.want_data {
                item.data_note = Some(NO_DASHBOARD_DATA.into());
            }
            let mut job = source.job(
                plan.panel_key.clone(),
                plan.options.clone(),
                req.format.capture_kind(req.quality),
                plan.needs_query,
            );
            job.want_data = plan.want_data;
            // A stop ends the render; once captured, the image is written and recorded all
            // the same.
            let capture = tokio::select! {
                r = self.renderer.render(job) => r.map_err(render_error)?,
                () = self.stop.stopped() => return Err(ServiceError::Render(RenderError::Cancelled)),
            };
            item.width_px = capture.width_px;
            item.height_px = capture.height_px;
            item.ready_signal = Some(capture.ready_signal.clone());
            item.page_drawn_ms = capture.page_drawn_ms;
            let size = (item.width_px, item.height_px);
            let path = output_path(req, out_dir_mode, &detail.title, &plan, size, now);
            let written = write(req, &plan, &detail.timezone, capture, path).await?;
            item.bytes = written.bytes;
            item.path = Some(written.path);
            if let Some(d) = written.data {
                item.data_files = d.files;
                item.data_note = d.note;
            }
            thumb = written.thumbnail;
            Ok(())
        }
        .await;
        item.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
        if let Err(e) = result {
            item.error = Some(ErrorBody::from(&e));
        }
        self.record(req, &options, &detail.title, &mut item, thumb);
        item
    }
}
