//! Changing tickets: create, edit fields, move between states.
//!
//! Every change goes through [`write`]: read the row, check the version the caller saw, let the
//! change edit a copy, store the copy only if nobody wrote in between (`WHERE version = seen`),
//! write one audit line per changed field, commit, then publish the live event.

use super::cards::{Names, join_tags, level};
use super::{TicketSettings, find_visible, kind_of, party, state_of};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use chrono::{DateTime, Utc};
use db::entities::{group, group_member, ticket, ticket_activity, ticket_counter, user};
use domain::tickets::board::{ChangeKind, TicketEvent};
use domain::tickets::lifecycle::{Party, TicketState, TransitionContext, check_transition};
use domain::tickets::model::may_be_major;
use domain::tickets::{
    Level, NewTicket, PersonRef, TicketCard, TicketKind, TicketPatch, TransitionRequest,
};
use domain::users::FieldErrors;
use domain::{Actor, Capability};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

/// The acting user as tickets show people.
pub fn person(actor: &Actor) -> PersonRef {
    PersonRef {
        id: actor.user_id,
        name: actor.display_name.clone(),
    }
}

/// The live event of a change that is not a comment (or of a new ticket, when `before` is
/// `None`).
pub(crate) fn event(
    actor: &Actor,
    change: ChangeKind,
    before: Option<TicketCard>,
    after: TicketCard,
    at: DateTime<Utc>,
) -> TicketEvent {
    TicketEvent {
        change,
        before,
        after,
        actor: person(actor),
        internal: false,
        at,
    }
}

/// Hands out the next number of a kind inside the caller's transaction.
async fn next_seq(txn: &DatabaseTransaction, kind: TicketKind) -> ServiceResult<i64> {
    ticket_counter::Entity::update_many()
        .col_expr(
            ticket_counter::Column::Last,
            Expr::col(ticket_counter::Column::Last).add(1),
        )
        .filter(ticket_counter::Column::Kind.eq(kind.as_str()))
        .exec(txn)
        .await?;
    let row = ticket_counter::Entity::find_by_id(kind.as_str().to_string())
        .one(txn)
        .await?
        .ok_or(ServiceError::Internal)?;
    Ok(row.last)
}

/// Checks that an assignee is an agent and, when a group is named, a member of it.
async fn check_assignment(
    db: &impl ConnectionTrait,
    assignee: Option<i64>,
    group_id: Option<i64>,
    errors: &mut FieldErrors,
) -> ServiceResult<()> {
    if let Some(g) = group_id
        && group::Entity::find_by_id(g).one(db).await?.is_none()
    {
        errors.add("group_id", "That group does not exist.");
        return Ok(());
    }
    if let Some(a) = assignee {
        let Some(u) = user::Entity::find_by_id(a).one(db).await? else {
            errors.add("assignee_id", "That person does not exist.");
            return Ok(());
        };
        if u.disabled {
            errors.add(
                "assignee_id",
                format!("{} is disabled and cannot take tickets.", u.display_name),
            );
            return Ok(());
        }
        let roles = crate::users::roles_of(db, a).await?;
        if !roles.grants(Capability::WorkTickets) {
            errors.add(
                "assignee_id",
                format!("{} is not an agent.", u.display_name),
            );
            return Ok(());
        }
        if let Some(g) = group_id {
            let member = group_member::Entity::find()
                .filter(group_member::Column::GroupId.eq(g))
                .filter(group_member::Column::UserId.eq(a))
                .count(db)
                .await?;
            if member == 0 {
                errors.add(
                    "assignee_id",
                    format!(
                        "{} is not a member of the assignment group.",
                        u.display_name
                    ),
                );
            }
        }
    }
    Ok(())
}

/// Raises a ticket. Requesters raise incidents and requests for themselves; agents raise any kind
/// for anyone and may assign it straight away.
#[tracing::instrument(skip(s, actor, new), fields(actor = %actor.username), err(level = "info"))]
pub async fn create(s: &Services, actor: &Actor, new: NewTicket) -> ServiceResult<TicketCard> {
    require(actor, Capability::UseSelfService)?;
    let new = new.normalised();
    let mut errors = new.validate().err().unwrap_or_default();
    let agent = actor.can(Capability::WorkTickets);
    if new.kind == TicketKind::Task {
        errors.add(
            "kind",
            "Fulfilment tasks are created by catalog requests; raise a service request instead.",
        );
    }
    if !agent {
        if new.kind == TicketKind::Problem {
            errors.add(
                "kind",
                "Problems are raised by the service desk; report an incident instead.",
            );
        }
        if new.requester_id.is_some_and(|r| r != actor.user_id) {
            errors.add("requester_id", "You can only raise tickets for yourself.");
        }
        if new.group_id.is_some() || new.assignee_id.is_some() {
            errors.add("assignee_id", "The service desk assigns tickets.");
        }
    }
    let requester = new.requester_id.unwrap_or(actor.user_id).0;
    if user::Entity::find_by_id(requester)
        .one(&s.db)
        .await?
        .is_none()
    {
        errors.add("requester_id", "That person does not exist.");
    }
    check_assignment(
        &s.db,
        new.assignee_id.map(|a| a.0),
        new.group_id.map(|g| g.0),
        &mut errors,
    )
    .await?;
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }

    let now = crate::now();
    let txn = crate::database::begin_write(&s.db).await?;
    let row = insert_row(
        &txn,
        &s.tickets,
        actor,
        NewRow {
            kind: new.kind,
            title: new.title.clone(),
            description: new.description.clone(),
            requester_id: requester,
            caller: new.caller.clone(),
            group_id: new.group_id.map(|g| g.0),
            assignee_id: new.assignee_id.map(|a| a.0),
            category: new.category.clone(),
            subcategory: new.subcategory.clone(),
            impact: new.impact,
            urgency: new.urgency,
            tags: join_tags(&new.tags),
        },
        now,
    )
    .await?;
    txn.commit().await?;

    let card = super::cards::card(&s.db, &row).await?;
    s.events
        .publish(event(actor, ChangeKind::Created, None, card.clone(), now));
    Ok(card)
}

/// What a new ticket row holds.
pub(crate) struct NewRow {
    pub kind: TicketKind,
    pub title: String,
    pub description: String,
    pub requester_id: i64,
    pub caller: Option<String>,
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub category: String,
    pub subcategory: String,
    pub impact: Level,
    pub urgency: Level,
    pub tags: String,
}

/// Inserts a new ticket in state New with its number and "created" audit line, inside the
/// caller's transaction.
pub(crate) async fn insert_row(
    txn: &DatabaseTransaction,
    settings: &TicketSettings,
    actor: &Actor,
    new: NewRow,
    now: DateTime<Utc>,
) -> ServiceResult<ticket::Model> {
    let seq = next_seq(txn, new.kind).await?;
    let priority = settings.matrix.priority(new.impact, new.urgency);
    let row = ticket::ActiveModel {
        id: NotSet,
        kind: Set(new.kind.as_str().into()),
        seq: Set(seq),
        number: Set(new.kind.number(seq)),
        title: Set(new.title),
        description: Set(new.description),
        requester_id: Set(new.requester_id),
        caller: Set(new.caller),
        group_id: Set(new.group_id),
        assignee_id: Set(new.assignee_id),
        category: Set(new.category),
        subcategory: Set(new.subcategory),
        impact: Set(new.impact.get().into()),
        urgency: Set(new.urgency.get().into()),
        priority: Set(priority.get().into()),
        state: Set(TicketState::New.as_str().into()),
        hold_reason: Set(None),
        major_incident: Set(false),
        resolution_code: Set(None),
        resolution_notes: Set(None),
        tags: Set(new.tags),
        opened_at: Set(now),
        first_response_at: Set(None),
        resolved_at: Set(None),
        closed_at: Set(None),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(txn)
    .await?;
    audit(
        txn,
        row.id,
        actor,
        now,
        vec![("created".into(), None, Some(row.number.clone()))],
    )
    .await?;
    Ok(row)
}

/// Writes audit lines for one change.
pub(crate) async fn audit(
    txn: &DatabaseTransaction,
    ticket_id: i64,
    actor: &Actor,
    at: DateTime<Utc>,
    lines: Vec<(String, Option<String>, Option<String>)>,
) -> ServiceResult<()> {
    if lines.is_empty() {
        return Ok(());
    }
    ticket_activity::Entity::insert_many(lines.into_iter().map(|(field, old, new)| {
        ticket_activity::ActiveModel {
            id: NotSet,
            ticket_id: Set(ticket_id),
            actor_id: Set(actor.user_id.0),
            at: Set(at),
            field: Set(field),
            old_value: Set(old),
            new_value: Set(new),
        }
    }))
    .exec(txn)
    .await?;
    Ok(())
}

/// The audit lines between two versions of a row, with people and groups by name.
fn diff(
    old: &ticket::Model,
    new: &ticket::Model,
    names: &Names,
) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: Option<String>, b: Option<String>| {
        if a != b {
            out.push((name.to_string(), a, b));
        }
    };
    let label =
        |s: &str| TicketState::parse(s).map_or_else(|| s.to_string(), |st| st.label().to_string());
    field("state", Some(label(&old.state)), Some(label(&new.state)));
    field(
        "hold_reason",
        old.hold_reason.clone(),
        new.hold_reason.clone(),
    );
    field("title", Some(old.title.clone()), Some(new.title.clone()));
    if old.description != new.description {
        field(
            "description",
            Some("(previous text)".into()),
            Some("(new text)".into()),
        );
    }
    field(
        "category",
        Some(old.category.clone()),
        Some(new.category.clone()),
    );
    field(
        "subcategory",
        Some(old.subcategory.clone()),
        Some(new.subcategory.clone()),
    );
    field(
        "impact",
        Some(old.impact.to_string()),
        Some(new.impact.to_string()),
    );
    field(
        "urgency",
        Some(old.urgency.to_string()),
        Some(new.urgency.to_string()),
    );
    field(
        "priority",
        Some(format!("P{}", old.priority)),
        Some(format!("P{}", new.priority)),
    );
    field(
        "assignee",
        names.user_name(old.assignee_id),
        names.user_name(new.assignee_id),
    );
    field(
        "group",
        names.group_name(old.group_id),
        names.group_name(new.group_id),
    );
    field(
        "major_incident",
        Some(old.major_incident.to_string()),
        Some(new.major_incident.to_string()),
    );
    field(
        "resolution_code",
        old.resolution_code.clone(),
        new.resolution_code.clone(),
    );
    field(
        "resolution_notes",
        old.resolution_notes.clone(),
        new.resolution_notes.clone(),
    );
    field(
        "tags",
        Some(old.tags.trim_matches(',').replace(',', ", ")),
        Some(new.tags.trim_matches(',').replace(',', ", ")),
    );
    out
}

/// Reads, edits and stores one ticket under optimistic concurrency; publishes the event.
pub(crate) async fn write<F>(
    s: &Services,
    actor: &Actor,
    number: &str,
    seen_version: i32,
    change: ChangeKind,
    edit: F,
) -> ServiceResult<TicketCard>
where
    F: FnOnce(
        &ticket::Model,
        &mut ticket::Model,
        &TicketSettings,
        DateTime<Utc>,
    ) -> ServiceResult<()>,
{
    let now = crate::now();
    let txn = crate::database::begin_write(&s.db).await?;
    let old = find_visible(&txn, actor, number).await?;
    if old.version != seen_version {
        drop(txn);
        return Err(stale(s, &old).await);
    }
    let mut new = old.clone();
    edit(&old, &mut new, &s.tickets, now)?;
    let priority = s
        .tickets
        .matrix
        .priority(level(new.impact), level(new.urgency));
    new.priority = priority.get().into();
    // The flag lapses when a major incident's priority drops below P1.
    if new.major_incident && !may_be_major(kind_of(&new)?, priority) {
        new.major_incident = false;
    }
    if new.state != old.state {
        // Inside the transaction, so that concurrent moves cannot exceed a strict WIP limit.
        super::board::check_wip(&txn, kind_of(&new)?, state_of(&new)?).await?;
    }
    let mut errors = FieldErrors::default();
    if new.assignee_id != old.assignee_id || new.group_id != old.group_id {
        check_assignment(&txn, new.assignee_id, new.group_id, &mut errors).await?;
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    if party(actor, &old) == Party::Agent
        && old.first_response_at.is_none()
        && new.state != old.state
    {
        new.first_response_at = Some(now);
    }
    let Some(names) = persist(&txn, &old, &mut new, actor, now).await? else {
        drop(txn);
        let current = ticket::Entity::find_by_id(old.id)
            .one(&s.db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        return Err(stale(s, &current).await);
    };
    // A move's consequences for a catalog request are part of the move: stored together or not.
    let follow_up = if new.state != old.state {
        crate::catalog::fulfilment::follow_up(&txn, &s.tickets, actor, &new, now).await?
    } else {
        Vec::new()
    };
    txn.commit().await?;

    let after = names.card(&new)?;
    s.events.publish(event(
        actor,
        change,
        Some(names.card(&old)?),
        after.clone(),
        now,
    ));
    for ev in follow_up {
        s.events.publish(ev);
    }
    Ok(after)
}

/// Stores `new` over `old` if nobody wrote in between (bumping the version and the time), with
/// one audit line per changed field. `None` when the row's version moved on.
pub(crate) async fn persist(
    txn: &DatabaseTransaction,
    old: &ticket::Model,
    new: &mut ticket::Model,
    actor: &Actor,
    now: DateTime<Utc>,
) -> ServiceResult<Option<Names>> {
    new.updated_at = now;
    new.version = old.version + 1;
    let mut am = new.clone().into_active_model().reset_all();
    am.id = NotSet;
    let res = ticket::Entity::update_many()
        .set(am)
        .filter(ticket::Column::Id.eq(old.id))
        .filter(ticket::Column::Version.eq(old.version))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    let names = Names::for_rows(txn, &[old, new]).await?;
    audit(txn, old.id, actor, now, diff(old, new, &names)).await?;
    Ok(Some(names))
}

/// The conflict answer: the ticket as it is now, so the caller can show the winner's change.
async fn stale(s: &Services, current: &ticket::Model) -> ServiceError {
    match super::cards::card(&s.db, current).await {
        Ok(card) => ServiceError::Stale(Box::new(card)),
        Err(e) => e,
    }
}

/// Edits fields of a ticket (agents only).
#[tracing::instrument(skip(s, actor, patch), fields(actor = %actor.username), err(level = "info"))]
pub async fn update(
    s: &Services,
    actor: &Actor,
    number: &str,
    patch: TicketPatch,
) -> ServiceResult<TicketCard> {
    let t = find_visible(&s.db, actor, number).await?;
    if party(actor, &t) != Party::Agent {
        return Err(ServiceError::Forbidden);
    }
    let patch = patch.normalised();
    patch.validate().map_err(ServiceError::Invalid)?;
    let asked_major = patch.major_incident;
    write(
        s,
        actor,
        number,
        patch.version,
        ChangeKind::Updated,
        move |old, new, settings, _now| {
            if let Some(v) = patch.title {
                new.title = v;
            }
            if let Some(v) = patch.description {
                new.description = v;
            }
            if let Some(v) = patch.category {
                new.category = v;
            }
            if let Some(v) = patch.subcategory {
                new.subcategory = v;
            }
            if let Some(v) = patch.impact {
                new.impact = v.get().into();
            }
            if let Some(v) = patch.urgency {
                new.urgency = v.get().into();
            }
            if let Some(v) = patch.assignee_id {
                new.assignee_id = v.map(|a| a.0);
            }
            if let Some(v) = patch.group_id {
                new.group_id = v.map(|g| g.0);
            }
            if let Some(v) = patch.tags {
                new.tags = join_tags(&v);
            }
            if let Some(major) = asked_major {
                let priority = settings
                    .matrix
                    .priority(level(new.impact), level(new.urgency));
                if major && !may_be_major(kind_of(old)?, priority) {
                    return Err(ServiceError::field(
                        "major_incident",
                        "Only P1 incidents can be major incidents.",
                    ));
                }
                new.major_incident = major;
            }
            Ok(())
        },
    )
    .await
}

/// Moves a ticket to another state under the lifecycle rules for the actor's party.
#[tracing::instrument(skip(s, actor, req), fields(actor = %actor.username, to = ?req.to), err(level = "info"))]
pub async fn transition(
    s: &Services,
    actor: &Actor,
    number: &str,
    req: TransitionRequest,
) -> ServiceResult<TicketCard> {
    let t = find_visible(&s.db, actor, number).await?;
    let who = party(actor, &t);
    let card = write(
        s,
        actor,
        number,
        req.version,
        ChangeKind::Moved,
        move |old, new, settings, now| {
            let kind = kind_of(old)?;
            let from = state_of(old)?;
            let ctx = TransitionContext {
                now,
                resolved_at: old.resolved_at,
                rules: settings.lifecycle,
            };
            check_transition(kind, from, req.to, who, &ctx)
                .map_err(|e| ServiceError::field("to", e.to_string()))?;
            req.validate(kind).map_err(ServiceError::Invalid)?;
            apply_state(new, from, &req, now);
            Ok(())
        },
    )
    .await?;
    tracing::debug!(ticket = %t.number, "moved");
    Ok(card)
}

/// Sets the state and the fields that go with it.
pub(crate) fn apply_state(
    new: &mut ticket::Model,
    from: TicketState,
    req: &TransitionRequest,
    now: DateTime<Utc>,
) {
    new.state = req.to.as_str().into();
    new.hold_reason = (req.to == TicketState::OnHold)
        .then(|| req.hold_reason.map(|h| h.as_str().to_string()))
        .flatten();
    match req.to {
        TicketState::Resolved => {
            new.resolved_at = Some(now);
            new.resolution_code = req.resolution_code.map(|c| c.as_str().to_string());
            new.resolution_notes = req.resolution_notes.as_ref().map(|n| n.trim().to_string());
        }
        TicketState::Closed | TicketState::Cancelled => {
            new.closed_at = Some(now);
            if req.to == TicketState::Cancelled {
                new.resolution_notes = req.resolution_notes.clone().or(new.resolution_notes.take());
            }
        }
        TicketState::InProgress if from == TicketState::Resolved => {
            // Reopened: the earlier resolution no longer stands.
            new.resolved_at = None;
            new.resolution_code = None;
            new.resolution_notes = None;
        }
        _ => {}
    }
}
