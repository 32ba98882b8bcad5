//! A configuration item: common fields as columns, class attributes as JSON, and the asset or
//! licence fields its class's kind uses (NULL otherwise).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cis")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: i64,
    pub name: String,
    /// `planned`, `in_use`, `maintenance` or `retired`.
    pub status: String,
    /// `production`, `test` or `development`.
    pub environment: String,
    /// 1 (mission critical) to 4 (low).
    pub criticality: i16,
    pub owner_group_id: Option<i64>,
    pub location: String,
    pub description: String,
    /// Attribute values by key, as JSON (`domain::catalog::Answers`).
    pub attributes: String,
    pub asset_state: Option<String>,
    pub serial_number: Option<String>,
    pub asset_tag: Option<String>,
    pub assigned_to: Option<i64>,
    pub purchase_date: Option<Date>,
    pub purchase_cost_cents: Option<i64>,
    pub currency: Option<String>,
    pub supplier: Option<String>,
    pub warranty_end: Option<Date>,
    pub seats: Option<i32>,
    pub expires_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
