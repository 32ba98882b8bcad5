//! CI classes: every class, one class, and saving one (new or edited), checked by the domain's
//! rules for class definitions.

use super::{manage, stored_json, to_json, view};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::stored::stored;
use db::entities::ci_class;
use domain::cmdb::{CiClassDef, ClassKind};
use domain::users::FieldErrors;
use domain::{Actor, CiClassId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

/// A stored class with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClass {
    pub id: CiClassId,
    pub def: CiClassDef,
}

pub(crate) fn from_row(row: ci_class::Model) -> ServiceResult<StoredClass> {
    Ok(StoredClass {
        id: CiClassId(row.id),
        def: CiClassDef {
            kind: stored("ci_classes.kind", row.id, &row.kind, ClassKind::parse)?,
            attributes: stored_json("ci_classes.attributes", row.id, &row.attributes)?,
            key: row.key,
            name: row.name,
            description: row.description,
            icon: row.icon,
        },
    })
}

/// Every class, by name.
pub async fn list(s: &Services, actor: &Actor) -> ServiceResult<Vec<StoredClass>> {
    view(actor)?;
    ci_class::Entity::find()
        .order_by_asc(ci_class::Column::Name)
        .all(&s.db)
        .await?
        .into_iter()
        .map(from_row)
        .collect()
}

/// One class.
pub async fn get(s: &Services, actor: &Actor, id: CiClassId) -> ServiceResult<StoredClass> {
    view(actor)?;
    let row = ci_class::Entity::find_by_id(id.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    from_row(row)
}

/// Saves a class: new when `id` is `None`. Its key is unique; a class's kind cannot change once
/// CIs may use it (the fields its CIs carry depend on it).
pub async fn save(
    s: &Services,
    actor: &Actor,
    id: Option<CiClassId>,
    def: CiClassDef,
) -> ServiceResult<CiClassId> {
    manage(actor)?;
    let def = CiClassDef {
        key: def.key.trim().to_string(),
        name: def.name.trim().to_string(),
        description: def.description.trim().to_string(),
        ..def
    };
    let mut e = match def.validate() {
        Ok(()) => FieldErrors::default(),
        Err(e) => e,
    };
    let txn = crate::database::begin_write(&s.db).await?;
    let clash = ci_class::Entity::find()
        .filter(ci_class::Column::Key.eq(&def.key))
        .one(&txn)
        .await?
        .filter(|c| Some(CiClassId(c.id)) != id);
    if clash.is_some() {
        e.add("key", "Another class already uses this key.");
    }
    let existing = match id {
        Some(id) => Some(
            ci_class::Entity::find_by_id(id.0)
                .one(&txn)
                .await?
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    if let Some(row) = &existing
        && row.kind != def.kind.as_str()
    {
        e.add("kind", "A class keeps the kind it was created with.");
    }
    e.into_result().map_err(ServiceError::Invalid)?;
    let now = crate::now();
    let attributes = to_json(&def.attributes)?;
    let saved = match existing {
        Some(row) => {
            let version = row.version + 1;
            let mut am = row.into_active_model();
            am.key = Set(def.key);
            am.name = Set(def.name);
            am.description = Set(def.description);
            am.icon = Set(def.icon);
            am.attributes = Set(attributes);
            am.version = Set(version);
            am.updated_at = Set(now);
            am.update(&txn).await?.id
        }
        None => {
            ci_class::ActiveModel {
                id: NotSet,
                key: Set(def.key),
                name: Set(def.name),
                description: Set(def.description),
                icon: Set(def.icon),
                kind: Set(def.kind.as_str().to_string()),
                attributes: Set(attributes),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    txn.commit().await?;
    Ok(CiClassId(saved))
}
