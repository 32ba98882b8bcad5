//! The one place a change of a ticket is stored, whoever makes it.
//!
//! A person's edit or move goes through [`write`]: read the row, check the version the caller
//! saw, let the change edit a copy, then store it. Every change — a person's, or one the system
//! makes inside another transaction (a request fulfilled, a withdrawn request's tasks) — is
//! stored by [`ChangeScope::store`]: the state fields come from the domain's one operation
//! ([`domain::tickets::change::apply`], written into the row by [`change_fields`]), the row is
//! written only if nobody wrote in between (`WHERE version = seen`), one audit line per changed
//! field is recorded, the live event is made, and when the state moved every registered hook
//! runs in the same transaction. Events are published after commit.

use super::cards::{Names, level};
use super::commands::person;
use super::hooks::ChangeScope;
use super::{TicketSettings, find_visible, hold_reason_of, kind_of, state_of};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use db::entities::{ticket, ticket_activity};
use domain::Actor;
use domain::tickets::TicketCard;
use domain::tickets::board::{ChangeKind, TicketEvent};
use domain::tickets::change::{self, ChangeError, StateChange, StateFields};
use domain::tickets::lifecycle::{TicketState, TransitionContext};
use domain::tickets::model::may_be_major;
use domain::users::FieldErrors;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};

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

/// Reads, edits and stores one ticket under optimistic concurrency (a person's edit or move);
/// publishes its events after commit.
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
        super::commands::check_assignment(&txn, new.assignee_id, new.group_id, &mut errors).await?;
    }
    errors.into_result().map_err(ServiceError::Invalid)?;
    let stored = {
        ChangeScope::new(s, &txn, actor, now)
            .store_if_current(&old, new, change)
            .await?
    };
    let Some((_, events)) = stored else {
        drop(txn);
        let current = ticket::Entity::find_by_id(old.id)
            .one(&s.db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        return Err(stale(s, &current).await);
    };
    txn.commit().await?;
    let after = events
        .first()
        .map(|ev| ev.after.clone())
        .ok_or(ServiceError::Internal)?;
    for ev in events {
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

/// The state-carrying fields stored in a row.
pub(crate) fn state_fields(t: &ticket::Model) -> ServiceResult<StateFields> {
    Ok(StateFields {
        state: state_of(t)?,
        hold_reason: hold_reason_of(t)?,
        resolved_at: t.resolved_at,
        closed_at: t.closed_at,
        resolution_code: super::resolution_code_of(t)?,
        resolution_notes: t.resolution_notes.clone(),
        first_response_at: t.first_response_at,
    })
}

/// Applies `change` to the state of `old` and writes the resulting fields into `new`, the only
/// place the state columns are set. `false` when a system change does not apply (nothing to
/// store); a refused move is an error on the field `to`, an incomplete one names what is missing.
pub(crate) fn change_fields(
    old: &ticket::Model,
    new: &mut ticket::Model,
    change: &StateChange,
    settings: &TicketSettings,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let ctx = TransitionContext {
        now,
        resolved_at: old.resolved_at,
        rules: settings.lifecycle,
    };
    let next =
        change::apply(kind_of(old)?, &state_fields(old)?, change, &ctx).map_err(|e| match e {
            ChangeError::Refused(why) => ServiceError::field("to", why.to_string()),
            ChangeError::Incomplete(fields) => ServiceError::Invalid(fields),
        })?;
    let Some(f) = next else {
        return Ok(false);
    };
    new.state = f.state.as_str().into();
    new.hold_reason = f.hold_reason.map(|h| h.as_str().into());
    new.resolved_at = f.resolved_at;
    new.closed_at = f.closed_at;
    new.resolution_code = f.resolution_code.map(|c| c.as_str().into());
    new.resolution_notes = f.resolution_notes;
    new.first_response_at = f.first_response_at;
    Ok(true)
}

impl ChangeScope<'_> {
    /// Stores `new` over `old` (read in this transaction): version and time bumped, one audit
    /// line per changed field, the live event first in the list, then — when the state moved —
    /// the events of every hook. `None` when the row's version moved on since `old` was read.
    pub(crate) async fn store_if_current(
        &self,
        old: &ticket::Model,
        mut new: ticket::Model,
        kind: ChangeKind,
    ) -> ServiceResult<Option<(ticket::Model, Vec<TicketEvent>)>> {
        let Some(names) = persist(self.txn, old, &mut new, self.actor, self.now).await? else {
            return Ok(None);
        };
        let mut events = vec![event(
            self.actor,
            kind,
            Some(names.card(old)?),
            names.card(&new)?,
            self.now,
        )];
        if new.state != old.state {
            events.extend(self.hooks.moved(self, &new).await?);
        }
        Ok(Some((new, events)))
    }

    /// [`Self::store_if_current`] for a row read under this transaction's write lock, where a
    /// moved version means two writers met: a conflict to retry.
    pub(crate) async fn store(
        &self,
        old: &ticket::Model,
        new: ticket::Model,
        kind: ChangeKind,
    ) -> ServiceResult<(ticket::Model, Vec<TicketEvent>)> {
        self.store_if_current(old, new, kind).await?.ok_or_else(|| {
            ServiceError::Conflict(format!(
                "{} changed at the same moment; try again.",
                old.number
            ))
        })
    }

    /// Makes a system change to `old` (read under this transaction's write lock) and stores it;
    /// `None` when the change does not apply to the ticket as it is. A moved version is a
    /// conflict (see [`Self::store`]).
    pub(crate) async fn change_state(
        &self,
        old: &ticket::Model,
        change: StateChange,
    ) -> ServiceResult<Option<(ticket::Model, Vec<TicketEvent>)>> {
        match self.change_state_if_current(old, &change).await? {
            SystemChange::Stored(new, events) => Ok(Some((*new, events))),
            SystemChange::NotApplicable => Ok(None),
            SystemChange::Stale => Err(ServiceError::Conflict(format!(
                "{} changed at the same moment; try again.",
                old.number
            ))),
        }
    }

    /// Makes a system change to `old` (read in this transaction, perhaps without a row lock) and
    /// stores it if nobody wrote the ticket since; the caller decides what a [`SystemChange::Stale`]
    /// means (re-read and retry, or leave the ticket to whoever wrote it).
    pub(crate) async fn change_state_if_current(
        &self,
        old: &ticket::Model,
        change: &StateChange,
    ) -> ServiceResult<SystemChange> {
        let mut new = old.clone();
        if !change_fields(old, &mut new, change, self.settings, self.now)? {
            return Ok(SystemChange::NotApplicable);
        }
        Ok(
            match self.store_if_current(old, new, ChangeKind::Moved).await? {
                Some((new, events)) => SystemChange::Stored(Box::new(new), events),
                None => SystemChange::Stale,
            },
        )
    }
}

/// What became of a system change of a ticket's state.
pub(crate) enum SystemChange {
    /// Stored: the new row and the events to publish after commit.
    Stored(Box<ticket::Model>, Vec<TicketEvent>),
    /// The change does not apply to the ticket as it is (nothing stored).
    NotApplicable,
    /// Somebody wrote the ticket since it was read (nothing stored).
    Stale,
}
