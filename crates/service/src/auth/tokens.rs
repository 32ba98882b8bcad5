//! Access tokens: JWTs signed with HS256 by a secret only the server knows.
//!
//! Verification pins the algorithm, so `alg: none` and tokens signed with any other algorithm or
//! key are refused, and requires `exp`, `iss` and `aud`.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

/// Issuer and audience written into every token.
pub const ISSUER: &str = "beacon";
pub const AUDIENCE: &str = "beacon-api";

/// How tokens are signed and how long they live.
#[derive(Clone)]
pub struct AuthSettings {
    /// The HS256 key. At least 32 bytes.
    pub secret: Vec<u8>,
    /// Lifetime of an access token, in seconds.
    pub access_ttl_secs: i64,
    /// Lifetime of a refresh token since its last use, in seconds.
    pub refresh_ttl_secs: i64,
}

impl std::fmt::Debug for AuthSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSettings")
            .field("secret", &"<redacted>")
            .field("access_ttl_secs", &self.access_ttl_secs)
            .field("refresh_ttl_secs", &self.refresh_ttl_secs)
            .finish()
    }
}

/// What an access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The session the token was issued for.
    pub sid: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// The signing and verification keys, built once from [`AuthSettings`].
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub settings: AuthSettings,
}

impl TokenKeys {
    pub fn new(settings: AuthSettings) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(&settings.secret),
            decoding: DecodingKey::from_secret(&settings.secret),
            validation,
            settings,
        }
    }

    /// Signs an access token for `user_id` in session `sid`, valid from `now` (unix seconds).
    pub fn issue(
        &self,
        user_id: i64,
        sid: &str,
        now: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = Claims {
            sub: user_id.to_string(),
            sid: sid.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + self.settings.access_ttl_secs,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Checks signature, algorithm, issuer, audience and expiry; returns the claims.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

    fn keys(secret: &[u8]) -> TokenKeys {
        TokenKeys::new(AuthSettings {
            secret: secret.to_vec(),
            access_ttl_secs: 600,
            refresh_ttl_secs: 3600,
        })
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn issued_tokens_verify() {
        let k = keys(b"0123456789abcdef0123456789abcdef");
        let t = k.issue(7, "s1", now()).unwrap();
        let c = k.verify(&t).unwrap();
        assert_eq!((c.sub.as_str(), c.sid.as_str()), ("7", "s1"));
    }

    #[test]
    fn bad_tokens_are_refused() {
        let k = keys(b"0123456789abcdef0123456789abcdef");
        let other = keys(b"another key that is long enough!!");
        let good = k.issue(7, "s1", now()).unwrap();
        let expired = k.issue(7, "s1", now() - 3600).unwrap();
        let foreign = other.issue(7, "s1", now()).unwrap();
        let payload = good.split('.').nth(1).unwrap();
        let alg_none = format!("{}.{payload}.", B64.encode(r#"{"alg":"none","typ":"JWT"}"#));
        let mut claims: serde_json::Value =
            serde_json::from_slice(&B64.decode(payload).unwrap()).unwrap();
        claims["sub"] = "1".into();
        let parts: Vec<&str> = good.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            B64.encode(claims.to_string()),
            parts[2]
        );
        for (name, token) in [
            ("expired", expired.as_str()),
            ("other key", foreign.as_str()),
            ("alg none", alg_none.as_str()),
            ("tampered", tampered.as_str()),
            ("garbage", "not.a.token"),
            ("empty", ""),
        ] {
            assert!(k.verify(token).is_none(), "{name} was accepted");
        }
    }
}
