//! "My tickets": the requester's own incidents and requests, newest first, with status in plain
//! words and a link to each.

use super::api::my_tickets;
use crate::components::states::{EmptyState, ErrorState, SkeletonRows};
use domain::tickets::lifecycle::requester_status;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyTicketsPage() -> impl IntoView {
    let tickets = Resource::new(|| (), |_| my_tickets(None));
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
        <Suspense fallback=|| view! { <SkeletonRows rows=5 cols=3 /> }>
            {move || Suspend::new(async move {
                match tickets.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState title="No tickets yet" message="When you report a problem or ask for something, it shows up here." />
                    }.into_any(),
                    Ok(page) => view! {
                        <ul class="my-tickets">
                            {page.items.into_iter().map(|t| {
                                let status = requester_status(t.state, t.hold_reason);
                                let href = format!("/tickets/{}", t.number);
                                view! {
                                    <li class="card my-ticket" data-testid="my-ticket" data-number=t.number.clone()>
                                        <a href=href class="my-ticket-title">{t.title.clone()}</a>
                                        <span class="muted">{format!("{} · {} · opened {}", t.number, t.kind.label(), t.opened_at.format("%Y-%m-%d"))}</span>
                                        <span class="my-ticket-status" class:my-ticket-action=status.starts_with("Waiting for your") || status.starts_with("Resolved")>{status}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
