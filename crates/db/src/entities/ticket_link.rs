//! A typed link from one ticket to another (caused by, duplicate of, child of).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub from_id: i64,
    pub to_id: i64,
    pub kind: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
