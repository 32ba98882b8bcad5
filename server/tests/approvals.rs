//! The shared approval engine on SQLite and PostgreSQL, driven directly as the next areas (the
//! CAB's authorisation of changes) will drive it: stages in sequence, abstentions leaving the
//! count, concurrent decisions serialised so a stage is decided once, withdrawal, and the
//! migration that moved the catalog's approvals into the engine's tables (down and up again
//! keeps every decision).

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestServer};
use db::entities::{approval, approval_flow, user};
use db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use db::{Migrator, MigratorTrait};
use domain::approvals::{ApprovalRule, ApprovalStatus, Decision, NextStep, Subject};
use domain::{Actor, ApprovalId};
use reqwest::Method;
use serde_json::json;
use service::ServiceError;
use service::approvals as engine;

on_both_databases!(
    stages_abstentions_and_withdrawal,
    concurrent_decisions_decide_a_stage_once,
    the_move_into_the_engine_keeps_every_decision,
);

async fn actor(s: &TestServer, username: &str) -> Actor {
    let (token, _) = s.sign_in(username).await;
    service::auth::authenticate(&s.services, &token)
        .await
        .unwrap()
        .actor
}

async fn user_id(s: &TestServer, username: &str) -> i64 {
    user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(&s.services.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A new ticket to approve (any record of a known kind will do).
async fn new_record(s: &TestServer, title: &str) -> Subject {
    let (token, _) = s.sign_in("priya.shah").await;
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/tickets",
            &token,
            json!({"kind": "problem", "title": title, "impact": 2, "urgency": 2}),
        )
        .await;
    assert!(res.status().is_success());
    let number = res.json::<serde_json::Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let id = db::entities::ticket::Entity::find()
        .filter(db::entities::ticket::Column::Number.eq(number))
        .one(&s.services.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    Subject::ticket(id)
}

async fn start(s: &TestServer, subject: Subject, stages: &[Vec<i64>]) -> ApprovalStatus {
    let txn = service::database::begin_write(&s.services.db)
        .await
        .unwrap();
    let status = engine::start(&txn, subject, stages, service::now())
        .await
        .unwrap();
    txn.commit().await.unwrap();
    status
}

/// The approval the actor is awaited on for this record, if any.
async fn awaited_on(s: &TestServer, who: &Actor, subject: Subject) -> Option<ApprovalId> {
    engine::awaited(&s.services.db, who)
        .await
        .unwrap()
        .into_iter()
        .find(|(_, on)| *on == subject)
        .map(|(a, _)| ApprovalId(a.id))
}

async fn decide(
    s: &TestServer,
    who: &Actor,
    id: ApprovalId,
    rules: &[ApprovalRule],
    decision: Decision,
) -> Result<NextStep, ServiceError> {
    let txn = service::database::begin_write(&s.services.db).await?;
    let pending = engine::take(&txn, who, id).await?;
    let step = engine::decide(&txn, &pending, rules, decision, None, service::now()).await?;
    txn.commit().await?;
    Ok(step)
}

async fn stages_abstentions_and_withdrawal(b: Backend) {
    let s = TestServer::start(b).await;
    let names = ["omar.haddad", "hannah.weber", "lina.okafor", "noah.fischer"];
    let mut people = Vec::new();
    let mut ids = Vec::new();
    for n in names {
        people.push(actor(&s, n).await);
        ids.push(user_id(&s, n).await);
    }
    let [board_a, board_b, board_c, manager] = &people[..] else {
        unreachable!()
    };
    // A CAB-like plan: a majority of a board of three, then one manager.
    let rules = [ApprovalRule::Majority, ApprovalRule::Any];
    let subject = new_record(&s, "Replace the core switch").await;
    let stages = vec![ids[..3].to_vec(), vec![ids[3]]];
    assert_eq!(start(&s, subject, &stages).await, ApprovalStatus::Pending);
    assert!(
        awaited_on(&s, manager, subject).await.is_none(),
        "a later stage is not asked yet"
    );

    // One abstains: the majority is now of the two others, so one approval is not enough…
    let a = awaited_on(&s, board_a, subject).await.unwrap();
    let step = decide(&s, board_a, a, &rules, Decision::Abstained).await;
    assert_eq!(step.unwrap(), NextStep::Wait);
    let b_id = awaited_on(&s, board_b, subject).await.unwrap();
    assert_eq!(
        decide(&s, board_b, b_id, &rules, Decision::Approved)
            .await
            .unwrap(),
        NextStep::Wait
    );
    // …and the second approval decides the stage.
    let c = awaited_on(&s, board_c, subject).await.unwrap();
    assert_eq!(
        decide(&s, board_c, c, &rules, Decision::Approved)
            .await
            .unwrap(),
        NextStep::StartStage(1)
    );
    let flow = engine::flow(&s.services.db, subject)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((flow.status, flow.stage), (ApprovalStatus::Pending, 1));
    // A decision already made cannot be made again.
    let again = decide(&s, board_a, a, &rules, Decision::Approved).await;
    assert!(matches!(again, Err(ServiceError::Conflict(_))), "{again:?}");
    // Someone else's approval is nobody else's to decide.
    let m = awaited_on(&s, manager, subject).await.unwrap();
    let theirs = decide(&s, board_a, m, &rules, Decision::Approved).await;
    assert!(matches!(theirs, Err(ServiceError::NotFound)), "{theirs:?}");
    assert_eq!(
        decide(&s, manager, m, &rules, Decision::Approved)
            .await
            .unwrap(),
        NextStep::Approved
    );
    let flow = engine::flow(&s.services.db, subject)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(flow.status, ApprovalStatus::Approved);
    let decided: Vec<(i64, i32, Decision)> = engine::decisions(&s.services.db, subject)
        .await
        .unwrap()
        .into_iter()
        .map(|(a, d)| (a.approver_id, a.stage, d))
        .collect();
    assert_eq!(
        decided,
        [
            (ids[0], 0, Decision::Abstained),
            (ids[1], 0, Decision::Approved),
            (ids[2], 0, Decision::Approved),
            (ids[3], 1, Decision::Approved),
        ]
    );
    assert!(
        engine::is_approver(&s.services.db, subject, ids[3])
            .await
            .unwrap()
    );

    // A rejection ends it: later stages are never asked.
    let rejected = new_record(&s, "Open the firewall to the world").await;
    start(&s, rejected, &stages).await;
    for (who, decision) in [(board_a, Decision::Rejected), (board_b, Decision::Rejected)] {
        let id = awaited_on(&s, who, rejected).await.unwrap();
        decide(&s, who, id, &rules, decision).await.unwrap();
    }
    let flow = engine::flow(&s.services.db, rejected)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(flow.status, ApprovalStatus::Rejected);
    let left: Vec<Decision> = engine::decisions(&s.services.db, rejected)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(
        left,
        [
            Decision::Rejected,
            Decision::Rejected,
            Decision::NotNeeded,
            Decision::NotNeeded
        ]
    );
    assert!(awaited_on(&s, manager, rejected).await.is_none());

    // A withdrawn record asks nobody any more.
    let withdrawn = new_record(&s, "Upgrade the mail relay").await;
    start(&s, withdrawn, &stages).await;
    assert!(awaited_on(&s, board_c, withdrawn).await.is_some());
    let txn = service::database::begin_write(&s.services.db)
        .await
        .unwrap();
    engine::cancel(&txn, withdrawn).await.unwrap();
    txn.commit().await.unwrap();
    assert!(awaited_on(&s, board_c, withdrawn).await.is_none());

    // No stages: nothing to approve.
    let free = new_record(&s, "Rename a printer").await;
    assert_eq!(start(&s, free, &[]).await, ApprovalStatus::NotRequired);
}

async fn concurrent_decisions_decide_a_stage_once(b: Backend) {
    let s = TestServer::start(b).await;
    let a = actor(&s, "omar.haddad").await;
    let c = actor(&s, "hannah.weber").await;
    let ids = [
        user_id(&s, "omar.haddad").await,
        user_id(&s, "hannah.weber").await,
    ];
    let rules = [ApprovalRule::Any];
    for round in 0..5 {
        let subject = new_record(&s, &format!("Emergency patch {round}")).await;
        start(&s, subject, &[ids.to_vec()]).await;
        let first = awaited_on(&s, &a, subject).await.unwrap();
        let second = awaited_on(&s, &c, subject).await.unwrap();
        let (one, two) = tokio::join!(
            decide(&s, &a, first, &rules, Decision::Approved),
            decide(&s, &c, second, &rules, Decision::Rejected),
        );
        // Exactly one decided the stage; the other found it decided.
        let decided: Vec<NextStep> = [&one, &two]
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        assert_eq!(decided.len(), 1, "{one:?} {two:?}");
        assert!(
            [&one, &two]
                .iter()
                .any(|r| matches!(r, Err(ServiceError::Conflict(_)))),
            "{one:?} {two:?}"
        );
        let flow = engine::flow(&s.services.db, subject)
            .await
            .unwrap()
            .unwrap();
        let expected = match decided[0] {
            NextStep::Approved => ApprovalStatus::Approved,
            NextStep::Rejected => ApprovalStatus::Rejected,
            other => panic!("an any-rule stage of one decision: {other:?}"),
        };
        assert_eq!(flow.status, expected);
    }
}

/// Every row of both engine tables, in a comparable form.
async fn engine_rows(s: &TestServer) -> (Vec<String>, Vec<String>) {
    let approvals = approval::Entity::find()
        .order_by_asc(approval::Column::Id)
        .all(&s.services.db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| {
            format!(
                "{} {} {} {} {} {} {:?}",
                a.id, a.record_kind, a.record_id, a.stage, a.approver_id, a.decision, a.comment
            )
        })
        .collect();
    let flows = approval_flow::Entity::find()
        .order_by_asc(approval_flow::Column::RecordId)
        .all(&s.services.db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| format!("{} {} {} {}", f.record_kind, f.record_id, f.status, f.stage))
        .collect();
    (approvals, flows)
}

async fn the_move_into_the_engine_keeps_every_decision(b: Backend) {
    let s = TestServer::start(b).await;
    // The demo's catalog requests carry approvals in every state.
    let before = engine_rows(&s).await;
    assert!(before.0.len() >= 4, "{:?}", before.0);
    for status in [" pending ", " rejected ", " not_required "] {
        assert!(before.1.iter().any(|f| f.contains(status)), "{status}");
    }
    Migrator::down(&s.services.db, Some(1)).await.unwrap();
    Migrator::up(&s.services.db, None).await.unwrap();
    assert_eq!(engine_rows(&s).await, before);
    // And the catalog still reads them: the approvals inbox of a demo approver.
    let (token, _) = s.sign_in("hannah.weber").await;
    let inbox = s.get("/api/v1/approvals", &token).await;
    assert!(inbox.status().is_success(), "{}", inbox.status());
    // New ids continue after the moved ones.
    let subject = new_record(&s, "After the move").await;
    start(&s, subject, &[vec![user_id(&s, "omar.haddad").await]]).await;
    let newest = engine_rows(&s).await.0;
    assert_eq!(newest.len(), before.0.len() + 1);
}
