//! One operation for every change of a ticket's state, whoever makes it.
//!
//! A person's move (checked against the lifecycle rules of their party) and the system's changes
//! (a requester's reply to a ticket waiting for them, fulfilment starting or finishing, a request
//! rejected or withdrawn) all go through [`apply`]: it takes the state-carrying fields of a
//! ticket, the change and the time, and returns the fields as they must be stored. The service
//! writes them in one place, records the audit lines and publishes the event; areas that care
//! about a move (the catalog today, change scheduling and SLA clocks later) hook in after it.

use super::kind::TicketKind;
use super::lifecycle::{
    HoldReason, Party, ResolutionCode, TicketState, TransitionContext, TransitionError,
    check_transition,
};
use super::model::TransitionRequest;
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};

/// The fields of a ticket that its state carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFields {
    pub state: TicketState,
    pub hold_reason: Option<HoldReason>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub resolution_code: Option<ResolutionCode>,
    pub resolution_notes: Option<String>,
    /// When an agent first answered or moved the ticket.
    pub first_response_at: Option<DateTime<Utc>>,
}

/// A change of a ticket's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateChange {
    /// A person moves the ticket under the lifecycle rules of their party.
    Move {
        by: Party,
        request: TransitionRequest,
    },
    /// The requester answered a ticket that was waiting for them: it is back in progress.
    CallerReplied,
    /// Work has started on a new ticket (a request's first fulfilment task exists).
    WorkStarted,
    /// Every fulfilment task of a request is done: it is resolved as fulfilled.
    Fulfilled,
    /// The system ends an open ticket (a request rejected, a withdrawn request's tasks); the
    /// reason is kept as the resolution notes.
    Withdrawn { reason: String },
}

/// Why a person's move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    /// Not a move this party may make now.
    Refused(TransitionError),
    /// The move lacks what its target state needs (a hold reason, a resolution).
    Incomplete(FieldErrors),
}

/// The fields after `change`, or `None` when a system change does not apply to the ticket as it
/// is (a reply to a ticket nobody waits on, fulfilment finishing on a closed request): nothing to
/// store then. A person's move that breaks the rules is an error instead.
pub fn apply(
    kind: TicketKind,
    current: &StateFields,
    change: &StateChange,
    ctx: &TransitionContext,
) -> Result<Option<StateFields>, ChangeError> {
    let now = ctx.now;
    let mut next = current.clone();
    match change {
        StateChange::Move { by, request } => {
            check_transition(kind, current.state, request.to, *by, ctx)
                .map_err(ChangeError::Refused)?;
            request.validate(kind).map_err(ChangeError::Incomplete)?;
            moved_by_person(&mut next, current.state, request, now);
            if *by == Party::Agent && next.first_response_at.is_none() {
                next.first_response_at = Some(now);
            }
        }
        StateChange::CallerReplied => {
            if current.state != TicketState::OnHold
                || current.hold_reason != Some(HoldReason::AwaitingCaller)
            {
                return Ok(None);
            }
            next.state = TicketState::InProgress;
            next.hold_reason = None;
        }
        StateChange::WorkStarted => {
            if current.state != TicketState::New {
                return Ok(None);
            }
            next.state = TicketState::InProgress;
        }
        StateChange::Fulfilled => {
            if !current.state.is_open() {
                return Ok(None);
            }
            next.state = TicketState::Resolved;
            next.hold_reason = None;
            next.resolved_at = Some(now);
            next.resolution_code = Some(ResolutionCode::Fulfilled);
            next.resolution_notes = Some("Every fulfilment task is done.".into());
        }
        StateChange::Withdrawn { reason } => {
            if !current.state.is_open() {
                return Ok(None);
            }
            next.state = TicketState::Cancelled;
            next.hold_reason = None;
            next.closed_at = Some(now);
            next.resolution_notes = Some(reason.clone());
        }
    }
    Ok(Some(next))
}

/// The fields a person's checked move sets.
fn moved_by_person(
    next: &mut StateFields,
    from: TicketState,
    req: &TransitionRequest,
    now: DateTime<Utc>,
) {
    next.state = req.to;
    next.hold_reason = if req.to == TicketState::OnHold {
        req.hold_reason
    } else {
        None
    };
    match req.to {
        TicketState::Resolved => {
            next.resolved_at = Some(now);
            next.resolution_code = req.resolution_code;
            next.resolution_notes = req.resolution_notes.as_ref().map(|n| n.trim().to_string());
        }
        TicketState::Closed => next.closed_at = Some(now),
        TicketState::Cancelled => {
            next.closed_at = Some(now);
            if let Some(notes) = &req.resolution_notes {
                next.resolution_notes = Some(notes.clone());
            }
        }
        TicketState::InProgress if from == TicketState::Resolved => {
            // Reopened: the earlier resolution no longer stands.
            next.resolved_at = None;
            next.resolution_code = None;
            next.resolution_notes = None;
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "change_tests.rs"]
mod tests;
