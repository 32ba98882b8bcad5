//! The approval stages of an item in the editor: who approves at each stage and how they decide.

use super::{Keys, RowTools, at, move_row};
use domain::catalog::{ApprovalRule, ApprovalStage, Approvers, ItemDefinition};
use domain::tickets::PersonRef;
use domain::users::FieldErrors;
use domain::{GroupId, UserId};
use leptos::prelude::*;

/// The approval stages, in order.
#[component]
pub fn StagesEditor(
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    errors: RwSignal<FieldErrors>,
    groups: Vec<(GroupId, String)>,
    people: Vec<PersonRef>,
) -> impl IntoView {
    let groups = StoredValue::new(groups);
    let people = StoredValue::new(people);
    let add = move |_| {
        def.update(|d| {
            d.approvals.push(ApprovalStage {
                name: "Manager".into(),
                approvers: Approvers::Manager,
                rule: ApprovalRule::Any,
            })
        });
        keys.push();
    };
    view! {
        <div class="builder">
            <For each=move || keys.ids.get() key=|id| *id let:id>
                <StageRow id=id def=def keys=keys errors=errors groups=groups people=people />
            </For>
            <button type="button" class="btn btn-secondary btn-sm" on:click=add>"Add an approval stage"</button>
        </div>
    }
}

#[component]
fn StageRow(
    id: u32,
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    errors: RwSignal<FieldErrors>,
    groups: StoredValue<Vec<(GroupId, String)>>,
    people: StoredValue<Vec<PersonRef>>,
) -> impl IntoView {
    let read = move || def.with(|d| d.approvals.get(at(keys, id)).cloned());
    let edit = move |f: Box<dyn FnOnce(&mut ApprovalStage)>| {
        def.update(|d| {
            if let Some(s) = d.approvals.get_mut(at(keys, id)) {
                f(s);
            }
        })
    };
    let who = Memo::new(move |_| match read().map(|s| s.approvers) {
        Some(Approvers::Group { .. }) => "group",
        Some(Approvers::Users { .. }) => "users",
        _ => "manager",
    });
    let err = move |what: &str| {
        let k = format!("approvals.{}.{what}", at(keys, id));
        errors.with(|e| e.get(&k).map(String::from))
    };
    let up =
        Callback::new(move |_| def.update(|d| move_row(&mut d.approvals, keys, at(keys, id), -1)));
    let down =
        Callback::new(move |_| def.update(|d| move_row(&mut d.approvals, keys, at(keys, id), 1)));
    let remove = Callback::new(move |_| {
        let i = at(keys, id);
        def.update(|d| {
            if i < d.approvals.len() {
                d.approvals.remove(i);
            }
        });
        keys.remove(i);
    });
    let first_group =
        move || groups.with_value(|g| g.first().map(|(id, _)| *id).unwrap_or(GroupId(0)));
    view! {
        <fieldset class="builder-row">
            <legend>{move || read().map(|s| s.name).unwrap_or_default()}</legend>
            <div class="builder-grid">
                <label class="field"><span class="field-label">"Stage name"</span>
                    <input class="input input-sm" prop:value=move || read().map(|s| s.name).unwrap_or_default()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |s| s.name = v)); } />
                    {move || err("name").map(|m| view! { <span class="field-error">{m}</span> })}
                </label>
                <label class="field"><span class="field-label">"Approvers"</span>
                    <select class="input input-sm" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let g = first_group();
                        edit(Box::new(move |s| s.approvers = match v.as_str() {
                            "group" => Approvers::Group { group: g },
                            "users" => Approvers::Users { users: vec![] },
                            _ => Approvers::Manager,
                        }));
                    }>
                        <option value="manager" selected=move || who.get() == "manager">"The requester's manager"</option>
                        <option value="group" selected=move || who.get() == "group">"Members of a group"</option>
                        <option value="users" selected=move || who.get() == "users">"Named people"</option>
                    </select>
                </label>
                <label class="field"><span class="field-label">"Decides when"</span>
                    <select class="input input-sm" on:change=move |ev| {
                        let r = ApprovalRule::parse(&event_target_value(&ev)).unwrap_or(ApprovalRule::Any);
                        edit(Box::new(move |s| s.rule = r));
                    }>
                        {ApprovalRule::ALL.iter().map(|r| view! { <option value=r.as_str() selected=move || read().is_some_and(|s| s.rule == *r)>{r.label()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {move || match who.get() {
                "group" => view! {
                    <label class="field"><span class="field-label">"Group"</span>
                        <select class="input input-sm" on:change=move |ev| {
                            let g = GroupId(event_target_value(&ev).parse().unwrap_or_default());
                            edit(Box::new(move |s| s.approvers = Approvers::Group { group: g }));
                        }>
                            {groups.get_value().into_iter().map(|(g, name)| view! {
                                <option value=g.0.to_string() selected=move || matches!(read().map(|s| s.approvers), Some(Approvers::Group { group }) if group == g)>{name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                }.into_any(),
                "users" => view! {
                    <div class="checkbox-list builder-people" role="group" aria-label="Approvers">
                        {people.get_value().into_iter().map(|p| {
                            let uid: UserId = p.id;
                            view! {
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=move || matches!(read().map(|s| s.approvers), Some(Approvers::Users { users }) if users.contains(&uid))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            edit(Box::new(move |s| if let Approvers::Users { users } = &mut s.approvers {
                                                users.retain(|u| *u != uid);
                                                if on { users.push(uid); }
                                            }));
                                        } />
                                    <span>{p.name.clone()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {move || err("approvers").map(|m| view! { <p class="field-error">{m}</p> })}
                }.into_any(),
                _ => ().into_any(),
            }}
            <RowTools what="stage" up=up down=down remove=remove />
        </fieldset>
    }
}
