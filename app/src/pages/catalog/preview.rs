//! The item editor's live preview: the request form as requesters will see it, with a check of
//! the answers tried in it.
//!
//! The form's code is the self-service pages' (the catalog item page draws the same form), so
//! the preview lives in their WebAssembly module, `self_service`, which the editor fetches once
//! the page is up: the editor's first load does not carry it, and no module is added for it (a
//! module more splits the chunks every page shares into more files; see ADR 0007, "Pages grouped
//! into modules"). Until it arrives the preview says it is loading; the server renders that same
//! line, so the page hydrates without the form's code.

use super::form::{RequestForm, today};
use crate::components::toast::use_toasts;
use domain::catalog::{Answers, FormSchema, ItemDefinition};
use domain::users::FieldErrors;
use leptos::prelude::*;

/// Draws the preview's inside; what the self-service module hands the editor once it is fetched.
type DrawPreview = fn(RwSignal<ItemDefinition>) -> AnyView;

/// The request form of the draft and a check of the answers tried in it (a changed form starts
/// again from its defaults).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn draw_preview(def: RwSignal<ItemDefinition>) -> AnyView {
    let toasts = use_toasts();
    let form = Memo::new(move |_| def.with(|d| d.form.clone()));
    let answers = RwSignal::new(Answers::new());
    let errors = RwSignal::new(FieldErrors::default());
    Effect::new(move |_| {
        let f: FormSchema = form.get();
        answers.set(f.with_defaults(&Answers::new()));
        errors.set(FieldErrors::default());
    });
    let check = move |_| {
        let found = form.with_untracked(|f| {
            f.validate(&answers.get_untracked(), today())
                .err()
                .unwrap_or_default()
        });
        let ok = found.is_empty();
        errors.set(found);
        if ok {
            toasts.success("These answers would be accepted.");
        }
    };
    view! {
        <RequestForm form=Signal::from(form) answers errors />
        <button type="button" class="btn btn-secondary btn-sm" data-testid="check-preview" on:click=check>"Check these answers"</button>
    }
    .into_any()
}

/// The preview's entry in the self-service module: fetches the module (once) and gives what
/// draws the preview.
#[cfg(feature = "hydrate")]
#[leptos::wasm_split::wasm_split(self_service, wasm_split_path = ::leptos::wasm_split)]
fn preview_drawer() -> DrawPreview {
    draw_preview
}

/// The preview panel's body: "Loading the preview…" until its code is here, then the form.
#[component]
pub fn FormPreview(def: RwSignal<ItemDefinition>) -> impl IntoView {
    let drawer = RwSignal::new(None::<DrawPreview>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        leptos::task::spawn_local(async move { drawer.set(Some(preview_drawer().await)) })
    });
    view! {
        <div class="form" data-testid="preview">
            {move || match drawer.get() {
                Some(draw) => draw(def),
                None => view! { <p class="muted" data-testid="preview-loading">"Loading the preview…"</p> }.into_any(),
            }}
        </div>
    }
}
