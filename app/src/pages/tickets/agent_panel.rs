//! The agent's side of the ticket page: assignment (group and person), the major-incident flag,
//! and linking to another ticket. Every change names the version it was made on. The assignee is
//! chosen among the members of the chosen group; refused fields are marked beside the field.

use super::api::{add_link, update_ticket};
use crate::components::toast::use_toasts;
use crate::error::AppError;
use domain::tickets::model::{AssignmentOptions, LinkKind, NewLink};
use domain::tickets::{Priority, TicketCard, TicketKind, TicketPatch};
use domain::users::FieldErrors;
use domain::{GroupId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The groups and agents to assign to, loaded by the ticket page.
pub type AssignmentOptionsResource = Resource<Result<AssignmentOptions, AppError>>;

#[component]
pub fn AgentPanel(
    card: TicketCard,
    reload: RwSignal<u32>,
    options: AssignmentOptionsResource,
) -> impl IntoView {
    let toasts = use_toasts();
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
    let initial_assignee = StoredValue::new(card.assignee.clone());
    let major = RwSignal::new(card.major_incident);
    let may_be_major = card.kind == TicketKind::Incident && card.priority == Priority::P1;
    let field_errors = RwSignal::new(FieldErrors::default());
    let field_error = move |k: &'static str| {
        move || {
            field_errors
                .with(|f| f.get(k).map(String::from))
                .map(|m| view! { <span class="field-error" role="alert">{m}</span> })
        }
    };
    let save = move |_| {
        field_errors.set(FieldErrors::default());
        let patch = TicketPatch {
            version,
            assignee_id: Some(assignee.get_untracked().parse::<i64>().ok().map(UserId)),
            group_id: Some(group.get_untracked().parse::<i64>().ok().map(GroupId)),
            major_incident: may_be_major.then(|| major.get_untracked()),
            ..Default::default()
        };
        let number = number.get_value();
        spawn_local(async move {
            match update_ticket(number, patch).await {
                Ok(_) => {
                    toasts.success("Saved.");
                    reload.try_update(|n| *n += 1);
                }
                // Refused fields are marked where they are, not in a toast.
                Err(AppError::Invalid(f)) => {
                    field_errors.try_set(f);
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
        let number = number.get_value();
        spawn_local(async move {
            // A live update may have re-rendered this panel meanwhile: `try_` on its signals.
            match add_link(number, l).await {
                Ok(()) => {
                    link_to.try_set(String::new());
                    link_error.try_set(None);
                    reload.try_update(|n| *n += 1);
                }
                Err(e) => {
                    link_error.try_set(Some(e.explain()));
                }
            }
        });
    };
    view! {
        <section class="card">
            <h2 class="card-title">"Assignment"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let options = options.await.unwrap_or_default();
                    let groups = options.groups.clone();
                    let options = StoredValue::new(options);
                    let in_group = move |person: &str, g: &str| {
                        let g = g.parse::<i64>().ok().map(GroupId);
                        options.with_value(|o| o.agents_for(g).iter().any(|a| a.id.0.to_string() == person))
                    };
                    // The assignee is picked among the chosen group's members (the current
                    // assignee stays listed, while still chosen, even if the data says otherwise);
                    // choosing another group clears an assignee who is not in it, and the list
                    // then drops them.
                    let initial = initial_assignee.get_value();
                    let choices = Memo::new(move |_| {
                        let g = group.get().parse::<i64>().ok().map(GroupId);
                        let mut list = options.with_value(|o| o.agents_for(g));
                        if let Some(a) = &initial
                            && !list.iter().any(|p| p.id == a.id)
                            && assignee.get() == a.id.0.to_string()
                        {
                            list.insert(0, a.clone());
                        }
                        list
                    });
                    Effect::new(move |previous: Option<String>| {
                        let g = group.get();
                        let current = assignee.get_untracked();
                        if previous.is_some_and(|p| p != g) && !current.is_empty() && !in_group(&current, &g) {
                            assignee.set(String::new());
                        }
                        g
                    });
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
                            {field_error("group_id")}
                        </label>
                        <label class="field field-inline">
                            <span class="field-label">"Assigned to"</span>
                            <select class="input input-sm" data-testid="assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                                <option value="" selected=move || assignee.get().is_empty()>"Nobody"</option>
                                {move || choices.get().into_iter().map(|a| {
                                    let v = a.id.0.to_string();
                                    let sel = v == assignee.get_untracked();
                                    view! { <option value=v selected=sel>{a.name}</option> }
                                }).collect_view()}
                            </select>
                            {field_error("assignee_id")}
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
