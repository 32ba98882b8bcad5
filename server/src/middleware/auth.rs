//! Who is calling: a bearer token (API clients) or the session cookies (the browser).
//!
//! A valid caller is put in the request's extensions as [`Authenticated`], where REST handlers,
//! server functions and page rendering find it. When the browser's access token has expired but
//! its refresh token is good, the session is refreshed here and the new cookies are set on the
//! response, so the user never notices. Signed-out visitors asking for a page are sent to the
//! sign-in page, which returns them where they were going.

use crate::state::AppState;
use crate::web_auth;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use service::ServiceError;
use service::auth::sessions::Authenticated;

/// Paths that never need to know the caller.
/// The sign-in and sign-out endpoints handle the cookies themselves.
fn is_public_asset(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/auth/")
        || path == "/healthz"
        || path == "/readyz"
        || path.starts_with("/favicon.")
}

/// Whether the request is a browser asking for one of the app's pages.
fn is_page_request(method: &Method, path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    *method == Method::GET
        && !path.starts_with("/api/")
        && !path.starts_with("/auth/")
        && !last.contains('.')
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub async fn resolve_caller(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    if is_public_asset(&path) {
        return next.run(req).await;
    }
    let services = &state.services;
    let mut set_cookies: Vec<HeaderValue> = Vec::new();
    let mut caller: Option<Authenticated> = None;
    // Set when the database could not be asked: the visitor is not "signed out", Beacon is
    // unavailable, and says so (503) instead of sending them to the sign-in page.
    let mut unavailable = false;
    let mut resolve = |outcome: Result<Authenticated, ServiceError>| match outcome {
        Ok(a) => Some(a),
        Err(ServiceError::Busy | ServiceError::Internal) => {
            unavailable = true;
            None
        }
        Err(_) => None,
    };
    if let Some(token) = bearer(req.headers()) {
        // An API client: its token alone decides; cookies are not consulted.
        caller = resolve(service::auth::authenticate(services, token).await);
    } else {
        let cookies = web_auth::Cookies::from_headers(req.headers());
        if let Some(access) = cookies.access() {
            caller = resolve(service::auth::authenticate(services, access).await);
        }
        if caller.is_none()
            && let Some(refresh) = cookies.refresh()
        {
            match service::auth::refresh(services, refresh).await {
                Ok(pair) => {
                    caller =
                        resolve(service::auth::authenticate(services, &pair.access_token).await);
                    set_cookies = web_auth::session_cookies(&pair, &state.web);
                }
                Err(ServiceError::Unauthenticated(_)) => {
                    set_cookies = web_auth::cleared_cookies(&state.web);
                }
                // The database is having trouble: keep the cookies for the next try.
                Err(_) => unavailable = true,
            }
        }
    }
    if caller.is_none() && unavailable {
        return unavailable_response(&path);
    }

    let is_page = is_page_request(req.method(), &path);
    let mut response = match (&caller, is_page, path.as_str()) {
        (None, true, p) if p != "/login" => {
            let wanted = req
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            let target = if wanted == "/" {
                "/login".to_string()
            } else {
                format!("/login?{}", web_auth::query(&[("next", wanted.as_str())]))
            };
            Redirect::to(&target).into_response()
        }
        (Some(_), true, "/login") => {
            let next = req
                .uri()
                .query()
                .and_then(|q| web_auth::query_param(q, "next"))
                .unwrap_or_default();
            Redirect::to(&domain::redirect::safe_next(&next)).into_response()
        }
        _ => {
            if let Some(c) = caller {
                req.extensions_mut().insert(c);
            }
            next.run(req).await
        }
    };
    for c in set_cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// 503 while the database cannot be reached: a page that says so for browsers, the API's JSON
/// error for API clients and server functions.
fn unavailable_response(path: &str) -> Response {
    if path.starts_with("/api/fn/") {
        let body = serde_json::to_string(&app::error::AppError::Unavailable).unwrap_or_default();
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::RETRY_AFTER, "5"),
            ],
            body,
        )
            .into_response();
    }
    if path.starts_with("/api/") {
        return crate::api::error::ApiError::Unavailable.into_response();
    }
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::RETRY_AFTER, "5"),
        ],
        UNAVAILABLE_PAGE,
    )
        .into_response()
}

/// The page shown while the database is unreachable: self-contained (no script, no bundle).
const UNAVAILABLE_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Beacon is unavailable</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem;line-height:1.5;color:#1f2937}h1{font-size:1.5rem}a{color:#2563eb}</style>
</head><body><main>
<h1>Beacon is unavailable right now</h1>
<p>Beacon cannot reach its database, so it cannot show this page. You are still signed in; nothing you saved is lost.</p>
<p>Please <a href="">try again</a> in a minute. If this goes on, tell your IT service desk by phone.</p>
</main></body></html>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_requests() {
        let cases = [
            (Method::GET, "/", true),
            (Method::GET, "/admin/users", true),
            (Method::POST, "/admin/users", false),
            (Method::GET, "/api/v1/me", false),
            (Method::GET, "/auth/sign-in", false),
            (Method::GET, "/robots.txt", false),
        ];
        for (m, p, expected) in cases {
            assert_eq!(is_page_request(&m, p), expected, "{m} {p}");
        }
    }

    #[test]
    fn bearer_tokens() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "Bearer abc.def".parse().unwrap());
        assert_eq!(bearer(&h), Some("abc.def"));
        h.insert(header::AUTHORIZATION, "bearer  xyz".parse().unwrap());
        assert_eq!(bearer(&h), Some("xyz"));
        h.insert(header::AUTHORIZATION, "Basic dXNlcjpwYXNz".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}
