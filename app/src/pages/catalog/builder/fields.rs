//! The request form's fields in the builder: each field's label, key, type, rules by type,
//! default answer and condition.

use super::condition::Condition;
use super::{Keys, RowTools, at, move_row, opt_num, show};
use domain::catalog::{Answer, FieldKind, FormField, ItemDefinition};
use domain::users::FieldErrors;
use leptos::prelude::*;

fn kind_tag(k: &FieldKind) -> &'static str {
    match k {
        FieldKind::Text { .. } => "text",
        FieldKind::LongText { .. } => "long_text",
        FieldKind::Number { .. } => "number",
        FieldKind::Date { .. } => "date",
        FieldKind::Select { .. } => "select",
        FieldKind::MultiSelect { .. } => "multi_select",
        FieldKind::Checkbox => "checkbox",
        FieldKind::UserPicker => "user_picker",
        FieldKind::CiPicker => "ci_picker",
        FieldKind::AttachmentNote => "attachment_note",
    }
}

const KINDS: [(&str, &str); 10] = [
    ("text", "Text"),
    ("long_text", "Long text"),
    ("number", "Number"),
    ("date", "Date"),
    ("select", "Choice"),
    ("multi_select", "Several choices"),
    ("checkbox", "Checkbox"),
    ("user_picker", "Person"),
    ("ci_picker", "Configuration item"),
    ("attachment_note", "Attachment note"),
];

fn new_kind(tag: &str) -> FieldKind {
    match tag {
        "long_text" => FieldKind::LongText {
            max_len: Some(2000),
        },
        "number" => FieldKind::Number {
            min: None,
            max: None,
            integer: true,
        },
        "date" => FieldKind::Date {
            min_days_ahead: Some(0),
            max_days_ahead: None,
        },
        "select" => FieldKind::Select {
            options: vec!["First choice".into(), "Second choice".into()],
        },
        "multi_select" => FieldKind::MultiSelect {
            options: vec!["First choice".into(), "Second choice".into()],
            min: None,
            max: None,
        },
        "checkbox" => FieldKind::Checkbox,
        "user_picker" => FieldKind::UserPicker,
        "ci_picker" => FieldKind::CiPicker,
        "attachment_note" => FieldKind::AttachmentNote,
        _ => FieldKind::Text {
            max_len: Some(200),
            pattern: None,
            pattern_hint: None,
        },
    }
}

/// The fields of the request form.
#[component]
pub fn FormBuilder(
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let add = move |_| {
        def.update(|d| {
            let n = d.form.fields.len() + 1;
            d.form.fields.push(FormField {
                key: format!("question_{n}"),
                label: format!("Question {n}"),
                help: None,
                required: false,
                kind: new_kind("text"),
                default: None,
                show_when: None,
            });
        });
        keys.push();
    };
    view! {
        <div class="builder" data-testid="form-builder">
            <For each=move || keys.ids.get() key=|id| *id let:id>
                <FieldRow id=id def=def keys=keys errors=errors />
            </For>
            <button type="button" class="btn btn-secondary btn-sm" data-testid="add-field" on:click=add>"Add a field"</button>
        </div>
    }
}

#[component]
fn FieldRow(
    id: u32,
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let get = move |f: fn(&FormField) -> String| {
        def.with(|d| d.form.fields.get(at(keys, id)).map(f).unwrap_or_default())
    };
    let edit = move |f: Box<dyn FnOnce(&mut FormField)>| {
        def.update(|d| {
            if let Some(field) = d.form.fields.get_mut(at(keys, id)) {
                f(field);
            }
        })
    };
    let err = move |what: &str| {
        let k = format!("form.{}.{what}", at(keys, id));
        errors.with(|e| e.get(&k).map(String::from))
    };
    let tag = Memo::new(move |_| {
        def.with(|d| {
            d.form
                .fields
                .get(at(keys, id))
                .map(|f| kind_tag(&f.kind))
                .unwrap_or("text")
        })
    });
    let up = Callback::new(move |_| {
        def.update(|d| move_row(&mut d.form.fields, keys, at(keys, id), -1))
    });
    let down =
        Callback::new(move |_| def.update(|d| move_row(&mut d.form.fields, keys, at(keys, id), 1)));
    let remove = Callback::new(move |_| {
        let i = at(keys, id);
        def.update(|d| {
            if i < d.form.fields.len() {
                d.form.fields.remove(i);
            }
        });
        keys.remove(i);
    });
    let text_input = move |label: &'static str,
                           read: fn(&FormField) -> String,
                           write: fn(&mut FormField, String),
                           what: &'static str| {
        view! {
            <label class="field"><span class="field-label">{label}</span>
                <input class="input input-sm" prop:value=move || get(read)
                    on:input=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |f| write(f, v))); } />
                {move || err(what).map(|m| view! { <span class="field-error">{m}</span> })}
            </label>
        }
    };
    view! {
        <fieldset class="builder-row" data-testid="builder-field">
            <legend>{move || get(|f| f.label.clone())}</legend>
            <div class="builder-grid">
                {text_input("Label", |f| f.label.clone(), |f, v| f.label = v, "label")}
                {text_input("Key", |f| f.key.clone(), |f, v| f.key = v, "key")}
                <label class="field"><span class="field-label">"Type"</span>
                    <select class="input input-sm" on:change=move |ev| { let v = event_target_value(&ev); edit(Box::new(move |f| f.kind = new_kind(&v))); }>
                        {KINDS.iter().map(|(t, l)| view! { <option value=*t selected=move || tag.get() == *t>{*l}</option> }).collect_view()}
                    </select>
                </label>
                <label class="checkbox builder-required">
                    <input type="checkbox" prop:checked=move || def.with(|d| d.form.fields.get(at(keys, id)).is_some_and(|f| f.required))
                        on:change=move |ev| { let on = event_target_checked(&ev); edit(Box::new(move |f| f.required = on)); } />
                    <span>"Required"</span>
                </label>
            </div>
            {text_input("Help text", |f| f.help.clone().unwrap_or_default(), |f, v| f.help = (!v.trim().is_empty()).then_some(v), "help")}
            {move || rules(tag.get(), id, def, keys, err)}
            {move || default_editor(tag.get(), id, def, keys)}
            <Condition id=id def=def keys=keys />
            {move || err("show_when").map(|m| view! { <p class="field-error">{m}</p> })}
            {move || err("default").map(|m| view! { <p class="field-error">{m}</p> })}
            <RowTools what="field" up=up down=down remove=remove />
        </fieldset>
    }
}

/// The rules that depend on the field's type.
fn rules(
    tag: &'static str,
    id: u32,
    def: RwSignal<ItemDefinition>,
    keys: Keys,
    err: impl Fn(&str) -> Option<String> + Copy + Send + Sync + 'static,
) -> AnyView {
    let read = move || def.with(|d| d.form.fields.get(at(keys, id)).map(|f| f.kind.clone()));
    let write = move |f: Box<dyn FnOnce(&mut FieldKind)>| {
        def.update(|d| {
            if let Some(field) = d.form.fields.get_mut(at(keys, id)) {
                f(&mut field.kind);
            }
        })
    };
    let input = move |label: &'static str,
                      value: Box<dyn Fn(&FieldKind) -> String + Send + Sync>,
                      set: fn(&mut FieldKind, String)| {
        view! {
            <label class="field"><span class="field-label">{label}</span>
                <input class="input input-sm" prop:value=move || read().map(|k| value(&k)).unwrap_or_default()
                    on:input=move |ev| { let v = event_target_value(&ev); write(Box::new(move |k| set(k, v))); } />
            </label>
        }
    };
    let error_line = move |what: &'static str| view! { {move || err(what).map(|m| view! { <p class="field-error">{m}</p> })} };
    match tag {
        "text" => view! {
            <div class="builder-grid">
                {input("Longest answer", Box::new(|k| match k { FieldKind::Text { max_len, .. } => show(*max_len), _ => String::new() }),
                    |k, v| if let FieldKind::Text { max_len, .. } = k { *max_len = opt_num(&v) })}
                {input("Pattern (regular expression)", Box::new(|k| match k { FieldKind::Text { pattern, .. } => pattern.clone().unwrap_or_default(), _ => String::new() }),
                    |k, v| if let FieldKind::Text { pattern, .. } = k { *pattern = (!v.is_empty()).then_some(v) })}
                {input("Pattern in words", Box::new(|k| match k { FieldKind::Text { pattern_hint, .. } => pattern_hint.clone().unwrap_or_default(), _ => String::new() }),
                    |k, v| if let FieldKind::Text { pattern_hint, .. } = k { *pattern_hint = (!v.is_empty()).then_some(v) })}
            </div>
            {error_line("pattern")}
        }.into_any(),
        "long_text" => view! {
            <div class="builder-grid">
                {input("Longest answer", Box::new(|k| match k { FieldKind::LongText { max_len } => show(*max_len), _ => String::new() }),
                    |k, v| if let FieldKind::LongText { max_len } = k { *max_len = opt_num(&v) })}
            </div>
        }.into_any(),
        "number" => view! {
            <div class="builder-grid">
                {input("Smallest", Box::new(|k| match k { FieldKind::Number { min, .. } => show(*min), _ => String::new() }),
                    |k, v| if let FieldKind::Number { min, .. } = k { *min = opt_num(&v) })}
                {input("Largest", Box::new(|k| match k { FieldKind::Number { max, .. } => show(*max), _ => String::new() }),
                    |k, v| if let FieldKind::Number { max, .. } = k { *max = opt_num(&v) })}
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || matches!(read(), Some(FieldKind::Number { integer: true, .. }))
                        on:change=move |ev| { let on = event_target_checked(&ev); write(Box::new(move |k| if let FieldKind::Number { integer, .. } = k { *integer = on })); } />
                    <span>"Whole numbers only"</span>
                </label>
            </div>
            {error_line("max")}
        }.into_any(),
        "date" => view! {
            <div class="builder-grid">
                {input("Earliest (days from today)", Box::new(|k| match k { FieldKind::Date { min_days_ahead, .. } => show(*min_days_ahead), _ => String::new() }),
                    |k, v| if let FieldKind::Date { min_days_ahead, .. } = k { *min_days_ahead = opt_num(&v) })}
                {input("Latest (days from today)", Box::new(|k| match k { FieldKind::Date { max_days_ahead, .. } => show(*max_days_ahead), _ => String::new() }),
                    |k, v| if let FieldKind::Date { max_days_ahead, .. } = k { *max_days_ahead = opt_num(&v) })}
            </div>
            {error_line("max")}
        }.into_any(),
        "select" | "multi_select" => view! {
            <label class="field"><span class="field-label">"Choices, one per line"</span>
                <textarea class="input input-sm" rows="3" data-testid="field-options"
                    prop:value=move || match read() { Some(FieldKind::Select { options } | FieldKind::MultiSelect { options, .. }) => options.join("\n"), _ => String::new() }
                    on:input=move |ev| {
                        let v: Vec<String> = event_target_value(&ev).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
                        write(Box::new(move |k| match k {
                            FieldKind::Select { options } | FieldKind::MultiSelect { options, .. } => *options = v,
                            _ => {}
                        }));
                    }></textarea>
            </label>
            {error_line("options")}
            {(tag == "multi_select").then(|| view! {
                <div class="builder-grid">
                    {input("Choose at least", Box::new(|k| match k { FieldKind::MultiSelect { min, .. } => show(*min), _ => String::new() }),
                        |k, v| if let FieldKind::MultiSelect { min, .. } = k { *min = opt_num(&v) })}
                    {input("Choose at most", Box::new(|k| match k { FieldKind::MultiSelect { max, .. } => show(*max), _ => String::new() }),
                        |k, v| if let FieldKind::MultiSelect { max, .. } = k { *max = opt_num(&v) })}
                </div>
                {error_line("max")}
            })}
        }.into_any(),
        "ci_picker" => view! { <p class="muted">"Until the CMDB exists, people type the item's name or asset tag."</p> }.into_any(),
        _ => ().into_any(),
    }
}

/// The answer a field starts with, written as text and read by the field's type.
fn parse_default(kind: &FieldKind, text: &str) -> Option<Answer> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match kind {
        FieldKind::Text { .. } | FieldKind::LongText { .. } => Some(Answer::Text(t.to_string())),
        FieldKind::Number { .. } => t.parse().ok().map(Answer::Number),
        FieldKind::Date { .. } => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(Answer::Date),
        FieldKind::Select { .. } => Some(Answer::Choice(t.to_string())),
        FieldKind::MultiSelect { .. } => Some(Answer::Choices(
            t.split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
        )),
        _ => None,
    }
}

fn show_default(a: &Answer) -> String {
    match a {
        Answer::Text(t) | Answer::Choice(t) => t.clone(),
        Answer::Number(n) => n.to_string(),
        Answer::Date(d) => d.format("%Y-%m-%d").to_string(),
        Answer::Choices(c) => c.join(", "),
        Answer::Bool(b) => b.to_string(),
        Answer::User(u) => u.0.to_string(),
    }
}

/// The default answer: a tick for checkboxes, text for the types that have one.
fn default_editor(
    tag: &'static str,
    id: u32,
    def: RwSignal<ItemDefinition>,
    keys: Keys,
) -> AnyView {
    let read = move || {
        def.with(|d| {
            d.form
                .fields
                .get(at(keys, id))
                .and_then(|f| f.default.clone())
        })
    };
    let write = move |text: String, tick: Option<bool>| {
        def.update(|d| {
            if let Some(f) = d.form.fields.get_mut(at(keys, id)) {
                f.default = match tick {
                    Some(on) => on.then_some(Answer::Bool(true)),
                    None => parse_default(&f.kind, &text),
                };
            }
        })
    };
    match tag {
        "checkbox" => view! {
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || read() == Some(Answer::Bool(true))
                    on:change=move |ev| write(String::new(), Some(event_target_checked(&ev))) />
                <span>"Ticked at first"</span>
            </label>
        }
        .into_any(),
        "user_picker" | "ci_picker" | "attachment_note" => ().into_any(),
        _ => {
            let hint = match tag {
                "date" => "YYYY-MM-DD",
                "multi_select" => "choices, comma-separated",
                "select" => "one of the choices",
                _ => "",
            };
            view! {
                <label class="field"><span class="field-label">"Default answer"</span>
                    <input class="input input-sm" placeholder=hint prop:value=move || read().map(|a| show_default(&a)).unwrap_or_default()
                        on:change=move |ev| write(event_target_value(&ev), None) />
                </label>
            }.into_any()
        }
    }
}
