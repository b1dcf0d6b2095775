//! A pod's `affinity.podAffinity` and `affinity.podAntiAffinity` (`PodAffinityTerm`,
//! `WeightedPodAffinityTerm`), read once per pod spec: the scheduler asks them of every
//! pod it places, and pods stamped from one template share them.

use super::{Labels, Selector};
use crate::value::Value;

/// One `PodAffinityTerm`: the pods it selects, and the topology domain they share.
#[derive(Clone, Debug, PartialEq)]
pub struct PodAffinityTerm {
    /// `None`: a null `labelSelector`, which selects no pod.
    pub selector: Option<Selector>,
    pub topology_key: String,
    /// Namespaces named by the term.
    pub namespaces: Vec<String>,
    /// `namespaceSelector`, matched against a namespace's labels (`{}`: every namespace).
    pub namespace_selector: Option<Selector>,
}

impl PodAffinityTerm {
    fn from_value(t: &Value) -> PodAffinityTerm {
        let namespaces =
            t.get("namespaces").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|n| n.as_str().map(String::from)).collect();
        PodAffinityTerm {
            selector: t.get("labelSelector").filter(|s| !s.is_null()).and_then(|s| Selector::from_label_selector(Some(s))),
            topology_key: t.get("topologyKey").and_then(Value::as_str).unwrap_or("").to_string(),
            namespaces,
            namespace_selector: t.get("namespaceSelector").filter(|s| !s.is_null()).and_then(|s| Selector::from_label_selector(Some(s))),
        }
    }

    /// Whether a pod in `pod_ns` (whose namespace has `ns_labels`) with `labels` is one the
    /// term selects, for a term written in a pod of `own_ns`: with neither namespaces nor
    /// a namespace selector, the term means its own pod's namespace.
    pub fn matches(&self, own_ns: &str, pod_ns: &str, ns_labels: Option<&Labels>, labels: &Labels) -> bool {
        self.in_namespace(own_ns, pod_ns, ns_labels) && self.selector.as_ref().is_some_and(|s| s.matches(labels))
    }

    pub fn in_namespace(&self, own_ns: &str, pod_ns: &str, ns_labels: Option<&Labels>) -> bool {
        if self.namespaces.is_empty() && self.namespace_selector.is_none() {
            return own_ns == pod_ns;
        }
        self.namespaces.iter().any(|n| n == pod_ns)
            || self.namespace_selector.as_ref().is_some_and(|s| ns_labels.is_some_and(|l| s.matches(l)))
    }
}

/// The four lists of terms; a pod spec holds one only if it has a term at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodAffinity {
    pub required: Vec<PodAffinityTerm>,
    pub preferred: Vec<(i64, PodAffinityTerm)>,
    pub required_anti: Vec<PodAffinityTerm>,
    pub preferred_anti: Vec<(i64, PodAffinityTerm)>,
    /// The terms written out: pods whose terms read the same share an entry of the
    /// store's index of pods with affinity.
    pub key: String,
}

impl PodAffinity {
    /// The terms of a pod spec's `affinity`, if it has any.
    pub fn from_spec(spec: &Value) -> Option<PodAffinity> {
        let affinity = spec.get("affinity")?;
        let list = |which: &str, when: &str| -> Vec<&Value> {
            affinity.get(which).and_then(|a| a.get(when)).map(Value::as_seq).unwrap_or(&[]).iter().collect()
        };
        let required =
            |which| list(which, "requiredDuringSchedulingIgnoredDuringExecution").into_iter().map(PodAffinityTerm::from_value).collect();
        let preferred = |which| {
            list(which, "preferredDuringSchedulingIgnoredDuringExecution")
                .into_iter()
                .map(|w| {
                    let term = w
                        .get("podAffinityTerm")
                        .map(PodAffinityTerm::from_value)
                        .unwrap_or_else(|| PodAffinityTerm::from_value(&Value::Null));
                    (w.get("weight").and_then(Value::as_i64).unwrap_or(0), term)
                })
                .collect()
        };
        let mut terms = PodAffinity {
            required: required("podAffinity"),
            preferred: preferred("podAffinity"),
            required_anti: required("podAntiAffinity"),
            preferred_anti: preferred("podAntiAffinity"),
            key: String::new(),
        };
        if terms.is_empty() {
            return None;
        }
        terms.key = format!("{:?}{:?}{:?}{:?}", terms.required, terms.preferred, terms.required_anti, terms.preferred_anti);
        Some(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.preferred.is_empty() && self.required_anti.is_empty() && self.preferred_anti.is_empty()
    }

    /// Whether the terms say anything to the InterPodAffinity score about other pods
    /// (`PodsWithAffinity` less the terms scoring never reads: required anti-affinity).
    pub fn scores_others(&self) -> bool {
        !self.required.is_empty() || !self.preferred.is_empty() || !self.preferred_anti.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Value {
        crate::model::decode::untyped(&crate::yaml::parse_stream(yaml).docs[0].root)
    }

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        let mut l = Labels::default();
        pairs.iter().for_each(|(k, v)| l.insert(k, v));
        l
    }

    #[test]
    fn terms_read_with_their_namespaces_and_weights() {
        let s = spec(
            "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 40\n      podAffinityTerm:\n        labelSelector: {matchLabels: {app: web}}\n        topologyKey: zone\n        namespaceSelector: {}\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - labelSelector: {matchLabels: {app: db}}\n      topologyKey: kubernetes.io/hostname\n      namespaces: [data]\n",
        );
        let a = PodAffinity::from_spec(&s).expect("has terms");
        assert_eq!(a.preferred_anti[0].0, 40);
        let web = labels(&[("app", "web")]);
        let db = labels(&[("app", "db")]);
        assert!(a.preferred_anti[0].1.matches("default", "elsewhere", Some(&Labels::default()), &web), "{{}} selects every namespace");
        assert!(a.required[0].matches("default", "data", None, &db));
        assert!(!a.required[0].matches("default", "default", None, &db), "only the namespace named");
        assert!(PodAffinity::from_spec(&spec("affinity:\n  nodeAffinity: {}\n")).is_none());
    }
}
