//! Relationships between configuration items and impact analysis. The walk is the domain's
//! [`Traversal`]; this module reads it the relationships of one layer per query, by either end,
//! so depth 3 costs three indexed queries whatever the size of the CMDB.

use super::{manage, view};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::stored::stored;
use db::entities::{ci, ci_relationship};
use domain::cmdb::graph::Impact;
use domain::cmdb::{Direction, Edge, RelationKind, Traversal};
use domain::users::FieldErrors;
use domain::{Actor, CiId};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    Set,
};

/// Most CIs an impact analysis reports.
pub const MAX_IMPACT_NODES: usize = 2_000;
/// Deepest impact analysis.
pub const MAX_IMPACT_DEPTH: u8 = 10;

/// Adds "source kind target". Refused when either CI does not exist, when a CI would relate
/// to itself, and when the same relationship exists already.
pub async fn relate(
    s: &Services,
    actor: &Actor,
    source: CiId,
    kind: RelationKind,
    target: CiId,
) -> ServiceResult<i64> {
    manage(actor)?;
    let mut e = FieldErrors::default();
    if source == target {
        e.add("target", "A CI cannot be related to itself.");
        return Err(ServiceError::Invalid(e));
    }
    let txn = crate::database::begin_write(&s.db).await?;
    let found = ci::Entity::find()
        .filter(ci::Column::Id.is_in([source.0, target.0]))
        .all(&txn)
        .await?;
    if !found.iter().any(|c| c.id == source.0) {
        return Err(ServiceError::NotFound);
    }
    if !found.iter().any(|c| c.id == target.0) {
        e.add("target", "Choose an existing CI.");
        return Err(ServiceError::Invalid(e));
    }
    let exists = ci_relationship::Entity::find()
        .filter(ci_relationship::Column::SourceId.eq(source.0))
        .filter(ci_relationship::Column::TargetId.eq(target.0))
        .filter(ci_relationship::Column::Kind.eq(kind.as_str()))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Err(ServiceError::Conflict(
            "These CIs are already related this way.".into(),
        ));
    }
    let row = ci_relationship::ActiveModel {
        id: NotSet,
        source_id: Set(source.0),
        target_id: Set(target.0),
        kind: Set(kind.as_str().into()),
        created_by: Set(Some(actor.user_id.0)),
        created_at: Set(crate::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Removes one relationship.
pub async fn unrelate(s: &Services, actor: &Actor, relationship: i64) -> ServiceResult<()> {
    manage(actor)?;
    let done = ci_relationship::Entity::delete_by_id(relationship)
        .exec(&s.db)
        .await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The relationships with either end in `cis`.
async fn edges_touching(db: &impl ConnectionTrait, cis: &[CiId]) -> ServiceResult<Vec<Edge>> {
    let ids: Vec<i64> = cis.iter().map(|c| c.0).collect();
    let rows = ci_relationship::Entity::find()
        .filter(
            Condition::any()
                .add(ci_relationship::Column::SourceId.is_in(ids.clone()))
                .add(ci_relationship::Column::TargetId.is_in(ids)),
        )
        .all(db)
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Edge {
                source: CiId(r.source_id),
                target: CiId(r.target_id),
                kind: stored("ci_relationships.kind", r.id, &r.kind, RelationKind::parse)?,
            })
        })
        .collect()
}

/// Every relationship of one CI, both ways.
pub async fn relationships(s: &Services, actor: &Actor, id: CiId) -> ServiceResult<Vec<Edge>> {
    view(actor)?;
    let mut edges = edges_touching(&s.db, &[id]).await?;
    edges.sort_unstable();
    Ok(edges)
}

/// What `start` needs (upstream) or what needs it (downstream), to `depth` steps.
pub async fn impact(
    s: &Services,
    actor: &Actor,
    start: CiId,
    direction: Direction,
    depth: u8,
) -> ServiceResult<Impact> {
    Ok(impact_with_edges(s, actor, start, direction, depth)
        .await?
        .0)
}

/// [`impact`], with the relationships between the CIs it reached (the start included) that the
/// walk read: every one but those between two CIs of the last step, whose relationships the
/// walk had no need to read. A graph of the impact draws these.
pub async fn impact_with_edges(
    s: &Services,
    actor: &Actor,
    start: CiId,
    direction: Direction,
    depth: u8,
) -> ServiceResult<(Impact, Vec<Edge>)> {
    view(actor)?;
    if depth == 0 || depth > MAX_IMPACT_DEPTH {
        let mut e = FieldErrors::default();
        e.add(
            "depth",
            format!("The depth is 1 to {MAX_IMPACT_DEPTH} steps."),
        );
        return Err(ServiceError::Invalid(e));
    }
    if ci::Entity::find_by_id(start.0).one(&s.db).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    let mut walk = Traversal::new(start, direction, depth, MAX_IMPACT_NODES);
    let mut read = Vec::new();
    while let Some(frontier) = walk.frontier() {
        let edges = edges_touching(&s.db, frontier).await?;
        walk.advance(&edges);
        read.extend(edges);
    }
    let found = walk.finish();
    let mut inside: Vec<CiId> = found.reached.iter().map(|r| r.ci).collect();
    inside.push(start);
    inside.sort_unstable();
    read.retain(|e| {
        inside.binary_search(&e.source).is_ok() && inside.binary_search(&e.target).is_ok()
    });
    read.sort_unstable();
    read.dedup();
    Ok((found, read))
}
