//! Counts of the pods each ReplicaSet owns (active, ready, fully labeled), kept as pods
//! change. The controller creates at most 500 pods per sync, so a 150,000-pod rollout
//! takes 300 syncs; counting by walking the pods each time made it quadratic.

use crate::hash::prefix_word as head;
use crate::model::{Labels, Pod};

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
    /// Each owner's entry, sorted by the uid's first eight bytes as a word, then the uid:
    /// every change of a pod looks its owner up, and a word's comparison rules out nearly
    /// every other uid without comparing two strings (a mixed cluster has hundreds).
    by_uid: Vec<(u64, Box<str>, usize)>,
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
    fn entry(&self, uid: &str) -> Result<usize, usize> {
        let h = head(uid);
        self.by_uid.binary_search_by(|(k, u, _)| k.cmp(&h).then_with(|| (**u).cmp(uid)))
    }

    pub(crate) fn share(&self, pod: &Pod) -> Option<Share> {
        let entry = self.by_uid[self.entry(&pod.meta.controller()?.uid).ok()?].2 as u32;
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
        let e = &self.entries[self.by_uid[self.entry(uid).ok()?].2];
        (e.template == *template).then_some(e.counts)
    }

    /// Starts (or restarts, for a new template) keeping an owner's counts: the caller
    /// adds every pod it owns next.
    pub(crate) fn reset(&mut self, uid: &str, template: &Labels) {
        let entry = Entry { template: template.clone(), counts: OwnerCounts::default() };
        match self.entry(uid) {
            Ok(i) => self.entries[self.by_uid[i].2] = entry,
            Err(at) => {
                self.by_uid.insert(at, (head(uid), uid.into(), self.entries.len()));
                self.entries.push(entry);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_owner_is_found_by_its_uid_whatever_its_first_bytes() {
        let mut t = OwnerTallies::default();
        let mut rng = crate::rng::Rng::new(3);
        let mut uids: Vec<String> = vec!["".into(), "a".into(), "abcdefgh".into(), "abcdefgh-1".into(), "abcdefgh-0".into()];
        for _ in 0..300 {
            // Few letters, so that many uids share their first eight bytes.
            let len = rng.below(14) as usize;
            uids.push((0..len).map(|_| char::from(b'a' + rng.below(3) as u8)).collect());
        }
        let template = |u: &str| {
            let mut l = Labels::default();
            l.insert("uid", u);
            l
        };
        for u in &uids {
            t.reset(u, &template(u));
        }
        for u in &uids {
            assert_eq!(t.get(u, &template(u)), Some(OwnerCounts::default()), "{u:?}");
            assert_eq!(t.get(u, &template("other")), None, "another template");
        }
        uids.sort();
        uids.dedup();
        assert_eq!(t.by_uid.len(), uids.len(), "one entry per uid");
        assert_eq!(t.get("zzzz", &template("zzzz")), None);
    }
}
