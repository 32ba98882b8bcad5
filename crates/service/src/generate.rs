//! Realistic ticket volumes with history, for tests (10k) and benchmarks (1M).
//!
//! Tickets are spread over the last two years, oldest first, so ids follow opening time as in a
//! real desk. Tickets of the last six weeks are mostly open, older ones almost all closed, which
//! gives about 5 % open work overall (about 50,000 of 1,000,000). Each ticket gets its audit
//! trail (created, state changes) and about a third get a reply. Rows are written in large multi-row inserts inside one transaction per batch.

use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Duration, Utc};
use db::entities::{
    group, group_member, ticket, ticket_activity, ticket_comment, ticket_counter, user, user_role,
};
use domain::tickets::lifecycle::{HoldReason, ResolutionCode, TicketState};
use domain::tickets::{Level, PriorityMatrix, TicketKind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect, Set, Statement, TransactionTrait,
};

/// Tickets written per transaction.
const BATCH: usize = 1000;
/// Rows per INSERT statement (kept under SQLite's and PostgreSQL's bound-parameter limits).
const ROWS_PER_INSERT: usize = 500;

/// What a run created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateReport {
    pub tickets: u64,
    pub open: u64,
    pub activity: u64,
    pub comments: u64,
}

/// (category, subcategory, kind, titles)
const TEMPLATES: &[(&str, &str, TicketKind, &[&str])] = &[
    (
        "Network",
        "VPN",
        TicketKind::Incident,
        &[
            "VPN drops every few minutes",
            "Cannot connect to VPN from home",
            "VPN very slow since this morning",
        ],
    ),
    (
        "Network",
        "Wi-Fi",
        TicketKind::Incident,
        &[
            "No Wi-Fi on floor 3",
            "Wi-Fi keeps asking for password",
            "Guest Wi-Fi not working in meeting room",
        ],
    ),
    (
        "Email",
        "Outlook",
        TicketKind::Incident,
        &[
            "Outlook crashes when opening attachments",
            "Emails stuck in outbox",
            "Shared mailbox not showing",
        ],
    ),
    (
        "Hardware",
        "Laptop",
        TicketKind::Incident,
        &[
            "Laptop will not boot",
            "Laptop battery drains in an hour",
            "Broken keyboard on laptop",
        ],
    ),
    (
        "Hardware",
        "Printer",
        TicketKind::Incident,
        &[
            "Printer on floor 2 jams",
            "Cannot print to HR printer",
            "Printer prints blank pages",
        ],
    ),
    (
        "Applications",
        "ERP",
        TicketKind::Incident,
        &[
            "ERP invoice screen times out",
            "Error 500 when posting journal",
            "ERP report shows wrong totals",
        ],
    ),
    (
        "Applications",
        "CRM",
        TicketKind::Incident,
        &[
            "CRM login loops back to sign-in",
            "Cannot save contact in CRM",
            "CRM search returns nothing",
        ],
    ),
    (
        "Access",
        "Account",
        TicketKind::Incident,
        &[
            "Account locked after password change",
            "MFA prompt never arrives",
            "Cannot reset my password",
        ],
    ),
    (
        "Hardware",
        "Laptop",
        TicketKind::Request,
        &[
            "New laptop for new starter",
            "Replace laptop charger",
            "Second monitor for home office",
        ],
    ),
    (
        "Access",
        "Application",
        TicketKind::Request,
        &[
            "Access to finance shared drive",
            "Add me to the sales CRM team",
            "Admin rights for developer tools",
        ],
    ),
    (
        "Software",
        "Install",
        TicketKind::Request,
        &[
            "Install Visio",
            "Licence for Adobe Acrobat Pro",
            "Install Python on my laptop",
        ],
    ),
    (
        "Accounts",
        "Onboarding",
        TicketKind::Request,
        &[
            "Onboard new hire in Marketing",
            "Create account for contractor",
            "Distribution list for project team",
        ],
    ),
    (
        "Network",
        "Core",
        TicketKind::Problem,
        &[
            "Recurring VPN concentrator failover",
            "Intermittent DNS timeouts",
            "Wi-Fi controller memory leak",
        ],
    ),
    (
        "Applications",
        "ERP",
        TicketKind::Problem,
        &[
            "ERP batch jobs overrun nightly window",
            "Slow ERP queries after upgrade",
        ],
    ),
    (
        "Email",
        "Exchange",
        TicketKind::Problem,
        &[
            "Mail delivery delays at peak hours",
            "Calendar sync failures on mobiles",
        ],
    ),
];

struct People {
    requesters: Vec<i64>,
    /// (agent, one of their groups)
    agents: Vec<(i64, Option<i64>)>,
    groups: Vec<i64>,
}

async fn people(db: &DatabaseConnection) -> ServiceResult<People> {
    let requesters: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Disabled.eq(false))
        .into_tuple()
        .all(db)
        .await?;
    let agent_ids: Vec<i64> = user_role::Entity::find()
        .select_only()
        .column(user_role::Column::UserId)
        .filter(user_role::Column::Role.is_in(
            domain::Role::granting(domain::Capability::WorkTickets).map(domain::Role::as_str),
        ))
        .into_tuple()
        .all(db)
        .await?;
    let memberships: Vec<(i64, i64)> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::UserId)
        .column(group_member::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    let agents = agent_ids
        .iter()
        .map(|a| {
            (
                *a,
                memberships.iter().find(|(u, _)| u == a).map(|(_, g)| *g),
            )
        })
        .collect();
    let groups = group::Entity::find()
        .select_only()
        .column(group::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if requesters.is_empty() || agent_ids.is_empty() {
        return Err(ServiceError::Conflict(
            "generating tickets needs people: start once with demo data first".into(),
        ));
    }
    Ok(People {
        requesters,
        agents,
        groups,
    })
}

fn weighted_level(rng: &mut StdRng) -> Level {
    match rng.gen_range(0..10) {
        0 => Level::HIGH,
        1..=4 => Level::MEDIUM,
        _ => Level::LOW,
    }
}

/// Creates `n` tickets (with history) after whatever exists, deterministic for a given `seed`.
pub async fn generate_tickets(
    db: &DatabaseConnection,
    n: u64,
    seed: u64,
) -> ServiceResult<GenerateReport> {
    let people = people(db).await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let matrix = PriorityMatrix::default();
    let now = crate::now();
    let span = Duration::days(730);
    let first_id: i64 = ticket::Entity::find()
        .select_only()
        .column_as(Expr::col(ticket::Column::Id).max(), "m")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0)
        + 1;
    let mut seqs = std::collections::HashMap::new();
    for c in ticket_counter::Entity::find().all(db).await? {
        seqs.insert(c.kind, c.last);
    }
    let mut report = GenerateReport {
        tickets: 0,
        open: 0,
        activity: 0,
        comments: 0,
    };
    let mut i: u64 = 0;
    while i < n {
        let batch_end = (i + BATCH as u64).min(n);
        let mut tickets = Vec::with_capacity(BATCH);
        let mut activity = Vec::new();
        let mut comments = Vec::new();
        for k in i..batch_end {
            let id = first_id + i64::try_from(k).unwrap_or(0);
            // Position in time: 0.0 = two years ago, 1.0 = now.
            let pos = (k as f64 + 0.5) / n as f64;
            let opened_at: DateTime<Utc> =
                now - span + Duration::seconds((span.num_seconds() as f64 * pos) as i64);
            let (cat, sub, kind, titles) = TEMPLATES[rng.gen_range(0..TEMPLATES.len())];
            let seq = seqs.entry(kind.as_str().to_string()).or_insert(0);
            *seq += 1;
            let impact = weighted_level(&mut rng);
            let urgency = weighted_level(&mut rng);
            let priority = matrix.priority(impact, urgency);
            let age_days = (now - opened_at).num_days();
            let open_chance = if age_days < 45 {
                0.75
            } else if age_days < 90 {
                0.03
            } else {
                0.002
            };
            let state = if rng.gen_bool(open_chance) {
                match rng.gen_range(0..10) {
                    0..=2 => TicketState::New,
                    3..=7 => TicketState::InProgress,
                    _ if kind == TicketKind::Problem && rng.gen_bool(0.5) => {
                        TicketState::KnownError
                    }
                    _ => TicketState::OnHold,
                }
            } else if age_days < 7 {
                TicketState::Resolved
            } else if rng.gen_bool(0.05) {
                TicketState::Cancelled
            } else {
                TicketState::Closed
            };
            let (agent, agent_group) = people.agents[rng.gen_range(0..people.agents.len())];
            let assigned = state != TicketState::New || rng.gen_bool(0.3);
            let group_id = agent_group.or_else(|| people.groups.first().copied());
            let worked = opened_at + Duration::minutes(rng.gen_range(5..240));
            let resolved = worked + Duration::hours(rng.gen_range(1..72));
            let finished = matches!(state, TicketState::Resolved | TicketState::Closed);
            let updated_at = match state {
                TicketState::Closed | TicketState::Cancelled => {
                    (resolved + Duration::days(3)).min(now)
                }
                TicketState::Resolved => resolved.min(now),
                TicketState::New => opened_at,
                _ => worked.min(now),
            };
            if state.is_open() {
                report.open += 1;
            }
            // Problems are raised by the desk; incidents and requests by anyone.
            let requester = if kind == TicketKind::Problem {
                agent
            } else {
                people.requesters[rng.gen_range(0..people.requesters.len())]
            };
            tickets.push(ticket::ActiveModel {
                id: Set(id),
                kind: Set(kind.as_str().into()),
                seq: Set(*seq),
                number: Set(kind.number(*seq)),
                title: Set(titles[rng.gen_range(0..titles.len())].to_string()),
                description: Set(format!(
                    "Reported via the portal.\n\n**Category:** {cat} / {sub}"
                )),
                requester_id: Set(requester),
                caller: Set(None),
                group_id: Set(group_id),
                assignee_id: Set(assigned.then_some(agent)),
                category: Set(cat.into()),
                subcategory: Set(sub.into()),
                impact: Set(impact.get().into()),
                urgency: Set(urgency.get().into()),
                priority: Set(priority.get().into()),
                state: Set(state.as_str().into()),
                hold_reason: Set((state == TicketState::OnHold)
                    .then(|| HoldReason::AwaitingVendor.as_str().into())),
                major_incident: Set(false),
                resolution_code: Set(
                    finished.then(|| ResolutionCode::for_kind(kind)[0].as_str().into())
                ),
                resolution_notes: Set(
                    finished.then(|| "Fixed and confirmed with the caller.".into())
                ),
                tags: Set(String::new()),
                opened_at: Set(opened_at),
                first_response_at: Set((state != TicketState::New).then_some(worked)),
                resolved_at: Set(finished.then_some(resolved)),
                closed_at: Set(
                    matches!(state, TicketState::Closed | TicketState::Cancelled)
                        .then_some(updated_at),
                ),
                updated_at: Set(updated_at),
                version: Set(1),
            });
            let line =
                |at, field: &str, old: Option<&str>, new: &str| ticket_activity::ActiveModel {
                    id: NotSet,
                    ticket_id: Set(id),
                    actor_id: Set(agent),
                    at: Set(at),
                    field: Set(field.into()),
                    old_value: Set(old.map(String::from)),
                    new_value: Set(Some(new.to_string())),
                };
            activity.push(line(opened_at, "created", None, &kind.number(*seq)));
            if state != TicketState::New {
                activity.push(line(worked, "state", Some("New"), "In progress"));
            }
            if state != TicketState::New && state != TicketState::InProgress {
                activity.push(line(
                    updated_at,
                    "state",
                    Some("In progress"),
                    state.label(),
                ));
            }
            if state != TicketState::New && rng.gen_bool(0.33) {
                comments.push(ticket_comment::ActiveModel {
                    id: NotSet,
                    ticket_id: Set(id),
                    author_id: Set(agent),
                    body: Set("Looking into this now; I will update you within the hour.".into()),
                    internal: Set(false),
                    created_at: Set(worked),
                });
            }
        }
        report.tickets += tickets.len() as u64;
        report.activity += activity.len() as u64;
        report.comments += comments.len() as u64;
        let txn = db.begin().await?;
        for chunk in chunks(tickets) {
            ticket::Entity::insert_many(chunk).exec(&txn).await?;
        }
        for chunk in chunks(activity) {
            ticket_activity::Entity::insert_many(chunk)
                .exec(&txn)
                .await?;
        }
        for chunk in chunks(comments) {
            ticket_comment::Entity::insert_many(chunk)
                .exec(&txn)
                .await?;
        }
        for (kind, last) in &seqs {
            ticket_counter::Entity::update_many()
                .col_expr(ticket_counter::Column::Last, Expr::value(*last))
                .filter(ticket_counter::Column::Kind.eq(kind.as_str()))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        crate::database::checkpoint(db).await;
        i = batch_end;
    }
    if db.get_database_backend() == DatabaseBackend::Postgres {
        // Ids were given explicitly: move the sequence past them.
        db.execute(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT MAX(id) FROM tickets))",
        ))
        .await?;
        // What autovacuum does on a live system soon after a bulk load: statistics for the planner
        // and the visibility map that lets counts be answered from indexes alone.
        for table in ["tickets", "ticket_activity", "ticket_comments"] {
            db.execute(Statement::from_string(
                DatabaseBackend::Postgres,
                format!("VACUUM ANALYZE {table}"),
            ))
            .await?;
        }
    } else {
        db.execute(Statement::from_string(DatabaseBackend::Sqlite, "ANALYZE"))
            .await?;
    }
    Ok(report)
}

fn chunks<T>(mut v: Vec<T>) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    while !v.is_empty() {
        let rest = v.split_off(v.len().min(ROWS_PER_INSERT));
        out.push(v);
        v = rest;
    }
    out
}
