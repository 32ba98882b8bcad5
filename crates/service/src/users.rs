//! Users: the admin's list, create, password reset and disable; and each user's own profile.
//!
//! Every function here that changes or lists other users requires
//! [`Capability::ManageUsers`]; the check is [`require`], the one place this area authorizes.

use crate::Services;
use crate::auth::password;
use crate::database::escape_like;
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use db::entities::{department, group, group_member, session, user, user_role};
use domain::paging::{Page, SortDir, clamp_paging};
use domain::users::{NewUser, Profile, UserQuery, UserSort, UserSummary, validate_password};
use domain::{Actor, Capability, Role, RoleSet, UserId};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set, SqlErr,
    TransactionTrait,
};
use std::collections::HashMap;

/// Refuses the call unless the actor holds `cap`.
pub fn require(actor: &Actor, cap: Capability) -> ServiceResult<()> {
    if actor.can(cap) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The roles of one user.
pub(crate) async fn roles_of(db: &impl ConnectionTrait, user_id: i64) -> ServiceResult<RoleSet> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    rows.iter().map(|r| role_of(r.user_id, &r.role)).collect()
}

/// One stored role word of a user, failing loudly on an unknown one.
pub(crate) fn role_of(user_id: i64, word: &str) -> ServiceResult<Role> {
    crate::stored::stored("user_roles.role", user_id, word, Role::parse)
}

/// The [`Actor`] of a stored user with their roles.
pub(crate) fn actor_of(u: user::Model, roles: RoleSet) -> Actor {
    Actor {
        user_id: UserId(u.id),
        username: u.username,
        display_name: u.display_name,
        roles,
    }
}

/// Builds the [`Actor`] for a stored user.
pub async fn load_actor(db: &DatabaseConnection, u: &user::Model) -> ServiceResult<Actor> {
    Ok(actor_of(u.clone(), roles_of(db, u.id).await?))
}

fn summary(u: user::Model, dept: Option<department::Model>, roles: RoleSet) -> UserSummary {
    UserSummary {
        id: UserId(u.id),
        username: u.username,
        display_name: u.display_name,
        email: u.email,
        department: dept.map(|d| d.name),
        title: u.title,
        roles,
        disabled: u.disabled,
        created_at: u.created_at.to_rfc3339(),
    }
}

/// The signed-in user's own profile, with their groups.
pub async fn me(s: &Services, actor: &Actor) -> ServiceResult<Profile> {
    let (u, dept) = user::Entity::find_by_id(actor.user_id.0)
        .find_also_related(department::Entity)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let groups = group::Entity::find()
        .join(sea_orm::JoinType::InnerJoin, group::Relation::Members.def())
        .filter(group_member::Column::UserId.eq(u.id))
        .order_by_asc(group::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    Ok(Profile {
        id: UserId(u.id),
        username: u.username,
        display_name: u.display_name,
        email: u.email,
        department: dept.map(|d| d.name),
        title: u.title,
        roles: actor.roles,
        groups,
    })
}

/// One page of users, filtered and sorted, each with department and roles (three queries).
#[tracing::instrument(skip(s, actor), err(level = "info"))]
pub async fn list(s: &Services, actor: &Actor, q: UserQuery) -> ServiceResult<Page<UserSummary>> {
    require(actor, Capability::ManageUsers)?;
    let (page, per_page) = clamp_paging(q.page, q.per_page, 25);
    let order = match q.dir.unwrap_or_default() {
        SortDir::Asc => Order::Asc,
        SortDir::Desc => Order::Desc,
    };
    let mut select = user::Entity::find().find_also_related(department::Entity);
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        let matches = |col: user::Column| {
            Expr::expr(Func::lower(Expr::col((user::Entity, col))))
                .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        select = select.filter(
            sea_orm::Condition::any()
                .add(matches(user::Column::Username))
                .add(matches(user::Column::DisplayName))
                .add(matches(user::Column::Email)),
        );
    }
    select = match q.sort.unwrap_or_default() {
        UserSort::Name => select.order_by(user::Column::DisplayName, order),
        UserSort::Username => select.order_by(user::Column::Username, order),
        UserSort::Email => select.order_by(user::Column::Email, order),
        UserSort::Department => select.order_by(department::Column::Name, order),
        UserSort::Created => select.order_by(user::Column::CreatedAt, order),
    }
    .order_by_asc(user::Column::Id);
    let paginator = select.paginate(&s.db, per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let ids: Vec<i64> = rows.iter().map(|(u, _)| u.id).collect();
    let mut roles: HashMap<i64, RoleSet> = HashMap::new();
    for r in user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(ids))
        .all(&s.db)
        .await?
    {
        let role = role_of(r.user_id, &r.role)?;
        roles.entry(r.user_id).or_default().insert(role);
    }
    let items = rows
        .into_iter()
        .map(|(u, d)| {
            let r = roles.get(&u.id).copied().unwrap_or_default();
            summary(u, d, r)
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// One user.
pub async fn get(s: &Services, actor: &Actor, id: UserId) -> ServiceResult<UserSummary> {
    require(actor, Capability::ManageUsers)?;
    let (u, d) = user::Entity::find_by_id(id.0)
        .find_also_related(department::Entity)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let roles = roles_of(&s.db, u.id).await?;
    Ok(summary(u, d, roles))
}

/// Creates a user with the given roles (always including requester).
#[tracing::instrument(skip(s, actor, new), fields(username = %new.username), err(level = "info"))]
pub async fn create(s: &Services, actor: &Actor, new: NewUser) -> ServiceResult<UserSummary> {
    require(actor, Capability::ManageUsers)?;
    let new = new.normalised();
    new.validate().map_err(ServiceError::Invalid)?;
    let hash = password::hash_blocking(new.password.clone()).await?;
    let id = insert_user(&s.db, &new, hash, None, None, None).await?;
    // A new agent can be assigned at once.
    s.directory.clear();
    tracing::info!(by = %actor.username, "user created");
    get(s, actor, UserId(id)).await
}

/// Inserts a user and their roles in one transaction; unique clashes become field errors.
pub(crate) async fn insert_user(
    db: &DatabaseConnection,
    new: &NewUser,
    password_hash: String,
    department_id: Option<i64>,
    manager_id: Option<i64>,
    title: Option<String>,
) -> ServiceResult<i64> {
    let new = new.clone();
    let id = db
        .transaction::<_, i64, ServiceError>(|txn| {
            Box::pin(async move {
                let now = Utc::now();
                let inserted = user::ActiveModel {
                    username: Set(new.username.clone()),
                    email: Set(new.email.clone()),
                    display_name: Set(new.display_name.clone()),
                    password_hash: Set(password_hash),
                    department_id: Set(department_id),
                    manager_id: Set(manager_id),
                    title: Set(title),
                    disabled: Set(false),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                    ..Default::default()
                }
                .insert(txn)
                .await
                .map_err(unique_to_field)?;
                let rows: Vec<user_role::ActiveModel> = new
                    .roles
                    .iter()
                    .map(|r| user_role::ActiveModel {
                        user_id: Set(inserted.id),
                        role: Set(r.as_str().to_string()),
                    })
                    .collect();
                user_role::Entity::insert_many(rows).exec(txn).await?;
                Ok(inserted.id)
            })
        })
        .await?;
    Ok(id)
}

fn unique_to_field(e: sea_orm::DbErr) -> ServiceError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(msg)) if msg.contains("email") => {
            ServiceError::field("email", "Another user already has this e-mail address.")
        }
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            ServiceError::field("username", "This username is taken.")
        }
        _ => e.into(),
    }
}

/// Sets a new password and ends all of the user's sessions.
#[tracing::instrument(skip(s, actor, new_password), err(level = "info"))]
pub async fn reset_password(
    s: &Services,
    actor: &Actor,
    id: UserId,
    new_password: String,
) -> ServiceResult<()> {
    require(actor, Capability::ManageUsers)?;
    let u = user::Entity::find_by_id(id.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    validate_password(&new_password, &u.username)
        .map_err(|m| ServiceError::field("password", m))?;
    let hash = password::hash_blocking(new_password).await?;
    let version = u.version;
    let mut active: user::ActiveModel = u.into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.version = Set(version + 1);
    active.update(&s.db).await?;
    revoke_all_sessions(&s.db, id.0).await?;
    tracing::info!(by = %actor.username, "password reset");
    Ok(())
}

/// Disables or re-enables a user. Disabling ends all their sessions at once.
#[tracing::instrument(skip(s, actor), err(level = "info"))]
pub async fn set_disabled(
    s: &Services,
    actor: &Actor,
    id: UserId,
    disabled: bool,
) -> ServiceResult<UserSummary> {
    require(actor, Capability::ManageUsers)?;
    if disabled && actor.user_id == id {
        return Err(ServiceError::Conflict(
            "You cannot disable your own account.".into(),
        ));
    }
    let u = user::Entity::find_by_id(id.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let version = u.version;
    let mut active: user::ActiveModel = u.into();
    active.disabled = Set(disabled);
    active.updated_at = Set(Utc::now());
    active.version = Set(version + 1);
    active.update(&s.db).await?;
    if disabled {
        revoke_all_sessions(&s.db, id.0).await?;
    }
    // Disabled people are no longer offered for assignment (and enabled ones are again).
    s.directory.clear();
    tracing::info!(by = %actor.username, disabled, "user enabled state changed");
    get(s, actor, id).await
}

async fn revoke_all_sessions(db: &DatabaseConnection, user_id: i64) -> ServiceResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(Some(Utc::now())))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        let cases = [
            ("ada", "ada"),
            ("50%", "50\\%"),
            ("a_b", "a\\_b"),
            ("c:\\x", "c:\\\\x"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_like(input), expected);
        }
    }
}
