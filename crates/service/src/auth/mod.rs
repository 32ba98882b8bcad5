//! Authentication: who is calling.
//!
//! - [`password`]: argon2id hashing with OWASP's parameters, on a few dedicated threads.
//! - [`throttle`]: waits imposed after failed sign-ins, per account and per client address.
//! - [`security_log`]: failed and throttled sign-ins, for administrators.
//! - [`tokens`]: short-lived signed access tokens (JWT, HS256) and their verification.
//! - [`sessions`]: sign-in, refresh-token rotation, sign-out, and resolving an access token to
//!   the [`domain::Actor`] behind it.
//!
//! An access token names a session (`sid`). Every request checks that the session is still open
//! and the user still enabled, so signing out, disabling a user or resetting their password ends
//! access at once rather than when the token expires.

pub mod password;
pub mod security_log;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use sessions::{TokenPair, authenticate, refresh, sign_in, sign_out};
pub use tokens::{AuthSettings, TokenKeys};
