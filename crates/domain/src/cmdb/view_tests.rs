//! Tests of the CMDB's page shapes: relationships grouped by how they read from one side, and
//! the business services an impact analysis reaches.

use super::class::ClassKind;
use super::graph::Direction;
use super::model::{CiStatus, Criticality, RelationKind};
use super::view::{CiRef, ImpactRow, ImpactView, Neighbour, grouped};
use crate::ids::CiId;

fn ci(id: i64, name: &str, kind: ClassKind, crit: u8) -> CiRef {
    CiRef {
        id: CiId(id),
        name: name.into(),
        class_name: "Class".into(),
        class_kind: kind,
        status: CiStatus::InUse,
        criticality: Criticality::new(crit).expect("1 to 4"),
    }
}

fn n(id: i64, name: &str, kind: RelationKind, outgoing: bool) -> Neighbour {
    Neighbour {
        relationship: id * 10,
        kind,
        outgoing,
        other: ci(id, name, ClassKind::Component, 3),
    }
}

#[test]
fn relationships_read_from_this_side_in_groups() {
    let list = vec![
        n(1, "web-02", RelationKind::DependsOn, false),
        n(2, "db-payroll", RelationKind::DependsOn, true),
        n(3, "Payroll", RelationKind::PartOf, true),
        n(4, "web-01", RelationKind::DependsOn, false),
        n(5, "host-a", RelationKind::RunsOn, true),
        n(6, "sw-core", RelationKind::ConnectsTo, true),
        n(7, "sw-edge", RelationKind::ConnectsTo, false),
    ];
    let groups: Vec<(&str, Vec<&str>)> = grouped(&list)
        .into_iter()
        .map(|(label, ns)| (label, ns.iter().map(|n| n.other.name.as_str()).collect()))
        .collect();
    assert_eq!(
        groups,
        vec![
            ("Depends on", vec!["db-payroll"]),
            ("Runs on", vec!["host-a"]),
            ("Connects to", vec!["sw-core"]),
            ("Part of", vec!["Payroll"]),
            ("Used by", vec!["web-01", "web-02"]),
            // A network link reads the same from both ends but stays with its direction.
            ("Connects to", vec!["sw-edge"]),
        ]
    );
    assert_eq!(grouped(&[]).len(), 0);
}

fn row(id: i64, name: &str, kind: ClassKind, crit: u8, depth: u8) -> ImpactRow {
    ImpactRow {
        ci: ci(id, name, kind, crit),
        depth,
        via: CiId(0),
        label: "Used by".into(),
    }
}

#[test]
fn business_services_most_critical_first() {
    let view = ImpactView {
        start: CiId(0),
        direction: Direction::Downstream,
        depth: 3,
        rows: vec![
            row(1, "payroll-app", ClassKind::Component, 1, 1),
            row(2, "Payroll", ClassKind::BusinessService, 2, 2),
            row(3, "E-mail", ClassKind::BusinessService, 1, 2),
            row(4, "archive", ClassKind::BusinessService, 2, 3),
            row(5, "laptop", ClassKind::Hardware, 1, 3),
        ],
        edges: vec![],
        truncated: false,
    };
    let names: Vec<&str> = view
        .business_services()
        .iter()
        .map(|r| r.ci.name.as_str())
        .collect();
    assert_eq!(names, vec!["E-mail", "archive", "Payroll"]);
    assert_eq!(view.per_depth(), vec![(1, 1), (2, 2), (3, 2)]);
    let empty = ImpactView {
        rows: vec![],
        ..view
    };
    assert!(empty.business_services().is_empty());
    assert!(empty.per_depth().is_empty());
}
