//! One path for every change of a ticket's state, on SQLite and PostgreSQL: a hook registered by
//! an area (as the catalog registers its fulfilment) sees a person's move, a requester's reply
//! and the catalog's own changes, each inside the transaction of the change — a hook that fails
//! undoes the change whole.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestServer};
use db::entities::ticket;
use domain::Actor;
use domain::tickets::{HoldReason, NewComment, TicketCard, TicketState, TransitionRequest};
use reqwest::Method;
use serde_json::{Value, json};
use service::tickets::hooks::{ChangeScope, HookFuture, TicketHook};
use service::{ServiceError, Services};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

on_both_databases!(
    every_state_change_reaches_the_hooks,
    a_failing_hook_undoes_the_change
);

/// A requester's reply is never lost to a colleague's write at the same moment: on PostgreSQL a
/// reply reads the ticket without locking it, so another writer can store a new version between
/// the reply's read and its write. The reply is kept and the move back to work is made on what
/// the other writer stored. (SQLite takes the write lock when the transaction begins, so the
/// race cannot happen there.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_survives_a_concurrent_write() {
    use db::sea_orm::{ConnectionTrait, TransactionTrait};
    if common::postgres_skipped() {
        eprintln!("skipped on PostgreSQL: BEACON_TEST_POSTGRES=skip");
        return;
    }
    let s = TestServer::start(Backend::Postgres).await;
    let (agent, agent_token) = actor(&s, "priya.shah").await;
    let (mia, mia_token) = actor(&s, "mia.johansson").await;
    let number =
        waiting_for_caller(&s, &s.services, &mia_token, &agent, "Laptop fan is loud").await;

    // A colleague's write, holding the row until it commits.
    let colleague = s.services.db.begin().await.unwrap();
    colleague
        .execute_unprepared(&format!(
            "UPDATE tickets SET title = 'Laptop fan is very loud', version = version + 1 \
             WHERE number = '{number}'"
        ))
        .await
        .unwrap();
    let reply = {
        let services = s.services.clone();
        let number = number.clone();
        tokio::spawn(async move {
            service::tickets::comments::comment(
                &services,
                &mia,
                &number,
                NewComment {
                    body: "It is worse after the update.".into(),
                    internal: false,
                },
            )
            .await
        })
    };
    // Wait until the reply has read the old version and waits for the row.
    loop {
        let waiting = s
            .services
            .db
            .query_one(db::sea_orm::Statement::from_string(
                db::sea_orm::DatabaseBackend::Postgres,
                "SELECT count(*) AS n FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if waiting > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    colleague.commit().await.unwrap();
    let stored = reply.await.unwrap();
    assert!(stored.is_ok(), "the reply was refused: {stored:?}");

    let page = json_of(
        s.get(&format!("/api/v1/tickets/{number}"), &agent_token)
            .await,
    )
    .await;
    assert_eq!(
        page["card"]["title"], "Laptop fan is very loud",
        "the colleague's write stands"
    );
    assert_eq!(
        page["card"]["state"], "in_progress",
        "the reply moved it back to work"
    );
    assert_eq!(
        page["card"]["version"], 4,
        "created, held, edited, answered"
    );
    let bodies: Vec<&str> = page["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["body"].as_str())
        .collect();
    assert_eq!(bodies, ["It is worse after the update."]);
}

/// Records every state change it is told of; refuses moves into `refuse`.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<(String, String)>>,
    refuse: Option<&'static str>,
}

impl Recorder {
    fn seen(&self) -> Vec<(String, String)> {
        self.seen.lock().unwrap().clone()
    }
}

impl TicketHook for Recorder {
    fn moved<'a>(
        &'a self,
        _scope: &'a ChangeScope<'a>,
        moved: &'a ticket::Model,
    ) -> HookFuture<'a, Vec<domain::tickets::TicketEvent>> {
        Box::pin(async move {
            if self.refuse == Some(moved.state.as_str()) {
                return Err(ServiceError::Conflict("Refused by the test's hook.".into()));
            }
            self.seen
                .lock()
                .unwrap()
                .push((moved.number.clone(), moved.state.clone()));
            Ok(Vec::new())
        })
    }

    fn requester_statuses<'a>(
        &'a self,
        _db: &'a db::sea_orm::DatabaseConnection,
        _cards: &'a [TicketCard],
    ) -> HookFuture<'a, HashMap<i64, &'static str>> {
        Box::pin(async { Ok(HashMap::new()) })
    }
}

/// The test server's services with `hook` registered after the catalog's.
fn with_hook(s: &TestServer, hook: Arc<Recorder>) -> Services {
    let mut services = s.services.clone();
    services.hooks = services.hooks.clone().with(hook);
    services
}

async fn actor(s: &TestServer, username: &str) -> (Actor, String) {
    let (token, _) = s.sign_in(username).await;
    let a = service::auth::authenticate(&s.services, &token)
        .await
        .unwrap();
    (a.actor, token)
}

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

async fn card(s: &TestServer, token: &str, number: &str) -> Value {
    json_of(s.get(&format!("/api/v1/tickets/{number}"), token).await).await["card"].clone()
}

/// A new incident raised by the requester (`token`), put on hold by `agent` awaiting the caller.
async fn waiting_for_caller(
    s: &TestServer,
    services: &Services,
    token: &str,
    agent: &Actor,
    title: &str,
) -> String {
    let raised = s
        .send_json(
            Method::POST,
            "/api/v1/tickets",
            token,
            json!({"kind": "incident", "title": title, "impact": 3, "urgency": 2}),
        )
        .await;
    let number = json_of(raised).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let mut hold = TransitionRequest::to(1, TicketState::OnHold);
    hold.hold_reason = Some(HoldReason::AwaitingCaller);
    service::tickets::commands::transition(services, agent, &number, hold)
        .await
        .unwrap();
    number
}

async fn every_state_change_reaches_the_hooks(b: Backend) {
    let s = TestServer::start(b).await;
    let hook = Arc::new(Recorder::default());
    let services = with_hook(&s, hook.clone());
    let (agent, agent_token) = actor(&s, "priya.shah").await;
    let (mia, mia_token) = actor(&s, "mia.johansson").await;

    // A person's move, then the requester's reply to a ticket waiting for them.
    let number =
        waiting_for_caller(&s, &services, &mia_token, &agent, "VPN drops every hour").await;
    assert_eq!(hook.seen(), [(number.clone(), "on_hold".to_string())]);
    service::tickets::comments::comment(
        &services,
        &mia,
        &number,
        NewComment {
            body: "It happened again at 10:02.".into(),
            internal: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        hook.seen().last().unwrap(),
        &(number.clone(), "in_progress".to_string())
    );
    let c = card(&s, &agent_token, &number).await;
    assert_eq!(c["state"], "in_progress");
    assert_eq!(c["hold_reason"], Value::Null);
    assert_eq!(c["version"], 3, "created, held, answered");
    // A reply nobody waits on changes no state and tells no hook.
    let before = hook.seen().len();
    service::tickets::comments::comment(
        &services,
        &mia,
        &number,
        NewComment {
            body: "Still happening.".into(),
            internal: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(hook.seen().len(), before);

    // The catalog's own change: the last task resolved resolves its request, through the same
    // path, so the hook hears of both.
    let ordered = s
        .send_json(
            Method::POST,
            "/api/v1/catalog/items/docking-station/requests",
            &mia_token,
            json!({"answers": {}}),
        )
        .await;
    let request = json_of(ordered).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let view = json_of(
        s.get(&format!("/api/v1/catalog/requests/{request}"), &agent_token)
            .await,
    )
    .await;
    let task = view["tasks"][0]["number"].as_str().unwrap().to_string();
    let version = card(&s, &agent_token, &task).await["version"]
        .as_i64()
        .unwrap();
    let mut done = TransitionRequest::to(i32::try_from(version).unwrap(), TicketState::Resolved);
    done.resolution_code = Some(domain::tickets::ResolutionCode::Fulfilled);
    done.resolution_notes = Some("Delivered to desk 4.12.".into());
    service::tickets::commands::transition(&services, &agent, &task, done)
        .await
        .unwrap();
    // Hooks run in registration order: the catalog's, which resolves the request (telling this
    // hook first), then this one about the task.
    let seen = hook.seen();
    let tail = &seen[seen.len() - 2..];
    assert_eq!(
        tail,
        [
            (request.clone(), "resolved".to_string()),
            (task.clone(), "resolved".to_string())
        ]
    );
    let r = json_of(
        s.get(&format!("/api/v1/tickets/{request}"), &agent_token)
            .await,
    )
    .await;
    assert_eq!(r["card"]["state"], "resolved");
    assert_eq!(r["resolution_code"], "fulfilled");
}

async fn a_failing_hook_undoes_the_change(b: Backend) {
    let s = TestServer::start(b).await;
    let hook = Arc::new(Recorder {
        refuse: Some("on_hold"),
        ..Recorder::default()
    });
    let services = with_hook(&s, hook.clone());
    let (agent, agent_token) = actor(&s, "priya.shah").await;
    let raised = s
        .send_json(
            Method::POST,
            "/api/v1/tickets",
            &agent_token,
            json!({"kind": "incident", "title": "Printer on 3rd floor jams", "impact": 3, "urgency": 3}),
        )
        .await;
    let number = json_of(raised).await["number"]
        .as_str()
        .unwrap()
        .to_string();
    let activity_before = json_of(
        s.get(&format!("/api/v1/tickets/{number}"), &agent_token)
            .await,
    )
    .await["activity"]
        .as_array()
        .map_or(0, Vec::len);
    let mut hold = TransitionRequest::to(1, TicketState::OnHold);
    hold.hold_reason = Some(HoldReason::AwaitingVendor);
    let refused = service::tickets::commands::transition(&services, &agent, &number, hold).await;
    assert!(
        matches!(refused, Err(ServiceError::Conflict(_))),
        "{refused:?}"
    );
    let page = json_of(
        s.get(&format!("/api/v1/tickets/{number}"), &agent_token)
            .await,
    )
    .await;
    assert_eq!(page["card"]["state"], "new", "the move was rolled back");
    assert_eq!(page["card"]["version"], 1);
    assert_eq!(
        page["activity"].as_array().map_or(0, Vec::len),
        activity_before,
        "no audit line of a change that did not happen"
    );
    // Another move, which the hook allows, goes through.
    service::tickets::commands::transition(
        &services,
        &agent,
        &number,
        TransitionRequest::to(1, TicketState::InProgress),
    )
    .await
    .unwrap();
    assert_eq!(
        card(&s, &agent_token, &number).await["state"],
        "in_progress"
    );
    assert_eq!(hook.seen(), [(number, "in_progress".to_string())]);
}
