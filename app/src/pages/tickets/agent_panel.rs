//! The agent's side of the ticket page: assignment (group and person), the major-incident flag,
//! and linking to another ticket. Every change names the version it was made on.

use super::api::{add_link, assignment_options, update_ticket};
use crate::components::toast::use_toasts;
use domain::tickets::model::{LinkKind, NewLink};
use domain::tickets::{Priority, TicketCard, TicketKind, TicketPatch};
use domain::{GroupId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AgentPanel(card: TicketCard, reload: RwSignal<u32>) -> impl IntoView {
    let toasts = use_toasts();
    let options = Resource::new(|| (), |_| assignment_options());
    let number = StoredValue::new(card.number.clone());
    let version = card.version;
    let assignee = RwSignal::new(
        card.assignee
            .as_ref()
            .map(|a| a.id.0.to_string())
            .unwrap_or_default(),
    );
    let group = RwSignal::new(
        card.group
            .as_ref()
            .map(|g| g.id.0.to_string())
            .unwrap_or_default(),
    );
    let major = RwSignal::new(card.major_incident);
    let may_be_major = card.kind == TicketKind::Incident && card.priority == Priority::P1;
    let save = move |_| {
        let patch = TicketPatch {
            version,
            assignee_id: Some(assignee.get_untracked().parse::<i64>().ok().map(UserId)),
            group_id: Some(group.get_untracked().parse::<i64>().ok().map(GroupId)),
            major_incident: may_be_major.then(|| major.get_untracked()),
            ..Default::default()
        };
        spawn_local(async move {
            match update_ticket(number.get_value(), patch).await {
                Ok(_) => {
                    toasts.success("Saved.");
                    reload.update(|n| *n += 1);
                }
                Err(e) => toasts.error(e.explain()),
            }
        });
    };
    let link_kind = RwSignal::new(LinkKind::CausedBy.as_str().to_string());
    let link_to = RwSignal::new(String::new());
    let link_error = RwSignal::new(None::<String>);
    let link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = NewLink {
            kind: LinkKind::parse(&link_kind.get_untracked()).unwrap_or(LinkKind::CausedBy),
            number: link_to.get_untracked(),
        };
        spawn_local(async move {
            match add_link(number.get_value(), l).await {
                Ok(()) => {
                    link_to.set(String::new());
                    link_error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => link_error.set(Some(e.explain())),
            }
        });
    };
    view! {
        <section class="card">
            <h2 class="card-title">"Assignment"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let (agents, groups) = options.await.unwrap_or_default();
                    view! {
                        <label class="field field-inline">
                            <span class="field-label">"Group"</span>
                            <select class="input input-sm" on:change=move |ev| group.set(event_target_value(&ev))>
                                <option value="" selected=group.get_untracked().is_empty()>"No group"</option>
                                {groups.into_iter().map(|g| {
                                    let v = g.id.0.to_string();
                                    let sel = v == group.get_untracked();
                                    view! { <option value=v selected=sel>{g.name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <label class="field field-inline">
                            <span class="field-label">"Assigned to"</span>
                            <select class="input input-sm" on:change=move |ev| assignee.set(event_target_value(&ev))>
                                <option value="" selected=assignee.get_untracked().is_empty()>"Nobody"</option>
                                {agents.into_iter().map(|a| {
                                    let v = a.id.0.to_string();
                                    let sel = v == assignee.get_untracked();
                                    view! { <option value=v selected=sel>{a.name}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    }
                })}
            </Suspense>
            {may_be_major.then(|| view! {
                <label class="board-check">
                    <input type="checkbox" prop:checked=major on:change=move |ev| major.set(event_target_checked(&ev)) />
                    "Major incident"
                </label>
            })}
            <button type="button" class="btn btn-secondary btn-sm" on:click=save>"Save assignment"</button>
            <form class="ticket-link-form" on:submit=link>
                <h3 class="card-title">"Link to another ticket"</h3>
                <select class="input input-sm" aria-label="Kind of link" on:change=move |ev| link_kind.set(event_target_value(&ev))>
                    {LinkKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                </select>
                <input class="input input-sm" aria-label="Ticket number" placeholder="PRB0000001" prop:value=link_to on:input=move |ev| link_to.set(event_target_value(&ev)) />
                <button type="submit" class="btn btn-ghost btn-sm">"Link"</button>
                {move || link_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </form>
        </section>
    }
}
