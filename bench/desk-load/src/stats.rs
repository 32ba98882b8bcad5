//! Latency samples and their summary: nearest-rank percentiles over a sorted `Vec<Duration>`,
//! the Markdown row and the JSON object the report prints.

use serde_json::{Value, json};
use std::time::Duration;

/// What one measurement produced.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Row label, e.g. `board data (GET /api/v1/boards)`.
    pub name: String,
    /// Who produced the load, e.g. `4 clients` or `200 subscribers`.
    pub load: String,
    pub count: usize,
    pub errors: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub mean: Duration,
    /// Requests per second over the measurement window, when it is a timed run.
    pub throughput: Option<f64>,
    /// Anything else worth reporting (missed events, expected counts...).
    pub extra: Vec<(String, Value)>,
}

/// The `p`th percentile (0..=100) of sorted samples, nearest rank.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl Summary {
    /// Summarises `samples` (sorted here).
    pub fn new(name: &str, load: String, mut samples: Vec<Duration>, errors: usize) -> Summary {
        samples.sort_unstable();
        let total: Duration = samples.iter().sum();
        let mean = if samples.is_empty() {
            Duration::ZERO
        } else {
            total / samples.len() as u32
        };
        Summary {
            name: name.to_string(),
            load,
            count: samples.len(),
            errors,
            p50: percentile(&samples, 50.0),
            p95: percentile(&samples, 95.0),
            p99: percentile(&samples, 99.0),
            max: samples.last().copied().unwrap_or(Duration::ZERO),
            mean,
            throughput: None,
            extra: Vec::new(),
        }
    }

    pub fn with_throughput(mut self, window: Duration) -> Summary {
        let secs = window.as_secs_f64();
        if secs > 0.0 {
            self.throughput = Some(self.count as f64 / secs);
        }
        self
    }

    pub fn with(mut self, key: &str, value: Value) -> Summary {
        self.extra.push((key.to_string(), value));
        self
    }

    /// One row of the Markdown table (see [`table_header`]).
    pub fn row(&self) -> String {
        let tput = self
            .throughput
            .map_or_else(|| "–".to_string(), |t| format!("{t:.0} req/s"));
        let extra = self
            .extra
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "| {} | {} | {} | {} | p50 {} | p95 {} | p99 {} | max {} | {} | {} |",
            self.name,
            self.load,
            self.count,
            self.errors,
            ms(self.p50),
            ms(self.p95),
            ms(self.p99),
            ms(self.max),
            tput,
            if extra.is_empty() {
                "–".to_string()
            } else {
                extra
            },
        )
    }

    /// The same numbers as JSON, durations in milliseconds.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "name": self.name,
            "load": self.load,
            "count": self.count,
            "errors": self.errors,
            "p50_ms": millis(self.p50),
            "p95_ms": millis(self.p95),
            "p99_ms": millis(self.p99),
            "max_ms": millis(self.max),
            "mean_ms": millis(self.mean),
            "throughput_per_s": self.throughput,
        });
        if let Value::Object(map) = &mut v {
            for (k, val) in &self.extra {
                map.insert(k.clone(), val.clone());
            }
        }
        v
    }
}

/// Header and separator of the Markdown table.
pub fn table_header() -> String {
    "| measurement | load | count | errors | p50 | p95 | p99 | max | throughput | notes |\n\
     |---|---|---:|---:|---:|---:|---:|---:|---:|---|"
        .to_string()
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// `3.1 ms`, or `850 µs` below a millisecond.
pub fn ms(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else {
        format!("{:.1} ms", us / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let s: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let sum = Summary::new("x", "1".into(), s, 0);
        assert_eq!(sum.p50, Duration::from_millis(50));
        assert_eq!(sum.p95, Duration::from_millis(95));
        assert_eq!(sum.p99, Duration::from_millis(99));
        assert_eq!(sum.max, Duration::from_millis(100));
    }
}
