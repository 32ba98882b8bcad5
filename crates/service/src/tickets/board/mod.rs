//! Boards: columns with exact counts from the database and the first page of cards each, the
//! next page of one column, assignment options. Saved views and WIP limits are in [`settings`].
//!
//! No column ever loads more than [`COLUMN_PAGE`] cards at once; every query walks an index in
//! order: `(kind, state, priority, id)` for open work, `(kind, state, updated_at)` for finished.

use super::cards::{Names, cards};
use super::queries::text_filter;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use chrono::{DateTime, Duration, Utc};
use db::entities::{group, group_member, ticket, user};
use domain::tickets::board::{
    BoardColumn, BoardData, BoardView, COLUMN_PAGE, ColumnKey, GroupBy, RECENT_DAYS, SortKey,
    Viewer,
};
use domain::tickets::lifecycle::TicketState;
use domain::tickets::{Priority, TicketKind};
use domain::{Actor, Capability, GroupId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use std::collections::HashMap;
use std::sync::Arc;

pub mod cache;
mod settings;
pub use settings::*;

/// Most columns a board grouped by assignee or group shows (the busiest ones).
const MAX_COLUMNS: usize = 30;

/// What a board page knows of its viewer: their groups and their saved views.
#[derive(Debug, Clone)]
pub struct ViewerSettings {
    pub viewer: Viewer,
    pub saved: Vec<domain::tickets::model::SavedView>,
}

/// The key of an agent's [`ViewerSettings`] in `Services::viewers`.
pub(crate) fn viewer_key(actor: &Actor) -> String {
    format!("user {}", actor.user_id.0)
}

/// The actor's groups and saved views, kept for at most 2 seconds between their page loads
/// (saving or deleting a view forgets them at once).
pub async fn viewer_settings(s: &Services, actor: &Actor) -> ServiceResult<ViewerSettings> {
    require(actor, Capability::WorkTickets)?;
    let key = viewer_key(actor);
    if let Some(known) = s.viewers.get(&key, 0) {
        return Ok((*known).clone());
    }
    let settings = ViewerSettings {
        viewer: viewer(s, actor).await?,
        saved: saved_views(s, actor).await?,
    };
    s.viewers.put(key, 0, Arc::new(settings.clone()));
    Ok(settings)
}

/// The viewer of a board: who they are and their groups (for "mine" and "my groups").
pub async fn viewer(s: &Services, actor: &Actor) -> ServiceResult<Viewer> {
    let group_ids: Vec<i64> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(actor.user_id.0))
        .into_tuple()
        .all(&s.db)
        .await?;
    Ok(Viewer {
        user_id: actor.user_id,
        group_ids: group_ids.into_iter().map(GroupId).collect(),
    })
}

/// The view's filters as a query condition (the same rules as [`BoardView::matches`]).
fn view_filter(view: &BoardView, viewer: &Viewer) -> Condition {
    let mut c = Condition::all().add(ticket::Column::Kind.eq(view.kind.as_str()));
    if view.mine {
        c = c.add(ticket::Column::AssigneeId.eq(viewer.user_id.0));
    }
    if view.my_groups {
        c = c.add(ticket::Column::GroupId.is_in(viewer.group_ids.iter().map(|g| g.0)));
    }
    if view.unassigned {
        c = c.add(ticket::Column::AssigneeId.is_null());
    }
    if let Some(p) = view.priority {
        c = c.add(ticket::Column::Priority.eq(i16::from(p.get())));
    }
    if let Some(t) = text_filter(&view.text) {
        c = c.add(t);
    }
    c
}

fn open_states(kind: TicketKind) -> Vec<&'static str> {
    kind.states()
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect()
}

/// The condition that puts a ticket in column `key`.
fn column_filter(key: ColumnKey, kind: TicketKind, cutoff: DateTime<Utc>) -> Condition {
    let c = Condition::all();
    match key {
        ColumnKey::State(s) if s.is_terminal() => c
            .add(ticket::Column::State.eq(s.as_str()))
            .add(ticket::Column::UpdatedAt.gte(cutoff)),
        ColumnKey::State(s) => c.add(ticket::Column::State.eq(s.as_str())),
        ColumnKey::Assignee(a) => {
            c.add(ticket::Column::State.is_in(open_states(kind)))
                .add(match a {
                    Some(a) => ticket::Column::AssigneeId.eq(a.0),
                    None => ticket::Column::AssigneeId.is_null(),
                })
        }
        ColumnKey::Group(g) => c
            .add(ticket::Column::State.is_in(open_states(kind)))
            .add(match g {
                Some(g) => ticket::Column::GroupId.eq(g.0),
                None => ticket::Column::GroupId.is_null(),
            }),
        ColumnKey::Priority(p) => c
            .add(ticket::Column::State.is_in(open_states(kind)))
            .add(ticket::Column::Priority.eq(i16::from(p.get()))),
    }
}

/// Orders a column's query and starts it after `cursor`.
fn ordered(
    select: Select<ticket::Entity>,
    key: ColumnKey,
    cursor: Option<SortKey>,
) -> Select<ticket::Entity> {
    let select = match cursor {
        Some(SortKey::Open { priority, id }) => select.filter(
            Condition::any()
                .add(ticket::Column::Priority.gt(i16::from(priority)))
                .add(
                    Condition::all()
                        .add(ticket::Column::Priority.eq(i16::from(priority)))
                        .add(ticket::Column::Id.gt(id)),
                ),
        ),
        Some(SortKey::Recent { updated_desc, id }) => {
            let at = DateTime::from_timestamp_micros(updated_desc.0).unwrap_or_default();
            select.filter(
                Condition::any().add(ticket::Column::UpdatedAt.lt(at)).add(
                    Condition::all()
                        .add(ticket::Column::UpdatedAt.eq(at))
                        .add(ticket::Column::Id.lt(id.0)),
                ),
            )
        }
        None => select,
    };
    if key.is_recent_only() {
        select
            .order_by_desc(ticket::Column::UpdatedAt)
            .order_by_desc(ticket::Column::Id)
    } else {
        select
            .order_by_asc(ticket::Column::Priority)
            .order_by_asc(ticket::Column::Id)
    }
}

/// One page of one column's rows, plus whether more follow.
async fn column_rows(
    s: &Services,
    base: &Condition,
    key: ColumnKey,
    kind: TicketKind,
    cutoff: DateTime<Utc>,
    cursor: Option<SortKey>,
) -> ServiceResult<(Vec<ticket::Model>, Option<String>)> {
    let select = ticket::Entity::find()
        .filter(base.clone())
        .filter(column_filter(key, kind, cutoff));
    let mut rows = ordered(select, key, cursor)
        .limit(COLUMN_PAGE + 1)
        .all(&s.db)
        .await?;
    let more = rows.len() as u64 > COLUMN_PAGE;
    rows.truncate(COLUMN_PAGE as usize);
    let next = match rows.last() {
        Some(r) if more => Some(SortKey::of(&Names::default().card(r)?, key).cursor()),
        _ => None,
    };
    Ok((rows, next))
}

/// Counts per column, by one grouped query (two for the state board: open and recently finished).
async fn counts(
    s: &Services,
    base: &Condition,
    view: &BoardView,
    cutoff: DateTime<Utc>,
) -> ServiceResult<HashMap<ColumnKey, u64>> {
    let kind = view.kind;
    // COUNT(*) lets PostgreSQL answer from the index alone (an index-only scan).
    let count = Expr::col(sea_orm::sea_query::Asterisk).count();
    let mut out = HashMap::new();
    match view.group_by {
        GroupBy::State => {
            let terminal: Vec<&str> = kind
                .states()
                .iter()
                .filter(|s| s.is_terminal())
                .map(|s| s.as_str())
                .collect();
            let live: Vec<&str> = kind
                .states()
                .iter()
                .filter(|s| !s.is_terminal())
                .map(|s| s.as_str())
                .collect();
            for cond in [
                Condition::all().add(ticket::Column::State.is_in(live)),
                Condition::all()
                    .add(ticket::Column::State.is_in(terminal))
                    .add(ticket::Column::UpdatedAt.gte(cutoff)),
            ] {
                let rows: Vec<(String, i64)> = ticket::Entity::find()
                    .select_only()
                    .column(ticket::Column::State)
                    .column_as(count.clone(), "n")
                    .filter(base.clone())
                    .filter(cond)
                    .group_by(ticket::Column::State)
                    .into_tuple()
                    .all(&s.db)
                    .await?;
                for (st, n) in rows {
                    let st = crate::stored::stored("tickets.state", 0, &st, TicketState::parse)?;
                    out.insert(ColumnKey::State(st), u64::try_from(n).unwrap_or(0));
                }
            }
        }
        GroupBy::Assignee | GroupBy::Group | GroupBy::Priority => {
            let col = match view.group_by {
                GroupBy::Assignee => ticket::Column::AssigneeId,
                GroupBy::Group => ticket::Column::GroupId,
                _ => ticket::Column::Priority,
            };
            let rows: Vec<(Option<i64>, i64)> = ticket::Entity::find()
                .select_only()
                .column_as(
                    Expr::col((ticket::Entity, col))
                        .cast_as(sea_orm::sea_query::Alias::new("BIGINT")),
                    "k",
                )
                .column_as(count, "n")
                .filter(base.clone())
                .filter(ticket::Column::State.is_in(open_states(kind)))
                .group_by(col)
                .into_tuple()
                .all(&s.db)
                .await?;
            for (k, n) in rows {
                let key = match view.group_by {
                    GroupBy::Assignee => ColumnKey::Assignee(k.map(domain::UserId)),
                    GroupBy::Group => ColumnKey::Group(k.map(GroupId)),
                    _ => match k.and_then(|p| u8::try_from(p).ok()).and_then(Priority::new) {
                        Some(p) => ColumnKey::Priority(p),
                        None => continue,
                    },
                };
                out.insert(key, u64::try_from(n).unwrap_or(0));
            }
        }
    }
    Ok(out)
}

/// The columns of a board, in order, with labels.
async fn columns(
    s: &Services,
    view: &BoardView,
    counts: &HashMap<ColumnKey, u64>,
) -> ServiceResult<Vec<(ColumnKey, String)>> {
    Ok(match view.group_by {
        GroupBy::State => view
            .kind
            .states()
            .iter()
            .map(|st| (ColumnKey::State(*st), st.label().to_string()))
            .collect(),
        GroupBy::Priority => Priority::ALL
            .iter()
            .map(|p| (ColumnKey::Priority(*p), format!("{p} {}", p.label())))
            .collect(),
        GroupBy::Assignee | GroupBy::Group => {
            let mut keys: Vec<(ColumnKey, u64)> = counts.iter().map(|(k, n)| (*k, *n)).collect();
            keys.sort_by_key(|k| std::cmp::Reverse(k.1));
            keys.truncate(MAX_COLUMNS);
            let ids: Vec<i64> = keys
                .iter()
                .filter_map(|(k, _)| match k {
                    ColumnKey::Assignee(Some(u)) => Some(u.0),
                    ColumnKey::Group(Some(g)) => Some(g.0),
                    _ => None,
                })
                .collect();
            let names: HashMap<i64, String> = if view.group_by == GroupBy::Assignee {
                user::Entity::find()
                    .select_only()
                    .column(user::Column::Id)
                    .column(user::Column::DisplayName)
                    .filter(user::Column::Id.is_in(ids))
                    .into_tuple::<(i64, String)>()
                    .all(&s.db)
                    .await?
                    .into_iter()
                    .collect()
            } else {
                group::Entity::find()
                    .select_only()
                    .column(group::Column::Id)
                    .column(group::Column::Name)
                    .filter(group::Column::Id.is_in(ids))
                    .into_tuple::<(i64, String)>()
                    .all(&s.db)
                    .await?
                    .into_iter()
                    .collect()
            };
            let mut cols: Vec<(ColumnKey, String)> = keys
                .into_iter()
                .map(|(k, _)| {
                    let label = match k {
                        ColumnKey::Assignee(None) => "Unassigned".to_string(),
                        ColumnKey::Group(None) => "No group".to_string(),
                        ColumnKey::Assignee(Some(u)) => {
                            names.get(&u.0).cloned().unwrap_or_default()
                        }
                        ColumnKey::Group(Some(g)) => names.get(&g.0).cloned().unwrap_or_default(),
                        _ => String::new(),
                    };
                    (k, label)
                })
                .collect();
            // "Unassigned" / "No group" first, then by name.
            cols.sort_by(|a, b| {
                let none =
                    |k: &ColumnKey| matches!(k, ColumnKey::Assignee(None) | ColumnKey::Group(None));
                none(&b.0).cmp(&none(&a.0)).then_with(|| a.1.cmp(&b.1))
            });
            cols
        }
    })
}

/// A board: every column's count and first page, and the open major incidents.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn board(s: &Services, actor: &Actor, view: BoardView) -> ServiceResult<BoardData> {
    require(actor, Capability::WorkTickets)?;
    let viewer = if view.my_groups {
        viewer_settings(s, actor).await?.viewer
    } else {
        // Only "my groups" needs the viewer's groups.
        Viewer {
            user_id: actor.user_id,
            group_ids: Vec::new(),
        }
    };
    let generation = s.events.generation();
    let key = cache::key(&view, &viewer);
    if let Some(shared) = s.boards.get(&key, generation) {
        return Ok((*shared).clone());
    }
    let data = compute(s, view, &viewer).await?;
    s.boards.put(key, generation, Arc::new(data.clone()));
    Ok(data)
}

/// Computes a board from the database.
async fn compute(s: &Services, view: BoardView, viewer: &Viewer) -> ServiceResult<BoardData> {
    let cutoff = crate::now() - Duration::days(RECENT_DAYS);
    let base = view_filter(&view, viewer);
    let counts = counts(s, &base, &view, cutoff).await?;
    let wip = if view.group_by == GroupBy::State {
        wip_limits(s, view.kind).await?
    } else {
        HashMap::new()
    };
    let mut all_rows = Vec::new();
    let mut layout = Vec::new();
    for (key, label) in columns(s, &view, &counts).await? {
        let (rows, next) = column_rows(s, &base, key, view.kind, cutoff, None).await?;
        layout.push((key, label, rows.len(), next));
        all_rows.extend(rows);
    }
    let majors = ticket::Entity::find()
        .filter(ticket::Column::MajorIncident.eq(true))
        .filter(ticket::Column::Kind.eq(view.kind.as_str()))
        .filter(ticket::Column::State.is_in(open_states(view.kind)))
        .order_by_asc(ticket::Column::Id)
        .limit(10)
        .all(&s.db)
        .await?;
    let n_cols = all_rows.len();
    all_rows.extend(majors);
    let mut cards = cards(&s.db, &all_rows).await?.into_iter();
    let mut columns = Vec::with_capacity(layout.len());
    for (key, label, n, next) in layout {
        columns.push(BoardColumn {
            key,
            label,
            count: counts.get(&key).copied().unwrap_or(0),
            cards: cards.by_ref().take(n).collect(),
            next_cursor: next,
            wip: wip.get(&key.to_token()).copied(),
        });
    }
    let major_incidents = cards.collect();
    debug_assert!(columns.iter().map(|c| c.cards.len()).sum::<usize>() == n_cols);
    Ok(BoardData {
        view,
        columns,
        major_incidents,
    })
}

/// The next page of one column, after `cursor`.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn column_page(
    s: &Services,
    actor: &Actor,
    view: BoardView,
    key: ColumnKey,
    cursor: &str,
) -> ServiceResult<BoardColumn> {
    require(actor, Capability::WorkTickets)?;
    let cursor = SortKey::parse_cursor(cursor)
        .ok_or_else(|| ServiceError::field("cursor", "This cursor is not one we gave out."))?;
    let viewer = viewer(s, actor).await?;
    let cutoff = crate::now() - Duration::days(RECENT_DAYS);
    let base = view_filter(&view, &viewer);
    let (rows, next) = column_rows(s, &base, key, view.kind, cutoff, Some(cursor)).await?;
    Ok(BoardColumn {
        key,
        label: String::new(),
        count: 0,
        cards: cards(&s.db, &rows).await?,
        next_cursor: next,
        wip: None,
    })
}

/// Agents (people who may work tickets) and groups, for assignment pickers.
pub async fn assignment_options(
    s: &Services,
    actor: &Actor,
) -> ServiceResult<domain::tickets::model::AssignmentOptions> {
    use db::entities::user_role;
    require(actor, Capability::WorkTickets)?;
    // Shared by every agent; `users` clears it when a person is added or disabled.
    const KEY: &str = "assignment options";
    if let Some(options) = s.directory.get(KEY, 0) {
        return Ok((*options).clone());
    }
    let ids: Vec<i64> = user_role::Entity::find()
        .select_only()
        .column(user_role::Column::UserId)
        .filter(user_role::Column::Role.is_in(
            domain::Role::granting(domain::Capability::WorkTickets).map(domain::Role::as_str),
        ))
        .into_tuple()
        .all(&s.db)
        .await?;
    let agents = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::DisplayName)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|u| domain::tickets::PersonRef {
            id: domain::UserId(u.id),
            name: u.display_name,
        })
        .collect();
    let groups = group::Entity::find()
        .order_by_asc(group::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|g| domain::tickets::model::GroupRef {
            id: GroupId(g.id),
            name: g.name,
        })
        .collect();
    let members = db::entities::group_member::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|m| (GroupId(m.group_id), domain::UserId(m.user_id)))
        .collect();
    let options = domain::tickets::model::AssignmentOptions {
        agents,
        groups,
        members,
    };
    s.directory
        .put(KEY.to_string(), 0, Arc::new(options.clone()));
    Ok(options)
}
