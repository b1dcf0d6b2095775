//! PodDisruptionBudgets (`policy/v1`): how many of the selected pods must stay healthy
//! through voluntary disruptions (an eviction, a drain). The spec is kept as written; the
//! status is the disruption controller's, and the eviction API spends it.

use super::deployment::{IntOrString, LabelSelector};
use super::meta::ObjectMeta;
use crate::time::{rfc3339, Millis};
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct PodDisruptionBudgetSpec {
    pub min_available: Option<IntOrString>,
    pub max_unavailable: Option<IntOrString>,
    /// `None`: no selector, which in `policy/v1` selects no pod.
    pub selector: Option<LabelSelector>,
    /// `AlwaysAllow`: an unready pod may always be evicted.
    pub always_allow_unhealthy: bool,
    raw: Value,
}

fn int_or_string(v: Option<&Value>) -> Option<IntOrString> {
    match v {
        Some(Value::Int(i)) => Some(IntOrString::Int(*i)),
        Some(Value::Str(s)) => Some(IntOrString::Str(s.clone())),
        _ => None,
    }
}

impl PodDisruptionBudgetSpec {
    pub fn from_value(raw: Value) -> PodDisruptionBudgetSpec {
        PodDisruptionBudgetSpec {
            min_available: int_or_string(raw.get("minAvailable")),
            max_unavailable: int_or_string(raw.get("maxUnavailable")),
            selector: raw.get("selector").filter(|s| !s.is_null()).map(|s| LabelSelector::from_value(Some(s))),
            always_allow_unhealthy: raw.get("unhealthyPodEvictionPolicy").and_then(Value::as_str) == Some("AlwaysAllow"),
            raw,
        }
    }

    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Whether the budget covers a pod with these labels (an empty selector covers all).
    pub fn selects(&self, labels: &super::Labels) -> bool {
        self.selector.as_ref().is_some_and(|s| s.matcher.as_ref().is_some_and(|m| m.matches(labels)))
    }
}

/// What the disruption controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodDisruptionBudgetStatus {
    pub observed_generation: i64,
    pub disruptions_allowed: i64,
    pub current_healthy: i64,
    pub desired_healthy: i64,
    pub expected_pods: i64,
    /// When `DisruptionAllowed` last changed.
    pub transition: Millis,
}

impl PodDisruptionBudgetStatus {
    fn to_value(&self) -> Value {
        let allowed = self.disruptions_allowed > 0;
        let condition = Value::Map(vec![
            ("lastTransitionTime".into(), Value::str(rfc3339(self.transition))),
            ("message".into(), Value::str("")),
            ("observedGeneration".into(), Value::Int(self.observed_generation)),
            ("reason".into(), Value::str(if allowed { "SufficientPods" } else { "InsufficientPods" })),
            ("status".into(), Value::str(if allowed { "True" } else { "False" })),
            ("type".into(), Value::str("DisruptionAllowed")),
        ]);
        Value::Map(vec![
            ("conditions".into(), Value::Seq(vec![condition])),
            ("currentHealthy".into(), Value::Int(self.current_healthy)),
            ("desiredHealthy".into(), Value::Int(self.desired_healthy)),
            ("disruptionsAllowed".into(), Value::Int(self.disruptions_allowed)),
            ("expectedPods".into(), Value::Int(self.expected_pods)),
            ("observedGeneration".into(), Value::Int(self.observed_generation)),
        ])
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodDisruptionBudget {
    pub meta: ObjectMeta,
    pub spec: PodDisruptionBudgetSpec,
    /// `None` until the controller first writes it.
    pub status: Option<PodDisruptionBudgetStatus>,
}

impl PodDisruptionBudget {
    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".into(), Value::str("policy/v1")),
            ("kind".into(), Value::str("PodDisruptionBudget")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), self.spec.raw.clone()),
        ];
        if let Some(s) = &self.status {
            m.push(("status".into(), s.to_value()));
        }
        Value::Map(m)
    }

    /// `printPodDisruptionBudget`'s MIN AVAILABLE and MAX UNAVAILABLE (`N/A` when unset).
    pub fn bounds_text(&self) -> (String, String) {
        let text = |v: &Option<IntOrString>| v.as_ref().map_or("N/A".to_string(), IntOrString::text);
        (text(&self.spec.min_available), text(&self.spec.max_unavailable))
    }
}
