//! Live events: every change of a record is published once here and fanned out to every open
//! board and `/api/v1/events` subscriber; plus who is looking at which board right now.
//!
//! Each event is a [`Notice`] (record kind, id, version, who may hear of it: see
//! [`domain::events`]) with the detail this process has at hand. Subscribers filter with
//! [`may_receive`], which asks only the notice's audience, so a requester's stream never carries
//! another person's ticket or any work note, and the next kinds of record are filtered by the
//! same comparison. The notice alone is what a transport between server instances would carry.

use domain::Actor;
use domain::events::{Notice, ticket_notice};
use domain::tickets::PersonRef;
use domain::tickets::board::{BoardPresence, TicketEvent};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Events a slow subscriber may fall behind by before it is told to reload.
const BUFFER: usize = 4096;

/// One message on the live stream.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// A record changed.
    Record { notice: Notice, detail: Detail },
    /// Who is on a board (agents only).
    Presence(BoardPresence),
}

/// What this process knows of a change beyond its notice, so that in-process subscribers need
/// not read the record again.
#[derive(Debug, Clone)]
pub enum Detail {
    /// A ticket before and after, as boards apply it.
    Ticket(Box<TicketEvent>),
}

/// The hub: a broadcast channel and the presence table.
#[derive(Debug)]
pub struct EventHub {
    tx: broadcast::Sender<Arc<LiveEvent>>,
    /// Moves with every change published (and every board setting saved): what was computed at
    /// an older generation may be out of date.
    generation: AtomicU64,
    next_viewer: AtomicU64,
    /// board key → viewer connection → person.
    presence: Mutex<HashMap<String, BTreeMap<u64, PersonRef>>>,
    /// Becomes true when the server shuts down: every open stream ends (clients reconnect to
    /// another instance or after the restart).
    closing: tokio::sync::watch::Sender<bool>,
}

impl Default for EventHub {
    fn default() -> Self {
        let (tx, _) = broadcast::channel(BUFFER);
        EventHub {
            tx,
            generation: AtomicU64::new(0),
            next_viewer: AtomicU64::new(1),
            presence: Mutex::new(HashMap::new()),
            closing: tokio::sync::watch::Sender::new(false),
        }
    }
}

impl EventHub {
    /// A receiver of every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.tx.subscribe()
    }

    /// Tells every open stream to end (graceful shutdown).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`EventHub::close`] has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.closing.subscribe();
        async move {
            let _ = rx.wait_for(|closing| *closing).await;
        }
    }

    /// Sends a ticket event to every subscriber (nobody listening is fine), under the tickets'
    /// visibility rule.
    pub fn publish(&self, ev: TicketEvent) {
        self.publish_record(ticket_notice(&ev), Detail::Ticket(Box::new(ev)));
    }

    /// Sends a change of any record to every subscriber.
    pub fn publish_record(&self, notice: Notice, detail: Detail) {
        self.changed();
        let _ = self.tx.send(Arc::new(LiveEvent::Record { notice, detail }));
    }

    /// The generation of what this process has heard of (see [`crate::tickets::board::cache`]).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Records that something boards show changed without a record event (a WIP limit).
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Registers `person` as looking at `board` until the returned guard is dropped.
    pub fn join(self: &Arc<Self>, board: String, person: PersonRef) -> PresenceGuard {
        let id = self.next_viewer.fetch_add(1, Ordering::Relaxed);
        self.update(&board, |viewers| {
            viewers.insert(id, person);
        });
        PresenceGuard {
            hub: Arc::clone(self),
            board,
            id,
        }
    }

    /// Who is on `board` now, each person once.
    pub fn viewers(&self, board: &str) -> Vec<PersonRef> {
        let table = self.presence.lock().unwrap_or_else(|p| p.into_inner());
        distinct(table.get(board))
    }

    fn update(&self, board: &str, f: impl FnOnce(&mut BTreeMap<u64, PersonRef>)) {
        let viewers = {
            let mut table = self.presence.lock().unwrap_or_else(|p| p.into_inner());
            let entry = table.entry(board.to_string()).or_default();
            f(entry);
            let v = distinct(Some(entry));
            if entry.is_empty() {
                table.remove(board);
            }
            v
        };
        let _ = self.tx.send(Arc::new(LiveEvent::Presence(BoardPresence {
            board: board.to_string(),
            viewers,
        })));
    }
}

fn distinct(viewers: Option<&BTreeMap<u64, PersonRef>>) -> Vec<PersonRef> {
    let mut out: Vec<PersonRef> = Vec::new();
    for p in viewers.into_iter().flat_map(|v| v.values()) {
        if !out.iter().any(|o| o.id == p.id) {
            out.push(p.clone());
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Keeps a viewer on a board's presence list while it lives.
#[derive(Debug)]
pub struct PresenceGuard {
    hub: Arc<EventHub>,
    board: String,
    id: u64,
}

impl Drop for PresenceGuard {
    fn drop(&mut self) {
        let id = self.id;
        self.hub.update(&self.board, |v| {
            v.remove(&id);
        });
    }
}

/// Whether `actor` may receive `ev`: a change when its notice's audience admits them (for tickets:
/// agents every ticket, anyone else only tickets they requested and never work notes); presence
/// only agents.
pub fn may_receive(actor: &Actor, ev: &LiveEvent) -> bool {
    match ev {
        LiveEvent::Presence(_) => actor.can(domain::Capability::WorkTickets),
        LiveEvent::Record { notice, .. } => notice.audience.admits(actor),
    }
}
