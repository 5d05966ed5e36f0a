//! The Tauri command layer over the mock runtime: real IPC into the core, against the demo
//! Grafana and real Chromium; errors cross as `{code, message}`.

use std::sync::Arc;

use panelshot::app::AppState;
use panelshot_core::secrets::MemoryStore;
use panelshot_core::service::Core;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;

fn local_origin() -> &'static str {
    if cfg!(windows) {
        "http://tauri.localhost"
    } else {
        "tauri://localhost"
    }
}

fn invoke(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    body: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: local_origin().parse().expect("origin"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|r| r.deserialize::<Value>().expect("json"))
}

fn window(
    core: Result<Core, panelshot_core::error::ErrorBody>,
) -> (tauri::App<MockRuntime>, tauri::WebviewWindow<MockRuntime>) {
    let app = panelshot::app::builder(mock_builder())
        .manage(AppState::new(core))
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, webview)
}

/// The handler is generated from the declaration list (`app::ipc_commands!`): every declared
/// command answers, and a name that is not declared is not a command.
#[test]
fn every_declared_command_is_registered_and_nothing_else() {
    // No state is managed and the arguments are wrong for every command, so a registered
    // command refuses before it does anything; an unregistered name is "not found".
    let app = panelshot::app::builder(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    let refusal = |cmd: &str| {
        invoke(&webview, cmd, json!({ "path": 0, "template": 0 }))
            .expect_err("refused")
            .to_string()
    };
    for name in panelshot::app::COMMAND_NAMES {
        let why = refusal(name);
        assert!(
            !why.contains("not found"),
            "{name} is not registered: {why}"
        );
    }
    assert!(refusal("not_declared").contains("not found"));
}

#[test]
fn the_window_drives_the_whole_flow_over_ipc() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let demo = rt
        .block_on(demo_grafana::start(demo_grafana::Config::default()))
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let core = Core::open(data.path(), Arc::new(MemoryStore::default()))
        .unwrap()
        .with_env_token(None);
    let (app, w) = window(Ok(core));

    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));

    // The sign-in kind is an enum on the wire: a misspelt one is refused, not taken as "none".
    let misspelt = invoke(
        &w,
        "connection_add",
        json!({ "input": { "name": "demo", "url": demo.url(), "auth": "tokn", "token": demo.token() } }),
    );
    assert!(misspelt.is_err(), "{misspelt:?}");
    assert_eq!(
        invoke(&w, "connections_list", json!({})).unwrap(),
        json!([])
    );
    let added = invoke(
        &w,
        "connection_add",
        json!({ "input": { "name": "demo", "url": demo.url(), "auth": "token", "token": demo.token(), "orgId": 1 } }),
    )
    .unwrap();
    assert_eq!(added["name"], "demo");
    assert!(
        !added.to_string().contains(demo.token()),
        "the secret never comes back"
    );
    let list = invoke(&w, "connections_list", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    let test = invoke(&w, "connection_test", json!({ "name": "demo" })).unwrap();
    assert_eq!(test["version"], "12.4.1");

    let page = invoke(
        &w,
        "dashboards_search",
        json!({ "input": { "connection": "demo", "query": "node" } }),
    )
    .unwrap();
    assert_eq!(page["hits"][0]["uid"], "node-exporter-full");
    let tags = invoke(&w, "tags_list", json!({ "connection": "demo" })).unwrap();
    assert!(
        tags.as_array()
            .unwrap()
            .iter()
            .any(|t| t[0] == "renderer" && t[1].as_u64().unwrap() >= 5)
    );
    let tagged = invoke(
        &w,
        "dashboards_search",
        json!({ "input": { "connection": "demo", "tags": ["faults", "renderer"] } }),
    )
    .unwrap();
    assert_eq!(tagged["hits"].as_array().unwrap().len(), 2);
    let folders = invoke(&w, "folders_list", json!({ "connection": "demo" })).unwrap();
    let infra = folders
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["uid"] == "fe3kq9x2abcde")
        .unwrap();
    assert_eq!(infra["children"][0]["title"], "Payments");
    let in_folder = invoke(
        &w,
        "dashboards_search",
        json!({ "input": { "connection": "demo", "folderUids": ["ab12cd34ef"] } }),
    )
    .unwrap();
    assert_eq!(in_folder["hits"].as_array().unwrap().len(), 2);
    let dash = invoke(
        &w,
        "dashboard_get",
        json!({ "connection": "demo", "uid": "node-exporter-full" }),
    )
    .unwrap();
    assert!(dash["panels"].as_array().unwrap().len() >= 4);

    let options = json!({ "width": 800, "height": 450, "scale": 2.0, "timezone": "Asia/Tokyo", "from": null, "to": null,
        "vars": [], "theme": "dark", "transparent": false, "timeoutSecs": 20, "captureAnyway": false });
    // The window passes a channel for what the render waits for (`__CHANNEL__:<id>` over IPC).
    let preview = invoke(&w, "panel_preview", json!({ "connection": "demo", "uid": "node-exporter-full", "panel": "1", "options": options, "waiting": "__CHANNEL__:7" })).unwrap();
    assert_eq!(
        (preview["widthPx"].as_u64(), preview["heightPx"].as_u64()),
        (Some(1600), Some(900))
    );
    assert!(
        preview["dataUrl"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );

    let file = out.path().join("from-the-window.png");
    let items = invoke(
        &w,
        "panel_export",
        json!({ "input": { "connection": "demo", "uid": "node-exporter-full", "panels": ["1"], "options": options, "format": "png", "quality": null, "output": file } }),
    )
    .unwrap();
    assert_eq!(items[0]["path"], file.to_str().unwrap());
    assert!(file.exists());

    let history = invoke(&w, "history_list", json!({ "input": {} })).unwrap();
    assert_eq!(history.as_array().unwrap().len(), 1);
    let id = history[0]["id"].as_i64().unwrap();
    let thumb = invoke(&w, "history_thumbnail", json!({ "id": id })).unwrap();
    assert!(
        thumb
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    let presets = invoke(&w, "presets_list", json!({})).unwrap();
    assert_eq!(presets[0]["name"], "Slide 16:9");
    let presets = invoke(&w, "preset_set_default", json!({ "name": "Square" })).unwrap();
    assert!(
        presets
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Square" && p["isDefault"] == true)
    );
    // The window starts from the core's resolver: now the default preset's look.
    let square = presets
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Square")
        .unwrap()
        .clone();
    let look = invoke(&w, "look_resolve", json!({ "preset": null, "patch": null })).unwrap();
    assert_eq!(look["options"]["width"], square["width"]);
    assert_eq!(look["options"]["height"], square["height"]);
    assert_eq!(look["naturalSize"], false);
    let named = invoke(&w, "look_resolve", json!({ "preset": "Slide 16:9", "patch": { "width": null, "height": 1000, "scale": null, "theme": null, "timezone": null, "from": null, "to": null, "transparent": null, "format": null, "quality": null, "timeoutSecs": null, "captureAnyway": null } })).unwrap();
    assert_eq!(named["options"]["height"], 1000);
    let dashboards = invoke(&w, "history_dashboards", json!({})).unwrap();
    assert_eq!(
        dashboards,
        json!([["node-exporter-full", "Node Exporter Full"]])
    );

    // "Copy image" right after the preview reuses its picture, and it lands on the clipboard.
    let copied = invoke(&w, "copy_image", json!({ "connection": "demo", "uid": "node-exporter-full", "panel": "1", "options": options })).unwrap();
    assert_eq!(
        (copied["widthPx"].as_u64(), copied["rendered"].as_bool()),
        (Some(1600), Some(false))
    );
    assert_eq!(
        invoke(&w, "preview_cancel", json!({})).unwrap(),
        false,
        "nothing in flight"
    );

    // File names follow the template; a bad template is refused with what to use.
    let name = invoke(&w, "export_file_name", json!({ "dashboard": "Node Exporter Full", "panel": "CPU / busy", "panelId": "1", "width": 1600, "height": 900, "format": "png" })).unwrap();
    assert!(
        name.as_str()
            .unwrap()
            .starts_with("Node-Exporter-Full-CPU-busy-"),
        "{name}"
    );
    let e = invoke(
        &w,
        "name_example",
        json!({ "template": "{panel}-{colour}" }),
    )
    .unwrap_err();
    assert_eq!(e["code"], "export.invalid_template");

    // Open / show in folder: a file that is gone is a clear error, not a silent no-op.
    std::fs::remove_file(&file).unwrap();
    for cmd in ["history_open", "history_reveal"] {
        let e = invoke(&w, cmd, json!({ "id": id })).unwrap_err();
        assert_eq!(e["code"], "export.missing_file", "{cmd}");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("from-the-window.png")
        );
    }

    // Errors cross as {code, message}.
    let e = invoke(&w, "connection_test", json!({ "name": "nope" })).unwrap_err();
    assert_eq!(e["code"], "store.not_found");
    assert!(e["message"].as_str().unwrap().contains("nope"));
    let e = invoke(&w, "panel_preview", json!({ "connection": "demo", "uid": "node-exporter-full", "panel": "1",
        "options": { "width": 50, "height": 450, "scale": 1.0, "timezone": null, "from": null, "to": null, "vars": [],
        "theme": "dark", "transparent": false, "timeoutSecs": 20, "captureAnyway": false }, "waiting": "__CHANNEL__:8" })).unwrap_err();
    assert_eq!(e["code"], "render.invalid_size");
    invoke(&w, "connection_remove", json!({ "name": "demo" })).unwrap();
    use tauri::Manager;
    let state = app.state::<AppState>();
    let core = state.core.as_ref().expect("core");
    tauri::async_runtime::block_on(core.shutdown());
    rt.block_on(async { std::mem::drop(demo) });
}

#[test]
fn a_database_that_cannot_open_is_an_error_for_every_command() {
    let (_app, w) = window(Err(panelshot_core::error::ErrorBody {
        code: panelshot_core::error::ErrorCode::StoreCorrupt,
        message: "broken".into(),
    }));
    let e = invoke(&w, "connections_list", json!({})).unwrap_err();
    assert_eq!(e, json!({ "code": "store.corrupt", "message": "broken" }));
    assert_eq!(
        invoke(&w, "app_info", json!({})).unwrap()["name"],
        "Panelshot"
    );
}
