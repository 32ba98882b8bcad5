//! `/admin/catalog/items/:id`: the item editor. Everything an item is, in one place: basics,
//! who may order it, the form (builder and live preview, as the requester will see it),
//! approvals, fulfilment; save the draft, publish it, discard it, retire the item, export it.
//!
//! Publishing saves the draft, then the server checks it and answers every problem by place,
//! shown beside the fields and listed at the top. The checks run on the server only: their code
//! (patterns included) stays out of the editor's WebAssembly.

use super::api::{
    EditorOptions, admin_categories, discard_draft, export_item, load_editor_options,
    load_item_editor, publish_item, retire_item, save_draft,
};
use super::builder::{FormBuilder, Keys, StagesEditor, TasksEditor, reset_keys};
use super::preview::FormPreview;
use crate::components::modal::Modal;
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::components::toast::use_toasts;
use crate::error::AppError;
use crate::pages::RequireCapability;
use domain::catalog::item::ICONS;
use domain::catalog::{
    CategoryCard, Cost, CostPeriod, ItemDefinition, ItemDraft, ItemEditor, TaskOrder,
};
use domain::users::FieldErrors;
use domain::{Capability, CatalogItemId, CategoryId, GroupId, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn ItemEditorPage() -> impl IntoView {
    view! { <RequireCapability cap=Capability::ManageCatalog page=|_| view! { <EditorLoader /> } /> }
}

#[component]
fn EditorLoader() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0i64))
    });
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            let ed = load_item_editor(CatalogItemId(id)).await?;
            let options = load_editor_options().await?;
            let categories = admin_categories().await?;
            Ok::<_, AppError>((ed, options, categories))
        },
    );
    view! {
        <Suspense fallback=|| view! { <SkeletonBlock lines=10 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((ed, options, categories)) => view! { <Editor ed=ed options=options categories=categories /> }.into_any(),
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where a problem key points, for the list at the top.
fn place(key: &str, def: &ItemDefinition) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let n = |i: &str| i.parse::<usize>().unwrap_or(0);
    match parts.as_slice() {
        ["form", i, _] => format!(
            "Field “{}”",
            def.form
                .fields
                .get(n(i))
                .map(|f| f.label.as_str())
                .unwrap_or("?")
        ),
        ["approvals", i, _] => format!("Approval stage {}", n(i) + 1),
        ["fulfilment", i, _] => format!("Task {}", n(i) + 1),
        [k] => match *k {
            "name" => "Name".into(),
            "summary" => "Summary".into(),
            "icon" => "Icon".into(),
            "audience" => "Who may order it".into(),
            "cost" => "Cost".into(),
            "slug" => "Address".into(),
            "category" => "Category".into(),
            other => other.to_string(),
        },
        _ => key.to_string(),
    }
}

#[component]
fn Editor(ed: ItemEditor, options: EditorOptions, categories: Vec<CategoryCard>) -> impl IntoView {
    let toasts = use_toasts();
    let navigate = use_navigate();
    let id = ed.id;
    let def = RwSignal::new(ed.definition.clone());
    let slug = RwSignal::new(ed.slug.clone());
    let category = RwSignal::new(ed.category.0);
    let featured = RwSignal::new(ed.featured);
    let retired = RwSignal::new(ed.retired);
    let version = RwSignal::new(ed.version);
    let status = RwSignal::new((ed.draft_version, ed.live_version));
    let versions = RwSignal::new(ed.versions.clone());
    let errors = RwSignal::new(FieldErrors::default());
    let busy = RwSignal::new(false);
    let exported = RwSignal::new(None::<String>);
    let field_keys = Keys::new(ed.definition.form.fields.len());
    let stage_keys = Keys::new(ed.definition.approvals.len());
    let task_keys = Keys::new(ed.definition.fulfilment.tasks.len());
    // What was last saved (or loaded): the editor warns before leaving while it differs.
    let snapshot = move || (def.get(), slug.get(), category.get(), featured.get());
    let saved = RwSignal::new(snapshot());
    let dirty = Memo::new(move |_| snapshot() != saved.get());
    crate::components::leave_guard::use_leave_guard(dirty.into());
    let confirm_retire = RwSignal::new(false);
    let confirm_discard = RwSignal::new(false);
    let apply = move |e: ItemEditor| {
        version.set(e.version);
        status.set((e.draft_version, e.live_version));
        versions.set(e.versions);
        retired.set(e.retired);
        saved.set((
            def.get_untracked(),
            slug.get_untracked(),
            category.get_untracked(),
            featured.get_untracked(),
        ));
    };
    let draft = move || ItemDraft {
        version: Some(version.get_untracked()),
        slug: slug.get_untracked(),
        category: CategoryId(category.get_untracked()),
        featured: featured.get_untracked(),
        definition: def.get_untracked(),
    };
    let save = move |then_publish: bool| {
        busy.set(true);
        // Publishing saves the draft first (nothing typed is lost), then the server checks it
        // and answers every problem by place.
        let d = draft();
        spawn_local(async move {
            let result = match save_draft(id, d).await {
                Ok(e) if then_publish => {
                    let saved = e.version;
                    apply(e);
                    publish_item(id, saved).await
                }
                other => other,
            };
            match result {
                Ok(e) => {
                    errors.set(FieldErrors::default());
                    toasts.success(if then_publish {
                        format!(
                            "Published as version {}.",
                            e.live_version.unwrap_or_default()
                        )
                    } else {
                        "Draft saved.".to_string()
                    });
                    apply(e);
                }
                Err(AppError::Invalid(found)) => {
                    errors.set(found);
                    toasts.error("Some things need attention: see the list at the top.");
                }
                Err(e) => toasts.error(e.explain()),
            }
            busy.set(false);
        });
    };
    let discard = move |_| {
        confirm_discard.set(false);
        let navigate = navigate.clone();
        spawn_local(async move {
            match discard_draft(id, version.get_untracked()).await {
                Ok(Some(e)) => {
                    def.set(e.definition.clone());
                    reset_keys(&e.definition, field_keys, stage_keys, task_keys);
                    apply(e);
                    toasts.success("Draft discarded: back to the live version.");
                }
                Ok(None) => {
                    saved.set((
                        def.get_untracked(),
                        slug.get_untracked(),
                        category.get_untracked(),
                        featured.get_untracked(),
                    ));
                    navigate("/admin/catalog", Default::default())
                }
                Err(e) => toasts.error(e.explain()),
            }
        });
    };
    let toggle_retired = move |_| {
        confirm_retire.set(false);
        let to = !retired.get_untracked();
        spawn_local(async move {
            match retire_item(id, to, version.get_untracked()).await {
                Ok(e) => {
                    toasts.success(if to {
                        "Retired: no longer in the catalog."
                    } else {
                        "Back in the catalog."
                    });
                    apply(e);
                }
                Err(e) => toasts.error(e.explain()),
            }
        });
    };
    let export = move |_| {
        spawn_local(async move {
            match export_item(id).await {
                Ok(doc) => exported.set(Some(doc)),
                Err(e) => toasts.error(e.explain()),
            }
        });
    };
    let err = move |k: &'static str| errors.with(|e| e.get(k).map(String::from));
    let groups = options.groups.clone();
    let text = move |label: &'static str,
                     key: &'static str,
                     read: fn(&ItemDefinition) -> String,
                     write: fn(&mut ItemDefinition, String)| {
        view! {
            <label class="field" class:field-invalid=move || err(key).is_some()>
                <span class="field-label">{label}</span>
                <input class="input" data-testid=format!("item-{key}") prop:value=move || def.with(read)
                    on:input=move |ev| { let v = event_target_value(&ev); def.update(|d| write(d, v)); } />
                {move || err(key).map(|m| view! { <span class="field-error">{m}</span> })}
            </label>
        }
    };
    view! {
        <Title text=move || format!("Edit {}", def.with(|d| d.name.clone())) />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/admin/catalog">"Catalog admin"</a></nav>
        <div class="editor-bar">
            <span class="item-icon item-icon-lg" data-icon=move || def.with(|d| d.icon.clone()) aria-hidden="true"></span>
            <div class="editor-bar-title">
                <h1 class="page-title">{move || def.with(|d| d.name.clone())}</h1>
                <p class="muted" data-testid="editor-status">{move || {
                    let (draft, live) = status.get();
                    let mut s = match (draft, live) {
                        (Some(d), Some(l)) => format!("Draft version {d} · live version {l}"),
                        (Some(d), None) => format!("Draft version {d} · not published yet"),
                        (None, Some(l)) => format!("Live version {l} · saving starts a new draft"),
                        (None, None) => String::new(),
                    };
                    if retired.get() { s.push_str(" · retired"); }
                    s
                }}</p>
            </div>
            <div class="page-actions">
                <button type="button" class="btn btn-secondary" disabled=busy data-testid="save-draft" on:click=move |_| save(false)>"Save draft"</button>
                <button type="button" class="btn btn-primary" disabled=busy data-testid="publish" on:click=move |_| save(true)>"Publish"</button>
                <button type="button" class="btn btn-ghost" disabled=move || status.get().0.is_none() data-testid="discard"
                    on:click=move |_| confirm_discard.set(true)>"Discard draft…"</button>
                {move || if retired.get() {
                    view! { <button type="button" class="btn btn-ghost" on:click=toggle_retired>"Restore"</button> }.into_any()
                } else {
                    view! { <button type="button" class="btn btn-ghost" data-testid="retire" on:click=move |_| confirm_retire.set(true)>"Retire…"</button> }.into_any()
                }}
                <button type="button" class="btn btn-ghost" data-testid="export" on:click=export>"Export"</button>
            </div>
        </div>
        <Modal open=confirm_retire title="Retire this item?" id="confirm-retire">
            <p>"It leaves the catalog at once: nobody can find or order it any more. Requests already made keep going, and you can restore it later."</p>
            <div class="form-actions">
                <button type="button" class="btn btn-danger" data-testid="confirm-retire" on:click=toggle_retired>"Retire item"</button>
                <button type="button" class="btn btn-secondary" on:click=move |_| confirm_retire.set(false)>"Keep it"</button>
            </div>
        </Modal>
        <Modal open=confirm_discard title="Discard the draft?" id="confirm-discard">
            <p>{move || if status.get().1.is_some() {
                "Every change since the live version is thrown away; the live version stays as it is."
            } else {
                "This item was never published: it is deleted with its draft."
            }}</p>
            <div class="form-actions">
                <button type="button" class="btn btn-danger" data-testid="confirm-discard" on:click=discard.clone()>"Discard draft"</button>
                <button type="button" class="btn btn-secondary" on:click=move |_| confirm_discard.set(false)>"Keep editing"</button>
            </div>
        </Modal>
        <Show when=move || !errors.with(|e| e.is_empty())>
            <div class="alert alert-danger" role="alert" data-testid="editor-errors">
                <strong>"Before publishing:"</strong>
                <ul>{move || errors.get().0.into_iter().map(|e| {
                    let where_ = def.with_untracked(|d| place(&e.field, d));
                    view! { <li>{format!("{where_}: {}", e.message)}</li> }
                }).collect_view()}</ul>
            </div>
        </Show>
        {move || exported.get().map(|doc| view! {
            <section class="card">
                <h2 class="card-title">"Exported document"</h2>
                <p class="muted">"Copy it, or download it, and import it into another Beacon under Catalog admin."</p>
                <textarea class="input mono" rows="8" readonly aria-label="Exported item document" data-testid="export-text">{doc.clone()}</textarea>
                <a class="btn btn-secondary btn-sm" download=format!("{}.json", slug.get_untracked())
                    href=format!("data:application/json;charset=utf-8,{}", domain::paging::encode_component(&doc))>"Download"</a>
            </section>
        })}
        <div class="editor-layout">
            <div class="editor-main">
                <section class="card" aria-labelledby="basics-heading">
                    <h2 id="basics-heading" class="card-title">"Basics"</h2>
                    {text("Name", "name", |d| d.name.clone(), |d, v| d.name = v)}
                    {text("Summary (one line)", "summary", |d| d.summary.clone(), |d, v| d.summary = v)}
                    <div class="builder-grid">
                        <label class="field"><span class="field-label">"Category"</span>
                            <select class="input" on:change=move |ev| category.set(event_target_value(&ev).parse().unwrap_or_default())>
                                {categories.iter().map(|c| { let cid = c.id.0; view! { <option value=cid.to_string() selected=move || category.get() == cid>{c.name.clone()}</option> } }).collect_view()}
                            </select>
                            {move || err("category").map(|m| view! { <span class="field-error">{m}</span> })}
                        </label>
                        <label class="field"><span class="field-label">"Icon"</span>
                            <select class="input" on:change=move |ev| { let v = event_target_value(&ev); def.update(|d| d.icon = v); }>
                                {ICONS.iter().map(|i| view! { <option value=*i selected=move || def.with(|d| d.icon == *i)>{*i}</option> }).collect_view()}
                            </select>
                            {move || err("icon").map(|m| view! { <span class="field-error">{m}</span> })}
                        </label>
                        <label class="field"><span class="field-label">"Address"</span>
                            <input class="input" prop:value=slug on:input=move |ev| slug.set(event_target_value(&ev)) />
                            {move || err("slug").map(|m| view! { <span class="field-error">{m}</span> })}
                        </label>
                    </div>
                    <label class="checkbox"><input type="checkbox" prop:checked=featured on:change=move |ev| featured.set(event_target_checked(&ev)) /><span>"Featured on the catalog home"</span></label>
                    <label class="field"><span class="field-label">"Description (Markdown)"</span>
                        <textarea class="input" rows="5" prop:value=move || def.with(|d| d.description.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); def.update(|d| d.description = v); }></textarea></label>
                    {text("Who it is for (in words)", "audience_note", |d| d.audience_note.clone(), |d, v| d.audience_note = v)}
                    {text("Search keywords (comma-separated)", "keywords", |d| d.keywords.join(", "), |d, v| d.keywords = v.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect())}
                    <div class="builder-grid">
                        {text("Delivery (days)", "delivery_days", |d| d.delivery_days.map(|x| x.to_string()).unwrap_or_default(), |d, v| d.delivery_days = v.trim().parse().ok())}
                        {text("Cost", "cost", |d| d.cost.as_ref().map(|c| format!("{}.{:02}", c.cents / 100, c.cents % 100)).unwrap_or_default(),
                            |d, v| {
                                let cents = v.trim().replace(',', "").parse::<f64>().ok().map(|x| (x * 100.0).round() as i64);
                                let (currency, period) = d.cost.as_ref().map(|c| (c.currency.clone(), c.period)).unwrap_or(("EUR".into(), CostPeriod::OneOff));
                                d.cost = cents.map(|cents| Cost { cents, currency, period });
                            })}
                        {text("Currency", "currency", |d| d.cost.as_ref().map(|c| c.currency.clone()).unwrap_or_else(|| "EUR".into()),
                            |d, v| if let Some(c) = d.cost.as_mut() { c.currency = v.trim().to_uppercase(); })}
                        <label class="field"><span class="field-label">"Charged"</span>
                            <select class="input" on:change=move |ev| {
                                let p = match event_target_value(&ev).as_str() { "monthly" => CostPeriod::Monthly, "yearly" => CostPeriod::Yearly, _ => CostPeriod::OneOff };
                                def.update(|d| if let Some(c) = d.cost.as_mut() { c.period = p; });
                            }>
                                <option value="one_off" selected=move || def.with(|d| d.cost.as_ref().is_none_or(|c| c.period == CostPeriod::OneOff))>"Once"</option>
                                <option value="monthly" selected=move || def.with(|d| d.cost.as_ref().is_some_and(|c| c.period == CostPeriod::Monthly))>"Monthly"</option>
                                <option value="yearly" selected=move || def.with(|d| d.cost.as_ref().is_some_and(|c| c.period == CostPeriod::Yearly))>"Yearly"</option>
                            </select>
                        </label>
                        {text("Resolution target (hours, for SLAs)", "sla_hours", |d| d.sla_hours.map(|x| x.to_string()).unwrap_or_default(), |d, v| d.sla_hours = v.trim().parse().ok())}
                    </div>
                </section>
                <Audience def=def errors=errors options=options.clone() />
                <section class="card" aria-labelledby="form-heading">
                    <h2 id="form-heading" class="card-title">"Request form"</h2>
                    <FormBuilder def=def keys=field_keys errors=errors />
                </section>
                <section class="card" aria-labelledby="approvals-heading">
                    <h2 id="approvals-heading" class="card-title">"Approvals"</h2>
                    <p class="muted">"Stages run one after another; a rejection at any stage ends the request."</p>
                    <StagesEditor def=def keys=stage_keys errors=errors groups=options.groups.clone() people=options.people.clone() />
                </section>
                <section class="card" aria-labelledby="fulfilment-heading">
                    <h2 id="fulfilment-heading" class="card-title">"Fulfilment"</h2>
                    <div class="builder-grid">
                        <label class="field"><span class="field-label">"Fulfilment group"</span>
                            <select class="input" on:change=move |ev| { let g = event_target_value(&ev).parse().ok().map(GroupId); def.update(|d| d.fulfilment_group = g); }>
                                <option value="" selected=move || def.with(|d| d.fulfilment_group.is_none())>"None"</option>
                                {groups.iter().cloned().map(|(g, name)| view! { <option value=g.0.to_string() selected=move || def.with(|d| d.fulfilment_group == Some(g))>{name}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field"><span class="field-label">"Tasks run"</span>
                            <select class="input" on:change=move |ev| { let o = if event_target_value(&ev) == "parallel" { TaskOrder::Parallel } else { TaskOrder::Sequence }; def.update(|d| d.fulfilment.order = o); }>
                                <option value="sequence" selected=move || def.with(|d| d.fulfilment.order == TaskOrder::Sequence)>{TaskOrder::Sequence.label()}</option>
                                <option value="parallel" selected=move || def.with(|d| d.fulfilment.order == TaskOrder::Parallel)>{TaskOrder::Parallel.label()}</option>
                            </select>
                        </label>
                    </div>
                    <TasksEditor def=def keys=task_keys errors=errors groups=options.groups.clone() />
                </section>
                <section class="card" aria-labelledby="versions-heading">
                    <h2 id="versions-heading" class="card-title">"Versions"</h2>
                    <ul class="versions">
                        {move || versions.get().into_iter().map(|v| view! {
                            <li><strong>{format!("v{}", v.number)}</strong>" "<span class="badge">{v.status.clone()}</span>" "
                                <span class="muted">{format!("{} · {}", v.author, v.published_at.unwrap_or(v.created_at).format("%Y-%m-%d %H:%M"))}</span></li>
                        }).collect_view()}
                    </ul>
                </section>
            </div>
            <aside class="editor-preview" aria-labelledby="preview-heading">
                <section class="card">
                    <h2 id="preview-heading" class="card-title">"Preview"</h2>
                    <p class="muted">"The form as requesters will see it. Try answers, then check them."</p>
                    <FormPreview def=def />
                </section>
            </aside>
        </div>
    }
}

/// Who may see and order the item.
#[component]
fn Audience(
    def: RwSignal<ItemDefinition>,
    errors: RwSignal<FieldErrors>,
    options: EditorOptions,
) -> impl IntoView {
    let everyone = move || def.with(|d| d.audience.everyone);
    view! {
        <section class="card" aria-labelledby="audience-heading">
            <h2 id="audience-heading" class="card-title">"Who may order it"</h2>
            <label class="checkbox"><input type="checkbox" data-testid="audience-everyone" prop:checked=everyone
                on:change=move |ev| { let on = event_target_checked(&ev); def.update(|d| d.audience.everyone = on); } /><span>"Everyone"</span></label>
            <div hidden=everyone class="audience-lists">
                <p class="muted">"Only people in any of these departments, groups or roles see the item, anywhere."</p>
                <fieldset class="fieldset"><legend>"Departments"</legend>
                    <div class="checkbox-list">
                        {options.departments.iter().cloned().map(|(id, name)| view! {
                            <label class="checkbox"><input type="checkbox" prop:checked=move || def.with(|d| d.audience.departments.contains(&id))
                                on:change=move |ev| { let on = event_target_checked(&ev); def.update(|d| { d.audience.departments.retain(|x| *x != id); if on { d.audience.departments.push(id); } }); } />
                                <span>{name}</span></label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="fieldset"><legend>"Groups"</legend>
                    <div class="checkbox-list">
                        {options.groups.iter().cloned().map(|(id, name)| view! {
                            <label class="checkbox"><input type="checkbox" prop:checked=move || def.with(|d| d.audience.groups.contains(&id))
                                on:change=move |ev| { let on = event_target_checked(&ev); def.update(|d| { d.audience.groups.retain(|x| *x != id); if on { d.audience.groups.push(id); } }); } />
                                <span>{name}</span></label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="fieldset"><legend>"Roles"</legend>
                    <div class="checkbox-list">
                        {Role::ALL.iter().copied().map(|r| view! {
                            <label class="checkbox"><input type="checkbox" prop:checked=move || def.with(|d| d.audience.roles.contains(&r))
                                on:change=move |ev| { let on = event_target_checked(&ev); def.update(|d| { d.audience.roles.retain(|x| *x != r); if on { d.audience.roles.push(r); } }); } />
                                <span>{r.label()}</span></label>
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            {move || errors.with(|e| e.get("audience").map(String::from)).map(|m| view! { <p class="field-error">{m}</p> })}
        </section>
    }
}
