//! Installation settings and the security log.
//!
//! - `settings`: one row per key, e.g. `installation` = `demo` or `production`, written when the
//!   first start fills an empty database, so the sign-in page offers demo accounts only on a demo
//!   installation whatever flags a later start is given.
//! - `security_events`: sign-in failures, throttled attempts and other security-relevant moments,
//!   with the account name and client address, for administrators and auditors.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
}

#[derive(DeriveIden)]
enum SecurityEvents {
    Table,
    Id,
    OccurredAt,
    Kind,
    Username,
    Client,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SecurityEvents::Table)
                .col(
                    big_integer(SecurityEvents::Id)
                        .auto_increment()
                        .primary_key(),
                )
                .col(timestamp_with_time_zone(SecurityEvents::OccurredAt))
                .col(string_len(SecurityEvents::Kind, 32))
                .col(string_len_null(SecurityEvents::Username, 255))
                .col(string_len_null(SecurityEvents::Client, 64))
                .col(text(SecurityEvents::Detail))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_security_events_occurred")
                .table(SecurityEvents::Table)
                .col(SecurityEvents::OccurredAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SecurityEvents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Settings::Table).to_owned())
            .await?;
        Ok(())
    }
}
