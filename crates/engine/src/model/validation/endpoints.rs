//! `ValidateEndpoints` and `ValidateEndpointSlice`: what the API server checks of
//! endpoints written by hand (a Service without a selector pointing outside the cluster).

use super::{names, str_at, Errors};
use crate::value::Value;
use std::net::IpAddr;

const ADDRESS_TYPES: &[&str] = &["FQDN", "IPv4", "IPv6"];

pub fn endpoints(errs: &mut Errors, obj: &Value) {
    for (i, ss) in obj.get("subsets").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let path = format!("subsets[{i}]");
        let ready = ss.get("addresses").map(Value::as_seq).unwrap_or(&[]);
        let not_ready = ss.get("notReadyAddresses").map(Value::as_seq).unwrap_or(&[]);
        if ready.is_empty() && not_ready.is_empty() {
            errs.required_with(&path, "must specify `addresses` or `notReadyAddresses`");
        }
        for (list, field) in [(ready, "addresses"), (not_ready, "notReadyAddresses")] {
            for (j, a) in list.iter().enumerate() {
                address(errs, a, &format!("{path}.{field}[{j}]"));
            }
        }
        let ports = ss.get("ports").map(Value::as_seq).unwrap_or(&[]);
        for (j, p) in ports.iter().enumerate() {
            port(errs, p, ports.len() > 1, &format!("{path}.ports[{j}]"));
        }
    }
}

fn address(errs: &mut Errors, a: &Value, path: &str) {
    let ip = str_at(a, "ip").unwrap_or("");
    let ip_path = format!("{path}.ip");
    let Ok(parsed) = ip.parse::<IpAddr>() else {
        errs.invalid(&ip_path, &Value::str(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        return;
    };
    if let Some(h) = str_at(a, "hostname").filter(|h| !h.is_empty()) {
        for msg in names::dns1123_label(h) {
            errs.invalid(&format!("{path}.hostname"), &Value::str(h), &msg);
        }
    }
    // `ValidateEndpointIP`: addresses that make no sense as an endpoint.
    if parsed.is_unspecified() {
        errs.invalid(&ip_path, &Value::str(ip), &format!("may not be unspecified ({ip})"));
    }
    if parsed.is_loopback() {
        errs.invalid(&ip_path, &Value::str(ip), "may not be in the loopback range (127.0.0.0/8, ::1/128)");
    }
    let link_local = match parsed {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    };
    if link_local {
        errs.invalid(&ip_path, &Value::str(ip), "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
    }
    let link_local_multicast = match parsed {
        IpAddr::V4(v4) => v4.octets()[..3] == [224, 0, 0],
        IpAddr::V6(v6) => v6.segments()[0] == 0xff02,
    };
    if link_local_multicast {
        errs.invalid(&ip_path, &Value::str(ip), "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
    }
}

fn port(errs: &mut Errors, p: &Value, require_name: bool, path: &str) {
    match str_at(p, "name").filter(|n| !n.is_empty()) {
        None if require_name => errs.required(&format!("{path}.name")),
        None => {}
        Some(n) => {
            for msg in names::dns1123_label(n) {
                errs.invalid(&format!("{path}.name"), &Value::str(n), &msg);
            }
        }
    }
    let n = p.get("port").and_then(Value::as_i64).unwrap_or(0);
    for msg in names::port_number(n) {
        errs.invalid(&format!("{path}.port"), &Value::Int(n), &msg);
    }
    match str_at(p, "protocol") {
        None | Some("") => errs.required(&format!("{path}.protocol")),
        Some(proto) if !super::pod::PROTOCOLS.contains(&proto) => {
            errs.not_supported(&format!("{path}.protocol"), proto, super::pod::PROTOCOLS)
        }
        Some(_) => {}
    }
}

pub fn endpoint_slice(errs: &mut Errors, obj: &Value) {
    match str_at(obj, "addressType") {
        None | Some("") => errs.required("addressType"),
        Some(t) if !ADDRESS_TYPES.contains(&t) => errs.not_supported("addressType", t, ADDRESS_TYPES),
        Some(_) => {}
    }
    for (i, e) in obj.get("endpoints").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let addrs = e.get("addresses").map(Value::as_seq).unwrap_or(&[]);
        if addrs.is_empty() {
            errs.required_with(&format!("endpoints[{i}].addresses"), "must contain at least 1 address");
        }
    }
    for (i, p) in obj.get("ports").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        if let Some(n) = p.get("port").and_then(Value::as_i64) {
            for msg in names::port_number(n) {
                errs.invalid(&format!("ports[{i}].port"), &Value::Int(n), &msg);
            }
        }
    }
}
