//! Toasts: short confirmations ("User created") announced to screen readers through a live
//! region, dismissed by the user or after a few seconds.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    message: String,
    error: bool,
}

/// The handle pages use to show toasts.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    /// A confirmation.
    pub fn success(&self, message: impl Into<String>) {
        self.push(message.into(), false);
    }

    /// A failure the user should notice.
    pub fn error(&self, message: impl Into<String>) {
        self.push(message.into(), true);
    }

    fn push(&self, message: String, error: bool) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|l| l.push(Toast { id, message, error }));
        let list = self.list;
        set_timeout(
            move || list.update(|l| l.retain(|t| t.id != id)),
            Duration::from_secs(if error { 8 } else { 5 }),
        );
    }

    fn dismiss(&self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

/// The toast handle provided by [`ToastProvider`].
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Provides [`Toasts`] to its children and renders the toast stack.
#[component]
pub fn ToastProvider(children: Children) -> impl IntoView {
    let toasts = Toasts {
        list: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(0),
    };
    provide_context(toasts);
    view! {
        {children()}
        <div class="toast-region" role="status" aria-live="polite">
            <For each=move || toasts.list.get() key=|t| t.id let:toast>
                <div class="toast" class:toast-error=toast.error>
                    <span class="toast-message">{toast.message.clone()}</span>
                    <button type="button" class="btn btn-ghost btn-icon btn-sm" aria-label="Dismiss" on:click=move |_| toasts.dismiss(toast.id)>
                        "✕"
                    </button>
                </div>
            </For>
        </div>
    }
}
