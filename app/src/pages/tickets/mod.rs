//! Tickets outside the boards.
//!
//! - [`api`]: server functions for tickets and boards.
//! - [`actions`]: the requester's *Withdraw* / *Is it fixed?* and the agent's moves.
//! - [`agent_panel`]: assignment, major-incident flag and links, for agents.
//! - [`detail`]: the ticket page: fields, description, replies and work notes, activity, moves.
//! - [`conversation`]: replies, work notes and the activity timeline.
//! - [`new`]: raising an incident or request (agents: any kind).
//! - [`mine`]: "My tickets" for requesters, in plain words.
//! - [`live`]: the ticket page's live updates.

pub mod actions;
pub mod agent_panel;
pub mod api;
pub mod conversation;
pub mod detail;
pub mod live;
pub mod mine;
pub mod new;
