//! Which pod specs the volume manager found mountable, remembered while no ConfigMap or
//! Secret changes. Every pod start asks whether its ConfigMap, Secret and token volumes
//! can be set up, each a lookup by name among the store's objects; the pods of one
//! ReplicaSet share their spec, and their answer is the same until such an object is
//! written. A spec held here is shared, never written in place (`Rc::make_mut` copies
//! it), so the same pointer is the same volumes.

use crate::model::pod::PodSpec;
use crate::model::{Kind, Pod};
use crate::store::Store;
use std::rc::Rc;

/// Specs kept before they are all forgotten: one for each workload starting pods at once.
const KEPT_AT_MOST: usize = 64;

#[derive(Clone, Default)]
pub(crate) struct Mountable {
    /// The ConfigMap and Secret write counts the kept answers hold for.
    writes: (u64, u64),
    /// Spec, namespace and whether the pod has a token volume: all of them mount.
    kept: Vec<(Rc<PodSpec>, String, bool)>,
}

impl Mountable {
    fn writes(store: &Store) -> (u64, u64) {
        (store.objects.writes(Kind::ConfigMap), store.objects.writes(Kind::Secret))
    }

    /// Whether the pod's spec was found to mount, with these objects, in its namespace.
    pub fn known(&self, store: &Store, p: &Pod) -> bool {
        self.writes == Self::writes(store)
            && self.kept.iter().any(|(spec, ns, token)| Rc::ptr_eq(spec, &p.spec) && *token == p.token.is_some() && *ns == p.meta.namespace)
    }

    /// Remembers that the pod's volumes all mount.
    pub fn note(&mut self, store: &Store, p: &Pod) {
        let writes = Self::writes(store);
        if self.writes != writes || self.kept.len() >= KEPT_AT_MOST {
            self.writes = writes;
            self.kept.clear();
        }
        self.kept.push((p.spec.clone(), p.meta.namespace.clone(), p.token.is_some()));
    }
}
