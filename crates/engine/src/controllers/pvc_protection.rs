//! The pvc-protection and pv-protection controllers: a claim marked for deletion keeps
//! its `kubernetes.io/pvc-protection` finalizer while a scheduled pod uses it
//! (`podUsesPVC`), and a volume keeps `kubernetes.io/pv-protection` while it is bound.

use crate::api::Api;
use crate::model::storage::{self as st, PVC_PROTECTION, PV_PROTECTION};
use crate::model::{Kind, Object};

fn terminating(api: &Api, kind: Kind) -> Vec<(String, String)> {
    api.store
        .objects_of(kind, None)
        .filter(|o| o.meta().deletion.is_some())
        .map(|o| (o.meta().namespace.clone(), o.meta().name.clone()))
        .collect()
}

/// Whether a pod bound to a node names the claim.
fn in_use(api: &Api, ns: &str, claim: &str) -> bool {
    api.store.pods_using_claim(ns, claim).any(|(_, p)| !p.node.is_empty())
}

/// Takes the finalizers off what nothing uses any more; the objects then go.
pub fn sync(api: &mut Api) {
    for (ns, name) in terminating(api, Kind::PersistentVolumeClaim) {
        sync_claim(api, &ns, &name);
    }
    for (_, name) in terminating(api, Kind::PersistentVolume) {
        let bound = match api.store.object(Kind::PersistentVolume, "", &name) {
            Some(Object::Written(pv)) => st::volume_phase(pv) == "Bound",
            _ => false,
        };
        if !bound {
            finalize(api, Kind::PersistentVolume, "", &name, PV_PROTECTION);
        }
    }
}

/// One claim: its finalizer comes off once it is marked for deletion and no placed pod
/// uses it. Returns whether the claim went.
pub fn sync_claim(api: &mut Api, ns: &str, name: &str) -> bool {
    let terminating = api.store.object(Kind::PersistentVolumeClaim, ns, name).is_some_and(|o| o.meta().deletion.is_some());
    if !terminating || in_use(api, ns, name) {
        return false;
    }
    finalize(api, Kind::PersistentVolumeClaim, ns, name, PVC_PROTECTION);
    api.store.object(Kind::PersistentVolumeClaim, ns, name).is_none()
}

fn finalize(api: &mut Api, kind: Kind, ns: &str, name: &str, finalizer: &str) {
    let Some(o) = api.store.object_mut(kind, ns, name) else { return };
    let meta = o.meta_mut();
    meta.finalizers.retain(|f| f != finalizer);
    if meta.finalizers.is_empty() {
        api.store.objects.remove(kind, ns, name);
        api.queues.scheduling.claims_changed();
    }
}
