//! `/ci-classes` and `/cis`: classes of configuration items, CIs with their history,
//! relationships and impact analysis. Who may read and write is checked by the CMDB service
//! (agents and every role that views CIs read; configuration managers and admins write);
//! handlers only translate.

use super::catalog::Saved;
use super::error::{ApiError, ErrorBody};
use super::{ApiJson, ApiQuery, CallerActor};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::cmdb::ci::{CiQuery, CiRecord, CiRow};
use domain::cmdb::graph::Impact;
use domain::cmdb::{CiClassDef, CiFields, Direction, Edge, RelationKind};
use domain::paging::Page;
use domain::{CiClassId, CiId};
use serde::{Deserialize, Serialize};
use service::cmdb::{classes, graph, items, list};

/// A class with its id.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ClassEntry {
    pub id: i64,
    pub definition: CiClassDef,
}

/// Every class of configuration items, by name.
#[utoipa::path(get, path = "/api/v1/ci-classes", tag = "cmdb",
    responses((status = 200, body = Vec<ClassEntry>), (status = 403, body = ErrorBody)))]
pub async fn list_classes(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
) -> Result<Json<Vec<ClassEntry>>, ApiError> {
    let list = classes::list(&state.services, &actor).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| ClassEntry {
                id: c.id.0,
                definition: c.def,
            })
            .collect(),
    ))
}

/// Creates a class. Requires the configuration manager or admin role.
#[utoipa::path(post, path = "/api/v1/ci-classes", tag = "cmdb", request_body = CiClassDef,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn create_class(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(def): ApiJson<CiClassDef>,
) -> Result<(StatusCode, Json<Saved>), ApiError> {
    let id = classes::save(&state.services, &actor, None, def).await?;
    Ok((StatusCode::CREATED, Json(Saved { id: id.0 })))
}

/// Changes a class (its kind stays). Requires the configuration manager or admin role.
#[utoipa::path(put, path = "/api/v1/ci-classes/{id}", tag = "cmdb",
    params(("id" = i64, Path)), request_body = CiClassDef,
    responses((status = 200, body = Saved), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_class(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(def): ApiJson<CiClassDef>,
) -> Result<Json<Saved>, ApiError> {
    let id = classes::save(&state.services, &actor, Some(CiClassId(id)), def).await?;
    Ok(Json(Saved { id: id.0 }))
}

/// Configuration items by name, filtered, one page at a time with the total.
#[utoipa::path(get, path = "/api/v1/cis", tag = "cmdb", params(CiQuery),
    responses((status = 200, body = Page<CiRow>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_cis(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(q): ApiQuery<CiQuery>,
) -> Result<Json<Page<CiRow>>, ApiError> {
    Ok(Json(list::list(&state.services, &actor, q).await?))
}

/// A new configuration item.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewCi {
    pub class_id: i64,
    pub fields: CiFields,
}

/// Creates a CI. Requires the configuration manager or admin role.
#[utoipa::path(post, path = "/api/v1/cis", tag = "cmdb", request_body = NewCi,
    responses((status = 201, body = CiRecord), (status = 422, body = ErrorBody)))]
pub async fn create_ci(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(new): ApiJson<NewCi>,
) -> Result<(StatusCode, Json<CiRecord>), ApiError> {
    let made = items::create(&state.services, &actor, CiClassId(new.class_id), new.fields).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// One CI.
#[utoipa::path(get, path = "/api/v1/cis/{id}", tag = "cmdb", params(("id" = i64, Path)),
    responses((status = 200, body = CiRecord), (status = 404, body = ErrorBody)))]
pub async fn get_ci(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<CiRecord>, ApiError> {
    Ok(Json(items::get(&state.services, &actor, CiId(id)).await?))
}

/// A CI's fields as edited on the version the editor read.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CiEdit {
    /// The version read; a CI saved by someone else since is refused with 409.
    pub version: i32,
    pub fields: CiFields,
}

/// Replaces a CI's fields (class stays). Requires the configuration manager or admin role.
#[utoipa::path(put, path = "/api/v1/cis/{id}", tag = "cmdb", params(("id" = i64, Path)),
    request_body = CiEdit,
    responses((status = 200, body = CiRecord), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_ci(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(edit): ApiJson<CiEdit>,
) -> Result<Json<CiRecord>, ApiError> {
    Ok(Json(
        items::update(&state.services, &actor, CiId(id), edit.version, edit.fields).await?,
    ))
}

/// Retires a CI: its status becomes retired; its history and relationships stay. Retiring a
/// retired CI changes nothing. Requires the configuration manager or admin role.
#[utoipa::path(delete, path = "/api/v1/cis/{id}", tag = "cmdb", params(("id" = i64, Path)),
    responses((status = 200, body = CiRecord), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn retire_ci(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<CiRecord>, ApiError> {
    Ok(Json(
        items::retire(&state.services, &actor, CiId(id)).await?,
    ))
}

/// One line of a CI's history.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<i64>,
    /// `created`, `status`, `attributes.memory_gb`…
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A CI's history, newest first.
#[utoipa::path(get, path = "/api/v1/cis/{id}/history", tag = "cmdb", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let lines = items::history(&state.services, &actor, CiId(id)).await?;
    Ok(Json(
        lines
            .into_iter()
            .map(|l| HistoryEntry {
                at: l.at,
                actor_id: l.actor_id,
                field: l.change.field,
                old: l.change.old,
                new: l.change.new,
            })
            .collect(),
    ))
}

/// Every relationship of a CI, both ways.
#[utoipa::path(get, path = "/api/v1/cis/{id}/relationships", tag = "cmdb",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Edge>), (status = 404, body = ErrorBody)))]
pub async fn relationships(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Edge>>, ApiError> {
    Ok(Json(
        graph::relationships(&state.services, &actor, CiId(id)).await?,
    ))
}

/// A relationship from this CI to another: "this kind target".
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NewRelationship {
    pub kind: RelationKind,
    pub target: i64,
}

/// Relates this CI to another. Requires the configuration manager or admin role.
#[utoipa::path(post, path = "/api/v1/cis/{id}/relationships", tag = "cmdb",
    params(("id" = i64, Path)), request_body = NewRelationship,
    responses((status = 201, body = Saved), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn relate(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiJson(new): ApiJson<NewRelationship>,
) -> Result<(StatusCode, Json<Saved>), ApiError> {
    let rid = graph::relate(
        &state.services,
        &actor,
        CiId(id),
        new.kind,
        CiId(new.target),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Saved { id: rid })))
}

/// How far and which way to walk.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// `upstream` (what the CI needs) or `downstream` (what needs it: where its outage is felt).
    pub direction: Direction,
    /// Steps to walk, 1 to 10 (default 3).
    #[param(minimum = 1, maximum = 10)]
    pub depth: Option<u8>,
}

/// Impact analysis from a CI: what it needs, or where its outage is felt, each CI once at the
/// depth first reached (at most 2,000).
#[utoipa::path(get, path = "/api/v1/cis/{id}/impact", tag = "cmdb",
    params(("id" = i64, Path), ImpactQuery),
    responses((status = 200, body = Impact), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn impact(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<ImpactQuery>,
) -> Result<Json<Impact>, ApiError> {
    Ok(Json(
        graph::impact(
            &state.services,
            &actor,
            CiId(id),
            q.direction,
            q.depth.unwrap_or(3),
        )
        .await?,
    ))
}
