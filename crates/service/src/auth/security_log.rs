//! The security log: failed and throttled sign-ins, with account name and client address.

use crate::error::ServiceResult;
use db::entities::security_event;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// Kinds of security events.
pub const SIGN_IN_FAILED: &str = "sign_in_failed";
pub const SIGN_IN_THROTTLED: &str = "sign_in_throttled";

/// Appends one line to the security log.
pub async fn record(
    db: &impl ConnectionTrait,
    kind: &str,
    username: &str,
    client: &str,
    detail: String,
) -> ServiceResult<()> {
    security_event::ActiveModel {
        occurred_at: Set(crate::now()),
        kind: Set(kind.to_string()),
        username: Set(Some(username.chars().take(255).collect())),
        client: Set(Some(client.chars().take(64).collect())),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
