//! ReplicationControllers (`v1`): the ReplicaSet's predecessor, which old tutorials still
//! use. Its selector is a plain map; the controller is the ReplicaSet controller, so the
//! typed part is a ReplicaSet read from the spec with the map as `matchLabels`, and the
//! spec as written is kept beside it for output.

use super::deployment::{ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use super::meta::ObjectMeta;
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicationController {
    /// What the ReplicaSet controller acts on.
    pub rs: ReplicaSet,
    raw: Value,
}

impl ReplicationController {
    pub fn new(meta: ObjectMeta, raw: Value) -> ReplicationController {
        ReplicationController { rs: ReplicaSet { meta, spec: as_replicaset_spec(&raw), status: None }, raw }
    }

    pub fn raw(&self) -> &Value {
        &self.raw
    }

    pub fn set_spec(&mut self, raw: Value) {
        self.rs.spec = as_replicaset_spec(&raw);
        self.raw = raw;
    }

    /// Changes the written spec and reads it again; whether anything changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) -> bool {
        let mut raw = self.raw.clone();
        f(&mut raw);
        if raw == self.raw {
            return false;
        }
        self.set_spec(raw);
        true
    }

    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".into(), Value::str("v1")),
            ("kind".into(), Value::str("ReplicationController")),
            ("metadata".into(), self.rs.meta.to_value()),
            ("spec".into(), self.raw.clone()),
        ];
        if let Some(s) = &self.rs.status {
            m.push(("status".into(), ReplicaSetStatus::to_value(s)));
        }
        Value::Map(m)
    }
}

/// The spec with its selector map as a label selector's `matchLabels`.
fn as_replicaset_spec(raw: &Value) -> ReplicaSetSpec {
    let mut v = raw.clone();
    let selector = v.get("selector").cloned().unwrap_or(Value::Map(vec![]));
    v.set("selector", Value::Map(vec![("matchLabels".into(), selector)]));
    ReplicaSetSpec::from_value(v)
}

/// `SetDefaults_ReplicationController`: the selector and the labels are the template's
/// labels when absent, and one replica.
pub fn set_defaults(obj: &mut Value) {
    let template_labels = obj
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("labels"))
        .cloned()
        .filter(|l| l.as_map().is_some_and(|m| !m.is_empty()));
    if let Some(labels) = template_labels {
        let spec = obj.entry_map("spec");
        if spec.get("selector").and_then(Value::as_map).is_none_or(|m| m.is_empty()) {
            spec.set("selector", labels.clone());
        }
        let meta = obj.entry_map("metadata");
        if meta.get("labels").and_then(Value::as_map).is_none_or(|m| m.is_empty()) {
            meta.set("labels", labels);
        }
    }
    let spec = obj.entry_map("spec");
    if spec.get("replicas").is_none_or(Value::is_null) {
        spec.set("replicas", Value::Int(1));
    }
}
