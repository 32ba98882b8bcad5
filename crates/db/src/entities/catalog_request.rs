//! The catalog side of a service request ticket: which item version it was ordered from, the
//! answers as JSON (`domain::catalog::Answers`), and where its approval stands.

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
    pub approval_status: String,
    /// The stage being decided (index into the version's approval stages).
    pub approval_stage: i32,
    pub expected_by: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub rejection: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
