//! User administration over the REST API, on SQLite and PostgreSQL: who may call it, listing,
//! creating with validation, password reset, disabling.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, DEMO_PASSWORD, TestServer};
use serde_json::{Value, json};

on_both_databases!(
    requester_calling_admin_endpoints,
    list_sort_filter_page,
    create_user,
    reset_password
);

async fn requester_calling_admin_endpoints(b: Backend) {
    let s = TestServer::start(b).await;
    for user in ["daniel.novak", "priya.shah", "hannah.weber", "omar.haddad"] {
        let (token, _) = s.sign_in(user).await;
        let res = s.get("/api/v1/users", &token).await;
        assert_eq!(res.status(), 403, "{user} listed users");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden");
        let res = s
            .client
            .post(s.url("/api/v1/users"))
            .bearer_auth(&token)
            .json(&json!({"username": "mallory", "display_name": "M", "email": "m@example.com", "password": "a long enough password"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{user} created a user");
        let res = s
            .client
            .post(s.url("/api/v1/users/1/password"))
            .bearer_auth(&token)
            .json(&json!({"password": "another long password"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{user} reset a password");
        let res = s
            .client
            .patch(s.url("/api/v1/users/1"))
            .bearer_auth(&token)
            .json(&json!({"disabled": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{user} disabled a user");
    }
    // And the admin still can, with nothing changed by the refused calls.
    let (admin, _) = s.sign_in("alex.morgan").await;
    let list: Value = s
        .get("/api/v1/users?q=mallory", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
}

async fn list_sort_filter_page(b: Backend) {
    let s = TestServer::start(b).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let all: Value = s
        .get("/api/v1/users?per_page=100", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 22);
    let names: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["display_name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name by default");
    assert!(all["items"][0].get("password_hash").is_none());

    let page: Value = s
        .get(
            "/api/v1/users?sort=username&dir=desc&per_page=5&page=2",
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            page["page"].as_i64(),
            page["per_page"].as_i64(),
            page["items"].as_array().unwrap().len()
        ),
        (Some(2), Some(5), 5)
    );
    assert_eq!(page["items"][0]["username"], "omar.haddad");

    let filtered: Value = s
        .get("/api/v1/users?q=FINANCE", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        filtered["total"], 0,
        "the filter matches names, usernames and e-mails, not departments"
    );
    let filtered: Value = s
        .get("/api/v1/users?q=WEBER", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["total"], 1, "case-insensitive");
    assert_eq!(
        filtered["items"][0]["roles"],
        json!(["requester", "change_manager"])
    );
    // LIKE wildcards in the filter are literal.
    let filtered: Value = s
        .get("/api/v1/users?q=%25", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["total"], 0);

    let by_dept: Value = s
        .get("/api/v1/users?sort=department&per_page=1", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_dept["items"][0]["department"], "Engineering");

    // Unknown sorts and out-of-range pages are refused with the field and the rule.
    let res = s.get("/api/v1/users?sort=password_hash", &admin).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("sort"), "{body}");
    for query in ["per_page=0", "per_page=101", "page=0"] {
        let res = s.get(&format!("/api/v1/users?{query}"), &admin).await;
        assert_eq!(res.status(), 422, "{query}");
    }
}

async fn create_user(b: Backend) {
    let s = TestServer::start(b).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let post = |body: Value| {
        let s = &s;
        let admin = admin.clone();
        async move {
            s.client
                .post(s.url("/api/v1/users"))
                .bearer_auth(&admin)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    // Every problem at once, per field.
    let res =
        post(json!({"username": "X", "display_name": "", "email": "nope", "password": "short"}))
            .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["username", "display_name", "email", "password"]);

    // Taken username and e-mail are field errors, not server errors.
    let res = post(json!({"username": "priya.shah", "display_name": "P", "email": "new@beacon.example", "password": "a long enough password"})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "username");
    let res = post(json!({"username": "new.person", "display_name": "P", "email": "priya.shah@beacon.example", "password": "a long enough password"})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["fields"][0]["field"], "email");

    let res = post(json!({"username": "Grace.Hopper", "display_name": " Grace Hopper ", "email": "grace@beacon.example", "password": "compilers are friends", "roles": ["agent"]})).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["username"], "grace.hopper");
    assert_eq!(created["display_name"], "Grace Hopper");
    assert_eq!(created["roles"], json!(["requester", "agent"]));
    let got: Value = s
        .get(&format!("/api/v1/users/{}", created["id"]), &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got, created);

    // The new user signs in with the chosen password.
    assert_eq!(
        s.token("grace.hopper", "compilers are friends")
            .await
            .status(),
        200
    );
    assert_eq!(s.get("/api/v1/users/999999", &admin).await.status(), 404);
}

async fn reset_password(b: Backend) {
    let s = TestServer::start(b).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let (victim_access, _) = s.sign_in("mia.johansson").await;
    let list: Value = s
        .get("/api/v1/users?q=mia.johansson", &admin)
        .await
        .json()
        .await
        .unwrap();
    let id = list["items"][0]["id"].as_i64().unwrap();
    let url = s.url(&format!("/api/v1/users/{id}/password"));

    let res = s
        .client
        .post(&url)
        .bearer_auth(&admin)
        .json(&json!({"password": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = s
        .client
        .post(&url)
        .bearer_auth(&admin)
        .json(&json!({"password": "mia.johansson-1234"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        422,
        "a password containing the username is refused"
    );

    let res = s
        .client
        .post(&url)
        .bearer_auth(&admin)
        .json(&json!({"password": "a brand new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(s.token("mia.johansson", DEMO_PASSWORD).await.status(), 401);
    assert_eq!(
        s.token("mia.johansson", "a brand new passphrase")
            .await
            .status(),
        200
    );
    assert_eq!(
        s.get("/api/v1/me", &victim_access).await.status(),
        401,
        "old sessions end"
    );

    // An admin cannot disable themselves (and lock everyone out).
    let me: Value = s.get("/api/v1/me", &admin).await.json().await.unwrap();
    let res = s
        .client
        .patch(s.url(&format!("/api/v1/users/{}", me["id"])))
        .bearer_auth(&admin)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
}
