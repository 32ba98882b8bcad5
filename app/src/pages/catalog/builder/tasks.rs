//! The fulfilment tasks of an item in the editor: each task's title, group and instructions.

use super::{Keys, RowTools, at, move_row};
use domain::GroupId;
use domain::catalog::{ItemDefinition, TaskTemplate};
use domain::users::FieldErrors;
use leptos::prelude::*;

/// The fulfilment tasks, in order.
#[component]
pub fn TasksEditor(
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    errors: RwSignal<FieldErrors>,
    groups: Vec<(GroupId, String)>,
) -> impl IntoView {
    let groups = StoredValue::new(groups);
    let add = move |_| {
        def.update(|d| {
            d.fulfilment.tasks.push(TaskTemplate {
                title: "New task".into(),
                group: None,
                instructions: String::new(),
            })
        });
        keys.push();
    };
    view! {
        <div class="builder">
            <For each=move || keys.ids.get() key=|id| *id let:id>
                <TaskRow id=id def=def keys=keys errors=errors groups=groups />
            </For>
            <button type="button" class="btn btn-secondary btn-sm" on:click=add>"Add a task"</button>
        </div>
    }
}

#[component]
fn TaskRow(
    id: u32,
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    errors: RwSignal<FieldErrors>,
    groups: StoredValue<Vec<(GroupId, String)>>,
) -> impl IntoView {
    let read = move || def.with(|d| d.fulfilment.tasks.get(at(keys, id)).cloned());
    let edit = move |f: Box<dyn FnOnce(&mut TaskTemplate)>| {
        def.update(|d| {
            if let Some(t) = d.fulfilment.tasks.get_mut(at(keys, id)) {
                f(t);
            }
        })
    };
    let err = move |what: &str| {
        let k = format!("fulfilment.{}.{what}", at(keys, id));
        errors.with(|e| e.get(&k).map(String::from))
    };
    let up = Callback::new(move |_| {
        def.update(|d| move_row(&mut d.fulfilment.tasks, keys, at(keys, id), -1))
    });
    let down = Callback::new(move |_| {
        def.update(|d| move_row(&mut d.fulfilment.tasks, keys, at(keys, id), 1))
    });
    let remove = Callback::new(move |_| {
        let i = at(keys, id);
        def.update(|d| {
            if i < d.fulfilment.tasks.len() {
                d.fulfilment.tasks.remove(i);
            }
        });
        keys.remove(i);
    });
    view! {
        <fieldset class="builder-row">
            <legend>{move || read().map(|t| t.title).unwrap_or_default()}</legend>
            <div class="builder-grid">
                <label class="field"><span class="field-label">"Title"</span>
                    <input class="input input-sm" prop:value=move || read().map(|t| t.title).unwrap_or_default()
                        on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |t| t.title = v)); } />
                    {move || err("title").map(|m| view! { <span class="field-error">{m}</span> })}
                </label>
                <label class="field"><span class="field-label">"Group"</span>
                    <select class="input input-sm" on:change=move |ev| {
                        let g = event_target_value(&ev).parse().ok().map(GroupId);
                        edit(Box::new(move |t| t.group = g));
                    }>
                        <option value="" selected=move || read().is_some_and(|t| t.group.is_none())>"The item's fulfilment group"</option>
                        {groups.get_value().into_iter().map(|(g, name)| view! {
                            <option value=g.0.to_string() selected=move || read().is_some_and(|t| t.group == Some(g))>{name}</option>
                        }).collect_view()}
                    </select>
                    {move || err("group").map(|m| view! { <span class="field-error">{m}</span> })}
                </label>
            </div>
            <label class="field"><span class="field-label">"Instructions for the agent"</span>
                <textarea class="input input-sm" rows="2" prop:value=move || read().map(|t| t.instructions).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |t| t.instructions = v)); }></textarea>
            </label>
            <RowTools what="task" up=up down=down remove=remove />
        </fieldset>
    }
}
