//! The design system: the pieces every page is built from, named after what the user sees.
//!
//! - [`shell`]: the signed-in layout: top bar, navigation, content area.
//! - [`button`], [`field`]: buttons and labelled form fields with inline errors.
//! - [`table`]: sortable column headers and pagination, driven by the URL so views can be shared.
//! - [`leave_guard`]: a warning before leaving a page with unsaved changes.
//! - [`modal`]: dialogs on the native `<dialog>` element (focus trap and Escape for free).
//! - [`toast`]: short confirmations in a live region.
//! - [`states`]: empty, loading (skeleton), error and access-denied states.
//! - [`badge`]: small coloured labels (roles, statuses) and avatars.
//! - [`theme`]: the light / dark / system theme switch.

pub mod badge;
pub mod button;
pub mod field;
pub mod leave_guard;
pub mod modal;
pub mod shell;
pub mod states;
pub mod table;
pub mod theme;
pub mod toast;
