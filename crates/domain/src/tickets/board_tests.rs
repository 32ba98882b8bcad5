//! Board views, columns and live events, table by table.

use super::*;
use crate::tickets::model::GroupRef;
use crate::tickets::priority::Level;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

fn card(id: i64, state: TicketState, priority: u8, version: i32) -> TicketCard {
    TicketCard {
        id: TicketId(id),
        number: TicketKind::Incident.number(id),
        kind: TicketKind::Incident,
        title: format!("Ticket {id}"),
        state,
        hold_reason: None,
        impact: Level::MEDIUM,
        urgency: Level::MEDIUM,
        priority: Priority::new(priority).unwrap(),
        major_incident: false,
        requester: PersonRef {
            id: UserId(100),
            name: "Rita Requester".into(),
        },
        assignee: None,
        group: None,
        tags: vec![],
        opened_at: now(),
        updated_at: now(),
        resolved_at: None,
        version,
    }
}

fn viewer() -> Viewer {
    Viewer {
        user_id: UserId(1),
        group_ids: vec![GroupId(5)],
    }
}

fn board(cols: Vec<(TicketState, u64, Vec<TicketCard>, bool)>) -> BoardData {
    BoardData {
        view: BoardView::default(),
        columns: cols
            .into_iter()
            .map(|(s, count, cards, more)| BoardColumn {
                key: ColumnKey::State(s),
                label: s.label().into(),
                count,
                cards,
                next_cursor: more.then(|| "o5.999".into()),
                wip: None,
            })
            .collect(),
        major_incidents: vec![],
    }
}

fn event(before: Option<TicketCard>, after: TicketCard) -> TicketEvent {
    TicketEvent {
        change: ChangeKind::Moved,
        before,
        after,
        actor: PersonRef {
            id: UserId(2),
            name: "Priya Shah".into(),
        },
        internal: false,
        at: now(),
    }
}

#[test]
fn views_round_trip_through_the_url() {
    let views = [
        BoardView::default(),
        BoardView {
            kind: TicketKind::Problem,
            group_by: GroupBy::Assignee,
            lanes: Lanes::Priority,
            mine: true,
            my_groups: true,
            unassigned: false,
            priority: Some(Priority::P2),
            text: "vpn down".into(),
        },
    ];
    for v in views {
        let pairs = v.to_pairs();
        let back = BoardView::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, v);
    }
    let junk = BoardView::from_pairs([
        ("kind", "nope"),
        ("group", "x"),
        ("priority", "9"),
        ("mine", "yes"),
    ]);
    assert_eq!(junk, BoardView::default());
    assert_eq!(
        BoardView::default().to_pairs(),
        vec![("kind", "incident".to_string())]
    );
    let v = BoardView {
        text: "vpn down & out".into(),
        mine: true,
        ..Default::default()
    };
    assert_eq!(v.to_query(), "kind=incident&mine=1&q=vpn+down+%26+out");
}

#[test]
fn filters_match_like_the_server() {
    let mut mine = card(1, TicketState::New, 3, 1);
    mine.assignee = Some(PersonRef {
        id: UserId(1),
        name: "Me".into(),
    });
    let mut group = card(2, TicketState::New, 3, 1);
    group.group = Some(GroupRef {
        id: GroupId(5),
        name: "Network".into(),
    });
    let other = card(3, TicketState::New, 1, 1);
    let v = viewer();
    // (view, [matches mine, group, other])
    let table = [
        (BoardView::default(), [true, true, true]),
        (
            BoardView {
                mine: true,
                ..Default::default()
            },
            [true, false, false],
        ),
        (
            BoardView {
                my_groups: true,
                ..Default::default()
            },
            [false, true, false],
        ),
        (
            BoardView {
                unassigned: true,
                ..Default::default()
            },
            [false, true, true],
        ),
        (
            BoardView {
                priority: Some(Priority::P1),
                ..Default::default()
            },
            [false, false, true],
        ),
        (
            BoardView {
                text: "ticket 2".into(),
                ..Default::default()
            },
            [false, true, false],
        ),
        (
            BoardView {
                text: "inc0000003".into(),
                ..Default::default()
            },
            [false, false, true],
        ),
        (
            BoardView {
                kind: TicketKind::Problem,
                ..Default::default()
            },
            [false, false, false],
        ),
    ];
    for (view, expect) in table {
        let got = [&mine, &group, &other].map(|c| view.matches(c, &v));
        assert_eq!(got, expect, "{view:?}");
    }
}

#[test]
fn a_moved_card_leaves_one_column_and_enters_another() {
    let c = card(10, TicketState::New, 3, 1);
    let mut b = board(vec![
        (
            TicketState::New,
            5,
            vec![card(9, TicketState::New, 2, 1), c.clone()],
            true,
        ),
        (
            TicketState::InProgress,
            2,
            vec![
                card(4, TicketState::InProgress, 2, 1),
                card(12, TicketState::InProgress, 4, 1),
            ],
            false,
        ),
    ]);
    let mut moved = c.clone();
    moved.state = TicketState::InProgress;
    moved.version = 2;
    b.apply(&event(Some(c.clone()), moved.clone()), &viewer(), now());
    assert_eq!(b.columns[0].count, 4);
    assert!(b.columns[0].cards.iter().all(|x| x.id != c.id));
    assert_eq!(b.columns[1].count, 3);
    let ids: Vec<i64> = b.columns[1].cards.iter().map(|x| x.id.0).collect();
    assert_eq!(ids, vec![4, 10, 12], "sorted by priority then age");

    // The same event again (or an older one) changes nothing.
    let snapshot = b.clone();
    b.apply(&event(Some(c.clone()), moved), &viewer(), now());
    assert_eq!(b, snapshot);
}

#[test]
fn a_card_after_the_loaded_page_only_bumps_the_count() {
    let mut b = board(vec![(
        TicketState::New,
        30,
        vec![card(1, TicketState::New, 2, 1)],
        true,
    )]);
    b.apply(
        &event(None, card(50, TicketState::New, 5, 1)),
        &viewer(),
        now(),
    );
    assert_eq!(b.columns[0].count, 31);
    assert_eq!(b.columns[0].cards.len(), 1);
    b.apply(
        &event(None, card(51, TicketState::New, 1, 1)),
        &viewer(),
        now(),
    );
    assert_eq!(b.columns[0].cards.len(), 2, "sorts inside the loaded page");
}

#[test]
fn a_card_leaving_the_filter_disappears() {
    let c = card(7, TicketState::New, 3, 1);
    let mut b = board(vec![(TicketState::New, 1, vec![c.clone()], false)]);
    b.view.unassigned = true;
    let mut assigned = c.clone();
    assigned.assignee = Some(PersonRef {
        id: UserId(3),
        name: "Sam".into(),
    });
    assigned.version = 2;
    b.apply(&event(Some(c), assigned), &viewer(), now());
    assert_eq!(b.columns[0].count, 0);
    assert!(b.columns[0].cards.is_empty());
}

#[test]
fn major_incident_banner_follows_events() {
    let mut b = board(vec![(TicketState::New, 0, vec![], false)]);
    let mut major = card(1, TicketState::New, 1, 1);
    major.major_incident = true;
    b.apply(&event(None, major.clone()), &viewer(), now());
    assert_eq!(b.major_incidents.len(), 1);
    let mut resolved = major.clone();
    resolved.state = TicketState::Resolved;
    resolved.version = 2;
    b.apply(&event(Some(major), resolved), &viewer(), now());
    assert!(b.major_incidents.is_empty());
}

#[test]
fn column_tokens_and_cursors_round_trip() {
    let keys = [
        ColumnKey::State(TicketState::OnHold),
        ColumnKey::Assignee(None),
        ColumnKey::Assignee(Some(UserId(12))),
        ColumnKey::Group(Some(GroupId(3))),
        ColumnKey::Group(None),
        ColumnKey::Priority(Priority::P4),
    ];
    for k in keys {
        assert_eq!(ColumnKey::from_token(&k.to_token()), Some(k));
    }
    for bad in [
        "",
        "state",
        "state:bogus",
        "assignee:x",
        "priority:7",
        "colour:red",
    ] {
        assert_eq!(ColumnKey::from_token(bad), None, "{bad}");
    }
    let c = card(42, TicketState::Closed, 2, 1);
    for key in [
        ColumnKey::State(TicketState::New),
        ColumnKey::State(TicketState::Closed),
    ] {
        let sk = SortKey::of(&c, key);
        assert_eq!(SortKey::parse_cursor(&sk.cursor()), Some(sk));
    }
    for bad in ["", "o", "x1.2", "o1", "oa.b"] {
        assert_eq!(SortKey::parse_cursor(bad), None, "{bad}");
    }
}

#[test]
fn finished_tickets_age_off_the_board() {
    let mut c = card(1, TicketState::Closed, 3, 1);
    assert!(on_board(&c, GroupBy::State, now()));
    c.updated_at = now() - Duration::days(RECENT_DAYS + 1);
    assert!(!on_board(&c, GroupBy::State, now()));
    let resolved = card(2, TicketState::Resolved, 3, 1);
    assert!(on_board(&resolved, GroupBy::State, now()));
    assert!(
        !on_board(&resolved, GroupBy::Assignee, now()),
        "other groupings show open work only"
    );
}

#[test]
fn wip_limits() {
    let advisory = WipLimit {
        limit: 3,
        strict: false,
    };
    let strict = WipLimit {
        limit: 3,
        strict: true,
    };
    for (count, over, admits_strict) in [(2, false, true), (3, false, false), (4, true, false)] {
        assert_eq!(advisory.over(count), over);
        assert!(advisory.admits(count).is_ok());
        assert_eq!(strict.admits(count).is_ok(), admits_strict, "{count}");
    }
}

#[test]
fn lanes_group_cards() {
    let mut c = card(1, TicketState::New, 2, 1);
    assert_eq!(lane_of(&c, Lanes::Priority).1, "P2 High");
    assert_eq!(lane_of(&c, Lanes::Assignee).1, "Unassigned");
    c.group = Some(GroupRef {
        id: GroupId(4),
        name: "Service Desk".into(),
    });
    assert_eq!(
        lane_of(&c, Lanes::Group),
        ("g4".to_string(), "Service Desk".to_string())
    );
}
