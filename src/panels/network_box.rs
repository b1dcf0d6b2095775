//! The boxes of Ingresses, NetworkPolicies and ResourceQuotas in the drawing's band.
//! An Ingress stands before the Services: its class and address, a line per rule (host
//! and path → Service:port) and its controller's state, with a line to each Service it
//! routes to. A policy lists the pods it selects, with a line to each; the pods wear a
//! dashed fence, and a pod no rule lets anything into wears a "denied" badge. A quota
//! draws each resource's used share of its hard limit as a bar. Every text is on the
//! box itself: a projector cannot show a tooltip.

use super::network_words::{word, Word};
use super::stage::{text_width, Rect, BOX_H, LABEL_FONT, ROW_H, SUB_FONT};
use crate::i18n::Lang;
use crate::state::Selection;
use engine::view::{ControllerState, IngressView, Isolation, PolicyView, QuotaView, ViewModel};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The width of a quota's bars, beside the row's text.
const BAR_W: f64 = 120.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `ok`, `blocked`, `warn`, `tls` or `quota`: the row's CSS class.
    pub class: &'static str,
    pub glyph: &'static str,
    pub text: String,
    /// A quota's used share of its hard limit, 0 to 1.
    pub bar: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NetBox {
    /// `data-test`: `ingress`, `networkpolicy`, `resourcequota`.
    pub test: &'static str,
    pub name: String,
    pub sub: String,
    /// Drawn as a warning: an Ingress nothing serves, a policy not enforced, a quota full.
    pub warn: bool,
    pub rows: Vec<Row>,
    /// An Ingress's Services (`namespace/name`) and whether each has ready endpoints.
    pub services: Vec<(String, bool)>,
    /// A policy's pods (`namespace/name`).
    pub pods: Vec<String>,
    pub selection: Selection,
}

/// `namespace/name` when the drawing names namespaces, else the name.
pub fn qualified(vm: &ViewModel, ns: &str, name: &str) -> String {
    if vm.namespaces.is_empty() {
        name.to_string()
    } else {
        format!("{ns}/{name}")
    }
}

fn ingress_box(vm: &ViewModel, i: &IngressView, l: Lang) -> NetBox {
    let address = if i.address.is_empty() { word(l, Word::NoAddress).to_string() } else { i.address.clone() };
    let mut rows: Vec<Row> = i
        .routes
        .iter()
        .map(|r| {
            let from = if r.path.is_empty() { "default backend".to_string() } else { format!("{}{}", r.host, r.path) };
            let (class, glyph, why) = match (&r.missing, r.endpoints) {
                (Some(m), _) => ("blocked", "✕", format!(" · {m}")),
                (None, 0) => ("blocked", "✕", format!(" · {}", word(l, Word::NoEndpoints))),
                _ => ("ok", "→", String::new()),
            };
            Row { class, glyph, text: format!("{from} → {}{why}", r.backend), bar: None }
        })
        .collect();
    rows.extend(i.tls.iter().map(|t| Row { class: "tls", glyph: " ", text: format!("TLS: {t}"), bar: None }));
    let serving = matches!(i.controller, ControllerState::Serving(_));
    rows.push(match &i.controller {
        ControllerState::Serving(pod) => Row { class: "ok", glyph: "✓", text: format!("{} {pod}", word(l, Word::ServedBy)), bar: None },
        ControllerState::Waiting(_) => Row { class: "warn", glyph: "!", text: word(l, Word::NoController).to_string(), bar: None },
    });
    NetBox {
        test: "ingress",
        name: qualified(vm, &i.namespace, &i.name),
        sub: format!("Ingress · class {} · {address}", i.class),
        warn: !serving,
        rows,
        services: i.routes.iter().map(|r| (r.service.clone(), r.missing.is_none() && r.endpoints > 0)).collect(),
        pods: Vec::new(),
        selection: Selection::Object("ingress", i.namespace.clone(), i.name.clone()),
    }
}

fn policy_box(vm: &ViewModel, p: &PolicyView, l: Lang) -> NetBox {
    let isolation = |pod: &str| vm.isolations.iter().find(|x| x.pod == pod);
    let mut rows: Vec<Row> = p
        .selected
        .iter()
        .map(|pod| {
            let shown = pod.strip_prefix("default/").filter(|_| vm.namespaces.is_empty()).unwrap_or(pod);
            let iso = isolation(pod);
            let denied: Vec<&str> = [
                (iso.is_some_and(|x| x.ingress_denied), word(l, Word::IngressDenied)),
                (iso.is_some_and(|x| x.egress_denied), word(l, Word::EgressDenied)),
            ]
            .into_iter()
            .filter_map(|(on, w)| on.then_some(w))
            .collect();
            if denied.is_empty() {
                Row { class: "ok", glyph: "◇", text: shown.to_string(), bar: None }
            } else {
                Row { class: "blocked", glyph: "⊘", text: format!("{shown} · {}", denied.join(", ")), bar: None }
            }
        })
        .collect();
    if rows.is_empty() {
        rows.push(Row { class: "warn", glyph: " ", text: word(l, Word::SelectsNone).to_string(), bar: None });
    }
    if !p.enforced {
        rows.push(Row { class: "warn", glyph: "!", text: word(l, Word::NotEnforced).to_string(), bar: None });
    }
    let rules: Vec<String> = p
        .types
        .iter()
        .map(|t| format!("{t} {} {}", if *t == "Ingress" { p.ingress_rules } else { p.egress_rules }, word(l, Word::Rules)))
        .collect();
    NetBox {
        test: "networkpolicy",
        name: qualified(vm, &p.namespace, &p.name),
        sub: format!("NetworkPolicy · {}", rules.join(" · ")),
        warn: !p.enforced,
        rows,
        services: Vec::new(),
        pods: p.selected.clone(),
        selection: Selection::Object("networkpolicy", p.namespace.clone(), p.name.clone()),
    }
}

fn quota_box(vm: &ViewModel, q: &QuotaView, l: Lang) -> NetBox {
    let rows: Vec<Row> = q
        .items
        .iter()
        .map(|i| Row {
            class: if i.share >= 1.0 { "full" } else { "quota" },
            glyph: if i.share >= 1.0 { "!" } else { " " },
            text: format!("{} {} / {}", i.resource, i.used, i.hard),
            bar: Some(i.share),
        })
        .collect();
    NetBox {
        test: "resourcequota",
        name: qualified(vm, &q.namespace, &q.name),
        sub: format!("ResourceQuota · {}", word(l, Word::Used)),
        warn: q.items.iter().any(|i| i.share >= 1.0),
        rows,
        services: Vec::new(),
        pods: Vec::new(),
        selection: Selection::Object("resourcequota", q.namespace.clone(), q.name.clone()),
    }
}

/// The boxes drawn before the Services: the Ingresses.
pub fn front(vm: &ViewModel, l: Lang) -> Vec<NetBox> {
    vm.ingresses.iter().map(|i| ingress_box(vm, i, l)).collect()
}

/// The boxes drawn last in the band: policies, then quotas.
pub fn back(vm: &ViewModel, l: Lang) -> Vec<NetBox> {
    vm.policies.iter().map(|p| policy_box(vm, p, l)).chain(vm.quotas.iter().map(|q| quota_box(vm, q, l))).collect()
}

fn text_column(b: &NetBox) -> f64 {
    b.rows.iter().map(|r| text_width(&format!("{} {}", r.glyph, r.text), SUB_FONT)).fold(0.0, f64::max)
}

/// As wide as its longest line (and a quota's bars), a line of `ROW_H` per row.
pub fn size(b: &NetBox) -> (f64, f64) {
    let bars = if b.rows.iter().any(|r| r.bar.is_some()) { 12.0 + BAR_W } else { 0.0 };
    let w = text_width(&b.name, LABEL_FONT).max(text_width(&b.sub, SUB_FONT)).max(text_column(b) + bars).ceil() + 24.0;
    (w, BOX_H + b.rows.len() as f64 * ROW_H)
}

/// Where a line from `from` (a box) meets `to` (another box): bottom to top when `to`
/// lies below, else side to side, so it never runs through either box's text.
fn joint(from: Rect, to: Rect) -> ((f64, f64), (f64, f64)) {
    if to.y >= from.y + from.h {
        ((from.x + from.w / 2.0, from.y + from.h), (to.x + to.w / 2.0, to.y))
    } else if to.x >= from.x + from.w {
        ((from.x + from.w, from.y + 27.0), (to.x, to.y + 27.0))
    } else {
        ((from.x, from.y + 27.0), (to.x + to.w, to.y + 27.0))
    }
}

/// The box at `r` and its lines: an Ingress's to the Services drawn at `services`
/// (`namespace/name` → box), a policy's to the pods drawn at `pods` (centres).
#[allow(clippy::too_many_arguments)]
pub fn draw<S, H, K>(
    b: &NetBox,
    r: Rect,
    services: &BTreeMap<String, Rect>,
    pods: &BTreeMap<String, (f64, f64)>,
    pod_h: f64,
    selected: S,
    on_click: H,
    on_keydown: K,
) -> (AnyView, Vec<AnyView>)
where
    S: Fn() -> bool + Send + Sync + 'static,
    H: FnMut(leptos::ev::MouseEvent) + 'static,
    K: Fn(leptos::ev::KeyboardEvent) + 'static,
{
    let mut lines: Vec<AnyView> = Vec::new();
    let mut seen: Vec<&String> = Vec::new();
    for (svc, ok) in &b.services {
        let Some(to) = services.get(svc) else { continue };
        if seen.contains(&svc) {
            continue;
        }
        seen.push(svc);
        let ((x1, y1), (x2, y2)) = joint(r, *to);
        lines.push(
            view! {
                <line class="ingress-line" class:blocked=!*ok data-test="ingress-link" data-from=b.name.clone() data-service=svc.clone()
                    x1=x1.to_string() y1=y1.to_string() x2=x2.to_string() y2=y2.to_string()></line>
            }
            .into_any(),
        );
    }
    for pod in &b.pods {
        let Some((cx, cy)) = pods.get(pod) else { continue };
        let (x1, y1) = (r.x + r.w / 2.0, r.y + r.h);
        lines.push(
            view! {
                <line class="policy-line" data-test="policy-link" data-from=b.name.clone() data-pod=pod.clone()
                    x1=x1.to_string() y1=y1.to_string() x2=cx.to_string() y2=(cy - pod_h / 2.0).to_string()></line>
            }
            .into_any(),
        );
    }
    let column = text_column(b);
    let rows = b
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = r.y + BOX_H + i as f64 * ROW_H + 12.0;
            let bar = row.bar.map(|share| {
                let full = share >= 1.0;
                let bx = r.x + 12.0 + column + 12.0;
                view! {
                    <rect class="quota-bg" x=bx.to_string() y=(y - 11.0).to_string() width=BAR_W.to_string() height="10" rx="5"></rect>
                    <rect class="quota-fill" class:full=full data-test="quota-bar" data-share=format!("{share:.2}")
                        x=bx.to_string() y=(y - 11.0).to_string() width=(BAR_W * share).to_string() height="10" rx="5"></rect>
                }
            });
            view! {
                <text class=format!("row label {}", row.class) data-test="net-row" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=y.to_string()>
                    <tspan class="row-glyph">{row.glyph}</tspan>
                    {format!(" {}", row.text)}
                </text>
                {bar}
            }
        })
        .collect_view();
    let kind = crate::i18n::box_kind(b.test);
    let boxed = view! {
        <g class=format!("net {}", b.test) class:warn=b.warn class:selected=selected data-test=b.test data-name=b.name.clone()
            // Named by its own text (title, summary, rows), so what a screen reader says
            // is what the room reads; the role description says the kind.
            tabindex="0" role="button" aria-roledescription=kind
            on:keydown=on_keydown on:click=on_click>
            <rect x=r.x.to_string() y=r.y.to_string() width=r.w.to_string() height=r.h.to_string() rx="8"></rect>
            <text class="box-title label" font-size=LABEL_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 23.0).to_string()>{b.name.clone()}</text>
            <text class="sub label" data-test="sub" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 44.0).to_string()>{b.sub.clone()}</text>
            {rows}
        </g>
    }
    .into_any();
    (boxed, lines)
}

/// The fence around a pod some policy selects, and the badge of one no rule lets
/// anything into; drawn over the pod's box, outside its text.
pub fn fence(iso: &Isolation, (px, py): (f64, f64), (w, h): (f64, f64), l: Lang) -> impl IntoView {
    let badge = iso.ingress_denied.then(|| {
        view! {
            <g class="denied" data-test="denied">
                <title>{format!("{} · {}", word(l, Word::IngressDenied), iso.policies.join(", "))}</title>
                <circle cx=(px + 2.0).to_string() cy=(py + 2.0).to_string() r="12"></circle>
                <text x=(px + 2.0).to_string() y=(py + 8.0).to_string() font-size="17">"⊘"</text>
            </g>
        }
    });
    view! {
        <rect class="fence" data-test="fence" data-policies=iso.policies.join(",") x=(px - 5.0).to_string() y=(py - 5.0).to_string()
            width=(w + 10.0).to_string() height=(h + 10.0).to_string() rx="11"></rect>
        {badge}
    }
}

/// What a screen reader adds to a fenced pod's name.
pub fn fence_label(iso: &Isolation, l: Lang) -> String {
    let mut out = format!(", NetworkPolicy {}", iso.policies.join(", "));
    if iso.ingress_denied {
        out.push_str(&format!(", {}", word(l, Word::IngressDenied)));
    }
    if iso.egress_denied {
        out.push_str(&format!(", {}", word(l, Word::EgressDenied)));
    }
    out
}

/// The legend's entries for the glyphs above, each drawn with the drawing's own classes.
pub fn legend(l: Lang) -> impl IntoView {
    let swatch = |inner: AnyView| view! { <svg class="swatch" viewBox="0 0 28 20" width="28" height="20" aria-hidden="true">{inner}</svg> };
    view! {
        <li data-test="legend-ingress">{swatch(view! { <line class="ingress-line" x1="0" y1="10" x2="28" y2="10"></line> }.into_any())}{word(l, Word::LegendIngressLine)}</li>
        <li data-test="legend-fence">
            {swatch(view! { <g class="pod running"><rect x="5" y="5" width="18" height="10" rx="3"></rect><rect class="fence" x="2" y="2" width="24" height="16" rx="5"></rect></g> }.into_any())}
            {word(l, Word::LegendFence)}
        </li>
        <li data-test="legend-denied">
            {swatch(view! { <g class="pod running"><g class="denied"><circle cx="14" cy="10" r="9"></circle><text x="14" y="15" font-size="13">"⊘"</text></g></g> }.into_any())}
            {word(l, Word::LegendDenied)}
        </li>
        <li data-test="legend-quota">
            {swatch(view! { <rect class="quota-bg" x="1" y="6" width="26" height="8" rx="4"></rect><rect class="quota-fill" x="1" y="6" width="16" height="8" rx="4"></rect> }.into_any())}
            {word(l, Word::LegendQuota)}
        </li>
        <li data-test="legend-dropped">{swatch(view! { <circle class="dot dropped" cx="14" cy="10" r="6"></circle> }.into_any())}{word(l, Word::LegendDropped)}</li>
    }
}
