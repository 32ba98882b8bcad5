//! The 404 page.

use crate::components::states::EmptyState;
use leptos::prelude::*;
use leptos_meta::Title;

/// Marks the server's answer as 404 Not Found while the friendly page still renders. Pages of one
/// object call it when the object does not exist or the viewer may not see it; such routes render
/// with `SsrMode::Async`, so the status is known before the first byte is sent.
pub fn answer_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    answer_not_found();
    view! {
        <Title text="Page not found" />
        <main id="main" class="main main-standalone">
            <EmptyState title="Page not found" message="The address may be mistyped, or the page has moved.">
                <a class="btn btn-primary" href="/">"Go to home"</a>
            </EmptyState>
        </main>
    }
}
