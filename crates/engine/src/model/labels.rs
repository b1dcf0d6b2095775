//! Labels and label selectors: `matchLabels`/`matchExpressions` and kubectl's `-l` syntax.

use crate::value::Value;
use std::rc::Rc;

/// A label set, sorted by key so that comparisons and printing are deterministic.
///
/// Shared on clone: the 150,000 pods of a ReplicaSet hold one copy of its template's
/// labels, and comparing a pod's labels with the template is a pointer check.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Labels(pub Rc<Vec<(String, String)>>);

thread_local! {
    /// The empty set every new object starts with, shared: a fresh `Rc` each would be
    /// two allocations per pod (labels and annotations) thrown away when the template's
    /// are set.
    static EMPTY: Rc<Vec<(String, String)>> = Rc::new(Vec::new());
}

impl Default for Labels {
    fn default() -> Self {
        Labels(EMPTY.with(Rc::clone))
    }
}

impl Labels {
    pub fn from_value(v: Option<&Value>) -> Labels {
        let mut out: Vec<(String, String)> = v
            .and_then(Value::as_map)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
            .unwrap_or_default();
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        Labels(Rc::new(out))
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        // A pod's few labels are read on every sync of its owner: comparing lengths first
        // rules out nearly every key without reading it, which a search in order cannot.
        if self.0.len() <= 8 {
            return self.0.iter().find(|(k, _)| k.len() == key.len() && k == key).map(|(_, v)| v.as_str());
        }
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| self.0[i].1.as_str())
    }

    pub fn insert(&mut self, key: &str, value: &str) {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            // The same value again (a revision written on every sync) copies nothing.
            Ok(i) if self.0[i].1 == value => {}
            Ok(i) => Rc::make_mut(&mut self.0)[i].1 = value.to_string(),
            Err(i) => Rc::make_mut(&mut self.0).insert(i, (key.to_string(), value.to_string())),
        }
    }

    /// Whether every label of `self` is in `other` with the same value.
    pub fn is_subset_of(&self, other: &Labels) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.iter().all(|(k, v)| other.get(k) == Some(v))
    }

    /// Drops a label.
    pub fn remove(&mut self, key: &str) {
        if self.get(key).is_some() {
            Rc::make_mut(&mut self.0).retain(|(k, _)| k != key);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_value(&self) -> Value {
        Value::Map(self.0.iter().map(|(k, v)| (k.clone(), Value::str(v.clone()))).collect())
    }

    /// `app=web,tier=front`, as `kubectl get -o wide` prints selectors.
    pub fn to_selector_string(&self) -> String {
        self.0.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub op: Op,
    pub values: Vec<String>,
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        let v = labels.get(&self.key);
        match self.op {
            Op::In => v.is_some_and(|v| self.values.iter().any(|x| x == v)),
            Op::NotIn => v.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Op::Exists => v.is_some(),
            Op::DoesNotExist => v.is_none(),
            Op::Gt | Op::Lt => {
                let (Some(v), Some(bound)) =
                    (v.and_then(|v| v.parse::<i64>().ok()), self.values.first().and_then(|b| b.parse::<i64>().ok()))
                else {
                    return false;
                };
                if self.op == Op::Gt {
                    v > bound
                } else {
                    v < bound
                }
            }
        }
    }
}

/// A label selector: every requirement must hold. An empty selector matches everything
/// (as `kubectl get` without `-l`); a Service with no selector is handled by its caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub reqs: Vec<Requirement>,
}

impl Selector {
    pub fn from_labels(labels: &Labels) -> Selector {
        Selector { reqs: labels.0.iter().map(|(k, v)| Requirement { key: k.clone(), op: Op::In, values: vec![v.clone()] }).collect() }
    }

    /// A `metav1.LabelSelector` value. `None` when an operator is not one Kubernetes has.
    pub fn from_label_selector(v: Option<&Value>) -> Option<Selector> {
        let Some(v) = v else { return Some(Selector::default()) };
        let mut sel = Selector::from_labels(&Labels::from_value(v.get("matchLabels")));
        for e in v.get("matchExpressions").map(Value::as_seq).unwrap_or(&[]) {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("").to_string();
            let values: Vec<String> =
                e.get("values").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|x| x.as_str().map(String::from)).collect();
            let op = match e.get("operator").and_then(Value::as_str).unwrap_or("") {
                "In" => Op::In,
                "NotIn" => Op::NotIn,
                "Exists" => Op::Exists,
                "DoesNotExist" => Op::DoesNotExist,
                _ => return None,
            };
            sel.reqs.push(Requirement { key, op, values });
        }
        Some(sel)
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.reqs.iter().all(|r| r.matches(labels))
    }

    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    /// Parses kubectl's `-l` syntax: `app=web`, `app==web`, `app!=web`, `app in (a,b)`,
    /// `app notin (a)`, `app`, `!app`, joined with commas.
    pub fn parse(text: &str) -> Result<Selector, String> {
        super::selector_syntax::parse(text).map(|reqs| Selector { reqs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        let mut l = Labels::default();
        for (k, v) in pairs {
            l.insert(k, v);
        }
        l
    }

    #[test]
    fn kubectl_selector_syntax() {
        let l = labels(&[("app", "web"), ("tier", "front")]);
        for (sel, want) in [
            ("app=web", true),
            ("app==web", true),
            ("app!=web", false),
            ("app in (web,api)", true),
            ("app notin (web)", false),
            ("tier", true),
            ("!tier", false),
            ("!missing", true),
            ("app=web,tier=back", false),
            ("", true),
        ] {
            assert_eq!(Selector::parse(sel).unwrap().matches(&l), want, "{sel}");
        }
    }

    #[test]
    fn label_selector_value_with_expressions() {
        let v = crate::model::decode::untyped(
            &crate::yaml::parse_stream("matchLabels: {app: web}\nmatchExpressions:\n- {key: env, operator: NotIn, values: [prod]}\n").docs
                [0]
            .root,
        );
        let s = Selector::from_label_selector(Some(&v)).unwrap();
        assert!(s.matches(&labels(&[("app", "web")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("env", "prod")])));
        assert!(!s.matches(&labels(&[("app", "api")])));
    }
}
