//! Approvals: an approver approves or rejects with a comment; the stage's rule decides when the
//! stage is over; the next stage is asked, or fulfilment starts, or the request ends rejected
//! with the reason shown to the requester. Every decision is an audit line on the request.
//!
//! Two approvers deciding at the same moment are serialised on the request's catalog row, so a
//! stage is decided exactly once.

use super::definition;
use super::fulfilment::advance;
use super::requests::{answer_lines, answer_people, parse_answers};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::cards::Names;
use crate::tickets::hooks::ChangeScope;
use crate::tickets::store::audit;
use crate::users::require;
use chrono::Duration;
use db::entities::{catalog_item_version, catalog_request, request_approval, ticket};
use domain::catalog::approval::{NextStep, next_step, stage_outcome};
use domain::catalog::{ApprovalStatus, ApprovalTask, Decision, DecisionRequest};
use domain::tickets::board::ChangeKind;
use domain::tickets::change::StateChange;
use domain::{Actor, ApprovalId, Capability};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// Longest comment an approver may leave.
const MAX_COMMENT: usize = 2000;

/// The decision stored on an approval row.
pub(crate) fn decision_of(a: &request_approval::Model) -> ServiceResult<Decision> {
    crate::stored::stored(
        "request_approvals.decision",
        a.id,
        &a.decision,
        Decision::parse,
    )
}

/// The approval status stored on a catalog request.
pub(crate) fn approval_status_of(cr: &catalog_request::Model) -> ServiceResult<ApprovalStatus> {
    crate::stored::stored(
        "catalog_requests.approval_status",
        cr.ticket_id,
        &cr.approval_status,
        ApprovalStatus::parse,
    )
}

/// The requests waiting for the actor's decision now, oldest first.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn inbox(s: &Services, actor: &Actor) -> ServiceResult<Vec<ApprovalTask>> {
    require(actor, Capability::UseSelfService)?;
    let mine = request_approval::Entity::find()
        .filter(request_approval::Column::ApproverId.eq(actor.user_id.0))
        .filter(request_approval::Column::Decision.eq(Decision::Pending.as_str()))
        .order_by_asc(request_approval::Column::CreatedAt)
        .order_by_asc(request_approval::Column::Id)
        .all(&s.db)
        .await?;
    let ids: Vec<i64> = mine.iter().map(|a| a.ticket_id).collect();
    let requests: HashMap<i64, catalog_request::Model> = catalog_request::Entity::find()
        .filter(catalog_request::Column::TicketId.is_in(ids.clone()))
        .filter(catalog_request::Column::ApprovalStatus.eq(ApprovalStatus::Pending.as_str()))
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
        let (Some(cr), Some(t)) = (requests.get(&a.ticket_id), tickets.get(&a.ticket_id)) else {
            continue;
        };
        if cr.approval_stage != a.stage {
            continue;
        }
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
                .get(&a.ticket_id)
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
    let mine = request_approval::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .filter(|a| a.approver_id == actor.user_id.0)
        .ok_or(ServiceError::NotFound)?;
    // Takes the request's row lock (PostgreSQL), so concurrent decisions queue here.
    catalog_request::Entity::update_many()
        .col_expr(
            catalog_request::Column::ApprovalStage,
            Expr::col(catalog_request::Column::ApprovalStage).into(),
        )
        .filter(catalog_request::Column::TicketId.eq(mine.ticket_id))
        .exec(&txn)
        .await?;
    let cr = catalog_request::Entity::find_by_id(mine.ticket_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let request = ticket::Entity::find_by_id(mine.ticket_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let open = crate::tickets::state_of(&request)?.is_open();
    if mine.decision != Decision::Pending.as_str()
        || cr.approval_status != ApprovalStatus::Pending.as_str()
        || cr.approval_stage != mine.stage
        || !open
    {
        return Err(ServiceError::Conflict(
            "This request no longer waits for your decision: it was decided or withdrawn meanwhile."
                .into(),
        ));
    }
    let version = catalog_item_version::Entity::find_by_id(cr.version_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::Internal)?;
    let def = definition(&version)?;
    let stage = def
        .approvals
        .get(mine.stage as usize)
        .ok_or(ServiceError::Internal)?;
    let decision = if req.approve {
        Decision::Approved
    } else {
        Decision::Rejected
    };
    let mut am = mine.clone().into_active_model();
    am.decision = Set(decision.as_str().into());
    am.comment = Set((!comment.is_empty()).then(|| comment.clone()));
    am.decided_at = Set(Some(now));
    am.update(&txn).await?;

    let stage_rows = request_approval::Entity::find()
        .filter(request_approval::Column::TicketId.eq(mine.ticket_id))
        .filter(request_approval::Column::Stage.eq(mine.stage))
        .all(&txn)
        .await?;
    let decisions = stage_rows
        .iter()
        .map(decision_of)
        .collect::<ServiceResult<Vec<Decision>>>()?;
    let outcome = stage_outcome(stage.rule, &decisions);
    let step = next_step(def.approvals.len(), mine.stage as usize, outcome);
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
    if step != NextStep::Wait {
        // The stage is decided: the others need not answer any more.
        request_approval::Entity::update_many()
            .col_expr(
                request_approval::Column::Decision,
                Expr::value(Decision::NotNeeded.as_str()),
            )
            .filter(request_approval::Column::TicketId.eq(mine.ticket_id))
            .filter(request_approval::Column::Stage.eq(mine.stage))
            .filter(request_approval::Column::Decision.eq(Decision::Pending.as_str()))
            .exec(&txn)
            .await?;
    }
    let mut cam = cr.clone().into_active_model();
    let mut start_fulfilment = false;
    let mut rejection = None;
    match step {
        NextStep::Wait => {}
        NextStep::StartStage(next) => {
            cam.approval_stage = Set(next as i32);
            if let Some(st) = def.approvals.get(next) {
                lines.push((
                    "approval".into(),
                    None,
                    Some(format!("Waiting for {}", st.name)),
                ));
            }
        }
        NextStep::Approved => {
            cam.approval_status = Set(ApprovalStatus::Approved.as_str().into());
            cam.expected_by = Set(def
                .delivery_days
                .map(|d| now.date_naive() + Duration::days(i64::from(d))));
            lines.push(("approval".into(), None, Some("Approved".into())));
            start_fulfilment = true;
        }
        NextStep::Rejected => {
            // The request ends here: later stages will never be asked.
            request_approval::Entity::update_many()
                .col_expr(
                    request_approval::Column::Decision,
                    Expr::value(Decision::NotNeeded.as_str()),
                )
                .filter(request_approval::Column::TicketId.eq(mine.ticket_id))
                .filter(request_approval::Column::Decision.eq(Decision::Pending.as_str()))
                .exec(&txn)
                .await?;
            cam.approval_status = Set(ApprovalStatus::Rejected.as_str().into());
            cam.rejection = Set(Some(comment.clone()));
            lines.push(("approval".into(), None, Some("Rejected".into())));
            rejection = Some(StateChange::Withdrawn {
                reason: format!(
                    "Rejected by {} ({}): {comment}",
                    actor.display_name, stage.name
                ),
            });
        }
    }
    cam.update(&txn).await?;
    audit(&txn, request.id, actor, now, lines).await?;
    let events = {
        let scope = ChangeScope {
            txn: &txn,
            settings: &s.tickets,
            hooks: &s.hooks,
            actor,
            now,
        };
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
