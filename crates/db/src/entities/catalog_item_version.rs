//! One version of a catalog item: its whole definition as JSON (`domain::catalog::ItemDefinition`).
//! Status is `draft`, `live` or `superseded`; a published version is never edited again.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalog_item_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub number: i32,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub definition: String,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
