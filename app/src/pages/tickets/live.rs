//! Live updates of one ticket page: the page's data reloads when an event about this ticket
//! arrives (a colleague's move, an approval, a reply) or when the stream had to reconnect and may
//! have missed one. The server only sends events the viewer may see.

use crate::live::use_live;
use leptos::prelude::*;

/// Reloads the page's data (`reload`) when ticket `number` changes elsewhere.
pub fn use_ticket_updates(number: Memo<String>, reload: RwSignal<u32>) {
    let live = use_live(Signal::derive(String::new));
    Effect::new(move |_| {
        let events = live.take_events();
        let about_this = number.with(|n| events.iter().any(|e| *n == e.after.number));
        if about_this {
            reload.update(|n| *n += 1);
        }
    });
    Effect::new(move |previous: Option<u32>| {
        let now = live.resync.get();
        if previous.is_some_and(|p| p != now) {
            reload.update(|n| *n += 1);
        }
        now
    });
}
