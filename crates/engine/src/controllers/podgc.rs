//! The pod garbage collector (`pkg/controller/podgc`): a pod bound to a node that does
//! not exist is marked Failed and force-deleted, once the node has stayed missing for
//! the quarantine time (`Api::pod_orphaned` schedules the pass). Nothing else would ever
//! change such a pod: no kubelet runs it.

use crate::api::Api;
use crate::model::pod::Phase;
use crate::model::pod::{ConditionReason, PodCondition};

/// Collects the pods that name `node` in `spec.nodeName`, if it is still missing.
pub fn collect(api: &mut Api, node: &str) {
    if api.store.nodes.contains_key(node) {
        return;
    }
    let now = api.now;
    let ids: Vec<_> = api.store.pods().filter(|(_, p)| p.node.is_empty() && p.spec.node_name == node).map(|(id, _)| id).collect();
    for id in ids {
        if let Some(p) = api.store.pod_mut(id) {
            if !matches!(p.status.phase, Phase::Succeeded | Phase::Failed) {
                p.status.phase = Phase::Failed;
                p.status.set_condition(
                    PodCondition::DisruptionTarget,
                    true,
                    ConditionReason::DeletionByPodGC,
                    "PodGC: node no longer exists",
                    now,
                );
            }
        }
        // Deleted with a grace period of zero: gone at once.
        crate::kubelet::remove(api, id);
    }
}
