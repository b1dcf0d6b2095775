//! Pods by label: by key, then value, then slot. Two levels rather than one map keyed by
//! (key, value) pairs: a pair's comparison reads the key first, and the keys a mixed
//! cluster's pods carry share long prefixes (`batch.kubernetes.io/…`,
//! `statefulset.kubernetes.io/pod-name`), so each of a new pod's labels cost a dozen
//! comparisons of the same long words; here the few keys are compared once, and the
//! values among themselves. A lookup borrows the strings: a key or value is allocated
//! only when it is new.

use super::PodId;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Default)]
pub struct LabelIndex {
    by_key: BTreeMap<String, BTreeMap<String, BTreeSet<PodId>>>,
}

impl LabelIndex {
    /// The pods labelled `key=value`.
    pub fn get(&self, key: &str, value: &str) -> Option<&BTreeSet<PodId>> {
        self.by_key.get(key)?.get(value)
    }

    /// The pods of each value of `key`, in value order.
    pub fn values_of<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a BTreeSet<PodId>> + 'a {
        self.by_key.get(key).into_iter().flat_map(BTreeMap::values)
    }

    pub fn insert(&mut self, key: &str, value: &str, id: PodId) {
        let values = match self.by_key.get_mut(key) {
            Some(values) => values,
            None => self.by_key.entry(key.to_string()).or_default(),
        };
        match values.get_mut(value) {
            Some(set) => {
                set.insert(id);
            }
            None => {
                values.insert(value.to_string(), BTreeSet::from([id]));
            }
        }
    }

    /// Takes the pod out of `key=value`; with `prune`, a value left without pods goes,
    /// and a key left without values.
    pub fn remove(&mut self, key: &str, value: &str, id: PodId, prune: bool) {
        let Some(values) = self.by_key.get_mut(key) else { return };
        let Some(set) = values.get_mut(value) else { return };
        set.remove(&id);
        if prune && set.is_empty() {
            values.remove(value);
            if values.is_empty() {
                self.by_key.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pods_are_found_by_pair_and_by_key_in_value_order_and_pruned_when_asked() {
        let mut index = LabelIndex::default();
        index.insert("app", "web", 3);
        index.insert("app", "db", 1);
        index.insert("app", "web", 2);
        index.insert("tier", "front", 3);
        assert_eq!(index.get("app", "web").map(|s| s.iter().copied().collect::<Vec<_>>()), Some(vec![2, 3]));
        assert!(index.get("app", "cache").is_none() && index.get("zone", "a").is_none());
        let by_key: Vec<Vec<PodId>> = index.values_of("app").map(|s| s.iter().copied().collect()).collect();
        assert_eq!(by_key, [vec![1], vec![2, 3]], "db before web");
        assert_eq!(index.values_of("zone").count(), 0);
        // Without pruning an emptied value stays, as a relabelling leaves it.
        index.remove("app", "db", 1, false);
        assert_eq!(index.get("app", "db").map(BTreeSet::len), Some(0));
        index.remove("tier", "front", 3, true);
        assert!(index.get("tier", "front").is_none() && index.values_of("tier").count() == 0);
        index.remove("app", "web", 2, true);
        assert_eq!(index.get("app", "web").map(BTreeSet::len), Some(1));
    }
}
