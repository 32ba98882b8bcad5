//! What a CI's page shows, read in a handful of queries: the CI with its attributes labelled by
//! its class, its owner group, its relationships with the CI at the other end named, and its
//! latest history with who made each change; and impact analysis with every CI reached named.

use super::classes::{StoredClass, from_row as class_from_row};
use super::graph::impact_with_edges;
use super::items::{class_of, fields_of, tags_of};
use super::{may_manage, view};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::stored::stored;
use crate::tickets::cards::render_markdown;
use db::entities::{ci, ci_class, ci_history, ci_relationship, group, user};
use domain::cmdb::ci::{CiRecord, answer_text};
use domain::cmdb::view::{CiPage, CiRef, HistoryEntry, ImpactRow, ImpactView, Neighbour};
use domain::cmdb::{CiStatus, Criticality, Direction, FieldChange, RelationKind};
use domain::{Actor, CiClassId, CiId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// History lines a CI's page shows.
const HISTORY_LINES: u64 = 100;

/// A CI's page.
pub async fn page(s: &Services, actor: &Actor, id: CiId) -> ServiceResult<CiPage> {
    view(actor)?;
    let row = ci::Entity::find_by_id(id.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let class = class_of(&s.db, CiClassId(row.class_id)).await?;
    let version = row.version;
    let fields = fields_of(row.clone(), tags_of(&s.db, row.id).await?)?;
    let owner_group = match fields.owner_group {
        Some(g) => group::Entity::find_by_id(g.0)
            .one(&s.db)
            .await?
            .map(|g| g.name),
        None => None,
    };
    let attributes = class
        .def
        .attributes
        .fields
        .iter()
        .filter_map(|f| {
            fields
                .attributes
                .get(&f.key)
                .map(|a| (f.label.clone(), answer_text(a)))
        })
        .collect();
    let rels = ci_relationship::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(ci_relationship::Column::SourceId.eq(id.0))
                .add(ci_relationship::Column::TargetId.eq(id.0)),
        )
        .all(&s.db)
        .await?;
    let others: Vec<CiId> = rels
        .iter()
        .map(|r| {
            CiId(if r.source_id == id.0 {
                r.target_id
            } else {
                r.source_id
            })
        })
        .collect();
    let refs = refs_of(&s.db, &others).await?;
    let mut neighbours = Vec::with_capacity(rels.len());
    for r in rels {
        let outgoing = r.source_id == id.0;
        let other = CiId(if outgoing { r.target_id } else { r.source_id });
        if let Some(other) = refs.get(&other) {
            neighbours.push(Neighbour {
                relationship: r.id,
                kind: stored("ci_relationships.kind", r.id, &r.kind, RelationKind::parse)?,
                outgoing,
                other: other.clone(),
            });
        }
    }
    let history = history_of(&s.db, id).await?;
    let description_html = render_markdown(&fields.description);
    Ok(CiPage {
        record: CiRecord {
            id,
            class_id: class.id,
            class_name: class.def.name.clone(),
            class_kind: class.def.kind,
            fields,
            version,
        },
        attributes,
        owner_group,
        description_html,
        neighbours,
        history,
        can_manage: may_manage(actor),
    })
}

/// Impact analysis from `start` with every CI reached named.
pub async fn named_impact(
    s: &Services,
    actor: &Actor,
    start: CiId,
    direction: Direction,
    depth: u8,
) -> ServiceResult<ImpactView> {
    let (found, edges) = impact_with_edges(s, actor, start, direction, depth).await?;
    let ids: Vec<CiId> = found.reached.iter().map(|r| r.ci).collect();
    let refs = refs_of(&s.db, &ids).await?;
    let rows = found
        .reached
        .iter()
        .filter_map(|r| {
            // Read from the reached CI's side: "depends on <via>", "used by <via>".
            let label = if r.edge.source == r.ci {
                r.edge.kind.label()
            } else {
                r.edge.kind.inverse_label()
            };
            refs.get(&r.ci).map(|ci| ImpactRow {
                ci: ci.clone(),
                depth: r.depth,
                via: r.via,
                label: label.to_string(),
            })
        })
        .collect();
    Ok(ImpactView {
        start,
        direction,
        depth,
        rows,
        edges,
        truncated: found.truncated,
    })
}

/// The CIs `ids` named for links, read in chunks (a database bounds a query's parameters).
pub(crate) async fn refs_of(
    db: &impl ConnectionTrait,
    ids: &[CiId],
) -> ServiceResult<HashMap<CiId, CiRef>> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        rows.extend(
            ci::Entity::find()
                .filter(ci::Column::Id.is_in(chunk.iter().map(|c| c.0)))
                .all(db)
                .await?,
        );
    }
    let mut class_ids: Vec<i64> = rows.iter().map(|r| r.class_id).collect();
    class_ids.sort_unstable();
    class_ids.dedup();
    let classes: HashMap<i64, StoredClass> = ci_class::Entity::find()
        .filter(ci_class::Column::Id.is_in(class_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| class_from_row(c).map(|c| (c.id.0, c)))
        .collect::<ServiceResult<_>>()?;
    rows.into_iter()
        .map(|r| {
            let class = classes
                .get(&r.class_id)
                .ok_or_else(|| ServiceError::corrupt("cis.class_id", r.id, r.class_id))?;
            Ok((
                CiId(r.id),
                CiRef {
                    id: CiId(r.id),
                    class_name: class.def.name.clone(),
                    class_kind: class.def.kind,
                    status: stored("cis.status", r.id, &r.status, CiStatus::parse)?,
                    criticality: u8::try_from(r.criticality)
                        .ok()
                        .and_then(Criticality::new)
                        .ok_or_else(|| {
                            ServiceError::corrupt("cis.criticality", r.id, r.criticality)
                        })?,
                    name: r.name,
                },
            ))
        })
        .collect()
}

async fn history_of(db: &impl ConnectionTrait, id: CiId) -> ServiceResult<Vec<HistoryEntry>> {
    let rows = ci_history::Entity::find()
        .filter(ci_history::Column::CiId.eq(id.0))
        .order_by_desc(ci_history::Column::Id)
        .limit(HISTORY_LINES)
        .all(db)
        .await?;
    let mut actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| HistoryEntry {
            at: r.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            actor: r.actor_id.and_then(|a| names.get(&a).cloned()),
            change: FieldChange {
                field: r.field,
                old: r.old_value,
                new: r.new_value,
            },
        })
        .collect())
}
