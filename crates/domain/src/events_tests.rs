//! Who hears of which change, table by table; notices carry ids and versions only.

use super::*;
use crate::auth::Role;
use crate::ids::TicketId;
use crate::tickets::board::ChangeKind;
use crate::tickets::model::{PersonRef, TicketCard};
use crate::tickets::{Level, Priority, TicketState};
use chrono::TimeZone;

const REQUESTER: UserId = UserId(100);

fn event(kind: TicketKind, internal: bool) -> TicketEvent {
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
    let card = TicketCard {
        id: TicketId(42),
        number: kind.number(42),
        kind,
        title: "Laptop will not charge".into(),
        state: TicketState::InProgress,
        hold_reason: None,
        impact: Level::MEDIUM,
        urgency: Level::MEDIUM,
        priority: Priority::new(3).unwrap(),
        major_incident: false,
        requester: PersonRef {
            id: REQUESTER,
            name: "Rita Requester".into(),
        },
        assignee: None,
        group: None,
        tags: vec![],
        opened_at: at,
        updated_at: at,
        resolved_at: None,
        version: 7,
    };
    TicketEvent {
        change: if internal {
            ChangeKind::Commented
        } else {
            ChangeKind::Moved
        },
        before: None,
        after: card,
        actor: PersonRef {
            id: UserId(1),
            name: "Priya Shah".into(),
        },
        internal,
        at,
    }
}

fn person(id: i64, roles: &[Role]) -> Actor {
    Actor {
        user_id: UserId(id),
        username: format!("u{id}"),
        display_name: format!("User {id}"),
        roles: roles.iter().copied().collect(),
    }
}

#[test]
fn the_ticket_rule_decides_who_hears_of_a_change() {
    let agent = person(1, &[Role::Requester, Role::Agent]);
    let owner = person(REQUESTER.0, &[Role::Requester]);
    let other = person(200, &[Role::Requester]);
    // (kind, work note?, agent hears, requester who raised it hears, another requester hears)
    let table = [
        (TicketKind::Incident, false, true, true, false),
        (TicketKind::Incident, true, true, false, false),
        (TicketKind::Request, false, true, true, false),
        (TicketKind::Problem, false, true, true, false),
        (TicketKind::Task, false, true, false, false),
        (TicketKind::Task, true, true, false, false),
    ];
    for (kind, internal, to_agent, to_owner, to_other) in table {
        let audience = ticket_notice(&event(kind, internal)).audience;
        assert_eq!(
            audience.admits(&agent),
            to_agent,
            "{kind:?} note={internal}: agent"
        );
        assert_eq!(
            audience.admits(&owner),
            to_owner,
            "{kind:?} note={internal}: owner"
        );
        assert_eq!(
            audience.admits(&other),
            to_other,
            "{kind:?} note={internal}: other"
        );
    }
}

#[test]
fn a_notice_names_the_record_and_its_version_and_nothing_of_its_content() {
    let notice = ticket_notice(&event(TicketKind::Incident, false));
    assert_eq!(
        notice.record,
        RecordRef {
            kind: RecordKind::Ticket,
            id: 42,
            version: 7
        }
    );
    assert_eq!(notice.happened, Happened::Changed);
    assert_eq!(notice.by, UserId(1));
    let json = serde_json::to_string(&notice).unwrap();
    assert!(!json.contains("Laptop") && !json.contains("Rita"), "{json}");
    assert!(
        json.len() < 8_000,
        "fits a NOTIFY payload: {} bytes",
        json.len()
    );
    let back: Notice = serde_json::from_str(&json).unwrap();
    assert_eq!(back, notice);
    assert_eq!(
        ticket_notice(&event(TicketKind::Incident, true)).happened,
        Happened::Commented
    );
}
