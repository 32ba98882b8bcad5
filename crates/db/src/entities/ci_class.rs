//! A class of configuration items (server, database, business service...) and its attributes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ci_classes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Stable key (`database`).
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    /// `business_service`, `component`, `hardware` or `licence`.
    pub kind: String,
    /// The attributes' form definition, as JSON (`domain::catalog::FormSchema`).
    pub attributes: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
