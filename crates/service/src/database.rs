//! Connecting to the database named by a URL (`sqlite://…` or `postgres://…`), migrating it, and
//! telling whether it can be written: start-up refuses a database it could only read, and
//! `/readyz` reports not-ready when writes fail.
//!
//! SQLite runs in WAL mode with `synchronous=FULL` by default: a write the server acknowledged
//! survives a power loss or an operating-system crash. `NORMAL` (faster commits, but the last
//! commits may be lost on power loss; never on a process crash) can be chosen in the settings.
//! The log is moved into the database file by [`checkpoint`] on a timer, never inside a request's
//! commit (SQLite's automatic checkpoint is off on every connection).

use db::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
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
    #[error(
        "the SQLite file {0} is empty (0 bytes), so it is not a Beacon database; remove it to start a new one, or restore a backup"
    )]
    EmptyFile(String),
    #[error("the database is read-only ({0}); Beacon needs to write to it")]
    ReadOnly(String),
}

/// Database settings beyond the URL.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseSettings {
    /// SQLite: `synchronous=FULL` (true, the default) or `NORMAL`.
    pub sqlite_synchronous_full: bool,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            sqlite_synchronous_full: true,
        }
    }
}

/// The file of an `sqlite:` URL (`None` for in-memory databases).
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
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

/// Connects, applies SQLite's safety settings, runs pending migrations, and checks that the
/// database can be written.
pub async fn connect_and_migrate(
    url: &str,
    settings: DatabaseSettings,
) -> Result<DatabaseConnection, DatabaseError> {
    let is_sqlite = url.starts_with("sqlite:");
    if !is_sqlite && !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        return Err(DatabaseError::UnsupportedUrl(redact_url(url)));
    }
    let connect_error = |reason: String| DatabaseError::Connect {
        url: redact_url(url),
        reason,
    };
    let mut opts = ConnectOptions::new(url.to_string());
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if is_sqlite {
        if let Some(file) = sqlite_file(url)
            && std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() == 0)
        {
            return Err(DatabaseError::EmptyFile(file.display().to_string()));
        }
        let synchronous = if settings.sqlite_synchronous_full {
            SqliteSynchronous::Full
        } else {
            SqliteSynchronous::Normal
        };
        // WAL lets readers run beside the one writer; foreign keys and the busy timeout are
        // per-connection settings, so they are set on every connection of the pool.
        opts.max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(move |o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(synchronous)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    .create_if_missing(true)
                    // Checkpoints run on a timer ([`checkpoint`]), not in whichever request's
                    // commit crosses 1,000 pages of log (that request waited 100 ms and more).
                    .pragma("wal_autocheckpoint", "0")
            });
    } else {
        probe_postgres(url).await.map_err(connect_error)?;
        opts.max_connections(16).min_connections(1);
    }
    let db = Database::connect(opts).await.map_err(|e| {
        let message = first_line(&e.to_string());
        if message.contains("readonly") {
            DatabaseError::ReadOnly(message)
        } else {
            connect_error(message)
        }
    })?;
    Migrator::up(&db, None)
        .await
        .map_err(|e| classify_migrate_error(&e.to_string()))?;
    writable(&db).await.map_err(DatabaseError::ReadOnly)?;
    Ok(db)
}

fn classify_migrate_error(message: &str) -> DatabaseError {
    let line = first_line(message);
    if line.contains("readonly") || line.contains("read-only") || line.contains("read only") {
        DatabaseError::ReadOnly(line)
    } else {
        DatabaseError::Migrate(line)
    }
}

/// One direct connection before the pool is built, so an unreachable server is reported with its
/// cause (connection refused, unknown host, wrong password) within seconds rather than as the
/// pool's "timed out" after its acquire timeout.
async fn probe_postgres(url: &str) -> Result<(), String> {
    use sea_orm::sqlx::ConnectOptions as _;
    use sea_orm::sqlx::Connection as _;
    use std::str::FromStr;
    let options = sea_orm::sqlx::postgres::PgConnectOptions::from_str(url)
        .map_err(|e| format!("the URL is not valid ({})", first_line(&e.to_string())))?;
    match tokio::time::timeout(Duration::from_secs(5), options.connect()).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(describe_connect_error(&e)),
        Err(_) => Err("no answer within 5 seconds (is the host reachable?)".into()),
    }
}

fn describe_connect_error(e: &sea_orm::sqlx::Error) -> String {
    match e {
        sea_orm::sqlx::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                "connection refused (is PostgreSQL running and listening on that host and port?)"
                    .into()
            }
            _ if io.to_string().contains("lookup") || io.to_string().contains("resolve") => {
                format!("unknown host ({io})")
            }
            _ => io.to_string(),
        },
        other => first_line(&other.to_string()),
    }
}

/// Whether the database accepts writes: `Err` with the reason when it does not.
///
/// SQLite: takes the write lock and lets it go (a read-only file, directory or mount fails
/// here). PostgreSQL: the session must not be read-only (a hot standby is).
pub async fn writable(db: &DatabaseConnection) -> Result<(), String> {
    use sea_orm::{ConnectionTrait, Statement};
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => {
            let txn = begin_write(db)
                .await
                .map_err(|e| first_line(&e.to_string()))?;
            txn.rollback().await.map_err(|e| first_line(&e.to_string()))
        }
        backend => {
            let row = db
                .query_one(Statement::from_string(
                    backend,
                    "SHOW transaction_read_only",
                ))
                .await
                .map_err(|e| first_line(&e.to_string()))?;
            let read_only: String = row
                .and_then(|r| r.try_get_by_index(0).ok())
                .unwrap_or_default();
            if read_only == "on" {
                Err("the server is read-only (a standby?)".into())
            } else {
                Ok(())
            }
        }
    }
}

/// Writes a consistent copy of an SQLite database to `to` (`VACUUM INTO`).
pub async fn backup_sqlite(db: &DatabaseConnection, to: &std::path::Path) -> Result<(), String> {
    use sea_orm::{ConnectionTrait, Statement};
    let path = to.to_str().ok_or("the backup path is not valid UTF-8")?;
    db.execute(Statement::from_sql_and_values(
        sea_orm::DatabaseBackend::Sqlite,
        "VACUUM INTO ?",
        [path.into()],
    ))
    .await
    .map(|_| ())
    .map_err(|e| first_line(&e.to_string()))
}

/// How often a running server refreshes the query planner's statistics.
pub const STATISTICS_EVERY: Duration = Duration::from_secs(60 * 60);

/// Keeps the query planner's statistics current. SQLite gathers none by itself: without them it
/// may pick a poor index once tables grow. `PRAGMA optimize` analyses the tables whose statistics
/// are missing or stale, each on a bounded sample (`analysis_limit`), so it costs milliseconds.
/// PostgreSQL's autovacuum keeps its statistics by itself; nothing runs there.
pub async fn refresh_statistics(db: &DatabaseConnection) {
    use sea_orm::ConnectionTrait;
    if db.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
        return;
    }
    // One call, so both pragmas run on the same connection of the pool.
    if let Err(e) = db
        .execute_unprepared("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
        .await
    {
        tracing::warn!(error = %e, "could not refresh SQLite's query statistics");
    }
}

/// How often a running server moves SQLite's write-ahead log into the database file.
pub const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// Moves what SQLite's write-ahead log holds into the database file without waiting for or
/// blocking writers or readers (`PASSIVE`); the log is then reused from its start by the next
/// writer. Runs every [`CHECKPOINT_EVERY`] while serving and after each batch of generated data.
/// Nothing on PostgreSQL.
pub async fn checkpoint(db: &DatabaseConnection) {
    use sea_orm::ConnectionTrait;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite
        && let Err(e) = db
            .execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)")
            .await
    {
        tracing::warn!(error = %e, "could not checkpoint the SQLite write-ahead log");
    }
}

/// Closes the pool at shutdown. On SQLite the write-ahead log is checkpointed into the database
/// file first, so that a copy of the file alone holds every committed write.
pub async fn close(db: DatabaseConnection) {
    use sea_orm::ConnectionTrait;
    refresh_statistics(&db).await;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite
        && let Err(e) = db
            .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
    {
        tracing::warn!(error = %e, "could not checkpoint the SQLite write-ahead log at shutdown");
    }
    if let Err(e) = db.close().await {
        tracing::warn!(error = %e, "could not close the database cleanly");
    }
}

/// Whether the database answers and accepts writes (`/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    if let Err(e) = writable(db).await {
        tracing::warn!(error = %e, "not ready: the database cannot be written");
        return false;
    }
    true
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// Starts a transaction that will write. On SQLite it takes the write lock at once (as
/// `BEGIN IMMEDIATE` would), so a read-then-write transaction waits its turn instead of failing
/// with "database is locked" when another writer committed after its first read.
///
/// On SQLite the writers of this process first queue, first come first served, for their turn
/// (one queue per database file): SQLite has one writer at a time, and a writer that finds the
/// lock taken sleeps in SQLite's busy handler for growing intervals (up to 100 ms), long after
/// the lock was freed — that was the slow tail of concurrent moves. A queued writer is woken the
/// moment the one before it commits or rolls back. PostgreSQL needs no queue (row locks).
pub async fn begin_write(db: &sea_orm::DatabaseConnection) -> Result<WriteTxn, sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let turn = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => Some(writers_of(db).lock_owned().await),
        _ => None,
    };
    let txn = db.begin().await?;
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        txn.execute_unprepared("UPDATE ticket_counters SET last = last WHERE 1 = 0")
            .await?;
    }
    Ok(WriteTxn { txn, _turn: turn })
}

/// The queue of this process's writers to one SQLite database file.
fn writers_of(db: &sea_orm::DatabaseConnection) -> Arc<tokio::sync::Mutex<()>> {
    static QUEUES: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Default::default);
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    let mut queues = QUEUES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    queues.entry(file).or_default().clone()
}

/// A transaction begun by [`begin_write`]: use it as the transaction it holds; on SQLite it also
/// holds this writer's turn until it is committed, rolled back or dropped.
pub struct WriteTxn {
    txn: sea_orm::DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTxn {
    /// Commits, then gives the turn to the next writer.
    pub async fn commit(self) -> Result<(), sea_orm::DbErr> {
        self.txn.commit().await
    }

    /// Rolls back, then gives the turn to the next writer.
    pub async fn rollback(self) -> Result<(), sea_orm::DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = sea_orm::DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        &self.txn
    }
}

#[sea_orm::prelude::async_trait::async_trait]
impl sea_orm::ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> sea_orm::DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Option<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_one(stmt).await
    }

    async fn query_all(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Vec<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_all(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.txn.is_mock_connection()
    }
}

/// `s` as a literal inside a `LIKE` pattern whose escape character is a backslash.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_files_are_found_in_urls() {
        let cases = [
            ("sqlite://data/beacon.db?mode=rwc", Some("data/beacon.db")),
            ("sqlite:/tmp/x.db", Some("/tmp/x.db")),
            ("sqlite::memory:", None),
            ("sqlite://", None),
            ("postgres://x@y/z", None),
        ];
        for (url, expected) in cases {
            assert_eq!(
                sqlite_file(url).as_deref(),
                expected.map(std::path::Path::new),
                "{url}"
            );
        }
    }

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
