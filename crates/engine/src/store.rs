//! The API server's storage: objects by kind, namespace and name, resource versions, and
//! the indexes controllers use instead of scanning (pods by node, by owner, by label).

use crate::api::{Generic, Kind, Node, Pod, Service};
use std::collections::{BTreeMap, BTreeSet};

/// A pod's slot in the store. Slots are reused; `serial` tells incarnations apart.
pub type PodId = u32;

#[derive(Default)]
pub struct Store {
    resource_version: u64,
    pods: Vec<Option<(u64, Pod)>>,
    free: Vec<PodId>,
    next_serial: u64,
    pub pod_names: BTreeMap<(String, String), PodId>,
    pub pods_by_node: BTreeMap<String, BTreeSet<PodId>>,
    pub pods_by_owner: BTreeMap<String, BTreeSet<PodId>>,
    pub pods_by_label: BTreeMap<(String, String), BTreeSet<PodId>>,
    pub nodes: BTreeMap<String, Node>,
    pub services: BTreeMap<(String, String), Service>,
    pub generic: BTreeMap<(Kind, String, String), Generic>,
    pub namespaces: BTreeMap<String, Generic>,
}

impl Store {
    /// The latest resource version: it changes whenever any object does.
    pub fn revision(&self) -> u64 {
        self.resource_version
    }

    pub fn next_rv(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    pub fn pod(&self, id: PodId) -> Option<&Pod> {
        self.pods.get(id as usize).and_then(|s| s.as_ref()).map(|(_, p)| p)
    }

    pub fn pod_mut(&mut self, id: PodId) -> Option<&mut Pod> {
        self.pods.get_mut(id as usize).and_then(|s| s.as_mut()).map(|(_, p)| p)
    }

    /// The pod in `id` if it is still the incarnation `serial`.
    pub fn pod_if(&self, id: PodId, serial: u64) -> Option<&Pod> {
        match self.pods.get(id as usize) {
            Some(Some((s, p))) if *s == serial => Some(p),
            _ => None,
        }
    }

    pub fn serial(&self, id: PodId) -> Option<u64> {
        self.pods.get(id as usize).and_then(|s| s.as_ref()).map(|(s, _)| *s)
    }

    pub fn pod_id(&self, ns: &str, name: &str) -> Option<PodId> {
        self.pod_names.get(&(ns.to_string(), name.to_string())).copied()
    }

    pub fn pod_count(&self) -> usize {
        self.pod_names.len()
    }

    pub fn insert_pod(&mut self, mut pod: Pod) -> (PodId, u64) {
        pod.meta.resource_version = self.next_rv();
        self.next_serial += 1;
        let serial = self.next_serial;
        let key = (pod.meta.namespace.clone(), pod.meta.name.clone());
        let owner = pod.meta.controller().map(|o| o.uid.clone());
        let labels = pod.meta.labels.0.clone();
        let node = pod.node.clone();
        let id = match self.free.pop() {
            Some(id) => {
                self.pods[id as usize] = Some((serial, pod));
                id
            }
            None => {
                self.pods.push(Some((serial, pod)));
                (self.pods.len() - 1) as PodId
            }
        };
        for kv in labels.iter().cloned() {
            self.pods_by_label.entry(kv).or_default().insert(id);
        }
        if let Some(uid) = owner {
            self.pods_by_owner.entry(uid).or_default().insert(id);
        }
        if !node.is_empty() {
            self.bind_pod(id, &node);
        }
        self.pod_names.insert(key, id);
        (id, serial)
    }

    pub fn bind_pod(&mut self, id: PodId, node: &str) {
        self.pods_by_node.entry(node.to_string()).or_default().insert(id);
    }

    pub fn remove_pod(&mut self, id: PodId) -> Option<Pod> {
        let (_, pod) = self.pods.get_mut(id as usize)?.take()?;
        self.free.push(id);
        self.pod_names.remove(&(pod.meta.namespace.clone(), pod.meta.name.clone()));
        for (k, v) in pod.meta.labels.0.iter() {
            if let Some(set) = self.pods_by_label.get_mut(&(k.clone(), v.clone())) {
                set.remove(&id);
                if set.is_empty() {
                    self.pods_by_label.remove(&(k.clone(), v.clone()));
                }
            }
        }
        if let Some(owner) = pod.meta.controller() {
            if let Some(set) = self.pods_by_owner.get_mut(&owner.uid) {
                set.remove(&id);
                if set.is_empty() {
                    self.pods_by_owner.remove(&owner.uid);
                }
            }
        }
        if !pod.node.is_empty() {
            if let Some(set) = self.pods_by_node.get_mut(&pod.node) {
                set.remove(&id);
            }
        }
        Some(pod)
    }

    /// Makes `owner` the pod's controller (adoption), keeping the owner index true.
    pub fn set_pod_owner(&mut self, id: PodId, owner: crate::api::OwnerRef) {
        let uid = owner.uid.clone();
        if let Some(p) = self.pod_mut(id) {
            p.meta.owners.retain(|o| !o.controller);
            p.meta.owners.push(owner);
        }
        self.pods_by_owner.entry(uid).or_default().insert(id);
    }

    /// Removes the pod's controller reference (orphaning), keeping the index true.
    pub fn clear_pod_owner(&mut self, id: PodId) {
        let Some(uid) = self.pod(id).and_then(|p| p.meta.controller()).map(|o| o.uid.clone()) else { return };
        if let Some(p) = self.pod_mut(id) {
            p.meta.owners.retain(|o| !o.controller);
        }
        if let Some(set) = self.pods_by_owner.get_mut(&uid) {
            set.remove(&id);
        }
    }

    /// Replaces a pod's labels, keeping the label index true.
    pub fn set_pod_labels(&mut self, id: PodId, labels: crate::api::Labels) {
        let Some(old) = self.pod(id).map(|p| p.meta.labels.clone()) else { return };
        for (k, v) in old.0.iter() {
            if let Some(set) = self.pods_by_label.get_mut(&(k.clone(), v.clone())) {
                set.remove(&id);
            }
        }
        for (k, v) in labels.0.iter() {
            self.pods_by_label.entry((k.clone(), v.clone())).or_default().insert(id);
        }
        if let Some(p) = self.pod_mut(id) {
            p.meta.labels = labels;
        }
    }

    /// Pods in a namespace (all namespaces with `None`), in name order as the API lists them.
    pub fn pods_in(&self, ns: Option<&str>) -> Vec<PodId> {
        match ns {
            Some(ns) => {
                self.pod_names.range((ns.to_string(), String::new())..).take_while(|((n, _), _)| n == ns).map(|(_, id)| *id).collect()
            }
            None => self.pod_names.values().copied().collect(),
        }
    }

    /// Pods whose labels satisfy an equality selector, found through the label index:
    /// the smallest matching set is scanned, never the whole store.
    pub fn pods_matching(&self, ns: &str, selector: &crate::api::Labels) -> Vec<PodId> {
        if selector.is_empty() {
            return self.pods_in(Some(ns));
        }
        let mut smallest: Option<&BTreeSet<PodId>> = None;
        for (k, v) in selector.0.iter() {
            match self.pods_by_label.get(&(k.clone(), v.clone())) {
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

    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.namespaces.contains_key(ns)
    }
}
