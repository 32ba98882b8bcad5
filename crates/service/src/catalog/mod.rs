//! The service catalog: browsing and search, ordering, approvals, fulfilment, administration.
//!
//! - [`browse`]: the catalog home, category lists, search, the item page (entitlements applied).
//! - [`requests`]: ordering an item (a service request ticket with structured answers), the
//!   tracking view, "My requests".
//! - [`approvals`]: approvers' decisions, stage by stage, and the approvals inbox.
//! - [`fulfilment`]: fulfilment tasks started in sequence or parallel; the request resolves when
//!   they are all done.
//! - [`admin`]: categories, items, drafts and publishing, export and import.
//! - [`generate`]: many items at once, for the search benchmark.
//!
//! The published catalog is held in memory as a [`Snapshot`] (cards, audiences, search index).
//! Every change to what is published bumps a revision row; each read compares it (one small
//! query) and rebuilds the snapshot when it moved, so several servers on one database agree.

pub mod admin;
pub mod approvals;
pub mod browse;
pub mod fulfilment;
pub mod generate;
pub mod requests;

use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use db::entities::{
    catalog_category, catalog_item, catalog_item_version, catalog_revision, group_member, user,
};
use domain::catalog::search::{SearchDoc, SearchIndex};
use domain::catalog::{Audience, CatalogViewer, ItemCard, ItemDefinition};
use domain::{Actor, CatalogItemId, DepartmentId, GroupId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// One published item as the catalog pages need it.
#[derive(Debug, Clone)]
pub struct CachedItem {
    pub card: ItemCard,
    pub audience: Audience,
    pub category_id: i64,
}

/// The published catalog at one revision.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub revision: i64,
    pub index: SearchIndex,
    pub items: HashMap<i64, CachedItem>,
    pub by_slug: HashMap<String, i64>,
    /// Item ids by name.
    pub order: Vec<i64>,
    pub categories: Vec<catalog_category::Model>,
}

/// The in-memory copy of the published catalog.
#[derive(Debug, Default)]
pub struct CatalogCache {
    current: RwLock<Option<Arc<Snapshot>>>,
}

/// Parses a stored definition (written only from [`ItemDefinition`]).
pub(crate) fn definition(v: &catalog_item_version::Model) -> ServiceResult<ItemDefinition> {
    serde_json::from_str(&v.definition).map_err(|e| {
        tracing::error!(version = v.id, error = %e, "unreadable item definition");
        ServiceError::Internal
    })
}

/// Where a catalog request's approval stands (every catalog request has one, started when it
/// was submitted).
pub(crate) async fn approval_status(
    db: &impl ConnectionTrait,
    request_id: i64,
) -> ServiceResult<domain::catalog::ApprovalStatus> {
    crate::approvals::flow(db, domain::approvals::Subject::ticket(request_id))
        .await?
        .map(|f| f.status)
        .ok_or_else(|| missing_approval(request_id))
}

/// The error for a catalog request without its approval (every one has one, from submission).
pub(crate) fn missing_approval(request_id: i64) -> ServiceError {
    ServiceError::corrupt("approval of a catalog request", request_id, "missing")
}

/// The card of an item from its row, definition and category.
pub(crate) fn card_of(
    item: &catalog_item::Model,
    def: &ItemDefinition,
    category: Option<&catalog_category::Model>,
) -> ItemCard {
    ItemCard {
        id: CatalogItemId(item.id),
        slug: item.slug.clone(),
        name: def.name.clone(),
        summary: def.summary.clone(),
        icon: def.icon.clone(),
        category: category.map(|c| c.name.clone()).unwrap_or_default(),
        category_slug: category.map(|c| c.slug.clone()).unwrap_or_default(),
        delivery_days: def.delivery_days,
        cost: def.cost.as_ref().map(|c| c.display()),
        featured: item.featured,
        needs_approval: !def.approvals.is_empty(),
    }
}

/// Moves the published catalog's revision on (inside the caller's transaction).
pub(crate) async fn bump_revision(db: &impl ConnectionTrait) -> ServiceResult<()> {
    catalog_revision::Entity::update_many()
        .col_expr(
            catalog_revision::Column::Revision,
            Expr::col(catalog_revision::Column::Revision).add(1),
        )
        .filter(catalog_revision::Column::Id.eq(1))
        .exec(db)
        .await?;
    Ok(())
}

async fn load(db: &impl ConnectionTrait, revision: i64) -> ServiceResult<Snapshot> {
    let categories = catalog_category::Entity::find()
        .order_by_asc(catalog_category::Column::Position)
        .order_by_asc(catalog_category::Column::Name)
        .all(db)
        .await?;
    let by_id: HashMap<i64, catalog_category::Model> =
        categories.iter().map(|c| (c.id, c.clone())).collect();
    let items = catalog_item::Entity::find()
        .filter(catalog_item::Column::Retired.eq(false))
        .filter(catalog_item::Column::LiveVersionId.is_not_null())
        .all(db)
        .await?;
    let versions: HashMap<i64, catalog_item_version::Model> = catalog_item_version::Entity::find()
        .filter(catalog_item_version::Column::Status.eq("live"))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut snap = Snapshot {
        revision,
        categories,
        ..Snapshot::default()
    };
    let mut docs = Vec::with_capacity(items.len());
    for item in items {
        let Some(v) = item.live_version_id.and_then(|id| versions.get(&id)) else {
            continue;
        };
        let def = definition(v)?;
        let category = by_id.get(&item.category_id);
        docs.push(SearchDoc {
            id: item.id,
            name: def.name.clone(),
            keywords: def.keywords.clone(),
            category: category.map(|c| c.name.clone()).unwrap_or_default(),
            summary: def.summary.clone(),
            description: def.description.clone(),
        });
        snap.by_slug.insert(item.slug.clone(), item.id);
        snap.items.insert(
            item.id,
            CachedItem {
                card: card_of(&item, &def, category),
                audience: def.audience,
                category_id: item.category_id,
            },
        );
    }
    snap.index = SearchIndex::build(docs);
    let mut order: Vec<i64> = snap.items.keys().copied().collect();
    order.sort_by_cached_key(|id| snap.items[id].card.name.to_lowercase());
    snap.order = order;
    Ok(snap)
}

/// The published catalog as of now, rebuilt when the revision moved.
pub async fn snapshot(s: &Services) -> ServiceResult<Arc<Snapshot>> {
    let revision: i64 = catalog_revision::Entity::find_by_id(1)
        .select_only()
        .column(catalog_revision::Column::Revision)
        .into_tuple()
        .one(&s.db)
        .await?
        .unwrap_or(0);
    if let Ok(guard) = s.catalog.current.read()
        && let Some(snap) = guard.as_ref()
        && snap.revision == revision
    {
        return Ok(snap.clone());
    }
    let started = std::time::Instant::now();
    let snap = Arc::new(load(&s.db, revision).await?);
    tracing::info!(
        revision,
        items = snap.items.len(),
        ms = started.elapsed().as_millis() as u64,
        "catalog snapshot built"
    );
    if let Ok(mut guard) = s.catalog.current.write() {
        *guard = Some(snap.clone());
    }
    Ok(snap)
}

/// What entitlement checks need about `actor`: department, groups and roles (two queries).
pub async fn viewer(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<CatalogViewer> {
    let department: Option<Option<i64>> = user::Entity::find_by_id(actor.user_id.0)
        .select_only()
        .column(user::Column::DepartmentId)
        .into_tuple()
        .one(db)
        .await?;
    let groups: Vec<i64> = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(actor.user_id.0))
        .into_tuple()
        .all(db)
        .await?;
    Ok(CatalogViewer {
        department: department.flatten().map(DepartmentId),
        groups: groups.into_iter().map(GroupId).collect(),
        roles: actor.roles,
    })
}
