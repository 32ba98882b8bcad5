//! A configuration item's common fields, their checks, and the history line of an edit: which
//! fields changed, from what to what, in words people read.

use super::model::{CiStatus, Criticality, Environment};
use crate::catalog::{Answer, Answers};
use crate::ids::GroupId;
use crate::users::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Most tags on one CI, and longest tag.
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_LEN: usize = 40;

/// The fields every CI has, as created or edited (its class is chosen once, at creation).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiFields {
    pub name: String,
    pub status: CiStatus,
    pub environment: Environment,
    pub criticality: Criticality,
    #[serde(default)]
    pub owner_group: Option<GroupId>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Markdown; sanitised when shown.
    #[serde(default)]
    pub description: String,
    /// Class attributes by key.
    #[serde(default)]
    pub attributes: Answers,
}

impl CiFields {
    /// Checks the common fields and tidies them (trimmed name and location, tags lower-cased,
    /// trimmed, without repeats, sorted as they are read back). Every problem at once, by field.
    pub fn tidy(mut self) -> Result<CiFields, FieldErrors> {
        let mut e = FieldErrors::default();
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            e.add("name", "Give the CI a name.");
        } else if self.name.chars().count() > 120 {
            e.add("name", "Keep the name under 120 characters.");
        }
        self.location = self.location.trim().to_string();
        if self.location.chars().count() > 120 {
            e.add("location", "Keep the location under 120 characters.");
        }
        if self.description.chars().count() > 20_000 {
            e.add(
                "description",
                "Keep the description under 20,000 characters.",
            );
        }
        let mut seen = BTreeSet::new();
        let mut tags = Vec::new();
        for t in &self.tags {
            let t = t.trim().to_lowercase();
            if t.is_empty() {
                continue;
            }
            if t.chars().count() > MAX_TAG_LEN {
                e.add(
                    "tags",
                    format!("Keep each tag under {MAX_TAG_LEN} characters."),
                );
            } else if seen.insert(t.clone()) {
                tags.push(t);
            }
        }
        if tags.len() > MAX_TAGS {
            e.add("tags", format!("Use at most {MAX_TAGS} tags."));
        }
        tags.sort_unstable();
        self.tags = tags;
        e.into_result().map(|()| self)
    }
}

/// One field of an edit, as the CI's history shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's key (`status`, `attributes.memory_gb`).
    pub field: String,
    /// Before and after, as people read them; `None` for "not set".
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The fields an edit changed, in a fixed order (common fields, then attributes by key).
/// `group_name` names an owner group for people.
pub fn changes(
    old: &CiFields,
    new: &CiFields,
    group_name: impl Fn(GroupId) -> String,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut push = |field: &str, o: Option<String>, n: Option<String>| {
        if o != n {
            out.push(FieldChange {
                field: field.to_string(),
                old: o,
                new: n,
            });
        }
    };
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    push("name", text(&old.name), text(&new.name));
    push(
        "status",
        Some(old.status.label().into()),
        Some(new.status.label().into()),
    );
    push(
        "environment",
        Some(old.environment.label().into()),
        Some(new.environment.label().into()),
    );
    let crit = |c: Criticality| format!("{} ({})", c.get(), c.label());
    push(
        "criticality",
        Some(crit(old.criticality)),
        Some(crit(new.criticality)),
    );
    push(
        "owner_group",
        old.owner_group.map(&group_name),
        new.owner_group.map(&group_name),
    );
    push("location", text(&old.location), text(&new.location));
    let tags = |t: &[String]| (!t.is_empty()).then(|| t.join(", "));
    push("tags", tags(&old.tags), tags(&new.tags));
    // The description can be long: the history says that it changed, not the whole text.
    if old.description != new.description {
        push(
            "description",
            text(&old.description).map(|_| "(previous text)".to_string()),
            text(&new.description).map(|_| "(new text)".to_string()),
        );
    }
    let keys: BTreeSet<&String> = old.attributes.keys().chain(new.attributes.keys()).collect();
    for k in keys {
        push(
            &format!("attributes.{k}"),
            old.attributes.get(k).map(answer_text),
            new.attributes.get(k).map(answer_text),
        );
    }
    out
}

/// An attribute value as people read it.
pub fn answer_text(a: &Answer) -> String {
    match a {
        Answer::Text(t) | Answer::Choice(t) => t.clone(),
        Answer::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Answer::Number(n) => n.to_string(),
        Answer::Date(d) => d.format("%-d %b %Y").to_string(),
        Answer::Choices(c) => c.join(", "),
        Answer::Bool(true) => "Yes".into(),
        Answer::Bool(false) => "No".into(),
        Answer::User(u) => format!("user {u}"),
    }
}

/// A configuration item as read back: its class and fields at a version.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiRecord {
    pub id: crate::ids::CiId,
    pub class_id: crate::ids::CiClassId,
    pub class_name: String,
    pub class_kind: super::class::ClassKind,
    pub fields: CiFields,
    /// Goes up by one with every edit; an edit names the version it was made on.
    pub version: i32,
}

/// One row of the CI list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiRow {
    pub id: crate::ids::CiId,
    pub name: String,
    pub class_id: crate::ids::CiClassId,
    pub class_name: String,
    pub status: CiStatus,
    pub environment: Environment,
    pub criticality: Criticality,
    pub location: String,
}

/// Filters and page of the CI list (`GET /api/v1/cis`); every field is optional.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiQuery {
    /// Words in the name.
    pub q: Option<String>,
    /// A class's id.
    pub class: Option<i64>,
    pub status: Option<CiStatus>,
    pub environment: Option<Environment>,
    /// CIs carrying this tag.
    pub tag: Option<String>,
    /// 1-based page (default 1).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 10000))]
    pub page: Option<u64>,
    /// Rows per page, 1 to 100 (default 25).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u64>,
}
