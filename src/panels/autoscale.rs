//! The autoscaling panel: a dial of load on the Service in front of an HPA's pods, the
//! replicas and CPU over time, the controller's last computation written out, and
//! one-click demos. The numbers all come from the engine's view of its autoscalers.

use crate::examples;
use crate::i18n::{text, Key, Lang};
use crate::state::Page;
use engine::actions::Action;
use engine::controllers::horizontal::Point;
use engine::loadgen::Shape;
use engine::view::{AutoscalerView, MetricsApi};
use leptos::prelude::*;

const W: f64 = 320.0;
const H: f64 = 120.0;
/// The dial's top, in requests per second.
const DIAL_MAX: u32 = 40;

fn set_load(page: Page, ns: &str, service: &str, shape: Option<Shape>) {
    let line = match &shape {
        Some(s) => format!("# load generator → svc/{service}: {} requests/s", s.describe()),
        None => format!("# load generator → svc/{service}: off"),
    };
    page.perform(&Action::Load { namespace: ns.to_string(), service: service.to_string(), shape }, line);
}

/// Points of a polyline over the chart's last 10 minutes (or all of it, if shorter).
fn polyline(history: &[Point], value: impl Fn(&Point) -> Option<f64>, top: f64) -> String {
    let Some(last) = history.last() else { return String::new() };
    let span = 600_000u64.max(last.at - history[0].at).max(1);
    let start = last.at.saturating_sub(span);
    history
        .iter()
        .filter(|p| p.at >= start)
        .filter_map(|p| {
            let v = value(p)?;
            let x = (p.at - start) as f64 / span as f64 * W;
            let y = H - (v / top).min(1.0) * (H - 4.0);
            Some(format!("{x:.1},{y:.1}"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
fn Chart(hpa: AutoscalerView, lang: Lang) -> impl IntoView {
    let top_util =
        hpa.history.iter().filter_map(|p| p.utilization).max().unwrap_or(100).max(hpa.target_utilization.unwrap_or(50) * 2) as f64;
    let replicas = polyline(&hpa.history, |p| Some(p.replicas as f64), hpa.max.max(1) as f64);
    let cpu = polyline(&hpa.history, |p| p.utilization.map(|u| u as f64), top_util);
    let target_y = hpa.target_utilization.map(|t| H - (t as f64 / top_util).min(1.0) * (H - 4.0));
    let points = hpa.history.len();
    let max = hpa.max.max(1);
    // The last point as a dot, so a single sync is visible too.
    let last = hpa.history.last().map(|p| {
        let y = H - (p.replicas as f64 / max as f64).min(1.0) * (H - 4.0);
        (W - 3.0, y)
    });
    view! {
        <svg class="hpa-chart" data-test="hpa-chart" data-points=points.to_string() viewBox=format!("0 0 {W} {H}") role="img">
            <title>{text(lang, Key::HpaChart)}</title>
            {target_y.map(|y| view! { <line class="target" x1="0" x2=W.to_string() y1=y.to_string() y2=y.to_string() /> })}
            <polyline class="cpu" points=cpu />
            <polyline class="replicas" points=replicas />
            {last.map(|(x, y)| view! { <circle class="replicas" cx=x.to_string() cy=y.to_string() r="3" /> })}
            <text class="axis" x="2" y="10">{format!("{max}")}</text>
            <text class="axis" x="2" y=(H - 2.0).to_string()>"0"</text>
        </svg>
        <p class="legend">
            <span class="key replicas">{text(lang, Key::HpaReplicas)}</span>
            " "
            <span class="key cpu">{text(lang, Key::HpaCpu)}</span>
            " "
            <span class="key target">{text(lang, Key::HpaTarget)}</span>
        </p>
    }
}

#[component]
pub fn AutoscalePanel(page: Page) -> impl IntoView {
    let Page { sim, lang, .. } = page;
    let views = move || {
        sim.second.track();
        sim.read(|c| engine::view::autoscalers(c))
    };
    let setup = move |_| {
        page.tabs.open_a_manifest();
        page.editor.set(examples::HPA_DEMO.to_string());
        page.apply();
    };
    let metrics = move || {
        sim.second.track();
        sim.read(|c| engine::view::metrics_api(c))
    };
    let install = move |_| {
        page.apply_as(examples::METRICS_SERVER.to_string(), "components.yaml", examples::METRICS_SERVER_APPLY.to_string());
    };
    // The first step on kind and Docker Desktop: the metrics API the HPA reads.
    let metrics_step = move || {
        let l = lang.get();
        match metrics() {
            MetricsApi::Available => None,
            MetricsApi::NotServed => Some(
                view! {
                    <div class="metrics-step" data-test="metrics-missing">
                        <p class="hint">{text(l, Key::MetricsMissing)}</p>
                        <button data-test="metrics-install" on:click=install>{text(l, Key::MetricsInstall)}</button>
                        <code>{examples::METRICS_SERVER_APPLY}</code>
                    </div>
                }
                .into_any(),
            ),
            MetricsApi::Unavailable => {
                Some(view! { <p class="hint" data-test="metrics-starting">{text(l, Key::MetricsStarting)}</p> }.into_any())
            }
        }
    };
    view! {
        <details class="autoscale" open=true data-test="autoscale">
            <summary>{move || text(lang.get(), Key::Autoscaling)}</summary>
            {metrics_step}
            {move || {
                let l = lang.get();
                let all = views();
                if all.is_empty() {
                    return view! {
                        <p class="hint">{text(l, Key::HpaNone)}</p>
                        <button data-test="hpa-setup" on:click=setup>{text(l, Key::HpaSetup)}</button>
                    }
                        .into_any();
                }
                all.into_iter()
                    .map(|v| {
                        let ns = v.namespace.clone();
                        let svc = v.service.clone();
                        let rate = v.load.as_ref().map_or(0.0, |s| s.rate);
                        let dial = svc.clone().map(|service| {
                            let (ns1, s1) = (ns.clone(), service.clone());
                            let (ns2, s2) = (ns.clone(), service.clone());
                            let (ns3, s3) = (ns.clone(), service.clone());
                            let (ns4, s4) = (ns.clone(), service.clone());
                            let (ns5, s5) = (ns.clone(), service.clone());
                            let max = v.max;
                            view! {
                                <label class="dial">
                                    {text(l, Key::HpaLoad)}
                                    <input
                                        type="range"
                                        data-test="load-dial"
                                        min="0"
                                        max=DIAL_MAX.to_string()
                                        step="1"
                                        prop:value=rate.round().to_string()
                                        on:change=move |ev| {
                                            let r = event_target_value(&ev).parse::<f64>().unwrap_or(0.0);
                                            set_load(page, &ns1, &s1, (r > 0.0).then_some(Shape::Steady(r)));
                                        }
                                    />
                                    <output data-test="load-rate">{format!("{rate:.0}/s")}</output>
                                </label>
                                <div class="row demos">
                                    <button data-test="demo-spike" on:click=move |_| set_load(page, &ns2, &s2, Some(Shape::Spike { base: 1.0, peak: 12.0, seconds: 90 }))>
                                        {text(l, Key::HpaSpike)}
                                    </button>
                                    <button
                                        data-test="demo-ramp"
                                        on:click=move |_| set_load(page, &ns5, &s5, Some(Shape::Ramp { from: 0.0, to: 20.0, seconds: 120 }))
                                    >
                                        {text(l, Key::HpaRamp)}
                                    </button>
                                    <button data-test="demo-zero" on:click=move |_| set_load(page, &ns3, &s3, None)>{text(l, Key::HpaZero)}</button>
                                    <button
                                        data-test="demo-max"
                                        on:click=move |_| set_load(page, &ns4, &s4, Some(Shape::Steady((max as f64 * 2.0 + 10.0).min(engine::loadgen::MAX_RATE))))
                                    >
                                        {text(l, Key::HpaMax)}
                                    </button>
                                </div>
                            }
                        });
                        let second = v.load.clone().map(|s| format!("{}: {} ✓ {} ✕ · {:.0} ms", text(l, Key::HpaLastSecond), s.served, s.failed, s.latency_ms));
                        view! {
                            <div class="hpa" data-test="hpa">
                                <h3>
                                    {format!("hpa/{} → {}", v.name, v.reference)}
                                    " "
                                    <span class="replicas-now" data-test="hpa-replicas">{format!("{} ({}–{})", v.current, v.min, v.max)}</span>
                                </h3>
                                {dial}
                                {svc.is_none().then(|| view! { <p class="hint">{text(l, Key::HpaNoService)}</p> })}
                                {second.map(|s| view! { <p class="load-second">{s}</p> })}
                                <p class="formula" data-test="hpa-formula">{v.formula.clone().unwrap_or_else(|| text(l, Key::HpaWaiting).to_string())}</p>
                                {v.formula.is_none().then(|| {
                                    let wait = sim.read(|c| engine::view::hpa_wait(c, &v.namespace, &v.name));
                                    wait.map(|w| view! { <p class="hpa-wait" data-test="hpa-wait" role="status">{crate::i18n::hpa_wait(l, &w)}</p> })
                                })}
                                {v.problem.clone().map(|p| view! { <p class="problem">{p}</p> })}
                                <Chart hpa=v.clone() lang=l />
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </details>
    }
}
