//! Hardware assets: the CIs of hardware classes with their lifecycle state, holder, tag, serial,
//! supplier and warranty. Everyone sees the assets deployed to them ("My devices"); whoever
//! reads the CMDB sees every asset; configuration managers move an asset through its lifecycle
//! (the domain's [`AssetState::move_to`]), which sets its CI status and leaves history lines.

use super::manage;
use super::page::refs_of;
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::stored::stored;
use crate::users::require;
use db::entities::{ci, ci_history, user};
use domain::cmdb::asset::{AssetMoveError, AssetState, Expiry};
use domain::cmdb::view::{AssetMove, AssetQuery, AssetRow};
use domain::paging::{MAX_PAGE, MAX_PER_PAGE, Page};
use domain::users::FieldErrors;
use domain::{Actor, Capability, CiId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// The assets deployed to the caller, by name: "My devices". Anyone signed in.
pub async fn mine(s: &Services, actor: &Actor) -> ServiceResult<Vec<AssetRow>> {
    require(actor, Capability::UseSelfService)?;
    let rows = ci::Entity::find()
        .filter(ci::Column::AssignedTo.eq(actor.user_id.0))
        .filter(ci::Column::AssetState.is_not_null())
        .order_by_asc(ci::Column::Name)
        .order_by_asc(ci::Column::Id)
        .all(&s.db)
        .await?;
    rows_of(&s.db, rows).await
}

/// One page of assets: by state, holder and words in the name, tag or serial number. Whoever
/// reads the CMDB sees every asset; anyone else only those deployed to them.
pub async fn list(s: &Services, actor: &Actor, q: AssetQuery) -> ServiceResult<Page<AssetRow>> {
    require(actor, Capability::UseSelfService)?;
    let page = ServiceError::within(
        "page",
        q.page.unwrap_or(1),
        1..=MAX_PAGE,
        format!("page is 1 to {MAX_PAGE}."),
    )?;
    let per_page = ServiceError::within(
        "per_page",
        q.per_page.unwrap_or(25),
        1..=MAX_PER_PAGE,
        format!("per_page is 1 to {MAX_PER_PAGE}."),
    )?;
    let mut select = ci::Entity::find().filter(ci::Column::AssetState.is_not_null());
    if !actor.can(Capability::ViewConfigurationItems) {
        select = select.filter(ci::Column::AssignedTo.eq(actor.user_id.0));
    }
    if let Some(state) = q.state {
        select = select.filter(ci::Column::AssetState.eq(state.as_str()));
    }
    if let Some(holder) = q.assigned_to {
        select = select.filter(ci::Column::AssignedTo.eq(holder));
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", crate::database::escape_like(text));
        select = select.filter(
            sea_orm::Condition::any()
                .add(ci::Column::Name.like(pattern.clone()))
                .add(ci::Column::AssetTag.like(pattern.clone()))
                .add(ci::Column::SerialNumber.like(pattern)),
        );
    }
    let paginator = select
        .order_by_asc(ci::Column::Name)
        .order_by_asc(ci::Column::Id)
        .paginate(&s.db, per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    Ok(Page {
        items: rows_of(&s.db, rows).await?,
        total,
        page,
        per_page,
    })
}

/// One asset: whoever reads the CMDB, or the person it is deployed to (anyone else is told it
/// does not exist).
pub async fn get(s: &Services, actor: &Actor, id: CiId) -> ServiceResult<AssetRow> {
    require(actor, Capability::UseSelfService)?;
    let row = ci::Entity::find_by_id(id.0)
        .filter(ci::Column::AssetState.is_not_null())
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !actor.can(Capability::ViewConfigurationItems) && row.assigned_to != Some(actor.user_id.0) {
        return Err(ServiceError::NotFound);
    }
    rows_of(&s.db, vec![row])
        .await?
        .pop()
        .ok_or(ServiceError::Internal)
}

/// Moves an asset through its lifecycle (deploy to someone, send to repair, retire…): checked by
/// the domain, the CI status follows the state, and the history says what changed.
pub async fn move_asset(
    s: &Services,
    actor: &Actor,
    id: CiId,
    request: AssetMove,
) -> ServiceResult<AssetRow> {
    manage(actor)?;
    let txn = crate::database::begin_write(&s.db).await?;
    let row = ci::Entity::find_by_id(id.0)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let Some(state) = row.asset_state.as_deref() else {
        return Err(ServiceError::NotFound);
    };
    let from = stored("cis.asset_state", row.id, state, AssetState::parse)?;
    if let Some(u) = request.assigned_to {
        holder_name(&txn, u).await?;
    }
    let assigned = request.assigned_to.or(row.assigned_to.map(UserId));
    let step = from.move_to(request.to, assigned.is_some()).map_err(|e| {
        let mut errors = FieldErrors::default();
        let field = match e {
            AssetMoveError::NeedsAssignee => "assigned_to",
            AssetMoveError::NotAllowed { .. } => "to",
        };
        errors.add(field, e.to_string());
        ServiceError::Invalid(errors)
    })?;
    let new_holder = if step.clears_assignee { None } else { assigned };
    let old_holder_name = match row.assigned_to {
        Some(u) => Some(
            holder_name(&txn, UserId(u))
                .await
                .unwrap_or_else(|_| format!("user {u}")),
        ),
        None => None,
    };
    let new_holder_name = match new_holder {
        Some(u) => Some(holder_name(&txn, u).await?),
        None => None,
    };
    let old_status = row.status.clone();
    let new_status = step.to.ci_status();
    let mut lines = vec![(
        "asset_state",
        Some(from.label().to_string()),
        Some(step.to.label().to_string()),
    )];
    if old_holder_name != new_holder_name {
        lines.push(("assigned_to", old_holder_name, new_holder_name));
    }
    if old_status != new_status.as_str() {
        let old = domain::cmdb::CiStatus::parse(&old_status).map(|s| s.label().to_string());
        lines.push(("status", old, Some(new_status.label().to_string())));
    }
    let next = row.version + 1;
    let mut am = row.into_active_model();
    am.asset_state = Set(Some(step.to.as_str().into()));
    am.assigned_to = Set(new_holder.map(|u| u.0));
    am.status = Set(new_status.as_str().into());
    am.version = Set(next);
    am.updated_at = Set(crate::now());
    am.update(&txn).await?;
    let at = crate::now();
    ci_history::Entity::insert_many(lines.into_iter().map(|(field, old, new)| {
        ci_history::ActiveModel {
            id: NotSet,
            ci_id: Set(id.0),
            actor_id: Set(Some(actor.user_id.0)),
            at: Set(at),
            field: Set(field.into()),
            old_value: Set(old),
            new_value: Set(new),
        }
    }))
    .exec(&txn)
    .await?;
    txn.commit().await?;
    get(s, actor, id).await
}

/// The display name of a person an asset can be deployed to; an unknown or disabled person is
/// refused on the field.
async fn holder_name(db: &impl ConnectionTrait, u: UserId) -> ServiceResult<String> {
    match user::Entity::find_by_id(u.0).one(db).await? {
        Some(p) if !p.disabled => Ok(p.display_name),
        _ => {
            let mut e = FieldErrors::default();
            e.add("assigned_to", "Choose someone who can sign in.");
            Err(ServiceError::Invalid(e))
        }
    }
}

async fn rows_of(db: &impl ConnectionTrait, rows: Vec<ci::Model>) -> ServiceResult<Vec<AssetRow>> {
    let ids: Vec<CiId> = rows.iter().map(|r| CiId(r.id)).collect();
    let refs = refs_of(db, &ids).await?;
    let mut holders: Vec<i64> = rows.iter().filter_map(|r| r.assigned_to).collect();
    holders.sort_unstable();
    holders.dedup();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(holders))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let today = crate::now().date_naive();
    rows.into_iter()
        .map(|r| {
            let ci = refs
                .get(&CiId(r.id))
                .cloned()
                .ok_or(ServiceError::Internal)?;
            let state = r.asset_state.as_deref().unwrap_or_default();
            let attributes: domain::catalog::Answers =
                serde_json::from_str(&r.attributes).unwrap_or_default();
            let model = match attributes.get("model") {
                Some(domain::catalog::Answer::Text(m) | domain::catalog::Answer::Choice(m)) => {
                    Some(m.clone())
                }
                _ => None,
            };
            Ok(AssetRow {
                ci,
                state: stored("cis.asset_state", r.id, state, AssetState::parse)?,
                asset_tag: r.asset_tag,
                serial_number: r.serial_number,
                assigned_to: r.assigned_to.map(UserId),
                assigned_name: r.assigned_to.and_then(|u| names.get(&u).cloned()),
                model,
                supplier: r.supplier,
                purchase_date: r.purchase_date,
                warranty_end: r.warranty_end,
                warranty: Expiry::of(r.warranty_end, today),
            })
        })
        .collect()
}
