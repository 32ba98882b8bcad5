//! `/catalog`: the catalog home (categories, featured, popular) and search. The search box is a
//! plain GET form, so it works without JavaScript; with JavaScript the results follow each
//! keystroke (the URL is replaced, so reloading or sharing keeps the search).

use super::api::{catalog_items, load_catalog_home};
use super::{ItemIcon, ItemTile};
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::pages::PageHeader;
use domain::catalog::CatalogQuery;
use domain::paging::encode_component;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CatalogPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default()));
    let category = Memo::new(move |_| query.with(|m| m.get("category").unwrap_or_default()));
    let typed = RwSignal::new(q.get_untracked());
    let navigate = use_navigate();
    let go = move |text: String| {
        let mut url = "/catalog".to_string();
        let mut sep = '?';
        for (k, v) in [
            ("q", text.trim().to_string()),
            ("category", category.get_untracked()),
        ] {
            if !v.is_empty() {
                url.push_str(&format!("{sep}{k}={}", encode_component(&v)));
                sep = '&';
            }
        }
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let go2 = go.clone();
    view! {
        <Title text="Service catalog" />
        <PageHeader title="Service catalog" description="Order what you need for work. We tell you who approves it and when it arrives.">
            <a class="btn btn-secondary" href="/my/requests">"My requests"</a>
        </PageHeader>
        <form class="catalog-search" method="get" action="/catalog" role="search"
            on:submit=move |ev| { ev.prevent_default(); go2(typed.get_untracked()); }>
            <label for="catalog-q" class="visually-hidden">"Search the catalog"</label>
            <input id="catalog-q" name="q" type="search" class="input catalog-search-input" autocomplete="off"
                placeholder="Search: laptop, VPN, mailbox…" data-testid="catalog-search"
                prop:value=typed
                on:input=move |ev| { let v = event_target_value(&ev); typed.set(v.clone()); go(v); } />
            {move || (!category.get().is_empty()).then(|| view! { <input type="hidden" name="category" value=category.get() /> })}
            <button type="submit" class="btn btn-primary">"Search"</button>
        </form>
        {move || if q.get().trim().is_empty() && category.get().is_empty() {
            view! { <CatalogHome /> }.into_any()
        } else {
            view! { <CatalogResults q=q category=category /> }.into_any()
        }}
    }
}

#[component]
fn CatalogHome() -> impl IntoView {
    let home = Resource::new(|| (), |_| load_catalog_home());
    view! {
        <Suspense fallback=|| view! { <SkeletonBlock lines=6 /> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => view! {
                        <section aria-labelledby="cat-heading">
                            <h2 id="cat-heading" class="section-title">"Categories"</h2>
                            <ul class="category-grid">
                                {h.categories.into_iter().map(|c| view! {
                                    <li>
                                        <a class="card category-tile" href=format!("/catalog?category={}", c.slug) data-testid="catalog-category">
                                            <ItemIcon icon=c.icon.clone() large=true />
                                            <span class="category-tile-body">
                                                <span class="category-tile-name">{c.name.clone()}</span>
                                                <span class="category-tile-text">{c.description.clone()}</span>
                                            </span>
                                            <span class="category-count" aria-label=format!("{} items", c.items)>{c.items}</span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                        {(!h.featured.is_empty()).then(|| view! {
                            <section aria-labelledby="featured-heading">
                                <h2 id="featured-heading" class="section-title">"Featured"</h2>
                                <div class="item-grid">{h.featured.into_iter().map(|i| view! { <ItemTile item=i /> }).collect_view()}</div>
                            </section>
                        })}
                        {(!h.popular.is_empty()).then(|| view! {
                            <section aria-labelledby="popular-heading">
                                <h2 id="popular-heading" class="section-title">"Popular"</h2>
                                <div class="item-grid">{h.popular.into_iter().map(|i| view! { <ItemTile item=i /> }).collect_view()}</div>
                            </section>
                        })}
                    }.into_any(),
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CatalogResults(q: Memo<String>, category: Memo<String>) -> impl IntoView {
    let results = Resource::new(
        move || (q.get(), category.get()),
        |(q, category)| {
            catalog_items(CatalogQuery {
                q: (!q.trim().is_empty()).then_some(q),
                category: (!category.is_empty()).then_some(category),
                limit: Some(60),
            })
        },
    );
    view! {
        <Transition fallback=|| view! { <SkeletonBlock lines=4 /> }>
            {move || Suspend::new(async move {
                let words = q.get_untracked();
                match results.await {
                    Ok(list) => {
                        let heading = match (words.trim().is_empty(), list.items.first()) {
                            (true, Some(first)) => first.category.clone(),
                            (true, None) => "Nothing here".to_string(),
                            (false, _) => format!("{} for “{}”", plural(list.total), words.trim()),
                        };
                        let empty = list.items.is_empty();
                        view! {
                            <div class="results-head">
                                <h2 class="section-title" data-testid="results-heading" aria-live="polite">{heading}</h2>
                                <a href="/catalog" class="btn btn-ghost btn-sm">"All categories"</a>
                            </div>
                            {if empty {
                                view! {
                                    <div class="empty-state" data-testid="no-results">
                                        <h3 class="empty-state-title">"Nothing matches"</h3>
                                        <p class="empty-state-message">"Try other words, or tell the service desk what you need."</p>
                                        <a class="btn btn-secondary" href="/tickets/new?kind=request">"Ask the service desk"</a>
                                    </div>
                                }.into_any()
                            } else {
                                view! { <div class="item-grid">{list.items.into_iter().map(|i| view! { <ItemTile item=i /> }).collect_view()}</div> }.into_any()
                            }}
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn plural(n: u32) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}
