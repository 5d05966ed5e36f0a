//! Recording exports in the history (with thumbnails), and re-exporting an entry.

use std::io::Cursor;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::export::{ExportItem, ExportRequest, ExportTarget, Progress};
use super::{Core, Look, ServiceError};
use crate::render::RenderOptions;
use crate::store::{HistoryTarget, NewHistory};

/// Thumbnails are at most this wide (and this tall).
pub const THUMBNAIL_PX: u32 = 320;

/// Everything needed to run an export again, stored with each history row: the look (stored
/// flat, as rows written before it existed) and the file-name template.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedSettings {
    #[serde(flatten)]
    pub look: Look,
    pub template: String,
}

/// A PNG no wider or taller than `THUMBNAIL_PX`, from PNG, JPEG or WebP bytes.
pub fn thumbnail(image_bytes: &[u8]) -> Option<(Vec<u8>, String)> {
    let img = image::load_from_memory(image_bytes).ok()?;
    let thumb = img.thumbnail(THUMBNAIL_PX, THUMBNAIL_PX);
    let mut out = Cursor::new(Vec::new());
    thumb.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some((out.into_inner(), "image/png".into()))
}

impl Core {
    /// Writes one history row for an item. A failure to record does not undo the export (the
    /// file is written): it is kept on the item, for the caller to report.
    pub(crate) fn record(
        &self,
        req: &ExportRequest,
        options: &RenderOptions,
        dashboard_title: &str,
        item: &mut ExportItem,
        thumb: Option<(Vec<u8>, String)>,
    ) {
        let settings = SavedSettings {
            look: Look {
                options: options.clone(),
                format: req.format,
                quality: req.quality,
                natural_size: req.natural_size,
            },
            template: req.template.clone(),
        };
        let row = NewHistory {
            connection_name: req.connection.clone(),
            dashboard_uid: req.dashboard_uid.clone(),
            dashboard_title: dashboard_title.to_string(),
            target: match &item.target {
                ExportTarget::Panel(p) => HistoryTarget::Panel(p.clone()),
                ExportTarget::Dashboard => HistoryTarget::Dashboard,
            },
            panel_id: item.panel_id,
            panel_title: item.title.clone(),
            options_json: serde_json::to_string(&settings).unwrap_or_else(|_| "{}".into()),
            format: req.format.into(),
            output_path: item.path.as_ref().map(|p| p.display().to_string()),
            width_px: item.width_px,
            height_px: item.height_px,
            bytes: item.bytes,
            duration_ms: item.duration_ms,
            ok: item.error.is_none(),
            error_code: item.error.as_ref().map(|e| e.code.to_string()),
            error_message: item.error.as_ref().map(|e| e.message.clone()),
            thumbnail: thumb,
        };
        match self.store.add_history(&row) {
            Ok(id) => item.history_id = Some(id),
            Err(e) => item.history_error = Some(crate::error::ErrorBody::from(&e)),
        }
    }

    /// Runs a history entry again with fresh data; the result is a new history row.
    pub async fn reexport(
        &self,
        id: i64,
        output: Option<PathBuf>,
        progress: &(dyn Fn(Progress<'_>) + Send + Sync),
    ) -> Result<ExportItem, ServiceError> {
        let entry = self.store.history_entry(id)?;
        let target = match &entry.target {
            HistoryTarget::Deck => {
                return Err(ServiceError::Invalid(format!(
                    "history entry #{id} is a deck: make it again with its job (`panelshot job run`) or the export that wrote it"
                )));
            }
            HistoryTarget::Dashboard => ExportTarget::Dashboard,
            HistoryTarget::Panel(key) => ExportTarget::Panel(key.clone()),
        };
        let settings: SavedSettings =
            serde_json::from_value(entry.options.clone()).map_err(|e| {
                ServiceError::Invalid(format!(
                    "history entry #{id} has no usable settings ({e}); export it anew"
                ))
            })?;
        // Same place as before (a new name if the file is still there), unless told otherwise.
        let output = output.or_else(|| entry.output_path.as_ref().map(PathBuf::from));
        let req = ExportRequest {
            each: None,
            data: None,
            connection: entry.connection_name.clone(),
            dashboard_uid: entry.dashboard_uid.clone(),
            targets: vec![target],
            options: settings.look.options,
            natural_size: settings.look.natural_size,
            format: settings.look.format,
            quality: settings.look.quality,
            output,
            overwrite: false,
            template: settings.template,
        };
        let mut items = self.export(&req, progress).await?;
        items
            .pop()
            .ok_or_else(|| ServiceError::Invalid("the re-export produced nothing".into()))
    }

    /// The file an entry wrote, for "open" and "show in folder"; a clear error when the export
    /// failed or the file has since been moved or deleted.
    pub fn history_file(&self, id: i64) -> Result<PathBuf, ServiceError> {
        let entry = self.store.history_entry(id)?;
        let path = entry.output_path.map(PathBuf::from).ok_or_else(|| {
            ServiceError::Invalid(format!(
                "history entry #{id} wrote no file (the export failed); re-export it"
            ))
        })?;
        if !path.is_file() {
            return Err(crate::export::ExportError::Missing { path }.into());
        }
        Ok(path)
    }

    /// Deletes history entries, and their files too when asked. Returns how many rows went.
    pub fn delete_history(&self, ids: &[i64], with_files: bool) -> Result<usize, ServiceError> {
        if with_files {
            for id in ids {
                if let Ok(e) = self.store.history_entry(*id)
                    && let Some(path) = e.output_path
                {
                    match std::fs::remove_file(&path) {
                        Ok(()) => {}
                        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                        Err(err) => {
                            return Err(ServiceError::Invalid(format!(
                                "cannot delete {path}: {err}"
                            )));
                        }
                    }
                }
            }
        }
        Ok(self.store.delete_history(ids)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows written before the wire was camelCase keep their snake_case names: they still
    /// re-export, and are written back in the one naming.
    #[test]
    fn settings_saved_with_snake_case_names_still_read() {
        let old = r#"{"options":{"width":800,"height":600,"scale":2.0,"timezone":"Asia/Tokyo",
            "from":null,"to":null,"vars":[],"theme":"dark","transparent":false,
            "timeout_secs":45,"capture_anyway":true},"natural_size":false,"format":"png",
            "quality":null,"template":"{panel}.{ext}"}"#;
        let s: SavedSettings = serde_json::from_str(old).unwrap();
        assert_eq!(
            (s.look.options.timeout_secs, s.look.options.capture_anyway),
            (45, true)
        );
        assert!(!s.look.natural_size);
        let now = serde_json::to_value(&s).unwrap();
        assert_eq!(now["options"]["timeoutSecs"], 45);
        assert_eq!(now["naturalSize"], false);
        let job: crate::store::JobDeck = serde_json::from_str(
            r#"{"format":"pptx","layout":{"slide":"16:9","per_slide":2,"titles":true,"native_tables":true}}"#,
        )
        .unwrap();
        assert_eq!((job.layout.per_slide, job.layout.native_tables), (2, true));
    }

    #[test]
    fn the_file_of_an_entry_or_why_there_is_none() {
        let (dir, core) = crate::service::test_core();
        let file = dir.path().join("shot.png");
        std::fs::write(&file, b"png").unwrap();
        let gone = dir.path().join("gone.png");
        let add = |path: Option<&std::path::Path>, ok: bool| {
            core.store
                .add_history(&crate::store::NewHistory {
                    connection_name: "c".into(),
                    dashboard_uid: "d".into(),
                    dashboard_title: "D".into(),
                    target: crate::store::HistoryTarget::Panel("1".into()),
                    panel_id: Some(1),
                    panel_title: "P".into(),
                    options_json: "{}".into(),
                    format: crate::store::FileFormat::Png,
                    output_path: path.map(|p| p.display().to_string()),
                    width_px: 1,
                    height_px: 1,
                    bytes: 3,
                    duration_ms: 1.0,
                    ok,
                    error_code: None,
                    error_message: None,
                    thumbnail: None,
                })
                .unwrap()
        };
        let (here, failed, moved) = (
            add(Some(&file), true),
            add(None, false),
            add(Some(&gone), true),
        );
        assert_eq!(core.history_file(here).unwrap(), file);
        let code = |id| crate::error::Coded::code(&core.history_file(id).unwrap_err()).to_string();
        assert_eq!(code(failed), "input.invalid");
        assert_eq!(code(moved), "export.missing_file");
        assert_eq!(code(9999), "store.not_found");
    }

    #[test]
    fn thumbnails_are_small_pngs_keeping_the_aspect() {
        let img = image::RgbaImage::from_pixel(1920, 1080, image::Rgba([10, 20, 30, 255]));
        let mut png = Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let (bytes, mime) = thumbnail(&png.into_inner()).unwrap();
        assert_eq!(mime, "image/png");
        let t = image::load_from_memory(&bytes).unwrap();
        assert_eq!((t.width(), t.height()), (320, 180));
        assert!(thumbnail(b"%PDF-1.4 not an image").is_none());
    }
}
