//! Configuration: command-line flags, `BEACON_*` environment variables, an optional TOML file, and
//! defaults, in that order of precedence. `beacon --help` lists every setting.

use clap::Parser;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Beacon: IT service management portal.
///
/// Every option can also be set by its environment variable or in a TOML file (keys as the long
/// option names with underscores, e.g. `database_url = "postgres://…"`).
#[derive(Debug, Parser, Default)]
#[command(
    name = "beacon",
    version,
    about = "Beacon, the IT service management portal: serves the web app and the REST API.",
    after_help = "Every option can also be set by its environment variable, or in a TOML file with the long option's name in snake case (database_url = \"postgres://...\"). Precedence: flag, environment, file, default."
)]
pub struct Cli {
    /// TOML file with settings [default: ./beacon.toml when it exists]
    #[arg(long, env = "BEACON_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address and port to listen on [default: 127.0.0.1:3000]
    #[arg(long, env = "BEACON_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB [default: sqlite file in the data directory]
    #[arg(
        long,
        env = "BEACON_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Directory for the SQLite file and the generated signing secret [default: ./data]
    #[arg(long, env = "BEACON_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Secret for signing session tokens, at least 32 characters [default: generated once and kept in the data directory]
    #[arg(
        long,
        env = "BEACON_JWT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,
    /// Lifetime of an access token in seconds [default: 900]
    #[arg(long, env = "BEACON_ACCESS_TOKEN_TTL", value_name = "SECONDS")]
    pub access_token_ttl: Option<i64>,
    /// Lifetime of a refresh token (sign-in session) since its last use, in seconds [default: 1209600, 14 days]
    #[arg(long, env = "BEACON_REFRESH_TOKEN_TTL", value_name = "SECONDS")]
    pub refresh_token_ttl: Option<i64>,
    /// Log level or filter: error, warn, info, debug, trace [default: info]
    #[arg(long, env = "BEACON_LOG", value_name = "FILTER")]
    pub log: Option<String>,
    /// SQLite durability: full (an acknowledged write survives power loss) or normal (faster commits; the last ones may be lost on power loss or an OS crash, never on a process crash) [default: full]
    #[arg(long, env = "BEACON_SQLITE_SYNCHRONOUS", value_name = "MODE")]
    pub sqlite_synchronous: Option<String>,
    /// Load the demo organisation (21 people sharing a public password, tickets, a catalog) into an empty database. Without it an empty database gets one administrator [default: false]
    #[arg(
        long = "demo",
        env = "BEACON_DEMO",
        value_name = "BOOL",
        num_args = 0..=1,
        default_missing_value = "true"
    )]
    pub demo_data: Option<bool>,
    /// Password of the first administrator (`admin`) created in an empty database without --demo, at least 12 characters [default: generated and printed once]
    #[arg(
        long,
        env = "BEACON_ADMIN_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub admin_password: Option<String>,
    /// Directory of the built site (pkg/ with the WASM bundle, assets) [default: $LEPTOS_SITE_ROOT or target/site]
    #[arg(long, env = "BEACON_SITE_ROOT", value_name = "DIR")]
    pub site_root: Option<PathBuf>,
    /// The portal's public URL, e.g. https://itsm.example.com; sets the allowed origin and secure cookies [default: the request's Host]
    #[arg(long, env = "BEACON_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Header in which a trusted reverse proxy passes the client's address, e.g. X-Forwarded-For (its last entry) or X-Real-IP; used for sign-in throttling and the security log [default: the TCP peer]
    #[arg(long, env = "BEACON_CLIENT_IP_HEADER", value_name = "HEADER")]
    pub client_ip_header: Option<String>,
    /// Priority for each impact (rows) × urgency (columns), rows separated by ';' [default: 1,2,3;2,3,4;3,4,5]
    #[arg(long, env = "BEACON_PRIORITY_MATRIX", value_name = "ROWS")]
    pub priority_matrix: Option<String>,
    /// Days after resolution during which a ticket may be reopened [default: 7]
    #[arg(long, env = "BEACON_REOPEN_WINDOW_DAYS", value_name = "DAYS")]
    pub reopen_window_days: Option<u32>,
    /// Instead of serving: create N realistic tickets with history (for tests and benchmarks), then exit
    #[arg(long, value_name = "N")]
    pub generate_tickets: Option<u64>,
    /// Instead of serving: write a consistent copy of the SQLite database to FILE (safe while another Beacon serves it), then exit. For PostgreSQL use pg_dump
    #[arg(long, value_name = "FILE")]
    pub backup: Option<PathBuf>,
    /// Instead of serving: add N published catalog items (for the search benchmark), then exit
    #[arg(long, value_name = "N")]
    pub generate_catalog: Option<u64>,
}

/// The same settings, read from the TOML file.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<SocketAddr>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    jwt_secret: Option<String>,
    access_token_ttl: Option<i64>,
    refresh_token_ttl: Option<i64>,
    log: Option<String>,
    sqlite_synchronous: Option<String>,
    #[serde(alias = "demo_data")]
    demo: Option<bool>,
    admin_password: Option<String>,
    site_root: Option<PathBuf>,
    public_url: Option<String>,
    client_ip_header: Option<String>,
    priority_matrix: Option<String>,
    reopen_window_days: Option<u32>,
}

/// The resolved configuration.
#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub jwt_secret: Option<String>,
    pub access_token_ttl: i64,
    pub refresh_token_ttl: i64,
    pub log: String,
    pub database: service::database::DatabaseSettings,
    pub demo_data: bool,
    pub admin_password: Option<String>,
    pub site_root: PathBuf,
    pub public_url: Option<String>,
    pub client_ip_header: Option<axum::http::HeaderName>,
    pub tickets: service::tickets::TicketSettings,
    pub generate_tickets: Option<u64>,
    pub generate_catalog: Option<u64>,
    pub backup: Option<PathBuf>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field(
                "database_url",
                &service::database::redact_url(&self.database_url),
            )
            .field("data_dir", &self.data_dir)
            .field(
                "jwt_secret",
                &self.jwt_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("demo_data", &self.demo_data)
            .field(
                "admin_password",
                &self.admin_password.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

/// Why the configuration could not be read, in one sentence.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// Reads flags and environment, then the TOML file, then fills in defaults.
    pub fn load() -> Result<Config, ConfigError> {
        Self::from_cli(Cli::parse())
    }

    /// Resolves a parsed command line (tests build one directly).
    pub fn from_cli(cli: Cli) -> Result<Config, ConfigError> {
        let file = match &cli.config {
            Some(path) => read_file(path)?,
            None if Path::new("beacon.toml").exists() => read_file(Path::new("beacon.toml"))?,
            None => FileSettings::default(),
        };
        let data_dir = cli
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        let database_url = cli.database_url.or(file.database_url).unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("beacon.db").display())
        });
        let site_root = cli.site_root.or(file.site_root).unwrap_or_else(|| {
            std::env::var_os("LEPTOS_SITE_ROOT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("target/site"))
        });
        let matrix = match cli.priority_matrix.or(file.priority_matrix) {
            Some(m) => domain::tickets::PriorityMatrix::parse(&m)
                .map_err(|e| ConfigError::Invalid(format!("BEACON_PRIORITY_MATRIX: {e}.")))?,
            None => domain::tickets::PriorityMatrix::default(),
        };
        let reopen_window_days = cli
            .reopen_window_days
            .or(file.reopen_window_days)
            .unwrap_or(7);
        let config = Config {
            listen: cli
                .listen
                .or(file.listen)
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000))),
            database_url,
            data_dir,
            jwt_secret: cli.jwt_secret.or(file.jwt_secret),
            access_token_ttl: cli
                .access_token_ttl
                .or(file.access_token_ttl)
                .unwrap_or(900),
            refresh_token_ttl: cli
                .refresh_token_ttl
                .or(file.refresh_token_ttl)
                .unwrap_or(14 * 24 * 3600),
            log: cli.log.or(file.log).unwrap_or_else(|| "info".into()),
            database: service::database::DatabaseSettings {
                sqlite_synchronous_full: match cli
                    .sqlite_synchronous
                    .or(file.sqlite_synchronous)
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    None | Some("full") => true,
                    Some("normal") => false,
                    Some(other) => {
                        return Err(ConfigError::Invalid(format!(
                            "BEACON_SQLITE_SYNCHRONOUS must be full or normal (got \"{other}\")."
                        )));
                    }
                },
            },
            demo_data: cli.demo_data.or(file.demo).unwrap_or(false),
            admin_password: cli.admin_password.or(file.admin_password),
            site_root,
            public_url: cli
                .public_url
                .or(file.public_url)
                .map(|u| u.trim_end_matches('/').to_string()),
            client_ip_header: match cli.client_ip_header.or(file.client_ip_header) {
                Some(h) => Some(h.parse().map_err(|_| {
                    ConfigError::Invalid(format!(
                        "BEACON_CLIENT_IP_HEADER: \"{h}\" is not a header name."
                    ))
                })?),
                None => None,
            },
            tickets: service::tickets::TicketSettings {
                matrix,
                lifecycle: domain::tickets::LifecycleRules { reopen_window_days },
            },
            generate_tickets: cli.generate_tickets,
            generate_catalog: cli.generate_catalog,
            backup: cli.backup,
        };
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if let Some(secret) = &self.jwt_secret
            && secret.len() < 32
        {
            return Err(ConfigError::Invalid(
                "BEACON_JWT_SECRET must be at least 32 characters long.".into(),
            ));
        }
        if let Some(pw) = &self.admin_password
            && let Err(e) = domain::users::validate_password(pw, "admin")
        {
            return Err(ConfigError::Invalid(format!("BEACON_ADMIN_PASSWORD: {e}")));
        }
        if self.access_token_ttl < 30 || self.access_token_ttl > 24 * 3600 {
            return Err(ConfigError::Invalid(
                "BEACON_ACCESS_TOKEN_TTL must be between 30 and 86400 seconds.".into(),
            ));
        }
        if self.refresh_token_ttl < self.access_token_ttl {
            return Err(ConfigError::Invalid(
                "BEACON_REFRESH_TOKEN_TTL must not be shorter than BEACON_ACCESS_TOKEN_TTL.".into(),
            ));
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Invalid(
                "BEACON_PUBLIC_URL must start with http:// or https://.".into(),
            ));
        }
        Ok(())
    }

    /// Whether cookies get the `Secure` attribute (the portal is served over HTTPS).
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

fn read_file(path: &Path) -> Result<FileSettings, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.display().to_string(),
        reason: e.message().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::from_cli(Cli::default()).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/beacon.db?mode=rwc");
        assert_eq!(c.access_token_ttl, 900);
        assert!(!c.demo_data, "demo data only when asked");
        assert!(c.database.sqlite_synchronous_full, "durable by default");
        assert_eq!(c.admin_password, None);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn demo_is_a_flag() {
        let on = Cli::try_parse_from(["beacon", "--demo"]).unwrap();
        assert_eq!(on.demo_data, Some(true));
        let off = Cli::try_parse_from(["beacon", "--demo=false"]).unwrap();
        assert_eq!(off.demo_data, Some(false));
        let c = Config::from_cli(on).unwrap();
        assert!(c.demo_data);
    }

    #[test]
    fn file_settings_apply_below_flags() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("beacon.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:8080\"\naccess_token_ttl = 300\npublic_url = \"https://itsm.example.com/\"\n",
        )
        .unwrap();
        let cli = Cli {
            config: Some(path),
            access_token_ttl: Some(600),
            ..Cli::default()
        };
        let c = Config::from_cli(cli).unwrap();
        assert_eq!(c.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(c.access_token_ttl, 600);
        assert_eq!(c.public_url.as_deref(), Some("https://itsm.example.com"));
        assert!(c.secure_cookies());
    }

    #[test]
    fn bad_settings_are_one_sentence() {
        let cases = [
            (
                Cli {
                    jwt_secret: Some("short".into()),
                    ..Cli::default()
                },
                "at least 32",
            ),
            (
                Cli {
                    access_token_ttl: Some(1),
                    ..Cli::default()
                },
                "between 30",
            ),
            (
                Cli {
                    sqlite_synchronous: Some("off".into()),
                    ..Cli::default()
                },
                "BEACON_SQLITE_SYNCHRONOUS must be full or normal",
            ),
            (
                Cli {
                    admin_password: Some("short".into()),
                    ..Cli::default()
                },
                "BEACON_ADMIN_PASSWORD: Use at least 12",
            ),
            (
                Cli {
                    public_url: Some("itsm.example.com".into()),
                    ..Cli::default()
                },
                "http://",
            ),
            (
                Cli {
                    priority_matrix: Some("1,2,3;2,3".into()),
                    ..Cli::default()
                },
                "BEACON_PRIORITY_MATRIX",
            ),
            (
                Cli {
                    config: Some("/nonexistent/beacon.toml".into()),
                    ..Cli::default()
                },
                "could not read",
            ),
        ];
        for (cli, expected) in cases {
            let e = Config::from_cli(cli).unwrap_err().to_string();
            assert!(e.contains(expected), "{e}");
        }
    }
}
