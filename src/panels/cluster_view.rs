//! The cluster drawing, the page's stage: nodes as boxes with their capacity bars and
//! image caches, pods inside with a colour and a glyph per status and their whole name,
//! the workloads above (Deployments, and the other controllers' boxes from
//! `workload_box`) and Services with lines to the pods they select. It fills the
//! panel it is given (see `stage` for where things go) and can be zoomed and dragged;
//! "fit" brings the whole cluster back.

use super::camera::{fit_box, Camera, DRAG_PX};
use super::cluster_tiles;
use super::config_box;
use super::network_box;
use super::stage::{
    self, fit_text, text_width, wrap, Demand, Plan, Rect, BOX_H, GAP, GLYPH_FONT, LABEL_FONT, NAME_FONT, NAME_LINE, PAD, ROW_H, SUB_FONT,
};
use super::workload_box::{self, BandBox};
use crate::i18n::{text, Key, Lang};
use crate::state::{Page, Selection, DOT_MS};
use engine::view::{PodView, ViewModel};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// Owner outlines: blues, violets and teals, none near the red, orange and green that
/// mean failing, not ready and running, so a healthy Deployment never reads as an error.
const OWNER_COLOURS: [&str; 6] = ["#1d4ed8", "#7c3aed", "#0f766e", "#a21caf", "#0c4a6e", "#475569"];

/// Outline colours of the owners: the Deployments, then the other workloads in the
/// band's order, so the first six differ; any other owner (a bare ReplicaSet) by a hash
/// of its name.
struct Owners(BTreeMap<String, &'static str>);

impl Owners {
    fn of(vm: &ViewModel, boxes: &[BandBox]) -> Owners {
        let owners = vm.deployments.iter().map(|d| format!("Deployment/{}", d.name)).chain(boxes.iter().map(|b| b.owner.clone()));
        Owners(owners.zip(OWNER_COLOURS.iter().cycle()).map(|(o, c)| (o, *c)).collect())
    }

    fn colour(&self, owner: &str) -> Option<&'static str> {
        if owner.is_empty() {
            return None;
        }
        let hash = || owner.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) as usize;
        Some(self.0.get(owner).copied().unwrap_or_else(|| OWNER_COLOURS[hash() % OWNER_COLOURS.len()]))
    }
}

/// Between a node's name and its system chip.
const CHIP_GAP: f64 = 24.0;

/// Screen pixels kept free under the drawing for the zoom buttons.
const ZOOM_BAR: f64 = 40.0;

/// Where things were last drawn, for the request dots.
#[derive(Clone, Debug, Default)]
struct Geometry {
    pods: BTreeMap<String, (f64, f64)>,
    nodes: BTreeMap<String, (f64, f64)>,
    services: BTreeMap<String, (f64, f64)>,
    client: (f64, f64),
    fit: Rect,
}

fn node_label(n: &engine::view::NodeView) -> String {
    let status = match (n.ready, n.unschedulable) {
        (true, false) => "Ready",
        (true, true) => "Ready,SchedulingDisabled",
        (false, _) => "NotReady",
    };
    format!("{} · {status}", n.name)
}

/// The chip that folds a node's system pods away (or shows them again).
fn system_chip(n: &engine::view::NodeView, shown: bool, l: Lang) -> String {
    format!("{} {} ({})", if shown { "▾" } else { "▸" }, text(l, Key::SystemPods), n.system_pods.len())
}

/// A pod's name in lines, under a line naming its namespace when the drawing names
/// namespaces and it is not `default`'s.
fn pod_lines(p: &PodView, named: bool) -> Vec<String> {
    let mut lines = wrap(&p.name);
    if named && p.namespace != "default" {
        lines.insert(0, format!("{}/", p.namespace));
    }
    lines
}

/// The pods drawn in a node: the student's, then the system pods when unfolded.
fn drawn_pods(n: &engine::view::NodeView, show_system: bool) -> impl Iterator<Item = &PodView> {
    n.pods.iter().chain(n.system_pods.iter().filter(move |_| show_system))
}

fn deployment_sub(d: &engine::view::WorkloadView) -> String {
    format!("Deployment · {}", d.ready)
}

fn service_sub(s: &engine::view::ServiceView) -> String {
    let external = if s.external == "<none>" { String::new() } else { format!(" · {}", s.external) };
    format!("{} · {} · {}{external}", s.ty, s.cluster_ip, s.ports)
}

/// A workload's box: as wide as its longest line, a line of `ROW_H` per row.
fn box_size(b: &BandBox) -> (f64, f64) {
    let rows = b.rows.iter().map(|r| text_width(&format!("{} {}", r.glyph, r.text), SUB_FONT)).fold(0.0, f64::max);
    let w = text_width(&b.name, LABEL_FONT).max(text_width(&b.sub, SUB_FONT)).max(rows).ceil() + 24.0;
    let bar = if b.progress.is_some() { 12.0 } else { 0.0 };
    let axis = if b.timeline.is_some() { super::cron_timeline::HEIGHT } else { 0.0 };
    (w, BOX_H + bar + b.rows.len() as f64 * ROW_H + axis)
}

/// What the view model needs room for.
fn demand(vm: &ViewModel, show_system: bool, l: Lang) -> Demand {
    let pods = vm.nodes.iter().flat_map(|n| drawn_pods(n, show_system)).chain(vm.pending.iter());
    let (mut name_lines, mut name_chars) = (1, 6);
    let named = !vm.namespaces.is_empty();
    for p in pods {
        let lines = pod_lines(p, named);
        name_lines = name_lines.max(lines.len());
        name_chars = name_chars.max(lines.iter().map(|l| l.chars().count()).max().unwrap_or(0));
    }
    let boxed = |title: &str, sub: &str| (text_width(title, LABEL_FONT).max(text_width(sub, SUB_FONT)).ceil() + 24.0, BOX_H);
    let band = network_box::front(vm, l)
        .iter()
        .map(network_box::size)
        .chain(vm.deployments.iter().map(|d| boxed(&d.name, &deployment_sub(d))))
        .chain(workload_box::boxes(vm, l).iter().map(box_size))
        .chain(vm.services.iter().map(|s| boxed(&network_box::qualified(vm, &s.namespace, &s.name), &service_sub(s))))
        .chain(config_box::boxes(vm, l).iter().map(config_box::size))
        .chain(network_box::back(vm, l).iter().map(network_box::size))
        .collect();
    Demand {
        nodes: vm.nodes.len(),
        max_pods: vm.nodes.iter().map(|n| drawn_pods(n, show_system).count()).max().unwrap_or(0),
        pending: vm.pending.len(),
        name_lines,
        name_chars,
        // The name on the left of the header, the system chip on its right.
        node_label: vm
            .nodes
            .iter()
            .map(|n| {
                text_width(&node_label(n), LABEL_FONT)
                    + if n.system_pods.is_empty() { 0.0 } else { CHIP_GAP + text_width(&system_chip(n, true, l), SUB_FONT) }
            })
            .fold(0.0, f64::max),
        band,
    }
}

#[component]
pub fn ClusterView(page: Page) -> impl IntoView {
    let Page { sim, selection, lang, traffic, .. } = page;
    let geometry = StoredValue::new_local(Geometry::default());
    let stage_ref = NodeRef::<leptos::html::Div>::new();
    let stage_size = RwSignal::new((960.0, 540.0));
    let camera = RwSignal::new(Camera::FIT);
    // Whether the nodes' system pods are unfolded (one chip on any node toggles all).
    let show_system = RwSignal::new(false);
    // Whether the last press was a drag: its click must not select what it ended on.
    let dragged = StoredValue::new(false);
    let drag_from = StoredValue::new(None::<(f64, f64, Camera)>);
    // The stage's size changes with the window, a folded column, a panel opened beside
    // it or fonts arriving; polling its box catches every cause at the cost of a read.
    let poll = set_interval_with_handle(
        move || {
            let Some(el) = stage_ref.try_get_untracked().flatten() else { return };
            let size = (f64::from(el.client_width()), f64::from(el.client_height()));
            let Some(old) = stage_size.try_get_untracked() else { return };
            if size.0 > 0.0 && size.1 > 0.0 && ((size.0 - old.0).abs() > 1.0 || (size.1 - old.1).abs() > 1.0) {
                stage_size.set(size);
            }
        },
        Duration::from_millis(250),
    );
    if let Ok(poll) = poll {
        on_cleanup(move || poll.clear());
    }
    let stage_point = move |x: i32, y: i32| -> Option<(f64, f64)> {
        let el = stage_ref.get_untracked()?;
        let r = el.get_bounding_client_rect();
        (r.width() > 0.0 && r.height() > 0.0).then(|| ((f64::from(x) - r.left()) / r.width(), (f64::from(y) - r.top()) / r.height()))
    };
    let large = move || sim.read(|c| engine::view::is_large(c));
    // Each dot goes client → node (NodePort) → Service → pod over DOT_MS of real time.
    // The dots live in their own SVG over the drawing, a layer of its own: moving them
    // every frame must not repaint a drawing of a thousand pods and their Service lines.
    let dots = move || {
        let now = traffic.clock.get();
        let dots = traffic.dots.get();
        if dots.is_empty() {
            return None;
        }
        // Borrowed: the geometry holds every pod's place, and this runs every frame. The
        // dots of each look are one path: at 200 requests a second a few hundred are in
        // flight, and an element each meant a thousand attribute writes every frame.
        let [mut ok, mut refused, mut dropped] = [String::new(), String::new(), String::new()];
        geometry.with_value(|g| {
            for d in &dots {
                let t = (now - d.born) / DOT_MS;
                if !(0.0..=1.0).contains(&t) {
                    continue;
                }
                // A dropped request never reaches the pod: it stops short, where the
                // policy's fence stands.
                let t = if d.dropped { t.min(0.9) } else { t };
                let Some(&svc) = g.services.get(&d.service) else { continue };
                let mut points = vec![g.client];
                if let Some(node) = d.via_node.as_ref().and_then(|n| g.nodes.get(n)) {
                    points.push(*node);
                }
                points.push(svc);
                if let Some(pod) = d.pod.as_ref().and_then(|p| g.pods.get(&format!("default/{p}"))) {
                    points.push(*pod);
                }
                let segments = (points.len() - 1) as f64;
                let pos = t * segments;
                let k = (pos.floor() as usize).min(points.len() - 2);
                let f = pos - k as f64;
                let (a, b) = (points[k], points[k + 1]);
                let (x, y) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
                let path = if d.dropped {
                    &mut dropped
                } else if !d.ok {
                    &mut refused
                } else {
                    &mut ok
                };
                // A circle of radius 7 as two arcs.
                let _ = write!(path, "M{:.1} {y:.1}a7 7 0 1 0 14 0a7 7 0 1 0-14 0", x - 7.0);
            }
        });
        let fit = geometry.with_value(|g| g.fit);
        let path = |d: String, class: &'static str, is_dropped: bool| {
            (!d.is_empty()).then(|| view! { <path class=class data-test="dot" data-dropped=is_dropped.to_string() d=d></path> })
        };
        let paths = (path(ok, "dot", false), path(refused, "dot refused", false), path(dropped, "dot dropped", true));
        Some(view! { <svg class="dots" viewBox=move || camera.get().view_box(fit) aria-hidden="true">{paths}</svg> })
    };
    let drawing = move || {
        let l = lang.get();
        if large() {
            // No pod is drawn alone, so no dot has a place to go.
            geometry.update_value(|g| *g = Geometry::default());
            return cluster_tiles::tiles(sim, selection, l);
        }
        let vm = sim.read(|c| engine::view::of(c));
        // A file sync to come lands without a write: while one is pending, the drawing
        // follows the clock's seconds too, so its countdown runs and the sync shows.
        if config_box::sync_pending(&vm) {
            sim.second.track();
        }
        let stage_px = stage_size.get();
        // Planned for the part of the stage above the zoom buttons, where `fit_box` puts it.
        let shown = show_system.get();
        let plan = stage::plan(&demand(&vm, shown, l), (stage_px.0, (stage_px.1 - ZOOM_BAR).max(stage_px.1 / 2.0)));
        let fit = fit_box((plan.width, plan.height), stage_px, stage::MAX_FIT, ZOOM_BAR);
        let picked = move |s: Selection| {
            move |_| {
                if !dragged.get_value() {
                    selection.set(Some(s.clone()));
                }
            }
        };
        let (content, g) = draw(&vm, &plan, l, selection, picked, show_system);
        geometry.set_value(Geometry { fit, ..g });
        view! {
            <svg class="cluster" data-test="cluster" viewBox=move || camera.get().view_box(fit) role="group" aria-label=text(l, Key::Drawing)>
                {content}
            </svg>
        }
        .into_any()
    };
    let zoom_by = move |factor: f64| camera.update(|c| *c = c.zoomed(geometry.with_value(|g| g.fit), factor, (0.5, 0.5)));
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if large() {
            return;
        }
        ev.prevent_default();
        let Some(at) = stage_point(ev.client_x(), ev.client_y()) else { return };
        let factor = if ev.delta_y() < 0.0 { 1.2 } else { 1.0 / 1.2 };
        camera.update(|c| *c = c.zoomed(geometry.with_value(|g| g.fit), factor, at));
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        dragged.set_value(false);
        if ev.button() == 0 && !large() {
            drag_from.set_value(Some((f64::from(ev.client_x()), f64::from(ev.client_y()), camera.get_untracked())));
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some((x0, y0, from)) = drag_from.get_value() else { return };
        let (dx, dy) = (f64::from(ev.client_x()) - x0, f64::from(ev.client_y()) - y0);
        if !dragged.get_value() && dx.abs() + dy.abs() < DRAG_PX {
            return;
        }
        dragged.set_value(true);
        let Some(el) = stage_ref.get_untracked() else { return };
        let r = el.get_bounding_client_rect();
        camera.set(from.panned(geometry.with_value(|g| g.fit), (dx / r.width().max(1.0), dy / r.height().max(1.0))));
    };
    let on_up = move |_| drag_from.set_value(None);
    view! {
        <div
            class="cluster-wrap"
            class:tiled=large
            class:panning=move || !camera.get().is_fit()
            data-test="stage"
            node_ref=stage_ref
            on:wheel=on_wheel
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointerleave=on_up
        >
            {drawing}
            {dots}
            <div class="zoom" class:hidden=large>
                <button data-test="zoom-in" title=move || text(lang.get(), Key::ZoomIn) on:click=move |_| zoom_by(1.4)>"+"</button>
                <button data-test="zoom-out" title=move || text(lang.get(), Key::ZoomOut) on:click=move |_| zoom_by(1.0 / 1.4)>"−"</button>
                <button data-test="fit" disabled=move || camera.get().is_fit() on:click=move |_| camera.set(Camera::FIT)>{move || text(lang.get(), Key::Fit)}</button>
            </div>
        </div>
    }
}

/// Enter on a focused shape selects it, as a click does, and so does Space when the
/// shape was reached by keyboard (a shape focused by a click leaves Space to play the
/// clock). The key goes no further: the node around a pod does not see it.
fn on_key(selection: RwSignal<Option<Selection>>, s: Selection) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev| {
        let space = ev.key() == " " && super::lesson::keyboard_focus(&ev);
        if ev.key() == "Enter" || space {
            ev.prevent_default();
            ev.stop_propagation();
            selection.set(Some(s.clone()));
        }
    }
}

/// One pod: its box outlined in its owner's colour, the glyph of its status, its whole
/// name in lines, and its restarts in the corner.
fn pod<F, H>(
    p: &PodView,
    (px, py): (f64, f64),
    plan: &Plan,
    owners: &Owners,
    selection: RwSignal<Option<Selection>>,
    picked: &F,
    (l, mark, named): (Lang, Option<&engine::view::Isolation>, bool),
) -> impl IntoView
where
    F: Fn(Selection) -> H,
    H: FnMut(leptos::ev::MouseEvent) + 'static,
{
    let sel = Selection::Pod(p.namespace.clone(), p.name.clone());
    let is_selected = {
        let sel = sel.clone();
        move || selection.with(|s| s.as_ref() == Some(&sel))
    };
    let mut on_click = picked(sel.clone());
    let on_keydown = on_key(selection, sel);
    let mut label = crate::i18n::pod_label(l, p);
    if let Some(iso) = mark {
        label.push_str(&network_box::fence_label(iso, l));
    }
    if named {
        label.push_str(&format!(" ({}: {})", super::network_words::word(l, super::network_words::Word::Namespace), p.namespace));
    }
    let fence = mark.map(|iso| network_box::fence(iso, (px, py), (plan.pod_w, plan.pod_h), l));
    let tooltip = format!("{} — {} {} · restarts {} · {}", p.name, p.ready, p.status, p.restarts, p.age);
    let restarts = p.restarts.split(' ').next().unwrap_or("0").to_string();
    let colour = owners.colour(&p.owner);
    let wrapped = pod_lines(p, named);
    let (cx, first) = plan.name_at((px, py), wrapped.len());
    let ((gx, gy), (rx, ry)) = plan.glyph_at((px, py));
    let lines = wrapped
        .into_iter()
        .enumerate()
        .map(|(i, line)| view! { <tspan x=cx.to_string() y=(first + i as f64 * NAME_LINE).to_string()>{line}</tspan> })
        .collect_view();
    view! {
        <g
            class=format!("pod {}", p.look.class())
            class:owned=colour.is_some()
            class:selected=is_selected
            style=colour.map(|c| format!("--owner: {c}")).unwrap_or_default()
            data-test="pod"
            data-name=p.name.clone()
            data-status=p.status.clone()
            data-ready=p.ready.clone()
            tabindex="0"
            role="button"
            aria-label=label
            on:keydown=on_keydown
            on:click=move |ev: leptos::ev::MouseEvent| {
                // The pod sits inside its node: the click is the pod's alone.
                ev.stop_propagation();
                on_click(ev)
            }
        >
            <title>{tooltip}</title>
            <rect x=px.to_string() y=py.to_string() width=plan.pod_w.to_string() height=plan.pod_h.to_string() rx="8"></rect>
            <text class="glyph" font-size=GLYPH_FONT.to_string() x=gx.to_string() y=gy.to_string()>{p.look.glyph()}</text>
            <text class="pod-name label" data-test="pod-name" font-size=NAME_FONT.to_string()>{lines}</text>
            {(restarts != "0").then(|| view! {
                <text class="restarts" x=rx.to_string() y=ry.to_string()>{format!("↻{restarts}")}</text>
            })}
            {fence}
        </g>
    }
}

/// Everything of the view model, placed by `plan`, and where it went.
fn draw<F, H>(
    vm: &ViewModel,
    plan: &Plan,
    l: Lang,
    selection: RwSignal<Option<Selection>>,
    picked: F,
    show_system: RwSignal<bool>,
) -> (AnyView, Geometry)
where
    F: Fn(Selection) -> H + Copy,
    H: FnMut(leptos::ev::MouseEvent) + 'static,
{
    let mut g = Geometry { client: (plan.width / 2.0, 0.0), ..Geometry::default() };
    let workloads = workload_box::boxes(vm, l);
    let owners = Owners::of(vm, &workloads);
    let selected = move |s: Selection| move || selection.with(|x| x.as_ref() == Some(&s));
    let mut nodes_svg = Vec::new();
    let shown = show_system.get_untracked();
    let named = !vm.namespaces.is_empty();
    let marks: BTreeMap<String, &engine::view::Isolation> = vm.isolations.iter().map(|i| (i.pod.clone(), i)).collect();
    for (i, n) in vm.nodes.iter().enumerate() {
        let (x, y) = plan.node(i);
        let title = format!("{} · {} · {}\n{}", n.name, n.roles, n.ip, n.images.join("\n"));
        let inner = plan.node_w - 2.0 * PAD;
        let images = if n.images.is_empty() {
            String::new()
        } else {
            fit_text(&format!("{} {}: {}", n.images.len(), text(l, Key::ImageCache), n.images.join(", ")), SUB_FONT, inner)
        };
        let slot = inner / 3.0;
        let bars = [("cpu", n.cpu_pct), ("mem", n.mem_pct), ("pods", n.pods_pct)]
            .into_iter()
            .enumerate()
            .map(|(k, (label, pct))| {
                let bx = x + PAD + k as f64 * slot;
                let bw = slot - 12.0;
                view! {
                    <g class="bar">
                        <text class="bar-text label" font-size=SUB_FONT.to_string() x=bx.to_string() y=(y + 50.0).to_string()>{format!("{label} {pct}%")}</text>
                        <rect class="bar-bg" x=bx.to_string() y=(y + 56.0).to_string() width=bw.to_string() height="8" rx="4"></rect>
                        <rect class="bar-fill" x=bx.to_string() y=(y + 56.0).to_string() width=(bw * f64::from(pct) / 100.0).to_string() height="8" rx="4"></rect>
                    </g>
                }
            })
            .collect_view();
        let mut pods_svg = Vec::new();
        for (j, p) in drawn_pods(n, shown).enumerate() {
            let (px, py) = plan.pod((x, y), j);
            g.pods.insert(format!("{}/{}", p.namespace, p.name), (px + plan.pod_w / 2.0, py + plan.pod_h / 2.0));
            pods_svg.push(pod(
                p,
                (px, py),
                plan,
                &owners,
                selection,
                &picked,
                (l, marks.get(&format!("{}/{}", p.namespace, p.name)).copied(), named),
            ));
        }
        let chip = (!n.system_pods.is_empty()).then(|| {
            let label = system_chip(n, shown, l);
            let w = text_width(&label, SUB_FONT) + 16.0;
            let cx = x + plan.node_w - PAD - w;
            view! {
                <g class="system-chip" class:open=shown data-test="system-chip" data-count=n.system_pods.len().to_string()
                    on:click=move |ev: leptos::ev::MouseEvent| {
                        // The chip sits inside its node: the click unfolds, it does not select.
                        ev.stop_propagation();
                        show_system.update(|s| *s = !*s);
                    }>
                    <rect x=cx.to_string() y=(y + 9.0).to_string() width=w.to_string() height="24" rx="12"></rect>
                    <text class="label" font-size=SUB_FONT.to_string() x=(cx + 8.0).to_string() y=(y + 26.0).to_string()>{label}</text>
                </g>
            }
        });
        g.nodes.insert(n.name.clone(), (x + plan.node_w / 2.0, y));
        let sel = Selection::Node(n.name.clone());
        nodes_svg.push(view! {
            <g class="node" class:notready=!n.ready class:selected=selected(sel.clone()) data-test="node" data-name=n.name.clone()
                tabindex="0" role="group" aria-label=crate::i18n::node_label(l, n) on:keydown=on_key(selection, sel.clone()) on:click=picked(sel)>
                <title>{title}</title>
                <rect class="node-box" x=x.to_string() y=y.to_string() width=plan.node_w.to_string() height=plan.node_h.to_string() rx="12"></rect>
                <text class="node-name label" font-size=LABEL_FONT.to_string() x=(x + PAD).to_string() y=(y + 26.0).to_string()>{node_label(n)}</text>
                {chip}
                {bars}
                {pods_svg}
                <text class="images" font-size=SUB_FONT.to_string() x=(x + PAD).to_string() y=(y + plan.node_h - 10.0).to_string()>{images}</text>
            </g>
        });
    }
    let pending_svg = vm
        .pending
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let (px, py) = plan.pending(j);
            g.pods.insert(format!("{}/{}", p.namespace, p.name), (px + plan.pod_w / 2.0, py + plan.pod_h / 2.0));
            pod(p, (px, py), plan, &owners, selection, &picked, (l, marks.get(&format!("{}/{}", p.namespace, p.name)).copied(), named))
                .into_any()
        })
        .collect::<Vec<_>>();
    let pending_label = (!vm.pending.is_empty()).then(|| {
        view! { <text class="band-label label" font-size=LABEL_FONT.to_string() x=GAP.to_string() y=plan.pending_label_y().to_string()>{text(l, Key::Pending)}</text> }
    });
    // Deployments, then Services with their lines, in the band's boxes.
    let mut boxes = plan.band.iter().copied();
    let mut band = Vec::new();
    let mut lines: Vec<AnyView> = Vec::new();
    // The Ingresses take the band's first boxes; they are drawn once the Services they
    // route to have their places.
    let front = network_box::front(vm, l);
    let front_rects: Vec<Rect> = boxes.by_ref().take(front.len()).collect();
    let mut service_rects: BTreeMap<String, Rect> = BTreeMap::new();
    for d in &vm.deployments {
        let Some(r) = boxes.next() else { break };
        let colour = owners.colour(&format!("Deployment/{}", d.name)).unwrap_or(OWNER_COLOURS[0]);
        let sel = Selection::Deployment(d.name.clone());
        band.push(
            view! {
                <g class="workload" class:selected=selected(sel.clone()) style=format!("--owner: {colour}") data-test="deployment" data-name=d.name.clone()
                    tabindex="0" role="button" aria-roledescription="Deployment" on:keydown=on_key(selection, sel.clone()) on:click=picked(sel)>
                    <rect x=r.x.to_string() y=r.y.to_string() width=r.w.to_string() height=r.h.to_string() rx="8"></rect>
                    <text class="box-title label" font-size=LABEL_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 23.0).to_string()>{d.name.clone()}</text>
                    <text class="sub label" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 44.0).to_string()>{deployment_sub(d)}</text>
                </g>
            }
            .into_any(),
        );
    }
    for b in &workloads {
        let Some(r) = boxes.next() else { break };
        let colour = owners.colour(&b.owner).unwrap_or(OWNER_COLOURS[0]);
        band.push(workload(
            b,
            r,
            colour,
            selected(b.selection.clone()),
            picked(b.selection.clone()),
            on_key(selection, b.selection.clone()),
        ));
    }
    for s in &vm.services {
        let Some(r) = boxes.next() else { break };
        let from = (r.x + r.w / 2.0, r.y + r.h);
        for (target, ready) in &s.targets {
            if let Some((cx, cy)) = g.pods.get(target) {
                // To the pod's top edge, so the line never crosses its name.
                let top = cy - plan.pod_h / 2.0;
                lines.push(view! {
                    <line class="svc-line" class:unready=!*ready x1=from.0.to_string() y1=from.1.to_string() x2=cx.to_string() y2=top.to_string()></line>
                }.into_any());
            }
        }
        g.services.insert(s.name.clone(), (from.0, r.y + r.h / 2.0));
        service_rects.insert(format!("{}/{}", s.namespace, s.name), r);
        let sel = Selection::Service(s.name.clone());
        band.push(
            view! {
                <g class="service" class:problem=!s.problems.is_empty() class:selected=selected(sel.clone()) data-test="service" data-name=s.name.clone()
                    tabindex="0" role="button" aria-roledescription="Service" on:keydown=on_key(selection, sel.clone()) on:click=picked(sel)>
                    // A title names the box for a screen reader: only when there are problems
                    // to say, and then with its name first.
                    {(!s.problems.is_empty()).then(|| view! {
                        <title>{format!("{}: {}", s.name, s.problems.iter().map(|p| crate::i18n::service_problem(l, p)).collect::<Vec<_>>().join("\n"))}</title>
                    })}
                    <rect x=r.x.to_string() y=r.y.to_string() width=r.w.to_string() height=r.h.to_string() rx="8"></rect>
                    <text class="box-title label" font-size=LABEL_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 23.0).to_string()>{network_box::qualified(vm, &s.namespace, &s.name)}</text>
                    <text class="sub label" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 44.0).to_string()>{service_sub(s)}</text>
                </g>
            }
            .into_any(),
        );
    }
    for b in &config_box::boxes(vm, l) {
        let Some(r) = boxes.next() else { break };
        let (boxed, links) = config_box::draw(
            b,
            r,
            &g.pods,
            plan.pod_h,
            selected(b.selection.clone()),
            picked(b.selection.clone()),
            on_key(selection, b.selection.clone()),
        );
        band.push(boxed);
        lines.extend(links);
    }
    let back = network_box::back(vm, l);
    let back_rects: Vec<Rect> = boxes.by_ref().take(back.len()).collect();
    for (b, r) in front.iter().zip(front_rects).chain(back.iter().zip(back_rects)) {
        let (boxed, links) = network_box::draw(
            b,
            r,
            &service_rects,
            &g.pods,
            plan.pod_h,
            selected(b.selection.clone()),
            picked(b.selection.clone()),
            on_key(selection, b.selection.clone()),
        );
        band.push(boxed);
        lines.extend(links);
    }
    let content = view! {
        <g class="content" data-test="content">
            // Under the nodes, whose boxes let them show through: a line never hides a label.
            {lines}
            {nodes_svg}
            {pending_label}
            {pending_svg}
            {band}
        </g>
    }
    .into_any();
    (content, g)
}

/// A workload's box: its title, kubectl's summary, a Job's progress bar, and a line per
/// row with the row's status glyph in its look's colour.
fn workload<S, H>(
    b: &BandBox,
    r: Rect,
    colour: &str,
    selected: S,
    on_click: H,
    on_keydown: impl Fn(leptos::ev::KeyboardEvent) + 'static,
) -> AnyView
where
    S: Fn() -> bool + Send + Sync + 'static,
    H: FnMut(leptos::ev::MouseEvent) + 'static,
{
    let bar_top = r.y + BOX_H - 4.0;
    let progress = b.progress.map(|p| {
        let w = r.w - 24.0;
        view! {
            <g class="progress" data-test="progress" data-share=format!("{p:.2}")>
                <rect class="progress-bg" x=(r.x + 12.0).to_string() y=bar_top.to_string() width=w.to_string() height="8" rx="4"></rect>
                <rect class="progress-fill" x=(r.x + 12.0).to_string() y=bar_top.to_string() width=(w * p).to_string() height="8" rx="4"></rect>
            </g>
        }
    });
    let first = BOX_H + if b.progress.is_some() { 12.0 } else { 0.0 };
    let rows = b
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = r.y + first + i as f64 * ROW_H + 12.0;
            let look = row.look.map_or("none", |l| l.class());
            view! {
                <text class="row label" data-test="row" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=y.to_string()>
                    <tspan class=format!("row-glyph {look}")>{row.glyph}</tspan>
                    {format!(" {}", row.text)}
                </text>
            }
        })
        .collect_view();
    let axis_top = r.y + first + b.rows.len() as f64 * ROW_H;
    let timeline = b.timeline.as_ref().map(|t| super::cron_timeline::draw(t, r.x + 12.0, axis_top, r.w - 24.0));
    view! {
        <g class="workload" class:selected=selected style=format!("--owner: {colour}") data-test=b.test data-name=b.name.clone()
            tabindex="0" role="button" aria-roledescription=crate::i18n::box_kind(b.test) on:keydown=on_keydown on:click=on_click>
            <rect x=r.x.to_string() y=r.y.to_string() width=r.w.to_string() height=r.h.to_string() rx="8"></rect>
            <text class="box-title label" font-size=LABEL_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 23.0).to_string()>{b.name.clone()}</text>
            <text class="sub label" data-test="sub" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 44.0).to_string()>{b.sub.clone()}</text>
            {progress}
            {rows}
            {timeline}
        </g>
    }
    .into_any()
}
