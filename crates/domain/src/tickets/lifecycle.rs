//! The ticket lifecycle: states per kind, who may move a ticket from which state to which, and
//! what each move needs (a hold reason, a resolution code and notes).
//!
//! The board asks [`check_transition`] before sending a drop to the server, and the server asks it
//! again before writing, so an illegal move is refused the same way in both places.

use super::kind::TicketKind;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a ticket is in its life.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    New,
    InProgress,
    OnHold,
    /// Problems only: root cause and workaround are known and recorded.
    KnownError,
    Resolved,
    Closed,
    Cancelled,
}

impl TicketState {
    pub const ALL: [TicketState; 7] = [
        TicketState::New,
        TicketState::InProgress,
        TicketState::OnHold,
        TicketState::KnownError,
        TicketState::Resolved,
        TicketState::Closed,
        TicketState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::New => "new",
            TicketState::InProgress => "in_progress",
            TicketState::OnHold => "on_hold",
            TicketState::KnownError => "known_error",
            TicketState::Resolved => "resolved",
            TicketState::Closed => "closed",
            TicketState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TicketState> {
        TicketState::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The name agents see.
    pub fn label(self) -> &'static str {
        match self {
            TicketState::New => "New",
            TicketState::InProgress => "In progress",
            TicketState::OnHold => "On hold",
            TicketState::KnownError => "Known error",
            TicketState::Resolved => "Resolved",
            TicketState::Closed => "Closed",
            TicketState::Cancelled => "Cancelled",
        }
    }

    /// Closed and cancelled tickets never change state again.
    pub fn is_terminal(self) -> bool {
        matches!(self, TicketState::Closed | TicketState::Cancelled)
    }

    /// Whether work is still owed: not resolved, closed or cancelled.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            TicketState::Resolved | TicketState::Closed | TicketState::Cancelled
        )
    }
}

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl TicketKind {
    /// The states a ticket of this kind can be in, in lifecycle order (the default board columns).
    pub fn states(self) -> &'static [TicketState] {
        use TicketState::*;
        match self {
            TicketKind::Incident | TicketKind::Request | TicketKind::Task => {
                &[New, InProgress, OnHold, Resolved, Closed, Cancelled]
            }
            TicketKind::Problem => &[
                New, InProgress, OnHold, KnownError, Resolved, Closed, Cancelled,
            ],
        }
    }
}

/// The status in plain words, as the requester reads it in "My tickets".
pub fn requester_status(state: TicketState, hold: Option<HoldReason>) -> &'static str {
    match (state, hold) {
        (TicketState::New, _) => "Received",
        (TicketState::InProgress | TicketState::KnownError, _) => "Being worked on",
        (TicketState::OnHold, Some(HoldReason::AwaitingCaller)) => "Waiting for your reply",
        (TicketState::OnHold, Some(HoldReason::AwaitingVendor)) => "Waiting for a supplier",
        (TicketState::OnHold, _) => "Waiting for a planned change",
        (TicketState::Resolved, _) => "Resolved: please confirm",
        (TicketState::Closed, _) => "Closed",
        (TicketState::Cancelled, _) => "Cancelled",
    }
}

/// Why a ticket waits. Required when a ticket goes on hold.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    AwaitingCaller,
    AwaitingChange,
    AwaitingVendor,
}

impl HoldReason {
    pub const ALL: [HoldReason; 3] = [
        HoldReason::AwaitingCaller,
        HoldReason::AwaitingChange,
        HoldReason::AwaitingVendor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::AwaitingCaller => "awaiting_caller",
            HoldReason::AwaitingChange => "awaiting_change",
            HoldReason::AwaitingVendor => "awaiting_vendor",
        }
    }

    pub fn parse(s: &str) -> Option<HoldReason> {
        HoldReason::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            HoldReason::AwaitingCaller => "Awaiting caller",
            HoldReason::AwaitingChange => "Awaiting change",
            HoldReason::AwaitingVendor => "Awaiting vendor",
        }
    }
}

/// How a ticket was resolved. Required when a ticket is resolved.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionCode {
    SolvedPermanently,
    SolvedWorkaround,
    NotReproducible,
    ResolvedByCaller,
    Fulfilled,
    RootCauseFixed,
    Duplicate,
}

impl ResolutionCode {
    pub const ALL: [ResolutionCode; 7] = [
        ResolutionCode::SolvedPermanently,
        ResolutionCode::SolvedWorkaround,
        ResolutionCode::NotReproducible,
        ResolutionCode::ResolvedByCaller,
        ResolutionCode::Fulfilled,
        ResolutionCode::RootCauseFixed,
        ResolutionCode::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResolutionCode::SolvedPermanently => "solved_permanently",
            ResolutionCode::SolvedWorkaround => "solved_workaround",
            ResolutionCode::NotReproducible => "not_reproducible",
            ResolutionCode::ResolvedByCaller => "resolved_by_caller",
            ResolutionCode::Fulfilled => "fulfilled",
            ResolutionCode::RootCauseFixed => "root_cause_fixed",
            ResolutionCode::Duplicate => "duplicate",
        }
    }

    pub fn parse(s: &str) -> Option<ResolutionCode> {
        ResolutionCode::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ResolutionCode::SolvedPermanently => "Solved (permanently)",
            ResolutionCode::SolvedWorkaround => "Solved (workaround)",
            ResolutionCode::NotReproducible => "Not reproducible",
            ResolutionCode::ResolvedByCaller => "Resolved by caller",
            ResolutionCode::Fulfilled => "Fulfilled",
            ResolutionCode::RootCauseFixed => "Root cause fixed",
            ResolutionCode::Duplicate => "Duplicate",
        }
    }

    /// The codes that make sense for a kind of ticket.
    pub fn for_kind(kind: TicketKind) -> &'static [ResolutionCode] {
        use ResolutionCode::*;
        match kind {
            TicketKind::Incident => &[
                SolvedPermanently,
                SolvedWorkaround,
                NotReproducible,
                ResolvedByCaller,
                Duplicate,
            ],
            TicketKind::Request => &[Fulfilled, ResolvedByCaller, Duplicate],
            TicketKind::Problem => &[RootCauseFixed, SolvedWorkaround, Duplicate],
            TicketKind::Task => &[Fulfilled, Duplicate],
        }
    }
}

/// In which capacity someone acts on a ticket; the transition rules depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    /// Service desk or resolver-group staff (holds the right to work tickets).
    Agent,
    /// The person the ticket is for, without agent rights.
    Requester,
    /// Anyone else: may not change the state at all.
    Other,
}

/// Installation-wide lifecycle settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleRules {
    /// How long after resolution a ticket may still be reopened.
    pub reopen_window_days: u32,
}

impl Default for LifecycleRules {
    fn default() -> Self {
        LifecycleRules {
            reopen_window_days: 7,
        }
    }
}

/// The moves a party may make from `from`, ignoring the reopen window.
fn moves(kind: TicketKind, from: TicketState, party: Party) -> &'static [TicketState] {
    use TicketState::*;
    match party {
        Party::Other => &[],
        Party::Agent => match (kind, from) {
            (TicketKind::Problem, New) => &[InProgress, OnHold, Resolved, Cancelled],
            (TicketKind::Problem, InProgress) => &[OnHold, KnownError, Resolved, Cancelled],
            (TicketKind::Problem, OnHold) => &[InProgress, KnownError, Resolved, Cancelled],
            (TicketKind::Problem, KnownError) => &[InProgress, Resolved, Cancelled],
            (_, New) => &[InProgress, OnHold, Resolved, Cancelled],
            (_, InProgress) => &[OnHold, Resolved, Cancelled],
            (_, OnHold) => &[InProgress, Resolved, Cancelled],
            (_, Resolved) => &[InProgress, Closed],
            (_, KnownError | Closed | Cancelled) => &[],
        },
        Party::Requester => match (kind, from) {
            (TicketKind::Problem | TicketKind::Task, _) => &[],
            (TicketKind::Incident, New) => &[Cancelled],
            (TicketKind::Request, New | InProgress | OnHold) => &[Cancelled],
            (_, Resolved) => &[InProgress, Closed],
            _ => &[],
        },
    }
}

/// Facts about the ticket the rules need beyond its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionContext {
    pub now: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub rules: LifecycleRules,
}

impl TransitionContext {
    fn reopen_window_open(&self) -> bool {
        match self.resolved_at {
            Some(at) => self.now - at <= Duration::days(i64::from(self.rules.reopen_window_days)),
            None => true,
        }
    }
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionError {
    /// The ticket is already there.
    AlreadyThere { state: TicketState },
    /// Not a move this party may make from this state; lists what is allowed instead.
    NotAllowed {
        kind: TicketKind,
        from: TicketState,
        to: TicketState,
        allowed: Vec<TicketState>,
    },
    /// Reopening after the window closed.
    ReopenWindowClosed { days: u32 },
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransitionError::AlreadyThere { state } => {
                write!(f, "The ticket is already {}.", state.label())
            }
            TransitionError::NotAllowed {
                kind,
                from,
                to,
                allowed,
            } => {
                let what = kind.label().to_lowercase();
                let a = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "An"
                } else {
                    "A"
                };
                if allowed.is_empty() {
                    write!(
                        f,
                        "{a} {what} that is {} cannot be moved to {}: it cannot change state from here.",
                        from.label(),
                        to.label()
                    )
                } else {
                    write!(
                        f,
                        "{a} {what} that is {} cannot be moved to {}. It can move to {}.",
                        from.label(),
                        to.label(),
                        join_or(allowed)
                    )
                }
            }
            TransitionError::ReopenWindowClosed { days } => write!(
                f,
                "It was resolved more than {days} days ago and can no longer be reopened; raise a new ticket and link it."
            ),
        }
    }
}

fn join_or(states: &[TicketState]) -> String {
    let labels: Vec<&str> = states.iter().map(|s| s.label()).collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

/// The states `party` may move the ticket to now, in lifecycle order.
pub fn allowed_targets(
    kind: TicketKind,
    from: TicketState,
    party: Party,
    ctx: &TransitionContext,
) -> Vec<TicketState> {
    moves(kind, from, party)
        .iter()
        .copied()
        .filter(|to| {
            !(from == TicketState::Resolved && *to == TicketState::InProgress)
                || ctx.reopen_window_open()
        })
        .collect()
}

/// Whether `party` may move a ticket of `kind` from `from` to `to`; the error explains the refusal.
pub fn check_transition(
    kind: TicketKind,
    from: TicketState,
    to: TicketState,
    party: Party,
    ctx: &TransitionContext,
) -> Result<(), TransitionError> {
    if from == to {
        return Err(TransitionError::AlreadyThere { state: to });
    }
    if !moves(kind, from, party).contains(&to) {
        return Err(TransitionError::NotAllowed {
            kind,
            from,
            to,
            allowed: allowed_targets(kind, from, party, ctx),
        });
    }
    if from == TicketState::Resolved && to == TicketState::InProgress && !ctx.reopen_window_open() {
        return Err(TransitionError::ReopenWindowClosed {
            days: ctx.rules.reopen_window_days,
        });
    }
    Ok(())
}

/// An agent's reason for cancelling ([`Requirement::Reason`]), trimmed; the sentence to show
/// when it is missing.
pub fn cancellation_reason(notes: &str) -> Result<String, &'static str> {
    let why = notes.trim();
    if why.is_empty() {
        Err("Say why it is cancelled, for the requester and the record.")
    } else {
        Ok(why.to_string())
    }
}

/// What a move needs besides the target state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Nothing,
    /// Going on hold: a hold reason.
    HoldReason,
    /// Resolving: a resolution code and notes.
    Resolution,
    /// Cancelling: an agent says why (kept as the resolution notes). Asked by the agent's screens;
    /// a requester withdrawing may leave it empty, so the server does not insist.
    Reason,
    /// Closing: final, so the agent's screens ask for a confirmation first.
    Confirmation,
}

/// What moving to `to` asks of the user.
pub fn requirement(to: TicketState) -> Requirement {
    match to {
        TicketState::OnHold => Requirement::HoldReason,
        TicketState::Resolved => Requirement::Resolution,
        TicketState::Cancelled => Requirement::Reason,
        TicketState::Closed => Requirement::Confirmation,
        _ => Requirement::Nothing,
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
