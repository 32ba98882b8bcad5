//! The live connection: an `EventSource` on `/api/v1/events` that feeds ticket events into a
//! queue; with a board key (`?board=incident:state`) also who else looks at that board. Boards
//! and the ticket page use it. On the server (and without JavaScript) it does nothing.
//!
//! Events wait in the queue until the page takes them ([`Live::take_events`]), so none is lost
//! when several arrive at once or before the board has mounted. The listeners are dropped with the
//! connection they belong to (a board switch closes one connection and opens the next).

use domain::tickets::PersonRef;
use domain::tickets::board::TicketEvent;
use leptos::prelude::*;

/// What the live connection reports.
#[derive(Clone, Copy)]
pub struct Live {
    /// Connected and receiving.
    pub connected: RwSignal<bool>,
    /// Ticket events not yet taken by the page, oldest first.
    pub events: RwSignal<Vec<TicketEvent>>,
    /// Who is on this board now.
    pub viewers: RwSignal<Vec<PersonRef>>,
    /// Increases when the stream reconnects or falls behind: the board reloads to catch up.
    pub resync: RwSignal<u32>,
}

/// Events kept while nobody takes them; beyond this the page reloads instead ([`Live::resync`]).
#[cfg(feature = "hydrate")]
const MAX_QUEUED: usize = 500;

impl Live {
    /// Takes the waiting events, oldest first. Call it in an effect: it subscribes to new
    /// arrivals, and taking them does not wake the effect again.
    pub fn take_events(&self) -> Vec<TicketEvent> {
        self.events.track();
        self.events
            .try_update_untracked(std::mem::take)
            .unwrap_or_default()
    }
}

/// Opens the live connection while the calling component lives; `board` is a presence key, or
/// empty for events only.
pub fn use_live(board: Signal<String>) -> Live {
    let live = Live {
        connected: RwSignal::new(false),
        events: RwSignal::new(Vec::new()),
        viewers: RwSignal::new(Vec::new()),
        resync: RwSignal::new(0),
    };
    #[cfg(feature = "hydrate")]
    connect(board, live);
    #[cfg(not(feature = "hydrate"))]
    let _ = board;
    live
}

#[cfg(feature = "hydrate")]
fn connect(board: Signal<String>, live: Live) {
    use domain::tickets::board::BoardPresence;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{EventSource, MessageEvent};

    /// An open connection and the listeners it calls, dropped together.
    struct Connection {
        es: EventSource,
        _on_message: Vec<Closure<dyn FnMut(MessageEvent)>>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    impl Drop for Connection {
        fn drop(&mut self) {
            self.es.close();
        }
    }

    let current: StoredValue<Option<Connection>, LocalStorage> = StoredValue::new_local(None);
    let opened_before = StoredValue::new(false);
    Effect::new(move |_| {
        let key = board.get();
        // Closing the old connection drops its listeners with it.
        current.update_value(|c| drop(c.take()));
        live.connected.set(false);
        let url = format!(
            "/api/v1/events?board={}",
            domain::paging::encode_component(&key)
        );
        let Ok(es) = EventSource::new(&url) else {
            return;
        };
        let on_ready = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            live.connected.try_set(true);
            if opened_before.try_get_value().unwrap_or(false) {
                // Reconnected after a drop: events may have been missed.
                live.resync.try_update(|n| *n += 1);
            }
            opened_before.try_set_value(true);
        });
        let on_ticket = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(ev) = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<TicketEvent>(&d).ok())
            else {
                return;
            };
            let overflow = live
                .events
                .try_update(|q| {
                    q.push(ev);
                    if q.len() > MAX_QUEUED {
                        q.clear();
                        true
                    } else {
                        false
                    }
                })
                .unwrap_or(false);
            if overflow {
                live.resync.try_update(|n| *n += 1);
            }
        });
        let on_presence = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(p) = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<BoardPresence>(&d).ok())
            {
                live.viewers.try_set(p.viewers);
            }
        });
        let on_lagged = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            live.resync.try_update(|n| *n += 1);
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            live.connected.try_set(false);
        });
        for (name, f) in [
            ("ready", &on_ready),
            ("ticket", &on_ticket),
            ("presence", &on_presence),
            ("lagged", &on_lagged),
        ] {
            let _ = es.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
        }
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        current.set_value(Some(Connection {
            es,
            _on_message: vec![on_ready, on_ticket, on_presence, on_lagged],
            _on_error: on_error,
        }));
    });
    on_cleanup(move || {
        current.try_update_value(|c| drop(c.take()));
    });
}
