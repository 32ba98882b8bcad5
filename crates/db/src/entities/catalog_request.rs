//! The catalog side of a service request ticket: which item version it was ordered from, the
//! answers as JSON (`domain::catalog::Answers`), when it is expected, and why it was rejected.
//! Where its approval stands is the approval engine's (`approval_flow`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalog_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ticket_id: i64,
    pub item_id: i64,
    pub version_id: i64,
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub expected_by: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub rejection: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
