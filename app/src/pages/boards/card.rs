//! A ticket card on a board: number, title, priority, assignee initials, age, hold reason and the
//! major-incident mark; draggable, with a "Move" menu as the keyboard alternative to dragging.

use super::move_menu::MoveMenu;
use super::moves::BoardCtx;
use domain::tickets::{ColumnKey, TicketCard};
use leptos::prelude::*;

/// "5m", "3h", "2d": how long since the ticket was opened.
pub fn age(card: &TicketCard, now: chrono::DateTime<chrono::Utc>) -> String {
    let mins = (now - card.opened_at).num_minutes().max(0);
    match mins {
        0..=59 => format!("{mins}m"),
        60..=1439 => format!("{}h", mins / 60),
        _ => format!("{}d", mins / 1440),
    }
}

#[component]
pub fn BoardCard(card: TicketCard, column: ColumnKey) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let id = card.id;
    let number = card.number.clone();
    let card_for_drag = StoredValue::new(card.clone());
    let selected = move || {
        card_for_drag.with_value(|c| ctx.selected.with(|s| s.iter().any(|(n, _)| *n == c.number)))
    };
    let prio = card.priority.get();
    let hold = card.hold_reason.map(|h| h.label());
    let assignee = card.assignee.clone();
    let age_text = age(&card, ctx.now());
    let href = format!("/tickets/{}", card.number);
    let title = card.title.clone();
    let major = card.major_incident;
    let select_label = format!("Select {}", card.number);
    let move_label = format!("Move {}", card.number);
    view! {
        <article
            class="kcard"
            class:kcard-dragging=move || ctx.dragging.get() == Some(id)
            class:kcard-selected=selected
            data-testid="card"
            data-number=number.clone()
            draggable="true"
            on:dragstart=move |_ev: leptos::ev::DragEvent| {
                #[cfg(feature = "hydrate")]
                if let Some(dt) = _ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &card_for_drag.with_value(|c| c.number.clone()));
                    dt.set_effect_allowed("move");
                }
                ctx.dragging.set(Some(id));
            }
            on:dragend=move |_| ctx.dragging.set(None)
        >
            <div class="kcard-top">
                <input
                    type="checkbox"
                    class="kcard-select"
                    data-testid="card-select"
                    aria-label=select_label
                    prop:checked=selected
                    on:change=move |_| {
                        let (n, v) = card_for_drag.with_value(|c| (c.number.clone(), c.version));
                        ctx.selected.update(|s| {
                            if let Some(i) = s.iter().position(|(x, _)| *x == n) {
                                s.remove(i);
                            } else {
                                s.push((n, v));
                            }
                        });
                    }
                />
                <a class="kcard-number" href=href>{number.clone()}</a>
                {major.then(|| view! { <span class="kcard-major" title="Major incident">"MAJOR"</span> })}
                <span class=format!("prio prio-{prio}") title=card.priority.label()>{format!("P{prio}")}</span>
            </div>
            <p class="kcard-title">{title}</p>
            <div class="kcard-meta">
                {hold.map(|h| view! { <span class="kcard-hold">{h}</span> })}
                <span class="kcard-age" title="Age since opened">{age_text}</span>
                {match assignee {
                    Some(a) => view! { <span class="avatar avatar-sm" title=a.name.clone()>{a.initials()}</span> }.into_any(),
                    None => view! { <span class="kcard-unassigned" title="Unassigned">"—"</span> }.into_any(),
                }}
                <MoveMenu card=card_for_drag column=column label=move_label />
            </div>
        </article>
    }
}
