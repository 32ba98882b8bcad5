//! Request middleware, outermost first: [`origin`] refuses cross-origin writes, [`auth`] resolves
//! who is calling and keeps signed-out visitors on the sign-in page.

pub mod auth;
pub mod origin;
