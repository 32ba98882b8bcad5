//! The request form of a catalog item, drawn from its schema: every field type, help text,
//! conditional fields shown and hidden as answers change, and each field's message. The same
//! component shows the live preview in the item editor.
//!
//! Fields are drawn once per schema and hidden with `hidden` when their condition is not met,
//! so typing never redraws (or unfocuses) an input.

use super::api::find_people;
use chrono::{Duration, NaiveDate};
use domain::catalog::{Answer, Answers, FieldKind, FormField, FormSchema};
use domain::tickets::PersonRef;
use domain::users::FieldErrors;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Today in the viewer's calendar (the browser's clock; the server's on the server).
pub fn today() -> NaiveDate {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .unwrap_or_default()
    }
    #[cfg(all(not(feature = "hydrate"), feature = "ssr"))]
    {
        service::now().date_naive()
    }
    #[cfg(all(not(feature = "hydrate"), not(feature = "ssr")))]
    {
        NaiveDate::default()
    }
}

fn set(answers: RwSignal<Answers>, key: &str, value: Option<Answer>) {
    answers.update(|a| match value {
        Some(v) => {
            a.insert(key.to_string(), v);
        }
        None => {
            a.remove(key);
        }
    });
}

fn text_of(answers: RwSignal<Answers>, key: &str) -> String {
    answers.with(|a| match a.get(key) {
        Some(Answer::Text(t) | Answer::Choice(t)) => t.clone(),
        Some(Answer::Number(n)) => n.to_string(),
        Some(Answer::Date(d)) => d.format("%Y-%m-%d").to_string(),
        _ => String::new(),
    })
}

/// The whole form: one [`FieldInput`] per field of the schema.
#[component]
pub fn RequestForm(
    #[prop(into)] form: Signal<FormSchema>,
    answers: RwSignal<Answers>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    move || {
        let schema = form.get();
        if schema.fields.is_empty() {
            return view! { <p class="muted">"No questions: just send the request."</p> }
                .into_any();
        }
        schema
            .fields
            .iter()
            .cloned()
            .map(|field| view! { <FieldInput field=field form=form answers=answers errors=errors /> })
            .collect_view()
            .into_any()
    }
}

/// One field with its label, help and message; hidden while its condition is not met.
#[component]
fn FieldInput(
    field: FormField,
    form: Signal<FormSchema>,
    answers: RwSignal<Answers>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let key = StoredValue::new(field.key.clone());
    let id = format!("field-{}", field.key);
    let visible = move || form.with(|f| answers.with(|a| f.is_visible(&key.get_value(), a)));
    let error = move || errors.with(|e| e.get(&key.get_value()).map(String::from));
    let invalid = move || error().is_some();
    let label = field.label.clone();
    let required = field.required;
    let help = field.help.clone();
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = {
        let (h, e) = (help_id.clone(), error_id.clone());
        let has_help = help.is_some();
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(h.clone());
            }
            if invalid() {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let control = control(
        &field,
        id.clone(),
        answers,
        Signal::derive(invalid),
        Signal::derive(described),
    );
    let is_checkbox = matches!(field.kind, FieldKind::Checkbox);
    view! {
        <div class="field" class:field-invalid=invalid hidden=move || !visible()
            data-testid=format!("field-{}", field.key)>
            {if is_checkbox {
                view! {
                    <label class="checkbox" for=id.clone()>
                        {control}
                        <span>{label}{required.then(|| view! { <span class="field-required" aria-hidden="true">" *"</span> })}</span>
                    </label>
                }.into_any()
            } else {
                view! {
                    <label for=id.clone() class="field-label">
                        {label}
                        {required.then(|| view! { <span class="field-required" aria-hidden="true">" *"</span> })}
                    </label>
                    {control}
                }.into_any()
            }}
            {help.map(|h| view! { <p id=help_id class="field-help">{h}</p> })}
            <Show when=invalid>
                <p id=error_id.clone() class="field-error" role="alert" data-testid=format!("error-{}", key.get_value())>
                    {error}
                </p>
            </Show>
        </div>
    }
}

fn control(
    field: &FormField,
    id: String,
    answers: RwSignal<Answers>,
    invalid: Signal<bool>,
    described: Signal<Option<String>>,
) -> AnyView {
    let key = StoredValue::new(field.key.clone());
    let aria_invalid = move || invalid.get().then_some("true");
    let text_value = move || text_of(answers, &key.get_value());
    let set_text = move |v: String| {
        let v = (!v.is_empty()).then_some(Answer::Text(v));
        set(answers, &key.get_value(), v);
    };
    match &field.kind {
        FieldKind::Text { max_len, .. } => view! {
            <input id=id class="input" type="text" maxlength=max_len.map(|m| m.to_string())
                aria-invalid=aria_invalid aria-describedby=described
                prop:value=text_value on:input=move |ev| set_text(event_target_value(&ev)) />
        }
        .into_any(),
        FieldKind::LongText { max_len } => view! {
            <textarea id=id class="input" rows="4" maxlength=max_len.map(|m| m.to_string())
                aria-invalid=aria_invalid aria-describedby=described
                prop:value=text_value on:input=move |ev| set_text(event_target_value(&ev))></textarea>
        }
        .into_any(),
        FieldKind::CiPicker => view! {
            <input id=id class="input" type="text" placeholder="Name or asset tag of the configuration item"
                aria-invalid=aria_invalid aria-describedby=described
                prop:value=text_value on:input=move |ev| set_text(event_target_value(&ev)) />
        }
        .into_any(),
        FieldKind::AttachmentNote => view! {
            <p class="alert alert-info">"After sending, add the file to your request as a reply."</p>
            <input id=id class="input" type="text" placeholder="What you will attach"
                aria-invalid=aria_invalid aria-describedby=described
                prop:value=text_value on:input=move |ev| set_text(event_target_value(&ev)) />
        }
        .into_any(),
        FieldKind::Number { min, max, integer } => {
            let step = if *integer { "1" } else { "any" };
            view! {
                <input id=id class="input input-narrow" type="number" step=step
                    min=min.map(|m| m.to_string()) max=max.map(|m| m.to_string())
                    aria-invalid=aria_invalid aria-describedby=described
                    prop:value=text_value
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        set(answers, &key.get_value(), v.trim().parse::<f64>().ok().map(Answer::Number));
                    } />
            }
            .into_any()
        }
        FieldKind::Date { min_days_ahead, max_days_ahead } => {
            let day = |d: Option<i64>| d.map(|d| (today() + Duration::days(d)).format("%Y-%m-%d").to_string());
            view! {
                <input id=id class="input input-narrow" type="date"
                    min=day(*min_days_ahead) max=day(*max_days_ahead)
                    aria-invalid=aria_invalid aria-describedby=described
                    prop:value=text_value
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        set(answers, &key.get_value(), NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok().map(Answer::Date));
                    } />
            }
            .into_any()
        }
        FieldKind::Select { options } => {
            let options = options.clone();
            view! {
                <select id=id class="input" aria-invalid=aria_invalid aria-describedby=described
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(answers, &key.get_value(), (!v.is_empty()).then_some(Answer::Choice(v)));
                    }>
                    <option value="" selected=move || text_value().is_empty()>"Choose…"</option>
                    {options.into_iter().map(|o| {
                        let value = o.clone();
                        let label = o.clone();
                        view! { <option value=o selected=move || text_value() == value>{label}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::MultiSelect { options, .. } => {
            let chosen = move |o: &str| {
                answers.with(|a| matches!(a.get(&key.get_value()), Some(Answer::Choices(c)) if c.iter().any(|x| x == o)))
            };
            let toggle = move |o: String, on: bool| {
                answers.update(|a| {
                    let k = key.get_value();
                    let mut list = match a.remove(&k) {
                        Some(Answer::Choices(c)) => c,
                        _ => Vec::new(),
                    };
                    list.retain(|x| *x != o);
                    if on {
                        list.push(o);
                    }
                    if !list.is_empty() {
                        a.insert(k, Answer::Choices(list));
                    }
                });
            };
            view! {
                <div id=id class="checkbox-list" role="group" aria-describedby=described>
                    {options.iter().cloned().map(|o| {
                        let (o1, o2) = (o.clone(), o.clone());
                        view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || chosen(&o1)
                                    on:change=move |ev| toggle(o2.clone(), event_target_checked(&ev)) />
                                <span>{o}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        FieldKind::Checkbox => view! {
            <input id=id type="checkbox" aria-invalid=aria_invalid aria-describedby=described
                prop:checked=move || answers.with(|a| a.get(&key.get_value()) == Some(&Answer::Bool(true)))
                on:change=move |ev| set(answers, &key.get_value(), Some(Answer::Bool(event_target_checked(&ev)))) />
        }
        .into_any(),
        FieldKind::UserPicker => view! { <PersonPicker id=id key=key.get_value() answers=answers invalid=invalid described=described /> }.into_any(),
    }
}

/// A person chosen by typing part of their name and picking from the matches.
#[component]
fn PersonPicker(
    id: String,
    key: String,
    answers: RwSignal<Answers>,
    invalid: Signal<bool>,
    described: Signal<Option<String>>,
) -> impl IntoView {
    let key = StoredValue::new(key);
    let typed = RwSignal::new(String::new());
    let matches = RwSignal::new(Vec::<PersonRef>::new());
    let chosen = RwSignal::new(None::<PersonRef>);
    let list_id = format!("{id}-people");
    let on_input = move |v: String| {
        typed.set(v.clone());
        let hit = matches.with_untracked(|m| m.iter().find(|p| p.name == v).cloned());
        set(
            answers,
            &key.get_value(),
            hit.as_ref().map(|p| Answer::User(p.id)),
        );
        chosen.set(hit.clone());
        if hit.is_none() && v.trim().chars().count() >= 2 {
            spawn_local(async move {
                if let Ok(found) = find_people(v).await {
                    matches.set(found);
                }
            });
        }
    };
    view! {
        <input id=id class="input" type="text" list=list_id.clone() autocomplete="off"
            placeholder="Type a name" aria-invalid=move || invalid.get().then_some("true")
            aria-describedby=described prop:value=typed
            on:input=move |ev| on_input(event_target_value(&ev)) />
        <datalist id=list_id>
            {move || matches.get().into_iter().map(|p| view! { <option value=p.name.clone()></option> }).collect_view()}
        </datalist>
        {move || chosen.get().map(|p| view! { <p class="field-help">{format!("Chosen: {}", p.name)}</p> })}
    }
}
