//! Labelled form fields with help text and an inline error, wired for screen readers
//! (`aria-invalid`, `aria-describedby`).

use leptos::prelude::*;

/// A single-line text input bound to a signal, so nothing typed is lost when the form fails.
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    /// The input's `name` and the base of its `id`.
    #[prop(into)]
    name: String,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    /// `text`, `email`, `password`...
    #[prop(optional, into)]
    kind: Option<&'static str>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described_by = {
        let (help_id, error_id) = (help_id.clone(), error_id.clone());
        let has_help = help.is_some();
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(help_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id.clone() class="field-label">
                {label}
                {required.then(|| view! { <span class="field-required" aria-hidden="true">" *"</span> })}
            </label>
            <input
                id=id
                name=name
                class="input"
                type=kind.unwrap_or("text")
                autocomplete=autocomplete
                required=required
                autofocus=autofocus
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
            {help.map(|h| view! { <p id=help_id class="field-help">{h}</p> })}
            <Show when=move || error.with(Option::is_some)>
                <p id=error_id.clone() class="field-error" role="alert">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
        </div>
    }
}
