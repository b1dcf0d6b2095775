//! What every actor shares: the API server's store and event log, the clock and its
//! wake-ups, the seeded random source, the allocators of names and uids, the work queues
//! the informers fill, and the world around the cluster (the registries, the student's
//! Docker engine, the usage metrics-server reads). An actor gets `&mut Api` when it runs;
//! it never sees another actor. Nothing here reads a wall clock or iterates a hash map
//! into a result.

mod mountable;
pub mod queues;
pub mod shared_texts;
mod template_matches;
pub mod wakes;

use crate::events::{EventLog, EventType, Message};
use crate::model::{Generic, Kind, ObjectMeta, ObjectRef};
use crate::presets::Preset;
use crate::rng::Rng;
use crate::store::{PodId, Store};
use crate::time::Millis;

/// `syncJobBatchPeriod`: how long the Job controller lets its pods' events gather.
pub const JOB_BATCH_PERIOD: Millis = 1_000;
use crate::value::Value;
use queues::Queues;
use std::rc::Rc;
pub use wakes::{Named, Wake};

/// An image reference as the kubelet knows it: what it says, and the configuration a
/// container of the registry's image starts with, made once rather than at every start
/// (three allocations a container, for the same words each time).
pub struct KnownImage {
    pub facts: crate::registry::ImageFacts,
    pulled_config: std::cell::OnceCell<Option<crate::runtime::ImageConfig>>,
}

impl KnownImage {
    /// The configuration of the registry's image, when the registry has it.
    pub fn pulled_config(&self) -> Option<&crate::runtime::ImageConfig> {
        self.pulled_config
            .get_or_init(|| match self.facts.lookup() {
                Some(Ok(image)) => Some(crate::runtime::ImageConfig::pulled(image)),
                _ => None,
            })
            .as_ref()
    }
}

impl std::ops::Deref for KnownImage {
    type Target = crate::registry::ImageFacts;
    fn deref(&self) -> &Self::Target {
        &self.facts
    }
}

#[derive(Clone)]
pub struct Api {
    pub(crate) now: Millis,
    pub(crate) rng: Rng,
    pub(crate) seed: u64,
    pub(crate) preset: Preset,
    pub store: Store,
    pub events: EventLog,
    pub(crate) wakes: wakes::WakeQueue,
    pub(crate) uid_count: u64,
    pub(crate) lb_count: u32,
    /// The student's local Docker engine (`docker build`).
    pub docker: crate::docker::DockerEngine,
    /// The remote registry's state: up, down or slow.
    pub registry: crate::registry::RegistryState,
    /// Repositories, namespaces and hosts marked private (`registry private NAME`).
    pub private_repositories: std::collections::BTreeSet<String>,
    /// What the kubelets measure and metrics-server serves.
    pub metrics: crate::metrics::MetricsServer,
    /// The controllers' and the scheduler's work queues, filled as objects change.
    pub(crate) queues: Queues,
    /// Set once a pod without a controller exists: ReplicaSets then look for orphans.
    pub(crate) orphans_may_exist: bool,
    /// Some pod's labels changed since the cluster started: a controller may have to let
    /// one go (`ClaimPods` releases what its selector no longer matches).
    pub(crate) pods_relabelled: bool,
    /// Evictions that left a PodDisruptionBudget with fewer healthy pods than it wants
    /// (none, unless the eviction API is wrong): what the invariants check.
    pub budget_breaches: Vec<String>,
    /// Strings shared by many pods (`intern`). A hash set: only looked up, never
    /// iterated, and it holds every node's name.
    interned: std::collections::HashSet<Rc<str>, crate::hash::FxBuild>,
    /// Image references as the kubelet reads them, by the text in the pod spec (only
    /// looked up, never iterated).
    image_facts: std::cell::RefCell<std::collections::HashMap<String, Rc<KnownImage>, crate::hash::FxBuild>>,
    /// Whether each ReplicaSet's template is its Deployment's, for the two last compared.
    pub(crate) template_matches: template_matches::TemplateMatches,
    /// Pod specs whose volumes all mount, while no ConfigMap or Secret changes.
    pub(crate) mountable: mountable::Mountable,
    /// The kubelet's condition messages, one copy for the pods worded alike.
    pub(crate) unready_texts: shared_texts::SharedTexts,
}

impl Api {
    /// An empty API server of the preset at simulated time zero.
    pub(crate) fn new(preset: Preset, seed: u64) -> Api {
        Api {
            now: 0,
            rng: Rng::new(seed),
            seed,
            preset,
            store: Store::default(),
            events: EventLog::default(),
            wakes: Default::default(),
            uid_count: 0,
            lb_count: 0,
            docker: crate::docker::DockerEngine { desktop: preset.shares_docker_images(), ..Default::default() },
            registry: Default::default(),
            private_repositories: Default::default(),
            metrics: Default::default(),
            queues: Default::default(),
            orphans_may_exist: false,
            pods_relabelled: false,
            budget_breaches: Vec::new(),
            interned: Default::default(),
            image_facts: Default::default(),
            template_matches: Default::default(),
            mountable: Default::default(),
            unready_texts: Default::default(),
        }
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
        self.queues.scheduling.nodes_changed();
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
    pub(crate) fn intern(&mut self, s: &str) -> Rc<str> {
        if let Some(shared) = self.interned.get(s) {
            return shared.clone();
        }
        let shared: Rc<str> = s.into();
        self.interned.insert(shared.clone());
        shared
    }

    /// What the image reference `image` says (parsed, normalized, its pull ID), kept.
    pub(crate) fn image_facts(&self, image: &str) -> Rc<KnownImage> {
        if let Some(f) = self.image_facts.borrow().get(image) {
            return f.clone();
        }
        let facts = Rc::new(KnownImage { facts: crate::registry::ImageFacts::of(image), pulled_config: Default::default() });
        self.image_facts.borrow_mut().insert(image.to_string(), facts.clone());
        facts
    }

    pub(crate) fn node_ref(&self, name: &str) -> ObjectRef {
        let uid = self.store.nodes.get(name).map(|n| n.meta.uid.clone()).unwrap_or_default();
        ObjectRef::new(Kind::Node, "", name, &uid)
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

    /// The pod's reference for an event (empty if the pod is gone).
    pub(crate) fn pod_ref(&self, id: PodId) -> ObjectRef {
        match self.store.pod(id) {
            Some(p) => ObjectRef::new(Kind::Pod, &p.meta.namespace, &p.meta.name, &p.meta.uid),
            None => ObjectRef::new(Kind::Pod, "", "", ""),
        }
    }

    /// The reference of a namespaced object kept as its wire value (a ReplicaSet, …).
    pub(crate) fn object_ref(&self, kind: Kind, ns: &str, name: &str) -> ObjectRef {
        let uid = self.store.object(kind, ns, name).map(|o| o.meta().uid.clone()).unwrap_or_default();
        ObjectRef::new(kind, ns, name, &uid)
    }

    pub(crate) fn record(
        &mut self,
        involved: impl Into<Rc<ObjectRef>>,
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

    /// A pod names a node that does not exist. The pod garbage collector looks every
    /// `gcCheckPeriod` (20 s), quarantines the missing node for `quarantineTime` (40 s)
    /// and collects on its first pass after that (`controllers::podgc`).
    pub(crate) fn pod_orphaned(&mut self, node: &str) {
        const PERIOD: Millis = 20 * crate::time::SECOND;
        const QUARANTINE: Millis = 40 * crate::time::SECOND;
        let tick = |t: Millis| t.div_ceil(PERIOD).saturating_mul(PERIOD);
        let at = tick(tick(self.now).saturating_add(QUARANTINE));
        self.wake_at(at, Wake::PodGc(Box::new(node.to_string())));
    }

    /// When the next timed wake-up is due, if any.
    pub fn next_wake(&self) -> Option<Millis> {
        self.wakes.next_at()
    }

    /// A pod changed in a way its controller cares about (created, ready, gone): its
    /// ReplicaSet's sync is queued, now or for when its current sync ends.
    pub(crate) fn pod_changed(&mut self, id: PodId) {
        let Some(p) = self.store.pod(id) else { return };
        let Some(o) = p.meta.controller() else { return };
        if o.kind == "Job" {
            // The Job controller batches pod events: a sync a second after the first
            // change (`enqueueSyncJobBatched`, `syncJobBatchPeriod`), for all of them.
            if self.queues.job_pods.add(&p.meta.namespace, &o.name) {
                let wake = Wake::SyncJobBatched(Named::new(&p.meta.namespace, &o.name));
                self.wake_at(self.now + JOB_BATCH_PERIOD, wake);
            }
            return;
        }
        if o.kind == "ReplicationController" {
            let key = (p.meta.namespace.clone(), o.name.to_string());
            self.queues.replication_controllers.insert(key);
            return;
        }
        if o.kind == "DaemonSet" {
            // A sync walks every node, as the controller's does, and keeps its worker
            // busy meanwhile (about 20 µs a node): on a large cluster the pod changes of
            // that spell are handled together by the next sync.
            let busy = self.store.nodes.len() as Millis / 50;
            if busy == 0 {
                self.queues.daemonsets.add(&p.meta.namespace, &o.name);
            } else if self.queues.daemonset_pods.add(&p.meta.namespace, &o.name) {
                let wake = Wake::SyncDaemonSet(Named::new(&p.meta.namespace, &o.name));
                self.wake_at(self.now + busy, wake);
            }
            return;
        }
        if o.kind == "StatefulSet" {
            self.queues.statefulsets.add(&p.meta.namespace, &o.name);
            return;
        }
        if o.kind != "ReplicaSet" {
            return;
        }
        // Borrowing the pod's strings: most changes find the key queued already.
        if let Some(until) = self.queues.replicasets.pod_changed(&p.meta.namespace, &o.name, self.now) {
            let wake = Wake::SyncReplicaSet(Named::new(&p.meta.namespace, &o.name));
            self.wake_at(until, wake);
        }
    }

    /// Same as `pod_changed`: the name reads better where a pod's owner is told of a
    /// deletion it made.
    pub(crate) fn pod_owner_changed(&mut self, id: PodId) {
        self.pod_changed(id);
    }

    /// The API server queued an HPA (created or changed): its controller syncs it now,
    /// then every period.
    pub(crate) fn queue_autoscaler(&mut self, ns: &str, name: &str) {
        let now = self.now;
        self.queues.autoscalers.insert((ns.to_string(), name.to_string()), now);
        self.wake_at(now, Wake::SyncHpa(Named::new(ns, name)));
    }

    /// Queues one claim for the PV and protection controllers.
    pub(crate) fn queue_claim(&mut self, ns: &str, name: &str) {
        self.queues.claims.insert((ns.to_string(), name.to_string()));
    }

    /// Queues a workload object for its controller.
    pub(crate) fn mark_dirty(&mut self, kind: Kind, ns: &str, name: &str) {
        match kind {
            Kind::Deployment => {
                self.queues.deployments.insert((ns.to_string(), name.to_string()));
            }
            Kind::ReplicaSet => {
                self.queues.replicasets.add(ns, name);
            }
            Kind::HorizontalPodAutoscaler => self.queue_autoscaler(ns, name),
            Kind::Job => {
                self.queues.jobs.insert((ns.to_string(), name.to_string()));
            }
            Kind::CronJob => {
                self.queues.cronjobs.insert((ns.to_string(), name.to_string()));
            }
            Kind::ReplicationController => {
                self.queues.replication_controllers.insert((ns.to_string(), name.to_string()));
            }
            Kind::DaemonSet => {
                self.queues.daemonsets.add(ns, name);
            }
            Kind::StatefulSet => {
                self.queues.statefulsets.add(ns, name);
            }
            Kind::PersistentVolumeClaim => {
                self.queue_claim(ns, name);
                self.queues.scheduling.claims_changed();
            }
            Kind::PersistentVolume | Kind::StorageClass => {
                self.queues.volumes = true;
                self.queues.scheduling.claims_changed();
            }
            Kind::ServiceAccount | Kind::ResourceQuota | Kind::LimitRange => {
                // The controllers whose pods admission refused for want of it try again.
                let sets: Vec<String> = self.store.replicasets(Some(ns)).map(|r| r.meta.name.clone()).collect();
                for rs in sets {
                    self.queues.replicasets.add(ns, &rs);
                }
                for j in self.store.jobs(Some(ns)).map(|j| j.meta.name.clone()).collect::<Vec<_>>() {
                    self.queues.jobs.insert((ns.to_string(), j));
                }
                for d in self.store.daemonsets(Some(ns)).map(|d| d.meta.name.clone()).collect::<Vec<_>>() {
                    self.queues.daemonsets.add(ns, &d);
                }
            }
            Kind::PriorityClass => {
                // The class a controller's pods name may exist now, in any namespace.
                let sets: Vec<(String, String)> =
                    self.store.replicasets(None).map(|r| (r.meta.namespace.clone(), r.meta.name.clone())).collect();
                for (ns, rs) in sets {
                    self.queues.replicasets.add(&ns, &rs);
                }
                for j in self.store.jobs(None).map(|j| (j.meta.namespace.clone(), j.meta.name.clone())).collect::<Vec<_>>() {
                    self.queues.jobs.insert(j);
                }
                for d in self.store.daemonsets(None).map(|d| (d.meta.namespace.clone(), d.meta.name.clone())).collect::<Vec<_>>() {
                    self.queues.daemonsets.add(&d.0, &d.1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod known_image_tests {
    use super::*;

    #[test]
    fn a_registry_image_config_is_made_once_and_an_unknown_image_has_none() {
        let nginx = KnownImage { facts: crate::registry::ImageFacts::of("nginx:1.27"), pulled_config: Default::default() };
        let first = nginx.pulled_config().expect("the registry has nginx");
        let Some(Ok(image)) = nginx.facts.lookup() else { panic!("nginx is in the catalog") };
        assert_eq!(*first, crate::runtime::ImageConfig::pulled(image));
        assert!(std::ptr::eq(first, nginx.pulled_config().expect("still there")), "made once");
        let missing = KnownImage { facts: crate::registry::ImageFacts::of("nosuchofficialimage:1"), pulled_config: Default::default() };
        assert!(missing.pulled_config().is_none());
        let unparsed = KnownImage { facts: crate::registry::ImageFacts::of("NGINX::"), pulled_config: Default::default() };
        assert!(unparsed.pulled_config().is_none());
    }
}
