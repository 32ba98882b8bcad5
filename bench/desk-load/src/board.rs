//! `board`: latency and throughput of the board's first-render data (`GET /api/v1/boards`) and of
//! a column's next page (`GET /api/v1/boards/column?cursor=`) under C concurrent clients for a
//! fixed time after a warm-up.

use crate::api::{Api, Result, describe};
use crate::stats::Summary;
use reqwest::StatusCode;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How a timed run is shaped.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub concurrency: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// What one timed run collected.
pub(crate) struct Timed {
    pub samples: Vec<Duration>,
    pub errors: Vec<String>,
    pub window: Duration,
}

/// Runs `request(client_index)` in a loop on `concurrency` tasks for warm-up plus duration; keeps
/// the latencies of requests started inside the measurement window.
pub(crate) async fn run_timed<F, Fut>(timing: Timing, request: F) -> Timed
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = std::result::Result<(), String>> + Send,
{
    let request = Arc::new(request);
    let start = Instant::now();
    let measure_from = start + timing.warmup;
    let end = measure_from + timing.duration;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..timing.concurrency.max(1) {
        let request = Arc::clone(&request);
        tasks.spawn(async move {
            let mut samples = Vec::new();
            let mut errors = Vec::new();
            loop {
                let t0 = Instant::now();
                if t0 >= end {
                    break;
                }
                let result = request(i).await;
                let took = t0.elapsed();
                if t0 < measure_from {
                    continue;
                }
                match result {
                    Ok(()) => samples.push(took),
                    Err(e) => errors.push(e),
                }
            }
            (samples, errors)
        });
    }
    let mut timed = Timed {
        samples: Vec::new(),
        errors: Vec::new(),
        window: Duration::ZERO,
    };
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((s, e)) => {
                timed.samples.extend(s);
                timed.errors.extend(e);
            }
            Err(e) => timed.errors.push(format!("client task failed: {e}")),
        }
    }
    // Requests still running at `end` finish after it; count the window as planned.
    timed.window = timing.duration;
    timed
}

/// One GET whose body is read in full (not parsed); non-200 is an error.
async fn fetch(
    api: Api,
    path: &'static str,
    query: Vec<(String, String)>,
    token: String,
) -> std::result::Result<(), String> {
    let resp = api
        .client
        .get(api.url(path))
        .query(&query)
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| format!("{path}: {e}"))?;
    if resp.status() != StatusCode::OK {
        return Err(format!("{path}: {}", describe(resp).await));
    }
    resp.bytes().await.map_err(|e| format!("{path}: {e}"))?;
    Ok(())
}

pub(crate) fn report_errors(what: &str, errors: &[String]) {
    for e in errors.iter().take(10) {
        eprintln!("  {what} error: {e}");
    }
    if errors.len() > 10 {
        eprintln!("  {what}: {} more errors", errors.len() - 10);
    }
}

/// Runs both board measurements; tokens are spread over the clients.
pub async fn run(api: &Api, tokens: &[String], timing: Timing) -> Result<Vec<Summary>> {
    let first_token = tokens.first().ok_or("no tokens")?.clone();
    let board = api.board(&first_token, &[]).await?;
    let load = format!("{} clients", timing.concurrency);
    let mut out = Vec::new();

    eprintln!(
        "board: GET /api/v1/boards for {:?} after {:?} warm-up...",
        timing.duration, timing.warmup
    );
    let (a, t, q) = (api.clone(), tokens.to_vec(), api.board_query(&[]));
    let timed = run_timed(timing, move |i| {
        fetch(
            a.clone(),
            "/api/v1/boards",
            q.clone(),
            t[i % t.len()].clone(),
        )
    })
    .await;
    report_errors("board", &timed.errors);
    out.push(
        Summary::new(
            "board data (GET /api/v1/boards)",
            load.clone(),
            timed.samples,
            timed.errors.len(),
        )
        .with_throughput(timed.window),
    );

    // The "each column's next page" case: the largest column that has a next page.
    let largest = board
        .columns
        .iter()
        .filter(|c| c.next_cursor.is_some())
        .max_by_key(|c| c.count);
    match largest {
        Some(col) => {
            let token = col.token();
            let cursor = col.next_cursor.clone().unwrap_or_default();
            eprintln!(
                "board: GET /api/v1/boards/column (column {token}, {} cards) ...",
                col.count
            );
            let mut q = api.board_query(&[]);
            q.push(("column".into(), token.clone()));
            q.push(("cursor".into(), cursor));
            let (a, t) = (api.clone(), tokens.to_vec());
            let timed = run_timed(timing, move |i| {
                fetch(
                    a.clone(),
                    "/api/v1/boards/column",
                    q.clone(),
                    t[i % t.len()].clone(),
                )
            })
            .await;
            report_errors("column page", &timed.errors);
            out.push(
                Summary::new(
                    "column next page (GET /api/v1/boards/column)",
                    load,
                    timed.samples,
                    timed.errors.len(),
                )
                .with_throughput(timed.window)
                .with("column", token.into())
                .with("column_count", col.count.into()),
            );
        }
        None => eprintln!("board: no column has a next page; skipping the next-page measurement"),
    }
    Ok(out)
}
