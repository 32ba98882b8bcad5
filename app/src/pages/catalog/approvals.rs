//! `/approvals`: requests waiting for the viewer's decision, with what was asked, the cost and
//! the stage; approve or reject (with a comment) right here.

use super::ItemIcon;
use super::api::approvals_inbox;
use super::request::DecisionBox;
use crate::components::states::{EmptyState, ErrorState, SkeletonRows};
use crate::pages::PageHeader;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let inbox = Resource::new(move || reload.get(), |_| approvals_inbox());
    view! {
        <Title text="Approvals" />
        <PageHeader title="Approvals" description="Requests waiting for your decision. The requester reads your comment." />
        <Transition fallback=|| view! { <SkeletonRows rows=3 cols=3 /> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title="Nothing to approve" message="When someone needs your approval, the request appears here." />
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="approval-list">
                            {list.into_iter().map(|t| view! {
                                <li class="card approval-card" data-testid="approval" data-number=t.number.clone()>
                                    <div class="approval-head">
                                        <ItemIcon icon=t.icon.clone() />
                                        <div>
                                            <a class="approval-title" href=format!("/tickets/{}", t.number)>{t.item.clone()}</a>
                                            <p class="muted">{format!("{} · {} · {} step · ordered {}", t.number, t.requester.name, t.stage, t.submitted_at.format("%Y-%m-%d"))}
                                                {t.cost.clone().map(|c| format!(" · {c}"))}</p>
                                        </div>
                                    </div>
                                    {(!t.answers.is_empty()).then(|| view! {
                                        <dl class="ticket-fields">
                                            {t.answers.iter().map(|a| view! { <dt>{a.label.clone()}</dt><dd>{a.value.clone()}</dd> }).collect_view()}
                                        </dl>
                                    })}
                                    <DecisionBox id=t.approval reload=reload />
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}
