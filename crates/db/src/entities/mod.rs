//! One module per table. Relations are declared where queries use them.

pub mod approval;
pub mod approval_flow;
pub mod board_view;
pub mod board_wip_limit;
pub mod catalog_category;
pub mod catalog_item;
pub mod catalog_item_version;
pub mod catalog_request;
pub mod catalog_revision;
pub mod department;
pub mod group;
pub mod group_member;
pub mod request_task;
pub mod security_event;
pub mod session;
pub mod setting;
pub mod ticket;
pub mod ticket_activity;
pub mod ticket_comment;
pub mod ticket_counter;
pub mod ticket_link;
pub mod user;
pub mod user_role;
