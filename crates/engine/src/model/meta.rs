//! ObjectMeta as the API server fills it in.

use super::labels::Labels;
use crate::time::{rfc3339, Millis};
use crate::value::Value;
use std::rc::Rc;

/// An owner reference. Name and uid are shared: every pod of a ReplicaSet points at the
/// same two strings.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnerRef {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub name: Rc<str>,
    pub uid: Rc<str>,
    pub controller: bool,
}

/// The annotation where `kubectl apply` keeps what it last applied.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// A reference to one object, as an event's `involvedObject` holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectRef {
    pub kind: super::Kind,
    pub namespace: String,
    pub name: String,
    pub uid: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectMeta {
    pub name: String,
    /// Shared by the pods of one controller (`Api::intern`).
    pub generate_name: std::rc::Rc<str>,
    pub namespace: String,
    pub uid: String,
    pub resource_version: u64,
    pub generation: i64,
    pub creation: Millis,
    pub deletion: Option<Millis>,
    pub deletion_grace_secs: Option<i64>,
    pub labels: Labels,
    pub annotations: Labels,
    pub owners: Vec<OwnerRef>,
    pub finalizers: Vec<String>,
}

impl ObjectMeta {
    /// Adds an owner reference. Nearly every object has one owner, so the list grows by
    /// exactly one: a plain push would make room for four (288 bytes on every pod).
    pub fn add_owner(&mut self, owner: OwnerRef) {
        self.owners.reserve_exact(1);
        self.owners.push(owner);
    }

    pub fn to_value(&self) -> Value {
        let mut m = Vec::new();
        if !self.annotations.is_empty() {
            m.push(("annotations".into(), self.annotations.to_value()));
        }
        m.push(("creationTimestamp".into(), Value::str(rfc3339(self.creation))));
        if let Some(secs) = self.deletion_grace_secs {
            m.push(("deletionGracePeriodSeconds".into(), Value::Int(secs)));
        }
        if let Some(at) = self.deletion {
            m.push(("deletionTimestamp".into(), Value::str(rfc3339(at))));
        }
        if !self.finalizers.is_empty() {
            m.push(("finalizers".into(), Value::Seq(self.finalizers.iter().map(|f| Value::str(f.clone())).collect())));
        }
        if !self.generate_name.is_empty() {
            m.push(("generateName".into(), Value::str(&*self.generate_name)));
        }
        if self.generation > 0 {
            m.push(("generation".into(), Value::Int(self.generation)));
        }
        if !self.labels.is_empty() {
            m.push(("labels".into(), self.labels.to_value()));
        }
        m.push(("name".into(), Value::str(self.name.clone())));
        if !self.namespace.is_empty() {
            m.push(("namespace".into(), Value::str(self.namespace.clone())));
        }
        if !self.owners.is_empty() {
            let refs = self
                .owners
                .iter()
                .map(|o| {
                    Value::Map(vec![
                        ("apiVersion".into(), Value::str(o.api_version)),
                        ("blockOwnerDeletion".into(), Value::Bool(true)),
                        ("controller".into(), Value::Bool(o.controller)),
                        ("kind".into(), Value::str(o.kind)),
                        ("name".into(), Value::str(o.name.to_string())),
                        ("uid".into(), Value::str(o.uid.to_string())),
                    ])
                })
                .collect();
            m.push(("ownerReferences".into(), Value::Seq(refs)));
        }
        m.push(("resourceVersion".into(), Value::str(self.resource_version.to_string())));
        m.push(("uid".into(), Value::str(self.uid.clone())));
        Value::Map(m)
    }

    pub fn controller(&self) -> Option<&OwnerRef> {
        self.owners.iter().find(|o| o.controller)
    }
}
