//! Kanban boards: the view a board shows (grouping, swimlanes, filters) as it travels in the URL,
//! its columns and their order, WIP limits, and how a live event changes a loaded board.
//!
//! The server answers a [`BoardView`] with [`BoardData`]; the browser keeps it and applies each
//! [`TicketEvent`] with [`BoardData::apply`], the same rules deciding which column a card is in.

use super::kind::TicketKind;
use super::lifecycle::TicketState;
use super::model::{PersonRef, TicketCard};
use super::priority::Priority;
use crate::ids::{GroupId, TicketId, UserId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Cards a column loads at a time.
pub const COLUMN_PAGE: u64 = 20;
/// Closed and cancelled columns show tickets finished within this many days.
pub const RECENT_DAYS: i64 = 7;

/// What the columns are.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    State,
    Assignee,
    Group,
    Priority,
}

/// What the horizontal bands are.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lanes {
    #[default]
    None,
    Priority,
    Group,
    Assignee,
}

macro_rules! str_enum {
    ($t:ty { $($v:ident => $s:literal, $l:literal),* $(,)? }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$(<$t>::$v),*];
            pub fn as_str(self) -> &'static str { match self { $(<$t>::$v => $s),* } }
            pub fn label(self) -> &'static str { match self { $(<$t>::$v => $l),* } }
            pub fn parse(s: &str) -> Option<$t> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
        }
    };
}
str_enum!(GroupBy { State => "state", "State", Assignee => "assignee", "Assignee", Group => "group", "Group", Priority => "priority", "Priority" });
str_enum!(Lanes { None => "none", "No swimlanes", Priority => "priority", "Priority", Group => "group", "Group", Assignee => "assignee", "Assignee" });

/// Everything that defines what a board shows; it round-trips through the URL's query string so
/// a view can be bookmarked and shared.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub kind: TicketKind,
    pub group_by: GroupBy,
    pub lanes: Lanes,
    /// Assigned to the viewer.
    pub mine: bool,
    /// Assigned to one of the viewer's groups.
    pub my_groups: bool,
    /// Nobody assigned yet.
    pub unassigned: bool,
    pub priority: Option<Priority>,
    /// Words in the title, or a ticket number.
    pub text: String,
}

impl Default for BoardView {
    fn default() -> Self {
        BoardView {
            kind: TicketKind::Incident,
            group_by: GroupBy::State,
            lanes: Lanes::None,
            mine: false,
            my_groups: false,
            unassigned: false,
            priority: None,
            text: String::new(),
        }
    }
}

impl BoardView {
    /// Reads a view from query pairs; unknown keys and bad values fall back to defaults.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> BoardView {
        let mut v = BoardView::default();
        for (k, val) in pairs {
            match k {
                "kind" => v.kind = TicketKind::parse(val).unwrap_or(v.kind),
                "group" => v.group_by = GroupBy::parse(val).unwrap_or_default(),
                "lanes" => v.lanes = Lanes::parse(val).unwrap_or_default(),
                "mine" => v.mine = val == "1",
                "my_groups" => v.my_groups = val == "1",
                "unassigned" => v.unassigned = val == "1",
                "priority" => v.priority = Priority::parse(val),
                "q" => v.text = val.trim().chars().take(100).collect(),
                _ => {}
            }
        }
        v
    }

    /// The query pairs for this view, leaving out defaults so links stay short.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![("kind", self.kind.as_str().to_string())];
        if self.group_by != GroupBy::State {
            p.push(("group", self.group_by.as_str().into()));
        }
        if self.lanes != Lanes::None {
            p.push(("lanes", self.lanes.as_str().into()));
        }
        for (flag, key) in [
            (self.mine, "mine"),
            (self.my_groups, "my_groups"),
            (self.unassigned, "unassigned"),
        ] {
            if flag {
                p.push((key, "1".into()));
            }
        }
        if let Some(pr) = self.priority {
            p.push(("priority", pr.get().to_string()));
        }
        if !self.text.is_empty() {
            p.push(("q", self.text.clone()));
        }
        p
    }

    /// The view as a URL query string (`kind=incident&mine=1&q=vpn+down`).
    pub fn to_query(&self) -> String {
        self.to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::paging::encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// A key naming the board for presence ("who else is looking"): kind and grouping only, so
    /// agents with different filters on the same board still see each other.
    pub fn presence_key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.group_by.as_str())
    }

    /// Whether `card` passes the view's filters for this viewer (not whether its column is shown).
    pub fn matches(&self, card: &TicketCard, viewer: &Viewer) -> bool {
        if card.kind != self.kind {
            return false;
        }
        if self.mine && card.assignee.as_ref().map(|a| a.id) != Some(viewer.user_id) {
            return false;
        }
        if self.my_groups
            && !card
                .group
                .as_ref()
                .is_some_and(|g| viewer.group_ids.contains(&g.id))
        {
            return false;
        }
        if self.unassigned && card.assignee.is_some() {
            return false;
        }
        if self.priority.is_some_and(|p| p != card.priority) {
            return false;
        }
        let q = self.text.trim();
        q.is_empty()
            || card.number.eq_ignore_ascii_case(q)
            || card.title.to_lowercase().contains(&q.to_lowercase())
    }
}

/// Who looks at a board: filters such as "mine" and "my groups" depend on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: UserId,
    pub group_ids: Vec<GroupId>,
}

/// Identifies a column whatever the grouping.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum ColumnKey {
    State(TicketState),
    /// `None` is the "Unassigned" column.
    Assignee(Option<UserId>),
    Group(Option<GroupId>),
    Priority(Priority),
}

impl ColumnKey {
    /// The column a card belongs in under `group_by`.
    pub fn of(card: &TicketCard, group_by: GroupBy) -> ColumnKey {
        match group_by {
            GroupBy::State => ColumnKey::State(card.state),
            GroupBy::Assignee => ColumnKey::Assignee(card.assignee.as_ref().map(|a| a.id)),
            GroupBy::Group => ColumnKey::Group(card.group.as_ref().map(|g| g.id)),
            GroupBy::Priority => ColumnKey::Priority(card.priority),
        }
    }

    /// A compact string for HTML attributes and URLs: `state:in_progress`, `assignee:12`, `group:none`.
    pub fn to_token(self) -> String {
        fn opt(v: Option<i64>) -> String {
            v.map_or_else(|| "none".to_string(), |v| v.to_string())
        }
        match self {
            ColumnKey::State(s) => format!("state:{}", s.as_str()),
            ColumnKey::Assignee(a) => format!("assignee:{}", opt(a.map(|a| a.0))),
            ColumnKey::Group(g) => format!("group:{}", opt(g.map(|g| g.0))),
            ColumnKey::Priority(p) => format!("priority:{}", p.get()),
        }
    }

    pub fn from_token(s: &str) -> Option<ColumnKey> {
        let (by, v) = s.split_once(':')?;
        let opt = |v: &str| -> Option<Option<i64>> {
            if v == "none" {
                Some(None)
            } else {
                v.parse().ok().map(Some)
            }
        };
        match by {
            "state" => TicketState::parse(v).map(ColumnKey::State),
            "assignee" => opt(v).map(|a| ColumnKey::Assignee(a.map(UserId))),
            "group" => opt(v).map(|g| ColumnKey::Group(g.map(GroupId))),
            "priority" => Priority::parse(v).map(ColumnKey::Priority),
            _ => None,
        }
    }

    /// Closed and cancelled columns list recently finished tickets, newest first.
    pub fn is_recent_only(self) -> bool {
        matches!(self, ColumnKey::State(s) if s.is_terminal())
    }
}

/// Columns other than by state show open work only (not resolved, closed or cancelled).
pub fn shows_state(group_by: GroupBy, state: TicketState) -> bool {
    group_by == GroupBy::State || state.is_open()
}

/// Where a card sits in a column: open work by priority then age; finished work newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Open {
        priority: u8,
        id: i64,
    },
    Recent {
        updated_desc: std::cmp::Reverse<i64>,
        id: std::cmp::Reverse<i64>,
    },
}

impl SortKey {
    pub fn of(card: &TicketCard, key: ColumnKey) -> SortKey {
        if key.is_recent_only() {
            SortKey::Recent {
                updated_desc: std::cmp::Reverse(card.updated_at.timestamp_micros()),
                id: std::cmp::Reverse(card.id.0),
            }
        } else {
            SortKey::Open {
                priority: card.priority.get(),
                id: card.id.0,
            }
        }
    }

    /// The opaque cursor that asks for the cards after this one.
    pub fn cursor(self) -> String {
        match self {
            SortKey::Open { priority, id } => format!("o{priority}.{id}"),
            SortKey::Recent { updated_desc, id } => format!("r{}.{}", updated_desc.0, id.0),
        }
    }

    pub fn parse_cursor(s: &str) -> Option<SortKey> {
        let (a, b) = s.get(1..)?.split_once('.')?;
        let id: i64 = b.parse().ok()?;
        match s.as_bytes().first()? {
            b'o' => Some(SortKey::Open {
                priority: a.parse().ok()?,
                id,
            }),
            b'r' => Some(SortKey::Recent {
                updated_desc: std::cmp::Reverse(a.parse().ok()?),
                id: std::cmp::Reverse(id),
            }),
            _ => None,
        }
    }
}

/// Whether a card belongs on the board at all at `now` (finished work ages out of the board).
pub fn on_board(card: &TicketCard, group_by: GroupBy, now: DateTime<Utc>) -> bool {
    if !shows_state(group_by, card.state) {
        return false;
    }
    !card.state.is_terminal() || now - card.updated_at <= Duration::days(RECENT_DAYS)
}

/// A WIP limit on a column.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WipLimit {
    pub limit: u32,
    /// Strict limits refuse a drop into a full column; advisory ones only colour it.
    pub strict: bool,
}

impl WipLimit {
    /// The largest limit a column may have.
    pub const MAX: u32 = 10_000;

    pub fn over(self, count: u64) -> bool {
        count > u64::from(self.limit)
    }

    /// Whether one more card may enter a column that holds `count`.
    pub fn admits(self, count: u64) -> Result<(), String> {
        if self.strict && count >= u64::from(self.limit) {
            Err(format!(
                "This column is at its work-in-progress limit of {}: finish something first.",
                self.limit
            ))
        } else {
            Ok(())
        }
    }
}

/// One column: its total from the database and the first page (or more) of its cards.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub key: ColumnKey,
    pub label: String,
    pub count: u64,
    pub cards: Vec<TicketCard>,
    /// Present when more cards follow those loaded.
    pub next_cursor: Option<String>,
    pub wip: Option<WipLimit>,
}

impl BoardColumn {
    /// Whether every card of the column is loaded.
    pub fn complete(&self) -> bool {
        self.next_cursor.is_none()
    }
}

/// A board as the server sends it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardData {
    pub view: BoardView,
    pub columns: Vec<BoardColumn>,
    /// Major incidents currently open, for the banner.
    pub major_incidents: Vec<TicketCard>,
}

/// What happened to a ticket.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Created,
    Moved,
    Updated,
    Commented,
}

/// A live event about one ticket, as boards and `/api/v1/events` subscribers receive it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketEvent {
    pub change: ChangeKind,
    /// The ticket as it was before, when it existed.
    pub before: Option<TicketCard>,
    pub after: TicketCard,
    pub actor: PersonRef,
    /// Set for comments: work notes are not sent to requesters.
    pub internal: bool,
    pub at: DateTime<Utc>,
}

/// Who is looking at a board right now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPresence {
    pub board: String,
    pub viewers: Vec<PersonRef>,
}

impl BoardData {
    /// Finds a loaded card.
    pub fn card(&self, id: TicketId) -> Option<&TicketCard> {
        self.columns
            .iter()
            .flat_map(|c| c.cards.iter())
            .find(|c| c.id == id)
    }

    fn column_mut(&mut self, key: ColumnKey) -> Option<&mut BoardColumn> {
        self.columns.iter_mut().find(|c| c.key == key)
    }

    fn belongs(&self, card: &TicketCard, viewer: &Viewer, now: DateTime<Utc>) -> bool {
        self.view.matches(card, viewer) && on_board(card, self.view.group_by, now)
    }

    /// Removes a card from the board, keeping counts right; returns whether it was counted.
    fn take_out(
        &mut self,
        before: Option<&TicketCard>,
        id: TicketId,
        viewer: &Viewer,
        now: DateTime<Utc>,
    ) {
        if let Some(b) = before
            && self.belongs(b, viewer, now)
        {
            let key = ColumnKey::of(b, self.view.group_by);
            if let Some(col) = self.column_mut(key) {
                col.count = col.count.saturating_sub(1);
            }
        }
        for col in &mut self.columns {
            col.cards.retain(|c| c.id != id);
        }
    }

    /// Inserts a card in sort order, if it falls within the loaded part of its column.
    fn put_in(&mut self, card: &TicketCard, viewer: &Viewer, now: DateTime<Utc>) {
        if !self.belongs(card, viewer, now) {
            return;
        }
        let key = ColumnKey::of(card, self.view.group_by);
        let Some(col) = self.column_mut(key) else {
            return;
        };
        col.count += 1;
        let sk = SortKey::of(card, key);
        let pos = col.cards.iter().position(|c| SortKey::of(c, key) > sk);
        match pos {
            Some(i) => col.cards.insert(i, card.clone()),
            None if col.complete() => col.cards.push(card.clone()),
            // It sorts after the loaded page: it will come with "show more".
            None => {}
        }
    }

    /// Applies a live event to the loaded board. Stale events (older versions than the card
    /// shown) are ignored, so events arriving out of order never move a card backwards.
    pub fn apply(&mut self, ev: &TicketEvent, viewer: &Viewer, now: DateTime<Utc>) {
        if let Some(shown) = self.card(ev.after.id)
            && shown.version >= ev.after.version
        {
            return;
        }
        self.take_out(ev.before.as_ref(), ev.after.id, viewer, now);
        self.put_in(&ev.after, viewer, now);
        self.major_incidents.retain(|c| c.id != ev.after.id);
        if ev.after.major_incident && ev.after.state.is_open() && ev.after.kind == self.view.kind {
            self.major_incidents.push(ev.after.clone());
        }
    }

    /// Moves a card at once (the optimistic half of a drag), as the event for it will later.
    pub fn apply_local(
        &mut self,
        before: &TicketCard,
        after: TicketCard,
        viewer: &Viewer,
        now: DateTime<Utc>,
    ) {
        self.take_out(Some(before), after.id, viewer, now);
        self.put_in(&after, viewer, now);
    }
}

/// The lane a card falls in, with its label, for swimlane rendering.
pub fn lane_of(card: &TicketCard, lanes: Lanes) -> (String, String) {
    match lanes {
        Lanes::None => (String::new(), String::new()),
        Lanes::Priority => (
            format!("p{}", card.priority.get()),
            format!("{} {}", card.priority, card.priority.label()),
        ),
        Lanes::Group => card.group.as_ref().map_or_else(
            || ("g-none".into(), "No group".into()),
            |g| (format!("g{}", g.id), g.name.clone()),
        ),
        Lanes::Assignee => card.assignee.as_ref().map_or_else(
            || ("a-none".into(), "Unassigned".into()),
            |a| (format!("a{}", a.id), a.name.clone()),
        ),
    }
}

#[cfg(test)]
#[path = "board_tests.rs"]
mod tests;
