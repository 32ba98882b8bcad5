//! The browser's sign-in and sign-out: plain HTML form posts answered with a redirect, so they
//! work with or without JavaScript; and the two session cookies.
//!
//! - `beacon_access`: the short-lived access token (JWT).
//! - `beacon_refresh`: the refresh token, exchanged for a new access token when that expires.
//!
//! Both are `HttpOnly` (no script can read them) and `SameSite=Lax`, plus `Secure` behind HTTPS.

use crate::middleware::client::ClientAddr;
use crate::state::{AppState, WebSettings};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use service::{ServiceError, TokenPair};

pub const ACCESS_COOKIE: &str = "beacon_access";
pub const REFRESH_COOKIE: &str = "beacon_refresh";

/// The session cookies a request carried.
#[derive(Debug, Default)]
pub struct Cookies {
    access: Option<String>,
    refresh: Option<String>,
}

impl Cookies {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let mut found = Cookies::default();
        for value in headers.get_all(header::COOKIE) {
            let Ok(value) = value.to_str() else { continue };
            for pair in value.split(';') {
                match pair.trim().split_once('=') {
                    Some((ACCESS_COOKIE, v)) if !v.is_empty() => found.access = Some(v.to_string()),
                    Some((REFRESH_COOKIE, v)) if !v.is_empty() => {
                        found.refresh = Some(v.to_string())
                    }
                    _ => {}
                }
            }
        }
        found
    }

    pub fn access(&self) -> Option<&str> {
        self.access.as_deref()
    }

    pub fn refresh(&self) -> Option<&str> {
        self.refresh.as_deref()
    }
}

fn cookie(name: &str, value: &str, max_age: i64, web: &WebSettings) -> Option<HeaderValue> {
    let secure = if web.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// `Set-Cookie` values for a fresh token pair.
pub fn session_cookies(pair: &TokenPair, web: &WebSettings) -> Vec<HeaderValue> {
    let mut out: Vec<HeaderValue> = cookie(
        ACCESS_COOKIE,
        &pair.access_token,
        pair.access_expires_in,
        web,
    )
    .into_iter()
    .collect();
    if let Some(refresh) = &pair.refresh_token {
        out.extend(cookie(
            REFRESH_COOKIE,
            refresh,
            pair.refresh_expires_in,
            web,
        ));
    }
    out
}

/// `Set-Cookie` values that delete both cookies.
pub fn cleared_cookies(web: &WebSettings) -> Vec<HeaderValue> {
    [ACCESS_COOKIE, REFRESH_COOKIE]
        .into_iter()
        .filter_map(|name| cookie(name, "", 0, web))
        .collect()
}

/// Encodes query parameters.
pub fn query(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// Reads one parameter of a query string.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The sign-in form's fields. All optional, so a half-filled form gets a message, not a 422.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /auth/sign-in`: checks the credentials, sets the cookies, and goes where the user wanted.
/// On failure it returns to the form with the username kept and a reason.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let back_to_form = |error: &str, wait: Option<u64>| {
        let wait = wait.map(|w| w.to_string()).unwrap_or_default();
        let mut pairs = vec![
            ("error", error),
            ("username", form.username.trim()),
            ("next", form.next.as_str()),
        ];
        if !wait.is_empty() {
            pairs.push(("wait", wait.as_str()));
        }
        Redirect::to(&format!("/login?{}", query(&pairs))).into_response()
    };
    if form.username.trim().is_empty() || form.password.is_empty() {
        return back_to_form("missing", None);
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let outcome = service::auth::sign_in(
        &state.services,
        &form.username,
        &form.password,
        agent,
        &client,
    )
    .await;
    match outcome {
        Ok((pair, _actor)) => {
            let mut res = Redirect::to(&domain::redirect::safe_next(&form.next)).into_response();
            for c in session_cookies(&pair, &state.web) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            res
        }
        Err(ServiceError::Unauthenticated(_)) => back_to_form("credentials", None),
        Err(ServiceError::Throttled { retry_after_secs }) => {
            back_to_form("throttled", Some(retry_after_secs))
        }
        Err(_) => back_to_form("unavailable", None),
    }
}

/// `POST /auth/sign-out`: ends the session on the server and deletes the cookies.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(refresh) = Cookies::from_headers(&headers).refresh()
        && let Err(e) = service::auth::sign_out(&state.services, refresh).await
    {
        tracing::warn!(error = %e, "could not revoke a session at sign-out");
    }
    let mut res = Redirect::to("/login?signed_out=1").into_response();
    for c in cleared_cookies(&state.web) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_parsed() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "theme=dark; beacon_access=a.b.c; beacon_refresh=s.t"
                .parse()
                .unwrap(),
        );
        let c = Cookies::from_headers(&h);
        assert_eq!(c.access(), Some("a.b.c"));
        assert_eq!(c.refresh(), Some("s.t"));
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "beacon_access=".parse().unwrap());
        assert_eq!(Cookies::from_headers(&h).access(), None);
    }

    #[test]
    fn query_round_trip() {
        let q = query(&[
            ("next", "/admin/users?page=2&sort=name"),
            ("username", "ada lovelace"),
        ]);
        assert_eq!(
            query_param(&q, "next").as_deref(),
            Some("/admin/users?page=2&sort=name")
        );
        assert_eq!(query_param(&q, "username").as_deref(), Some("ada lovelace"));
        assert_eq!(query_param(&q, "error"), None);
    }
}
