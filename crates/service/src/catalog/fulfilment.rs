//! Fulfilment: creating an item's tasks as their turn comes, and resolving the request when
//! every task is done. Also what happens to a request's approvals and tasks when it is
//! withdrawn or cancelled.
//!
//! Everything here runs inside the transaction of the change that caused it and returns the live
//! events to publish after commit. The catalog takes part in tickets through
//! [`CatalogTicketHook`], registered with the services: when a task or request moves, its
//! consequences (the next task, the request resolved, a withdrawn request's tasks cancelled) are
//! stored in the mover's transaction, by the tickets' one change path.

use super::definition;
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::cards::card;
use crate::tickets::commands::{NewRow, insert_row};
use crate::tickets::hooks::{ChangeScope, HookFuture, TicketHook};
use crate::tickets::store::event;
use db::entities::{catalog_item_version, catalog_request, request_task, ticket};
use domain::approvals::Subject;
use domain::catalog::fulfilment::TaskProgress;
use domain::catalog::{ApprovalStatus, ItemDefinition, request_status};
use domain::events::RecordKind;
use domain::tickets::board::{ChangeKind, TicketEvent};
use domain::tickets::change::StateChange;
use domain::tickets::{Level, TicketCard, TicketKind, TicketState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// The catalog's part in tickets: fulfilment follows moves; catalog requests read to their
/// requesters as "Waiting for approval", "Approved"... rather than by the ticket's state.
pub struct CatalogTicketHook;

impl TicketHook for CatalogTicketHook {
    fn moved<'a>(
        &'a self,
        scope: &'a ChangeScope<'a>,
        moved: &'a ticket::Model,
    ) -> HookFuture<'a, Vec<TicketEvent>> {
        Box::pin(follow_up(scope, moved))
    }

    fn requester_statuses<'a>(
        &'a self,
        db: &'a DatabaseConnection,
        cards: &'a [TicketCard],
    ) -> HookFuture<'a, HashMap<i64, &'static str>> {
        Box::pin(requester_statuses(db, cards))
    }
}

/// A catalog request's status in the requester's words, for the request tickets among `cards`.
async fn requester_statuses(
    db: &DatabaseConnection,
    cards: &[TicketCard],
) -> ServiceResult<HashMap<i64, &'static str>> {
    let requests: HashMap<i64, &TicketCard> = cards
        .iter()
        .filter(|c| c.kind == TicketKind::Request)
        .map(|c| (c.id.0, c))
        .collect();
    let mut out = HashMap::new();
    if requests.is_empty() {
        return Ok(out);
    }
    // Requests raised by hand have no approval; catalog requests always have one.
    let ids: Vec<i64> = requests.keys().copied().collect();
    for (id, flow) in crate::approvals::flows(db, RecordKind::Ticket, &ids).await? {
        if let Some(card) = requests.get(&id) {
            out.insert(
                id,
                request_status(card.state, flow.status, card.hold_reason),
            );
        }
    }
    Ok(out)
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
    scope: &ChangeScope<'_>,
    request: ticket::Model,
    def: &ItemDefinition,
) -> ServiceResult<(ticket::Model, Vec<TicketEvent>)> {
    let (txn, actor, now) = (scope.txn, scope.actor, scope.now);
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
        return Ok(
            match scope.change_state(&request, StateChange::Fulfilled).await? {
                Some((new, more)) => (new, more),
                None => (request, events),
            },
        );
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
            scope.settings,
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
    if (!start.is_empty() || !existing.is_empty())
        && let Some((new, more)) = scope
            .change_state(&request, StateChange::WorkStarted)
            .await?
    {
        events.extend(more);
        return Ok((new, events));
    }
    Ok((request, events))
}

/// What a move means for the catalog, done inside the mover's transaction so that the move and
/// its consequences are stored together or not at all: a finished task may start the next one
/// or resolve its request; a cancelled request withdraws its open approvals and cancels its open
/// tasks. Returns the live events to publish after commit.
async fn follow_up(
    scope: &ChangeScope<'_>,
    moved: &ticket::Model,
) -> ServiceResult<Vec<TicketEvent>> {
    match (
        crate::tickets::kind_of(moved)?,
        crate::tickets::state_of(moved)?,
    ) {
        (TicketKind::Task, _) => task_moved(scope, moved.id).await,
        (TicketKind::Request, TicketState::Cancelled) => request_cancelled(scope, moved.id).await,
        _ => Ok(Vec::new()),
    }
}

async fn task_moved(scope: &ChangeScope<'_>, task_id: i64) -> ServiceResult<Vec<TicketEvent>> {
    let txn = scope.txn;
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
    if !may_fulfil(super::approval_status(txn, cr.ticket_id).await?) {
        return Ok(Vec::new());
    }
    let version = catalog_item_version::Entity::find_by_id(cr.version_id)
        .one(txn)
        .await?
        .ok_or_else(|| {
            ServiceError::corrupt("item version of a request", cr.ticket_id, "missing")
        })?;
    let def = definition(&version)?;
    let (_, events) = advance(scope, request, &def).await?;
    Ok(events)
}

async fn request_cancelled(
    scope: &ChangeScope<'_>,
    request_id: i64,
) -> ServiceResult<Vec<TicketEvent>> {
    crate::approvals::cancel(scope.txn, Subject::ticket(request_id)).await?;
    let mut events = Vec::new();
    for (_, task) in tasks_of(scope.txn, request_id).await? {
        let withdrawn = StateChange::Withdrawn {
            reason: "The request was cancelled.".into(),
        };
        if let Some((_, more)) = scope.change_state(&task, withdrawn).await? {
            events.extend(more);
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
