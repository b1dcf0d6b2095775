//! The VolumeBinding plugin: PreFilter refuses a pod whose claims are missing, being
//! deleted or unbound with immediate binding; Filter keeps a pod on the nodes its bound
//! volumes allow and, for claims that wait for their first consumer, on nodes where a
//! volume exists or can be provisioned; once a node is chosen the claims are told which
//! (`volume.kubernetes.io/selected-node`), and the PV controller does the rest.

use crate::api::Api;
use crate::model::pod::PodSpec;
use crate::model::storage as st;
use crate::model::{Generic, Kind, Labels, Object};

/// What the nodes are checked against for one pod.
pub(super) struct VolumeCheck {
    /// Volumes the pod's bound claims use.
    bound: Vec<Generic>,
    /// Claims of `WaitForFirstConsumer` classes not bound yet, with whether their
    /// class can provision.
    delayed: Vec<(Generic, bool)>,
    /// Volumes a delayed claim could bind to.
    candidates: Vec<Generic>,
}

fn written<'a>(api: &'a Api, kind: Kind, ns: &str, name: &str) -> Option<&'a Generic> {
    match api.store.object(kind, ns, name) {
        Some(Object::Written(g)) => Some(g),
        _ => None,
    }
}

/// PreFilter: `Err` is the pod's unschedulable-and-unresolvable reason, `Ok(None)` a pod
/// without claims.
pub(super) fn pre_filter(api: &Api, ns: &str, spec: &PodSpec) -> Result<Option<VolumeCheck>, String> {
    if spec.volumes.is_empty() {
        return Ok(None);
    }
    let claims = spec.claims();
    if claims.is_empty() {
        return Ok(None);
    }
    let mut check = VolumeCheck { bound: vec![], delayed: vec![], candidates: vec![] };
    let mut unbound_immediate = false;
    for name in claims {
        let Some(pvc) = written(api, Kind::PersistentVolumeClaim, ns, name) else {
            return Err(format!("persistentvolumeclaim \"{name}\" not found"));
        };
        if pvc.meta.deletion.is_some() {
            return Err(format!("persistentvolumeclaim \"{name}\" is being deleted"));
        }
        let volume = st::claim_volume(pvc);
        if st::claim_phase(pvc) == "Bound" && !volume.is_empty() {
            match written(api, Kind::PersistentVolume, "", volume) {
                Some(pv) => check.bound.push(pv.clone()),
                None => return Err(format!("persistentvolumeclaim \"{name}\" bound to non-existent persistentvolume \"{volume}\"")),
            }
            continue;
        }
        let class = st::claim_class(pvc).filter(|c| !c.is_empty()).and_then(|c| written(api, Kind::StorageClass, "", c));
        match class {
            Some(sc) if st::waits_for_consumer(sc) => {
                check.delayed.push((pvc.clone(), st::provisioner(sc) != "kubernetes.io/no-provisioner"));
            }
            _ => unbound_immediate = true,
        }
    }
    if unbound_immediate {
        return Err("pod has unbound immediate PersistentVolumeClaims".into());
    }
    // Only a claim its class cannot provision for looks for an existing volume.
    if check.delayed.iter().any(|(_, provisions)| !provisions) {
        check.candidates = api
            .store
            .objects
            .available_volumes()
            .filter_map(|o| match o {
                Object::Written(g) => Some(g.clone()),
                _ => None,
            })
            .collect();
    }
    Ok(Some(check))
}

impl VolumeCheck {
    /// `filter` passes on every node: no bound volume is tied to nodes, and every waiting
    /// claim's class provisions (a cloud disk, say), so the pod asks the nodes only room.
    pub(super) fn admits_every_node(&self) -> bool {
        self.bound.iter().all(|pv| st::volume_node_terms(pv).is_none()) && self.delayed.iter().all(|(_, provisions)| *provisions)
    }
}

/// Filter: the first reason the node cannot serve the pod's volumes.
pub(super) fn filter(check: &VolumeCheck, node: &str, labels: &Labels) -> Result<(), &'static str> {
    if check.bound.iter().any(|pv| !st::volume_fits_node(pv, node, labels)) {
        return Err("node(s) had volume node affinity conflict");
    }
    for (pvc, provisions) in &check.delayed {
        let found = check.candidates.iter().any(|pv| st::volume_matches(pv, pvc) && st::volume_fits_node(pv, node, labels));
        if !found && !provisions {
            return Err("node(s) didn't find available persistent volumes to bind");
        }
    }
    Ok(())
}

/// PreBind: the waiting claims learn the chosen node.
pub(super) fn assume(api: &mut Api, check: &VolumeCheck, node: &str) {
    for (pvc, _) in &check.delayed {
        let rv = api.store.next_rv();
        if let Some(Object::Written(g)) = api.store.object_mut(Kind::PersistentVolumeClaim, &pvc.meta.namespace, &pvc.meta.name) {
            g.meta.annotations.insert(st::SELECTED_NODE, node);
            g.meta.resource_version = rv;
        }
        api.queue_claim(&pvc.meta.namespace, &pvc.meta.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A claim its class provisions asks the nodes only room; a volume tied to a node,
    /// or a class that cannot provision, does not, and the filter then tells nodes apart.
    #[test]
    fn a_pod_asks_only_room_when_its_claims_admit_every_node() {
        let mut c = crate::bench::cluster(3);
        let first = c.store.nodes.keys().next().expect("a worker").clone();
        let claim = |name: &str, class: &str| {
            format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n  storageClassName: {class}\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n---\n")
        };
        let pod = |name: &str, claim: &str| {
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: {claim}\n---\n")
        };
        let text = format!(
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pinned\nspec:\n  storageClassName: local\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  local:\n    path: /mnt/disk\n  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values: [{first}]\n---\n{}{}{}{}",
            claim("cloud", "standard"),
            claim("local", "local"),
            pod("on-cloud", "cloud"),
            pod("on-local", "local"),
        );
        let r = c.apply_text(&text, "m.yaml", "default", crate::apply::Mode::Apply);
        assert!(r.errors.is_empty(), "{:?}", r.errors.iter().map(|e| &e.text).collect::<Vec<_>>());
        let w = c.world_mut();
        let nodes: Vec<(String, Labels)> = w.api.store.nodes.values().map(|n| (n.meta.name.clone(), n.meta.labels.clone())).collect();
        for (name, only_room) in [("on-cloud", true), ("on-local", false)] {
            let id = w.api.store.pod_id("default", name).expect("created");
            let spec = w.api.store.pod(id).expect("exists").spec.clone();
            let check = pre_filter(&w.api, "default", &spec).expect("claims exist").expect("claims");
            assert_eq!(check.admits_every_node(), only_room, "{name}");
            let passed = nodes.iter().filter(|(n, labels)| filter(&check, n, labels).is_ok()).count();
            assert_eq!(passed == nodes.len(), only_room, "{name}: {passed} of {} nodes pass", nodes.len());
        }
    }
}
