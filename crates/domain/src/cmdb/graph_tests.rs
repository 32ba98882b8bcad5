//! Impact analysis on chains, cycles, diamonds, wide fans and deep graphs, both ways.

use super::graph::*;
use super::model::RelationKind::{self, *};
use crate::ids::CiId;

fn e(source: i64, kind: RelationKind, target: i64) -> Edge {
    Edge {
        source: CiId(source),
        target: CiId(target),
        kind,
    }
}

/// (ci, depth, via) of every CI reached, in the order reported.
fn found(impact: &Impact) -> Vec<(i64, u8, i64)> {
    impact
        .reached
        .iter()
        .map(|r| (r.ci.0, r.depth, r.via.0))
        .collect()
}

/// A small estate: service 1 contains app 2; app 2 depends on db 3 and runs on vm 4; vm 4 runs
/// on host 5; db 3 runs on host 5; host 5 connects to switch 6.
fn estate() -> Vec<Edge> {
    vec![
        e(2, PartOf, 1),
        e(2, DependsOn, 3),
        e(2, RunsOn, 4),
        e(4, RunsOn, 5),
        e(3, RunsOn, 5),
        e(5, ConnectsTo, 6),
    ]
}

#[test]
fn walks_each_way_to_each_depth() {
    use Direction::*;
    type Case = (&'static str, i64, Direction, u8, Vec<(i64, u8, i64)>);
    let cases: Vec<Case> = vec![
        (
            "what the service needs",
            1,
            Upstream,
            9,
            vec![(2, 1, 1), (3, 2, 2), (4, 2, 2), (5, 3, 3), (6, 4, 5)],
        ),
        (
            "the same to depth 2",
            1,
            Upstream,
            2,
            vec![(2, 1, 1), (3, 2, 2), (4, 2, 2)],
        ),
        (
            "who feels the host's outage",
            5,
            Downstream,
            9,
            vec![(3, 1, 5), (4, 1, 5), (6, 1, 5), (2, 2, 3), (1, 3, 2)],
        ),
        (
            "a network link is needed both ways",
            6,
            Downstream,
            9,
            vec![(5, 1, 6), (3, 2, 5), (4, 2, 5), (2, 3, 3), (1, 4, 2)],
        ),
        ("nothing needs the service", 1, Downstream, 9, vec![]),
        ("depth 0 reaches nothing", 5, Downstream, 0, vec![]),
        ("an unknown CI reaches nothing", 99, Upstream, 9, vec![]),
    ];
    for (what, start, direction, depth, expected) in cases {
        let impact = walk(&estate(), CiId(start), direction, depth, 1000);
        assert_eq!(found(&impact), expected, "{what}");
        assert!(!impact.truncated, "{what}");
    }
}

#[test]
fn cycles_end_and_each_ci_is_reported_once() {
    // 1 → 2 → 3 → 1, and 3 → 3 (a CI that depends on itself).
    let edges = vec![
        e(1, DependsOn, 2),
        e(2, DependsOn, 3),
        e(3, DependsOn, 1),
        e(3, DependsOn, 3),
    ];
    for direction in [Direction::Upstream, Direction::Downstream] {
        let impact = walk(&edges, CiId(1), direction, u8::MAX, 1000);
        let mut cis: Vec<i64> = impact.reached.iter().map(|r| r.ci.0).collect();
        cis.sort_unstable();
        assert_eq!(
            cis,
            vec![2, 3],
            "{direction:?}: the start is never reported"
        );
    }
}

#[test]
fn the_answer_does_not_depend_on_the_order_of_the_relationships() {
    // A diamond: 1 needs 2 and 3, both need 4. 4 is reached through 2 (the lower id).
    let edges = vec![
        e(1, DependsOn, 3),
        e(3, DependsOn, 4),
        e(1, DependsOn, 2),
        e(2, DependsOn, 4),
        e(2, RunsOn, 4),
    ];
    let forward = walk(&edges, CiId(1), Direction::Upstream, 9, 100);
    let mut reversed_edges = edges.clone();
    reversed_edges.reverse();
    let reversed = walk(&reversed_edges, CiId(1), Direction::Upstream, 9, 100);
    assert_eq!(forward, reversed);
    assert_eq!(found(&forward), vec![(2, 1, 1), (3, 1, 1), (4, 2, 2)]);
    assert_eq!(
        forward.reached[2].edge.kind, DependsOn,
        "the lowest relationship"
    );
    assert_eq!(
        forward.path_to(CiId(4)),
        Some(vec![CiId(1), CiId(2), CiId(4)])
    );
    assert_eq!(forward.path_to(CiId(1)), Some(vec![CiId(1)]));
    assert_eq!(forward.path_to(CiId(9)), None);
}

#[test]
fn a_wide_fan_stops_at_the_node_limit_and_says_so() {
    // A host with 500 virtual machines, each hosting one application.
    let mut edges = Vec::new();
    for vm in 1..=500 {
        edges.push(e(1000 + vm, RunsOn, 1));
        edges.push(e(2000 + vm, RunsOn, 1000 + vm));
    }
    let all = walk(&edges, CiId(1), Direction::Downstream, 9, 10_000);
    assert_eq!(all.reached.len(), 1000);
    assert!(!all.truncated);
    assert!(all.reached[..500].iter().all(|r| r.depth == 1));
    let capped = walk(&edges, CiId(1), Direction::Downstream, 9, 200);
    assert_eq!(capped.reached.len(), 200);
    assert!(capped.truncated);
    assert_eq!(capped.reached[0].ci, CiId(1001), "lowest ids first");
    let exact = walk(&edges, CiId(1), Direction::Downstream, 1, 500);
    assert_eq!(exact.reached.len(), 500);
    assert!(
        !exact.truncated,
        "exactly the limit, nothing left at this depth"
    );
}

#[test]
fn a_deep_chain_is_bounded_by_depth() {
    let edges: Vec<Edge> = (1..5000).map(|i| e(i, DependsOn, i + 1)).collect();
    let impact = walk(&edges, CiId(1), Direction::Upstream, 3, 10_000);
    assert_eq!(found(&impact), vec![(2, 1, 1), (3, 2, 2), (4, 3, 3)]);
    let far = walk(&edges, CiId(5000), Direction::Downstream, u8::MAX, 10_000);
    assert_eq!(far.reached.len(), 255, "at most 255 steps");
    assert_eq!(far.reached.last().map(|r| r.depth), Some(255));
}

#[test]
fn layers_read_one_at_a_time_give_the_same_answer() {
    // What the server does: read only the relationships that touch the frontier.
    let edges = estate();
    let mut t = Traversal::new(CiId(5), Direction::Downstream, 9, 100);
    let mut layers = 0;
    while let Some(frontier) = t.frontier() {
        let read: Vec<Edge> = edges
            .iter()
            .filter(|e| frontier.contains(&e.source) || frontier.contains(&e.target))
            .copied()
            .collect();
        t.advance(&read);
        layers += 1;
    }
    assert_eq!(
        t.finish(),
        walk(&edges, CiId(5), Direction::Downstream, 9, 100)
    );
    assert_eq!(layers, 4, "three layers with CIs and one that finds none");
}

#[test]
fn directions_read_back() {
    for d in [Direction::Upstream, Direction::Downstream] {
        assert_eq!(Direction::parse(d.as_str()), Some(d));
    }
    assert_eq!(Direction::parse("up"), None);
}
