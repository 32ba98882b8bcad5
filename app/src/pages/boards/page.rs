//! The board route: the view lives in the URL (`/boards?kind=incident&group=state&mine=1…`), so
//! it can be saved, shared and reloaded; the board data stays live through the event stream.

use super::actions::{BulkBar, MoveDialog};
use super::columns::BoardColumns;
use super::moves::{BoardCtx, browser_now};
use super::toolbar::BoardToolbar;
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::components::toast::use_toasts;
use crate::live::{Live, use_live};
use crate::pages::RequireCapability;
use crate::pages::tickets::api::{BoardPayload, get_board};
use domain::Capability;
use domain::tickets::BoardView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BoardPage() -> impl IntoView {
    view! {
        <Title text="Boards" />
        <RequireCapability cap=Capability::WorkTickets page=|_| view! { <Board /> } />
    }
}

#[component]
fn Board() -> impl IntoView {
    let params = use_query_map();
    // The view is whatever the URL says; unknown keys and bad values fall back to defaults.
    let view = Memo::new(move |_| {
        params.with(|p| {
            let pairs: Vec<(&str, String)> = [
                "kind",
                "group",
                "lanes",
                "mine",
                "my_groups",
                "unassigned",
                "priority",
                "q",
            ]
            .into_iter()
            .filter_map(|k| p.get(k).map(|v| (k, v)))
            .collect();
            BoardView::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        })
    });
    let presence_key = Signal::derive(move || view.with(BoardView::presence_key));
    let live = use_live(presence_key);
    let payload = Resource::new(
        move || (view.get(), live.resync.get()),
        |(v, _)| get_board(v),
    );
    let board = move || {
        Suspend::new(async move {
            match payload.await {
                Ok(p) => view! { <LiveBoard payload=p live=live /> }.into_any(),
                Err(e) => view! { <ErrorState error=e /> }.into_any(),
            }
        })
    };
    // On the server the board is built once: after its resources load, a `<Suspense>` walks a
    // reactive child again (looking for more reads), which would build the whole board a second
    // time. The server renders the page once, so it takes the `Suspend` itself; the browser
    // keeps the reactive child that follows the view and the live resyncs (ADR 0007).
    #[cfg(feature = "ssr")]
    let board = board().into_any();
    #[cfg(not(feature = "ssr"))]
    let board = board.into_any();
    view! {
        <div class="board-page" data-testid="board" data-live=move || if live.connected.get() { "on" } else { "off" }>
            <Suspense fallback=|| view! { <SkeletonBlock lines=6 /> }>
                {board}
            </Suspense>
        </div>
    }
}

/// A loaded board that applies live events as they arrive.
#[component]
fn LiveBoard(payload: BoardPayload, live: Live) -> impl IntoView {
    let skew_ms = {
        let browser = browser_now();
        if browser.timestamp() == 0 {
            payload.now.timestamp_millis()
        } else {
            (payload.now - browser).num_milliseconds()
        }
    };
    let ctx = BoardCtx {
        state: RwSignal::new(payload.data.clone()),
        viewer: StoredValue::new(payload.viewer.clone()),
        rules: payload.rules,
        skew_ms,
        dragging: RwSignal::new(None),
        pending: RwSignal::new(None),
        selected: RwSignal::new(Vec::new()),
        toasts: use_toasts(),
    };
    provide_context(ctx);
    // Events that happened before this board's data was read are already in it.
    let loaded_at = payload.now;
    Effect::new(move |_| {
        let events = live.take_events();
        let events: Vec<_> = events.into_iter().filter(|ev| ev.at > loaded_at).collect();
        if events.is_empty() {
            return;
        }
        let viewer = ctx.viewer.get_value();
        ctx.state.update(|b| {
            for ev in &events {
                b.apply(ev, &viewer, ctx.now());
            }
        });
    });
    let view = payload.data.view.clone();
    let saved = payload.saved.clone();
    let agents = StoredValue::new(payload.agents.clone());
    view! {
        <BoardToolbar view=view saved=saved viewers=live.viewers />
        {move || {
            let majors = ctx.state.with(|b| b.major_incidents.clone());
            (!majors.is_empty()).then(|| view! {
                <div class="major-banner" role="alert" data-testid="major-banner">
                    <strong>"Major incident in progress: "</strong>
                    {majors.into_iter().map(|m| {
                        let href = format!("/tickets/{}", m.number);
                        view! { <a href=href>{format!("{} {}", m.number, m.title)}</a> " " }
                    }).collect_view()}
                </div>
            })
        }}
        <BulkBar agents=agents />
        <BoardColumns />
        <MoveDialog />
    }
}
