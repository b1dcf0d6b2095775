//! The InterPodAffinity plugin. Its filter: a pod's required `podAffinity` (it must run in
//! a topology domain — a node, a zone — where pods matching all its terms run) and
//! `podAntiAffinity` (it must not run where a matching pod runs), and running pods'
//! required anti-affinity against it (symmetry). Its score: the pod's preferred terms,
//! and running pods' required affinity (at `hardPodAffinityWeight` 1) and preferred terms
//! toward it, summed per topology domain and normalised over the feasible nodes.
//!
//! Nothing here walks every pod: the pods a term selects are found through the store's
//! label index, and running pods' own terms through its index of pods with affinity,
//! grouped by the terms they share, so a placement costs what the matching pods cost.

use crate::api::Api;
use crate::model::labels::Op;
use crate::model::pod::PodSpec;
use crate::model::pod_affinity::PodAffinityTerm;
use crate::model::Labels;
use crate::store::{PodId, Store};
use std::collections::{BTreeMap, BTreeSet};

/// `ErrReasonAffinityRulesNotMatch` and its siblings.
pub(super) const AFFINITY_NOT_MATCH: &str = "node(s) didn't match pod affinity rules";
pub(super) const ANTI_AFFINITY_NOT_MATCH: &str = "node(s) didn't match pod anti-affinity rules";
pub(super) const EXISTING_ANTI_AFFINITY: &str = "node(s) didn't satisfy existing pods anti-affinity rules";

/// `args.HardPodAffinityWeight`'s default.
const HARD_POD_AFFINITY_WEIGHT: i64 = 1;

/// Topology values by topology key.
type Domains = BTreeMap<String, BTreeSet<String>>;

/// The pod being placed: where it is and what it carries.
pub(super) struct Incoming<'a> {
    pub namespace: &'a str,
    pub labels: &'a Labels,
    pub spec: &'a PodSpec,
}

/// What the nodes are checked against for one pod (the PreFilter's state).
pub(super) struct Check {
    /// The topology keys of the pod's required affinity terms.
    affinity_keys: Vec<String>,
    /// Domains where a running pod matches all of those terms.
    affinity: Domains,
    /// Whether the pod matches all its own terms (the first of a group may go anywhere).
    self_match: bool,
    /// Domains where a pod one of its required anti-affinity terms selects runs.
    anti: Domains,
    /// Domains a running pod's required anti-affinity keeps this pod out of.
    existing: Domains,
}

/// A running pod: bound to a node and not on its way out.
fn running(store: &Store, id: PodId) -> Option<&crate::model::Pod> {
    store.pod(id).filter(|p| !p.node.is_empty() && p.is_active())
}

/// The value of `key` on the node a running pod is bound to.
fn domain<'s>(store: &'s Store, p: &crate::model::Pod, key: &str) -> Option<&'s str> {
    store.node_of(p)?.meta.labels.get(key)
}

fn namespace_labels<'s>(store: &'s Store, ns: &str) -> Option<&'s Labels> {
    store.namespaces.get(ns).map(|n| &n.meta.labels)
}

/// The pods a term may select, from the label index: those carrying the values of its
/// narrowest `In` or `Exists` requirement. `None` when no requirement narrows it (a
/// selector of only `NotIn` and `DoesNotExist`, or an empty one), and every pod is a
/// candidate.
fn candidates(store: &Store, term: &PodAffinityTerm) -> Option<Vec<PodId>> {
    let selector = term.selector.as_ref()?;
    let mut best: Option<Vec<&BTreeSet<PodId>>> = None;
    for r in &selector.reqs {
        let sets: Vec<&BTreeSet<PodId>> = match r.op {
            Op::In => r.values.iter().filter_map(|v| store.pods_by_label.get(&r.key, v)).collect(),
            Op::Exists => store.pods_by_label.values_of(&r.key).collect(),
            _ => continue,
        };
        let size = |s: &Vec<&BTreeSet<PodId>>| s.iter().map(|set| set.len()).sum::<usize>();
        if best.as_ref().is_none_or(|b| size(&sets) < size(b)) {
            best = Some(sets);
        }
    }
    // Each pod has one value per key, so the sets are disjoint.
    best.map(|sets| sets.into_iter().flatten().copied().collect())
}

/// Running pods a term written in a pod of `own_ns` selects, with each one's pod.
fn selected<'s>(store: &'s Store, own_ns: &'s str, term: &'s PodAffinityTerm) -> impl Iterator<Item = &'s crate::model::Pod> + 's {
    let ids: Box<dyn Iterator<Item = PodId> + 's> = match term.selector {
        None => Box::new(std::iter::empty()),
        Some(_) => match candidates(store, term) {
            Some(ids) => Box::new(ids.into_iter()),
            None => Box::new(store.pods().map(|(id, _)| id)),
        },
    };
    ids.filter_map(move |id| running(store, id))
        .filter(move |p| term.matches(own_ns, &p.meta.namespace, namespace_labels(store, &p.meta.namespace), &p.meta.labels))
}

/// The PreFilter, or `None` when nothing can turn a node away: the pod has no required
/// term and no running pod's required anti-affinity selects it.
pub(super) fn pre_filter(api: &Api, pod: &Incoming) -> Option<Check> {
    let store = &api.store;
    let terms = pod.spec.pod_affinity.as_deref();
    if terms.is_none() && store.pods_with_affinity.is_empty() {
        return None;
    }
    let required = terms.map_or(&[][..], |t| &t.required[..]);
    let required_anti = terms.map_or(&[][..], |t| &t.required_anti[..]);
    let ns_labels = namespace_labels(store, pod.namespace);
    let mut check = Check {
        affinity_keys: required.iter().map(|t| t.topology_key.clone()).collect(),
        affinity: Domains::new(),
        self_match: !required.is_empty() && required.iter().all(|t| t.matches(pod.namespace, pod.namespace, ns_labels, pod.labels)),
        anti: Domains::new(),
        existing: Domains::new(),
    };
    // Pods counted toward affinity must match every required term (`updateWithAffinityTerms`).
    if let Some(first) = required.first() {
        for p in selected(store, pod.namespace, first) {
            if required[1..]
                .iter()
                .all(|t| t.matches(pod.namespace, &p.meta.namespace, namespace_labels(store, &p.meta.namespace), &p.meta.labels))
            {
                for t in required {
                    if let Some(v) = domain(store, p, &t.topology_key) {
                        check.affinity.entry(t.topology_key.clone()).or_default().insert(v.to_string());
                    }
                }
            }
        }
    }
    for t in required_anti {
        for p in selected(store, pod.namespace, t) {
            if let Some(v) = domain(store, p, &t.topology_key) {
                check.anti.entry(t.topology_key.clone()).or_default().insert(v.to_string());
            }
        }
    }
    // Symmetry: each group's terms are asked once; its pods only when they select this pod.
    for (own_ns, groups) in &store.pods_with_affinity {
        for g in groups.values() {
            for t in g.terms.required_anti.iter().filter(|t| t.matches(own_ns, pod.namespace, ns_labels, pod.labels)) {
                for p in g.pods.iter().filter_map(|&id| running(store, id)) {
                    if let Some(v) = domain(store, p, &t.topology_key) {
                        check.existing.entry(t.topology_key.clone()).or_default().insert(v.to_string());
                    }
                }
            }
        }
    }
    let restricts = !required.is_empty() || !check.anti.is_empty() || !check.existing.is_empty();
    restricts.then_some(check)
}

fn in_domains(domains: &Domains, key: &str, node_labels: &Labels) -> bool {
    node_labels.get(key).is_some_and(|v| domains.get(key).is_some_and(|values| values.contains(v)))
}

/// The Filter for one node, in the plugin's order of reasons.
pub(super) fn filter(check: &Check, node_labels: &Labels) -> Result<(), &'static str> {
    if !check.affinity_keys.is_empty() {
        // Every topology key must be on the node, whatever else holds.
        if check.affinity_keys.iter().any(|k| node_labels.get(k).is_none()) {
            return Err(AFFINITY_NOT_MATCH);
        }
        let pods_exist = check.affinity_keys.iter().all(|k| in_domains(&check.affinity, k, node_labels));
        // The first pod of a group that selects itself: no pod anywhere matches yet.
        let first = check.affinity.is_empty() && check.self_match;
        if !pods_exist && !first {
            return Err(AFFINITY_NOT_MATCH);
        }
    }
    if check.anti.keys().any(|k| in_domains(&check.anti, k, node_labels)) {
        return Err(ANTI_AFFINITY_NOT_MATCH);
    }
    if check.existing.keys().any(|k| in_domains(&check.existing, k, node_labels)) {
        return Err(EXISTING_ANTI_AFFINITY);
    }
    Ok(())
}

/// The PreScore's sums: weight by topology key, then value.
pub(super) struct Preferences(BTreeMap<String, BTreeMap<String, i64>>);

impl Preferences {
    fn add(&mut self, store: &Store, p: &crate::model::Pod, key: &str, weight: i64) {
        if let Some(v) = domain(store, p, key) {
            *self.0.entry(key.to_string()).or_default().entry(v.to_string()).or_default() += weight;
        }
    }

    /// The raw score of a node: the sums of the domains it is in.
    pub(super) fn score(&self, node_labels: &Labels) -> i64 {
        self.0.iter().filter_map(|(key, values)| node_labels.get(key).map(|v| values.get(v).copied().unwrap_or(0))).sum()
    }
}

/// The PreScore, or `None` when the plugin is skipped: no term on either side says
/// anything about where this pod should go.
pub(super) fn pre_score(api: &Api, pod: &Incoming) -> Option<Preferences> {
    let store = &api.store;
    if pod.spec.pod_affinity.is_none() && store.pods_with_affinity.is_empty() {
        return None;
    }
    let mut prefs = Preferences(BTreeMap::new());
    if let Some(terms) = pod.spec.pod_affinity.as_deref() {
        for (sign, list) in [(1, &terms.preferred), (-1, &terms.preferred_anti)] {
            for (weight, t) in list {
                for p in selected(store, pod.namespace, t) {
                    prefs.add(store, p, &t.topology_key, sign * weight);
                }
            }
        }
    }
    let ns_labels = namespace_labels(store, pod.namespace);
    for (own_ns, groups) in &store.pods_with_affinity {
        for g in groups.values().filter(|g| g.terms.scores_others()) {
            let hard = g.terms.required.iter().map(|t| (HARD_POD_AFFINITY_WEIGHT, t));
            let preferred = g.terms.preferred.iter().map(|(w, t)| (*w, t));
            let avoided = g.terms.preferred_anti.iter().map(|(w, t)| (-*w, t));
            for (weight, t) in hard.chain(preferred).chain(avoided) {
                if !t.matches(own_ns, pod.namespace, ns_labels, pod.labels) {
                    continue;
                }
                for p in g.pods.iter().filter_map(|&id| running(store, id)) {
                    prefs.add(store, p, &t.topology_key, weight);
                }
            }
        }
    }
    (!prefs.0.is_empty()).then_some(prefs)
}

/// `NormalizeScore`: the raw scores of the feasible nodes spread over 0–100, the least
/// preferred at 0; all equal gives 0 everywhere.
pub(super) fn normalize(raw: &[i64]) -> Vec<i64> {
    let (min, max) = (raw.iter().copied().min().unwrap_or(0), raw.iter().copied().max().unwrap_or(0));
    raw.iter().map(|&s| if max > min { (100.0 * ((s - min) as f64 / (max - min) as f64)) as i64 } else { 0 }).collect()
}
