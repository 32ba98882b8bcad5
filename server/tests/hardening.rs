//! Safe defaults, over real HTTP on SQLite and PostgreSQL: one administrator unless a demo is asked
//! for, redirects that stay on the site, throttled sign-ins with a security log, live streams that
//! end with their session, and the security headers of pages.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, DEMO_PASSWORD, TestServer};
use db::entities::security_event;
use db::sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use std::time::Duration;

on_both_databases!(
    production_start_has_one_administrator,
    demo_accounts_only_on_a_demo_installation,
    failed_sign_ins_are_throttled_and_logged,
    live_stream_ends_with_its_session,
    the_database_refuses_unknown_words,
);

/// Enumerations are stored as words; the database refuses any word the domain does not write
/// (and numbers out of range), and accepts every one it does.
async fn the_database_refuses_unknown_words(b: Backend) {
    use db::sea_orm::ConnectionTrait;
    let s = TestServer::start(b).await;
    let db = &s.services.db;
    let refused = [
        "UPDATE tickets SET state = 'In Progress'",
        "UPDATE tickets SET kind = 'bug'",
        "UPDATE tickets SET hold_reason = 'lunch'",
        "UPDATE tickets SET resolution_code = 'magic'",
        "UPDATE tickets SET priority = 9",
        "UPDATE tickets SET impact = 0",
        "UPDATE user_roles SET role = 'root'",
        "UPDATE approvals SET decision = 'maybe'",
        "UPDATE approvals SET record_kind = 'spaceship'",
        "UPDATE approval_flows SET status = 'unknown'",
        "UPDATE catalog_item_versions SET status = 'archived'",
    ];
    for sql in refused {
        let outcome = db.execute_unprepared(sql).await;
        assert!(outcome.is_err(), "accepted: {sql}");
    }
    for state in domain::tickets::TicketState::ALL {
        let sql = format!(
            "UPDATE tickets SET state = '{}' WHERE id = (SELECT MIN(id) FROM tickets)",
            state.as_str()
        );
        db.execute_unprepared(&sql).await.unwrap();
    }
    db.execute_unprepared("UPDATE tickets SET hold_reason = NULL, resolution_code = NULL")
        .await
        .unwrap();
}

const ADMIN_PASSWORD: &str = "correct horse battery staple";

async fn production_start_has_one_administrator(b: Backend) {
    let s = TestServer::start_with(b, |cli| {
        cli.demo_data = None;
        cli.admin_password = Some(ADMIN_PASSWORD.into());
    })
    .await;
    // The demo password opens nothing.
    assert_eq!(s.token("alex.morgan", DEMO_PASSWORD).await.status(), 401);
    assert_eq!(s.token("admin", DEMO_PASSWORD).await.status(), 401);
    let res = s.token("admin", ADMIN_PASSWORD).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let admin = body["access_token"].as_str().unwrap();
    let users: Value = s.get("/api/v1/users", admin).await.json().await.unwrap();
    assert_eq!(users["total"], 1, "{users}");
    assert_eq!(users["items"][0]["username"], "admin");
    // No demo accounts on the sign-in page, and no tickets or catalog items were invented.
    let html = s
        .client
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sign in to Beacon"));
    assert!(!html.contains("alex.morgan") && !html.contains(DEMO_PASSWORD));
    let tickets: Value = s.get("/api/v1/tickets", admin).await.json().await.unwrap();
    assert_eq!(tickets["items"], json!([]), "{tickets}");
}

async fn demo_accounts_only_on_a_demo_installation(b: Backend) {
    let s = TestServer::start(b).await;
    let html = s
        .client
        .get(s.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("alex.morgan"), "a demo offers its accounts");
    // The same database started again without --demo is still a demo installation.
    let marked = service::seed::installation(&s.services.db).await.unwrap();
    assert_eq!(marked, Some(service::seed::Installation::Demo));
    assert_eq!(
        service::seed::demo_accounts(&s.services.db)
            .await
            .unwrap()
            .len(),
        7
    );
}

async fn failed_sign_ins_are_throttled_and_logged(b: Backend) {
    let s = TestServer::start(b).await;
    for _ in 0..6 {
        assert_eq!(
            s.token("priya.shah", "not the password").await.status(),
            401
        );
    }
    let res = s.token("priya.shah", "not the password").await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Try again in"),
        "{body}"
    );
    // Even the right password waits: guessing cannot continue by luck.
    assert_eq!(s.token("priya.shah", DEMO_PASSWORD).await.status(), 429);
    // Other people at the same address are not locked out.
    assert_eq!(s.token("daniel.novak", DEMO_PASSWORD).await.status(), 200);
    // The browser form says how long to wait.
    let res = s
        .client
        .post(s.url("/auth/sign-in"))
        .form(&[("username", "priya.shah"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap();
    assert!(location.contains("error=throttled"), "{location}");
    assert!(location.contains("wait="), "{location}");
    // Six failures and one throttling (logged once per wait) are in the security log.
    let rows = security_event::Entity::find()
        .all(&s.services.db)
        .await
        .unwrap();
    let failed = rows.iter().filter(|r| r.kind == "sign_in_failed").count();
    let throttled: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == "sign_in_throttled")
        .collect();
    assert_eq!(failed, 6);
    assert_eq!(throttled.len(), 1, "{rows:?}");
    assert_eq!(throttled[0].username.as_deref(), Some("priya.shah"));
    assert_eq!(throttled[0].client.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        security_event::Entity::find()
            .count(&s.services.db)
            .await
            .unwrap(),
        7
    );
}

/// Reads a server-sent event stream until it ends; panics if it is still open after `limit`.
async fn read_until_closed(mut res: reqwest::Response, limit: Duration) -> String {
    let mut seen = String::new();
    let outcome = tokio::time::timeout(limit, async {
        while let Some(chunk) = res.chunk().await.unwrap_or(None) {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(outcome.is_ok(), "the stream stayed open: {seen}");
    seen
}

async fn open_stream(s: &TestServer, token: &str) -> reqwest::Response {
    let mut res = s.get("/api/v1/events", token).await;
    assert_eq!(res.status(), 200);
    let first = res.chunk().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("event: ready"));
    res
}

async fn live_stream_ends_with_its_session(b: Backend) {
    let s = TestServer::start(b).await;
    // Signing out ends the stream of that session.
    let (access, refresh) = s.sign_in("priya.shah").await;
    let stream = open_stream(&s, &access).await;
    let res = s
        .post_json("/api/v1/auth/revoke", json!({"refresh_token": refresh}))
        .await;
    assert_eq!(res.status(), 204);
    read_until_closed(stream, Duration::from_secs(10)).await;
    // A stream opened with the revoked token is refused.
    assert_eq!(s.get("/api/v1/events", &access).await.status(), 401);

    // Disabling the user ends theirs.
    let (admin, _) = s.sign_in("alex.morgan").await;
    let (access, _) = s.sign_in("tom.becker").await;
    let stream = open_stream(&s, &access).await;
    let users: Value = s
        .get("/api/v1/users?q=tom.becker", &admin)
        .await
        .json()
        .await
        .unwrap();
    let id = users["items"][0]["id"].as_i64().unwrap();
    let res = s
        .send_json(
            reqwest::Method::PATCH,
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(res.status(), 200);
    read_until_closed(stream, Duration::from_secs(10)).await;
}

/// Redirects after sign-in never leave the site, however `next` is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_redirects_stay_on_the_site() {
    let s = TestServer::start(Backend::Sqlite).await;
    let cases = [
        ("/catalog?q=laptop", "/catalog?q=laptop"),
        ("https://evil.example/", "/"),
        ("/\t/evil.example", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        (" //evil.example", "/"),
        ("/\r\n/evil.example", "/"),
        ("/x\u{0}y", "/"),
        (
            "/catalog?q=café au lait",
            "/catalog?q=caf%C3%A9%20au%20lait",
        ),
    ];
    for (next, expected) in cases {
        let res = s
            .client
            .post(s.url("/auth/sign-in"))
            .form(&[
                ("username", "daniel.novak"),
                ("password", DEMO_PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{next:?}");
        assert_eq!(res.headers()["location"], expected, "{next:?}");
    }
    // A signed-in visit to /login follows `next` under the same rule, control characters included.
    let (access, _) = s.sign_in("daniel.novak").await;
    for (query, expected) in [
        ("next=%2Fmy%2Ftickets", "/my/tickets"),
        ("next=%2F%09%2Fevil.example", "/"),
        ("next=%2F%5Cevil.example", "/"),
        ("next=%2Fa%00b", "/"),
        ("next=%2F%E2%80%A8", "/%E2%80%A8"),
    ] {
        let res = s
            .client
            .get(s.url(&format!("/login?{query}")))
            .header("Cookie", format!("beacon_access={access}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{query}");
        assert_eq!(res.headers()["location"], expected, "{query}");
    }
}

/// Every HTML answer carries a Content-Security-Policy whose nonce is the one on the page's own
/// inline scripts, and the other security headers; API answers carry `nosniff` too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers() {
    let s = TestServer::start(Backend::Sqlite).await;
    let res = s.client.get(s.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    let nonce = script_src
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap()
        .to_string();
    let html = res.text().await.unwrap();
    let tags: Vec<&str> = html
        .split("<script")
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap())
        .collect();
    assert!(!tags.is_empty());
    for tag in tags {
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "a script without this response's nonce: <script{tag}>"
        );
    }
    // A second page gets another nonce.
    let again = s.client.get(s.url("/login")).send().await.unwrap();
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp
    );
    // The not-found page is HTML too.
    let (access, _) = s.sign_in("daniel.novak").await;
    let res = s
        .client
        .get(s.url("/no/such/page"))
        .header("Cookie", format!("beacon_access={access}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.headers().contains_key("content-security-policy"));
    // JSON answers are not sniffed either.
    let res = s.client.get(s.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

/// Pages of objects that do not exist, or that the viewer may not see, answer 404 with the
/// friendly page; server functions answer with the status their error means.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_have_their_http_status() {
    let s = TestServer::start(Backend::Sqlite).await;
    let (access, _) = s.sign_in("daniel.novak").await;
    let cookie = format!("beacon_access={access}");
    let page = |path: &'static str| {
        s.client
            .get(s.url(path))
            .header("Cookie", cookie.clone())
            .send()
    };
    let res = page("/tickets/INC9999999").await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Ticket not found"));
    let res = page("/catalog/no-such-item").await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Item not found"));
    assert_eq!(page("/catalog").await.unwrap().status(), 200);

    let server_fn = |path: &'static str, cookie: Option<String>, body: String| {
        let mut req = s
            .client
            .post(s.url(path))
            .header("Content-Type", "application/json")
            .body(body);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        req.send()
    };
    let list_users = r#"{"query":{"q":null,"sort":null,"dir":null,"page":null,"per_page":null}}"#;
    // Not signed in: 401. A requester listing users: 403.
    let res = server_fn("/api/fn/list_users", None, list_users.into())
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = server_fn(
        "/api/fn/list_users",
        Some(cookie.clone()),
        list_users.into(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Forbidden"));
    // Wrong types and absurd nesting: 400 with a sentence, never 500.
    let res = server_fn(
        "/api/fn/list_users",
        Some(cookie.clone()),
        r#"{"query": 5}"#.into(),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 400);
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let res = server_fn("/api/fn/list_users", Some(cookie.clone()), deep)
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    // An oversized body is refused before it is read.
    let huge = format!("{{\"q\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let res = server_fn("/api/fn/list_users", Some(cookie.clone()), huge)
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    // Paging far beyond the end is bounded, not a crash of the database driver.
    let (admin, _) = s.sign_in("alex.morgan").await;
    let res = s
        .get(
            "/api/v1/users?page=18446744073709551615&per_page=100",
            &admin,
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("page is 1 to"), "{body}");
    assert_eq!(s.get("/api/v1/me", &admin).await.status(), 200);

    // Documented limits are refused with the rule, not silently clamped.
    for (path, field) in [
        ("/api/v1/tickets?limit=101", "limit"),
        ("/api/v1/tickets?limit=0", "limit"),
        ("/api/v1/tickets?priority=9", "priority"),
        ("/api/v1/catalog/items?limit=201", "limit"),
    ] {
        let res = s.get(path, &admin).await;
        assert_eq!(res.status(), 422, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], field, "{path}: {body}");
    }
    assert_eq!(
        s.get("/api/v1/tickets?limit=100", &admin).await.status(),
        200
    );

    // A body that is not the documented object is refused, even where serde could read the
    // struct from an array of its fields (`[true]` would have disabled the user).
    for body in ["[null]", "[true]", "true", "\"disabled\""] {
        let res = s
            .client
            .patch(s.url("/api/v1/users/2"))
            .bearer_auth(&admin)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
        let text = res.text().await.unwrap();
        assert!(text.contains("must be a JSON object"), "{body}: {text}");
    }
    let user: Value = s.get("/api/v1/users/2", &admin).await.json().await.unwrap();
    assert_eq!(user["disabled"], false, "{user}");
}

/// A database outage is a 503 with a clear page (API: the JSON error), never "you are signed out";
/// once the database is back, the same session works again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_outage_is_a_503_not_a_sign_out() {
    if common::postgres_skipped() {
        eprintln!("skipped: needs PostgreSQL (BEACON_TEST_POSTGRES=skip)");
        return;
    }
    let s = TestServer::start(Backend::Postgres).await;
    let (access, _) = s.sign_in("daniel.novak").await;
    let cookie = format!("beacon_access={access}");
    s.postgres_reachable(false).await;
    let res = s.get("/api/v1/me", &access).await;
    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
    let res = s
        .client
        .get(s.url("/my/tickets"))
        .header("Cookie", cookie.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503, "not a redirect to the sign-in page");
    assert!(res.text().await.unwrap().contains("Beacon is unavailable"));
    assert_eq!(
        s.client
            .get(s.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        503
    );
    s.postgres_reachable(true).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if s.get("/api/v1/me", &access).await.status() == 200 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Server-rendered pages always finish: many concurrent loads of the sign-in page and of
/// signed-in pages with loading states each complete, with the whole document, within seconds,
/// also with several servers (each on its own runtime) rendering in one process at once.
/// (A race in streamed rendering once left a small fraction of responses open forever.)
#[test]
fn pages_always_finish_under_concurrent_load() {
    // Fresh servers each round: the first pages after a start are loaded too.
    const ROUNDS: usize = 6;
    const PER_ROUND: usize = 20;
    let servers: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(async {
                        let mut unfinished = Vec::new();
                        for _ in 0..ROUNDS {
                            unfinished.extend(load_pages(PER_ROUND).await);
                        }
                        unfinished
                    })
            })
        })
        .collect();
    let unfinished: Vec<String> = servers
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        unfinished.is_empty(),
        "{} of {} pages did not finish: {unfinished:?}",
        unfinished.len(),
        2 * ROUNDS * PER_ROUND
    );
}

/// Loads `n` pages from a new server, 16 at a time; returns the loads that did not finish.
async fn load_pages(n: usize) -> Vec<String> {
    use futures_util::StreamExt;
    let s = TestServer::start(Backend::Sqlite).await;
    let (access, _) = s.sign_in("alex.morgan").await;
    let cookie = format!("beacon_access={access}");
    let paths = ["/login", "/catalog", "/boards", "/my/tickets", "/"];
    let loads = (0..n).map(|i| {
        let path = paths[i % paths.len()];
        let mut req = s.client.get(s.url(path)).timeout(Duration::from_secs(15));
        // The sign-in page is for people who are signed out (it sends the others home).
        if path != "/login" {
            req = req.header("Cookie", cookie.clone());
        }
        async move {
            let outcome = async {
                let res = req.send().await?;
                let status = res.status();
                let body = res.text().await?;
                Ok::<_, reqwest::Error>((status, body))
            }
            .await;
            (path, outcome)
        }
    });
    let outcomes: Vec<_> = futures_util::stream::iter(loads)
        .buffer_unordered(16)
        .collect()
        .await;
    let mut unfinished = Vec::new();
    for (path, outcome) in outcomes {
        match outcome {
            Ok((status, body)) => {
                assert_eq!(status, 200, "{path}");
                assert!(
                    body.contains("</html>"),
                    "{path}: the document is cut short"
                );
            }
            Err(e) => unfinished.push(format!("{path}: {e}")),
        }
    }
    unfinished
}

/// SQLite gathers no query statistics by itself; the server does at start (and hourly), so the
/// planner knows the tables' sizes and picks the board's indexes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_has_query_statistics_after_start() {
    use db::sea_orm::{ConnectionTrait, Statement};
    let s = TestServer::start(Backend::Sqlite).await;
    let row = s
        .services
        .db
        .query_one(Statement::from_string(
            db::sea_orm::DatabaseBackend::Sqlite,
            "SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = 'tickets'",
        ))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get("", "n").unwrap();
    assert!(n > 0, "no statistics for the tickets table");
}

/// SQLite's write-ahead log is moved into the database file on a timer, never inside a request's
/// commit: automatic checkpoints are off on the pool's connections, and a new ticket reaches the
/// database file itself (read while ignoring the log) within seconds without anyone asking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_checkpoints_run_off_the_request_path() {
    use db::sea_orm::sqlx::sqlite::SqliteConnectOptions;
    use db::sea_orm::sqlx::{ConnectOptions, Connection, Row};
    use db::sea_orm::{ConnectionTrait, Statement};
    let s = TestServer::start(Backend::Sqlite).await;
    for _ in 0..3 {
        let row = s
            .services
            .db
            .query_one(Statement::from_string(
                db::sea_orm::DatabaseBackend::Sqlite,
                "PRAGMA wal_autocheckpoint",
            ))
            .await
            .unwrap()
            .unwrap();
        let pages: i64 = row.try_get_by_index(0).unwrap();
        assert_eq!(pages, 0, "automatic checkpoints are off");
    }
    let (agent, _) = s.sign_in("priya.shah").await;
    let title = "Checkpoint probe: badge reader at gate 3";
    let res = s
        .send_json(
            reqwest::Method::POST,
            "/api/v1/tickets",
            &agent,
            serde_json::json!({"kind": "incident", "title": title, "impact": 3, "urgency": 3}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // `immutable` reads the database file alone, ignoring the log.
    let file_only = SqliteConnectOptions::new()
        .filename(s.sqlite_file())
        .immutable(true)
        .read_only(true);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mut conn = file_only.connect().await.unwrap();
        let n: i64 = db::sea_orm::sqlx::query("SELECT COUNT(*) FROM tickets WHERE title = ?")
            .bind(title)
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        conn.close().await.unwrap();
        if n == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new ticket never reached the database file"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
