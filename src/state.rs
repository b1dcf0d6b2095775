//! The page's shared state, and the one door to the cluster. `Sim` holds the cluster on
//! its timeline: panels read it through `Sim::read` and change it only through
//! `Sim::perform` (an action) or `Sim::run` (a line, as the console and the command line
//! take it), which note the change for recovery before making it; the time bar moves it
//! along the timeline (`Sim::rewind_to`, `Sim::step_back`, …). `Page` bundles the signals every
//! panel shares (the language, the editor, the selection, the console, …) with the
//! operations they offer (apply the editor, run a line, send requests, start over).

use crate::examples;
use crate::i18n::{text, Key, Lang};
use crate::recovery::{self, Pending, Recovered};
use crate::storage;
use crate::tabs::{PageFiles, Tabs};
use engine::actions::{Action, Outcome};
use engine::apply::Diagnostic;
use engine::kubectl::Output;
use engine::time::Millis;
use engine::timeline::{Moment, Timeline};
use engine::{Cluster, Preset};
use leptos::prelude::*;

/// Kubernetes' documented limit is 5,000 nodes; the page accepts as many workers.
pub const MAX_WORKERS: usize = 5_000;

/// The simulated cluster (on its timeline) and the counters that change with it.
#[derive(Clone, Copy)]
pub struct Sim {
    cluster: StoredValue<Timeline, LocalStorage>,
    /// Changes whenever an object does: what the drawing and the tables follow.
    pub version: RwSignal<u64>,
    /// The simulated second: what the clock follows, without redrawing the cluster.
    pub second: RwSignal<u64>,
    /// The editor's tabs: what a `-f` of a typed line reads.
    tabs: Tabs,
    /// Whether recovery keeps this cluster's log: the page's own cluster, not a copy
    /// shown beside it.
    recorded: bool,
    /// A cluster shown beside this one (Compare), kept on this one's clock.
    twin: StoredValue<Option<Sim>, LocalStorage>,
}

/// A twin's advance is never cut short: it runs as far as its cluster did. (One function,
/// not a closure, so the twin's `advance_sliced` is the same instance as its caller's.)
fn never() -> bool {
    false
}

/// What a slice of the clock did.
pub struct Advanced {
    pub ms: Millis,
    /// Whether any object changed.
    pub changed: bool,
    pub second: u64,
    /// Whether the cluster is drawn aggregated.
    pub large: bool,
}

impl Sim {
    /// The page's one cluster, built once for the first view: a placeholder replaced at
    /// once would cost the first draw a whole boot of the preset.
    fn new(tabs: Tabs, preset: Preset, seed: u64, workers: Option<usize>) -> Sim {
        Sim {
            cluster: StoredValue::new_local(Timeline::new(fresh(preset, seed, workers))),
            version: RwSignal::new(0),
            second: RwSignal::new(0),
            tabs,
            recorded: true,
            twin: StoredValue::new_local(None),
        }
    }

    /// A copy of the cluster as it is now (same seed, same state, byte for byte) on a
    /// timeline of its own, reading A's tabs for `-f` with `editor` as the open one's text; recovery does not keep it.
    pub fn copy(&self, editor: RwSignal<String>) -> Sim {
        let cluster = self.cluster.with_value(|t| t.cluster().clone());
        Sim {
            cluster: StoredValue::new_local(Timeline::new(cluster)),
            version: RwSignal::new(0),
            second: RwSignal::new(self.second.get_untracked()),
            tabs: self.tabs.fork(editor),
            recorded: false,
            twin: StoredValue::new_local(None),
        }
    }

    /// Shows `twin` beside this cluster on one clock (or none): every advance and every
    /// move along the timeline moves it to the same instant.
    pub fn set_twin(&self, twin: Option<Sim>) {
        self.twin.set_value(twin);
    }

    /// Brings the twin to this cluster's instant: forward by running it, back by its own
    /// timeline.
    fn sync_twin(&self) {
        let Some(b) = self.twin.get_value() else { return };
        let (mine, theirs) = (self.read_untracked(|c| c.now()), b.read_untracked(|c| c.now()));
        if theirs > mine {
            b.rewind_to_instant(mine);
        } else if theirs < mine {
            let step = b.advance_sliced(mine - theirs, never);
            b.second.set(step.second);
            b.redraw();
        }
    }

    /// Reads the cluster, re-running the caller when it changes.
    pub fn read<R>(&self, f: impl FnOnce(&Cluster) -> R) -> R {
        self.version.track();
        self.cluster.with_value(|t| f(t.cluster()))
    }

    /// Reads the cluster once, without following it.
    pub fn read_untracked<R>(&self, f: impl FnOnce(&Cluster) -> R) -> R {
        self.cluster.with_value(|t| f(t.cluster()))
    }

    /// Reads the timeline (its events, marks, where the cluster shown is on it),
    /// re-running the caller when the cluster changes.
    pub fn timeline<R>(&self, f: impl FnOnce(&Timeline) -> R) -> R {
        self.version.track();
        self.cluster.with_value(f)
    }

    /// Moves along the timeline (a rewind, a step back, a jump to a mark) and tells every
    /// reader; recovery keeps the log of the cluster now shown.
    fn travel(&self, f: impl FnOnce(&mut Timeline, &PageFiles)) {
        let files = PageFiles(Some(self.tabs));
        let recorded = self.recorded;
        let second = self.cluster.try_update_value(|t| {
            f(t, &files);
            if recorded {
                recovery::after(t.cluster().log());
            }
            t.cluster().now() / 1000
        });
        if let Some(second) = second {
            self.second.set(second);
        }
        self.redraw();
        self.sync_twin();
    }

    /// Shows the cluster at a moment of the timeline.
    pub fn rewind_to(&self, m: Moment) {
        self.travel(|t, files| t.rewind_to(m, files));
    }

    /// Shows the cluster at a simulated instant (everything done at it included).
    pub fn rewind_to_instant(&self, at: Millis) {
        self.travel(|t, files| t.rewind_to_instant(at, files));
    }

    /// Shows the cluster just before the latest event shown.
    pub fn step_back(&self) {
        self.travel(|t, files| t.step_back(files));
    }

    /// Replays the recorded future up to just before its next event.
    pub fn step_forward(&self) {
        self.travel(|t, files| t.step_forward(files));
    }

    /// Whether the cluster shown is earlier than the latest recorded.
    pub fn is_rewound(&self) -> bool {
        self.cluster.with_value(Timeline::is_rewound)
    }

    /// The R key: back to the latest mark before the moment shown, else one event back.
    pub fn back(&self) {
        self.travel(|t, files| t.back(files));
    }

    /// Back to the latest moment recorded.
    pub fn go_to_end(&self) {
        self.travel(|t, files| t.rewind_to(t.end(), files));
    }

    /// Marks the moment shown.
    pub fn mark(&self) {
        self.cluster.update_value(Timeline::add_mark);
        self.redraw();
    }

    /// Makes one change, noted first for recovery, and tells every reader. Requests
    /// change counters, not objects: the histogram follows `Traffic::served`, and the
    /// drawing is not redrawn for them (at 200 requests a second, once a frame).
    fn change<R>(&self, pending: Pending, f: impl FnOnce(&mut Cluster) -> R) -> R {
        let redraw = !matches!(pending, Pending::Action(Action::Requests { .. }));
        let recorded = self.recorded;
        if recorded {
            recovery::before(pending);
        }
        let r = self
            .cluster
            .try_update_value(|t| {
                if recorded {
                    recovery::fail_if_asked();
                }
                let r = t.change(f);
                if recorded {
                    recovery::after(t.cluster().log());
                }
                r
            })
            .expect("the cluster lives as long as the page");
        if redraw {
            self.version.update(|v| *v += 1);
        }
        // A line that waits or steps moves the clock: the twin follows.
        self.sync_twin();
        r
    }

    /// Performs one action (the cluster records it).
    pub fn perform(&self, a: &Action) -> Outcome {
        let files = PageFiles(Some(self.tabs));
        self.change(Pending::Action(a.clone()), |c| c.perform(a, &files))
    }

    /// Runs any line a person types: kubectl or the simulator's verbs. A change is
    /// recorded, a read is not.
    pub fn run(&self, line: &str) -> Output {
        let files = PageFiles(Some(self.tabs));
        self.change(Pending::Line(line.to_string()), |c| c.run(line, &files))
    }

    /// The clock's door: advances toward `ms` later, asking `stop` between instants; on a
    /// rewound timeline, along the recorded future (its actions done again at their
    /// instants).
    pub fn advance_sliced(&self, ms: Millis, stop: impl FnMut() -> bool) -> Advanced {
        let recorded = self.recorded;
        if recorded {
            recovery::before(Pending::Action(Action::Advance(ms)));
        }
        let files = PageFiles(Some(self.tabs));
        let step = self
            .cluster
            .try_update_value(|t| {
                let before = engine::view::revision(t.cluster());
                let rewound = t.is_rewound();
                let advanced = t.advance_sliced(ms, stop, &files);
                if recorded {
                    recovery::after(t.cluster().log());
                }
                let c = t.cluster();
                Advanced {
                    ms: advanced,
                    // Replayed actions change the cluster as much as objects do.
                    changed: engine::view::revision(c) != before || rewound,
                    second: c.now() / 1000,
                    large: engine::view::is_large(c),
                }
            })
            .unwrap_or(Advanced { ms, changed: false, second: 0, large: false });
        // The twin runs exactly as far (one clock), redrawn when it changed.
        if let Some(b) = self.twin.get_value() {
            let theirs = b.advance_sliced(step.ms, never);
            if theirs.second != b.second.get_untracked() {
                b.second.set(theirs.second);
            }
            if theirs.changed {
                b.redraw();
            }
        }
        step
    }

    /// Tells every reader the cluster changed (the clock batches its redraws).
    pub fn redraw(&self) {
        self.version.update(|v| *v += 1);
    }

    /// A fresh cluster of the preset, with the seed post's image built as the post meant it
    /// (its Dockerfile has two typos; the docker build panel shows both versions).
    pub fn reset(&self, preset: Preset, seed: u64, workers: Option<usize>) {
        self.start(preset, seed, workers);
        self.build_seed_image(preset);
    }

    /// What `reset` adds to a fresh cluster.
    fn build_seed_image(&self, preset: Preset) {
        let build = Action::Build { dockerfile: examples::SEED_DOCKERFILE_FIXED.to_string(), tag: "spring-server".into() };
        self.perform(&build);
        if preset == Preset::Kind {
            self.perform(&Action::KindLoad("spring-server".into()));
        }
    }

    /// The fresh cluster rebuilt from an action log: the same seed and actions give the
    /// same cluster, byte for byte.
    fn replay(&self, seed: u64, actions: &[Action]) {
        // A log that began with an import begins with it again, before the timeline's start.
        let actions = match engine::import::split(actions) {
            Some((list, rest)) if self.import(seed, list).is_ok() => rest,
            _ => actions,
        };
        for a in actions {
            self.perform(a);
        }
    }

    /// Runs one step of a lesson: its manifests and lines, as one change, reading the
    /// lesson's files. Returns the transcript.
    pub fn lesson_step(&self, step: &engine::lesson::Step, files: &engine::lesson::LessonFiles) -> String {
        self.change(Pending::Line(format!("# lesson step: {}", step.title)), |c| engine::lesson::run_step(c, step, files).0)
    }

    /// The cluster a real one's dump makes (`engine::import::Dump::text`), in place of
    /// this one only once it is built: on an error nothing changes. Its log is the import
    /// alone, so recovery and a share link rebuild it, and its timeline begins after it.
    pub fn import(&self, seed: u64, list: &str) -> Result<(), String> {
        let c = engine::import::start(list, seed)?;
        recovery::start(Preset::Cloud.name(), seed, 0);
        recovery::after(c.log());
        self.cluster.set_value(Timeline::new(c));
        self.second.set(0);
        self.redraw();
        Ok(())
    }

    /// A fresh cluster of the preset with nothing built or applied (a lesson's start).
    pub fn start(&self, preset: Preset, seed: u64, workers: Option<usize>) {
        // A new cluster ends a comparison.
        self.twin.set_value(None);
        self.cluster.set_value(Timeline::new(fresh(preset, seed, workers)));
        self.redraw();
    }
}

/// A new cluster of the preset, nothing built or applied, noted for recovery.
fn fresh(preset: Preset, seed: u64, workers: Option<usize>) -> Cluster {
    let workers = if preset == Preset::DockerDesktop { None } else { workers };
    recovery::start(preset.name(), seed, workers.unwrap_or(0));
    Cluster::new(preset, workers, seed)
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
    /// Dropped by a NetworkPolicy: it stops short of the pod.
    pub dropped: bool,
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
    /// Requests due but not yet sent (a fraction of one).
    pub owed: StoredValue<f64, LocalStorage>,
    /// Changes whenever requests were sent: what the request histogram follows.
    pub served: RwSignal<u64>,
    /// Each Service's counts when its table was last reset: the table shows what came
    /// since. Only what is shown; the cluster's counters keep counting.
    pub baseline: RwSignal<std::collections::BTreeMap<String, engine::view::ServiceTraffic>>,
}

impl Default for Traffic {
    fn default() -> Traffic {
        Traffic::new()
    }
}

impl Traffic {
    pub fn new() -> Traffic {
        Traffic {
            dots: RwSignal::new(vec![]),
            clock: RwSignal::new(0.0),
            rate: RwSignal::new(None),
            owed: StoredValue::new_local(0.0),
            served: RwSignal::new(0),
            baseline: RwSignal::new(Default::default()),
        }
    }

    /// Sends `n` requests to a Service from outside (through a NodePort when it has one)
    /// and puts a few of them on screen as dots.
    pub fn send(&self, sim: Sim, service: &str, n: usize) {
        let Some(routing) = sim.read_untracked(|c| engine::view::service_routing(c, "default", service)) else { return };
        let a = Action::Requests {
            namespace: "default".into(),
            service: service.to_string(),
            port: None,
            entry: routing.entry,
            client: "192.168.1.10".into(),
            count: n,
        };
        let Outcome::Requests(requests) = sim.perform(&a) else { return };
        self.served.update(|s| *s += 1);
        let now = real_now();
        let shown = requests.len().min(24);
        let step = requests.len() / shown.max(1);
        self.dots.update(|dots| {
            for (k, r) in requests.iter().step_by(step.max(1)).take(shown).enumerate() {
                dots.push(Dot {
                    born: now + k as f64 * 45.0,
                    via_node: r.via_node.clone(),
                    service: service.to_string(),
                    pod: r.pod.clone(),
                    ok: r.outcome == engine::proxy::Outcome::Ok,
                    dropped: matches!(r.outcome, engine::proxy::Outcome::Dropped(_)),
                });
            }
            // Never more than a few hundred on screen.
            let excess = dots.len().saturating_sub(300);
            dots.drain(..excess);
        });
        self.clock.set(now);
    }
}

pub fn real_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

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
    StatefulSet(String),
    DaemonSet(String),
    Job(String),
    CronJob(String),
    /// A ConfigMap, Secret or claim: its kind as the view model names it, namespace, name.
    Config(&'static str, String, String),
    /// An object shown by its `describe` alone (an Ingress, a NetworkPolicy, a
    /// ResourceQuota): kubectl's resource name, namespace, name.
    Object(&'static str, String, String),
}

/// Which cluster the buttons act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    A,
    Both,
    B,
}

/// A comparison under way (Compare, `panels::compare`): B, a copy of the page's
/// cluster kept on its clock, the variant's two sides, and where actions go.
#[derive(Clone, Copy)]
pub struct Comparison {
    pub b: Sim,
    pub pair: RwSignal<engine::compare::Pair>,
    /// B's manifests as they stand (edited by hand in "edit B"): what B's `-f` reads.
    pub text_b: RwSignal<String>,
    pub target: RwSignal<Target>,
    /// What the last action printed on each side.
    pub out: RwSignal<(String, String)>,
    pub selection_b: RwSignal<Option<Selection>>,
    pub traffic_b: Traffic,
}

/// Lines of a table the page redraws; the console prints them all.
pub const TABLE_LINES: usize = 500;

/// The first `TABLE_LINES` lines of `out`, with a note of what was cut.
pub fn capped(out: String, l: Lang) -> String {
    let total = out.lines().count();
    if total <= TABLE_LINES {
        return out;
    }
    let mut head: String = out.lines().take(TABLE_LINES).collect::<Vec<_>>().join("\n");
    head.push_str(&format!("\n… {} {}\n", total - TABLE_LINES, text(l, Key::TablesCapped)));
    head
}

/// An open `kubectl edit`: the object shown in the editor pane, and the manifests the
/// pane held before, given back when the edit ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Editing {
    pub buffer: engine::kubectl::edit::Buffer,
    pub line: String,
    pub before: String,
}

/// The console's terminal in a container and the kubectl line that opened it (the
/// session itself is the engine's; the console panel drives it).
#[derive(Clone, Debug, PartialEq)]
pub struct TerminalSession {
    pub line: String,
    pub term: engine::terminal::Terminal,
}

/// A console line still running as the page plays: `kubectl get -w`, a waiting
/// `kubectl rollout status` or `kubectl logs -f` (panels/watch.rs keeps it).
#[derive(Clone, Debug, PartialEq)]
pub struct LiveWatch {
    pub line: String,
    pub follow: Follow,
    /// The simulated instant it began (`--request-timeout` counts from it).
    pub since: Millis,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Follow {
    Watch(engine::kubectl::watch::Watch),
    /// The rollout waited for and the last line it printed.
    Rollout(engine::kubectl::Wait, String),
    /// `kubectl logs -f`.
    Logs(engine::kubectl::logs_follow::Follow),
}

/// Everything the panels share.
#[derive(Clone, Copy)]
pub struct Page {
    pub sim: Sim,
    pub lang: RwSignal<Lang>,
    pub preset: RwSignal<Preset>,
    pub seed: RwSignal<u64>,
    /// Worker nodes chosen; `None` for the preset's default.
    pub workers: RwSignal<Option<usize>>,
    /// The open tab's text (every panel that sets the editor sets the open tab).
    pub editor: RwSignal<String>,
    /// The editor's files, one tab each.
    pub tabs: Tabs,
    /// The last apply's errors, marked in the editor's gutter.
    pub diagnostics: RwSignal<Vec<Diagnostic>>,
    /// The head of the last apply's output, under the editor.
    pub apply_out: RwSignal<String>,
    pub selection: RwSignal<Option<Selection>>,
    /// Every line run and what it printed.
    pub console: RwSignal<Vec<(String, String)>>,
    pub last: LastCommand,
    pub traffic: Traffic,
    /// Set when the page was reloaded after a panic.
    pub recovered: RwSignal<Option<Recovered>>,
    /// The `kubectl edit` open in the editor pane, if one is.
    pub editing: RwSignal<Option<Editing>>,
    /// Projector mode: large type and pods, high contrast, the editor hidden.
    pub projector: RwSignal<bool>,
    /// The console's terminal in a container (`kubectl exec -it POD -- sh`), if one is open.
    pub terminal: RwSignal<Option<TerminalSession>>,
    /// The console's `kubectl get -w`, while it watches.
    pub watch: RwSignal<Option<LiveWatch>>,
    /// Two clusters side by side, when comparing (A is `sim`).
    pub compare: RwSignal<Option<Comparison>>,
    /// The lesson open and its step, as a share link carries it: the one the link opened
    /// with at first, then the lesson panel's.
    pub lesson: RwSignal<Option<storage::LessonLink>>,
}

impl Page {
    /// The page as it opens: from a recovery record after a panic, else from a share
    /// link, else from what this browser saved, else the seed.
    pub fn load() -> Page {
        let record = recovery::take();
        let shared = match &record {
            Some(r) => r.scenario.clone(),
            None => storage::decode(&storage::location_hash()),
        };
        let lang = Lang::from_code(&storage::load("lang").unwrap_or_else(storage::browser_lang));
        // Before the first paint: Chrome does not reshape text already laid out when a
        // `:lang()` rule changes its font later.
        set_document_lang(lang);
        let preset = shared
            .as_ref()
            .map(|s| s.preset.clone())
            .or_else(|| storage::load("preset"))
            .and_then(|p| Preset::parse(&p))
            .unwrap_or(Preset::DockerDesktop);
        let seed = shared.as_ref().map(|s| s.seed).unwrap_or(1);
        // Tabs packed as one text; an older link's or save's one text is the first tab.
        let (files, open) = crate::tabs::from_saved(shared.as_ref().map(|s| s.text.clone()).or_else(|| storage::load("text")));
        let workers = shared
            .as_ref()
            .map(|s| s.workers.to_string())
            .or_else(|| storage::load("workers"))
            .and_then(|w| w.parse::<usize>().ok())
            .filter(|w| (1..=MAX_WORKERS).contains(w));
        let editor = RwSignal::new(files[open].1.clone());
        let tabs = Tabs::new(editor, files, open);
        recovery::set_text(&tabs.packed());
        let page = Page {
            sim: Sim::new(tabs, preset, seed, workers),
            lang: RwSignal::new(lang),
            preset: RwSignal::new(preset),
            seed: RwSignal::new(seed),
            workers: RwSignal::new(workers),
            editor,
            tabs,
            diagnostics: RwSignal::new(vec![]),
            apply_out: RwSignal::new(String::new()),
            selection: RwSignal::new(None),
            console: RwSignal::new(vec![]),
            last: LastCommand(RwSignal::new(String::new())),
            traffic: Traffic::new(),
            recovered: RwSignal::new(record.as_ref().map(|r| r.recovered.clone())),
            editing: RwSignal::new(None),
            projector: RwSignal::new(false),
            terminal: RwSignal::new(None),
            watch: RwSignal::new(None),
            compare: RwSignal::new(None),
            lesson: RwSignal::new(if record.is_none() { storage::decode_lesson(&storage::location_hash()) } else { None }),
        };
        let actions = shared.as_ref().and_then(|s| engine::actions::from_json(&s.actions));
        match (&record, &actions) {
            (Some(r), Some(actions)) if !r.recovered.fresh => page.sim.replay(seed, actions),
            (None, Some(actions)) => page.sim.replay(seed, actions),
            _ => page.sim.build_seed_image(preset),
        }
        if record.is_some() {
            // Rebuilt: a panic from now on is a new one, not this record's replay.
            set_timeout(recovery::settled, std::time::Duration::from_millis(1500));
        } else if shared.is_some() && actions.is_none() {
            // A shared link from before action logs carried only the text: apply it.
            page.apply();
        }
        // Every tab, whenever one changes: text is never lost to a reload.
        Effect::new(move |_| {
            editor.track();
            tabs.files.track();
            tabs.open.track();
            let packed = tabs.packed();
            storage::save("text", &packed);
            recovery::set_text(&packed);
        });
        Effect::new(move |_| storage::save("lang", page.lang.get().code()));
        Effect::new(move |_| set_document_lang(page.lang.get()));
        Effect::new(move |_| storage::save("preset", page.preset.get().name()));
        page
    }

    /// A label in the page's language, followed.
    pub fn t(&self, k: Key) -> &'static str {
        text(self.lang.get(), k)
    }

    /// Runs a line for the user: the console shows it with its output, and the bar above
    /// the drawing shows it as the command a button stood for.
    pub fn run(&self, line: String) -> Output {
        if let Some(out) = self.open_terminal(&line) {
            return out;
        }
        // `kubectl edit` without an editor named opens the object in the editor pane.
        if engine::kubectl::edit::environment(&line).is_empty() {
            if let Some(opened) = self.sim.read_untracked(|c| engine::kubectl::edit::buffer(c, &line)) {
                return match opened {
                    Ok(buffer) => {
                        self.open_edit(line, buffer);
                        Output::default()
                    }
                    Err(out) => {
                        self.console.update(|log| log.push((line.clone(), out.text())));
                        *out
                    }
                };
            }
        }
        let out = self.sim.run(&line);
        let shown = out.text();
        self.console.update(|log| log.push((line.clone(), shown)));
        self.start_watch(&line, &out);
        self.last.0.set(line);
        out
    }

    /// Opens a terminal when `line` is an interactive shell's exec: `None` for any other
    /// line; otherwise what kubectl printed (an error when no session opened).
    pub fn open_terminal(&self, line: &str) -> Option<Output> {
        if engine::terminal::runs_attached(line) {
            // `kubectl run -i … -- sh` and `kubectl debug POD -it`: the line runs first;
            // the terminal attaches once the container runs (`check_terminal`).
            let out = self.sim.run(line);
            self.last.0.set(line.to_string());
            let opened = self.sim.read_untracked(|c| {
                engine::terminal::after_debug(c, line, &out).or_else(|| engine::terminal::after_run(c, line).filter(|_| out.code == 0))
            });
            match opened {
                Some(mut term) => {
                    self.sim.read_untracked(|c| term.poll(c));
                    self.terminal.set(Some(TerminalSession { line: line.to_string(), term }));
                }
                None => self.console.update(|log| log.push((line.to_string(), out.text()))),
            }
            return Some(out);
        }
        let opened = self.sim.read_untracked(|c| engine::terminal::open(c, line))?;
        self.last.0.set(line.to_string());
        Some(match opened {
            Ok(term) => {
                self.terminal.set(Some(TerminalSession { line: line.to_string(), term }));
                Output::default()
            }
            Err(out) => {
                self.console.update(|log| log.push((line.to_string(), out.text())));
                out
            }
        })
    }

    /// Shows the object in the editor pane, as kubectl opens its editor; the console
    /// shows the line once the edit ends.
    fn open_edit(&self, line: String, buffer: engine::kubectl::edit::Buffer) {
        if let Some(open) = self.editing.get_untracked() {
            self.editor.set(open.before);
        }
        let before = self.editor.get_untracked();
        self.editor.set(buffer.text.clone());
        self.diagnostics.set(vec![]);
        self.last.0.set(line.clone());
        self.editing.set(Some(Editing { buffer, line, before }));
    }

    /// Saves the edited object as kubectl edit does once its editor closes; the line
    /// recorded names `cp` of the saved text as the editor, which a real cluster runs
    /// the same way. On an error the object stays open to be fixed.
    pub fn save_edit(&self) {
        let Some(open) = self.editing.get_untracked() else { return };
        let (line, files) = open.buffer.save_line(&self.editor.get_untracked());
        let out = match self.sim.perform(&Action::Kubectl { line: line.clone(), files }) {
            Outcome::Kubectl(out) => out,
            _ => Output::default(),
        };
        self.console.update(|log| log.push((open.line.clone(), out.text())));
        self.last.0.set(line);
        if out.code == 0 {
            self.editor.set(open.before);
            self.editing.set(None);
        }
    }

    /// Closes the edit unsaved: kubectl's words for an editor closed without a change.
    pub fn cancel_edit(&self) {
        let Some(open) = self.editing.get_untracked() else { return };
        self.console.update(|log| log.push((open.line.clone(), "Edit cancelled, no changes made.\n".into())));
        self.editor.set(open.before);
        self.editing.set(None);
    }

    /// Performs an action a button stands for, shown as the command line `shown`.
    pub fn perform(&self, a: &Action, shown: String) -> Outcome {
        let outcome = self.sim.perform(a);
        self.last.0.set(shown);
        outcome
    }

    /// `kubectl apply -f` of the open tab: errors marked in the editor, the output under
    /// it and in the console.
    pub fn apply(&self) {
        let name = self.tabs.open_name_untracked();
        self.apply_as(self.editor.get_untracked(), &name, format!("kubectl apply -f {name}"));
    }

    /// `kubectl apply -f` of `text` read from `source`, shown as the command line `line`.
    /// kubeplay's own remarks on the text (a kind it stores and does not act on, a key
    /// written twice) go under the editor, never into kubectl's output.
    pub fn apply_as(&self, text: String, source: &str, line: String) {
        let a = Action::Apply { text, source: source.into(), namespace: "default".into(), create: false };
        let report = match self.sim.perform(&a) {
            Outcome::Applied(r) => r,
            _ => Default::default(),
        };
        let mut out = report.warnings.iter().chain(&report.out).cloned().collect::<Vec<_>>().join("\n");
        for e in &report.errors {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&e.text);
        }
        self.console.update(|log| log.push((line.clone(), out.clone())));
        self.last.0.set(line);
        // The console keeps kubectl's whole output; the panel under the editor its head,
        // then kubeplay's remarks.
        let mut shown = capped(out, self.lang.get_untracked());
        for n in &report.notes {
            if !shown.is_empty() {
                shown.push('\n');
            }
            shown.push_str(&format!("ⓘ {}", n.text));
        }
        self.apply_out.set(shown);
        self.diagnostics.set(report.errors);
    }

    /// A new cluster of the preset, the page's panels emptied.
    pub fn reset(&self, preset: Preset) {
        self.compare.set(None);
        self.preset.set(preset);
        self.sim.reset(preset, self.seed.get_untracked(), self.workers.get_untracked());
        self.recovered.set(None);
        self.selection.set(None);
        self.console.set(vec![]);
        self.watch.set(None);
        self.terminal.set(None);
        self.diagnostics.set(vec![]);
        self.apply_out.set(String::new());
    }

    /// A real cluster's dump, read by the engine, in place of the cluster shown: the
    /// page's panels emptied as for a new cluster. On an error nothing changes.
    pub fn import(&self, list: &str) -> Result<(), String> {
        self.sim.import(self.seed.get_untracked(), list)?;
        self.preset.set(Preset::Cloud);
        // The header's count is the imported cluster's workers (Reset then builds a cloud
        // cluster of as many).
        let workers = self.sim.read_untracked(|c| engine::view::of(c).nodes.iter().filter(|n| !n.roles.contains("control-plane")).count());
        self.workers.set(Some(workers.clamp(1, MAX_WORKERS)));
        self.recovered.set(None);
        self.selection.set(None);
        self.console.set(vec![]);
        self.watch.set(None);
        self.diagnostics.set(vec![]);
        self.apply_out.set(String::new());
        Ok(())
    }

    /// The scenario as a link: preset, seed, workers, every action, every tab, and the
    /// lesson open with its step.
    pub fn share_code(&self) -> String {
        let lesson = self.lesson.get_untracked().map(|l| storage::encode_lesson(&l)).unwrap_or_default();
        storage::encode(&storage::Scenario {
            preset: self.preset.get_untracked().name().into(),
            seed: self.seed.get_untracked(),
            workers: self.workers.get_untracked().unwrap_or(0),
            actions: self.sim.read_untracked(|c| engine::actions::to_json(c.log())),
            text: self.tabs.packed(),
        }) + &lesson
    }
}

/// The document's language: screen readers read in it, and the Korean font is named only
/// by `:lang(ko)` rules, so an English page never downloads it. Korean is set once that
/// font has loaded: Chrome leaves some text laid out while a font loads drawn as boxes
/// after it arrives, where a change of font family redraws all of it.
fn set_document_lang(lang: Lang) {
    let set = move || {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
    };
    if lang != Lang::Ko {
        return set();
    }
    match korean_font_loaded() {
        Some(loaded) => leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(loaded).await;
            // Only if the page is still Korean (a quick switch back wins).
            if storage::load("lang").is_none_or(|l| l == Lang::Ko.code()) {
                set();
            }
        }),
        None => set(),
    }
}

/// `document.fonts.load(…)` of the Korean subset (without the web-sys feature for it).
fn korean_font_loaded() -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let fonts = js_sys::Reflect::get(&document(), &"fonts".into()).ok()?;
    let load = js_sys::Reflect::get(&fonts, &"load".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    load.call2(&fonts, &"16px \"Noto Sans KR UI\"".into(), &"한".into()).ok()?.dyn_into::<js_sys::Promise>().ok()
}

/// The browser compiles each wasm function on its first call: a throwaway cluster (not the
/// page's) runs the seed once while the page is idle, so the first Apply is not also a
/// compile.
pub fn warm_up() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let files = PageFiles(None);
    c.perform(&Action::Build { dockerfile: examples::SEED_DOCKERFILE_FIXED.to_string(), tag: "spring-server".into() }, &files);
    c.apply_text(&examples::seed_default(), "warm.yaml", "default", engine::apply::Mode::Apply);
    c.advance(30_000);
    let _ = (engine::view::of(&c), c.events_table().text());
}
