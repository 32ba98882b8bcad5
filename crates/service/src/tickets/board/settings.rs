//! A board's settings: saved views per agent and WIP limits per column, checked inside the
//! transaction of every move into a column.

use super::column_filter;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use chrono::Duration;
use db::entities::{board_view, board_wip_limit, ticket};
use domain::tickets::TicketKind;
use domain::tickets::board::{BoardView, ColumnKey, RECENT_DAYS, WipLimit};
use domain::tickets::lifecycle::TicketState;
use domain::tickets::model::SavedView;
use domain::{Actor, Capability};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// WIP limits of a kind's state board, by column token.
pub async fn wip_limits(
    s: &Services,
    kind: TicketKind,
) -> ServiceResult<HashMap<String, WipLimit>> {
    Ok(board_wip_limit::Entity::find()
        .filter(board_wip_limit::Column::Kind.eq(kind.as_str()))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|w| {
            (
                w.column_key,
                WipLimit {
                    limit: u32::try_from(w.wip_limit).unwrap_or(0),
                    strict: w.strict,
                },
            )
        })
        .collect())
}

/// The actor's saved board views.
pub async fn saved_views(s: &Services, actor: &Actor) -> ServiceResult<Vec<SavedView>> {
    require(actor, Capability::WorkTickets)?;
    Ok(board_view::Entity::find()
        .filter(board_view::Column::UserId.eq(actor.user_id.0))
        .order_by_asc(board_view::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|v| SavedView {
            id: v.id,
            name: v.name,
            query: v.query,
        })
        .collect())
}

/// Saves the current view under a name.
pub async fn save_view(
    s: &Services,
    actor: &Actor,
    name: &str,
    view: &BoardView,
) -> ServiceResult<SavedView> {
    require(actor, Capability::WorkTickets)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ServiceError::field(
            "name",
            "Name the view (up to 60 characters).",
        ));
    }
    let query = view.to_query();
    let row = board_view::ActiveModel {
        id: NotSet,
        user_id: Set(actor.user_id.0),
        name: Set(name.to_string()),
        query: Set(query),
        created_at: Set(crate::now()),
    }
    .insert(&s.db)
    .await?;
    s.viewers.remove(&super::viewer_key(actor));
    Ok(SavedView {
        id: row.id,
        name: row.name,
        query: row.query,
    })
}

/// Deletes one of the actor's saved views.
pub async fn delete_view(s: &Services, actor: &Actor, id: i64) -> ServiceResult<()> {
    require(actor, Capability::WorkTickets)?;
    let res = board_view::Entity::delete_many()
        .filter(board_view::Column::Id.eq(id))
        .filter(board_view::Column::UserId.eq(actor.user_id.0))
        .exec(&s.db)
        .await?;
    s.viewers.remove(&super::viewer_key(actor));
    if res.rows_affected == 0 {
        Err(ServiceError::NotFound)
    } else {
        Ok(())
    }
}

/// Sets or clears (limit 0) a WIP limit on a state column (admins).
pub async fn set_wip_limit(
    s: &Services,
    actor: &Actor,
    kind: TicketKind,
    state: TicketState,
    limit: WipLimit,
) -> ServiceResult<()> {
    require(actor, Capability::Administer)?;
    if limit.limit > WipLimit::MAX {
        return Err(ServiceError::field(
            "limit",
            format!("A column's limit is at most {} cards.", WipLimit::MAX),
        ));
    }
    let token = ColumnKey::State(state).to_token();
    if limit.limit == 0 {
        board_wip_limit::Entity::delete_many()
            .filter(board_wip_limit::Column::Kind.eq(kind.as_str()))
            .filter(board_wip_limit::Column::ColumnKey.eq(token))
            .exec(&s.db)
            .await?;
        s.events.changed();
        return Ok(());
    }
    // One statement, so two admins saving the same column at once both succeed (last one wins).
    let row = board_wip_limit::ActiveModel {
        kind: Set(kind.as_str().into()),
        column_key: Set(token),
        wip_limit: Set(i32::try_from(limit.limit).unwrap_or(i32::MAX)),
        strict: Set(limit.strict),
    };
    board_wip_limit::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                board_wip_limit::Column::Kind,
                board_wip_limit::Column::ColumnKey,
            ])
            .update_columns([
                board_wip_limit::Column::WipLimit,
                board_wip_limit::Column::Strict,
            ])
            .to_owned(),
        )
        .exec(&s.db)
        .await?;
    s.events.changed();
    Ok(())
}

/// Refuses a move into a state column whose strict WIP limit is reached.
pub(crate) async fn check_wip(
    db: &impl sea_orm::ConnectionTrait,
    kind: TicketKind,
    to: TicketState,
) -> ServiceResult<()> {
    let key = ColumnKey::State(to);
    // Lock the strict limit's row before counting (a no-op UPDATE takes the row lock on
    // PostgreSQL; on SQLite the write transaction already holds the database's write lock), so
    // concurrent moves into one column are counted one after another and cannot overshoot it.
    let locked = board_wip_limit::Entity::update_many()
        .col_expr(
            board_wip_limit::Column::WipLimit,
            Expr::col(board_wip_limit::Column::WipLimit).into(),
        )
        .filter(board_wip_limit::Column::Kind.eq(kind.as_str()))
        .filter(board_wip_limit::Column::ColumnKey.eq(key.to_token()))
        .filter(board_wip_limit::Column::Strict.eq(true))
        .exec(db)
        .await?;
    if locked.rows_affected == 0 {
        return Ok(());
    }
    let Some(row) =
        board_wip_limit::Entity::find_by_id((kind.as_str().to_string(), key.to_token()))
            .one(db)
            .await?
    else {
        return Ok(());
    };
    let limit = WipLimit {
        limit: u32::try_from(row.wip_limit).unwrap_or(0),
        strict: row.strict,
    };
    let cutoff = crate::now() - Duration::days(RECENT_DAYS);
    let n: i64 = ticket::Entity::find()
        .select_only()
        .column_as(Expr::col(sea_orm::sea_query::Asterisk).count(), "n")
        .filter(ticket::Column::Kind.eq(kind.as_str()))
        .filter(column_filter(key, kind, cutoff))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or(0);
    limit
        .admits(u64::try_from(n).unwrap_or(0))
        .map_err(|m| ServiceError::field("to", m))
}
