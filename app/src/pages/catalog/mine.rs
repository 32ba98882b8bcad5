//! `/my/requests`: what the requester ordered from the catalog, newest first, in plain words.

use super::ItemIcon;
use super::api::my_requests;
use crate::components::states::{EmptyState, ErrorState, SkeletonRows};
use crate::pages::PageHeader;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_requests());
    view! {
        <Title text="My requests" />
        <PageHeader title="My requests" description="What you ordered from the catalog and where it stands.">
            <a class="btn btn-primary" href="/catalog">"Order something"</a>
        </PageHeader>
        <Suspense fallback=|| view! { <SkeletonRows rows=4 cols=3 /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <EmptyState title="No requests yet" message="When you order something from the catalog, you can follow it here." />
                    }.into_any(),
                    Ok(rows) => view! {
                        <ul class="my-tickets">
                            {rows.into_iter().map(|r| view! {
                                <li class="card my-ticket my-request" data-testid="my-request" data-number=r.number.clone()>
                                    <ItemIcon icon=r.icon.clone() />
                                    <a href=format!("/tickets/{}", r.number) class="my-ticket-title">{r.item.clone()}</a>
                                    <span class="muted">{format!("{} · ordered {}{}", r.number, r.submitted_at.format("%Y-%m-%d"),
                                        r.expected_by.map(|d| format!(" · expected by {}", d.format("%-d %b"))).unwrap_or_default())}</span>
                                    <span class="my-ticket-status" class:my-ticket-action=r.status.starts_with("Delivered")>{r.status.clone()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
