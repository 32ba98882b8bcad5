//! Beacon's use cases. Every public function here takes the acting user, checks what they may do,
//! runs its queries and writes in one transaction, and returns shared domain types.
//!
//! - [`Services`]: the handle every caller holds: database pool and token keys.
//! - [`database`]: connecting to SQLite or PostgreSQL and migrating.
//! - [`auth`]: passwords, access tokens, refresh sessions; turning a token into an [`domain::Actor`].
//! - [`users`]: the admin's user management and the user's own profile.
//! - [`tickets`]: incidents, requests, problems and fulfilment tasks; boards.
//! - [`approvals`]: the approval engine every area uses (stages, rules, decisions under a lock).
//! - [`catalog`]: the service catalog: browsing, ordering, approvals, fulfilment, administration.
//! - [`events`]: the live event hub and board presence.
//! - [`generate`]: realistic ticket volumes for tests and benchmarks.
//! - [`seed`]: the demo organisation loaded into an empty database.
//! - `stored`: reading enumerations back from storage, failing loudly on unknown words.
//! - [`shared_cache`]: answers computed once and shared until a change (boards, lists, options).
//! - [`error`]: [`ServiceError`], the one error type of this layer.

pub mod approvals;
pub mod auth;
pub mod catalog;
pub mod cmdb;
pub mod database;
pub mod error;
pub mod events;
pub mod generate;
pub mod seed;
mod seed_catalog;
mod seed_cmdb;
mod seed_tickets;
pub mod shared_cache;
mod stored;
pub mod tickets;
pub mod users;

pub use auth::{AuthSettings, TokenPair};
pub use error::ServiceError;

use domain::tickets::TicketCard;
use domain::tickets::model::{AssignmentOptions, CursorPage};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Everything a use case needs, cheap to clone: a connection pool and the token signer.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub auth: Arc<auth::TokenKeys>,
    /// Live ticket events and board presence.
    pub events: Arc<events::EventHub>,
    /// Priority matrix and lifecycle settings of this installation.
    pub tickets: tickets::TicketSettings,
    /// What other areas do when a ticket changes (the catalog's fulfilment).
    pub hooks: tickets::hooks::TicketHooks,
    /// The published catalog in memory (search index, cards, audiences).
    pub catalog: Arc<catalog::CatalogCache>,
    /// Boards computed once and shared until a change is heard of.
    pub boards: Arc<tickets::board::cache::BoardCache>,
    /// First pages of ticket lists, shared the same way.
    pub lists: Arc<shared_cache::SharedCache<CursorPage<TicketCard>>>,
    /// Agents and groups to assign to, shared until a person is added or disabled.
    pub directory: Arc<shared_cache::SharedCache<AssignmentOptions>>,
    /// Each agent's groups and saved board views, until they save or delete a view.
    pub viewers: Arc<shared_cache::SharedCache<tickets::board::ViewerSettings>>,
    /// Failed sign-in counters of this process.
    pub throttle: Arc<auth::throttle::SignInThrottle>,
}

impl Services {
    pub fn new(db: DatabaseConnection, settings: AuthSettings) -> Self {
        Self {
            db,
            auth: Arc::new(auth::TokenKeys::new(settings)),
            events: Arc::new(events::EventHub::default()),
            tickets: tickets::TicketSettings::default(),
            hooks: tickets::hooks::TicketHooks::default()
                .with(Arc::new(catalog::fulfilment::CatalogTicketHook)),
            catalog: Arc::new(catalog::CatalogCache::default()),
            boards: Arc::new(tickets::board::cache::BoardCache::default()),
            lists: Arc::default(),
            directory: Arc::default(),
            viewers: Arc::default(),
            throttle: Arc::new(auth::throttle::SignInThrottle::default()),
        }
    }

    /// Uses this installation's ticket rules instead of the defaults.
    pub fn with_ticket_settings(mut self, settings: tickets::TicketSettings) -> Self {
        self.tickets = settings;
        self
    }
}

/// The current time, to the microsecond: what both databases store, so a value read back
/// compares equal to the value written.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").finish_non_exhaustive()
    }
}
