//! Administration. For now: users (list, create, reset password, disable).
//!
//! - [`api`]: the server functions; each checks the caller's rights through the service.
//! - [`users`]: the users page: filter, sortable table, pagination.
//! - [`user_forms`]: the create-user, reset-password and disable dialogs.

pub mod api;
pub mod user_forms;
pub mod users;
