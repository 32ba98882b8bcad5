//! [`ClientAddr`]: the address a request came from, for throttling and the security log.
//!
//! By default it is the TCP peer. Behind a reverse proxy every request comes from the proxy, so
//! `BEACON_CLIENT_IP_HEADER` names the header the proxy sets (`X-Forwarded-For`: the last entry,
//! the one the proxy itself appended; `X-Real-IP`: the value). Only set it behind a proxy that
//! always writes that header, or clients could choose their own address.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The client's address as text (`unknown` when the server cannot tell).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let from_header = state.web.client_ip_header.as_ref().and_then(|name| {
            let value = parts.headers.get(name)?.to_str().ok()?;
            last_address(value)
        });
        let peer = || {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        };
        Ok(ClientAddr(
            from_header
                .or_else(peer)
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

/// The last address of a comma-separated list, if it parses as an IP address.
fn last_address(value: &str) -> Option<String> {
    let last = value.rsplit(',').next()?.trim();
    last.parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_appended_address_counts() {
        let cases = [
            ("203.0.113.7", Some("203.0.113.7")),
            ("198.51.100.1, 203.0.113.7", Some("203.0.113.7")),
            ("spoofed, 2001:db8::1", Some("2001:db8::1")),
            ("203.0.113.7, not-an-address", None),
            ("", None),
        ];
        for (value, expected) in cases {
            assert_eq!(last_address(value).as_deref(), expected, "{value}");
        }
    }
}
