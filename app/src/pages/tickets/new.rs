//! Raising a ticket: requesters report an incident or ask for something in plain words; agents
//! may raise any kind. A refused form keeps everything typed and marks each wrong field.

use super::api::create_ticket;
use crate::session::use_session;
use domain::Capability;
use domain::tickets::{Level, NewTicket, TicketKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NewTicketPage() -> impl IntoView {
    let session = use_session();
    let params = use_query_map();
    let navigate = use_navigate();
    let initial = params.with_untracked(|p| {
        p.get("kind")
            .and_then(|k| TicketKind::parse(&k))
            .unwrap_or(TicketKind::Incident)
    });
    let kind = RwSignal::new(initial);
    // "Report a problem" on one of my devices opens the form with a title naming the device.
    let title = RwSignal::new(params.with_untracked(|p| {
        p.get("title")
            .map(|t| t.chars().take(200).collect())
            .unwrap_or_default()
    }));
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let impact = RwSignal::new(3u8);
    let urgency = RwSignal::new(3u8);
    let errors = RwSignal::new(domain::users::FieldErrors::default());
    let busy = RwSignal::new(false);
    let agent = Signal::derive(move || {
        session
            .get()
            .and_then(|s| s.ok())
            .flatten()
            .is_some_and(|a| a.can(Capability::WorkTickets))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = NewTicket {
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            requester_id: None,
            caller: None,
            category: category.get_untracked(),
            subcategory: String::new(),
            impact: Level::new(impact.get_untracked()).unwrap_or(Level::LOW),
            urgency: Level::new(urgency.get_untracked()).unwrap_or(Level::LOW),
            group_id: None,
            assignee_id: None,
            tags: vec![],
        }
        .normalised();
        if let Err(e) = t.validate() {
            errors.set(e);
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match create_ticket(t).await {
                Ok(card) => navigate(&format!("/tickets/{}", card.number), Default::default()),
                Err(e) => {
                    let mut f = e.fields().cloned().unwrap_or_default();
                    if f.is_empty() {
                        f.add("form", e.to_string());
                    }
                    errors.set(f);
                }
            }
            busy.set(false);
        });
    };
    let err = move |field: &'static str| errors.with(|e| e.get(field).map(String::from));
    let kinds = move || {
        TicketKind::ALL
            .into_iter()
            .filter(|k| *k != TicketKind::Task && (agent.get() || *k != TicketKind::Problem))
            .map(|k| {
                let label = match k {
                    TicketKind::Incident => "Something is broken",
                    TicketKind::Request => "I need something",
                    TicketKind::Problem | TicketKind::Task => "Problem (root cause)",
                };
                view! { <option value=k.as_str() selected=k == kind.get_untracked()>{label}</option> }
            })
            .collect_view()
    };
    let level = |sig: RwSignal<u8>, labels: [&'static str; 3], aria: &'static str| {
        view! {
            <select class="input" aria-label=aria on:change=move |ev| sig.set(event_target_value(&ev).parse().unwrap_or(3))>
                {(1..=3u8).rev().map(|l| view! { <option value=l.to_string() selected=l == sig.get_untracked()>{labels[usize::from(l - 1)]}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <Title text="New ticket" />
        <div class="page-header"><div><h1 class="page-title">"Tell us what you need"</h1>
            <p class="page-description">"The service desk reads every ticket. You can follow it under My tickets."</p></div></div>
        <form class="card form new-ticket" on:submit=submit>
            <label class="field">
                <span class="field-label">"What is it?"</span>
                <select class="input" name="kind" on:change=move |ev| kind.set(TicketKind::parse(&event_target_value(&ev)).unwrap_or(TicketKind::Incident))>{kinds}</select>
                {move || err("kind").map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
            <label class="field">
                <span class="field-label">"Title"</span>
                <input class="input" name="title" data-testid="new-title" aria-invalid=move || err("title").is_some().to_string() prop:value=title on:input=move |ev| title.set(event_target_value(&ev)) />
                {move || err("title").map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
            <label class="field">
                <span class="field-label">"Details"</span>
                <textarea class="input" rows="6" name="description" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <span class="field-help">"What happened, since when, any error message. Markdown works."</span>
                {move || err("description").map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
            <label class="field">
                <span class="field-label">"Area (optional)"</span>
                <input class="input" name="category" placeholder="Email, VPN, laptop…" prop:value=category on:input=move |ev| category.set(event_target_value(&ev)) />
                {move || err("category").map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
            <div class="field-row">
                <div class="field"><span class="field-label">"Who is affected?"</span>
                    {level(impact, ["Many people or a whole team", "A few people", "Just me"], "Who is affected?")}</div>
                <div class="field"><span class="field-label">"How urgent?"</span>
                    {level(urgency, ["I cannot work at all", "My work is slowed down", "It can wait"], "How urgent?")}</div>
            </div>
            {move || err("form").map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>"Submit"</button>
            </div>
        </form>
    }
}
