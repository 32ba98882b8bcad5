//! [`AppState`]: what every handler and the Leptos integration receive.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use service::Services;
use std::sync::Arc;

/// Settings of the web layer that are not the service layer's business.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Add `Secure` to cookies (HTTPS deployments).
    pub secure_cookies: bool,
    /// The allowed origin for state-changing requests, e.g. `https://itsm.example.com`;
    /// `None` means "the Host the request was sent to".
    pub public_origin: Option<String>,
    /// The header a trusted reverse proxy puts the client's address in (`X-Forwarded-For`).
    pub client_ip_header: Option<axum::http::HeaderName>,
}

/// Shared state, cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub web: Arc<WebSettings>,
    pub demo: app::DemoAccounts,
}
