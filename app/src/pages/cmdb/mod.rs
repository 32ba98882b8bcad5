//! The CMDB pages: the CI list (`/cmdb`), a CI's page (`/cmdb/:id`) with its relationships,
//! impact analysis ("what breaks if this goes down") and history, and "My devices".
//!
//! - [`devices`]: "My devices": the equipment issued to the signed-in person (any role).
//! - [`list`]: the CI list, filtered and paged, the view in the URL.
//! - [`detail`]: a CI's page.
//! - [`graph`]: the impact graph: a layered layout drawn as SVG that pans and zooms.
//! - [`impact`]: impact analysis on a CI's page: the business services an outage reaches and
//!   every CI reached, upstream or downstream, to a chosen depth.
//! - [`api`]: the server functions behind them.

pub mod api;
pub mod detail;
pub mod devices;
pub mod graph;
pub mod impact;
pub mod list;

use crate::components::badge::{Badge, Tone};
use domain::cmdb::{CiStatus, Criticality};
use leptos::prelude::*;

/// A CI's status as a coloured badge.
#[component]
pub fn CiStatusBadge(status: CiStatus) -> impl IntoView {
    let tone = match status {
        CiStatus::InUse => Tone::Success,
        CiStatus::Maintenance => Tone::Warning,
        CiStatus::Planned => Tone::Info,
        CiStatus::Retired => Tone::Neutral,
    };
    view! { <Badge tone=tone>{status.label()}</Badge> }
}

/// A criticality as "1 · Mission critical", red to grey.
#[component]
pub fn CriticalityBadge(criticality: Criticality) -> impl IntoView {
    let tone = match criticality.get() {
        1 => Tone::Danger,
        2 => Tone::Warning,
        _ => Tone::Neutral,
    };
    view! {
        <Badge tone=tone>{format!("{} · {}", criticality.get(), criticality.label())}</Badge>
    }
}
