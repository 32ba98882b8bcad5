//! Request middleware, outermost first: [`origin`] refuses cross-origin writes, [`auth`] resolves
//! who is calling and keeps signed-out visitors on the sign-in page; [`headers`] adds the
//! security headers to every answer; [`server_fn`] gives server-function errors their HTTP
//! status; [`pages`] renders pages whole, again if a rendering stalls. [`client`] tells handlers
//! the client's address.

pub mod auth;
pub mod client;
pub mod headers;
pub mod origin;
pub mod pages;
pub mod server_fn;
