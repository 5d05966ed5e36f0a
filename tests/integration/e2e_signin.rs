//! Signing in as a person in the real window: "My Grafana account" opens Grafana's login page in
//! a browser window, which goes through the demo's single sign-on (an identity provider on
//! another origin) and back; the session ends in Grafana and the window offers to sign in again.

use super::{Driver, launch_on_demo};

async fn signed_in(d: &Driver, name: &str) -> String {
    d.wait_text(
        &format!("[data-connection='{name}'] [data-test-result]"),
        |t| t.contains("user admin"),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_single_sign_on_in_the_real_window() {
    let demo = demo_grafana::start_with_sso().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_turn, d, _driver) = launch_on_demo(&demo, dir.path()).await;
    d.wait_text("h1", |t| t == "Browse").await;
    d.click("[data-screen='connections']").await;
    d.wait("[data-connection='Demo Grafana']").await;

    // "My Grafana account" is the form's first choice: no secret field, a note on what happens.
    d.type_into("input[name='name']", "E2E SSO").await;
    d.type_into("input[name='url']", &demo.url()).await;
    d.wait("[data-sign-in-note]").await;
    assert_eq!(d.count("input[name='token']").await, 0);
    let button = d
        .text("form[aria-label='Add a connection'] button[type='submit']")
        .await;
    assert_eq!(button, "Add and sign in");
    d.screenshot("connection-sign-in").await;
    d.click("form[aria-label='Add a connection'] button[type='submit']")
        .await;
    let result = signed_in(&d, "E2E SSO").await;
    assert!(result.contains("Grafana 12.4.1"), "{result}");
    d.assert_result_in_view("E2E SSO: signed in as admin").await;
    let card = d.text("[data-connection='E2E SSO']").await;
    assert!(card.contains("Signed in as admin"), "{card}");
    assert!(
        demo.requests()
            .iter()
            .any(|r| r.path == "/login/generic_oauth" && r.query.contains("code=")),
        "the sign-in went through the identity provider"
    );
    d.screenshot("connection-signed-in").await;

    // Grafana ends the session: the test says so in words, with a way to sign in again.
    demo.end_sessions();
    d.click("[data-connection='E2E SSO'] [data-test-connection]")
        .await;
    let ended = d
        .wait_text("[data-connection='E2E SSO'] [data-error-title]", |t| {
            t.contains("session ended")
        })
        .await;
    assert!(ended.contains("sign in again"), "{ended}");
    d.screenshot("connection-session-ended").await;
    // The smallest window the app allows: the message and its button still fit.
    d.post(
        "/window/rect",
        serde_json::json!({ "width": 1024, "height": 700 }),
    )
    .await
    .expect("the window resizes");
    d.script(serde_json::json!({
        "script": "document.querySelector('[data-sign-in-again]').scrollIntoView({block: 'center'})",
        "args": []
    }))
    .await;
    d.screenshot("small-connection-session-ended").await;
    d.click("[data-connection='E2E SSO'] [data-sign-in-again]")
        .await;
    // Signing in again from the message puts the card right: signed in, tested.
    d.assert_result_in_view("E2E SSO: signed in as admin").await;
    signed_in(&d, "E2E SSO").await;
    assert_eq!(
        d.count("[data-connection='E2E SSO'] [data-error-title]")
            .await,
        0
    );
    assert!(demo.leaks().is_empty(), "{:?}", demo.leaks());
}
