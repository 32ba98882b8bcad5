//! The ticket's conversation: public replies and internal work notes (kept visibly apart), the
//! reply form, and the activity timeline (every field change: who, when, old → new).

use super::api::add_comment;
use crate::components::toast::use_toasts;
use domain::tickets::{NewComment, TicketDetail};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Replies,
    Notes,
    Activity,
}

fn field_label(f: &str) -> String {
    match f {
        "created" => "Opened".into(),
        "state" => "State".into(),
        "hold_reason" => "Waiting for".into(),
        "major_incident" => "Major incident".into(),
        "resolution_code" => "Resolution".into(),
        "resolution_notes" => "Resolution notes".into(),
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            s
        }
    }
}

/// What the viewer is typing, kept by the ticket page: a live update re-renders the conversation
/// (a colleague's reply, or the viewer's own), and the draft must survive it.
#[derive(Clone, Copy)]
pub struct CommentDraft {
    pub body: RwSignal<String>,
    pub internal: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl CommentDraft {
    pub fn new() -> Self {
        Self {
            body: RwSignal::new(String::new()),
            internal: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }
}

impl Default for CommentDraft {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Conversation(t: TicketDetail, reload: RwSignal<u32>) -> impl IntoView {
    let toasts = use_toasts();
    let agent = t.viewer_is_agent;
    let tab = RwSignal::new(Tab::Replies);
    let CommentDraft {
        body,
        internal,
        error,
    } = use_context::<CommentDraft>().unwrap_or_default();
    let busy = RwSignal::new(false);
    let number = t.card.number.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = NewComment {
            body: body.get_untracked(),
            internal: internal.get_untracked(),
        };
        if let Err(e) = c.validate() {
            error.set(e.get("body").map(String::from));
            return;
        }
        busy.set(true);
        let was_internal = c.internal;
        let number = number.clone();
        spawn_local(async move {
            // The reply's own live event may re-render this view before the answer arrives:
            // the draft lives on the page, and `busy` may be gone (hence `try_set`).
            match add_comment(number, c).await {
                Ok(_) => {
                    body.try_set(String::new());
                    error.try_set(None);
                    toasts.success(if was_internal {
                        "Work note added."
                    } else {
                        "Reply sent."
                    });
                    reload.try_update(|n| *n += 1);
                }
                // What was typed stays in the box.
                Err(e) => {
                    error.try_set(Some(
                        e.fields()
                            .and_then(|f| f.get("body").map(String::from))
                            .unwrap_or_else(|| e.to_string()),
                    ));
                }
            }
            busy.try_set(false);
        });
    };
    let replies: Vec<_> = t.comments.iter().filter(|c| !c.internal).cloned().collect();
    let notes: Vec<_> = t.comments.iter().filter(|c| c.internal).cloned().collect();
    let (n_replies, n_notes, n_activity) = (replies.len(), notes.len(), t.activity.len());
    let render = |list: Vec<domain::tickets::model::CommentView>, empty: &'static str| {
        if list.is_empty() {
            return view! { <li class="muted">{empty}</li> }.into_any();
        }
        list.into_iter()
            .map(|c| view! {
                <li class="comment" class:comment-internal=c.internal data-testid="comment">
                    <div class="comment-head">
                        <span class="avatar avatar-sm">{c.author.initials()}</span>
                        <strong>{c.author.name.clone()}</strong>
                        {c.internal.then(|| view! { <span class="comment-tag">"Work note · agents only"</span> })}
                        <time class="muted">{c.at.format("%Y-%m-%d %H:%M").to_string()}</time>
                    </div>
                    <div class="prose" inner_html=c.body_html></div>
                </li>
            })
            .collect_view()
            .into_any()
    };
    let replies_view = render(replies, "No replies yet.");
    let notes_view = render(notes, "No work notes yet.");
    let activity = t.activity.clone();
    view! {
        <section class="card conversation">
            <div class="tabs" role="tablist">
                <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == Tab::Replies).to_string() on:click=move |_| tab.set(Tab::Replies)>{format!("Replies ({n_replies})")}</button>
                {agent.then(|| view! {
                    <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == Tab::Notes).to_string() on:click=move |_| tab.set(Tab::Notes)>{format!("Work notes ({n_notes})")}</button>
                })}
                <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == Tab::Activity).to_string() on:click=move |_| tab.set(Tab::Activity)>{format!("Activity ({n_activity})")}</button>
            </div>
            <ul class="comments" class:hidden=move || tab.get() != Tab::Replies>{replies_view}</ul>
            <ul class="comments" class:hidden=move || tab.get() != Tab::Notes>{notes_view}</ul>
            <ol class="timeline" class:hidden=move || tab.get() != Tab::Activity data-testid="activity">
                {activity.into_iter().map(|a| view! {
                    <li>
                        <time class="muted">{a.at.format("%Y-%m-%d %H:%M").to_string()}</time>" "
                        <strong>{a.actor.name.clone()}</strong>" · "{field_label(&a.field)}": "
                        {match (a.old, a.new) {
                            (Some(o), Some(n)) => format!("{o} → {n}"),
                            (None, Some(n)) => n,
                            (Some(o), None) => format!("{o} → (none)"),
                            (None, None) => String::new(),
                        }}
                    </li>
                }).collect_view()}
            </ol>
            <form class="form comment-form" class:comment-form-internal=move || internal.get() on:submit=submit>
                {agent.then(|| view! {
                    <div class="segmented" role="radiogroup" aria-label="Kind of comment">
                        <label><input type="radio" name="kind" checked=!internal.get_untracked() prop:checked=move || !internal.get() on:change=move |_| internal.set(false) />" Public reply"</label>
                        <label><input type="radio" name="kind" checked=internal.get_untracked() prop:checked=move || internal.get() on:change=move |_| internal.set(true) />" Work note (agents only)"</label>
                    </div>
                })}
                <label class="field">
                    <span class="field-label">{move || if internal.get() { "Work note" } else { "Reply" }}</span>
                    <textarea class="input" rows="4" aria-invalid=move || error.get().is_some().to_string() prop:value=body on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                    <span class="field-help">"Markdown works: **bold**, lists, links."</span>
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || if internal.get() { "Add work note" } else { "Send reply" }}</button>
                </div>
            </form>
        </section>
    }
}
