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

impl Generic {
    pub fn to_value(&self) -> Value {
        let info = self.kind.info();
        let mut m = vec![
            ("apiVersion".into(), Value::str(info.api_version)),
            ("kind".into(), Value::str(info.name)),
            ("metadata".into(), self.meta.to_value()),
        ];
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
