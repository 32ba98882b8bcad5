//! Approvals become one engine for every kind of record: `approval_flows` holds where a record's
//! approval stands (status and the stage being decided), `approvals` one approver's decision on
//! one stage. Both refer to their record by kind and id (`ticket` today; changes next), so they
//! carry no foreign key to the record's table: records are never deleted, only closed.
//!
//! The catalog's `request_approvals` rows and the status columns of `catalog_requests` are moved
//! here (ids kept, so links to a decision stay valid) and the old table and columns dropped.

use super::m20261207_000001_checked_enumerations::Allowed;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApprovalFlows {
    Table,
    RecordKind,
    RecordId,
    Status,
    Stage,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Approvals {
    Table,
    Id,
    RecordKind,
    RecordId,
    Stage,
    ApproverId,
    Decision,
    Comment,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn id_pk<T: IntoIden>(col: T) -> ColumnDef {
    big_integer(col).auto_increment().primary_key().take()
}

/// The words these tables accept (checked by the database, compared with the domain by a test).
pub const CHECKED: &[(&str, &str, Allowed)] = &[
    ("approval_flows", "record_kind", Allowed::Words(&["ticket"])),
    (
        "approval_flows",
        "status",
        Allowed::Words(&["not_required", "pending", "approved", "rejected"]),
    ),
    ("approvals", "record_kind", Allowed::Words(&["ticket"])),
    (
        "approvals",
        "decision",
        Allowed::Words(&["pending", "approved", "rejected", "not_needed", "abstained"]),
    ),
];

/// The CHECK expression for `table`.`column` from [`CHECKED`].
fn check(table: &str, column: &str) -> SimpleExpr {
    let words = CHECKED
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .and_then(|(_, _, a)| match a {
            Allowed::Words(w) => Some(*w),
            Allowed::Range(..) => None,
        })
        .unwrap_or(&[]);
    let list: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    Expr::cust(format!("{column} IN ({})", list.join(", ")))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApprovalFlows::Table)
                .col(string_len(ApprovalFlows::RecordKind, 16))
                .col(big_integer(ApprovalFlows::RecordId))
                .col(string_len(ApprovalFlows::Status, 16))
                .col(integer(ApprovalFlows::Stage).default(0))
                .col(timestamp_with_time_zone(ApprovalFlows::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ApprovalFlows::RecordKind)
                        .col(ApprovalFlows::RecordId),
                )
                .check(check("approval_flows", "record_kind"))
                .check(check("approval_flows", "status"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Approvals::Table)
                .col(id_pk(Approvals::Id))
                .col(string_len(Approvals::RecordKind, 16))
                .col(big_integer(Approvals::RecordId))
                .col(integer(Approvals::Stage))
                .col(big_integer(Approvals::ApproverId))
                .col(string_len(Approvals::Decision, 16))
                .col(text_null(Approvals::Comment))
                .col(timestamp_with_time_zone_null(Approvals::DecidedAt))
                .col(timestamp_with_time_zone(Approvals::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Approvals::Table, Approvals::ApproverId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .check(check("approvals", "record_kind"))
                .check(check("approvals", "decision"))
                .to_owned(),
        )
        .await?;
        // The inbox: my pending decisions; a record's decisions by stage.
        m.create_index(
            Index::create()
                .name("idx_approvals_approver")
                .table(Approvals::Table)
                .col(Approvals::ApproverId)
                .col(Approvals::Decision)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_approvals_record")
                .table(Approvals::Table)
                .col(Approvals::RecordKind)
                .col(Approvals::RecordId)
                .col(Approvals::Stage)
                .to_owned(),
        )
        .await?;

        let db = m.get_connection();
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        let mut moves = vec![
            "INSERT INTO approval_flows (record_kind, record_id, status, stage, created_at) \
             SELECT 'ticket', cr.ticket_id, cr.approval_status, cr.approval_stage, t.opened_at \
             FROM catalog_requests cr JOIN tickets t ON t.id = cr.ticket_id"
                .to_string(),
            "INSERT INTO approvals (id, record_kind, record_id, stage, approver_id, decision, \
             comment, decided_at, created_at) \
             SELECT id, 'ticket', ticket_id, stage, approver_id, decision, comment, decided_at, \
             created_at FROM request_approvals"
                .to_string(),
            "DROP TABLE request_approvals".to_string(),
        ];
        if postgres {
            moves.push(
                "SELECT setval(pg_get_serial_sequence('approvals', 'id'), \
                 COALESCE((SELECT MAX(id) FROM approvals), 0) + 1, false)"
                    .into(),
            );
            moves.push(
                "ALTER TABLE catalog_requests DROP COLUMN approval_status, \
                 DROP COLUMN approval_stage"
                    .into(),
            );
        } else {
            // SQLite drops a column only once no trigger names it (the enumeration checks).
            moves.extend([
                "DROP TRIGGER IF EXISTS catalog_requests_approval_status_known_insert".into(),
                "DROP TRIGGER IF EXISTS catalog_requests_approval_status_known_update".into(),
                "ALTER TABLE catalog_requests DROP COLUMN approval_status".into(),
                "ALTER TABLE catalog_requests DROP COLUMN approval_stage".into(),
            ]);
        }
        for sql in moves {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let statements = [
            "ALTER TABLE catalog_requests ADD COLUMN approval_status VARCHAR(16) NOT NULL \
             DEFAULT 'not_required'",
            "ALTER TABLE catalog_requests ADD COLUMN approval_stage INTEGER NOT NULL DEFAULT 0",
            "UPDATE catalog_requests SET \
             approval_status = (SELECT f.status FROM approval_flows f WHERE f.record_kind = \
             'ticket' AND f.record_id = catalog_requests.ticket_id), \
             approval_stage = (SELECT f.stage FROM approval_flows f WHERE f.record_kind = \
             'ticket' AND f.record_id = catalog_requests.ticket_id) \
             WHERE EXISTS (SELECT 1 FROM approval_flows f WHERE f.record_kind = 'ticket' \
             AND f.record_id = catalog_requests.ticket_id)",
            "CREATE TABLE request_approvals (id BIGINT PRIMARY KEY, ticket_id BIGINT NOT NULL, \
             stage INTEGER NOT NULL, approver_id BIGINT NOT NULL, decision VARCHAR(16) NOT NULL, \
             comment TEXT, decided_at TIMESTAMP WITH TIME ZONE, \
             created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
            "INSERT INTO request_approvals SELECT id, record_id, stage, approver_id, decision, \
             comment, decided_at, created_at FROM approvals WHERE record_kind = 'ticket'",
        ];
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        m.drop_table(Table::drop().table(Approvals::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ApprovalFlows::Table).to_owned())
            .await
    }
}
