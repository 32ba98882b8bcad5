//! Catalog administration (catalog managers and admins): items, drafts and publishing,
//! retiring; categories in `categories`, export and import as one JSON document in
//! `documents`.
//!
//! Editing never touches the live version: saving writes the item's draft (creating one from
//! the live version when there is none); publishing checks the whole draft, makes it live and
//! keeps the old version for the requests that were submitted with it.

mod categories;
mod documents;

pub use categories::{categories, save_category};
pub use documents::{export, import};

use super::{bump_revision, definition};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::users::require;
use db::entities::{catalog_category, catalog_item, catalog_item_version, department, group, user};
use domain::catalog::model::{SLUG_RULE, valid_slug};
use domain::catalog::{
    AdminItemList, AdminItemRow, CatalogQuery, ItemDefinition, ItemDraft, ItemEditor, VersionInfo,
};
use domain::users::FieldErrors;
use domain::{Actor, Capability, CatalogItemId, CategoryId, DepartmentId, GroupId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel, ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

fn manage(actor: &Actor) -> ServiceResult<()> {
    require(actor, Capability::ManageCatalog)
}

/// Items whose name or address contains `q.q`, drafts and retired ones included, by name; at
/// most `q.limit` (default 100, at most 500) with the number that matched.
pub async fn list(s: &Services, actor: &Actor, q: CatalogQuery) -> ServiceResult<AdminItemList> {
    manage(actor)?;
    let words = q.q.as_deref().unwrap_or_default().trim().to_lowercase();
    let limit = ServiceError::within(
        "limit",
        q.limit.unwrap_or(100),
        1..=500,
        "Ask for 1 to 500 items.",
    )? as usize;
    let items = catalog_item::Entity::find().all(&s.db).await?;
    let versions: HashMap<i64, catalog_item_version::Model> = catalog_item_version::Entity::find()
        .filter(catalog_item_version::Column::Status.is_in(["live", "draft"]))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let categories: HashMap<i64, String> = catalog_category::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut rows: Vec<AdminItemRow> = items
        .iter()
        .map(|i| {
            let live = i.live_version_id.and_then(|v| versions.get(&v));
            let draft = i.draft_version_id.and_then(|v| versions.get(&v));
            let name = draft
                .or(live)
                .and_then(|v| definition(v).ok())
                .map(|d| d.name)
                .unwrap_or_else(|| i.slug.clone());
            AdminItemRow {
                id: CatalogItemId(i.id),
                slug: i.slug.clone(),
                name,
                category: categories.get(&i.category_id).cloned().unwrap_or_default(),
                live_version: live.map(|v| v.number),
                draft_version: draft.map(|v| v.number),
                featured: i.featured,
                retired: i.retired,
                requests: i.request_count,
                updated_at: i.updated_at,
            }
        })
        .collect();
    rows.retain(|r| {
        words.is_empty() || r.name.to_lowercase().contains(&words) || r.slug.contains(&words)
    });
    rows.sort_by_cached_key(|r| r.name.to_lowercase());
    let total = rows.len() as u32;
    rows.truncate(limit);
    Ok(AdminItemList { items: rows, total })
}

async fn item_row(
    db: &impl ConnectionTrait,
    id: CatalogItemId,
) -> ServiceResult<catalog_item::Model> {
    catalog_item::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// What a stale write is told.
const STALE_ITEM: &str =
    "Someone else changed this item meanwhile. Reload to see their changes, then try again.";

/// Claims the item for this transaction: moves its version on in SQL, but only from `seen` (the
/// version the caller read). Zero rows means someone else wrote first: 409. On PostgreSQL the row
/// stays locked until commit, so the rest of the transaction cannot race another writer either.
async fn claim(
    db: &impl ConnectionTrait,
    item: catalog_item::Model,
    seen: i32,
) -> ServiceResult<catalog_item::Model> {
    let moved = catalog_item::Entity::update_many()
        .col_expr(
            catalog_item::Column::Version,
            sea_orm::sea_query::Expr::col(catalog_item::Column::Version).add(1),
        )
        .filter(catalog_item::Column::Id.eq(item.id))
        .filter(catalog_item::Column::Version.eq(seen))
        .exec(db)
        .await?;
    if moved.rows_affected == 0 {
        return Err(ServiceError::Conflict(STALE_ITEM.into()));
    }
    Ok(catalog_item::Model {
        version: seen + 1,
        ..item
    })
}

async fn editor_of(
    db: &impl ConnectionTrait,
    item: catalog_item::Model,
) -> ServiceResult<ItemEditor> {
    let versions = catalog_item_version::Entity::find()
        .filter(catalog_item_version::Column::ItemId.eq(item.id))
        .order_by_desc(catalog_item_version::Column::Number)
        .all(db)
        .await?;
    let current = versions
        .iter()
        .find(|v| Some(v.id) == item.draft_version_id)
        .or_else(|| versions.iter().find(|v| Some(v.id) == item.live_version_id))
        .ok_or(ServiceError::Internal)?;
    let definition = definition(current)?;
    let authors: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(versions.iter().filter_map(|v| v.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let number = |id: Option<i64>| versions.iter().find(|v| Some(v.id) == id).map(|v| v.number);
    Ok(ItemEditor {
        id: CatalogItemId(item.id),
        slug: item.slug.clone(),
        category: CategoryId(item.category_id),
        featured: item.featured,
        retired: item.retired,
        definition,
        draft_version: number(item.draft_version_id),
        live_version: number(item.live_version_id),
        versions: versions
            .iter()
            .map(|v| VersionInfo {
                number: v.number,
                status: v.status.clone(),
                author: v
                    .author_id
                    .and_then(|a| authors.get(&a).cloned())
                    .unwrap_or_else(|| "Beacon".into()),
                created_at: v.created_at,
                published_at: v.published_at,
            })
            .collect(),
        version: item.version,
    })
}

/// An item as the editor opens it: its draft, or its live version to start a draft from.
pub async fn editor(s: &Services, actor: &Actor, id: CatalogItemId) -> ServiceResult<ItemEditor> {
    manage(actor)?;
    editor_of(&s.db, item_row(&s.db, id).await?).await
}

async fn check_placement(
    db: &impl ConnectionTrait,
    draft: &ItemDraft,
    this: Option<i64>,
) -> ServiceResult<()> {
    let mut e = FieldErrors::default();
    if !valid_slug(&draft.slug) {
        e.add("slug", SLUG_RULE);
    } else if catalog_item::Entity::find()
        .filter(catalog_item::Column::Slug.eq(&draft.slug))
        .one(db)
        .await?
        .is_some_and(|i| Some(i.id) != this)
    {
        e.add("slug", "Another item already uses this address.");
    }
    if catalog_category::Entity::find_by_id(draft.category.0)
        .one(db)
        .await?
        .is_none()
    {
        e.add("category", "Choose a category.");
    }
    if draft.definition.name.trim().is_empty() {
        e.add("name", "Give the item a name.");
    }
    e.into_result().map_err(ServiceError::Invalid)
}

fn to_json(def: &ItemDefinition) -> ServiceResult<String> {
    serde_json::to_string(def).map_err(|_| ServiceError::Internal)
}

/// Creates an item with a first draft.
#[tracing::instrument(skip(s, actor, draft), fields(actor = %actor.username), err(level = "info"))]
pub async fn create(s: &Services, actor: &Actor, draft: ItemDraft) -> ServiceResult<ItemEditor> {
    manage(actor)?;
    check_placement(&s.db, &draft, None).await?;
    let now = crate::now();
    let txn = crate::database::begin_write(&s.db).await?;
    let item = catalog_item::ActiveModel {
        id: NotSet,
        slug: Set(draft.slug.clone()),
        category_id: Set(draft.category.0),
        live_version_id: Set(None),
        draft_version_id: Set(None),
        featured: Set(draft.featured),
        retired: Set(false),
        request_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    let v = new_version(&txn, actor, item.id, 1, &draft.definition).await?;
    let mut am = item.into_active_model();
    am.draft_version_id = Set(Some(v.id));
    let item = am.update(&txn).await?;
    txn.commit().await?;
    editor_of(&s.db, item).await
}

async fn new_version(
    txn: &DatabaseTransaction,
    actor: &Actor,
    item_id: i64,
    number: i32,
    def: &ItemDefinition,
) -> ServiceResult<catalog_item_version::Model> {
    Ok(catalog_item_version::ActiveModel {
        id: NotSet,
        item_id: Set(item_id),
        number: Set(number),
        status: Set("draft".into()),
        definition: Set(to_json(def)?),
        author_id: Set(Some(actor.user_id.0)),
        created_at: Set(crate::now()),
        published_at: Set(None),
    }
    .insert(txn)
    .await?)
}

/// Saves the item's draft (starting one when there is none) and its placement.
#[tracing::instrument(skip(s, actor, draft), fields(actor = %actor.username), err(level = "info"))]
pub async fn save_draft(
    s: &Services,
    actor: &Actor,
    id: CatalogItemId,
    draft: ItemDraft,
) -> ServiceResult<ItemEditor> {
    manage(actor)?;
    check_placement(&s.db, &draft, Some(id.0)).await?;
    let txn = crate::database::begin_write(&s.db).await?;
    let item = item_row(&txn, id).await?;
    let seen = draft.version.unwrap_or(item.version);
    let item = claim(&txn, item, seen).await?;
    let draft_id = match item.draft_version_id {
        Some(d) => {
            let v = catalog_item_version::Entity::find_by_id(d)
                .one(&txn)
                .await?
                .ok_or(ServiceError::Internal)?;
            let mut am = v.into_active_model();
            am.definition = Set(to_json(&draft.definition)?);
            am.author_id = Set(Some(actor.user_id.0));
            am.update(&txn).await?.id
        }
        None => {
            let last = catalog_item_version::Entity::find()
                .filter(catalog_item_version::Column::ItemId.eq(item.id))
                .count(&txn)
                .await? as i32;
            new_version(&txn, actor, item.id, last + 1, &draft.definition)
                .await?
                .id
        }
    };
    let placement_changed = item.slug != draft.slug
        || item.category_id != draft.category.0
        || item.featured != draft.featured;
    let mut am = item.clone().into_active_model();
    am.slug = Set(draft.slug);
    am.category_id = Set(draft.category.0);
    am.featured = Set(draft.featured);
    am.draft_version_id = Set(Some(draft_id));
    am.updated_at = Set(crate::now());
    let item = am.update(&txn).await?;
    if placement_changed && item.live_version_id.is_some() {
        bump_revision(&txn).await?;
    }
    txn.commit().await?;
    editor_of(&s.db, item).await
}

/// Checks that every group, department and person the definition names exists.
async fn check_references(db: &impl ConnectionTrait, def: &ItemDefinition) -> ServiceResult<()> {
    let mut e = FieldErrors::default();
    let groups = def.group_ids();
    let found = group::Entity::find()
        .filter(group::Column::Id.is_in(groups.iter().map(|g| g.0)))
        .count(db)
        .await?;
    if found as usize != groups.len() {
        e.add(
            "references",
            "The item names a group that no longer exists.",
        );
    }
    let users = def.user_ids();
    let found = user::Entity::find()
        .filter(user::Column::Id.is_in(users.iter().map(|u| u.0)))
        .count(db)
        .await?;
    if found as usize != users.len() {
        e.add(
            "references",
            "The item names an approver who no longer exists.",
        );
    }
    let depts = &def.audience.departments;
    let found = department::Entity::find()
        .filter(department::Column::Id.is_in(depts.iter().map(|d| d.0)))
        .count(db)
        .await?;
    if found as usize != depts.len() {
        e.add(
            "references",
            "The item names a department that no longer exists.",
        );
    }
    e.into_result().map_err(ServiceError::Invalid)
}

/// Makes the draft the live version; requests keep the version they were submitted with.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn publish(
    s: &Services,
    actor: &Actor,
    id: CatalogItemId,
    seen: i32,
) -> ServiceResult<ItemEditor> {
    manage(actor)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let item = claim(&txn, item_row(&txn, id).await?, seen).await?;
    let draft = catalog_item_version::Entity::find_by_id(item.draft_version_id.unwrap_or(0))
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::Conflict("There is no draft to publish.".into()))?;
    let def = definition(&draft)?;
    def.validate().map_err(ServiceError::Invalid)?;
    check_references(&txn, &def).await?;
    let now = crate::now();
    if let Some(live) = item.live_version_id {
        catalog_item_version::Entity::update_many()
            .col_expr(
                catalog_item_version::Column::Status,
                sea_orm::sea_query::Expr::value("superseded"),
            )
            .filter(catalog_item_version::Column::Id.eq(live))
            .exec(&txn)
            .await?;
    }
    let mut vam = draft.clone().into_active_model();
    vam.status = Set("live".into());
    vam.published_at = Set(Some(now));
    vam.update(&txn).await?;
    let mut am = item.clone().into_active_model();
    am.live_version_id = Set(Some(draft.id));
    am.draft_version_id = Set(None);
    am.updated_at = Set(now);
    let item = am.update(&txn).await?;
    bump_revision(&txn).await?;
    txn.commit().await?;
    editor_of(&s.db, item).await
}

/// Throws the draft away; an item that was never published goes with it (`None`).
pub async fn discard_draft(
    s: &Services,
    actor: &Actor,
    id: CatalogItemId,
    seen: i32,
) -> ServiceResult<Option<ItemEditor>> {
    manage(actor)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let item = claim(&txn, item_row(&txn, id).await?, seen).await?;
    let Some(draft) = item.draft_version_id else {
        let out = editor_of(&txn, item).await?;
        txn.commit().await?;
        return Ok(Some(out));
    };
    let mut am = item.clone().into_active_model();
    am.draft_version_id = Set(None);
    let item = am.update(&txn).await?;
    catalog_item_version::Entity::delete_by_id(draft)
        .exec(&txn)
        .await?;
    let out = if item.live_version_id.is_none() {
        item.delete(&txn).await?;
        None
    } else {
        Some(editor_of(&txn, item).await?)
    };
    txn.commit().await?;
    Ok(out)
}

/// Takes an item out of the catalog (or puts it back); its requests are untouched.
pub async fn set_retired(
    s: &Services,
    actor: &Actor,
    id: CatalogItemId,
    retired: bool,
    seen: i32,
) -> ServiceResult<ItemEditor> {
    manage(actor)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let item = claim(&txn, item_row(&txn, id).await?, seen).await?;
    let mut am = item.clone().into_active_model();
    am.retired = Set(retired);
    am.updated_at = Set(crate::now());
    let item = am.update(&txn).await?;
    bump_revision(&txn).await?;
    txn.commit().await?;
    editor_of(&s.db, item).await
}

/// What the item editor chooses from: groups, departments and enabled people, by name.
#[allow(clippy::type_complexity)]
pub async fn options(
    s: &Services,
    actor: &Actor,
) -> ServiceResult<(
    Vec<(GroupId, String)>,
    Vec<(DepartmentId, String)>,
    Vec<domain::tickets::PersonRef>,
)> {
    manage(actor)?;
    let groups = group::Entity::find()
        .order_by_asc(group::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|g| (GroupId(g.id), g.name))
        .collect();
    let departments = department::Entity::find()
        .order_by_asc(department::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|d| (DepartmentId(d.id), d.name))
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::DisplayName)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|u| domain::tickets::PersonRef {
            id: UserId(u.id),
            name: u.display_name,
        })
        .collect();
    Ok((groups, departments, people))
}
