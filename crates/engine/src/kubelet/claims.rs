//! The volume manager's populator for PersistentVolumeClaim volumes: a claim that is
//! missing, being deleted or not bound yet keeps the pod from starting. v1.33's kubelet
//! records no event for it (the error stays in its log), so the pod waits in
//! `ContainerCreating` without a word, and starts once the claim is bound.

use crate::api::Api;
use crate::model::pod::Pod;
use crate::model::storage as st;
use crate::model::{Kind, Object};

/// How soon a pod waiting for its claims looks again (`WaitForAttachAndMount` polls
/// every 300 ms; kubeplay looks every 2 s to keep long waits cheap).
pub const RETRY: crate::time::Millis = 2 * crate::time::SECOND;

/// Whether every claim the pod's volumes name is bound to a volume that exists.
pub fn ready(api: &Api, p: &Pod) -> bool {
    p.spec.claims().into_iter().all(|name| match api.store.object(Kind::PersistentVolumeClaim, &p.meta.namespace, name) {
        Some(Object::Written(pvc)) => {
            pvc.meta.deletion.is_none()
                && st::claim_phase(pvc) == "Bound"
                && api.store.exists(Kind::PersistentVolume, "", st::claim_volume(pvc))
        }
        _ => false,
    })
}
