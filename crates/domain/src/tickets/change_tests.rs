//! Every change against the states it applies to, table by table.

use super::*;
use crate::tickets::lifecycle::LifecycleRules;
use HoldReason::*;
use TicketState::*;
use chrono::{Duration, TimeZone};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
}

fn ctx(resolved_at: Option<DateTime<Utc>>) -> TransitionContext {
    TransitionContext {
        now: now(),
        resolved_at,
        rules: LifecycleRules::default(),
    }
}

fn fields(state: TicketState, hold: Option<HoldReason>) -> StateFields {
    StateFields {
        state,
        hold_reason: hold,
        resolved_at: None,
        closed_at: None,
        resolution_code: None,
        resolution_notes: None,
        first_response_at: None,
    }
}

fn withdrawn() -> StateChange {
    StateChange::Withdrawn {
        reason: "The request was cancelled.".into(),
    }
}

/// (system change, state before, hold reason before, state after or None when it does not apply)
#[test]
fn system_changes_apply_only_where_they_mean_something() {
    let table: Vec<(
        StateChange,
        TicketState,
        Option<HoldReason>,
        Option<TicketState>,
    )> = vec![
        (
            StateChange::CallerReplied,
            OnHold,
            Some(AwaitingCaller),
            Some(InProgress),
        ),
        (
            StateChange::CallerReplied,
            OnHold,
            Some(AwaitingVendor),
            None,
        ),
        (StateChange::CallerReplied, InProgress, None, None),
        (StateChange::CallerReplied, Resolved, None, None),
        (StateChange::WorkStarted, New, None, Some(InProgress)),
        (StateChange::WorkStarted, InProgress, None, None),
        (StateChange::WorkStarted, OnHold, Some(AwaitingVendor), None),
        (StateChange::WorkStarted, Cancelled, None, None),
        (StateChange::Fulfilled, New, None, Some(Resolved)),
        (StateChange::Fulfilled, InProgress, None, Some(Resolved)),
        (
            StateChange::Fulfilled,
            OnHold,
            Some(AwaitingVendor),
            Some(Resolved),
        ),
        (StateChange::Fulfilled, Resolved, None, None),
        (StateChange::Fulfilled, Cancelled, None, None),
        (withdrawn(), New, None, Some(Cancelled)),
        (withdrawn(), InProgress, None, Some(Cancelled)),
        (withdrawn(), OnHold, Some(AwaitingCaller), Some(Cancelled)),
        (withdrawn(), Resolved, None, None),
        (withdrawn(), Closed, None, None),
        (withdrawn(), Cancelled, None, None),
    ];
    for (change, state, hold, expected) in table {
        let got = apply(
            TicketKind::Request,
            &fields(state, hold),
            &change,
            &ctx(None),
        )
        .expect("system changes are never refused");
        assert_eq!(
            got.as_ref().map(|f| f.state),
            expected,
            "{change:?} from {state:?}/{hold:?}"
        );
        if let Some(f) = got {
            assert_eq!(f.hold_reason, None, "{change:?} clears the hold reason");
            assert_eq!(f.first_response_at, None, "the system is not an agent");
        }
    }
}

#[test]
fn fulfilment_and_withdrawal_record_how_the_ticket_ended() {
    let done = apply(
        TicketKind::Request,
        &fields(InProgress, None),
        &StateChange::Fulfilled,
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(done.resolved_at, Some(now()));
    assert_eq!(done.resolution_code, Some(ResolutionCode::Fulfilled));
    assert_eq!(
        done.resolution_notes.as_deref(),
        Some("Every fulfilment task is done.")
    );
    let gone = apply(
        TicketKind::Task,
        &fields(OnHold, Some(AwaitingVendor)),
        &withdrawn(),
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(gone.closed_at, Some(now()));
    assert_eq!(gone.resolved_at, None);
    assert_eq!(
        gone.resolution_notes.as_deref(),
        Some("The request was cancelled.")
    );
}

fn move_to(by: Party, to: TicketState) -> StateChange {
    StateChange::Move {
        by,
        request: TransitionRequest::to(1, to),
    }
}

#[test]
fn a_persons_move_is_checked_against_the_lifecycle_rules() {
    let refused = apply(
        TicketKind::Incident,
        &fields(New, None),
        &move_to(Party::Requester, InProgress),
        &ctx(None),
    );
    assert!(matches!(
        refused,
        Err(ChangeError::Refused(TransitionError::NotAllowed { .. }))
    ));
    let same = apply(
        TicketKind::Incident,
        &fields(InProgress, None),
        &move_to(Party::Agent, InProgress),
        &ctx(None),
    );
    assert!(matches!(
        same,
        Err(ChangeError::Refused(TransitionError::AlreadyThere { .. }))
    ));
    // On hold without saying what for; resolved without a code and notes.
    let Err(ChangeError::Incomplete(e)) = apply(
        TicketKind::Incident,
        &fields(InProgress, None),
        &move_to(Party::Agent, OnHold),
        &ctx(None),
    ) else {
        panic!("a hold needs a reason");
    };
    assert!(e.get("hold_reason").is_some());
    let Err(ChangeError::Incomplete(e)) = apply(
        TicketKind::Incident,
        &fields(InProgress, None),
        &move_to(Party::Agent, Resolved),
        &ctx(None),
    ) else {
        panic!("resolving needs a resolution");
    };
    assert!(e.get("resolution_code").is_some() && e.get("resolution_notes").is_some());
}

#[test]
fn an_agents_first_move_is_the_first_response_and_a_requesters_is_not() {
    let by_agent = apply(
        TicketKind::Incident,
        &fields(New, None),
        &move_to(Party::Agent, InProgress),
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(by_agent.first_response_at, Some(now()));
    let earlier = now() - Duration::hours(2);
    let mut answered = fields(InProgress, None);
    answered.first_response_at = Some(earlier);
    let again = apply(
        TicketKind::Incident,
        &answered,
        &move_to(Party::Agent, OnHold).with_hold(AwaitingVendor),
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(again.first_response_at, Some(earlier), "kept, not moved on");
    assert_eq!(again.hold_reason, Some(AwaitingVendor));
    let by_requester = apply(
        TicketKind::Incident,
        &fields(New, None),
        &move_to(Party::Requester, Cancelled),
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(by_requester.first_response_at, None);
    assert_eq!(by_requester.closed_at, Some(now()));
}

#[test]
fn resolving_then_reopening_clears_the_resolution() {
    let mut resolving = TransitionRequest::to(1, Resolved);
    resolving.resolution_code = Some(ResolutionCode::SolvedWorkaround);
    resolving.resolution_notes = Some("  Restarted the agent.  ".into());
    let resolved = apply(
        TicketKind::Incident,
        &fields(InProgress, None),
        &StateChange::Move {
            by: Party::Agent,
            request: resolving,
        },
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(resolved.resolved_at, Some(now()));
    assert_eq!(
        resolved.resolution_notes.as_deref(),
        Some("Restarted the agent.")
    );
    let reopened = apply(
        TicketKind::Incident,
        &resolved,
        &move_to(Party::Requester, InProgress),
        &ctx(resolved.resolved_at),
    )
    .unwrap()
    .unwrap();
    assert_eq!(reopened.state, InProgress);
    assert_eq!(reopened.resolved_at, None);
    assert_eq!(reopened.resolution_code, None);
    assert_eq!(reopened.resolution_notes, None);
    // After the reopen window the same move is refused.
    let late = ctx(Some(now() - Duration::days(60)));
    assert!(matches!(
        apply(
            TicketKind::Incident,
            &resolved,
            &move_to(Party::Requester, InProgress),
            &late
        ),
        Err(ChangeError::Refused(
            TransitionError::ReopenWindowClosed { .. }
        ))
    ));
}

#[test]
fn cancelling_keeps_earlier_notes_unless_a_reason_is_given() {
    let mut before = fields(InProgress, None);
    before.resolution_notes = Some("earlier".into());
    let plain = apply(
        TicketKind::Incident,
        &before,
        &move_to(Party::Agent, Cancelled),
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(plain.resolution_notes.as_deref(), Some("earlier"));
    let mut why = TransitionRequest::to(1, Cancelled);
    why.resolution_notes = Some("Duplicate of INC0000007".into());
    let reasoned = apply(
        TicketKind::Incident,
        &before,
        &StateChange::Move {
            by: Party::Agent,
            request: why,
        },
        &ctx(None),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        reasoned.resolution_notes.as_deref(),
        Some("Duplicate of INC0000007")
    );
}

trait WithHold {
    fn with_hold(self, h: HoldReason) -> Self;
}

impl WithHold for StateChange {
    fn with_hold(self, h: HoldReason) -> Self {
        match self {
            StateChange::Move { by, mut request } => {
                request.hold_reason = Some(h);
                StateChange::Move { by, request }
            }
            other => other,
        }
    }
}
