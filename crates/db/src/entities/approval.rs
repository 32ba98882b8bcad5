//! One approver's decision on one stage of one record's approval.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "approvals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The record's kind (`ticket`).
    pub record_kind: String,
    pub record_id: i64,
    pub stage: i32,
    pub approver_id: i64,
    /// `pending`, `approved`, `rejected`, `not_needed` or `abstained`.
    pub decision: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
