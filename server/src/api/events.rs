//! `GET /events`: the live event stream (server-sent events). Each subscriber receives only events
//! about tickets it may see; `?board=incident:state` also registers the caller as looking at that
//! board and streams who else is.

use super::CallerActor;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use service::events::{LiveEvent, PresenceGuard, may_receive};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EventParams {
    /// Board key (`incident:state`) to appear on and receive presence for.
    board: Option<String>,
}

struct Subscription {
    rx: tokio::sync::broadcast::Receiver<std::sync::Arc<LiveEvent>>,
    actor: domain::Actor,
    board: Option<String>,
    _presence: Option<PresenceGuard>,
    hello: Option<Event>,
}

fn encode(name: &str, data: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name)
        .data(serde_json::to_string(data).unwrap_or_else(|_| "null".into()))
}

/// Live ticket events (`event: ticket`), presence (`event: presence`) and, when a subscriber falls
/// too far behind, `event: lagged` (reload to catch up).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventParams),
    responses((status = 200, description = "text/event-stream of ticket and presence events")))]
pub async fn events(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Query(p): Query<EventParams>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let hub = std::sync::Arc::clone(&state.services.events);
    let rx = hub.subscribe();
    let agent = actor.can(domain::Capability::WorkTickets);
    let board = p.board.filter(|b| agent && !b.is_empty() && b.len() <= 64);
    let presence = board
        .clone()
        .map(|b| hub.join(b, service::tickets::commands::person(&actor)));
    let hello = Some(Event::default().event("ready").data("{}"));
    let sub = Subscription {
        rx,
        actor,
        board,
        _presence: presence,
        hello,
    };
    let stream = stream::unfold(sub, |mut sub| async move {
        if let Some(hello) = sub.hello.take() {
            return Some((Ok(hello), sub));
        }
        loop {
            match sub.rx.recv().await {
                Ok(ev) => {
                    if !may_receive(&sub.actor, &ev) {
                        continue;
                    }
                    let event = match ev.as_ref() {
                        LiveEvent::Ticket(t) => encode("ticket", t),
                        LiveEvent::Presence(p)
                            if sub.board.as_deref() == Some(p.board.as_str()) =>
                        {
                            encode("presence", p)
                        }
                        LiveEvent::Presence(_) => continue,
                    };
                    return Some((Ok(event), sub));
                }
                Err(RecvError::Lagged(n)) => {
                    return Some((
                        Ok(Event::default().event("lagged").data(n.to_string())),
                        sub,
                    ));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
