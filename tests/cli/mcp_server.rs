//! `panelshot mcp` driven by a real MCP client: the Python MCP SDK from PyPI (`make test`
//! installs it in target/venv), over stdio, against the demo Grafana.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use serde_json::Value;

use crate::common::{add_token_connection, demo};

const CLIENT: &str = r#"
import asyncio, json, os, sys
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

def blocks(res):
    return [{"type": c.type, "data": getattr(c, "data", None), "mime": getattr(c, "mimeType", None),
             "text": getattr(c, "text", None)} for c in res.content]

async def main():
    params = StdioServerParameters(command=sys.argv[1], args=["mcp"], env=dict(os.environ))
    out = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as s:
            init = await s.initialize()
            out["server"] = init.serverInfo.name
            out["tools"] = sorted(t.name for t in (await s.list_tools()).tools)
            r = await s.call_tool("render_panel", {"connection": "demo", "dashboard_uid": "node-exporter-full",
                "panel": "1", "width": 400, "height": 200, "timezone": "Asia/Tokyo", "output_dir": sys.argv[2]})
            out["render"] = {"error": r.isError, "blocks": blocks(r)}
            bad = await s.call_tool("render_panel", {"connection": "demo", "dashboard_uid": "node-exporter-full", "panel": "999"})
            out["bad"] = {"error": bad.isError, "blocks": blocks(bad)}
            d = await s.call_tool("get_panel_data", {"connection": "demo", "dashboard_uid": "node-exporter-full",
                "panel": "1", "format": "json", "timezone": "Asia/Tokyo"})
            out["data"] = {"error": d.isError, "blocks": blocks(d)}
            p = await s.call_tool("list_panels", {"connection": "demo", "dashboard_uid": "node-exporter-full", "pictures": True})
            out["panels"] = {"error": p.isError, "blocks": blocks(p)}
            k = await s.call_tool("export_deck", {"connection": "demo", "dashboard_uid": "node-exporter-full",
                "panels": ["1", "2"], "per_slide": 2, "output": os.path.join(sys.argv[2], "agent.pptx")})
            out["deck"] = {"error": k.isError, "blocks": blocks(k)}
            c = await s.call_tool("list_connections", {})
            out["connections"] = blocks(c)
    print(json.dumps(out))

asyncio.run(main())
"#;

fn python() -> std::path::PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/venv/bin/python");
    assert!(
        p.exists(),
        "{} is missing: run the tests through `make test`",
        p.display()
    );
    p
}

#[tokio::test(flavor = "multi_thread")]
async fn an_mcp_client_lists_the_tools_renders_a_panel_and_gets_its_data() {
    let g = demo().await;
    let data = tempfile::tempdir().unwrap();
    add_token_connection(data.path(), "demo", &g.url(), g.token()).await;
    let out = tempfile::tempdir().unwrap();
    let (bin, data_dir, out_dir) = (
        crate::BIN.to_string(),
        data.path().to_path_buf(),
        out.path().to_path_buf(),
    );
    let run = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .arg("-c")
            .arg(CLIENT)
            .arg(bin)
            .arg(out_dir)
            .env("PANELSHOT_DATA_DIR", data_dir)
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&run.stdout)));
    assert_eq!(v["server"], "panelshot");
    assert_eq!(
        v["tools"],
        serde_json::json!([
            "export_deck",
            "get_panel_data",
            "list_connections",
            "list_panels",
            "render_panel",
            "search_dashboards"
        ])
    );

    // The picture comes back as MCP image content: the size asked for, the panel's data drawn.
    let render = &v["render"];
    assert_eq!(render["error"], false, "{render}");
    let image = &render["blocks"][0];
    assert_eq!(
        (image["type"].as_str(), image["mime"].as_str()),
        (Some("image"), Some("image/png"))
    );
    let png = base64::engine::general_purpose::STANDARD
        .decode(image["data"].as_str().unwrap())
        .unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (400, 200));
    let green = img
        .pixels()
        .filter(|p| {
            crate::render_support::near([p[0], p[1], p[2]], crate::render_support::DATA_GREEN, 16)
        })
        .count();
    assert!(green > 100, "the data line is drawn ({green} pixels)");
    let about: Value = serde_json::from_str(render["blocks"][1]["text"].as_str().unwrap()).unwrap();
    let path = Path::new(about["path"].as_str().unwrap());
    assert!(path.starts_with(out.path()) && path.is_file(), "{about}");
    assert_eq!(
        std::fs::read(path).unwrap(),
        png,
        "the file is the picture returned"
    );
    assert_eq!(
        (about["width_px"].as_u64(), about["timezone"].as_str()),
        (Some(400), Some("Asia/Tokyo"))
    );

    // A failure is a tool error with Panelshot's code.
    assert_eq!(v["bad"]["error"], true);
    let said = v["bad"]["blocks"][0]["text"].as_str().unwrap();
    assert!(said.starts_with("error[grafana.not_found]"), "{said}");

    // The data as JSON, times in the zone asked for.
    assert_eq!(v["data"]["error"], false, "{}", v["data"]);
    let frames: Value =
        serde_json::from_str(v["data"]["blocks"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(frames["zone"], "Asia/Tokyo");
    let time = frames["frames"][0]["fields"][0]["values"][0]
        .as_str()
        .unwrap();
    assert!(time.ends_with("+09:00"), "{time}");
    assert!(frames["frames"][0]["rows"].as_u64().unwrap() > 10);

    // Panels, with a picture of each the dashboard draws.
    let panels = &v["panels"]["blocks"];
    let list: Value = serde_json::from_str(panels[0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(list[0]["title"], "Latency 1", "{list}");
    let pictures = panels
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "image")
        .count();
    assert!(pictures >= 2, "{pictures} pictures");

    // A deck, written where asked.
    assert_eq!(v["deck"]["error"], false, "{}", v["deck"]);
    let deck: Value =
        serde_json::from_str(v["deck"]["blocks"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        (deck["slides"].as_u64(), deck["panels"].as_u64()),
        (Some(1), Some(2))
    );
    let written = Path::new(deck["path"].as_str().unwrap());
    assert!(
        written.starts_with(out.path()) && written.is_file(),
        "{deck}"
    );

    // Connections without their secrets.
    let conns = v["connections"][0]["text"].as_str().unwrap();
    assert!(
        conns.contains("\"demo\"") && !conns.contains(g.token()),
        "{conns}"
    );
}
