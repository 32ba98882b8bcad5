//! The schema history. Each migration is applied once, in order, at start-up.

use sea_orm_migration::prelude::*;

mod m20261122_000001_create_identity;
mod m20261122_000002_create_tickets;
mod m20261122_000003_create_catalog;
mod m20261202_000001_settings_and_security_log;
pub mod m20261207_000001_checked_enumerations;
pub mod m20261207_000002_shared_approvals;
pub mod m20261207_000003_cmdb;

/// Applies Beacon's migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_identity::Migration),
            Box::new(m20261122_000002_create_tickets::Migration),
            Box::new(m20261122_000003_create_catalog::Migration),
            Box::new(m20261202_000001_settings_and_security_log::Migration),
            Box::new(m20261207_000001_checked_enumerations::Migration),
            Box::new(m20261207_000002_shared_approvals::Migration),
            Box::new(m20261207_000003_cmdb::Migration),
        ]
    }
}
