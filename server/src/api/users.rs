//! `GET /me` and user administration (`/users`). Admin rights are checked by the service.

use super::error::{ApiError, ErrorBody};
use super::{ApiJson, ApiQuery, CallerActor};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::paging::{Page, SortDir};
use domain::users::{NewUser, Profile, UserQuery, UserSort, UserSummary};
use domain::{Role, UserId};
use serde::Deserialize;
use service::ServiceError;

/// The caller's own profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "users",
    responses((status = 200, body = Profile), (status = 401, body = ErrorBody)))]
pub async fn me(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
) -> Result<Json<Profile>, ApiError> {
    Ok(Json(service::users::me(&state.services, &actor).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Text matched against username, name and e-mail.
    q: Option<String>,
    /// `name`, `username`, `email`, `department` or `created`.
    #[param(pattern = "^(name|username|email|department|created)$")]
    sort: Option<String>,
    /// `asc` or `desc`.
    #[param(pattern = "^(asc|desc)$")]
    dir: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 10000)]
    page: Option<u64>,
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u64>,
}

/// Users, filtered, sorted and paginated. Requires the admin role.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(ListParams),
    responses((status = 200, body = Page<UserSummary>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<Page<UserSummary>>, ApiError> {
    let sort = match p.sort.as_deref() {
        None => None,
        Some(s) => Some(UserSort::parse(s).ok_or_else(|| {
            ServiceError::field(
                "sort",
                format!("Unknown sort {s:?}: use name, username, email, department or created."),
            )
        })?),
    };
    let dir = match p.dir.as_deref() {
        None => None,
        Some(d) => Some(SortDir::parse(d).ok_or_else(|| {
            ServiceError::field("dir", format!("Unknown direction {d:?}: use asc or desc."))
        })?),
    };
    // Documented bounds are refused, not clamped (the UI's own calls are clamped by the service).
    if let Some(n) = p.page {
        let max = domain::paging::MAX_PAGE;
        ServiceError::within("page", n, 1..=max, format!("page is 1 to {max}."))?;
    }
    if let Some(n) = p.per_page {
        ServiceError::within("per_page", n, 1..=100, "per_page is 1 to 100.")?;
    }
    let query = UserQuery {
        q: p.q,
        sort,
        dir,
        page: p.page,
        per_page: p.per_page,
    };
    Ok(Json(
        service::users::list(&state.services, &actor, query).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreateUserRequest {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password: String,
    /// Roles besides `requester`, which every user holds.
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// Create a user. Requires the admin role.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest,
    responses((status = 201, body = UserSummary), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(req): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserSummary>), ApiError> {
    let new = NewUser {
        username: req.username,
        display_name: req.display_name,
        email: req.email,
        password: req.password,
        roles: req.roles.into_iter().collect(),
    };
    let created = service::users::create(&state.services, &actor, new).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// One user. Requires the admin role.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = UserSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<UserSummary>, ApiError> {
    Ok(Json(
        service::users::get(&state.services, &actor, UserId(id)).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct UpdateUserRequest {
    /// `true` disables the user and ends their sessions; `false` enables them again.
    pub disabled: Option<bool>,
}

/// Disable or enable a user. Requires the admin role.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UpdateUserRequest,
    responses((status = 200, body = UserSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<UpdateUserRequest>,
) -> Result<Json<UserSummary>, ApiError> {
    let id = UserId(id);
    let user = match req.disabled {
        Some(disabled) => {
            service::users::set_disabled(&state.services, &actor, id, disabled).await?
        }
        None => service::users::get(&state.services, &actor, id).await?,
    };
    Ok(Json(user))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResetPasswordRequest {
    pub password: String,
}

/// Set a new password for a user and end their sessions. Requires the admin role.
#[utoipa::path(post, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path)), request_body = ResetPasswordRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    service::users::reset_password(&state.services, &actor, UserId(id), req.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
