//! The timeline: any moment of a session can be seen again. The engine is deterministic,
//! so the cluster at a moment is the fresh cluster with a prefix of its action log
//! replayed; clones taken as the cluster runs (snapshots) make that a short replay from
//! the nearest earlier one. A rewound timeline keeps the recorded future: playing on
//! follows it (the same actions at the same instants), and the first other change
//! discards it, so the cluster's own log (what a share link carries) is always the way
//! to the cluster shown.

use crate::actions::Action;
use crate::cluster::Cluster;
use crate::files::Files;
use crate::time::{Millis, SECOND};

/// A point in the log: its first `entry` entries done, and `into` ms of the next (a time
/// step). Moments order as time does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Moment {
    pub entry: usize,
    pub into: Millis,
}

/// Snapshots kept at most: past it every other one goes and the spacing doubles, so a long
/// session costs a bounded number of clones, and a rewind at most one spacing of replay.
pub const MAX_SNAPSHOTS: usize = 48;
/// Pods times snapshots kept, at most: a clone costs about 8 KiB a pod (`kubeplay bench
/// --rewind`), so 1,000 pods keep 8 snapshots (about 64 MiB), and from 8,000 pods on only
/// the first is kept (a rewind then replays from the start).
pub const SNAPSHOT_POD_BUDGET: usize = 8_000;
/// Simulated time between snapshots at first.
pub const FIRST_SPACING: Millis = 10 * SECOND;
/// Log entries between snapshots at most at first (an apply can be the costly part of a
/// replay).
const ENTRIES_PER_SNAPSHOT: usize = 16;

/// A clone of the cluster at a moment, its log taken away (the timeline keeps one copy).
#[derive(Clone)]
struct Snapshot {
    at: Moment,
    cluster: Cluster,
}

/// What an event on the timeline is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// Something a user did (an apply, a kubectl line, a build, requests).
    Change,
    /// A pod deleted or a node killed or drained.
    Kill,
    /// A killed node started again.
    Restore,
    /// The cluster's own Normal event.
    Normal,
    /// The cluster's own Warning event.
    Warning,
}

/// One event of the session: a user's action or one of the cluster's events (the first
/// time it was recorded).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub at: Millis,
    /// The moment just before it: where a rewind to it lands.
    pub before: Moment,
    pub kind: EventKind,
    pub label: String,
}

/// A cluster's event as the timeline keeps it: when, whether a Warning, what.
type Seen = (Millis, bool, String);

#[derive(Clone)]
pub struct Timeline {
    /// The cluster at the cursor.
    cluster: Cluster,
    cursor: Moment,
    /// Everything recorded, the future after a rewind included, and when each entry began.
    log: Vec<Action>,
    starts: Vec<Millis>,
    /// The instant at the end of the log.
    end: Millis,
    snapshots: Vec<Snapshot>,
    spacing: Millis,
    marks: Vec<Moment>,
    /// The cluster's events up to the end, kept while rewound (the rewound cluster has not
    /// seen the later ones yet).
    ahead: Option<Vec<Seen>>,
    /// While the cursor is inside a command that took time: the cluster just before it
    /// (the stopped cluster shown cannot go on; the command is run again from here).
    inside: Option<Box<Cluster>>,
}

/// The log's length and its last time step: what changes when anything is recorded.
fn log_mark(c: &Cluster) -> (usize, Option<Millis>) {
    let last = match c.log().last() {
        Some(Action::Advance(ms)) => Some(*ms),
        _ => None,
    };
    (c.log().len(), last)
}

impl Timeline {
    /// A timeline that begins with `cluster` as it is (its moment is the earliest one).
    pub fn new(cluster: Cluster) -> Timeline {
        let mut t = Timeline {
            cursor: Moment { entry: cluster.log().len(), into: 0 },
            log: cluster.log().to_vec(),
            starts: cluster.starts().to_vec(),
            end: cluster.now(),
            cluster,
            snapshots: vec![],
            spacing: FIRST_SPACING,
            marks: vec![],
            ahead: None,
            inside: None,
        };
        t.snapshot();
        t
    }

    /// The cluster at the cursor.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn cursor(&self) -> Moment {
        self.cursor
    }

    /// The latest moment recorded.
    pub fn end(&self) -> Moment {
        Moment { entry: self.log.len(), into: 0 }
    }

    /// The moment `m` as it stays true while the log grows: the end inside the last time
    /// step (which grows as time passes) rather than after it.
    fn stable(&self, m: Moment) -> Moment {
        match self.log.last() {
            Some(Action::Advance(ms)) if m.entry == self.log.len() => Moment { entry: m.entry - 1, into: *ms },
            _ => m,
        }
    }

    /// The moment `m` with a finished time step (or command) written as the next entry's
    /// start, for comparing moments.
    fn canon(&self, m: Moment) -> Moment {
        if m.entry < self.log.len() && m.into > 0 && m.into >= self.span(m.entry) {
            return Moment { entry: m.entry + 1, into: 0 };
        }
        m
    }

    /// The simulated time entry `i` took: a time step's, or a command's that waited
    /// (`kubectl wait`, `kubectl drain`), which a moment can be inside of too.
    fn span(&self, i: usize) -> Millis {
        match self.log[i] {
            Action::Advance(ms) => ms,
            _ => self.starts.get(i + 1).copied().unwrap_or(self.end).saturating_sub(self.starts[i]),
        }
    }

    /// The earliest moment a rewind reaches.
    pub fn first(&self) -> Moment {
        self.snapshots[0].at
    }

    /// Whether the cluster shown is earlier than the latest recorded.
    pub fn is_rewound(&self) -> bool {
        self.cursor < self.end()
    }

    /// The whole recorded log, the future after a rewind included.
    pub fn recorded(&self) -> &[Action] {
        &self.log
    }

    /// How many snapshots are kept, and the simulated time between them.
    pub fn snapshots(&self) -> (usize, Millis) {
        (self.snapshots.len(), self.spacing)
    }

    /// The instant of a moment.
    pub fn instant(&self, m: Moment) -> Millis {
        match self.starts.get(m.entry) {
            Some(s) => s + m.into,
            None => self.end,
        }
    }

    /// The latest moment at instant `t` or before, everything done at `t` included, never
    /// before the first. A command that waited past `t` (`kubectl wait`, `kubectl drain`)
    /// is stopped at `t`, as Ctrl-C would (`Action::Stopped`); at its own first instant it
    /// has not begun.
    pub fn moment_at(&self, t: Millis) -> Moment {
        let n = self.starts.partition_point(|s| *s <= t);
        let m = match n.checked_sub(1) {
            None => Moment::default(),
            Some(i) if t < self.starts[i] + self.span(i) => Moment { entry: i, into: t - self.starts[i] },
            Some(i) => Moment { entry: i + 1, into: 0 },
        };
        m.max(self.first())
    }

    /// Makes a change to the cluster shown. When it records anything and the timeline is
    /// rewound, the recorded future goes first: the log is again the way to this cluster.
    pub fn change<R>(&mut self, f: impl FnOnce(&mut Cluster) -> R) -> R {
        let before = log_mark(&self.cluster);
        let r = f(&mut self.cluster);
        if log_mark(&self.cluster) != before {
            if self.is_rewound() {
                self.discard_future();
            }
            self.catch_up();
            self.snapshot_if_due();
        }
        r
    }

    /// Forgets everything recorded after the cursor.
    fn discard_future(&mut self) {
        let c = self.cursor;
        // A command stopped at the cursor stays stopped: the cluster's log says so.
        self.inside = None;
        self.log.truncate(c.entry);
        self.starts.truncate(c.entry);
        self.snapshots.retain(|s| s.at <= c);
        self.marks.retain(|m| *m <= c);
        self.ahead = None;
    }

    /// Brings the log up to the cluster's, which is it grown at its end (its last time
    /// step may have grown too); the cursor is then the end.
    fn catch_up(&mut self) {
        let log = self.cluster.log();
        let n = self.log.len();
        if let (Some(Action::Advance(mine)), Some(Action::Advance(theirs))) = (self.log.last_mut(), n.checked_sub(1).map(|i| &log[i])) {
            *mine = *theirs;
        }
        self.log.extend_from_slice(&log[n..]);
        self.starts.extend_from_slice(&self.cluster.starts()[n..]);
        self.end = self.cluster.now();
        self.cursor = self.end();
        self.ahead = None;
    }

    /// Takes a snapshot at the end when the last is a spacing of simulated time (or a
    /// number of entries) behind.
    fn snapshot_if_due(&mut self) {
        if self.is_rewound() {
            return;
        }
        let last = self.snapshots.last().map_or(Moment::default(), |s| s.at);
        // The entries between snapshots grow with the spacing (a steady rate of requests
        // is an entry a frame).
        let entries = ENTRIES_PER_SNAPSHOT * (self.spacing / FIRST_SPACING) as usize;
        if self.instant(self.cursor) >= self.instant(last) + self.spacing || self.cursor.entry >= last.entry + entries {
            self.snapshot();
        }
    }

    /// How many snapshots the cluster's size allows.
    fn most_snapshots(&self) -> usize {
        let pods = self.cluster.store.pods().count().max(1);
        (SNAPSHOT_POD_BUDGET / pods).clamp(1, MAX_SNAPSHOTS)
    }

    fn snapshot(&mut self) {
        let most = self.most_snapshots();
        if most == 1 && !self.snapshots.is_empty() {
            self.snapshots.truncate(1);
            return;
        }
        let (log, starts) = self.cluster.take_log();
        let copy = self.cluster.clone();
        self.cluster.put_log(log, starts);
        let at = self.stable(self.cursor);
        self.snapshots.push(Snapshot { at, cluster: copy });
        while self.snapshots.len() > most {
            // The first stays: it is the earliest moment there is.
            let mut k = 0;
            self.snapshots.retain(|_| {
                k += 1;
                k % 2 == 1
            });
            self.spacing *= 2;
        }
    }

    /// Shows the cluster at moment `m` (within the first and the end): from the nearest
    /// snapshot at or before it (or the cluster shown, when that is nearer), the recorded
    /// actions and time replayed up to it.
    pub fn rewind_to(&mut self, m: Moment, files: &dyn Files) {
        let m = self.canon(m.clamp(self.first(), self.end()));
        if m == self.canon(self.cursor) {
            return;
        }
        if self.ahead.is_none() {
            self.ahead = Some(self.seen());
        }
        let i = self.snapshots.partition_point(|s| s.at <= m) - 1;
        let base = self.snapshots[i].at;
        if !(base <= self.cursor && self.cursor <= m) {
            let mut c = self.snapshots[i].cluster.clone();
            let mut log = self.log[..base.entry].to_vec();
            let mut starts = self.starts[..base.entry].to_vec();
            if base.into > 0 {
                log.push(Action::Advance(base.into));
                starts.push(self.starts[base.entry]);
            }
            c.put_log(log, starts);
            self.cluster = c;
            self.cursor = base;
            self.inside = None;
        }
        self.forward_to(m, || false, files);
        if !self.is_rewound() {
            self.ahead = None;
        }
    }

    /// Shows the cluster at instant `t`, everything done at `t` included.
    pub fn rewind_to_instant(&mut self, t: Millis, files: &dyn Files) {
        self.rewind_to(self.moment_at(t), files);
    }

    /// Replays the recorded log from the cursor up to `target`, asking `stop` between
    /// instants of its time steps; whether it got there.
    fn forward_to(&mut self, target: Moment, mut stop: impl FnMut() -> bool, files: &dyn Files) -> bool {
        while self.cursor < target {
            let i = self.cursor.entry;
            if let Some(before) = self.inside.take() {
                // Inside a command: it goes on only by being run again from its start.
                self.cluster = *before;
                self.cursor = Moment { entry: i, into: 0 };
            }
            match &self.log[i] {
                Action::Advance(total) => {
                    let total = *total;
                    let goal = if target.entry == i { target.into.min(total) } else { total };
                    let d = goal - self.cursor.into;
                    // A recorded zero step is replayed too, so the logs stay alike.
                    if d > 0 || total == 0 {
                        let got = self.cluster.advance_sliced(d, &mut stop);
                        self.cursor.into += got;
                        if got < d {
                            return false;
                        }
                    }
                    if self.cursor.into >= total {
                        self.cursor = Moment { entry: i + 1, into: 0 };
                    }
                }
                a if target.entry == i && target.into > 0 => {
                    // Into a command that took time: stopped at the target's instant.
                    let a = match a {
                        Action::Stopped { action, .. } => Action::Stopped { action: action.clone(), after: target.into },
                        a => Action::Stopped { action: Box::new(a.clone()), after: target.into },
                    };
                    self.inside = Some(Box::new(self.cluster.clone()));
                    self.cluster.perform(&a, files);
                    self.cursor = target;
                }
                a => {
                    let a = a.clone();
                    self.cluster.perform(&a, files);
                    self.cursor = Moment { entry: i + 1, into: 0 };
                }
            }
        }
        true
    }

    /// Lets `ms` of simulated time pass, asking `stop` between instants: along the
    /// recorded future while there is one (its actions done at their instants), then
    /// recording as the cluster runs. Returns the time that passed.
    pub fn advance_sliced(&mut self, ms: Millis, mut stop: impl FnMut() -> bool, files: &dyn Files) -> Millis {
        let from = self.cluster.now();
        let until = from.saturating_add(ms);
        while self.is_rewound() && self.cluster.now() < until {
            let i = self.cursor.entry;
            // Along a time step, or through a command that took time (run again each
            // slice, stopped further on), or past an instant action.
            let left = until - self.cluster.now();
            let span = self.span(i);
            let target = match self.log[i] {
                Action::Advance(total) => Moment { entry: i, into: (self.cursor.into + left).min(total) },
                _ if self.cursor.into + left < span => Moment { entry: i, into: self.cursor.into + left },
                _ => Moment { entry: i + 1, into: 0 },
            };
            if !self.forward_to(target.min(self.end()), &mut stop, files) {
                return self.cluster.now() - from;
            }
        }
        if !self.is_rewound() {
            self.ahead = None;
            let left = until.saturating_sub(self.cluster.now());
            if left > 0 {
                self.change(|c| c.advance_sliced(left, stop));
            }
        }
        self.cluster.now() - from
    }

    /// Steps back to just before the latest event at or before the cursor.
    pub fn step_back(&mut self, files: &dyn Files) {
        let now = self.canon(self.cursor);
        let target = self.events().into_iter().map(|e| self.canon(e.before)).filter(|m| *m < now).max();
        self.rewind_to(target.unwrap_or_else(|| self.first()), files);
    }

    /// Replays the recorded future up to just before its next event (or to the end): the
    /// event the cursor is just before happens.
    pub fn step_forward(&mut self, files: &dyn Files) {
        let now = self.canon(self.cursor);
        let target = self.events().into_iter().map(|e| self.canon(e.before)).filter(|m| *m > now).min();
        self.rewind_to(target.unwrap_or_else(|| self.end()), files);
    }

    /// Marks the cursor's moment.
    pub fn add_mark(&mut self) {
        let m = self.stable(self.cursor);
        if let Err(i) = self.marks.binary_search(&m) {
            self.marks.insert(i, m);
        }
    }

    /// The marks, earliest first.
    pub fn marks(&self) -> &[Moment] {
        &self.marks
    }

    /// The projector's R: back to the latest mark before the cursor, else one event back.
    pub fn back(&mut self, files: &dyn Files) {
        let now = self.canon(self.cursor);
        match self.marks.iter().rev().find(|m| self.canon(**m) < now) {
            Some(&m) => self.rewind_to(m, files),
            None => self.step_back(files),
        }
    }

    /// The cluster's events up to the end of the log: kept ones while rewound.
    fn seen(&self) -> Vec<Seen> {
        if let Some(ahead) = &self.ahead {
            return ahead.clone();
        }
        self.cluster
            .api
            .events
            .all()
            .map(|e| {
                let warning = e.kind == crate::events::EventType::Warning;
                (e.first, warning, format!("{} {}/{}", e.reason, e.involved.kind.info().singular, e.involved.name()))
            })
            .collect()
    }

    /// Every event of the session in order: what users did and the cluster's own events
    /// (from the first moment on), each with the moment just before it.
    pub fn events(&self) -> Vec<Event> {
        let first = self.instant(self.first());
        let mut out: Vec<Event> = self
            .log
            .iter()
            .enumerate()
            .filter(|(i, a)| !matches!(a, Action::Advance(_)) && Moment { entry: *i, into: 0 } >= self.first())
            .map(|(i, a)| {
                let (kind, label) = describe(a);
                Event { at: self.starts[i], before: Moment { entry: i, into: 0 }, kind, label }
            })
            .collect();
        for (at, warning, label) in self.seen() {
            if at <= first {
                continue;
            }
            let kind = if warning { EventKind::Warning } else { EventKind::Normal };
            out.push(Event { at, before: self.moment_at(at - 1), kind, label });
        }
        out.sort_by_key(|e| (e.at, e.before));
        out
    }
}

/// An action's kind and its words on the timeline.
fn describe(a: &Action) -> (EventKind, String) {
    match a {
        Action::Kubectl { line, .. } => {
            let verb = line.trim_start().trim_start_matches("kubectl ").trim_start();
            let kill = verb.starts_with("delete ") || verb.starts_with("drain ");
            (if kill { EventKind::Kill } else { EventKind::Change }, line.clone())
        }
        Action::Apply { source, create, .. } => {
            (EventKind::Change, format!("kubectl {} -f {source}", if *create { "create" } else { "apply" }))
        }
        Action::KillNode(n) => (EventKind::Kill, format!("kill node {n}")),
        Action::RestoreNode(n) => (EventKind::Restore, format!("node start {n}")),
        Action::Build { tag, .. } => (EventKind::Change, format!("docker build -t {tag} .")),
        Action::KindLoad(i) => (EventKind::Change, format!("kind load docker-image {i}")),
        Action::RemoveImage(i) => (EventKind::Change, format!("docker rmi {i}")),
        Action::Requests { service, count, .. } => (EventKind::Change, format!("request svc/{service} -n {count}")),
        Action::ProxyMode(m) => (EventKind::Change, format!("proxy {}", if *m == crate::proxy::Mode::Ipvs { "ipvs" } else { "iptables" })),
        Action::Registry(s) => (EventKind::Change, format!("registry {s:?}").to_lowercase()),
        Action::RegistryPrivate(n) => (EventKind::Change, format!("registry private {n}")),
        Action::SessionAffinity { service, client_ip, .. } => {
            (EventKind::Change, format!("service/{service} sessionAffinity={}", if *client_ip { "ClientIP" } else { "None" }))
        }
        Action::Load { service, shape, .. } => {
            (EventKind::Change, format!("load svc/{service} {}", shape.as_ref().map_or("off".to_string(), |s| s.describe())))
        }
        Action::Advance(ms) => (EventKind::Change, format!("sleep {}", crate::time::go_duration(*ms))),
        Action::Stopped { action, after } => {
            let (kind, label) = describe(action);
            (kind, format!("{label} (stopped after {})", crate::time::go_duration(*after)))
        }
    }
}
