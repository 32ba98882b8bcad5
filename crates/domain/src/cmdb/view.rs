//! What the CMDB's pages show, shared by the server that fills it and the browser that draws
//! it: a CI named for a link, its relationships read from its own side ("depends on" /
//! "used by"), impact analysis with every CI named, and the business services an outage reaches.

use super::ci::{CiRecord, FieldChange};
use super::class::ClassKind;
use super::graph::Direction;
use super::model::{CiStatus, Criticality, RelationKind};
use crate::ids::CiId;
use serde::{Deserialize, Serialize};

/// A CI named for a link: enough to tell what it is without opening it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiRef {
    pub id: CiId,
    pub name: String,
    pub class_name: String,
    pub class_kind: ClassKind,
    pub status: CiStatus,
    pub criticality: Criticality,
}

/// One relationship as one of its ends shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The relationship's id (to remove it).
    pub relationship: i64,
    pub kind: RelationKind,
    /// This CI is the relationship's source ("this <kind> other").
    pub outgoing: bool,
    pub other: CiRef,
}

impl Neighbour {
    /// The relationship read from this CI's side: "Depends on" or "Used by".
    pub fn label(&self) -> &'static str {
        if self.outgoing {
            self.kind.label()
        } else {
            self.kind.inverse_label()
        }
    }
}

/// Relationships grouped under the label they read by from this side, groups in a fixed order
/// (what this CI needs first, then what needs it), CIs by name within a group.
pub fn grouped(neighbours: &[Neighbour]) -> Vec<(&'static str, Vec<&Neighbour>)> {
    let order = |n: &Neighbour| {
        let k = RelationKind::ALL
            .iter()
            .position(|k| *k == n.kind)
            .unwrap_or(0);
        (!n.outgoing, k)
    };
    let mut sorted: Vec<&Neighbour> = neighbours.iter().collect();
    sorted.sort_by(|a, b| {
        order(a)
            .cmp(&order(b))
            .then_with(|| {
                a.other
                    .name
                    .to_lowercase()
                    .cmp(&b.other.name.to_lowercase())
            })
            .then_with(|| a.other.id.cmp(&b.other.id))
    });
    let mut out: Vec<(&'static str, Vec<&Neighbour>)> = Vec::new();
    for n in sorted {
        match out.last_mut() {
            Some((label, list)) if *label == n.label() && list[0].outgoing == n.outgoing => {
                list.push(n)
            }
            _ => out.push((n.label(), vec![n])),
        }
    }
    out
}

/// One CI reached by impact analysis, named.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactRow {
    pub ci: CiRef,
    /// Steps from the CI the analysis started at.
    pub depth: u8,
    /// The CI one step closer to the start through which this one was reached.
    pub via: CiId,
    /// The relationship between this CI and `via`, read from this CI's side ("Depends on",
    /// "Used by"): the row reads "<ci> depends on <via>".
    pub label: String,
}

/// Impact analysis with every CI named, in the order found (by depth, then id).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactView {
    pub start: CiId,
    pub direction: Direction,
    pub depth: u8,
    pub rows: Vec<ImpactRow>,
    /// The relationships between the CIs shown (the start included), for the graph.
    pub edges: Vec<super::graph::Edge>,
    /// The analysis stopped at its node limit with more left to reach.
    pub truncated: bool,
}

impl ImpactView {
    /// The business services among the CIs reached, most critical first, then by name: "what
    /// breaks if this goes down" when the analysis ran downstream.
    pub fn business_services(&self) -> Vec<&ImpactRow> {
        let mut services: Vec<&ImpactRow> = self
            .rows
            .iter()
            .filter(|r| r.ci.class_kind == ClassKind::BusinessService)
            .collect();
        services.sort_by(|a, b| {
            a.ci.criticality
                .cmp(&b.ci.criticality)
                .then_with(|| a.ci.name.to_lowercase().cmp(&b.ci.name.to_lowercase()))
                .then_with(|| a.ci.id.cmp(&b.ci.id))
        });
        services
    }

    /// How many CIs were reached at each depth, from 1.
    pub fn per_depth(&self) -> Vec<(u8, usize)> {
        let mut out: Vec<(u8, usize)> = Vec::new();
        for r in &self.rows {
            match out.last_mut() {
                Some((d, n)) if *d == r.depth => *n += 1,
                _ => out.push((r.depth, 1)),
            }
        }
        out
    }
}

/// One line of a CI's history with who made it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339, UTC.
    pub at: String,
    /// Who made the change; `None` for the system (imports, demo data).
    pub actor: Option<String>,
    pub change: FieldChange,
}

/// Everything a CI's page shows but its impact analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiPage {
    pub record: CiRecord,
    /// The class's attributes in display order as (label, value people read), set ones only.
    pub attributes: Vec<(String, String)>,
    pub owner_group: Option<String>,
    /// The description rendered from Markdown to sanitised HTML.
    pub description_html: String,
    pub neighbours: Vec<Neighbour>,
    /// Newest first; the latest 100 lines.
    pub history: Vec<HistoryEntry>,
    /// The reader may edit the CI and its relationships.
    pub can_manage: bool,
}

/// A class as the CI list's filter names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSummary {
    pub id: crate::ids::CiClassId,
    pub name: String,
    pub kind: ClassKind,
}

/// A hardware asset as the asset list and "My devices" show it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetRow {
    pub ci: CiRef,
    pub state: super::asset::AssetState,
    pub asset_tag: Option<String>,
    pub serial_number: Option<String>,
    /// Who has it (deployed, or in repair for them).
    pub assigned_to: Option<crate::ids::UserId>,
    pub assigned_name: Option<String>,
    /// The class's `model` attribute, when it has one.
    pub model: Option<String>,
    pub supplier: Option<String>,
    pub purchase_date: Option<chrono::NaiveDate>,
    /// The last day of the warranty.
    pub warranty_end: Option<chrono::NaiveDate>,
    /// The warranty seen today: flagged when it ends within 30 days or has ended.
    pub warranty: super::asset::Expiry,
}

/// Filters and page of the asset list (`GET /api/v1/assets`); every field is optional.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetQuery {
    /// Words in the name, asset tag or serial number.
    pub q: Option<String>,
    pub state: Option<super::asset::AssetState>,
    /// A person's user id: the assets they hold.
    pub assigned_to: Option<i64>,
    /// 1-based page (default 1).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 10000))]
    pub page: Option<u64>,
    /// Rows per page, 1 to 100 (default 25).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u64>,
}

/// A move of an asset through its lifecycle (`POST /api/v1/assets/{id}/moves`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetMove {
    pub to: super::asset::AssetState,
    /// Who it is deployed to; needed to deploy an asset nobody holds.
    #[serde(default)]
    pub assigned_to: Option<crate::ids::UserId>,
}
