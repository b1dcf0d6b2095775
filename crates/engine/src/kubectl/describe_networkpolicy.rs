//! `kubectl describe networkpolicy` (kubectl's `NetworkPolicyDescriber`): the selector,
//! each direction's rules with their ports and peers, and the policy types.

use super::describe::{annotations, labels};
use super::stored::format_label_selector;
use super::tabwriter::TabWriter;
use crate::model::Generic;
use crate::value::Value;

fn seq(v: Option<&Value>) -> &[Value] {
    v.map(Value::as_seq).unwrap_or(&[])
}

fn port_text(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Str(s) => s.clone(),
        _ => String::new(),
    }
}

/// One direction's rules, as `printNetworkPolicySpecIngressFrom`/`…EgressTo` print them.
fn rules(w: &mut TabWriter, rules: &[Value], peers_key: &str, peer_word: &str, isolated: &str, any_peer: &str) {
    let indent = "    ";
    if rules.is_empty() {
        w.write(&format!("{indent}<none> (Selected pods are isolated for {isolated} connectivity)\n"));
        return;
    }
    for (i, r) in rules.iter().enumerate() {
        let ports = seq(r.get("ports"));
        if ports.is_empty() {
            w.write(&format!("{indent}To Port: <any> (traffic allowed to all ports)\n"));
        }
        for p in ports {
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            let port = p.get("port").map(port_text).unwrap_or_default();
            match p.get("endPort").and_then(Value::as_i64) {
                Some(end) => w.write(&format!("{indent}To Port Range: {port}-{end}/{proto}\n")),
                None => w.write(&format!("{indent}To Port: {port}/{proto}\n")),
            }
        }
        let peers = seq(r.get(peers_key));
        if peers.is_empty() {
            w.write(&format!("{indent}{peer_word}: <any> ({any_peer})\n"));
        }
        for peer in peers {
            w.write(&format!("{indent}{peer_word}:\n"));
            let (pods, nss) = (peer.get("podSelector"), peer.get("namespaceSelector"));
            if pods.is_some() && nss.is_some() {
                w.write(&format!("{indent}  NamespaceSelector: {}\n", format_label_selector(nss)));
                w.write(&format!("{indent}  PodSelector: {}\n", format_label_selector(pods)));
            } else if pods.is_some() {
                w.write(&format!("{indent}  PodSelector: {}\n", format_label_selector(pods)));
            } else if nss.is_some() {
                w.write(&format!("{indent}  NamespaceSelector: {}\n", format_label_selector(nss)));
            } else if let Some(block) = peer.get("ipBlock") {
                let except: Vec<String> = seq(block.get("except")).iter().filter_map(|e| e.as_str().map(String::from)).collect();
                w.write(&format!("{indent}  IPBlock:\n"));
                w.write(&format!("{indent}    CIDR: {}\n", block.get("cidr").and_then(Value::as_str).unwrap_or("")));
                w.write(&format!("{indent}    Except: {}\n", except.join(", ")));
            }
        }
        if i + 1 != rules.len() {
            w.write(&format!("{indent}----------\n"));
        }
    }
}

pub(super) fn describe(g: &Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\n", g.meta.name));
    w.write(&format!("Namespace:\t{}\n", g.meta.namespace));
    // Go's time.Time String form.
    let t = crate::time::rfc3339(g.meta.creation).replace('T', " ").replace('Z', " +0000 UTC");
    w.write(&format!("Created on:\t{t}\n"));
    labels(w, "Labels", &g.meta.labels);
    annotations(w, &g.meta.annotations);
    let spec = &g.spec;
    w.write("Spec:\n");
    let sel = format_label_selector(spec.get("podSelector"));
    if sel == "<none>" {
        w.write("  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)\n");
    } else {
        w.write(&format!("  PodSelector:     {sel}\n"));
    }
    let policy = crate::netpol::Policy::from_spec(&g.meta.namespace, &g.meta.name, spec);
    if policy.ingress {
        w.write("  Allowing ingress traffic:\n");
        rules(w, seq(spec.get("ingress")), "from", "From", "ingress", "traffic not restricted by source");
    } else {
        w.write("  Not affecting ingress traffic\n");
    }
    if policy.egress {
        w.write("  Allowing egress traffic:\n");
        rules(w, seq(spec.get("egress")), "to", "To", "egress", "traffic not restricted by destination");
    } else {
        w.write("  Not affecting egress traffic\n");
    }
    // As stored: written, or as the API server defaulted them.
    let written: Vec<&str> = seq(spec.get("policyTypes")).iter().filter_map(Value::as_str).collect();
    let mut types = written.clone();
    if written.is_empty() {
        types.push("Ingress");
        if policy.egress {
            types.push("Egress");
        }
    }
    w.write(&format!("  Policy Types: {}\n", types.join(", ")));
}
