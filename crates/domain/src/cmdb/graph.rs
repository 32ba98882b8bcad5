//! Impact analysis over the relationships between configuration items.
//!
//! From one CI, [`Direction::Upstream`] follows what it needs (its database, the host it runs
//! on) and [`Direction::Downstream`] what needs it (the applications and business services an
//! outage of it reaches). Which way an outage travels along each kind of relationship is
//! [`RelationKind::needs`]. The walk is breadth first: each CI is reported once, at the depth it
//! is first reached, through the lowest-numbered CI and relationship that reach it there, so the
//! answer does not depend on the order relationships were stored or read in. Cycles are allowed
//! in the data and end nowhere: a CI already reached is not visited again.
//!
//! A [`Traversal`] is fed one layer at a time: it names the CIs whose relationships it needs
//! next ([`Traversal::frontier`]) and takes whatever relationships the caller read for them
//! ([`Traversal::advance`]), so the server reads a large graph from its database a layer per
//! query and the browser walks the graph it holds with [`walk`].

use super::model::RelationKind;
use crate::ids::CiId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One relationship: "source <kind> target".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edge {
    pub source: CiId,
    pub target: CiId,
    pub kind: RelationKind,
}

/// Which way to walk from a CI.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// What the CI needs to work.
    Upstream,
    /// What needs the CI: where its outage is felt.
    Downstream,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Upstream => "upstream",
            Direction::Downstream => "downstream",
        }
    }

    pub fn parse(s: &str) -> Option<Direction> {
        [Direction::Upstream, Direction::Downstream]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

/// A CI reached by the walk.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    pub ci: CiId,
    /// Steps from the starting CI (1 for its direct neighbours).
    pub depth: u8,
    /// The CI one step closer to the start through which this one was reached.
    pub via: CiId,
    /// The relationship between `via` and this CI.
    pub edge: Edge,
}

/// What a walk found.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub start: CiId,
    pub direction: Direction,
    /// In the order found: by depth, then by CI id within a depth.
    pub reached: Vec<Reached>,
    /// The walk stopped at its node limit with more left to reach.
    pub truncated: bool,
}

impl Impact {
    /// The chain of CIs from the start to `ci` (both included), or `None` if it was not reached.
    pub fn path_to(&self, ci: CiId) -> Option<Vec<CiId>> {
        let mut path = vec![ci];
        let mut at = ci;
        while at != self.start {
            let step = self.reached.iter().find(|r| r.ci == at)?;
            at = step.via;
            path.push(at);
        }
        path.reverse();
        Some(path)
    }
}

/// A breadth-first walk from one CI, fed one layer of relationships at a time.
#[derive(Debug, Clone)]
pub struct Traversal {
    start: CiId,
    direction: Direction,
    max_depth: u8,
    max_nodes: usize,
    depth: u8,
    frontier: Vec<CiId>,
    seen: BTreeSet<CiId>,
    reached: Vec<Reached>,
    truncated: bool,
}

impl Traversal {
    /// A walk from `start` to at most `max_depth` steps and `max_nodes` CIs (the start aside).
    pub fn new(start: CiId, direction: Direction, max_depth: u8, max_nodes: usize) -> Traversal {
        Traversal {
            start,
            direction,
            max_depth,
            max_nodes,
            depth: 0,
            frontier: if max_depth == 0 || max_nodes == 0 {
                Vec::new()
            } else {
                vec![start]
            },
            seen: BTreeSet::from([start]),
            reached: Vec::new(),
            truncated: false,
        }
    }

    /// The CIs whose relationships the next layer needs (sorted by id), or `None` when the walk
    /// is over. Relationships with either end in this list are the ones to read.
    pub fn frontier(&self) -> Option<&[CiId]> {
        (!self.frontier.is_empty()).then_some(self.frontier.as_slice())
    }

    /// Takes the relationships read for the frontier and moves one layer further. Relationships
    /// that do not touch the frontier are ignored, so the whole graph may be passed.
    pub fn advance(&mut self, edges: &[Edge]) {
        let frontier = std::mem::take(&mut self.frontier);
        if frontier.is_empty() {
            return;
        }
        // (reached CI, through which CI, by which relationship), sorted so the first candidate
        // for a CI is the same whatever order the relationships came in.
        let mut candidates: Vec<(CiId, CiId, Edge)> = Vec::new();
        for edge in edges {
            for (needer, needed) in edge.kind.needs(edge.source, edge.target) {
                let (from, to) = match self.direction {
                    Direction::Upstream => (needer, needed),
                    Direction::Downstream => (needed, needer),
                };
                if frontier.binary_search(&from).is_ok() && !self.seen.contains(&to) {
                    candidates.push((to, from, *edge));
                }
            }
        }
        candidates.sort_unstable();
        self.depth += 1;
        let mut next = Vec::new();
        for (ci, via, edge) in candidates {
            if self.seen.contains(&ci) {
                continue;
            }
            if self.reached.len() == self.max_nodes {
                self.truncated = true;
                break;
            }
            self.seen.insert(ci);
            self.reached.push(Reached {
                ci,
                depth: self.depth,
                via,
                edge,
            });
            next.push(ci);
        }
        if self.depth < self.max_depth && !self.truncated {
            self.frontier = next;
        }
    }

    /// What the walk found.
    pub fn finish(self) -> Impact {
        Impact {
            start: self.start,
            direction: self.direction,
            reached: self.reached,
            truncated: self.truncated,
        }
    }
}

/// Walks a graph held in memory (the browser's copy of a CI's neighbourhood, tests).
pub fn walk(
    edges: &[Edge],
    start: CiId,
    direction: Direction,
    max_depth: u8,
    max_nodes: usize,
) -> Impact {
    let mut t = Traversal::new(start, direction, max_depth, max_nodes);
    while t.frontier().is_some() {
        t.advance(edges);
    }
    t.finish()
}
