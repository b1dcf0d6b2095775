//! Pods by the PersistentVolumeClaims their volumes name: the PersistentVolume and
//! pvc-protection controllers ask which pods use a claim on every sync of it, and a
//! namespace's whole pod list for each claim made that cost grow with pods times claims.
//! A pod's volumes never change after it is created (an update may change images only),
//! so a pod is indexed once when it is stored and once more when it goes.

use super::PodId;
use crate::model::Pod;
use std::collections::{BTreeMap, BTreeSet};

/// By namespace, then claim name.
#[derive(Clone, Default)]
pub struct PodClaims(BTreeMap<String, BTreeMap<String, BTreeSet<PodId>>>);

impl PodClaims {
    pub fn insert(&mut self, pod: &Pod, id: PodId) {
        let claims = pod.spec.claims();
        if claims.is_empty() {
            return;
        }
        let by_claim = match self.0.get_mut(&pod.meta.namespace) {
            Some(m) => m,
            None => self.0.entry(pod.meta.namespace.clone()).or_default(),
        };
        for claim in claims {
            match by_claim.get_mut(claim) {
                Some(set) => {
                    set.insert(id);
                }
                None => {
                    by_claim.insert(claim.to_string(), BTreeSet::from([id]));
                }
            }
        }
    }

    pub fn remove(&mut self, pod: &Pod, id: PodId) {
        let Some(by_claim) = self.0.get_mut(&pod.meta.namespace) else { return };
        for claim in pod.spec.claims() {
            if let Some(set) = by_claim.get_mut(claim) {
                set.remove(&id);
                if set.is_empty() {
                    by_claim.remove(claim);
                }
            }
        }
        if by_claim.is_empty() {
            self.0.remove(&pod.meta.namespace);
        }
    }

    /// The pods whose volumes name the claim, in slot order.
    pub fn using(&self, ns: &str, claim: &str) -> impl Iterator<Item = PodId> + '_ {
        self.0.get(ns).and_then(|m| m.get(claim)).into_iter().flatten().copied()
    }
}
