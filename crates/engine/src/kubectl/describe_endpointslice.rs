//! `kubectl describe endpointslice` (kubectl's `describeEndpointSliceV1`): the address
//! type, the ports, and each endpoint with its readiness, hostname, target and node.
//! The same for slices the controller keeps for a Service and for ones written by hand.

use super::describe::{annotations, events, labels};
use super::tabwriter::TabWriter;
use crate::model::Labels;
use crate::value::Value;
use crate::world::World;

fn text<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a str> {
    v.and_then(|v| v.get(key)).and_then(Value::as_str)
}

pub(super) fn describe(c: &World, slice: &Value, w: &mut TabWriter) {
    let meta = slice.get("metadata");
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", text(meta, "name").unwrap_or(""), text(meta, "namespace").unwrap_or("")));
    labels(w, "Labels", &Labels::from_value(meta.and_then(|m| m.get("labels"))));
    annotations(w, &Labels::from_value(meta.and_then(|m| m.get("annotations"))));
    w.write(&format!("AddressType:\t{}\n", text(Some(slice), "addressType").unwrap_or("")));
    let ports = slice.get("ports").map(Value::as_seq).unwrap_or(&[]);
    if ports.is_empty() {
        w.write("Ports: <unset>\n");
    } else {
        w.write("Ports:\n  Name\tPort\tProtocol\n  ----\t----\t--------\n");
        for p in ports {
            let name = text(Some(p), "name").filter(|n| !n.is_empty()).unwrap_or("<unset>");
            let port = p.get("port").and_then(Value::as_i64).map(|n| n.to_string()).unwrap_or_else(|| "<unset>".into());
            // The API server defaults the protocol, so kubectl never sees it empty.
            w.write(&format!("  {name}\t{port}\t{}\n", text(Some(p), "protocol").unwrap_or("TCP")));
        }
    }
    let endpoints = slice.get("endpoints").map(Value::as_seq).unwrap_or(&[]);
    if endpoints.is_empty() {
        w.write("Endpoints: <none>\n");
    } else {
        w.write("Endpoints:\n");
        for e in endpoints {
            let addresses: Vec<&str> = e.get("addresses").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
            let addresses = if addresses.is_empty() { "<none>".to_string() } else { addresses.join(", ") };
            w.write(&format!("  - Addresses:\t{addresses}\n    Conditions:\n"));
            let ready = match e.get("conditions").and_then(|c| c.get("ready")) {
                Some(Value::Bool(b)) => b.to_string(),
                _ => "<unset>".into(),
            };
            w.write(&format!("      Ready:\t{ready}\n"));
            w.write(&format!("    Hostname:\t{}\n", text(Some(e), "hostname").unwrap_or("<unset>")));
            if let Some(t) = e.get("targetRef") {
                w.write(&format!("    TargetRef:\t{}/{}\n", text(Some(t), "kind").unwrap_or(""), text(Some(t), "name").unwrap_or("")));
            }
            w.write(&format!("    NodeName:\t{}\n", text(Some(e), "nodeName").unwrap_or("<unset>")));
            w.write(&format!("    Zone:\t{}\n", text(Some(e), "zone").unwrap_or("<unset>")));
        }
    }
    events(c, w, text(meta, "uid").unwrap_or(""));
}
