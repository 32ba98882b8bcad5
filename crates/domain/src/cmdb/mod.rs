//! Configuration management and IT assets: configuration items (CIs), their typed relationships,
//! impact analysis over the dependency graph, the hardware asset lifecycle and licence seats.
//!
//! - [`model`]: a CI's status, environment and criticality, and the relationship kinds with the
//!   names they read by from either end.
//! - [`class`]: classes of CIs as data, their attributes defined like the catalog's forms.
//! - [`ci`]: a CI's common fields, their checks, and what an edit changed (its history).
//! - [`graph`]: impact analysis (what a CI needs, what needs it, the business services a CI's
//!   outage reaches): bounded in depth, safe on cycles, deterministic in order, and fed one
//!   layer at a time so the server can read the graph from its database as it goes.
//! - [`asset`]: the hardware asset lifecycle and the warranty flag.
//! - [`licence`]: software licence seats, over-allocation and expiry.
//! - [`view`]: what the CMDB's pages show: CIs named for links, relationships read from either
//!   end, named impact analysis and the business services it reaches.

pub mod asset;
pub mod ci;
pub mod class;
pub mod graph;
pub mod licence;
pub mod model;
pub mod view;

pub use ci::{CiFields, FieldChange};
pub use class::{CiClassDef, ClassKind};
pub use graph::{Direction, Edge, Reached, Traversal};
pub use model::{CiStatus, Criticality, Environment, RelationKind};

#[cfg(test)]
mod asset_tests;
#[cfg(test)]
mod ci_tests;
#[cfg(test)]
mod graph_tests;
#[cfg(test)]
mod licence_tests;
#[cfg(test)]
mod view_tests;
