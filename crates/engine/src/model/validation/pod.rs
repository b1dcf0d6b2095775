//! Pod spec validation (`ValidatePodSpec` and `validateContainers`).

use super::{names, str_at, Errors};
use crate::value::Value;
use std::collections::BTreeSet;

pub const PULL_POLICIES: &[&str] = &["Always", "IfNotPresent", "Never"];
pub const RESTART_POLICIES: &[&str] = &["Always", "OnFailure", "Never"];
pub const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

pub fn pod_spec(errs: &mut Errors, spec: &Value, path: &str) {
    let mut volume_names = BTreeSet::new();
    for (i, v) in spec.get("volumes").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let p = format!("{path}.volumes[{i}].name");
        let name = str_at(v, "name").unwrap_or("");
        if name.is_empty() {
            errs.required(&p);
        } else {
            for msg in names::dns1123_label(name) {
                errs.invalid(&p, &Value::str(name), &msg);
            }
            if !volume_names.insert(name.to_string()) {
                errs.duplicate(&p, &Value::str(name));
            }
        }
    }
    let mut all_names = BTreeSet::new();
    containers(errs, spec.get("initContainers"), &format!("{path}.initContainers"), &mut all_names, &volume_names, true);
    let cs = spec.get("containers").map(Value::as_seq).unwrap_or(&[]);
    if cs.is_empty() {
        errs.required(&format!("{path}.containers"));
    }
    containers(errs, spec.get("containers"), &format!("{path}.containers"), &mut all_names, &volume_names, false);
    if let Some(rp) = str_at(spec, "restartPolicy") {
        if !RESTART_POLICIES.contains(&rp) {
            errs.not_supported(&format!("{path}.restartPolicy"), rp, RESTART_POLICIES);
        }
    }
    if let Some(dns) = str_at(spec, "dnsPolicy") {
        let ok = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
        if !ok.contains(&dns) {
            errs.not_supported(&format!("{path}.dnsPolicy"), dns, &ok);
        }
    }
    errs.non_negative(&format!("{path}.terminationGracePeriodSeconds"), spec.get("terminationGracePeriodSeconds").and_then(Value::as_i64));
    if let Some(ads) = spec.get("activeDeadlineSeconds").and_then(Value::as_i64) {
        if ads <= 0 {
            errs.invalid(&format!("{path}.activeDeadlineSeconds"), &Value::Int(ads), "must be between 1 and 2147483647, inclusive");
        }
    }
    super::labels(errs, spec.get("nodeSelector"), &format!("{path}.nodeSelector"));
    // The pod's names in its subdomain's DNS (`ValidatePodSpec`).
    for field in ["hostname", "subdomain"] {
        if let Some(name) = str_at(spec, field).filter(|n| !n.is_empty()) {
            for msg in names::dns1123_label(name) {
                errs.invalid(&format!("{path}.{field}"), &Value::str(name), &msg);
            }
        }
    }
    for (i, t) in spec.get("tolerations").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let p = format!("{path}.tolerations[{i}]");
        let op = str_at(t, "operator").unwrap_or("Equal");
        if !["Equal", "Exists"].contains(&op) {
            errs.not_supported(&format!("{p}.operator"), op, &["Equal", "Exists"]);
        }
        if op == "Exists" && !str_at(t, "value").unwrap_or("").is_empty() {
            errs.invalid(&format!("{p}.operator"), &Value::str(op), "value must be empty when `operator` is 'Exists'");
        }
        if str_at(t, "key").unwrap_or("").is_empty() && op != "Exists" {
            errs.invalid(
                &format!("{p}.operator"),
                &Value::str(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if let Some(effect) = str_at(t, "effect").filter(|e| !e.is_empty()) {
            let ok = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
            if !ok.contains(&effect) {
                errs.not_supported(&format!("{p}.effect"), effect, &ok);
            }
        }
    }
}

fn containers(
    errs: &mut Errors,
    list: Option<&Value>,
    path: &str,
    all_names: &mut BTreeSet<String>,
    volumes: &BTreeSet<String>,
    init: bool,
) {
    for (i, c) in list.map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let p = format!("{path}[{i}]");
        let name = str_at(c, "name").unwrap_or("");
        if name.is_empty() {
            errs.required(&format!("{p}.name"));
        } else {
            for msg in names::dns1123_label(name) {
                errs.invalid(&format!("{p}.name"), &Value::str(name), &msg);
            }
            if !all_names.insert(name.to_string()) {
                errs.duplicate(&format!("{p}.name"), &Value::str(name));
            }
        }
        let image = str_at(c, "image").unwrap_or("");
        if image.trim().is_empty() {
            errs.required(&format!("{p}.image"));
        } else if image != image.trim() {
            errs.invalid(&format!("{p}.image"), &Value::str(image), "must not have leading or trailing whitespace");
        }
        if let Some(pp) = str_at(c, "imagePullPolicy") {
            if !super::pod::PULL_POLICIES.contains(&pp) {
                errs.not_supported(&format!("{p}.imagePullPolicy"), pp, PULL_POLICIES);
            }
        }
        if let Some(rp) = str_at(c, "restartPolicy") {
            if !init {
                errs.forbidden(&format!("{p}.restartPolicy"), "may not be set for non-init containers");
            } else if rp != "Always" {
                errs.not_supported(&format!("{p}.restartPolicy"), rp, &["Always"]);
            }
        }
        let mut port_names = BTreeSet::new();
        for (j, port) in c.get("ports").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
            let pp = format!("{p}.ports[{j}]");
            if let Some(n) = str_at(port, "name").filter(|n| !n.is_empty()) {
                for msg in names::port_name(n) {
                    errs.invalid(&format!("{pp}.name"), &Value::str(n), &msg);
                }
                if !port_names.insert(n.to_string()) {
                    errs.duplicate(&format!("{pp}.name"), &Value::str(n));
                }
            }
            match port.get("containerPort").and_then(Value::as_i64) {
                None | Some(0) => errs.required(&format!("{pp}.containerPort")),
                Some(n) => {
                    for msg in names::port_number(n) {
                        errs.invalid(&format!("{pp}.containerPort"), &Value::Int(n), &msg);
                    }
                }
            }
            if let Some(h) = port.get("hostPort").and_then(Value::as_i64).filter(|h| *h != 0) {
                for msg in names::port_number(h) {
                    errs.invalid(&format!("{pp}.hostPort"), &Value::Int(h), &msg);
                }
            }
            if let Some(proto) = str_at(port, "protocol") {
                if !PROTOCOLS.contains(&proto) {
                    errs.not_supported(&format!("{pp}.protocol"), proto, PROTOCOLS);
                }
            }
        }
        for (j, m) in c.get("volumeMounts").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
            let name = str_at(m, "name").unwrap_or("");
            if !volumes.contains(name) {
                errs.push_not_found(&format!("{p}.volumeMounts[{j}].name"), name);
            }
            if str_at(m, "mountPath").unwrap_or("").is_empty() {
                errs.required(&format!("{p}.volumeMounts[{j}].mountPath"));
            }
        }
        resources(errs, c.get("resources"), &format!("{p}.resources"));
        let restartable = !init || str_at(c, "restartPolicy") == Some("Always");
        for (field, one_success) in [("readinessProbe", false), ("livenessProbe", true), ("startupProbe", true)] {
            let Some(probe) = c.get(field).filter(|v| !v.is_null()) else { continue };
            let pp = format!("{p}.{field}");
            if restartable {
                self::probe(errs, probe, &pp, one_success);
            } else {
                errs.forbidden(&pp, "may not be set for init containers without restartPolicy=Always");
            }
        }
    }
}

/// `validateProbe` and its handler: one of exec, httpGet, tcpSocket and grpc, and
/// counts that are not negative; liveness and startup probes succeed after one success.
fn probe(errs: &mut Errors, probe: &Value, path: &str, one_success: bool) {
    let mut handlers = 0;
    for handler in ["exec", "httpGet", "tcpSocket", "grpc"] {
        let Some(h) = probe.get(handler).filter(|v| !v.is_null()) else { continue };
        if handlers > 0 {
            errs.forbidden(&format!("{path}.{handler}"), "may not specify more than 1 handler type");
            continue;
        }
        handlers += 1;
        if handler == "exec" && h.get("command").map(Value::as_seq).unwrap_or(&[]).is_empty() {
            errs.required(&format!("{path}.exec.command"));
        }
    }
    if handlers == 0 {
        errs.required_with(path, "must specify a handler type");
    }
    for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
        errs.non_negative(&format!("{path}.{field}"), probe.get(field).and_then(Value::as_i64));
    }
    if one_success {
        if let Some(n) = probe.get("successThreshold").and_then(Value::as_i64).filter(|n| *n != 1) {
            errs.invalid(&format!("{path}.successThreshold"), &Value::Int(n), "must be 1");
        }
    }
}

fn resources(errs: &mut Errors, r: Option<&Value>, path: &str) {
    let Some(r) = r else { return };
    for list in ["limits", "requests"] {
        if let Some(Value::Map(m)) = r.get(list) {
            for (name, q) in m {
                super::quantity_not_negative(errs, q, &format!("{path}.{list}[{name}]"));
            }
        }
    }
    for res in ["cpu", "memory"] {
        let req = r.get("requests").and_then(|g| g.get(res)).and_then(Value::as_str);
        let lim = r.get("limits").and_then(|g| g.get(res)).and_then(Value::as_str);
        if let (Some(req), Some(lim)) = (req, lim) {
            if crate::quantity::parse(req) > crate::quantity::parse(lim) {
                errs.invalid(&format!("{path}.requests"), &Value::str(req), &format!("must be less than or equal to {res} limit of {lim}"));
            }
        }
    }
}

impl Errors {
    fn push_not_found(&mut self, path: &str, value: &str) {
        self.push(path, format!("Not found: {value:?}"));
    }
}
