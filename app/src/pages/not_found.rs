//! The 404 page.

use crate::components::states::EmptyState;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <main id="main" class="main main-standalone">
            <EmptyState title="Page not found" message="The address may be mistyped, or the page has moved.">
                <a class="btn btn-primary" href="/">"Go to home"</a>
            </EmptyState>
        </main>
    }
}
