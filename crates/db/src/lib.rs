//! Beacon's storage layer: the tables as sea-orm entities and the migrations that create them.
//!
//! - [`entities`]: one module per table; plain data, no behaviour.
//! - [`migrations`]: the schema history, applied in order at start-up. Never edit a migration that
//!   has shipped; add a new one.
//!
//! The same schema runs on SQLite (the embedded default) and PostgreSQL.

pub mod entities;
pub mod migrations;

pub use migrations::Migrator;
pub use sea_orm;
pub use sea_orm_migration::MigratorTrait;
