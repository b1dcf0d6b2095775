//! The work queues the informers fill: as an object changes, the API server (or the
//! kubelet writing a pod's status) queues whatever controller cares, and the controller
//! takes its keys off the queue when it next runs. They live here, beside the store,
//! because the writers are not the readers; each controller keeps everything else it
//! knows to itself.

use crate::store::PodId;
use crate::time::Millis;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Clone, Default)]
pub(crate) struct Queues {
    pub replicasets: ReplicaSetQueue,
    /// Deployments to sync at the current instant, by namespace and name.
    pub deployments: BTreeSet<(String, String)>,
    /// When each HPA's next periodic sync is due: a wake-up for another instant is stale.
    pub autoscalers: BTreeMap<(String, String), Millis>,
    /// Jobs to sync at the current instant, by namespace and name.
    pub jobs: BTreeSet<(String, String)>,
    /// CronJobs to sync at the current instant, by namespace and name.
    pub cronjobs: BTreeSet<(String, String)>,
    /// DaemonSets to sync at the current instant, by namespace and name.
    pub daemonsets: ByName<()>,
    /// StatefulSets to sync at the current instant, by namespace and name.
    pub statefulsets: ByName<()>,
    /// Jobs whose pods changed, with their batched sync already scheduled. By name, as
    /// the sets above: a pod's change finds its owner queued already without copying
    /// the two names into a key (most of a mixed cluster's pod changes).
    pub job_pods: ByName<()>,
    /// DaemonSets whose pods changed, with a sync already scheduled for them.
    pub daemonset_pods: ByName<()>,
    /// ReplicationControllers to sync at the current instant, by namespace and name.
    pub replication_controllers: BTreeSet<(String, String)>,
    /// A volume or class changed, or a claim went: the PV controller and the protection
    /// controllers look at every claim and volume.
    pub volumes: bool,
    /// Claims to sync on their own, by namespace and name: the claim changed, or a pod
    /// using it came, was placed or went. A StatefulSet of fifty makes fifty claims one at
    /// a time, and each used to cost a look at every claim and volume in the cluster.
    pub claims: BTreeSet<(String, String)>,
    pub scheduling: SchedulingQueue,
}

/// ReplicaSets to sync. A large ReplicaSet's sync takes time, as a real controller's
/// does: pod changes that arrive meanwhile wait and are handled by one later sync.
#[derive(Clone, Default)]
pub(crate) struct ReplicaSetQueue {
    /// To sync at the current instant.
    pub dirty: ByName<()>,
    /// Until when each ReplicaSet's current sync keeps its worker busy.
    pub busy_until: ByName<Millis>,
    /// ReplicaSets whose queued sync is already scheduled for the end of a busy spell.
    pub queued: ByName<()>,
}

impl ReplicaSetQueue {
    /// Queues a ReplicaSet now; whether it was not queued yet.
    pub fn add(&mut self, ns: &str, name: &str) -> bool {
        self.dirty.add(ns, name)
    }

    /// One of the ReplicaSet's pods changed: its sync is queued now, or, while its worker
    /// is busy, for when it is free — returned when that needs a wake-up of its own.
    pub fn pod_changed(&mut self, ns: &str, name: &str, now: Millis) -> Option<Millis> {
        match self.busy_until.get(ns, name) {
            Some(&until) if until > now => self.queued.add(ns, name).then_some(until),
            _ => {
                self.dirty.add(ns, name);
                None
            }
        }
    }

    /// A busy spell ended: the sync that waited for it is due now.
    pub fn woken(&mut self, ns: &str, name: &str) {
        self.queued.remove(ns, name);
        self.dirty.add(ns, name);
    }
}

/// Pods waiting for a node, and what the scheduler must know of changes made behind its
/// back before it places the next one.
#[derive(Clone, Default)]
pub(crate) struct SchedulingQueue {
    pub active: VecDeque<(PodId, u64)>,
    pub unschedulable: Vec<(PodId, u64)>,
    /// The scheduler's node cache no longer holds.
    pub stale: bool,
    /// Pods came or went other than by the scheduler's placements: its counts of each
    /// owner's pods per node must be counted again.
    pub counts_stale: bool,
    /// Images nodes pulled since the scheduler last ran: (node, image, size), in order.
    pub pulled: Vec<(std::rc::Rc<str>, String, u64)>,
}

impl SchedulingQueue {
    pub fn enqueue(&mut self, id: PodId, serial: u64) {
        self.active.push_back((id, serial));
    }

    /// A node appeared, changed or freed capacity: pods that did not fit may fit now.
    pub fn nodes_changed(&mut self) {
        self.cluster_changed();
    }

    /// Something that scheduling depends on changed (a pod went away, a node changed).
    pub fn cluster_changed(&mut self) {
        self.stale = true;
        self.counts_stale = true;
        self.active.extend(self.unschedulable.drain(..));
    }

    /// A claim or volume changed: pods that could not be placed for theirs are tried
    /// again (the node tables stay).
    pub fn claims_changed(&mut self) {
        self.active.extend(self.unschedulable.drain(..));
    }

    /// The scheduler's cache is out of date (an image arrived on a node, say).
    pub fn invalidate(&mut self) {
        self.stale = true;
    }

    /// A pod was bound without the scheduler (its `nodeName` was written): the node's
    /// requests and the spread counts no longer hold, but no pod that did not fit fits now.
    pub fn pod_bound_elsewhere(&mut self) {
        self.stale = true;
        self.counts_stale = true;
    }

    /// A node pulled an image it did not have: the scheduler's ImageLocality tables take
    /// it in when it next runs.
    pub fn image_pulled(&mut self, node: std::rc::Rc<str>, image: &str, size: u64) {
        self.pulled.push((node, image.to_string(), size));
    }
}

/// Values by (namespace, name), in that order, as client-go keys its queues by
/// `namespace/name`. A rollout queues a pod's ReplicaSet on each of its pod's changes, so
/// a lookup borrows the strings: a key is allocated only when it is new.
#[derive(Clone, Debug)]
pub struct ByName<V> {
    map: BTreeMap<String, BTreeMap<String, V>>,
}

impl<V> Default for ByName<V> {
    fn default() -> Self {
        ByName { map: BTreeMap::new() }
    }
}

impl<V> ByName<V> {
    pub fn get(&self, ns: &str, name: &str) -> Option<&V> {
        self.map.get(ns)?.get(name)
    }

    pub fn contains(&self, ns: &str, name: &str) -> bool {
        self.get(ns, name).is_some()
    }

    /// Sets the value, returning the one it replaces.
    pub fn insert(&mut self, ns: &str, name: &str, v: V) -> Option<V> {
        let names = match self.map.get_mut(ns) {
            Some(names) => names,
            None => self.map.entry(ns.to_string()).or_default(),
        };
        match names.get_mut(name) {
            Some(old) => Some(std::mem::replace(old, v)),
            None => names.insert(name.to_string(), v),
        }
    }

    pub fn remove(&mut self, ns: &str, name: &str) -> Option<V> {
        let names = self.map.get_mut(ns)?;
        let v = names.remove(name);
        if names.is_empty() {
            self.map.remove(ns);
        }
        v
    }

    /// The first key in (namespace, name) order, taken out.
    pub fn pop_first(&mut self) -> Option<(String, String, V)> {
        let mut first = self.map.first_entry()?;
        let (name, v) = first.get_mut().pop_first()?;
        let ns = if first.get().is_empty() { first.remove_entry().0 } else { first.key().clone() };
        Some((ns, name, v))
    }
}

impl ByName<()> {
    /// Queues the key; whether it was not queued yet.
    pub fn add(&mut self, ns: &str, name: &str) -> bool {
        self.insert(ns, name, ()).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_out_in_namespace_then_name_order_once_each() {
        let mut q = ByName::<()>::default();
        for (ns, name) in [("web", "b"), ("default", "z"), ("web", "a"), ("default", "z"), ("default", "a")] {
            q.add(ns, name);
        }
        assert!(!q.add("web", "a"), "already queued");
        assert!(q.contains("default", "z") && !q.contains("default", "b"));
        let mut out = vec![];
        while let Some((ns, name, ())) = q.pop_first() {
            out.push(format!("{ns}/{name}"));
        }
        assert_eq!(out, ["default/a", "default/z", "web/a", "web/b"]);
        assert!(q.pop_first().is_none());
    }

    #[test]
    fn values_are_replaced_and_removed() {
        let mut m = ByName::default();
        assert_eq!(m.insert("default", "web", 5), None);
        assert_eq!(m.insert("default", "web", 7), Some(5));
        assert_eq!(m.get("default", "web"), Some(&7));
        assert_eq!(m.remove("default", "web"), Some(7));
        assert_eq!(m.remove("default", "web"), None);
        assert!(m.map.is_empty(), "an emptied namespace goes too");
    }

    #[test]
    fn a_busy_replicaset_waits_for_one_wake_up() {
        let mut q = ReplicaSetQueue::default();
        assert_eq!(q.pod_changed("default", "web", 0), None);
        assert!(q.dirty.contains("default", "web"));
        q.dirty.remove("default", "web");
        q.busy_until.insert("default", "web", 150);
        assert_eq!(q.pod_changed("default", "web", 10), Some(150), "one wake-up for the end of the spell");
        assert_eq!(q.pod_changed("default", "web", 20), None, "already waiting");
        assert!(!q.dirty.contains("default", "web"));
        q.woken("default", "web");
        assert!(q.dirty.contains("default", "web") && !q.queued.contains("default", "web"));
    }
}
