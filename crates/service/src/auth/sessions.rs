//! Sessions: sign-in with a password, refresh-token rotation, sign-out, and resolving an access
//! token to the actor behind it.
//!
//! A refresh token is `<session id>.<secret>`; the database keeps only a SHA-256 digest of the
//! secret. Each refresh replaces the secret. Presenting a replaced secret revokes the whole session
//! (the token was copied), except within a short grace period after rotation, which is two browser
//! tabs refreshing at the same moment.

use super::{password, security_log};
use crate::error::{ServiceError, ServiceResult};
use crate::{Services, users};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{Duration, Utc};
use db::entities::{session, user, user_role};
use domain::Actor;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QuerySelect, QueryTrait, RelationTrait, Set,
};
use sha2::{Digest, Sha256};

/// How long a replaced refresh token is still honoured (concurrent refreshes from several tabs).
const ROTATION_GRACE_SECS: i64 = 30;

/// What a successful sign-in or refresh hands out.
#[derive(Clone)]
pub struct TokenPair {
    pub access_token: String,
    /// `None` when a refresh inside the grace period kept the current refresh token.
    pub refresh_token: Option<String>,
    pub access_expires_in: i64,
    pub refresh_expires_in: i64,
    pub session_id: String,
}

impl std::fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenPair")
            .field("session_id", &self.session_id)
            .finish_non_exhaustive()
    }
}

/// The actor behind a verified access token, and the session it belongs to.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub actor: Actor,
    pub session_id: String,
    /// When the access token that proved it expires (seconds since the epoch).
    pub token_expires_at: i64,
}

fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    B64.encode(buf)
}

fn digest(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares digests in constant time.
fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Signs a fresh access token for the session and bundles it with the refresh token, if any.
fn token_pair(
    s: &Services,
    user_id: i64,
    sid: &str,
    refresh_token: Option<String>,
    refresh_expires_in: i64,
) -> ServiceResult<TokenPair> {
    let access_token = s
        .auth
        .issue(user_id, sid, Utc::now().timestamp())
        .map_err(|e| {
            tracing::error!(error = %e, "could not sign access token");
            ServiceError::Internal
        })?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        access_expires_in: s.auth.settings.access_ttl_secs,
        refresh_expires_in,
        session_id: sid.to_string(),
    })
}

/// Checks a username and password and opens a session.
///
/// Unknown users, wrong passwords and disabled accounts all get the same answer, after the same
/// amount of work, so the response does not reveal which usernames exist. Failures count towards
/// the waits of [`super::throttle`] and are written to the security log; while a wait runs,
/// attempts are refused with [`ServiceError::Throttled`] before any password work.
#[tracing::instrument(skip(s, password, user_agent), err(level = "info"))]
pub async fn sign_in(
    s: &Services,
    username: &str,
    password: &str,
    user_agent: Option<String>,
    client: &str,
) -> ServiceResult<(TokenPair, Actor)> {
    let username: String = username.trim().to_lowercase().chars().take(255).collect();
    if let Err(refusal) = s.throttle.check(&username, client, Utc::now().timestamp()) {
        if refusal.first {
            tracing::warn!(user = %username, client, reason = refusal.reason, "sign-ins throttled");
            security_log::record(
                &s.db,
                security_log::SIGN_IN_THROTTLED,
                &username,
                client,
                format!(
                    "attempts refused for {} s (too many failures for this {})",
                    refusal.retry_after_secs, refusal.reason
                ),
            )
            .await?;
        }
        return Err(ServiceError::Throttled {
            retry_after_secs: refusal.retry_after_secs,
        });
    }
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(username.as_str()))
        .one(&s.db)
        .await?;
    let phc = found.as_ref().map(|u| u.password_hash.clone());
    let ok = password::verify_blocking(password.to_string(), phc).await?;
    let user = match found {
        Some(u) if ok && !u.disabled => u,
        other => {
            s.throttle.failed(&username, client, Utc::now().timestamp());
            let why = match other {
                None => "unknown account",
                Some(u) if u.disabled && ok => "account disabled",
                Some(_) => "wrong password",
            };
            security_log::record(
                &s.db,
                security_log::SIGN_IN_FAILED,
                &username,
                client,
                why.into(),
            )
            .await?;
            return Err(ServiceError::Unauthenticated("wrong username or password"));
        }
    };
    s.throttle.succeeded(&username, client);
    let now = Utc::now();
    let sid = random_token(16);
    let secret = random_token(32);
    let ttl = s.auth.settings.refresh_ttl_secs;
    session::ActiveModel {
        id: Set(sid.clone()),
        user_id: Set(user.id),
        refresh_hash: Set(digest(&secret)),
        previous_hash: Set(None),
        rotated_at: Set(None),
        created_at: Set(now),
        expires_at: Set(now + Duration::seconds(ttl)),
        last_used_at: Set(now),
        revoked_at: Set(None),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(255).collect())),
    }
    .insert(&s.db)
    .await?;
    let actor = users::load_actor(&s.db, &user).await?;
    let pair = token_pair(s, user.id, &sid, Some(format!("{sid}.{secret}")), ttl)?;
    tracing::info!(user = %user.username, "signed in");
    Ok((pair, actor))
}

/// Exchanges a refresh token for a new access token and a new refresh token.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn refresh(s: &Services, refresh_token: &str) -> ServiceResult<TokenPair> {
    const INVALID: ServiceError = ServiceError::Unauthenticated("invalid refresh token");
    let (sid, secret) = refresh_token.split_once('.').ok_or(INVALID)?;
    let now = Utc::now();
    let (sess, owner) = session::Entity::find_by_id(sid)
        .find_also_related(user::Entity)
        .one(&s.db)
        .await?
        .ok_or(INVALID)?;
    let owner = owner.ok_or(INVALID)?;
    if sess.revoked_at.is_some() || sess.expires_at <= now || owner.disabled {
        return Err(INVALID);
    }
    let presented = digest(secret);
    let ttl = s.auth.settings.refresh_ttl_secs;
    if same_digest(&presented, &sess.refresh_hash) {
        let new_secret = random_token(32);
        let mut active: session::ActiveModel = sess.clone().into();
        active.previous_hash = Set(Some(sess.refresh_hash.clone()));
        active.rotated_at = Set(Some(now));
        active.refresh_hash = Set(digest(&new_secret));
        active.last_used_at = Set(now);
        active.expires_at = Set(now + Duration::seconds(ttl));
        // Only one concurrent rotation may win.
        let updated = session::Entity::update_many()
            .set(active)
            .filter(session::Column::Id.eq(sid))
            .filter(session::Column::RefreshHash.eq(sess.refresh_hash.as_str()))
            .exec(&s.db)
            .await?;
        // Zero rows: a concurrent request rotated this same token a moment ago. The token was
        // current, so this is the racing-tabs case: an access token, and the cookie set by the
        // winner stays.
        let refresh_token = (updated.rows_affected == 1).then(|| format!("{sid}.{new_secret}"));
        return token_pair(s, owner.id, sid, refresh_token, ttl);
    }
    let in_grace = sess
        .previous_hash
        .as_deref()
        .is_some_and(|prev| same_digest(&presented, prev))
        && sess
            .rotated_at
            .is_some_and(|at| now - at <= Duration::seconds(ROTATION_GRACE_SECS));
    if in_grace {
        let remaining = (sess.expires_at - now).num_seconds();
        return token_pair(s, owner.id, sid, None, remaining);
    }
    // A replaced token came back after the grace period: someone kept a copy. End the session.
    tracing::warn!(user = %owner.username, "refresh token reuse detected; session revoked");
    revoke_session(s, sid).await?;
    Err(INVALID)
}

/// Ends a session: its refresh token stops working and its access tokens are refused.
pub async fn revoke_session(s: &Services, sid: &str) -> ServiceResult<()> {
    session::Entity::update_many()
        .col_expr(
            session::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .filter(session::Column::Id.eq(sid))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&s.db)
        .await?;
    Ok(())
}

/// Signs out the session named by a refresh token (whatever its state).
pub async fn sign_out(s: &Services, refresh_token: &str) -> ServiceResult<()> {
    if let Some((sid, _)) = refresh_token.split_once('.') {
        revoke_session(s, sid).await?;
    }
    Ok(())
}

/// Resolves an access token to its actor: signature and expiry first, then the session must be
/// open and the user enabled. Roles come from the database, so a change applies at once.
pub async fn authenticate(s: &Services, access_token: &str) -> ServiceResult<Authenticated> {
    const INVALID: ServiceError = ServiceError::Unauthenticated("invalid or expired token");
    let claims = s.auth.verify(access_token).ok_or(INVALID)?;
    let user_id: i64 = claims.sub.parse().map_err(|_| INVALID)?;
    // One query on every request: the session, its owner and the owner's roles (a row per role).
    let query = session::Entity::find_by_id(claims.sid.as_str())
        .find_also_related(user::Entity)
        .join(JoinType::LeftJoin, user::Relation::Roles.def())
        .column_as(user_role::Column::Role, "role")
        .into_query();
    let rows =
        s.db.query_all(s.db.get_database_backend().build(&query))
            .await?;
    let first = rows.first().ok_or(INVALID)?;
    let sess = session::Model::from_query_result(first, "A_")?;
    let owner = user::Model::from_query_result_optional(first, "B_")?.ok_or(INVALID)?;
    if sess.revoked_at.is_some() || sess.user_id != user_id || owner.disabled {
        return Err(INVALID);
    }
    let mut roles = Vec::new();
    for row in &rows {
        if let Some(role) = row.try_get::<Option<String>>("", "role")? {
            roles.push(users::role_of(owner.id, &role)?);
        }
    }
    Ok(Authenticated {
        actor: users::actor_of(owner, roles.into_iter().collect()),
        session_id: sess.id,
        token_expires_at: claims.exp,
    })
}

/// Whether a session is still open: not signed out or revoked, not expired, and its user still
/// enabled (disabling a user or resetting their password revokes their sessions).
pub async fn session_open(s: &Services, sid: &str) -> ServiceResult<bool> {
    let found = session::Entity::find_by_id(sid)
        .find_also_related(user::Entity)
        .one(&s.db)
        .await?;
    Ok(match found {
        Some((sess, Some(owner))) => {
            sess.revoked_at.is_none() && sess.expires_at > Utc::now() && !owner.disabled
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_compare() {
        let a = digest("secret");
        assert_eq!(a.len(), 64);
        assert!(same_digest(&a, &digest("secret")));
        assert!(!same_digest(&a, &digest("secret2")));
        assert!(!same_digest(&a, "short"));
    }

    #[test]
    fn random_tokens_differ() {
        let a = random_token(32);
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token(32));
        assert!(
            !a.contains('.'),
            "the separator must not appear in a secret"
        );
    }
}
