//! The nodes by name: listed in name order, as the API server lists them, and found by a
//! hash of the name. A 150,000-pod rollout looks a node up by name about ten times per pod
//! (the kubelet's syncs, the image manager, binding); in a B-tree of 5,000 names each
//! lookup was a dozen string comparisons.

use crate::model::node::NodeSlot;
use crate::model::Node;
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Default)]
pub struct NodeMap {
    /// The nodes, in slots that stay put while the node exists.
    slots: Vec<Option<Node>>,
    /// Bumped when a slot's node is removed, so a `NodeSlot` kept from before is refused.
    generations: Vec<u32>,
    free: Vec<usize>,
    /// Slot by name, in name order (listing).
    order: BTreeMap<String, usize>,
    /// Slot by name (lookup). Never iterated, so its order cannot leak.
    by_name: HashMap<String, usize, crate::hash::FxBuild>,
    /// Counts every way a node can change (a mutable borrow, an insert, a removal), so a
    /// reader that keeps what it last saw of the nodes knows when to look again without
    /// reading 5,000 of them: the node informer's change notification.
    changes: u64,
}

impl NodeMap {
    fn slot(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The node's place, while it stays in the map.
    pub fn slot_of(&self, name: &str) -> Option<NodeSlot> {
        let i = self.slot(name)?;
        Some(NodeSlot { index: i as u32, generation: self.generations[i] })
    }

    /// The node at `s`, unless it was removed since.
    #[inline(always)]
    pub fn at(&self, s: NodeSlot) -> Option<&Node> {
        let i = s.index as usize;
        if self.generations.get(i) != Some(&s.generation) {
            return None;
        }
        self.slots[i].as_ref()
    }

    pub fn at_mut(&mut self, s: NodeSlot) -> Option<&mut Node> {
        self.changes += 1;
        let i = s.index as usize;
        if self.generations.get(i) != Some(&s.generation) {
            return None;
        }
        self.slots[i].as_mut()
    }

    pub fn get(&self, name: &str) -> Option<&Node> {
        self.slots[self.slot(name)?].as_ref()
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Node> {
        self.changes += 1;
        let i = self.slot(name)?;
        self.slots[i].as_mut()
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Adds or replaces the node of this name; returns the one it replaces.
    pub fn insert(&mut self, name: String, node: Node) -> Option<Node> {
        self.changes += 1;
        if let Some(i) = self.slot(&name) {
            return self.slots[i].replace(node);
        }
        let i = match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(node);
                i
            }
            None => {
                self.slots.push(Some(node));
                self.generations.push(0);
                self.slots.len() - 1
            }
        };
        self.by_name.insert(name.clone(), i);
        self.order.insert(name, i);
        None
    }

    pub fn remove(&mut self, name: &str) -> Option<Node> {
        self.changes += 1;
        let i = self.by_name.remove(name)?;
        self.order.remove(name);
        self.free.push(i);
        self.generations[i] = self.generations[i].wrapping_add(1);
        self.slots[i].take()
    }

    /// Every node with its place, in the order of the places (not of the names): for a
    /// reader that needs each node once, in some fixed order, without the name B-tree.
    pub fn by_slot(&self) -> impl Iterator<Item = (NodeSlot, &Node)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((NodeSlot { index: i as u32, generation: self.generations[i] }, n.as_ref()?)))
    }

    /// How many times the nodes may have changed so far: equal counts mean unchanged nodes.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Name and node, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Node)> + '_ {
        self.order.iter().filter_map(|(name, &i)| Some((name, self.slots[i].as_ref()?)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> + '_ {
        self.order.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Node> + '_ {
        self.order.values().filter_map(|&i| self.slots[i].as_ref())
    }

    /// Every node, in name order.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Node> + '_ {
        self.changes += 1;
        let mut rank = vec![usize::MAX; self.slots.len()];
        for (r, &i) in self.order.values().enumerate() {
            rank[i] = r;
        }
        let mut nodes: Vec<(usize, &mut Node)> =
            self.slots.iter_mut().enumerate().filter_map(|(i, n)| Some((rank[i], n.as_mut()?))).collect();
        nodes.sort_unstable_by_key(|(r, _)| *r);
        nodes.into_iter().map(|(_, n)| n)
    }
}

impl std::ops::Index<&str> for NodeMap {
    type Output = Node;

    fn index(&self, name: &str) -> &Node {
        self.get(name).expect("no node of this name")
    }
}

impl<'a> IntoIterator for &'a NodeMap {
    type Item = (&'a String, &'a Node);
    type IntoIter = Box<dyn Iterator<Item = (&'a String, &'a Node)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str) -> Node {
        let mut n = crate::presets::Preset::Kind.nodes(1).remove(0);
        n.meta.name = name.into();
        n
    }

    #[test]
    fn nodes_are_listed_by_name_found_by_name_and_their_slots_reused() {
        let mut m = NodeMap::default();
        for name in ["worker-b", "control-plane", "worker-a"] {
            assert!(m.insert(name.into(), node(name)).is_none());
        }
        assert_eq!(m.keys().map(String::as_str).collect::<Vec<_>>(), ["control-plane", "worker-a", "worker-b"]);
        assert_eq!(m.values().map(|n| n.meta.name.as_str()).collect::<Vec<_>>(), ["control-plane", "worker-a", "worker-b"]);
        assert_eq!(m["worker-a"].meta.name, "worker-a");
        let a = m.slot_of("worker-a").expect("there");
        assert_eq!(m.at(a).map(|n| n.meta.name.as_str()), Some("worker-a"));
        assert!(m.remove("worker-a").is_some() && m.get("worker-a").is_none() && !m.contains_key("worker-a"));
        assert!(m.at(a).is_none() && m.at_mut(a).is_none(), "a removed node's place is refused");
        assert_eq!(m.len(), 2);
        m.insert("worker-c".into(), node("worker-c"));
        assert_eq!(m.slots.len(), 3, "the freed slot is reused");
        assert!(m.at(a).is_none(), "by the new node too: its place has a new generation");
        assert_eq!(m.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["control-plane", "worker-b", "worker-c"]);
        let b = m.slot_of("worker-b").expect("there");
        let old = m.insert("worker-b".into(), node("worker-b")).expect("replaced");
        assert_eq!(m.at(b).map(|n| n.meta.name.as_str()), Some("worker-b"), "a replaced node keeps its place");
        assert_eq!(old.meta.name, "worker-b");
        assert_eq!(m.len(), 3);
        m.get_mut("worker-c").expect("there").unschedulable = true;
        assert_eq!(m.values_mut().filter(|n| n.unschedulable).count(), 1);
        // worker-c took worker-a's slot, before worker-b's: still listed by name.
        assert_eq!(m.values_mut().map(|n| n.meta.name.clone()).collect::<Vec<_>>(), ["control-plane", "worker-b", "worker-c"]);
    }
}
