//! Mirror pods: the API's view of a static pod, which the kubelet runs from a file on
//! its node. Deleting the mirror does not stop the static pod: the kubelet writes a new
//! mirror at once (a new uid and creation time, the same running containers), as it
//! does on a real cluster after `kubectl delete pod kube-apiserver-<node>`.

use crate::api::Api;
use crate::store::PodId;

/// The annotation a kubelet puts on the mirror of a static pod.
pub const MIRROR_ANNOTATION: &str = "kubernetes.io/config.mirror";

pub fn is_mirror(p: &crate::model::Pod) -> bool {
    p.meta.annotations.get(MIRROR_ANNOTATION).is_some()
}

/// The mirror `id` is deleted: it goes, and its kubelet (if up) creates it again.
pub fn deleted(api: &mut Api, id: PodId) {
    let Some(old) = api.store.pod(id).cloned() else { return };
    let kubelet_up = api.store.node_of(&old).is_some_and(|n| n.kubelet_up);
    super::remove(api, id);
    if !kubelet_up {
        return;
    }
    let mut pod = old;
    pod.meta.uid = api.new_uid();
    pod.meta.creation = api.now;
    pod.runtime.object_ref = None;
    let (cpu, mem) = pod.spec.requests();
    let node = pod.node.clone();
    // On the host's network: the node's address, nothing to take from the pod range.
    let (new, _) = api.store.insert_pod(pod);
    if let Some(n) = api.store.nodes.get_mut(&node) {
        n.account(cpu, mem, 1);
    }
    api.queues.scheduling.cluster_changed();
    api.pod_changed(new);
}
