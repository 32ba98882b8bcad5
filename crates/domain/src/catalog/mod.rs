//! The service catalog: items people order, each one self-contained and versioned.
//!
//! - [`form`]: request forms as data (field types, rules, defaults, conditional visibility) and
//!   the one validation that runs in the browser and on the server.
//! - [`item`]: the item definition (one version): description, cost, delivery, audience, form,
//!   approvals, fulfilment; what blocks publishing; references remapped on import.
//! - [`audience`]: entitlements (everyone, or departments / groups / roles).
//! - approvals: stages, rules and decisions come from the shared engine ([`crate::approvals`]).
//! - [`fulfilment`]: fulfilment tasks in sequence or in parallel.
//! - [`search`]: the typo-tolerant, prefix-matching search index.
//! - [`model`]: what pages and the API exchange.

pub mod audience;
pub mod form;
pub mod fulfilment;
pub mod item;
pub mod model;
pub mod search;

pub use crate::approvals::{ApprovalRule, ApprovalStage, ApprovalStatus, Approvers, Decision};
pub use audience::{Audience, CatalogViewer};
pub use form::{Answer, Answers, FieldKind, FormField, FormSchema, ShowWhen};
pub use fulfilment::{FulfilmentPlan, TaskOrder, TaskTemplate};
pub use item::{Cost, CostPeriod, ItemDefinition};
pub use model::*;
