//! Moves that need more than a drop (a hold reason, a resolution, a reason to cancel, a
//! confirmation to close), and bulk actions on the selected cards with a result per ticket.

use super::moves::{BoardCtx, send_transition};
use crate::components::modal::Modal;
use crate::pages::tickets::api::bulk_tickets;
use domain::UserId;
use domain::tickets::lifecycle::{HoldReason, ResolutionCode, TicketState, cancellation_reason};
use domain::tickets::model::{BulkAction, BulkOutcome, BulkTarget};
use domain::tickets::{BulkRequest, Level, PersonRef, TransitionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Asks for what a move needs: why it waits, how it was resolved, why it is cancelled, or a
/// confirmation that closing (final) is meant.
#[component]
pub fn MoveDialog() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let open = RwSignal::new(false);
    // `pending` opens the dialog; closing the dialog drops the pending move. Each side writes
    // only on a real change, so the two effects cannot feed each other.
    Effect::new(move |_| {
        let want = ctx.pending.with(|p| p.is_some());
        if open.get_untracked() != want {
            open.set(want);
        }
    });
    Effect::new(move |_| {
        if !open.get() && ctx.pending.with_untracked(|p| p.is_some()) {
            ctx.pending.set(None);
        }
    });
    let hold = RwSignal::new(HoldReason::AwaitingCaller.as_str().to_string());
    let code = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((card, to)) = ctx.pending.get_untracked() else {
            return;
        };
        let mut req = TransitionRequest::to(card.version, to);
        req.hold_reason = (to == TicketState::OnHold)
            .then(|| HoldReason::parse(&hold.get_untracked()))
            .flatten();
        if to == TicketState::Resolved {
            req.resolution_code = ResolutionCode::parse(&code.get_untracked());
            req.resolution_notes = Some(notes.get_untracked());
        }
        if to == TicketState::Cancelled {
            match cancellation_reason(&notes.get_untracked()) {
                Ok(why) => req.resolution_notes = Some(why),
                Err(m) => {
                    error.set(Some(m.into()));
                    return;
                }
            }
        }
        if let Err(e) = req.validate(card.kind) {
            error.set(Some(
                e.0.iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
            return;
        }
        error.set(None);
        notes.set(String::new());
        open.set(false);
        send_transition(ctx, card, req);
    };
    let title = move || {
        ctx.pending.with(|p| {
            p.as_ref()
                .map(|(c, to)| format!("Move {} to {}", c.number, to.label()))
                .unwrap_or_default()
        })
    };
    view! {
        <Modal open=open title="Move ticket" id="move-dialog">
            <form class="form" on:submit=submit>
                <p class="form-lead">{title}</p>
                {move || match ctx.pending.get().map(|(c, to)| (c.kind, to)) {
                    Some((_, TicketState::OnHold)) => view! {
                        <label class="field">
                            <span class="field-label">"Waiting for"</span>
                            <select class="input" on:change=move |ev| hold.set(event_target_value(&ev))>
                                {HoldReason::ALL.iter().map(|h| view! { <option value=h.as_str()>{h.label()}</option> }).collect_view()}
                            </select>
                        </label>
                    }.into_any(),
                    Some((kind, TicketState::Resolved)) => view! {
                        <label class="field">
                            <span class="field-label">"Resolution"</span>
                            <select class="input" on:change=move |ev| code.set(event_target_value(&ev))>
                                <option value="">"Choose…"</option>
                                {ResolutionCode::for_kind(kind).iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span class="field-label">"Resolution notes"</span>
                            <textarea class="input" rows="4" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                        </label>
                    }.into_any(),
                    Some((_, TicketState::Cancelled)) => view! {
                        <p>"Work on it stops and the requester sees why."</p>
                        <label class="field">
                            <span class="field-label">"Why is it cancelled?"</span>
                            <textarea class="input" rows="3" prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                        </label>
                    }.into_any(),
                    Some((_, TicketState::Closed)) => view! {
                        <p>"Closing is final: a closed ticket cannot be reopened, and the requester raises a new one if the problem returns."</p>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="form-actions">
                    <button type="button" class="btn btn-ghost" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="btn btn-primary">"Move"</button>
                </div>
            </form>
        </Modal>
    }
}

/// Shown while cards are selected: assign, set priority or move them all, then lists what
/// happened to each.
#[component]
pub fn BulkBar(agents: StoredValue<Vec<PersonRef>>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let action = RwSignal::new(String::from("assign"));
    let value = RwSignal::new(String::new());
    let results = RwSignal::new(Vec::<BulkOutcome>::new());
    let apply = move |_| {
        let targets: Vec<BulkTarget> = ctx
            .selected
            .get_untracked()
            .into_iter()
            .map(|(number, version)| BulkTarget { number, version })
            .collect();
        let v = value.get_untracked();
        let act = match action.get_untracked().as_str() {
            "assign" => BulkAction::Assign {
                assignee_id: v.parse::<i64>().ok().map(UserId),
            },
            "priority" => {
                let l = v
                    .parse::<u8>()
                    .ok()
                    .and_then(Level::new)
                    .unwrap_or(Level::MEDIUM);
                BulkAction::SetPriority {
                    impact: l,
                    urgency: l,
                }
            }
            _ => match TicketState::parse(&v) {
                Some(to) => BulkAction::Transition { to },
                None => {
                    ctx.toasts.error("Choose the state to move them to.");
                    return;
                }
            },
        };
        spawn_local(async move {
            match bulk_tickets(BulkRequest {
                action: act,
                tickets: targets,
            })
            .await
            {
                Ok(r) => {
                    let ok = r.iter().filter(|o| o.ok).count();
                    ctx.toasts
                        .success(format!("{ok} of {} tickets changed.", r.len()));
                    results.set(r);
                    ctx.selected.set(Vec::new());
                }
                Err(e) => ctx.toasts.error(e.to_string()),
            }
        });
    };
    let options = move || match action.get().as_str() {
        "assign" => {
            std::iter::once(view! { <option value="">"Nobody"</option> }.into_any())
                .chain(agents.get_value().into_iter().map(|a| {
                    view! { <option value=a.id.0.to_string()>{a.name}</option> }.into_any()
                }))
                .collect_view()
        }
        "priority" => (1..=3u8)
            .map(|l| {
                view! { <option value=l.to_string()>{format!("Impact and urgency {l}")}</option> }
                    .into_any()
            })
            .collect_view(),
        _ => [
            TicketState::InProgress,
            TicketState::Cancelled,
            TicketState::Closed,
        ]
        .into_iter()
        .map(|s| view! { <option value=s.as_str()>{s.label()}</option> }.into_any())
        .collect_view(),
    };
    view! {
        <Show when=move || !ctx.selected.with(Vec::is_empty)>
            <div class="bulk-bar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
                <span>{move || format!("{} selected", ctx.selected.with(Vec::len))}</span>
                <select class="input input-sm" aria-label="Action" on:change=move |ev| { action.set(event_target_value(&ev)); value.set(String::new()); }>
                    <option value="assign">"Assign to"</option>
                    <option value="priority">"Set impact and urgency"</option>
                    <option value="transition">"Move to"</option>
                </select>
                <select class="input input-sm" aria-label="Value" on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="" selected=true>"Choose…"</option>
                    {options}
                </select>
                <button type="button" class="btn btn-primary btn-sm" on:click=apply>"Apply"</button>
                <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| ctx.selected.set(Vec::new())>"Clear"</button>
            </div>
        </Show>
        <Show when=move || !results.with(Vec::is_empty)>
            <ul class="bulk-results" data-testid="bulk-results">
                {move || results.get().into_iter().map(|r| view! {
                    <li class:bulk-failed=!r.ok>{format!("{}: {}", r.number, r.message.unwrap_or_else(|| "done".into()))}</li>
                }).collect_view()}
                <li><button type="button" class="btn btn-ghost btn-sm" on:click=move |_| results.set(Vec::new())>"Dismiss"</button></li>
            </ul>
        </Show>
    }
}
