//! The few Beacon API calls the benchmark needs: sign-in, board data, a column's next page and a
//! state transition, with just the response fields it reads.

use reqwest::{Client, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

/// Errors are reported, never matched on.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// The fields of a `TicketCard` the benchmark uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Card {
    pub number: String,
    pub state: String,
    pub version: i32,
}

/// A board column (`BoardColumn`).
#[derive(Debug, Clone, Deserialize)]
pub struct Column {
    pub key: Value,
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub cards: Vec<Card>,
    pub next_cursor: Option<String>,
}

impl Column {
    /// The column token the API takes: `state:new`, `assignee:12`, `group:none`.
    pub fn token(&self) -> String {
        let by = self
            .key
            .get("by")
            .and_then(Value::as_str)
            .unwrap_or("state");
        let value = match self.key.get("value") {
            None | Some(Value::Null) => "none".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        format!("{by}:{value}")
    }

    /// The state this column holds, when grouped by state.
    pub fn state(&self) -> Option<&str> {
        if self.key.get("by").and_then(Value::as_str) == Some("state") {
            self.key.get("value").and_then(Value::as_str)
        } else {
            None
        }
    }
}

/// `BoardData`, columns only.
#[derive(Debug, Clone, Deserialize)]
pub struct Board {
    pub columns: Vec<Column>,
}

/// The target system and how to reach it.
#[derive(Clone)]
pub struct Api {
    pub client: Client,
    pub base: String,
    pub kind: String,
    /// Extra view parameters for board requests (`group=state`...).
    pub view: Vec<(String, String)>,
}

/// A client for many short requests over loopback: keeps plenty of idle connections, no Nagle.
pub fn request_client() -> Result<Client> {
    Ok(Client::builder()
        .pool_max_idle_per_host(512)
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// A client for long-lived event streams: no overall timeout.
pub fn stream_client() -> Result<Client> {
    Ok(Client::builder()
        .pool_max_idle_per_host(1024)
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(30))
        .build()?)
}

/// Parses `a=b&c=d` into pairs (no percent-decoding; the benchmark passes plain words).
pub fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// A status and the start of the body, for error messages.
pub async fn describe(resp: reqwest::Response) -> String {
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    let short: String = body.chars().take(300).collect();
    format!("HTTP {status}: {short}")
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.trim_end_matches('/'), path)
    }

    /// The board query: `kind`, the view parameters, then `extra`.
    pub fn board_query(&self, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut q = vec![("kind".to_string(), self.kind.clone())];
        q.extend(
            self.view
                .iter()
                .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
                .cloned(),
        );
        q.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        q
    }

    /// Signs in and returns the access token.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<String> {
        let resp = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await?;
        if resp.status() != StatusCode::OK {
            return Err(format!("sign-in as {username}: {}", describe(resp).await).into());
        }
        let v: Value = resp.json().await?;
        match v.get("access_token").and_then(Value::as_str) {
            Some(t) => Ok(t.to_string()),
            None => Err(format!("sign-in as {username}: no access_token in the answer").into()),
        }
    }

    /// `GET /api/v1/boards` with the view plus `extra`, parsed.
    pub async fn board(&self, token: &str, extra: &[(&str, &str)]) -> Result<Board> {
        let resp = self
            .client
            .get(self.url("/api/v1/boards"))
            .query(&self.board_query(extra))
            .bearer_auth(token)
            .send()
            .await?;
        if resp.status() != StatusCode::OK {
            return Err(format!("GET /api/v1/boards: {}", describe(resp).await).into());
        }
        Ok(resp.json().await?)
    }

    /// `GET /api/v1/boards/column` for the page after `cursor`, parsed.
    pub async fn column(
        &self,
        token: &str,
        column: &str,
        cursor: &str,
        extra: &[(&str, &str)],
    ) -> Result<Column> {
        let mut q = self.board_query(extra);
        q.push(("column".into(), column.into()));
        q.push(("cursor".into(), cursor.into()));
        let resp = self
            .client
            .get(self.url("/api/v1/boards/column"))
            .query(&q)
            .bearer_auth(token)
            .send()
            .await?;
        if resp.status() != StatusCode::OK {
            return Err(format!("GET /api/v1/boards/column: {}", describe(resp).await).into());
        }
        Ok(resp.json().await?)
    }

    /// Sends `POST /tickets/{number}/transitions` from `card`'s state to the other of
    /// in_progress / on_hold; the caller reads the response.
    pub async fn toggle(&self, token: &str, card: &Card) -> reqwest::Result<reqwest::Response> {
        let body = if card.state == "in_progress" {
            json!({ "version": card.version, "to": "on_hold", "hold_reason": "awaiting_vendor" })
        } else {
            json!({ "version": card.version, "to": "in_progress" })
        };
        self.client
            .post(self.url(&format!("/api/v1/tickets/{}/transitions", card.number)))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
    }

    /// Cards in the in_progress and on_hold columns (grouped by state), following next pages
    /// until `want` are found or the columns run out.
    pub async fn movable_cards(&self, token: &str, want: usize) -> Result<Vec<Card>> {
        let board = self.board(token, &[("group", "state")]).await?;
        let mut cards = Vec::new();
        for col in &board.columns {
            if !matches!(col.state(), Some("in_progress" | "on_hold")) {
                continue;
            }
            cards.extend(col.cards.iter().cloned());
            let mut cursor = col.next_cursor.clone();
            while cards.len() < want {
                let Some(c) = cursor.take() else { break };
                let page = self
                    .column(token, &col.token(), &c, &[("group", "state")])
                    .await?;
                if page.cards.is_empty() {
                    break;
                }
                cards.extend(page.cards);
                cursor = page.next_cursor;
            }
        }
        cards.retain(|c| c.state == "in_progress" || c.state == "on_hold");
        cards.truncate(want);
        Ok(cards)
    }
}

/// The `current` card of a 409 `stale_version` answer, to carry on from.
pub fn stale_current(body: &str) -> Option<Card> {
    let v: Value = serde_json::from_str(body).ok()?;
    serde_json::from_value(v.get("error")?.get("current")?.clone()).ok()
}
