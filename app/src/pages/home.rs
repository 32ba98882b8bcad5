//! The landing page after sign-in: a greeting, the areas the user's roles open (marked when they
//! are still coming), and the user's profile with roles and groups.

use super::PageHeader;
use crate::components::badge::{Avatar, Badge, RoleBadge, Tone};
use crate::components::states::{ErrorState, SkeletonBlock};
use crate::error::AppError;
use crate::session::use_session;
use domain::users::Profile;
use domain::{Actor, Area};
use leptos::prelude::*;
use leptos_meta::Title;

/// The caller's own profile.
#[server(prefix = "/api/fn", endpoint = "my_profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::users::me(&ssr::services()?, &actor).await?)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let profile = Resource::new(|| (), |_| my_profile());
    view! {
        <Title text="Home" />
        <Suspense fallback=|| view! { <SkeletonBlock lines=2 /> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(Some(actor)) => view! { <Welcome actor /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <div class="home-grid">
            <section aria-labelledby="areas-title">
                <h2 id="areas-title" class="section-title">"Your areas"</h2>
                <Suspense fallback=|| view! { <SkeletonBlock lines=4 /> }>
                    {move || Suspend::new(async move {
                        match session.await {
                            Ok(Some(actor)) => view! { <AreaTiles actor /> }.into_any(),
                            _ => ().into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <aside aria-labelledby="profile-title">
                <h2 id="profile-title" class="section-title">"Your profile"</h2>
                <Suspense fallback=|| view! { <div class="card"><SkeletonBlock lines=5 /></div> }>
                    {move || Suspend::new(async move {
                        match profile.await {
                            Ok(p) => view! { <ProfileCard profile=p /> }.into_any(),
                            Err(e) => view! { <ErrorState error=e /> }.into_any(),
                        }
                    })}
                </Suspense>
            </aside>
        </div>
    }
}

#[component]
fn Welcome(actor: Actor) -> impl IntoView {
    let first = actor
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string();
    view! {
        <PageHeader
            title=format!("Welcome, {first}")
            description="Find a service, follow your requests, or get on with your team's work."
        />
    }
}

#[component]
fn AreaTiles(actor: Actor) -> impl IntoView {
    let tiles: Vec<Area> = actor.areas().filter(|a| *a != Area::Home).collect();
    view! {
        <ul class="tiles">
            {tiles.into_iter().map(|area| view! {
                <li>
                    <a class="tile" href=area.path()>
                        <span class="tile-icon" data-area=format!("{area:?}").to_lowercase() aria-hidden="true"></span>
                        <span class="tile-body">
                            <span class="tile-title">
                                {area.label()}
                                {area.coming().map(|_| view! { <Badge tone=Tone::Info>"Coming"</Badge> })}
                            </span>
                            <span class="tile-text">
                                {area.summary()}
                            </span>
                        </span>
                    </a>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ProfileCard(profile: Profile) -> impl IntoView {
    view! {
        <div class="card profile-card">
            <div class="profile-head">
                <Avatar name=profile.display_name.clone() large=true />
                <div>
                    <p class="profile-name">{profile.display_name.clone()}</p>
                    <p class="profile-meta">{profile.title.clone().unwrap_or_default()}</p>
                </div>
            </div>
            <dl class="profile-facts">
                <dt>"Username"</dt><dd><code>{profile.username.clone()}</code></dd>
                <dt>"E-mail"</dt><dd>{profile.email.clone()}</dd>
                <dt>"Department"</dt><dd>{profile.department.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Roles"</dt>
                <dd class="badge-list">{profile.roles.iter().map(|r| view! { <RoleBadge role=r /> }).collect_view()}</dd>
                <dt>"Groups"</dt>
                <dd>{if profile.groups.is_empty() { "None".to_string() } else { profile.groups.join(", ") }}</dd>
            </dl>
        </div>
    }
}
