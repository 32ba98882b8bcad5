//! What tickets look like on the wire: cards for boards and lists, the full ticket page, and the
//! inputs for creating, editing, moving and commenting, with their validation.

use super::kind::TicketKind;
use super::lifecycle::{HoldReason, Requirement, ResolutionCode, TicketState, requirement};
use super::priority::{Level, Priority};
use crate::ids::{GroupId, TicketId, UserId};
use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Longest title accepted.
pub const MAX_TITLE: usize = 160;
/// Longest description or comment accepted (Markdown source).
pub const MAX_BODY: usize = 20_000;
/// Most tags on one ticket.
pub const MAX_TAGS: usize = 10;

/// A person as tickets show them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: UserId,
    pub name: String,
}

impl PersonRef {
    pub fn initials(&self) -> String {
        crate::auth::initials(&self.name)
    }
}

/// A group as tickets show it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRef {
    pub id: GroupId,
    pub name: String,
}

/// Who a ticket can be assigned to: agents, groups, and which agents belong to which group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentOptions {
    pub agents: Vec<PersonRef>,
    pub groups: Vec<GroupRef>,
    /// (group, member) pairs.
    pub members: Vec<(GroupId, UserId)>,
}

impl AssignmentOptions {
    /// The agents a ticket of `group` may be assigned to: its members, or every agent when the
    /// ticket has no group.
    pub fn agents_for(&self, group: Option<GroupId>) -> Vec<PersonRef> {
        match group {
            None => self.agents.clone(),
            Some(g) => self
                .agents
                .iter()
                .filter(|a| self.members.iter().any(|(mg, mu)| *mg == g && *mu == a.id))
                .cloned()
                .collect(),
        }
    }
}

/// A ticket as a board card or list row shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketCard {
    pub id: TicketId,
    pub number: String,
    pub kind: TicketKind,
    pub title: String,
    pub state: TicketState,
    pub hold_reason: Option<HoldReason>,
    pub impact: Level,
    pub urgency: Level,
    pub priority: Priority,
    pub major_incident: bool,
    pub requester: PersonRef,
    pub assignee: Option<PersonRef>,
    pub group: Option<GroupRef>,
    pub tags: Vec<String>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Increases with every change; writes must name the version they saw.
    pub version: i32,
}

/// How two tickets are related.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// This incident is caused by that problem.
    CausedBy,
    /// This ticket duplicates that one.
    DuplicateOf,
    /// This ticket is a child of that one.
    ChildOf,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [LinkKind::CausedBy, LinkKind::DuplicateOf, LinkKind::ChildOf];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::CausedBy => "caused_by",
            LinkKind::DuplicateOf => "duplicate_of",
            LinkKind::ChildOf => "child_of",
        }
    }

    pub fn parse(s: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Read from the ticket that holds the link ("Caused by PRB0000012").
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::CausedBy => "Caused by",
            LinkKind::DuplicateOf => "Duplicate of",
            LinkKind::ChildOf => "Child of",
        }
    }

    /// Read from the other end ("Causes INC0001042").
    pub fn inverse_label(self) -> &'static str {
        match self {
            LinkKind::CausedBy => "Causes",
            LinkKind::DuplicateOf => "Duplicated by",
            LinkKind::ChildOf => "Parent of",
        }
    }

    /// Whether a `from` ticket may hold this link to a `to` ticket.
    pub fn check(self, from: TicketKind, to: TicketKind) -> Result<(), String> {
        match self {
            LinkKind::CausedBy if from == TicketKind::Problem || to != TicketKind::Problem => {
                Err("Only an incident or request can be linked as caused by a problem.".into())
            }
            LinkKind::DuplicateOf if from != to => {
                Err("A ticket can only duplicate a ticket of the same kind.".into())
            }
            _ => Ok(()),
        }
    }
}

/// A link as the ticket page shows it, from this ticket's side.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketLinkView {
    pub kind: LinkKind,
    /// True when the other ticket holds the link ("Causes …" rather than "Caused by …").
    pub inverse: bool,
    pub number: String,
    pub title: String,
    pub state: TicketState,
}

/// A public reply or an internal work note.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: PersonRef,
    /// Markdown source.
    pub body: String,
    /// Sanitised HTML rendered from the Markdown.
    pub body_html: String,
    /// Work notes are for agents only; the requester never sees them.
    pub internal: bool,
    pub at: DateTime<Utc>,
}

/// One line of the audit trail: who changed what, when, from what to what.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub at: DateTime<Utc>,
    pub actor: PersonRef,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Everything the ticket page shows.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub card: TicketCard,
    pub description: String,
    pub description_html: String,
    pub caller: Option<String>,
    pub category: String,
    pub subcategory: String,
    pub first_response_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub resolution_code: Option<ResolutionCode>,
    pub resolution_notes: Option<String>,
    pub links: Vec<TicketLinkView>,
    pub comments: Vec<CommentView>,
    pub activity: Vec<ActivityEntry>,
    /// States the viewer may move the ticket to now.
    pub allowed_states: Vec<TicketState>,
    /// Whether the viewer may edit fields and write work notes.
    pub viewer_is_agent: bool,
}

/// What someone fills in to raise a ticket.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTicket {
    pub kind: TicketKind,
    /// 3 to 160 characters, leading and trailing spaces not counted.
    #[cfg_attr(feature = "openapi", schema(min_length = 3, max_length = 160))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: String,
    /// Agents may raise a ticket for someone else; requesters always raise for themselves.
    #[serde(default)]
    pub requester_id: Option<UserId>,
    #[serde(default)]
    pub caller: Option<String>,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub subcategory: String,
    pub impact: Level,
    pub urgency: Level,
    #[serde(default)]
    pub group_id: Option<GroupId>,
    #[serde(default)]
    pub assignee_id: Option<UserId>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl NewTicket {
    /// Trims text and normalises tags.
    pub fn normalised(mut self) -> Self {
        self.title = self.title.trim().to_string();
        self.description = self.description.trim_end().to_string();
        self.category = self.category.trim().to_string();
        self.subcategory = self.subcategory.trim().to_string();
        self.caller = self
            .caller
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        self.tags = normalise_tags(&self.tags);
        self
    }

    /// Checks every field; returns all problems at once.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        check_title(&self.title, &mut e);
        check_body("description", &self.description, &mut e);
        check_short("category", &self.category, &mut e);
        check_short("subcategory", &self.subcategory, &mut e);
        if let Some(c) = &self.caller {
            check_short("caller", c, &mut e);
        }
        check_tags(&self.tags, &mut e);
        e.into_result()
    }
}

/// Deserialises a field that may be absent (no change), `null` (clear) or a value (set).
fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A partial edit: absent fields stay as they are; `null` clears assignee or group.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketPatch {
    /// The version the editor saw; a newer stored version means someone else changed it first.
    pub version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Level>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "double_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub assignee_id: Option<Option<UserId>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "double_option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub group_id: Option<Option<GroupId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub major_incident: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

impl TicketPatch {
    pub fn normalised(mut self) -> Self {
        self.title = self.title.map(|t| t.trim().to_string());
        self.category = self.category.map(|t| t.trim().to_string());
        self.subcategory = self.subcategory.map(|t| t.trim().to_string());
        self.tags = self.tags.map(|t| normalise_tags(&t));
        self
    }

    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if let Some(t) = &self.title {
            check_title(t, &mut e);
        }
        if let Some(d) = &self.description {
            check_body("description", d, &mut e);
        }
        if let Some(c) = &self.category {
            check_short("category", c, &mut e);
        }
        if let Some(c) = &self.subcategory {
            check_short("subcategory", c, &mut e);
        }
        if let Some(t) = &self.tags {
            check_tags(t, &mut e);
        }
        e.into_result()
    }
}

/// Moving a ticket to another state.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionRequest {
    pub version: i32,
    pub to: TicketState,
    #[serde(default)]
    pub hold_reason: Option<HoldReason>,
    #[serde(default)]
    pub resolution_code: Option<ResolutionCode>,
    #[serde(default)]
    pub resolution_notes: Option<String>,
}

impl TransitionRequest {
    /// A move that needs nothing else.
    pub fn to(version: i32, to: TicketState) -> Self {
        TransitionRequest {
            version,
            to,
            hold_reason: None,
            resolution_code: None,
            resolution_notes: None,
        }
    }

    /// Checks that the move carries what its target state needs.
    pub fn validate(&self, kind: TicketKind) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        match requirement(self.to) {
            Requirement::HoldReason if self.hold_reason.is_none() => {
                e.add("hold_reason", "Say what the ticket is waiting for.");
            }
            Requirement::Resolution => {
                match self.resolution_code {
                    None => e.add("resolution_code", "Choose how it was resolved."),
                    Some(c) if !ResolutionCode::for_kind(kind).contains(&c) => e.add(
                        "resolution_code",
                        format!(
                            "'{}' does not apply to a {}.",
                            c.label(),
                            kind.label().to_lowercase()
                        ),
                    ),
                    Some(_) => {}
                }
                let notes = self.resolution_notes.as_deref().unwrap_or("").trim();
                if notes.is_empty() {
                    e.add(
                        "resolution_notes",
                        "Describe what fixed it, for the requester and for next time.",
                    );
                } else if notes.chars().count() > MAX_BODY {
                    e.add(
                        "resolution_notes",
                        format!("Keep it under {MAX_BODY} characters."),
                    );
                }
            }
            _ => {}
        }
        e.into_result()
    }
}

/// A reply or work note being written.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    /// 1 to 20,000 characters, not only spaces.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20000))]
    pub body: String,
    /// A work note (agents only) rather than a public reply.
    #[serde(default)]
    pub internal: bool,
}

impl NewComment {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.body.trim().is_empty() {
            e.add("body", "Write something first.");
        }
        check_body("body", &self.body, &mut e);
        e.into_result()
    }
}

/// Linking this ticket to another by number.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLink {
    pub kind: LinkKind,
    pub number: String,
}

/// Filters for the ticket list (`GET /api/v1/tickets`); every field is optional.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketQuery {
    pub kind: Option<TicketKind>,
    pub state: Option<TicketState>,
    /// 1 (critical) to 5 (planning).
    #[cfg_attr(
        feature = "openapi",
        param(minimum = 1, maximum = 5),
        schema(minimum = 1, maximum = 5)
    )]
    pub priority: Option<u8>,
    pub assignee_id: Option<i64>,
    pub group_id: Option<i64>,
    /// Only tickets raised by the caller.
    #[serde(default)]
    pub mine: bool,
    /// Only tickets that still need work.
    #[serde(default)]
    pub open: bool,
    /// Words in the title, or a ticket number.
    pub q: Option<String>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 25).
    #[cfg_attr(
        feature = "openapi",
        param(minimum = 1, maximum = 100),
        schema(minimum = 1, maximum = 100)
    )]
    pub limit: Option<u64>,
    /// `newest` first (the default) or by `priority`: P1 first, the longest waiting first
    /// within a priority (the order of a board column).
    #[serde(default)]
    pub sort: TicketSort,
}

/// The order of the ticket list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketSort {
    /// The most recently raised first.
    #[default]
    Newest,
    /// P1 first; within a priority the longest waiting first.
    Priority,
}

/// Where the next page of a list starts: after this ticket, in the list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListCursor {
    /// Tickets older than this id.
    Before(i64),
    /// Tickets after (priority, id) in priority order.
    After { priority: u8, id: i64 },
}

impl ListCursor {
    /// The cursor of the page after a ticket, for a list in `sort` order.
    pub fn after(sort: TicketSort, priority: u8, id: i64) -> ListCursor {
        match sort {
            TicketSort::Newest => ListCursor::Before(id),
            TicketSort::Priority => ListCursor::After { priority, id },
        }
    }

    /// Reads a cursor given out for a list in `sort` order; `None` for anything else.
    pub fn parse(sort: TicketSort, s: &str) -> Option<ListCursor> {
        match sort {
            TicketSort::Newest => s.parse().ok().map(ListCursor::Before),
            TicketSort::Priority => {
                let (p, id) = s.split_once('.')?;
                let priority: u8 = p.strip_prefix('p')?.parse().ok()?;
                (1..=5)
                    .contains(&priority)
                    .then_some(())
                    .and(id.parse().ok())
                    .map(|id| ListCursor::After { priority, id })
            }
        }
    }
}

impl fmt::Display for ListCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListCursor::Before(id) => write!(f, "{id}"),
            ListCursor::After { priority, id } => write!(f, "p{priority}.{id}"),
        }
    }
}

/// A ticket as "My tickets" lists it: the card and its status in the words every requester page
/// uses (a catalog request reads as on "My requests": "Waiting for approval", "Delivered").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTicket {
    pub card: TicketCard,
    pub status: String,
}

/// A page of a list that is read with a cursor (newest first).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CursorPage<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to read the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// How many match the filters in all, on the first page of a list that counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// One change applied to many selected tickets.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkAction {
    Assign {
        #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
        assignee_id: Option<UserId>,
    },
    SetPriority {
        impact: Level,
        urgency: Level,
    },
    Transition {
        to: TicketState,
    },
}

/// A bulk request: the tickets with the version each was seen at.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRequest {
    pub action: BulkAction,
    pub tickets: Vec<BulkTarget>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkTarget {
    pub number: String,
    pub version: i32,
}

/// What happened to one ticket of a bulk request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub number: String,
    pub ok: bool,
    /// Why it was not changed, in plain words.
    pub message: Option<String>,
}

/// A board view saved by a user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The board URL's query string.
    pub query: String,
}

/// Whether a ticket may carry the major-incident flag: P1 incidents only.
pub fn may_be_major(kind: TicketKind, priority: Priority) -> bool {
    kind == TicketKind::Incident && priority == Priority::P1
}

fn check_title(t: &str, e: &mut FieldErrors) {
    let n = t.chars().count();
    if n < 3 {
        e.add(
            "title",
            "Give it a short title that says what is wrong or needed (3 characters or more).",
        );
    } else if n > MAX_TITLE {
        e.add(
            "title",
            format!("Keep the title under {MAX_TITLE} characters; details go in the description."),
        );
    }
}

fn check_body(field: &str, b: &str, e: &mut FieldErrors) {
    if b.chars().count() > MAX_BODY {
        e.add(field, format!("Keep it under {MAX_BODY} characters."));
    }
}

fn check_short(field: &str, s: &str, e: &mut FieldErrors) {
    if s.chars().count() > 80 {
        e.add(field, "Keep it under 80 characters.");
    }
}

/// Lower-case, trimmed, without `#`, duplicates or empties.
pub fn normalise_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().trim_start_matches('#').to_lowercase();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn check_tags(tags: &[String], e: &mut FieldErrors) {
    if tags.len() > MAX_TAGS {
        e.add("tags", format!("Use at most {MAX_TAGS} tags."));
    }
    if let Some(bad) = tags.iter().find(|t| {
        t.chars().count() > 30
            || !t
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    }) {
        e.add(
            "tags",
            format!("'{bad}' is not a tag: use letters, digits, - or _ (up to 30)."),
        );
    }
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;

#[cfg(test)]
mod assignment_tests {
    use super::*;

    #[test]
    fn assignees_are_members_of_the_group() {
        let person = |id, name: &str| PersonRef {
            id: UserId(id),
            name: name.into(),
        };
        let o = AssignmentOptions {
            agents: vec![person(1, "Ada"), person(2, "Grace"), person(3, "Linus")],
            groups: vec![],
            members: vec![
                (GroupId(10), UserId(1)),
                (GroupId(10), UserId(3)),
                (GroupId(20), UserId(2)),
            ],
        };
        let names = |g| {
            o.agents_for(g)
                .into_iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(None), ["Ada", "Grace", "Linus"]);
        assert_eq!(names(Some(GroupId(10))), ["Ada", "Linus"]);
        assert_eq!(names(Some(GroupId(20))), ["Grace"]);
        assert!(names(Some(GroupId(99))).is_empty());
    }
}
