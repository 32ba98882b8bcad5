//! Buttons: one component for every clickable action, so they look and behave the same.

use leptos::ev::MouseEvent;
use leptos::prelude::*;

/// How prominent a button is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Variant {
    /// The one main action of a view.
    Primary,
    #[default]
    Secondary,
    /// Low emphasis: toolbars, table rows.
    Ghost,
    /// Destroys or disables something.
    Danger,
}

impl Variant {
    fn class(self) -> &'static str {
        match self {
            Variant::Primary => "btn btn-primary",
            Variant::Secondary => "btn btn-secondary",
            Variant::Ghost => "btn btn-ghost",
            Variant::Danger => "btn btn-danger",
        }
    }
}

/// A button. While `busy`, it shows a spinner and ignores clicks.
#[component]
pub fn Button(
    #[prop(optional)] variant: Variant,
    /// `button` (default) or `submit`.
    #[prop(optional, into)]
    kind: Option<&'static str>,
    #[prop(optional, into)] busy: Signal<bool>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] on_click: Option<Callback<MouseEvent>>,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional, into)] small: bool,
    children: Children,
) -> impl IntoView {
    let class = if small {
        format!("{} btn-sm", variant.class())
    } else {
        variant.class().to_string()
    };
    view! {
        <button
            type=kind.unwrap_or("button")
            class=class
            aria-label=label
            aria-busy=move || busy.get().then_some("true")
            disabled=move || disabled.get() || busy.get()
            on:click=move |ev| {
                if let Some(cb) = on_click {
                    cb.run(ev);
                }
            }
        >
            <Show when=move || busy.get()>
                <span class="spinner" aria-hidden="true"></span>
            </Show>
            {children()}
        </button>
    }
}
