//! What requesters browse: the catalog home, a category, search results and the item page.
//! Every list is cut to what the viewer is entitled to; an item they may not see is "not found".

use super::{CachedItem, Snapshot, definition, snapshot, viewer};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::cards::render_markdown;
use crate::users::require;
use db::entities::{catalog_item, catalog_item_version, group, user};
use domain::catalog::{
    Approvers, CatalogHome, CatalogQuery, CatalogViewer, CategoryCard, ItemDefinition, ItemList,
    ItemPage,
};
use domain::{Actor, Capability, CategoryId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Featured and popular items shown on the home page.
const HOME_ITEMS: usize = 6;
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

fn visible_item<'a>(snap: &'a Snapshot, v: &CatalogViewer, id: i64) -> Option<&'a CachedItem> {
    snap.items.get(&id).filter(|i| i.audience.admits(v))
}

/// Categories with how many items the viewer may order in each, featured and popular items.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn home(s: &Services, actor: &Actor) -> ServiceResult<CatalogHome> {
    require(actor, Capability::UseSelfService)?;
    let snap = snapshot(s).await?;
    let v = viewer(&s.db, actor).await?;
    let mut counts: HashMap<i64, u32> = HashMap::new();
    let mut featured = Vec::new();
    for id in &snap.order {
        if let Some(item) = visible_item(&snap, &v, *id) {
            *counts.entry(item.category_id).or_default() += 1;
            if item.card.featured && featured.len() < HOME_ITEMS {
                featured.push(item.card.clone());
            }
        }
    }
    let categories = snap
        .categories
        .iter()
        .filter_map(|c| {
            let items = counts.get(&c.id).copied().unwrap_or(0);
            (items > 0).then(|| CategoryCard {
                id: CategoryId(c.id),
                slug: c.slug.clone(),
                name: c.name.clone(),
                description: c.description.clone(),
                icon: c.icon.clone(),
                items,
            })
        })
        .collect();
    // Popularity changes with every order; read it fresh rather than from the snapshot.
    let popular_ids: Vec<i64> = catalog_item::Entity::find()
        .select_only()
        .column(catalog_item::Column::Id)
        .filter(catalog_item::Column::Retired.eq(false))
        .filter(catalog_item::Column::LiveVersionId.is_not_null())
        .filter(catalog_item::Column::RequestCount.gt(0))
        .order_by_desc(catalog_item::Column::RequestCount)
        .order_by_asc(catalog_item::Column::Id)
        .limit(200)
        .into_tuple()
        .all(&s.db)
        .await?;
    let popular = popular_ids
        .into_iter()
        .filter_map(|id| visible_item(&snap, &v, id).map(|i| i.card.clone()))
        .take(HOME_ITEMS)
        .collect();
    Ok(CatalogHome {
        categories,
        featured,
        popular,
    })
}

/// Items of a category and/or matching a search, best first (by name without a search).
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn items(s: &Services, actor: &Actor, q: CatalogQuery) -> ServiceResult<ItemList> {
    require(actor, Capability::UseSelfService)?;
    let snap = snapshot(s).await?;
    let v = viewer(&s.db, actor).await?;
    let limit = ServiceError::within(
        "limit",
        q.limit.unwrap_or(DEFAULT_LIMIT),
        1..=MAX_LIMIT,
        format!("Ask for 1 to {MAX_LIMIT} items."),
    )? as usize;
    let category = match q.category.as_deref().filter(|c| !c.is_empty()) {
        Some(slug) => Some(
            snap.categories
                .iter()
                .find(|c| c.slug == slug)
                .map(|c| c.id)
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let wanted = |item: &CachedItem| {
        item.audience.admits(&v) && category.is_none_or(|c| item.category_id == c)
    };
    let query = q.q.as_deref().map(str::trim).unwrap_or_default();
    let ids: Vec<i64> = if query.is_empty() {
        snap.order
            .iter()
            .copied()
            .filter(|id| snap.items.get(id).is_some_and(wanted))
            .collect()
    } else {
        snap.index
            .search(
                query,
                |id| snap.items.get(&id).is_some_and(wanted),
                usize::MAX,
            )
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    let total = ids.len() as u32;
    Ok(ItemList {
        items: ids
            .into_iter()
            .take(limit)
            .filter_map(|id| snap.items.get(&id).map(|i| i.card.clone()))
            .collect(),
        total,
    })
}

/// A published item the viewer may order, by slug or id, with its live definition.
pub(crate) async fn live_item(
    s: &Services,
    actor: &Actor,
    key: &str,
) -> ServiceResult<(
    catalog_item::Model,
    catalog_item_version::Model,
    ItemDefinition,
)> {
    let select = catalog_item::Entity::find();
    let select = match key.parse::<i64>() {
        Ok(id) => select.filter(catalog_item::Column::Id.eq(id)),
        Err(_) => select.filter(catalog_item::Column::Slug.eq(key)),
    };
    let item = select
        .filter(catalog_item::Column::Retired.eq(false))
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let version = catalog_item_version::Entity::find_by_id(item.live_version_id.unwrap_or(0))
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let def = definition(&version)?;
    if !def.audience.admits(&viewer(&s.db, actor).await?) {
        return Err(ServiceError::NotFound);
    }
    Ok((item, version, def))
}

/// The item page: description, who it is for, delivery, cost, approval steps and the form.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn item_page(s: &Services, actor: &Actor, key: &str) -> ServiceResult<ItemPage> {
    require(actor, Capability::UseSelfService)?;
    let (item, version, def) = live_item(s, actor, key).await?;
    let snap = snapshot(s).await?;
    let category = snap.categories.iter().find(|c| c.id == item.category_id);
    let approval_steps = approval_steps(&s.db, &def).await?;
    Ok(ItemPage {
        card: super::card_of(&item, &def, category),
        version: version.number,
        description_html: render_markdown(&def.description),
        audience_note: def.audience_note.clone(),
        approval_steps,
        form: def.form,
    })
}

/// The approval stages in plain words ("Manager: your manager", "Security: any one of
/// Security team").
pub(crate) async fn approval_steps(
    db: &impl ConnectionTrait,
    def: &ItemDefinition,
) -> ServiceResult<Vec<String>> {
    let group_ids: Vec<i64> = def.group_ids().into_iter().map(|g| g.0).collect();
    let groups: HashMap<i64, String> = group::Entity::find()
        .filter(group::Column::Id.is_in(group_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let user_ids: Vec<i64> = def.user_ids().into_iter().map(|u| u.0).collect();
    let users: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let rule = |r: domain::catalog::ApprovalRule| r.label().to_lowercase();
    Ok(def
        .approvals
        .iter()
        .map(|st| match &st.approvers {
            Approvers::Manager => format!("{}: your manager", st.name),
            Approvers::Group { group } => format!(
                "{}: {} of {}",
                st.name,
                rule(st.rule),
                groups.get(&group.0).map_or("a group", String::as_str)
            ),
            Approvers::Users { users: ids } => {
                let names: Vec<&str> = ids
                    .iter()
                    .filter_map(|u| users.get(&u.0).map(String::as_str))
                    .collect();
                if names.len() == 1 {
                    format!("{}: {}", st.name, names[0])
                } else {
                    format!("{}: {} of {}", st.name, rule(st.rule), names.join(", "))
                }
            }
        })
        .collect())
}

/// People whose name or username contains `q` (for "for whom" and manager pickers): enabled
/// accounts only, at most ten, by name.
pub async fn people(
    s: &Services,
    actor: &Actor,
    q: &str,
) -> ServiceResult<Vec<domain::tickets::PersonRef>> {
    require(actor, Capability::UseSelfService)?;
    let q = q.trim();
    if q.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let pattern = format!("%{}%", crate::database::escape_like(&q.to_lowercase()));
    use sea_orm::sea_query::{Expr, Func, LikeExpr};
    let like = |col: user::Column| {
        Expr::expr(Func::lower(Expr::col(col))).like(LikeExpr::new(pattern.clone()).escape('\\'))
    };
    let rows = user::Entity::find()
        .filter(user::Column::Disabled.eq(false))
        .filter(
            sea_orm::Condition::any()
                .add(like(user::Column::DisplayName))
                .add(like(user::Column::Username)),
        )
        .order_by_asc(user::Column::DisplayName)
        .limit(10)
        .all(&s.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|u| domain::tickets::PersonRef {
            id: domain::UserId(u.id),
            name: u.display_name,
        })
        .collect())
}
