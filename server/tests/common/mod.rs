//! Test harness: starts the real server on a free port against a fresh database, SQLite in a
//! temporary directory or PostgreSQL in a database created for the test and dropped after it.
//!
//! PostgreSQL comes from `BEACON_TEST_POSTGRES_URL` (default: the local server at
//! 127.0.0.1:5432 as user postgres). Set `BEACON_TEST_POSTGRES=skip` to run without it; the
//! skipped tests then say so on stderr.

#![allow(dead_code, clippy::unwrap_used)]

use reqwest::redirect::Policy;
use serde_json::{Value, json};
use server::config::{Cli, Config};
use std::net::SocketAddr;

pub const SECRET: &str = "test-secret-that-is-long-enough-for-hs256";
pub const DEMO_PASSWORD: &str = "beacon-demo-2026";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    /// The server's services, for setting up data directly (generated tickets).
    pub services: service::Services,
    _dir: tempfile::TempDir,
    pg_db: Option<(String, String)>,
}

fn admin_pg_url() -> String {
    std::env::var("BEACON_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Whether PostgreSQL tests are switched off for this run.
pub fn postgres_skipped() -> bool {
    std::env::var("BEACON_TEST_POSTGRES").is_ok_and(|v| v == "skip")
}

async fn create_pg_database() -> (String, String) {
    use db::sea_orm::{ConnectionTrait, Database};
    let admin = admin_pg_url();
    let name = format!("beacon_test_{}", uuid::Uuid::new_v4().simple());
    let conn = Database::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is not reachable ({e}); set BEACON_TEST_POSTGRES=skip to run without it"));
    conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    conn.close().await.unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
    (format!("{base}/{name}"), name)
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, tweak: impl FnOnce(&mut Cli)) -> TestServer {
        server::telemetry::init("warn");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site").join("pkg")).unwrap();
        let (url, pg_db) = match backend {
            Backend::Sqlite => (
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("beacon.db").display()
                ),
                None,
            ),
            Backend::Postgres => {
                let (url, name) = create_pg_database().await;
                (url, Some((admin_pg_url(), name)))
            }
        };
        let mut cli = Cli {
            listen: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
            database_url: Some(url),
            data_dir: Some(dir.path().join("data")),
            jwt_secret: Some(SECRET.into()),
            site_root: Some(dir.path().join("site")),
            demo_data: Some(true),
            ..Cli::default()
        };
        tweak(&mut cli);
        let config = Config::from_cli(cli).unwrap();
        let state = server::startup::prepare(&config).await.unwrap();
        let services = state.services.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            server::startup::serve(listener, state).await.unwrap();
        });
        TestServer {
            base: format!("http://{addr}"),
            // A request that has not finished after a minute fails its test (with its URL) instead
            // of hanging the suite: every answer here takes milliseconds.
            client: reqwest::Client::builder()
                .redirect(Policy::none())
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap(),
            services,
            _dir: dir,
            pg_db,
        }
    }

    /// Cuts the server off from its PostgreSQL database (no new connections, open ones ended), as
    /// a database outage would; `false` restores it.
    pub async fn postgres_reachable(&self, reachable: bool) {
        use db::sea_orm::{ConnectionTrait, Database};
        let Some((admin, name)) = &self.pg_db else {
            panic!("only for PostgreSQL test servers");
        };
        let conn = Database::connect(admin.as_str()).await.unwrap();
        conn.execute_unprepared(&format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS {reachable}"
        ))
        .await
        .unwrap();
        if !reachable {
            conn.execute_unprepared(&format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ))
            .await
            .unwrap();
        }
        conn.close().await.unwrap();
    }

    /// The SQLite file of a server started on SQLite.
    #[allow(dead_code)]
    pub fn sqlite_file(&self) -> std::path::PathBuf {
        self._dir.path().join("beacon.db")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs in through the API; returns the token response.
    pub async fn token(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns (access token, refresh token).
    pub async fn sign_in(&self, username: &str) -> (String, String) {
        let res = self.token(username, DEMO_PASSWORD).await;
        assert_eq!(res.status(), 200, "sign-in of {username}");
        let body: Value = res.json().await.unwrap();
        (
            body["access_token"].as_str().unwrap().to_string(),
            body["refresh_token"].as_str().unwrap().to_string(),
        )
    }

    /// POSTs JSON without credentials.
    pub async fn post_json(&self, path: &str, body: Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Sends JSON with a bearer token.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg_db.take() {
            // Drop the test database on a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    use db::sea_orm::{ConnectionTrait, Database};
                    if let Ok(conn) = Database::connect(&admin).await {
                        let _ = conn
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Runs a scenario once on SQLite and once on PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$scenario($crate::common::Backend::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::common::postgres_skipped() {
                        eprintln!("skipped on PostgreSQL: BEACON_TEST_POSTGRES=skip");
                        return;
                    }
                    super::$scenario($crate::common::Backend::Postgres).await;
                }
            }
        )*
    };
}
