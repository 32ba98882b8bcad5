//! What the catalog pages and the API exchange: cards, the item page, requests as the requester
//! tracks them, the approvals inbox, and the admin's views of items and versions.

use super::form::{Answers, FormSchema};
use super::item::ItemDefinition;
use crate::approvals::{ApprovalStatus, Decision};
use crate::ids::{ApprovalId, CatalogItemId, CategoryId, GroupId};
use crate::tickets::{PersonRef, TicketState};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A category tile on the catalog home.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCard {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    /// Items in it that the viewer may order.
    pub items: u32,
}

/// An item in a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCard {
    pub id: CatalogItemId,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub icon: String,
    pub category: String,
    pub category_slug: String,
    pub delivery_days: Option<u32>,
    /// The cost in words ("€1,249.00"), when there is one.
    pub cost: Option<String>,
    pub featured: bool,
    /// Whether ordering it needs approval.
    pub needs_approval: bool,
}

/// The catalog home: categories, featured and popular items.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogHome {
    pub categories: Vec<CategoryCard>,
    pub featured: Vec<ItemCard>,
    pub popular: Vec<ItemCard>,
}

/// Items of a category or a search, best first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemList {
    pub items: Vec<ItemCard>,
    /// How many matched before the list was cut.
    pub total: u32,
}

/// Browsing or searching the catalog.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogQuery {
    /// Words to search for (typos forgiven).
    #[serde(default)]
    pub q: Option<String>,
    /// A category's slug.
    #[serde(default)]
    pub category: Option<String>,
    /// At most this many items: 1 to 200 when browsing (default 50), 1 to 500 in the catalog
    /// administration (default 100).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1), schema(minimum = 1))]
    pub limit: Option<u32>,
}

/// The item page: what it is and the form to order it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemPage {
    pub card: ItemCard,
    /// The live version's number; a request keeps it.
    pub version: i32,
    /// The description, rendered from Markdown and sanitised.
    pub description_html: String,
    pub audience_note: String,
    /// The approval stages in plain words ("Your manager", "Security team: 2 of 3 approvers").
    pub approval_steps: Vec<String>,
    pub form: FormSchema,
}

/// One answer as people read it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub label: String,
    pub value: String,
}

/// An approver's part in a stage.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverView {
    pub approval: ApprovalId,
    pub person: PersonRef,
    pub decision: Decision,
    pub comment: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// One stage of a request's approval.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageView {
    pub name: String,
    /// "1 of 3 approvers".
    pub rule: String,
    /// "Waiting", "Approved", "Rejected", "Not started".
    pub status: String,
    pub approvers: Vec<ApproverView>,
}

/// One fulfilment task as the request shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub title: String,
    pub group: Option<String>,
    /// The task's ticket number once created (shown to agents only).
    pub number: Option<String>,
    pub state: Option<TicketState>,
    /// "Not started yet", "Being worked on", "Done".
    pub status: String,
}

/// A request as its requester (and its approvers) track it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub number: String,
    pub item: String,
    pub item_slug: String,
    pub item_version: i32,
    pub requester: PersonRef,
    pub submitted_at: DateTime<Utc>,
    pub state: TicketState,
    /// Where it stands, in plain words ("Waiting for approval").
    pub status: String,
    pub approval: ApprovalStatus,
    /// Why it was rejected, when it was.
    pub rejection: Option<String>,
    pub expected_by: Option<NaiveDate>,
    pub cost: Option<String>,
    pub answers: Vec<AnswerLine>,
    pub stages: Vec<StageView>,
    pub tasks: Vec<TaskView>,
    /// The viewer's own pending approval, when they may decide now.
    pub my_approval: Option<ApprovalId>,
    /// Whether the viewer works tickets (and may open the agent's ticket page).
    pub viewer_is_agent: bool,
}

/// A request in "My requests".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub number: String,
    pub item: String,
    pub icon: String,
    pub submitted_at: DateTime<Utc>,
    pub state: TicketState,
    pub status: String,
    pub expected_by: Option<NaiveDate>,
}

/// A request waiting for the viewer's decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalTask {
    pub approval: ApprovalId,
    pub number: String,
    pub item: String,
    pub icon: String,
    pub requester: PersonRef,
    pub stage: String,
    pub submitted_at: DateTime<Utc>,
    pub cost: Option<String>,
    pub answers: Vec<AnswerLine>,
}

/// What a requester sends to order an item.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewRequest {
    /// Answers by the form's field keys.
    pub answers: Answers,
}

/// The answer of a submitted order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedRequest {
    pub number: String,
}

/// An approver's decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRequest {
    pub approve: bool,
    /// Required when rejecting: the requester reads it.
    #[serde(default)]
    pub comment: String,
}

/// A category as the admin edits it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryInput {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub icon: String,
    #[serde(default)]
    pub position: i32,
}

/// An item in the admin list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminItemRow {
    pub id: CatalogItemId,
    pub slug: String,
    pub name: String,
    pub category: String,
    pub live_version: Option<i32>,
    pub draft_version: Option<i32>,
    pub featured: bool,
    pub retired: bool,
    pub requests: i64,
    pub updated_at: DateTime<Utc>,
}

/// A page of the admin's item list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminItemList {
    pub items: Vec<AdminItemRow>,
    /// How many items matched before the list was cut.
    pub total: u32,
}

/// One version in an item's history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub number: i32,
    /// "draft", "live", "superseded".
    pub status: String,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// An item as the admin edits it: the draft (or a copy of the live version to start one).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemEditor {
    pub id: CatalogItemId,
    pub slug: String,
    pub category: CategoryId,
    pub featured: bool,
    pub retired: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub definition: ItemDefinition,
    /// The draft's number, when a draft exists.
    pub draft_version: Option<i32>,
    pub live_version: Option<i32>,
    pub versions: Vec<VersionInfo>,
    /// The item row's version, to send back with the next save.
    pub version: i32,
}

/// Saving an item's draft (or creating an item).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDraft {
    /// The item's version as the editor loaded it (`None` when creating): a save over someone
    /// else's newer save is refused.
    #[serde(default)]
    pub version: Option<i32>,
    pub slug: String,
    pub category: CategoryId,
    #[serde(default)]
    pub featured: bool,
    pub definition: ItemDefinition,
}

/// Names for the references an exported item makes, so it can be imported elsewhere.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceNames {
    /// Group id → group name, as `[id, name]` pairs.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = id_name_pairs))]
    pub groups: Vec<(GroupId, String)>,
    /// Department id → department name, as `[id, name]` pairs.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = id_name_pairs))]
    pub departments: Vec<(crate::ids::DepartmentId, String)>,
    /// User id → username, as `[id, name]` pairs.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = id_name_pairs))]
    pub users: Vec<(crate::ids::UserId, String)>,
}

/// The schema of `[[id, name], …]`: each entry exactly an integer id and a string.
#[cfg(feature = "openapi")]
fn id_name_pairs() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{
        ArrayBuilder, ArrayItems, KnownFormat, ObjectBuilder, SchemaFormat, Type,
    };
    let id = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)));
    let name = ObjectBuilder::new().schema_type(Type::String);
    let pair = ArrayBuilder::new()
        .prefix_items([id.build(), name.build()])
        .items(ArrayItems::False)
        .min_items(Some(2))
        .max_items(Some(2));
    ArrayBuilder::new().items(pair).build()
}

/// An item as one portable JSON document (export and import).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDocument {
    /// Always [`ItemDocument::FORMAT`].
    pub format: String,
    pub slug: String,
    /// The category's slug.
    pub category: String,
    #[serde(default)]
    pub featured: bool,
    pub definition: ItemDefinition,
    #[serde(default)]
    pub references: ReferenceNames,
}

impl ItemDocument {
    pub const FORMAT: &'static str = "beacon.catalog-item/1";
}

/// Where a request stands, in the requester's words.
pub fn request_status(
    state: TicketState,
    approval: ApprovalStatus,
    hold: Option<crate::tickets::HoldReason>,
) -> &'static str {
    match (state, approval) {
        (TicketState::Cancelled, ApprovalStatus::Rejected) => "Rejected",
        (TicketState::Cancelled, _) => "Withdrawn",
        (TicketState::Closed, _) => "Closed",
        (TicketState::Resolved, _) => "Delivered: please confirm",
        (_, ApprovalStatus::Pending) => "Waiting for approval",
        (TicketState::New, _) => "Approved, waiting to start",
        (TicketState::OnHold, _) => crate::tickets::lifecycle::requester_status(state, hold),
        _ => "Being fulfilled",
    }
}

/// What a slug must look like, in words.
pub const SLUG_RULE: &str = "Use 2 to 60 lower-case letters, digits and dashes, with at least one letter (a number alone would be read as an item number).";

/// A slug: lower-case letters, digits and dashes, for URLs, with at least one letter (addresses
/// made of digits alone name items by their number).
pub fn valid_slug(s: &str) -> bool {
    (2..=60).contains(&s.len())
        && s.chars().any(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Turns a name into a slug ("VPN access" → "vpn-access").
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for w in super::search::words(name) {
        let w: String = w.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_status_words() {
        use crate::tickets::HoldReason;
        use ApprovalStatus as A;
        use TicketState as S;
        let table = [
            (S::New, A::Pending, None, "Waiting for approval"),
            (S::New, A::Approved, None, "Approved, waiting to start"),
            (S::New, A::NotRequired, None, "Approved, waiting to start"),
            (S::InProgress, A::Approved, None, "Being fulfilled"),
            (
                S::OnHold,
                A::Approved,
                Some(HoldReason::AwaitingCaller),
                "Waiting for your reply",
            ),
            (
                S::Resolved,
                A::NotRequired,
                None,
                "Delivered: please confirm",
            ),
            (S::Closed, A::Approved, None, "Closed"),
            (S::Cancelled, A::Rejected, None, "Rejected"),
            (S::Cancelled, A::Pending, None, "Withdrawn"),
        ];
        for (state, approval, hold, words) in table {
            assert_eq!(
                request_status(state, approval, hold),
                words,
                "{state:?} {approval:?}"
            );
        }
    }

    #[test]
    fn slugs() {
        for (name, slug) in [
            ("VPN access", "vpn-access"),
            ("Laptop (standard)", "laptop-standard"),
            ("Café badge", "cafe-badge"),
            ("  New   starter ", "new-starter"),
        ] {
            assert_eq!(slugify(name), slug);
            assert!(valid_slug(slug), "{slug}");
        }
        for bad in ["", "a", "-a", "a-", "A-b", "a b", "ü", "365", "2-4"] {
            assert!(!valid_slug(bad), "{bad:?}");
        }
    }
}
