//! Talking on tickets and changing many at once: replies and work notes, links, bulk actions.

use super::cards::{Names, render_markdown};
use super::commands::{self, person};
use super::hooks::ChangeScope;
use super::store::{SystemChange, audit};
use super::{find_visible, kind_of, party};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use db::entities::{ticket, ticket_comment, ticket_link};
use domain::Actor;
use domain::tickets::board::{ChangeKind, TicketEvent};
use domain::tickets::change::StateChange;
use domain::tickets::lifecycle::Party;
use domain::tickets::model::{BulkAction, BulkOutcome, BulkRequest, CommentView, NewLink};
use domain::tickets::{NewComment, TicketPatch, TransitionRequest};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr,
};

/// Most tickets one bulk request may change.
pub const MAX_BULK: usize = 100;

/// Adds a public reply or (agents only) a work note. A requester's reply to a ticket waiting for
/// them puts it back in progress.
#[tracing::instrument(skip(s, actor, c), fields(actor = %actor.username), err(level = "info"))]
pub async fn comment(
    s: &Services,
    actor: &Actor,
    number: &str,
    c: NewComment,
) -> ServiceResult<CommentView> {
    c.validate().map_err(ServiceError::Invalid)?;
    let now = crate::now();
    let txn = crate::database::begin_write(&s.db).await?;
    let t = find_visible(&txn, actor, number).await?;
    let who = party(actor, &t);
    if c.internal && who != Party::Agent {
        return Err(ServiceError::Forbidden);
    }
    let state = super::state_of(&t)?;
    if state.is_terminal() {
        return Err(ServiceError::field(
            "body",
            format!(
                "{} is {}; raise a new ticket instead.",
                t.number,
                state.label().to_lowercase()
            ),
        ));
    }
    let row = ticket_comment::ActiveModel {
        id: NotSet,
        ticket_id: Set(t.id),
        author_id: Set(actor.user_id.0),
        body: Set(c.body.trim_end().to_string()),
        internal: Set(c.internal),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;

    // A requester's reply to a ticket waiting for them puts it back in progress, by the same
    // path as any other change of state (hooks included). The reply is kept either way: when
    // someone else writes the ticket at the same moment, the move is tried again on what they
    // stored, and if they keep winning their change stands and the reply is simply added.
    let moved = if who == Party::Requester {
        reply_moves(&ChangeScope::new(s, &txn, actor, now), &t).await?
    } else {
        ReplyMove::NotMoved(Box::new(t.clone()))
    };
    let events = match moved {
        ReplyMove::Moved(events) => events,
        // `t` is the ticket as it stands now: re-read if others wrote it meanwhile, so the
        // event's "before" card is not older than what the boards already show.
        ReplyMove::NotMoved(t) => {
            let t = *t;
            let mut touch =
                ticket::Entity::update_many().col_expr(ticket::Column::UpdatedAt, Expr::value(now));
            if who == Party::Agent && !c.internal && t.first_response_at.is_none() {
                touch = touch.col_expr(ticket::Column::FirstResponseAt, Expr::value(Some(now)));
            }
            touch.filter(ticket::Column::Id.eq(t.id)).exec(&txn).await?;
            let new = ticket::Entity::find_by_id(t.id)
                .one(&txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let names = Names::for_rows(&txn, &[&t]).await?;
            vec![TicketEvent {
                change: ChangeKind::Commented,
                before: Some(names.card(&t)?),
                after: names.card(&new)?,
                actor: person(actor),
                internal: c.internal,
                at: now,
            }]
        }
    };
    txn.commit().await?;
    for ev in events {
        s.events.publish(ev);
    }
    Ok(CommentView {
        id: row.id,
        author: person(actor),
        body_html: render_markdown(&row.body),
        body: row.body,
        internal: row.internal,
        at: row.created_at,
    })
}

/// Attempts at moving a ticket back to work on its requester's reply when others keep writing it.
const REPLY_MOVE_ATTEMPTS: usize = 3;

/// What a requester's reply did to the ticket's state.
enum ReplyMove {
    /// Moved back to work: the move's events.
    Moved(Vec<TicketEvent>),
    /// Not moved (it was not waiting for them, or other writers won every attempt): the ticket
    /// as last read.
    NotMoved(Box<ticket::Model>),
}

/// Moves a ticket waiting for its requester back to work (hooks included).
async fn reply_moves(scope: &ChangeScope<'_>, read: &ticket::Model) -> ServiceResult<ReplyMove> {
    let mut t = read.clone();
    for _ in 0..REPLY_MOVE_ATTEMPTS {
        match scope
            .change_state_if_current(&t, &StateChange::CallerReplied)
            .await?
        {
            SystemChange::Stored(_, events) => return Ok(ReplyMove::Moved(events)),
            SystemChange::NotApplicable => return Ok(ReplyMove::NotMoved(Box::new(t))),
            SystemChange::Stale => {
                t = ticket::Entity::find_by_id(t.id)
                    .one(scope.txn)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
            }
        }
    }
    Ok(ReplyMove::NotMoved(Box::new(t)))
}

/// Links a ticket to another (agents only): incident to problem, duplicate, parent/child.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn link(s: &Services, actor: &Actor, number: &str, l: NewLink) -> ServiceResult<()> {
    let from = find_visible(&s.db, actor, number).await?;
    if party(actor, &from) != Party::Agent {
        return Err(ServiceError::Forbidden);
    }
    // Only "no such ticket" is the user's mistake; a database failure stays what it is.
    let to = find_visible(&s.db, actor, &l.number)
        .await
        .map_err(|e| match e {
            ServiceError::NotFound | ServiceError::Forbidden => {
                ServiceError::field("number", format!("There is no ticket {}.", l.number.trim()))
            }
            other => other,
        })?;
    if to.id == from.id {
        return Err(ServiceError::field(
            "number",
            "A ticket cannot be linked to itself.",
        ));
    }
    l.kind
        .check(kind_of(&from)?, kind_of(&to)?)
        .map_err(|m| ServiceError::field("kind", m))?;
    let now = crate::now();
    let txn = crate::database::begin_write(&s.db).await?;
    let inserted = ticket_link::ActiveModel {
        id: NotSet,
        from_id: Set(from.id),
        to_id: Set(to.id),
        kind: Set(l.kind.as_str().into()),
        created_at: Set(now),
    }
    .insert(&txn)
    .await;
    if let Err(e) = inserted {
        return Err(match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ServiceError::field("number", format!("Already linked to {}.", to.number))
            }
            _ => e.into(),
        });
    }
    audit(
        &txn,
        from.id,
        actor,
        now,
        vec![(
            "link".into(),
            None,
            Some(format!("{} {}", l.kind.label(), to.number)),
        )],
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Applies one action to many tickets, each under its own version check; reports per ticket.
#[tracing::instrument(skip(s, actor, req), fields(actor = %actor.username, n = req.tickets.len()), err(level = "info"))]
pub async fn bulk(
    s: &Services,
    actor: &Actor,
    req: BulkRequest,
) -> ServiceResult<Vec<BulkOutcome>> {
    crate::users::require(actor, domain::Capability::WorkTickets)?;
    if req.tickets.len() > MAX_BULK {
        return Err(ServiceError::field(
            "tickets",
            format!("Select at most {MAX_BULK} tickets at a time."),
        ));
    }
    let mut out = Vec::with_capacity(req.tickets.len());
    for target in &req.tickets {
        let res = match &req.action {
            BulkAction::Assign { assignee_id } => {
                let patch = TicketPatch {
                    version: target.version,
                    assignee_id: Some(*assignee_id),
                    ..Default::default()
                };
                commands::update(s, actor, &target.number, patch).await
            }
            BulkAction::SetPriority { impact, urgency } => {
                let patch = TicketPatch {
                    version: target.version,
                    impact: Some(*impact),
                    urgency: Some(*urgency),
                    ..Default::default()
                };
                commands::update(s, actor, &target.number, patch).await
            }
            BulkAction::Transition { to } => {
                commands::transition(
                    s,
                    actor,
                    &target.number,
                    TransitionRequest::to(target.version, *to),
                )
                .await
            }
        };
        out.push(BulkOutcome {
            number: target.number.clone(),
            ok: res.is_ok(),
            message: res.err().map(|e| explain(&e)),
        });
    }
    Ok(out)
}

/// A service error in words for a per-ticket bulk result.
fn explain(e: &ServiceError) -> String {
    match e {
        ServiceError::Stale(card) => format!(
            "Changed by someone else since you selected it (now {}).",
            card.state.label()
        ),
        ServiceError::Invalid(errs) => errs
            .0
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        ServiceError::NotFound => "No such ticket.".into(),
        ServiceError::Forbidden => "You may not change it.".into(),
        ServiceError::Conflict(m) => m.clone(),
        _ => "Could not be changed; try again.".into(),
    }
}
