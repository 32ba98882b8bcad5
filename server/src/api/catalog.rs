//! `/catalog` and `/approvals`: browsing and searching the catalog, ordering an item, following
//! requests, deciding approvals, and catalog administration. Entitlements and rights are checked
//! by the catalog service; handlers only translate.

use super::error::{ApiError, ErrorBody};
use super::{ApiJson, ApiQuery, CallerActor};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::catalog::{
    AdminItemList, ApprovalTask, CatalogHome, CatalogQuery, CategoryCard, CategoryInput,
    DecisionRequest, ItemDocument, ItemDraft, ItemEditor, ItemList, ItemPage, NewRequest,
    RequestSummary, RequestView, SubmittedRequest,
};
use domain::{ApprovalId, CatalogItemId, CategoryId};
use serde::{Deserialize, Serialize};
use service::catalog::{admin, approvals, browse, requests};

/// Categories with item counts, featured and popular items: what the caller may order.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog",
    responses((status = 200, body = CatalogHome), (status = 401, body = ErrorBody)))]
pub async fn home(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
) -> Result<Json<CatalogHome>, ApiError> {
    Ok(Json(browse::home(&state.services, &actor).await?))
}

/// Items the caller may order, by category and/or search words (typos forgiven), best first.
#[utoipa::path(get, path = "/api/v1/catalog/items", tag = "catalog",
    params(("q" = Option<String>, Query, description = "Words to search for (typos forgiven)"),
           ("category" = Option<String>, Query, description = "A category's slug"),
           ("limit" = Option<u32>, Query, minimum = 1, maximum = 200,
            description = "At most this many items (default 50)")),
    responses((status = 200, body = ItemList), (status = 404, body = ErrorBody)))]
pub async fn items(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(q): ApiQuery<CatalogQuery>,
) -> Result<Json<ItemList>, ApiError> {
    Ok(Json(browse::items(&state.services, &actor, q).await?))
}

/// One item with its request form. 404 when it does not exist or the caller is not entitled.
#[utoipa::path(get, path = "/api/v1/catalog/items/{id}", tag = "catalog",
    params(("id" = String, Path, description = "Item id or address (slug)")),
    responses((status = 200, body = ItemPage), (status = 404, body = ErrorBody)))]
pub async fn item(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<String>,
) -> Result<Json<ItemPage>, ApiError> {
    Ok(Json(browse::item_page(&state.services, &actor, &id).await?))
}

/// Orders an item: answers are checked against the form (422 lists every wrong field);
/// creates a service request that waits for approval or goes to fulfilment.
#[utoipa::path(post, path = "/api/v1/catalog/items/{id}/requests", tag = "catalog",
    params(("id" = String, Path, description = "Item id or address (slug)")),
    request_body = NewRequest,
    responses((status = 201, body = SubmittedRequest), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<SubmittedRequest>), ApiError> {
    let done = requests::submit(&state.services, &actor, &id, new).await?;
    Ok((StatusCode::CREATED, Json(done)))
}

/// The caller's catalog requests, newest first.
#[utoipa::path(get, path = "/api/v1/catalog/requests", tag = "catalog",
    responses((status = 200, body = Vec<RequestSummary>)))]
pub async fn my_requests(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
) -> Result<Json<Vec<RequestSummary>>, ApiError> {
    Ok(Json(requests::mine(&state.services, &actor).await?))
}

/// A catalog request as its requester, approvers and agents follow it.
#[utoipa::path(get, path = "/api/v1/catalog/requests/{number}", tag = "catalog",
    params(("number" = String, Path, description = "Request number, e.g. REQ0000042")),
    responses((status = 200, body = RequestView), (status = 404, body = ErrorBody)))]
pub async fn request(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(number): Path<String>,
) -> Result<Json<RequestView>, ApiError> {
    requests::view(&state.services, &actor, &number)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Requests waiting for the caller's decision now.
#[utoipa::path(get, path = "/api/v1/approvals", tag = "approvals",
    responses((status = 200, body = Vec<ApprovalTask>)))]
pub async fn inbox(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
) -> Result<Json<Vec<ApprovalTask>>, ApiError> {
    Ok(Json(approvals::inbox(&state.services, &actor).await?))
}

/// What a decision answers.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decided {
    pub number: String,
}

/// Approves or rejects (a rejection needs a comment). 409 when the request no longer waits for
/// this approver.
#[utoipa::path(post, path = "/api/v1/approvals/{id}/decision", tag = "approvals",
    params(("id" = i64, Path, description = "The approval's id (from the inbox or the request)")),
    request_body = DecisionRequest,
    responses((status = 200, body = Decided), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<DecisionRequest>,
) -> Result<Json<Decided>, ApiError> {
    let number = approvals::decide(&state.services, &actor, ApprovalId(id), req).await?;
    Ok(Json(Decided { number }))
}

/// Every category (catalog managers).
#[utoipa::path(get, path = "/api/v1/catalog/admin/categories", tag = "catalog admin",
    responses((status = 200, body = Vec<CategoryCard>), (status = 403, body = ErrorBody)))]
pub async fn admin_categories(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
) -> Result<Json<Vec<CategoryCard>>, ApiError> {
    Ok(Json(admin::categories(&state.services, &actor).await?))
}

/// What saving a category answers.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Saved {
    pub id: i64,
}

/// Creates a category.
#[utoipa::path(post, path = "/api/v1/catalog/admin/categories", tag = "catalog admin",
    request_body = CategoryInput,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn create_category(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<Saved>), ApiError> {
    let id = admin::save_category(&state.services, &actor, None, input).await?;
    Ok((StatusCode::CREATED, Json(Saved { id: id.0 })))
}

/// Changes a category.
#[utoipa::path(put, path = "/api/v1/catalog/admin/categories/{id}", tag = "catalog admin",
    params(("id" = i64, Path)), request_body = CategoryInput,
    responses((status = 200, body = Saved), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_category(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Json<Saved>, ApiError> {
    let id = admin::save_category(&state.services, &actor, Some(CategoryId(id)), input).await?;
    Ok(Json(Saved { id: id.0 }))
}

/// Every item, drafts and retired ones included.
#[utoipa::path(get, path = "/api/v1/catalog/admin/items", tag = "catalog admin",
    params(("q" = Option<String>, Query, description = "Words in the name or the address (slug)"),
           ("category" = Option<String>, Query, description = "A category's slug"),
           ("limit" = Option<u32>, Query, minimum = 1, maximum = 500,
            description = "At most this many items (default 100)")),
    responses((status = 200, body = AdminItemList), (status = 403, body = ErrorBody)))]
pub async fn admin_items(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(q): ApiQuery<CatalogQuery>,
) -> Result<Json<AdminItemList>, ApiError> {
    Ok(Json(admin::list(&state.services, &actor, q).await?))
}

/// Creates an item with a first draft.
#[utoipa::path(post, path = "/api/v1/catalog/admin/items", tag = "catalog admin",
    request_body = ItemDraft,
    responses((status = 201, body = ItemEditor), (status = 422, body = ErrorBody)))]
pub async fn create_item(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(draft): ApiJson<ItemDraft>,
) -> Result<(StatusCode, Json<ItemEditor>), ApiError> {
    let ed = admin::create(&state.services, &actor, draft).await?;
    Ok((StatusCode::CREATED, Json(ed)))
}

/// An item as the editor opens it (its draft, or the live version).
#[utoipa::path(get, path = "/api/v1/catalog/admin/items/{id}", tag = "catalog admin",
    params(("id" = i64, Path)),
    responses((status = 200, body = ItemEditor), (status = 404, body = ErrorBody)))]
pub async fn editor(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<ItemEditor>, ApiError> {
    Ok(Json(
        admin::editor(&state.services, &actor, CatalogItemId(id)).await?,
    ))
}

/// Saves the item's draft. 409 when someone saved after the `version` sent.
#[utoipa::path(put, path = "/api/v1/catalog/admin/items/{id}", tag = "catalog admin",
    params(("id" = i64, Path)), request_body = ItemDraft,
    responses((status = 200, body = ItemEditor), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_draft(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(draft): ApiJson<ItemDraft>,
) -> Result<Json<ItemEditor>, ApiError> {
    Ok(Json(
        admin::save_draft(&state.services, &actor, CatalogItemId(id), draft).await?,
    ))
}

/// The item's version as the caller last read it (from `ItemEditor.version`): a write over a
/// newer change is refused with 409.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeenVersion {
    pub version: i32,
}

/// Publishes the draft (422 lists what blocks it; 409 when the item changed since `version`).
#[utoipa::path(post, path = "/api/v1/catalog/admin/items/{id}/publish", tag = "catalog admin",
    params(("id" = i64, Path)), request_body = SeenVersion,
    responses((status = 200, body = ItemEditor), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(seen): ApiJson<SeenVersion>,
) -> Result<Json<ItemEditor>, ApiError> {
    Ok(Json(
        admin::publish(&state.services, &actor, CatalogItemId(id), seen.version).await?,
    ))
}

/// Whether an item is out of the catalog, and the version the caller read.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Retire {
    pub retired: bool,
    pub version: i32,
}

/// Takes an item out of the catalog, or puts it back.
#[utoipa::path(post, path = "/api/v1/catalog/admin/items/{id}/retire", tag = "catalog admin",
    params(("id" = i64, Path)), request_body = Retire,
    responses((status = 200, body = ItemEditor), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn retire(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(r): ApiJson<Retire>,
) -> Result<Json<ItemEditor>, ApiError> {
    Ok(Json(
        admin::set_retired(
            &state.services,
            &actor,
            CatalogItemId(id),
            r.retired,
            r.version,
        )
        .await?,
    ))
}

/// Throws the draft away (an item never published goes with it: 204); 409 when the item changed
/// since `version`.
#[utoipa::path(delete, path = "/api/v1/catalog/admin/items/{id}/draft", tag = "catalog admin",
    params(("id" = i64, Path), SeenVersion),
    responses((status = 200, body = ItemEditor), (status = 204, description = "The unpublished item is gone"), (status = 409, body = ErrorBody)))]
pub async fn discard_draft(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiQuery(seen): ApiQuery<SeenVersion>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    Ok(
        match admin::discard_draft(&state.services, &actor, CatalogItemId(id), seen.version).await?
        {
            Some(ed) => Json(ed).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

/// The item as one portable JSON document (format `beacon.catalog-item/1`).
#[utoipa::path(get, path = "/api/v1/catalog/admin/items/{id}/export", tag = "catalog admin",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The item document: definition plus the names of the groups, departments and people it refers to"), (status = 404, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<ItemDocument>, ApiError> {
    Ok(Json(
        admin::export(&state.services, &actor, CatalogItemId(id)).await?,
    ))
}

/// Imports an item document: a new draft of the item with the same address, or a new item.
#[utoipa::path(post, path = "/api/v1/catalog/admin/import", tag = "catalog admin",
    request_body(content = domain::catalog::ItemDocument, description = "An exported item document"),
    responses((status = 200, body = ItemEditor), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(doc): ApiJson<ItemDocument>,
) -> Result<Json<ItemEditor>, ApiError> {
    Ok(Json(admin::import(&state.services, &actor, doc).await?))
}
