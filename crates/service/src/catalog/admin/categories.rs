//! Catalog categories for the catalog admin: every category with how many items it holds, and
//! saving one (new or edited), checked for a valid address, name and icon.

use super::manage;
use crate::Services;
use crate::catalog::bump_revision;
use crate::error::{ServiceError, ServiceResult};
use db::entities::{catalog_category, catalog_item};
use domain::catalog::item::ICONS;
use domain::catalog::model::{SLUG_RULE, valid_slug};
use domain::catalog::{CategoryCard, CategoryInput};
use domain::users::FieldErrors;
use domain::{Actor, CategoryId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Every category with how many items (published or not) it holds.
pub async fn categories(s: &Services, actor: &Actor) -> ServiceResult<Vec<CategoryCard>> {
    manage(actor)?;
    let counts: HashMap<i64, i64> = catalog_item::Entity::find()
        .select_only()
        .column(catalog_item::Column::CategoryId)
        .column_as(catalog_item::Column::Id.count(), "items")
        .group_by(catalog_item::Column::CategoryId)
        .into_tuple::<(i64, i64)>()
        .all(&s.db)
        .await?
        .into_iter()
        .collect();
    Ok(catalog_category::Entity::find()
        .order_by_asc(catalog_category::Column::Position)
        .order_by_asc(catalog_category::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(|c| CategoryCard {
            id: CategoryId(c.id),
            items: counts.get(&c.id).copied().unwrap_or(0) as u32,
            slug: c.slug,
            name: c.name,
            description: c.description,
            icon: c.icon,
        })
        .collect())
}

/// Creates a category (`id` = `None`) or changes one.
#[tracing::instrument(skip(s, actor, input), fields(actor = %actor.username), err(level = "info"))]
pub async fn save_category(
    s: &Services,
    actor: &Actor,
    id: Option<CategoryId>,
    input: CategoryInput,
) -> ServiceResult<CategoryId> {
    manage(actor)?;
    let mut e = FieldErrors::default();
    let slug = input.slug.trim().to_string();
    let name = input.name.trim().to_string();
    if !valid_slug(&slug) {
        e.add("slug", SLUG_RULE);
    }
    if name.is_empty() || name.chars().count() > 60 {
        e.add("name", "Give the category a name of at most 60 characters.");
    }
    if !ICONS.contains(&input.icon.as_str()) {
        e.add("icon", "Choose one of the icons.");
    }
    let clash = catalog_category::Entity::find()
        .filter(catalog_category::Column::Slug.eq(&slug))
        .one(&s.db)
        .await?
        .filter(|c| Some(CategoryId(c.id)) != id);
    if clash.is_some() {
        e.add("slug", "Another category already uses this address.");
    }
    e.into_result().map_err(ServiceError::Invalid)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let id = match id {
        Some(id) => {
            let row = catalog_category::Entity::find_by_id(id.0)
                .one(&txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let mut am = row.into_active_model();
            am.slug = Set(slug);
            am.name = Set(name);
            am.description = Set(input.description.trim().to_string());
            am.icon = Set(input.icon);
            am.position = Set(input.position);
            am.update(&txn).await?.id
        }
        None => {
            catalog_category::ActiveModel {
                id: NotSet,
                slug: Set(slug),
                name: Set(name),
                description: Set(input.description.trim().to_string()),
                icon: Set(input.icon),
                position: Set(input.position),
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    bump_revision(&txn).await?;
    txn.commit().await?;
    Ok(CategoryId(id))
}
