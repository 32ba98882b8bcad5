//! Badges (small coloured labels) and avatars (initials in a circle).

use domain::Role;
use leptos::prelude::*;

/// The colour family of a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Neutral,
    Info,
    Success,
    Warning,
    Danger,
    Accent,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "badge",
            Tone::Info => "badge badge-info",
            Tone::Success => "badge badge-success",
            Tone::Warning => "badge badge-warning",
            Tone::Danger => "badge badge-danger",
            Tone::Accent => "badge badge-accent",
        }
    }
}

/// A small label.
#[component]
pub fn Badge(#[prop(optional)] tone: Tone, children: Children) -> impl IntoView {
    view! { <span class=tone.class()>{children()}</span> }
}

/// The badge of a role, coloured by role.
#[component]
pub fn RoleBadge(role: Role) -> impl IntoView {
    let tone = match role {
        Role::Requester => Tone::Neutral,
        Role::Agent => Tone::Info,
        Role::ChangeManager => Tone::Accent,
        Role::CabMember => Tone::Warning,
        Role::CatalogManager => Tone::Success,
        Role::ConfigurationManager => Tone::Info,
        Role::Admin => Tone::Danger,
    };
    view! { <Badge tone>{role.label()}</Badge> }
}

/// A person's initials in a circle whose colour is derived from the name.
#[component]
pub fn Avatar(#[prop(into)] name: String, #[prop(optional)] large: bool) -> impl IntoView {
    let hue = name
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
        % 360;
    let initials = domain::auth::initials(&name);
    let class = if large { "avatar avatar-lg" } else { "avatar" };
    view! {
        <span class=class style=format!("--avatar-hue:{hue}") aria-hidden="true">
            {initials}
        </span>
    }
}
