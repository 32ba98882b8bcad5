//! Live updates of one ticket page: an `EventSource` on `/api/v1/events` that bumps the page's
//! reload counter whenever an event about this ticket arrives (a colleague's move, an approval,
//! a reply). The server only sends events the viewer may see. Nothing happens on the server.

use leptos::prelude::*;

/// Reloads the page's data (`reload`) when ticket `number` changes elsewhere.
pub fn use_ticket_updates(number: Memo<String>, reload: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    {
        use domain::tickets::board::TicketEvent;
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        use web_sys::{EventSource, MessageEvent};
        let Ok(es) = EventSource::new("/api/v1/events") else {
            return;
        };
        let on_ticket = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let about_this = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<TicketEvent>(&d).ok())
                .is_some_and(|ev| {
                    number
                        .try_with_untracked(|n| *n == ev.after.number)
                        .unwrap_or(false)
                });
            if about_this {
                reload.try_update(|n| *n += 1);
            }
        });
        let _ = es.add_event_listener_with_callback("ticket", on_ticket.as_ref().unchecked_ref());
        on_ticket.forget();
        let current: StoredValue<Option<EventSource>, LocalStorage> =
            StoredValue::new_local(Some(es));
        on_cleanup(move || {
            current.try_update_value(|es| {
                if let Some(es) = es.take() {
                    es.close();
                }
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (number, reload);
}
