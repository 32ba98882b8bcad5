//! Where one record's approval stands: its status and the stage being decided.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "approval_flows")]
pub struct Model {
    /// The record's kind (`ticket`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: i64,
    /// `not_required`, `pending`, `approved` or `rejected`.
    pub status: String,
    /// The stage being decided (index into the record's plan).
    pub stage: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
