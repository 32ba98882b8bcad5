//! A ticket: incident, service request or problem. `version` guards against lost updates.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub seq: i64,
    #[sea_orm(unique)]
    pub number: String,
    pub title: String,
    pub description: String,
    pub requester_id: i64,
    pub caller: Option<String>,
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub category: String,
    pub subcategory: String,
    pub impact: i16,
    pub urgency: i16,
    pub priority: i16,
    pub state: String,
    pub hold_reason: Option<String>,
    pub major_incident: bool,
    pub resolution_code: Option<String>,
    pub resolution_notes: Option<String>,
    /// Comma-separated with leading and trailing commas (`,vpn,remote,`) so one tag is a LIKE away.
    pub tags: String,
    pub opened_at: DateTimeUtc,
    pub first_response_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
