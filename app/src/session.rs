//! The signed-in user as pages see it: a blocking resource loaded with the page (so the server
//! renders the right navigation) and shared through context.

use crate::error::AppError;
use domain::Actor;
use leptos::prelude::*;

/// The session resource: `Ok(Some(actor))` when signed in.
pub type SessionResource = Resource<Result<Option<Actor>, AppError>>;

/// Who is signed in, or `None`.
#[server(prefix = "/api/fn", endpoint = "session")]
pub async fn get_session() -> Result<Option<Actor>, AppError> {
    Ok(ssr::current_actor().ok())
}

/// Loads the session once per page load and shares it.
pub fn provide_session() {
    let session: SessionResource = Resource::new_blocking(|| (), |_| get_session());
    provide_context(session);
}

/// The session resource provided by [`provide_session`].
pub fn use_session() -> SessionResource {
    expect_context::<SessionResource>()
}

/// The session as known without waiting: on the server from the request (the authentication
/// middleware resolved it), in the browser from the session resource (its value arrives with the
/// page and is read while hydrating). `None` only in a browser that has not loaded it yet.
///
/// Pages decide on it synchronously so that what they render is created once: inside a
/// `<Suspense>` the server walks a page's children up to three times, and a page created there
/// would create (and fetch, and serialise) its resources each time (ADR 0007).
pub fn session_now() -> Option<Result<Option<Actor>, AppError>> {
    #[cfg(feature = "ssr")]
    {
        Some(Ok(ssr::current_actor().ok()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        use_session().get_untracked()
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    //! Server-side access to the caller and the services, for server functions.
    use crate::error::AppError;
    use domain::{Actor, Capability};
    use leptos::prelude::*;
    use service::Services;
    use service::auth::sessions::Authenticated;

    /// The caller, as resolved by the server's authentication middleware.
    pub fn current_actor() -> Result<Actor, AppError> {
        use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<Authenticated>().map(|a| a.actor.clone()))
            .ok_or(AppError::Unauthenticated)
    }

    /// The caller, who must hold `cap`.
    pub fn actor_with(cap: Capability) -> Result<Actor, AppError> {
        let actor = current_actor()?;
        if actor.can(cap) {
            Ok(actor)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The service handle provided by the server.
    pub fn services() -> Result<Services, AppError> {
        use_context::<Services>().ok_or_else(|| {
            tracing::error!("Services missing from the Leptos context");
            AppError::Internal
        })
    }
}
