//! Tokens for API clients: password grant, refresh, revoke.

use super::ApiJson;
use super::error::{ApiError, ErrorBody};
use crate::middleware::client::ClientAddr;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use service::TokenPair;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Exchange at `/api/v1/auth/refresh` for a new pair; absent when the current one stays valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub refresh_expires_in: i64,
}

impl From<TokenPair> for TokenResponse {
    fn from(p: TokenPair) -> Self {
        TokenResponse {
            access_token: p.access_token,
            token_type: "Bearer",
            expires_in: p.access_expires_in,
            refresh_token: p.refresh_token,
            refresh_expires_in: p.refresh_expires_in,
        }
    }
}

/// Exchange a username and password for an access token and a refresh token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", security(()),
    request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this account or address; the `Retry-After` header says how many seconds to wait", body = ErrorBody),
        (status = 503, description = "Busy: too many sign-ins waiting for a password check; retry after `Retry-After` seconds", body = ErrorBody)))]
pub async fn token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (pair, _) = service::auth::sign_in(
        &state.services,
        &req.username,
        &req.password,
        agent,
        &client,
    )
    .await?;
    Ok(Json(pair.into()))
}

/// Exchange a refresh token for a new token pair. The old refresh token stops working.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", security(()),
    request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody)))]
pub async fn refresh(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let pair = service::auth::refresh(&state.services, &req.refresh_token).await?;
    Ok(Json(pair.into()))
}

/// End the session of a refresh token: it and the access tokens issued with it stop working.
#[utoipa::path(post, path = "/api/v1/auth/revoke", tag = "auth", security(()),
    request_body = RefreshRequest,
    responses((status = 204)))]
pub async fn revoke(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<StatusCode, ApiError> {
    service::auth::sign_out(&state.services, &req.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
