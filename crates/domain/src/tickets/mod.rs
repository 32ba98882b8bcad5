//! Tickets: incidents, service requests and problems on one core.
//!
//! - [`kind`]: the three kinds and their human numbers.
//! - [`priority`]: impact, urgency and the priority matrix.
//! - [`lifecycle`]: states, transitions per kind and party, hold reasons and resolution codes.
//! - [`change`]: the one operation every change of a ticket's state goes through.
//! - [`model`]: cards, the ticket page, and validated inputs.
//! - [`board`]: board views in the URL, columns, WIP limits and applying live events.

pub mod board;
pub mod change;
pub mod kind;
pub mod lifecycle;
pub mod model;
pub mod priority;

pub use board::{
    BoardColumn, BoardData, BoardView, ColumnKey, GroupBy, Lanes, TicketEvent, Viewer,
};
pub use kind::{TicketKind, parse_number};
pub use lifecycle::{HoldReason, LifecycleRules, Party, ResolutionCode, TicketState};
pub use model::{
    BulkAction, BulkOutcome, BulkRequest, CursorPage, ListCursor, NewComment, NewLink, NewTicket,
    PersonRef, SavedView, TicketCard, TicketDetail, TicketPatch, TicketQuery, TicketSort,
    TransitionRequest,
};
pub use priority::{Level, Priority, PriorityMatrix};
