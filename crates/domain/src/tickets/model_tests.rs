//! Validation tables for ticket inputs.

use super::*;

fn new_ticket(title: &str) -> NewTicket {
    NewTicket {
        kind: TicketKind::Incident,
        title: title.into(),
        description: String::new(),
        requester_id: None,
        caller: None,
        category: "Network".into(),
        subcategory: String::new(),
        impact: Level::MEDIUM,
        urgency: Level::HIGH,
        group_id: None,
        assignee_id: None,
        tags: vec![],
    }
}

#[test]
fn new_ticket_validation() {
    let long = "x".repeat(MAX_TITLE + 1);
    let bad_tags = vec!["ok".to_string(), "not ok!".to_string()];
    let table: Vec<(NewTicket, Option<&str>)> = vec![
        (new_ticket("VPN drops every hour"), None),
        (new_ticket("  ab "), Some("title")),
        (new_ticket(&long), Some("title")),
        (
            NewTicket {
                tags: bad_tags,
                ..new_ticket("Printer jam")
            },
            Some("tags"),
        ),
        (
            NewTicket {
                tags: (0..11).map(|i| format!("t{i}")).collect(),
                ..new_ticket("Printer jam")
            },
            Some("tags"),
        ),
        (
            NewTicket {
                description: "d".repeat(MAX_BODY + 1),
                ..new_ticket("Printer jam")
            },
            Some("description"),
        ),
        (
            NewTicket {
                category: "c".repeat(81),
                ..new_ticket("Printer jam")
            },
            Some("category"),
        ),
    ];
    for (input, field) in table {
        let got = input.clone().normalised().validate();
        match field {
            None => assert!(got.is_ok(), "{:?}: {got:?}", input.title),
            Some(f) => assert!(
                got.as_ref().err().and_then(|e| e.get(f)).is_some(),
                "{f}: {got:?}"
            ),
        }
    }
}

#[test]
fn tags_are_normalised() {
    let tags = ["  VPN ", "#vpn", "", "Remote-Work"].map(String::from);
    assert_eq!(
        normalise_tags(&tags),
        vec!["vpn".to_string(), "remote-work".to_string()]
    );
}

#[test]
fn transitions_carry_what_their_state_needs() {
    use ResolutionCode as R;
    use TicketState as S;
    let table = [
        (
            TicketKind::Incident,
            S::InProgress,
            None,
            None,
            None,
            vec![],
        ),
        (
            TicketKind::Incident,
            S::OnHold,
            None,
            None,
            None,
            vec!["hold_reason"],
        ),
        (
            TicketKind::Incident,
            S::OnHold,
            Some(HoldReason::AwaitingVendor),
            None,
            None,
            vec![],
        ),
        (
            TicketKind::Incident,
            S::Resolved,
            None,
            None,
            None,
            vec!["resolution_code", "resolution_notes"],
        ),
        (
            TicketKind::Incident,
            S::Resolved,
            None,
            Some(R::SolvedWorkaround),
            Some("   "),
            vec!["resolution_notes"],
        ),
        (
            TicketKind::Incident,
            S::Resolved,
            None,
            Some(R::Fulfilled),
            Some("done"),
            vec!["resolution_code"],
        ),
        (
            TicketKind::Request,
            S::Resolved,
            None,
            Some(R::Fulfilled),
            Some("Laptop handed over"),
            vec![],
        ),
        (
            TicketKind::Problem,
            S::Resolved,
            None,
            Some(R::RootCauseFixed),
            Some("Patched"),
            vec![],
        ),
    ];
    for (kind, to, hold, code, notes, fields) in table {
        let req = TransitionRequest {
            version: 1,
            to,
            hold_reason: hold,
            resolution_code: code,
            resolution_notes: notes.map(String::from),
        };
        let got: Vec<String> = req
            .validate(kind)
            .err()
            .map(|e| e.0.into_iter().map(|f| f.field).collect())
            .unwrap_or_default();
        assert_eq!(got, fields, "{kind:?} → {to:?}");
    }
}

#[test]
fn patch_distinguishes_absent_null_and_value() {
    let p: TicketPatch = serde_json::from_str(r#"{"version":3}"#).unwrap();
    assert_eq!(p.assignee_id, None);
    let p: TicketPatch = serde_json::from_str(r#"{"version":3,"assignee_id":null}"#).unwrap();
    assert_eq!(p.assignee_id, Some(None));
    let p: TicketPatch =
        serde_json::from_str(r#"{"version":3,"assignee_id":7,"impact":1}"#).unwrap();
    assert_eq!(p.assignee_id, Some(Some(UserId(7))));
    assert_eq!(p.impact, Some(Level::HIGH));
    assert!(serde_json::from_str::<TicketPatch>(r#"{"version":3,"urgency":5}"#).is_err());
    let back: TicketPatch = serde_json::from_str(
        &serde_json::to_string(&TicketPatch {
            assignee_id: Some(None),
            ..Default::default()
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(back.assignee_id, Some(None));
}

#[test]
fn links_respect_kinds() {
    use TicketKind::*;
    let table = [
        (LinkKind::CausedBy, Incident, Problem, true),
        (LinkKind::CausedBy, Request, Problem, true),
        (LinkKind::CausedBy, Incident, Incident, false),
        (LinkKind::CausedBy, Problem, Problem, false),
        (LinkKind::DuplicateOf, Incident, Incident, true),
        (LinkKind::DuplicateOf, Incident, Request, false),
        (LinkKind::ChildOf, Incident, Problem, true),
    ];
    for (link, from, to, ok) in table {
        assert_eq!(
            link.check(from, to).is_ok(),
            ok,
            "{link:?} {from:?} → {to:?}"
        );
    }
}

#[test]
fn only_p1_incidents_may_be_major() {
    assert!(may_be_major(TicketKind::Incident, Priority::P1));
    assert!(!may_be_major(TicketKind::Incident, Priority::P2));
    assert!(!may_be_major(TicketKind::Problem, Priority::P1));
}

#[test]
fn comments_need_text() {
    assert!(
        NewComment {
            body: "  ".into(),
            internal: false
        }
        .validate()
        .is_err()
    );
    assert!(
        NewComment {
            body: "Rebooted the switch".into(),
            internal: true
        }
        .validate()
        .is_ok()
    );
}

#[test]
fn list_cursors_read_back_only_in_their_own_order() {
    use super::{ListCursor, TicketSort};
    let table = [
        (TicketSort::Newest, ListCursor::Before(981), "981"),
        (
            TicketSort::Priority,
            ListCursor::After {
                priority: 2,
                id: 17,
            },
            "p2.17",
        ),
    ];
    for (sort, cursor, text) in table {
        assert_eq!(cursor.to_string(), text);
        assert_eq!(ListCursor::parse(sort, text), Some(cursor));
    }
    for (sort, bad) in [
        (TicketSort::Newest, "p2.17"),
        (TicketSort::Newest, "abc"),
        (TicketSort::Priority, "981"),
        (TicketSort::Priority, "p0.17"),
        (TicketSort::Priority, "p6.17"),
        (TicketSort::Priority, "p2."),
        (TicketSort::Priority, "2.17"),
    ] {
        assert_eq!(
            ListCursor::parse(sort, bad),
            None,
            "{bad} in {sort:?} order"
        );
    }
    assert_eq!(
        ListCursor::after(TicketSort::Priority, 1, 5),
        ListCursor::After { priority: 1, id: 5 }
    );
    assert_eq!(
        ListCursor::after(TicketSort::Newest, 1, 5),
        ListCursor::Before(5)
    );
}
