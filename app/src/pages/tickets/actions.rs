//! What the viewer can do with the ticket's state, in their own words.
//!
//! - [`RequesterActions`]: *Withdraw* (confirmed, with an optional reason) while the desk has not
//!   finished, and on a resolved ticket *Yes, it's fixed* / *No, it's still broken* (reopened with
//!   a reason, posted as a reply so the agent reads it).
//! - [`AgentMoves`]: the workflow moves. Those that end work never apply on one click: *Resolve*
//!   asks for the resolution, *Cancel* for a reason, *Close* for a confirmation; *On hold* asks
//!   what the ticket waits for.

use super::api::{add_comment, move_ticket};
use crate::components::toast::use_toasts;
use crate::error::AppError;
use domain::tickets::lifecycle::{
    HoldReason, Requirement, ResolutionCode, TicketState, cancellation_reason, requirement,
};
use domain::tickets::{NewComment, TicketKind, TransitionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Sends a move; on success or on a stale version the page reloads. Returns the error, if any,
/// for the form that asked.
async fn send_move(
    number: String,
    req: TransitionRequest,
    reload: RwSignal<u32>,
) -> Option<AppError> {
    match move_ticket(number, req).await {
        Ok(_) => {
            reload.try_update(|n| *n += 1);
            None
        }
        Err(e) => {
            if matches!(e, AppError::Stale(_)) {
                reload.try_update(|n| *n += 1);
            }
            Some(e)
        }
    }
}

/// Which confirmation the requester has open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asking {
    Nothing,
    Withdraw,
    StillBroken,
}

#[component]
pub fn RequesterActions(
    number: String,
    version: i32,
    state: TicketState,
    allowed: Vec<TicketState>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let toasts = use_toasts();
    let asking = RwSignal::new(Asking::Nothing);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let number = StoredValue::new(number);
    let resolved = state == TicketState::Resolved;
    let may_withdraw = allowed.contains(&TicketState::Cancelled);
    let may_confirm = resolved && allowed.contains(&TicketState::Closed);
    let may_reopen = resolved && allowed.contains(&TicketState::InProgress);

    let withdraw = move |_| {
        let why = reason.get_untracked().trim().to_string();
        let mut req = TransitionRequest::to(version, TicketState::Cancelled);
        req.resolution_notes =
            (!why.is_empty()).then(|| format!("Withdrawn by the requester: {why}"));
        busy.set(true);
        let n = number.get_value();
        spawn_local(async move {
            match send_move(n.clone(), req, reload).await {
                None => toasts.success(format!("{n} is withdrawn.")),
                Some(e) => {
                    error.try_set(Some(e.explain()));
                }
            }
            busy.try_set(false);
        });
    };
    let fixed = move |_| {
        let n = number.get_value();
        spawn_local(async move {
            match send_move(
                n.clone(),
                TransitionRequest::to(version, TicketState::Closed),
                reload,
            )
            .await
            {
                None => toasts.success(format!("Thank you. {n} is closed.")),
                Some(e) => toasts.error(e.explain()),
            }
        });
    };
    let reopen = move |_| {
        let why = reason.get_untracked().trim().to_string();
        if why.is_empty() {
            error.set(Some("Tell the service desk what is still wrong.".into()));
            return;
        }
        busy.set(true);
        let n = number.get_value();
        spawn_local(async move {
            // The reason is a reply the agent reads; then the ticket goes back to work.
            let said = add_comment(
                n.clone(),
                NewComment {
                    body: format!("It is still broken: {why}"),
                    internal: false,
                },
            )
            .await;
            let outcome = match said {
                Ok(_) => {
                    send_move(
                        n.clone(),
                        TransitionRequest::to(version, TicketState::InProgress),
                        reload,
                    )
                    .await
                }
                Err(e) => Some(e),
            };
            match outcome {
                None => {
                    reason.try_set(String::new());
                    toasts.success(format!(
                        "{n} is reopened; the service desk will look at it again."
                    ));
                }
                Some(e) => {
                    error.try_set(Some(e.explain()));
                }
            }
            busy.try_set(false);
        });
    };
    let reason_field = move |label: &'static str, required: bool| {
        view! {
            <label class="field">
                <span class="field-label">{label}{(!required).then_some(" (optional)")}</span>
                <textarea class="input" rows="3" data-testid="requester-reason" aria-invalid=move || error.get().is_some().to_string()
                    prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
        }
    };
    if !(may_withdraw || may_confirm || may_reopen) {
        return ().into_any();
    }
    view! {
        <section class="card" data-testid="requester-actions">
            {if resolved {
                view! {
                    <h2 class="card-title">"Is it fixed?"</h2>
                    <p class="muted">"The service desk thinks this is solved. Tell them whether it works for you."</p>
                    <div class="ticket-moves">
                        {may_confirm.then(|| view! { <button type="button" class="btn btn-primary btn-sm" on:click=fixed>"Yes, it's fixed"</button> })}
                        {may_reopen.then(|| view! { <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| { error.set(None); asking.set(Asking::StillBroken) }>"No, it's still broken"</button> })}
                    </div>
                }.into_any()
            } else {
                view! {
                    <h2 class="card-title">"Don't need this any more?"</h2>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| { error.set(None); asking.set(Asking::Withdraw) }>"Withdraw…"</button>
                }.into_any()
            }}
            <Show when=move || asking.get() == Asking::Withdraw>
                <div class="confirm-panel" role="group" aria-label="Withdraw this ticket">
                    <p>"Withdraw it? The service desk stops working on it, and it cannot be reopened."</p>
                    {reason_field("Why", false)}
                    <div class="ticket-moves">
                        <button type="button" class="btn btn-danger btn-sm" disabled=move || busy.get() on:click=withdraw>"Withdraw"</button>
                        <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| asking.set(Asking::Nothing)>"Keep it"</button>
                    </div>
                </div>
            </Show>
            <Show when=move || asking.get() == Asking::StillBroken>
                <div class="confirm-panel" role="group" aria-label="Reopen this ticket">
                    {reason_field("What is still wrong?", true)}
                    <div class="ticket-moves">
                        <button type="button" class="btn btn-primary btn-sm" disabled=move || busy.get() on:click=reopen>"Reopen"</button>
                        <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| asking.set(Asking::Nothing)>"Cancel"</button>
                    </div>
                </div>
            </Show>
        </section>
    }
    .into_any()
}

#[component]
pub fn AgentMoves(
    number: String,
    version: i32,
    kind: TicketKind,
    moves: Vec<TicketState>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let toasts = use_toasts();
    let number = StoredValue::new(number);
    let target = RwSignal::new(None::<TicketState>);
    let hold = RwSignal::new(HoldReason::AwaitingCaller.as_str().to_string());
    let code = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = move |to: TicketState| {
        let mut req = TransitionRequest::to(version, to);
        match to {
            TicketState::OnHold => req.hold_reason = HoldReason::parse(&hold.get_untracked()),
            TicketState::Resolved => {
                req.resolution_code = ResolutionCode::parse(&code.get_untracked());
                req.resolution_notes = Some(notes.get_untracked());
            }
            TicketState::Cancelled => match cancellation_reason(&notes.get_untracked()) {
                Ok(why) => req.resolution_notes = Some(why),
                Err(m) => {
                    error.set(Some(m.into()));
                    return;
                }
            },
            _ => {}
        }
        let n = number.get_value();
        spawn_local(async move {
            match send_move(n, req, reload).await {
                None => toasts.success(format!("Moved to {}.", to.label())),
                Some(AppError::Invalid(f)) => {
                    error.try_set(Some(
                        f.0.iter()
                            .map(|x| x.message.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ));
                }
                Some(e) => toasts.error(e.explain()),
            }
        });
    };
    // Moves that need something (the same rule as the boards' drops) ask first.
    let asks = |to: TicketState| requirement(to) != Requirement::Nothing;
    let notes_field = move |label: &'static str| {
        view! {
            <label class="field"><span class="field-label">{label}</span>
                <textarea class="input" rows="3" aria-invalid=move || error.get().is_some().to_string()
                    prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
        }
    };
    let cancel_button = move || {
        view! {
            <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| target.set(None)>"Back"</button>
        }
    };
    view! {
        <section class="card">
            <h2 class="card-title">"Move"</h2>
            {if moves.is_empty() {
                view! { <p class="muted">"No moves from here."</p> }.into_any()
            } else {
                view! {
                    <div class="ticket-moves">
                        {moves.iter().map(|to| {
                            let to = *to;
                            view! { <button type="button" class="btn btn-secondary btn-sm" data-testid="ticket-move" data-state=to.as_str()
                                aria-expanded=move || (asks(to) && target.get() == Some(to)).to_string()
                                on:click=move |_| {
                                    error.set(None);
                                    if asks(to) { target.set(Some(to)); } else { send(to); }
                                }>{to.label()}{asks(to).then_some("…")}</button> }
                        }).collect_view()}
                    </div>
                    <Show when=move || target.get() == Some(TicketState::OnHold)>
                        <div class="confirm-panel">
                            <label class="field"><span class="field-label">"Waiting for"</span>
                                <select class="input" on:change=move |ev| hold.set(event_target_value(&ev))>
                                    {HoldReason::ALL.iter().map(|h| view! { <option value=h.as_str()>{h.label()}</option> }).collect_view()}
                                </select>
                            </label>
                            <div class="ticket-moves">
                                <button type="button" class="btn btn-primary btn-sm" on:click=move |_| send(TicketState::OnHold)>"Put on hold"</button>
                                {cancel_button()}
                            </div>
                        </div>
                    </Show>
                    <Show when=move || target.get() == Some(TicketState::Resolved)>
                        <div class="confirm-panel">
                            <label class="field"><span class="field-label">"Resolution"</span>
                                <select class="input" on:change=move |ev| code.set(event_target_value(&ev))>
                                    <option value="">"Choose…"</option>
                                    {ResolutionCode::for_kind(kind).iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                                </select>
                            </label>
                            {notes_field("Resolution notes")}
                            <div class="ticket-moves">
                                <button type="button" class="btn btn-primary btn-sm" on:click=move |_| send(TicketState::Resolved)>"Resolve"</button>
                                {cancel_button()}
                            </div>
                        </div>
                    </Show>
                    <Show when=move || target.get() == Some(TicketState::Cancelled)>
                        <div class="confirm-panel">
                            <p>"Cancel this ticket? Work on it stops and the requester is told why."</p>
                            {notes_field("Why is it cancelled?")}
                            <div class="ticket-moves">
                                <button type="button" class="btn btn-danger btn-sm" data-testid="confirm-cancel" on:click=move |_| send(TicketState::Cancelled)>"Cancel ticket"</button>
                                {cancel_button()}
                            </div>
                        </div>
                    </Show>
                    <Show when=move || target.get() == Some(TicketState::Closed)>
                        <div class="confirm-panel">
                            <p>"Close it? A closed ticket cannot be reopened; the requester raises a new one if the problem returns."</p>
                            <div class="ticket-moves">
                                <button type="button" class="btn btn-primary btn-sm" data-testid="confirm-close" on:click=move |_| send(TicketState::Closed)>"Close ticket"</button>
                                {cancel_button()}
                            </div>
                        </div>
                    </Show>
                }.into_any()
            }}
        </section>
    }
}
