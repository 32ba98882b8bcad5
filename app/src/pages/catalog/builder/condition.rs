//! "Show this field only when …": a field's condition on an earlier field's answer.

use super::{Keys, at};
use domain::catalog::{Answer, FieldKind, ItemDefinition, ShowWhen};
use leptos::prelude::*;

/// "Show this field only when …": an earlier field and the answer it must have.
#[component]
pub(super) fn Condition(id: u32, def: RwSignal<ItemDefinition>, keys: Keys) -> impl IntoView {
    let earlier = move || {
        def.with(|d| {
            let i = at(keys, id);
            d.form
                .fields
                .iter()
                .take(i)
                .map(|f| (f.key.clone(), f.label.clone(), f.kind.clone()))
                .collect::<Vec<_>>()
        })
    };
    let current = move || {
        def.with(|d| {
            d.form
                .fields
                .get(at(keys, id))
                .and_then(|f| f.show_when.clone())
        })
    };
    let set_cond = move |c: Option<ShowWhen>| {
        def.update(|d| {
            if let Some(f) = d.form.fields.get_mut(at(keys, id)) {
                f.show_when = c;
            }
        })
    };
    let first_answer = |k: &FieldKind| match k {
        FieldKind::Checkbox => Answer::Bool(true),
        FieldKind::Select { options } | FieldKind::MultiSelect { options, .. } => {
            Answer::Choice(options.first().cloned().unwrap_or_default())
        }
        _ => Answer::Text(String::new()),
    };
    let pick_field = move |key: String| {
        if key.is_empty() {
            set_cond(None);
            return;
        }
        let kind = earlier()
            .into_iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, k)| k);
        if let Some(kind) = kind {
            set_cond(Some(ShowWhen {
                field: key,
                equals: first_answer(&kind),
            }));
        }
    };
    let value_editor = move || {
        let cond = current()?;
        let kind = earlier()
            .into_iter()
            .find(|(k, _, _)| *k == cond.field)
            .map(|(_, _, k)| k)?;
        let field = cond.field.clone();
        Some(match kind {
            FieldKind::Checkbox => view! {
                <select class="input input-sm" aria-label="Condition value" on:change=move |ev| {
                    let on = event_target_value(&ev) == "yes";
                    set_cond(Some(ShowWhen { field: field.clone(), equals: Answer::Bool(on) }));
                }>
                    <option value="yes" selected=cond.equals == Answer::Bool(true)>"is ticked"</option>
                    <option value="no" selected=cond.equals == Answer::Bool(false)>"is not ticked"</option>
                </select>
            }.into_any(),
            FieldKind::Select { options } | FieldKind::MultiSelect { options, .. } => view! {
                <select class="input input-sm" aria-label="Condition value" on:change=move |ev| {
                    set_cond(Some(ShowWhen { field: field.clone(), equals: Answer::Choice(event_target_value(&ev)) }));
                }>
                    {options.into_iter().map(|o| {
                        let selected = cond.equals == Answer::Choice(o.clone());
                        view! { <option value=o.clone() selected=selected>{format!("is {o}")}</option> }
                    }).collect_view()}
                </select>
            }.into_any(),
            _ => view! {
                <input class="input input-sm" aria-label="Condition value" placeholder="equals"
                    prop:value=match &cond.equals { Answer::Text(t) => t.clone(), _ => String::new() }
                    on:input=move |ev| set_cond(Some(ShowWhen { field: field.clone(), equals: Answer::Text(event_target_value(&ev)) })) />
            }.into_any(),
        })
    };
    view! {
        <div class="builder-condition">
            <label class="field-inline"><span class="field-label">"Show only when"</span>
                <select class="input input-sm" data-testid="condition-field" on:change=move |ev| pick_field(event_target_value(&ev))>
                    <option value="" selected=move || current().is_none()>"always shown"</option>
                    {move || earlier().into_iter().map(|(k, l, _)| {
                        let k2 = k.clone();
                        view! { <option value=k selected=move || current().is_some_and(|c| c.field == k2)>{l}</option> }
                    }).collect_view()}
                </select>
            </label>
            {value_editor}
        </div>
    }
}
