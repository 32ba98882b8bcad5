//! `/assets`: hardware assets with their lifecycle state, holder, tag, serial and warranty. Whoever
//! reads the CMDB lists every asset; anyone else only the assets deployed to them (and is told an
//! asset of someone else's does not exist). Configuration managers and admins move an asset
//! through its lifecycle. The CMDB service decides; handlers only translate.

use super::error::{ApiError, ErrorBody};
use super::{ApiJson, ApiQuery, CallerActor};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use domain::CiId;
use domain::cmdb::view::{AssetMove, AssetQuery, AssetRow};
use domain::paging::Page;
use service::cmdb::assets;

/// Hardware assets by name, filtered, one page at a time with the total. Requesters get the
/// assets deployed to them.
#[utoipa::path(get, path = "/api/v1/assets", tag = "cmdb", params(AssetQuery),
    responses((status = 200, body = Page<AssetRow>), (status = 422, body = ErrorBody)))]
pub async fn list_assets(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(q): ApiQuery<AssetQuery>,
) -> Result<Json<Page<AssetRow>>, ApiError> {
    Ok(Json(assets::list(&state.services, &actor, q).await?))
}

/// One asset.
#[utoipa::path(get, path = "/api/v1/assets/{id}", tag = "cmdb", params(("id" = i64, Path)),
    responses((status = 200, body = AssetRow), (status = 404, body = ErrorBody)))]
pub async fn get_asset(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<AssetRow>, ApiError> {
    Ok(Json(assets::get(&state.services, &actor, CiId(id)).await?))
}

/// Moves an asset through its lifecycle (ordered → received → in stock → deployed → in repair →
/// retired → disposed); deploying needs a holder. Requires the configuration manager or admin
/// role.
#[utoipa::path(post, path = "/api/v1/assets/{id}/moves", tag = "cmdb",
    params(("id" = i64, Path)), request_body = AssetMove,
    responses((status = 200, body = AssetRow), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_asset(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<AssetMove>,
) -> Result<Json<AssetRow>, ApiError> {
    Ok(Json(
        assets::move_asset(&state.services, &actor, CiId(id), request).await?,
    ))
}
