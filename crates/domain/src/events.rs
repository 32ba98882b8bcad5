//! Live events of every area, as one envelope: which record changed (kind, id, version), how, when,
//! and who may hear of it.
//!
//! A [`Notice`] holds ids and versions only, never the record, so a transport between server
//! instances (PostgreSQL `LISTEN/NOTIFY`, whose payloads are limited to 8,000 bytes) can carry
//! it; a subscriber that needs the record reads it at that version. Who may hear of a change is
//! decided by the record kind's visibility rule when the event is made ([`Audience`]), so the
//! per-subscriber filter is the same one comparison for every kind. Tickets are the first kind;
//! configuration items, changes and articles join by adding a [`RecordKind`] and their rule.

use crate::auth::{Actor, Capability};
use crate::ids::UserId;
use crate::tickets::TicketKind;
use crate::tickets::board::TicketEvent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kinds of record whose changes are streamed live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// Incidents, requests, problems and fulfilment tasks.
    Ticket,
}

impl RecordKind {
    pub const ALL: [RecordKind; 1] = [RecordKind::Ticket];

    /// The word stored where a table refers to records of any kind (approvals).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Ticket => "ticket",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One record at one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: i64,
    pub version: i32,
}

/// How a record changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Happened {
    Created,
    Changed,
    /// A conversation entry was added (a reply, a work note).
    Commented,
}

/// Who may hear of a change: everyone holding `staff`, and (unless the change is for staff only)
/// the record's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    /// The capability that sees every change of this kind (agents for tickets).
    pub staff: Capability,
    /// The person the record is for, who follows it (a ticket's requester), if any.
    pub owner: Option<UserId>,
    /// Only staff may hear of it (a work note).
    pub staff_only: bool,
}

impl Audience {
    /// Whether `actor` may hear of the change.
    pub fn admits(&self, actor: &Actor) -> bool {
        actor.can(self.staff) || (!self.staff_only && self.owner == Some(actor.user_id))
    }
}

/// A change as every transport carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub record: RecordRef,
    pub happened: Happened,
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub audience: Audience,
}

/// The visibility rule of tickets: agents hear of every change; a requester hears of changes to
/// the tickets they raised, but not of work notes, and not of fulfilment tasks (they follow
/// those on their request's page).
pub fn ticket_audience(ev: &TicketEvent) -> Audience {
    Audience {
        staff: Capability::WorkTickets,
        owner: (ev.after.kind != TicketKind::Task).then_some(ev.after.requester.id),
        staff_only: ev.internal,
    }
}

/// The notice of a ticket event.
pub fn ticket_notice(ev: &TicketEvent) -> Notice {
    use crate::tickets::board::ChangeKind;
    Notice {
        record: RecordRef {
            kind: RecordKind::Ticket,
            id: ev.after.id.0,
            version: ev.after.version,
        },
        happened: match ev.change {
            ChangeKind::Created => Happened::Created,
            ChangeKind::Moved | ChangeKind::Updated => Happened::Changed,
            ChangeKind::Commented => Happened::Commented,
        },
        by: ev.actor.id,
        at: ev.at,
        audience: ticket_audience(ev),
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
