//! `fanout`: S subscribers hold `GET /api/v1/events` open; the tool then moves one card M times
//! and measures, per (subscriber, move), the time from just before the POST was sent to the
//! arrival of the `ticket` event whose `after` has that number and version. Both instants come
//! from the same process's monotonic clock.

use crate::api::{Api, Card, Result, stale_current, stream_client};
use crate::stats::{Summary, ms};
use reqwest::{Client, StatusCode};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};

/// Subscribers per HTTP client (each subscriber holds its own connection either way).
const SUBSCRIBERS_PER_CLIENT: usize = 50;
/// How long to wait for every subscriber's response headers.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long after the last move to wait for stragglers.
const GRACE: Duration = Duration::from_secs(5);

/// What the run is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub subscribers: usize,
    pub moves: usize,
    pub spacing: Duration,
}

#[derive(Deserialize)]
struct EventAfter {
    after: EventCard,
}

#[derive(Deserialize)]
struct EventCard {
    number: String,
    version: i32,
}

/// Counters every subscriber shares.
#[derive(Default)]
struct Shared {
    /// `ticket` events about the watched card, over all subscribers.
    seen: AtomicUsize,
    /// `lagged` notices: the server dropped events for a slow subscriber.
    lagged: AtomicUsize,
}

/// Handles one SSE block (lines up to a blank line, `\r` already removed).
fn handle_block(
    block: &[u8],
    number: &str,
    at: Instant,
    shared: &Shared,
    got: &mut Vec<(i32, Instant)>,
) {
    let text = String::from_utf8_lossy(block);
    let mut event = "message";
    let mut data = String::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("event:") {
            event = v.trim();
        } else if let Some(v) = line.strip_prefix("data:") {
            if !data.is_empty() {
                data.push('\n');
            }
            data.push_str(v.strip_prefix(' ').unwrap_or(v));
        }
    }
    match event {
        "ticket" => {
            if let Ok(ev) = serde_json::from_str::<EventAfter>(&data)
                && ev.after.number == number
            {
                got.push((ev.after.version, at));
                shared.seen.fetch_add(1, Ordering::Relaxed);
            }
        }
        "lagged" => {
            shared.lagged.fetch_add(1, Ordering::Relaxed);
        }
        _ => {}
    }
}

/// One subscriber: reports when the headers arrive, then records (version, arrival) of events
/// about `number` until told to stop or the stream ends.
async fn subscriber(
    client: Client,
    url: String,
    token: String,
    number: Arc<str>,
    ready: mpsc::Sender<std::result::Result<(), String>>,
    mut stop: watch::Receiver<bool>,
    shared: Arc<Shared>,
) -> Vec<(i32, Instant)> {
    let mut got = Vec::new();
    let sent = client
        .get(&url)
        .bearer_auth(&token)
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .send()
        .await;
    let mut resp = match sent {
        Ok(r) if r.status() == StatusCode::OK => r,
        Ok(r) => {
            let _ = ready.send(Err(format!("HTTP {}", r.status()))).await;
            return got;
        }
        Err(e) => {
            let _ = ready.send(Err(e.to_string())).await;
            return got;
        }
    };
    let _ = ready.send(Ok(())).await;
    drop(ready);
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    while !*stop.borrow() {
        tokio::select! {
            _ = stop.changed() => break,
            chunk = resp.chunk() => match chunk {
                Ok(Some(bytes)) => {
                    let at = Instant::now();
                    buf.extend(bytes.iter().filter(|b| **b != b'\r'));
                    while let Some(pos) = buf.windows(2).position(|w| w == b"\n\n") {
                        let block: Vec<u8> = buf.drain(..pos + 2).collect();
                        handle_block(&block, &number, at, &shared, &mut got);
                    }
                }
                Ok(None) | Err(_) => break,
            },
        }
    }
    got
}

/// Runs the fan-out measurement. `tokens` are shared round robin by the subscribers; moves use
/// `mover`.
pub async fn run(api: &Api, tokens: &[String], mover: &str, plan: Plan) -> Result<Summary> {
    if tokens.is_empty() {
        return Err("fanout: no tokens".into());
    }
    let mut card: Card = api
        .movable_cards(mover, 1)
        .await?
        .into_iter()
        .next()
        .ok_or("fanout: the board has no cards in the in_progress or on_hold columns")?;
    let number: Arc<str> = Arc::from(card.number.as_str());
    eprintln!(
        "fanout: {} subscribers, {} moves of {} every {:?}...",
        plan.subscribers, plan.moves, card.number, plan.spacing
    );

    let shared = Arc::new(Shared::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let (ready_tx, mut ready_rx) = mpsc::channel(plan.subscribers.max(1));
    let url = api.url("/api/v1/events");
    let mut clients = Vec::new();
    let mut tasks = tokio::task::JoinSet::new();
    let connect_started = Instant::now();
    for i in 0..plan.subscribers {
        if i % SUBSCRIBERS_PER_CLIENT == 0 {
            clients.push(stream_client()?);
        }
        let client = clients.last().ok_or("no client")?.clone();
        tasks.spawn(subscriber(
            client,
            url.clone(),
            tokens[i % tokens.len()].clone(),
            Arc::clone(&number),
            ready_tx.clone(),
            stop_rx.clone(),
            Arc::clone(&shared),
        ));
    }
    drop(ready_tx);

    let mut connected = 0usize;
    let mut failed = Vec::new();
    let deadline = tokio::time::Instant::now() + CONNECT_TIMEOUT;
    while connected + failed.len() < plan.subscribers {
        match tokio::time::timeout_at(deadline, ready_rx.recv()).await {
            Ok(Some(Ok(()))) => connected += 1,
            Ok(Some(Err(e))) => failed.push(e),
            Ok(None) | Err(_) => break,
        }
    }
    let connect_time = connect_started.elapsed();
    eprintln!(
        "fanout: {connected} subscribers connected in {}, {} failed",
        ms(connect_time),
        failed.len()
    );
    for e in failed.iter().take(10) {
        eprintln!("  subscriber error: {e}");
    }

    // Moves, spaced evenly; each uses the version the previous answer returned.
    let mut sends: Vec<(i32, Instant)> = Vec::with_capacity(plan.moves);
    let mut move_errors = Vec::new();
    let first = tokio::time::Instant::now() + Duration::from_millis(100);
    for i in 0..plan.moves {
        tokio::time::sleep_until(first + plan.spacing * i as u32).await;
        let sent = Instant::now();
        let outcome = match api.toggle(mover, &card).await {
            Ok(resp) => {
                let status = resp.status();
                resp.text()
                    .await
                    .map(|body| (status, body))
                    .map_err(|e| e.to_string())
            }
            Err(e) => Err(e.to_string()),
        };
        match outcome {
            Ok((StatusCode::OK, body)) => match serde_json::from_str::<Card>(&body) {
                Ok(next) => {
                    sends.push((next.version, sent));
                    card = next;
                }
                Err(e) => move_errors.push(format!("unreadable card: {e}")),
            },
            Ok((status, body)) => {
                let short: String = body.chars().take(300).collect();
                move_errors.push(format!(
                    "{} v{} → HTTP {status}: {short}",
                    card.number, card.version
                ));
                if let Some(current) = stale_current(&body) {
                    card = current;
                }
            }
            Err(e) => move_errors.push(e),
        }
    }
    for e in &move_errors {
        eprintln!("  fanout move error: {e}");
    }

    // Wait for delivery (or the grace period), then stop the subscribers.
    let expected_now = connected * sends.len();
    let until = Instant::now() + GRACE;
    while shared.seen.load(Ordering::Relaxed) < expected_now && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let _ = stop_tx.send(true);

    let mut samples = Vec::with_capacity(plan.subscribers * plan.moves);
    while let Some(joined) = tasks.join_next().await {
        let got = match joined {
            Ok(g) => g,
            Err(e) => {
                eprintln!("  subscriber task failed: {e}");
                continue;
            }
        };
        let mut first_seen: HashMap<i32, Instant> = HashMap::new();
        for (v, at) in got {
            first_seen.entry(v).or_insert(at);
        }
        for (v, sent) in &sends {
            if let Some(at) = first_seen.get(v) {
                samples.push(at.saturating_duration_since(*sent));
            }
        }
    }
    let expected = plan.subscribers * plan.moves;
    let delivered = samples.len();
    let missed = expected.saturating_sub(delivered);
    Ok(Summary::new(
        "SSE fan-out (move → ticket event)",
        format!("{} subscribers", plan.subscribers),
        samples,
        failed.len() + move_errors.len(),
    )
    .with("expected", expected.into())
    .with("delivered", delivered.into())
    .with("missed", missed.into())
    .with("connected", connected.into())
    .with("moves_ok", sends.len().into())
    .with("lagged", shared.lagged.load(Ordering::Relaxed).into())
    .with(
        "connect_ms",
        ((connect_time.as_secs_f64() * 1e4).round() / 10.0).into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ticket_blocks_only_for_the_card() {
        let shared = Shared::default();
        let mut got = Vec::new();
        let at = Instant::now();
        let block = b"event: ticket\ndata: {\"change\":\"moved\",\"after\":{\"number\":\"INC1\",\"version\":7},\"at\":\"x\"}\n\n";
        handle_block(block, "INC1", at, &shared, &mut got);
        handle_block(block, "INC2", at, &shared, &mut got);
        handle_block(b": keep-alive\n\n", "INC1", at, &shared, &mut got);
        handle_block(b"event: lagged\ndata: 3\n\n", "INC1", at, &shared, &mut got);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 7);
        assert_eq!(shared.lagged.load(Ordering::Relaxed), 1);
    }
}
