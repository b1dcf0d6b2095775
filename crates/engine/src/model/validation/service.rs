//! Service validation (`ValidateService`). Allocation errors (nodePort range and
//! conflicts, ClusterIP) come from the allocators in the registry, as in the API server.

use super::{names, str_at, Errors};
use crate::value::Value;
use std::collections::BTreeSet;

pub const TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

/// `core.MaxClientIPServiceAffinitySeconds`: a day.
pub const MAX_CLIENT_IP_AFFINITY_SECONDS: i64 = 86_400;

pub fn service_spec(errs: &mut Errors, spec: &Value) {
    let ty = str_at(spec, "type").unwrap_or("ClusterIP");
    let headless = str_at(spec, "clusterIP") == Some("None");
    let ports = spec.get("ports").map(Value::as_seq).unwrap_or(&[]);
    if ports.is_empty() && ty != "ExternalName" && !headless {
        errs.required("spec.ports");
    }
    if ty == "ExternalName" && str_at(spec, "externalName").unwrap_or("").is_empty() {
        errs.required("spec.externalName");
    }
    let mut port_names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let pp = format!("spec.ports[{i}]");
        let name = str_at(p, "name").unwrap_or("");
        if name.is_empty() {
            if ports.len() > 1 {
                errs.required(&format!("{pp}.name"));
            }
        } else {
            for msg in names::dns1123_label(name) {
                errs.invalid(&format!("{pp}.name"), &Value::str(name), &msg);
            }
            if !port_names.insert(name.to_string()) {
                errs.duplicate(&format!("{pp}.name"), &Value::str(name));
            }
        }
        match p.get("port").and_then(Value::as_i64) {
            None => errs.invalid(&format!("{pp}.port"), &Value::Int(0), "must be between 1 and 65535, inclusive"),
            Some(n) => {
                for msg in names::port_number(n) {
                    errs.invalid(&format!("{pp}.port"), &Value::Int(n), &msg);
                }
            }
        }
        if let Some(proto) = str_at(p, "protocol") {
            if !super::pod::PROTOCOLS.contains(&proto) {
                errs.not_supported(&format!("{pp}.protocol"), proto, super::pod::PROTOCOLS);
            }
        }
        match p.get("targetPort") {
            Some(Value::Int(n)) => {
                for msg in names::port_number(*n) {
                    errs.invalid(&format!("{pp}.targetPort"), &Value::Int(*n), &msg);
                }
            }
            Some(Value::Str(s)) => {
                for msg in names::port_name(s) {
                    errs.invalid(&format!("{pp}.targetPort"), &Value::str(s.clone()), &msg);
                }
            }
            _ => {}
        }
        if let Some(np) = p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
            if ty == "ClusterIP" || ty == "ExternalName" {
                errs.forbidden(&format!("{pp}.nodePort"), &format!("may not be used when `type` is '{ty}'"));
            } else {
                for msg in names::port_number(np) {
                    errs.invalid(&format!("{pp}.nodePort"), &Value::Int(np), &msg);
                }
            }
        }
    }
    if !TYPES.contains(&ty) {
        errs.not_supported("spec.type", ty, TYPES);
    }
    if let Some(sa) = str_at(spec, "sessionAffinity") {
        if !["ClientIP", "None"].contains(&sa) {
            errs.not_supported("spec.sessionAffinity", sa, &["ClientIP", "None"]);
        }
    }
    // `validateClientIPAffinityConfig`: kube-proxy keeps a client on its endpoint for at
    // most a day; with no affinity there is nothing to configure.
    let config = spec.get("sessionAffinityConfig").filter(|c| !c.is_null());
    match str_at(spec, "sessionAffinity") {
        Some("ClientIP") => {
            let timeout = config.and_then(|c| c.get("clientIP")).and_then(|c| c.get("timeoutSeconds")).and_then(Value::as_i64);
            if let Some(t) = timeout.filter(|t| *t <= 0 || *t > MAX_CLIENT_IP_AFFINITY_SECONDS) {
                errs.invalid(
                    "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    &Value::Int(t),
                    &format!("must be greater than 0 and less than {MAX_CLIENT_IP_AFFINITY_SECONDS}"),
                );
            }
        }
        Some("None") if config.is_some() => errs.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"),
        _ => {}
    }
    for key in ["externalTrafficPolicy", "internalTrafficPolicy"] {
        if let Some(v) = str_at(spec, key) {
            if !["Cluster", "Local"].contains(&v) {
                errs.not_supported(&format!("spec.{key}"), v, &["Cluster", "Local"]);
            }
        }
    }
    super::labels(errs, spec.get("selector"), "spec.selector");
    if let Some(ip) = str_at(spec, "clusterIP").filter(|ip| !ip.is_empty() && *ip != "None") {
        if crate::net::parse_ipv4(ip).is_none() {
            errs.invalid("spec.clusterIPs[0]", &Value::str(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        }
    }
    // Every preset is single-stack IPv4, as kind and Docker Desktop are by default: the
    // service IP allocator refuses what it has no range for.
    if str_at(spec, "ipFamilyPolicy") == Some("RequireDualStack") {
        errs.invalid("spec.ipFamilyPolicy", &Value::str("RequireDualStack"), "this cluster is not configured for dual-stack services");
    }
    for (i, family) in spec.get("ipFamilies").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        if let Some(f) = family.as_str().filter(|f| *f == "IPv6") {
            errs.invalid(&format!("spec.ipFamilies[{i}]"), &Value::str(f), "not configured on this cluster");
        }
    }
}
