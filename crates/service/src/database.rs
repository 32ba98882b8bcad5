//! Connecting to the database named by a URL (`sqlite://…` or `postgres://…`) and migrating it.

use db::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

/// Why the database could not be used, in one sentence for the operator.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("the database URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    #[error("could not connect to the database at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("could not migrate the database: {0}")]
    Migrate(String),
}

/// Hides the password of a database URL so it can be printed.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Connects, applies SQLite's safety settings, and runs pending migrations.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DatabaseError> {
    let is_sqlite = url.starts_with("sqlite:");
    if !is_sqlite && !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(DatabaseError::UnsupportedUrl(redact_url(url)));
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if is_sqlite {
        // WAL lets readers run beside the one writer; foreign keys and the busy timeout are
        // per-connection settings, so they are set on every connection of the pool.
        opts.max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    .create_if_missing(true)
            });
    } else {
        opts.max_connections(16).min_connections(1);
    }
    let db = Database::connect(opts)
        .await
        .map_err(|e| DatabaseError::Connect {
            url: redact_url(url),
            reason: first_line(&e.to_string()),
        })?;
    Migrator::up(&db, None)
        .await
        .map_err(|e| DatabaseError::Migrate(first_line(&e.to_string())))?;
    Ok(db)
}

/// Whether the database answers a trivial query (`/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// Starts a transaction that will write. On SQLite it takes the write lock at once (as
/// `BEGIN IMMEDIATE` would), so a read-then-write transaction waits its turn instead of failing
/// with "database is locked" when another writer committed after its first read.
pub async fn begin_write(
    db: &sea_orm::DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let txn = db.begin().await?;
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        txn.execute_unprepared("UPDATE ticket_counters SET last = last WHERE 1 = 0")
            .await?;
    }
    Ok(txn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        let cases = [
            (
                "postgres://bob:secret@db:5432/beacon",
                "postgres://bob:***@db:5432/beacon",
            ),
            ("postgres://bob@db/beacon", "postgres://bob@db/beacon"),
            (
                "sqlite://data/beacon.db?mode=rwc",
                "sqlite://data/beacon.db?mode=rwc",
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(redact_url(url), expected);
        }
    }
}
