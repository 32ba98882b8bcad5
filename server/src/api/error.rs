//! [`ApiError`]: every way a REST call can fail, as a status code and a JSON body
//! `{"error": {"code", "message", "fields"?}}`. Internal details never reach the client.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::users::FieldError;
use serde::Serialize;
use service::ServiceError;

#[derive(Debug)]
pub enum ApiError {
    Unauthenticated,
    Forbidden,
    NotFound,
    NoSuchEndpoint,
    CrossOrigin,
    BadRequest(String),
    Invalid(Vec<FieldError>),
    Conflict(String),
    /// The caller's version is stale; carries the ticket as it is now.
    Stale(Box<domain::tickets::TicketCard>),
    /// Too many failed attempts; retry after this many seconds.
    Throttled(u64),
    /// Busy or the database unreachable; retry later.
    Unavailable,
    Internal,
}

/// The error envelope.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: `unauthenticated`, `forbidden`, `not_found`, `invalid`...
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// Per-field problems, for `invalid`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// For `stale_version`: the object as it is now, so the client can show the winning change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<domain::tickets::TicketCard>>,
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Unauthenticated(_) => ApiError::Unauthenticated,
            ServiceError::Forbidden => ApiError::Forbidden,
            ServiceError::NotFound => ApiError::NotFound,
            ServiceError::Invalid(f) => ApiError::Invalid(f.0),
            ServiceError::Conflict(m) => ApiError::Conflict(m),
            ServiceError::Stale(card) => ApiError::Stale(card),
            ServiceError::Throttled { retry_after_secs } => ApiError::Throttled(retry_after_secs),
            ServiceError::Busy => ApiError::Unavailable,
            ServiceError::Internal => ApiError::Internal,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut current = None;
        let mut retry_after = None;
        let (status, code, message, fields) = match self {
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "Sign in first: send a valid bearer token or session cookie.".to_string(),
                vec![],
            ),
            ApiError::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Your roles do not allow this.".to_string(),
                vec![],
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Not found.".to_string(),
                vec![],
            ),
            ApiError::NoSuchEndpoint => (
                StatusCode::NOT_FOUND,
                "no_such_endpoint",
                "There is no such API endpoint; see /api/openapi.json.".to_string(),
                vec![],
            ),
            ApiError::CrossOrigin => (
                StatusCode::FORBIDDEN,
                "cross_origin",
                "Requests that change data must come from Beacon's own pages.".to_string(),
                vec![],
            ),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m, vec![]),
            ApiError::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "Some fields need attention.".to_string(),
                fields,
            ),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m, vec![]),
            ApiError::Stale(card) => {
                let message = format!(
                    "{} was changed by someone else (it is now {}); your change was not applied.",
                    card.number,
                    card.state.label()
                );
                current = Some(card);
                (StatusCode::CONFLICT, "stale_version", message, vec![])
            }
            ApiError::Throttled(secs) => {
                retry_after = Some(secs);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    format!(
                        "Too many failed sign-ins. Try again in {}.",
                        wait_words(secs)
                    ),
                    vec![],
                )
            }
            ApiError::Unavailable => {
                retry_after = Some(5);
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Beacon is busy or cannot reach its database just now. Please try again in a moment."
                        .to_string(),
                    vec![],
                )
            }
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side. It has been logged; please try again."
                    .to_string(),
                vec![],
            ),
        };
        let mut res = (
            status,
            Json(ErrorBody {
                error: ErrorDetail {
                    code,
                    message,
                    fields,
                    current,
                },
            }),
        )
            .into_response();
        if let Some(secs) = retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// "45 seconds", "3 minutes": how long to wait, in words.
pub fn wait_words(secs: u64) -> String {
    match secs {
        0..=1 => "a second".to_string(),
        2..=89 => format!("{secs} seconds"),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}
