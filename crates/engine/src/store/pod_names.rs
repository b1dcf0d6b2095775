//! Pods by name within a namespace, found by hash without keeping a copy of the name: a
//! table of (hash, slot) pairs probed in a line, each candidate's name read from its pod.
//! A map from the name kept about 60 bytes a pod (a second `String` and its entry); this
//! keeps eight, at most sixteen.

use super::PodId;
use std::hash::Hasher;

const EMPTY: PodId = PodId::MAX;

#[derive(Clone, Default)]
pub struct Names {
    /// (the name's hash, the pod's slot); `EMPTY` where none. A power of two long.
    table: Vec<(u32, PodId)>,
    len: usize,
}

/// The name's hash: FxHash's word folded in two.
pub fn hash(name: &str) -> u32 {
    let mut h = crate::hash::FxHasher::default();
    h.write(name.as_bytes());
    let h = h.finish();
    (h ^ (h >> 32)) as u32
}

impl Names {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn mask(&self) -> usize {
        self.table.len().wrapping_sub(1)
    }

    /// The slot of the pod of that hash whose name `is` says is the one.
    pub fn get(&self, hash: u32, is: impl Fn(PodId) -> bool) -> Option<PodId> {
        if self.table.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let (h, id) = self.table[i];
            if id == EMPTY {
                return None;
            }
            if h == hash && is(id) {
                return Some(id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the pod; a pod `is` names already is replaced.
    pub fn insert(&mut self, hash: u32, id: PodId, is: impl Fn(PodId) -> bool) {
        if (self.len + 1) * 8 > self.table.len() * 7 {
            self.grow();
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let (h, old) = self.table[i];
            if old == EMPTY {
                self.table[i] = (hash, id);
                self.len += 1;
                return;
            }
            if h == hash && is(old) {
                self.table[i].1 = id;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(8);
        let old = std::mem::replace(&mut self.table, vec![(0, EMPTY); size]);
        let mask = size - 1;
        for (hash, id) in old.into_iter().filter(|(_, id)| *id != EMPTY) {
            let mut i = hash as usize & mask;
            while self.table[i].1 != EMPTY {
                i = (i + 1) & mask;
            }
            self.table[i] = (hash, id);
        }
    }

    /// Takes slot `id` out (its pod is already gone, so it is found by slot, not name);
    /// the entries after it move back so that no probe stops short.
    pub fn remove(&mut self, hash: u32, id: PodId) -> bool {
        if self.table.is_empty() {
            return false;
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            match self.table[i] {
                (_, EMPTY) => return false,
                (h, found) if h == hash && found == id => break,
                _ => i = (i + 1) & mask,
            }
        }
        // Backward-shift deletion: an entry moves into the hole unless its home lies
        // (cyclically) after the hole and at or before where it sits.
        let mut hole = i;
        let mut j = (i + 1) & mask;
        loop {
            let (h, next) = self.table[j];
            if next == EMPTY {
                break;
            }
            let home = h as usize & mask;
            let stays = if hole <= j { hole < home && home <= j } else { hole < home || home <= j };
            if !stays {
                self.table[hole] = self.table[j];
                hole = j;
            }
            j = (j + 1) & mask;
        }
        self.table[hole] = (0, EMPTY);
        self.len -= 1;
        true
    }

    /// Every slot, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = PodId> + '_ {
        self.table.iter().map(|(_, id)| *id).filter(|id| *id != EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_added_replaced_and_removed_through_collisions_and_growth() {
        // Names by slot; a few share a hash on purpose to exercise probing.
        let names: Vec<String> = (0..300).map(|i| format!("web-{i}")).collect();
        let h = |i: usize| if i % 7 == 0 { 42 } else { hash(&names[i]) };
        let mut t = Names::default();
        for i in 0..names.len() {
            t.insert(h(i), i as PodId, |id| names[id as usize] == names[i]);
        }
        assert_eq!(t.len(), 300);
        let find = |t: &Names, i: usize| t.get(h(i), |id| names[id as usize] == names[i]);
        assert!((0..300).all(|i| find(&t, i) == Some(i as PodId)));
        // Removing every third (colliding ones among them) leaves the rest findable.
        for i in (0..300).step_by(3) {
            assert!(t.remove(h(i), i as PodId));
            assert!(!t.remove(h(i), i as PodId));
        }
        assert_eq!(t.len(), 200);
        for i in 0..300 {
            assert_eq!(find(&t, i), (i % 3 != 0).then_some(i as PodId), "{i}");
        }
        // The same name again takes the new slot.
        t.insert(h(1), 999, |id| id == 1);
        assert_eq!(t.len(), 200);
        assert_eq!(t.get(h(1), |id| id == 999), Some(999));
        let mut ids: Vec<PodId> = t.ids().collect();
        ids.sort();
        assert_eq!(ids.len(), 200);
    }
}
