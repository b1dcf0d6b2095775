//! Deployments and ReplicaSets (`apps/v1`): the fields the controllers act on, typed and
//! read from the defaulted spec, which is kept whole for `kubectl get -o yaml` (every
//! field the user wrote, acted on or not). A spec changes only through `edit`, so the
//! typed fields never drift from it; the status is the controllers' and fully typed.

use super::condition::Condition;
use super::labels::{Labels, Selector};
use super::meta::ObjectMeta;
use crate::value::Value;

/// An int or a percentage (`maxSurge: 1`, `maxSurge: 25%`).
#[derive(Clone, Debug, PartialEq)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl IntOrString {
    fn from_value(v: Option<&Value>) -> Option<IntOrString> {
        match v {
            Some(Value::Int(i)) => Some(IntOrString::Int(*i)),
            Some(Value::Str(s)) => Some(IntOrString::Str(s.clone())),
            _ => None,
        }
    }

    /// `GetScaledValueFromIntOrPercent`: a percentage of `total`, rounded up or down.
    pub fn scaled(&self, total: i64, round_up: bool) -> i64 {
        match self {
            IntOrString::Int(i) => *i,
            IntOrString::Str(s) => {
                let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
                if round_up {
                    (pct * total + 99) / 100
                } else {
                    pct * total / 100
                }
            }
        }
    }

    /// As kubectl prints it.
    pub fn text(&self) -> String {
        match self {
            IntOrString::Int(i) => i.to_string(),
            IntOrString::Str(s) => s.clone(),
        }
    }
}

/// A `metav1.LabelSelector`: its `matchLabels` (what the label index is asked for) and
/// the whole selector. `matcher` is `None` when an operator is not one Kubernetes has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub matcher: Option<Selector>,
}

impl LabelSelector {
    pub fn from_value(v: Option<&Value>) -> LabelSelector {
        LabelSelector { match_labels: Labels::from_value(v.and_then(|s| s.get("matchLabels"))), matcher: Selector::from_label_selector(v) }
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.matcher.as_ref().is_some_and(|s| s.matches(labels))
    }

    /// Empty (or unusable): it selects nothing a controller may take.
    pub fn is_empty(&self) -> bool {
        self.matcher.as_ref().is_none_or(Selector::is_empty)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Strategy {
    Recreate,
    RollingUpdate { max_surge: IntOrString, max_unavailable: IntOrString },
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentSpec {
    pub replicas: i64,
    pub selector: LabelSelector,
    /// The pod template as written and defaulted: what a ReplicaSet is made from and
    /// what its hash is computed from.
    pub template: Value,
    pub strategy: Strategy,
    pub min_ready_seconds: i64,
    pub revision_history_limit: i64,
    pub paused: bool,
    pub progress_deadline_seconds: i64,
    raw: Value,
}

impl DeploymentSpec {
    pub fn from_value(raw: Value) -> DeploymentSpec {
        let int = |k: &str, d: i64| raw.get(k).and_then(Value::as_i64).unwrap_or(d);
        let strategy = raw.get("strategy");
        let strategy = if strategy.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("Recreate") {
            Strategy::Recreate
        } else {
            let ru = strategy.and_then(|s| s.get("rollingUpdate"));
            let field = |k: &str| IntOrString::from_value(ru.and_then(|r| r.get(k))).unwrap_or_else(|| IntOrString::Str("25%".into()));
            Strategy::RollingUpdate { max_surge: field("maxSurge"), max_unavailable: field("maxUnavailable") }
        };
        DeploymentSpec {
            replicas: int("replicas", 1),
            selector: LabelSelector::from_value(raw.get("selector")),
            template: raw.get("template").cloned().unwrap_or(Value::Null),
            strategy,
            min_ready_seconds: int("minReadySeconds", 0),
            revision_history_limit: int("revisionHistoryLimit", 10),
            paused: raw.get("paused").and_then(Value::as_bool).unwrap_or(false),
            progress_deadline_seconds: int("progressDeadlineSeconds", 600),
            raw,
        }
    }

    /// The spec as written and defaulted.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Changes the written spec and reads it again; whether anything changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) -> bool {
        super::edit_written(self, Self::raw, DeploymentSpec::from_value, f)
    }

    /// `ResolveFenceposts`: (maxSurge, maxUnavailable) for `desired` replicas. Recreate
    /// allows neither.
    pub fn fenceposts(&self, desired: i64) -> (i64, i64) {
        match &self.strategy {
            Strategy::Recreate => (0, 0),
            Strategy::RollingUpdate { max_surge, max_unavailable } => {
                let surge = max_surge.scaled(desired, true);
                let unavailable = max_unavailable.scaled(desired, false);
                if surge == 0 && unavailable == 0 {
                    (0, 1)
                } else {
                    (surge, unavailable)
                }
            }
        }
    }
}

/// What the Deployment controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeploymentStatus {
    pub observed_generation: i64,
    pub replicas: i64,
    pub updated_replicas: i64,
    pub ready_replicas: i64,
    pub available_replicas: i64,
    pub unavailable_replicas: i64,
    pub conditions: Vec<Condition>,
    pub collision_count: Option<i64>,
}

impl DeploymentStatus {
    pub fn condition(&self, kind: &str) -> Option<&Condition> {
        super::condition::find(&self.conditions, kind)
    }

    fn to_value(&self) -> Value {
        // The counts are `omitempty`: a zero is not printed.
        let mut m = vec![("observedGeneration".into(), Value::Int(self.observed_generation))];
        for (k, v) in [
            ("availableReplicas", self.available_replicas),
            ("readyReplicas", self.ready_replicas),
            ("replicas", self.replicas),
            ("unavailableReplicas", self.unavailable_replicas),
            ("updatedReplicas", self.updated_replicas),
        ] {
            if v > 0 {
                m.push((k.into(), Value::Int(v)));
            }
        }
        if !self.conditions.is_empty() {
            m.push(("conditions".into(), Value::Seq(self.conditions.iter().map(Condition::to_value).collect())));
        }
        if let Some(n) = self.collision_count {
            m.push(("collisionCount".into(), Value::Int(n)));
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    pub meta: ObjectMeta,
    /// Shared: the controller works from a copy of the Deployment while it changes the
    /// store, on every change of one of its ReplicaSets.
    pub spec: std::rc::Rc<DeploymentSpec>,
    /// `None` until the controller first writes it.
    pub status: Option<DeploymentStatus>,
}

impl Deployment {
    pub fn to_value(&self) -> Value {
        wire("Deployment", &self.meta, self.spec.raw(), self.status.as_ref().map(DeploymentStatus::to_value))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetSpec {
    pub replicas: i64,
    pub min_ready_seconds: i64,
    pub selector: LabelSelector,
    /// The pod template as written and defaulted; shared, so that a template known to be
    /// its Deployment's stays known while both are the same (`api::TemplateMatches`).
    pub template: std::rc::Rc<Value>,
    raw: Value,
}

impl ReplicaSetSpec {
    pub fn from_value(raw: Value) -> ReplicaSetSpec {
        ReplicaSetSpec {
            replicas: raw.get("replicas").and_then(Value::as_i64).unwrap_or(1),
            min_ready_seconds: raw.get("minReadySeconds").and_then(Value::as_i64).unwrap_or(0),
            selector: LabelSelector::from_value(raw.get("selector")),
            template: std::rc::Rc::new(raw.get("template").cloned().unwrap_or(Value::Null)),
            raw,
        }
    }

    /// The spec as written and defaulted.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Changes the written spec and reads it again; whether anything changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) -> bool {
        super::edit_written(self, Self::raw, ReplicaSetSpec::from_value, f)
    }

    /// Whether the template is its Deployment's, the `pod-template-hash` label aside.
    pub fn template_is(&self, deployment_template: &Value) -> bool {
        self.template.eq_without(deployment_template, &["metadata", "labels", HASH_LABEL])
    }
}

/// The label a Deployment adds to its ReplicaSets' selector and pods.
pub const HASH_LABEL: &str = "pod-template-hash";

/// What the ReplicaSet controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplicaSetStatus {
    pub replicas: i64,
    pub fully_labeled_replicas: i64,
    pub ready_replicas: i64,
    pub available_replicas: i64,
    pub observed_generation: i64,
}

impl ReplicaSetStatus {
    pub(crate) fn to_value(&self) -> Value {
        // `replicas` is always written; the other counts are `omitempty`.
        let mut m = vec![("replicas".into(), Value::Int(self.replicas))];
        for (k, v) in [
            ("availableReplicas", self.available_replicas),
            ("fullyLabeledReplicas", self.fully_labeled_replicas),
            ("observedGeneration", self.observed_generation),
            ("readyReplicas", self.ready_replicas),
        ] {
            if v > 0 {
                m.push((k.into(), Value::Int(v)));
            }
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSet {
    pub meta: ObjectMeta,
    pub spec: ReplicaSetSpec,
    /// `None` until the controller first writes it.
    pub status: Option<ReplicaSetStatus>,
}

impl ReplicaSet {
    pub fn to_value(&self) -> Value {
        wire("ReplicaSet", &self.meta, self.spec.raw(), self.status.as_ref().map(ReplicaSetStatus::to_value))
    }
}

/// An `apps/v1` object as the API returns it.
fn wire(kind: &str, meta: &ObjectMeta, spec: &Value, status: Option<Value>) -> Value {
    let mut m = vec![
        ("apiVersion".into(), Value::str("apps/v1")),
        ("kind".into(), Value::str(kind)),
        ("metadata".into(), meta.to_value()),
        ("spec".into(), spec.clone()),
    ];
    if let Some(s) = status {
        m.push(("status".into(), s));
    }
    Value::Map(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(strategy: &str) -> DeploymentSpec {
        let text = format!(
            "replicas: 3\nselector:\n  matchLabels: {{app: web}}\nstrategy:\n{strategy}template:\n  metadata:\n    labels: {{app: web}}\n"
        );
        let stream = crate::yaml::parse_stream(&text);
        DeploymentSpec::from_value(crate::model::decode::untyped(&stream.docs[0].root))
    }

    #[test]
    fn fenceposts_match_the_facts_table() {
        let s = spec("  type: RollingUpdate\n  rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}\n");
        for (desired, surge, unavailable) in [(1, 1, 0), (2, 1, 0), (3, 1, 0), (4, 1, 1), (5, 2, 1), (10, 3, 2)] {
            assert_eq!(s.fenceposts(desired), (surge, unavailable), "desired {desired}");
        }
        assert_eq!(spec("  type: RollingUpdate\n  rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n").fenceposts(3), (0, 1));
        assert_eq!(spec("  type: Recreate\n").fenceposts(3), (0, 0));
    }

    #[test]
    fn an_edit_keeps_the_typed_fields_and_the_written_spec_together() {
        let mut s = spec("  type: Recreate\n");
        let mut web = Labels::default();
        web.insert("app", "web");
        assert!(s.selector.matches(&web));
        assert!(!s.edit(|raw| raw.set("replicas", Value::Int(3))), "no change");
        assert!(s.edit(|raw| raw.set("replicas", Value::Int(5))));
        assert_eq!((s.replicas, s.raw().get("replicas")), (5, Some(&Value::Int(5))));
        assert!(s.edit(|raw| raw.set("paused", Value::Bool(true))));
        assert!(s.paused);
    }
}
