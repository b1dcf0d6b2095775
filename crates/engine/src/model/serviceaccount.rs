//! ServiceAccounts (v1): the `default` account the service account controller keeps in
//! every namespace, and the account a pod runs as.

use super::generic::Generic;
use super::kinds::Kind;
use super::meta::ObjectMeta;
use crate::value::Value;

/// The account every namespace has and a pod without `serviceAccountName` runs as.
pub const DEFAULT: &str = "default";

/// A ServiceAccount with no fields besides its metadata, as the controller writes
/// `default`.
pub fn empty(meta: ObjectMeta) -> Generic {
    Generic { kind: Kind::ServiceAccount, meta, spec: Value::Map(vec![]), status: Value::Null }
}

/// The account a pod spec names (after defaulting, `default` when it names none).
pub fn of_pod(spec: &Value) -> &str {
    spec.get("serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty()).unwrap_or(DEFAULT)
}
