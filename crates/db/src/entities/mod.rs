//! One module per table. Relations are declared where queries use them.

pub mod board_view;
pub mod board_wip_limit;
pub mod department;
pub mod group;
pub mod group_member;
pub mod session;
pub mod ticket;
pub mod ticket_activity;
pub mod ticket_comment;
pub mod ticket_counter;
pub mod ticket_link;
pub mod user;
pub mod user_role;
