//! NetworkPolicy validation (`ValidateNetworkPolicySpec`): policy types, each rule's
//! ports (protocol, port numbers, `endPort`) and peers (one kind of peer each, `ipBlock`
//! CIDRs and their exceptions), with the API server's messages.

use super::validation::Errors;
use crate::value::Value;

fn seq(v: Option<&Value>) -> &[Value] {
    v.map(Value::as_seq).unwrap_or(&[])
}

/// An IPv4 CIDR as (network, prefix length), and whether bits are set past the prefix.
fn cidr(text: &str) -> Option<(u32, u32, bool)> {
    let (ip, bits) = text.split_once('/')?;
    let bits: u32 = bits.parse().ok().filter(|b| *b <= 32)?;
    let ip = crate::net::parse_ipv4(ip)?;
    let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
    Some((ip & mask, bits, ip & !mask != 0))
}

const CIDR_MESSAGE: &str = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

fn ports(errs: &mut Errors, rule: &Value, path: &str) {
    for (i, p) in seq(rule.get("ports")).iter().enumerate() {
        let at = format!("{path}.ports[{i}]");
        if let Some(proto) = p.get("protocol").and_then(Value::as_str) {
            if !matches!(proto, "TCP" | "UDP" | "SCTP") {
                errs.not_supported(&format!("{at}.protocol"), proto, &["SCTP", "TCP", "UDP"]);
            }
        }
        let end = p.get("endPort").and_then(Value::as_i64);
        match p.get("port") {
            Some(Value::Int(n)) => {
                if !(1..=65535).contains(n) {
                    errs.invalid(&format!("{at}.port"), &Value::Int(*n), "must be between 1 and 65535, inclusive");
                }
                if let Some(e) = end {
                    if e < *n {
                        errs.invalid(&format!("{at}.endPort"), &Value::Int(*n), "must be greater than or equal to `port`");
                    }
                    if !(1..=65535).contains(&e) {
                        errs.invalid(&format!("{at}.endPort"), &Value::Int(e), "must be between 1 and 65535, inclusive");
                    }
                }
            }
            Some(Value::Str(_)) if end.is_some() => {
                errs.invalid(&format!("{at}.endPort"), &Value::Int(end.unwrap_or(0)), "may not be specified when `port` is non-numeric");
            }
            None if end.is_some() => {
                errs.invalid(&format!("{at}.endPort"), &Value::Int(end.unwrap_or(0)), "may not be specified when `port` is not specified");
            }
            _ => {}
        }
    }
}

fn peers(errs: &mut Errors, rule: &Value, key: &str, path: &str) {
    for (i, peer) in seq(rule.get(key)).iter().enumerate() {
        let at = format!("{path}.{key}[{i}]");
        let count = ["podSelector", "namespaceSelector", "ipBlock"].iter().filter(|k| peer.get(k).is_some()).count();
        if count == 0 {
            errs.required_with(&at, "must specify a peer");
        } else if peer.get("ipBlock").is_some() && count > 1 {
            errs.forbidden(&at, "may not specify more than 1 peer");
        }
        let Some(block) = peer.get("ipBlock") else { continue };
        let text = block.get("cidr").and_then(Value::as_str).unwrap_or("");
        let Some((net, bits, _)) = cidr(text) else {
            if text.is_empty() {
                errs.required(&format!("{at}.ipBlock.cidr"));
            } else {
                errs.invalid(&format!("{at}.ipBlock.cidr"), &Value::str(text), CIDR_MESSAGE);
            }
            continue;
        };
        for (j, e) in seq(block.get("except")).iter().enumerate() {
            let e_text = e.as_str().unwrap_or("");
            let e_at = format!("{at}.ipBlock.except[{j}]");
            match cidr(e_text) {
                None => errs.invalid(&e_at, &Value::str(e_text), CIDR_MESSAGE),
                Some((e_net, e_bits, _)) => {
                    let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
                    if e_net & mask != net || bits >= e_bits {
                        errs.invalid(&e_at, &Value::str(e_text), "must be a strict subset of `cidr`");
                    }
                }
            }
        }
    }
}

/// The spec's errors, at `spec.…` paths.
pub fn validate(errs: &mut Errors, spec: Option<&Value>) {
    let Some(spec) = spec else { return };
    for (key, peers_key) in [("ingress", "from"), ("egress", "to")] {
        for (i, rule) in seq(spec.get(key)).iter().enumerate() {
            let path = format!("spec.{key}[{i}]");
            ports(errs, rule, &path);
            peers(errs, rule, peers_key, &path);
        }
    }
    let types = seq(spec.get("policyTypes"));
    for (i, t) in types.iter().enumerate() {
        let t = t.as_str().unwrap_or("");
        if !matches!(t, "Ingress" | "Egress") {
            errs.not_supported(&format!("spec.policyTypes[{i}]"), t, &["Ingress", "Egress"]);
        }
    }
    if types.len() > 2 {
        errs.invalid("spec.policyTypes", types.first().unwrap_or(&Value::Null), "may not specify more than two policyTypes");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(yaml: &str) -> Vec<String> {
        let v = crate::model::decode::untyped(&crate::yaml::parse_stream(yaml).docs[0].root);
        let mut errs = Errors::default();
        validate(&mut errs, v.get("spec"));
        errs.0.iter().map(|e| e.text.clone()).collect()
    }

    #[test]
    fn except_must_sit_strictly_inside_the_cidr_and_end_port_follow_the_port() {
        let e = errors("spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/24, except: [192.168.0.0/24, 10.0.0.0/24, 10.0.0.0/25]}\n    ports:\n    - {port: 8080, endPort: 80}\n    - {port: http, endPort: 90}\n");
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].contains("spec.ingress[0].ports[0].endPort") && e[0].contains("must be greater than or equal to `port`"), "{e:?}");
        assert!(e[1].contains("may not be specified when `port` is non-numeric"), "{e:?}");
        assert!(e[2].contains("except[0]") && e[2].contains("strict subset"), "{e:?}");
        assert!(e[3].contains("except[1]"), "{e:?}");
        assert!(errors("spec:\n  podSelector: {}\n  egress:\n  - to:\n    - {}\n")[0].contains("must specify a peer"));
        assert!(errors("spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n").is_empty());
    }
}
