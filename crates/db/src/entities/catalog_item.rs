//! A catalog item across its versions: where it sits, which version is live and which is the
//! draft being edited. `version` guards concurrent edits of the item row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalog_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub category_id: i64,
    pub live_version_id: Option<i64>,
    pub draft_version_id: Option<i64>,
    pub featured: bool,
    pub retired: bool,
    /// Requests submitted so far ("popular" on the catalog home).
    pub request_count: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
