//! A CI's page (`/cmdb/:id`): what it is (class, status, criticality, owner, attributes), what
//! it relates to (read from its own side: "depends on", "used by"), what breaks if it goes down,
//! impact analysis either way, and its history. Configuration managers may retire it, after
//! confirming.

use super::api::{get_ci_page, retire_ci};
use super::impact::{ImpactPanel, WhatBreaks};
use super::{CiStatusBadge, CriticalityBadge};
use crate::components::badge::{Badge, Tone};
use crate::components::button::{Button, Variant};
use crate::components::modal::Modal;
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::components::toast::use_toasts;
use crate::error::AppError;
use crate::pages::RequireCapability;
use domain::cmdb::CiStatus;
use domain::cmdb::view::{CiPage, CiRef, HistoryEntry, grouped};
use domain::{Capability, CiId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CiDetailPage() -> impl IntoView {
    view! {
        <RequireCapability cap=Capability::ViewConfigurationItems page=|_| view! { <CiLoader /> } />
    }
}

#[component]
fn CiLoader() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).map(CiId))
    });
    let reload = RwSignal::new(0u32);
    let page = Resource::new(
        move || (id.get(), reload.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_ci_page(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <SkeletonBlock lines=8 /> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <CiView page=p reload=reload /> }.into_any(),
                    Err(AppError::NotFound) => {
                        crate::pages::not_found::answer_not_found();
                        view! {
                            <Title text="Not found" />
                            <div class="empty-state" data-testid="ci-not-found">
                                <h1 class="empty-state-title">"Configuration item not found"</h1>
                                <p class="empty-state-message">"There is no such configuration item."</p>
                                <a class="btn btn-secondary" href="/cmdb">"All configuration items"</a>
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
fn CiView(page: CiPage, reload: RwSignal<u32>) -> impl IntoView {
    let r = page.record.clone();
    let f = r.fields.clone();
    let retirable = page.can_manage && f.status != CiStatus::Retired;
    let confirm = RwSignal::new(false);
    let start = CiRef {
        id: r.id,
        name: f.name.clone(),
        class_name: r.class_name.clone(),
        class_kind: r.class_kind,
        status: f.status,
        criticality: f.criticality,
    };
    let class_name = r.class_name.clone();
    let class_badge = r.class_name.clone();
    let attributes_title = format!("{} attributes", r.class_name);
    let class_href = format!("/cmdb?class={}", r.class_id);
    let (id, name) = (r.id, f.name.clone());
    view! {
        <Title text=f.name.clone() />
        <div class="ci-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href="/cmdb">"Configuration items"</a>
                <span aria-hidden="true">" / "</span>
                <a href=class_href>{class_name.clone()}</a>
            </nav>
            <div class="page-header">
                <div>
                    <h1 class="page-title">{f.name.clone()}</h1>
                    <div class="badge-list">
                        <Badge tone=Tone::Accent>{class_badge}</Badge>
                        <CiStatusBadge status=f.status />
                        <CriticalityBadge criticality=f.criticality />
                    </div>
                </div>
                {retirable.then(|| view! {
                    <div class="page-actions">
                        <Button variant=Variant::Secondary on_click=move |_| confirm.set(true)>"Retire…"</Button>
                    </div>
                })}
            </div>
            <div class="ticket-layout">
                <div class="ticket-main">
                    <WhatBreaks id=id />
                    <RelationshipsCard page=page.clone() />
                    <ImpactPanel start=start />
                    <HistoryCard history=page.history.clone() />
                </div>
                <aside class="ticket-side">
                    <section class="card" aria-labelledby="ci-details-title">
                        <h2 class="card-title" id="ci-details-title">"Details"</h2>
                        <dl class="ticket-fields">
                            <dt>"Class"</dt><dd>{class_name.clone()}</dd>
                            <dt>"Environment"</dt><dd>{f.environment.label()}</dd>
                            <dt>"Owner group"</dt><dd>{page.owner_group.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>"Location"</dt><dd>{if f.location.is_empty() { "—".to_string() } else { f.location.clone() }}</dd>
                            {(!f.tags.is_empty()).then(|| view! { <dt>"Tags"</dt><dd>{f.tags.join(", ")}</dd> })}
                        </dl>
                    </section>
                    {(!page.attributes.is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="ci-attributes-title">
                            <h2 class="card-title" id="ci-attributes-title">{attributes_title.clone()}</h2>
                            <dl class="ticket-fields">
                                {page.attributes.clone().into_iter().map(|(label, value)| view! {
                                    <dt>{label}</dt><dd>{value}</dd>
                                }).collect_view()}
                            </dl>
                        </section>
                    })}
                    {(!f.description.trim().is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="ci-description-title">
                            <h2 class="card-title" id="ci-description-title">"Description"</h2>
                            <div class="prose" inner_html=page.description_html.clone()></div>
                        </section>
                    })}
                </aside>
            </div>
        </div>
        {retirable.then(|| view! { <RetireDialog open=confirm id=id name=name.clone() reload=reload /> })}
    }
}

/// The CI's relationships, grouped by how they read from this side.
#[component]
fn RelationshipsCard(page: CiPage) -> impl IntoView {
    let count = page.neighbours.len();
    let groups: Vec<(&'static str, Vec<domain::cmdb::view::Neighbour>)> = grouped(&page.neighbours)
        .into_iter()
        .map(|(label, ns)| (label, ns.into_iter().cloned().collect()))
        .collect();
    view! {
        <section class="card cmdb-card" aria-labelledby="rel-title" data-testid="relationships">
            <h2 class="card-title" id="rel-title">{format!("Relationships · {count}")}</h2>
            {if groups.is_empty() {
                view! { <p class="muted">"No relationships recorded."</p> }.into_any()
            } else {
                view! {
                    <dl class="rel-groups">
                        {groups.into_iter().map(|(label, ns)| view! {
                            <dt>{label}</dt>
                            <dd>
                                <ul class="ci-list">
                                    {ns.into_iter().map(|n| view! {
                                        <li class="ci-list-row">
                                            <a class="ci-link" href=format!("/cmdb/{}", n.other.id)>{n.other.name.clone()}</a>
                                            <span class="muted">{n.other.class_name.clone()}</span>
                                            <CiStatusBadge status=n.other.status />
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </dd>
                        }).collect_view()}
                    </dl>
                }.into_any()
            }}
        </section>
    }
}

/// Who changed what, newest first.
#[component]
fn HistoryCard(history: Vec<HistoryEntry>) -> impl IntoView {
    view! {
        <section class="card cmdb-card" aria-labelledby="history-title" data-testid="ci-history">
            <h2 class="card-title" id="history-title">"History"</h2>
            <ol class="ci-history">
                {history.into_iter().map(|h| {
                    let when = h.at.get(..16).unwrap_or_default().replace('T', " ");
                    let who = h.actor.clone().unwrap_or_else(|| "Beacon".into());
                    let what = match h.change.field.as_str() {
                        "created" => format!("created {}", h.change.new.clone().unwrap_or_default()),
                        field => format!(
                            "changed {}: {} → {}",
                            field.trim_start_matches("attributes.").replace('_', " "),
                            h.change.old.clone().unwrap_or_else(|| "not set".into()),
                            h.change.new.clone().unwrap_or_else(|| "not set".into()),
                        ),
                    };
                    view! {
                        <li>
                            <time datetime=h.at.clone()>{format!("{when} UTC")}</time>
                            " · "<strong>{who}</strong>" "{what}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// "Retire": confirmed first; the CI keeps its history and relationships.
#[component]
fn RetireDialog(
    open: RwSignal<bool>,
    id: CiId,
    name: String,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let retire = move |_| {
        busy.set(true);
        spawn_local(async move {
            match retire_ci(id).await {
                Ok(ci) => {
                    toasts.success(format!("{} is retired.", ci.fields.name));
                    open.set(false);
                    reload.update(|n| *n += 1);
                }
                Err(e) => toasts.error(e.to_string()),
            }
            busy.set(false);
        });
    };
    view! {
        <Modal open title="Retire this configuration item?" id="retire-ci">
            <p>{format!("{name} will be marked retired. Its history and relationships are kept.")}</p>
            <div class="form-actions">
                <Button variant=Variant::Secondary on_click=move |_| open.set(false)>"Keep it"</Button>
                <Button variant=Variant::Danger busy=busy on_click=retire>"Retire"</Button>
            </div>
        </Modal>
    }
}
