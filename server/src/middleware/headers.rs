//! Security headers on every answer, and the Content-Security-Policy of HTML pages.
//!
//! Pages rendered by the app carry a policy with the nonce Leptos put on its own inline scripts
//! (hydration and streamed data); every other HTML answer gets the same policy without a nonce,
//! so no inline script runs anywhere. `'wasm-unsafe-eval'` lets the browser compile the
//! WebAssembly bundle; styles may be inline (the app sets a few `style` attributes).

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy for a page whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Adds `X-Content-Type-Options`, `Referrer-Policy` and `X-Frame-Options` to every answer, and a
/// nonce-less Content-Security-Policy to HTML answers that have none yet.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html
        && !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&content_security_policy(None))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_inline_scripts_without_the_nonce() {
        let with = content_security_policy(Some("abc123"));
        assert!(with.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        assert!(with.contains("frame-ancestors 'none'"));
        let without = content_security_policy(None);
        assert!(without.contains("script-src 'self' 'wasm-unsafe-eval';"));
        for policy in [with, without] {
            let scripts = policy
                .split(';')
                .find(|d| d.trim().starts_with("script-src"))
                .unwrap();
            assert!(!scripts.contains("unsafe-inline"), "{scripts}");
            assert!(!scripts.contains("'unsafe-eval'"), "{scripts}");
        }
    }
}
