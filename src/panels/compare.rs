//! Compare: two clusters side by side on one clock. A is the page's own cluster; B is a
//! copy of it made when the comparison starts (same seed, same state), kept on A's clock
//! by `Sim`'s twin. Each gets its side of a variant built by the engine from the editor's
//! text (`engine::compare`), and the difference is shown as a diff. The buttons here act
//! on A, B or both, a pod found on the other side by its name stem. Leaving keeps A as
//! it is and drops B.

use crate::i18n::Lang;
use crate::panels::cluster_view::ClusterView;
use crate::panels::timebar::TimeBar;
use crate::state::{Comparison, Page, Selection, Sim, Target, Traffic};
use crate::ticker::Ticker;
use engine::actions::{Action, Outcome};
use engine::compare::{self, Side, Variant};
use leptos::prelude::*;

/// The panel's words, English and Korean.
fn say(l: Lang, en: &'static str, ko: &'static str) -> &'static str {
    if l == Lang::Ko {
        ko
    } else {
        en
    }
}

fn variant_name(l: Lang, v: Variant) -> &'static str {
    match v {
        Variant::PullPolicy => say(l, "Always vs IfNotPresent", "Always 대 IfNotPresent"),
        Variant::ProxyMode => say(l, "iptables vs IPVS", "iptables 대 IPVS"),
        Variant::Hpa => say(l, "without / with HPA", "HPA 없이 / 있게"),
        Variant::MaxSurge => say(l, "maxSurge 0 vs 1", "maxSurge 0 대 1"),
        Variant::Edited => say(l, "edit B yourself", "B 직접 고치기"),
    }
}

/// Applies a side's manifests (and kube-proxy's mode, when the variant is about it);
/// returns what kubectl printed.
fn apply_side(sim: Sim, side: &Side, proxy: bool) -> String {
    if proxy {
        sim.perform(&Action::ProxyMode(side.proxy));
    }
    let a = Action::Apply { text: side.text.clone(), source: "manifest.yaml".into(), namespace: "default".into(), create: false };
    match sim.perform(&a) {
        Outcome::Applied(r) => r.out.iter().chain(r.errors.iter().map(|e| &e.text)).cloned().collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

/// Starts (or restarts) a comparison: B becomes a copy of A as it is now, then each gets
/// its side of the variant. An error (no Deployment, …) is shown under the editor. B's
/// signals belong to `owner`, a component that lives as long as the page: the button
/// clicked is redrawn by the restart.
pub fn start(page: Page, owner: &Owner, variant: Variant) {
    owner.with(|| start_owned(page, variant));
}

fn start_owned(page: Page, variant: Variant) {
    let pair = match compare::build(variant, &page.editor.get_untracked()) {
        Ok(p) => p,
        Err(e) => {
            page.apply_out.set(format!("{}: {e}", variant_name(page.lang.get_untracked(), variant)));
            return;
        }
    };
    let old = page.compare.get_untracked();
    let text_b = old.map_or_else(|| RwSignal::new(String::new()), |c| c.text_b);
    text_b.set(pair.b.text.clone());
    let b = page.sim.copy(text_b);
    page.sim.set_twin(Some(b));
    let proxy = variant == Variant::ProxyMode;
    let out_a = apply_side(page.sim, &pair.a, proxy);
    let out_b = apply_side(b, &pair.b, proxy);
    page.last.0.set(format!("kubectl apply -f manifest.yaml   # A: {}, B: {}", pair.a.label, pair.b.label));
    let cmp = match old {
        Some(c) => Comparison { b, ..c },
        None => Comparison {
            b,
            pair: RwSignal::new(pair.clone()),
            text_b,
            target: RwSignal::new(Target::Both),
            out: RwSignal::new(Default::default()),
            selection_b: RwSignal::new(None),
            traffic_b: Traffic::new(),
        },
    };
    cmp.pair.set(pair);
    cmp.out.set((out_a, out_b));
    cmp.selection_b.set(None);
    page.compare.set(Some(cmp));
}

/// Back to the single cluster: A as it is, B dropped.
pub fn leave(page: Page) {
    page.sim.set_twin(None);
    page.compare.set(None);
}

/// The pods of the default namespace, by name.
fn pods(sim: Sim) -> Vec<String> {
    sim.read_untracked(|c| {
        c.read("kubectl get pods -o name").text().lines().filter_map(|l| l.strip_prefix("pod/")).map(String::from).collect()
    })
}

fn output(o: Outcome) -> String {
    match o {
        Outcome::Kubectl(out) => out.text(),
        Outcome::Text(t) => t,
        Outcome::Node(Err(e)) => e.to_string(),
        _ => String::new(),
    }
}

/// Runs a line on the sides the toggle names: on B with A's pod names turned into B's
/// (when both), each side's output kept.
fn run_line(page: Page, cmp: Comparison, line: String) {
    let target = cmp.target.get_untracked();
    let line_b = if target == Target::Both { compare::map_line(&line, &pods(page.sim), &pods(cmp.b)) } else { line.clone() };
    let a = (target != Target::B).then(|| page.run(line.clone()).text());
    let b = (target != Target::A).then(|| cmp.b.run(&line_b).text());
    page.last.0.set(if target == Target::Both && line_b != line { format!("A: {line}   B: {line_b}") } else { line });
    set_outs(cmp, a, b);
}

fn set_outs(cmp: Comparison, a: Option<String>, b: Option<String>) {
    cmp.out.update(|(oa, ob)| {
        if let Some(a) = a {
            *oa = a;
        }
        if let Some(b) = b {
            *ob = b;
        }
    });
}

/// Deletes a pod: the one selected on the side acted on (else its first), and on B the
/// one standing where A's stands.
fn kill_pod(page: Page, cmp: Comparison) {
    let target = cmp.target.get_untracked();
    let chosen = |sel: Option<Selection>, sim: Sim| match sel {
        Some(Selection::Pod(_, name)) => Some(name),
        _ => pods(sim).into_iter().next(),
    };
    let (pa, pb) = (pods(page.sim), pods(cmp.b));
    let victim_a = chosen(page.selection.get_untracked(), page.sim);
    let victim_b = match target {
        Target::B => chosen(cmp.selection_b.get_untracked(), cmp.b),
        _ => victim_a.as_ref().and_then(|v| compare::counterpart(v, &pa, &pb)),
    };
    let line = |name: &str| format!("kubectl delete pod {name} --wait=false");
    let a = (target != Target::B).then_some(victim_a).flatten().map(|v| page.run(line(&v)).text());
    let b = (target != Target::A).then_some(victim_b).flatten().map(|v| cmp.b.run(&line(&v)).text());
    set_outs(cmp, a, b);
}

/// Does the same to the sides the toggle names, each from what it sees.
fn each(page: Page, cmp: Comparison, f: impl Fn(Sim) -> Option<String>) {
    let target = cmp.target.get_untracked();
    let a = (target != Target::B).then(|| f(page.sim)).flatten();
    let b = (target != Target::A).then(|| f(cmp.b)).flatten();
    set_outs(cmp, a, b);
}

fn first_deployment(sim: Sim) -> Option<(String, i64)> {
    sim.read_untracked(|c| engine::view::of(c).deployments.first().map(|d| (d.name.clone(), d.replicas)))
}

/// The header's button: into Compare with the first variant, or back out.
#[component]
pub fn CompareButton(page: Page) -> impl IntoView {
    let comparing = move || page.compare.with(Option::is_some);
    let owner = Owner::current().expect("a component has an owner");
    view! {
        <button data-test="compare" aria-pressed=move || comparing().to_string() on:click=move |_| if comparing() { leave(page) } else { start(page, &owner, Variant::PullPolicy) }>
            {move || if comparing() { say(page.lang.get(), "Single cluster", "클러스터 하나로") } else { say(page.lang.get(), "Compare A | B", "A | B 비교") }}
        </button>
    }
}

/// One event as the compact list shows it.
struct Event {
    age: String,
    warning: bool,
    reason: String,
    object: String,
    message: String,
}

/// The last `n` rows of `kubectl get events`' table, cut at its header's columns.
fn latest_events(table: &str, n: usize) -> Vec<Event> {
    let mut lines = table.lines();
    let Some(header) = lines.next() else { return vec![] };
    let at = |name: &str| header.find(name);
    let (Some(ty), Some(reason), Some(object), Some(message)) = (at("TYPE"), at("REASON"), at("OBJECT"), at("MESSAGE")) else {
        return vec![];
    };
    let rows: Vec<&str> = lines.collect();
    let cut = |l: &str, from: usize, to: Option<usize>| {
        let end = to.unwrap_or(l.len()).min(l.len());
        l.get(from.min(end)..end).unwrap_or("").trim().to_string()
    };
    rows[rows.len().saturating_sub(n)..]
        .iter()
        .map(|l| Event {
            age: cut(l, 0, Some(ty)),
            warning: cut(l, ty, Some(reason)) == "Warning",
            reason: cut(l, reason, Some(object)),
            object: cut(l, object, Some(message)),
            message: cut(l, message, None),
        })
        .collect()
}

/// One side: its label, its drawing, what the last action printed there and its latest events.
fn side_view(page: Page, cmp: Comparison, b: bool) -> impl IntoView {
    let sim = if b { cmp.b } else { page.sim };
    let shown = if b { Page { sim: cmp.b, selection: cmp.selection_b, traffic: cmp.traffic_b, ..page } } else { page };
    let label = move || cmp.pair.with(|p| if b { p.b.label.clone() } else { p.a.label.clone() });
    let out = move || cmp.out.with(|o| if b { o.1.clone() } else { o.0.clone() });
    // The latest events, newest last, one item each (the drawing is beside them).
    let events = move || sim.read(|c| latest_events(&c.read("kubectl get events --sort-by=.lastTimestamp").text(), 8));
    // Each side's own clock: the same on both, which a class can see.
    let clock = move || {
        sim.second.track();
        sim.read(|c| engine::time::go_duration(c.now() / 1000 * 1000))
    };
    let name = if b { "B" } else { "A" };
    view! {
        <div class="compare-side" data-test=if b { "side-b" } else { "side-a" }>
            <h2 class="compare-label"><span class="compare-letter">{name}</span> <span data-test="variant-label">{label}</span> <span class="side-clock" data-test="side-clock">"+"{clock}</span></h2>
            <div class="cluster-panel"><ClusterView page=shown /></div>
            <pre class="compare-out" tabindex="0" data-test="side-out">{out}</pre>
            <ol class="compare-events" tabindex="0" data-test="side-events">
                {move || events().into_iter().map(|e| view! {
                    <li class:warning=e.warning>
                        <span class="ev-age">{e.age}</span>" "<b>{e.reason}</b>" "<span class="ev-object">{e.object}</span>" "{e.message}
                    </li>
                }).collect_view()}
            </ol>
        </div>
    }
}

/// The comparison: the variants, the toggle, the actions, the clock, both sides and the diff.
#[component]
pub fn ComparePanel(page: Page, ticker: Ticker) -> impl IntoView {
    let l = move || page.lang.get();
    let owner = Owner::current().expect("a component has an owner");
    let body = move || {
        let owner = owner.clone();
        let cmp = page.compare.get()?;
        let target = cmp.target;
        let variant = move || cmp.pair.with(|p| p.variant);
        let toggle = move |t: Target, label: &'static str| {
            view! {
                <button class:active=move || target.get() == t aria-pressed=move || (target.get() == t).to_string() data-test=format!("target-{}", label.to_lowercase()) on:click=move |_| target.set(t)>
                    {label}
                </button>
            }
        };
        let diff = move || {
            let pair = cmp.pair.get();
            let b = Side { text: cmp.text_b.get(), ..pair.b.clone() };
            let d = compare::diff(&pair.a, &b);
            if d.is_empty() {
                say(l(), "(no difference yet: edit B's text)", "(아직 차이 없음: B의 텍스트를 고치세요)").to_string()
            } else {
                d
            }
        };
        let line = RwSignal::new(String::new());
        Some(view! {
            <div class="compare-bar">
                <div class="compare-variants" role="group">
                    {Variant::ALL.into_iter().map(|v| view! {
                        <button data-test=format!("variant-{}", v.id()) class:active=move || variant() == v on:click={
                            let owner = owner.clone();
                            move |_| start(page, &owner, v)
                        }>{move || variant_name(l(), v)}</button>
                    }).collect_view()}
                </div>
                <div class="compare-target" role="group" aria-label=move || say(l(), "Actions go to", "동작 대상")>
                    <span>{move || say(l(), "Actions go to", "동작 대상")}</span>
                    {toggle(Target::A, "A")}
                    {toggle(Target::Both, "Both")}
                    {toggle(Target::B, "B")}
                </div>
                <div class="compare-actions">
                    <button data-test="cmp-apply" on:click=move |_| {
                        let pair = cmp.pair.get_untracked();
                        let b = Side { text: cmp.text_b.get_untracked(), ..pair.b.clone() };
                        let t = cmp.target.get_untracked();
                        let oa = (t != Target::B).then(|| apply_side(page.sim, &pair.a, false));
                        let ob = (t != Target::A).then(|| apply_side(cmp.b, &b, false));
                        set_outs(cmp, oa, ob);
                    }>{move || say(l(), "Apply", "적용")}</button>
                    <button data-test="cmp-kill-pod" class="danger" on:click=move |_| kill_pod(page, cmp)>{move || say(l(), "Kill a pod", "파드 죽이기")}</button>
                    <button data-test="cmp-kill-node" class="danger" on:click=move |_| each(page, cmp, |sim| {
                        let node = sim.read_untracked(|c| engine::view::of(c).nodes.last().map(|n| n.name.clone()))?;
                        Some(match sim.perform(&Action::KillNode(node.clone())) {
                            Outcome::Node(Ok(())) => format!("node kill {node}"),
                            o => output(o),
                        })
                    })>{move || say(l(), "Kill a node", "노드 죽이기")}</button>
                    <button data-test="cmp-scale" on:click=move |_| each(page, cmp, |sim| {
                        let (name, replicas) = first_deployment(sim)?;
                        Some(sim.run(&format!("kubectl scale deployment {name} --replicas={}", replicas + 1)).text())
                    })>{move || say(l(), "Scale +1", "스케일 +1")}</button>
                    <button data-test="cmp-traffic" on:click=move |_| {
                        let send = |sim: Sim| {
                            let service = sim.read_untracked(|c| engine::view::of(c).services.iter().find(|s| s.name != "kubernetes").map(|s| s.name.clone()))?;
                            // The simulator's own verb: which pod answered how many, and in which mode.
                            Some(sim.run(&format!("request svc/{service} -n 100")).text())
                        };
                        let t = cmp.target.get_untracked();
                        let oa = (t != Target::B).then(|| send(page.sim)).flatten();
                        let ob = (t != Target::A).then(|| send(cmp.b)).flatten();
                        set_outs(cmp, oa, ob);
                    }>{move || say(l(), "Send 100 requests", "요청 100개")}</button>
                    <label class="projector-toggle">
                        <input type="checkbox" data-test="cmp-projector" prop:checked=move || page.projector.get() on:change=move |ev| page.projector.set(event_target_checked(&ev)) />
                        {move || say(l(), "Projector", "프로젝터")}
                    </label>
                    <form class="compare-line" on:submit=move |ev| {
                        ev.prevent_default();
                        let text = line.get_untracked();
                        if !text.trim().is_empty() {
                            run_line(page, cmp, text);
                            line.set(String::new());
                        }
                    }>
                        <input data-test="cmp-line" spellcheck="false" placeholder="kubectl …" aria-label=move || say(l(), "A line for the clusters the toggle names", "토글이 가리키는 클러스터에 보낼 명령") prop:value=line on:input=move |ev| line.set(event_target_value(&ev)) />
                    </form>
                </div>
            </div>
            <section class="cluster-panel compare-clock"><TimeBar page=page ticker=ticker /></section>
            <div class="compare-sides">
                {side_view(page, cmp, false)}
                {side_view(page, cmp, true)}
            </div>
            <details class="compare-diff" open>
                <summary>{move || say(l(), "The difference (diff -u A B)", "차이 (diff -u A B)")}</summary>
                <pre data-test="cmp-diff" tabindex="0">
                    {move || diff().lines().map(|line| {
                        // Coloured by kind; a projector shows the changed lines only.
                        let class = match line.as_bytes().first() {
                            _ if line.starts_with("---") || line.starts_with("+++") || line.starts_with("@@") => "head",
                            Some(b'-') => "del",
                            Some(b'+') => "add",
                            Some(b'(') => "note",
                            _ => "ctx",
                        };
                        view! { <span class=class>{format!("{line}\n")}</span> }
                    }).collect_view()}
                </pre>
                {move || (variant() == Variant::Edited).then(|| view! {
                    <textarea class="compare-edit" data-test="cmp-edit-b" spellcheck="false" aria-label=move || say(l(), "B's manifests", "B의 매니페스트") prop:value=move || cmp.text_b.get() on:input=move |ev| cmp.text_b.set(event_target_value(&ev))></textarea>
                })}
                <p class="hint">{move || say(l(),
                    "The share link and crash recovery keep cluster A only. The timeline moves both clusters to the same instant.",
                    "공유 링크와 복구는 클러스터 A만 담습니다. 타임라인은 두 클러스터를 같은 시각으로 옮깁니다.")}</p>
            </details>
        })
    };
    view! { <section class="compare" data-test="compare-panel">{body}</section> }
}
