//! The kubelet's record of a pod, kept beside the pod in the store as the kubelet's pod
//! workers keep theirs: whether the sandbox exists, where each container is in its life,
//! its back-offs and the process it runs. No API client reads it; the kubelet reports
//! what it means through the pod's status.

use crate::backoff::Backoff;
use crate::model::meta::ObjectRef;
use crate::model::node::NodeSlot;
use crate::time::Millis;
use std::rc::Rc;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodRuntime {
    /// The sandbox (network namespace, IP) exists.
    pub sandbox: bool,
    /// A kill was sent and the pod will be gone when its containers have stopped.
    pub stopping: bool,
    /// Its ConfigMap and Secret volumes are set up (the containers may start).
    pub volumes_mounted: bool,
    /// The volume manager's back-off between failed mounts.
    pub mount_backoff: Backoff,
    pub inits: super::few::Few<ContainerRun>,
    pub apps: Vec<ContainerRun>,
    /// The ephemeral containers `kubectl debug` added, in `spec.ephemeralContainers` order.
    pub ephemerals: super::few::Few<ContainerRun>,
    /// The pod's reference in its events, made once and shared by all of them.
    pub object_ref: Option<Rc<ObjectRef>>,
    /// Where its node (`Pod::node`) is in the store, from when it was bound.
    pub node_slot: Option<NodeSlot>,
}

/// Where one container is in its life.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Stage {
    /// Its image must be checked (and maybe pulled) before it can be created.
    #[default]
    NeedImage,
    /// A pull is under way.
    Pulling { until: Millis, result: Result<u64, String>, started: Millis },
    /// Its process runs; `exit` is when it ends on its own, with `code` (flat, not a tuple
    /// in an option: the stage is then six words, not seven, in every container's record).
    Running { started: Millis, ready_at: Option<Millis>, exit: Option<Millis>, code: i32, oom: bool },
    /// Its process ended; the restart policy decides what comes next.
    Exited { finished: Millis, code: i32 },
    /// An init container that finished with exit code 0.
    Done,
}

/// The kubelet's record of one container.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ContainerRun {
    pub stage: Stage,
    pub pull_backoff: Backoff,
    pub crash_backoff: Backoff,
    /// The running (or last) process, and the one before a restart (`logs --previous`).
    pub process: Option<Process>,
    /// Failures in a row of the liveness probe, or of the startup probe before it succeeds.
    pub liveness_failures: u32,
    /// The readiness probe's results in a row, for its thresholds.
    pub readiness_failures: u16,
    pub readiness_successes: u16,
    /// What only a restart or `kubectl cp` leaves: most containers never have any.
    pub kept: Option<Box<Kept>>,
}

/// What a container keeps besides its process: boxed, as few containers have any.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Kept {
    /// The output of the process before the last restart (`logs --previous`).
    pub previous_log: Vec<(Millis, String)>,
    /// Files `kubectl cp` wrote into the container's own filesystem, (path, text); a
    /// restarted container starts from its image again without them.
    pub copied: Vec<(String, String)>,
}

impl ContainerRun {
    pub fn previous_log(&self) -> &[(Millis, String)] {
        self.kept.as_deref().map_or(&[], |k| &k.previous_log)
    }

    pub fn copied(&self) -> &[(String, String)] {
        self.kept.as_deref().map_or(&[], |k| &k.copied)
    }

    pub fn kept_mut(&mut self) -> &mut Kept {
        self.kept.get_or_insert_default()
    }
}

/// What a container's process does: decided by the container runtime from the image and
/// the container's command when it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Process {
    /// When it started.
    pub started: Millis,
    /// `Some((after, exit code))` when the process ends on its own.
    pub exit: Option<(Millis, i32)>,
    pub ports: Ports,
    /// From start to serving.
    pub startup: Millis,
    pub memory: i64,
    pub handles_sigterm: bool,
    /// What it writes to stdout/stderr as it starts (for `kubectl logs`); most servers
    /// write nothing the simulation keeps.
    pub log: super::few::Few<String>,
    /// What only a script's process has: one word in every container's record, where
    /// its three parts took seven.
    pub script: Option<Box<Script>>,
    pub cpu_per_request: f64,
    /// Set when the runtime cannot even start it (`exec: "x": executable file not found`).
    /// Boxed: one word in every container's record, where an `Option<String>` took three.
    #[allow(clippy::box_collection)]
    pub start_error: Option<Box<String>>,
}

/// The ports a process listens on: up to six held inline (nearly every process has one
/// or two), so a container's record holds no heap block for them.
#[derive(Clone, PartialEq)]
pub enum Ports {
    Inline { len: u8, ports: [u16; 6] },
    Heap(Box<[u16]>),
}

impl Default for Ports {
    fn default() -> Self {
        Ports::Inline { len: 0, ports: [0; 6] }
    }
}

impl From<Vec<u16>> for Ports {
    fn from(v: Vec<u16>) -> Self {
        if v.len() <= 6 {
            let mut ports = [0; 6];
            ports[..v.len()].copy_from_slice(&v);
            Ports::Inline { len: v.len() as u8, ports }
        } else {
            Ports::Heap(v.into_boxed_slice())
        }
    }
}

impl std::ops::Deref for Ports {
    type Target = [u16];
    fn deref(&self) -> &[u16] {
        match self {
            Ports::Inline { len, ports } => &ports[..*len as usize],
            Ports::Heap(b) => b,
        }
    }
}

impl std::fmt::Debug for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// What a script's process writes later and leaves behind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    /// Lines it writes later, with when (from its start).
    pub later: Vec<(Millis, String)>,
    /// Lines a loop writes over and over.
    pub repeat: Option<Repeat>,
    /// Files its script creates and removes, as exec probes see them.
    pub files: Vec<FileSpan>,
    /// From this long after its start its health endpoint answers 500 (agnhost's
    /// `liveness`, the documentation's HTTP liveness example).
    pub unhealthy_after: Option<Millis>,
    /// Names its script looked up and could not resolve: the kubelet works the process
    /// out again once one resolves (`until nslookup myservice; do sleep 2; done`).
    pub unresolved: Vec<String>,
    /// Cores it keeps busy for good (`stress --cpu N`); a loop that never waits keeps one.
    pub cores: u32,
}

/// The most lines a process's output keeps from a loop (a busy loop would print millions).
pub const LOG_CAP: usize = 1_000;

/// A loop's output: from `start`, every `period`, `lines` at their offsets in the turn.
/// A `period` of 0 is a loop that never waits: its output is capped at `LOG_CAP` lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeat {
    pub start: Millis,
    pub period: Millis,
    pub lines: Vec<(Millis, String)>,
    /// Lines that change from turn to turn (by their index in `lines`), in pieces.
    pub varying: Vec<(usize, Vec<Piece>)>,
}

/// A piece of a loop's line that may change from turn to turn.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// A number that grows by `step` every turn (`i=$((i+1))`): `first` in the first turn.
    Count {
        first: i64,
        step: i64,
    },
    /// `$(date)`: when the line is written; `started` is when the process started.
    Date {
        started: Millis,
    },
}

impl Repeat {
    /// Line `j` of turn `k`, written at `at` (from the process's start).
    fn line(&self, j: usize, k: u64, at: Millis) -> String {
        let Some((_, pieces)) = self.varying.iter().find(|(i, _)| *i == j) else { return self.lines[j].1.clone() };
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Count { first, step } => out.push_str(&first.wrapping_add(step.wrapping_mul(k as i64)).to_string()),
                Piece::Date { started } => out.push_str(&crate::time::date_text(started.saturating_add(at))),
            }
        }
        out
    }
}

/// A file that exists from `from` until `until` (from the process's start).
#[derive(Clone, Debug, PartialEq)]
pub struct FileSpan {
    pub path: String,
    pub from: Millis,
    pub until: Option<Millis>,
    pub content: String,
}

impl Process {
    /// Lines it writes later, with when (from its start).
    pub fn later(&self) -> &[(Millis, String)] {
        self.script.as_deref().map_or(&[], |s| &s.later)
    }

    /// Lines a loop writes over and over.
    pub fn repeat(&self) -> Option<&Repeat> {
        self.script.as_deref().and_then(|s| s.repeat.as_ref())
    }

    /// Files its script creates and removes, as exec probes see them.
    pub fn files(&self) -> &[FileSpan] {
        self.script.as_deref().map_or(&[], |s| &s.files)
    }

    /// Names its script could not resolve.
    pub fn unresolved(&self) -> &[String] {
        self.script.as_deref().map_or(&[], |s| &s.unresolved)
    }

    /// From when (after its start) its health endpoint answers 500.
    pub fn unhealthy_after(&self) -> Option<Millis> {
        self.script.as_deref().and_then(|s| s.unhealthy_after)
    }

    /// What it has written `elapsed` after its start.
    pub fn output(&self, elapsed: Millis) -> Vec<String> {
        self.output_timed(elapsed).into_iter().map(|(_, l)| l).collect()
    }

    /// The same, each line with when it was written (from the start).
    pub fn output_timed(&self, elapsed: Millis) -> Vec<(Millis, String)> {
        let mut out: Vec<(Millis, String)> = self.log.iter().map(|l| (0, l.clone())).collect();
        out.extend(self.later().iter().filter(|(t, _)| *t <= elapsed).cloned());
        let Some(r) = self.repeat() else { return out };
        if r.lines.is_empty() || elapsed < r.start {
            return out;
        }
        if r.period == 0 {
            out.extend(r.lines.iter().map(|(_, l)| (r.start, l.clone())).cycle().take(LOG_CAP));
            return out;
        }
        // Only the last LOG_CAP lines of the loop are kept.
        let turns = (elapsed - r.start) / r.period + 1;
        let per_turn = r.lines.len() as u64;
        let first = turns.saturating_sub(LOG_CAP as u64 / per_turn + 1);
        let mut lines = Vec::new();
        for k in first..turns {
            let at = r.start + k * r.period;
            lines.extend(
                r.lines.iter().enumerate().filter(|(_, (o, _))| at + o <= elapsed).map(|(j, (o, _))| (at + o, r.line(j, k, at + o))),
            );
        }
        let skip = lines.len().saturating_sub(LOG_CAP);
        out.extend(lines.into_iter().skip(skip));
        out
    }

    /// It runs a loop that never waits (a whole CPU, as far as its limit allows).
    pub fn busy(&self) -> bool {
        self.busy_cores() > 0
    }

    /// How many cores it keeps busy, before its CPU limit.
    pub fn busy_cores(&self) -> u32 {
        let looping = u32::from(self.repeat().is_some_and(|r| r.period == 0));
        self.script.as_deref().map_or(0, |s| s.cores).max(looping)
    }

    /// What it has written by `now` (a process that has ended writes no more).
    pub fn output_at(&self, now: Millis) -> Vec<String> {
        self.output_at_timed(now).into_iter().map(|(_, l)| l).collect()
    }

    /// The same, each line with the instant it was written.
    pub fn output_at_timed(&self, now: Millis) -> Vec<(Millis, String)> {
        let elapsed = now.saturating_sub(self.started);
        let lines = self.output_timed(self.exit.map_or(elapsed, |(after, _)| elapsed.min(after)));
        lines.into_iter().map(|(t, l)| (self.started + t, l)).collect()
    }

    /// The file at `path` as it is `elapsed` after the start, if it exists.
    pub fn file_at(&self, path: &str, elapsed: Millis) -> Option<&FileSpan> {
        self.files().iter().rev().find(|f| f.path == path && f.from <= elapsed && f.until.is_none_or(|u| elapsed < u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_to_six_ports_are_held_inline_and_more_on_the_heap_each_read_as_given() {
        assert_eq!(std::mem::size_of::<Ports>(), 3 * std::mem::size_of::<usize>());
        let few = Ports::from(vec![80, 443]);
        assert!(matches!(few, Ports::Inline { len: 2, .. }));
        assert_eq!(&*few, [80, 443]);
        let many: Vec<u16> = (8000..8007).collect();
        let held = Ports::from(many.clone());
        assert!(matches!(held, Ports::Heap(_)));
        assert_eq!(held.to_vec(), many);
        assert!(Ports::default().is_empty());
        assert_eq!(format!("{few:?}"), "[80, 443]");
    }
}
