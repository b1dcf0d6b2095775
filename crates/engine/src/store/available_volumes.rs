//! The PersistentVolumes that are `Available`, kept by name as volumes are written. The
//! scheduler's VolumeBinding and the PV controller's `FindMatchingVolume` look for one
//! for every claim that waits, and a StatefulSet of thousands of claims provisions a
//! volume for each: scanning every volume each time made those claims quadratic. Writes
//! only note the volume's name; the set is brought up to date when it is read.

use crate::model::storage as st;
use crate::model::Object;
use std::cell::RefCell;

/// Names noted before the whole set is read again instead.
const NOTED_AT_MOST: usize = 1024;

#[derive(Clone, Debug)]
pub(super) struct AvailableVolumes(RefCell<Index>);

#[derive(Clone, Debug)]
struct Index {
    /// Every volume must be read again (at first, and after a bulk change).
    stale: bool,
    /// Volumes written since the set was last brought up to date.
    noted: Vec<(String, String)>,
    /// By namespace (always empty for a volume written through the API) and name, sorted:
    /// a few volumes wait at a time, and a vector costs the page less code than a set.
    names: Vec<(String, String)>,
}

impl Default for AvailableVolumes {
    fn default() -> Self {
        AvailableVolumes(RefCell::new(Index { stale: true, noted: vec![], names: vec![] }))
    }
}

/// Whether a claim may bind to this volume now (besides matching it).
pub fn is_available(o: &Object) -> bool {
    matches!(o, Object::Written(g) if g.meta.deletion.is_none() && st::volume_phase(g) == "Available")
}

impl AvailableVolumes {
    /// The volume of this name may have changed (or come, or gone).
    pub(super) fn note(&mut self, ns: &str, name: &str) {
        let ix = self.0.get_mut();
        if ix.stale {
            return;
        }
        if ix.noted.len() >= NOTED_AT_MOST {
            ix.stale = true;
            ix.noted.clear();
            return;
        }
        ix.noted.push((ns.to_string(), name.to_string()));
    }

    /// Any volume may have changed.
    pub(super) fn note_all(&mut self) {
        let ix = self.0.get_mut();
        ix.stale = true;
        ix.noted.clear();
    }

    /// The available volumes' keys in key order, brought up to date through `get` (a
    /// volume by namespace and name) and `all` (every volume, in key order; only asked
    /// for when the set is stale, since even starting that walk searches the store's tree).
    pub(super) fn names<'a, I: Iterator<Item = &'a Object>>(
        &self,
        get: impl Fn(&str, &str) -> Option<&'a Object>,
        all: impl FnOnce() -> I,
    ) -> Vec<(String, String)> {
        let mut ix = self.0.borrow_mut();
        if ix.stale {
            ix.names = all().filter(|o| is_available(o)).map(|o| (o.meta().namespace.clone(), o.meta().name.clone())).collect();
            ix.stale = false;
            ix.noted.clear();
        } else {
            for key in std::mem::take(&mut ix.noted) {
                match (ix.names.binary_search(&key), get(&key.0, &key.1).is_some_and(is_available)) {
                    (Err(at), true) => ix.names.insert(at, key),
                    (Ok(at), false) => {
                        ix.names.remove(at);
                    }
                    _ => {}
                }
            }
        }
        ix.names.to_vec()
    }
}
