//! kubectl's describers for the namespace's policies: `ResourceQuotaDescriber` (used
//! against hard, per resource) and `LimitRangeDescriber` (one line per item and
//! resource, `-` where the item sets nothing).

use super::tabwriter::TabWriter;
use crate::apiserver::limitranger::{list, show};
use crate::model::Generic;
use crate::value::Value;
use crate::world::World;

fn scope_help(scope: &str) -> &'static str {
    match scope {
        "Terminating" => "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
        "NotTerminating" => "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
        "BestEffort" => "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        "NotBestEffort" => "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
        _ => "",
    }
}

pub(super) fn quota(c: &World, g: &Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", g.meta.name, g.meta.namespace));
    let mut scopes: Vec<String> =
        g.spec.get("scopes").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|s| s.as_str().map(String::from)).collect();
    if !scopes.is_empty() {
        scopes.sort();
        w.write(&format!("Scopes:\t{}\n", scopes.join(", ")));
        for s in &scopes {
            let help = scope_help(s);
            if !help.is_empty() {
                w.write(&format!(" * {help}\n"));
            }
        }
    }
    w.write("Resource\tUsed\tHard\n--------\t----\t----\n");
    let status = crate::apiserver::resourcequota::status(&c.store, g);
    for (k, hard) in list(status.get("hard")) {
        let used = status.get("used").and_then(|u| u.get(&k)).and_then(Value::as_str).unwrap_or("0").to_string();
        w.write(&format!("{k}\t{used}\t{hard}\n"));
    }
}

pub(super) fn limit_range(g: &Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", g.meta.name, g.meta.namespace));
    w.write("Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
    w.write("----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
    for item in g.spec.get("limits").map(Value::as_seq).unwrap_or(&[]) {
        let fields = ["min", "max", "defaultRequest", "default", "maxLimitRequestRatio"].map(|f| list(item.get(f)));
        let mut names: Vec<&String> = fields.iter().flatten().map(|(k, _)| k).collect();
        names.sort();
        names.dedup();
        let ty = item.get("type").and_then(Value::as_str).unwrap_or("");
        for n in names {
            let cell = |l: &[(String, String)]| l.iter().find(|(k, _)| k == n).map(|(_, v)| show(v)).unwrap_or_else(|| "-".into());
            w.write(&format!(
                "{ty}\t{n}\t{}\t{}\t{}\t{}\t{}\n",
                cell(&fields[0]),
                cell(&fields[1]),
                cell(&fields[2]),
                cell(&fields[3]),
                cell(&fields[4])
            ));
        }
    }
}
