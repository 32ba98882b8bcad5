//! Tickets over the REST API on SQLite and PostgreSQL: the lifecycle rules, optimistic
//! concurrency (two writers, one 409), requester isolation, work notes, cursor pages, board
//! counts against the database at 10k tickets, and the filtered live event stream.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestServer};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

on_both_databases!(
    lifecycle_rules_and_messages,
    two_writers_one_conflict,
    requesters_see_only_their_own,
    list_pages_with_a_cursor,
    board_counts_match_the_database,
    live_events_are_filtered_per_subscriber,
    strict_wip_limits_refuse_moves,
    concurrent_moves_respect_a_strict_wip_limit,
    bulk_actions_report_per_ticket,
    boards_are_shared_but_never_stale,
    lists_are_shared_but_never_stale,
    a_saved_view_shows_at_once
);

async fn create(s: &TestServer, token: &str, body: Value) -> Value {
    let res = s
        .send_json(Method::POST, "/api/v1/tickets", token, body)
        .await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

fn incident(title: &str) -> Value {
    json!({"kind": "incident", "title": title, "description": "It **broke**", "impact": 2, "urgency": 1})
}

async fn transition(s: &TestServer, token: &str, number: &str, body: Value) -> reqwest::Response {
    s.send_json(
        Method::POST,
        &format!("/api/v1/tickets/{number}/transitions"),
        token,
        body,
    )
    .await
}

async fn lifecycle_rules_and_messages(b: Backend) {
    let s = TestServer::start(b).await;
    let (agent, _) = s.sign_in("priya.shah").await;
    let t = create(&s, &agent, incident("Laptop will not boot")).await;
    let number = t["number"].as_str().unwrap();
    assert!(number.starts_with("INC"), "{number}");
    assert_eq!(t["priority"], 2, "impact 2 × urgency 1 is P2");
    assert_eq!(t["state"], "new");

    // New → Closed is not a move: the message lists what is allowed.
    let res = transition(&s, &agent, number, json!({"version": 1, "to": "closed"})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"][0]["message"],
        "An incident that is New cannot be moved to Closed. It can move to In progress, On hold, Resolved or Cancelled."
    );

    // On hold needs a reason; resolving needs a code and notes.
    let res = transition(&s, &agent, number, json!({"version": 1, "to": "on_hold"})).await;
    assert_eq!(res.status(), 422);
    let res = transition(
        &s,
        &agent,
        number,
        json!({"version": 1, "to": "on_hold", "hold_reason": "awaiting_vendor"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let card: Value = res.json().await.unwrap();
    assert_eq!(card["version"], 2);
    assert_eq!(card["hold_reason"], "awaiting_vendor");
    let res = transition(&s, &agent, number, json!({"version": 2, "to": "resolved"})).await;
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["resolution_code", "resolution_notes"]);
    let res = transition(&s, &agent, number, json!({"version": 2, "to": "resolved", "resolution_code": "solved_workaround", "resolution_notes": "Reseated the RAM"})).await;
    assert_eq!(res.status(), 200);

    // The audit trail has every change; the page renders Markdown.
    let detail: Value = s
        .get(&format!("/api/v1/tickets/{number}"), &agent)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail["description_html"].as_str().unwrap().trim(),
        "<p>It <strong>broke</strong></p>"
    );
    let states: Vec<String> = detail["activity"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["field"] == "state")
        .map(|a| {
            format!(
                "{} → {}",
                a["old"].as_str().unwrap(),
                a["new"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(states, ["New → On hold", "On hold → Resolved"]);
    assert_eq!(detail["allowed_states"], json!(["in_progress", "closed"]));
    assert!(detail["first_response_at"].is_string());

    // Only P1 incidents may be major.
    let res = s
        .send_json(
            Method::PATCH,
            &format!("/api/v1/tickets/{number}"),
            &agent,
            json!({"version": 3, "major_incident": true}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

async fn two_writers_one_conflict(b: Backend) {
    let s = TestServer::start(b).await;
    let (priya, _) = s.sign_in("priya.shah").await;
    let (tom, _) = s.sign_in("tom.becker").await;
    let t = create(&s, &priya, incident("Printer on floor 2 jams")).await;
    let number = t["number"].as_str().unwrap().to_string();
    let (a, b2) = tokio::join!(
        transition(
            &s,
            &priya,
            &number,
            json!({"version": 1, "to": "in_progress"})
        ),
        transition(
            &s,
            &tom,
            &number,
            json!({"version": 1, "to": "on_hold", "hold_reason": "awaiting_caller"})
        ),
    );
    let mut statuses = [a.status().as_u16(), b2.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "exactly one writer wins");
    let (winner, loser) = if a.status() == 200 { (a, b2) } else { (b2, a) };
    let won: Value = winner.json().await.unwrap();
    let lost: Value = loser.json().await.unwrap();
    assert_eq!(lost["error"]["code"], "stale_version");
    assert_eq!(
        lost["error"]["current"]["state"], won["state"],
        "the loser learns the winner's state"
    );
    assert_eq!(lost["error"]["current"]["version"], 2);

    // A stale edit of fields is refused the same way, and nothing is overwritten.
    let res = s
        .send_json(
            Method::PATCH,
            &format!("/api/v1/tickets/{number}"),
            &tom,
            json!({"version": 1, "title": "Overwritten"}),
        )
        .await;
    assert_eq!(res.status(), 409);
    let detail: Value = s
        .get(&format!("/api/v1/tickets/{number}"), &priya)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["card"]["title"], "Printer on floor 2 jams");
    assert_eq!(detail["card"]["version"], 2);
}

async fn requesters_see_only_their_own(b: Backend) {
    let s = TestServer::start(b).await;
    let (grace, _) = s.sign_in("grace.kim").await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let (agent, _) = s.sign_in("priya.shah").await;

    // Requesters raise for themselves only, and no problems.
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/tickets",
            &grace,
            json!({"kind": "problem", "title": "Root cause", "impact": 2, "urgency": 2}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let t = create(&s, &grace, incident("Payroll export fails")).await;
    let number = t["number"].as_str().unwrap();
    let path = format!("/api/v1/tickets/{number}");

    // Another requester cannot read, comment on, move or find it.
    assert_eq!(s.get(&path, &daniel).await.status(), 404);
    let res = s
        .send_json(
            Method::POST,
            &format!("{path}/comments"),
            &daniel,
            json!({"body": "me too"}),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = transition(
        &s,
        &daniel,
        number,
        json!({"version": 1, "to": "cancelled"}),
    )
    .await;
    assert_eq!(res.status(), 404);
    let list: Value = s
        .get("/api/v1/tickets?limit=100", &daniel)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["requester"]["name"] == "Daniel Novak")
    );
    assert_eq!(
        s.get("/api/v1/boards?kind=incident", &daniel)
            .await
            .status(),
        403
    );

    // The requester cannot edit fields or write work notes; they see replies but not notes.
    let res = s
        .send_json(
            Method::PATCH,
            &path,
            &grace,
            json!({"version": 1, "impact": 1}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = s
        .send_json(
            Method::POST,
            &format!("{path}/comments"),
            &grace,
            json!({"body": "secret", "internal": true}),
        )
        .await;
    assert_eq!(res.status(), 403);
    for (body, internal) in [
        ("Checking the export job logs", true),
        ("We are on it", false),
    ] {
        let res = s
            .send_json(
                Method::POST,
                &format!("{path}/comments"),
                &agent,
                json!({"body": body, "internal": internal}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let mine: Value = s.get(&path, &grace).await.json().await.unwrap();
    let bodies: Vec<&str> = mine["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["We are on it"]);
    let theirs: Value = s.get(&path, &agent).await.json().await.unwrap();
    assert_eq!(theirs["comments"].as_array().unwrap().len(), 2);

    // Waiting for the caller: the requester's reply puts it back in progress.
    let v = theirs["card"]["version"].as_i64().unwrap();
    let res = transition(
        &s,
        &agent,
        number,
        json!({"version": v, "to": "on_hold", "hold_reason": "awaiting_caller"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = s
        .send_json(
            Method::POST,
            &format!("{path}/comments"),
            &grace,
            json!({"body": "Here is the log file"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let after: Value = s.get(&path, &grace).await.json().await.unwrap();
    assert_eq!(after["card"]["state"], "in_progress");
}

async fn list_pages_with_a_cursor(b: Backend) {
    let s = TestServer::start(b).await;
    let (agent, _) = s.sign_in("priya.shah").await;
    for i in 0..7 {
        create(&s, &agent, incident(&format!("Cursor test {i}"))).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = "/api/v1/tickets?q=cursor%20test&limit=3".to_string();
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page: Value = s.get(&path, &agent).await.json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            seen.push(item["title"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let expected: Vec<String> = (0..7).rev().map(|i| format!("Cursor test {i}")).collect();
    assert_eq!(seen, expected, "newest first, each once");
    let res = s.get("/api/v1/tickets?cursor=abc", &agent).await;
    assert_eq!(res.status(), 422);
    let res = s.get("/api/v1/tickets?kind=bogus", &agent).await;
    assert_eq!(res.status(), 400);
}

async fn board_counts_match_the_database(b: Backend) {
    use db::sea_orm::{ConnectionTrait, Statement};
    let s = TestServer::start(b).await;
    let report = service::generate::generate_tickets(&s.services.db, 10_000, 42)
        .await
        .unwrap();
    assert_eq!(report.tickets, 10_000);
    let (agent, _) = s.sign_in("priya.shah").await;
    let board: Value = s
        .get("/api/v1/boards?kind=incident", &agent)
        .await
        .json()
        .await
        .unwrap();
    let backend = s.services.db.get_database_backend();
    for col in board["columns"].as_array().unwrap() {
        let state = col["key"]["value"].as_str().unwrap();
        if matches!(state, "closed" | "cancelled") {
            continue;
        }
        let row = s
            .services
            .db
            .query_one(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM tickets WHERE kind = 'incident' AND state = '{state}'"),
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        assert_eq!(col["count"].as_i64().unwrap(), n, "count of {state}");
        assert!(
            col["cards"].as_array().unwrap().len() <= 20,
            "a column loads one page"
        );
    }
    // Walking one column page by page yields every card once, in order.
    let col = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"]["value"] == "in_progress")
        .unwrap();
    let total = col["count"].as_u64().unwrap();
    assert!(total > 20, "enough to page: {total}");
    let mut ids: Vec<i64> = col["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let mut cursor = col["next_cursor"].as_str().map(String::from);
    while let Some(c) = cursor {
        let page: Value = s
            .get(
                &format!("/api/v1/boards/column?kind=incident&column=state:in_progress&cursor={c}"),
                &agent,
            )
            .await
            .json()
            .await
            .unwrap();
        ids.extend(
            page["cards"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap()),
        );
        cursor = page["next_cursor"].as_str().map(String::from);
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no card twice");
    assert_eq!(ids.len() as u64, total, "every card of the column");

    // The REST list by priority: P1 first, the longest waiting first within a priority, every
    // open incident once, as many as the first page's total and the database say.
    let open_incidents = {
        let row = s
            .services
            .db
            .query_one(Statement::from_string(
                backend,
                "SELECT COUNT(*) AS n FROM tickets WHERE kind = 'incident' \
                 AND state IN ('new', 'in_progress', 'on_hold')"
                    .to_string(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap() as u64
    };
    let mut listed: Vec<(i64, i64)> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path =
            "/api/v1/tickets?kind=incident&open=true&sort=priority&limit=100".to_string();
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page: Value = s.get(&path, &agent).await.json().await.unwrap();
        if cursor.is_none() {
            assert_eq!(
                page["total"].as_u64(),
                Some(open_incidents),
                "the first page counts"
            );
        } else {
            assert!(
                page.get("total").is_none(),
                "later pages do not count again"
            );
        }
        for c in page["items"].as_array().unwrap() {
            listed.push((c["priority"].as_i64().unwrap(), c["id"].as_i64().unwrap()));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(
        listed.len() as u64,
        open_incidents,
        "every open incident once"
    );
    let mut in_order = listed.clone();
    in_order.sort_unstable();
    assert_eq!(listed, in_order, "by priority, then the longest waiting");
    assert!(
        listed.first().unwrap().0 < listed.last().unwrap().0,
        "several priorities"
    );
    let res = s
        .get("/api/v1/tickets?sort=priority&cursor=981", &agent)
        .await;
    assert_eq!(res.status(), 422, "a newest-first cursor in priority order");

    // Grouping by assignee shows open work only, with counts that add up.
    let by_assignee: Value = s
        .get("/api/v1/boards?kind=incident&group=assignee", &agent)
        .await
        .json()
        .await
        .unwrap();
    let sum: u64 = by_assignee["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    let open: u64 = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            matches!(
                c["key"]["value"].as_str(),
                Some("new" | "in_progress" | "on_hold")
            )
        })
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, open);
}

/// Reads server-sent events until one satisfies `want`, or gives up after `limit`.
async fn wait_for_event(
    res: &mut reqwest::Response,
    buf: &mut String,
    limit: Duration,
    want: impl Fn(&str, &Value) -> bool,
) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            let name = block
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap_or("");
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: "))
                && let Ok(v) = serde_json::from_str::<Value>(data)
                && want(name, &v)
            {
                return Some(v);
            }
        }
        match tokio::time::timeout_at(deadline, res.chunk()).await {
            Ok(Ok(Some(bytes))) => buf.push_str(&String::from_utf8_lossy(&bytes)),
            _ => return None,
        }
    }
}

async fn live_events_are_filtered_per_subscriber(b: Backend) {
    let s = TestServer::start(b).await;
    let (grace, _) = s.sign_in("grace.kim").await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let (agent, _) = s.sign_in("priya.shah").await;
    let mut streams = Vec::new();
    for token in [&agent, &grace, &daniel] {
        let mut res = s
            .client
            .get(s.url("/api/v1/events?board=incident:state"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let mut buf = String::new();
        assert!(
            wait_for_event(&mut res, &mut buf, Duration::from_secs(5), |n, _| n
                == "ready")
            .await
            .is_some()
        );
        streams.push((res, buf));
    }
    let t = create(&s, &grace, incident("Teams calls drop")).await;
    let number = t["number"].as_str().unwrap().to_string();
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/tickets/{number}/comments"),
            &agent,
            json!({"body": "internal only", "internal": true}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = transition(
        &s,
        &agent,
        &number,
        json!({"version": 1, "to": "in_progress"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let is = |change: &'static str| {
        let number = number.clone();
        move |name: &str, v: &Value| {
            name == "ticket" && v["after"]["number"] == number.as_str() && v["change"] == change
        }
    };
    let [
        (agent_res, agent_buf),
        (grace_res, grace_buf),
        (daniel_res, daniel_buf),
    ] = &mut streams[..]
    else {
        unreachable!()
    };
    let limit = Duration::from_secs(5);
    // The agent sees everything, the work note included.
    assert!(
        wait_for_event(agent_res, agent_buf, limit, is("created"))
            .await
            .is_some()
    );
    assert!(
        wait_for_event(agent_res, agent_buf, limit, is("commented"))
            .await
            .is_some()
    );
    assert!(
        wait_for_event(agent_res, agent_buf, limit, is("moved"))
            .await
            .is_some()
    );
    // The requester sees her ticket being created and moved, but not the work note.
    assert!(
        wait_for_event(grace_res, grace_buf, limit, is("created"))
            .await
            .is_some()
    );
    let next = wait_for_event(grace_res, grace_buf, limit, |n, _| n == "ticket")
        .await
        .unwrap();
    assert_eq!(
        next["change"], "moved",
        "the work note was not sent to the requester"
    );
    // Another requester hears nothing about it: the first ticket event he gets is about his own
    // ticket, raised after all of the above (the stream is ordered).
    let own = create(&s, &daniel, incident("My own ticket")).await;
    let first = wait_for_event(daniel_res, daniel_buf, limit, |n, _| n == "ticket")
        .await
        .unwrap();
    assert_eq!(first["after"]["number"], own["number"]);
}

async fn strict_wip_limits_refuse_moves(b: Backend) {
    let s = TestServer::start(b).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let (agent, _) = s.sign_in("priya.shah").await;
    let board: Value = s
        .get("/api/v1/boards?kind=problem", &agent)
        .await
        .json()
        .await
        .unwrap();
    let in_progress = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"]["value"] == "in_progress")
        .unwrap()["count"]
        .as_u64()
        .unwrap();
    let limit =
        json!({"kind": "problem", "state": "in_progress", "limit": in_progress, "strict": true});
    assert_eq!(
        s.send_json(Method::PUT, "/api/v1/boards/wip", &agent, limit.clone())
            .await
            .status(),
        403,
        "agents do not set limits"
    );
    assert_eq!(
        s.send_json(Method::PUT, "/api/v1/boards/wip", &admin, limit)
            .await
            .status(),
        204
    );
    let t = create(
        &s,
        &agent,
        json!({"kind": "problem", "title": "Recurring disk alarms", "impact": 2, "urgency": 2}),
    )
    .await;
    let number = t["number"].as_str().unwrap();
    let res = transition(
        &s,
        &agent,
        number,
        json!({"version": 1, "to": "in_progress"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("work-in-progress limit"),
        "{body}"
    );
    let board: Value = s
        .get("/api/v1/boards?kind=problem", &agent)
        .await
        .json()
        .await
        .unwrap();
    let col = board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"]["value"] == "in_progress")
        .unwrap();
    assert_eq!(col["wip"]["strict"], true);
    // Advisory limits only colour the column.
    let advisory =
        json!({"kind": "problem", "state": "in_progress", "limit": in_progress, "strict": false});
    assert_eq!(
        s.send_json(Method::PUT, "/api/v1/boards/wip", &admin, advisory)
            .await
            .status(),
        204
    );
    let res = transition(
        &s,
        &agent,
        number,
        json!({"version": 1, "to": "in_progress"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let bad = json!({"kind": "problem", "state": "fulfilled", "limit": 3});
    assert_eq!(
        s.send_json(Method::PUT, "/api/v1/boards/wip", &admin, bad)
            .await
            .status(),
        400
    );
    // Rules the schema states are refused with the field named.
    for (bad, field) in [
        (
            json!({"kind": "incident", "state": "new", "limit": 10_001}),
            "limit",
        ),
        (json!({"kind": "task", "state": "new", "limit": 3}), "kind"),
    ] {
        let res = s
            .send_json(Method::PUT, "/api/v1/boards/wip", &admin, bad)
            .await;
        assert_eq!(res.status(), 422);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], field, "{body}");
    }
}

async fn bulk_actions_report_per_ticket(b: Backend) {
    let s = TestServer::start(b).await;
    let (agent, _) = s.sign_in("priya.shah").await;
    let (grace, _) = s.sign_in("grace.kim").await;
    let a = create(&s, &agent, incident("Bulk one")).await;
    let b2 = create(&s, &agent, incident("Bulk two")).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let users: Value = s
        .get("/api/v1/users?q=tom.becker", &admin)
        .await
        .json()
        .await
        .unwrap();
    let tom_id = users["items"][0]["id"].as_i64().unwrap();
    let body = json!({
        "action": {"action": "assign", "assignee_id": tom_id},
        "tickets": [
            {"number": a["number"], "version": 1},
            {"number": b2["number"], "version": 7},
            {"number": "INC9999999", "version": 1}
        ]
    });
    let res = s
        .send_json(Method::POST, "/api/v1/tickets/bulk", &agent, body.clone())
        .await;
    assert_eq!(res.status(), 200);
    let out: Value = res.json().await.unwrap();
    let oks: Vec<bool> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["ok"].as_bool().unwrap())
        .collect();
    assert_eq!(oks, [true, false, false]);
    assert!(
        out[1]["message"]
            .as_str()
            .unwrap()
            .contains("Changed by someone else"),
        "{out}"
    );
    assert_eq!(out[2]["message"], "No such ticket.");
    let detail: Value = s
        .get(
            &format!("/api/v1/tickets/{}", a["number"].as_str().unwrap()),
            &agent,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["card"]["assignee"]["name"], "Tom Becker");
    // Requesters may not use bulk actions at all.
    assert_eq!(
        s.send_json(Method::POST, "/api/v1/tickets/bulk", &grace, body)
            .await
            .status(),
        403
    );
}

async fn problems_in_progress(s: &TestServer, token: &str) -> u64 {
    let board: Value = s
        .get("/api/v1/boards?kind=problem", token)
        .await
        .json()
        .await
        .unwrap();
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"]["value"] == "in_progress")
        .unwrap()["count"]
        .as_u64()
        .unwrap()
}

/// Several agents moving into a column with one free place at the same moment: exactly one move
/// wins; the strict limit is never exceeded (the check runs inside the write transaction).
async fn concurrent_moves_respect_a_strict_wip_limit(b: Backend) {
    let s = TestServer::start(b).await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let (agent, _) = s.sign_in("priya.shah").await;
    let before = problems_in_progress(&s, &agent).await;
    let limit =
        json!({"kind": "problem", "state": "in_progress", "limit": before + 1, "strict": true});
    assert_eq!(
        s.send_json(Method::PUT, "/api/v1/boards/wip", &admin, limit)
            .await
            .status(),
        204
    );
    let mut numbers = vec![];
    for i in 0..4 {
        let t = create(
            &s,
            &agent,
            json!({"kind": "problem", "title": format!("Racing problem {i}"), "impact": 2, "urgency": 2}),
        )
        .await;
        numbers.push(t["number"].as_str().unwrap().to_string());
    }
    let moves = numbers
        .iter()
        .map(|n| transition(&s, &agent, n, json!({"version": 1, "to": "in_progress"})));
    let results = futures_util::future::join_all(moves).await;
    let mut codes: Vec<u16> = results.iter().map(|r| r.status().as_u16()).collect();
    codes.sort();
    assert_eq!(codes, [200, 422, 422, 422]);
    assert_eq!(problems_in_progress(&s, &agent).await, before + 1);
}

/// The `name` of every entry of the list `field` of `v`.
fn names_in(v: &Value, field: &str) -> Vec<String> {
    v[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn column_count(board: &Value, state: &str) -> u64 {
    board["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"]["value"] == state)
        .map_or(0, |c| c["count"].as_u64().unwrap())
}

/// Boards are computed once and shared between agents, yet a change shows on the next load:
/// a new ticket, a move, a WIP limit.
async fn boards_are_shared_but_never_stale(b: Backend) {
    let s = TestServer::start(b).await;
    let (priya, _) = s.sign_in("priya.shah").await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let board = |token: String| {
        let s = &s;
        async move { json_of(s.get("/api/v1/boards?kind=incident", &token).await).await }
    };
    let first = board(priya.clone()).await;
    let second = board(admin.clone()).await;
    assert_eq!(
        first, second,
        "the same view reads the same for every agent"
    );
    let new_before = column_count(&first, "new");
    let t = create(
        &s,
        &priya,
        incident("Board freshness: projector in room 2.14"),
    )
    .await;
    let after_create = board(admin.clone()).await;
    assert_eq!(column_count(&after_create, "new"), new_before + 1);
    let number = t["number"].as_str().unwrap();
    let res = transition(
        &s,
        &priya,
        number,
        json!({"version": 1, "to": "in_progress"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let after_move = board(priya.clone()).await;
    assert_eq!(column_count(&after_move, "new"), new_before);
    assert_eq!(
        column_count(&after_move, "in_progress"),
        column_count(&after_create, "in_progress") + 1
    );
    let limit = json!({"kind": "incident", "state": "on_hold", "limit": 40, "strict": false});
    assert_eq!(
        s.send_json(Method::PUT, "/api/v1/boards/wip", &admin, limit)
            .await
            .status(),
        204
    );
    let with_limit = board(priya).await;
    let on_hold = with_limit["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"]["value"] == "on_hold")
        .unwrap();
    assert_eq!(on_hold["wip"]["limit"], 40);
}

/// First pages of the ticket list are shared between agents, never between requesters, and a
/// change shows on the next load; the assignment options show a new agent at once.
async fn lists_are_shared_but_never_stale(b: Backend) {
    let s = TestServer::start(b).await;
    let (priya, _) = s.sign_in("priya.shah").await;
    let (admin, _) = s.sign_in("alex.morgan").await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let (mia, _) = s.sign_in("mia.johansson").await;
    let path = "/api/v1/tickets?kind=incident&open=true&limit=5";
    let list = |token: String| {
        let s = &s;
        async move { json_of(s.get(path, &token).await).await }
    };
    let first = list(priya.clone()).await;
    assert_eq!(first, list(admin.clone()).await, "one list for every agent");

    // Requesters read the same query and each gets their own tickets.
    let mine = |token: String| {
        let s = &s;
        async move { json_of(s.get("/api/v1/tickets?limit=100", &token).await).await }
    };
    let requesters = [("Daniel Novak", &daniel), ("Mia Johansson", &mia)];
    for (who, token) in requesters {
        let page = mine(token.clone()).await;
        for item in page["items"].as_array().unwrap() {
            assert_eq!(item["requester"]["name"], who, "{who} sees only their own");
        }
        assert_eq!(
            page,
            mine(token.clone()).await,
            "{who} reads the same twice"
        );
    }
    let created = create(
        &s,
        &daniel,
        incident("List freshness: my badge stopped working"),
    )
    .await;
    let number = created["number"].as_str().unwrap();
    let d_after = mine(daniel.clone()).await;
    assert_eq!(
        d_after["items"][0]["number"], number,
        "the requester's new ticket is listed"
    );
    let m_after = mine(mia).await;
    assert!(
        m_after["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["number"] != number),
        "and not in another requester's list"
    );
    assert_ne!(d_after, m_after, "requesters never share a list");

    // The agents' shared list follows the change too.
    let after_create = list(admin.clone()).await;
    assert_eq!(after_create["items"][0]["number"], number);
    assert_eq!(
        after_create["total"].as_u64().unwrap(),
        first["total"].as_u64().unwrap() + 1
    );
    let res = transition(
        &s,
        &priya,
        number,
        json!({"version": 1, "to": "in_progress"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let after_move = list(admin.clone()).await;
    assert_eq!(after_move["items"][0]["state"], "in_progress");

    // A new agent can be assigned straight away.
    let options = |token: String| {
        let s = &s;
        async move {
            json_of(
                s.send_json(
                    Method::POST,
                    "/api/fn/assignment_options",
                    &token,
                    json!({}),
                )
                .await,
            )
            .await
        }
    };
    let names = |v: &Value| names_in(v, "agents");
    assert!(!names(&options(priya.clone()).await).contains(&"Ada Quinn".to_string()));
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/users",
            &admin,
            json!({"username": "ada.quinn", "display_name": "Ada Quinn", "email": "ada.quinn@beacon.example", "password": "a long enough password", "roles": ["agent"]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert!(names(&options(priya).await).contains(&"Ada Quinn".to_string()));
}

/// An agent's groups and saved views are kept between their page loads, but a view they save or
/// delete shows on the next load.
async fn a_saved_view_shows_at_once(b: Backend) {
    let s = TestServer::start(b).await;
    let (priya, _) = s.sign_in("priya.shah").await;
    let view = json_of(s.get("/api/v1/boards?kind=incident", &priya).await).await["view"].clone();
    let page = |token: String| {
        let s = &s;
        let view = view.clone();
        async move {
            json_of(
                s.send_json(
                    Method::POST,
                    "/api/fn/board",
                    &token,
                    json!({ "view": view }),
                )
                .await,
            )
            .await
        }
    };
    let names = |p: &Value| names_in(p, "saved");
    let before = page(priya.clone()).await;
    assert!(!names(&before).contains(&"Printers".to_string()));
    let saved = json_of(
        s.send_json(
            Method::POST,
            "/api/fn/save_board_view",
            &priya,
            json!({"name": "Printers", "view": view}),
        )
        .await,
    )
    .await;
    let after = page(priya.clone()).await;
    assert!(names(&after).contains(&"Printers".to_string()), "{after}");
    let res = s
        .send_json(
            Method::POST,
            "/api/fn/delete_board_view",
            &priya,
            json!({"id": saved["id"]}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert!(!names(&page(priya).await).contains(&"Printers".to_string()));
}
