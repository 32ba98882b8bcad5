//! One module per area of the portal.
//!
//! - [`login`]: the sign-in page (a plain form: works without JavaScript).
//! - [`home`]: the signed-in landing page with the user's areas and profile.
//! - [`coming`]: areas that later releases fill, clearly marked as coming.
//! - [`admin`]: user administration.
//! - [`tickets`]: the ticket page, raising tickets, "My tickets".
//! - [`boards`]: the agents' live kanban boards.
//! - [`catalog`]: the service catalog, requests, approvals, and catalog administration.
//! - [`cmdb`]: the CMDB: the CI list and a CI's page with impact analysis.
//! - [`not_found`]: the 404 page.

pub mod admin;
pub mod boards;
pub mod catalog;
pub mod cmdb;
pub mod coming;
pub mod home;
pub mod login;
pub mod not_found;
pub mod tickets;

use crate::components::states::{AccessDenied, ErrorState, SkeletonBlock};
use crate::error::AppError;
use crate::session::{session_now, use_session};
use domain::{Actor, Capability};
use leptos::prelude::*;

/// Renders `page` for a signed-in actor holding `cap`; otherwise the matching state.
///
/// The page is created once, outside any `<Suspense>`, when the session is known already (always
/// on the server and after hydration; see [`session_now`]).
#[component]
pub fn RequireCapability<F, V>(cap: Capability, page: F) -> impl IntoView
where
    F: Fn(Actor) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    if let Some(known) = session_now() {
        return for_session(known, cap, &page);
    }
    let session = use_session();
    view! {
        <Suspense fallback=|| view! { <SkeletonBlock lines=4 /> }>
            {
                let page = page.clone();
                move || {
                    let page = page.clone();
                    Suspend::new(async move { for_session(session.await, cap, &page) })
                }
            }
        </Suspense>
    }
    .into_any()
}

/// The page, or why it is not shown.
fn for_session<F, V>(session: Result<Option<Actor>, AppError>, cap: Capability, page: &F) -> AnyView
where
    F: Fn(Actor) -> V,
    V: IntoView + 'static,
{
    match session {
        Ok(Some(actor)) if actor.can(cap) => page(actor).into_any(),
        Ok(Some(_)) => view! { <AccessDenied /> }.into_any(),
        Ok(None) => view! { <ErrorState error=AppError::Unauthenticated /> }.into_any(),
        Err(e) => view! { <ErrorState error=e /> }.into_any(),
    }
}

/// The page heading block: title, optional description and actions on the right.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] description: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="page-header">
            <div>
                <h1 class="page-title">{title}</h1>
                {description.map(|d| view! { <p class="page-description">{d}</p> })}
            </div>
            {children.map(|c| view! { <div class="page-actions">{c()}</div> })}
        </div>
    }
}
