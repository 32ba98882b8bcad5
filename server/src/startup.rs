//! Start-up: prepare the data directory and signing secret, connect and migrate the database, load
//! demo data, bind the listener and serve. Every failure is one sentence for the operator.

use crate::config::Config;
use crate::routes;
use crate::state::{AppState, WebSettings};
use leptos::config::LeptosOptions;
use service::{AuthSettings, Services};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::net::TcpListener;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("Beacon cannot use the data directory {path}: {reason}.")]
    DataDir { path: String, reason: String },
    #[error("Beacon cannot use the database: {0}.")]
    Database(#[from] service::database::DatabaseError),
    #[error("Beacon could not load its initial data; see the log above.")]
    Seed,
    #[error("Beacon cannot listen on {addr}: {reason}.")]
    Listen { addr: String, reason: String },
    #[error("the server stopped with an error: {0}")]
    Serve(String),
    #[error("Beacon could not write the backup: {0}.")]
    Backup(String),
}

/// Everything a running server needs, built from the configuration.
pub async fn prepare(config: &Config) -> Result<AppState, StartError> {
    let data_dir = prepare_data_dir(&config.data_dir)?;
    if !config.site_root.join("pkg").is_dir() {
        tracing::warn!(
            site_root = %config.site_root.display(),
            "the site root has no pkg/ folder: pages will be served without their scripts and styles (build with `cargo leptos build --release`, or set BEACON_SITE_ROOT)"
        );
    }
    let secret = match &config.jwt_secret {
        Some(s) => s.as_bytes().to_vec(),
        None => load_or_create_secret(&data_dir)?,
    };
    let db = service::database::connect_and_migrate(&config.database_url, config.database).await?;
    let report = if config.demo_data {
        service::seed::seed_demo(&db).await
    } else {
        service::seed::seed_initial_admin(&db, config.admin_password.as_deref()).await
    }
    .map_err(|_| StartError::Seed)?;
    if let Some(pw) = &report.initial_admin_password {
        println!(
            "Created the first administrator: admin / {pw}  (shown once: change it after signing in)"
        );
    } else if report.created && !config.demo_data {
        println!("Created the first administrator: admin (password from BEACON_ADMIN_PASSWORD)");
    }
    let services = Services::new(
        db,
        AuthSettings {
            secret,
            access_ttl_secs: config.access_token_ttl,
            refresh_ttl_secs: config.refresh_token_ttl,
        },
    )
    .with_ticket_settings(config.tickets);
    if config.demo_data && report.created {
        service::seed::seed_demo_tickets(&services)
            .await
            .map_err(|_| StartError::Seed)?;
        service::seed::seed_demo_catalog(&services)
            .await
            .map_err(|_| StartError::Seed)?;
        service::seed::seed_demo_cmdb(&services)
            .await
            .map_err(|_| StartError::Seed)?;
    }
    service::database::refresh_statistics(&services.db).await;
    // Offered on the sign-in page only when the database itself is a demo installation.
    let accounts = service::seed::demo_accounts(&services.db)
        .await
        .map_err(|_| StartError::Seed)?;
    if config.demo_data && accounts.is_empty() {
        tracing::warn!(
            "--demo was given, but this database was not created as a demo: no demo data is loaded"
        );
    }
    let demo = demo_accounts(accounts);
    Ok(AppState {
        leptos_options: leptos_options(config),
        services,
        web: Arc::new(WebSettings {
            secure_cookies: config.secure_cookies(),
            public_origin: config.public_url.clone(),
            client_ip_header: config.client_ip_header.clone(),
        }),
        demo,
    })
}

fn demo_accounts(accounts: Vec<(domain::Role, String)>) -> app::DemoAccounts {
    if accounts.is_empty() {
        return app::DemoAccounts::default();
    }
    app::DemoAccounts {
        accounts,
        password: service::seed::DEMO_PASSWORD.to_string(),
    }
}

/// Leptos's settings: where the bundle is, and whether its file names carry content hashes
/// (cargo-leptos writes `hash.txt` beside the binary when they do).
fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_file_exists = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").exists()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("beacon")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .hash_files(hash_file_exists)
        .build()
}

fn prepare_data_dir(dir: &Path) -> Result<PathBuf, StartError> {
    let fail = |reason: String| StartError::DataDir {
        path: dir.display().to_string(),
        reason,
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(e.to_string()))?;
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"ok").map_err(|e| fail(format!("it is not writable ({e})")))?;
    let _ = std::fs::remove_file(&probe);
    Ok(dir.to_path_buf())
}

/// Reads the signing secret from the data directory, or creates it (readable by the owner only).
fn load_or_create_secret(dir: &Path) -> Result<Vec<u8>, StartError> {
    use base64::Engine;
    use rand::RngCore;
    let path = dir.join("jwt-secret");
    let fail = |reason: String| StartError::DataDir {
        path: dir.display().to_string(),
        reason,
    };
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let trimmed = existing.trim();
        if trimmed.len() >= 32 {
            return Ok(trimmed.as_bytes().to_vec());
        }
        return Err(fail(
            "the file jwt-secret in it is shorter than 32 characters".into(),
        ));
    }
    let mut buf = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf);
    write_private(&path, secret.as_bytes())
        .map_err(|e| fail(format!("cannot write jwt-secret ({e})")))?;
    tracing::info!("generated a new token signing secret in the data directory");
    Ok(secret.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// `beacon --generate-tickets N`: prepares the database (with demo people), writes N generated
/// tickets and reports how long it took.
pub async fn generate(config: Config, n: u64) -> Result<(), StartError> {
    let state = prepare(&config).await?;
    let started = std::time::Instant::now();
    let report = service::generate::generate_tickets(&state.services.db, n, 2026)
        .await
        .map_err(|_| StartError::Seed)?;
    println!(
        "Generated {} tickets ({} open), {} activity lines and {} comments in {:.1} s.",
        report.tickets,
        report.open,
        report.activity,
        report.comments,
        started.elapsed().as_secs_f64()
    );
    // Closing gathers the query planner's statistics over the new rows (SQLite).
    service::database::close(state.services.db).await;
    Ok(())
}

/// `beacon --generate-catalog N`: prepares the database (with the demo catalog), adds N
/// published items and reports how long it took.
pub async fn generate_catalog(config: Config, n: u64) -> Result<(), StartError> {
    let state = prepare(&config).await?;
    let started = std::time::Instant::now();
    let made = service::catalog::generate::generate_items(&state.services.db, n as usize)
        .await
        .map_err(|_| StartError::Seed)?;
    println!(
        "Generated {made} catalog items in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    service::database::close(state.services.db).await;
    Ok(())
}

/// `beacon --backup FILE`: a consistent copy of the SQLite database, made with `VACUUM INTO`
/// (a snapshot inside one read transaction, so it is safe while another process serves the
/// database). PostgreSQL databases are backed up with `pg_dump`.
pub async fn backup(config: Config, to: &Path) -> Result<(), StartError> {
    if !config.database_url.starts_with("sqlite:") {
        return Err(StartError::Backup(
            "--backup copies SQLite databases; back up PostgreSQL with pg_dump (see the README)"
                .into(),
        ));
    }
    if to.exists() {
        return Err(StartError::Backup(format!(
            "{} already exists; choose a new file",
            to.display()
        )));
    }
    let db = service::database::connect_and_migrate(&config.database_url, config.database).await?;
    let started = std::time::Instant::now();
    let outcome = service::database::backup_sqlite(&db, to).await;
    service::database::close(db).await;
    outcome.map_err(StartError::Backup)?;
    println!(
        "Backed up the database to {} in {:.1} s.",
        to.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Prepares everything, binds the configured address and serves until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), StartError> {
    let started = std::time::Instant::now();
    let state = prepare(&config).await?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| StartError::Listen {
            addr: config.listen.to_string(),
            reason: e.to_string(),
        })?;
    print_banner(&config, &state, started.elapsed());
    serve(listener, state).await
}

fn print_banner(config: &Config, state: &AppState, took: std::time::Duration) {
    let shown = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.listen));
    println!(
        "Beacon is ready at {shown} ({} database, started in {} ms)",
        if config.database_url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        took.as_millis()
    );
    if !state.demo.accounts.is_empty() {
        println!("Demo accounts (password {}):", state.demo.password);
        for (role, user) in &state.demo.accounts {
            println!("  {:<15} {user}", role.label());
        }
    }
}

/// Serves the app on an already bound listener (tests bind port 0 and pass it here) until Ctrl-C
/// or SIGTERM.
pub async fn serve(listener: TcpListener, state: AppState) -> Result<(), StartError> {
    serve_until(listener, state, shutdown_signal(), DEFAULT_SHUTDOWN_GRACE).await
}

/// How long in-flight requests may take to finish once shutdown has begun.
pub const DEFAULT_SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves until `stop` resolves, then shuts down gracefully: stop accepting, end the live
/// streams (their clients reconnect elsewhere or after the restart), let in-flight requests finish
/// within `grace`, and close the database (on SQLite after a WAL checkpoint, so the database file
/// alone is complete).
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
    grace: std::time::Duration,
) -> Result<(), StartError> {
    crate::assets::precompress_in_background(&state.leptos_options);
    let services = state.services.clone();
    let statistics = tokio::spawn({
        let db = services.db.clone();
        async move {
            let mut every = tokio::time::interval(service::database::STATISTICS_EVERY);
            every.tick().await; // the first tick is immediate; start-up has just refreshed them
            loop {
                every.tick().await;
                service::database::refresh_statistics(&db).await;
            }
        }
    });
    let checkpoints = tokio::spawn({
        let db = services.db.clone();
        async move {
            let mut every = tokio::time::interval(service::database::CHECKPOINT_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                service::database::checkpoint(&db).await;
            }
        }
    });
    let router = routes::router(state);
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signal = {
        let stopping = Arc::clone(&stopping);
        let hub = Arc::clone(&services.events);
        async move {
            stop.await;
            tracing::info!("shutting down: no new connections, ending live streams");
            hub.close();
            stopping.notify_one();
        }
    };
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(signal);
    let deadline = async {
        stopping.notified().await;
        tokio::time::sleep(grace).await;
    };
    let outcome = tokio::select! {
        r = server => r.map_err(|e| StartError::Serve(e.to_string())),
        _ = deadline => {
            tracing::warn!(
                "requests still running {} s after shutdown began; stopping anyway",
                grace.as_secs()
            );
            Ok(())
        }
    };
    statistics.abort();
    checkpoints.abort();
    service::database::close(services.db).await;
    outcome
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
