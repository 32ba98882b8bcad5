//! The approval engine every area uses: the catalog for requests today, the CAB for changes next.
//!
//! An area starts a record's approval with its plan's approvers resolved at that moment
//! ([`approvers_of`], [`start`]); an approver's decision is taken under a lock on the record's
//! flow, so two approvers deciding at the same moment queue and a stage is decided exactly once
//! ([`take`], [`decide`]); the stage's rule (domain [`domain::approvals`]) says whether to wait,
//! ask the next stage, approve or reject, and the engine stores that. What an approval *means* —
//! fulfilment starting, a request ending rejected, a change being scheduled — stays with the area,
//! which records its own audit lines and state changes in the same transaction.

use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use db::entities::{approval, approval_flow, group_member, user};
use domain::approvals::{
    ApprovalRule, ApprovalStatus, Approvers, Decision, NextStep, Subject, next_step, stage_outcome,
};
use domain::events::RecordKind;
use domain::{Actor, ApprovalId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Where a record's approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub status: ApprovalStatus,
    /// The stage being decided (or the last one decided).
    pub stage: usize,
}

/// The decision stored on an approval row; an unknown word is an error.
pub(crate) fn decision_of(a: &approval::Model) -> ServiceResult<Decision> {
    crate::stored::stored("approvals.decision", a.id, &a.decision, Decision::parse)
}

fn flow_of(f: &approval_flow::Model) -> ServiceResult<Flow> {
    Ok(Flow {
        status: crate::stored::stored(
            "approval_flows.status",
            f.record_id,
            &f.status,
            ApprovalStatus::parse,
        )?,
        stage: usize::try_from(f.stage).map_err(|_| ServiceError::Internal)?,
    })
}

/// The approval row's record.
fn subject_of(a: &approval::Model) -> ServiceResult<Subject> {
    Ok(Subject {
        kind: crate::stored::stored(
            "approvals.record_kind",
            a.id,
            &a.record_kind,
            RecordKind::parse,
        )?,
        id: a.record_id,
    })
}

/// The people who decide a stage for a record raised by `requester` (never the requester
/// themself, never a disabled account), sorted.
pub async fn approvers_of(
    db: &impl ConnectionTrait,
    approvers: &Approvers,
    requester: &user::Model,
) -> ServiceResult<Vec<i64>> {
    let candidates: Vec<i64> = match approvers {
        Approvers::Manager => requester.manager_id.into_iter().collect(),
        Approvers::Group { group } => {
            group_member::Entity::find()
                .select_only()
                .column(group_member::Column::UserId)
                .filter(group_member::Column::GroupId.eq(group.0))
                .into_tuple()
                .all(db)
                .await?
        }
        Approvers::Users { users } => users.iter().map(|u| u.0).collect(),
    };
    let mut ids: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(candidates))
        .filter(user::Column::Disabled.eq(false))
        .filter(user::Column::Id.ne(requester.id))
        .into_tuple()
        .all(db)
        .await?;
    ids.sort_unstable();
    Ok(ids)
}

/// Starts a record's approval: one pending decision per approver of every stage (resolved now),
/// the first stage being decided. With no stages the record needs no approval.
pub async fn start(
    txn: &impl ConnectionTrait,
    subject: Subject,
    stages: &[Vec<i64>],
    now: DateTime<Utc>,
) -> ServiceResult<ApprovalStatus> {
    let status = if stages.is_empty() {
        ApprovalStatus::NotRequired
    } else {
        ApprovalStatus::Pending
    };
    approval_flow::ActiveModel {
        record_kind: Set(subject.kind.as_str().into()),
        record_id: Set(subject.id),
        status: Set(status.as_str().into()),
        stage: Set(0),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    let mut rows = Vec::new();
    for (i, ids) in stages.iter().enumerate() {
        let stage = i32::try_from(i).map_err(|_| ServiceError::Internal)?;
        for id in ids {
            rows.push(approval::ActiveModel {
                id: NotSet,
                record_kind: Set(subject.kind.as_str().into()),
                record_id: Set(subject.id),
                stage: Set(stage),
                approver_id: Set(*id),
                decision: Set(Decision::Pending.as_str().into()),
                comment: Set(None),
                decided_at: Set(None),
                created_at: Set(now),
            });
        }
    }
    if !rows.is_empty() {
        approval::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(status)
}

/// Where the approvals of these records of one kind stand, by record id (records that never
/// started one are left out).
pub async fn flows(
    db: &impl ConnectionTrait,
    kind: RecordKind,
    ids: &[i64],
) -> ServiceResult<HashMap<i64, Flow>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    approval_flow::Entity::find()
        .filter(approval_flow::Column::RecordKind.eq(kind.as_str()))
        .filter(approval_flow::Column::RecordId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .iter()
        .map(|f| flow_of(f).map(|flow| (f.record_id, flow)))
        .collect()
}

/// Where one record's approval stands, if it has one.
pub async fn flow(db: &impl ConnectionTrait, subject: Subject) -> ServiceResult<Option<Flow>> {
    Ok(flows(db, subject.kind, &[subject.id])
        .await?
        .remove(&subject.id))
}

/// Every decision on a record's approval, by stage, then in the order they were asked.
pub async fn decisions(
    db: &impl ConnectionTrait,
    subject: Subject,
) -> ServiceResult<Vec<(approval::Model, Decision)>> {
    approval::Entity::find()
        .filter(approval::Column::RecordKind.eq(subject.kind.as_str()))
        .filter(approval::Column::RecordId.eq(subject.id))
        .order_by_asc(approval::Column::Stage)
        .order_by_asc(approval::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| decision_of(&a).map(|d| (a, d)))
        .collect()
}

/// Whether `user` was asked to decide on the record (at any stage): approvers may read it.
pub async fn is_approver(
    db: &impl ConnectionTrait,
    subject: Subject,
    user: i64,
) -> ServiceResult<bool> {
    let n = approval::Entity::find()
        .select_only()
        .column(approval::Column::Id)
        .filter(approval::Column::RecordKind.eq(subject.kind.as_str()))
        .filter(approval::Column::RecordId.eq(subject.id))
        .filter(approval::Column::ApproverId.eq(user))
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    Ok(n.is_some())
}

/// The actor's decisions awaited now (their stage is the one being decided), oldest first.
pub async fn awaited(
    db: &impl ConnectionTrait,
    actor: &Actor,
) -> ServiceResult<Vec<(approval::Model, Subject)>> {
    let mine = approval::Entity::find()
        .filter(approval::Column::ApproverId.eq(actor.user_id.0))
        .filter(approval::Column::Decision.eq(Decision::Pending.as_str()))
        .order_by_asc(approval::Column::CreatedAt)
        .order_by_asc(approval::Column::Id)
        .all(db)
        .await?;
    let mut by_kind: HashMap<RecordKind, Vec<i64>> = HashMap::new();
    let mut rows = Vec::with_capacity(mine.len());
    for a in mine {
        let subject = subject_of(&a)?;
        by_kind.entry(subject.kind).or_default().push(subject.id);
        rows.push((a, subject));
    }
    let mut current: HashMap<Subject, Flow> = HashMap::new();
    for (kind, ids) in by_kind {
        for (id, f) in flows(db, kind, &ids).await? {
            current.insert(Subject { kind, id }, f);
        }
    }
    Ok(rows
        .into_iter()
        .filter(|(a, subject)| {
            current.get(subject).is_some_and(|f| {
                f.status == ApprovalStatus::Pending
                    && usize::try_from(a.stage).ok() == Some(f.stage)
            })
        })
        .collect())
}

/// An approver's awaited decision, its record's flow locked by this transaction.
#[derive(Debug)]
pub struct Pending {
    pub approval: approval::Model,
    pub subject: Subject,
    pub stage: usize,
}

/// Takes the actor's approval `id` for deciding: locks its record's flow (PostgreSQL row lock;
/// SQLite's write transaction is already exclusive), so concurrent decisions on one record queue
/// here, then checks — on what the lock lets it see — that the decision is still awaited.
pub async fn take(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    id: ApprovalId,
) -> ServiceResult<Pending> {
    let read = approval::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .filter(|a| a.approver_id == actor.user_id.0)
        .ok_or(ServiceError::NotFound)?;
    let subject = subject_of(&read)?;
    approval_flow::Entity::update_many()
        .col_expr(
            approval_flow::Column::Stage,
            Expr::col(approval_flow::Column::Stage).into(),
        )
        .filter(approval_flow::Column::RecordKind.eq(subject.kind.as_str()))
        .filter(approval_flow::Column::RecordId.eq(subject.id))
        .exec(txn)
        .await?;
    let mine = approval::Entity::find_by_id(id.0)
        .one(txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let f = flow(txn, subject).await?.ok_or(ServiceError::Internal)?;
    let stage = usize::try_from(mine.stage).map_err(|_| ServiceError::Internal)?;
    if decision_of(&mine)? != Decision::Pending
        || f.status != ApprovalStatus::Pending
        || f.stage != stage
    {
        return Err(no_longer_awaited(subject.kind));
    }
    Ok(Pending {
        approval: mine,
        subject,
        stage,
    })
}

/// The answer to a decision nobody waits for any more, naming what was to be approved.
pub fn no_longer_awaited(kind: RecordKind) -> ServiceError {
    // Tickets are approved as requests (catalog requests); later kinds name themselves.
    let what = match kind {
        RecordKind::Ticket => "request",
    };
    ServiceError::Conflict(format!(
        "This {what} no longer waits for your decision: it was decided or withdrawn meanwhile."
    ))
}

/// Records `decision` (approved, rejected or abstained) with its comment, decides the stage by
/// its rule (`rules[stage]`), and moves the flow on: the next stage, approved or rejected. Once a
/// stage is decided its other decisions are not needed; after a rejection no later stage is
/// asked. Returns what the area must do next.
pub async fn decide(
    txn: &impl ConnectionTrait,
    pending: &Pending,
    rules: &[ApprovalRule],
    decision: Decision,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> ServiceResult<NextStep> {
    if !matches!(
        decision,
        Decision::Approved | Decision::Rejected | Decision::Abstained
    ) {
        return Err(ServiceError::Internal);
    }
    let rule = *rules.get(pending.stage).ok_or(ServiceError::Internal)?;
    let mut am = pending.approval.clone().into_active_model();
    am.decision = Set(decision.as_str().into());
    am.comment = Set(comment);
    am.decided_at = Set(Some(now));
    am.update(txn).await?;

    let on_record = || {
        approval::Entity::update_many()
            .col_expr(
                approval::Column::Decision,
                Expr::value(Decision::NotNeeded.as_str()),
            )
            .filter(approval::Column::RecordKind.eq(pending.subject.kind.as_str()))
            .filter(approval::Column::RecordId.eq(pending.subject.id))
            .filter(approval::Column::Decision.eq(Decision::Pending.as_str()))
    };
    let stage_decisions = approval::Entity::find()
        .filter(approval::Column::RecordKind.eq(pending.subject.kind.as_str()))
        .filter(approval::Column::RecordId.eq(pending.subject.id))
        .filter(approval::Column::Stage.eq(pending.approval.stage))
        .all(txn)
        .await?
        .iter()
        .map(decision_of)
        .collect::<ServiceResult<Vec<Decision>>>()?;
    let step = next_step(
        rules.len(),
        pending.stage,
        stage_outcome(rule, &stage_decisions),
    );
    let (status, stage) = match step {
        NextStep::Wait => return Ok(step),
        NextStep::StartStage(next) => (ApprovalStatus::Pending, next),
        NextStep::Approved => (ApprovalStatus::Approved, pending.stage),
        NextStep::Rejected => (ApprovalStatus::Rejected, pending.stage),
    };
    // The stage is decided: its other approvers need not answer; after a rejection, nobody.
    let not_needed = on_record();
    let not_needed = if step == NextStep::Rejected {
        not_needed
    } else {
        not_needed.filter(approval::Column::Stage.eq(pending.approval.stage))
    };
    not_needed.exec(txn).await?;
    approval_flow::Entity::update_many()
        .col_expr(approval_flow::Column::Status, Expr::value(status.as_str()))
        .col_expr(
            approval_flow::Column::Stage,
            Expr::value(i32::try_from(stage).map_err(|_| ServiceError::Internal)?),
        )
        .filter(approval_flow::Column::RecordKind.eq(pending.subject.kind.as_str()))
        .filter(approval_flow::Column::RecordId.eq(pending.subject.id))
        .exec(txn)
        .await?;
    Ok(step)
}

/// Ends a record's approval without a decision (the record was withdrawn): nobody is asked any
/// more. The flow keeps its status; the area's record says it ended.
pub async fn cancel(txn: &impl ConnectionTrait, subject: Subject) -> ServiceResult<()> {
    approval::Entity::update_many()
        .col_expr(
            approval::Column::Decision,
            Expr::value(Decision::NotNeeded.as_str()),
        )
        .filter(approval::Column::RecordKind.eq(subject.kind.as_str()))
        .filter(approval::Column::RecordId.eq(subject.id))
        .filter(approval::Column::Decision.eq(Decision::Pending.as_str()))
        .exec(txn)
        .await?;
    Ok(())
}
