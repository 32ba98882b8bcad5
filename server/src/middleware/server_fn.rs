//! Server functions answer with the HTTP status their error means.
//!
//! Leptos sends every server-function error as a 500 with the error encoded as JSON. This layer
//! reads that body back as an [`app::error::AppError`] and sets its status (401, 403, 404, 409,
//! 422, 429, 400 for malformed arguments, 503), so clients, proxies and logs see a client error as
//! a client error. Only genuine internal errors stay 500 (and are logged as errors by the trace
//! layer); the body is unchanged, so the browser app reads the same error as before.

use app::error::AppError;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Error bodies larger than this are left as they are.
const MAX_ERROR_BODY: usize = 256 * 1024;

pub async fn status_from_error(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/fn/");
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_client_error() {
            tracing::info!(%path, %status, error = %error, "server function refused the request");
        }
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}
