//! Demo tickets: a realistic morning at the service desk, created through the same commands the
//! portal uses (so every ticket has its audit trail), plus a few hundred older generated tickets.

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::{commands, comments};
use crate::users::load_actor;
use db::entities::{group, user};
use domain::tickets::lifecycle::{HoldReason, ResolutionCode, TicketState};
use domain::tickets::model::{LinkKind, NewLink};
use domain::tickets::{Level, NewComment, NewTicket, TicketKind, TicketPatch, TransitionRequest};
use domain::{Actor, GroupId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// (kind, requester, title, description, category, impact, urgency, group, assignee, final state)
type Spec = (
    TicketKind,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u8,
    u8,
    &'static str,
    Option<&'static str>,
    TicketState,
);

const SPECS: &[Spec] = &[
    (
        TicketKind::Incident,
        "samuel.adeyemi",
        "Email down for the whole Finance floor",
        "Nobody on floor 4 can send or receive mail since 08:40. Outlook says *Disconnected*.",
        "Email",
        1,
        1,
        "Service Desk",
        Some("priya.shah"),
        TicketState::InProgress,
    ),
    (
        TicketKind::Incident,
        "daniel.novak",
        "VPN drops every few minutes",
        "Working from home; the VPN disconnects roughly every 5 minutes.\n\n- Windows 11\n- Home fibre",
        "Network",
        3,
        2,
        "Network",
        Some("lina.okafor"),
        TicketState::InProgress,
    ),
    (
        TicketKind::Incident,
        "grace.kim",
        "Payroll export fails with error 500",
        "The monthly payroll export stops at 80 % with *Internal Server Error*. Payroll is due Friday.",
        "Applications",
        2,
        1,
        "Applications",
        Some("kenji.watanabe"),
        TicketState::New,
    ),
    (
        TicketKind::Incident,
        "emma.dubois",
        "Printer on floor 2 jams on every job",
        "",
        "Hardware",
        3,
        3,
        "Desktop Support",
        None,
        TicketState::New,
    ),
    (
        TicketKind::Incident,
        "daniel.novak",
        "Excel crashes when opening the budget workbook",
        "Only this workbook; others open fine.",
        "Applications",
        3,
        2,
        "Service Desk",
        Some("tom.becker"),
        TicketState::OnHold,
    ),
    (
        TicketKind::Incident,
        "samuel.adeyemi",
        "Cannot log in to the ERP",
        "Password was reset yesterday; ERP still refuses it.",
        "Access",
        2,
        2,
        "Service Desk",
        Some("aisha.bello"),
        TicketState::Resolved,
    ),
    (
        TicketKind::Incident,
        "grace.kim",
        "Wi-Fi keeps asking for my password",
        "",
        "Network",
        3,
        3,
        "Network",
        None,
        TicketState::New,
    ),
    (
        TicketKind::Incident,
        "emma.dubois",
        "Teams calls drop after 10 minutes",
        "Happens in every meeting room on floor 3.",
        "Network",
        2,
        2,
        "Network",
        Some("lina.okafor"),
        TicketState::New,
    ),
    (
        TicketKind::Incident,
        "daniel.novak",
        "Monitor flickers",
        "",
        "Hardware",
        3,
        3,
        "Desktop Support",
        Some("sofia.lindqvist"),
        TicketState::Closed,
    ),
    (
        TicketKind::Request,
        "grace.kim",
        "New laptop for new starter in Payroll",
        "Starts on the 1st; needs the standard finance image.",
        "Hardware",
        3,
        2,
        "Desktop Support",
        Some("sofia.lindqvist"),
        TicketState::InProgress,
    ),
    (
        TicketKind::Request,
        "daniel.novak",
        "Access to the finance shared drive",
        "Need read/write to \\\\files\\finance\\budget.",
        "Access",
        3,
        3,
        "Service Desk",
        None,
        TicketState::New,
    ),
    (
        TicketKind::Request,
        "emma.dubois",
        "Install Visio",
        "",
        "Software",
        3,
        3,
        "Service Desk",
        Some("tom.becker"),
        TicketState::Resolved,
    ),
    (
        TicketKind::Request,
        "samuel.adeyemi",
        "Second monitor for home office",
        "",
        "Hardware",
        3,
        3,
        "Desktop Support",
        None,
        TicketState::New,
    ),
    (
        TicketKind::Problem,
        "priya.shah",
        "Recurring mail outages on the Finance floor",
        "Three outages in two weeks; suspect the floor switch.",
        "Email",
        2,
        2,
        "Network",
        Some("lina.okafor"),
        TicketState::InProgress,
    ),
    (
        TicketKind::Problem,
        "priya.shah",
        "VPN concentrator fails over under load",
        "",
        "Network",
        2,
        3,
        "Network",
        Some("lina.okafor"),
        TicketState::KnownError,
    ),
];

async fn actor(s: &Services, username: &str) -> ServiceResult<Actor> {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    load_actor(&s.db, &u).await
}

async fn group_id(s: &Services, name: &str) -> ServiceResult<Option<GroupId>> {
    Ok(group::Entity::find()
        .filter(group::Column::Name.eq(name))
        .one(&s.db)
        .await?
        .map(|g| GroupId(g.id)))
}

/// Walks a ticket from New to `target` the way an agent would.
async fn walk(
    s: &Services,
    agent: &Actor,
    number: &str,
    mut version: i32,
    kind: TicketKind,
    target: TicketState,
) -> ServiceResult<()> {
    use TicketState::*;
    let path: &[TicketState] = match target {
        New => &[],
        InProgress => &[InProgress],
        OnHold => &[InProgress, OnHold],
        KnownError => &[InProgress, KnownError],
        Resolved => &[InProgress, Resolved],
        Closed => &[InProgress, Resolved, Closed],
        Cancelled => &[Cancelled],
    };
    for to in path {
        let mut req = TransitionRequest::to(version, *to);
        if *to == OnHold {
            req.hold_reason = Some(HoldReason::AwaitingCaller);
        }
        if *to == Resolved {
            req.resolution_code = Some(ResolutionCode::for_kind(kind)[0]);
            req.resolution_notes = Some("Fixed and confirmed with the caller.".into());
        }
        version = commands::transition(s, agent, number, req).await?.version;
    }
    Ok(())
}

/// Creates the demo tickets (only into an empty ticket table).
pub async fn seed_demo_tickets(s: &Services) -> ServiceResult<()> {
    // A few hundred older tickets first (so numbers follow time), for the boards' finished columns
    // and the requesters' history.
    crate::generate::generate_tickets(&s.db, 400, 7).await?;
    let desk = actor(s, "priya.shah").await?;
    let mut numbers = Vec::new();
    for (kind, requester, title, description, category, impact, urgency, group, assignee, state) in
        SPECS
    {
        let requester = actor(s, requester).await?;
        let assignee_actor = match assignee {
            Some(a) => Some(actor(s, a).await?),
            None => None,
        };
        let new = NewTicket {
            kind: *kind,
            title: (*title).into(),
            description: (*description).into(),
            requester_id: Some(requester.user_id),
            caller: None,
            category: (*category).into(),
            subcategory: String::new(),
            impact: Level::new(*impact).unwrap_or(Level::MEDIUM),
            urgency: Level::new(*urgency).unwrap_or(Level::MEDIUM),
            group_id: group_id(s, group).await?,
            assignee_id: assignee_actor.as_ref().map(|a| a.user_id),
            tags: vec![],
        };
        // Requesters raise incidents and requests themselves; the desk raises problems.
        let raiser = if *kind == TicketKind::Problem {
            &desk
        } else {
            &requester
        };
        let mut card = if raiser.user_id == requester.user_id && *kind != TicketKind::Problem {
            let own = NewTicket {
                group_id: None,
                assignee_id: None,
                requester_id: None,
                ..new.clone()
            };
            let c = commands::create(s, raiser, own).await?;
            let patch = TicketPatch {
                version: c.version,
                group_id: Some(new.group_id),
                assignee_id: Some(new.assignee_id),
                ..Default::default()
            };
            commands::update(s, &desk, &c.number, patch).await?
        } else {
            commands::create(s, raiser, new.clone()).await?
        };
        let worker = assignee_actor.as_ref().unwrap_or(&desk);
        if *state != TicketState::New {
            comments::comment(
                s,
                worker,
                &card.number,
                NewComment {
                    body: "Thanks, I am looking into this now.".into(),
                    internal: false,
                },
            )
            .await?;
        }
        walk(s, worker, &card.number, card.version, *kind, *state).await?;
        if card.priority.get() == 1 && *kind == TicketKind::Incident {
            card = crate::tickets::find_visible(&s.db, &desk, &card.number)
                .await
                .and_then(|t| crate::tickets::cards::Names::default().card(&t))?;
            commands::update(
                s,
                &desk,
                &card.number,
                TicketPatch {
                    version: card.version,
                    major_incident: Some(true),
                    ..Default::default()
                },
            )
            .await?;
            comments::comment(
                s,
                &desk,
                &card.number,
                NewComment {
                    body: "Major incident declared; bridge call at 09:15.".into(),
                    internal: true,
                },
            )
            .await?;
        }
        numbers.push((card.number.clone(), *kind, *title));
    }
    // The mail problem explains the Finance mail outage.
    let find = |t: &str| {
        numbers
            .iter()
            .find(|(_, _, title)| *title == t)
            .map(|(n, _, _)| n.clone())
    };
    if let (Some(inc), Some(prb)) = (
        find("Email down for the whole Finance floor"),
        find("Recurring mail outages on the Finance floor"),
    ) {
        comments::link(
            s,
            &desk,
            &inc,
            NewLink {
                kind: LinkKind::CausedBy,
                number: prb,
            },
        )
        .await?;
    }
    // Work-in-progress limits on the incident board: advisory on "In progress", strict on "New"
    // for requests (the desk triages before taking more).
    let admin = actor(s, "alex.morgan").await?;
    let advisory = domain::tickets::board::WipLimit {
        limit: 10,
        strict: false,
    };
    crate::tickets::board::set_wip_limit(
        s,
        &admin,
        TicketKind::Incident,
        TicketState::InProgress,
        advisory,
    )
    .await?;
    crate::tickets::board::set_wip_limit(
        s,
        &admin,
        TicketKind::Incident,
        TicketState::OnHold,
        domain::tickets::board::WipLimit {
            limit: 3,
            strict: false,
        },
    )
    .await?;
    Ok(())
}
