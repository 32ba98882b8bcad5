//! Changing tickets: create, edit fields, move between states. Edits and moves are stored by
//! [`super::store::write`], the one path of every ticket change.

use super::cards::{join_tags, level};
use super::store::{audit, event, write};
use super::{TicketSettings, find_visible, kind_of, party};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use chrono::{DateTime, Utc};
use db::entities::{group, group_member, ticket, ticket_counter, user};
use domain::tickets::board::ChangeKind;
use domain::tickets::change::StateChange;
use domain::tickets::lifecycle::{Party, TicketState};
use domain::tickets::model::may_be_major;
use domain::tickets::{
    Level, NewTicket, PersonRef, TicketCard, TicketKind, TicketPatch, TransitionRequest,
};
use domain::users::FieldErrors;
use domain::{Actor, Capability};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, Set,
};

/// The acting user as tickets show people.
pub fn person(actor: &Actor) -> PersonRef {
    PersonRef {
        id: actor.user_id,
        name: actor.display_name.clone(),
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
pub(super) async fn check_assignment(
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
            let change = StateChange::Move {
                by: who,
                request: req,
            };
            super::store::change_fields(old, new, &change, settings, now).map(|_| ())
        },
    )
    .await?;
    tracing::debug!(ticket = %t.number, "moved");
    Ok(card)
}
