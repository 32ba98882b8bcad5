//! Logging: human-readable lines on stderr, filtered by `BEACON_LOG` (`info`, `debug`, or a
//! `tracing` filter such as `server=debug,sqlx=warn`).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (tests starting several servers) are ignored.
pub fn init(level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}
