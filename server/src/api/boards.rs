//! `/boards`: a board's columns (counts and first cards) and the next page of one column. The
//! view travels as the same query string the board page uses (`kind`, `group`, `mine`, `q`...).

use super::error::{ApiError, ErrorBody};
use super::{ApiQuery, CallerActor};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use domain::tickets::board::{BoardColumn, BoardData, BoardView, ColumnKey};

fn view_of(pairs: &[(String, String)]) -> BoardView {
    BoardView::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The board for a view: every column's exact count and first page of cards (agents).
#[utoipa::path(get, path = "/api/v1/boards", tag = "boards",
    params(("kind" = Option<String>, Query, description = "incident, request or problem"),
           ("group" = Option<String>, Query, description = "state, assignee, group or priority"),
           ("q" = Option<String>, Query, description = "Words in the title or a ticket number")),
    responses((status = 200, description = "Board columns with counts and first cards", body = BoardData), (status = 403, body = ErrorBody)))]
pub async fn board(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<BoardData>, ApiError> {
    Ok(Json(
        service::tickets::board::board(&state.services, &actor, view_of(&pairs)).await?,
    ))
}

/// The next page of one column (`column=state:new&cursor=…` plus the board's view).
#[utoipa::path(get, path = "/api/v1/boards/column", tag = "boards",
    params(("column" = String, Query, description = "Column token, e.g. state:in_progress",
                pattern = r"^(state:(new|in_progress|on_hold|known_error|resolved|closed|cancelled)|(assignee|group):(none|[0-9]{1,18})|priority:[1-5])$"),
           ("cursor" = String, Query, description = "next_cursor of the column",
                pattern = r"^(o[1-5]\.[0-9]{1,18}|r-?[0-9]{1,18}\.[0-9]{1,18})$")),
    responses((status = 200, description = "The next cards of the column", body = BoardColumn), (status = 400, body = ErrorBody)))]
pub async fn column(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<BoardColumn>, ApiError> {
    let key = param(&pairs, "column")
        .and_then(ColumnKey::from_token)
        .ok_or_else(|| ApiError::BadRequest("Name the column, e.g. column=state:new.".into()))?;
    let cursor = param(&pairs, "cursor")
        .ok_or_else(|| ApiError::BadRequest("Pass the column's next_cursor as cursor.".into()))?;
    Ok(Json(
        service::tickets::board::column_page(&state.services, &actor, view_of(&pairs), key, cursor)
            .await?,
    ))
}

/// A WIP limit for one state column of a kind's board.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct WipRequest {
    /// Whose board: an incident, request or problem board (tasks have none).
    pub kind: domain::tickets::TicketKind,
    /// The state column, e.g. `in_progress`.
    pub state: domain::tickets::TicketState,
    /// Most cards the column should hold (at most 10,000); 0 removes the limit.
    #[schema(maximum = 10_000)]
    pub limit: u32,
    /// Refuse moves into a full column (otherwise the column is only coloured).
    #[serde(default)]
    pub strict: bool,
}

/// Sets or removes a work-in-progress limit (admins).
#[utoipa::path(put, path = "/api/v1/boards/wip", tag = "boards", request_body = WipRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_wip(
    State(state): State<AppState>,
    CallerActor(actor): CallerActor,
    super::ApiJson(req): super::ApiJson<WipRequest>,
) -> Result<axum::http::StatusCode, ApiError> {
    let kind = req.kind;
    if kind == domain::tickets::TicketKind::Task {
        return Err(service::ServiceError::field(
            "kind",
            "WIP limits are set on the incident, request and problem boards.",
        )
        .into());
    }
    if !kind.states().contains(&req.state) {
        return Err(service::ServiceError::field(
            "state",
            format!(
                "{} is not a state of a {}.",
                req.state.as_str(),
                kind.label().to_lowercase()
            ),
        )
        .into());
    }
    let limit = domain::tickets::board::WipLimit {
        limit: req.limit,
        strict: req.strict,
    };
    service::tickets::board::set_wip_limit(&state.services, &actor, kind, req.state, limit).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
