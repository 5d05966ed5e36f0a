//! `panelshot mcp`: Panelshot as a Model Context Protocol server on stdio (the official Rust
//! SDK, `rmcp`), for AI agents. Its tools call the same core as the commands; a failure is an
//! MCP tool error carrying Panelshot's code. Nothing else may write to stdout: it is the
//! protocol's channel.

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerInfo};
use rmcp::{ErrorData, ServerHandler, ServiceExt, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde_json::json;

use panelshot_core::deck::{DeckLayout, SlideSize};
use panelshot_core::error::ErrorBody;
use panelshot_core::grafana::SearchQuery;
use panelshot_core::render::Theme;
use panelshot_core::service::{
    Core, DeckPanel, DeckRequest, ExportRequest, ExportTarget, LookPatch, ServiceError,
};

#[derive(Clone)]
pub struct Server {
    core: Arc<Core>,
    tool_router: ToolRouter<Self>,
}

type Answer = Result<CallToolResult, ErrorData>;

/// A Panelshot failure as the agent sees it: a tool error naming the code, not a protocol
/// error (the call itself was fine).
fn failed(e: ServiceError) -> Answer {
    failed_with(&ErrorBody::from(&e))
}

/// The same for a failure an item or a deck reports in its result.
fn failed_with(e: &ErrorBody) -> Answer {
    Ok(CallToolResult::error(vec![ContentBlock::text(format!(
        "error[{}]: {}",
        e.code, e.message
    ))]))
}

fn json_answer(v: serde_json::Value) -> Answer {
    Ok(CallToolResult::success(vec![ContentBlock::text(
        serde_json::to_string_pretty(&v).unwrap_or_default(),
    )]))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    /// The connection's name (see list_connections).
    pub connection: String,
    /// Words in the dashboard's title; empty lists every dashboard.
    #[serde(default)]
    pub query: Option<String>,
    /// At most this many (default 50).
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PanelsArgs {
    pub connection: String,
    pub dashboard_uid: String,
    /// Also return a small picture of each panel (from one render of the dashboard).
    #[serde(default)]
    pub pictures: bool,
}

/// How a panel looks; every field is optional (the user's settings and default preset fill
/// the rest, as for the command line).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct LookArgs {
    /// CSS pixels, 100–8192.
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
    /// Device pixels per CSS pixel, 1–4.
    #[serde(default)]
    pub scale: Option<f64>,
    /// Grafana time, e.g. `now-7d`, or a date.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// IANA zone, `utc` or `browser`; unset: the dashboard's.
    #[serde(default)]
    pub timezone: Option<String>,
    /// `light` or `dark`.
    #[serde(default)]
    pub theme: Option<String>,
    /// Text size in percent (50–300), like a browser's zoom.
    #[serde(default)]
    pub text_size: Option<f64>,
    /// Template variables as `name=value` (repeat a name for several values).
    #[serde(default)]
    pub vars: Vec<String>,
}

impl LookArgs {
    fn patch(&self) -> Result<LookPatch, ServiceError> {
        let theme = match self.theme.as_deref() {
            None => None,
            Some("light") => Some(Theme::Light),
            Some("dark") => Some(Theme::Dark),
            Some(other) => {
                return Err(ServiceError::Invalid(format!(
                    "theme {other:?} is not light or dark"
                )));
            }
        };
        Ok(LookPatch {
            width: self.width,
            height: self.height,
            scale: self.scale,
            theme,
            timezone: self.timezone.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            zoom: self.text_size.map(|p| p / 100.0),
            ..Default::default()
        })
    }

    fn vars(&self) -> Result<Vec<(String, String)>, ServiceError> {
        self.vars
            .iter()
            .map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .ok_or_else(|| ServiceError::Invalid(format!("{kv:?} is not name=value")))
            })
            .collect()
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RenderArgs {
    pub connection: String,
    pub dashboard_uid: String,
    /// The panel's id (`3`) or key (`panel-3`).
    pub panel: String,
    #[serde(flatten)]
    pub look: LookArgs,
    /// Where the PNG goes; default: the export folder of Panelshot's settings.
    #[serde(default)]
    pub output_dir: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DeckArgs {
    pub connection: String,
    pub dashboard_uid: String,
    /// The panels, in slide order.
    pub panels: Vec<String>,
    /// The deck's file: `….pptx` or `….pdf`.
    pub output: String,
    /// Panels per slide: 1, 2 or 4 (default 1).
    #[serde(default)]
    pub per_slide: Option<u8>,
    #[serde(flatten)]
    pub look: LookArgs,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DataArgs {
    pub connection: String,
    pub dashboard_uid: String,
    pub panel: String,
    /// `csv` (default) or `json`.
    #[serde(default)]
    pub format: Option<String>,
    #[serde(flatten)]
    pub look: LookArgs,
}

impl Server {
    pub fn new(core: Arc<Core>) -> Server {
        Server {
            core,
            tool_router: Self::tool_router(),
        }
    }

    /// The look asked for, resolved as the command line resolves its flags.
    fn options(&self, look: &LookArgs) -> Result<panelshot_core::service::Look, ServiceError> {
        let mut l = self.core.resolve_look(None, &look.patch()?)?;
        l.options.vars = look.vars()?;
        Ok(l)
    }
}

#[tool_router]
impl Server {
    #[tool(
        description = "The Grafana connections Panelshot knows (name, URL, org). Credentials stay in the OS keyring."
    )]
    async fn list_connections(&self) -> Answer {
        match self.core.connections() {
            Ok(list) => json_answer(json!(
                list.iter()
                    .map(|c| json!({ "name": c.name, "url": c.url, "org_id": c.org_id }))
                    .collect::<Vec<_>>()
            )),
            Err(e) => failed(e),
        }
    }

    #[tool(description = "Search a connection's dashboards by title: uid, title, folder, tags.")]
    async fn search_dashboards(&self, Parameters(a): Parameters<SearchArgs>) -> Answer {
        let q = SearchQuery {
            query: a.query,
            tags: vec![],
            folder_uids: vec![],
            starred: false,
            limit: a.limit.unwrap_or(50).clamp(1, 5000),
            page: 1,
        };
        match self.core.search(&a.connection, &q).await {
            Ok(page) => json_answer(json!(page.hits)),
            Err(e) => failed(e),
        }
    }

    #[tool(
        description = "The panels of a dashboard: id, key, title, type, row; with pictures=true also a small PNG of each (one render of the dashboard)."
    )]
    async fn list_panels(&self, Parameters(a): Parameters<PanelsArgs>) -> Answer {
        let d = match self.core.dashboard(&a.connection, &a.dashboard_uid).await {
            Ok(d) => d,
            Err(e) => return failed(e),
        };
        let list: Vec<_> = d
            .panels
            .iter()
            .map(|p| json!({ "id": p.id, "key": p.key, "title": p.title, "type": p.kind, "row": p.row }))
            .collect();
        let mut content = vec![ContentBlock::text(
            serde_json::to_string_pretty(&list).unwrap_or_default(),
        )];
        if a.pictures {
            let view = match self.options(&LookArgs::default()) {
                Ok(l) => l.options,
                Err(e) => return failed(e),
            };
            match self
                .core
                .panel_thumbnails(&a.connection, &a.dashboard_uid, &view, false)
                .await
            {
                Ok(t) => {
                    for p in &t.panels {
                        content.push(ContentBlock::text(format!("picture of {}", p.key)));
                        content.push(ContentBlock::image(
                            base64::engine::general_purpose::STANDARD.encode(&p.png),
                            "image/png",
                        ));
                    }
                }
                Err(e) => return failed(e),
            }
        }
        Ok(CallToolResult::success(content))
    }

    #[tool(
        description = "Render one panel to a PNG file, waiting until Grafana has drawn its data. Returns the image and its path, pixel size, time range and zone."
    )]
    async fn render_panel(&self, Parameters(a): Parameters<RenderArgs>) -> Answer {
        let look = match self.options(&a.look) {
            Ok(l) => l,
            Err(e) => return failed(e),
        };
        let output = match a.output_dir {
            Some(d) => PathBuf::from(d),
            None => match self.core.settings() {
                Ok(s) => PathBuf::from(s.export_dir),
                Err(e) => return failed(e),
            },
        };
        let req = ExportRequest {
            connection: a.connection,
            dashboard_uid: a.dashboard_uid,
            targets: vec![ExportTarget::Panel(a.panel)],
            options: look.options.clone(),
            // False already when the call gave a size (the resolver's rule).
            natural_size: look.natural_size,
            format: panelshot_core::export::Format::Png,
            quality: None,
            output: Some(output.join("")),
            overwrite: false,
            template: panelshot_core::export::DEFAULT_TEMPLATE.into(),
            each: None,
            data: None,
        };
        let items = match self.core.export(&req, &|_| {}).await {
            Ok(items) => items,
            Err(e) => return failed(e),
        };
        let Some(item) = items.into_iter().next() else {
            return failed(ServiceError::Internal("nothing was rendered".into()));
        };
        if let Some(e) = &item.error {
            return failed_with(e);
        }
        let path = item.path.unwrap_or_default();
        let png = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return failed(ServiceError::Internal(format!(
                    "the image {} could not be read back: {e}",
                    path.display()
                )));
            }
        };
        let about = json!({
            "path": path,
            "title": item.title,
            "width_px": item.width_px,
            "height_px": item.height_px,
            "from": look.options.from,
            "to": look.options.to,
            "timezone": look.options.timezone,
        });
        Ok(CallToolResult::success(vec![
            ContentBlock::image(
                base64::engine::general_purpose::STANDARD.encode(&png),
                "image/png",
            ),
            ContentBlock::text(serde_json::to_string_pretty(&about).unwrap_or_default()),
        ]))
    }

    #[tool(
        description = "Write several panels of a dashboard as a slide deck (.pptx or .pdf), 1, 2 or 4 per 16:9 slide."
    )]
    async fn export_deck(&self, Parameters(a): Parameters<DeckArgs>) -> Answer {
        let look = match self.options(&a.look) {
            Ok(l) => l,
            Err(e) => return failed(e),
        };
        let req = DeckRequest {
            connection: a.connection,
            panels: a
                .panels
                .into_iter()
                .map(|panel| DeckPanel {
                    dashboard_uid: a.dashboard_uid.clone(),
                    panel,
                    title: None,
                    from: None,
                    to: None,
                    vars: vec![],
                })
                .collect(),
            options: look.options,
            layout: DeckLayout {
                slide: SlideSize::Wide,
                per_slide: a.per_slide.unwrap_or(1),
                titles: true,
                native_tables: false,
            },
            output: PathBuf::from(a.output),
            overwrite: false,
        };
        match self.core.export_deck(&req, &|_, _| {}).await {
            Ok(r) => match r.error {
                Some(e) => failed_with(&e),
                None => {
                    json_answer(json!({ "path": r.path, "slides": r.slides, "panels": r.panels }))
                }
            },
            Err(e) => failed(e),
        }
    }

    #[tool(
        description = "The data a panel draws, from the answers its own queries get while it is rendered: CSV (default) or JSON, times in the zone asked for (else the dashboard's)."
    )]
    async fn get_panel_data(&self, Parameters(a): Parameters<DataArgs>) -> Answer {
        let look = match self.options(&a.look) {
            Ok(l) => l,
            Err(e) => return failed(e),
        };
        let answers: Vec<String> = match self
            .core
            .preview(&a.connection, &a.dashboard_uid, &a.panel, &look.options)
            .await
        {
            Ok((_, capture)) => capture.data.into_iter().map(|d| d.body).collect(),
            Err(e) => return failed(e),
        };
        match a.format.as_deref().unwrap_or("csv") {
            "csv" => match self
                .core
                .data_text(&a.connection, &a.dashboard_uid, &look.options, &answers)
                .await
            {
                Ok((text, _, _)) => Ok(CallToolResult::success(vec![ContentBlock::text(text)])),
                Err(e) => failed(e),
            },
            "json" => match self
                .core
                .data_json(&a.connection, &a.dashboard_uid, &look.options, &answers)
                .await
            {
                Ok(v) => json_answer(v),
                Err(e) => failed(e),
            },
            other => failed(ServiceError::Invalid(format!(
                "format {other:?} is not csv or json"
            ))),
        }
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerInfo {
        ServerInfo::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("panelshot", env!("CARGO_PKG_VERSION")))
            .with_instructions(
            "Panelshot renders Grafana panels exactly as Grafana draws them (waiting for their data), \
             writes slide decks, and gives the data behind a panel. Start with list_connections, \
             then search_dashboards and list_panels.",
        )
    }
}

/// Serves on stdin/stdout until the client closes its side.
pub async fn serve(core: Core) -> Result<(), ServiceError> {
    let server = Server::new(Arc::new(core));
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| ServiceError::Invalid(format!("the MCP session did not start: {e}")))?;
    running
        .waiting()
        .await
        .map_err(|e| ServiceError::Invalid(format!("the MCP session ended badly: {e}")))?;
    Ok(())
}
