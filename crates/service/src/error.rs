//! [`ServiceError`]: what can go wrong in a use case, in terms the caller can map to a response.
//!
//! Database errors are logged here with their detail and reach callers only as
//! [`ServiceError::Internal`], which carries no detail for the browser.

use domain::users::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No valid credentials or token: the caller must sign in (HTTP 401).
    #[error("authentication required: {0}")]
    Unauthenticated(&'static str),
    /// Signed in, but this actor may not do this (HTTP 403).
    #[error("not allowed")]
    Forbidden,
    /// The object does not exist, or the actor may not know that it does (HTTP 404).
    #[error("not found")]
    NotFound,
    /// The input has problems, listed per field (HTTP 422).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// The request conflicts with the current state, e.g. a stale version (HTTP 409).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The ticket changed since the caller read it; carries the ticket as it is now (HTTP 409).
    #[error("stale version")]
    Stale(Box<domain::tickets::TicketCard>),
    /// Too many failed attempts: the caller must wait this many seconds (HTTP 429).
    #[error("too many attempts; retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    /// The server cannot take this work now (a full queue, the database unreachable); retrying
    /// later may succeed (HTTP 503).
    #[error("temporarily unavailable")]
    Busy,
    /// Something failed that the caller cannot fix; details are in the log (HTTP 500).
    #[error("internal error")]
    Internal,
}

impl ServiceError {
    /// One field error, for checks that concern a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut e = FieldErrors::default();
        e.add(field, message);
        ServiceError::Invalid(e)
    }

    /// `value` of `field` when it lies in `range`; otherwise the field error `message`.
    /// Documented bounds are refused, never clamped, so a caller learns that it asked for
    /// something else than it gets.
    pub fn within<T: PartialOrd>(
        field: &str,
        value: T,
        range: std::ops::RangeInclusive<T>,
        message: impl Into<String>,
    ) -> Result<T, Self> {
        if range.contains(&value) {
            Ok(value)
        } else {
            Err(ServiceError::field(field, message))
        }
    }

    /// Stored data that does not parse (an item definition, a request's answers, a state word):
    /// logged with what it is and its row, answered as [`ServiceError::Internal`]. Such data is a
    /// defect to see and fix, never a row to skip silently.
    pub fn corrupt(what: &'static str, id: i64, detail: impl std::fmt::Display) -> Self {
        tracing::error!(what, id, detail = %detail, "stored data does not parse");
        ServiceError::Internal
    }
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        match e {
            // The database cannot be reached: retrying later may work (HTTP 503).
            sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_) => ServiceError::Busy,
            _ => ServiceError::Internal,
        }
    }
}

impl From<sea_orm::TransactionError<ServiceError>> for ServiceError {
    fn from(e: sea_orm::TransactionError<ServiceError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

/// Shorthand for results of this layer.
pub type ServiceResult<T> = Result<T, ServiceError>;
