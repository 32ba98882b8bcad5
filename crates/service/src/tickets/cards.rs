//! From stored rows to what people see: cards with names, and Markdown rendered to safe HTML.

use super::{kind_of, state_of};
use crate::error::ServiceResult;
use db::entities::{group, ticket, user};
use domain::tickets::model::GroupRef;
use domain::tickets::{Level, PersonRef, Priority, TicketCard};
use domain::{GroupId, TicketId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait};
use std::collections::HashMap;

/// Display names of users and groups, fetched once for a batch of tickets.
#[derive(Debug, Default)]
pub struct Names {
    users: HashMap<i64, String>,
    groups: HashMap<i64, String>,
}

impl Names {
    /// Looks up every person and group the rows mention, in one query.
    pub async fn for_rows(
        db: &impl ConnectionTrait,
        rows: &[&ticket::Model],
    ) -> ServiceResult<Names> {
        let mut user_ids: Vec<i64> = rows
            .iter()
            .flat_map(|t| [Some(t.requester_id), t.assignee_id])
            .flatten()
            .collect();
        user_ids.sort_unstable();
        user_ids.dedup();
        let mut group_ids: Vec<i64> = rows.iter().filter_map(|t| t.group_id).collect();
        group_ids.sort_unstable();
        group_ids.dedup();
        Names::load(db, user_ids, group_ids).await
    }

    /// Looks up people and groups by id, in one query.
    pub async fn load(
        db: &impl ConnectionTrait,
        user_ids: Vec<i64>,
        group_ids: Vec<i64>,
    ) -> ServiceResult<Names> {
        use sea_orm::sea_query::{Expr, Query, UnionType};
        let mut names = Names::default();
        let people = (!user_ids.is_empty()).then(|| {
            Query::select()
                .expr(Expr::cust("'u'"))
                .column(user::Column::Id)
                .column(user::Column::DisplayName)
                .from(user::Entity)
                .and_where(user::Column::Id.is_in(user_ids))
                .to_owned()
        });
        let groups = (!group_ids.is_empty()).then(|| {
            Query::select()
                .expr(Expr::cust("'g'"))
                .column(group::Column::Id)
                .column(group::Column::Name)
                .from(group::Entity)
                .and_where(group::Column::Id.is_in(group_ids))
                .to_owned()
        });
        let query = match (people, groups) {
            (Some(mut p), Some(g)) => p.union(UnionType::All, g).to_owned(),
            (Some(q), None) | (None, Some(q)) => q,
            (None, None) => return Ok(names),
        };
        let statement = db.get_database_backend().build(&query);
        for row in db.query_all(statement).await? {
            let tag: String = row.try_get_by_index(0)?;
            let id: i64 = row.try_get_by_index(1)?;
            let name: String = row.try_get_by_index(2)?;
            if tag == "u" {
                names.users.insert(id, name);
            } else {
                names.groups.insert(id, name);
            }
        }
        Ok(names)
    }

    pub fn person(&self, id: i64) -> PersonRef {
        PersonRef {
            id: UserId(id),
            name: self
                .users
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("User {id}")),
        }
    }

    pub fn group(&self, id: i64) -> GroupRef {
        GroupRef {
            id: GroupId(id),
            name: self
                .groups
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("Group {id}")),
        }
    }

    pub fn user_name(&self, id: Option<i64>) -> Option<String> {
        id.map(|i| self.person(i).name)
    }

    pub fn group_name(&self, id: Option<i64>) -> Option<String> {
        id.map(|i| self.group(i).name)
    }

    /// The card for a row; a row holding an unknown kind or state is an error.
    pub fn card(&self, t: &ticket::Model) -> ServiceResult<TicketCard> {
        Ok(TicketCard {
            id: TicketId(t.id),
            number: t.number.clone(),
            kind: kind_of(t)?,
            title: t.title.clone(),
            state: state_of(t)?,
            hold_reason: super::hold_reason_of(t)?,
            impact: level(t.impact),
            urgency: level(t.urgency),
            priority: u8::try_from(t.priority)
                .ok()
                .and_then(Priority::new)
                .unwrap_or(Priority::P3),
            major_incident: t.major_incident,
            requester: self.person(t.requester_id),
            assignee: t.assignee_id.map(|a| self.person(a)),
            group: t.group_id.map(|g| self.group(g)),
            tags: split_tags(&t.tags),
            opened_at: t.opened_at,
            updated_at: t.updated_at,
            resolved_at: t.resolved_at,
            version: t.version,
        })
    }
}

/// The level stored in a row (rows are only written from valid levels).
pub(crate) fn level(v: i16) -> Level {
    u8::try_from(v)
        .ok()
        .and_then(Level::new)
        .unwrap_or(Level::MEDIUM)
}

/// Cards for rows, with names fetched in one go.
pub async fn cards(
    db: &impl ConnectionTrait,
    rows: &[ticket::Model],
) -> ServiceResult<Vec<TicketCard>> {
    let refs: Vec<&ticket::Model> = rows.iter().collect();
    let names = Names::for_rows(db, &refs).await?;
    rows.iter().map(|t| names.card(t)).collect()
}

/// One card.
pub async fn card(db: &impl ConnectionTrait, t: &ticket::Model) -> ServiceResult<TicketCard> {
    let names = Names::for_rows(db, &[t]).await?;
    names.card(t)
}

/// Tags as stored: `,a,b,` (empty string for none).
pub fn join_tags(tags: &[String]) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        format!(",{},", tags.join(","))
    }
}

pub fn split_tags(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// Markdown to HTML with everything unsafe removed (scripts, event handlers, `javascript:` links).
pub fn render_markdown(src: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut out = String::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    html::push_html(&mut out, Parser::new_ext(src, opts));
    ammonia::clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_sanitised() {
        let table = [
            ("**bold**", "<p><strong>bold</strong></p>"),
            ("<script>alert(1)</script>hi", "hi"),
            (
                "[x](javascript:alert(1))",
                "<p><a rel=\"noopener noreferrer\">x</a></p>",
            ),
            ("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
        ];
        for (src, want) in table {
            assert_eq!(render_markdown(src).trim(), want, "{src}");
        }
    }

    #[test]
    fn tags_round_trip() {
        let tags = vec!["vpn".to_string(), "remote".to_string()];
        assert_eq!(join_tags(&tags), ",vpn,remote,");
        assert_eq!(split_tags(&join_tags(&tags)), tags);
        assert!(split_tags(&join_tags(&[])).is_empty());
    }
}
