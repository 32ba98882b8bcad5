//! One module per table. Relations are declared where queries use them.

pub mod department;
pub mod group;
pub mod group_member;
pub mod session;
pub mod user;
pub mod user_role;
