//! The service catalog over the REST API on SQLite and PostgreSQL: ordering with conditional
//! fields and validation, multi-stage approvals to fulfilment and resolution, entitlements that
//! hide items everywhere, majority rules and concurrent approvers, rejection and withdrawal,
//! versions kept by requests, administration rights, export and import, typo-tolerant search.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    ordering_through_two_approval_stages_to_delivery,
    entitlements_hide_items_everywhere,
    majority_rule_parallel_tasks_and_concurrent_approvers,
    rejection_and_withdrawal_end_the_request,
    catalog_admin_drafts_versions_export_import,
    search_forgives_typos,
    damaged_data_is_surfaced_and_a_failed_follow_up_undoes_its_move
);

async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

fn field_message<'a>(body: &'a Value, field: &str) -> Option<&'a str> {
    body["error"]["fields"]
        .as_array()?
        .iter()
        .find(|f| f["field"] == field)
        .and_then(|f| f["message"].as_str())
}

async fn order(s: &TestServer, token: &str, item: &str, answers: Value) -> reqwest::Response {
    s.send_json(
        Method::POST,
        &format!("/api/v1/catalog/items/{item}/requests"),
        token,
        json!({ "answers": answers }),
    )
    .await
}

async fn view(s: &TestServer, token: &str, number: &str) -> Value {
    let res = s
        .get(&format!("/api/v1/catalog/requests/{number}"), token)
        .await;
    assert_eq!(res.status(), 200, "view {number}");
    json_of(res).await
}

/// The caller's pending approval on `number`, from their inbox.
async fn approval_for(s: &TestServer, token: &str, number: &str) -> Option<i64> {
    let inbox = json_of(s.get("/api/v1/approvals", token).await).await;
    inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["number"] == number)
        .map(|t| t["approval"].as_i64().unwrap())
}

async fn decide(
    s: &TestServer,
    token: &str,
    id: i64,
    approve: bool,
    comment: &str,
) -> reqwest::Response {
    s.send_json(
        Method::POST,
        &format!("/api/v1/approvals/{id}/decision"),
        token,
        json!({ "approve": approve, "comment": comment }),
    )
    .await
}

fn date_in(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

async fn resolve_task(s: &TestServer, agent: &str, number: &str) {
    let t = json_of(s.get(&format!("/api/v1/tickets/{number}"), agent).await).await;
    let version = t["card"]["version"].as_i64().unwrap();
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/tickets/{number}/transitions"),
            agent,
            json!({"version": version, "to": "resolved", "resolution_code": "fulfilled", "resolution_notes": "Done."}),
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "resolve {number}: {}",
        res.text().await.unwrap()
    );
}

async fn ordering_through_two_approval_stages_to_delivery(b: Backend) {
    let s = TestServer::start(b).await;
    let (mia, _) = s.sign_in("mia.johansson").await;

    // The form: a conditional field (GPU reason shows when GPU is ticked).
    let page = json_of(s.get("/api/v1/catalog/items/developer-laptop", &mia).await).await;
    let fields: Vec<&str> = page["form"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["model", "gpu", "gpu_reason", "extras"]);
    assert_eq!(page["approval_steps"][0], "Manager: your manager");

    // A bad submission names every wrong field.
    let res = order(
        &s,
        &mia,
        "developer-laptop",
        json!({
            "model": {"type": "choice", "value": "Commodore 64"},
            "gpu": {"type": "bool", "value": true}
        }),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = json_of(res).await;
    assert_eq!(
        field_message(&body, "model"),
        Some("'Commodore 64' is not one of the choices.")
    );
    assert_eq!(
        field_message(&body, "gpu_reason"),
        Some("Why do you need a GPU? is required.")
    );

    // Without a GPU the reason is neither asked nor kept.
    let res = order(
        &s,
        &mia,
        "developer-laptop",
        json!({
            "model": {"type": "choice", "value": "16\" workstation (Linux)"},
            "gpu": {"type": "bool", "value": false},
            "gpu_reason": {"type": "text", "value": "ignored"}
        }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let number = json_of(res).await["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("REQ"));
    let v = view(&s, &mia, &number).await;
    assert_eq!(v["status"], "Waiting for approval");
    assert_eq!(v["item_version"], 1);
    assert!(
        v["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["label"] != "Why do you need a GPU?")
    );
    assert_eq!(v["stages"][0]["status"], "Waiting");
    assert_eq!(
        v["stages"][0]["approvers"][0]["person"]["name"],
        "Noah Fischer"
    );
    assert_eq!(v["stages"][1]["status"], "Not started");
    assert_eq!(v["tasks"][0]["status"], "Not started yet");
    assert!(
        v["my_approval"].is_null(),
        "requesters do not approve their own requests"
    );
    assert!(approval_for(&s, &mia, &number).await.is_none());

    // A catalog manager publishes version 2 meanwhile; the request keeps version 1.
    let (kenji, _) = s.sign_in("kenji.watanabe").await;
    let items = json_of(s.get("/api/v1/catalog/admin/items", &kenji).await).await;
    let id = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "developer-laptop")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let mut ed = json_of(
        s.get(&format!("/api/v1/catalog/admin/items/{id}"), &kenji)
            .await,
    )
    .await;
    ed["definition"]["summary"] = json!("Now with 96 GB memory.");
    let res = s
        .send_json(
            Method::PUT,
            &format!("/api/v1/catalog/admin/items/{id}"),
            &kenji,
            json!({
                "version": ed["version"], "slug": ed["slug"], "category": ed["category"],
                "featured": ed["featured"], "definition": ed["definition"]
            }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let saved = json_of(res).await;
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/catalog/admin/items/{id}/publish"),
            &kenji,
            json!({"version": saved["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(json_of(res).await["live_version"], 2);

    // Stage 1: the manager approves from the inbox.
    let (noah, _) = s.sign_in("noah.fischer").await;
    let a = approval_for(&s, &noah, &number)
        .await
        .expect("in Noah's inbox");
    let as_approver = view(&s, &noah, &number).await;
    assert_eq!(
        as_approver["my_approval"], a,
        "approvers may open the request and decide there"
    );
    assert_eq!(decide(&s, &noah, a, true, "").await.status(), 200);
    assert_eq!(
        decide(&s, &noah, a, true, "").await.status(),
        409,
        "a decision is made once"
    );

    // Stage 2: Finance. A rejection needs a reason; an approval does not.
    let (samuel, _) = s.sign_in("samuel.adeyemi").await;
    let a = approval_for(&s, &samuel, &number)
        .await
        .expect("in Samuel's inbox");
    let res = decide(&s, &samuel, a, false, "  ").await;
    assert_eq!(res.status(), 422);
    assert!(field_message(&json_of(res).await, "comment").is_some());
    assert_eq!(
        decide(&s, &samuel, a, true, "Budget line 4711")
            .await
            .status(),
        200
    );

    let v = view(&s, &mia, &number).await;
    assert_eq!(v["approval"], "approved");
    assert_eq!(v["status"], "Being fulfilled");
    assert_eq!(v["item_version"], 1);
    assert_eq!(v["expected_by"], date_in(10));
    assert_eq!(
        v["stages"][1]["approvers"][0]["comment"],
        "Budget line 4711"
    );
    assert_eq!(v["tasks"][0]["status"], "Queued");
    assert_eq!(
        v["tasks"][1]["status"], "Not started yet",
        "tasks run in sequence"
    );
    assert!(
        v["tasks"][0]["number"].is_null(),
        "requesters do not see task numbers"
    );

    // Tasks are agents' tickets: on the task board, invisible to the requester.
    let (priya, _) = s.sign_in("priya.shah").await;
    let agent_view = view(&s, &priya, &number).await;
    let task1 = agent_view["tasks"][0]["number"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(task1.starts_with("TSK"));
    assert_eq!(
        s.get(&format!("/api/v1/tickets/{task1}"), &mia)
            .await
            .status(),
        404
    );
    let board = json_of(s.get("/api/v1/boards?kind=task", &priya).await).await;
    assert!(
        board.to_string().contains(&task1),
        "the task is on the task board"
    );

    resolve_task(&s, &priya, &task1).await;
    let agent_view = view(&s, &priya, &number).await;
    assert_eq!(agent_view["tasks"][0]["status"], "Done");
    let task2 = agent_view["tasks"][1]["number"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(view(&s, &mia, &number).await["state"], "in_progress");
    resolve_task(&s, &priya, &task2).await;
    let v = view(&s, &mia, &number).await;
    assert_eq!(v["state"], "resolved");
    assert_eq!(v["status"], "Delivered: please confirm");

    // The audit trail holds every decision.
    let t = json_of(s.get(&format!("/api/v1/tickets/{number}"), &priya).await).await;
    let activity = t["activity"].to_string();
    assert!(
        activity.contains("Approved by Noah Fischer (Manager)"),
        "{activity}"
    );
    assert!(activity.contains("Approved by Samuel Adeyemi (Finance): Budget line 4711"));

    // "My requests" lists it with its status.
    let mine = json_of(s.get("/api/v1/catalog/requests", &mia).await).await;
    let row = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["number"] == number)
        .unwrap();
    assert_eq!(row["status"], "Delivered: please confirm");
    assert_eq!(row["item"], "Developer laptop");
}

async fn entitlements_hide_items_everywhere(b: Backend) {
    let s = TestServer::start(b).await;
    let (daniel, _) = s.sign_in("daniel.novak").await; // Finance
    let (mia, _) = s.sign_in("mia.johansson").await; // Engineering
    let (priya, _) = s.sign_in("priya.shah").await; // IT, agent
    let (isabel, _) = s.sign_in("isabel.costa").await; // Human Resources

    let slugs = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["slug"].as_str().unwrap().to_string())
            .collect()
    };
    let all = |token: String| {
        let s = &s;
        async move { json_of(s.get("/api/v1/catalog/items?limit=200", &token).await).await }
    };
    let d = slugs(&all(daniel.clone()).await);
    let m = slugs(&all(mia.clone()).await);
    let p = slugs(&all(priya.clone()).await);
    let i = slugs(&all(isabel.clone()).await);
    let table: [(&str, bool, bool, bool, bool); 5] = [
        // item, daniel, mia, priya, isabel
        ("standard-laptop", true, true, true, true),
        ("developer-laptop", false, true, true, false),
        ("firewall-rule", false, false, true, false),
        ("new-starter", false, false, false, true),
        ("payroll-access", true, false, false, true),
    ];
    for (slug, dn, mj, ps, ic) in table {
        assert_eq!(d.contains(&slug.to_string()), dn, "daniel / {slug}");
        assert_eq!(m.contains(&slug.to_string()), mj, "mia / {slug}");
        assert_eq!(p.contains(&slug.to_string()), ps, "priya / {slug}");
        assert_eq!(i.contains(&slug.to_string()), ic, "isabel / {slug}");
    }

    // Not in search, not by URL, not by API order, not in the counts.
    let found = json_of(
        s.get("/api/v1/catalog/items?q=developer%20laptop", &daniel)
            .await,
    )
    .await;
    assert!(!slugs(&found).contains(&"developer-laptop".to_string()));
    assert_eq!(
        s.get("/api/v1/catalog/items/developer-laptop", &daniel)
            .await
            .status(),
        404
    );
    let res = order(
        &s,
        &daniel,
        "developer-laptop",
        json!({"model": {"type": "choice", "value": "14\" MacBook Pro"}}),
    )
    .await;
    assert_eq!(res.status(), 404);
    let home_d = json_of(s.get("/api/v1/catalog", &daniel).await).await;
    let home_m = json_of(s.get("/api/v1/catalog", &mia).await).await;
    let count = |home: &Value, slug: &str| {
        home["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == slug)
            .map(|c| c["items"].as_i64().unwrap())
            .unwrap_or(0)
    };
    assert_eq!(
        count(&home_m, "hardware") - count(&home_d, "hardware"),
        1,
        "the developer laptop"
    );
    assert_eq!(count(&home_d, "people"), 1, "payroll access only");
    assert!(
        home_d["featured"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["slug"] != "developer-laptop")
    );

    // Catalog administration is for catalog managers and admins.
    assert_eq!(
        s.get("/api/v1/catalog/admin/items", &priya).await.status(),
        403
    );
    assert_eq!(
        s.get("/api/v1/catalog/admin/items", &daniel).await.status(),
        403
    );
    let (alex, _) = s.sign_in("alex.morgan").await;
    assert_eq!(
        s.get("/api/v1/catalog/admin/items", &alex).await.status(),
        200
    );
}

/// Creates and publishes an item through the admin API; returns its id.
async fn publish_item(s: &TestServer, manager: &str, slug: &str, definition: Value) -> i64 {
    let cats = json_of(s.get("/api/v1/catalog/admin/categories", manager).await).await;
    let category = cats[0]["id"].as_i64().unwrap();
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/catalog/admin/items",
            manager,
            json!({
                "slug": slug, "category": category, "definition": definition
            }),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let created = json_of(res).await;
    let id = created["id"].as_i64().unwrap();
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/catalog/admin/items/{id}/publish"),
            manager,
            json!({"version": created["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    id
}

async fn user_id(s: &TestServer, admin: &str, username: &str) -> i64 {
    let page = json_of(s.get(&format!("/api/v1/users?q={username}"), admin).await).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn majority_rule_parallel_tasks_and_concurrent_approvers(b: Backend) {
    let s = TestServer::start(b).await;
    let (alex, _) = s.sign_in("alex.morgan").await;
    let (kenji, _) = s.sign_in("kenji.watanabe").await;
    let ids: Vec<i64> = user_ids(&s, &alex, &["hannah.weber", "marco.rossi", "omar.haddad"]).await;
    publish_item(&s, &kenji, "board-decision", json!({
        "name": "Board decision", "summary": "Needs a majority of three.", "icon": "users",
        "fulfilment_group": null,
        "approvals": [
            {"name": "Board", "rule": "majority", "approvers": {"type": "users", "users": ids}},
            {"name": "Either director", "rule": "any", "approvers": {"type": "users", "users": [ids[0], ids[2]]}}
        ],
        "fulfilment": {"order": "parallel", "tasks": []}
    }))
    .await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let res = order(&s, &daniel, "board-decision", json!({})).await;
    assert_eq!(res.status(), 201);
    let number = json_of(res).await["number"].as_str().unwrap().to_string();

    let tokens = [
        s.sign_in("hannah.weber").await.0,
        s.sign_in("marco.rossi").await.0,
        s.sign_in("omar.haddad").await.0,
    ];
    // Majority of three: one approval waits, one rejection waits, the second approval decides.
    let a0 = approval_for(&s, &tokens[0], &number).await.unwrap();
    assert_eq!(decide(&s, &tokens[0], a0, true, "").await.status(), 200);
    assert_eq!(
        view(&s, &daniel, &number).await["stages"][0]["status"],
        "Waiting"
    );
    let a1 = approval_for(&s, &tokens[1], &number).await.unwrap();
    assert_eq!(
        decide(&s, &tokens[1], a1, false, "Too expensive")
            .await
            .status(),
        200
    );
    assert_eq!(
        view(&s, &daniel, &number).await["status"],
        "Waiting for approval"
    );
    let a2 = approval_for(&s, &tokens[2], &number).await.unwrap();
    assert_eq!(decide(&s, &tokens[2], a2, true, "").await.status(), 200);
    let v = view(&s, &daniel, &number).await;
    assert_eq!(v["stages"][0]["status"], "Approved");
    assert_eq!(v["stages"][1]["status"], "Waiting");

    // Stage 2, "any": both directors answer at the same moment; exactly one decides.
    let b0 = approval_for(&s, &tokens[0], &number).await.unwrap();
    let b2 = approval_for(&s, &tokens[2], &number).await.unwrap();
    let (r0, r2) = tokio::join!(
        decide(&s, &tokens[0], b0, true, ""),
        decide(&s, &tokens[2], b2, true, "")
    );
    let mut codes = [r0.status().as_u16(), r2.status().as_u16()];
    codes.sort();
    assert_eq!(codes, [200, 409]);
    let v = view(&s, &daniel, &number).await;
    assert_eq!(v["approval"], "approved");
    let decided: Vec<&str> = v["stages"][1]["approvers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["decision"].as_str().unwrap())
        .collect();
    let mut decided = decided;
    decided.sort();
    assert_eq!(decided, ["approved", "not_needed"]);
    // No tasks: the request waits for an agent, approved.
    assert_eq!(v["status"], "Approved, waiting to start");

    // Parallel tasks all start at once; the request resolves when the last one closes.
    let (priya, _) = s.sign_in("priya.shah").await;
    let res = order(&s, &priya, "new-starter", json!({})).await;
    assert_eq!(res.status(), 404, "new starter is for HR only");
    let (isabel, _) = s.sign_in("isabel.costa").await;
    let noah = user_id(&s, &alex, "noah.fischer").await;
    let res = order(
        &s,
        &isabel,
        "new-starter",
        json!({
            "full_name": {"type": "text", "value": "Ada Lovelace"},
            "start_date": {"type": "date", "value": date_in(14)},
            "department": {"type": "choice", "value": "Engineering"},
            "manager": {"type": "user", "value": noah},
            "laptop": {"type": "choice", "value": "Developer laptop"},
            "github": {"type": "text", "value": "ada-l"}
        }),
    )
    .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let number = json_of(res).await["number"].as_str().unwrap().to_string();
    let v = view(&s, &isabel, &number).await;
    assert!(
        v["answers"].to_string().contains("Noah Fischer"),
        "people are named"
    );
    let (emma, _) = s.sign_in("emma.dubois").await;
    let a = approval_for(&s, &emma, &number).await.unwrap();
    assert_eq!(decide(&s, &emma, a, true, "").await.status(), 200);
    let v = view(&s, &priya, &number).await;
    let tasks: Vec<String> = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(tasks.len(), 3, "parallel: all three at once");
    for (i, t) in tasks.iter().enumerate() {
        assert_eq!(
            view(&s, &isabel, &number).await["state"],
            "in_progress",
            "before task {i}"
        );
        resolve_task(&s, &priya, t).await;
    }
    assert_eq!(view(&s, &isabel, &number).await["state"], "resolved");
}

async fn user_ids(s: &TestServer, admin: &str, names: &[&str]) -> Vec<i64> {
    let mut out = Vec::new();
    for n in names {
        out.push(user_id(s, admin, n).await);
    }
    out
}

async fn rejection_and_withdrawal_end_the_request(b: Backend) {
    let s = TestServer::start(b).await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let (samuel, _) = s.sign_in("samuel.adeyemi").await;
    let laptop = json!({
        "model": {"type": "choice", "value": "16\" larger screen"},
        "needed_by": {"type": "date", "value": date_in(5)},
        "keyboard_layout": {"type": "choice", "value": "English (UK)"}
    });
    // A date too soon is refused with the rule in words.
    let mut early = laptop.clone();
    early["needed_by"] = json!({"type": "date", "value": date_in(1)});
    let res = order(&s, &daniel, "standard-laptop", early).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        field_message(&json_of(res).await, "needed_by"),
        Some("Choose a day at least 3 days from today.")
    );

    let number =
        json_of(order(&s, &daniel, "standard-laptop", laptop.clone()).await).await["number"]
            .as_str()
            .unwrap()
            .to_string();
    let a = approval_for(&s, &samuel, &number).await.unwrap();
    assert_eq!(
        decide(&s, &samuel, a, false, "Your laptop is only two years old.")
            .await
            .status(),
        200
    );
    let v = view(&s, &daniel, &number).await;
    assert_eq!(v["status"], "Rejected");
    assert_eq!(v["state"], "cancelled");
    assert_eq!(v["rejection"], "Your laptop is only two years old.");
    assert!(
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["number"].is_null()),
        "nothing was started"
    );

    // Rejected at the first of two stages: the later stage is not left waiting for a decision
    // that will never matter.
    let (mia, _) = s.sign_in("mia.johansson").await;
    let (noah, _) = s.sign_in("noah.fischer").await;
    let res = order(
        &s,
        &mia,
        "developer-laptop",
        json!({
            "model": {"type": "choice", "value": "16\" workstation (Linux)"},
            "gpu": {"type": "bool", "value": false}
        }),
    )
    .await;
    assert_eq!(res.status(), 201);
    let two_stages = json_of(res).await["number"].as_str().unwrap().to_string();
    let a = approval_for(&s, &noah, &two_stages).await.unwrap();
    assert_eq!(
        decide(&s, &noah, a, false, "Not this year.").await.status(),
        200
    );
    let v = view(&s, &mia, &two_stages).await;
    assert_eq!(v["status"], "Rejected");
    assert!(
        v["stages"].as_array().unwrap().len() > 1,
        "a multi-stage item"
    );
    let pending: Vec<&Value> = v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|st| st["approvers"].as_array().unwrap())
        .filter(|a| a["decision"] == "pending")
        .collect();
    assert!(pending.is_empty(), "{pending:?}");

    // Withdrawn by the requester: it leaves the approver's inbox and cannot be decided.
    let number = json_of(order(&s, &daniel, "standard-laptop", laptop).await).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let a = approval_for(&s, &samuel, &number).await.unwrap();
    let t = json_of(s.get(&format!("/api/v1/tickets/{number}"), &daniel).await).await;
    let version = t["card"]["version"].as_i64().unwrap();
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/tickets/{number}/transitions"),
            &daniel,
            json!({"version": version, "to": "cancelled"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(approval_for(&s, &samuel, &number).await.is_none());
    assert_eq!(decide(&s, &samuel, a, true, "").await.status(), 409);
    assert_eq!(view(&s, &daniel, &number).await["status"], "Withdrawn");

    // Someone who is neither requester, approver nor agent cannot read it.
    let (grace, _) = s.sign_in("grace.kim").await;
    assert_eq!(
        s.get(&format!("/api/v1/catalog/requests/{number}"), &grace)
            .await
            .status(),
        404
    );
    // A requester with no manager on record is told so, and nothing is created.
    let (chloe, _) = s.sign_in("chloe.martin").await;
    let res = order(
        &s,
        &chloe,
        "vpn-access",
        json!({"device": {"type": "choice", "value": "Company laptop"}}),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        field_message(&json_of(res).await, "request")
            .unwrap()
            .contains("no manager is on record")
    );
}

async fn catalog_admin_drafts_versions_export_import(b: Backend) {
    let s = TestServer::start(b).await;
    let (kenji, _) = s.sign_in("kenji.watanabe").await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let cats = json_of(s.get("/api/v1/catalog/admin/categories", &kenji).await).await;
    let category = cats[0]["id"].as_i64().unwrap();

    // A draft may be incomplete; publishing lists everything that blocks it.
    let res = s
        .send_json(Method::POST, "/api/v1/catalog/admin/items", &kenji, json!({
            "slug": "ergonomic-chair", "category": category,
            "definition": {"name": "Ergonomic chair", "summary": "", "icon": "rocket",
                "form": {"fields": [{"key": "Height", "label": "", "kind": {"type": "number", "min": 200, "max": 100, "integer": true}}]}}
        }))
        .await;
    assert_eq!(res.status(), 201);
    let ed = json_of(res).await;
    let id = ed["id"].as_i64().unwrap();
    assert_eq!(ed["draft_version"], 1);
    assert!(ed["live_version"].is_null());
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/catalog/admin/items/{id}/publish"),
            &kenji,
            json!({"version": ed["version"]}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = json_of(res).await;
    for f in [
        "summary",
        "icon",
        "form.0.key",
        "form.0.label",
        "form.0.max",
    ] {
        assert!(field_message(&body, f).is_some(), "{f}: {body}");
    }
    // Not published: invisible to requesters.
    assert_eq!(
        s.get("/api/v1/catalog/items/ergonomic-chair", &daniel)
            .await
            .status(),
        404
    );

    let definition = json!({"name": "Ergonomic chair", "summary": "A chair that fits you.", "icon": "chair",
        "keywords": ["seat"],
        "form": {"fields": [{"key": "height_cm", "label": "Your height (cm)", "required": true,
            "kind": {"type": "number", "min": 140, "max": 210, "integer": true}}]}});
    let stale = s
        .send_json(Method::PUT, &format!("/api/v1/catalog/admin/items/{id}"), &kenji, json!({
            "version": ed["version"].as_i64().unwrap() - 1, "slug": "ergonomic-chair", "category": category, "definition": definition
        }))
        .await;
    assert_eq!(stale.status(), 409, "a save over a newer save is refused");
    let res = s
        .send_json(Method::PUT, &format!("/api/v1/catalog/admin/items/{id}"), &kenji, json!({
            "version": ed["version"], "slug": "ergonomic-chair", "category": category, "definition": definition
        }))
        .await;
    assert_eq!(res.status(), 200);
    let saved = json_of(res).await;
    // Publishing, retiring and discarding from a stale read are refused too, checked in SQL.
    for (method, path, body) in [
        (
            Method::POST,
            format!("/api/v1/catalog/admin/items/{id}/publish"),
            json!({"version": ed["version"]}),
        ),
        (
            Method::POST,
            format!("/api/v1/catalog/admin/items/{id}/retire"),
            json!({"retired": true, "version": ed["version"]}),
        ),
        (
            Method::DELETE,
            format!(
                "/api/v1/catalog/admin/items/{id}/draft?version={}",
                ed["version"]
            ),
            json!({}),
        ),
    ] {
        let res = s.send_json(method, &path, &kenji, body).await;
        assert_eq!(res.status(), 409, "{path}");
    }
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/catalog/admin/items/{id}/publish"),
            &kenji,
            json!({"version": saved["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let published = json_of(res).await;
    let page = json_of(
        s.get("/api/v1/catalog/items/ergonomic-chair", &daniel)
            .await,
    )
    .await;
    assert_eq!(page["version"], 1);
    let found = json_of(s.get("/api/v1/catalog/items?q=seat", &daniel).await).await;
    assert_eq!(
        found["items"][0]["slug"], "ergonomic-chair",
        "search sees the published item at once"
    );

    // Export, then import under another address: a new item with a draft.
    let res = s
        .get(&format!("/api/v1/catalog/admin/items/{id}/export"), &kenji)
        .await;
    assert_eq!(res.status(), 200);
    let mut doc = json_of(res).await;
    assert_eq!(doc["format"], "beacon.catalog-item/1");
    doc["slug"] = json!("ergonomic-chair-xl");
    doc["definition"]["name"] = json!("Ergonomic chair XL");
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/catalog/admin/import",
            &kenji,
            doc.clone(),
        )
        .await;
    assert_eq!(res.status(), 200);
    let imported = json_of(res).await;
    assert_eq!(imported["slug"], "ergonomic-chair-xl");
    assert_eq!(imported["draft_version"], 1);
    // A document naming a group that does not exist here is refused with the name.
    let mut bad = doc.clone();
    bad["definition"]["fulfilment_group"] = json!(999);
    bad["references"]["groups"] = json!([[999, "Flying Squad"]]);
    let res = s
        .send_json(Method::POST, "/api/v1/catalog/admin/import", &kenji, bad)
        .await;
    assert_eq!(res.status(), 422);
    assert!(json_of(res).await.to_string().contains("Flying Squad"));
    // A group id the references do not name is refused, not kept pointing at a local group.
    let mut unnamed = doc.clone();
    unnamed["definition"]["fulfilment_group"] = json!(1);
    unnamed["references"]["groups"] = json!([]);
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/catalog/admin/import",
            &kenji,
            unnamed,
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        json_of(res).await.to_string().contains("group #1"),
        "the message names the reference"
    );

    // Exported demo items carry their groups by name.
    let items = json_of(s.get("/api/v1/catalog/admin/items?q=laptop", &kenji).await).await;
    assert_eq!(
        items["total"], 3,
        "standard, developer, and admin rights on my laptop"
    );
    let two = json_of(s.get("/api/v1/catalog/admin/items?limit=2", &kenji).await).await;
    assert_eq!(two["items"].as_array().unwrap().len(), 2);
    assert!(
        two["total"].as_i64().unwrap() >= 33,
        "every item counted: {}",
        two["total"]
    );
    let laptop = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "standard-laptop")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let doc = json_of(
        s.get(
            &format!("/api/v1/catalog/admin/items/{laptop}/export"),
            &kenji,
        )
        .await,
    )
    .await;
    assert!(
        doc["references"]["groups"]
            .to_string()
            .contains("Desktop Support")
    );

    // Retiring hides the item; its requests stay.
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/catalog/admin/items/{id}/retire"),
            &kenji,
            json!({"retired": true, "version": published["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        s.get("/api/v1/catalog/items/ergonomic-chair", &daniel)
            .await
            .status(),
        404
    );

    // Requesters and agents cannot administer.
    let (priya, _) = s.sign_in("priya.shah").await;
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/catalog/admin/items/{id}/publish"),
            &priya,
            json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status(), 403);
}

async fn search_forgives_typos(b: Backend) {
    let s = TestServer::start(b).await;
    let (daniel, _) = s.sign_in("daniel.novak").await;
    let table = [
        ("laptp", "standard-laptop"),
        ("vpn", "vpn-access"),
        ("smartfone", "mobile-phone"),
        ("photoshop", "adobe-creative-cloud"),
        ("monitr", "external-monitor"),
    ];
    for (q, first) in table {
        let found = json_of(
            s.get(&format!("/api/v1/catalog/items?q={q}"), &daniel)
                .await,
        )
        .await;
        assert_eq!(found["items"][0]["slug"], first, "{q}: {found}");
    }
    let none = json_of(s.get("/api/v1/catalog/items?q=xylophone", &daniel).await).await;
    assert_eq!(none["total"], 0);
    let cat = json_of(
        s.get("/api/v1/catalog/items?category=mobile", &daniel)
            .await,
    )
    .await;
    assert_eq!(cat["total"], 3);
    assert_eq!(
        s.get("/api/v1/catalog/items?category=nope", &daniel)
            .await
            .status(),
        404
    );
}

/// Runs one SQL statement against the test server's database.
async fn execute(s: &TestServer, sql: &str) {
    use db::sea_orm::ConnectionTrait;
    s.services.db.execute_unprepared(sql).await.unwrap();
}

/// Stored data that does not parse is never skipped or papered over: the request page and "My
/// requests" answer 500 (logged) instead of showing a request with no answers or leaving it out,
/// and a task move whose catalog follow-up fails is not stored at all.
async fn damaged_data_is_surfaced_and_a_failed_follow_up_undoes_its_move(b: Backend) {
    let s = TestServer::start(b).await;
    let (mia, _) = s.sign_in("mia.johansson").await;
    let (priya, _) = s.sign_in("priya.shah").await;
    let res = order(&s, &mia, "docking-station", json!({})).await;
    assert_eq!(res.status(), 201);
    let number = json_of(res).await["number"].as_str().unwrap().to_string();
    // Requesters do not see task numbers: the agent's view names the task.
    let v = view(&s, &priya, &number).await;
    let task = v["tasks"][0]["number"].as_str().unwrap().to_string();
    let request_row = format!("(SELECT id FROM tickets WHERE number = '{number}')");

    // Unreadable answers: the request page is an error, not a request without answers.
    execute(
        &s,
        &format!(
            "UPDATE catalog_requests SET answers = 'not json' WHERE ticket_id = {request_row}"
        ),
    )
    .await;
    let res = s
        .get(&format!("/api/v1/catalog/requests/{number}"), &mia)
        .await;
    assert_eq!(res.status(), 500);
    let body = res.text().await.unwrap();
    assert!(
        !body.contains("not json") && !body.contains("expected"),
        "no internals: {body}"
    );
    execute(
        &s,
        &format!("UPDATE catalog_requests SET answers = '{{}}' WHERE ticket_id = {request_row}"),
    )
    .await;
    assert_eq!(
        s.get(&format!("/api/v1/catalog/requests/{number}"), &mia)
            .await
            .status(),
        200
    );

    // An unreadable item definition: "My requests" fails instead of leaving the request out ...
    let version_row =
        format!("(SELECT version_id FROM catalog_requests WHERE ticket_id = {request_row})");
    let saved: Value = {
        use db::sea_orm::{ConnectionTrait, Statement};
        let row = s
            .services
            .db
            .query_one(Statement::from_string(
                s.services.db.get_database_backend(),
                format!("SELECT definition FROM catalog_item_versions WHERE id = {version_row}"),
            ))
            .await
            .unwrap()
            .unwrap();
        Value::String(row.try_get::<String>("", "definition").unwrap())
    };
    execute(
        &s,
        &format!("UPDATE catalog_item_versions SET definition = '{{' WHERE id = {version_row}"),
    )
    .await;
    assert_eq!(s.get("/api/v1/catalog/requests", &mia).await.status(), 500);

    // ... and finishing the task, whose follow-up needs the definition, is refused whole: the task
    // stays open and the request is not resolved behind the agent's back.
    let t = json_of(s.get(&format!("/api/v1/tickets/{task}"), &priya).await).await;
    let before = t["card"]["version"].as_i64().unwrap();
    let state_before = t["card"]["state"].clone();
    assert!(
        state_before == "new" || state_before == "in_progress",
        "{state_before}"
    );
    let res = s
        .send_json(
            Method::POST,
            &format!("/api/v1/tickets/{task}/transitions"),
            &priya,
            json!({"version": before, "to": "resolved", "resolution_code": "fulfilled", "resolution_notes": "Done."}),
        )
        .await;
    assert_eq!(res.status(), 500);
    let t = json_of(s.get(&format!("/api/v1/tickets/{task}"), &priya).await).await;
    assert_eq!(t["card"]["state"], state_before, "the move was rolled back");
    assert_eq!(t["card"]["version"].as_i64().unwrap(), before);

    // Repaired, the same move goes through and resolves the request.
    let definition = saved.as_str().unwrap().replace('\'', "''");
    execute(
        &s,
        &format!(
            "UPDATE catalog_item_versions SET definition = '{definition}' WHERE id = {version_row}"
        ),
    )
    .await;
    resolve_task(&s, &priya, &task).await;
    assert_eq!(view(&s, &mia, &number).await["state"], "resolved");
}
