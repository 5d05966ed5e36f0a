//! CJK text must render as glyphs, not boxes: the fonts `make deps` installs must be usable by
//! Chromium. Compares a CJK glyph with the "missing glyph" box drawn for an unassigned code point.

use chromiumoxide::{Browser, BrowserConfig};
use futures::StreamExt;

#[tokio::test(flavor = "multi_thread")]
async fn cjk_text_renders_as_glyphs() {
    let profile = tempfile::tempdir().unwrap();
    let exe = panelshot_core::render::discovery::find(None, None).expect("a browser");
    let cfg = BrowserConfig::builder()
        .chrome_executable(exe)
        .new_headless_mode()
        .no_sandbox()
        .user_data_dir(profile.path())
        .args(["--disable-gpu", "--disable-background-networking"])
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .build()
        .unwrap();
    let (mut browser, mut handler) = Browser::launch(cfg).await.unwrap();
    tokio::spawn(async move { while handler.next().await.is_some() {} });
    let page = browser.new_page("about:blank").await.unwrap();
    let script = r#"(() => {
      const draw = (t) => { const c = document.createElement('canvas'); c.width = 64; c.height = 64;
        const x = c.getContext('2d'); x.font = '48px sans-serif'; x.fillText(t, 4, 52);
        return Array.from(x.getImageData(0, 0, 64, 64).data).join(','); };
      return { cjk: draw('面'), kana: draw('パ'), missing: draw('\u0378'), hangul: draw('패') };
    })()"#;
    let v: serde_json::Value = page.evaluate(script).await.unwrap().into_value().unwrap();
    for k in ["cjk", "kana", "hangul"] {
        assert_ne!(v[k], v["missing"], "{k} renders as a box");
        assert!(
            v[k].as_str().unwrap().split(',').any(|n| n != "0"),
            "{k} draws something"
        );
    }
    assert_ne!(v["cjk"], v["kana"]);
    let _ = browser.close().await;
    let _ = browser.wait().await;
}
