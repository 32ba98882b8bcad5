//! `desk-load`: a load benchmark for a running Beacon server's board.
//!
//! Four measurements, each optional with `--only`:
//! - `board`: latency percentiles and throughput of `GET /api/v1/boards` (first-render data) and
//!   of `GET /api/v1/boards/column?cursor=` (a column's next page) with C concurrent clients for
//!   D seconds after a 1 s warm-up;
//! - `move`: the card-move round trip (`POST /api/v1/tickets/{n}/transitions`), N moves over C
//!   workers that own distinct cards;
//! - `fanout`: S live-event subscribers (`GET /api/v1/events`), M moves, and the delay from just
//!   before each POST to each subscriber receiving the matching `ticket` event.
//!
//! - `pages`: the server-rendered board page and the REST ticket list's first page, with C
//!   concurrent clients for D seconds after the warm-up, see [`pages`].
//! - `search` (only when asked for): catalog search latency and throughput, see [`search`].
//!
//! Prints a Markdown table on stdout and, as its last line, the same results as one JSON object.
//! Progress and errors go to stderr.

mod api;
mod board;
mod fanout;
mod moves;
mod pages;
mod search;
mod stats;

use api::{Api, Result, parse_pairs, request_client};
use clap::{Parser, ValueEnum};
use serde_json::{Map, Value};
use std::process::ExitCode;
use std::time::Duration;

/// One of the measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Only {
    Board,
    Move,
    Fanout,
    Pages,
    Search,
}

/// Load benchmark for the Beacon board API.
#[derive(Debug, Parser)]
#[command(name = "desk-load", version, about)]
struct Cli {
    /// Base URL of the running server.
    #[arg(
        long,
        env = "DESK_LOAD_BASE_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    base_url: String,
    /// Run only this measurement.
    #[arg(long, value_enum)]
    only: Option<Only>,
    /// Concurrent clients for `board`, workers for `move`.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Measurement time of each `board` run, after the warm-up.
    #[arg(long, default_value_t = 10)]
    duration_secs: u64,
    /// Warm-up before each `board` run (not measured).
    #[arg(long, default_value_t = 1)]
    warmup_secs: u64,
    /// Total card moves for `move`.
    #[arg(long, default_value_t = 500)]
    moves: usize,
    /// Live-event subscribers for `fanout`.
    #[arg(long, default_value_t = 200)]
    subscribers: usize,
    /// Moves made while the `fanout` subscribers listen.
    #[arg(long, default_value_t = 50)]
    fanout_moves: usize,
    /// Time between `fanout` moves, in milliseconds.
    #[arg(long, default_value_t = 50)]
    fanout_spacing_ms: u64,
    /// Ticket kind of the board.
    #[arg(long, default_value = "incident")]
    kind: String,
    /// Extra board view parameters, e.g. `group=state&mine=1`.
    #[arg(long, default_value = "")]
    board_query: String,
    /// Agent accounts to sign in as (comma-separated); the first one makes the moves.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "priya.shah,tom.becker,alex.morgan"
    )]
    users: Vec<String>,
    /// Password of those accounts.
    #[arg(long, env = "DESK_LOAD_PASSWORD", default_value = "beacon-demo-2026")]
    password: String,
}

impl Cli {
    fn wants(&self, m: Only) -> bool {
        match self.only {
            None => m != Only::Search,
            Some(o) => o == m,
        }
    }
}

/// Signs in once per account.
async fn sign_in_all(api: &Api, cli: &Cli) -> Result<Vec<String>> {
    let mut tokens = Vec::new();
    for user in cli.users.iter().filter(|u| !u.is_empty()) {
        tokens.push(api.sign_in(user, &cli.password).await?);
    }
    if tokens.is_empty() {
        return Err("name at least one account with --users".into());
    }
    Ok(tokens)
}

async fn run(cli: Cli) -> Result<bool> {
    let api = Api {
        client: request_client()?,
        base: cli.base_url.clone(),
        kind: cli.kind.clone(),
        view: parse_pairs(&cli.board_query),
    };
    let tokens = sign_in_all(&api, &cli).await?;
    let mover = tokens[0].clone();
    let mut rows = Vec::new();
    let mut json = Map::new();
    let mut all_ran = true;

    if cli.wants(Only::Board) {
        let timing = board::Timing {
            concurrency: cli.concurrency.max(1),
            warmup: Duration::from_secs(cli.warmup_secs),
            duration: Duration::from_secs(cli.duration_secs.max(1)),
        };
        match board::run(&api, &tokens, timing).await {
            Ok(summaries) => {
                for (key, s) in ["board", "board_column"].iter().zip(summaries) {
                    json.insert((*key).to_string(), s.to_json());
                    rows.push(s);
                }
            }
            Err(e) => {
                eprintln!("board: {e}");
                all_ran = false;
            }
        }
    }
    if cli.wants(Only::Move) {
        match moves::run(&api, &mover, cli.concurrency, cli.moves).await {
            Ok(s) => {
                json.insert("move".into(), s.to_json());
                rows.push(s);
            }
            Err(e) => {
                eprintln!("move: {e}");
                all_ran = false;
            }
        }
    }
    if cli.wants(Only::Fanout) {
        let plan = fanout::Plan {
            subscribers: cli.subscribers,
            moves: cli.fanout_moves,
            spacing: Duration::from_millis(cli.fanout_spacing_ms),
        };
        match fanout::run(&api, &tokens, &mover, plan).await {
            Ok(s) => {
                json.insert("fanout".into(), s.to_json());
                rows.push(s);
            }
            Err(e) => {
                eprintln!("fanout: {e}");
                all_ran = false;
            }
        }
    }

    if cli.wants(Only::Pages) {
        let timing = board::Timing {
            concurrency: cli.concurrency.max(1),
            warmup: Duration::from_secs(cli.warmup_secs),
            duration: Duration::from_secs(cli.duration_secs.max(1)),
        };
        match pages::run(&api, &tokens, timing).await {
            Ok(summaries) => {
                for (key, s) in summaries {
                    json.insert(key.into(), s.to_json());
                    rows.push(s);
                }
            }
            Err(e) => {
                eprintln!("pages: {e}");
                all_ran = false;
            }
        }
    }

    if cli.wants(Only::Search) {
        let timing = board::Timing {
            concurrency: cli.concurrency.max(1),
            warmup: Duration::from_secs(cli.warmup_secs),
            duration: Duration::from_secs(cli.duration_secs.max(1)),
        };
        match search::run(&api, &tokens, timing).await {
            Ok(summaries) => {
                for s in summaries {
                    json.insert("search".into(), s.to_json());
                    rows.push(s);
                }
            }
            Err(e) => {
                eprintln!("search: {e}");
                all_ran = false;
            }
        }
    }

    println!();
    println!("Beacon board load — {} (kind {})", cli.base_url, cli.kind);
    println!();
    println!("{}", stats::table_header());
    for r in &rows {
        println!("{}", r.row());
    }
    println!();
    json.insert("base_url".into(), Value::String(cli.base_url.clone()));
    json.insert("kind".into(), Value::String(cli.kind.clone()));
    println!("{}", Value::Object(json));
    Ok(all_ran)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("desk-load: {e}");
            ExitCode::FAILURE
        }
    }
}
