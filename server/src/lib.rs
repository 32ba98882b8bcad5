//! Beacon's server: everything between the network and the service layer.
//!
//! A guided tour, in the order a request meets it:
//! - [`config`]: settings from the command line, `BEACON_*` environment variables and an optional
//!   TOML file.
//! - [`startup`]: data directory, signing secret, database, demo data, then [`startup::serve`].
//! - [`routes`]: the router: health checks, static assets, sign-in forms, REST API, Leptos pages.
//! - [`middleware`]: refusing cross-origin writes, then resolving the caller from a bearer token
//!   or the session cookies (refreshing them when the access token has expired).
//! - [`web_auth`]: the sign-in and sign-out forms' endpoints and the session cookies.
//! - [`api`]: the REST API under `/api/v1` and its OpenAPI document.
//! - [`assets`]: the WASM, JS and CSS bundle, pre-compressed, with long cache lifetimes.
//! - [`state`]: the [`state::AppState`] every handler receives.

pub mod api;
pub mod assets;
pub mod config;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web_auth;
