//! The database refuses enumeration words it does not know, and numbers outside their range.
//!
//! Kinds, states, reasons, statuses, decisions and roles are stored as words (`in_progress`,
//! `awaiting_caller`, …) that people can read in the database; [`CHECKED`] lists, for each such
//! column, the words the domain writes today. PostgreSQL gets a CHECK constraint per column;
//! SQLite, which cannot add constraints to existing tables, gets a trigger per column that aborts
//! inserts and updates with another word. Readers in the service layer still parse every word and
//! fail loudly on one they do not know (`service::stored`).
//!
//! A new variant in the domain needs a migration that widens its column's check; a test in the
//! service crate compares [`CHECKED`] with the domain's enumerations so it cannot be forgotten.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What one column may hold.
pub enum Allowed {
    /// One of these words (or NULL where the column is nullable).
    Words(&'static [&'static str]),
    /// An integer in this inclusive range.
    Range(i64, i64),
}

/// The checked columns: table, column, what it may hold.
pub const CHECKED: &[(&str, &str, Allowed)] = &[
    (
        "tickets",
        "kind",
        Allowed::Words(&["incident", "request", "problem", "task"]),
    ),
    (
        "tickets",
        "state",
        Allowed::Words(&[
            "new",
            "in_progress",
            "on_hold",
            "known_error",
            "resolved",
            "closed",
            "cancelled",
        ]),
    ),
    (
        "tickets",
        "hold_reason",
        Allowed::Words(&["awaiting_caller", "awaiting_change", "awaiting_vendor"]),
    ),
    (
        "tickets",
        "resolution_code",
        Allowed::Words(&[
            "solved_permanently",
            "solved_workaround",
            "not_reproducible",
            "resolved_by_caller",
            "fulfilled",
            "root_cause_fixed",
            "duplicate",
        ]),
    ),
    ("tickets", "impact", Allowed::Range(1, 3)),
    ("tickets", "urgency", Allowed::Range(1, 3)),
    ("tickets", "priority", Allowed::Range(1, 5)),
    (
        "ticket_links",
        "kind",
        Allowed::Words(&["caused_by", "duplicate_of", "child_of"]),
    ),
    (
        "catalog_requests",
        "approval_status",
        Allowed::Words(&["not_required", "pending", "approved", "rejected"]),
    ),
    (
        "request_approvals",
        "decision",
        Allowed::Words(&["pending", "approved", "rejected", "not_needed"]),
    ),
    (
        "catalog_item_versions",
        "status",
        Allowed::Words(&["draft", "live", "superseded"]),
    ),
    (
        "user_roles",
        "role",
        Allowed::Words(&[
            "requester",
            "agent",
            "change_manager",
            "cab_member",
            "catalog_manager",
            "admin",
        ]),
    ),
];

/// The condition a value of `column` (as written, e.g. `state` or `NEW.state`) must meet.
fn condition(column: &str, allowed: &Allowed) -> String {
    match allowed {
        Allowed::Words(words) => {
            let list: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
            format!("{column} IN ({})", list.join(", "))
        }
        Allowed::Range(lo, hi) => format!("{column} BETWEEN {lo} AND {hi}"),
    }
}

fn name(table: &str, column: &str) -> String {
    format!("{table}_{column}_known")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (table, column, allowed) in CHECKED {
            for sql in add_check(db.get_database_backend(), table, column, allowed) {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (table, column, _) in CHECKED {
            for sql in drop_check(db.get_database_backend(), table, column) {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }
}

/// The statements that make the database refuse other values in `table`.`column`: a CHECK
/// constraint on PostgreSQL, insert and update triggers on SQLite. Later migrations that widen a
/// column's words drop the check with [`drop_check`] and add the wider one with this.
pub fn add_check(backend: DbBackend, table: &str, column: &str, allowed: &Allowed) -> Vec<String> {
    let name = name(table, column);
    match backend {
        DbBackend::Postgres => vec![format!(
            "ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({})",
            condition(column, allowed)
        )],
        _ => {
            let ok = condition(&format!("NEW.{column}"), allowed);
            let refuse =
                format!("BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {name}'); END");
            vec![
                format!(
                    "CREATE TRIGGER {name}_insert BEFORE INSERT ON {table} \
                     WHEN NEW.{column} IS NOT NULL AND NOT ({ok}) {refuse}"
                ),
                format!(
                    "CREATE TRIGGER {name}_update BEFORE UPDATE OF {column} ON {table} \
                     WHEN NEW.{column} IS NOT NULL AND NOT ({ok}) {refuse}"
                ),
            ]
        }
    }
}

/// The statements that remove what [`add_check`] added.
pub fn drop_check(backend: DbBackend, table: &str, column: &str) -> Vec<String> {
    let name = name(table, column);
    match backend {
        DbBackend::Postgres => vec![format!(
            "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
        )],
        _ => vec![
            format!("DROP TRIGGER IF EXISTS {name}_insert"),
            format!("DROP TRIGGER IF EXISTS {name}_update"),
        ],
    }
}
