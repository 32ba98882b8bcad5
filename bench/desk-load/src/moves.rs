//! `move`: the card-move round trip. C workers each own distinct cards from the in_progress and
//! on_hold columns and move them in_progress → on_hold (awaiting_vendor) → in_progress, each
//! request carrying the version the previous answer returned, so no request should see a 409.

use crate::api::{Api, Card, Result, stale_current};
use crate::stats::Summary;
use reqwest::StatusCode;
use std::time::{Duration, Instant};

/// How many cards each worker cycles through (fewer when the columns hold fewer).
const CARDS_PER_WORKER: usize = 4;

/// One worker: `moves` transitions over `cards`, round robin.
async fn worker(
    api: Api,
    token: String,
    mut cards: Vec<Card>,
    moves: usize,
) -> (Vec<Duration>, Vec<String>) {
    let mut samples = Vec::with_capacity(moves);
    let mut errors = Vec::new();
    if cards.is_empty() {
        return (samples, errors);
    }
    for k in 0..moves {
        let idx = k % cards.len();
        let card = &mut cards[idx];
        let t0 = Instant::now();
        let resp = match api.toggle(&token, card).await {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("{}: {e}", card.number));
                continue;
            }
        };
        let status = resp.status();
        let body = match resp.text().await {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("{}: reading the answer: {e}", card.number));
                continue;
            }
        };
        let took = t0.elapsed();
        if status == StatusCode::OK {
            match serde_json::from_str::<Card>(&body) {
                Ok(next) => {
                    samples.push(took);
                    *card = next;
                }
                Err(e) => errors.push(format!("{}: unreadable card: {e}", card.number)),
            }
        } else {
            let short: String = body.chars().take(300).collect();
            errors.push(format!(
                "{} v{} {} → HTTP {status}: {short}",
                card.number, card.version, card.state
            ));
            // Carry on from what the server holds, so one stale answer does not cascade.
            if let Some(current) = stale_current(&body) {
                *card = current;
            }
        }
    }
    (samples, errors)
}

/// Runs `moves` moves over `concurrency` workers.
pub async fn run(api: &Api, token: &str, concurrency: usize, moves: usize) -> Result<Summary> {
    let concurrency = concurrency.max(1);
    let cards = api
        .movable_cards(token, concurrency * CARDS_PER_WORKER)
        .await?;
    if cards.is_empty() {
        return Err("move: the board has no cards in the in_progress or on_hold columns".into());
    }
    let workers = concurrency.min(cards.len());
    if workers < concurrency {
        eprintln!(
            "move: only {} movable cards; using {workers} workers",
            cards.len()
        );
    }
    let mut owned: Vec<Vec<Card>> = vec![Vec::new(); workers];
    for (i, card) in cards.into_iter().enumerate() {
        owned[i % workers].push(card);
    }
    eprintln!("move: {moves} moves over {workers} workers...");
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (w, cards) in owned.into_iter().enumerate() {
        let share = moves / workers + usize::from(w < moves % workers);
        tasks.spawn(worker(api.clone(), token.to_string(), cards, share));
    }
    let mut samples = Vec::with_capacity(moves);
    let mut errors = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((s, e)) => {
                samples.extend(s);
                errors.extend(e);
            }
            Err(e) => errors.push(format!("worker failed: {e}")),
        }
    }
    let elapsed = started.elapsed();
    for e in &errors {
        eprintln!("  move error: {e}");
    }
    Ok(Summary::new(
        "card move (POST /api/v1/tickets/{n}/transitions)",
        format!("{workers} workers"),
        samples,
        errors.len(),
    )
    .with_throughput(elapsed))
}
