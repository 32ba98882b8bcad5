//! `/tickets`: list with filters and cursor pages, create, read, edit, move, comment, link, bulk.
//! Who may see and change what is decided by the ticket service; handlers only translate.

use super::error::{ApiError, ErrorBody};
use super::{ApiJson, ApiQuery, CallerActor};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::tickets::model::{BulkOutcome, CommentView};
use domain::tickets::{
    BulkRequest, CursorPage, NewComment, NewLink, NewTicket, TicketCard, TicketDetail, TicketPatch,
    TicketQuery, TransitionRequest,
};
use service::tickets::{commands, comments, queries};

/// Tickets the caller may see, newest first. Requesters get their own tickets only.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketQuery),
    responses((status = 200, body = CursorPage<TicketCard>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(q): ApiQuery<TicketQuery>,
) -> Result<Json<CursorPage<TicketCard>>, ApiError> {
    Ok(Json(queries::list(&state.services, &actor, q).await?))
}

/// Raises an incident, service request or (agents) problem.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = NewTicket,
    responses((status = 201, body = TicketCard), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(new): ApiJson<NewTicket>,
) -> Result<(StatusCode, Json<TicketCard>), ApiError> {
    let card = commands::create(&state.services, &actor, new).await?;
    Ok((StatusCode::CREATED, Json(card)))
}

/// One ticket with comments, links and its activity, as the caller may see it.
#[utoipa::path(get, path = "/api/v1/tickets/{number}", tag = "tickets",
    params(("number" = String, Path, description = "Ticket number, e.g. INC0001042")),
    responses((status = 200, body = TicketDetail), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(number): Path<String>,
) -> Result<Json<TicketDetail>, ApiError> {
    Ok(Json(queries::get(&state.services, &actor, &number).await?))
}

/// Edits fields (agents). `version` must be the one last read: 409 with the current ticket if not.
#[utoipa::path(patch, path = "/api/v1/tickets/{number}", tag = "tickets", request_body = TicketPatch,
    params(("number" = String, Path)),
    responses((status = 200, body = TicketCard), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(number): Path<String>,
    ApiJson(patch): ApiJson<TicketPatch>,
) -> Result<Json<TicketCard>, ApiError> {
    Ok(Json(
        commands::update(&state.services, &actor, &number, patch).await?,
    ))
}

/// Moves a ticket to another state. Illegal moves answer 422 saying what is allowed; a stale
/// `version` answers 409 with the current ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{number}/transitions", tag = "tickets", request_body = TransitionRequest,
    params(("number" = String, Path)),
    responses((status = 200, body = TicketCard), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(number): Path<String>,
    ApiJson(req): ApiJson<TransitionRequest>,
) -> Result<Json<TicketCard>, ApiError> {
    Ok(Json(
        commands::transition(&state.services, &actor, &number, req).await?,
    ))
}

/// Adds a public reply, or with `internal: true` (agents) a work note.
#[utoipa::path(post, path = "/api/v1/tickets/{number}/comments", tag = "tickets", request_body = NewComment,
    params(("number" = String, Path)),
    responses((status = 201, body = CommentView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn comment(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(number): Path<String>,
    ApiJson(c): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<CommentView>), ApiError> {
    let view = comments::comment(&state.services, &actor, &number, c).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Links the ticket to another one (agents).
#[utoipa::path(post, path = "/api/v1/tickets/{number}/links", tag = "tickets", request_body = NewLink,
    params(("number" = String, Path)),
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn link(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    Path(number): Path<String>,
    ApiJson(l): ApiJson<NewLink>,
) -> Result<StatusCode, ApiError> {
    comments::link(&state.services, &actor, &number, l).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Applies one action to many tickets; answers per ticket.
#[utoipa::path(post, path = "/api/v1/tickets/bulk", tag = "tickets", request_body = BulkRequest,
    responses((status = 200, body = Vec<BulkOutcome>), (status = 403, body = ErrorBody)))]
pub async fn bulk(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiJson(req): ApiJson<BulkRequest>,
) -> Result<Json<Vec<BulkOutcome>>, ApiError> {
    Ok(Json(comments::bulk(&state.services, &actor, req).await?))
}
