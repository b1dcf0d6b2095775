//! The wake-up queue: what is due at each simulated instant, in the order it was asked
//! for. A rollout keeps a wake-up per pod queued, and most share their instant with many
//! others (the scheduler places 50 pods a millisecond), so the queue is a list per
//! instant: taking the next one is a pop from the front, not a sift down a heap of
//! 150,000.

use crate::store::PodId;
use crate::time::Millis;
use std::collections::{BTreeMap, VecDeque};

/// Something an actor must do at a simulated instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    /// The kubelet's next step for a pod (sandbox ready, container started, …).
    PodStep { id: PodId, serial: u64 },
    /// A terminating pod's containers have all stopped: the kubelet removes it.
    PodGone { id: PodId, serial: u64 },
    /// The scheduler's periodic flush of pods it could not place.
    SchedulerFlush,
    /// The scheduler's next millisecond of placements.
    SchedulerCycle,
    /// A ReplicaSet's pods become available (minReadySeconds) and its status changes.
    SyncReplicaSet(Box<Named>),
    /// A Deployment's progress deadline is due.
    SyncDeployment(Box<Named>),
    /// The node lifecycle controller notices a node whose kubelet went quiet.
    NodeMonitor(Box<String>),
    /// The taint manager evicts pods from a node that stayed unreachable.
    TaintEviction(Box<String>),
    /// A node's kubelet is back and posts Ready.
    NodeRecovered(Box<String>),
    /// The load generator's next second.
    LoadTick,
    /// The HorizontalPodAutoscaler controller's periodic sync of one HPA.
    SyncHpa(Box<Named>),
    /// A Job's back-off, deadline or time-to-live ends.
    SyncJob(Box<Named>),
    /// A Job's pods changed a second ago (`syncJobBatchPeriod`): their changes since are
    /// synced together.
    SyncJobBatched(Box<Named>),
    /// A ReplicationController's pods become available (minReadySeconds).
    SyncReplicationController(Box<Named>),
    /// A DaemonSet's pods become available (minReadySeconds).
    SyncDaemonSet(Box<Named>),
    /// The DaemonSet controller's next look at the nodes: it takes the node informer's
    /// changes once per spell on a large cluster (`DaemonSetController::notice_nodes`).
    DaemonSetNodes,
    /// A StatefulSet's pods become available (minReadySeconds).
    SyncStatefulSet(Box<Named>),
    /// A CronJob's next scheduled time comes.
    SyncCronJob(Box<Named>),
    /// The pod garbage collector's pass for pods that name a missing node.
    PodGc(Box<String>),
    /// The PV controller's periodic resync (`--pvclaimbinder-sync-period`, 15 s).
    PvResync,
}

/// The object a controller's wake-up is for. Boxed in `Wake`, so that a wake-up is 16
/// bytes: the queue holds one per pod during a rollout and moves them on every push and
/// pop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub namespace: String,
    pub name: String,
}

impl Named {
    pub fn new(namespace: &str, name: &str) -> Box<Named> {
        Box::new(Named { namespace: namespace.to_string(), name: name.to_string() })
    }
}

#[derive(Clone, Default)]
pub(crate) struct WakeQueue {
    by_instant: BTreeMap<Millis, VecDeque<Wake>>,
    /// Lists of instants gone, kept with their room: a rollout opens an instant every
    /// millisecond, and growing each new list anew was one allocation in every few pushes.
    spare: Vec<VecDeque<Wake>>,
}

/// How many emptied lists are kept for reuse, and the most room one may keep (an
/// instant of thousands of wake-ups is rare, and its list is not worth holding).
const SPARE: usize = 16;
const SPARE_ROOM: usize = 64;

impl WakeQueue {
    pub(crate) fn push(&mut self, at: Millis, wake: Wake) {
        let spare = &mut self.spare;
        self.by_instant.entry(at).or_insert_with(|| spare.pop().unwrap_or_default()).push_back(wake);
    }

    /// The instant of the next wake-up.
    pub(crate) fn next_at(&self) -> Option<Millis> {
        self.by_instant.first_key_value().map(|(at, _)| *at)
    }

    /// The next wake-up: the earliest instant's, first asked first.
    pub(crate) fn pop(&mut self) -> Option<(Millis, Wake)> {
        let mut first = self.by_instant.first_entry()?;
        let at = *first.key();
        let wake = first.get_mut().pop_front();
        if first.get().is_empty() {
            let list = first.remove();
            if self.spare.len() < SPARE && list.capacity() <= SPARE_ROOM {
                self.spare.push(list);
            }
        }
        wake.map(|w| (at, w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wake_ups_come_by_instant_then_in_the_order_asked() {
        let mut q = WakeQueue::default();
        let step = |id| Wake::PodStep { id, serial: 0 };
        for (at, id) in [(5, 1), (3, 2), (5, 3), (3, 4), (9, 5)] {
            q.push(at, step(id));
        }
        assert_eq!(q.next_at(), Some(3));
        let mut out = vec![];
        while let Some((at, w)) = q.pop() {
            if at == 5 && out.len() == 2 {
                // Asked for while its instant is handled: after the ones already queued.
                q.push(5, step(6));
            }
            out.push((at, w));
        }
        assert_eq!(out, [(3, step(2)), (3, step(4)), (5, step(1)), (5, step(3)), (5, step(6)), (9, step(5))]);
        assert_eq!(q.next_at(), None);
    }
}
