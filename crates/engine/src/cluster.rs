//! The simulated cluster: the store, the clock and its queue of timed wake-ups, the
//! seeded random source, and the actors (scheduler, kubelets, controllers) that the
//! clock drives. Nothing here reads a wall clock or iterates a hash map into a result.

use crate::events::{EventLog, EventType, Message};
use crate::model::ObjectRef;
use crate::model::{Generic, Kind, ObjectMeta};
use crate::presets::Preset;
use crate::rng::Rng;
use crate::store::{PodId, Store};
use crate::time::Millis;
use crate::value::Value;
use std::rc::Rc;

/// Something an actor must do at a simulated instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    /// The kubelet's next step for a pod (sandbox ready, container started, …).
    PodStep { id: PodId, serial: u64 },
    /// A terminating pod's containers have all stopped: the kubelet removes it.
    PodGone { id: PodId, serial: u64 },
    /// The scheduler's periodic flush of pods it could not place.
    SchedulerFlush,
    /// The scheduler's next millisecond of placements.
    SchedulerCycle,
    /// A ReplicaSet's pods become available (minReadySeconds) and its status changes.
    SyncReplicaSet(Box<Named>),
    /// A Deployment's progress deadline is due.
    SyncDeployment(Box<Named>),
    /// The node lifecycle controller notices a node whose kubelet went quiet.
    NodeMonitor(Box<String>),
    /// The taint manager evicts pods from a node that stayed unreachable.
    TaintEviction(Box<String>),
    /// A node's kubelet is back and posts Ready.
    NodeRecovered(Box<String>),
    /// The load generator's next second.
    LoadTick,
    /// The HorizontalPodAutoscaler controller's periodic sync of one HPA.
    SyncHpa(Box<Named>),
}

/// The object a controller's wake-up is for. Boxed in `Wake`, so that a wake-up is 16
/// bytes: the queue holds one per pod during a rollout and moves them on every push and
/// pop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub namespace: String,
    pub name: String,
}

impl Named {
    pub fn new(namespace: &str, name: &str) -> Box<Named> {
        Box::new(Named { namespace: namespace.to_string(), name: name.to_string() })
    }
}

pub use crate::actions::Action;

pub struct Cluster {
    pub(crate) now: Millis,
    pub(crate) rng: Rng,
    pub(crate) seed: u64,
    pub(crate) preset: Preset,
    pub store: Store,
    pub events: EventLog,
    wakes: crate::wakes::WakeQueue,
    pub scheduler: crate::scheduler::Scheduler,
    pub(crate) uid_count: u64,
    pub(crate) lb_count: u32,
    /// The student's local Docker engine (`docker build`).
    pub docker: crate::docker::DockerEngine,
    /// kube-proxy: the mode in force and the traffic each pod has served.
    pub proxy: crate::proxy::Proxy,
    /// The remote registry's state: up, down or slow.
    pub registry: crate::registry::RegistryState,
    /// The classroom's crowd of clients.
    pub loadgen: crate::loadgen::LoadGen,
    /// metrics-server.
    pub metrics: crate::metrics::MetricsServer,
    /// The HPA controller's memory: recent recommendations and scale events per HPA uid.
    pub(crate) hpa_memory: std::collections::BTreeMap<(String, String), crate::controllers::horizontal::Memory>,
    /// Controller work queues: objects to sync at the current instant.
    pub(crate) dirty_replicasets: crate::controllers::queue::ByName<()>,
    pub(crate) dirty_deployments: std::collections::BTreeSet<(String, String)>,
    /// A large ReplicaSet's sync takes time, as a real controller's does: pod changes
    /// that arrive meanwhile wait in the queue and are handled by one later sync.
    pub(crate) rs_busy_until: crate::controllers::queue::ByName<Millis>,
    /// ReplicaSets whose queued sync is already scheduled for the end of a busy spell.
    pub(crate) rs_queued: crate::controllers::queue::ByName<()>,
    /// Strings shared by many pods (`intern`).
    /// A hash set: only looked up, never iterated, and it holds every node's name.
    interned: std::collections::HashSet<std::rc::Rc<str>, crate::hash::FxBuild>,
    /// Image references as the kubelet reads them, by the text in the pod spec (only
    /// looked up, never iterated).
    image_facts: std::cell::RefCell<std::collections::HashMap<String, Rc<crate::registry::ImageFacts>, crate::hash::FxBuild>>,
    /// Parsed ReplicaSet templates by uid (one shared pod spec per template).
    pub(crate) rs_cache: std::collections::HashMap<String, crate::controllers::replicaset::Parsed, crate::hash::FxBuild>,
    /// When each Deployment (by uid) last made progress.
    pub(crate) deploy_progress: std::collections::HashMap<String, Millis>,
    /// Set once a pod without a controller exists: ReplicaSets then look for orphans.
    pub(crate) orphans_may_exist: bool,
    pub log: Vec<Action>,
}

impl Cluster {
    /// A fresh cluster of the preset with `workers` worker nodes (the preset's default when
    /// `None`), seeded with `seed`.
    pub fn new(preset: Preset, workers: Option<usize>, seed: u64) -> Cluster {
        let mut c = Cluster {
            now: 0,
            rng: Rng::new(seed),
            seed,
            preset,
            store: Store::default(),
            events: EventLog::default(),
            wakes: Default::default(),
            scheduler: Default::default(),
            uid_count: 0,
            lb_count: 0,
            docker: Default::default(),
            registry: Default::default(),
            proxy: Default::default(),
            loadgen: Default::default(),
            metrics: Default::default(),
            hpa_memory: Default::default(),
            dirty_replicasets: Default::default(),
            dirty_deployments: Default::default(),
            rs_busy_until: Default::default(),
            rs_queued: Default::default(),
            interned: Default::default(),
            image_facts: Default::default(),
            rs_cache: Default::default(),
            deploy_progress: Default::default(),
            orphans_may_exist: false,
            log: Vec::new(),
        };
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            c.create_namespace(ns);
        }
        for node in preset.nodes(workers.unwrap_or(preset.default_workers())) {
            c.add_node(node);
        }
        crate::apiserver::install_kubernetes_service(&mut c);
        c
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn preset(&self) -> Preset {
        self.preset
    }

    pub(crate) fn new_uid(&mut self) -> String {
        self.uid_count += 1;
        self.rng.uuid()
    }

    /// Fresh metadata for an object created now.
    pub(crate) fn new_meta(&mut self, name: &str, namespace: &str) -> ObjectMeta {
        self.new_meta_named(name.to_string(), namespace)
    }

    pub(crate) fn new_meta_named(&mut self, name: String, namespace: &str) -> ObjectMeta {
        let uid = self.new_uid();
        ObjectMeta { name, namespace: namespace.to_string(), uid, creation: self.now, ..Default::default() }
    }

    pub(crate) fn create_namespace(&mut self, name: &str) {
        let mut meta = self.new_meta(name, "");
        meta.labels.insert("kubernetes.io/metadata.name", name);
        meta.resource_version = self.store.next_rv();
        let ns = Generic {
            kind: Kind::Namespace,
            meta,
            spec: Value::Map(vec![("finalizers".into(), Value::Seq(vec![Value::str("kubernetes")]))]),
            status: Value::Map(vec![("phase".into(), Value::str("Active"))]),
        };
        self.store.namespaces.insert(name.to_string(), ns);
    }

    pub(crate) fn add_node(&mut self, mut node: crate::model::Node) {
        node.meta.uid = self.new_uid();
        node.meta.creation = self.now;
        node.meta.resource_version = self.store.next_rv();
        node.ready_since = self.now;
        let name = node.meta.name.clone();
        self.store.nodes.insert(name.clone(), node);
        self.scheduler.nodes_changed();
        let r = self.node_ref(&name);
        let host = self.intern(&name);
        self.record(r.clone(), EventType::Normal, "kubelet", Some(&host), "Starting", "Starting kubelet.");
        self.record(
            r,
            EventType::Normal,
            "node-controller",
            None,
            "RegisteredNode",
            format!("Node {name} event: Registered Node {name} in Controller"),
        );
    }

    /// The shared copy of `s`, if there is one yet.
    pub(crate) fn interned(&self, s: &str) -> Option<Rc<str>> {
        self.interned.get(s).cloned()
    }

    /// One shared copy of a string many pods hold the same of (a container's name, its
    /// image, the image's ID), instead of one each.
    pub(crate) fn intern(&mut self, s: &str) -> std::rc::Rc<str> {
        if let Some(shared) = self.interned.get(s) {
            return shared.clone();
        }
        let shared: std::rc::Rc<str> = s.into();
        self.interned.insert(shared.clone());
        shared
    }

    /// What the image reference `image` says (parsed, normalized, its pull ID), kept.
    pub(crate) fn image_facts(&self, image: &str) -> Rc<crate::registry::ImageFacts> {
        if let Some(f) = self.image_facts.borrow().get(image) {
            return f.clone();
        }
        let facts = Rc::new(crate::registry::ImageFacts::of(image));
        self.image_facts.borrow_mut().insert(image.to_string(), facts.clone());
        facts
    }

    pub(crate) fn node_ref(&self, name: &str) -> ObjectRef {
        let uid = self.store.nodes.get(name).map(|n| n.meta.uid.clone()).unwrap_or_default();
        ObjectRef { kind: Kind::Node, namespace: String::new(), name: name.to_string(), uid }
    }

    /// The pod's reference for its events, made once and kept with the pod: its
    /// scheduler and kubelet events (five or so, over several syncs) share it.
    pub(crate) fn pod_ref_shared(&mut self, id: PodId) -> Rc<ObjectRef> {
        if let Some(r) = self.store.pod(id).and_then(|p| p.runtime.object_ref.clone()) {
            return r;
        }
        let r = Rc::new(self.pod_ref(id));
        if let Some(p) = self.store.pod_mut(id) {
            p.runtime.object_ref = Some(r.clone());
        }
        r
    }

    pub(crate) fn pod_ref(&self, id: PodId) -> ObjectRef {
        let p = self.store.pod(id).expect("pod exists");
        ObjectRef { kind: Kind::Pod, namespace: p.meta.namespace.clone(), name: p.meta.name.clone(), uid: p.meta.uid.clone() }
    }

    pub(crate) fn record(
        &mut self,
        involved: impl Into<std::rc::Rc<ObjectRef>>,
        kind: EventType,
        source: &'static str,
        host: Option<&Rc<str>>,
        reason: &'static str,
        message: impl Into<Message>,
    ) {
        self.events.record(crate::events::Event {
            stamp: 0,
            involved: involved.into(),
            kind,
            reason,
            message: message.into(),
            source,
            host: host.cloned(),
            first: self.now,
            last: self.now,
            count: 1,
        });
    }

    /// Records an event about a pod, with the reference the pod keeps (`pod_ref_shared`).
    pub(crate) fn record_pod(
        &mut self,
        id: PodId,
        kind: EventType,
        source: &'static str,
        host: Option<&Rc<str>>,
        reason: &'static str,
        message: impl Into<Message>,
    ) {
        let r = self.pod_ref_shared(id);
        self.record(r, kind, source, host, reason, message);
    }

    pub(crate) fn wake_at(&mut self, at: Millis, wake: Wake) {
        self.wakes.push(at.max(self.now), wake);
    }

    /// When the next timed wake-up is due, if any.
    pub fn next_wake(&self) -> Option<Millis> {
        self.wakes.next_at()
    }

    /// Runs every actor until nothing more happens at the current instant.
    pub(crate) fn settle(&mut self) {
        // Controllers react within the same instant; a bound catches a livelock.
        for _ in 0..100_000 {
            self.schedule_pending();
            if let Some((ns, name)) = self.dirty_deployments.pop_first() {
                crate::controllers::deployment::sync(self, &ns, &name);
                continue;
            }
            if let Some((ns, name, ())) = self.dirty_replicasets.pop_first() {
                crate::controllers::replicaset::sync(self, &ns, &name);
                continue;
            }
            break;
        }
        self.store.catch_up();
    }

    /// A pod changed in a way its controller cares about (created, ready, gone): its
    /// ReplicaSet's sync is queued, now or for when its current sync ends.
    pub(crate) fn pod_changed(&mut self, id: PodId) {
        let Some(p) = self.store.pod(id) else { return };
        let Some(o) = p.meta.controller().filter(|o| o.kind == "ReplicaSet") else { return };
        let (ns, name) = (p.meta.namespace.as_str(), &*o.name);
        match self.rs_busy_until.get(ns, name) {
            Some(&until) if until > self.now => {
                if self.rs_queued.add(ns, name) {
                    let wake = Wake::SyncReplicaSet(Named::new(ns, name));
                    self.wake_at(until, wake);
                }
            }
            // Borrowing the pod's strings: most changes find the key queued already.
            _ => {
                self.dirty_replicasets.add(ns, name);
            }
        }
    }

    /// Same as `pod_changed`: the name reads better where a pod's owner is told of a
    /// deletion it made.
    pub(crate) fn pod_owner_changed(&mut self, id: PodId) {
        self.pod_changed(id);
    }

    /// Advances simulated time by `ms`, handling every wake-up due on the way in order.
    pub fn advance(&mut self, ms: Millis) {
        self.record_action(Action::Advance(ms));
        self.run_until(self.now.saturating_add(ms));
    }

    pub(crate) fn run_until(&mut self, until: Millis) {
        self.run_until_or(until, || false);
    }

    /// Handles every wake-up due by `until` in order, asking `stop` before each new
    /// instant; `now` is `until` unless it stopped.
    fn run_until_or(&mut self, until: Millis, mut stop: impl FnMut() -> bool) {
        self.settle();
        while let Some(at) = self.wakes.next_at() {
            if at > until {
                break;
            }
            if at > self.now && stop() {
                return;
            }
            let (at, wake) = self.wakes.pop().expect("peeked");
            self.now = at;
            self.handle(wake);
            self.settle();
        }
        self.now = until;
    }

    /// Advances toward `now + ms` like `advance`, but asks `stop` between instants and
    /// stops early when it says so; returns the simulated time actually advanced. The
    /// page slices long work across frames with it. Only whole instants are handled, so
    /// the recorded `Advance` replays to the same state.
    pub fn advance_sliced(&mut self, ms: Millis, stop: impl FnMut() -> bool) -> Millis {
        let start = self.now;
        self.run_until_or(start.saturating_add(ms), stop);
        let advanced = self.now - start;
        self.record_action(Action::Advance(advanced));
        advanced
    }

    /// Jumps to the next wake-up and handles everything due then. Returns the new time, or
    /// `None` when nothing is scheduled.
    pub fn step(&mut self) -> Option<Millis> {
        self.settle();
        let at = self.next_wake()?;
        let delta = at - self.now;
        self.advance(delta);
        Some(self.now)
    }

    fn handle(&mut self, wake: Wake) {
        match wake {
            Wake::PodStep { id, serial } => crate::kubelet::pod_step(self, id, serial),
            Wake::PodGone { id, serial } => crate::kubelet::pod_gone(self, id, serial),
            Wake::SchedulerFlush => self.scheduler_flush(),
            Wake::SchedulerCycle => self.scheduler_cycle(),
            Wake::SyncReplicaSet(key) => {
                let Named { namespace, name } = *key;
                self.rs_queued.remove(&namespace, &name);
                self.dirty_replicasets.add(&namespace, &name);
            }
            Wake::SyncDeployment(key) => {
                let Named { namespace, name } = *key;
                self.dirty_deployments.insert((namespace, name));
            }
            Wake::NodeMonitor(node) => crate::controllers::node_lifecycle::monitor(self, &node),
            Wake::TaintEviction(node) => crate::controllers::node_lifecycle::evict(self, &node),
            Wake::NodeRecovered(node) => crate::controllers::node_lifecycle::recovered(self, &node),
            Wake::LoadTick => self.load_tick(),
            Wake::SyncHpa(key) => crate::controllers::horizontal::sync(self, &key.namespace, &key.name),
        }
    }

    /// Stops a node's kubelet, as if the machine lost power.
    pub fn kill_node(&mut self, name: &str) -> Result<(), String> {
        self.record_action(Action::KillNode(name.to_string()));
        crate::controllers::node_lifecycle::kill(self, name)?;
        self.settle();
        Ok(())
    }

    /// Starts a killed node's kubelet again.
    pub fn restore_node(&mut self, name: &str) -> Result<(), String> {
        self.record_action(Action::RestoreNode(name.to_string()));
        crate::controllers::node_lifecycle::restore(self, name)?;
        self.settle();
        Ok(())
    }

    /// The events of the whole run, one line each, for determinism checks and replays.
    pub fn event_log(&self) -> String {
        let mut out = String::new();
        for e in self.events.all() {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}/{}\t{}\t{}\tx{}\n",
                e.first,
                e.kind.as_str(),
                e.reason,
                e.involved.kind.info().singular,
                e.involved.name,
                e.source,
                e.message(),
                e.count
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queued_wake_up_is_small() {
        // The queue holds a wake-up per pod in a rollout and moves them on every push and
        // pop: the rare wake-ups that name an object keep it boxed.
        assert!(std::mem::size_of::<Wake>() <= 16, "{}", std::mem::size_of::<Wake>());
    }
}
