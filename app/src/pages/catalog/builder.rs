//! The form builder of the item editor: add, reorder and remove fields, set each field's rules
//! and condition. Also the approval stages and fulfilment tasks editors, which share its list
//! handling.
//!
//! Rows keep a stable key while the definition changes under them, so typing in a row never
//! redraws it; only adding, removing or reordering redraws the list.

use domain::catalog::{
    Answer, ApprovalRule, ApprovalStage, Approvers, FieldKind, FormField, ItemDefinition, ShowWhen,
    TaskTemplate,
};
use domain::tickets::PersonRef;
use domain::users::FieldErrors;
use domain::{GroupId, UserId};
use leptos::prelude::*;

/// Stable keys for the rows of a list inside the definition.
#[derive(Clone, Copy)]
pub struct Keys {
    ids: RwSignal<Vec<u32>>,
    next: StoredValue<u32>,
}

impl Keys {
    pub fn new(n: usize) -> Self {
        Keys {
            ids: RwSignal::new((0..n as u32).collect()),
            next: StoredValue::new(n as u32),
        }
    }
    fn index(&self, id: u32) -> Option<usize> {
        self.ids.with_untracked(|v| v.iter().position(|x| *x == id))
    }
    fn push(&self) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.ids.update(|v| v.push(id));
    }
    fn remove(&self, i: usize) {
        self.ids.update(|v| {
            v.remove(i);
        });
    }
    fn swap(&self, i: usize, j: usize) {
        self.ids.update(|v| v.swap(i, j));
    }
    fn reset(&self, n: usize) {
        self.next.set_value(n as u32);
        self.ids.set((0..n as u32).collect());
    }
}

/// A row's position now (rows move), or `usize::MAX` once it is gone.
fn at(keys: Keys, id: u32) -> usize {
    keys.index(id).unwrap_or(usize::MAX)
}

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

/// Moves rows and keys together.
fn move_row<T>(list: &mut [T], keys: Keys, i: usize, delta: isize) {
    let j = i as isize + delta;
    if j >= 0 && (j as usize) < list.len() {
        list.swap(i, j as usize);
        keys.swap(i, j as usize);
    }
}

fn opt_num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.trim().parse().ok()
}

fn show<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Buttons to move a row up or down and remove it.
#[component]
fn RowTools(
    #[prop(into)] what: String,
    up: Callback<()>,
    down: Callback<()>,
    remove: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="row-tools">
            <button type="button" class="btn btn-ghost btn-sm" aria-label=format!("Move {what} up") on:click=move |_| up.run(())>"↑"</button>
            <button type="button" class="btn btn-ghost btn-sm" aria-label=format!("Move {what} down") on:click=move |_| down.run(())>"↓"</button>
            <button type="button" class="btn btn-ghost btn-sm" aria-label=format!("Remove {what}") on:click=move |_| remove.run(())>"Remove"</button>
        </div>
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

/// "Show this field only when …": an earlier field and the answer it must have.
#[component]
fn Condition(id: u32, def: RwSignal<ItemDefinition>, keys: Keys) -> impl IntoView {
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

/// Resets the row keys after the definition was replaced (a reload or an import).
pub fn reset_keys(def: &ItemDefinition, fields: Keys, stages: Keys, tasks: Keys) {
    fields.reset(def.form.fields.len());
    stages.reset(def.approvals.len());
    tasks.reset(def.fulfilment.tasks.len());
}
