//! `pages`: throughput and latency of the agent's other main answers under C concurrent clients
//! for a fixed time after a warm-up (the same closed loop as `board`):
//! - the server-rendered board page (`GET /boards`, signed in by cookie, whole HTML read);
//! - the REST ticket list's first page (`GET /api/v1/tickets?kind=K&open=true&limit=25`).

use crate::api::{Api, Result};
use crate::board::{Timing, report_errors, run_timed};
use crate::stats::Summary;
use reqwest::StatusCode;

/// One GET, authenticated by `auth` (a header name and value), whose body is read in full.
async fn fetch(
    api: Api,
    path: String,
    auth: (&'static str, String),
) -> std::result::Result<(), String> {
    let resp = api
        .client
        .get(api.url(&path))
        .header(auth.0, auth.1)
        .send()
        .await
        .map_err(|e| format!("{path}: {e}"))?;
    if resp.status() != StatusCode::OK {
        return Err(format!("{path}: HTTP {}", resp.status()));
    }
    resp.bytes().await.map_err(|e| format!("{path}: {e}"))?;
    Ok(())
}

/// Runs both measurements, each with its key in the JSON line; tokens are spread over the clients.
pub async fn run(
    api: &Api,
    tokens: &[String],
    timing: Timing,
) -> Result<Vec<(&'static str, Summary)>> {
    if tokens.is_empty() {
        return Err("no tokens".into());
    }
    let load = format!("{} clients", timing.concurrency);
    let cases: [(&str, &str, String, bool); 2] = [
        (
            "board_page",
            "board page, server-rendered (GET /boards)",
            format!("/boards?kind={}", api.kind),
            true,
        ),
        (
            "ticket_list",
            "ticket list, first 25 open (GET /api/v1/tickets)",
            format!("/api/v1/tickets?kind={}&open=true&limit=25", api.kind),
            false,
        ),
    ];
    let mut out = Vec::new();
    for (key, name, path, by_cookie) in cases {
        eprintln!(
            "pages: GET {path} for {:?} after {:?} warm-up...",
            timing.duration, timing.warmup
        );
        let (a, t) = (api.clone(), tokens.to_vec());
        let timed = run_timed(timing, move |i| {
            let token = t[i % t.len()].clone();
            let auth = if by_cookie {
                ("cookie", format!("beacon_access={token}"))
            } else {
                ("authorization", format!("Bearer {token}"))
            };
            fetch(a.clone(), path.clone(), auth)
        })
        .await;
        report_errors(key, &timed.errors);
        out.push((
            key,
            Summary::new(name, load.clone(), timed.samples, timed.errors.len())
                .with_throughput(timed.window),
        ));
    }
    Ok(out)
}
