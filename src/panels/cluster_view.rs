//! The cluster drawing: nodes as boxes with their capacity bars and image caches, pods
//! inside with a colour and a glyph per status, workloads and Services above with lines
//! to the pods they select. Positions come from the engine's deterministic layout.

use super::cluster_tiles;
use crate::i18n::{text, Key};
use crate::state::{Page, Selection, DOT_MS};
use engine::view::layout;
use leptos::prelude::*;
use std::collections::BTreeMap;

const WIDTH: f64 = 1000.0;
const BAND: f64 = 110.0;

fn short(name: &str) -> String {
    // The random suffix tells Deployment pods apart; bare pods show their whole name.
    let parts: Vec<&str> = name.rsplitn(3, '-').collect();
    if parts.len() == 3 && parts[0].len() == 5 {
        parts[0].to_string()
    } else if name.chars().count() > 10 {
        format!("{}…", name.chars().take(9).collect::<String>())
    } else {
        name.to_string()
    }
}

/// A stable hue per owning workload, so a Deployment's pods are outlined alike.
fn owner_hue(owner: &str) -> Option<u32> {
    if owner.is_empty() {
        return None;
    }
    Some(owner.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 360)
}

/// Where things were last drawn, for the request dots.
#[derive(Clone, Debug, Default)]
struct Geometry {
    pods: BTreeMap<String, (f64, f64)>,
    nodes: BTreeMap<String, (f64, f64)>,
    services: BTreeMap<String, (f64, f64)>,
    height: f64,
}

#[component]
pub fn ClusterView(page: Page) -> impl IntoView {
    let Page { sim, selection, lang, traffic, .. } = page;
    let geometry = StoredValue::new_local(Geometry::default());
    // Each dot goes client → node (NodePort) → Service → pod over DOT_MS of real time.
    // The dots live in their own SVG over the drawing, a layer of its own: moving them
    // every frame must not repaint a drawing of a thousand pods and their Service lines.
    let dots = move || {
        let now = traffic.clock.get();
        let dots = traffic.dots.get();
        if dots.is_empty() {
            return None;
        }
        // Borrowed: the geometry holds every pod's place, and this runs every frame.
        let circles = geometry.with_value(|g| {
            dots.into_iter()
                .filter_map(|d| {
                    let t = (now - d.born) / DOT_MS;
                    if !(0.0..=1.0).contains(&t) {
                        return None;
                    }
                    let client = (WIDTH / 2.0, 0.0);
                    let svc = *g.services.get(&d.service)?;
                    let mut points = vec![client];
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
                    Some(
                        view! { <circle class="dot" class:refused=!d.ok data-test="dot" cx=x.to_string() cy=y.to_string() r="4"></circle> },
                    )
                })
                .collect_view()
        });
        let height = geometry.with_value(|g| g.height);
        Some(view! { <svg class="dots" viewBox=format!("0 0 {WIDTH} {height}") width="100%" aria-hidden="true">{circles}</svg> })
    };
    let drawing = move || {
        let l = lang.get();
        if sim.read(|c| engine::view::is_large(c)) {
            // No pod is drawn alone, so no dot has a place to go.
            geometry.update_value(|g| *g = Geometry::default());
            return cluster_tiles::tiles(sim, selection, l);
        }
        let vm = sim.read(|c| engine::view::of(c));
        let columns = layout::columns(WIDTH);
        let height = BAND + layout::height(vm.nodes.len(), columns) + if vm.pending.is_empty() { 0.0 } else { 70.0 };
        // Where each pod is drawn, for the Service lines.
        let mut centers: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        let mut nodes_svg = Vec::new();
        for (i, n) in vm.nodes.iter().enumerate() {
            let (x, y) = layout::node(i, columns);
            let (x, y) = (x, y + BAND);
            let bars = [("cpu", n.cpu_pct), ("mem", n.mem_pct), ("pods", n.pods_pct)];
            let name = n.name.clone();
            let title = format!("{} · {} · {}", n.name, n.roles, n.ip);
            let status = if n.ready {
                if n.unschedulable {
                    "Ready,SchedulingDisabled"
                } else {
                    "Ready"
                }
            } else {
                "NotReady"
            };
            let images = if n.images.is_empty() {
                String::new()
            } else {
                format!(
                    "{} {}: {}",
                    n.images.len(),
                    text(l, Key::ImageCache),
                    n.images.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                )
            };
            let mut pods_svg = Vec::new();
            for (j, p) in n.pods.iter().enumerate() {
                let (px, py) = layout::pod((x, y), j);
                centers.insert(format!("{}/{}", p.namespace, p.name), (px + layout::POD / 2.0, py + layout::POD / 2.0));
                let sel = Selection::Pod(p.namespace.clone(), p.name.clone());
                let tooltip = format!("{} — {} {} · restarts {} · {}", p.name, p.ready, p.status, p.restarts, p.age);
                let restarts = p.restarts.split(' ').next().unwrap_or("0").to_string();
                let hue = owner_hue(&p.owner);
                pods_svg.push(view! {
                    <g
                        class=format!("pod {}", p.look.class())
                        style=hue.map(|h| format!("--owner: hsl({h} 70% 40%)")).unwrap_or_default()
                        class:owned=hue.is_some()
                        data-test="pod"
                        data-name=p.name.clone()
                        data-status=p.status.clone()
                        on:click=move |ev| {
                            // The pod sits inside its node: the click is the pod's alone.
                            ev.stop_propagation();
                            selection.set(Some(sel.clone()))
                        }
                    >
                        <title>{tooltip}</title>
                        <rect x=px.to_string() y=py.to_string() width=layout::POD.to_string() height=layout::POD.to_string() rx="7"></rect>
                        <text class="glyph" x=(px + layout::POD / 2.0).to_string() y=(py + 17.0).to_string()>{p.look.glyph()}</text>
                        <text class="pod-name" x=(px + layout::POD / 2.0).to_string() y=(py + 29.0).to_string()>{short(&p.name)}</text>
                        {(restarts != "0").then(|| view! {
                            <text class="restarts" x=(px + layout::POD - 2.0).to_string() y=(py + 8.0).to_string()>{format!("↻{restarts}")}</text>
                        })}
                    </g>
                });
            }
            geometry.update_value(|g| {
                g.nodes.insert(n.name.clone(), (x + layout::NODE_W / 2.0, y));
            });
            nodes_svg.push(view! {
                <g class="node" class:notready=!n.ready data-test="node" data-name=n.name.clone() on:click=move |_| selection.set(Some(Selection::Node(name.clone())))>
                    <title>{title}</title>
                    <rect class="node-box" x=x.to_string() y=y.to_string() width=layout::NODE_W.to_string() height=layout::NODE_H.to_string() rx="10"></rect>
                    <text class="node-name" x=(x + 12.0).to_string() y=(y + 20.0).to_string()>{format!("{} · {status}", n.name)}</text>
                    {bars
                        .into_iter()
                        .enumerate()
                        .map(|(k, (label, pct))| {
                            let bx = x + 12.0 + k as f64 * 92.0;
                            view! {
                                <g class="bar">
                                    <text class="bar-text" x=bx.to_string() y=(y + 36.0).to_string()>{format!("{label} {pct}%")}</text>
                                    <rect class="bar-bg" x=bx.to_string() y=(y + 40.0).to_string() width="84" height="6" rx="3"></rect>
                                    <rect class="bar-fill" x=bx.to_string() y=(y + 40.0).to_string() width=(84.0 * f64::from(pct) / 100.0).to_string() height="6" rx="3"></rect>
                                </g>
                            }
                        })
                        .collect_view()}
                    {pods_svg}
                    <text class="images" x=(x + 12.0).to_string() y=(y + layout::NODE_H - 10.0).to_string()>{images}</text>
                </g>
            });
        }
        let pending_y = BAND + layout::height(vm.nodes.len(), columns);
        let pending_svg = vm
            .pending
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let (px, py) = (layout::GAP + j as f64 * (layout::POD + layout::POD_GAP), pending_y + 24.0);
                centers.insert(format!("{}/{}", p.namespace, p.name), (px + layout::POD / 2.0, py + layout::POD / 2.0));
                let sel = Selection::Pod(p.namespace.clone(), p.name.clone());
                view! {
                    <g class=format!("pod {}", p.look.class()) data-test="pod" data-name=p.name.clone() data-status=p.status.clone() on:click=move |_| selection.set(Some(sel.clone()))>
                        <title>{format!("{} — {}", p.name, p.status)}</title>
                        <rect x=px.to_string() y=py.to_string() width=layout::POD.to_string() height=layout::POD.to_string() rx="7"></rect>
                        <text class="glyph" x=(px + layout::POD / 2.0).to_string() y=(py + 17.0).to_string()>{p.look.glyph()}</text>
                        <text class="pod-name" x=(px + layout::POD / 2.0).to_string() y=(py + 29.0).to_string()>{short(&p.name)}</text>
                    </g>
                }
            })
            .collect_view();
        let pending_label = (!vm.pending.is_empty()).then(
            || view! { <text class="band-label" x=layout::GAP.to_string() y=(pending_y + 16.0).to_string()>{text(l, Key::Pending)}</text> },
        );
        // Workloads on the left of the band, Services on the right, with their lines.
        let mut band = Vec::new();
        for (k, d) in vm.deployments.iter().enumerate() {
            let (bx, by) = (layout::GAP + (k % 3) as f64 * 150.0, 24.0 + (k / 3) as f64 * 40.0);
            let name = d.name.clone();
            let hue = owner_hue(&format!("Deployment/{}", d.name)).unwrap_or(220);
            band.push(view! {
                <g class="workload" style=format!("--owner: hsl({hue} 70% 40%)") data-test="deployment" data-name=d.name.clone() on:click=move |_| selection.set(Some(Selection::Deployment(name.clone())))>
                    <rect x=bx.to_string() y=by.to_string() width="140" height="32" rx="6"></rect>
                    <text x=(bx + 8.0).to_string() y=(by + 20.0).to_string()>{format!("Deployment {} {}", d.name, d.ready)}</text>
                </g>
            }.into_any());
        }
        for (k, s) in vm.services.iter().enumerate() {
            let (bx, by) = (WIDTH - layout::GAP - 250.0 - (k % 2) as f64 * 260.0, 14.0 + (k / 2) as f64 * 46.0);
            for (target, ready) in &s.targets {
                if let Some((cx, cy)) = centers.get(target) {
                    band.push(view! {
                        <line class="svc-line" class:unready=!*ready x1=(bx + 125.0).to_string() y1=(by + 38.0).to_string() x2=cx.to_string() y2=cy.to_string()></line>
                    }.into_any());
                }
            }
            geometry.update_value(|g| {
                g.services.insert(s.name.clone(), (bx + 125.0, by + 19.0));
            });
            let name = s.name.clone();
            let label = format!("Service {} · {}", s.name, s.ty);
            let sub = format!(
                "{} · {}{}",
                s.cluster_ip,
                s.ports,
                if s.external == "<none>" { String::new() } else { format!(" · {}", s.external) }
            );
            band.push(view! {
                <g class="service" class:problem=!s.problems.is_empty() data-test="service" data-name=s.name.clone() on:click=move |_| selection.set(Some(Selection::Service(name.clone())))>
                    <title>{s.problems.iter().map(|p| crate::i18n::service_problem(l, p)).collect::<Vec<_>>().join("\n")}</title>
                    <rect x=bx.to_string() y=by.to_string() width="250" height="38" rx="6"></rect>
                    <text x=(bx + 8.0).to_string() y=(by + 16.0).to_string()>{label}</text>
                    <text class="sub" x=(bx + 8.0).to_string() y=(by + 31.0).to_string()>{sub}</text>
                </g>
            }.into_any());
        }
        geometry.update_value(|g| {
            g.pods = centers.clone();
            g.height = height;
        });
        view! {
            <svg class="cluster" data-test="cluster" viewBox=format!("0 0 {WIDTH} {height}") width="100%" role="img">
                {nodes_svg}
                {pending_label}
                {pending_svg}
                {band}
            </svg>
        }
        .into_any()
    };
    view! { <div class="cluster-wrap">{drawing} {dots}</div> }
}
