//! Server functions of user administration: thin wrappers that resolve the caller and call the
//! service, which authorizes. JSON-encoded so nested input (roles) travels intact.

use crate::error::AppError;
use domain::UserId;
use domain::paging::Page;
use domain::users::{NewUser, UserQuery, UserSummary};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/api/fn", endpoint = "list_users", input = Json)]
pub async fn list_users(query: UserQuery) -> Result<Page<UserSummary>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::users::list(&ssr::services()?, &actor, query).await?)
}

#[server(prefix = "/api/fn", endpoint = "create_user", input = Json)]
pub async fn create_user(input: NewUser) -> Result<UserSummary, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::users::create(&ssr::services()?, &actor, input).await?)
}

#[server(prefix = "/api/fn", endpoint = "reset_user_password", input = Json)]
pub async fn reset_user_password(id: UserId, password: String) -> Result<(), AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::users::reset_password(&ssr::services()?, &actor, id, password).await?)
}

#[server(prefix = "/api/fn", endpoint = "set_user_disabled", input = Json)]
pub async fn set_user_disabled(id: UserId, disabled: bool) -> Result<UserSummary, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::users::set_disabled(&ssr::services()?, &actor, id, disabled).await?)
}
