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
    if let Some(b) = spec.and_then(|s| s.get("defaultBackend")).filter(|b| !b.is_null()) {
        backend(errs, b, "spec.defaultBackend");
    }
    for (i, rule) in rules.map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let paths = rule.get("http").and_then(|h| h.get("paths")).map(Value::as_seq).unwrap_or(&[]);
        for (j, path) in paths.iter().enumerate() {
            if let Some(b) = path.get("backend") {
                backend(errs, b, &format!("spec.rules[{i}].http.paths[{j}].backend"));
            }
        }
    }
}

/// `validateIngressBackend` for a Service backend: a DNS-1035 name, and a port named or
/// numbered, not both.
fn backend(errs: &mut Errors, b: &Value, path: &str) {
    let Some(service) = b.get("service").filter(|s| !s.is_null()) else {
        if b.get("resource").is_none_or(Value::is_null) {
            errs.invalid(path, &Value::str(""), "resource or service backend is required");
        }
        return;
    };
    let name = service.get("name").and_then(Value::as_str).unwrap_or("");
    if name.is_empty() {
        errs.required(&format!("{path}.service.name"));
    }
    for msg in if name.is_empty() { vec![] } else { super::names::dns1035_label(name) } {
        errs.invalid(&format!("{path}.service.name"), &Value::str(name), &msg);
    }
    let port = service.get("port");
    let port_name = port.and_then(|p| p.get("name")).and_then(Value::as_str).unwrap_or("");
    let port_number = port.and_then(|p| p.get("number")).and_then(Value::as_i64).unwrap_or(0);
    match (port_name.is_empty(), port_number == 0) {
        (false, false) => errs.invalid(path, &Value::str(""), "cannot set both port name & port number"),
        (false, true) => {
            for msg in super::names::port_name(port_name) {
                errs.invalid(&format!("{path}.service.port.name"), &Value::str(port_name), &msg);
            }
        }
        (true, false) => {
            for msg in super::names::port_number(port_number) {
                errs.invalid(&format!("{path}.service.port.number"), &Value::Int(port_number), &msg);
            }
        }
        (true, true) => errs.required_with(path, "port name or number is required"),
    }
}

pub fn ingress_class(errs: &mut Errors, class: &Value) {
    let controller = class.get("spec").and_then(|s| s.get("controller")).and_then(Value::as_str).unwrap_or("");
    // `IsDomainPrefixedPath` answers an empty path with a bare Required.
    if controller.is_empty() {
        errs.required("spec.controller");
    }
}
