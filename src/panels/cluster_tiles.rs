//! The drawing of a large cluster: one tile per node in a grid, coloured by what its pods
//! are doing, with the cluster's counts above. Thousands of nodes cost one SVG path per
//! colour, not one element per pod, so a frame stays short at 150,000 pods.

use crate::i18n::{text, Key, Lang};
use crate::state::{Selection, Sim};
use engine::view::Summary;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write;
use wasm_bindgen::JsCast;

const WIDTH: f64 = 1000.0;
pub(crate) const LEFT: f64 = 12.0;
pub(crate) const TOP: f64 = 84.0;
pub(crate) const PITCH: f64 = (WIDTH - 2.0 * LEFT) / Summary::COLUMNS as f64;
const TILE: f64 = PITCH - 1.5;

/// Which node a point of the drawing (in viewBox units) falls on.
pub(crate) fn tile_at(x: f64, y: f64, nodes: usize) -> Option<usize> {
    if x < LEFT || y < TOP {
        return None;
    }
    let (col, row) = (((x - LEFT) / PITCH) as usize, ((y - TOP) / PITCH) as usize);
    let i = row * Summary::COLUMNS + col;
    (col < Summary::COLUMNS && i < nodes).then_some(i)
}

pub fn tiles(sim: Sim, selection: RwSignal<Option<Selection>>, l: Lang) -> AnyView {
    let s = sim.read(|c| engine::view::summary(c));
    let rows = s.nodes.len().div_ceil(Summary::COLUMNS).max(1);
    let height = TOP + rows as f64 * PITCH + LEFT;
    let mut paths: BTreeMap<&'static str, String> = BTreeMap::new();
    for (i, n) in s.nodes.iter().enumerate() {
        let (x, y) = (LEFT + (i % Summary::COLUMNS) as f64 * PITCH, TOP + (i / Summary::COLUMNS) as f64 * PITCH);
        let _ = write!(paths.entry(n.class()).or_default(), "M{x:.1} {y:.1}h{TILE:.1}v{TILE:.1}h-{TILE:.1}z");
    }
    let counts = s.looks.iter().map(|(look, n)| format!("{} {} {n}", look.glyph(), look.class())).collect::<Vec<_>>().join(" · ");
    let headline = format!("{} pods · {} nodes · {counts}", s.pods, s.nodes.len());
    let workloads = s.deployments.iter().map(|d| format!("Deployment {} {}", d.name, d.ready)).collect::<Vec<_>>().join(" · ");
    let names: Vec<String> = s.nodes.iter().map(|n| n.name.clone()).collect();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(svg) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let r = svg.get_bounding_client_rect();
        if r.width() <= 0.0 {
            return;
        }
        let scale = WIDTH / r.width();
        let (x, y) = ((f64::from(ev.client_x()) - r.left()) * scale, (f64::from(ev.client_y()) - r.top()) * scale);
        if let Some(i) = tile_at(x, y, names.len()) {
            selection.set(Some(Selection::Node(names[i].clone())));
        }
    };
    view! {
        <svg class="cluster aggregated" data-test="cluster" data-pods=s.pods.to_string() viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img" on:click=on_click>
            <text class="band-label" x=LEFT.to_string() y="20">{headline}</text>
            <text class="sub" x=LEFT.to_string() y="40">{workloads}</text>
            <text class="sub" x=LEFT.to_string() y="60">{text(l, Key::Aggregated)}</text>
            <g data-test="tiles" data-nodes=s.nodes.len().to_string()>
                {paths.into_iter().map(|(class, d)| view! { <path class=format!("tile {class}") d=d></path> }).collect_view()}
            </g>
        </svg>
    }
    .into_any()
}
