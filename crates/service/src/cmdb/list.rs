//! The CI list: filtered by words in the name, class, status, environment and tag, sorted by
//! name, one page at a time with the total.

use super::view;
use crate::Services;
use crate::database::escape_like;
use crate::error::{ServiceError, ServiceResult};
use crate::stored::stored;
use db::entities::{ci, ci_class, ci_tag};
use domain::cmdb::ci::{CiQuery, CiRow};
use domain::cmdb::{CiStatus, Criticality, Environment};
use domain::paging::{MAX_PAGE, MAX_PER_PAGE, Page};
use domain::{Actor, CiClassId, CiId};
use sea_orm::sea_query::{Expr, Func, LikeExpr};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;

/// One page of CIs matching `q`, by name. A page or size out of range is refused by field.
pub async fn list(s: &Services, actor: &Actor, q: CiQuery) -> ServiceResult<Page<CiRow>> {
    view(actor)?;
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
    let mut select = ci::Entity::find();
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
        select = select.filter(
            Expr::expr(Func::lower(Expr::col((ci::Entity, ci::Column::Name))))
                .like(LikeExpr::new(pattern).escape('\\')),
        );
    }
    if let Some(class) = q.class {
        select = select.filter(ci::Column::ClassId.eq(class));
    }
    if let Some(status) = q.status {
        select = select.filter(ci::Column::Status.eq(status.as_str()));
    }
    if let Some(env) = q.environment {
        select = select.filter(ci::Column::Environment.eq(env.as_str()));
    }
    if let Some(tag) = q.tag.as_deref().map(|t| t.trim().to_lowercase()) {
        let tagged = ci_tag::Entity::find()
            .select_only()
            .column(ci_tag::Column::CiId)
            .filter(ci_tag::Column::Tag.eq(tag))
            .into_query();
        select = select.filter(ci::Column::Id.in_subquery(tagged));
    }
    let paginator = select
        .order_by_asc(ci::Column::Name)
        .order_by_asc(ci::Column::Id)
        .paginate(&s.db, per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let class_ids: Vec<i64> = rows.iter().map(|r| r.class_id).collect();
    let names: HashMap<i64, String> = ci_class::Entity::find()
        .filter(ci_class::Column::Id.is_in(class_ids))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(CiRow {
                id: CiId(r.id),
                class_id: CiClassId(r.class_id),
                class_name: names.get(&r.class_id).cloned().unwrap_or_default(),
                status: stored("cis.status", r.id, &r.status, CiStatus::parse)?,
                environment: stored("cis.environment", r.id, &r.environment, Environment::parse)?,
                criticality: u8::try_from(r.criticality)
                    .ok()
                    .and_then(Criticality::new)
                    .ok_or_else(|| ServiceError::corrupt("cis.criticality", r.id, r.criticality))?,
                name: r.name,
                location: r.location,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}
