//! The ticket page (`/tickets/INC0001042`): what it is about, where it stands, who has it, and
//! the moves the viewer may make. A ticket the viewer may not see reads as not found.

use super::actions::{AgentMoves, RequesterActions};
use super::agent_panel::{AgentPanel, AssignmentOptionsResource};
use super::api::{assignment_options, get_ticket, update_ticket};
use super::conversation::Conversation;
use crate::components::badge::{Badge, Tone};
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::components::toast::use_toasts;
use crate::error::AppError;
use crate::pages::catalog::api::get_request;
use crate::pages::catalog::request::RequestStatus;
use domain::catalog::RequestView;
use domain::tickets::lifecycle::requester_status;
use domain::tickets::model::AssignmentOptions;
use domain::tickets::{Level, TicketDetail, TicketKind, TicketPatch};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "—".into())
}

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| params.with(|p| p.get("number").unwrap_or_default()));
    let reload = RwSignal::new(0u32);
    provide_context(super::conversation::CommentDraft::new());
    super::live::use_ticket_updates(number, reload);
    let ticket = Resource::new(move || (number.get(), reload.get()), |(n, _)| get_ticket(n));
    // A catalog request also has its request view (approvals, tasks, answers).
    let request = Resource::new(
        move || (number.get(), reload.get()),
        |(n, _)| async move {
            match domain::tickets::parse_number(&n) {
                Some((TicketKind::Request, _)) => get_request(n).await.ok().flatten(),
                _ => None,
            }
        },
    );
    // The agent's assignment options are loaded here, beside the ticket, and not by the panel
    // that shows them: what a `<Suspense>` renders can be created more than once on the server
    // (ADR 0007), and the panel is created again whenever the ticket reloads.
    let agent = crate::session::session_now()
        .and_then(Result::ok)
        .flatten()
        .is_some_and(|a| a.can(domain::Capability::WorkTickets));
    let options: AssignmentOptionsResource = Resource::new(
        || (),
        move |_| async move {
            if agent {
                assignment_options().await
            } else {
                Ok(AssignmentOptions::default())
            }
        },
    );
    view! {
        <Title text=move || number.get() />
        <Suspense fallback=|| view! { <SkeletonBlock lines=8 /> }>
            {move || Suspend::new(async move {
                let request = request.await;
                match ticket.await {
                    Ok(t) => view! { <TicketView t=t request=request reload=reload options=options /> }.into_any(),
                    Err(AppError::NotFound) => {
                        crate::pages::not_found::answer_not_found();
                        view! {
                        <div class="empty-state" data-testid="ticket-not-found">
                            <h1 class="empty-state-title">"Ticket not found"</h1>
                            <p class="empty-state-message">"There is no such ticket, or it is not one you may see."</p>
                            <a class="btn btn-secondary" href="/my/tickets">"My tickets"</a>
                        </div>
                    }.into_any()
                    }
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TicketView(
    t: TicketDetail,
    request: Option<RequestView>,
    reload: RwSignal<u32>,
    options: AssignmentOptionsResource,
) -> impl IntoView {
    let toasts = use_toasts();
    let card = t.card.clone();
    let number = StoredValue::new(card.number.clone());
    let version = card.version;
    let agent = t.viewer_is_agent;
    let state_text = if agent {
        card.state.label().to_string()
    } else if let Some(r) = &request {
        r.status.clone()
    } else {
        requester_status(card.state, card.hold_reason).to_string()
    };
    let kind = card.kind;
    let moves = t.allowed_states.clone();
    let impact = RwSignal::new(card.impact.get().to_string());
    let urgency = RwSignal::new(card.urgency.get().to_string());
    let save_priority = move |_| {
        let patch = TicketPatch {
            version,
            impact: impact.get_untracked().parse().ok().and_then(Level::new),
            urgency: urgency.get_untracked().parse().ok().and_then(Level::new),
            ..Default::default()
        };
        spawn_local(async move {
            match update_ticket(number.get_value(), patch).await {
                Ok(c) => {
                    toasts.success(format!("Priority is now {}.", c.priority));
                    reload.update(|n| *n += 1);
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    let level_select = |sig: RwSignal<String>, label: &'static str| {
        view! {
            <label class="field field-inline">
                <span class="field-label">{label}</span>
                <select class="input input-sm" on:change=move |ev| sig.set(event_target_value(&ev))>
                    {Level::ALL.iter().map(|l| view! { <option value=l.get().to_string() selected=l.get().to_string() == sig.get_untracked()>{l.label()}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let title = card.title.clone();
    view! {
        <article class="ticket-page">
            {card.major_incident.then(|| view! { <div class="major-banner" role="alert">"Major incident"</div> })}
            <header class="ticket-header">
                <p class="ticket-number">{format!("{} · {}", card.number, kind.label())}</p>
                <h1 class="page-title" data-testid="ticket-title">{title}</h1>
                <div class="ticket-badges">
                    <Badge tone=Tone::Info>{state_text}</Badge>
                    {agent.then(|| view! { <span class=format!("prio prio-{}", card.priority.get())>{format!("{} {}", card.priority, card.priority.label())}</span> })}
                    {card.hold_reason.filter(|_| agent).map(|h| view! { <Badge>{h.label()}</Badge> })}
                </div>
            </header>
            <div class="ticket-layout">
                <div class="ticket-main">
                    <section class="card ticket-description" aria-label="Description">
                        <div class="prose" inner_html=t.description_html.clone()></div>
                        {t.resolution_notes.clone().map(|n| view! {
                            <div class="ticket-resolution">
                                <strong>{format!("Resolution ({}): ", t.resolution_code.map(|c| c.label()).unwrap_or("—"))}</strong>{n}
                            </div>
                        })}
                    </section>
                    {request.map(|r| view! { <RequestStatus r=r reload=reload /> })}
                    <Conversation t=t.clone() reload=reload />
                </div>
                <aside class="ticket-side">
                    {if agent {
                        view! { <AgentMoves number=card.number.clone() version=version kind=kind moves=moves.clone() reload=reload /> }.into_any()
                    } else {
                        view! { <RequesterActions number=card.number.clone() version=version state=card.state allowed=moves.clone() reload=reload /> }.into_any()
                    }}
                    <section class="card">
                        <h2 class="card-title">"Details"</h2>
                        <dl class="ticket-fields">
                            <dt>"Requester"</dt><dd>{card.requester.name.clone()}</dd>
                            {t.caller.clone().map(|c| view! { <dt>"Caller"</dt><dd>{c}</dd> })}
                            <dt>"Assigned to"</dt><dd>{card.assignee.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| "Nobody yet".into())}</dd>
                            <dt>"Group"</dt><dd>{card.group.as_ref().map(|g| g.name.clone()).unwrap_or_else(|| "—".into())}</dd>
                            <dt>"Category"</dt><dd>{format!("{} {}", t.category, t.subcategory).trim().to_string()}</dd>
                            {agent.then(|| view! { <dt>"Impact / urgency"</dt><dd>{format!("{} / {}", card.impact.get(), card.urgency.get())}</dd> })}
                            <dt>"Opened"</dt><dd>{when(Some(card.opened_at))}</dd>
                            <dt>"First response"</dt><dd>{when(t.first_response_at)}</dd>
                            <dt>"Resolved"</dt><dd>{when(card.resolved_at)}</dd>
                            <dt>"Closed"</dt><dd>{when(t.closed_at)}</dd>
                            {(!card.tags.is_empty()).then(|| view! { <dt>"Tags"</dt><dd>{card.tags.join(", ")}</dd> })}
                        </dl>
                        {agent.then(|| view! {
                            <div class="ticket-priority-edit">
                                {level_select(impact, "Impact")}
                                {level_select(urgency, "Urgency")}
                                <button type="button" class="btn btn-secondary btn-sm" on:click=save_priority>"Update priority"</button>
                            </div>
                        })}
                    </section>
                    {agent.then(|| view! { <AgentPanel card=card.clone() reload=reload options=options /> })}
                    {(!t.links.is_empty()).then(|| view! {
                        <section class="card">
                            <h2 class="card-title">"Related"</h2>
                            <ul class="ticket-links">
                                {t.links.iter().map(|l| view! {
                                    <li>{if l.inverse { l.kind.inverse_label() } else { l.kind.label() }}" "
                                        <a href=format!("/tickets/{}", l.number)>{l.number.clone()}</a>" "{l.title.clone()}" ("{l.state.label()}")"</li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                </aside>
            </div>
        </article>
    }
}
