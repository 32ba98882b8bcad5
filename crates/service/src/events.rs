//! Live events: every ticket change is published once here and fanned out to every open board
//! and `/api/v1/events` subscriber; plus who is looking at which board right now.
//!
//! Subscribers filter with [`may_receive`], so a requester's stream never carries another
//! person's ticket or any work note.

use domain::tickets::board::{BoardPresence, TicketEvent};
use domain::tickets::{PersonRef, TicketKind};
use domain::{Actor, Capability};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Events a slow subscriber may fall behind by before it is told to reload.
const BUFFER: usize = 4096;

/// One message on the live stream.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    Ticket(Box<TicketEvent>),
    Presence(BoardPresence),
}

/// The hub: a broadcast channel and the presence table.
#[derive(Debug)]
pub struct EventHub {
    tx: broadcast::Sender<Arc<LiveEvent>>,
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

    /// Sends a ticket event to every subscriber (nobody listening is fine).
    pub fn publish(&self, ev: TicketEvent) {
        let _ = self.tx.send(Arc::new(LiveEvent::Ticket(Box::new(ev))));
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

/// Whether `actor` may receive `ev`: agents see every ticket event; anyone else only events about
/// tickets they requested, and never work notes. Presence is for agents only.
pub fn may_receive(actor: &Actor, ev: &LiveEvent) -> bool {
    let agent = actor.can(Capability::WorkTickets);
    match ev {
        LiveEvent::Presence(_) => agent,
        LiveEvent::Ticket(t) => {
            agent
                || (t.after.requester.id == actor.user_id
                    && !t.internal
                    && t.after.kind != TicketKind::Task)
        }
    }
}
