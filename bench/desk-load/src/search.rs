//! `search`: latency and throughput of catalog search (`GET /api/v1/catalog/items?q=`) with C
//! concurrent clients, cycling through queries with typos, prefixes and several words. The
//! first request after the server starts builds the in-memory index and is timed on its own.

use crate::api::{Api, Result, describe};
use crate::board::{Timing, report_errors, run_timed};
use crate::stats::Summary;
use reqwest::StatusCode;
use std::time::Instant;

/// What people type: exact words, prefixes while typing, typos, several words, no match.
const QUERIES: [&str; 12] = [
    "laptop",
    "laptp",
    "lap",
    "vpn acess",
    "premium monitr",
    "developer laptop",
    "mailbox",
    "shared mailbox team",
    "parking",
    "licence renewal",
    "xylophone",
    "docking statoin",
];

async fn one(api: &Api, token: &str, q: &str) -> std::result::Result<usize, String> {
    let resp = api
        .client
        .get(api.url("/api/v1/catalog/items"))
        .query(&[("q", q), ("limit", "20")])
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| format!("search: {e}"))?;
    if resp.status() != StatusCode::OK {
        return Err(format!("search: {}", describe(resp).await));
    }
    let body: serde_json::Value = resp.json().await.map_err(|e| format!("search: {e}"))?;
    Ok(body["total"].as_u64().unwrap_or(0) as usize)
}

/// Runs the search measurement; tokens are spread over the clients.
pub async fn run(api: &Api, tokens: &[String], timing: Timing) -> Result<Vec<Summary>> {
    let token = tokens.first().ok_or("no tokens")?.clone();
    let t0 = Instant::now();
    let total = one(api, &token, "laptop").await?;
    let first = t0.elapsed();
    eprintln!("search: first query {first:?} ({total} items match \"laptop\")");
    eprintln!(
        "search: GET /api/v1/catalog/items?q= for {:?} after {:?} warm-up...",
        timing.duration, timing.warmup
    );
    let (a, t) = (api.clone(), tokens.to_vec());
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let timed = run_timed(timing, move |i| {
        let (a, t, counter) = (a.clone(), t.clone(), counter.clone());
        async move {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            one(&a, &t[i % t.len()], QUERIES[n % QUERIES.len()])
                .await
                .map(|_| ())
        }
    })
    .await;
    report_errors("search", &timed.errors);
    Ok(vec![
        Summary::new(
            "catalog search (GET /api/v1/catalog/items?q=)",
            format!("{} clients", timing.concurrency),
            timed.samples,
            timed.errors.len(),
        )
        .with_throughput(timed.window)
        .with(
            "first_query_ms",
            serde_json::json!(first.as_secs_f64() * 1000.0),
        )
        .with("laptop_matches", total.into()),
    ])
}
