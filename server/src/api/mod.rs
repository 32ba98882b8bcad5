//! The REST API under `/api/v1`, for integrations and scripts, and its OpenAPI document at
//! `/api/openapi.json`.
//!
//! Handlers are thin: extract the caller ([`CallerActor`]), call the service, map its error
//! ([`error::ApiError`]). Authorization happens in the service, in one place per area.
//!
//! - [`auth`]: tokens for API clients: `POST /auth/token`, `/auth/refresh`, `/auth/revoke`.
//! - [`users`]: `GET /me` and the admin's `/users`.
//! - [`tickets`]: `/tickets`: incidents, requests and problems.
//! - [`boards`]: `/boards`: kanban board data.
//! - [`catalog`]: `/catalog` and `/approvals`: ordering, approvals, catalog administration.
//! - [`events`]: `/events`: the live event stream.

pub mod auth;
pub mod boards;
pub mod catalog;
pub mod error;
pub mod events;
pub mod tickets;
pub mod users;

use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::Actor;
use error::ApiError;
use service::auth::sessions::Authenticated;
use utoipa::OpenApi;

/// The `/api/v1` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/token", post(auth::token))
        .route("/auth/refresh", post(auth::refresh))
        .route("/auth/revoke", post(auth::revoke))
        .route("/me", get(users::me))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}", get(users::get).patch(users::update))
        .route("/users/{id}/password", post(users::reset_password))
        .route("/tickets", get(tickets::list).post(tickets::create))
        .route("/tickets/bulk", post(tickets::bulk))
        .route(
            "/tickets/{number}",
            get(tickets::get).patch(tickets::update),
        )
        .route("/tickets/{number}/transitions", post(tickets::transition))
        .route("/tickets/{number}/comments", post(tickets::comment))
        .route("/tickets/{number}/links", post(tickets::link))
        .route("/boards", get(boards::board))
        .route("/boards/column", get(boards::column))
        .route("/boards/wip", axum::routing::put(boards::set_wip))
        .route("/events", get(events::events))
        .route("/catalog", get(catalog::home))
        .route("/catalog/items", get(catalog::items))
        .route("/catalog/items/{id}", get(catalog::item))
        .route("/catalog/items/{id}/requests", post(catalog::submit))
        .route("/catalog/requests", get(catalog::my_requests))
        .route("/catalog/requests/{number}", get(catalog::request))
        .route("/approvals", get(catalog::inbox))
        .route("/approvals/{id}/decision", post(catalog::decide))
        .route(
            "/catalog/admin/categories",
            get(catalog::admin_categories).post(catalog::create_category),
        )
        .route(
            "/catalog/admin/categories/{id}",
            axum::routing::put(catalog::update_category),
        )
        .route(
            "/catalog/admin/items",
            get(catalog::admin_items).post(catalog::create_item),
        )
        .route(
            "/catalog/admin/items/{id}",
            get(catalog::editor).put(catalog::save_draft),
        )
        .route("/catalog/admin/items/{id}/publish", post(catalog::publish))
        .route("/catalog/admin/items/{id}/retire", post(catalog::retire))
        .route(
            "/catalog/admin/items/{id}/draft",
            axum::routing::delete(catalog::discard_draft),
        )
        .route("/catalog/admin/items/{id}/export", get(catalog::export))
        .route("/catalog/admin/import", post(catalog::import))
        .fallback(|| async { ApiError::NoSuchEndpoint })
}

/// Query string whose rejection is an [`ApiError`] with a plain message.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

/// The signed-in caller; answers 401 when there is none.
pub struct CallerActor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for CallerActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authenticated>()
            .map(|a| CallerActor(a.actor.clone()))
            .ok_or(ApiError::Unauthenticated)
    }
}

/// JSON body whose rejection is an [`ApiError`] with a plain message.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(ApiError::BadRequest(rejection.body_text())),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Beacon API",
        description = "REST API of the Beacon IT service management portal. Authenticate with `POST /api/v1/auth/token`, then send `Authorization: Bearer <access_token>`.",
        version = "1"
    ),
    paths(
        auth::token,
        auth::refresh,
        auth::revoke,
        users::me,
        users::list,
        users::create,
        users::get,
        users::update,
        users::reset_password,
        tickets::list,
        tickets::create,
        tickets::get,
        tickets::update,
        tickets::transition,
        tickets::comment,
        tickets::link,
        tickets::bulk,
        boards::board,
        boards::column,
        boards::set_wip,
        events::events,
        catalog::home,
        catalog::items,
        catalog::item,
        catalog::submit,
        catalog::my_requests,
        catalog::request,
        catalog::inbox,
        catalog::decide,
        catalog::admin_categories,
        catalog::create_category,
        catalog::update_category,
        catalog::admin_items,
        catalog::create_item,
        catalog::editor,
        catalog::save_draft,
        catalog::publish,
        catalog::retire,
        catalog::discard_draft,
        catalog::export,
        catalog::import,
    ),
    components(schemas(
        error::ErrorBody,
        error::ErrorDetail,
        domain::users::FieldError,
        domain::users::UserSummary,
        domain::users::Profile,
        domain::Role,
        domain::paging::Page<domain::users::UserSummary>,
        domain::tickets::TicketCard,
        domain::tickets::TicketDetail,
        domain::tickets::NewTicket,
        domain::tickets::TicketPatch,
        domain::tickets::TransitionRequest,
        domain::tickets::NewComment,
        domain::tickets::NewLink,
        domain::tickets::BulkRequest,
        domain::tickets::CursorPage<domain::tickets::TicketCard>,
        domain::catalog::CatalogHome,
        domain::catalog::ItemList,
        domain::catalog::ItemPage,
        domain::catalog::FormSchema,
        domain::catalog::NewRequest,
        domain::catalog::SubmittedRequest,
        domain::catalog::RequestView,
        domain::catalog::RequestSummary,
        domain::catalog::ApprovalTask,
        domain::catalog::DecisionRequest,
        domain::catalog::ItemEditor,
        domain::catalog::ItemDraft,
        domain::catalog::CategoryInput,
    )),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "auth", description = "Tokens for API clients"),
        (name = "users", description = "The caller's profile and user administration"),
        (name = "tickets", description = "Incidents, service requests and problems"),
        (name = "boards", description = "Kanban board data"),
        (name = "events", description = "Live ticket events (server-sent events)"),
        (name = "catalog", description = "The service catalog: browse, search, order, follow requests"),
        (name = "approvals", description = "Approving or rejecting catalog requests"),
        (name = "catalog admin", description = "Categories and items, drafts, publishing, export and import"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// `GET /api/openapi.json`
pub async fn openapi_json() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}
