//! The store's objects of every kind but pods, Services, nodes and namespaces: found by
//! hash, listed in key order. A B-tree alone made each lookup a dozen comparisons of two
//! strings through a `dyn` key, and the controllers look objects up by name many times a
//! pod (a StatefulSet's claims, an account, a mounted ConfigMap).

use super::object_key::{ObjectKey, Owned};
use crate::model::{Kind, Object};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Default)]
pub struct Objects {
    /// Keys in order, for listings; each names its object's slot.
    order: BTreeMap<Owned, u32>,
    /// The same keys by hash, for lookups (never iterated).
    by_key: HashMap<Owned, u32, crate::hash::FxBuild>,
    /// Boxed: an object is 528 bytes inline, and the slots of the mixed benchmark's
    /// 5,800 objects (its claims and volumes) had doubled to 8,192 of them, 4.3 MB.
    slots: Vec<Option<Box<Object>>>,
    free: Vec<u32>,
    /// The PersistentVolumes a claim may bind to now, kept as volumes are written.
    available: super::available_volumes::AvailableVolumes,
    /// How many times objects of each kind were written or removed (by `Kind as usize`):
    /// a controller's listing of a kind that rarely changes holds while its count does.
    writes: Vec<u64>,
    /// `retain` may change an object of any kind.
    retains: u64,
    /// How many objects of each kind there are (by `Kind as usize`): a listing of a kind
    /// with none (disruption budgets, quotas, at every instant or pod) is answered
    /// without a search of the B-tree, a dozen comparisons of strings.
    counts: Vec<u32>,
    /// `chosen`'s answers: the kind, its write count then, and the chosen object's slot.
    chosen: std::cell::RefCell<Vec<(Kind, u64, Option<u32>)>>,
}

fn key<'a>(kind: Kind, ns: &'a str, name: &'a str) -> (Kind, &'a str, &'a str) {
    (kind, ns, name)
}

impl Objects {
    fn slot(&self, kind: Kind, ns: &str, name: &str) -> Option<u32> {
        self.by_key.get(&key(kind, ns, name) as &dyn ObjectKey).copied()
    }

    pub fn get(&self, kind: Kind, ns: &str, name: &str) -> Option<&Object> {
        let i = self.slot(kind, ns, name)?;
        self.slots.get(i as usize)?.as_deref()
    }

    pub fn get_mut(&mut self, kind: Kind, ns: &str, name: &str) -> Option<&mut Object> {
        let i = self.slot(kind, ns, name)?;
        self.note_write(kind, ns, name);
        self.slots.get_mut(i as usize)?.as_deref_mut()
    }

    pub fn contains(&self, kind: Kind, ns: &str, name: &str) -> bool {
        self.slot(kind, ns, name).is_some()
    }

    /// Stores `object` under `key`; the object it replaces, if any.
    pub fn insert(&mut self, key: Owned, object: Object) -> Option<Object> {
        self.note_write(key.0, &key.1, &key.2);
        if let Some(&i) = self.by_key.get(&key) {
            return self.slots[i as usize].replace(Box::new(object)).map(|b| *b);
        }
        let i = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(Box::new(object));
                i
            }
            None => {
                self.slots.push(Some(Box::new(object)));
                (self.slots.len() - 1) as u32
            }
        };
        let k = key.0 as usize;
        if k >= self.counts.len() {
            self.counts.resize(k + 1, 0);
        }
        self.counts[k] += 1;
        self.by_key.insert(key.clone(), i);
        self.order.insert(key, i);
        None
    }

    /// The object of `kind` that `pick` chooses from the store's objects, kept while no
    /// object of the kind is written (slots stay put until then): admission asks for the
    /// default PriorityClass at every pod and the default StorageClass at every claim,
    /// and each answer was a listing of the kind.
    pub fn chosen<'s>(&'s self, kind: Kind, pick: impl FnOnce(&'s Objects) -> Option<(&'s Owned, &'s Object)>) -> Option<&'s Object> {
        let writes = self.writes(kind);
        let kept = self.chosen.borrow().iter().find(|(k, w, _)| *k == kind && *w == writes).map(|(_, _, slot)| *slot);
        let slot = match kept {
            Some(slot) => slot,
            None => {
                let slot = pick(self).and_then(|((k, ns, name), _)| self.slot(*k, ns, name));
                let mut chosen = self.chosen.borrow_mut();
                chosen.retain(|(k, _, _)| *k != kind);
                chosen.push((kind, writes, slot));
                slot
            }
        };
        self.slots.get(slot? as usize)?.as_deref()
    }

    /// Every object of `kind`, with its key, in key order.
    pub fn all_of(&self, kind: Kind) -> impl Iterator<Item = (&Owned, &Object)> {
        self.from(kind, "", "").take_while(move |((k, _, _), _)| *k == kind)
    }

    /// Whether any object of `kind` is stored.
    pub fn any_of(&self, kind: Kind) -> bool {
        self.counts.get(kind as usize).is_some_and(|&n| n > 0)
    }

    pub fn remove(&mut self, kind: Kind, ns: &str, name: &str) -> Option<Object> {
        let k = key(kind, ns, name);
        let i = self.by_key.remove(&k as &dyn ObjectKey)?;
        self.note_write(kind, ns, name);
        self.counts[kind as usize] -= 1;
        self.order.remove(&k as &dyn ObjectKey);
        self.free.push(i);
        self.slots[i as usize].take().map(|b| *b)
    }

    /// Keeps the objects `keep` says to, in key order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Owned, &mut Object) -> bool) {
        self.available.note_all();
        self.retains += 1;
        let gone: Vec<Owned> = self
            .order
            .iter()
            .filter_map(|(k, &i)| {
                let o = self.slots[i as usize].as_deref_mut()?;
                (!keep(k, o)).then(|| k.clone())
            })
            .collect();
        for (kind, ns, name) in gone {
            self.remove(kind, &ns, &name);
        }
    }

    /// An object of this kind and name may change: the indexes of its kind hear of it.
    fn note_write(&mut self, kind: Kind, ns: &str, name: &str) {
        let k = kind as usize;
        if k >= self.writes.len() {
            self.writes.resize(k + 1, 0);
        }
        self.writes[k] += 1;
        if kind == Kind::PersistentVolume {
            self.available.note(ns, name);
        }
    }

    /// A number that changes whenever an object of `kind` may have been written (each
    /// `get_mut` counts) or is added or removed.
    pub fn writes(&self, kind: Kind) -> u64 {
        self.writes.get(kind as usize).copied().unwrap_or(0) + self.retains
    }

    /// The PersistentVolumes that are `Available` and not being deleted, in key order
    /// (a listing's).
    pub fn available_volumes(&self) -> impl Iterator<Item = &Object> {
        let keys = self
            .available
            .names(|ns, name| self.get(Kind::PersistentVolume, ns, name), || self.all_of(Kind::PersistentVolume).map(|(_, o)| o));
        keys.into_iter().filter_map(|(ns, name)| self.get(Kind::PersistentVolume, &ns, &name))
    }

    /// The objects from `(kind, ns, name)` on, in key order.
    pub fn from<'s>(&'s self, kind: Kind, ns: &str, name: &str) -> impl Iterator<Item = (&'s Owned, &'s Object)> + 's {
        let start = key(kind, ns, name);
        let from = std::ops::Bound::Included(&start as &dyn ObjectKey);
        self.order
            .range::<dyn ObjectKey, _>((from, std::ops::Bound::Unbounded))
            .filter_map(|(k, &i)| Some((k, self.slots[i as usize].as_deref()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Generic, ObjectMeta};

    fn written(name: &str) -> Object {
        let meta = ObjectMeta { name: name.into(), ..Default::default() };
        Object::Written(Generic { kind: Kind::ConfigMap, meta, spec: crate::value::Value::Null, status: crate::value::Value::Null })
    }

    /// Every key in order.
    fn names(o: &Objects) -> Vec<String> {
        o.order.keys().map(|(_, ns, n)| format!("{ns}/{n}")).collect()
    }

    #[test]
    fn found_by_name_listed_in_order_and_slots_reused() {
        let mut o = Objects::default();
        for (ns, n) in [("b", "x"), ("a", "y"), ("a", "ab")] {
            assert!(o.insert((Kind::ConfigMap, ns.into(), n.into()), written(n)).is_none());
        }
        o.insert((Kind::Secret, "a".into(), "s".into()), written("s"));
        assert_eq!(names(&o), ["a/ab", "a/y", "b/x", "a/s"]);
        assert_eq!(o.get(Kind::ConfigMap, "a", "y").map(|o| o.meta().name.as_str()), Some("y"));
        assert!(o.get(Kind::Secret, "a", "y").is_none());
        assert!(o.insert((Kind::ConfigMap, "a".into(), "y".into()), written("y2")).is_some());
        assert_eq!(o.get(Kind::ConfigMap, "a", "y").map(|o| o.meta().name.as_str()), Some("y2"));
        assert_eq!(o.order.len(), 4);
        assert_eq!(o.remove(Kind::ConfigMap, "a", "ab").map(|o| o.meta().name.clone()), Some("ab".into()));
        assert!(o.remove(Kind::ConfigMap, "a", "ab").is_none());
        o.insert((Kind::ConfigMap, "c".into(), "z".into()), written("z"));
        assert_eq!(o.slots.len(), 4, "the freed slot is taken again");
        let from: Vec<_> = o.from(Kind::ConfigMap, "b", "").map(|((_, ns, n), _)| format!("{ns}/{n}")).collect();
        assert_eq!(from, ["b/x", "c/z", "a/s"]);
        o.retain(|(_, ns, _), _| ns != "a");
        assert_eq!(names(&o), ["b/x", "c/z"]);
        assert!(!o.contains(Kind::Secret, "a", "s"));
        assert_eq!(o.get_mut(Kind::ConfigMap, "c", "z").map(|o| o.meta().name.clone()), Some("z".into()));
    }

    #[test]
    fn the_chosen_object_of_a_kind_is_kept_until_an_object_of_the_kind_is_written() {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        static PICKS: AtomicUsize = AtomicUsize::new(0);
        fn pick(objects: &Objects) -> Option<(&Owned, &Object)> {
            PICKS.fetch_add(1, Relaxed);
            objects.all_of(Kind::ConfigMap).next()
        }
        let first = |o: &Objects| o.chosen(Kind::ConfigMap, pick).map(|c| c.meta().name.clone());
        let picks = || PICKS.load(Relaxed);
        let mut o = Objects::default();
        assert_eq!(first(&o), None);
        o.insert((Kind::ConfigMap, "b".into(), "m".into()), written("m"));
        o.insert((Kind::Secret, "a".into(), "s".into()), written("s"));
        assert_eq!((first(&o), first(&o)), (Some("m".into()), Some("m".into())));
        assert_eq!(picks(), 2, "asked again after the insert, then kept");
        o.insert((Kind::Secret, "a".into(), "t".into()), written("t"));
        assert_eq!(first(&o), Some("m".into()));
        assert_eq!(picks(), 2, "another kind's write keeps it");
        o.insert((Kind::ConfigMap, "a".into(), "n".into()), written("n"));
        assert_eq!(first(&o), Some("n".into()));
        o.remove(Kind::ConfigMap, "a", "n");
        assert_eq!(first(&o), Some("m".into()));
        o.remove(Kind::ConfigMap, "b", "m");
        assert_eq!(first(&o), None);
        assert_eq!(picks(), 5);
    }

    #[test]
    fn writes_count_each_kind_and_every_kind_on_retain() {
        let mut o = Objects::default();
        assert_eq!(o.writes(Kind::ControllerRevision), 0);
        o.insert((Kind::ConfigMap, "a".into(), "x".into()), written("x"));
        let (maps, secrets) = (o.writes(Kind::ConfigMap), o.writes(Kind::Secret));
        assert!(maps > 0);
        o.get(Kind::ConfigMap, "a", "x");
        o.contains(Kind::ConfigMap, "a", "x");
        assert_eq!(o.writes(Kind::ConfigMap), maps, "reading is not writing");
        o.get_mut(Kind::ConfigMap, "a", "x");
        assert!(o.writes(Kind::ConfigMap) > maps);
        let maps = o.writes(Kind::ConfigMap);
        o.remove(Kind::ConfigMap, "a", "x");
        assert!(o.writes(Kind::ConfigMap) > maps);
        assert_eq!(o.writes(Kind::Secret), secrets, "another kind's count holds");
        o.retain(|_, _| true);
        assert!(o.writes(Kind::Secret) > secrets, "retain may change any object");
    }

    fn volume(name: &str, phase: &str) -> Object {
        let meta = ObjectMeta { name: name.into(), ..Default::default() };
        let status = crate::value::Value::Map(vec![("phase".into(), crate::value::Value::str(phase))]);
        Object::Written(Generic { kind: Kind::PersistentVolume, meta, spec: crate::value::Value::Null, status })
    }

    fn available(o: &Objects) -> Vec<String> {
        o.available_volumes().map(|v| v.meta().name.clone()).collect()
    }

    /// What a scan of every volume finds, which the index must always agree with.
    fn scanned(o: &Objects) -> Vec<String> {
        o.order
            .iter()
            .filter(|((k, _, _), _)| *k == Kind::PersistentVolume)
            .filter_map(|(_, &i)| o.slots[i as usize].as_deref())
            .filter(|v| super::super::available_volumes::is_available(v))
            .map(|v| v.meta().name.clone())
            .collect()
    }

    #[test]
    fn available_volumes_follow_every_write() {
        let mut o = Objects::default();
        let pv = |n: &str| (Kind::PersistentVolume, String::new(), n.to_string());
        o.insert(pv("b"), volume("b", "Available"));
        o.insert(pv("a"), volume("a", "Bound"));
        assert_eq!(available(&o), ["b"]);
        // Written after the first read: each way a volume can change is heard of.
        o.insert(pv("c"), volume("c", "Available"));
        o.insert(pv("0"), volume("0", "Available"));
        if let Some(Object::Written(g)) = o.get_mut(Kind::PersistentVolume, "", "b") {
            g.status.set("phase", crate::value::Value::str("Bound"));
        }
        if let Some(Object::Written(g)) = o.get_mut(Kind::PersistentVolume, "", "a") {
            g.status.set("phase", crate::value::Value::str("Available"));
        }
        assert_eq!(available(&o), ["0", "a", "c"]);
        assert_eq!(available(&o), scanned(&o));
        o.insert(pv("a"), volume("a", "Released"));
        o.remove(Kind::PersistentVolume, "", "c");
        assert_eq!(available(&o), ["0"]);
        if let Some(Object::Written(g)) = o.get_mut(Kind::PersistentVolume, "", "0") {
            g.meta.deletion = Some(Default::default());
        }
        assert!(available(&o).is_empty());
        o.insert(pv("d"), volume("d", "Available"));
        o.retain(|(_, _, n), _| n != "d");
        o.insert(pv("e"), volume("e", "Available"));
        assert_eq!(available(&o), ["e"]);
        // More writes than are noted one by one: the set is read again whole.
        for i in 0..1100 {
            let n = format!("v{i:04}");
            o.insert(pv(&n), volume(&n, if i % 2 == 0 { "Available" } else { "Bound" }));
        }
        assert_eq!(available(&o).len(), 551);
        assert_eq!(available(&o), scanned(&o));
    }
}
