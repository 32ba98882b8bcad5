//! The live connection: an `EventSource` on `/api/v1/events` that feeds ticket events into
//! signals; with a board key (`?board=incident:state`) also who else looks at that board. Boards
//! and the ticket page use it. On the server (and without JavaScript) it does nothing.

use domain::tickets::PersonRef;
use domain::tickets::board::TicketEvent;
use leptos::prelude::*;

/// What the live connection reports.
#[derive(Clone, Copy)]
pub struct Live {
    /// Connected and receiving.
    pub connected: RwSignal<bool>,
    /// The latest ticket event (each one replaces the last; the board applies them as they come).
    pub last_event: RwSignal<Option<TicketEvent>>,
    /// Who is on this board now.
    pub viewers: RwSignal<Vec<PersonRef>>,
    /// Increases when the stream reconnects or falls behind: the board reloads to catch up.
    pub resync: RwSignal<u32>,
}

/// Opens the live connection while the calling component lives; `board` is a presence key, or
/// empty for events only.
pub fn use_live(board: Signal<String>) -> Live {
    let live = Live {
        connected: RwSignal::new(false),
        last_event: RwSignal::new(None),
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

    let current: StoredValue<Option<EventSource>, LocalStorage> = StoredValue::new_local(None);
    let opened_before = StoredValue::new(false);
    Effect::new(move |_| {
        let key = board.get();
        current.update_value(|es| {
            if let Some(old) = es.take() {
                old.close();
            }
        });
        live.connected.set(false);
        let url = format!(
            "/api/v1/events?board={}",
            domain::paging::encode_component(&key)
        );
        let Ok(es) = EventSource::new(&url) else {
            return;
        };
        let on_ready = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            live.connected.set(true);
            if opened_before.get_value() {
                // Reconnected after a drop: events may have been missed.
                live.resync.update(|n| *n += 1);
            }
            opened_before.set_value(true);
        });
        let on_ticket = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(ev) = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<TicketEvent>(&d).ok())
            {
                live.last_event.set(Some(ev));
            }
        });
        let on_presence = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(p) = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<BoardPresence>(&d).ok())
            {
                live.viewers.set(p.viewers);
            }
        });
        let on_lagged = Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
            live.resync.update(|n| *n += 1);
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            live.connected.set(false);
        });
        for (name, f) in [
            ("ready", on_ready.as_ref()),
            ("ticket", on_ticket.as_ref()),
            ("presence", on_presence.as_ref()),
            ("lagged", on_lagged.as_ref()),
        ] {
            let _ = es.add_event_listener_with_callback(name, f.unchecked_ref());
        }
        es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The listeners live as long as the page; the connection is closed on cleanup.
        on_ready.forget();
        on_ticket.forget();
        on_presence.forget();
        on_lagged.forget();
        on_error.forget();
        current.set_value(Some(es));
    });
    on_cleanup(move || {
        current.try_update_value(|es| {
            if let Some(es) = es.take() {
                es.close();
            }
        });
    });
}
