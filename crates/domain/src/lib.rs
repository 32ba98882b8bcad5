//! Beacon's domain: the rules of IT service management as pure functions and plain types.
//!
//! Nothing in this crate does I/O or reads the clock; time comes in as an argument. It compiles to
//! WebAssembly for the browser and to native code for the server, so the UI asks the same functions
//! which actions to offer that the server uses to allow them.
//!
//! - [`approvals`]: the approval engine's rules (stages, any / all / majority, abstentions).
//! - [`auth`]: roles, capabilities and the areas of the portal each role may use.
//! - [`users`]: validation of user accounts (usernames, e-mail addresses, passwords).
//! - [`ids`]: typed identifiers.
//! - [`paging`]: pages of results and sort directions.
//! - [`redirect`]: where a browser may be sent after signing in (never another site).
//! - [`catalog`]: request forms as data and their validation (catalog, in progress).
//! - [`tickets`]: incidents, requests and problems: priority, lifecycle, boards.
//! - [`cmdb`]: configuration items, relationships, impact analysis, assets and licences.
//! - [`events`]: the envelope of every live event (record, version, who may hear of it).

pub mod approvals;
pub mod auth;
pub mod catalog;
pub mod cmdb;
pub mod events;
pub mod ids;
pub mod paging;
pub mod redirect;
pub mod tickets;
pub mod users;

pub use auth::{Actor, Area, Capability, Role, RoleSet};
pub use ids::{
    ApprovalId, CatalogItemId, CategoryId, CiClassId, CiId, DepartmentId, GroupId, TicketId, UserId,
};
