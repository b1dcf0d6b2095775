//! The admission chain a pod goes through, in the API server's plugin order: API
//! defaulting, LimitRanger's defaults and Priority's (mutating), the ServiceAccount and
//! Priority checks, then LimitRanger's limits and ResourceQuota (validating, quota last).

use super::{limitranger, priority, resourcequota, serviceaccount};
use crate::store::Store;
use crate::value::Value;

/// A pod spec as admission leaves it, with the LimitRanger annotation when it set
/// anything; or the Forbidden message. `name` is the pod's name (a controller's pod has
/// its generated one).
pub fn admit_pod(store: &Store, ns: &str, name: &str, spec: &mut Value) -> Result<Option<String>, String> {
    let note = mutate_pod(store, ns, spec);
    validate_pod(store, ns, name, spec)?;
    Ok(note)
}

/// The mutating half alone: what a controller's pods all get alike.
pub fn mutate_pod(store: &Store, ns: &str, spec: &mut Value) -> Option<String> {
    limitranger::requests_from_limits(spec);
    let note = limitranger::default_pod(store, ns, spec);
    priority::mutate(store, spec);
    note
}

/// The checks after the mutating half: the account, the limits, the quotas.
pub fn validate_pod(store: &Store, ns: &str, name: &str, spec: &Value) -> Result<(), String> {
    serviceaccount::admit(store, ns, name, spec)?;
    priority::validate(store, name, spec)?;
    limitranger::validate_pod(store, ns, spec).map_err(|e| format!("pods \"{name}\" is forbidden: {e}"))?;
    resourcequota::admit_pod(store, ns, name, spec)
}

/// What refuses every pod of a controller's burst alike: an account or a PriorityClass
/// that does not exist. `prefix` is the pods' `generateName`.
pub fn admit_burst(store: &Store, ns: &str, prefix: &str, spec: &Value) -> Result<(), String> {
    serviceaccount::admit(store, ns, prefix, spec)?;
    priority::validate(store, prefix, spec)
}

/// Whether the namespace has anything that may change a pod or refuse it beyond its
/// account: a ResourceQuota or a LimitRange.
pub fn namespace_has_policy(store: &Store, ns: &str) -> bool {
    store.objects_of(crate::model::Kind::ResourceQuota, Some(ns)).next().is_some()
        || store.objects_of(crate::model::Kind::LimitRange, Some(ns)).next().is_some()
}

/// The annotation that makes an IngressClass the default.
pub const DEFAULT_INGRESS_CLASS: &str = "ingressclass.kubernetes.io/is-default-class";

/// The `DefaultIngressClass` admission plugin: an Ingress created without a class gets the
/// one IngressClass marked default (none when several are).
pub fn default_ingress_class(store: &Store, obj: &mut Value) {
    let has_class = obj.get("spec").and_then(|s| s.get("ingressClassName")).is_some_and(|v| !v.is_null());
    let annotated = obj.get("metadata").and_then(|m| m.get("annotations")).and_then(|a| a.get("kubernetes.io/ingress.class")).is_some();
    if has_class || annotated {
        return;
    }
    let defaults: Vec<String> = store
        .objects_of(crate::model::Kind::IngressClass, None)
        .filter(|o| o.meta().annotations.get(DEFAULT_INGRESS_CLASS) == Some("true"))
        .map(|o| o.meta().name.clone())
        .collect();
    if let [only] = defaults.as_slice() {
        obj.entry_map("spec").set("ingressClassName", Value::str(only.clone()));
    }
}
