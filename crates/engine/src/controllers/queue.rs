//! Controller work queues, keyed by namespace and name as client-go's are by
//! `namespace/name`. A rollout queues a pod's ReplicaSet on each of its pod's changes, so a
//! lookup borrows the strings: a key is allocated only when it is new.

use std::collections::BTreeMap;

/// Values by (namespace, name), in that order.
#[derive(Debug)]
pub struct ByName<V> {
    map: BTreeMap<String, BTreeMap<String, V>>,
}

impl<V> Default for ByName<V> {
    fn default() -> Self {
        ByName { map: BTreeMap::new() }
    }
}

impl<V> ByName<V> {
    pub fn get(&self, ns: &str, name: &str) -> Option<&V> {
        self.map.get(ns)?.get(name)
    }

    pub fn contains(&self, ns: &str, name: &str) -> bool {
        self.get(ns, name).is_some()
    }

    /// Sets the value, returning the one it replaces.
    pub fn insert(&mut self, ns: &str, name: &str, v: V) -> Option<V> {
        let names = match self.map.get_mut(ns) {
            Some(names) => names,
            None => self.map.entry(ns.to_string()).or_default(),
        };
        match names.get_mut(name) {
            Some(old) => Some(std::mem::replace(old, v)),
            None => names.insert(name.to_string(), v),
        }
    }

    pub fn remove(&mut self, ns: &str, name: &str) -> Option<V> {
        let names = self.map.get_mut(ns)?;
        let v = names.remove(name);
        if names.is_empty() {
            self.map.remove(ns);
        }
        v
    }

    /// The first key in (namespace, name) order, taken out.
    pub fn pop_first(&mut self) -> Option<(String, String, V)> {
        let mut first = self.map.first_entry()?;
        let (name, v) = first.get_mut().pop_first()?;
        let ns = if first.get().is_empty() { first.remove_entry().0 } else { first.key().clone() };
        Some((ns, name, v))
    }
}

impl ByName<()> {
    /// Queues the key; whether it was not queued yet.
    pub fn add(&mut self, ns: &str, name: &str) -> bool {
        self.insert(ns, name, ()).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_out_in_namespace_then_name_order_once_each() {
        let mut q = ByName::<()>::default();
        for (ns, name) in [("web", "b"), ("default", "z"), ("web", "a"), ("default", "z"), ("default", "a")] {
            q.add(ns, name);
        }
        assert!(!q.add("web", "a"), "already queued");
        assert!(q.contains("default", "z") && !q.contains("default", "b"));
        let mut out = vec![];
        while let Some((ns, name, ())) = q.pop_first() {
            out.push(format!("{ns}/{name}"));
        }
        assert_eq!(out, ["default/a", "default/z", "web/a", "web/b"]);
        assert!(q.pop_first().is_none());
    }

    #[test]
    fn values_are_replaced_and_removed() {
        let mut m = ByName::default();
        assert_eq!(m.insert("default", "web", 5), None);
        assert_eq!(m.insert("default", "web", 7), Some(5));
        assert_eq!(m.get("default", "web"), Some(&7));
        assert_eq!(m.remove("default", "web"), Some(7));
        assert_eq!(m.remove("default", "web"), None);
        assert!(m.map.is_empty(), "an emptied namespace goes too");
    }
}
