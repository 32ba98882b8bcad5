//! `/admin/catalog` (catalog managers and admins): every item with its live and draft
//! versions, a new item, categories, and importing an item document.

use super::ItemIcon;
use super::api::{admin_categories, admin_items, create_item, import_item, save_category};
use crate::components::states::{ErrorState, SkeletonRows};
use crate::components::toast::use_toasts;
use crate::error::AppError;
use crate::pages::{PageHeader, RequireCapability};
use domain::catalog::item::ICONS;
use domain::catalog::model::slugify;
use domain::catalog::{CatalogQuery, CategoryCard, CategoryInput, ItemDefinition, ItemDraft};
use domain::users::FieldErrors;
use domain::{Capability, CategoryId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CatalogAdminPage() -> impl IntoView {
    view! {
        <Title text="Catalog admin" />
        <RequireCapability cap=Capability::ManageCatalog page=|_| view! { <CatalogAdmin /> } />
    }
}

#[component]
fn CatalogAdmin() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let filter = RwSignal::new(String::new());
    let items = Resource::new(
        move || (reload.get(), filter.get()),
        |(_, q)| {
            admin_items(CatalogQuery {
                q: (!q.trim().is_empty()).then_some(q),
                category: None,
                limit: Some(200),
            })
        },
    );
    let categories = Resource::new(move || reload.get(), |_| admin_categories());
    view! {
        <PageHeader title="Catalog admin" description="Each item is one versioned document: edit a draft, preview it, publish it. Requests keep the version they were ordered from." />
        <div class="admin-catalog">
            <section class="card table-card" aria-labelledby="items-heading">
                <div class="table-toolbar">
                    <h2 id="items-heading" class="card-title">"Items"</h2>
                    <input class="input input-sm" type="search" placeholder="Filter by name or address" aria-label="Filter items by name or address"
                        prop:value=filter on:input=move |ev| filter.set(event_target_value(&ev)) />
                </div>
                <Transition fallback=|| view! { <SkeletonRows rows=8 cols=5 /> }>
                    {move || Suspend::new(async move {
                        match items.await {
                            Ok(list) => view! {
                                <div class="table-scroll">
                                <table class="table table-compact" data-testid="admin-items">
                                    <thead><tr><th>"Item"</th><th>"Category"</th><th>"Live"</th><th>"Draft"</th><th>"Requests"</th></tr></thead>
                                    <tbody>
                                        {list.items.iter().map(|r| view! {
                                            <tr class:row-muted=r.retired>
                                                <td><a href=format!("/admin/catalog/items/{}", r.id.0) data-testid="admin-item">{r.name.clone()}</a>
                                                    {r.retired.then(|| view! { " " <span class="badge">"Retired"</span> })}
                                                    {r.featured.then(|| view! { " " <span class="badge badge-info">"Featured"</span> })}</td>
                                                <td>{r.category.clone()}</td>
                                                <td>{r.live_version.map(|v| format!("v{v}")).unwrap_or_else(|| "—".into())}</td>
                                                <td>{r.draft_version.map(|v| format!("v{v}")).unwrap_or_else(|| "—".into())}</td>
                                                <td>{r.requests}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                                <p class="muted table-note" data-testid="admin-items-count">{
                                    if list.items.len() as u32 == list.total {
                                        format!("{} items", list.total)
                                    } else {
                                        format!("Showing {} of {} items: narrow the list with the filter.", list.items.len(), list.total)
                                    }
                                }</p>
                            }.into_any(),
                            Err(e) => view! { <ErrorState error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <div class="admin-catalog-side">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match categories.await {
                            Ok(cats) => view! {
                                <NewItem categories=cats.clone() />
                                <Categories categories=cats reload=reload />
                            }.into_any(),
                            Err(e) => view! { <ErrorState error=e /> }.into_any(),
                        }
                    })}
                </Transition>
                <ImportItem />
            </div>
        </div>
    }
}

/// Starts an item: a name and a category, then the editor.
#[component]
fn NewItem(categories: Vec<CategoryCard>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let category = RwSignal::new(categories.first().map(|c| c.id.0).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        let draft = ItemDraft {
            version: None,
            slug: slugify(&n),
            category: CategoryId(category.get_untracked()),
            featured: false,
            definition: ItemDefinition {
                name: n.trim().to_string(),
                ..ItemDefinition::default()
            },
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match create_item(draft).await {
                Ok(ed) => navigate(
                    &format!("/admin/catalog/items/{}", ed.id.0),
                    Default::default(),
                ),
                Err(e) => problem.set(Some(e.explain())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="new-item-heading">
            <h2 id="new-item-heading" class="card-title">"New item"</h2>
            <form class="form" on:submit=create>
                <label class="field"><span class="field-label">"Name"</span>
                    <input class="input" data-testid="new-item-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) required /></label>
                <label class="field"><span class="field-label">"Category"</span>
                    <select class="input" on:change=move |ev| category.set(event_target_value(&ev).parse().unwrap_or_default())>
                        {categories.iter().map(|c| view! { <option value=c.id.0.to_string()>{c.name.clone()}</option> }).collect_view()}
                    </select></label>
                <Show when=move || problem.with(Option::is_some)><p class="field-error" role="alert">{move || problem.get()}</p></Show>
                <button type="submit" class="btn btn-primary" data-testid="create-item">"Create draft"</button>
            </form>
        </section>
    }
}

/// Categories: the list, and one form to add or change a category.
#[component]
fn Categories(categories: Vec<CategoryCard>, reload: RwSignal<u32>) -> impl IntoView {
    let toasts = use_toasts();
    let editing = RwSignal::new(None::<CategoryId>);
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let icon = RwSignal::new("box".to_string());
    let description = RwSignal::new(String::new());
    let position = RwSignal::new(categories.len() as i32);
    let errors = RwSignal::new(FieldErrors::default());
    let cats = StoredValue::new(categories.clone());
    let edit = move |id: CategoryId| {
        if let Some(c) = cats.with_value(|cs| cs.iter().find(|c| c.id == id).cloned()) {
            editing.set(Some(id));
            name.set(c.name);
            slug.set(c.slug);
            icon.set(c.icon);
            description.set(c.description);
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = if slug.get_untracked().is_empty() {
            slugify(&name.get_untracked())
        } else {
            slug.get_untracked()
        };
        let input = CategoryInput {
            slug: s,
            name: name.get_untracked(),
            description: description.get_untracked(),
            icon: icon.get_untracked(),
            position: position.get_untracked(),
        };
        spawn_local(async move {
            match save_category(editing.get_untracked(), input).await {
                Ok(_) => {
                    toasts.success("Category saved.");
                    reload.update(|n| *n += 1);
                }
                Err(AppError::Invalid(f)) => errors.set(f),
                Err(e) => toasts.error(e.explain()),
            }
        });
    };
    let err = move |k: &'static str| errors.with(|e| e.get(k).map(String::from));
    view! {
        <section class="card" aria-labelledby="categories-heading">
            <h2 id="categories-heading" class="card-title">"Categories"</h2>
            <ul class="category-admin-list">
                {categories.into_iter().map(|c| {
                    let id = c.id;
                    view! {
                        <li><ItemIcon icon=c.icon.clone() /><span>{c.name.clone()}</span><span class="muted">{format!("{} items", c.items)}</span>
                            <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| edit(id)>"Edit"</button></li>
                    }
                }).collect_view()}
            </ul>
            <form class="form" on:submit=save>
                <h3 class="section-title">{move || if editing.get().is_some() { "Change category" } else { "Add a category" }}</h3>
                <label class="field"><span class="field-label">"Name"</span>
                    <input class="input" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) /></label>
                {move || err("name").map(|m| view! { <p class="field-error">{m}</p> })}
                <label class="field"><span class="field-label">"Address"</span>
                    <input class="input" placeholder="from the name" prop:value=slug on:input=move |ev| slug.set(event_target_value(&ev)) /></label>
                {move || err("slug").map(|m| view! { <p class="field-error">{m}</p> })}
                <label class="field"><span class="field-label">"Icon"</span>
                    <select class="input" on:change=move |ev| icon.set(event_target_value(&ev))>
                        {ICONS.iter().map(|i| view! { <option value=*i selected=move || icon.get() == *i>{*i}</option> }).collect_view()}
                    </select></label>
                <label class="field"><span class="field-label">"Description"</span>
                    <input class="input" prop:value=description on:input=move |ev| description.set(event_target_value(&ev)) /></label>
                <button type="submit" class="btn btn-secondary btn-sm">"Save category"</button>
            </form>
        </section>
    }
}

/// Imports an item document (as exported from any Beacon) as a draft.
#[component]
fn ImportItem() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let import = move |_| {
        let doc = text.get_untracked();
        let navigate = navigate.clone();
        spawn_local(async move {
            match import_item(doc).await {
                Ok(ed) => navigate(
                    &format!("/admin/catalog/items/{}", ed.id.0),
                    Default::default(),
                ),
                Err(e) => problem.set(Some(e.explain())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="import-heading">
            <h2 id="import-heading" class="card-title">"Import an item"</h2>
            <p class="muted">"Paste an exported item document. It becomes a draft: of the item with the same address, or a new item."</p>
            <textarea class="input mono" rows="5" aria-label="Item document (JSON)" data-testid="import-text"
                prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <Show when=move || problem.with(Option::is_some)><p class="field-error" role="alert">{move || problem.get()}</p></Show>
            <button type="button" class="btn btn-secondary btn-sm" on:click=import>"Import as draft"</button>
        </section>
    }
}
