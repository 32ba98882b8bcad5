//! Beacon's Leptos application, rendered on the server and hydrated in the browser.
//!
//! - [`App`] and [`shell`]: the document and the routes.
//! - [`session`]: who is signed in, as the pages see it.
//! - [`error`]: [`error::AppError`], what server functions return when they fail.
//! - [`components`]: the design system every page is built from.
//! - [`live`]: the live event stream, for boards and ticket pages.
//! - [`pages`]: one module per area of the portal.
//! - [`routes`]: the lazy routes, grouped into the WebAssembly modules their code lives in.

#![recursion_limit = "256"]

pub mod components;
pub mod error;
pub mod live;
pub mod pages;
pub mod routes;
pub mod session;

use components::shell::AppShell;
use components::toast::ToastProvider;
use domain::{Area, Role};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};
use pages::coming::ComingSoon;
use serde::{Deserialize, Serialize};

/// The demo accounts suggested on the sign-in page (none when no demo data was loaded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccounts {
    /// One account per role: (role, username).
    pub accounts: Vec<(Role, String)>,
    /// The password every demo account shares.
    pub password: String,
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = theme_from_cookie();
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <leptos_meta::HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The theme the user picked (`light` or `dark`), remembered in a cookie so the first paint is
/// right; `None` follows the operating system.
fn theme_from_cookie() -> Option<&'static str> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let cookies = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
        cookies.split(';').find_map(|c| match c.trim() {
            "beacon_theme=dark" => Some("dark"),
            "beacon_theme=light" => Some("light"),
            _ => None,
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The application: routes inside the signed-in shell, and the sign-in page outside it.
///
/// Pages stream in order (`SsrMode::InOrder`, set on the shell and inherited by its pages): each
/// loading state is replaced on the server, so a browser without JavaScript receives complete pages.
///
/// The main WebAssembly module holds the framework, the shell around every page and the sign-in
/// page; every page inside the shell is a `Lazy` route whose code is in the module of its group
/// (see [`routes`]), fetched when a page of the group is first visited. The server renders every
/// page whole either way.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::provide_session();
    // The browser entry point (`frontend`) marks `<body data-hydrated>` once hydration is done.
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Beacon".to_string() } else { format!("{page} · Beacon") } />
        <ToastProvider>
            <Router>
                <Routes fallback=pages::not_found::NotFound>
                    <Route ssr=SsrMode::InOrder path=path!("/login") view=pages::login::LoginPage />
                    <ParentRoute path=path!("") view=AppShell ssr=SsrMode::InOrder>
                        <Route path=path!("") view={Lazy::<routes::HomeRoute>::new()} />
                        <Route path=path!("admin/users") view={Lazy::<routes::UsersRoute>::new()} />
                        <Route path=path!("admin/catalog") view={Lazy::<routes::CatalogAdminRoute>::new()} />
                        <Route path=path!("admin/catalog/items/:id") view={Lazy::<routes::ItemEditorRoute>::new()} />
                        <Route path=path!("catalog") view={Lazy::<routes::CatalogRoute>::new()} />
                        // One object per page: rendered whole before answering, so a missing or
                        // hidden object answers 404 (see `answer_not_found`).
                        <Route path=path!("catalog/:slug") view={Lazy::<routes::CatalogItemRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("my/requests") view={Lazy::<routes::MyRequestsRoute>::new()} />
                        <Route path=path!("approvals") view={Lazy::<routes::ApprovalsRoute>::new()} />
                        <Route path=path!("my/tickets") view={Lazy::<routes::MyTicketsRoute>::new()} />
                        <Route path=path!("my/devices") view={Lazy::<routes::MyDevicesRoute>::new()} />
                        <Route path=path!("tickets/new") view={Lazy::<routes::NewTicketRoute>::new()} />
                        <Route path=path!("tickets/:number") view={Lazy::<routes::TicketRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("knowledge") view=|| view! { <ComingSoon area=Area::Knowledge /> } />
                        <Route path=path!("boards") view={Lazy::<routes::BoardRoute>::new()} />
                        <Route path=path!("changes") view=|| view! { <ComingSoon area=Area::Changes /> } />
                        <Route path=path!("cmdb") view={Lazy::<routes::CmdbRoute>::new()} />
                        <Route path=path!("cmdb/:id") view={Lazy::<routes::CiRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("reports") view=|| view! { <ComingSoon area=Area::Reports /> } />
                    </ParentRoute>
                </Routes>
            </Router>
        </ToastProvider>
    }
}
