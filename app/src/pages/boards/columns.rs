//! The board's columns (and swimlanes): headers with counts and WIP limits, drop targets, cards
//! in order, and "Show more" that loads the next page of a column.

use super::card::BoardCard;
use super::moves::{BoardCtx, request_move};
use crate::pages::tickets::api::load_column;
use domain::tickets::board::{BoardColumn, Lanes, lane_of};
use domain::tickets::{ColumnKey, TicketCard};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn BoardColumns() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let keys = move || {
        ctx.state
            .with(|b| b.columns.iter().map(|c| c.key).collect::<Vec<_>>())
    };
    let lanes = ctx.state.with_untracked(|b| b.view.lanes);
    view! {
        <div class="board-columns" class:board-with-lanes=lanes != Lanes::None>
            <For each=keys key=|k| k.to_token() let:key>
                <Column key=key />
            </For>
        </div>
    }
}

/// Reads one column without copying it (a column holds its cards).
fn with_column<T>(ctx: &BoardCtx, key: ColumnKey, f: impl FnOnce(&BoardColumn) -> T) -> Option<T> {
    ctx.state
        .with(|b| b.columns.iter().find(|c| c.key == key).map(f))
}

#[component]
fn Column(key: ColumnKey) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let over = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let label = move || with_column(&ctx, key, |c| c.label.clone()).unwrap_or_default();
    let count = move || with_column(&ctx, key, |c| c.count).unwrap_or(0);
    let wip = move || with_column(&ctx, key, |c| c.wip).flatten();
    let over_limit = move || wip().is_some_and(|w| w.over(count()));
    let cards = move || with_column(&ctx, key, |c| c.cards.clone()).unwrap_or_default();
    let shown = move || with_column(&ctx, key, |c| c.cards.len()).unwrap_or(0);
    let next = move || with_column(&ctx, key, |c| c.next_cursor.clone()).flatten();
    let has_next = move || with_column(&ctx, key, |c| c.next_cursor.is_some()).unwrap_or(false);
    let lanes = ctx.state.with_untracked(|b| b.view.lanes);
    let more = move |_| {
        let Some(cursor) = next() else { return };
        let view = ctx.state.with_untracked(|b| b.view.clone());
        loading.set(true);
        spawn_local(async move {
            match load_column(view, key.to_token(), cursor).await {
                Ok(page) => ctx.state.update(|b| {
                    if let Some(col) = b.columns.iter_mut().find(|c| c.key == key) {
                        for card in page.cards {
                            if !col.cards.iter().any(|c| c.id == card.id) {
                                col.cards.push(card);
                            }
                        }
                        col.next_cursor = page.next_cursor;
                    }
                }),
                Err(e) => ctx.toasts.error(e.to_string()),
            }
            loading.set(false);
        });
    };
    // Closed and cancelled take less room: work there is done, the count is what matters.
    let finished = matches!(key, ColumnKey::State(st) if st.is_terminal());
    view! {
        <section
            class="board-column"
            class:board-column-finished=finished
            class:board-column-over=over_limit
            class:board-column-target=move || over.get()
            data-testid="column"
            data-column=key.to_token()
            aria-label=label
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(false);
                let Some(id) = ctx.dragging.get_untracked() else { return };
                ctx.dragging.set(None);
                if let Some(card) = ctx.state.with_untracked(|b| b.card(id).cloned()) {
                    request_move(ctx, card, key);
                }
            }
        >
            <header class="board-column-header">
                <h2 class="board-column-title">{label}</h2>
                <span class="board-column-count" data-testid="column-count">{count}</span>
                {move || wip().map(|w| view! {
                    <span class="board-column-wip" title=if w.strict { "Strict work-in-progress limit" } else { "Advisory work-in-progress limit" }>
                        {format!("limit {}", w.limit)}
                    </span>
                })}
            </header>
            <div class="board-column-cards">
                {move || (shown() == 0).then(|| view! { <p class="board-column-empty">"Nothing here"</p> })}
                {if lanes == Lanes::None {
                    // Keyed by version: a live change re-renders that card only, and the server
                    // builds each card once.
                    view! {
                        <For each=cards key=|c| (c.id, c.version) let:card>
                            <BoardCard card=card column=key />
                        </For>
                    }.into_any()
                } else {
                    (move || lanes_view(cards(), lanes, key)).into_any()
                }}
                <Show when=has_next>
                    <button type="button" class="btn btn-ghost btn-sm board-more" on:click=more disabled=move || loading.get()>
                        {move || format!("Show more ({} of {})", shown(), count())}
                    </button>
                </Show>
            </div>
        </section>
    }
}

/// Cards of one column grouped into swimlanes (priority, group or assignee), in lane order.
fn lanes_view(cards: Vec<TicketCard>, lanes: Lanes, key: ColumnKey) -> impl IntoView {
    let mut groups: Vec<(String, String, Vec<TicketCard>)> = Vec::new();
    for c in cards {
        let (lane, label) = lane_of(&c, lanes);
        match groups.iter_mut().find(|(l, _, _)| *l == lane) {
            Some(g) => g.2.push(c),
            None => groups.push((lane, label, vec![c])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
        .into_iter()
        .map(|(_, label, cards)| {
            view! {
                <div class="board-lane">
                    <h3 class="board-lane-title">{label}</h3>
                    {cards.into_iter().map(|c| view! { <BoardCard card=c column=key /> }).collect_view()}
                </div>
            }
        })
        .collect_view()
}
