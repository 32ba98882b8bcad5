//! Impact analysis on a CI's page: "what breaks if this goes down" (the business services a
//! downstream walk reaches, most critical first) and the full walk either way to a chosen
//! depth, listed step by step with the CI each one was reached through.

use super::api::ci_impact;
use super::graph::{ImpactGraph, draw};
use super::{CiStatusBadge, CriticalityBadge};
use crate::components::states::{ErrorState, SkeletonBlock};
use domain::CiId;
use domain::cmdb::Direction;
use domain::cmdb::view::{CiRef, ImpactRow, ImpactView};
use leptos::prelude::*;
use std::collections::HashMap;

/// Deepest walk "what breaks" takes: far enough for any estate's layers.
const BREAKS_DEPTH: u8 = 10;

/// The business services an outage of the CI reaches.
#[component]
pub fn WhatBreaks(id: CiId) -> impl IntoView {
    let found = Resource::new(
        move || id,
        |id| ci_impact(id, Direction::Downstream, BREAKS_DEPTH),
    );
    view! {
        <section class="card cmdb-card" aria-labelledby="breaks-title" data-testid="what-breaks">
            <h2 class="card-title" id="breaks-title">"What breaks if this goes down"</h2>
            <Suspense fallback=|| view! { <SkeletonBlock lines=2 /> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(view) => {
                            let services: Vec<ImpactRow> = view.business_services().into_iter().cloned().collect();
                            let reached = view.rows.len();
                            if services.is_empty() {
                                view! {
                                    <p class="muted">{if reached == 0 {
                                        "Nothing depends on this CI.".to_string()
                                    } else {
                                        format!("{reached} CIs depend on it, but no business service does.")
                                    }}</p>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="muted">{format!(
                                        "{} business service{} and {reached} CIs in all would be affected.",
                                        services.len(),
                                        if services.len() == 1 { "" } else { "s" }
                                    )}</p>
                                    <ul class="ci-list">
                                        {services.into_iter().map(|r| view! {
                                            <li class="ci-list-row">
                                                <a class="ci-link" href=format!("/cmdb/{}", r.ci.id)>{r.ci.name.clone()}</a>
                                                <CriticalityBadge criticality=r.ci.criticality />
                                                <span class="muted">{format!("{} step{} away", r.depth, if r.depth == 1 { "" } else { "s" })}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        }
                        Err(e) => view! { <ErrorState error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The walk either way to a chosen depth, as a graph or step by step.
#[component]
pub fn ImpactPanel(start: CiRef) -> impl IntoView {
    let id = start.id;
    let direction = RwSignal::new(Direction::Downstream);
    let depth = RwSignal::new(3u8);
    let as_graph = RwSignal::new(true);
    let found = Resource::new(
        move || (id, direction.get(), depth.get()),
        |(id, d, n)| ci_impact(id, d, n),
    );
    let start = StoredValue::new(start);
    view! {
        <section class="card cmdb-card" aria-labelledby="impact-title" data-testid="impact">
            <div class="cmdb-card-head">
                <h2 class="card-title" id="impact-title">"Impact analysis"</h2>
                <div class="toggle" role="group" aria-label="Direction">
                    <button type="button" class="toggle-option" aria-pressed=move || (direction.get() == Direction::Downstream).to_string()
                        on:click=move |_| direction.set(Direction::Downstream)>"What needs it"</button>
                    <button type="button" class="toggle-option" aria-pressed=move || (direction.get() == Direction::Upstream).to_string()
                        on:click=move |_| direction.set(Direction::Upstream)>"What it needs"</button>
                </div>
                <div class="toggle" role="group" aria-label="Show as">
                    <button type="button" class="toggle-option" aria-pressed=move || as_graph.get().to_string()
                        on:click=move |_| as_graph.set(true)>"Graph"</button>
                    <button type="button" class="toggle-option" aria-pressed=move || (!as_graph.get()).to_string()
                        on:click=move |_| as_graph.set(false)>"List"</button>
                </div>
                <label class="field-inline">
                    <span class="field-label">"Depth"</span>
                    <select class="input input-sm" on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() { depth.set(n) }
                    }>
                        {(1..=5u8).map(|n| view! { <option value=n.to_string() selected=n == 3>{n.to_string()}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <Transition fallback=|| view! { <SkeletonBlock lines=4 /> }>
                {move || {
                    let graph = as_graph.get();
                    Suspend::new(async move {
                    match found.await {
                        Ok(view) if graph => {
                            let drawing = draw(&view, &start.get_value());
                            view! {
                                {view.truncated.then(|| view! { <p class="muted">"Only the first 2,000 CIs are shown."</p> })}
                                <ImpactGraph drawing=drawing />
                            }.into_any()
                        }
                        Ok(view) => view! { <ImpactSteps view=view start_name=start.get_value().name /> }.into_any(),
                        Err(e) => view! { <ErrorState error=e /> }.into_any(),
                    }
                })}}
            </Transition>
        </section>
    }
}

/// The CIs reached, a block per step.
#[component]
fn ImpactSteps(view: ImpactView, start_name: String) -> impl IntoView {
    if view.rows.is_empty() {
        let words = match view.direction {
            Direction::Downstream => "Nothing needs this CI.",
            Direction::Upstream => "This CI needs nothing recorded in the CMDB.",
        };
        return view! { <p class="muted">{words}</p> }.into_any();
    }
    let names: HashMap<CiId, String> = view
        .rows
        .iter()
        .map(|r| (r.ci.id, r.ci.name.clone()))
        .chain(std::iter::once((view.start, start_name)))
        .collect();
    let truncated = view.truncated;
    let steps = view.per_depth();
    let mut rows = view.rows.into_iter();
    view! {
        {truncated.then(|| view! { <p class="muted">"Only the first 2,000 CIs are shown."</p> })}
        {steps.into_iter().map(|(depth, count)| {
            let these: Vec<ImpactRow> = rows.by_ref().take(count).collect();
            view! {
                <h3 class="impact-step">{format!("{depth} step{} away · {count}", if depth == 1 { "" } else { "s" })}</h3>
                <ul class="ci-list">
                    {these.into_iter().map(|r| {
                        let via = names.get(&r.via).cloned().unwrap_or_default();
                        view! {
                            <li class="ci-list-row">
                                <a class="ci-link" href=format!("/cmdb/{}", r.ci.id)>{r.ci.name.clone()}</a>
                                <span class="muted">{r.ci.class_name.clone()}</span>
                                <CiStatusBadge status=r.ci.status />
                                <span class="muted impact-via">{format!("{} {via}", r.label.to_lowercase())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        }).collect_view()}
    }
    .into_any()
}
