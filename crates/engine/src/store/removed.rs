//! The last pods removed from the store, by name: what the page needs to say of a pod
//! that is gone ("deleted; replaced by …") instead of the API server's NotFound. Real
//! Kubernetes keeps nothing of a deleted pod but its events; this record is the view's
//! memory, never read by a controller.

use crate::time::Millis;
use std::collections::VecDeque;
use std::rc::Rc;

/// How many removals are kept: a classroom looks back at the last few, and a
/// 150,000-pod scale-down must not keep 150,000 names.
const KEPT: usize = 256;

#[derive(Clone, Debug, PartialEq)]
pub struct RemovedPod {
    pub namespace: String,
    pub name: String,
    /// The uid of the controller that owned it (a ReplicaSet, a Job, …), if any.
    pub owner: Option<Rc<str>>,
    /// When its deletion was asked for (`deletionTimestamp` is that time plus the grace
    /// period); its creation when it was removed without one.
    pub deleted_at: Millis,
}

#[derive(Clone, Default)]
pub struct Removed {
    /// Oldest first.
    pods: VecDeque<RemovedPod>,
}

impl Removed {
    pub fn note(&mut self, pod: &crate::model::Pod) {
        if self.pods.len() == KEPT {
            self.pods.pop_front();
        }
        self.pods.push_back(RemovedPod {
            namespace: pod.meta.namespace.clone(),
            name: pod.meta.name.clone(),
            owner: pod.meta.controller().map(|o| o.uid.clone()),
            deleted_at: match pod.meta.deletion {
                // A grace period may be any int64 (the corpus has one of years): saturate.
                Some(at) => at.saturating_sub((pod.meta.deletion_grace_secs.unwrap_or(0).max(0) as Millis).saturating_mul(1000)),
                None => pod.meta.creation,
            },
        });
    }

    /// The latest removal of the pod `ns/name`, if it is still kept.
    pub fn find(&self, ns: &str, name: &str) -> Option<&RemovedPod> {
        self.pods.iter().rev().find(|p| p.name == name && p.namespace == ns)
    }
}
