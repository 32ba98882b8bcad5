//! Server functions for tickets and boards: each resolves the caller and calls the ticket
//! service, which authorizes. JSON-encoded so nested inputs travel intact.

use crate::error::AppError;
use domain::tickets::board::{BoardColumn, BoardData, BoardView, Viewer};
use domain::tickets::lifecycle::LifecycleRules;
use domain::tickets::model::{BulkOutcome, CommentView, GroupRef, NewLink, SavedView};
use domain::tickets::{
    BulkRequest, CursorPage, NewComment, NewTicket, PersonRef, TicketCard, TicketDetail,
    TicketPatch, TransitionRequest,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// What the board page needs: the data, who is looking (for filters), the lifecycle rules (so
/// the browser checks drops like the server), the server's clock, and the saved views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPayload {
    pub data: BoardData,
    pub viewer: Viewer,
    pub rules: LifecycleRules,
    pub now: chrono::DateTime<chrono::Utc>,
    pub saved: Vec<SavedView>,
    /// Agents and groups, for assignment pickers.
    pub agents: Vec<PersonRef>,
    pub groups: Vec<GroupRef>,
}

#[server(prefix = "/api/fn", endpoint = "board", input = Json)]
pub async fn get_board(view: BoardView) -> Result<BoardPayload, AppError> {
    use crate::session::ssr;
    use service::tickets::board;
    let actor = ssr::current_actor()?;
    let s = ssr::services()?;
    let data = board::board(&s, &actor, view).await?;
    let domain::tickets::model::AssignmentOptions { agents, groups, .. } =
        service::tickets::board::assignment_options(&s, &actor).await?;
    let board::ViewerSettings { viewer, saved } = board::viewer_settings(&s, &actor).await?;
    Ok(BoardPayload {
        viewer,
        rules: s.tickets.lifecycle,
        now: service::now(),
        saved,
        data,
        agents,
        groups,
    })
}

#[server(prefix = "/api/fn", endpoint = "board_column", input = Json)]
pub async fn load_column(
    view: BoardView,
    column: String,
    cursor: String,
) -> Result<BoardColumn, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    let key = domain::tickets::ColumnKey::from_token(&column).ok_or(AppError::NotFound)?;
    Ok(service::tickets::board::column_page(&ssr::services()?, &actor, view, key, &cursor).await?)
}

#[server(prefix = "/api/fn", endpoint = "move_ticket", input = Json)]
pub async fn move_ticket(
    number: String,
    request: TransitionRequest,
) -> Result<TicketCard, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::commands::transition(&ssr::services()?, &actor, &number, request).await?)
}

#[server(prefix = "/api/fn", endpoint = "update_ticket", input = Json)]
pub async fn update_ticket(number: String, patch: TicketPatch) -> Result<TicketCard, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::commands::update(&ssr::services()?, &actor, &number, patch).await?)
}

#[server(prefix = "/api/fn", endpoint = "bulk_tickets", input = Json)]
pub async fn bulk_tickets(request: BulkRequest) -> Result<Vec<BulkOutcome>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::comments::bulk(&ssr::services()?, &actor, request).await?)
}

#[server(prefix = "/api/fn", endpoint = "save_board_view", input = Json)]
pub async fn save_board_view(name: String, view: BoardView) -> Result<SavedView, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::board::save_view(&ssr::services()?, &actor, &name, &view).await?)
}

#[server(prefix = "/api/fn", endpoint = "delete_board_view", input = Json)]
pub async fn delete_board_view(id: i64) -> Result<(), AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::board::delete_view(&ssr::services()?, &actor, id).await?)
}

#[server(prefix = "/api/fn", endpoint = "ticket", input = Json)]
pub async fn get_ticket(number: String) -> Result<TicketDetail, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::queries::get(&ssr::services()?, &actor, &number).await?)
}

#[server(prefix = "/api/fn", endpoint = "add_comment", input = Json)]
pub async fn add_comment(number: String, comment: NewComment) -> Result<CommentView, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::comments::comment(&ssr::services()?, &actor, &number, comment).await?)
}

#[server(prefix = "/api/fn", endpoint = "add_link", input = Json)]
pub async fn add_link(number: String, link: NewLink) -> Result<(), AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::comments::link(&ssr::services()?, &actor, &number, link).await?)
}

#[server(prefix = "/api/fn", endpoint = "create_ticket", input = Json)]
pub async fn create_ticket(ticket: NewTicket) -> Result<TicketCard, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::commands::create(&ssr::services()?, &actor, ticket).await?)
}

#[server(prefix = "/api/fn", endpoint = "my_tickets", input = Json)]
pub async fn my_tickets(
    cursor: Option<String>,
    q: Option<String>,
) -> Result<CursorPage<domain::tickets::model::MyTicket>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::queries::mine(&ssr::services()?, &actor, q, cursor).await?)
}

#[server(prefix = "/api/fn", endpoint = "assignment_options", input = Json)]
pub async fn assignment_options() -> Result<domain::tickets::model::AssignmentOptions, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::tickets::board::assignment_options(&ssr::services()?, &actor).await?)
}
