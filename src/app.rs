//! The page's layout and its panels: editor, cluster drawing, details, time controls,
//! events, kubectl tables and the console.

use crate::autoscale::AutoscalePanel;
use crate::cluster_view::ClusterView;
use crate::editor::Editor;
use crate::examples;
use crate::i18n::{text, Key, Lang};
use crate::storage;
use crate::ticker::Ticker;
use engine::apply::{Diagnostic, Mode};
use engine::files::Files;
use engine::{Cluster, Preset};
use leptos::prelude::*;

/// The simulated cluster and a counter that changes whenever it does.
#[derive(Clone, Copy)]
pub struct Sim {
    pub(crate) cluster: StoredValue<Cluster, LocalStorage>,
    /// Changes whenever an object does: what the drawing and the tables follow.
    pub version: RwSignal<u64>,
    /// The simulated second: what the clock follows, without redrawing the cluster.
    pub second: RwSignal<u64>,
}

impl Sim {
    /// Reads the cluster, re-running the caller when it changes.
    pub fn read<R>(&self, f: impl FnOnce(&Cluster) -> R) -> R {
        self.version.track();
        self.cluster.with_value(f)
    }

    /// Changes the cluster and tells every reader.
    pub fn act<R>(&self, f: impl FnOnce(&mut Cluster) -> R) -> R {
        let r = self.cluster.try_update_value(f).expect("the cluster lives as long as the page");
        self.version.update(|v| *v += 1);
        r
    }

    fn replace(&self, c: Cluster) {
        self.cluster.set_value(c);
        self.version.update(|v| *v += 1);
    }
}

/// A request on its way, drawn as a dot from the client through a node and the Service
/// to the pod that answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// Real time (ms, `performance.now()`) at which it sets off.
    pub born: f64,
    pub via_node: Option<String>,
    pub service: String,
    pub pod: Option<String>,
    pub ok: bool,
}

/// How long a dot takes from client to pod, in real milliseconds.
pub const DOT_MS: f64 = 1100.0;

/// Requests in flight and a steady rate, shared by the drawing and the details panel.
#[derive(Clone, Copy)]
pub struct Traffic {
    pub dots: RwSignal<Vec<Dot>>,
    /// Real time of the last frame, for the dots' positions.
    pub clock: RwSignal<f64>,
    /// A steady rate of requests per simulated second to a Service.
    pub rate: RwSignal<Option<(String, f64)>>,
    pub(crate) owed: StoredValue<f64, LocalStorage>,
    /// Changes whenever requests were sent: what the request histogram follows.
    pub served: RwSignal<u64>,
}

impl Traffic {
    fn new() -> Traffic {
        Traffic {
            dots: RwSignal::new(vec![]),
            clock: RwSignal::new(0.0),
            rate: RwSignal::new(None),
            owed: StoredValue::new_local(0.0),
            served: RwSignal::new(0),
        }
    }
}

pub fn real_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Pods drawn as bars in a Service's request histogram.
const HISTOGRAM_ROWS: usize = 30;

/// Kubernetes' documented limit is 5,000 nodes; the page accepts as many workers.
const MAX_WORKERS: usize = 5_000;

/// The command line the last button stood for, shown above the drawing.
#[derive(Clone, Copy)]
pub struct LastCommand(pub RwSignal<String>);

/// What the details panel shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    Pod(String, String),
    Node(String),
    Service(String),
    Deployment(String),
}

/// The files the page offers a command: the editor's text for any manifest (`kubectl
/// apply -f <anything>`), the seed's fixed Dockerfile, and the seed's jar as the build
/// context of `docker build`.
struct PageFiles(String);

const SEED_JAR: &str = "build/libs/spring-demo-0.0.1-SNAPSHOT.jar";

impl Files for PageFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        match path.trim_start_matches("./") {
            "Dockerfile" => Ok(examples::SEED_DOCKERFILE_FIXED.to_string()),
            _ => Ok(self.0.clone()),
        }
    }
    fn size(&self, path: &str) -> Option<u64> {
        (path.trim_start_matches("./") == SEED_JAR).then_some(20_971_520)
    }
    fn list(&self, path: &str) -> Option<Vec<String>> {
        match path.trim_start_matches("./").trim_end_matches('/') {
            "build/libs" => Some(vec!["spring-demo-0.0.1-SNAPSHOT.jar".into()]),
            "build" => Some(vec!["libs".into()]),
            "." | "" => Some(vec!["Dockerfile".into(), "build".into()]),
            _ => None,
        }
    }
}

/// The build context alone, for actions replayed from a link.
fn seed_context() -> PageFiles {
    PageFiles(String::new())
}

pub fn show_panic(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let lang = Lang::from_code(&storage::load("lang").unwrap_or_else(storage::browser_lang));
    if let Some(body) = doc.body() {
        let div = doc.create_element("div").expect("a div");
        div.set_class_name("panic");
        // Text only, never HTML: the message may quote user input.
        div.set_text_content(Some(&format!("{}\n{}\n\n{message}", text(lang, Key::PanicTitle), text(lang, Key::PanicBody))));
        let _ = body.append_child(&div);
    }
}

fn preset_name(p: Preset) -> &'static str {
    p.name()
}

/// A cluster rebuilt from a shared action log: the same seed and actions give the same
/// cluster, byte for byte.
fn replayed_cluster(preset: Preset, seed: u64, workers: Option<usize>, actions: &[engine::Action]) -> Cluster {
    let workers = if preset == Preset::DockerDesktop { None } else { workers };
    let mut c = Cluster::new(preset, workers, seed);
    for a in actions {
        c.perform(a, &seed_context());
    }
    c
}

fn new_cluster(preset: Preset, seed: u64, workers: Option<usize>) -> Cluster {
    let workers = if preset == Preset::DockerDesktop { None } else { workers };
    let mut c = Cluster::new(preset, workers, seed);
    // The seed post's image, built as the post meant it (its Dockerfile has two typos;
    // the docker build panel shows both versions).
    c.docker_build(examples::SEED_DOCKERFILE_FIXED, "spring-server", &seed_context());
    if preset == Preset::Kind {
        c.kind_load("spring-server");
    }
    c
}

#[component]
pub fn App() -> impl IntoView {
    let shared = storage::decode(&storage::location_hash());
    let lang = RwSignal::new(Lang::from_code(&storage::load("lang").unwrap_or_else(storage::browser_lang)));
    let preset0 = shared
        .as_ref()
        .map(|s| s.preset.clone())
        .or_else(|| storage::load("preset"))
        .and_then(|p| Preset::parse(&p))
        .unwrap_or(Preset::DockerDesktop);
    let seed0 = shared.as_ref().map(|s| s.seed).unwrap_or(1);
    let text0 = shared.as_ref().map(|s| s.text.clone()).or_else(|| storage::load("text")).unwrap_or_else(examples::seed_default);
    let preset = RwSignal::new(preset0);
    let seed = RwSignal::new(seed0);
    let editor = RwSignal::new(text0);
    let workers = RwSignal::new(
        shared
            .as_ref()
            .map(|s| s.workers.to_string())
            .or_else(|| storage::load("workers"))
            .and_then(|w| w.parse::<usize>().ok())
            .filter(|w| (1..=MAX_WORKERS).contains(w)),
    );
    let shared_actions = shared.as_ref().and_then(|s| engine::actions::from_json(&s.actions));
    let first = match &shared_actions {
        Some(actions) => replayed_cluster(preset0, seed0, workers.get_untracked(), actions),
        None => new_cluster(preset0, seed0, workers.get_untracked()),
    };
    let sim = Sim { cluster: StoredValue::new_local(first), version: RwSignal::new(0), second: RwSignal::new(0) };
    let diagnostics: RwSignal<Vec<Diagnostic>> = RwSignal::new(vec![]);
    let apply_out = RwSignal::new(String::new());
    let selection: RwSignal<Option<Selection>> = RwSignal::new(None);
    let console: RwSignal<Vec<(String, String)>> = RwSignal::new(vec![]);
    let last_command = RwSignal::new(String::new());
    let tab = RwSignal::new("events");
    let traffic = Traffic::new();
    provide_context(traffic);
    provide_context(LastCommand(last_command));

    Effect::new(move |_| storage::save("text", &editor.get()));
    Effect::new(move |_| storage::save("lang", lang.get().code()));
    Effect::new(move |_| storage::save("preset", preset_name(preset.get())));

    // Every command the page runs for the user is shown as the kubectl line it stands for.
    let run_kubectl = move |line: String| {
        let files = PageFiles(editor.get_untracked());
        let out = sim.act(|c| c.run(&line, &files));
        console.update(|log| log.push((line.clone(), out.text())));
        last_command.set(line);
    };

    let apply = move || {
        let txt = editor.get_untracked();
        let report = sim.act(|c| c.apply_text(&txt, "manifest.yaml", "default", Mode::Apply));
        let mut out = report.warnings.iter().chain(&report.out).cloned().collect::<Vec<_>>().join("\n");
        for e in &report.errors {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&e.text);
        }
        console.update(|log| log.push(("kubectl apply -f manifest.yaml".into(), out.clone())));
        last_command.set("kubectl apply -f manifest.yaml".into());
        // The console keeps kubectl's whole output; the panel under the editor its head.
        apply_out.set(capped(out, lang.get_untracked()));
        diagnostics.set(report.errors);
    };

    // The browser compiles each wasm function on its first call: a throwaway cluster runs
    // the seed once while the page is idle, so the first Apply is not also a compile.
    set_timeout(
        move || {
            let mut c = new_cluster(Preset::DockerDesktop, 1, None);
            c.apply_text(&examples::seed_default(), "warm.yaml", "default", Mode::Apply);
            c.advance(30_000);
            let _ = (engine::view::of(&c), c.read("kubectl get events -A").text());
        },
        std::time::Duration::from_millis(300),
    );
    let ticker = Ticker::new();
    let (playing, speed) = (ticker.playing, ticker.speed);
    ticker.run(sim, traffic);

    let t = move |k: Key| text(lang.get(), k);
    let clock = move || {
        sim.second.track();
        sim.read(|c| engine::time::rfc3339(c.now()).replace('T', " ").replace('Z', ""))
    };
    let elapsed = move || {
        sim.second.track();
        sim.read(|c| engine::time::go_duration(c.now() / 1000 * 1000))
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            apply();
        }
    };

    let pick_example = move |id: String| {
        editor.set(examples::text_of(&id));
        diagnostics.set(vec![]);
    };

    let reset = move |p: Preset| {
        preset.set(p);
        sim.replace(new_cluster(p, seed.get_untracked(), workers.get_untracked()));
        selection.set(None);
        console.set(vec![]);
        diagnostics.set(vec![]);
        apply_out.set(String::new());
    };

    let share = move |_| {
        let code = storage::encode(&storage::Scenario {
            preset: preset_name(preset.get_untracked()).into(),
            seed: seed.get_untracked(),
            workers: workers.get_untracked().unwrap_or(0),
            actions: sim.cluster.with_value(|c| engine::actions::to_json(c.log())),
            text: editor.get_untracked(),
        });
        let url = format!("{}#{code}", storage::page_url_without_hash());
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&code);
            let _ = w.navigator().clipboard().write_text(&url);
        }
        apply_out.set(format!("{}: {url}", text(lang.get_untracked(), Key::Copied)));
    };

    // A shared link from before action logs carried only the text: apply it.
    if shared.is_some() && shared_actions.is_none() {
        apply();
    }

    view! {
        <header class="top">
            <h1>"kubeplay"</h1>
            <span class="tagline">{move || t(Key::Tagline)}</span>
            <label class="preset">
                {move || t(Key::Preset)}
                <select
                    data-test="preset"
                    on:change=move |ev| {
                        if let Some(p) = Preset::parse(&event_target_value(&ev)) {
                            reset(p);
                        }
                    }
                    prop:value=move || preset_name(preset.get())
                >
                    <option value="docker-desktop">"docker-desktop (1 node)"</option>
                    <option value="kind">"kind (control plane + 2 workers)"</option>
                    <option value="cloud">"cloud (3 nodes, LoadBalancer)"</option>
                </select>
            </label>
            <label class="workers" class:hidden=move || preset.get() == Preset::DockerDesktop>
                {move || t(Key::Workers)}
                <input
                    data-test="workers"
                    type="number"
                    min="1"
                    max=MAX_WORKERS.to_string()
                    prop:value=move || workers.get().unwrap_or_else(|| preset.get().default_workers()).to_string()
                    on:change=move |ev| {
                        let w = event_target_value(&ev).parse::<usize>().ok().filter(|w| (1..=MAX_WORKERS).contains(w));
                        workers.set(w);
                        storage::save("workers", &w.map(|w| w.to_string()).unwrap_or_default());
                        reset(preset.get_untracked());
                    }
                />
            </label>
            <button data-test="reset" on:click=move |_| reset(preset.get_untracked())>{move || t(Key::Reset)}</button>
            <button data-test="share" on:click=share>{move || t(Key::Share)}</button>
            <button
                data-test="lang"
                on:click=move |_| lang.update(|l| *l = if *l == Lang::En { Lang::Ko } else { Lang::En })
            >
                {move || t(Key::Language)}
            </button>
        </header>
        <main class="layout">
            <section class="editor-panel">
                <h2>{move || t(Key::Manifests)}</h2>
                <div class="row">
                    <select data-test="examples" on:change=move |ev| pick_example(event_target_value(&ev))>
                        <option value="" disabled=true selected=true>{move || t(Key::Examples)}</option>
                        {move || {
                            let l = lang.get();
                            examples::all().into_iter().map(|e| view! { <option value=e.id>{if l == Lang::Ko { e.ko } else { e.en }}</option> }).collect_view()
                        }}
                    </select>
                    <button class="primary" data-test="apply" on:click=move |_| apply()>{move || t(Key::Apply)}</button>
                </div>
                <Editor text=editor diagnostics=diagnostics lang=lang on_key=on_key />
                <p class="hint">{move || t(Key::ApplyHint)}</p>
                <p class="hint limits" data-test="limits">{move || t(Key::Limits)}</p>
                <Diagnostics diagnostics=diagnostics lang=lang />
                <pre class="apply-out" data-test="apply-out">{move || apply_out.get()}</pre>
                <DockerPanel sim=sim lang=lang console=console />
                <PullLab sim=sim lang=lang editor=editor apply=apply />
            </section>
            <section class="cluster-panel">
                <div class="timebar">
                    <button data-test="play" on:click=move |_| playing.update(|p| *p = !*p)>{move || if playing.get() { t(Key::Pause) } else { t(Key::Play) }}</button>
                    <button
                        data-test="step"
                        on:click=move |_| {
                            sim.act(|c| c.step());
                        }
                    >
                        {move || t(Key::Step)}
                    </button>
                    <label>
                        {move || t(Key::Speed)}
                        <select data-test="speed" on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1))>
                            {[1u32, 2, 5, 10, 30, 100].into_iter().map(|s| view! { <option value=s.to_string() selected=s == 1>{format!("{s}×")}</option> }).collect_view()}
                        </select>
                    </label>
                    <span class="clock" title=move || t(Key::Time)>
                        {clock}
                        " (+"
                        {elapsed}
                        ")"
                    </span>
                    <code class="last-command" data-test="last-command">{move || last_command.get()}</code>
                </div>
                {move || {
                    ticker.behind.get().map(|(owed, most)| {
                        view! {
                            <div class="catchup" data-test="catchup">
                                <span>{t(Key::CatchingUp)} " " {engine::time::go_duration(owed / 1000 * 1000)}</span>
                                <progress max=most.to_string() value=(most - owed).to_string()></progress>
                                <button data-test="cancel" on:click=move |_| ticker.cancel()>{t(Key::Cancel)}</button>
                            </div>
                        }
                    })
                }}
                <ClusterView sim=sim selection=selection lang=lang />
                <p class="simplified">{move || t(Key::Simplified)}</p>
            </section>
            <aside class="side-panel">
                <Details sim=sim selection=selection lang=lang last=last_command run=run_kubectl />
                <AutoscalePanel sim=sim lang=lang editor=editor apply=apply />
            </aside>
        </main>
        <section class="bottom">
            <div class="tabs">
                <button class:active=move || tab.get() == "events" on:click=move |_| tab.set("events")>{move || t(Key::Events)}</button>
                <button class:active=move || tab.get() == "tables" on:click=move |_| tab.set("tables")>{move || t(Key::Tables)}</button>
                <button data-test="console-tab" class:active=move || tab.get() == "console" on:click=move |_| tab.set("console")>{move || t(Key::Console)}</button>
            </div>
            {move || match tab.get() {
                "events" => view! { <pre class="table" data-test="events">{move || events_table(sim, lang.get())}</pre> }.into_any(),
                "tables" => view! { <pre class="table" data-test="tables">{move || tables(sim, lang.get())}</pre> }.into_any(),
                _ => view! { <Console lang=lang console=console run=run_kubectl /> }.into_any(),
            }}
        </section>
    }
}

/// Lines of a table the page redraws; the console prints them all.
const TABLE_LINES: usize = 500;

/// The first `TABLE_LINES` lines of `out`, with a note of what was cut.
fn capped(out: String, l: Lang) -> String {
    let total = out.lines().count();
    if total <= TABLE_LINES {
        return out;
    }
    let mut head: String = out.lines().take(TABLE_LINES).collect::<Vec<_>>().join("\n");
    head.push_str(&format!("\n… {} {}\n", total - TABLE_LINES, text(l, Key::TablesCapped)));
    head
}

fn events_table(sim: Sim, l: Lang) -> String {
    sim.version.track();
    // A read: nothing is recorded.
    sim.cluster.with_value(|c| capped(c.read("kubectl get events -A").text(), l))
}

fn tables(sim: Sim, l: Lang) -> String {
    sim.version.track();
    sim.cluster.with_value(|c| {
        let large = engine::view::is_large(c);
        // A large cluster's pod and endpoint lists are too long to redraw: the console has them.
        let commands: &[&str] = if large {
            &["get deployments", "get replicasets", "get services", "get nodes"]
        } else {
            &["get deployments", "get replicasets", "get pods -o wide", "get services", "get endpoints", "get nodes"]
        };
        commands
            .iter()
            .map(|cmd| format!("$ kubectl {cmd}\n{}", capped(c.read(&format!("kubectl {cmd}")).text(), l)))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[component]
fn Diagnostics(diagnostics: RwSignal<Vec<Diagnostic>>, lang: RwSignal<Lang>) -> impl IntoView {
    view! {
        <ul class="diagnostics" data-test="diagnostics">
            {move || {
                let list = diagnostics.get();
                let l = lang.get();
                if list.is_empty() {
                    view! { <li class="ok">{text(l, Key::NoErrors)}</li> }.into_any()
                } else {
                    list.into_iter()
                        .map(|d| {
                            view! {
                                <li class="error" data-line=d.span.line.to_string()>
                                    <b>{format!("{} {}:{}", text(l, Key::Line), d.span.line, d.span.col)}</b>
                                    " "
                                    <span>{d.text}</span>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
            }}
        </ul>
    }
}

#[component]
fn Console(
    lang: RwSignal<Lang>,
    console: RwSignal<Vec<(String, String)>>,
    run: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let input = RwSignal::new(String::new());
    let submit = move || {
        let line = input.get_untracked();
        if !line.trim().is_empty() {
            // The simulator's own verbs as a script has them; anything else is kubectl's.
            let first = line.split_whitespace().next().unwrap_or("");
            let line = if first == "kubectl" || first == "k" || engine::shell::VERBS.contains(&first) || first.starts_with('#') {
                line
            } else {
                format!("kubectl {line}")
            };
            run(line);
            input.set(String::new());
        }
    };
    view! {
        <div class="console">
            <pre class="console-log" data-test="console-log">
                {move || console.get().iter().map(|(cmd, out)| format!("$ {cmd}\n{out}")).collect::<Vec<_>>().join("")}
            </pre>
            <div class="row">
                <input
                    data-test="console-input"
                    placeholder=move || text(lang.get(), Key::ConsoleHint)
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            submit();
                        }
                    }
                />
                <button data-test="console-run" on:click=move |_| submit()>{move || text(lang.get(), Key::Run)}</button>
            </div>
        </div>
    }
}

#[component]
fn Details(
    sim: Sim,
    selection: RwSignal<Option<Selection>>,
    lang: RwSignal<Lang>,
    last: RwSignal<String>,
    run: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = move |k: Key| text(lang.get(), k);
    let describe = move |cmd: String| sim.cluster.with_value(|c| c.read(&format!("kubectl {cmd}")).text());
    view! {
        <h2>{move || t(Key::Details)}</h2>
        {move || {
            sim.version.track();
            match selection.get() {
                None => view! { <p class="hint">{t(Key::NothingSelected)}</p> }.into_any(),
                Some(Selection::Pod(ns, name)) => {
                    let exists = sim.read(|c| c.store.pod_id(&ns, &name).is_some());
                    let why = sim.read(|c| {
                        let uid = c.store.pod_id(&ns, &name).and_then(|id| c.store.pod(id)).map(|p| p.meta.uid.clone()).unwrap_or_default();
                        c.scheduler.placement(&uid).map(|p| {
                            p.nodes
                                .iter()
                                .map(|(n, v)| match v {
                                    engine::scheduler::Verdict::Filtered(r) => format!("{n}: ✕ {r}"),
                                    engine::scheduler::Verdict::Scored { total, .. } => format!("{n}: {total}{}", if p.chosen.as_deref() == Some(n.as_str()) { " ★" } else { "" }),
                                    engine::scheduler::Verdict::NotChecked => format!("{n}: -"),
                                })
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                    });
                    let stories = sim.read(|c| engine::explain::container_stories(c, &ns, &name));
                    let l = lang.get();
                    let story_lines: Vec<String> = stories.iter().map(|s| story_text(l, s)).collect();
                    let cmd = format!("kubectl delete pod {name} --wait=false");
                    let d = describe(format!("describe pod {name} -n {ns}"));
                    view! {
                        <div class="actions">
                            <button class="danger" data-test="kill-pod" disabled=!exists on:click=move |_| run(cmd.clone())>{t(Key::KillPod)}</button>
                        </div>
                        <ul class="stories" data-test="stories">{story_lines.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                        {why.map(|w| view! { <h3>{t(Key::Why)}</h3><pre class="why">{w}</pre> })}
                        <pre class="describe" data-test="describe">{d}</pre>
                    }
                    .into_any()
                }
                Some(Selection::Node(name)) => {
                    let up = sim.read(|c| c.store.nodes.get(&name).map(|n| n.kubelet_up).unwrap_or(true));
                    let d = describe(format!("describe node {name}"));
                    let n2 = name.clone();
                    view! {
                        <div class="actions">
                            {if up {
                                view! {
                                    <button
                                        class="danger"
                                        data-test="kill-node"
                                        on:click=move |_| {
                                            let _ = sim.act(|c| c.kill_node(&n2));
                                            last.set(format!("node kill {n2}   # the kubelet stops: NotReady after ~50 s"));
                                        }
                                    >
                                        {t(Key::KillNode)}
                                    </button>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button
                                        data-test="restore-node"
                                        on:click=move |_| {
                                            let _ = sim.act(|c| c.restore_node(&n2));
                                            last.set(format!("node restore {n2}"));
                                        }
                                    >
                                        {t(Key::RestoreNode)}
                                    </button>
                                }
                                    .into_any()
                            }}
                        </div>
                        <pre class="describe">{d}</pre>
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
                                min="0"
                                max="20"
                                prop:value=replicas.to_string()
                                on:change=move |ev| run(format!("kubectl scale deployment {n3} --replicas={}", event_target_value(&ev)))
                            />
                        </div>
                        <pre class="describe">{d}</pre>
                    }
                    .into_any()
                }
                Some(Selection::Service(name)) => {
                    let d = describe(format!("describe service {name}"));
                    let problems: Vec<String> = sim.read(|c| engine::proxy::service_problems(c, "default", &name)).iter().map(|p| crate::i18n::service_problem(lang.get(), p)).collect();
                    let traffic = expect_context::<Traffic>();
                    // The histogram alone follows the requests, not the whole panel.
                    let histogram = move || {
                        traffic.served.track();
                        let stats: Vec<(String, u64, u64)> = sim.read(|c| {
                            c.proxy.stats.iter().map(|(k, s)| (k.split('/').nth(1).unwrap_or(k).to_string(), s.requests, s.errors)).collect()
                        });
                        let max = stats.iter().map(|s| s.1).max().unwrap_or(1).max(1);
                        // Past a few dozen pods, bars stop being readable and cost a frame:
                        // the rest are summed up in one line.
                        let rest = stats.get(HISTOGRAM_ROWS..).filter(|r| !r.is_empty()).map(|r| {
                            let (lo, hi) = (r.iter().map(|s| s.1).min().unwrap_or(0), r.iter().map(|s| s.1).max().unwrap_or(0));
                            view! { <div class="bar-row more" data-test="hits-more">{format!("+{} · {lo}–{hi}", r.len())}</div> }
                        });
                        let rows = stats
                            .into_iter()
                            .take(HISTOGRAM_ROWS)
                            .map(|(pod, n, e)| {
                                let w = format!("width: {}%", n * 100 / max);
                                view! {
                                    <div class="bar-row">
                                        <span class="bar-label">{pod}</span>
                                        <span class="bar" style=w></span>
                                        <span class="bar-count" data-test="hits">{n.to_string()}</span>
                                        {(e > 0).then(|| view! { <span class="bar-errors">{format!("✕{e}")}</span> })}
                                    </div>
                                }
                            })
                            .collect_view();
                        view! { {rows} {rest} }
                    };
                    let (s1, s2, s3, s4) = (name.clone(), name.clone(), name.clone(), name.clone());
                    let mode = sim.read(|c| c.proxy.mode);
                    let sticky = sim.read(|c| c.store.services.get(&("default".to_string(), name.clone())).is_some_and(|s| s.session_affinity_client_ip));
                    let rate_now = traffic.rate.get_untracked().filter(|(s, _)| *s == name).map(|(_, r)| r).unwrap_or(0.0);
                    view! {
                        <div class="actions">
                            <button
                                data-test="send-one"
                                on:click=move |_| {
                                    send(sim, traffic, &s1, 1);
                                    last.set(curl_line(sim, &s1, 1));
                                }
                            >
                                {t(Key::SendOne)}
                            </button>
                            <button
                                data-test="send-burst"
                                on:click=move |_| {
                                    send(sim, traffic, &s2, 100);
                                    last.set(curl_line(sim, &s2, 100));
                                }
                            >
                                {t(Key::SendBurst)}
                            </button>
                            <label>
                                {t(Key::Rate)}
                                <select data-test="rate" on:change=move |ev| {
                                    let per_second: f64 = event_target_value(&ev).parse().unwrap_or(0.0);
                                    traffic.rate.set((per_second > 0.0).then(|| (s3.clone(), per_second)));
                                }>
                                    {[0u32, 1, 5, 20, 100, 200, 1000].into_iter().map(|r| view! { <option value=r.to_string() selected=rate_now == f64::from(r)>{format!("{r}/s")}</option> }).collect_view()}
                                </select>
                            </label>
                            <label>
                                {t(Key::ProxyMode)}
                                <select data-test="proxy-mode" on:change=move |ev| {
                                    let choice = event_target_value(&ev);
                                    let svc = s4.clone();
                                    match choice.as_str() {
                                        "clientip" => {
                                            sim.act(|c| c.set_session_affinity("default", &svc, true));
                                            last.set(format!("kubectl patch service {svc} -p '{{\"spec\":{{\"sessionAffinity\":\"ClientIP\"}}}}'"));
                                        }
                                        mode => {
                                            let ipvs = mode == "ipvs";
                                            sim.act(|c| {
                                                c.set_session_affinity("default", &svc, false);
                                                c.set_proxy_mode(if ipvs { engine::proxy::Mode::Ipvs } else { engine::proxy::Mode::Iptables })
                                            });
                                            last.set(format!("kube-proxy --proxy-mode={}", if ipvs { "ipvs" } else { "iptables" }));
                                        }
                                    }
                                }>
                                    <option value="iptables" selected=!sticky && mode == engine::proxy::Mode::Iptables>"iptables (random)"</option>
                                    <option value="ipvs" selected=!sticky && mode == engine::proxy::Mode::Ipvs>"ipvs (round robin)"</option>
                                    <option value="clientip" selected=sticky>"ClientIP affinity"</option>
                                </select>
                            </label>
                        </div>
                        {(!problems.is_empty()).then(|| view! { <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> })}
                        <h3>{t(Key::Requests)}</h3>
                        <div class="histogram" data-test="histogram">{histogram}</div>
                        <pre class="describe">{d}</pre>
                    }
                    .into_any()
                }
            }
        }}
    }
}

/// The command a student would type to send these requests from outside.
fn curl_line(sim: Sim, service: &str, n: usize) -> String {
    sim.cluster.with_value(|c| {
        let svc = c.store.services.get(&("default".to_string(), service.to_string()));
        let target = match svc.and_then(|s| s.ports.iter().find_map(|p| p.node_port)) {
            Some(np) => {
                let node = c.store.nodes.values().find(|n| n.taints.is_empty()).or(c.store.nodes.values().next());
                format!("http://{}:{np}/", node.map(|n| engine::net::format_ipv4(n.internal_ip)).unwrap_or_default())
            }
            None => svc
                .map(|s| format!("http://{}:{}/", s.cluster_ip_text(), s.ports.first().map(|p| p.port).unwrap_or(80)))
                .unwrap_or_default(),
        };
        if n == 1 {
            format!("curl {target}")
        } else {
            format!("for i in $(seq {n}); do curl -s {target}; done")
        }
    })
}

/// One container's image story in words: its policy and why, where the image is, what
/// the kubelet does, and when it tries again.
fn story_text(l: Lang, s: &engine::explain::ContainerStory) -> String {
    use engine::model::pod::PullPolicy;
    let why = if s.policy_defaulted { text(l, Key::PolicyDefaulted) } else { text(l, Key::PolicySet) };
    let node = if s.on_node { text(l, Key::OnNode) } else { text(l, Key::NotOnNode) };
    let registry = if s.in_registry { text(l, Key::InRegistry) } else { text(l, Key::NotInRegistry) };
    let outcome = match (s.policy, s.on_node, s.in_registry) {
        (PullPolicy::Never, true, _) | (PullPolicy::IfNotPresent, true, _) => text(l, Key::UsesLocal),
        (PullPolicy::Never, false, _) => text(l, Key::NeverPulls),
        (_, _, true) => text(l, Key::Pulls),
        (_, _, false) => text(l, Key::PullFails),
    };
    let mut out = format!("{} · {} · imagePullPolicy {} ({why}); {node}; {registry} {outcome}", s.container, s.image, s.policy.as_str());
    if let Some(ms) = s.retry_in {
        out.push_str(&format!(" · {} {}s", text(l, Key::RetryIn), ms.div_ceil(1000)));
    }
    out
}

/// Sends `n` requests to a Service from outside (through a NodePort when it has one) and
/// puts a few of them on screen as dots.
pub fn send(sim: Sim, traffic: Traffic, service: &str, n: usize) {
    // Requests change counters, not objects: the histogram follows `served`, and the
    // drawing is not redrawn for them.
    let requests = sim.cluster.try_update_value(|c| {
        let svc = c.store.services.get(&("default".to_string(), service.to_string())).cloned();
        let entry = match svc {
            Some(s) if s.ports.iter().any(|p| p.node_port.is_some()) => engine::proxy::Entry::NodePort(
                c.store
                    .nodes
                    .values()
                    .find(|n| n.taints.is_empty())
                    .or(c.store.nodes.values().next())
                    .map(|n| n.meta.name.clone())
                    .unwrap_or_default(),
            ),
            _ => engine::proxy::Entry::ClusterIp,
        };
        c.send_requests("default", service, None, &entry, "192.168.1.10", n)
    });
    let Some(requests) = requests else { return };
    traffic.served.update(|s| *s += 1);
    let now = real_now();
    let shown = requests.len().min(24);
    let step = requests.len() / shown.max(1);
    traffic.dots.update(|dots| {
        for (k, r) in requests.iter().step_by(step.max(1)).take(shown).enumerate() {
            dots.push(Dot {
                born: now + k as f64 * 45.0,
                via_node: r.via_node.clone(),
                service: service.to_string(),
                pod: r.pod.clone(),
                ok: r.outcome == engine::proxy::Outcome::Ok,
            });
        }
        // Never more than a few hundred on screen.
        let excess = dots.len().saturating_sub(300);
        dots.drain(..excess);
    });
    traffic.clock.set(now);
}

#[component]
fn DockerPanel(sim: Sim, lang: RwSignal<Lang>, console: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let dockerfile = RwSignal::new(examples::SEED_DOCKERFILE.to_string());
    let tag = RwSignal::new("spring-server".to_string());
    let out = RwSignal::new(String::new());
    let build = move |_| {
        let df = dockerfile.get_untracked();
        let tg = tag.get_untracked();
        let o = sim.act(|c| {
            let o = c.docker_build(&df, &tg, &seed_context());
            if c.preset() == Preset::Kind && !o.contains("ERROR") {
                c.kind_load(&tg);
            }
            o
        });
        console.update(|l| l.push((format!("docker build -t {tg} ."), o.clone())));
        if let Some(last) = use_context::<LastCommand>() {
            last.0.set(format!("docker build -t {tg} ."));
        }
        out.set(o);
    };
    view! {
        <details class="docker">
            <summary>{move || text(lang.get(), Key::DockerBuild)}</summary>
            <textarea class="dockerfile" data-test="dockerfile" prop:value=move || dockerfile.get() on:input=move |ev| dockerfile.set(event_target_value(&ev))></textarea>
            <div class="row">
                <label>
                    {move || text(lang.get(), Key::Tag)}
                    <input prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) />
                </label>
                <button data-test="build" on:click=build>{move || text(lang.get(), Key::Build)}</button>
            </div>
            <pre class="build-out" data-test="build-out">{move || out.get()}</pre>
        </details>
    }
}

#[component]
fn PullLab(sim: Sim, lang: RwSignal<Lang>, editor: RwSignal<String>, apply: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let run = move |built: bool| {
        sim.act(|c| {
            c.kubectl(
                "delete pod policy-always policy-ifnotpresent policy-never policy-unset --force --grace-period=0 --ignore-not-found",
                &engine::kubectl::NoFiles,
            );
            if !built {
                c.remove_local_image("spring-server");
            } else {
                c.docker_build(examples::SEED_DOCKERFILE_FIXED, "spring-server", &seed_context());
                if c.preset() == Preset::Kind {
                    c.kind_load("spring-server");
                }
            }
        });
        editor.set(examples::PULL_LAB.to_string());
        apply();
    };
    view! {
        <details class="pull-lab" open=true>
            <summary>{move || text(lang.get(), Key::PullLab)}</summary>
            <p class="hint">{move || text(lang.get(), Key::PullLabHint)}</p>
            <div class="row">
                <button data-test="lab-without" on:click=move |_| run(false)>{move || text(lang.get(), Key::PullLabWithout)}</button>
                <button data-test="lab-with" on:click=move |_| run(true)>{move || text(lang.get(), Key::PullLabWith)}</button>
            </div>
        </details>
    }
}
