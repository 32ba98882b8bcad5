//! Tickets: the shared core of incidents, requests and problems, their per-kind number counters,
//! comments, audit trail, links, saved board views and WIP limits.
//!
//! The indexes follow the board's queries: each state column reads `(kind, state, priority, id)`
//! in order; finished columns read `(kind, state, updated_at)`; "mine" and "my groups" filters and
//! "My tickets" have their own.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Kind,
    Seq,
    Number,
    Title,
    Description,
    RequesterId,
    Caller,
    GroupId,
    AssigneeId,
    Category,
    Subcategory,
    Impact,
    Urgency,
    Priority,
    State,
    HoldReason,
    MajorIncident,
    ResolutionCode,
    ResolutionNotes,
    Tags,
    OpenedAt,
    FirstResponseAt,
    ResolvedAt,
    ClosedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum TicketCounters {
    Table,
    Kind,
    Last,
}

#[derive(DeriveIden)]
enum TicketComments {
    Table,
    Id,
    TicketId,
    AuthorId,
    Body,
    Internal,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketActivity {
    Table,
    Id,
    TicketId,
    ActorId,
    At,
    Field,
    OldValue,
    NewValue,
}

#[derive(DeriveIden)]
enum TicketLinks {
    Table,
    Id,
    FromId,
    ToId,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BoardViews {
    Table,
    Id,
    UserId,
    Name,
    Query,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BoardWipLimits {
    Table,
    Kind,
    ColumnKey,
    WipLimit,
    Strict,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Groups {
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

async fn index(m: &SchemaManager<'_>, name: &str, cols: Vec<Tickets>) -> Result<(), DbErr> {
    let mut idx = Index::create().name(name).table(Tickets::Table).to_owned();
    for c in cols {
        idx.col(c);
    }
    m.create_index(idx).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tickets::Table)
                .col(id_pk(Tickets::Id))
                .col(string_len(Tickets::Kind, 16))
                .col(big_integer(Tickets::Seq))
                .col(string_len_uniq(Tickets::Number, 24))
                .col(string_len(Tickets::Title, 200))
                .col(text(Tickets::Description))
                .col(big_integer(Tickets::RequesterId))
                .col(string_len_null(Tickets::Caller, 100))
                .col(big_integer_null(Tickets::GroupId))
                .col(big_integer_null(Tickets::AssigneeId))
                .col(string_len(Tickets::Category, 100))
                .col(string_len(Tickets::Subcategory, 100))
                .col(small_integer(Tickets::Impact))
                .col(small_integer(Tickets::Urgency))
                .col(small_integer(Tickets::Priority))
                .col(string_len(Tickets::State, 16))
                .col(string_len_null(Tickets::HoldReason, 32))
                .col(boolean(Tickets::MajorIncident).default(false))
                .col(string_len_null(Tickets::ResolutionCode, 32))
                .col(text_null(Tickets::ResolutionNotes))
                .col(string_len(Tickets::Tags, 400).default(""))
                .col(timestamp_with_time_zone(Tickets::OpenedAt))
                .col(timestamp_with_time_zone_null(Tickets::FirstResponseAt))
                .col(timestamp_with_time_zone_null(Tickets::ResolvedAt))
                .col(timestamp_with_time_zone_null(Tickets::ClosedAt))
                .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                .col(integer(Tickets::Version).default(1))
                .foreign_key(&mut fk(
                    Tickets::Table,
                    Tickets::RequesterId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    Tickets::Table,
                    Tickets::AssigneeId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    Tickets::Table,
                    Tickets::GroupId,
                    Groups::Table,
                    Groups::Id,
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        {
            use Tickets::*;
            index(m, "idx_tickets_board", vec![Kind, State, Priority, Id]).await?;
            index(m, "idx_tickets_recent", vec![Kind, State, UpdatedAt, Id]).await?;
            index(m, "idx_tickets_assignee", vec![AssigneeId, Kind, State]).await?;
            index(m, "idx_tickets_group", vec![GroupId, Kind, State]).await?;
            index(m, "idx_tickets_requester", vec![RequesterId, UpdatedAt]).await?;
            index(m, "idx_tickets_kind_seq", vec![Kind, Seq]).await?;
            index(m, "idx_tickets_major", vec![MajorIncident, Kind, State]).await?;
        }

        m.create_table(
            Table::create()
                .table(TicketCounters::Table)
                .col(string_len(TicketCounters::Kind, 16).primary_key())
                .col(big_integer(TicketCounters::Last))
                .to_owned(),
        )
        .await?;
        // One counter per kind from the start, so handing out numbers is always an UPDATE.
        m.exec_stmt(
            Query::insert()
                .into_table(TicketCounters::Table)
                .columns([TicketCounters::Kind, TicketCounters::Last])
                .values_panic(["incident".into(), 0i64.into()])
                .values_panic(["request".into(), 0i64.into()])
                .values_panic(["problem".into(), 0i64.into()])
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TicketComments::Table)
                .col(id_pk(TicketComments::Id))
                .col(big_integer(TicketComments::TicketId))
                .col(big_integer(TicketComments::AuthorId))
                .col(text(TicketComments::Body))
                .col(boolean(TicketComments::Internal))
                .col(timestamp_with_time_zone(TicketComments::CreatedAt))
                .foreign_key(&mut fk(
                    TicketComments::Table,
                    TicketComments::TicketId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    TicketComments::Table,
                    TicketComments::AuthorId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_comments_ticket")
                .table(TicketComments::Table)
                .col(TicketComments::TicketId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TicketActivity::Table)
                .col(id_pk(TicketActivity::Id))
                .col(big_integer(TicketActivity::TicketId))
                .col(big_integer(TicketActivity::ActorId))
                .col(timestamp_with_time_zone(TicketActivity::At))
                .col(string_len(TicketActivity::Field, 40))
                .col(text_null(TicketActivity::OldValue))
                .col(text_null(TicketActivity::NewValue))
                .foreign_key(&mut fk(
                    TicketActivity::Table,
                    TicketActivity::TicketId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    TicketActivity::Table,
                    TicketActivity::ActorId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_activity_ticket")
                .table(TicketActivity::Table)
                .col(TicketActivity::TicketId)
                .col(TicketActivity::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TicketLinks::Table)
                .col(id_pk(TicketLinks::Id))
                .col(big_integer(TicketLinks::FromId))
                .col(big_integer(TicketLinks::ToId))
                .col(string_len(TicketLinks::Kind, 16))
                .col(timestamp_with_time_zone(TicketLinks::CreatedAt))
                .foreign_key(&mut fk(
                    TicketLinks::Table,
                    TicketLinks::FromId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    TicketLinks::Table,
                    TicketLinks::ToId,
                    Tickets::Table,
                    Tickets::Id,
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_links_unique")
                .table(TicketLinks::Table)
                .col(TicketLinks::FromId)
                .col(TicketLinks::ToId)
                .col(TicketLinks::Kind)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_links_to")
                .table(TicketLinks::Table)
                .col(TicketLinks::ToId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(BoardViews::Table)
                .col(id_pk(BoardViews::Id))
                .col(big_integer(BoardViews::UserId))
                .col(string_len(BoardViews::Name, 80))
                .col(string_len(BoardViews::Query, 400))
                .col(timestamp_with_time_zone(BoardViews::CreatedAt))
                .foreign_key(&mut fk(
                    BoardViews::Table,
                    BoardViews::UserId,
                    Users::Table,
                    Users::Id,
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_board_views_user")
                .table(BoardViews::Table)
                .col(BoardViews::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(BoardWipLimits::Table)
                .col(string_len(BoardWipLimits::Kind, 16))
                .col(string_len(BoardWipLimits::ColumnKey, 40))
                .col(integer(BoardWipLimits::WipLimit))
                .col(boolean(BoardWipLimits::Strict))
                .primary_key(
                    Index::create()
                        .col(BoardWipLimits::Kind)
                        .col(BoardWipLimits::ColumnKey),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            BoardWipLimits::Table.into_iden(),
            BoardViews::Table.into_iden(),
            TicketLinks::Table.into_iden(),
            TicketActivity::Table.into_iden(),
            TicketComments::Table.into_iden(),
            TicketCounters::Table.into_iden(),
            Tickets::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
