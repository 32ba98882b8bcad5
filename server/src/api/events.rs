//! `GET /events`: the live event stream (server-sent events). Each subscriber receives only events
//! about tickets it may see; `?board=incident:state` also registers the caller as looking at that
//! board and streams who else is.
//!
//! A stream lives no longer than what allowed it: every [`SESSION_CHECK`] it checks that its
//! session is still open (not signed out, not expired, its user enabled and not reset), and it ends
//! when the access token it was opened with expires. The browser's `EventSource` then reconnects
//! with fresh cookies, or is refused if the session is over. Streams also end when the server
//! shuts down, so that shutting down does not wait for every open board.

use super::{ApiQuery, Caller};
use crate::state::AppState;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use service::events::{Detail, LiveEvent, PresenceGuard, may_receive};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// Board key (`incident:state`) to appear on and receive presence for.
    board: Option<String>,
}

/// How often an open stream checks that its session is still open.
pub const SESSION_CHECK: Duration = Duration::from_secs(3);

struct Subscription {
    rx: tokio::sync::broadcast::Receiver<std::sync::Arc<LiveEvent>>,
    services: service::Services,
    session_id: String,
    check: tokio::time::Interval,
    token_expires: tokio::time::Instant,
    closed: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
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
    responses((status = 200, content_type = "text/event-stream", body = String,
        description = "A stream of `ticket` events (data: a TicketEvent as JSON) and `presence` events (data: a BoardPresence as JSON)")))]
pub async fn events(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(p): ApiQuery<EventParams>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let actor = caller.actor;
    let hub = std::sync::Arc::clone(&state.services.events);
    let rx = hub.subscribe();
    let agent = actor.can(domain::Capability::WorkTickets);
    let board = p.board.filter(|b| agent && !b.is_empty() && b.len() <= 64);
    let presence = board
        .clone()
        .map(|b| hub.join(b, service::tickets::commands::person(&actor)));
    let hello = Some(Event::default().event("ready").data("{}"));
    let left = (caller.token_expires_at - chrono::Utc::now().timestamp()).max(0) as u64;
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let sub = Subscription {
        rx,
        services: state.services.clone(),
        session_id: caller.session_id,
        check,
        token_expires: tokio::time::Instant::now() + Duration::from_secs(left),
        closed: Box::pin(hub.closed()),
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
            let received = tokio::select! {
                r = sub.rx.recv() => r,
                _ = sub.check.tick() => {
                    let open = service::auth::sessions::session_open(&sub.services, &sub.session_id)
                        .await
                        .unwrap_or(false);
                    if !open {
                        return None;
                    }
                    continue;
                }
                _ = tokio::time::sleep_until(sub.token_expires) => return None,
                _ = &mut sub.closed => return None,
            };
            match received {
                Ok(ev) => {
                    if !may_receive(&sub.actor, &ev) {
                        continue;
                    }
                    let event = match ev.as_ref() {
                        LiveEvent::Record {
                            detail: Detail::Ticket(t),
                            ..
                        } => encode("ticket", t),
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
