//! An item as one portable JSON document: export (the draft, or the live version, with the names
//! of the groups, departments and people it uses) and import (those names matched in this
//! installation, as a new draft of the item with the same address or as a new item).

use super::{check_references, create, editor_of, item_row, manage, save_draft};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use db::entities::{catalog_category, catalog_item, department, group, user};
use domain::catalog::model::ReferenceNames;
use domain::catalog::{ItemDocument, ItemDraft, ItemEditor};
use domain::users::FieldErrors;
use domain::{Actor, CatalogItemId, CategoryId, DepartmentId, GroupId, UserId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The item (its draft, or its live version) as one portable document.
pub async fn export(s: &Services, actor: &Actor, id: CatalogItemId) -> ServiceResult<ItemDocument> {
    manage(actor)?;
    let ed = editor_of(&s.db, item_row(&s.db, id).await?).await?;
    let category = catalog_category::Entity::find_by_id(ed.category.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::Internal)?;
    let def = ed.definition;
    let groups = group::Entity::find()
        .filter(group::Column::Id.is_in(def.group_ids().iter().map(|g| g.0)))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|g| (GroupId(g.id), g.name))
        .collect();
    let departments = department::Entity::find()
        .filter(department::Column::Id.is_in(def.audience.departments.iter().map(|d| d.0)))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|d| (DepartmentId(d.id), d.name))
        .collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(def.user_ids().iter().map(|u| u.0)))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|u| (UserId(u.id), u.username))
        .collect();
    Ok(ItemDocument {
        format: ItemDocument::FORMAT.into(),
        slug: ed.slug,
        category: category.slug,
        featured: ed.featured,
        definition: def,
        references: ReferenceNames {
            groups,
            departments,
            users,
        },
    })
}

/// Maps a document's ids to this installation's by name; records every name not found here.
fn by_name<K: Copy + Eq + std::hash::Hash>(
    refs: &[(K, String)],
    here: &HashMap<String, i64>,
    what: &str,
    make: fn(i64) -> K,
    e: &mut FieldErrors,
) -> HashMap<K, K> {
    let mut out = HashMap::new();
    for (id, name) in refs {
        match here.get(name) {
            Some(local) => {
                out.insert(*id, make(*local));
            }
            None => e.add("document", format!("There is no {what} '{name}' here.")),
        }
    }
    out
}

/// Imports a document: as a new draft of the item with the same address, or as a new item.
/// Groups, departments and people are matched by name in this installation.
#[tracing::instrument(skip(s, actor, doc), fields(actor = %actor.username), err(level = "info"))]
pub async fn import(s: &Services, actor: &Actor, doc: ItemDocument) -> ServiceResult<ItemEditor> {
    manage(actor)?;
    if doc.format != ItemDocument::FORMAT {
        return Err(ServiceError::field(
            "document",
            format!(
                "This is not a Beacon catalog item (expected format {}).",
                ItemDocument::FORMAT
            ),
        ));
    }
    let mut e = FieldErrors::default();
    let category = catalog_category::Entity::find()
        .filter(catalog_category::Column::Slug.eq(&doc.category))
        .one(&s.db)
        .await?;
    if category.is_none() {
        e.add(
            "document",
            format!("There is no category '{}' here.", doc.category),
        );
    }
    let groups: HashMap<String, i64> = group::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|g| (g.name, g.id))
        .collect();
    let departments: HashMap<String, i64> = department::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|d| (d.name, d.id))
        .collect();
    let users: HashMap<String, i64> = user::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|u| (u.username, u.id))
        .collect();
    let gmap = by_name(&doc.references.groups, &groups, "group", GroupId, &mut e);
    let dmap = by_name(
        &doc.references.departments,
        &departments,
        "department",
        DepartmentId,
        &mut e,
    );
    let umap = by_name(&doc.references.users, &users, "user", UserId, &mut e);
    // Every id the definition uses must be named in the document's references: an id without a
    // name would silently point at whatever group or person has that id here.
    let def = &doc.definition;
    for g in def
        .group_ids()
        .into_iter()
        .filter(|g| !gmap.contains_key(g))
    {
        e.add(
            "document",
            format!(
                "The document uses group #{} but its references do not name it.",
                g.0
            ),
        );
    }
    for d in def
        .audience
        .departments
        .iter()
        .filter(|d| !dmap.contains_key(d))
    {
        e.add(
            "document",
            format!(
                "The document uses department #{} but its references do not name it.",
                d.0
            ),
        );
    }
    for u in def.user_ids().into_iter().filter(|u| !umap.contains_key(u)) {
        e.add(
            "document",
            format!(
                "The document uses person #{} but its references do not name them.",
                u.0
            ),
        );
    }
    e.into_result().map_err(ServiceError::Invalid)?;
    let mut def = doc.definition;
    // Every id is in its map (checked above); the fallbacks are never taken.
    def.remap(
        |g| gmap.get(&g).copied().unwrap_or(g),
        |d| dmap.get(&d).copied().unwrap_or(d),
        |u| umap.get(&u).copied().unwrap_or(u),
    );
    check_references(&s.db, &def).await?;
    let draft = ItemDraft {
        version: None,
        slug: doc.slug.clone(),
        category: CategoryId(category.map(|c| c.id).unwrap_or_default()),
        featured: doc.featured,
        definition: def,
    };
    let existing = catalog_item::Entity::find()
        .filter(catalog_item::Column::Slug.eq(&doc.slug))
        .one(&s.db)
        .await?;
    match existing {
        Some(item) => save_draft(s, actor, CatalogItemId(item.id), draft).await,
        None => create(s, actor, draft).await,
    }
}
