//! Auth on every route, as Grafana does it.

mod common;

use common::{client, server};

#[tokio::test]
async fn health_is_public_and_everything_else_needs_credentials() {
    let s = server().await;
    let c = client();
    let health = c
        .get(format!("{}/api/health", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    for path in [
        "/api/org",
        "/api/search",
        "/api/folders",
        "/api/dashboards/uid/classic-overview",
        "/api/frontend/settings",
        "/api/dashboards/tags",
    ] {
        let res = c.get(format!("{}{path}", s.url())).send().await.unwrap();
        assert_eq!(res.status(), 401, "{path} without auth");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["message"], "Unauthorized");
    }
    let post = c
        .post(format!("{}/api/ds/query", s.url()))
        .json(&serde_json::json!({"queries": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 401);
    for path in [
        "/d-solo/classic-overview/classic-overview?panelId=1",
        "/d/classic-overview/classic-overview",
        "/",
    ] {
        let res = c.get(format!("{}{path}", s.url())).send().await.unwrap();
        assert_eq!(res.status(), 302, "{path} without auth");
        assert_eq!(res.headers()["location"], "/login");
    }
    // Static files are served before authentication, as Grafana serves them.
    let bundle = c
        .get(format!("{}/public/build/demo-app.js", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(bundle.status(), 200);
}

#[tokio::test]
async fn wrong_token_is_401_and_token_without_access_is_403() {
    let s = server().await;
    let c = client();
    let wrong = c
        .get(format!("{}/api/org", s.url()))
        .bearer_auth("glsa_wrong_00000000")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let no_access = c
        .get(format!("{}/api/search", s.url()))
        .bearer_auth(&s.state.config.no_access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(no_access.status(), 403);
    let ok = c
        .get(format!("{}/api/org", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn user_api_refuses_service_accounts_but_org_api_accepts_them() {
    let s = server().await;
    let c = client();
    let user = c
        .get(format!("{}/api/user", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    assert_eq!(user.status(), 403);
    let org: serde_json::Value = c
        .get(format!("{}/api/org/", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(org, serde_json::json!({"id": 1, "name": "Main Org."}));
    let basic: serde_json::Value = c
        .get(format!("{}/api/user", s.url()))
        .basic_auth("admin", Some("admin"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(basic["login"], "admin");
    let bad_basic = c
        .get(format!("{}/api/org", s.url()))
        .basic_auth("admin", Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_basic.status(), 401);
}

#[tokio::test]
async fn login_form_gives_a_session_cookie_that_opens_pages() {
    let s = server().await;
    let c = client();
    let bad = c
        .post(format!("{}/login", s.url()))
        .form(&[("user", "admin"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let res = c
        .post(format!("{}/login", s.url()))
        .form(&[("user", "admin"), ("password", "admin")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("grafana_session="));
    let page = c
        .get(format!("{}/d/classic-overview/classic-overview", s.url()))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let forged = c
        .get(format!("{}/d/classic-overview/classic-overview", s.url()))
        .header("cookie", "grafana_session=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 302);
}

#[tokio::test]
async fn request_log_records_whether_credentials_came() {
    let s = server().await;
    let c = client();
    c.get(format!("{}/api/search", s.url()))
        .send()
        .await
        .unwrap();
    c.get(format!("{}/api/search", s.url()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    let log: Vec<demo_grafana::RequestRecord> = c
        .get(format!("{}/__demo/requests", s.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let searches: Vec<_> = log.iter().filter(|r| r.path == "/api/search").collect();
    assert_eq!(searches.len(), 2);
    assert_eq!(
        (searches[0].auth.as_str(), searches[0].status),
        ("none", 401)
    );
    assert_eq!(
        (searches[1].auth.as_str(), searches[1].status),
        ("bearer", 200)
    );
}

#[tokio::test]
async fn second_origin_records_leaked_credentials() {
    let s = server().await;
    let c = client();
    let leaks: Vec<demo_grafana::LeakRecord> = c
        .get(format!("{}/__demo/leaks", s.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(leaks.is_empty());
    let clean = c
        .get(format!("{}/status-badge.svg", s.second_origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(clean.status(), 200);
    assert!(s.leaks().is_empty());
    assert_eq!(s.third_party_hits(), 1);
    c.get(format!("{}/status-badge.svg", s.second_origin()))
        .bearer_auth(s.token())
        .send()
        .await
        .unwrap();
    let leaks: Vec<demo_grafana::LeakRecord> = c
        .get(format!("{}/__demo/leaks", s.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        leaks,
        vec![demo_grafana::LeakRecord {
            path: "/status-badge.svg".into(),
            header: "authorization".into()
        }]
    );
}

/// The `grafana_session=…` pair a response sets.
fn set_session(res: &reqwest::Response) -> String {
    res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn sessions_rotate_as_grafanas_do_and_end() {
    let s = server().await;
    let c = client();
    let login = c
        .post(format!("{}/login", s.url()))
        .form(&[("user", "admin"), ("password", "admin")])
        .send()
        .await
        .unwrap();
    let first = set_session(&login);
    let api = |cookie: String| {
        let c = c.clone();
        let url = format!("{}/api/user", s.url());
        async move { c.get(url).header("cookie", cookie).send().await.unwrap() }
    };
    assert_eq!(api(first.clone()).await.status(), 200);

    // Due for rotation: the API says so, with Grafana's message id…
    s.sessions_due_for_rotation();
    let due = api(first.clone()).await;
    assert_eq!(due.status(), 401);
    let body: serde_json::Value = due.json().await.unwrap();
    assert_eq!(body["messageId"], "session.token.rotate");
    // …a page goes through the rotation and back to itself…
    let page = c
        .get(format!(
            "{}/d/classic-overview/classic-overview?orgId=1",
            s.url()
        ))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 302);
    assert_eq!(
        page.headers()["location"],
        "/user/auth-tokens/rotate?redirectTo=%2Fd%2Fclassic-overview%2Fclassic-overview%3ForgId%3D1"
    );
    // …and the front end's rotation gives a new cookie; the old one stops working.
    let rotated = c
        .post(format!("{}/api/user/auth-tokens/rotate", s.url()))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), 200);
    let second = set_session(&rotated);
    assert_ne!(second, first);
    assert_eq!(api(second.clone()).await.status(), 200);
    assert_eq!(api(first.clone()).await.status(), 401);

    // The page route rotates and returns to a path on this server only.
    s.sessions_due_for_rotation();
    let back = c
        .get(format!(
            "{}/user/auth-tokens/rotate?redirectTo=//evil.example/x",
            s.url()
        ))
        .header("cookie", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 302);
    assert_eq!(back.headers()["location"], "/");
    let third = set_session(&back);
    assert_eq!(api(third.clone()).await.status(), 200);

    // An ended session: 401 for the API, the login page for pages, and no rotation.
    s.end_sessions();
    assert_eq!(api(third.clone()).await.status(), 401);
    let again = c
        .post(format!("{}/api/user/auth-tokens/rotate", s.url()))
        .header("cookie", &third)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 401);
}

/// Every `name=value` pair a response sets.
fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn single_sign_on_runs_grafanas_authorization_code_flow() {
    let s = server().await;
    let c = client();
    // The login page offers SSO; with auto_login it goes straight there, unless told not to.
    let page = c.get(format!("{}/login", s.url())).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("/login/generic_oauth"));
    s.set_sso_auto_login(true);
    let auto = c.get(format!("{}/login", s.url())).send().await.unwrap();
    assert_eq!(
        (auto.status().as_u16(), location(&auto)),
        (302, "/login/generic_oauth".into())
    );
    let manual = c
        .get(format!("{}/login?disableAutoLogin", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(manual.status(), 200);

    // Grafana sends the browser to the IdP with a state whose hash it keeps in a cookie.
    let start = c
        .get(format!("{}/login/generic_oauth", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 302);
    let state_cookie = set_cookies(&start).remove(0);
    assert!(state_cookie.starts_with("oauth_state="), "{state_cookie}");
    let to_idp = url::Url::parse(&location(&start)).unwrap();
    assert_eq!(to_idp.origin().ascii_serialization(), s.idp_origin());
    let q: std::collections::HashMap<_, _> = to_idp.query_pairs().into_owned().collect();
    assert_eq!(q["response_type"], "code");
    assert_eq!(
        q["redirect_uri"],
        format!("{}/login/generic_oauth", s.url())
    );

    // The IdP asks for a password, refuses a wrong one, and sends the browser back with a code.
    let form = c.get(to_idp.clone()).send().await.unwrap();
    assert!(form.text().await.unwrap().contains("name=\"password\""));
    let mut fields = vec![
        ("client_id", q["client_id"].clone()),
        ("redirect_uri", q["redirect_uri"].clone()),
        ("state", q["state"].clone()),
        ("username", "admin".to_string()),
    ];
    let authorize = format!("{}/authorize", s.idp_origin());
    let mut wrong = fields.clone();
    wrong.push(("password", "nope".into()));
    let refused = c.post(&authorize).form(&wrong).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    fields.push(("password", "admin".into()));
    let back = c.post(&authorize).form(&fields).send().await.unwrap();
    assert_eq!(back.status(), 302);
    let callback = location(&back);
    assert!(callback.starts_with(&q["redirect_uri"]), "{callback}");

    // A callback without the state cookie, or with another state, is refused…
    let no_cookie = c.get(&callback).send().await.unwrap();
    assert_eq!(no_cookie.status(), 401);
    let forged = callback.replace(&format!("state={}", q["state"]), "state=forged");
    let forged = c
        .get(&forged)
        .header("cookie", &state_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    // …the right one signs the person in (the code swapped server to server, once).
    let done = c
        .get(&callback)
        .header("cookie", &state_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!((done.status().as_u16(), location(&done)), (302, "/".into()));
    let session = set_cookies(&done)
        .into_iter()
        .find(|c| c.starts_with("grafana_session="))
        .unwrap();
    let user = c
        .get(format!("{}/api/user", s.url()))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(user.status(), 200);
    let replay = c
        .get(&callback)
        .header("cookie", &state_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401, "a code works once");

    // An IdP that remembers the person skips its form; unknown redirects get no code.
    s.idp_remembers(Some("admin"));
    let remembered = c.get(to_idp.clone()).send().await.unwrap();
    assert_eq!(remembered.status(), 302);
    assert!(location(&remembered).contains("code="));
    let mut evil = to_idp.clone();
    evil.query_pairs_mut()
        .clear()
        .extend_pairs(q.iter().map(|(k, v)| {
            (
                k.as_str(),
                if k == "redirect_uri" {
                    "http://evil.example/cb"
                } else {
                    v.as_str()
                },
            )
        }));
    assert_eq!(c.get(evil).send().await.unwrap().status(), 400);
    assert!(s.leaks().is_empty(), "{:?}", s.leaks());
}
