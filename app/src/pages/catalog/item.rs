//! `/catalog/:slug`: what the item is, who it is for, delivery, cost and approvals, and the
//! request form. The form is checked in the browser by the same rules the server applies; a
//! refused submission keeps every answer and marks each wrong field.

use super::api::{catalog_item, submit_request};
use super::form::{RequestForm, today};
use super::{ItemIcon, delivery};
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::error::AppError;
use domain::catalog::{Answers, ItemPage, NewRequest};
use domain::users::FieldErrors;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn CatalogItemPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let item = Resource::new(move || slug.get(), catalog_item);
    view! {
        <Suspense fallback=|| view! { <SkeletonBlock lines=8 /> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(page) => view! { <ItemView page=page /> }.into_any(),
                    Err(AppError::NotFound) => {
                        crate::pages::not_found::answer_not_found();
                        view! {
                        <Title text="Not found" />
                        <div class="empty-state" data-testid="item-not-found">
                            <h1 class="empty-state-title">"Item not found"</h1>
                            <p class="empty-state-message">"There is no such item in the catalog, or it is not available to you."</p>
                            <a class="btn btn-secondary" href="/catalog">"Back to the catalog"</a>
                        </div>
                    }.into_any()
                    }
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemView(page: ItemPage) -> impl IntoView {
    let card = page.card.clone();
    let schema = page.form.clone();
    let answers = RwSignal::new(schema.with_defaults(&Answers::new()));
    let errors = RwSignal::new(FieldErrors::default());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let form_signal = Signal::derive({
        let schema = schema.clone();
        move || schema.clone()
    });
    // After a first attempt, messages follow the answers as they are corrected.
    let recheck = {
        let schema = schema.clone();
        move || {
            if tried.get_untracked() {
                let found = schema
                    .validate(&answers.get_untracked(), today())
                    .err()
                    .unwrap_or_default();
                errors.set(found);
            }
        }
    };
    Effect::new(move |_| {
        answers.track();
        recheck();
    });
    let navigate = use_navigate();
    let slug = StoredValue::new(card.slug.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let current = answers.get_untracked();
        if let Err(found) = schema.validate(&current, today()) {
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::default());
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match submit_request(slug.get_value(), NewRequest { answers: current }).await {
                Ok(done) => navigate(&format!("/tickets/{}", done.number), Default::default()),
                Err(AppError::Invalid(found)) => errors.set(found),
                Err(e) => {
                    let mut found = FieldErrors::default();
                    found.add("request", e.explain());
                    errors.set(found);
                }
            }
            busy.set(false);
        });
    };
    let general = move || errors.with(|e| e.get("request").map(String::from));
    let count = move || errors.with(|e| e.0.iter().filter(|f| f.field != "request").count());
    view! {
        <Title text=card.name.clone() />
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <a href="/catalog">"Service catalog"</a>" › "
            <a href=format!("/catalog?category={}", card.category_slug)>{card.category.clone()}</a>
        </nav>
        <header class="item-header">
            <ItemIcon icon=card.icon.clone() large=true />
            <div>
                <h1 class="page-title" data-testid="item-title">{card.name.clone()}</h1>
                <p class="page-description">{card.summary.clone()}</p>
            </div>
        </header>
        <div class="item-layout">
            <div class="item-main">
                {(!page.description_html.trim().is_empty() || !page.audience_note.is_empty()).then(|| view! {
                    <section class="card item-about" aria-label="About this item">
                        <div class="prose" inner_html=page.description_html.clone()></div>
                        {(!page.audience_note.is_empty()).then(|| view! {
                            <p><strong>"Who it is for: "</strong>{page.audience_note.clone()}</p>
                        })}
                    </section>
                })}
                <section class="card item-order" aria-labelledby="order-heading">
                    <h2 id="order-heading" class="card-title">"Request it"</h2>
                    <form class="form" novalidate on:submit=submit data-testid="request-form">
                        <Show when=move || general().is_some()>
                            <div class="alert alert-danger" role="alert" data-testid="request-error">{general}</div>
                        </Show>
                        <Show when=move || { count() > 0 }>
                            <div class="alert alert-danger" role="alert" data-testid="form-summary">
                                {move || if count() == 1 { "One answer needs attention.".to_string() } else { format!("{} answers need attention.", count()) }}
                            </div>
                        </Show>
                        <RequestForm form=form_signal answers=answers errors=errors />
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=busy data-testid="send-request">
                                {move || if busy.get() { "Sending…" } else { "Send request" }}
                            </button>
                        </div>
                    </form>
                </section>
            </div>
            <aside class="item-side">
                <section class="card">
                    <h2 class="card-title">"At a glance"</h2>
                    <dl class="ticket-fields">
                        <dt>"Delivery"</dt>
                        <dd>{card.delivery_days.map(delivery).unwrap_or_else(|| "As soon as possible".into())}</dd>
                        <dt>"Cost"</dt>
                        <dd>{card.cost.clone().unwrap_or_else(|| "No charge".into())}</dd>
                        <dt>"Version"</dt>
                        <dd>{page.version}</dd>
                    </dl>
                </section>
                <section class="card">
                    <h2 class="card-title">"Who approves"</h2>
                    {if page.approval_steps.is_empty() {
                        view! { <p class="muted">"No approval needed: work starts as soon as you send it."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="approval-steps">
                                {page.approval_steps.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                </section>
            </aside>
        </div>
    }
}
