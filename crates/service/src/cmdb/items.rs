//! Configuration items: creating one of a class, reading one, and editing one on the version the
//! editor read. Common fields are tidied and checked by the domain, attributes by the class;
//! every edit writes its history lines (field, old → new in words) in the same transaction.

use super::classes::{StoredClass, from_row as class_from_row};
use super::{manage, stored_json, to_json, view};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::stored::stored;
use db::entities::{ci, ci_class, ci_history, ci_tag, group};
use domain::cmdb::ci::{CiRecord, changes};
use domain::cmdb::{CiFields, CiStatus, Criticality, Environment, FieldChange};
use domain::users::FieldErrors;
use domain::{Actor, CiClassId, CiId, GroupId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

/// Creates a CI of class `class_id`.
pub async fn create(
    s: &Services,
    actor: &Actor,
    class_id: CiClassId,
    fields: CiFields,
) -> ServiceResult<CiRecord> {
    manage(actor)?;
    let class = class_of(&s.db, class_id).await?;
    let fields = checked(&class, fields)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let id = insert(&txn, Some(actor), &class, &fields).await?;
    txn.commit().await?;
    Ok(record(&class, id, fields, 1))
}

/// Writes a CI whose fields were [`checked`] against `class`, with its tags and a "created"
/// history line, inside the caller's transaction. `actor` is `None` for the system.
pub(crate) async fn insert(
    txn: &impl ConnectionTrait,
    actor: Option<&Actor>,
    class: &StoredClass,
    fields: &CiFields,
) -> ServiceResult<i64> {
    check_group(txn, fields.owner_group).await?;
    let now = crate::now();
    let row = ci::ActiveModel {
        id: NotSet,
        class_id: Set(class.id.0),
        name: Set(fields.name.clone()),
        status: Set(fields.status.as_str().into()),
        environment: Set(fields.environment.as_str().into()),
        criticality: Set(i16::from(fields.criticality.get())),
        owner_group_id: Set(fields.owner_group.map(|g| g.0)),
        location: Set(fields.location.clone()),
        description: Set(fields.description.clone()),
        attributes: Set(to_json(&fields.attributes)?),
        asset_state: Set(None),
        serial_number: Set(None),
        asset_tag: Set(None),
        assigned_to: Set(None),
        purchase_date: Set(None),
        purchase_cost_cents: Set(None),
        currency: Set(None),
        supplier: Set(None),
        warranty_end: Set(None),
        seats: Set(None),
        expires_on: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    write_tags(txn, row.id, &fields.tags).await?;
    let created = FieldChange {
        field: "created".into(),
        old: None,
        new: Some(format!("{} ({})", fields.name, class.def.name)),
    };
    write_history(txn, row.id, actor, &[created]).await?;
    Ok(row.id)
}

/// One CI.
pub async fn get(s: &Services, actor: &Actor, id: CiId) -> ServiceResult<CiRecord> {
    view(actor)?;
    let row = ci::Entity::find_by_id(id.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let class = class_of(&s.db, CiClassId(row.class_id)).await?;
    let tags = tags_of(&s.db, row.id).await?;
    let (version, fields) = (row.version, fields_of(row.clone(), tags)?);
    Ok(record(&class, row.id, fields, version))
}

/// Edits a CI read at `version`: refused as a conflict when someone saved it since.
pub async fn update(
    s: &Services,
    actor: &Actor,
    id: CiId,
    version: i32,
    fields: CiFields,
) -> ServiceResult<CiRecord> {
    manage(actor)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let row = ci::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if row.version != version {
        return Err(ServiceError::Conflict(
            "Someone saved this CI since you opened it; reload to see their changes.".into(),
        ));
    }
    let class = class_of(&txn, CiClassId(row.class_id)).await?;
    let fields = checked(&class, fields)?;
    let saved = apply(&txn, actor, &class, row, fields).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Retires a CI (the API's `DELETE`): its status becomes retired, with a history line; its
/// relationships, history and links stay, so what it was is still known. Retiring a retired CI
/// changes nothing.
pub async fn retire(s: &Services, actor: &Actor, id: CiId) -> ServiceResult<CiRecord> {
    manage(actor)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let row = ci::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let class = class_of(&txn, CiClassId(row.class_id)).await?;
    let mut fields = fields_of(row.clone(), tags_of(&txn, row.id).await?)?;
    fields.status = CiStatus::Retired;
    let saved = apply(&txn, actor, &class, row, fields).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Saves checked `fields` over the stored `row` with the history lines of the difference; an
/// edit that changes nothing writes nothing and keeps the version.
async fn apply(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    class: &StoredClass,
    row: ci::Model,
    fields: CiFields,
) -> ServiceResult<CiRecord> {
    check_group(txn, fields.owner_group).await?;
    let id = row.id;
    let before = fields_of(row.clone(), tags_of(txn, id).await?)?;
    let names = group_names(txn, [before.owner_group, fields.owner_group]).await?;
    let lines = changes(&before, &fields, |g| {
        names
            .iter()
            .find(|(id, _)| *id == g)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| format!("group {g}"))
    });
    if lines.is_empty() {
        return Ok(record(class, id, before, row.version));
    }
    let next = row.version + 1;
    let mut am = row.into_active_model();
    am.name = Set(fields.name.clone());
    am.status = Set(fields.status.as_str().into());
    am.environment = Set(fields.environment.as_str().into());
    am.criticality = Set(i16::from(fields.criticality.get()));
    am.owner_group_id = Set(fields.owner_group.map(|g| g.0));
    am.location = Set(fields.location.clone());
    am.description = Set(fields.description.clone());
    am.attributes = Set(to_json(&fields.attributes)?);
    am.version = Set(next);
    am.updated_at = Set(crate::now());
    am.update(txn).await?;
    ci_tag::Entity::delete_many()
        .filter(ci_tag::Column::CiId.eq(id))
        .exec(txn)
        .await?;
    write_tags(txn, id, &fields.tags).await?;
    write_history(txn, id, Some(actor), &lines).await?;
    Ok(record(class, id, fields, next))
}

/// A CI's history, newest first.
pub async fn history(s: &Services, actor: &Actor, id: CiId) -> ServiceResult<Vec<HistoryLine>> {
    view(actor)?;
    let rows = ci_history::Entity::find()
        .filter(ci_history::Column::CiId.eq(id.0))
        .order_by_desc(ci_history::Column::Id)
        .all(&s.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| HistoryLine {
            at: r.at,
            actor_id: r.actor_id,
            change: FieldChange {
                field: r.field,
                old: r.old_value,
                new: r.new_value,
            },
        })
        .collect())
}

/// One line of a CI's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryLine {
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<i64>,
    pub change: FieldChange,
}

pub(crate) async fn class_of(
    db: &impl ConnectionTrait,
    id: CiClassId,
) -> ServiceResult<StoredClass> {
    let row = ci_class::Entity::find_by_id(id.0).one(db).await?;
    match row {
        Some(row) => class_from_row(row),
        None => {
            let mut e = FieldErrors::default();
            e.add("class", "Choose a class.");
            Err(ServiceError::Invalid(e))
        }
    }
}

/// The fields tidied and checked: common fields by the domain, attributes by the class.
pub(crate) fn checked(class: &StoredClass, fields: CiFields) -> ServiceResult<CiFields> {
    let mut e = FieldErrors::default();
    let attributes = class
        .def
        .check_attributes(&fields.attributes, crate::now().date_naive());
    let mut fields = match fields.tidy() {
        Ok(f) => Some(f),
        Err(errors) => {
            e.0.extend(errors.0);
            None
        }
    };
    match attributes {
        Ok(kept) => {
            if let Some(f) = fields.as_mut() {
                f.attributes = kept;
            }
        }
        Err(errors) => {
            for err in errors.0 {
                e.add(&format!("attributes.{}", err.field), err.message);
            }
        }
    }
    e.into_result().map_err(ServiceError::Invalid)?;
    fields.ok_or(ServiceError::Internal)
}

async fn check_group(db: &impl ConnectionTrait, g: Option<GroupId>) -> ServiceResult<()> {
    if let Some(g) = g
        && group::Entity::find_by_id(g.0).one(db).await?.is_none()
    {
        let mut e = FieldErrors::default();
        e.add("owner_group", "Choose one of the groups.");
        return Err(ServiceError::Invalid(e));
    }
    Ok(())
}

async fn group_names(
    db: &impl ConnectionTrait,
    ids: [Option<GroupId>; 2],
) -> ServiceResult<Vec<(GroupId, String)>> {
    let ids: Vec<i64> = ids.into_iter().flatten().map(|g| g.0).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(group::Entity::find()
        .filter(group::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (GroupId(g.id), g.name))
        .collect())
}

pub(crate) async fn tags_of(db: &impl ConnectionTrait, id: i64) -> ServiceResult<Vec<String>> {
    Ok(ci_tag::Entity::find()
        .filter(ci_tag::Column::CiId.eq(id))
        .order_by_asc(ci_tag::Column::Tag)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect())
}

async fn write_tags(db: &impl ConnectionTrait, id: i64, tags: &[String]) -> ServiceResult<()> {
    if tags.is_empty() {
        return Ok(());
    }
    ci_tag::Entity::insert_many(tags.iter().map(|t| ci_tag::ActiveModel {
        ci_id: Set(id),
        tag: Set(t.clone()),
    }))
    .exec(db)
    .await?;
    Ok(())
}

async fn write_history(
    db: &impl ConnectionTrait,
    id: i64,
    actor: Option<&Actor>,
    lines: &[FieldChange],
) -> ServiceResult<()> {
    let at = crate::now();
    ci_history::Entity::insert_many(lines.iter().map(|l| ci_history::ActiveModel {
        id: NotSet,
        ci_id: Set(id),
        actor_id: Set(actor.map(|a| a.user_id.0)),
        at: Set(at),
        field: Set(l.field.clone()),
        old_value: Set(l.old.clone()),
        new_value: Set(l.new.clone()),
    }))
    .exec(db)
    .await?;
    Ok(())
}

pub(crate) fn fields_of(row: ci::Model, tags: Vec<String>) -> ServiceResult<CiFields> {
    let criticality = u8::try_from(row.criticality)
        .ok()
        .and_then(Criticality::new)
        .ok_or_else(|| ServiceError::corrupt("cis.criticality", row.id, row.criticality))?;
    Ok(CiFields {
        status: stored("cis.status", row.id, &row.status, CiStatus::parse)?,
        environment: stored(
            "cis.environment",
            row.id,
            &row.environment,
            Environment::parse,
        )?,
        attributes: stored_json("cis.attributes", row.id, &row.attributes)?,
        criticality,
        owner_group: row.owner_group_id.map(GroupId),
        name: row.name,
        location: row.location,
        tags,
        description: row.description,
    })
}

fn record(class: &StoredClass, id: i64, fields: CiFields, version: i32) -> CiRecord {
    CiRecord {
        id: CiId(id),
        class_id: class.id,
        class_name: class.def.name.clone(),
        class_kind: class.def.kind,
        fields,
        version,
    }
}
