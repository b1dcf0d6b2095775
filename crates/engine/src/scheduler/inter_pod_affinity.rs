//! The InterPodAffinity plugin's filter: a pod's required `podAffinity` (it must run in a
//! topology domain — a node, a zone — where matching pods run) and `podAntiAffinity`
//! (it must not), and existing pods' required anti-affinity against it (symmetry). What
//! `topologyKey: kubernetes.io/hostname` anti-affinity does: one replica per node.
//! Preferred terms are not scored yet.

use crate::api::Api;
use crate::model::pod::PodSpec;
use crate::model::{Labels, Selector};
use crate::value::Value;
use std::collections::BTreeSet;

/// `ErrReasonAffinityRulesNotMatch` and its siblings.
pub(super) const AFFINITY_NOT_MATCH: &str = "node(s) didn't match pod affinity rules";
pub(super) const ANTI_AFFINITY_NOT_MATCH: &str = "node(s) didn't match pod anti-affinity rules";
pub(super) const EXISTING_ANTI_AFFINITY: &str = "node(s) didn't satisfy existing pods anti-affinity rules";

/// One required term.
struct Term {
    /// `None`: a null selector, which matches no pod.
    selector: Option<Selector>,
    topology_key: String,
    namespaces: Vec<String>,
}

impl Term {
    fn matches(&self, ns: &str, labels: &Labels) -> bool {
        self.namespaces.iter().any(|n| n == ns) && self.selector.as_ref().is_some_and(|s| s.matches(labels))
    }
}

fn terms(spec: &Value, which: &str, own_ns: &str) -> Vec<Term> {
    let list = spec.get("affinity").and_then(|a| a.get(which)).and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"));
    list.map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|t| {
            let listed: Vec<String> =
                t.get("namespaces").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|n| n.as_str().map(String::from)).collect();
            Term {
                selector: t.get("labelSelector").filter(|s| !s.is_null()).and_then(|s| Selector::from_label_selector(Some(s))),
                topology_key: t.get("topologyKey").and_then(Value::as_str).unwrap_or("").to_string(),
                // No namespaces (and no namespace selector, which kubeplay reads as none):
                // the pod's own.
                namespaces: if listed.is_empty() { vec![own_ns.to_string()] } else { listed },
            }
        })
        .collect()
}

/// What the nodes are checked against for one pod: per term, the topology values where
/// matching pods run.
pub(super) struct Check {
    affinity: Vec<(String, BTreeSet<String>, bool)>,
    anti: Vec<(String, BTreeSet<String>)>,
    /// (topology key, value) domains an existing pod's anti-affinity keeps this pod out of.
    existing: Vec<(String, String)>,
}

/// Whether the pod has a required pod affinity or anti-affinity term (preferred terms
/// are not scored, so they need no read of the running pods).
pub(super) fn asks(spec: &PodSpec) -> bool {
    ["podAffinity", "podAntiAffinity"].iter().any(|which| {
        spec.raw
            .get("affinity")
            .and_then(|a| a.get(which))
            .and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"))
            .is_some_and(|t| !t.as_seq().is_empty())
    })
}

/// The PreFilter: reads the running pods once. `existing_anti` says whether any pod in
/// the cluster may carry required anti-affinity (otherwise the symmetry pass is skipped).
pub(super) fn pre_filter(api: &Api, ns: &str, labels: &Labels, spec: &PodSpec, existing_anti: bool) -> Option<Check> {
    let affinity = terms(&spec.raw, "podAffinity", ns);
    let anti = terms(&spec.raw, "podAntiAffinity", ns);
    if affinity.is_empty() && anti.is_empty() && !existing_anti {
        return None;
    }
    let node_value = |node: &str, key: &str| api.store.nodes.get(node).and_then(|n| n.meta.labels.get(key).map(str::to_string));
    let mut check = Check {
        affinity: affinity.iter().map(|t| (t.topology_key.clone(), BTreeSet::new(), t.matches(ns, labels))).collect(),
        anti: anti.iter().map(|t| (t.topology_key.clone(), BTreeSet::new())).collect(),
        existing: vec![],
    };
    for (_, p) in api.store.pods() {
        if p.node.is_empty() || !p.is_active() {
            continue;
        }
        for (t, slot) in affinity.iter().zip(check.affinity.iter_mut()) {
            if t.matches(&p.meta.namespace, &p.meta.labels) {
                if let Some(v) = node_value(&p.node, &t.topology_key) {
                    slot.1.insert(v);
                }
            }
        }
        for (t, slot) in anti.iter().zip(check.anti.iter_mut()) {
            if t.matches(&p.meta.namespace, &p.meta.labels) {
                if let Some(v) = node_value(&p.node, &t.topology_key) {
                    slot.1.insert(v);
                }
            }
        }
        if existing_anti {
            for t in terms(&p.spec.raw, "podAntiAffinity", &p.meta.namespace) {
                if t.matches(ns, labels) {
                    if let Some(v) = node_value(&p.node, &t.topology_key) {
                        check.existing.push((t.topology_key.clone(), v));
                    }
                }
            }
        }
    }
    Some(check)
}

/// The Filter for one node, in the plugin's order of reasons.
pub(super) fn filter(check: &Check, node_labels: &Labels) -> Result<(), &'static str> {
    for (key, values, self_match) in &check.affinity {
        // The first pod of a group may go anywhere its own labels would satisfy.
        let first = values.is_empty() && *self_match;
        if !first && !node_labels.get(key).is_some_and(|v| values.contains(v)) {
            return Err(AFFINITY_NOT_MATCH);
        }
    }
    for (key, values) in &check.anti {
        if node_labels.get(key).is_some_and(|v| values.contains(v)) {
            return Err(ANTI_AFFINITY_NOT_MATCH);
        }
    }
    if check.existing.iter().any(|(k, v)| node_labels.get(k) == Some(v.as_str())) {
        return Err(EXISTING_ANTI_AFFINITY);
    }
    Ok(())
}
