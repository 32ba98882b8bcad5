//! The service catalog (work in progress for the catalog issue).
//!
//! - [`form`]: request forms defined as data: field types, rules, defaults, conditional
//!   visibility, and the one validation that runs in the browser and on the server.

pub mod form;
