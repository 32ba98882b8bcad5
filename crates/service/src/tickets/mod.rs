//! Tickets: incidents, service requests, problems and fulfilment tasks.
//!
//! - [`cards`]: turning stored rows into cards and ticket pages (names, Markdown).
//! - [`commands`]: create, edit, move.
//! - [`store`]: the one path every change of a ticket is stored by (version guard, state fields
//!   from the domain's one operation, audit lines, live events, hooks).
//! - [`hooks`]: how other areas (the catalog) take part in a ticket's changes without tickets
//!   knowing them.
//! - [`comments`]: replies and work notes, links, bulk actions.
//! - [`queries`]: the ticket page and the filtered, cursor-paged list.
//! - [`board`]: board columns with counts from the database, column pages, saved views, WIP limits.
//!
//! Who may see a ticket is decided in [`visible`]: agents (the right to work tickets) see every
//! ticket of the desk; anyone else only tickets they requested (fulfilment tasks excepted), and
//! the approvers of a catalog request that request. A ticket someone may not see is
//! reported as not found, so its existence does not leak.

pub mod board;
pub mod cards;
pub mod commands;
pub mod comments;
pub mod hooks;
pub mod queries;
pub mod store;

use crate::error::{ServiceError, ServiceResult};
use db::entities::ticket;
use domain::tickets::lifecycle::{LifecycleRules, Party};
use domain::tickets::{PriorityMatrix, TicketKind, TicketState, parse_number};
use domain::{Actor, Capability};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Per-installation ticket rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct TicketSettings {
    pub matrix: PriorityMatrix,
    pub lifecycle: LifecycleRules,
}

/// Whether `actor` may see `t`. Fulfilment tasks are agents' work: the requester follows them on
/// the request's tracking page instead.
pub fn visible(actor: &Actor, t: &ticket::Model) -> bool {
    actor.can(Capability::WorkTickets) || requested_by(actor, t)
}

fn requested_by(actor: &Actor, t: &ticket::Model) -> bool {
    t.requester_id == actor.user_id.0 && t.kind != TicketKind::Task.as_str()
}

/// In which capacity `actor` acts on `t`.
pub fn party(actor: &Actor, t: &ticket::Model) -> Party {
    if actor.can(Capability::WorkTickets) {
        Party::Agent
    } else if requested_by(actor, t) {
        Party::Requester
    } else {
        Party::Other
    }
}

/// Loads a ticket by number if `actor` may see it.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    actor: &Actor,
    number: &str,
) -> ServiceResult<ticket::Model> {
    let (kind, seq) = parse_number(number).ok_or(ServiceError::NotFound)?;
    let t = ticket::Entity::find()
        .filter(ticket::Column::Number.eq(kind.number(seq)))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if visible(actor, &t) || is_approver(db, actor, &t).await? {
        Ok(t)
    } else {
        Err(ServiceError::NotFound)
    }
}

/// Whether `actor` was asked to approve the request `t` (approvers may read the request).
async fn is_approver(
    db: &impl ConnectionTrait,
    actor: &Actor,
    t: &ticket::Model,
) -> ServiceResult<bool> {
    if t.kind != TicketKind::Request.as_str() {
        return Ok(false);
    }
    crate::approvals::is_approver(
        db,
        domain::approvals::Subject::ticket(t.id),
        actor.user_id.0,
    )
    .await
}

/// The kind stored in a row; an unknown word is an error, never a default.
pub(crate) fn kind_of(t: &ticket::Model) -> ServiceResult<TicketKind> {
    crate::stored::stored("tickets.kind", t.id, &t.kind, TicketKind::parse)
}

/// The hold reason stored in a row, if any; an unknown word is an error.
pub(crate) fn hold_reason_of(
    t: &ticket::Model,
) -> ServiceResult<Option<domain::tickets::HoldReason>> {
    crate::stored::stored_opt(
        "tickets.hold_reason",
        t.id,
        t.hold_reason.as_deref(),
        domain::tickets::HoldReason::parse,
    )
}

/// The resolution code stored in a row, if any; an unknown word is an error.
pub(crate) fn resolution_code_of(
    t: &ticket::Model,
) -> ServiceResult<Option<domain::tickets::ResolutionCode>> {
    crate::stored::stored_opt(
        "tickets.resolution_code",
        t.id,
        t.resolution_code.as_deref(),
        domain::tickets::ResolutionCode::parse,
    )
}

/// The state stored in a row; an unknown word is an error, never a default.
pub(crate) fn state_of(t: &ticket::Model) -> ServiceResult<TicketState> {
    crate::stored::stored("tickets.state", t.id, &t.state, TicketState::parse)
}
