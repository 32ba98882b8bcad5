//! The agents' kanban boards.
//!
//! - [`page`]: the route: reads the view from the URL, loads the board, keeps it live.
//! - [`columns`]: columns and swimlanes, drop targets, "show more".
//! - [`card`]: one card, draggable, with the keyboard "Move" menu.
//! - [`move_menu`]: the card's "Move" menu, worked by keyboard or mouse.
//! - [`moves`]: what a move means and how it is confirmed or undone.
//! - [`toolbar`]: board switcher, grouping, filters, saved views, who else is looking.
//! - [`actions`]: the dialog for moves that need a reason, and bulk actions.

pub mod actions;
pub mod card;
pub mod columns;
pub mod move_menu;
pub mod moves;
pub mod page;
pub mod toolbar;
