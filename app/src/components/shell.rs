//! The signed-in layout: a top bar (brand, theme, the user's name and role, sign out), the
//! navigation to the areas the user's roles open, and the page content.

use super::badge::{Avatar, RoleBadge};
use super::states::SkeletonBlock;
use super::theme::ThemeToggle;
use crate::session::use_session;
use domain::{Actor, Area};
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// The frame around every signed-in page.
#[component]
pub fn AppShell() -> impl IntoView {
    let session = use_session();
    let nav_open = RwSignal::new(false);
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="app" class:nav-open=move || nav_open.get()>
            <Suspense fallback=|| view! { <TopBarPlaceholder /> }>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(Some(actor)) => view! { <TopBar actor=actor.clone() nav_open /> <SideNav actor nav_open /> }.into_any(),
                        _ => view! { <SignedOutBar /> }.into_any(),
                    }
                })}
            </Suspense>
            <main id="main" class="main" tabindex="-1">
                <Outlet />
            </main>
        </div>
    }
}

#[component]
fn Brand() -> impl IntoView {
    view! {
        <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true"></span>
            <span class="brand-name">"Beacon"</span>
        </a>
    }
}

#[component]
fn TopBarPlaceholder() -> impl IntoView {
    view! {
        <header class="topbar">
            <Brand />
            <div class="topbar-spacer"></div>
            <SkeletonBlock lines=1 />
        </header>
    }
}

#[component]
fn SignedOutBar() -> impl IntoView {
    view! {
        <header class="topbar">
            <Brand />
            <div class="topbar-spacer"></div>
            <a class="btn btn-primary btn-sm" href="/login">"Sign in"</a>
        </header>
    }
}

#[component]
fn TopBar(actor: Actor, nav_open: RwSignal<bool>) -> impl IntoView {
    let role = actor.roles.primary();
    view! {
        <header class="topbar">
            <button
                type="button"
                class="btn btn-ghost btn-icon nav-toggle"
                aria-label="Menu"
                aria-controls="primary-nav"
                aria-expanded=move || if nav_open.get() { "true" } else { "false" }
                on:click=move |_| nav_open.update(|o| *o = !*o)
            >
                "☰"
            </button>
            <Brand />
            <div class="topbar-spacer"></div>
            <ThemeToggle />
            <div class="user-chip" data-testid="current-user">
                <Avatar name=actor.display_name.clone() />
                <span class="user-chip-text">
                    <span class="user-chip-name">{actor.display_name.clone()}</span>
                    <RoleBadge role />
                </span>
            </div>
            <form method="post" action="/auth/sign-out" class="signout-form">
                <button type="submit" class="btn btn-secondary btn-sm">"Sign out"</button>
            </form>
        </header>
    }
}

#[component]
fn SideNav(actor: Actor, nav_open: RwSignal<bool>) -> impl IntoView {
    let location = use_location();
    let areas: Vec<Area> = actor.areas().collect();
    view! {
        <nav id="primary-nav" class="sidenav" aria-label="Primary">
            <ul class="sidenav-list">
                {areas
                    .into_iter()
                    .map(|area| {
                        let current = move || {
                            Area::for_path(&location.pathname.get()) == Some(area)
                        };
                        view! {
                            <li>
                                <a
                                    href=area.path()
                                    class="sidenav-link"
                                    aria-current=move || current().then_some("page")
                                    on:click=move |_| nav_open.set(false)
                                >
                                    <span class="sidenav-icon" data-area=format!("{area:?}").to_lowercase() aria-hidden="true"></span>
                                    <span>{area.label()}</span>
                                    {area.coming().map(|_| view! { <span class="sidenav-soon">"Coming"</span> })}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
