//! Counts of the pods each ReplicaSet owns (active, ready, fully labeled), kept as pods
//! change. The controller creates at most 500 pods per sync, so a 150,000-pod rollout
//! takes 300 syncs; counting by walking the pods each time made it quadratic.

use crate::model::{Labels, Pod};
use std::collections::BTreeMap;

/// What a ReplicaSet's status counts over its active pods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OwnerCounts {
    pub active: usize,
    pub ready: usize,
    /// Carrying every label of the owner's pod template (`fullyLabeledReplicas`).
    pub labeled: usize,
}

#[derive(Clone)]
struct Entry {
    template: Labels,
    counts: OwnerCounts,
}

/// The counts by owner uid, for the owners that asked for them.
#[derive(Clone, Default)]
pub struct OwnerTallies {
    entries: Vec<Entry>,
    by_uid: BTreeMap<String, usize>,
}

/// What one pod adds to its owner's counts. Kept beside every pod slot: its entry is 32
/// bits, so that the option and the slot's other bytes take 12 bytes, not 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Share {
    entry: u32,
    active: bool,
    ready: bool,
    labeled: bool,
}

impl OwnerTallies {
    pub(crate) fn share(&self, pod: &Pod) -> Option<Share> {
        let entry = *self.by_uid.get(&*pod.meta.controller()?.uid)? as u32;
        let active = pod.is_active();
        Some(Share {
            entry,
            active,
            ready: active && pod.is_ready(),
            labeled: active && self.entries[entry as usize].template.is_subset_of(&pod.meta.labels),
        })
    }

    pub(crate) fn add(&mut self, share: Option<Share>) {
        self.apply(share, |n| n + 1);
    }

    pub(crate) fn remove(&mut self, share: Option<Share>) {
        self.apply(share, |n| n.saturating_sub(1));
    }

    fn apply(&mut self, share: Option<Share>, f: impl Fn(usize) -> usize) {
        let Some(s) = share else { return };
        let c = &mut self.entries[s.entry as usize].counts;
        for (counted, n) in [(s.active, &mut c.active), (s.ready, &mut c.ready), (s.labeled, &mut c.labeled)] {
            if counted {
                *n = f(*n);
            }
        }
    }

    /// The owner's counts if they are kept against this template.
    pub(crate) fn get(&self, uid: &str, template: &Labels) -> Option<OwnerCounts> {
        let e = &self.entries[*self.by_uid.get(uid)?];
        (e.template == *template).then_some(e.counts)
    }

    /// Starts (or restarts, for a new template) keeping an owner's counts: the caller
    /// adds every pod it owns next.
    pub(crate) fn reset(&mut self, uid: &str, template: &Labels) {
        let entry = Entry { template: template.clone(), counts: OwnerCounts::default() };
        match self.by_uid.get(uid) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.by_uid.insert(uid.to_string(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }
}
