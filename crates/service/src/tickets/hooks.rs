//! How other areas take part in tickets without tickets knowing them.
//!
//! An area (the catalog today; changes and SLA clocks next) registers a [`TicketHook`] when the
//! services are assembled. Every stored state change of a ticket calls each hook inside the same
//! transaction, with a [`ChangeScope`] through which the hook may change further tickets — so a
//! fulfilment task's move and the request it completes are stored together or not at all. Hooks
//! also supply the status words requesters read for the records they own.

use super::TicketSettings;
use crate::error::ServiceResult;
use chrono::{DateTime, Utc};
use db::entities::ticket;
use domain::Actor;
use domain::tickets::{TicketCard, TicketEvent};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a hook's work returns, boxed so that hooks can be kept as trait objects.
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = ServiceResult<T>> + Send + 'a>>;

/// The transaction and the facts of one state change, handed to hooks; changes a hook makes
/// through it are stored by the same path as a person's (see [`super::store`]).
pub struct ChangeScope<'a> {
    pub txn: &'a DatabaseTransaction,
    pub settings: &'a TicketSettings,
    pub hooks: &'a TicketHooks,
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
}

impl<'a> ChangeScope<'a> {
    /// The scope of a change made by `actor` at `now` inside `txn`, with the services' settings
    /// and hooks.
    pub fn new(
        s: &'a crate::Services,
        txn: &'a DatabaseTransaction,
        actor: &'a Actor,
        now: DateTime<Utc>,
    ) -> Self {
        ChangeScope {
            txn,
            settings: &s.tickets,
            hooks: &s.hooks,
            actor,
            now,
        }
    }
}

/// An area's part in tickets.
pub trait TicketHook: Send + Sync {
    /// Runs inside the transaction after `moved`'s new state is stored; returns the live events
    /// of what the hook changed itself, to publish after commit. An error rolls the move back.
    fn moved<'a>(
        &'a self,
        scope: &'a ChangeScope<'a>,
        moved: &'a ticket::Model,
    ) -> HookFuture<'a, Vec<TicketEvent>>;

    /// The words a requester reads as the status of these tickets, by ticket id, where this area
    /// knows better than the ticket's state (a catalog request waiting for approval).
    fn requester_statuses<'a>(
        &'a self,
        db: &'a DatabaseConnection,
        cards: &'a [TicketCard],
    ) -> HookFuture<'a, HashMap<i64, &'static str>>;
}

/// The hooks registered, run in registration order.
#[derive(Clone, Default)]
pub struct TicketHooks(Vec<Arc<dyn TicketHook>>);

impl TicketHooks {
    /// Adds an area's hook.
    pub fn with(mut self, hook: Arc<dyn TicketHook>) -> Self {
        self.0.push(hook);
        self
    }

    /// Runs every hook for a stored state change; the events of all of them, in order.
    pub(crate) async fn moved(
        &self,
        scope: &ChangeScope<'_>,
        moved: &ticket::Model,
    ) -> ServiceResult<Vec<TicketEvent>> {
        let mut events = Vec::new();
        for hook in &self.0 {
            events.extend(hook.moved(scope, moved).await?);
        }
        Ok(events)
    }

    /// The requester status words every hook knows for these tickets.
    pub(crate) async fn requester_statuses(
        &self,
        db: &DatabaseConnection,
        cards: &[TicketCard],
    ) -> ServiceResult<HashMap<i64, &'static str>> {
        let mut out = HashMap::new();
        for hook in &self.0 {
            out.extend(hook.requester_statuses(db, cards).await?);
        }
        Ok(out)
    }
}

impl std::fmt::Debug for TicketHooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TicketHooks({} registered)", self.0.len())
    }
}
