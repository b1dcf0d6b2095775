//! The API server's storage: objects by kind, namespace and name, resource versions, and
//! the indexes controllers use instead of scanning (pods by node, by owner, by label).

mod available_volumes;
pub mod endpoints;
pub mod label_index;
mod nodes;
mod object_key;
mod objects;
mod owner_counts;
mod pod_claims;
mod pod_names;
pub mod removed;

pub use nodes::NodeMap;
pub use objects::Objects;

use crate::model::{
    Autoscaler, CronJob, DaemonSet, Deployment, Generic, Job, Kind, Node, Object, ObjectMeta, Pod, ReplicaSet, Service, StatefulSet,
};
pub use owner_counts::OwnerCounts;
use owner_counts::{OwnerTallies, Share};
use pod_claims::PodClaims;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `index_insert` for the hashed node index. An entry's key is the copy of the name the
/// last pod bound there holds, which the scheduler shares among the pods it binds to the
/// node: finding the entry then compares the name with itself, text already in cache,
/// rather than with a copy elsewhere in memory (a cache miss a pod bound). A pod bound
/// with another copy (a static pod, or after the scheduler renewed its own) re-keys it.
fn node_index_insert(index: &mut HashMap<std::rc::Rc<str>, BTreeSet<PodId>, crate::hash::FxBuild>, node: &std::rc::Rc<str>, id: PodId) {
    match index.get_key_value(&**node) {
        Some((key, _)) if std::rc::Rc::ptr_eq(key, node) => {
            index.get_mut(&**node).expect("just found").insert(id);
        }
        Some(_) => {
            let (_, mut set) = index.remove_entry(&**node).expect("just found");
            set.insert(id);
            index.insert(node.clone(), set);
        }
        None => {
            index.insert(node.clone(), BTreeSet::from([id]));
        }
    }
}

/// Adds a slot to an index entry, allocating the key only for a new entry.
fn index_insert<K, Q>(index: &mut BTreeMap<K, BTreeSet<PodId>>, key: &Q, id: PodId)
where
    K: Ord + std::borrow::Borrow<Q>,
    Q: Ord + ?Sized + ToOwned<Owned = K>,
{
    match index.get_mut(key) {
        Some(set) => {
            set.insert(id);
        }
        None => {
            index.insert(key.to_owned(), BTreeSet::from([id]));
        }
    }
}

/// Pods sharing pod affinity terms in one namespace.
#[derive(Clone)]
pub struct AffinityGroup {
    pub terms: std::rc::Rc<crate::model::pod_affinity::PodAffinity>,
    pub pods: BTreeSet<PodId>,
}

/// A pod's slot in the store. Slots are reused; `serial` tells incarnations apart.
pub type PodId = u32;

#[derive(Clone, Default)]
pub struct Store {
    resource_version: u64,
    /// Pods removed from the store: a removal writes no object, yet what is drawn changes.
    removed_pods: u64,
    /// The last pods removed, for the page to say what became of one.
    pub removed: removed::Removed,
    pods: Slots,
    free: Vec<PodId>,
    next_serial: u64,
    /// Pods by namespace, then name. Found by hash: a ReplicaSet checks each name it
    /// generates, and a B-tree of 150,000 names sharing a long prefix made that a dozen
    /// slow comparisons. Listed by sorting (`pods_in`).
    pod_names: BTreeMap<String, pod_names::Names>,
    /// Pods by node name: found by hash, never listed (each set is in id order).
    pub pods_by_node: HashMap<std::rc::Rc<str>, BTreeSet<PodId>, crate::hash::FxBuild>,
    /// The lowest priority of any pod ever stored: preemption looks for victims only
    /// when a pod outranks it.
    pub lowest_priority: Option<i64>,
    pub pods_by_owner: BTreeMap<std::rc::Rc<str>, BTreeSet<PodId>>,
    /// How many times `pods_by_owner` changed: a controller's listing of its pods holds
    /// while it does (a pod's name never changes).
    pub owners_written: u64,
    pub pods_by_label: label_index::LabelIndex,
    /// Pods with pod affinity or anti-affinity terms, by namespace, then by the terms
    /// (a workload's pods share theirs): the scheduler asks each group's terms once and
    /// reads only the pods of the groups whose terms select the pod it places.
    pub pods_with_affinity: BTreeMap<String, BTreeMap<String, AffinityGroup>>,
    pod_claims: PodClaims,
    pub nodes: NodeMap,
    pub services: BTreeMap<(String, String), Service>,
    /// Every other kind's objects, by kind, namespace and name.
    pub objects: Objects,
    pub namespaces: BTreeMap<String, Generic>,
    /// Custom resources, by their CRD's name, namespace and name.
    pub custom: BTreeMap<(String, String, String), crate::model::crd::CustomResource>,
    owner_tallies: OwnerTallies,
    /// What is kept of each slot's pod beside it, by slot.
    kept: Vec<Kept>,
    /// Slots handed out by `pod_mut` since they were last caught up.
    touched: Vec<PodId>,
    /// A ConfigMap's or Secret's last change: when, and the body it had before (what a
    /// pod's volume holds until the kubelet's next sync).
    pub config_changes: BTreeMap<(Kind, String, String), (crate::time::Millis, crate::value::Value)>,
    /// Files containers wrote to volumes that outlive them (kept by the kubelet's
    /// `host_files`).
    pub host_files: Vec<crate::model::volume::HostFile>,
}

/// What the store keeps of a slot's pod as of its last catch-up: its share of its owner's
/// counts, and how it is drawn and whether it is bound (the page's summary of 150,000
/// pods reads these bytes instead of every pod).
#[derive(Clone, Copy, Default)]
struct Kept {
    share: Option<Share>,
    look: Option<(crate::model::pod::Look, bool)>,
    /// Changed since: read the pod itself.
    touched: bool,
}

/// The pod slots, in pages of a fixed size: a store of 150,000 pods holds no
/// half-empty doubled vector and never moves its pods when it grows.
#[derive(Clone, Default)]
struct Slots {
    pages: Vec<Vec<Option<(u64, Pod)>>>,
    len: usize,
}

const PAGE: usize = 1024;

impl Slots {
    #[inline(always)]
    fn get(&self, id: PodId) -> Option<&(u64, Pod)> {
        let i = id as usize;
        self.pages.get(i / PAGE)?.get(i % PAGE)?.as_ref()
    }

    fn get_mut(&mut self, id: PodId) -> Option<&mut Option<(u64, Pod)>> {
        let i = id as usize;
        self.pages.get_mut(i / PAGE)?.get_mut(i % PAGE)
    }

    /// The id the next `push` gives.
    fn next_id(&self) -> PodId {
        self.len as PodId
    }

    fn push(&mut self, slot: (u64, Pod)) -> PodId {
        if self.len % PAGE == 0 {
            self.pages.push(Vec::with_capacity(PAGE));
        }
        self.pages.last_mut().expect("a page with room").push(Some(slot));
        self.len += 1;
        (self.len - 1) as PodId
    }
}

impl Store {
    /// The latest resource version: it changes whenever any object does.
    pub fn revision(&self) -> u64 {
        self.resource_version
    }

    /// A number that changes whenever an object is written or a pod goes away.
    pub fn changes(&self) -> u64 {
        self.resource_version + self.removed_pods
    }

    pub fn next_rv(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    #[inline(always)]
    pub fn pod(&self, id: PodId) -> Option<&Pod> {
        self.pods.get(id).map(|(_, p)| p)
    }

    /// The pod to change. Its owner's counts catch up with whatever is changed when they
    /// are next read.
    pub fn pod_mut(&mut self, id: PodId) -> Option<&mut Pod> {
        let pod = self.pods.get_mut(id).and_then(|s| s.as_mut()).map(|(_, p)| p)?;
        let kept = &mut self.kept[id as usize];
        if !kept.touched {
            kept.touched = true;
            self.touched.push(id);
        }
        Some(pod)
    }

    /// How many of the pods `uid` controls are active, ready and carry all of
    /// `template`'s labels: counted once, then kept as pods change.
    pub fn owner_counts(&mut self, uid: &str, template: &crate::model::Labels) -> OwnerCounts {
        self.catch_up();
        if let Some(c) = self.owner_tallies.get(uid, template) {
            return c;
        }
        self.owner_tallies.reset(uid, template);
        let owned: Vec<PodId> = self.pods_by_owner.get(uid).into_iter().flatten().copied().collect();
        for id in owned {
            let share = self.pod(id).and_then(|p| self.owner_tallies.share(p));
            self.owner_tallies.add(share);
            self.kept[id as usize].share = share;
        }
        self.owner_tallies.get(uid, template).unwrap_or_default()
    }

    /// Brings the counts and looks of every pod changed since the last time up to date.
    pub fn catch_up(&mut self) {
        // Taken and put back, so the list keeps its room for the next step's changes.
        let mut touched = std::mem::take(&mut self.touched);
        for &id in &touched {
            self.kept[id as usize].touched = false;
            self.recount(id);
        }
        touched.clear();
        self.touched = touched;
    }

    /// How the pod in `id` is drawn and whether it is bound: kept, unless it changed
    /// since the last catch-up.
    fn drawn(&self, id: PodId) -> Option<(crate::model::pod::Look, bool)> {
        let now = || self.pod(id).map(|p| (crate::model::pod::Look::of_pod(p), !p.node.is_empty()));
        let kept = self.kept.get(id as usize)?;
        if kept.touched {
            return now();
        }
        debug_assert_eq!(kept.look, now(), "a kept look is the pod's look");
        kept.look
    }

    /// How the pod in `id` is drawn.
    pub fn look(&self, id: PodId) -> Option<crate::model::pod::Look> {
        self.drawn(id).map(|(look, _)| look)
    }

    /// How each pod not bound to a node is drawn, in slot order.
    pub fn unbound_looks(&self) -> impl Iterator<Item = crate::model::pod::Look> + '_ {
        (0..self.kept.len() as PodId).filter_map(|id| self.drawn(id).filter(|(_, bound)| !bound).map(|(look, _)| look))
    }

    /// Moves a slot's pod to its owner's counts, and keeps its look, as it is now.
    fn recount(&mut self, id: PodId) {
        let pod = self.pods.get(id).map(|(_, p)| p);
        let now = pod.and_then(|p| self.owner_tallies.share(p));
        let kept = &mut self.kept[id as usize];
        kept.look = pod.map(|p| (crate::model::pod::Look::of_pod(p), !p.node.is_empty()));
        if kept.share != now {
            self.owner_tallies.remove(kept.share);
            self.owner_tallies.add(now);
            kept.share = now;
        }
    }

    /// The pod in `id` if it is still the incarnation `serial`.
    pub fn pod_if(&self, id: PodId, serial: u64) -> Option<&Pod> {
        match self.pods.get(id) {
            Some((s, p)) if *s == serial => Some(p),
            _ => None,
        }
    }

    pub fn serial(&self, id: PodId) -> Option<u64> {
        self.pods.get(id).map(|(s, _)| *s)
    }

    pub fn pod_id(&self, ns: &str, name: &str) -> Option<PodId> {
        let pods = &self.pods;
        self.pod_names.get(ns)?.get(pod_names::hash(name), |id| pods.get(id).is_some_and(|(_, p)| p.meta.name == name))
    }

    /// Pods in the namespace.
    pub fn pod_count_in(&self, ns: &str) -> usize {
        self.pod_names.get(ns).map_or(0, |names| names.len())
    }

    pub fn pod_count(&self) -> usize {
        self.pod_names.values().map(pod_names::Names::len).sum()
    }

    pub fn insert_pod(&mut self, mut pod: Pod) -> (PodId, u64) {
        pod.meta.resource_version = self.next_rv();
        self.next_serial += 1;
        let serial = self.next_serial;
        // The indexes first, borrowing the pod's strings, then the pod into its slot.
        let id = self.free.last().copied().unwrap_or(self.pods.next_id());
        self.lowest_priority = Some(self.lowest_priority.map_or(pod.spec.priority, |low| low.min(pod.spec.priority)));
        for (k, v) in pod.meta.labels.0.iter() {
            self.pods_by_label.insert(k, v, id);
        }
        if let Some(o) = pod.meta.controller() {
            index_insert(&mut self.pods_by_owner, &o.uid, id);
            self.owners_written += 1;
        }
        if !pod.node.is_empty() {
            node_index_insert(&mut self.pods_by_node, &pod.node, id);
        }
        if let Some(terms) = &pod.spec.pod_affinity {
            let groups = self.pods_with_affinity.entry(pod.meta.namespace.clone()).or_default();
            match groups.get_mut(&terms.key) {
                Some(g) => {
                    g.pods.insert(id);
                }
                None => {
                    groups.insert(terms.key.clone(), AffinityGroup { terms: terms.clone(), pods: BTreeSet::from([id]) });
                }
            }
        }
        self.pod_claims.insert(&pod, id);
        let names = match self.pod_names.get_mut(&pod.meta.namespace) {
            Some(names) => names,
            None => self.pod_names.entry(pod.meta.namespace.clone()).or_default(),
        };
        let pods = &self.pods;
        names.insert(pod_names::hash(&pod.meta.name), id, |old| pods.get(old).is_some_and(|(_, p)| p.meta.name == pod.meta.name));
        match self.free.pop() {
            Some(id) => *self.pods.get_mut(id).expect("a freed slot") = Some((serial, pod)),
            None => {
                self.kept.push(Kept::default());
                let pushed = self.pods.push((serial, pod));
                debug_assert_eq!(pushed, id);
            }
        }
        self.recount(id);
        (id, serial)
    }

    /// The node the pod is bound to, found by the place kept at binding when it is still
    /// good, else by name.
    pub fn node_of(&self, p: &Pod) -> Option<&Node> {
        p.runtime.node_slot.and_then(|s| self.nodes.at(s)).or_else(|| self.nodes.get(&p.node))
    }

    pub fn node_of_mut(&mut self, id: PodId) -> Option<&mut Node> {
        let p = self.pod(id)?;
        match p.runtime.node_slot.filter(|s| self.nodes.at(*s).is_some()) {
            Some(s) => self.nodes.at_mut(s),
            None => {
                let name = p.node.clone();
                self.nodes.get_mut(&name)
            }
        }
    }

    pub fn bind_pod(&mut self, id: PodId, node: &std::rc::Rc<str>) {
        node_index_insert(&mut self.pods_by_node, node, id);
    }

    pub fn remove_pod(&mut self, id: PodId) -> Option<Pod> {
        let (_, pod) = self.pods.get_mut(id)?.take()?;
        self.removed_pods += 1;
        self.removed.note(&pod);
        self.recount(id);
        self.free.push(id);
        if let Some(names) = self.pod_names.get_mut(&pod.meta.namespace) {
            names.remove(pod_names::hash(&pod.meta.name), id);
            if names.is_empty() {
                self.pod_names.remove(&pod.meta.namespace);
            }
        }
        for (k, v) in pod.meta.labels.0.iter() {
            self.pods_by_label.remove(k, v, id, true);
        }
        if let Some(owner) = pod.meta.controller() {
            self.owners_written += 1;
            if let Some(set) = self.pods_by_owner.get_mut(&*owner.uid) {
                set.remove(&id);
                if set.is_empty() {
                    self.pods_by_owner.remove(&*owner.uid);
                }
            }
        }
        if !pod.node.is_empty() {
            if let Some(set) = self.pods_by_node.get_mut(&*pod.node) {
                set.remove(&id);
            }
        }
        self.pod_claims.remove(&pod, id);
        if let Some(terms) = &pod.spec.pod_affinity {
            if let Some(groups) = self.pods_with_affinity.get_mut(&pod.meta.namespace) {
                if let Some(g) = groups.get_mut(&terms.key) {
                    g.pods.remove(&id);
                    if g.pods.is_empty() {
                        groups.remove(&terms.key);
                    }
                }
                if groups.is_empty() {
                    self.pods_with_affinity.remove(&pod.meta.namespace);
                }
            }
        }
        Some(pod)
    }

    /// Makes `owner` the pod's controller (adoption), keeping the owner index true.
    pub fn set_pod_owner(&mut self, id: PodId, owner: crate::model::OwnerRef) {
        let uid = owner.uid.clone();
        if let Some(p) = self.pod_mut(id) {
            p.meta.owners.retain(|o| !o.controller);
            p.meta.add_owner(owner);
        }
        self.pods_by_owner.entry(uid).or_default().insert(id);
        self.owners_written += 1;
    }

    /// Removes the pod's controller reference (orphaning), keeping the index true.
    pub fn clear_pod_owner(&mut self, id: PodId) {
        let Some(uid) = self.pod(id).and_then(|p| p.meta.controller()).map(|o| o.uid.clone()) else { return };
        if let Some(p) = self.pod_mut(id) {
            p.meta.owners.retain(|o| !o.controller);
        }
        if let Some(set) = self.pods_by_owner.get_mut(&*uid) {
            set.remove(&id);
        }
        self.owners_written += 1;
    }

    /// Replaces a pod's labels, keeping the label index true.
    pub fn set_pod_labels(&mut self, id: PodId, labels: crate::model::Labels) {
        let Some(old) = self.pod(id).map(|p| p.meta.labels.clone()) else { return };
        for (k, v) in old.0.iter() {
            self.pods_by_label.remove(k, v, id, false);
        }
        for (k, v) in labels.0.iter() {
            self.pods_by_label.insert(k, v, id);
        }
        if let Some(p) = self.pod_mut(id) {
            p.meta.labels = labels;
        }
    }

    /// Pods in a namespace (all namespaces with `None`), in name order as the API lists them.
    pub fn pods_in(&self, ns: Option<&str>) -> Vec<PodId> {
        let sorted = |names: &pod_names::Names| -> Vec<PodId> {
            let mut named: Vec<(&str, PodId)> = names.ids().filter_map(|id| Some((self.pods.get(id)?.1.meta.name.as_str(), id))).collect();
            named.sort_unstable_by(|a, b| a.0.cmp(b.0));
            named.into_iter().map(|(_, id)| id).collect()
        };
        match ns {
            Some(ns) => self.pod_names.get(ns).map(sorted).unwrap_or_default(),
            None => self.pod_names.values().flat_map(sorted).collect(),
        }
    }

    /// The pods in `ns` whose volumes name the claim, found through the claim index.
    pub fn pods_using_claim<'a>(&'a self, ns: &str, claim: &str) -> impl Iterator<Item = (PodId, &'a Pod)> + 'a {
        self.pod_claims.using(ns, claim).filter_map(|id| Some((id, self.pod(id)?)))
    }

    /// Every pod with its id, in slot order: for counts, which need no order.
    pub fn pods(&self) -> impl Iterator<Item = (PodId, &Pod)> + '_ {
        self.pods.pages.iter().flatten().enumerate().filter_map(|(i, slot)| Some((i as PodId, &slot.as_ref()?.1)))
    }

    /// Pods whose labels satisfy an equality selector, found through the label index:
    /// the smallest matching set is scanned, never the whole store.
    pub fn pods_matching(&self, ns: &str, selector: &crate::model::Labels) -> Vec<PodId> {
        if selector.is_empty() {
            return self.pods_in(Some(ns));
        }
        let mut smallest: Option<&BTreeSet<PodId>> = None;
        for (k, v) in selector.0.iter() {
            match self.pods_by_label.get(k, v) {
                None => return vec![],
                Some(set) => {
                    if smallest.is_none_or(|s| set.len() < s.len()) {
                        smallest = Some(set);
                    }
                }
            }
        }
        let mut out: Vec<PodId> = smallest
            .into_iter()
            .flatten()
            .copied()
            .filter(|id| {
                self.pod(*id).is_some_and(|p| p.meta.namespace == ns && selector.0.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v)))
            })
            .collect();
        out.sort_by(|a, b| {
            let (pa, pb) = (self.pod(*a).expect("listed"), self.pod(*b).expect("listed"));
            pa.meta.name.cmp(&pb.meta.name)
        });
        out
    }

    pub fn object(&self, kind: Kind, ns: &str, name: &str) -> Option<&Object> {
        self.objects.get(kind, ns, name)
    }

    pub fn object_mut(&mut self, kind: Kind, ns: &str, name: &str) -> Option<&mut Object> {
        self.objects.get_mut(kind, ns, name)
    }

    /// The objects of a kind in a namespace (`None`: all), in namespace then name order.
    pub fn objects_of<'s: 'n, 'n>(&'s self, kind: Kind, ns: Option<&'n str>) -> impl Iterator<Item = &'s Object> + 'n {
        // From a borrowed key: the controllers ask on every sync, and copying the names
        // into an owned key cost two allocations each time.
        let any = self.objects.any_of(kind);
        any.then(|| self.objects.from(kind, ns.unwrap_or(""), ""))
            .into_iter()
            .flatten()
            .take_while(move |((k, n, _), _)| *k == kind && ns.is_none_or(|want| want == n))
            .map(|(_, o)| o)
    }

    pub fn deployment(&self, ns: &str, name: &str) -> Option<&Deployment> {
        match self.object(Kind::Deployment, ns, name)? {
            Object::Deployment(d) => Some(d),
            _ => None,
        }
    }

    pub fn deployment_mut(&mut self, ns: &str, name: &str) -> Option<&mut Deployment> {
        match self.object_mut(Kind::Deployment, ns, name)? {
            Object::Deployment(d) => Some(d),
            _ => None,
        }
    }

    pub fn replicaset(&self, ns: &str, name: &str) -> Option<&ReplicaSet> {
        match self.object(Kind::ReplicaSet, ns, name)? {
            Object::ReplicaSet(r) => Some(r),
            _ => None,
        }
    }

    pub fn replicaset_mut(&mut self, ns: &str, name: &str) -> Option<&mut ReplicaSet> {
        match self.object_mut(Kind::ReplicaSet, ns, name)? {
            Object::ReplicaSet(r) => Some(r),
            _ => None,
        }
    }

    /// The ReplicaSets of a namespace (`None`: all), in name order.
    pub fn replicasets<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s ReplicaSet> + 'n {
        self.objects_of(Kind::ReplicaSet, ns).filter_map(|o| match o {
            Object::ReplicaSet(r) => Some(r),
            _ => None,
        })
    }

    pub fn daemonset(&self, ns: &str, name: &str) -> Option<&DaemonSet> {
        match self.object(Kind::DaemonSet, ns, name)? {
            Object::DaemonSet(d) => Some(d),
            _ => None,
        }
    }

    pub fn daemonset_mut(&mut self, ns: &str, name: &str) -> Option<&mut DaemonSet> {
        match self.object_mut(Kind::DaemonSet, ns, name)? {
            Object::DaemonSet(d) => Some(d),
            _ => None,
        }
    }

    /// The DaemonSets of a namespace (`None`: all), in name order.
    pub fn daemonsets<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s DaemonSet> + 'n {
        self.objects_of(Kind::DaemonSet, ns).filter_map(|o| match o {
            Object::DaemonSet(d) => Some(d),
            _ => None,
        })
    }

    pub fn replication_controller(&self, ns: &str, name: &str) -> Option<&crate::model::replicationcontroller::ReplicationController> {
        match self.object(Kind::ReplicationController, ns, name)? {
            Object::ReplicationController(rc) => Some(rc),
            _ => None,
        }
    }

    pub fn replication_controller_mut(
        &mut self,
        ns: &str,
        name: &str,
    ) -> Option<&mut crate::model::replicationcontroller::ReplicationController> {
        match self.object_mut(Kind::ReplicationController, ns, name)? {
            Object::ReplicationController(rc) => Some(rc),
            _ => None,
        }
    }

    /// The PodDisruptionBudgets of a namespace (`None`: all), in name order.
    pub fn budgets<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s crate::model::PodDisruptionBudget> + 'n {
        self.objects_of(Kind::PodDisruptionBudget, ns).filter_map(|o| match o {
            Object::Budget(b) => Some(b),
            _ => None,
        })
    }

    pub fn budget_mut(&mut self, ns: &str, name: &str) -> Option<&mut crate::model::PodDisruptionBudget> {
        match self.object_mut(Kind::PodDisruptionBudget, ns, name)? {
            Object::Budget(b) => Some(b),
            _ => None,
        }
    }

    pub fn statefulset(&self, ns: &str, name: &str) -> Option<&StatefulSet> {
        match self.object(Kind::StatefulSet, ns, name)? {
            Object::StatefulSet(s) => Some(s),
            _ => None,
        }
    }

    pub fn statefulset_mut(&mut self, ns: &str, name: &str) -> Option<&mut StatefulSet> {
        match self.object_mut(Kind::StatefulSet, ns, name)? {
            Object::StatefulSet(s) => Some(s),
            _ => None,
        }
    }

    /// The StatefulSets of a namespace (`None`: all), in name order.
    pub fn statefulsets<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s StatefulSet> + 'n {
        self.objects_of(Kind::StatefulSet, ns).filter_map(|o| match o {
            Object::StatefulSet(s) => Some(s),
            _ => None,
        })
    }

    pub fn job(&self, ns: &str, name: &str) -> Option<&Job> {
        match self.object(Kind::Job, ns, name)? {
            Object::Job(j) => Some(j),
            _ => None,
        }
    }

    pub fn job_mut(&mut self, ns: &str, name: &str) -> Option<&mut Job> {
        match self.object_mut(Kind::Job, ns, name)? {
            Object::Job(j) => Some(j),
            _ => None,
        }
    }

    /// The Jobs of a namespace (`None`: all), in name order.
    pub fn jobs<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s Job> + 'n {
        self.objects_of(Kind::Job, ns).filter_map(|o| match o {
            Object::Job(j) => Some(j),
            _ => None,
        })
    }

    pub fn cronjob(&self, ns: &str, name: &str) -> Option<&CronJob> {
        match self.object(Kind::CronJob, ns, name)? {
            Object::CronJob(c) => Some(c),
            _ => None,
        }
    }

    pub fn cronjob_mut(&mut self, ns: &str, name: &str) -> Option<&mut CronJob> {
        match self.object_mut(Kind::CronJob, ns, name)? {
            Object::CronJob(c) => Some(c),
            _ => None,
        }
    }

    /// The Deployments of a namespace (`None`: all), in name order.
    pub fn deployments<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s Deployment> + 'n {
        self.objects_of(Kind::Deployment, ns).filter_map(|o| match o {
            Object::Deployment(d) => Some(d),
            _ => None,
        })
    }

    pub fn autoscaler(&self, ns: &str, name: &str) -> Option<&Autoscaler> {
        match self.object(Kind::HorizontalPodAutoscaler, ns, name)? {
            Object::Autoscaler(h) => Some(h),
            _ => None,
        }
    }

    pub fn autoscaler_mut(&mut self, ns: &str, name: &str) -> Option<&mut Autoscaler> {
        match self.object_mut(Kind::HorizontalPodAutoscaler, ns, name)? {
            Object::Autoscaler(h) => Some(h),
            _ => None,
        }
    }

    /// The HPAs of a namespace (`None`: all), in name order.
    pub fn autoscalers<'s: 'n, 'n>(&'s self, ns: Option<&'n str>) -> impl Iterator<Item = &'s Autoscaler> + 'n {
        self.objects_of(Kind::HorizontalPodAutoscaler, ns).filter_map(|o| match o {
            Object::Autoscaler(h) => Some(h),
            _ => None,
        })
    }

    /// An object kept as it was written (an Endpoints written by hand, say).
    pub fn written(&self, kind: Kind, ns: &str, name: &str) -> Option<&Generic> {
        match self.object(kind, ns, name)? {
            Object::Written(g) => Some(g),
            _ => None,
        }
    }

    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.namespaces.contains_key(ns)
    }

    /// Whether an object of this kind and name exists.
    pub fn exists(&self, kind: Kind, ns: &str, name: &str) -> bool {
        match kind {
            Kind::Pod => self.pod_id(ns, name).is_some(),
            Kind::Service => self.services.contains_key(&(ns.to_string(), name.to_string())),
            Kind::Node => self.nodes.contains_key(name),
            Kind::Namespace => self.namespaces.contains_key(name),
            _ => self.objects.contains(kind, ns, name),
        }
    }

    /// The `kubectl.kubernetes.io/last-applied-configuration` of an existing object.
    pub fn last_applied(&self, kind: Kind, ns: &str, name: &str) -> Option<String> {
        let meta = self.meta_of(kind, ns, name)?;
        meta.annotations.get(crate::model::meta::LAST_APPLIED).map(String::from)
    }

    pub fn meta_of(&self, kind: Kind, ns: &str, name: &str) -> Option<&ObjectMeta> {
        match kind {
            Kind::Pod => self.pod_id(ns, name).and_then(|id| self.pod(id)).map(|p| &p.meta),
            Kind::Service => self.services.get(&(ns.to_string(), name.to_string())).map(|s| &s.meta),
            Kind::Node => self.nodes.get(name).map(|n| &n.meta),
            Kind::Namespace => self.namespaces.get(name).map(|n| &n.meta),
            _ => self.objects.get(kind, ns, name).map(Object::meta),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_beside_a_slot_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Kept>(), 12);
    }

    /// A cluster with `n` pods of the bench Deployment Running on `nodes` nodes.
    fn running(nodes: usize, n: usize) -> (crate::cluster::Cluster, Vec<PodId>) {
        let mut c = crate::bench::cluster(nodes);
        crate::bench::apply(&mut c, n).expect("applies");
        c.advance(120_000);
        let ids = c.store.pods_in(Some("default"));
        (c, ids)
    }

    #[test]
    fn a_pod_finds_its_node_by_the_kept_place_and_by_name_once_the_place_is_stale() {
        let (mut c, ids) = running(2, 2);
        let s = &mut c.world_mut().api.store;
        let name = s.pod(ids[0]).expect("listed").node.to_string();
        assert!(s.pod(ids[0]).expect("listed").runtime.node_slot.is_some(), "bound by the scheduler");
        assert_eq!(s.pod(ids[0]).and_then(|p| s.node_of(p)).map(|n| n.meta.name.clone()), Some(name.clone()));
        // The node goes and comes back under the same name: the place is stale, the name is not.
        let node = s.nodes.remove(&name).expect("there");
        assert!(s.pod(ids[0]).and_then(|p| s.node_of(p)).is_none());
        s.nodes.insert("other".into(), node.clone());
        s.nodes.insert(name.clone(), node);
        assert_eq!(s.pod(ids[0]).and_then(|p| s.node_of(p)).map(|n| n.meta.name.clone()), Some(name.clone()));
        assert_eq!(s.node_of_mut(ids[0]).map(|n| n.meta.name.clone()), Some(name));
    }

    #[test]
    fn owner_counts_follow_every_kind_of_change() {
        let (mut c, ids) = running(2, 3);
        let s = &mut c.world_mut().api.store;
        let first = s.pod(ids[0]).expect("listed");
        let uid = first.meta.controller().expect("owned").uid.clone();
        let template = first.meta.labels.clone();
        let counts = |s: &mut Store| {
            let c = s.owner_counts(&uid, &template);
            (c.active, c.ready, c.labeled)
        };
        assert_eq!(counts(s), (3, 3, 3));
        // A label added keeps the pod fully labeled; one taken away does not.
        let mut more = template.clone();
        more.insert("extra", "yes");
        s.set_pod_labels(ids[0], more);
        assert_eq!(counts(s), (3, 3, 3));
        let mut fewer = template.clone();
        fewer.remove("app");
        s.set_pod_labels(ids[1], fewer);
        assert_eq!(counts(s), (3, 3, 2));
        s.pod_mut(ids[2]).expect("exists").status.set_condition(
            crate::model::pod::PodCondition::Ready,
            false,
            crate::model::pod::ConditionReason::None,
            "",
            0,
        );
        assert_eq!(counts(s), (3, 2, 2));
        s.pod_mut(ids[0]).expect("exists").meta.deletion = Some(0);
        assert_eq!(counts(s), (2, 1, 1));
        s.clear_pod_owner(ids[1]);
        assert_eq!(counts(s), (1, 0, 1));
        s.remove_pod(ids[2]);
        assert_eq!(counts(s), (0, 0, 0));
        // A new template is counted afresh.
        assert_eq!(s.owner_counts(&uid, &crate::model::Labels::default()).active, 0);
    }

    #[test]
    fn the_claim_index_agrees_with_every_pods_volumes_as_pods_come_and_go() {
        let mix = crate::bench::mix::Mix::of(60, 2);
        let mut c = crate::bench::cluster(2);
        let scan = |s: &Store, claim: &str| -> Vec<PodId> {
            s.pods().filter(|(_, p)| p.meta.namespace == "default" && p.spec.claims().contains(&claim)).map(|(id, _)| id).collect()
        };
        let indexed = |s: &Store, claim: &str| -> Vec<PodId> { s.pods_using_claim("default", claim).map(|(id, _)| id).collect() };
        let claim = "data-db-0-0";
        // Before the StatefulSet's pods exist, then once they do, then after one goes.
        assert!(indexed(&c.store, claim).is_empty());
        crate::bench::mix::apply(&mut c, &mix).expect("the mix applies");
        c.advance(60_000);
        let users = indexed(&c.store, claim);
        assert_eq!(users.len(), 1, "db-0-0 mounts its claim");
        for i in 0..mix.statefulsets.1 {
            let claim = format!("data-db-0-{i}");
            assert_eq!(indexed(&c.store, &claim), scan(&c.store, &claim));
        }
        assert!(indexed(&c.store, "data-db-0-0").iter().all(|id| c.store.pod(*id).is_some_and(|p| p.meta.name == "db-0-0")));
        assert!(c.store.pods_using_claim("kube-system", claim).next().is_none(), "claims are per namespace");
        c.world_mut().api.store.remove_pod(users[0]);
        assert!(indexed(&c.store, claim).is_empty());
    }

    #[test]
    fn a_kept_look_follows_the_pod_before_and_after_catching_up() {
        use crate::model::pod::Look;
        let (mut c, ids) = running(1, 2);
        let s = &mut c.world_mut().api.store;
        assert_eq!(s.look(ids[0]), Some(Look::Running));
        assert_eq!(s.unbound_looks().count(), 0);
        s.pod_mut(ids[0]).expect("exists").meta.deletion = Some(0);
        s.pod_mut(ids[1]).expect("exists").node = "".into();
        // Changed and not caught up: read from the pods themselves.
        assert_eq!(s.look(ids[0]), Some(Look::Terminating));
        assert_eq!(s.unbound_looks().collect::<Vec<_>>(), vec![Look::Pending]);
        s.catch_up();
        assert_eq!(s.look(ids[0]), Some(Look::Terminating));
        assert_eq!(s.unbound_looks().collect::<Vec<_>>(), vec![Look::Pending]);
        s.remove_pod(ids[0]);
        assert_eq!(s.look(ids[0]), None);
    }
}
