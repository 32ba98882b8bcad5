//! Every transition × party × kind, checked against one expected table.

use super::*;
use TicketState::*;
use chrono::TimeZone;

fn ctx(resolved_days_ago: Option<i64>) -> TransitionContext {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap();
    TransitionContext {
        now,
        resolved_at: resolved_days_ago.map(|d| now - Duration::days(d)),
        rules: LifecycleRules::default(),
    }
}

/// (kind, from, party, allowed targets): anything not listed is refused.
fn expected() -> Vec<(TicketKind, TicketState, Party, Vec<TicketState>)> {
    use Party::*;
    use TicketKind::*;
    let mut t = Vec::new();
    for kind in [Incident, Request, Task] {
        t.push((
            kind,
            New,
            Agent,
            vec![InProgress, OnHold, Resolved, Cancelled],
        ));
        t.push((kind, InProgress, Agent, vec![OnHold, Resolved, Cancelled]));
        t.push((kind, OnHold, Agent, vec![InProgress, Resolved, Cancelled]));
        t.push((kind, Resolved, Agent, vec![InProgress, Closed]));
    }
    // Tasks are agents' work: the requester follows them on the request, never moves them.
    for kind in [Incident, Request] {
        t.push((kind, Resolved, Requester, vec![InProgress, Closed]));
    }
    t.push((Incident, New, Requester, vec![Cancelled]));
    for from in [New, InProgress, OnHold] {
        t.push((Request, from, Requester, vec![Cancelled]));
    }
    t.push((
        Problem,
        New,
        Agent,
        vec![InProgress, OnHold, Resolved, Cancelled],
    ));
    t.push((
        Problem,
        InProgress,
        Agent,
        vec![OnHold, KnownError, Resolved, Cancelled],
    ));
    t.push((
        Problem,
        OnHold,
        Agent,
        vec![InProgress, KnownError, Resolved, Cancelled],
    ));
    t.push((
        Problem,
        KnownError,
        Agent,
        vec![InProgress, Resolved, Cancelled],
    ));
    t.push((Problem, Resolved, Agent, vec![InProgress, Closed]));
    t
}

#[test]
fn every_transition_for_every_party_matches_the_table() {
    let table = expected();
    let c = ctx(Some(1));
    let mut checked = 0;
    for kind in TicketKind::ALL {
        for from in kind.states().iter().copied() {
            for party in [Party::Agent, Party::Requester, Party::Other] {
                let allowed: Vec<TicketState> = table
                    .iter()
                    .find(|(k, f, p, _)| *k == kind && *f == from && *p == party)
                    .map(|(_, _, _, a)| a.clone())
                    .unwrap_or_default();
                assert_eq!(
                    allowed_targets(kind, from, party, &c),
                    allowed,
                    "{kind:?} {from:?} {party:?}"
                );
                for to in TicketState::ALL {
                    let got = check_transition(kind, from, to, party, &c);
                    assert_eq!(
                        got.is_ok(),
                        allowed.contains(&to),
                        "{kind:?} {from:?} → {to:?} as {party:?}: {got:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, (6 + 6 + 7 + 6) * 3 * 7);
}

#[test]
fn known_error_is_a_problem_state_only() {
    assert!(!TicketKind::Incident.states().contains(&KnownError));
    assert!(TicketKind::Problem.states().contains(&KnownError));
    assert!(
        check_transition(
            TicketKind::Incident,
            InProgress,
            KnownError,
            Party::Agent,
            &ctx(None)
        )
        .is_err()
    );
}

#[test]
fn reopening_is_allowed_only_inside_the_window() {
    for (days_ago, party, ok) in [
        (0, Party::Agent, true),
        (7, Party::Agent, true),
        (8, Party::Agent, false),
        (3, Party::Requester, true),
        (30, Party::Requester, false),
    ] {
        let got = check_transition(
            TicketKind::Incident,
            Resolved,
            InProgress,
            party,
            &ctx(Some(days_ago)),
        );
        assert_eq!(got.is_ok(), ok, "{days_ago} days as {party:?}");
        if !ok {
            assert_eq!(got, Err(TransitionError::ReopenWindowClosed { days: 7 }));
            // Closing stays possible, and is the only move offered.
            assert_eq!(
                allowed_targets(TicketKind::Incident, Resolved, party, &ctx(Some(days_ago))),
                vec![Closed]
            );
        }
    }
}

#[test]
fn refusals_say_what_is_allowed() {
    let c = ctx(None);
    let msg = check_transition(TicketKind::Incident, New, Closed, Party::Agent, &c)
        .unwrap_err()
        .to_string();
    assert_eq!(
        msg,
        "An incident that is New cannot be moved to Closed. It can move to In progress, On hold, Resolved or Cancelled."
    );
    let msg = check_transition(TicketKind::Incident, Closed, InProgress, Party::Agent, &c)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("cannot change state from here"), "{msg}");
    let msg = check_transition(
        TicketKind::Incident,
        InProgress,
        Resolved,
        Party::Requester,
        &c,
    )
    .unwrap_err()
    .to_string();
    assert!(msg.contains("cannot be moved to Resolved"), "{msg}");
    assert_eq!(
        check_transition(TicketKind::Request, OnHold, OnHold, Party::Agent, &c),
        Err(TransitionError::AlreadyThere { state: OnHold })
    );
}

#[test]
fn holding_and_resolving_ask_for_more() {
    assert_eq!(requirement(OnHold), Requirement::HoldReason);
    assert_eq!(requirement(Resolved), Requirement::Resolution);
    assert_eq!(requirement(InProgress), Requirement::Nothing);
    assert_eq!(requirement(Cancelled), Requirement::Reason);
    assert_eq!(requirement(Closed), Requirement::Confirmation);
    assert_eq!(requirement(New), Requirement::Nothing);
    assert!(cancellation_reason("  \n ").is_err());
    assert_eq!(
        cancellation_reason(" Raised twice ").as_deref(),
        Ok("Raised twice")
    );
    for kind in TicketKind::ALL {
        assert!(ResolutionCode::for_kind(kind).contains(&ResolutionCode::Duplicate));
    }
}

#[test]
fn identifiers_round_trip() {
    for s in TicketState::ALL {
        assert_eq!(TicketState::parse(s.as_str()), Some(s));
    }
    for r in HoldReason::ALL {
        assert_eq!(HoldReason::parse(r.as_str()), Some(r));
    }
    for r in ResolutionCode::ALL {
        assert_eq!(ResolutionCode::parse(r.as_str()), Some(r));
    }
}

#[test]
fn requesters_read_plain_words() {
    let table = [
        (New, None, "Received"),
        (InProgress, None, "Being worked on"),
        (
            OnHold,
            Some(HoldReason::AwaitingCaller),
            "Waiting for your reply",
        ),
        (
            OnHold,
            Some(HoldReason::AwaitingVendor),
            "Waiting for a supplier",
        ),
        (
            OnHold,
            Some(HoldReason::AwaitingChange),
            "Waiting for a planned change",
        ),
        (KnownError, None, "Being worked on"),
        (Resolved, None, "Resolved: please confirm"),
        (Closed, None, "Closed"),
        (Cancelled, None, "Cancelled"),
    ];
    for (state, hold, words) in table {
        assert_eq!(requester_status(state, hold), words);
    }
}
