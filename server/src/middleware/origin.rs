//! Refuses state-changing requests (POST, PUT, PATCH, DELETE) sent by another site's page.
//!
//! Browsers always send `Origin` on such requests, and modern ones `Sec-Fetch-Site`; either one
//! pointing elsewhere is refused with 403. Clients that send neither (curl, API integrations) are
//! not browsers and carry no ambient cookies worth forging, so they pass to authentication.

use crate::api::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn refuse_cross_origin_writes(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(req.headers(), state.web.public_origin.as_deref()) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-origin write");
        return ApiError::CrossOrigin.into_response();
    }
    next.run(req).await
}

/// Whether the request comes from our own pages (or from a non-browser client).
pub fn same_origin(headers: &HeaderMap, public_origin: Option<&str>) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        return match public_origin {
            Some(expected) => origin.eq_ignore_ascii_case(expected),
            None => {
                let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
                let origin_host = origin
                    .strip_prefix("http://")
                    .or_else(|| origin.strip_prefix("https://"));
                matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
            }
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    /// Request headers, the configured public origin, and whether the write is allowed.
    type Case = (
        &'static [(&'static str, &'static str)],
        Option<&'static str>,
        bool,
    );

    #[test]
    fn origin_table() {
        let cases: [Case; 9] = [
            (&[], None, true),
            (
                &[
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://127.0.0.1:3000"),
                ],
                None,
                true,
            ),
            (
                &[
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://evil.example"),
                ],
                None,
                false,
            ),
            (
                &[("host", "127.0.0.1:3000"), ("origin", "null")],
                None,
                false,
            ),
            (
                &[
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://127.0.0.1:3001"),
                ],
                None,
                false,
            ),
            (
                &[("origin", "https://itsm.example.com")],
                Some("https://itsm.example.com"),
                true,
            ),
            (
                &[("origin", "http://itsm.example.com")],
                Some("https://itsm.example.com"),
                false,
            ),
            (&[("sec-fetch-site", "cross-site")], None, false),
            (&[("sec-fetch-site", "same-origin")], None, true),
        ];
        for (h, public, expected) in cases {
            assert_eq!(
                same_origin(&headers(h), public),
                expected,
                "{h:?} {public:?}"
            );
        }
    }
}
