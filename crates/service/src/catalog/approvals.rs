//! Approvals of catalog requests, through the shared engine ([`crate::approvals`]): an approver
//! approves or rejects with a comment; the stage's rule decides when the stage is over; the next
//! stage is asked, or fulfilment starts, or the request ends rejected with the reason shown to
//! the requester. Every decision is an audit line on the request.
//!
//! Two approvers deciding at the same moment queue on the engine's lock of the request's flow,
//! so a stage is decided exactly once.

use super::definition;
use super::fulfilment::advance;
use super::requests::{answer_lines, answer_people, parse_answers};
use crate::Services;
use crate::approvals::{self as engine, no_longer_awaited};
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::cards::Names;
use crate::tickets::hooks::ChangeScope;
use crate::tickets::store::audit;
use crate::users::require;
use chrono::Duration;
use db::entities::{catalog_item_version, catalog_request, ticket};
use domain::approvals::NextStep;
use domain::catalog::{ApprovalRule, ApprovalTask, Decision, DecisionRequest};
use domain::events::RecordKind;
use domain::tickets::board::ChangeKind;
use domain::tickets::change::StateChange;
use domain::{Actor, ApprovalId, Capability};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use std::collections::HashMap;

/// Longest comment an approver may leave.
const MAX_COMMENT: usize = 2000;

/// The requests waiting for the actor's decision now, oldest first.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn inbox(s: &Services, actor: &Actor) -> ServiceResult<Vec<ApprovalTask>> {
    require(actor, Capability::UseSelfService)?;
    let mine: Vec<_> = engine::awaited(&s.db, actor)
        .await?
        .into_iter()
        .filter(|(_, subject)| subject.kind == RecordKind::Ticket)
        .map(|(a, _)| a)
        .collect();
    let ids: Vec<i64> = mine.iter().map(|a| a.record_id).collect();
    let requests: HashMap<i64, catalog_request::Model> = catalog_request::Entity::find()
        .filter(catalog_request::Column::TicketId.is_in(ids.clone()))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|r| (r.ticket_id, r))
        .collect();
    let mut tickets: HashMap<i64, ticket::Model> = HashMap::new();
    for t in ticket::Entity::find()
        .filter(ticket::Column::Id.is_in(ids))
        .all(&s.db)
        .await?
    {
        if crate::tickets::state_of(&t)?.is_open() {
            tickets.insert(t.id, t);
        }
    }
    let version_ids: Vec<i64> = requests.values().map(|r| r.version_id).collect();
    let versions: HashMap<i64, catalog_item_version::Model> = catalog_item_version::Entity::find()
        .filter(catalog_item_version::Column::Id.is_in(version_ids))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut people: Vec<i64> = tickets.values().map(|t| t.requester_id).collect();
    let answers: HashMap<i64, domain::catalog::Answers> = requests
        .values()
        .map(|r| parse_answers(r).map(|a| (r.ticket_id, a)))
        .collect::<ServiceResult<_>>()?;
    for a in answers.values() {
        people.extend(answer_people(a));
    }
    let names = Names::load(&s.db, people, vec![]).await?;
    let mut out = Vec::new();
    for a in &mine {
        let (Some(cr), Some(t)) = (requests.get(&a.record_id), tickets.get(&a.record_id)) else {
            continue;
        };
        let Some(v) = versions.get(&cr.version_id) else {
            continue;
        };
        let def = definition(v)?;
        out.push(ApprovalTask {
            approval: ApprovalId(a.id),
            number: t.number.clone(),
            item: def.name.clone(),
            icon: def.icon.clone(),
            requester: names.person(t.requester_id),
            stage: def
                .approvals
                .get(a.stage as usize)
                .map(|st| st.name.clone())
                .unwrap_or_default(),
            submitted_at: t.opened_at,
            cost: def.cost.as_ref().map(|c| c.display()),
            answers: answers
                .get(&a.record_id)
                .map(|ans| answer_lines(&def, ans, &names))
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Records the actor's decision and moves the request on as the stage's rule says.
#[tracing::instrument(skip(s, actor, req), fields(actor = %actor.username, approve = req.approve), err(level = "info"))]
pub async fn decide(
    s: &Services,
    actor: &Actor,
    id: ApprovalId,
    req: DecisionRequest,
) -> ServiceResult<String> {
    require(actor, Capability::UseSelfService)?;
    let comment = req.comment.trim().to_string();
    if !req.approve && comment.is_empty() {
        return Err(ServiceError::field(
            "comment",
            "Say why you reject the request: the requester will read it.",
        ));
    }
    if comment.chars().count() > MAX_COMMENT {
        return Err(ServiceError::field(
            "comment",
            format!("Keep the comment under {MAX_COMMENT} characters."),
        ));
    }
    let now = crate::now();
    let txn = crate::database::begin_write(&s.db).await?;
    let pending = engine::take(&txn, actor, id).await?;
    if pending.subject.kind != RecordKind::Ticket {
        return Err(ServiceError::NotFound);
    }
    let request = ticket::Entity::find_by_id(pending.subject.id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !crate::tickets::state_of(&request)?.is_open() {
        return Err(no_longer_awaited(RecordKind::Ticket));
    }
    let cr = catalog_request::Entity::find_by_id(request.id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let version = catalog_item_version::Entity::find_by_id(cr.version_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Internal)?;
    let def = definition(&version)?;
    let stage = def
        .approvals
        .get(pending.stage)
        .ok_or(ServiceError::Internal)?;
    let decision = if req.approve {
        Decision::Approved
    } else {
        Decision::Rejected
    };
    let rules: Vec<ApprovalRule> = def.approvals.iter().map(|st| st.rule).collect();
    let step = engine::decide(
        &txn,
        &pending,
        &rules,
        decision,
        (!comment.is_empty()).then(|| comment.clone()),
        now,
    )
    .await?;
    let said = if comment.is_empty() {
        String::new()
    } else {
        format!(": {comment}")
    };
    let mut lines = vec![(
        "approval".to_string(),
        None,
        Some(format!(
            "{} by {} ({}){said}",
            decision.label(),
            actor.display_name,
            stage.name
        )),
    )];
    let mut start_fulfilment = false;
    let mut rejection = None;
    match step {
        NextStep::Wait => {}
        NextStep::StartStage(next) => {
            if let Some(st) = def.approvals.get(next) {
                lines.push((
                    "approval".into(),
                    None,
                    Some(format!("Waiting for {}", st.name)),
                ));
            }
        }
        NextStep::Approved => {
            let mut cam = cr.clone().into_active_model();
            cam.expected_by = Set(def
                .delivery_days
                .map(|d| now.date_naive() + Duration::days(i64::from(d))));
            cam.update(&txn).await?;
            lines.push(("approval".into(), None, Some("Approved".into())));
            start_fulfilment = true;
        }
        NextStep::Rejected => {
            let mut cam = cr.clone().into_active_model();
            cam.rejection = Set(Some(comment.clone()));
            cam.update(&txn).await?;
            lines.push(("approval".into(), None, Some("Rejected".into())));
            rejection = Some(StateChange::Withdrawn {
                reason: format!(
                    "Rejected by {} ({}): {comment}",
                    actor.display_name, stage.name
                ),
            });
        }
    }
    audit(&txn, request.id, actor, now, lines).await?;
    let events = {
        let scope = ChangeScope::new(s, &txn, actor, now);
        // The request's version moves with every decision, so open pages hear of it.
        let changed = match rejection {
            Some(withdrawn) => scope.change_state(&request, withdrawn).await?,
            None => None,
        };
        let (request, mut events) = match changed {
            Some(done) => done,
            None => {
                scope
                    .store(&request, request.clone(), ChangeKind::Updated)
                    .await?
            }
        };
        if start_fulfilment {
            let (_, more) = advance(&scope, request, &def).await?;
            events.extend(more);
        }
        events
    };
    txn.commit().await?;
    for ev in events {
        s.events.publish(ev);
    }
    Ok(request.number)
}
