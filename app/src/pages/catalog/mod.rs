//! The service catalog for requesters and approvers, and its administration.
//!
//! - [`api`]: server functions; the catalog service applies entitlements and rights.
//! - [`home`]: `/catalog`: categories, featured and popular items, search as you type (a plain
//!   GET form without JavaScript).
//! - [`item`]: `/catalog/:slug`: what the item is, and the request form.
//! - [`form`]: the request form drawn from the item's schema (also the editor's preview).
//! - [`request`]: the request panel on a request's ticket page: approvals, tasks, answers,
//!   expected delivery, and the approver's decision.
//! - [`mine`]: "My requests" (`/my/requests`).
//! - [`approvals`]: `/approvals`: the approver's inbox.
//! - [`admin`], [`editor`], [`builder`], [`preview`]: `/admin/catalog`: items, categories,
//!   import; the item editor with the form builder and its live preview (whose form code is
//!   fetched once the editor is up).

pub mod admin;
pub mod api;
pub mod approvals;
pub mod builder;
pub mod editor;
pub mod form;
pub mod home;
pub mod item;
pub mod mine;
pub mod preview;
pub mod request;

use domain::catalog::ItemCard;
use leptos::prelude::*;

/// An item's or category's icon (drawn by the stylesheet).
#[component]
pub fn ItemIcon(#[prop(into)] icon: String, #[prop(optional)] large: bool) -> impl IntoView {
    view! { <span class="item-icon" class:item-icon-lg=large data-icon=icon aria-hidden="true"></span> }
}

/// An item in a grid: icon, name, one line, delivery, cost, whether it needs approval.
#[component]
pub fn ItemTile(item: ItemCard) -> impl IntoView {
    let href = format!("/catalog/{}", item.slug);
    view! {
        <a class="card item-tile" href=href data-testid="catalog-item" data-slug=item.slug.clone()>
            <ItemIcon icon=item.icon.clone() />
            <span class="item-tile-body">
                <span class="item-tile-name">{item.name.clone()}</span>
                <span class="item-tile-summary">{item.summary.clone()}</span>
                <span class="item-tile-meta">
                    {item.delivery_days.map(|d| view! { <span>{delivery(d)}</span> })}
                    {item.cost.clone().map(|c| view! { <span>{c}</span> })}
                    {item.needs_approval.then(|| view! { <span>"Needs approval"</span> })}
                </span>
            </span>
        </a>
    }
}

/// "Delivered in 3 days".
pub fn delivery(days: u32) -> String {
    match days {
        0 => "Same day".into(),
        1 => "Delivered in 1 day".into(),
        n => format!("Delivered in {n} days"),
    }
}
