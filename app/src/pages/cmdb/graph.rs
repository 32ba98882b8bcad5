//! The impact graph: the CIs an impact analysis reached and the relationships between them,
//! laid out in layers by Sugiyama's method (the `rust-sugiyama` crate: layering, crossing
//! reduction, coordinates) and drawn as SVG, one layer per step from the start, left to right.
//! The drawing pans (drag), zooms (wheel, buttons, "Fit") and colours its nodes by class or
//! status; each node is a link to its CI (click, or Enter on a focused node).

use domain::CiId;
use domain::cmdb::view::{CiRef, ImpactView};
use domain::cmdb::{CiStatus, ClassKind};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashMap;

/// A node's box, in drawing units.
const NODE_W: f64 = 184.0;
const NODE_H: f64 = 46.0;
/// Space between two layers, and between two nodes of a layer.
const LAYER_GAP: f64 = 96.0;
const NODE_GAP: f64 = 18.0;
/// Margin around the drawing.
const MARGIN: f64 = 16.0;

/// A CI placed in the drawing: its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub ci: CiRef,
    pub depth: u8,
    pub x: f64,
    pub y: f64,
}

/// The drawing: nodes, relationships as (from, to) node indexes, and its size.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawing {
    pub nodes: Vec<Placed>,
    pub lines: Vec<(usize, usize)>,
    pub width: f64,
    pub height: f64,
}

/// Lays out `view` with `start` at the left. Every relationship points away from the start
/// (from the CI fewer steps away, or from the lower id within a step), so the graph handed to
/// the layout has no cycle and its layers follow the steps.
pub fn draw(view: &ImpactView, start: &CiRef) -> Drawing {
    let mut nodes: Vec<(CiRef, u8)> = vec![(start.clone(), 0)];
    nodes.extend(view.rows.iter().map(|r| (r.ci.clone(), r.depth)));
    let index: HashMap<CiId, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, (ci, _))| (ci.id, i))
        .collect();
    let mut lines: Vec<(usize, usize)> = view
        .edges
        .iter()
        .filter_map(|e| {
            let (a, b) = (*index.get(&e.source)?, *index.get(&e.target)?);
            let key = |i: usize| (nodes[i].1, nodes[i].0.id);
            match key(a).cmp(&key(b)) {
                std::cmp::Ordering::Less => Some((a, b)),
                std::cmp::Ordering::Greater => Some((b, a)),
                std::cmp::Ordering::Equal => None,
            }
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let vertices: Vec<(u32, (f64, f64))> = (0..nodes.len())
        .map(|i| (i as u32, (NODE_H, NODE_W)))
        .collect();
    let edges: Vec<(u32, u32)> = lines.iter().map(|(a, b)| (*a as u32, *b as u32)).collect();
    let config = rust_sugiyama::configure::Config {
        vertex_spacing: NODE_GAP,
        ..Default::default()
    };
    // The layout stacks layers top to bottom; the drawing turns it a quarter so layers run left
    // to right (a wide screen holds more steps than rows). A CI the layout did not place (none
    // should be) stays in its step's column, below the rest.
    let mut at: Vec<Option<(f64, f64)>> = vec![None; nodes.len()];
    let components = rust_sugiyama::from_vertices_and_edges(&vertices, &edges, &config);
    let mut offset = 0.0;
    for (coords, _, _) in components {
        let min = coords
            .iter()
            .map(|(_, (x, _))| *x)
            .fold(f64::INFINITY, f64::min);
        let max = coords
            .iter()
            .map(|(_, (x, _))| *x)
            .fold(f64::NEG_INFINITY, f64::max);
        for (i, (x, y)) in coords {
            if let Some(slot) = at.get_mut(i) {
                *slot = Some((offset + x - min, y));
            }
        }
        offset += (max - min) + NODE_H + NODE_GAP;
    }
    // Layer positions from the layout's y (one value per layer), in order.
    let mut layer_ys: Vec<f64> = at.iter().flatten().map(|(_, y)| *y).collect();
    layer_ys.sort_by(f64::total_cmp);
    layer_ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let placed: Vec<Placed> = nodes
        .into_iter()
        .zip(at)
        .map(|((ci, depth), pos)| {
            let (across, layer) = match pos {
                Some((x, y)) => (
                    x,
                    layer_ys
                        .iter()
                        .position(|l| (l - y).abs() < 0.5)
                        .unwrap_or(0),
                ),
                None => (offset, usize::from(depth)),
            };
            Placed {
                ci,
                depth,
                x: MARGIN + layer as f64 * (NODE_W + LAYER_GAP),
                y: MARGIN + across,
            }
        })
        .collect();
    let width = placed.iter().map(|p| p.x + NODE_W).fold(0.0, f64::max) + MARGIN;
    let height = placed.iter().map(|p| p.y + NODE_H).fold(0.0, f64::max) + MARGIN;
    Drawing {
        nodes: placed,
        lines,
        width,
        height,
    }
}

/// What the nodes are coloured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colouring {
    Class,
    Status,
}

fn tone(ci: &CiRef, by: Colouring) -> &'static str {
    match by {
        Colouring::Class => match ci.class_kind {
            ClassKind::BusinessService => "node-accent",
            ClassKind::Component => "node-info",
            ClassKind::Hardware => "node-neutral",
            ClassKind::Licence => "node-warning",
        },
        Colouring::Status => match ci.status {
            CiStatus::InUse => "node-success",
            CiStatus::Maintenance => "node-warning",
            CiStatus::Planned => "node-info",
            CiStatus::Retired => "node-neutral",
        },
    }
}

/// A coordinate as a whole number for SVG. Drawing numbers are written without float formatting,
/// which would add its code to the main WebAssembly module every page loads (functions reached
/// through formatting are kept there).
fn px(v: f64) -> i64 {
    v.round() as i64
}

/// A zoom factor with three decimals ("1.250"), written from integers for the same reason.
fn thousandths(v: f64) -> String {
    let m = (v * 1000.0).round() as i64;
    format!("{}.{:03}", m / 1000, m % 1000)
}

fn short(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(max - 1).collect::<String>())
    }
}

/// The graph with its controls.
#[component]
pub fn ImpactGraph(drawing: Drawing) -> impl IntoView {
    let colouring = RwSignal::new(Colouring::Class);
    let scale = RwSignal::new(1.0f64);
    let pan = RwSignal::new((0.0f64, 0.0f64));
    let drag = RwSignal::new(None::<(f64, f64, f64, f64)>);
    // A drag that started on a node ends in a click on it: that click does not open the CI.
    let moved = RwSignal::new(false);
    let navigate = use_navigate();
    // The view shows the drawing's full width and at most a wide band of its height: a layer of
    // many CIs makes a tall drawing, which is panned through rather than shrunk to a sliver.
    // "Fit" shows all of it; "1:1" goes back.
    let w = drawing.width.max(NODE_W + 2.0 * MARGIN);
    let h = drawing.height.max(120.0);
    let vh = h.min(w * 0.6).max(240.0);
    let fit_scale = (vh / h).min(1.0);
    let zoom = move |factor: f64| scale.update(|s| *s = (*s * factor).clamp(0.2, 4.0));
    let nodes = drawing.nodes.clone();
    let paths = drawing
        .lines
        .iter()
        .filter_map(|(a, b)| {
            let (p, q) = (nodes.get(*a)?, nodes.get(*b)?);
            let (x1, y1) = (p.x + NODE_W, p.y + NODE_H / 2.0);
            let (x2, y2) = (q.x, q.y + NODE_H / 2.0);
            let mid = (x1 + x2) / 2.0;
            Some(format!(
                "M{},{} C{},{} {},{} {},{}",
                px(x1),
                px(y1),
                px(mid),
                px(y1),
                px(mid),
                px(y2),
                px(x2),
                px(y2)
            ))
        })
        .collect::<Vec<_>>();
    let count = nodes.len();
    view! {
        <div class="graph" data-testid="impact-graph">
            <div class="graph-toolbar">
                <label class="field-inline">
                    <span class="field-label">"Colour by"</span>
                    <select class="input input-sm" on:change=move |ev| {
                        colouring.set(if event_target_value(&ev) == "status" { Colouring::Status } else { Colouring::Class })
                    }>
                        <option value="class" selected=true>"Class"</option>
                        <option value="status">"Status"</option>
                    </select>
                </label>
                <GraphLegend colouring=colouring />
                <div class="graph-zoom" role="group" aria-label="Zoom">
                    <button type="button" class="btn btn-secondary btn-sm" aria-label="Zoom out" on:click=move |_| zoom(1.0 / 1.25)>"−"</button>
                    <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| {
                        scale.set(fit_scale);
                        pan.set((0.0, -vh * (1.0 - fit_scale) / (2.0 * fit_scale)));
                    }>"Fit"</button>
                    <button type="button" class="btn btn-secondary btn-sm" aria-label="Actual size" on:click=move |_| { scale.set(1.0); pan.set((0.0, 0.0)); }>"1:1"</button>
                    <button type="button" class="btn btn-secondary btn-sm" aria-label="Zoom in" on:click=move |_| zoom(1.25)>"+"</button>
                </div>
            </div>
            <svg class="graph-canvas" viewBox=format!("0 0 {} {}", px(w), px(vh)) preserveAspectRatio="xMidYMin meet"
                role="group" aria-label=format!("Impact graph of {count} configuration items")
                class:graph-dragging=move || drag.get().is_some()
                on:wheel=move |ev: leptos::ev::WheelEvent| {
                    ev.prevent_default();
                    zoom(if ev.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 });
                }
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    let (x, y) = pan.get_untracked();
                    moved.set(false);
                    drag.set(Some((f64::from(ev.client_x()), f64::from(ev.client_y()), x, y)));
                }
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if let Some((sx, sy, x, y)) = drag.get_untracked() {
                        let s = scale.get_untracked();
                        let (dx, dy) = (f64::from(ev.client_x()) - sx, f64::from(ev.client_y()) - sy);
                        if dx.abs() + dy.abs() > 4.0 {
                            moved.set(true);
                        }
                        pan.set((x + dx / s, y + dy / s));
                    }
                }
                on:pointerup=move |_| drag.set(None)
                on:pointerleave=move |_| drag.set(None)
            >
                <g transform=move || {
                    let (x, y) = pan.get();
                    let s = scale.get();
                    format!(
                        "translate({} {}) scale({}) translate({} {})",
                        px(w / 2.0 * (1.0 - s)),
                        px(vh / 2.0 * (1.0 - s)),
                        thousandths(s),
                        px(x),
                        px(y)
                    )
                }>
                    <g class="graph-lines">
                        {paths.into_iter().map(|d| view! { <path d=d /> }).collect_view()}
                    </g>
                    {nodes.into_iter().map(|p| {
                        let ci = p.ci.clone();
                        let href = format!("/cmdb/{}", ci.id);
                        let label = format!("{}, {}, {}", ci.name, ci.class_name, ci.status.label());
                        let (open_click, open_key) = (href.clone(), href);
                        let (nav_click, nav_key) = (navigate.clone(), navigate.clone());
                        // An SVG group that acts as a link (an HTML <a> cannot hold SVG shapes).
                        view! {
                            <g class="graph-node" class:graph-start=p.depth == 0 role="link" tabindex="0" aria-label=label
                                transform=format!("translate({} {})", px(p.x), px(p.y))
                                on:click=move |_| {
                                    if !moved.get_untracked() {
                                        nav_click(&open_click, Default::default());
                                    }
                                }
                                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                    if ev.key() == "Enter" {
                                        nav_key(&open_key, Default::default());
                                    }
                                }
                            >
                                <rect width=px(NODE_W) height=px(NODE_H) rx="8" class=move || tone(&ci, colouring.get()) />
                                <text x="10" y="19" class="graph-name">{short(&p.ci.name, 22)}</text>
                                <text x="10" y="36" class="graph-sub">{short(&p.ci.class_name, 26)}</text>
                            </g>
                        }
                    }).collect_view()}
                </g>
            </svg>
        </div>
    }
}

/// What each colour means.
#[component]
fn GraphLegend(colouring: RwSignal<Colouring>) -> impl IntoView {
    move || {
        let items: Vec<(&str, &str)> = match colouring.get() {
            Colouring::Class => ClassKind::ALL
                .iter()
                .map(|k| {
                    let probe = probe(*k, CiStatus::InUse);
                    (tone(&probe, Colouring::Class), k.label())
                })
                .collect(),
            Colouring::Status => CiStatus::ALL
                .iter()
                .map(|s| {
                    let probe = probe(ClassKind::Component, *s);
                    (tone(&probe, Colouring::Status), s.label())
                })
                .collect(),
        };
        view! {
            <ul class="graph-legend" aria-label="Legend">
                {items.into_iter().map(|(class, label)| view! {
                    <li><span class=format!("graph-swatch {class}") aria-hidden="true"></span>{label}</li>
                }).collect_view()}
            </ul>
        }
    }
}

fn probe(kind: ClassKind, status: CiStatus) -> CiRef {
    CiRef {
        id: CiId(0),
        name: String::new(),
        class_name: String::new(),
        class_kind: kind,
        status,
        criticality: domain::cmdb::Criticality::LOW,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::cmdb::view::ImpactRow;
    use domain::cmdb::{Criticality, Direction, Edge, RelationKind};

    fn ci(id: i64) -> CiRef {
        CiRef {
            id: CiId(id),
            name: format!("ci-{id}"),
            class_name: "Server".into(),
            class_kind: ClassKind::Hardware,
            status: CiStatus::InUse,
            criticality: Criticality::LOW,
        }
    }

    fn row(id: i64, depth: u8, via: i64) -> ImpactRow {
        ImpactRow {
            ci: ci(id),
            depth,
            via: CiId(via),
            label: "Used by".into(),
        }
    }

    fn edge(s: i64, t: i64) -> Edge {
        Edge {
            source: CiId(s),
            target: CiId(t),
            kind: RelationKind::DependsOn,
        }
    }

    #[test]
    fn layers_follow_the_steps_and_nothing_overlaps() {
        // 1 ← 2, 3 ← 4 (and 4 also needs 2): a diamond with a cycle back to the start.
        let view = ImpactView {
            start: CiId(1),
            direction: Direction::Downstream,
            depth: 2,
            rows: vec![row(2, 1, 1), row(3, 1, 1), row(4, 2, 2)],
            edges: vec![edge(2, 1), edge(3, 1), edge(4, 2), edge(4, 3), edge(1, 4)],
            truncated: false,
        };
        let d = draw(&view, &ci(1));
        assert_eq!(d.nodes.len(), 4);
        let x = |id: i64| {
            d.nodes
                .iter()
                .find(|n| n.ci.id == CiId(id))
                .map(|n| n.x)
                .unwrap()
        };
        assert!(x(1) < x(2), "the start is left of step 1");
        assert_eq!(x(2), x(3), "one column per step");
        assert!(x(3) < x(4));
        for (i, a) in d.nodes.iter().enumerate() {
            for b in &d.nodes[i + 1..] {
                let apart = (a.x - b.x).abs() >= NODE_W || (a.y - b.y).abs() >= NODE_H;
                assert!(apart, "{} and {} overlap", a.ci.name, b.ci.name);
            }
        }
        assert!(
            d.nodes
                .iter()
                .all(|n| n.x + NODE_W <= d.width && n.y + NODE_H <= d.height)
        );
        // The edge back to the start points away from it, like the rest.
        assert!(
            d.lines
                .iter()
                .all(|(a, b)| d.nodes[*a].depth <= d.nodes[*b].depth)
        );
        assert_eq!(d.lines.len(), 5);
    }

    #[test]
    fn a_lone_ci_is_drawn_alone() {
        let view = ImpactView {
            start: CiId(7),
            direction: Direction::Upstream,
            depth: 1,
            rows: vec![],
            edges: vec![],
            truncated: false,
        };
        let d = draw(&view, &ci(7));
        assert_eq!(d.nodes.len(), 1);
        assert!(d.lines.is_empty());
        assert!(d.width >= NODE_W);
    }

    #[test]
    fn numbers_are_written_without_floats() {
        assert_eq!(px(12.49), 12);
        assert_eq!(px(12.5), 13);
        assert_eq!(thousandths(1.25), "1.250");
        assert_eq!(thousandths(0.0416), "0.042");
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(short("db-payroll", 22), "db-payroll");
        assert_eq!(short("abcdefghij", 5), "abcd…");
    }
}
