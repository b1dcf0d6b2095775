//! DaemonSets (`apps/v1`): the fields the DaemonSet controller acts on, typed and read
//! from the defaulted spec, which is kept whole for `kubectl get -o yaml`; the status is
//! the controller's and fully typed.

use super::deployment::{IntOrString, LabelSelector};
use super::meta::ObjectMeta;
use crate::value::Value;

/// The annotation the API server keeps in step with the template's generation
/// (`deprecated.daemonset.template.generation`), and the pod label it becomes.
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
/// The label on each pod naming the revision of the template it was made from.
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";

#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSetSpec {
    pub selector: LabelSelector,
    pub template: Value,
    /// `OnDelete`: a template change waits for the user to delete the old pods.
    pub on_delete: bool,
    pub max_unavailable: IntOrString,
    pub max_surge: IntOrString,
    pub min_ready_seconds: i64,
    /// How many ControllerRevisions no pod runs are kept for `rollout undo`.
    pub revision_history_limit: i64,
    raw: Value,
}

impl DaemonSetSpec {
    pub fn from_value(raw: Value) -> DaemonSetSpec {
        let strategy = raw.get("updateStrategy");
        let ru = strategy.and_then(|s| s.get("rollingUpdate"));
        let field = |k: &str, d: i64| match ru.and_then(|r| r.get(k)) {
            Some(Value::Int(i)) => IntOrString::Int(*i),
            Some(Value::Str(s)) => IntOrString::Str(s.clone()),
            _ => IntOrString::Int(d),
        };
        DaemonSetSpec {
            selector: LabelSelector::from_value(raw.get("selector")),
            template: raw.get("template").cloned().unwrap_or(Value::Null),
            on_delete: strategy.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("OnDelete"),
            max_unavailable: field("maxUnavailable", 1),
            max_surge: field("maxSurge", 0),
            min_ready_seconds: raw.get("minReadySeconds").and_then(Value::as_i64).unwrap_or(0),
            revision_history_limit: raw.get("revisionHistoryLimit").and_then(Value::as_i64).unwrap_or(10),
            raw,
        }
    }

    /// The spec as written and defaulted.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// The template's `nodeSelector` as `kubectl get ds` prints it (`k=v,k2=v2`).
    pub fn node_selector_text(&self) -> String {
        let sel = self.template.get("spec").and_then(|s| s.get("nodeSelector")).and_then(Value::as_map).map(Vec::as_slice).unwrap_or(&[]);
        let parts: Vec<String> = sel.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
        if parts.is_empty() {
            "<none>".into()
        } else {
            parts.join(",")
        }
    }
}

/// What the DaemonSet controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i64,
    pub number_misscheduled: i64,
    pub desired_number_scheduled: i64,
    pub number_ready: i64,
    pub observed_generation: i64,
    pub updated_number_scheduled: i64,
    pub number_available: i64,
    pub number_unavailable: i64,
}

impl DaemonSetStatus {
    fn to_value(&self) -> Value {
        // The four counts without `omitempty` are always written; the others only when set.
        let mut m = vec![
            ("currentNumberScheduled".into(), Value::Int(self.current_number_scheduled)),
            ("desiredNumberScheduled".into(), Value::Int(self.desired_number_scheduled)),
        ];
        if self.number_available > 0 {
            m.push(("numberAvailable".into(), Value::Int(self.number_available)));
        }
        m.push(("numberMisscheduled".into(), Value::Int(self.number_misscheduled)));
        m.push(("numberReady".into(), Value::Int(self.number_ready)));
        if self.number_unavailable > 0 {
            m.push(("numberUnavailable".into(), Value::Int(self.number_unavailable)));
        }
        m.push(("observedGeneration".into(), Value::Int(self.observed_generation)));
        if self.updated_number_scheduled > 0 {
            m.push(("updatedNumberScheduled".into(), Value::Int(self.updated_number_scheduled)));
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSet {
    pub meta: ObjectMeta,
    pub spec: DaemonSetSpec,
    /// `None` until the controller first writes it.
    pub status: Option<DaemonSetStatus>,
}

impl DaemonSet {
    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".into(), Value::str("apps/v1")),
            ("kind".into(), Value::str("DaemonSet")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), self.spec.raw.clone()),
        ];
        if let Some(s) = &self.status {
            m.push(("status".into(), s.to_value()));
        }
        Value::Map(m)
    }

    /// The template generation the API server keeps in the annotation.
    pub fn template_generation(&self) -> i64 {
        self.meta.annotations.get(TEMPLATE_GENERATION_ANNOTATION).and_then(|v| v.parse().ok()).unwrap_or(1)
    }
}
