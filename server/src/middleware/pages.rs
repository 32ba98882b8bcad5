//! Pages that always finish.
//!
//! Server-rendered pages are rendered whole before they are sent, within [`RENDER_LIMIT`]; a
//! render that has not finished by then is dropped and the page rendered again (up to
//! [`ATTEMPTS`] times), with a warning in the log. Leptos's streamed rendering has a rare race
//! between a `<Suspense>` and its resources finishing at the same moment on other threads, after
//! which the response never ends (seen about once in a thousand loads of freshly started servers
//! under concurrent load; `hardening.rs` `pages_always_finish_under_concurrent_load`). Our pages
//! render in-order anyway, so rendering them whole costs no time to first paint worth naming, and
//! the answer gets a length and is compressed whole.
//!
//! Only GET and HEAD answers that are HTML pass through here; a page render only reads, so
//! rendering it again has no effect the user could notice.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How long one rendering of a page may take.
pub const RENDER_LIMIT: Duration = Duration::from_secs(8);
/// How many times a page is rendered before the visitor is told to try again.
pub const ATTEMPTS: u32 = 3;

/// Renders pages whole, again if a rendering stalls.
pub async fn finish_pages(req: Request, next: Next) -> Response {
    let page_request = matches!(*req.method(), Method::GET | Method::HEAD)
        && !["/api/", "/pkg/", "/auth/"]
            .iter()
            .any(|p| req.uri().path().starts_with(p));
    if !page_request {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let (parts, _) = req.into_parts();
    for attempt in 1..=ATTEMPTS {
        let request = Request::from_parts(parts.clone(), Body::empty());
        let next = next.clone();
        let render = async move {
            let res = next.run(request).await;
            if !is_html(&res) {
                return Ok(res);
            }
            let (head, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await?;
            Ok::<_, axum::Error>(Response::from_parts(head, Body::from(bytes)))
        };
        match tokio::time::timeout(RENDER_LIMIT, render).await {
            Ok(Ok(res)) => return res,
            Ok(Err(e)) => {
                tracing::error!(path, error = %e, "page rendering failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            Err(_) => tracing::warn!(path, attempt, "page rendering stalled; rendering it again"),
        }
    }
    tracing::error!(
        path,
        attempts = ATTEMPTS,
        "page rendering stalled every time"
    );
    let mut res = (
        StatusCode::SERVICE_UNAVAILABLE,
        "Beacon could not show this page just now. Please reload it.",
    )
        .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

fn is_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
