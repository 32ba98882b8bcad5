//! Authentication over real HTTP, on SQLite and PostgreSQL: tokens, sessions, bad tokens,
//! cross-origin writes, and the browser's cookie flow.

#![allow(clippy::unwrap_used)]

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use common::{Backend, DEMO_PASSWORD, SECRET, TestServer};
use serde_json::{Value, json};

on_both_databases!(
    sign_in_and_me,
    wrong_password_and_unknown_user,
    disabled_user,
    revoked_refresh_token,
    refresh_rotates,
    concurrent_refreshes,
    expired_token,
    alg_none_token,
    token_signed_with_another_key,
    tampered_token,
    cross_origin_post,
    browser_cookie_flow,
    health_and_openapi,
);

async fn sign_in_and_me(b: Backend) {
    let s = TestServer::start(b).await;
    let (access, _) = s.sign_in("priya.shah").await;
    let res = s.get("/api/v1/me", &access).await;
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["username"], "priya.shah");
    assert_eq!(me["display_name"], "Priya Shah");
    assert_eq!(me["roles"], json!(["requester", "agent"]));
    assert_eq!(me["groups"], json!(["Service Desk"]));
    assert_eq!(me["department"], "IT");
    // Usernames are case-insensitive at sign-in.
    assert_eq!(s.token("Priya.Shah", DEMO_PASSWORD).await.status(), 200);
}

async fn wrong_password_and_unknown_user(b: Backend) {
    let s = TestServer::start(b).await;
    let wrong = s.token("priya.shah", "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(wrong.headers()["www-authenticate"], "Bearer");
    let wrong: Value = wrong.json().await.unwrap();
    let unknown: Value = s
        .token("nobody.here", "whatever-password")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wrong["error"]["code"], "unauthenticated");
    // The same answer either way: no hint whether the username exists.
    assert_eq!(wrong, unknown);
    // No token at all.
    let res = s.client.get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    // A malformed body is a clear 400, not a crash.
    let res = s
        .client
        .post(s.url("/api/v1/auth/token"))
        .json(&json!({"username": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("password"),
        "{body}"
    );
}

async fn disabled_user(b: Backend) {
    let s = TestServer::start(b).await;
    // Seeded as disabled: cannot sign in.
    assert_eq!(s.token("jonas.meyer", DEMO_PASSWORD).await.status(), 401);
    // Disabling a signed-in user ends their access at once, access and refresh tokens alike.
    let (admin, _) = s.sign_in("alex.morgan").await;
    let (access, refresh) = s.sign_in("tom.becker").await;
    assert_eq!(s.get("/api/v1/me", &access).await.status(), 200);
    let users: Value = s
        .get("/api/v1/users?q=tom.becker", &admin)
        .await
        .json()
        .await
        .unwrap();
    let id = users["items"][0]["id"].as_i64().unwrap();
    let res = s
        .client
        .patch(s.url(&format!("/api/v1/users/{id}")))
        .bearer_auth(&admin)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["disabled"], true);
    assert_eq!(s.get("/api/v1/me", &access).await.status(), 401);
    let res = s
        .post_json("/api/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(s.token("tom.becker", DEMO_PASSWORD).await.status(), 401);
}

async fn revoked_refresh_token(b: Backend) {
    let s = TestServer::start(b).await;
    let (access, refresh) = s.sign_in("hannah.weber").await;
    let res = s
        .post_json("/api/v1/auth/revoke", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(res.status(), 204);
    let res = s
        .post_json("/api/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(res.status(), 401);
    // The access token of the revoked session stops working too.
    assert_eq!(s.get("/api/v1/me", &access).await.status(), 401);
    // Garbage refresh tokens are refused the same way.
    for bad in ["", "nodot", "unknown.session"] {
        let res = s
            .post_json("/api/v1/auth/refresh", json!({"refresh_token": bad}))
            .await;
        assert_eq!(res.status(), 401, "{bad:?}");
    }
}

async fn refresh_rotates(b: Backend) {
    let s = TestServer::start(b).await;
    let (_, refresh) = s.sign_in("hannah.weber").await;
    let res = s
        .post_json("/api/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(res.status(), 200);
    let pair: Value = res.json().await.unwrap();
    let new_refresh = pair["refresh_token"].as_str().unwrap();
    assert_ne!(new_refresh, refresh);
    assert_eq!(
        s.get("/api/v1/me", pair["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    // The old token right after rotation (another tab racing): an access token, no new refresh token.
    let res = s
        .post_json("/api/v1/auth/refresh", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(res.status(), 200);
    let grace: Value = res.json().await.unwrap();
    assert!(grace.get("refresh_token").is_none(), "{grace}");
    // The new one keeps working.
    let res = s
        .post_json(
            "/api/v1/auth/refresh",
            json!({"refresh_token": new_refresh}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn concurrent_refreshes(b: Backend) {
    let s = TestServer::start(b).await;
    let (_, refresh) = s.sign_in("hannah.weber").await;
    // Two tabs find the access token expired at the same moment: neither may be signed out.
    let send = || {
        s.client
            .post(s.url("/api/v1/auth/refresh"))
            .json(&json!({"refresh_token": refresh}))
            .send()
    };
    let (a, b2) = tokio::join!(send(), send());
    let (a, b2) = (a.unwrap(), b2.unwrap());
    assert_eq!((a.status().as_u16(), b2.status().as_u16()), (200, 200));
    let a: Value = a.json().await.unwrap();
    let b2: Value = b2.json().await.unwrap();
    let new_tokens = [&a, &b2]
        .iter()
        .filter(|p| p.get("refresh_token").is_some())
        .count();
    assert_eq!(new_tokens, 1, "exactly one rotation wins: {a} {b2}");
    for pair in [&a, &b2] {
        assert_eq!(
            s.get("/api/v1/me", pair["access_token"].as_str().unwrap())
                .await
                .status(),
            200
        );
    }
}

fn claims_of(token: &str) -> Value {
    serde_json::from_slice(&B64.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

fn sign(claims: &Value, key: &[u8]) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(key),
    )
    .unwrap()
}

async fn expired_token(b: Backend) {
    let s = TestServer::start(b).await;
    let (access, _) = s.sign_in("priya.shah").await;
    let mut claims = claims_of(&access);
    let now = chrono::Utc::now().timestamp();
    claims["iat"] = json!(now - 7200);
    claims["exp"] = json!(now - 3600);
    let expired = sign(&claims, SECRET.as_bytes());
    assert_eq!(s.get("/api/v1/me", &expired).await.status(), 401);
    // The same claims with a future expiry are accepted: the key and session are right.
    claims["exp"] = json!(now + 600);
    assert_eq!(
        s.get("/api/v1/me", &sign(&claims, SECRET.as_bytes()))
            .await
            .status(),
        200
    );
}

async fn alg_none_token(b: Backend) {
    let s = TestServer::start(b).await;
    let (access, _) = s.sign_in("priya.shah").await;
    let payload = access.split('.').nth(1).unwrap();
    for header in [
        r#"{"alg":"none","typ":"JWT"}"#,
        r#"{"alg":"None"}"#,
        r#"{"alg":"HS512","typ":"JWT"}"#,
    ] {
        let forged = format!("{}.{payload}.", B64.encode(header));
        assert_eq!(s.get("/api/v1/me", &forged).await.status(), 401, "{header}");
    }
}

async fn token_signed_with_another_key(b: Backend) {
    let s = TestServer::start(b).await;
    let (access, _) = s.sign_in("priya.shah").await;
    let forged = sign(
        &claims_of(&access),
        b"another-secret-that-is-also-long-enough",
    );
    assert_eq!(s.get("/api/v1/me", &forged).await.status(), 401);
}

async fn tampered_token(b: Backend) {
    let s = TestServer::start(b).await;
    let (access, _) = s.sign_in("daniel.novak").await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    // Swap in the admin's user id but keep the requester's signature.
    let mut claims = claims_of(&access);
    claims["sub"] = claims_of(&admin)["sub"].clone();
    let parts: Vec<&str> = access.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        B64.encode(claims.to_string()),
        parts[2]
    );
    assert_eq!(s.get("/api/v1/me", &tampered).await.status(), 401);
    assert_eq!(s.get("/api/v1/users", &tampered).await.status(), 401);
}

async fn cross_origin_post(b: Backend) {
    let s = TestServer::start(b).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let body = json!({"username": "eve.evil", "display_name": "Eve", "email": "eve@evil.example", "password": "a long enough password"});
    let res = s
        .client
        .post(s.url("/api/v1/users"))
        .bearer_auth(&admin)
        .header("Origin", "http://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "cross_origin");
    // The browser's sign-in form from another site is refused as well.
    let res = s
        .client
        .post(s.url("/auth/sign-in"))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("username", "alex.morgan"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Nothing was created.
    let users: Value = s
        .get("/api/v1/users?q=eve.evil", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users["total"], 0);
    // From our own origin it goes through.
    let own = s.base.clone();
    let res = s
        .client
        .post(s.url("/api/v1/users"))
        .bearer_auth(&admin)
        .header("Origin", own)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_value(cookies: &[String], name: &str) -> Option<String> {
    cookies.iter().find_map(|c| {
        let first = c.split(';').next()?;
        let (k, v) = first.split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_string())
    })
}

async fn browser_cookie_flow(b: Backend) {
    let s = TestServer::start(b).await;
    // Signed out: pages redirect to the sign-in page, keeping where the user was going.
    let res = s
        .client
        .get(s.url("/admin/users?page=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/login?next=%2Fadmin%2Fusers%3Fpage%3D2"
    );

    // A wrong password returns to the form with the username kept.
    let res = s
        .client
        .post(s.url("/auth/sign-in"))
        .form(&[
            ("username", "priya.shah"),
            ("password", "nope"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("/login?error=credentials&username=priya.shah"),
        "{location}"
    );

    // The form sign-in sets HttpOnly cookies and goes where the user wanted (never off-site).
    let res = s
        .client
        .post(s.url("/auth/sign-in"))
        .form(&[
            ("username", "priya.shah"),
            ("password", DEMO_PASSWORD),
            ("next", "https://evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/");
    let cookies = set_cookies(&res);
    assert!(
        cookies
            .iter()
            .all(|c| c.contains("HttpOnly") && c.contains("SameSite=Lax")),
        "{cookies:?}"
    );
    let access = cookie_value(&cookies, "beacon_access").unwrap();
    let refresh = cookie_value(&cookies, "beacon_refresh").unwrap();

    // The page is rendered on the server with the user's name.
    let res = s
        .client
        .get(s.url("/"))
        .header(
            "Cookie",
            format!("beacon_access={access}; beacon_refresh={refresh}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Priya Shah"), "shell shows the user's name");
    assert!(html.contains("Boards"), "agents see the boards area");
    assert!(
        !html.contains("href=\"/admin/users\""),
        "agents do not see admin in the navigation"
    );

    // Only the refresh cookie (the access token expired): the session is renewed transparently.
    let res = s
        .client
        .get(s.url("/"))
        .header("Cookie", format!("beacon_refresh={refresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let renewed = set_cookies(&res);
    assert!(cookie_value(&renewed, "beacon_access").is_some());
    let new_refresh = cookie_value(&renewed, "beacon_refresh").unwrap();
    assert!(res.text().await.unwrap().contains("Priya Shah"));

    // A server function is authorized on the server: an agent cannot list users.
    let res = s
        .client
        .post(s.url("/api/fn/list_users"))
        .header("Cookie", format!("beacon_access={access}"))
        .header("Content-Type", "application/json")
        .body(r#"{"query":{"q":null,"sort":null,"dir":null,"page":null,"per_page":null}}"#)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(!status.is_success(), "{status} {text}");
    assert!(text.contains("Forbidden"), "{text}");
    assert!(!text.contains("alex.morgan"));

    // Sign-out revokes the session and clears the cookies.
    let res = s
        .client
        .post(s.url("/auth/sign-out"))
        .header("Cookie", format!("beacon_refresh={new_refresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login?signed_out=1");
    assert!(set_cookies(&res).iter().all(|c| c.contains("Max-Age=0")));
    let res = s
        .client
        .get(s.url("/"))
        .header("Cookie", format!("beacon_refresh={new_refresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        303,
        "the revoked refresh token no longer signs in"
    );
}

async fn health_and_openapi(b: Backend) {
    let s = TestServer::start(b).await;
    let res = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = s.client.get(s.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = s
        .client
        .get(s.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/users",
        "/api/v1/users/{id}/password",
        "/api/v1/catalog/items",
        "/api/v1/catalog/items/{id}",
        "/api/v1/catalog/items/{id}/requests",
        "/api/v1/approvals",
        "/api/v1/approvals/{id}/decision",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every operation documents the refusals any request can meet; public ones no 401.
    let me = &doc["paths"]["/api/v1/me"]["get"]["responses"];
    for code in ["400", "401", "403", "503"] {
        assert!(
            me.get(code).is_some(),
            "GET /api/v1/me does not document {code}"
        );
    }
    let create = &doc["paths"]["/api/v1/tickets"]["post"]["responses"];
    assert!(create.get("413").is_some());
    let token = &doc["paths"]["/api/v1/auth/token"]["post"]["responses"];
    assert!(token.get("429").is_some() && token.get("401").is_some());
    assert!(token.get("403").is_none(), "sign-in needs no roles");
    // A parameter is in the path only where the path template names it (filters are queries).
    let mut queries = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                match p["in"].as_str().unwrap() {
                    "path" => assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: `{name}` is not in the path"
                    ),
                    "query" => queries += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(queries >= 10, "the list filters are query parameters");
    // The documented `limit` of each list is a query parameter with the bound the server enforces.
    for (path, most) in [
        ("/api/v1/tickets", 100),
        ("/api/v1/catalog/items", 200),
        ("/api/v1/catalog/admin/items", 500),
    ] {
        let limit = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "limit")
            .cloned()
            .unwrap();
        assert_eq!(limit["in"], "query", "{path}");
        assert_eq!(limit["schema"]["maximum"], most, "{path}");
    }
    // Unknown API paths are JSON 404s.
    let res = s.client.get(s.url("/api/v1/nope")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "no_such_endpoint");
}
