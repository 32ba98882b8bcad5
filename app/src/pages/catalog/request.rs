//! The request panel on a catalog request's ticket page: where it stands in plain words,
//! expected delivery, the approval stages with each approver's decision and comment, the
//! fulfilment tasks, the answers, and, for an approver whose turn it is, the decision.

use super::api::decide_approval;
use crate::components::badge::{Badge, Tone};
use crate::components::toast::use_toasts;
use domain::ApprovalId;
use domain::catalog::{ApprovalStatus, Decision, DecisionRequest, RequestView};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn tone(status: &str) -> Tone {
    match status {
        "Approved" | "Done" => Tone::Success,
        "Rejected" => Tone::Danger,
        "Waiting" | "Queued" | "Being worked on" => Tone::Warning,
        _ => Tone::Neutral,
    }
}

/// The panel, for a request that came from the catalog.
#[component]
pub fn RequestStatus(r: RequestView, reload: RwSignal<u32>) -> impl IntoView {
    let banner = match r.approval {
        ApprovalStatus::Rejected => "request-banner request-banner-rejected",
        _ if !r.state.is_open() => "request-banner request-banner-done",
        ApprovalStatus::Pending => "request-banner request-banner-waiting",
        _ => "request-banner",
    };
    let expected = match (r.expected_by, r.approval) {
        (Some(d), _) => Some(format!("Expected by {}", d.format("%a %-d %b %Y"))),
        (None, ApprovalStatus::Pending) => {
            Some("The delivery date is set once it is approved.".into())
        }
        _ => None,
    };
    view! {
        <section class="card request-panel" aria-label="Request" data-testid="request-panel">
            <div class=banner>
                <strong data-testid="request-status">{r.status.clone()}</strong>
                {expected.map(|e| view! { <span data-testid="expected-by">{e}</span> })}
            </div>
            {r.rejection.clone().map(|why| view! {
                <p class="alert alert-danger" data-testid="rejection">{format!("Reason: {why}")}</p>
            })}
            <p class="muted">{format!("{} · version {} · ordered by {} on {}", r.item, r.item_version, r.requester.name, r.submitted_at.format("%Y-%m-%d"))}
                {r.cost.clone().map(|c| format!(" · {c}"))}</p>
            {r.my_approval.map(|id| view! { <DecisionBox id=id reload=reload /> })}
            {(!r.stages.is_empty()).then(move || view! {
                <h3 class="section-title">"Approvals"</h3>
                <ol class="stages">
                    {r.stages.into_iter().map(|st| { let status = st.status.clone(); let attr = st.status.clone(); let badge_tone = tone(&status); view! {
                        <li class="stage" data-testid="stage" data-status=attr>
                            <div class="stage-head">
                                <span class="stage-name">{st.name.clone()}</span>
                                <span class="muted">{st.rule.clone()}</span>
                                <Badge tone=badge_tone>{status}</Badge>
                            </div>
                            <ul class="stage-approvers">
                                {st.approvers.iter().map(|a| view! {
                                    <li>
                                        <span>{a.person.name.clone()}</span>" "
                                        <span class="muted">{match a.decision {
                                            Decision::Pending => "waiting".to_string(),
                                            d => format!("{}{}", d.label().to_lowercase(), a.decided_at.map(|t| t.format(" on %Y-%m-%d %H:%M").to_string()).unwrap_or_default()),
                                        }}</span>
                                        {a.comment.clone().map(|c| view! { <q class="stage-comment">{c}</q> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }}).collect_view()}
                </ol>
            })}
            {(!r.tasks.is_empty()).then(move || view! {
                <h3 class="section-title">"Fulfilment"</h3>
                <ol class="tasks">
                    {r.tasks.into_iter().map(|t| { let badge_tone = tone(&t.status); let status = t.status.clone(); let attr = t.status.clone(); view! {
                        <li class="task" data-testid="task" data-status=attr>
                            <span>{t.title.clone()}</span>
                            {t.group.clone().map(|g| view! { <span class="muted">{g}</span> })}
                            {t.number.clone().map(|n| view! { <a href=format!("/tickets/{n}")>{n.clone()}</a> })}
                            <Badge tone=badge_tone>{status}</Badge>
                        </li>
                    }}).collect_view()}
                </ol>
            })}
            {(!r.answers.is_empty()).then(move || view! {
                <details class="answers">
                    <summary>"What was asked"</summary>
                    <dl class="ticket-fields">
                        {r.answers.into_iter().map(|a| view! { <dt>{a.label.clone()}</dt><dd>{a.value.clone()}</dd> }).collect_view()}
                    </dl>
                </details>
            })}
        </section>
    }
}

/// Approve or reject, with a comment (required to reject).
#[component]
pub fn DecisionBox(id: ApprovalId, reload: RwSignal<u32>) -> impl IntoView {
    let toasts = use_toasts();
    let comment = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = move |approve: bool| {
        busy.set(true);
        let decision = DecisionRequest {
            approve,
            comment: comment.get_untracked(),
        };
        spawn_local(async move {
            match decide_approval(id, decision).await {
                Ok(number) => {
                    problem.set(None);
                    toasts.success(if approve {
                        format!("You approved {number}.")
                    } else {
                        format!("You rejected {number}.")
                    });
                    reload.update(|n| *n += 1);
                }
                Err(e) => problem.set(Some(e.explain())),
            }
            busy.set(false);
        });
    };
    let field_id = format!("decision-{}", id.0);
    view! {
        <div class="decision" data-testid="decision">
            <label for=field_id.clone() class="field-label">"Your decision: comment"</label>
            <textarea id=field_id class="input" rows="2" placeholder="Required when you reject: the requester reads it."
                prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <Show when=move || problem.with(Option::is_some)>
                <p class="field-error" role="alert">{move || problem.get()}</p>
            </Show>
            <div class="form-actions">
                <button type="button" class="btn btn-primary" disabled=busy data-testid="approve" on:click=move |_| decide(true)>"Approve"</button>
                <button type="button" class="btn btn-danger" disabled=busy data-testid="reject" on:click=move |_| decide(false)>"Reject"</button>
            </div>
        </div>
    }
}
