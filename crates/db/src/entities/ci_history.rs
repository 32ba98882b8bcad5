//! One changed field of one edit of a configuration item: who, when, old → new, in words.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ci_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub ci_id: i64,
    pub actor_id: Option<i64>,
    pub at: DateTimeUtc,
    /// `status`, `attributes.memory_gb`, or `created` for the first line.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
