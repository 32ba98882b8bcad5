//! Fulfilment: creating an item's tasks as their turn comes, and resolving the request when
//! every task is done. Also what happens to a request's approvals and tasks when it is
//! withdrawn or cancelled.
//!
//! [`advance`] runs inside the caller's transaction and returns the live events to publish after
//! commit; [`follow_up`] runs inside the ticket commands' transaction when a task or request moves.

use super::definition;
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::TicketSettings;
use crate::tickets::cards::card;
use crate::tickets::commands::{NewRow, event, insert_row, persist};
use chrono::{DateTime, Utc};
use db::entities::{catalog_item_version, catalog_request, request_approval, request_task, ticket};
use domain::Actor;
use domain::catalog::fulfilment::TaskProgress;
use domain::catalog::{ApprovalStatus, Decision, ItemDefinition};
use domain::tickets::board::{ChangeKind, TicketEvent};
use domain::tickets::{Level, ResolutionCode, TicketKind, TicketState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

/// Stores a change to a request or task row made by the catalog (not by a person's move) and
/// returns its live event. The row was read in this transaction under the write lock, so the
/// version guard cannot miss.
pub(crate) async fn store(
    txn: &DatabaseTransaction,
    actor: &Actor,
    old: &ticket::Model,
    mut new: ticket::Model,
    now: DateTime<Utc>,
) -> ServiceResult<(ticket::Model, TicketEvent)> {
    let names =
        persist(txn, old, &mut new, actor, now)
            .await?
            .ok_or(crate::ServiceError::Conflict(
                "The request changed at the same moment; try again.".into(),
            ))?;
    let ev = event(
        actor,
        ChangeKind::Updated,
        Some(names.card(old)?),
        names.card(&new)?,
        now,
    );
    Ok((new, ev))
}

fn progress_of(task: &ticket::Model) -> ServiceResult<TaskProgress> {
    Ok(if crate::tickets::state_of(task)?.is_open() {
        TaskProgress::Open
    } else {
        TaskProgress::Done
    })
}

/// The tasks created so far for a request, by position, with their tickets.
pub(crate) async fn tasks_of(
    txn: &impl sea_orm::ConnectionTrait,
    request_id: i64,
) -> ServiceResult<Vec<(request_task::Model, ticket::Model)>> {
    let links = request_task::Entity::find()
        .filter(request_task::Column::RequestId.eq(request_id))
        .order_by_asc(request_task::Column::Position)
        .all(txn)
        .await?;
    let ids: Vec<i64> = links.iter().map(|l| l.task_id).collect();
    let mut tickets: std::collections::HashMap<i64, ticket::Model> = ticket::Entity::find()
        .filter(ticket::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(links
        .into_iter()
        .filter_map(|l| tickets.remove(&l.task_id).map(|t| (l, t)))
        .collect())
}

/// Starts the tasks whose turn has come, or resolves the request when all are done. Returns the
/// request as it is now and the events to publish after commit.
pub(crate) async fn advance(
    txn: &DatabaseTransaction,
    settings: &TicketSettings,
    actor: &Actor,
    request: ticket::Model,
    def: &ItemDefinition,
    now: DateTime<Utc>,
) -> ServiceResult<(ticket::Model, Vec<TicketEvent>)> {
    let plan = &def.fulfilment;
    let existing = tasks_of(txn, request.id).await?;
    let mut progress = vec![TaskProgress::NotStarted; plan.tasks.len()];
    for (link, t) in &existing {
        if let Some(p) = progress.get_mut(link.position as usize) {
            *p = progress_of(t)?;
        }
    }
    let mut events = Vec::new();
    let state = crate::tickets::state_of(&request)?;
    if !state.is_open() {
        return Ok((request, events));
    }
    if plan.is_fulfilled(&progress) {
        let mut new = request.clone();
        new.state = TicketState::Resolved.as_str().into();
        new.hold_reason = None;
        new.resolved_at = Some(now);
        new.resolution_code = Some(ResolutionCode::Fulfilled.as_str().into());
        new.resolution_notes = Some("Every fulfilment task is done.".into());
        let (new, ev) = store(txn, actor, &request, new, now).await?;
        events.push(ev);
        return Ok((new, events));
    }
    let start = plan.to_start(&progress);
    for i in &start {
        let Some(template) = plan.tasks.get(*i) else {
            continue;
        };
        let description = format!(
            "{}\n\nFor {} ({}).",
            template.instructions.trim(),
            request.number,
            def.name
        );
        let row = insert_row(
            txn,
            settings,
            actor,
            NewRow {
                kind: TicketKind::Task,
                title: template.title.clone(),
                description: description.trim().to_string(),
                requester_id: request.requester_id,
                caller: None,
                group_id: template.group.or(def.fulfilment_group).map(|g| g.0),
                assignee_id: None,
                category: request.category.clone(),
                subcategory: request.subcategory.clone(),
                impact: Level::LOW,
                urgency: Level::LOW,
                tags: String::new(),
            },
            now,
        )
        .await?;
        request_task::ActiveModel {
            task_id: Set(row.id),
            request_id: Set(request.id),
            position: Set(*i as i32),
        }
        .insert(txn)
        .await?;
        events.push(event(
            actor,
            ChangeKind::Created,
            None,
            card(txn, &row).await?,
            now,
        ));
    }
    if state == TicketState::New && (!start.is_empty() || !existing.is_empty()) {
        let mut new = request.clone();
        new.state = TicketState::InProgress.as_str().into();
        let (new, ev) = store(txn, actor, &request, new, now).await?;
        events.push(ev);
        return Ok((new, events));
    }
    Ok((request, events))
}

/// What a move means for the catalog, done inside the mover's transaction so that the move and
/// its consequences are stored together or not at all: a finished task may start the next one
/// or resolve its request; a cancelled request withdraws its open approvals and cancels its open
/// tasks. Returns the live events to publish after commit.
pub(crate) async fn follow_up(
    txn: &DatabaseTransaction,
    settings: &TicketSettings,
    actor: &Actor,
    moved: &ticket::Model,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<TicketEvent>> {
    match (
        crate::tickets::kind_of(moved)?,
        crate::tickets::state_of(moved)?,
    ) {
        (TicketKind::Task, _) => task_moved(txn, settings, actor, moved.id, now).await,
        (TicketKind::Request, TicketState::Cancelled) => {
            request_cancelled(txn, actor, moved.id, now).await
        }
        _ => Ok(Vec::new()),
    }
}

async fn task_moved(
    txn: &DatabaseTransaction,
    settings: &TicketSettings,
    actor: &Actor,
    task_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<TicketEvent>> {
    // A task raised by hand belongs to no request: nothing follows.
    let Some(link) = request_task::Entity::find_by_id(task_id).one(txn).await? else {
        return Ok(Vec::new());
    };
    let request = ticket::Entity::find_by_id(link.request_id)
        .one(txn)
        .await?
        .ok_or_else(|| ServiceError::corrupt("request of a fulfilment task", task_id, "missing"))?;
    let cr = catalog_request::Entity::find_by_id(request.id)
        .one(txn)
        .await?
        .ok_or_else(|| {
            ServiceError::corrupt("catalog request of a request ticket", request.id, "missing")
        })?;
    if !may_fulfil(super::approvals::approval_status_of(&cr)?) {
        return Ok(Vec::new());
    }
    let version = catalog_item_version::Entity::find_by_id(cr.version_id)
        .one(txn)
        .await?
        .ok_or_else(|| {
            ServiceError::corrupt("item version of a request", cr.ticket_id, "missing")
        })?;
    let def = definition(&version)?;
    let (_, events) = advance(txn, settings, actor, request, &def, now).await?;
    Ok(events)
}

async fn request_cancelled(
    txn: &DatabaseTransaction,
    actor: &Actor,
    request_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<TicketEvent>> {
    request_approval::Entity::update_many()
        .col_expr(
            request_approval::Column::Decision,
            sea_orm::sea_query::Expr::value(Decision::NotNeeded.as_str()),
        )
        .filter(request_approval::Column::TicketId.eq(request_id))
        .filter(request_approval::Column::Decision.eq(Decision::Pending.as_str()))
        .exec(txn)
        .await?;
    let mut events = Vec::new();
    for (_, task) in tasks_of(txn, request_id).await? {
        if crate::tickets::state_of(&task)?.is_open() {
            let mut new = task.clone();
            new.state = TicketState::Cancelled.as_str().into();
            new.hold_reason = None;
            new.closed_at = Some(now);
            new.resolution_notes = Some("The request was cancelled.".into());
            let (_, ev) = store(txn, actor, &task, new, now).await?;
            events.push(ev);
        }
    }
    Ok(events)
}

/// Whether fulfilment may run for a request in this approval state.
pub(crate) fn may_fulfil(status: ApprovalStatus) -> bool {
    matches!(
        status,
        ApprovalStatus::Approved | ApprovalStatus::NotRequired
    )
}
