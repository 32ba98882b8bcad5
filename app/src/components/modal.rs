//! Modal dialogs on the native `<dialog>` element: the browser traps focus inside, closes on
//! Escape and puts the dialog above everything; we keep `open` in a signal.

use leptos::html;
use leptos::prelude::*;

/// A modal dialog, shown while `open` is true.
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    /// Distinguishes several modals on one page (ids for `aria-labelledby`).
    id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let want = open.get();
        if let Some(d) = dialog.get() {
            if want && !d.open() {
                let _ = d.show_modal();
            } else if !want && d.open() {
                d.close();
            }
        }
    });
    let title_id = format!("{id}-title");
    view! {
        <dialog
            node_ref=dialog
            class="modal"
            aria-labelledby=title_id.clone()
            on:close=move |_| open.set(false)
            on:click=move |ev: leptos::ev::MouseEvent| {
                // A click on the backdrop lands on the dialog element itself.
                if ev.target() == ev.current_target() {
                    open.set(false);
                }
            }
        >
            <div class="modal-panel">
                <header class="modal-header">
                    <h2 id=title_id.clone() class="modal-title">{title}</h2>
                    <button type="button" class="btn btn-ghost btn-icon" aria-label="Close" on:click=move |_| open.set(false)>
                        "✕"
                    </button>
                </header>
                <Show when=move || open.get()>{children()}</Show>
            </div>
        </dialog>
    }
}
