//! Objects kept as their wire value: Deployments, ReplicaSets, HPAs and Namespaces until
//! their controllers need typed fields.

use super::kinds::Kind;
use super::meta::ObjectMeta;
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Generic {
    pub kind: Kind,
    pub meta: ObjectMeta,
    pub spec: Value,
    pub status: Value,
}

/// Kinds whose fields sit beside `metadata` instead of under `spec` (Endpoints'
/// `subsets`, EndpointSlice's `endpoints`, ConfigMap's and Secret's `data`): their
/// `Generic::spec` holds those fields.
pub fn body_at_top_level(kind: Kind) -> bool {
    matches!(kind, Kind::Endpoints | Kind::EndpointSlice | Kind::ConfigMap | Kind::Secret | Kind::StorageClass | Kind::ControllerRevision)
        || super::stored::body_at_top_level(kind)
}

/// What a decoded object keeps as its `Generic::spec`: `spec`, or for the kinds without
/// one, every field beside `metadata`.
pub fn body_of(kind: Kind, obj: &Value) -> Value {
    if !body_at_top_level(kind) {
        return obj.get("spec").cloned().unwrap_or(Value::Map(vec![]));
    }
    let fields = obj.as_map().map(Vec::as_slice).unwrap_or(&[]);
    Value::Map(fields.iter().filter(|(k, _)| !["apiVersion", "kind", "metadata", "status"].contains(&k.as_str())).cloned().collect())
}

impl Generic {
    pub fn to_value(&self) -> Value {
        let info = self.kind.info();
        let mut m = vec![
            ("apiVersion".into(), Value::str(info.api_version)),
            ("kind".into(), Value::str(info.name)),
            ("metadata".into(), self.meta.to_value()),
        ];
        if body_at_top_level(self.kind) {
            m.extend(self.spec.as_map().into_iter().flatten().cloned());
            m.sort_by(|a, b| a.0.cmp(&b.0));
            return Value::Map(m);
        }
        if !self.spec.is_null() {
            m.push(("spec".into(), self.spec.clone()));
        }
        if !self.status.is_null() {
            m.push(("status".into(), self.status.clone()));
        }
        Value::Map(m)
    }

    pub fn spec_i64(&self, key: &str) -> Option<i64> {
        self.spec.get(key).and_then(Value::as_i64)
    }
}
