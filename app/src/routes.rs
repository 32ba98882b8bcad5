//! The pages inside the shell as lazy routes, and the WebAssembly module each one's code lives in.
//!
//! A lazy route's code is split out of the main module and fetched the first time the route is
//! visited (ADR 0007, "The bundle split by route"). One module per page made 228 files, of which
//! a deep link fetched up to 138; here pages are grouped by who uses them, so a page fetches its
//! group's module and the chunks its group shares with others (21 to 43 files). Pages of one
//! group are used together (a requester goes from the catalog item to "My requests"; an admin
//! from users to catalog administration), so the next page of a journey costs nothing. A page
//! that is somebody's first page of the day (the landing page, the catalog home) and a page that
//! would push its group over the 600 KB a page may weigh (the boards, the ticket page, the item
//! editor) has a module of its own.
//!
//! The group's name is the key of the split manifest (`bench/bundle-budget.mjs` reads it) and the
//! name the server gives `prefetch_lazy_fn_on_server`, so a deep link's HTML names the group's
//! files as preloads.

use crate::pages::admin::users::UsersPage;
use crate::pages::boards::page::BoardPage;
use crate::pages::catalog::admin::CatalogAdminPage;
use crate::pages::catalog::approvals::ApprovalsPage;
use crate::pages::catalog::editor::ItemEditorPage;
use crate::pages::catalog::home::CatalogPage;
use crate::pages::catalog::item::CatalogItemPage;
use crate::pages::catalog::mine::MyRequestsPage;
use crate::pages::cmdb::detail::CiDetailPage;
use crate::pages::cmdb::devices::MyDevicesPage;
use crate::pages::cmdb::list::CmdbPage;
use crate::pages::home::HomePage;
use crate::pages::tickets::detail::TicketPage;
use crate::pages::tickets::mine::MyTicketsPage;
use crate::pages::tickets::new::NewTicketPage;
use leptos::prelude::*;

/// Declares a lazy route: `$route` renders `$page`, whose code is in the WebAssembly module
/// `$group`; `$split` and `$preload` name the functions that load it (one pair per route: the
/// splitter links a module's functions by name).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident in $group:ident via $split:ident, $preload:ident) => {
        $(#[$doc])*
        pub struct $route;

        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(this: Self) -> AnyView {
                $split(this).await
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }

        #[cfg(feature = "hydrate")]
        #[::leptos::wasm_split::wasm_split(
            $group,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[doc(hidden)] $preload)
        )]
        fn $split(_this: $route) -> AnyView {
            view! { <$page /> }.into_any()
        }

        #[cfg(not(feature = "hydrate"))]
        async fn $split(_this: $route) -> AnyView {
            // The server renders the page whole and names the group's files as preloads.
            ::leptos::prefetch_lazy_fn_on_server(stringify!($group));
            view! { <$page /> }.into_any()
        }
    };
}

lazy_page! {
    /// `/`: the landing page after signing in, everyone's first page (a module of its own).
    HomeRoute => HomePage in landing via landing_home, preload_landing_home
}
lazy_page! {
    /// `/catalog`: the catalog home and search, a requester's first page (a module of its own).
    CatalogRoute => CatalogPage in catalog_home via catalog_home_page, preload_catalog_home_page
}
lazy_page! {
    /// `/catalog/:slug`: an item and its request form (the item editor's preview draws the same
    /// form from this module: `pages::catalog::preview`).
    CatalogItemRoute => CatalogItemPage in self_service via self_service_item, preload_self_service_item
}
lazy_page! {
    /// `/my/requests`: the requester's requests.
    MyRequestsRoute => MyRequestsPage in self_service via self_service_requests, preload_self_service_requests
}
lazy_page! {
    /// `/my/tickets`: the requester's tickets.
    MyTicketsRoute => MyTicketsPage in self_service via self_service_tickets, preload_self_service_tickets
}
lazy_page! {
    /// `/my/devices`: the equipment issued to the requester.
    MyDevicesRoute => MyDevicesPage in self_service via self_service_devices, preload_self_service_devices
}
lazy_page! {
    /// `/tickets/new`: reporting an incident or asking for something.
    NewTicketRoute => NewTicketPage in self_service via self_service_new_ticket, preload_self_service_new_ticket
}
lazy_page! {
    /// `/approvals`: the approver's queue.
    ApprovalsRoute => ApprovalsPage in self_service via self_service_approvals, preload_self_service_approvals
}
lazy_page! {
    /// `/boards`: the agents' live boards (a module of its own: together with the ticket page
    /// it would weigh more than the 600 KB a page may).
    BoardRoute => BoardPage in boards via boards_page, preload_boards_page
}
lazy_page! {
    /// `/tickets/:number`: a ticket, for its requester and for agents.
    TicketRoute => TicketPage in ticket via ticket_page, preload_ticket_page
}
lazy_page! {
    /// `/admin/users`: user administration.
    UsersRoute => UsersPage in administration via administration_users, preload_administration_users
}
lazy_page! {
    /// `/admin/catalog`: catalog administration.
    CatalogAdminRoute => CatalogAdminPage in administration via administration_catalog, preload_administration_catalog
}
lazy_page! {
    /// `/admin/catalog/items/:id`: the item editor and form builder (a module of its own: the
    /// largest page, opened from catalog administration).
    ItemEditorRoute => ItemEditorPage in item_editor via item_editor_page, preload_item_editor_page
}
lazy_page! {
    /// `/cmdb`: the CI list.
    CmdbRoute => CmdbPage in cmdb via cmdb_list, preload_cmdb_list
}
lazy_page! {
    /// `/cmdb/:id`: a CI's page with its relationships and impact analysis.
    CiRoute => CiDetailPage in cmdb via cmdb_ci, preload_cmdb_ci
}
