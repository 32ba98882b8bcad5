//! The CMDB's tables and the configuration manager role.
//!
//! - `ci_classes`: classes of configuration items as data (kind, icon, attributes as a JSON
//!   form definition, the catalog's field kinds).
//! - `cis`: configuration items. Common fields as columns, class attributes as JSON; hardware
//!   asset fields (lifecycle state, serial number, asset tag, holder, purchase, warranty) and
//!   licence fields (seats, expiry) are NULL for classes of other kinds.
//! - `ci_tags`: a CI's tags, one row each, so lists filter by tag through an index.
//! - `ci_relationships`: "source kind target", unique per triple; both ends indexed, as impact
//!   analysis reads a layer of the graph by either end.
//! - `ci_history`: one row per changed field of an edit (who, when, old → new, in words).
//!
//! `user_roles.role` is widened to accept `configuration_manager`.

use super::m20261207_000001_checked_enumerations::{Allowed, add_check, drop_check};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ROLES_BEFORE: &[&str] = &[
    "requester",
    "agent",
    "change_manager",
    "cab_member",
    "catalog_manager",
    "admin",
];

/// The words these tables accept (checked by the database, compared with the domain by a test).
/// `user_roles.role` is listed with its words from this migration on.
pub const CHECKED: &[(&str, &str, Allowed)] = &[
    (
        "user_roles",
        "role",
        Allowed::Words(&[
            "requester",
            "agent",
            "change_manager",
            "cab_member",
            "catalog_manager",
            "configuration_manager",
            "admin",
        ]),
    ),
    (
        "ci_classes",
        "kind",
        Allowed::Words(&["business_service", "component", "hardware", "licence"]),
    ),
    (
        "cis",
        "status",
        Allowed::Words(&["planned", "in_use", "maintenance", "retired"]),
    ),
    (
        "cis",
        "environment",
        Allowed::Words(&["production", "test", "development"]),
    ),
    ("cis", "criticality", Allowed::Range(1, 4)),
    (
        "cis",
        "asset_state",
        Allowed::Words(&[
            "ordered",
            "received",
            "in_stock",
            "deployed",
            "in_repair",
            "retired",
            "disposed",
        ]),
    ),
    (
        "ci_relationships",
        "kind",
        Allowed::Words(&["depends_on", "runs_on", "connects_to", "part_of"]),
    ),
];

#[derive(DeriveIden)]
enum CiClasses {
    Table,
    Id,
    Key,
    Name,
    Description,
    Icon,
    Kind,
    Attributes,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Cis {
    Table,
    Id,
    ClassId,
    Name,
    Status,
    Environment,
    Criticality,
    OwnerGroupId,
    Location,
    Description,
    Attributes,
    AssetState,
    SerialNumber,
    AssetTag,
    AssignedTo,
    PurchaseDate,
    PurchaseCostCents,
    Currency,
    Supplier,
    WarrantyEnd,
    Seats,
    ExpiresOn,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CiTags {
    Table,
    CiId,
    Tag,
}

#[derive(DeriveIden)]
enum CiRelationships {
    Table,
    Id,
    SourceId,
    TargetId,
    Kind,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CiHistory {
    Table,
    Id,
    CiId,
    ActorId,
    At,
    Field,
    OldValue,
    NewValue,
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

/// The CHECK expression for `table`.`column` from [`CHECKED`].
fn check(table: &str, column: &str) -> SimpleExpr {
    let allowed = CHECKED
        .iter()
        .find(|(t, c, _)| *t == table && *c == column)
        .map(|(_, _, a)| a);
    Expr::cust(match allowed {
        Some(Allowed::Words(words)) => {
            let list: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
            format!("{column} IN ({})", list.join(", "))
        }
        Some(Allowed::Range(lo, hi)) => format!("{column} BETWEEN {lo} AND {hi}"),
        None => "1 = 0".to_string(),
    })
}

fn fk(
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let roles = &CHECKED[0].2;
        let mut widen = drop_check(backend, "user_roles", "role");
        widen.extend(add_check(backend, "user_roles", "role", roles));
        // One batch, so one connection: a second SQLite connection of the pool may still hold
        // the schema from before the drop and refuse the new trigger as existing.
        db.execute_unprepared(&widen.join(";\n")).await?;

        m.create_table(
            Table::create()
                .table(CiClasses::Table)
                .col(id_pk(CiClasses::Id))
                .col(string_len_uniq(CiClasses::Key, 40))
                .col(string_len(CiClasses::Name, 60))
                .col(text(CiClasses::Description).default(""))
                .col(string_len(CiClasses::Icon, 20))
                .col(string_len(CiClasses::Kind, 20))
                .col(text(CiClasses::Attributes))
                .col(integer(CiClasses::Version).default(1))
                .col(timestamp_with_time_zone(CiClasses::CreatedAt))
                .col(timestamp_with_time_zone(CiClasses::UpdatedAt))
                .check(check("ci_classes", "kind"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Cis::Table)
                .col(id_pk(Cis::Id))
                .col(big_integer(Cis::ClassId))
                .col(string_len(Cis::Name, 120))
                .col(string_len(Cis::Status, 16))
                .col(string_len(Cis::Environment, 16))
                .col(small_integer(Cis::Criticality))
                .col(big_integer_null(Cis::OwnerGroupId))
                .col(string_len(Cis::Location, 120).default(""))
                .col(text(Cis::Description).default(""))
                .col(text(Cis::Attributes))
                .col(string_len_null(Cis::AssetState, 16))
                .col(string_len_null(Cis::SerialNumber, 80).unique_key())
                .col(string_len_null(Cis::AssetTag, 40).unique_key())
                .col(big_integer_null(Cis::AssignedTo))
                .col(date_null(Cis::PurchaseDate))
                .col(big_integer_null(Cis::PurchaseCostCents))
                .col(string_len_null(Cis::Currency, 3))
                .col(string_len_null(Cis::Supplier, 120))
                .col(date_null(Cis::WarrantyEnd))
                .col(integer_null(Cis::Seats))
                .col(date_null(Cis::ExpiresOn))
                .col(integer(Cis::Version).default(1))
                .col(timestamp_with_time_zone(Cis::CreatedAt))
                .col(timestamp_with_time_zone(Cis::UpdatedAt))
                .foreign_key(&mut fk(
                    (Cis::Table, Cis::ClassId),
                    (CiClasses::Table, CiClasses::Id),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    (Cis::Table, Cis::OwnerGroupId),
                    (Groups::Table, Groups::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    (Cis::Table, Cis::AssignedTo),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .check(check("cis", "status"))
                .check(check("cis", "environment"))
                .check(check("cis", "criticality"))
                .check(check("cis", "asset_state"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_cis_class_name", vec![Cis::ClassId, Cis::Name]),
            ("idx_cis_name", vec![Cis::Name]),
            ("idx_cis_status", vec![Cis::Status, Cis::Id]),
            ("idx_cis_assigned", vec![Cis::AssignedTo]),
            ("idx_cis_owner_group", vec![Cis::OwnerGroupId]),
        ] {
            let mut index = Index::create().name(name).table(Cis::Table).to_owned();
            for c in cols {
                index.col(c);
            }
            m.create_index(index).await?;
        }

        m.create_table(
            Table::create()
                .table(CiTags::Table)
                .col(big_integer(CiTags::CiId))
                .col(string_len(CiTags::Tag, 40))
                .primary_key(Index::create().col(CiTags::CiId).col(CiTags::Tag))
                .foreign_key(&mut fk(
                    (CiTags::Table, CiTags::CiId),
                    (Cis::Table, Cis::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ci_tags_tag")
                .table(CiTags::Table)
                .col(CiTags::Tag)
                .col(CiTags::CiId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CiRelationships::Table)
                .col(id_pk(CiRelationships::Id))
                .col(big_integer(CiRelationships::SourceId))
                .col(big_integer(CiRelationships::TargetId))
                .col(string_len(CiRelationships::Kind, 16))
                .col(big_integer_null(CiRelationships::CreatedBy))
                .col(timestamp_with_time_zone(CiRelationships::CreatedAt))
                .foreign_key(&mut fk(
                    (CiRelationships::Table, CiRelationships::SourceId),
                    (Cis::Table, Cis::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (CiRelationships::Table, CiRelationships::TargetId),
                    (Cis::Table, Cis::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (CiRelationships::Table, CiRelationships::CreatedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .check(check("ci_relationships", "kind"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ci_relationships_unique")
                .table(CiRelationships::Table)
                .col(CiRelationships::SourceId)
                .col(CiRelationships::TargetId)
                .col(CiRelationships::Kind)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ci_relationships_target")
                .table(CiRelationships::Table)
                .col(CiRelationships::TargetId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CiHistory::Table)
                .col(id_pk(CiHistory::Id))
                .col(big_integer(CiHistory::CiId))
                .col(big_integer_null(CiHistory::ActorId))
                .col(timestamp_with_time_zone(CiHistory::At))
                .col(string_len(CiHistory::Field, 80))
                .col(text_null(CiHistory::OldValue))
                .col(text_null(CiHistory::NewValue))
                .foreign_key(&mut fk(
                    (CiHistory::Table, CiHistory::CiId),
                    (Cis::Table, Cis::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    (CiHistory::Table, CiHistory::ActorId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ci_history_ci")
                .table(CiHistory::Table)
                .col(CiHistory::CiId)
                .col(CiHistory::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CiHistory::Table.into_iden(),
            CiRelationships::Table.into_iden(),
            CiTags::Table.into_iden(),
            Cis::Table.into_iden(),
            CiClasses::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        let db = m.get_connection();
        let backend = db.get_database_backend();
        db.execute_unprepared("DELETE FROM user_roles WHERE role = 'configuration_manager'")
            .await?;
        let mut narrow = drop_check(backend, "user_roles", "role");
        narrow.extend(add_check(
            backend,
            "user_roles",
            "role",
            &Allowed::Words(ROLES_BEFORE),
        ));
        db.execute_unprepared(&narrow.join(";\n")).await?;
        Ok(())
    }
}
