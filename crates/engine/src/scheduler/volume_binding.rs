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
    if !check.delayed.is_empty() {
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
