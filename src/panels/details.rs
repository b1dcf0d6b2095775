//! The details of what was clicked: a pod (describe, why the scheduler put it there, its
//! image's story, kill it), a node (kill or restore it), a Deployment (scale it), a
//! Service (send requests, a steady rate, kube-proxy's mode, the answers per pod) or
//! another workload (`workload_details`). Every button shows the command it stands for.

use crate::i18n::{text, Key, Lang};
use crate::state::{Page, Selection};
use engine::actions::Action;
use engine::proxy::Mode;
use leptos::prelude::*;

/// Pods drawn as bars in a Service's request histogram.
const HISTOGRAM_ROWS: usize = 30;

/// One container's image story in words: its policy and why, where the image is, what
/// the kubelet does, and when it tries again.
fn story_text(l: Lang, s: &engine::explain::ContainerStory) -> String {
    let why = if s.policy_defaulted { text(l, Key::PolicyDefaulted) } else { text(l, Key::PolicySet) };
    let node = if s.on_node { text(l, Key::OnNode) } else { text(l, Key::NotOnNode) };
    let registry = if s.in_registry { text(l, Key::InRegistry) } else { text(l, Key::NotInRegistry) };
    let outcome = crate::i18n::pull_outcome(l, s);
    let mut out = format!("{} · {} · imagePullPolicy {} ({why}); {node}; {registry} {outcome}", s.container, s.image, s.policy.as_str());
    if let Some(ms) = s.retry_in {
        out.push_str(&format!(" · {} {}s", text(l, Key::RetryIn), ms.div_ceil(1000)));
    }
    if let Some(likely) = &s.suggestion {
        out.push_str(&format!(" · {} {likely}?", text(l, Key::DidYouMean)));
    }
    out
}

/// The command a student would type to send these requests from outside.
fn curl_line(url: &str, n: usize) -> String {
    if n == 1 {
        format!("curl {url}")
    } else {
        format!("for i in $(seq {n}); do curl -s {url}; done")
    }
}

#[component]
pub fn Details(page: Page) -> impl IntoView {
    let Page { sim, selection, lang, .. } = page;
    let t = move |k: Key| page.t(k);
    let describe = move |cmd: String| sim.read_untracked(|c| c.read(&format!("kubectl {cmd}")).text());
    let run = move |line: String| {
        page.run(line);
    };
    view! {
        <h2>{move || t(Key::Details)}</h2>
        {move || {
            sim.version.track();
            match selection.get() {
                None => view! { <p class="hint">{t(Key::NothingSelected)}</p> }.into_any(),
                Some(Selection::Pod(ns, name)) => {
                    let panel = sim.read(|c| engine::view::pod_panel(c, &ns, &name));
                    let why = panel.as_ref().and_then(|p| p.placement.as_ref()).map(|verdicts| {
                        verdicts
                            .iter()
                            .map(|v| format!("{}: {}{}", v.node, v.verdict, if v.chosen { " ★" } else { "" }))
                            .collect::<Vec<_>>()
                            .join("\n")
                    });
                    let stories = sim.read(|c| engine::explain::container_stories(c, &ns, &name));
                    let l = lang.get();
                    let story_lines: Vec<String> = stories.iter().map(|s| story_text(l, s)).collect();
                    let cmd = format!("kubectl delete pod {name} --wait=false");
                    // A pod that is gone says what became of it instead of NotFound.
                    if let Some(gone) = sim.read(|c| engine::view::gone_pod(c, &ns, &name)) {
                        return gone_view(page, ns, name, gone).into_any();
                    }
                    let d = describe(format!("describe pod {name} -n {ns}"));
                    view! {
                        <div class="actions">
                            <button class="danger" data-test="kill-pod" aria-keyshortcuts="K" disabled=panel.is_none() on:click=move |_| run(cmd.clone())>
                                {t(Key::KillPod)}
                                <kbd>"K"</kbd>
                            </button>
                        </div>
                        <ul class="stories" data-test="stories">{story_lines.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                        {why.map(|w| view! { <h3>{t(Key::Why)}</h3><pre class="why">{w}</pre> })}
                        <pre class="describe" tabindex="0" data-test="describe">{d}</pre>
                    }
                    .into_any()
                }
                Some(Selection::Node(name)) => {
                    let up = sim.read(|c| engine::view::node_kubelet_up(c, &name)).unwrap_or(true);
                    let d = describe(format!("describe node {name}"));
                    let n2 = name.clone();
                    view! {
                        <div class="actions">
                            {if up {
                                view! {
                                    <button
                                        class="danger"
                                        data-test="kill-node"
                                        aria-keyshortcuts="K"
                                        on:click=move |_| {
                                            page.perform(&Action::KillNode(n2.clone()), format!("node kill {n2}   # the kubelet stops: NotReady after ~50 s"));
                                        }
                                    >
                                        {t(Key::KillNode)}
                                        <kbd>"K"</kbd>
                                    </button>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button
                                        data-test="restore-node"
                                        on:click=move |_| {
                                            page.perform(&Action::RestoreNode(n2.clone()), format!("node restore {n2}"));
                                        }
                                    >
                                        {t(Key::RestoreNode)}
                                    </button>
                                }
                                    .into_any()
                            }}
                        </div>
                        <pre class="describe" tabindex="0">{d}</pre>
                    }
                    .into_any()
                }
                Some(Selection::Deployment(name)) => {
                    let replicas = sim.read(|c| engine::view::of(c).deployments.iter().find(|d| d.name == name).map(|d| d.replicas).unwrap_or(0));
                    let d = describe(format!("describe deployment {name}"));
                    let (n1, n2, n3) = (name.clone(), name.clone(), name.clone());
                    view! {
                        <div class="actions scale">
                            <span>{t(Key::Scale)}</span>
                            <button data-test="scale-down" on:click=move |_| run(format!("kubectl scale deployment {n1} --replicas={}", (replicas - 1).max(0)))>"−"</button>
                            <b data-test="replicas">{replicas.to_string()}</b>
                            <button data-test="scale-up" on:click=move |_| run(format!("kubectl scale deployment {n2} --replicas={}", replicas + 1))>"+"</button>
                            <input
                                type="range"
                                aria-label=t(Key::Scale)
                                min="0"
                                max="20"
                                prop:value=replicas.to_string()
                                on:change=move |ev| run(format!("kubectl scale deployment {n3} --replicas={}", event_target_value(&ev)))
                            />
                        </div>
                        <pre class="describe" tabindex="0">{d}</pre>
                    }
                    .into_any()
                }
                Some(Selection::Service(name)) => service(page, name).into_any(),
                Some(Selection::Config(kind, ns, name)) => super::config_details::panel(page, kind, &ns, &name),
                Some(Selection::Object(resource, ns, name)) => {
                    view! { <pre class="describe" data-test="object-describe" tabindex="0">{describe(format!("describe {resource} {name} -n {ns}"))}</pre> }.into_any()
                }
                Some(other) => super::workload_details::panel(page, other),
            }
        }}
    }
}

/// The pod K and the kill button act on when `name` is selected: the pod itself while it
/// exists; once it is gone, the pod its owner made in its place (the one its details
/// name), following a chain of kills; `None` when no pod replaced it, so K never runs
/// `kill pod` on a name that no longer exists.
pub fn kill_target(c: &engine::Cluster, ns: &str, name: &str) -> Option<String> {
    let mut pod = name.to_string();
    // Each kill adds one link; a few dozen is more than a class makes between two looks.
    for _ in 0..64 {
        match engine::view::gone_pod(c, ns, &pod) {
            Some(gone) => pod = gone.replaced_by?,
            None => return engine::view::pod_panel(c, ns, &pod).is_some().then_some(pod),
        }
    }
    None
}

/// Kills the pod a selection of `name` stands for (`kill_target`), moving the selection to
/// it when it is the replacement, shown as `line(target)`.
pub fn kill_selected(page: Page, ns: &str, name: &str, line: impl Fn(&str) -> String) {
    let Some(target) = page.sim.read_untracked(|c| kill_target(c, ns, name)) else { return };
    if target != name {
        page.selection.set(Some(Selection::Pod(ns.to_string(), target.clone())));
    }
    page.run(line(&target));
}

/// A selected pod that is gone: when, and the pod its owner made in its place, one click
/// (or Enter) away; the kill button (K) acts on that replacement, or is disabled saying
/// why when there is none.
fn gone_view(page: Page, ns: String, name: String, gone: engine::view::GonePod) -> impl IntoView {
    let line = crate::i18n::gone_pod(page.lang.get(), &name, &gone);
    let target = page.sim.read(|c| kill_target(c, &ns, &name));
    let next = gone.replaced_by.map(|new| {
        let label = format!("{} {new}", page.t(Key::ShowPod));
        let ns = ns.clone();
        view! {
            <button data-test="show-replacement" on:click=move |_| page.selection.set(Some(Selection::Pod(ns.clone(), new.clone())))>
                {label}
            </button>
        }
    });
    let kill = match target {
        Some(target) => {
            let label = format!("{} ({target})", page.t(Key::KillReplacement));
            view! {
                <button class="danger" data-test="kill-pod" aria-keyshortcuts="K" on:click=move |_| {
                    kill_selected(page, &ns, &name, |t| format!("kubectl delete pod {t} --wait=false"))
                }>
                    {label}
                    <kbd>"K"</kbd>
                </button>
            }
            .into_any()
        }
        None => view! {
            <button class="danger" data-test="kill-pod" aria-keyshortcuts="K" disabled=true aria-describedby="nothing-to-kill">
                {page.t(Key::KillPod)}
                <kbd>"K"</kbd>
            </button>
            <p class="hint" id="nothing-to-kill" data-test="nothing-to-kill">{page.t(Key::NothingToKill)}</p>
        }
        .into_any(),
    };
    view! {
        <p class="gone-note" data-test="gone" role="status">{line}</p>
        <div class="actions">{next} {kill}</div>
    }
}

fn service(page: Page, name: String) -> impl IntoView {
    let Page { sim, lang, traffic, .. } = page;
    let t = move |k: Key| page.t(k);
    let d = sim.read_untracked(|c| c.read(&format!("kubectl describe service {name}")).text());
    let problems: Vec<String> = sim
        .read(|c| engine::proxy::service_problems(c, "default", &name))
        .iter()
        .map(|p| crate::i18n::service_problem(lang.get(), p))
        .collect();
    // The histogram alone follows the requests, not the whole panel.
    let histogram = move || {
        traffic.served.track();
        let stats = sim.read(|c| engine::view::requests_per_pod(c));
        let max = stats.iter().map(|s| s.requests).max().unwrap_or(1).max(1);
        // Past a few dozen pods, bars stop being readable and cost a frame: the rest are
        // summed up in one line.
        let rest = stats.get(HISTOGRAM_ROWS..).filter(|r| !r.is_empty()).map(|r| {
            let (lo, hi) = (r.iter().map(|s| s.requests).min().unwrap_or(0), r.iter().map(|s| s.requests).max().unwrap_or(0));
            view! { <div class="bar-row more" data-test="hits-more">{format!("+{} · {lo}–{hi}", r.len())}</div> }
        });
        let rows = stats
            .into_iter()
            .take(HISTOGRAM_ROWS)
            .map(|s| {
                let w = format!("width: {}%", s.requests * 100 / max);
                view! {
                    <div class="bar-row">
                        <span class="bar-label">{s.pod}</span>
                        <span class="bar" style=w></span>
                        <span class="bar-count" data-test="hits">{s.requests.to_string()}</span>
                        {(s.errors > 0).then(|| view! { <span class="bar-errors">{format!("✕{}", s.errors)}</span> })}
                    </div>
                }
            })
            .collect_view();
        view! { {rows} {rest} }
    };
    let unready = sim.read(|c| engine::view::unready_endpoints(c, "default", &name));
    let unready = (!unready.is_empty()).then(|| {
        view! { <p class="unready" data-test="unready" role="status">{crate::i18n::unready_endpoints(lang.get(), &unready)}</p> }
    });
    let routing = sim.read(|c| engine::view::service_routing(c, "default", &name));
    let (mode, sticky) = routing.as_ref().map_or((Mode::Iptables, false), |r| (r.mode, r.client_ip));
    let url = routing.map(|r| r.url).unwrap_or_default();
    let (s1, s2, s3, s4) = (name.clone(), name.clone(), name.clone(), name.clone());
    let (u1, u2) = (url.clone(), url);
    let rate_now = traffic.rate.get_untracked().filter(|(s, _)| *s == name).map(|(_, r)| r).unwrap_or(0.0);
    let affinity = move |service: &str, client_ip: bool| Action::SessionAffinity {
        namespace: "default".into(),
        service: service.to_string(),
        client_ip,
    };
    view! {
        {unready}
        <div class="actions">
            <button
                data-test="send-one"
                aria-keyshortcuts="S"
                on:click=move |_| {
                    traffic.send(sim, &s1, 1);
                    page.last.0.set(curl_line(&u1, 1));
                }
            >
                {t(Key::SendOne)}
                <kbd>"S"</kbd>
            </button>
            <button
                data-test="send-burst"
                aria-keyshortcuts="B"
                on:click=move |_| {
                    traffic.send(sim, &s2, 100);
                    page.last.0.set(curl_line(&u2, 100));
                }
            >
                {t(Key::SendBurst)}
                <kbd>"B"</kbd>
            </button>
            <label>
                {t(Key::Rate)}
                <select
                    data-test="rate"
                    on:change=move |ev| {
                        let per_second: f64 = event_target_value(&ev).parse().unwrap_or(0.0);
                        traffic.rate.set((per_second > 0.0).then(|| (s3.clone(), per_second)));
                    }
                >
                    {[0u32, 1, 5, 20, 100, 200, 1000].into_iter().map(|r| view! { <option value=r.to_string() selected=rate_now == f64::from(r)>{format!("{r}/s")}</option> }).collect_view()}
                </select>
            </label>
            <label>
                {t(Key::ProxyMode)}
                <select
                    data-test="proxy-mode"
                    on:change=move |ev| {
                        let svc = s4.clone();
                        match event_target_value(&ev).as_str() {
                            "clientip" => {
                                page.perform(&affinity(&svc, true), format!("kubectl patch service {svc} -p '{{\"spec\":{{\"sessionAffinity\":\"ClientIP\"}}}}'"));
                            }
                            mode => {
                                let ipvs = mode == "ipvs";
                                page.sim.perform(&affinity(&svc, false));
                                page.perform(
                                    &Action::ProxyMode(if ipvs { Mode::Ipvs } else { Mode::Iptables }),
                                    format!("kube-proxy --proxy-mode={}", if ipvs { "ipvs" } else { "iptables" }),
                                );
                            }
                        }
                    }
                >
                    <option value="iptables" selected=!sticky && mode == Mode::Iptables>"iptables (random)"</option>
                    <option value="ipvs" selected=!sticky && mode == Mode::Ipvs>"ipvs (round robin)"</option>
                    <option value="clientip" selected=sticky>"ClientIP affinity"</option>
                </select>
            </label>
        </div>
        {(!problems.is_empty()).then(|| view! { <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> })}
        <h3>{t(Key::Requests)}</h3>
        <div class="histogram" data-test="histogram">{histogram}</div>
        {super::traffic_table::table(page, name.clone())}
        <pre class="describe" tabindex="0">{d}</pre>
    }
}
