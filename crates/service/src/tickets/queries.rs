//! Reading tickets: the ticket page and the list behind `GET /api/v1/tickets` and "My tickets".

use super::cards::{Names, cards, render_markdown};
use super::{TicketSettings, find_visible, kind_of, party, state_of};
use crate::Services;
use crate::database::escape_like;
use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use db::entities::{ticket, ticket_activity, ticket_comment, ticket_link};
use domain::tickets::lifecycle::{
    Party, TicketState, TransitionContext, allowed_targets, requester_status,
};
use domain::tickets::model::{
    ActivityEntry, CommentView, CursorPage, LinkKind, MyTicket, TicketLinkView,
};
use domain::tickets::{
    ListCursor, TicketCard, TicketDetail, TicketKind, TicketQuery, TicketSort, parse_number,
};
use domain::{Actor, Capability};
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use std::sync::Arc;

/// Activity fields a requester sees on their own ticket; the rest is the desk's business.
const REQUESTER_ACTIVITY: [&str; 4] = ["created", "state", "resolution_code", "resolution_notes"];

/// Everything the ticket page shows, as the actor may see it.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn get(s: &Services, actor: &Actor, number: &str) -> ServiceResult<TicketDetail> {
    let t = find_visible(&s.db, actor, number).await?;
    let who = party(actor, &t);
    let agent = who == Party::Agent;

    let mut comment_q = ticket_comment::Entity::find()
        .filter(ticket_comment::Column::TicketId.eq(t.id))
        .order_by_asc(ticket_comment::Column::Id);
    if !agent {
        comment_q = comment_q.filter(ticket_comment::Column::Internal.eq(false));
    }
    let comments = comment_q.all(&s.db).await?;
    let mut activity_q = ticket_activity::Entity::find()
        .filter(ticket_activity::Column::TicketId.eq(t.id))
        .order_by_asc(ticket_activity::Column::Id);
    if !agent {
        activity_q = activity_q.filter(ticket_activity::Column::Field.is_in(REQUESTER_ACTIVITY));
    }
    let activity = activity_q.all(&s.db).await?;
    let links_out = ticket_link::Entity::find()
        .filter(ticket_link::Column::FromId.eq(t.id))
        .all(&s.db)
        .await?;
    let links_in = ticket_link::Entity::find()
        .filter(ticket_link::Column::ToId.eq(t.id))
        .all(&s.db)
        .await?;
    let other_ids: Vec<i64> = links_out
        .iter()
        .map(|l| l.to_id)
        .chain(links_in.iter().map(|l| l.from_id))
        .collect();
    let others = if other_ids.is_empty() {
        vec![]
    } else {
        ticket::Entity::find()
            .filter(ticket::Column::Id.is_in(other_ids))
            .all(&s.db)
            .await?
    };

    let mut user_ids: Vec<i64> = comments
        .iter()
        .map(|c| c.author_id)
        .chain(activity.iter().map(|a| a.actor_id))
        .collect();
    user_ids.extend([Some(t.requester_id), t.assignee_id].into_iter().flatten());
    let names = Names::load(&s.db, user_ids, t.group_id.into_iter().collect()).await?;

    let mut links = Vec::new();
    for (l, inverse) in links_out
        .iter()
        .map(|l| (l, false))
        .chain(links_in.iter().map(|l| (l, true)))
    {
        let other_id = if inverse { l.from_id } else { l.to_id };
        let Some(o) = others.iter().find(|o| o.id == other_id) else {
            continue;
        };
        let kind = crate::stored::stored("ticket_links.kind", l.id, &l.kind, LinkKind::parse)?;
        if !super::visible(actor, o) {
            continue;
        }
        links.push(TicketLinkView {
            kind,
            inverse,
            number: o.number.clone(),
            title: o.title.clone(),
            state: state_of(o)?,
        });
    }

    let state = state_of(&t)?;
    let settings: TicketSettings = s.tickets;
    let ctx = TransitionContext {
        now: crate::now(),
        resolved_at: t.resolved_at,
        rules: settings.lifecycle,
    };
    Ok(TicketDetail {
        card: names.card(&t)?,
        description_html: render_markdown(&t.description),
        description: t.description.clone(),
        caller: t.caller.clone(),
        category: t.category.clone(),
        subcategory: t.subcategory.clone(),
        first_response_at: t.first_response_at,
        closed_at: t.closed_at,
        resolution_code: super::resolution_code_of(&t)?,
        resolution_notes: t.resolution_notes.clone(),
        links,
        comments: comments
            .into_iter()
            .map(|c| CommentView {
                id: c.id,
                author: names.person(c.author_id),
                body_html: render_markdown(&c.body),
                body: c.body,
                internal: c.internal,
                at: c.created_at,
            })
            .collect(),
        activity: activity
            .into_iter()
            .map(|a| ActivityEntry {
                at: a.at,
                actor: names.person(a.actor_id),
                field: a.field,
                old: a.old_value,
                new: a.new_value,
            })
            .collect(),
        allowed_states: allowed_targets(kind_of(&t)?, state, who, &ctx),
        viewer_is_agent: agent,
    })
}

/// The condition for "words in the title, or this ticket number".
pub(crate) fn text_filter(q: &str) -> Option<Condition> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
    let title = Expr::expr(Func::lower(Expr::col((
        ticket::Entity,
        ticket::Column::Title,
    ))))
    .like(LikeExpr::new(pattern).escape('\\'));
    let mut c = Condition::any().add(title);
    if let Some((kind, seq)) = parse_number(q) {
        c = c.add(ticket::Column::Number.eq(kind.number(seq)));
    }
    Some(c)
}

/// Tickets the actor may see, filtered, newest first or by priority, one cursor page at a time;
/// the first page also says how many match in all.
///
/// The page is found on ids alone (a covering index scan of `(kind, state, priority, id)` when
/// the list is filtered by kind and state), then only its rows are read, in the same query as
/// the count: the cost follows the page, not the backlog, and the answer takes two queries
/// (the page with its count, the names on its cards).
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn list(
    s: &Services,
    actor: &Actor,
    q: TicketQuery,
) -> ServiceResult<CursorPage<TicketCard>> {
    require(actor, Capability::UseSelfService)?;
    let limit = ServiceError::within(
        "limit",
        q.limit.unwrap_or(25),
        1..=100,
        "Ask for 1 to 100 tickets a page.",
    )?;
    let filters = list_filters(actor, &q)?;
    let cursor =
        match q.cursor.as_deref() {
            Some(c) => Some(ListCursor::parse(q.sort, c).ok_or_else(|| {
                ServiceError::field("cursor", "This cursor is not one we gave out.")
            })?),
            None => None,
        };
    // First pages are shared between the callers who see the same tickets, until a ticket
    // changes (the board's rule: see `crate::shared_cache`).
    let generation = s.events.generation();
    let shared = cursor.is_none().then(|| shared_list_key(actor, &q));
    if let Some(key) = &shared
        && let Some(page) = s.lists.get(key, generation)
    {
        return Ok((*page).clone());
    }
    let mut page = ticket::Entity::find()
        .select_only()
        .column(ticket::Column::Id)
        .filter(filters.clone());
    page = match cursor {
        None => page,
        Some(ListCursor::Before(id)) => page.filter(ticket::Column::Id.lt(id)),
        Some(ListCursor::After { priority, id }) => page.filter(
            Condition::any()
                .add(ticket::Column::Priority.gt(i16::from(priority)))
                .add(
                    Condition::all()
                        .add(ticket::Column::Priority.eq(i16::from(priority)))
                        .add(ticket::Column::Id.gt(id)),
                ),
        ),
    };
    page = match q.sort {
        TicketSort::Newest => page.order_by_desc(ticket::Column::Id),
        TicketSort::Priority => page
            .order_by_asc(ticket::Column::Priority)
            .order_by_asc(ticket::Column::Id),
    };
    // One round trip: the page's rows (found on ids alone, then read) and, on the first page,
    // how many match in all as an uncorrelated scalar subquery (an index-only count when the
    // list is filtered by kind and state; both databases evaluate it once). Counting with
    // `COUNT(*) OVER ()` instead was tried: a little faster on SQLite, three times slower on
    // PostgreSQL, which then sorts every match.
    let mut query = ticket::Entity::find()
        .filter(ticket::Column::Id.in_subquery(page.limit(limit + 1).into_query()))
        .into_query();
    if cursor.is_none() {
        let count = ticket::Entity::find()
            .select_only()
            .expr(Expr::col((ticket::Entity, ticket::Column::Id)).count())
            .filter(filters)
            .into_query();
        query.expr_as(
            SimpleExpr::SubQuery(None, Box::new(count.into_sub_query_statement())),
            Alias::new("total"),
        );
    }
    let found =
        s.db.query_all(s.db.get_database_backend().build(&query))
            .await?;
    let mut total = cursor.is_none().then_some(0);
    let mut rows = Vec::with_capacity(found.len());
    for row in &found {
        rows.push(ticket::Model::from_query_result(row, "")?);
        if cursor.is_none() {
            total = Some(u64::try_from(row.try_get::<i64>("", "total")?).unwrap_or(0));
        }
    }
    match q.sort {
        TicketSort::Newest => rows.sort_unstable_by_key(|t| std::cmp::Reverse(t.id)),
        TicketSort::Priority => rows.sort_unstable_by_key(|t| (t.priority, t.id)),
    }
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(100));
    let next_cursor = more
        .then(|| {
            rows.last().map(|t| {
                ListCursor::after(q.sort, u8::try_from(t.priority).unwrap_or(5), t.id).to_string()
            })
        })
        .flatten();
    let page = CursorPage {
        items: cards(&s.db, &rows).await?,
        next_cursor,
        total,
    };
    if let Some(key) = shared {
        s.lists.put(key, generation, Arc::new(page.clone()));
    }
    Ok(page)
}

/// The key of a first page in the shared lists: the query, and who asks when what they see
/// depends on it (an agent's list of everyone's tickets is the same for every agent).
fn shared_list_key(actor: &Actor, q: &TicketQuery) -> String {
    if q.mine || !actor.can(Capability::WorkTickets) {
        format!("{q:?}|user {}", actor.user_id.0)
    } else {
        format!("{q:?}|agents")
    }
}

/// The conditions of a list query: what the actor may see and the filters asked for.
fn list_filters(actor: &Actor, q: &TicketQuery) -> ServiceResult<Condition> {
    if let Some(p) = q.priority {
        ServiceError::within(
            "priority",
            p,
            1..=5,
            "Priority is 1 (critical) to 5 (planning).",
        )?;
    }
    let mut c = Condition::all();
    if q.mine || !actor.can(Capability::WorkTickets) {
        c = c
            .add(ticket::Column::RequesterId.eq(actor.user_id.0))
            .add(ticket::Column::Kind.ne(TicketKind::Task.as_str()));
    }
    if let Some(k) = q.kind {
        c = c.add(ticket::Column::Kind.eq(k.as_str()));
    }
    if let Some(st) = q.state {
        c = c.add(ticket::Column::State.eq(st.as_str()));
    }
    if q.open {
        let open: Vec<&str> = TicketState::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str())
            .collect();
        c = c.add(ticket::Column::State.is_in(open));
    }
    if let Some(p) = q.priority {
        c = c.add(ticket::Column::Priority.eq(i16::from(p)));
    }
    if let Some(a) = q.assignee_id {
        c = c.add(ticket::Column::AssigneeId.eq(a));
    }
    if let Some(g) = q.group_id {
        c = c.add(ticket::Column::GroupId.eq(g));
    }
    if let Some(t) = q.q.as_deref().and_then(text_filter) {
        c = c.add(t);
    }
    Ok(c)
}

/// "My tickets": the actor's own tickets (100 a page), each with its status in the words every
/// requester page uses; a catalog request reads as it does on "My requests".
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn mine(
    s: &Services,
    actor: &Actor,
    q: Option<String>,
    cursor: Option<String>,
) -> ServiceResult<CursorPage<MyTicket>> {
    let page = list(
        s,
        actor,
        TicketQuery {
            mine: true,
            cursor,
            q: q.filter(|t| !t.trim().is_empty()),
            limit: Some(100),
            ..Default::default()
        },
    )
    .await?;
    // Other areas may know the requester's status better (a catalog request's approval).
    let known = s.hooks.requester_statuses(&s.db, &page.items).await?;
    Ok(CursorPage {
        items: page
            .items
            .into_iter()
            .map(|card| {
                let status = match known.get(&card.id.0) {
                    Some(words) => *words,
                    None => requester_status(card.state, card.hold_reason),
                };
                MyTicket {
                    card,
                    status: status.into(),
                }
            })
            .collect(),
        next_cursor: page.next_cursor,
        total: page.total,
    })
}
