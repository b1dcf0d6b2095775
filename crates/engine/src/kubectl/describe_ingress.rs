//! `kubectl describe ingress`: kubectl's IngressDescriber (`describeIngressV1`), with each
//! backend's ready endpoints as its `formatEndpointSlices` lists them.

use super::describe::{annotations, events, labels};
use super::tabwriter::TabWriter;
use crate::model::Generic;
use crate::value::Value;
use crate::world::World;

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `describeBackendV1`: `name:port (ip:port,ip:port,ip:port + N more...)`.
fn backend(c: &World, ns: &str, b: &Value) -> String {
    if let Some(r) = b.get("resource") {
        let group = r.get("apiGroup").and_then(Value::as_str).unwrap_or("<none>");
        return format!("APIGroup: {group}, Kind: {}, Name: {}", text(r, "kind"), text(r, "name"));
    }
    let Some(t) = crate::ingress::target(&c.store, ns, b) else { return String::new() };
    if let Some(why) = t.missing.filter(|w| w.contains("not found")) {
        return format!("{} (<error: {why}>)", t.shown);
    }
    let all: Vec<String> = t.endpoints.iter().map(|(_, ip, port)| format!("{ip}:{port}")).collect();
    let shown = if all.len() > 3 { format!("{} + {} more...", all[..3].join(","), all.len() - 3) } else { all.join(",") };
    format!("{} ({shown})", t.shown)
}

pub(super) fn describe(c: &World, g: &Generic, w: &mut TabWriter) {
    let ns = g.meta.namespace.as_str();
    w.write(&format!("Name:\t{}\n", g.meta.name));
    labels(w, "Labels", &g.meta.labels);
    w.write(&format!("Namespace:\t{ns}\n"));
    let status = crate::ingress::status(&c.store, g);
    let addresses: Vec<String> = status
        .get("loadBalancer")
        .and_then(|l| l.get("ingress"))
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|i| if i.get("ip").is_some() { text(i, "ip").to_string() } else { text(i, "hostname").to_string() })
        .collect();
    w.write(&format!("Address:\t{}\n", addresses.join(",")));
    let class = text(&g.spec, "ingressClassName");
    w.write(&format!("Ingress Class:\t{}\n", if class.is_empty() { "<none>" } else { class }));
    let default = g.spec.get("defaultBackend").map(|b| backend(c, ns, b)).unwrap_or_else(|| "<default>".into());
    w.write(&format!("Default backend:\t{default}\n"));
    let tls = g.spec.get("tls").map(Value::as_seq).unwrap_or(&[]);
    if !tls.is_empty() {
        w.write("TLS:\n");
        for t in tls {
            let hosts: Vec<&str> = t.get("hosts").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
            match text(t, "secretName") {
                "" => w.write(&format!("  SNI routes {}\n", hosts.join(","))),
                s => w.write(&format!("  {s} terminates {}\n", hosts.join(","))),
            }
        }
    }
    w.write("Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n");
    let mut count = 0;
    for rule in g.spec.get("rules").map(Value::as_seq).unwrap_or(&[]) {
        let Some(http) = rule.get("http") else { continue };
        count += 1;
        let host = match text(rule, "host") {
            "" => "*",
            h => h,
        };
        w.write(&format!("  {host}\t\n"));
        for p in http.get("paths").map(Value::as_seq).unwrap_or(&[]) {
            let b = backend(c, ns, p.get("backend").unwrap_or(&Value::Null));
            w.write(&format!("    \t{} \t{b}\n", text(p, "path")));
        }
    }
    if count == 0 {
        w.write(&format!("  *\t*\t{default}\n"));
    }
    annotations(w, &g.meta.annotations);
    events(c, w, &g.meta.uid);
}
