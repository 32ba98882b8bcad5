//! [`AppError`]: what a server function tells the page when it fails. It carries what the user
//! can act on (field messages, a conflict) and nothing internal.

use domain::users::FieldErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Your session has ended. Sign in again to continue.")]
    Unauthenticated,
    #[error("Your roles do not allow this.")]
    Forbidden,
    #[error("This item does not exist or is not visible to you.")]
    NotFound,
    #[error("Some fields need attention.")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    /// Someone else changed the ticket first; this is how it is now.
    #[error("{} was changed by someone else just before you; it is now {}.", .0.number, .0.state.label())]
    Stale(Box<domain::tickets::TicketCard>),
    #[error("Too many attempts. Please wait {0} seconds and try again.")]
    Throttled(u64),
    #[error("Beacon is busy or cannot reach its database just now. Please try again in a moment.")]
    Unavailable,
    /// The request itself was malformed (wrong types, missing arguments, too deep or too big).
    #[error("The request could not be read: {0}")]
    BadRequest(String),
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    #[error("Could not reach Beacon. Check your connection and try again.")]
    Transport,
}

impl AppError {
    /// The HTTP status this error stands for (server functions answer with it).
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) | AppError::Stale(_) => 409,
            AppError::Throttled(_) => 429,
            AppError::BadRequest(_) => 400,
            AppError::Unavailable => 503,
            AppError::Transport => 502,
            AppError::Internal => 500,
        }
    }

    /// Field messages, when the error is about the input.
    pub fn fields(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(f) => Some(f),
            _ => None,
        }
    }

    /// What to tell the user in one line: the field messages when the input was refused,
    /// otherwise the error itself.
    pub fn explain(&self) -> String {
        match self.fields() {
            Some(f) => {
                f.0.iter()
                    .map(|x| x.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            None => self.to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Transport,
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => {
                AppError::BadRequest(m.chars().take(200).collect())
            }
            ServerFnErrorErr::UnsupportedRequestMethod(m) => AppError::BadRequest(m),
            // On the server this is the caller's arguments failing to decode; in the browser it
            // would be the server's answer, which is not the user's fault.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(m) => {
                AppError::BadRequest(m.chars().take(200).collect())
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<service::ServiceError> for AppError {
    fn from(e: service::ServiceError) -> Self {
        use service::ServiceError as S;
        match e {
            S::Unauthenticated(_) => AppError::Unauthenticated,
            S::Forbidden => AppError::Forbidden,
            S::NotFound => AppError::NotFound,
            S::Invalid(f) => AppError::Invalid(f),
            S::Conflict(m) => AppError::Conflict(m),
            S::Stale(card) => AppError::Stale(card),
            S::Throttled { retry_after_secs } => AppError::Throttled(retry_after_secs),
            S::Busy => AppError::Unavailable,
            S::Internal => AppError::Internal,
        }
    }
}
