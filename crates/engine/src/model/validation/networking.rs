//! `ValidateIngressSpec` and `ValidateIngressClass` (pkg/apis/networking/validation): what
//! an Ingress must route somewhere, and the controller every class must name.

use super::Errors;
use crate::value::Value;

pub fn ingress(errs: &mut Errors, ingress: &Value) {
    let spec = ingress.get("spec");
    let rules = spec.and_then(|s| s.get("rules"));
    let no_rules = rules.is_none_or(|r| r.as_seq().is_empty());
    if no_rules && spec.and_then(|s| s.get("defaultBackend")).is_none_or(Value::is_null) {
        // The server prints the decoded `spec.rules`: nil when absent, empty when `[]`.
        let repr = if rules.is_some_and(|r| !r.is_null()) { "[]networking.IngressRule{}" } else { "[]networking.IngressRule(nil)" };
        errs.invalid_raw("spec", repr, "either `defaultBackend` or `rules` must be specified");
    }
}

pub fn ingress_class(errs: &mut Errors, class: &Value) {
    let controller = class.get("spec").and_then(|s| s.get("controller")).and_then(Value::as_str).unwrap_or("");
    // `IsDomainPrefixedPath` answers an empty path with a bare Required.
    if controller.is_empty() {
        errs.required("spec.controller");
    }
}
