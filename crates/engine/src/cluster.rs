//! The cluster a user drives: the simulated world and the log of everything they did to
//! it. Every change is an `Action` given to `perform`, which records it once, so that a
//! run can be replayed exactly (same seed, same actions, same bytes), put in a share
//! link and rewound. Reads go through `&Cluster` (it dereferences to the world) and
//! record nothing. `run` takes any line a person types.

use crate::actions::{Action, Outcome};
use crate::apply::{Mode, Report};
use crate::files::{Files, NoFiles, Recorder, Snapshot, Within};
use crate::kubectl::{Output, Wait};
use crate::loadgen::Shape;
use crate::presets::Preset;
use crate::proxy::{Entry, Mode as ProxyMode, Request};
use crate::registry::RegistryState;
use crate::shell::{self, Command};
use crate::time::{Millis, MINUTE};
use crate::world::World;

#[derive(Clone)]
pub struct Cluster {
    world: World,
    log: Vec<Action>,
    /// The instant each log entry began (a kubectl line that waits ends later): what a
    /// timeline places the entries by.
    starts: Vec<Millis>,
}

impl std::ops::Deref for Cluster {
    type Target = World;

    fn deref(&self) -> &World {
        &self.world
    }
}

/// The longest a script waits for `kubectl delete`'s pods to go.
const DELETE_WAIT_LIMIT: Millis = 5 * MINUTE;
/// The longest `kubectl rollout status` watches in a script.
const ROLLOUT_WAIT_LIMIT: Millis = 15 * MINUTE;

/// What `kubectl rollout status --timeout` prints when the time runs out.
pub const TIMED_OUT: &str = "error: timed out waiting for the condition\n";

impl Cluster {
    /// A fresh cluster of the preset with `workers` worker nodes (the preset's default when
    /// `None`), seeded with `seed`.
    pub fn new(preset: Preset, workers: Option<usize>, seed: u64) -> Cluster {
        Cluster { world: World::new(preset, workers, seed), log: Vec::new(), starts: Vec::new() }
    }

    /// The world itself, for tests that reach an actor's insides.
    #[cfg(test)]
    pub(crate) fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Everything done to the cluster since it was made, in order.
    pub fn log(&self) -> &[Action] {
        &self.log
    }

    /// The instant each entry of `log` began.
    pub fn starts(&self) -> &[Millis] {
        &self.starts
    }

    /// Takes the log away (a timeline keeps one copy of it, not one per snapshot).
    pub(crate) fn take_log(&mut self) -> (Vec<Action>, Vec<Millis>) {
        (std::mem::take(&mut self.log), std::mem::take(&mut self.starts))
    }

    /// Gives back a log taken away: the one that led to this cluster.
    pub(crate) fn put_log(&mut self, log: Vec<Action>, starts: Vec<Millis>) {
        self.log = log;
        self.starts = starts;
    }

    /// Appends to the log an action begun at `start`; consecutive time steps merge into one.
    fn record(&mut self, a: Action, start: Millis) {
        if let (Action::Advance(ms), Some(Action::Advance(prev))) = (&a, self.log.last_mut()) {
            *prev += ms;
            return;
        }
        self.log.push(a);
        self.starts.push(start);
    }

    /// Performs one action and records it. `files` is where a kubectl line reads its
    /// `-f` files (a recorded kubectl action carries what it read and replays from that)
    /// and a `docker build` its context.
    pub fn perform(&mut self, a: &Action, files: &dyn Files) -> Outcome {
        if let Action::Stopped { action, after } = a {
            return self.perform_stopped(action, *after, files);
        }
        let start = self.world.api.now;
        let w = &mut self.world;
        let outcome = match a {
            Action::Kubectl { line, files: read } => {
                // Run against what the line read when it was first run, if it was.
                let snapshot = Snapshot(read);
                let source: &dyn Files = if read.is_empty() { files } else { &snapshot };
                let recorder = Recorder::new(source);
                let out = crate::kubectl::run(w, line, &recorder);
                let read = recorder.into_read();
                self.record(Action::Kubectl { line: line.clone(), files: read }, start);
                return Outcome::Kubectl(out);
            }
            Action::Apply { text, source, namespace, create } => {
                let mode = if *create { Mode::Create } else { Mode::Apply };
                Outcome::Applied(w.apply_text(text, source, namespace, mode))
            }
            Action::Advance(ms) => {
                w.advance(*ms);
                Outcome::Done
            }
            // Taken above.
            Action::Stopped { .. } => Outcome::Done,
            Action::KillNode(n) => Outcome::Node(w.kill_node(n)),
            Action::RestoreNode(n) => Outcome::Node(w.restore_node(n)),
            Action::Build { dockerfile, tag } => Outcome::Text(w.docker_build(dockerfile, tag, files)),
            Action::KindLoad(image) => Outcome::Text(w.kind_load(image)),
            Action::RemoveImage(image) => Outcome::Found(w.remove_local_image(image)),
            Action::Requests { namespace, service, port, entry, client, count } => {
                Outcome::Requests(w.send_requests(namespace, service, *port, entry, client, *count))
            }
            Action::ProxyMode(mode) => {
                w.proxy.mode = *mode;
                Outcome::Done
            }
            Action::Load { namespace, service, shape } => Outcome::Found(w.set_load(namespace, service, shape.clone())),
            Action::SessionAffinity { namespace, service, client_ip } => {
                Outcome::Found(w.set_session_affinity(namespace, service, *client_ip))
            }
            Action::Registry(state) => {
                w.api.registry = *state;
                Outcome::Done
            }
            Action::RegistryPrivate(name) => {
                // Only a name `registry::private_name` gave is kept (a log edited by hand may hold anything).
                if crate::registry::private_name(name).as_deref() == Some(name.as_str()) {
                    w.api.private_repositories.insert(name.clone());
                }
                Outcome::Done
            }
        };
        self.record(a.clone(), start);
        outcome
    }

    /// Performs `action` stopped `after` ms in (Ctrl-C), recorded as such: the command's
    /// own read files kept, so it replays the same.
    fn perform_stopped(&mut self, action: &Action, after: Millis, files: &dyn Files) -> Outcome {
        let start = self.world.api.now;
        let (log, starts) = self.take_log();
        self.world.stop_at(start.saturating_add(after));
        let outcome = self.perform(action, files);
        self.world.stopped();
        // The command as it recorded itself (with the files it read).
        let recorded = self.log.pop().filter(|a| !matches!(a, Action::Advance(_) | Action::Stopped { .. }));
        self.put_log(log, starts);
        if let Some(recorded) = recorded {
            self.record(Action::Stopped { action: Box::new(recorded), after }, start);
        }
        outcome
    }

    /// Runs any line a person types (a kubectl command or a simulator verb) and returns
    /// what a terminal shows. A change is recorded; a read is not.
    pub fn run(&mut self, line: &str, files: &dyn Files) -> Output {
        if let Some((command, to)) = crate::words::redirect(line) {
            let out = self.run(&command, files);
            return shell::redirected(out, &to, files);
        }
        if let Some((command, filters)) = crate::filters::split(line) {
            let out = self.run(&command, files);
            return crate::filters::apply(out, &filters);
        }
        match shell::parse(&self.world, line, files) {
            Command::Print(out) => out,
            Command::Read(r) => shell::read(&self.world, &r),
            Command::Step => shell::stepped(self.step()),
            Command::Change { action, context, echo } => {
                let outcome = match &context {
                    Some(dir) => self.perform(&action, &Within { files, dir: dir.clone() }),
                    None => self.perform(&action, files),
                };
                let mut out = shell::show(&self.world, &action, &outcome);
                if let Some(echo) = echo {
                    out.warnings.insert_str(0, &echo);
                }
                out
            }
        }
    }

    /// Answers a line that only reads (`kubectl get …`, `why POD`, …); a line that would
    /// change the cluster is refused, never run.
    pub fn read(&self, line: &str) -> Output {
        match shell::parse(&self.world, line, &NoFiles) {
            Command::Print(out) => out,
            Command::Read(r) => shell::read(&self.world, &r),
            Command::Step | Command::Change { .. } => Output::err(format!("kubeplay: \"{line}\" changes the cluster; it is not a read")),
        }
    }

    /// What `kubectl get events -A` prints, without the kubectl interpreter (which the
    /// page fetches on first use): the page's Events tab.
    pub fn events_table(&self) -> Output {
        crate::kubectl::events_all_namespaces(&self.world)
    }

    /// Lets simulated time pass while a command waits, as a terminal does (`kubectl
    /// delete` until its pods are gone, `kubectl rollout status` until the rollout ends);
    /// returns what it printed meanwhile.
    pub fn wait(&mut self, wait: &Wait) -> String {
        match wait {
            Wait::PodsGone(pods) => {
                let deadline = self.now() + DELETE_WAIT_LIMIT;
                // kubectl waits for the uid it deleted: a pod made again under the same
                // name (a StatefulSet's) is another pod.
                let uid = |c: &Self, ns: &str, n: &str| c.store.pod_id(ns, n).and_then(|id| c.store.pod(id)).map(|p| p.meta.uid.clone());
                let deleted: Vec<(String, String, Option<String>)> =
                    pods.iter().map(|(ns, n)| (ns.clone(), n.clone(), uid(self, ns, n))).collect();
                while deleted.iter().any(|(ns, n, u)| u.is_some() && uid(self, ns, n) == *u) && self.now() < deadline {
                    match self.next_wake() {
                        Some(t) if t <= deadline => {
                            self.step();
                        }
                        _ => self.advance(deadline - self.now()),
                    }
                }
                String::new()
            }
            Wait::ObjectsGone(objects) => {
                let deadline = self.now() + DELETE_WAIT_LIMIT;
                while objects.iter().any(|(k, ns, n)| self.store.exists(*k, ns, n)) && self.now() < deadline {
                    match self.next_wake() {
                        Some(t) if t <= deadline => {
                            self.step();
                        }
                        _ => self.advance(deadline - self.now()),
                    }
                }
                String::new()
            }
            Wait::Watch(w) => {
                let mut w = w.clone();
                let mut out = String::new();
                let start = self.now();
                let deadline = start.saturating_add(w.timeout.unwrap_or(crate::kubectl::watch::LIMIT));
                let mut last_change = start;
                loop {
                    let quiet_end = if w.timeout.is_some() { deadline } else { deadline.min(last_change + crate::kubectl::watch::QUIET) };
                    match self.next_wake() {
                        Some(t) if t <= quiet_end => {
                            self.step();
                        }
                        _ => {
                            // Nothing more happens before the watch ends: its time passes.
                            self.advance(quiet_end.saturating_sub(self.now()));
                            break;
                        }
                    }
                    let rows = w.poll(self);
                    if !rows.is_empty() {
                        out.push_str(&rows);
                        last_change = self.now();
                    }
                }
                if w.timeout.is_none() {
                    out.push_str(&crate::kubectl::watch::stopped(self.now() - last_change, self.now() - start));
                }
                out
            }
            Wait::Logs(f) => {
                let mut f = f.clone();
                let mut out = String::new();
                let start = self.now();
                let deadline = start.saturating_add(crate::kubectl::watch::LIMIT);
                let mut last_line = start;
                loop {
                    let quiet_end = deadline.min(last_line + crate::kubectl::watch::QUIET);
                    match self.next_wake() {
                        Some(t) if t <= quiet_end => {
                            self.step();
                        }
                        _ => {
                            self.advance(quiet_end.saturating_sub(self.now()));
                            let (lines, _) = f.poll(self);
                            out.push_str(&lines);
                            break;
                        }
                    }
                    let (lines, closed) = f.poll(self);
                    if !lines.is_empty() {
                        out.push_str(&lines);
                        last_line = self.now();
                    }
                    if closed {
                        return out;
                    }
                }
                out.push_str(&crate::kubectl::logs_follow::stopped(self.now() - last_line, self.now() - start));
                out
            }
            Wait::Rollout(..) | Wait::DaemonSetRollout(..) | Wait::StatefulSetRollout(..) | Wait::Timed(..) => {
                let mut out = String::new();
                let status = |c: &Cluster| c.rollout_progress(wait);
                let mut last = status(self).map(|s| s.0).unwrap_or_default();
                let timeout = match wait {
                    Wait::Timed(_, t) => Some(*t),
                    _ => None,
                };
                let deadline = self.now() + timeout.unwrap_or(ROLLOUT_WAIT_LIMIT).min(ROLLOUT_WAIT_LIMIT);
                while self.now() < deadline {
                    match self.next_wake() {
                        Some(t) if t <= deadline => {
                            self.step();
                        }
                        _ => break,
                    }
                    let Some((msg, done)) = status(self) else { return out };
                    if msg != last {
                        out.push_str(&msg);
                        out.push('\n');
                        last = msg;
                    }
                    if done.is_some() {
                        return out;
                    }
                }
                if timeout.is_some() {
                    // The time waited passes, then kubectl gives up.
                    self.advance(deadline.saturating_sub(self.now()));
                    out.push_str(TIMED_OUT);
                }
                out
            }
        }
    }

    /// Where a waiting `kubectl rollout status` stands now: the line it prints and whether
    /// the rollout is over (`None` once the object is gone, or for any other wait). A
    /// script lets time pass through it; the page follows it as its clock plays.
    pub fn rollout_progress(&self, wait: &Wait) -> Option<(String, Option<bool>)> {
        match wait {
            Wait::Rollout(ns, name) => crate::controllers::deployment::rollout_status(self, ns, name),
            Wait::DaemonSetRollout(ns, name) => crate::controllers::daemon::rollout_status(self, ns, name),
            Wait::StatefulSetRollout(ns, name) => crate::controllers::statefulset::rollout_status(self, ns, name),
            Wait::Timed(inner, _) => self.rollout_progress(inner),
            _ => None,
        }
    }

    /// Applies (or creates) every document of `text`. `source` is the file name kubectl
    /// would print; `namespace` the one `-n` or the context gives.
    pub fn apply_text(&mut self, text: &str, source: &str, namespace: &str, mode: Mode) -> Report {
        let a = Action::Apply {
            text: text.to_string(),
            source: source.to_string(),
            namespace: namespace.to_string(),
            create: mode == Mode::Create,
        };
        match self.perform(&a, &NoFiles) {
            Outcome::Applied(report) => report,
            _ => Report::default(),
        }
    }

    /// Runs one kubectl command line (with or without the leading `kubectl`): a read on
    /// `&self` without recording it, a change through `perform`.
    pub fn kubectl(&mut self, line: &str, files: &dyn Files) -> Output {
        if crate::kubectl::reads_only(line) {
            return crate::kubectl::read(&self.world, line);
        }
        match self.perform(&Action::Kubectl { line: line.to_string(), files: vec![] }, files) {
            Outcome::Kubectl(out) => out,
            _ => Output::default(),
        }
    }

    /// Advances simulated time by `ms`, handling every wake-up due on the way in order.
    pub fn advance(&mut self, ms: Millis) {
        self.perform(&Action::Advance(ms), &NoFiles);
    }

    /// Advances toward `now + ms` like `advance`, but asks `stop` between instants and
    /// stops early when it says so; returns the simulated time actually advanced. The
    /// page slices long work across frames with it. Only whole instants are handled, so
    /// the recorded `Advance` replays to the same state.
    pub fn advance_sliced(&mut self, ms: Millis, stop: impl FnMut() -> bool) -> Millis {
        let start = self.world.api.now;
        let advanced = self.world.advance_sliced(ms, stop);
        self.record(Action::Advance(advanced), start);
        advanced
    }

    /// Jumps to the next wake-up and handles everything due then. Returns the new time, or
    /// `None` when nothing is scheduled.
    pub fn step(&mut self) -> Option<Millis> {
        let delta = self.world.until_next_wake()?;
        self.advance(delta);
        Some(self.now())
    }

    /// Stops a node's kubelet, as if the machine lost power.
    pub fn kill_node(&mut self, name: &str) -> Result<(), crate::apiserver::ApiError> {
        match self.perform(&Action::KillNode(name.to_string()), &NoFiles) {
            Outcome::Node(r) => r,
            _ => Ok(()),
        }
    }

    /// Starts a killed node's kubelet again.
    pub fn restore_node(&mut self, name: &str) -> Result<(), crate::apiserver::ApiError> {
        match self.perform(&Action::RestoreNode(name.to_string()), &NoFiles) {
            Outcome::Node(r) => r,
            _ => Ok(()),
        }
    }

    /// `docker build -t TAG` of a Dockerfile's text, with the build context in `context`:
    /// into the local Docker engine; on Docker Desktop the node sees the image at once.
    pub fn docker_build(&mut self, dockerfile: &str, tag: &str, context: &dyn Files) -> String {
        match self.perform(&Action::Build { dockerfile: dockerfile.to_string(), tag: tag.to_string() }, context) {
            Outcome::Text(t) => t,
            _ => String::new(),
        }
    }

    /// `kind load docker-image NAME`: copies a local image into every node's store.
    pub fn kind_load(&mut self, image: &str) -> String {
        match self.perform(&Action::KindLoad(image.to_string()), &NoFiles) {
            Outcome::Text(t) => t,
            _ => String::new(),
        }
    }

    /// `docker rmi NAME`: removes a local image; whether it was there.
    pub fn remove_local_image(&mut self, image: &str) -> bool {
        matches!(self.perform(&Action::RemoveImage(image.to_string()), &NoFiles), Outcome::Found(true))
    }

    /// Sends `n` requests (one recorded action) and returns each one's fate.
    pub fn send_requests(&mut self, ns: &str, service: &str, port: Option<i32>, entry: &Entry, client: &str, n: usize) -> Vec<Request> {
        let a = Action::Requests {
            namespace: ns.to_string(),
            service: service.to_string(),
            port,
            entry: entry.clone(),
            client: client.to_string(),
            count: n,
        };
        match self.perform(&a, &NoFiles) {
            Outcome::Requests(r) => r,
            _ => vec![],
        }
    }

    /// Turns ClientIP session affinity on or off for one Service (what
    /// `kubectl patch service … sessionAffinity` does). Returns whether the Service exists.
    pub fn set_session_affinity(&mut self, ns: &str, service: &str, client_ip: bool) -> bool {
        let a = Action::SessionAffinity { namespace: ns.to_string(), service: service.to_string(), client_ip };
        matches!(self.perform(&a, &NoFiles), Outcome::Found(true))
    }

    /// kube-proxy's mode, for every Service.
    pub fn set_proxy_mode(&mut self, mode: ProxyMode) {
        self.perform(&Action::ProxyMode(mode), &NoFiles);
    }

    /// Starts, changes or stops (`None`) the load on a Service. Returns whether the
    /// Service exists.
    pub fn set_load(&mut self, ns: &str, service: &str, shape: Option<Shape>) -> bool {
        let a = Action::Load { namespace: ns.to_string(), service: service.to_string(), shape };
        matches!(self.perform(&a, &NoFiles), Outcome::Found(true))
    }

    /// The remote registry's state.
    pub fn set_registry(&mut self, state: RegistryState) {
        self.perform(&Action::Registry(state), &NoFiles);
    }
}
