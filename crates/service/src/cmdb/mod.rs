//! Configuration management: CI classes, configuration items with their history, relationships
//! and impact analysis. Agents (and every role that may view CIs) read; configuration managers
//! and admins write. Each write runs in one transaction with the history lines it makes.
//!
//! - [`assets`]: hardware assets: "My devices", the asset list and lifecycle moves.
//! - [`classes`]: listing and saving classes (their attributes checked like request forms).
//! - [`items`]: creating, reading and editing CIs; every edit leaves its history lines.
//! - [`list`]: the CI list, filtered and paged.
//! - [`graph`]: relationships and impact analysis, read from the database a layer per query.
//! - [`page`]: what a CI's page shows, and impact analysis with every CI named.

pub mod assets;
pub mod classes;
pub mod graph;
pub mod items;
pub mod list;
pub mod page;

use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use domain::{Actor, Capability};

/// May read the CMDB.
fn view(actor: &Actor) -> ServiceResult<()> {
    require(actor, Capability::ViewConfigurationItems)
}

/// May change the CMDB.
fn manage(actor: &Actor) -> ServiceResult<()> {
    require(actor, Capability::ManageConfigurationItems)
}

/// May change the CMDB, as a yes or no for the pages.
fn may_manage(actor: &Actor) -> bool {
    actor.can(Capability::ManageConfigurationItems)
}

/// Reads JSON stored by this service; a row that does not parse is a defect.
fn stored_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    id: i64,
    text: &str,
) -> ServiceResult<T> {
    serde_json::from_str(text).map_err(|e| ServiceError::corrupt(what, id, e))
}

fn to_json<T: serde::Serialize>(value: &T) -> ServiceResult<String> {
    serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, "a CMDB value did not serialise");
        ServiceError::Internal
    })
}
