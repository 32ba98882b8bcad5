//! One line of the security log: a failed or throttled sign-in and similar moments.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "security_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    /// `sign_in_failed`, `sign_in_throttled`.
    pub kind: String,
    pub username: Option<String>,
    /// The client's address as the server saw it (or as the trusted proxy reported it).
    pub client: Option<String>,
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
