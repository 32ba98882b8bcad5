//! "My tickets": the requester's own incidents and requests in three groups — what needs their
//! action (a question waiting for their reply, a fix to confirm), what is still open, and what is
//! finished — with status in plain words, a link to each, and a search that works without
//! JavaScript (a plain GET form; the query lives in the URL).

use super::api::my_tickets;
use crate::components::states::{EmptyState, ErrorState, SkeletonRows};
use domain::tickets::lifecycle::{HoldReason, TicketState};
use domain::tickets::model::MyTicket;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Which group a ticket belongs to, from the requester's point of view.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    NeedsYou,
    Open,
    Finished,
}

fn group_of(t: &MyTicket) -> Group {
    match (t.card.state, t.card.hold_reason) {
        (TicketState::Resolved, _) | (TicketState::OnHold, Some(HoldReason::AwaitingCaller)) => {
            Group::NeedsYou
        }
        (TicketState::Closed | TicketState::Cancelled, _) => Group::Finished,
        _ => Group::Open,
    }
}

#[component]
pub fn MyTicketsPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).unwrap_or_default());
    let tickets = Resource::new(move || q.get(), |q| my_tickets(None, Some(q)));
    view! {
        <Title text="My tickets" />
        <div class="page-header">
            <div>
                <h1 class="page-title">"My tickets"</h1>
                <p class="page-description">"Everything you reported or asked for, and where it stands."</p>
            </div>
            <div class="page-actions">
                <a class="btn btn-primary" href="/tickets/new?kind=incident">"Report a problem"</a>
                <a class="btn btn-secondary" href="/tickets/new?kind=request">"Ask for something"</a>
            </div>
        </div>
        <form method="get" action="/my/tickets" class="my-tickets-search" role="search">
            <label class="visually-hidden" for="my-tickets-q">"Search my tickets"</label>
            <input id="my-tickets-q" class="input" type="search" name="q" placeholder="Search by title or number"
                value=move || q.get() />
            <button type="submit" class="btn btn-secondary">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <SkeletonRows rows=5 cols=3 /> }>
            {move || Suspend::new(async move {
                match tickets.await {
                    Ok(page) if page.items.is_empty() && q.get_untracked().is_empty() => view! {
                        <EmptyState title="No tickets yet" message="When you report a problem or ask for something, it shows up here." />
                    }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title="Nothing matches" message="No ticket of yours has that word or number." />
                    }.into_any(),
                    Ok(page) => {
                        let pick = |g: Group| page.items.iter().filter(|t| group_of(t) == g).cloned().collect::<Vec<_>>();
                        view! {
                            <TicketGroup title="Needs your action" id="needs-you" tickets=pick(Group::NeedsYou) />
                            <TicketGroup title="Open" id="open" tickets=pick(Group::Open) />
                            <TicketGroup title="Closed" id="closed" tickets=pick(Group::Finished) />
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One group of tickets under its heading; nothing when the group is empty.
#[component]
fn TicketGroup(title: &'static str, id: &'static str, tickets: Vec<MyTicket>) -> impl IntoView {
    if tickets.is_empty() {
        return ().into_any();
    }
    let heading = format!("{title} ({})", tickets.len());
    view! {
        <section class="my-ticket-group" data-testid=format!("group-{id}") aria-labelledby=format!("group-{id}-title")>
            <h2 class="section-title" id=format!("group-{id}-title")>{heading}</h2>
            <ul class="my-tickets">
                {tickets.into_iter().map(|t| {
                    let needs_you = group_of(&t) == Group::NeedsYou;
                    let MyTicket { card: t, status } = t;
                    let href = format!("/tickets/{}", t.number);
                    view! {
                        <li class="card my-ticket" data-testid="my-ticket" data-number=t.number.clone()>
                            <a href=href class="my-ticket-title">{t.title.clone()}</a>
                            <span class="muted">{format!("{} · {} · opened {}", t.number, t.kind.label(), t.opened_at.format("%Y-%m-%d"))}</span>
                            <span class="my-ticket-status" class:my-ticket-action=needs_you>{status}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
