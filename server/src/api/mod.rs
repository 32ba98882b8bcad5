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

pub mod assets;
pub mod auth;
pub mod boards;
pub mod catalog;
pub mod cmdb;
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
        .route(
            "/ci-classes",
            get(cmdb::list_classes).post(cmdb::create_class),
        )
        .route("/ci-classes/{id}", axum::routing::put(cmdb::update_class))
        .route("/cis", get(cmdb::list_cis).post(cmdb::create_ci))
        .route(
            "/cis/{id}",
            get(cmdb::get_ci)
                .put(cmdb::update_ci)
                .delete(cmdb::retire_ci),
        )
        .route("/cis/{id}/history", get(cmdb::history))
        .route(
            "/cis/{id}/relationships",
            get(cmdb::relationships).post(cmdb::relate),
        )
        .route("/cis/{id}/impact", get(cmdb::impact))
        .route("/assets", get(assets::list_assets))
        .route("/assets/{id}", get(assets::get_asset))
        .route("/assets/{id}/moves", post(assets::move_asset))
        .fallback(|| async { ApiError::NoSuchEndpoint })
}

/// Query string whose rejection is an [`ApiError`] with a plain message. As in [`ApiJson`], a
/// whole number written with a fraction (`group_id=3.0`) is read as the integer it equals.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or_default()).map(ApiQuery)
    }
}

/// Reads a query string into `T`. When a parameter fails to parse and its value is a whole
/// number with a fraction of zeros, that parameter alone is rewritten as the integer and the
/// string read again; a text parameter that happens to read `3.0` is never touched.
fn parse_query<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let malformed = |e: &dyn std::fmt::Display| {
        ApiError::BadRequest(format!("Failed to deserialize query string: {e}"))
    };
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|e| malformed(&e))?;
    // Each round fixes one parameter, so this ends after at most `pairs.len()` rounds.
    for _ in 0..=pairs.len() {
        let encoded = serde_urlencoded::to_string(&pairs).map_err(|e| malformed(&e))?;
        let reader =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
        match serde_path_to_error::deserialize::<_, T>(reader) {
            Ok(v) => return Ok(v),
            Err(e) => {
                let field = e.path().to_string();
                let Some(pair) = pairs
                    .iter_mut()
                    .find(|(k, v)| *k == field && whole_number_with_fraction(v).is_some())
                else {
                    return Err(malformed(&e));
                };
                pair.1 = whole_number_with_fraction(&pair.1).unwrap_or_default();
            }
        }
    }
    Err(ApiError::BadRequest(
        "Failed to deserialize query string.".to_string(),
    ))
}

/// `"-42.00"` → `Some("-42")`; anything that is not a whole number written with a fraction → None.
fn whole_number_with_fraction(v: &str) -> Option<String> {
    let (whole, fraction) = v.split_once('.')?;
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b == b'0');
    ok.then(|| whole.to_string())
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

/// The signed-in caller with their session; answers 401 when there is none.
pub struct Caller(pub Authenticated);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authenticated>()
            .map(|a| Caller(a.clone()))
            .ok_or(ApiError::Unauthenticated)
    }
}

/// JSON body whose rejection is an [`ApiError`] with a plain message. A number with no fraction
/// (`3.0`) is read as the integer it equals, as JSON Schema's `integer` allows; numbers are parsed
/// exactly (serde_json's `float_roundtrip`), so `-2251799813685247.0` is a whole number.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(v)) => v,
            Err(rejection) => return Err(ApiError::BadRequest(rejection.body_text())),
        };
        // Every body this API takes is an object. serde would read a struct from an array of its
        // fields in order (`[null]` as `{"disabled": null}`); the schema says object, so refuse.
        if !value.is_object() {
            return Err(ApiError::BadRequest(
                "The request body must be a JSON object.".to_owned(),
            ));
        }
        integral_floats_as_integers(&mut value);
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| {
                ApiError::BadRequest(format!(
                    "Failed to deserialize the JSON body into the target type: {e}"
                ))
            })
    }
}

/// Rewrites every number that is a whole number written with a fraction (`42.0`) as an integer.
/// Only numbers a double holds exactly (|n| ≤ 2^53) qualify: a larger literal such as
/// `-9223372036854775809` was rounded when read and stays a float, so an integer field refuses it.
fn integral_floats_as_integers(v: &mut serde_json::Value) {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && f.abs() <= EXACT
            {
                *n = serde_json::Number::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_as_integers),
        _ => {}
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
        cmdb::list_classes,
        cmdb::create_class,
        cmdb::update_class,
        cmdb::list_cis,
        cmdb::create_ci,
        cmdb::get_ci,
        cmdb::update_ci,
        cmdb::retire_ci,
        cmdb::history,
        cmdb::relationships,
        cmdb::relate,
        cmdb::impact,
        assets::list_assets,
        assets::get_asset,
        assets::move_asset,
    ),
    components(schemas(
        error::ErrorBody,
        error::ErrorDetail,
        domain::users::FieldError,
        domain::users::UserSummary,
        domain::users::Profile,
        domain::Role,
        domain::paging::Page<domain::users::UserSummary>,
        domain::paging::Page<domain::cmdb::ci::CiRow>,
        domain::tickets::TicketCard,
        domain::tickets::TicketDetail,
        domain::tickets::NewTicket,
        domain::tickets::TicketPatch,
        domain::tickets::TransitionRequest,
        domain::tickets::NewComment,
        domain::tickets::NewLink,
        domain::tickets::BulkRequest,
        domain::tickets::TicketSort,
        domain::tickets::CursorPage<domain::tickets::TicketCard>,
        domain::tickets::board::BoardData,
        domain::tickets::board::BoardColumn,
        domain::tickets::board::TicketEvent,
        domain::tickets::board::BoardPresence,
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
    modifiers(&BearerAuth, &CommonErrors),
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
        (name = "cmdb", description = "Configuration items, their classes, history, relationships and impact analysis"),
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

/// Documents the answers every operation can give besides its own: 400 (the request could not be
/// read), 413 (body too large), 404 (where a path names an object), 422 (input that breaks a
/// rule, where there is input), 503 (database unreachable or busy), and for operations that need a
/// bearer token 401 and 403. Each keeps the description its handler gave where it has one.
struct CommonErrors;

impl utoipa::Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ];
            for op in operations.into_iter().flatten() {
                // `security(())` on an operation marks it public (sign-in, refresh, revoke).
                let public = op
                    .security
                    .as_ref()
                    .is_some_and(|reqs| reqs.iter().all(|r| *r == Default::default()));
                let responses = &mut op.responses.responses;
                // Not every refusal of a malformed request is our JSON envelope (a path
                // parameter of the wrong type, a body over the limit): no schema is promised.
                responses.entry("400".into()).or_insert_with(|| {
                    ResponseBuilder::new()
                        .description("The request could not be read: malformed JSON, wrong types, or parameters out of range")
                        .build()
                        .into()
                });
                if op.request_body.is_some() {
                    responses.entry("413".into()).or_insert_with(|| {
                        ResponseBuilder::new()
                            .description("The request body is larger than 1 MiB")
                            .build()
                            .into()
                    });
                }
                let mut add = |code: &str, description: &str| {
                    responses
                        .entry(code.to_string())
                        .or_insert_with(|| error(description).into());
                };
                add(
                    "503",
                    "The database cannot be reached or the server is busy; retry after `Retry-After` seconds",
                );
                let in_path = op.parameters.as_ref().is_some_and(|ps| {
                    ps.iter()
                        .any(|p| p.parameter_in == utoipa::openapi::path::ParameterIn::Path)
                });
                if in_path {
                    add(
                        "404",
                        "Nothing with this identifier exists, or the caller may not see it",
                    );
                }
                let takes_input = op.request_body.is_some()
                    || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                if takes_input {
                    add(
                        "422",
                        "The input breaks a rule; `error.fields` says which field and why",
                    );
                }
                if !public {
                    add("401", "Sign in first: no valid bearer token or session");
                    add("403", "The caller's roles do not allow this");
                }
            }
        }
    }
}

/// `GET /api/openapi.json`
pub async fn openapi_json() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::{ApiError, integral_floats_as_integers, parse_query, whole_number_with_fraction};
    use serde_json::{Value, json};

    fn rewritten(text: &str) -> Value {
        let mut v: Value = serde_json::from_str(text).expect("test JSON");
        integral_floats_as_integers(&mut v);
        v
    }

    #[test]
    fn whole_floats_become_integers_only_when_exact() {
        for (text, expected) in [
            ("42.0", json!(42)),
            ("-3.0", json!(-3)),
            ("1e3", json!(1000)),
            ("9007199254740992.0", json!(9_007_199_254_740_992_i64)),
            ("[1.0, {\"a\": 2.0}]", json!([1, {"a": 2}])),
            // Read exactly (serde_json's float_roundtrip): the fast parser once read this as
            // -2251799813685247.25, which an integer field refused.
            ("-2251799813685247.0", json!(-2_251_799_813_685_247_i64)),
            ("24317.0", json!(24317)),
            ("2.5", json!(2.5)),
            ("7", json!(7)),
        ] {
            assert_eq!(rewritten(text), expected, "{text}");
        }
        for text in ["-9223372036854775809", "1e19", "9007199254740994.0"] {
            assert!(rewritten(text).is_f64(), "{text} stays a float");
        }
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Filters {
        group_id: Option<i64>,
        limit: Option<u32>,
        q: Option<String>,
    }

    #[test]
    fn query_integers_may_carry_a_zero_fraction_and_text_is_never_touched() {
        let ok = |query: &str| parse_query::<Filters>(query).expect(query);
        assert_eq!(
            ok("group_id=3.0&limit=25.00&q=3.0"),
            Filters {
                group_id: Some(3),
                limit: Some(25),
                q: Some("3.0".into())
            }
        );
        assert_eq!(ok("group_id=-7.0").group_id, Some(-7));
        assert_eq!(ok("q=release%202.0").q.as_deref(), Some("release 2.0"));
        for bad in [
            "group_id=3.5",
            "group_id=abc",
            "limit=-1.0",
            "group_id=.0",
            "group_id=3.",
        ] {
            assert!(
                matches!(parse_query::<Filters>(bad), Err(ApiError::BadRequest(_))),
                "{bad}"
            );
        }
        assert_eq!(whole_number_with_fraction("12.000").as_deref(), Some("12"));
        assert_eq!(whole_number_with_fraction("12"), None);
        assert_eq!(whole_number_with_fraction("-.0"), None);
    }
}
