//! The service catalog: categories, items and their versions, catalog requests with their
//! answers and approval state, approvers' decisions, fulfilment tasks, and a revision counter
//! that tells every server when the published catalog changed. Also the number counter of the
//! new ticket kind, fulfilment tasks (TSK).
//!
//! An item's versions hold its whole definition as one JSON document (form, approvals, tasks,
//! audience); the item row points at its live and draft versions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CatalogCategories {
    Table,
    Id,
    Slug,
    Name,
    Description,
    Icon,
    Position,
}

#[derive(DeriveIden)]
enum CatalogItems {
    Table,
    Id,
    Slug,
    CategoryId,
    LiveVersionId,
    DraftVersionId,
    Featured,
    Retired,
    RequestCount,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CatalogItemVersions {
    Table,
    Id,
    ItemId,
    Number,
    Status,
    Definition,
    AuthorId,
    CreatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum CatalogRequests {
    Table,
    TicketId,
    ItemId,
    VersionId,
    Answers,
    ApprovalStatus,
    ApprovalStage,
    ExpectedBy,
    Rejection,
}

#[derive(DeriveIden)]
enum RequestApprovals {
    Table,
    Id,
    TicketId,
    Stage,
    ApproverId,
    Decision,
    Comment,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RequestTasks {
    Table,
    TaskId,
    RequestId,
    Position,
}

#[derive(DeriveIden)]
enum CatalogRevision {
    Table,
    Id,
    Revision,
}

#[derive(DeriveIden)]
enum TicketCounters {
    Table,
    Kind,
    Last,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn id_pk<T: IntoIden>(col: T) -> ColumnDef {
    big_integer(col).auto_increment().primary_key().take()
}

fn fk(
    from_table: impl IntoIden + 'static,
    from_col: impl IntoIden + 'static,
    to_table: impl IntoIden + 'static,
    to_col: impl IntoIden + 'static,
    action: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(action)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CatalogCategories::Table)
                .col(id_pk(CatalogCategories::Id))
                .col(string_uniq(CatalogCategories::Slug))
                .col(string(CatalogCategories::Name))
                .col(text(CatalogCategories::Description))
                .col(string(CatalogCategories::Icon))
                .col(integer(CatalogCategories::Position).default(0))
                .to_owned(),
        )
        .await?;

        // The version pointers are plain columns: versions point back at their item, and a
        // foreign key each way would make the two tables impossible to fill in order.
        m.create_table(
            Table::create()
                .table(CatalogItems::Table)
                .col(id_pk(CatalogItems::Id))
                .col(string_uniq(CatalogItems::Slug))
                .col(big_integer(CatalogItems::CategoryId))
                .col(big_integer_null(CatalogItems::LiveVersionId))
                .col(big_integer_null(CatalogItems::DraftVersionId))
                .col(boolean(CatalogItems::Featured).default(false))
                .col(boolean(CatalogItems::Retired).default(false))
                .col(big_integer(CatalogItems::RequestCount).default(0))
                .col(timestamp_with_time_zone(CatalogItems::CreatedAt))
                .col(timestamp_with_time_zone(CatalogItems::UpdatedAt))
                .col(integer(CatalogItems::Version).default(1))
                .foreign_key(&mut fk(
                    CatalogItems::Table,
                    CatalogItems::CategoryId,
                    CatalogCategories::Table,
                    CatalogCategories::Id,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CatalogItemVersions::Table)
                .col(id_pk(CatalogItemVersions::Id))
                .col(big_integer(CatalogItemVersions::ItemId))
                .col(integer(CatalogItemVersions::Number))
                .col(string_len(CatalogItemVersions::Status, 16))
                .col(text(CatalogItemVersions::Definition))
                .col(big_integer_null(CatalogItemVersions::AuthorId))
                .col(timestamp_with_time_zone(CatalogItemVersions::CreatedAt))
                .col(timestamp_with_time_zone_null(
                    CatalogItemVersions::PublishedAt,
                ))
                .foreign_key(&mut fk(
                    CatalogItemVersions::Table,
                    CatalogItemVersions::ItemId,
                    CatalogItems::Table,
                    CatalogItems::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    CatalogItemVersions::Table,
                    CatalogItemVersions::AuthorId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_catalog_item_versions_item_number")
                .table(CatalogItemVersions::Table)
                .col(CatalogItemVersions::ItemId)
                .col(CatalogItemVersions::Number)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CatalogRequests::Table)
                .col(big_integer(CatalogRequests::TicketId).primary_key().take())
                .col(big_integer(CatalogRequests::ItemId))
                .col(big_integer(CatalogRequests::VersionId))
                .col(text(CatalogRequests::Answers))
                .col(string_len(CatalogRequests::ApprovalStatus, 16))
                .col(integer(CatalogRequests::ApprovalStage).default(0))
                .col(date_null(CatalogRequests::ExpectedBy))
                .col(text_null(CatalogRequests::Rejection))
                .foreign_key(&mut fk(
                    CatalogRequests::Table,
                    CatalogRequests::TicketId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    CatalogRequests::Table,
                    CatalogRequests::ItemId,
                    CatalogItems::Table,
                    CatalogItems::Id,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    CatalogRequests::Table,
                    CatalogRequests::VersionId,
                    CatalogItemVersions::Table,
                    CatalogItemVersions::Id,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RequestApprovals::Table)
                .col(id_pk(RequestApprovals::Id))
                .col(big_integer(RequestApprovals::TicketId))
                .col(integer(RequestApprovals::Stage))
                .col(big_integer(RequestApprovals::ApproverId))
                .col(string_len(RequestApprovals::Decision, 16))
                .col(text_null(RequestApprovals::Comment))
                .col(timestamp_with_time_zone_null(RequestApprovals::DecidedAt))
                .col(timestamp_with_time_zone(RequestApprovals::CreatedAt))
                .foreign_key(&mut fk(
                    RequestApprovals::Table,
                    RequestApprovals::TicketId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    RequestApprovals::Table,
                    RequestApprovals::ApproverId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        // The approvals inbox: my pending decisions.
        m.create_index(
            Index::create()
                .name("idx_request_approvals_approver")
                .table(RequestApprovals::Table)
                .col(RequestApprovals::ApproverId)
                .col(RequestApprovals::Decision)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_request_approvals_ticket")
                .table(RequestApprovals::Table)
                .col(RequestApprovals::TicketId)
                .col(RequestApprovals::Stage)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RequestTasks::Table)
                .col(big_integer(RequestTasks::TaskId).primary_key().take())
                .col(big_integer(RequestTasks::RequestId))
                .col(integer(RequestTasks::Position))
                .foreign_key(&mut fk(
                    RequestTasks::Table,
                    RequestTasks::TaskId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    RequestTasks::Table,
                    RequestTasks::RequestId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_request_tasks_request")
                .table(RequestTasks::Table)
                .col(RequestTasks::RequestId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CatalogRevision::Table)
                .col(integer(CatalogRevision::Id).primary_key())
                .col(big_integer(CatalogRevision::Revision))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(CatalogRevision::Table)
                .columns([CatalogRevision::Id, CatalogRevision::Revision])
                .values_panic([1i32.into(), 0i64.into()])
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(TicketCounters::Table)
                .columns([TicketCounters::Kind, TicketCounters::Last])
                .values_panic(["task".into(), 0i64.into()])
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.exec_stmt(
            Query::delete()
                .from_table(TicketCounters::Table)
                .and_where(Expr::col(TicketCounters::Kind).eq("task"))
                .to_owned(),
        )
        .await?;
        for t in [
            CatalogRevision::Table.into_iden(),
            RequestTasks::Table.into_iden(),
            RequestApprovals::Table.into_iden(),
            CatalogRequests::Table.into_iden(),
            CatalogItemVersions::Table.into_iden(),
            CatalogItems::Table.into_iden(),
            CatalogCategories::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
