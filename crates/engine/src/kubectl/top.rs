//! `kubectl top pods|nodes` and `kubectl autoscale`: the metrics API and the HPA, as
//! kubectl prints them.

use super::args::{self, flag, FlagSpec};
use super::tabwriter::table;
use super::Output;
use crate::model::labels::Selector;
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

const TOP_FLAGS: &[FlagSpec] = &[
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("containers", None, false),
    flag("no-headers", None, false),
    flag("sort-by", None, true),
    flag("sum", None, false),
    flag("use-protocol-buffers", None, false),
    flag("show-capacity", None, false),
];

fn mebibytes(bytes: i64) -> String {
    format!("{}Mi", bytes >> 20)
}

pub fn top(c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, TOP_FLAGS, "top") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    // kubectl top parses the selector itself (the metrics API takes it parsed).
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let resource = match p.positional.first().map(String::as_str) {
        Some("pod" | "pods" | "po") => "pods",
        Some("node" | "nodes" | "no") => "nodes",
        _ => "",
    };
    if !resource.is_empty() {
        use crate::apiserver::aggregator::{metrics_api, MetricsApi};
        match metrics_api(&c.store, c.preset) {
            MetricsApi::Available => {}
            // kubectl's discovery finds no metrics.k8s.io group.
            MetricsApi::NotServed => return Output::err("error: Metrics API not available"),
            MetricsApi::Unavailable => {
                return Output::err(format!(
                    "Error from server (ServiceUnavailable): the server is currently unable to handle the request (get {resource}.metrics.k8s.io)"
                ))
            }
        }
    }
    match p.positional.first().map(String::as_str) {
        Some("pod" | "pods" | "po") => top_pods(c, &p, &selector),
        Some("node" | "nodes" | "no") => top_nodes(c, &p, &selector),
        Some(other) => Output::err(format!("error: unknown command \"{other}\" for \"kubectl top\"\nRun 'kubectl top --help' for usage.")),
        None => Output::ok(super::help::command("top")),
    }
}

fn top_pods(c: &World, p: &args::Parsed, selector: &Selector) -> Output {
    let all = p.get("all-namespaces").is_some();
    let ns = super::namespace(p);
    let containers = p.get("containers").is_some();
    let mut rows: Vec<(i64, i64, Vec<String>)> = vec![];
    let mut listed = 0;
    if let Some(name) = p.positional.get(1) {
        let Some(id) = c.store.pod_id(&ns, name) else {
            return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"));
        };
        if c.metrics.pod_usage(&c.store, c.now(), id).is_none() {
            return Output::err(format!(
                "error: Metrics not available for pod {ns}/{name}, age: {}",
                crate::time::go_duration(c.now().saturating_sub(c.store.pod(id).map_or(0, |x| x.meta.creation)))
            ));
        }
    }
    for id in c.store.pods_in(if all { None } else { Some(&ns) }) {
        let pod = c.store.pod(id).expect("listed");
        if p.positional.get(1).is_some_and(|n| n != &pod.meta.name) || !selector.matches(&pod.meta.labels) {
            continue;
        }
        listed += 1;
        let Some(u) = c.metrics.pod_usage(&c.store, c.now(), id) else { continue };
        let mut lead = vec![];
        if all {
            lead.push(pod.meta.namespace.clone());
        }
        lead.push(pod.meta.name.clone());
        if containers {
            let n = pod.spec.containers.len().max(1) as i64;
            for (i, ctr) in pod.spec.containers.iter().enumerate() {
                // The idle baseline is per container; request work lands on the first.
                let cpu = if i == 0 { u.cpu_m - (n - 1) * crate::metrics::IDLE_CPU_M as i64 } else { crate::metrics::IDLE_CPU_M as i64 };
                let mem = u.memory / n;
                let mut row = lead.clone();
                row.extend([ctr.name.clone(), format!("{cpu}m"), mebibytes(mem)]);
                rows.push((cpu, mem, row));
            }
        } else {
            let mut row = lead;
            row.extend([format!("{}m", u.cpu_m), mebibytes(u.memory)]);
            rows.push((u.cpu_m, u.memory, row));
        }
    }
    if listed == 0 {
        // No pods at all is not a metrics problem: kubectl says so as `get` does.
        let msg = if all { "No resources found\n".to_string() } else { format!("No resources found in {ns} namespace.\n") };
        return Output { stderr: msg, ..Default::default() };
    }
    if rows.is_empty() {
        return Output::err("error: metrics not available yet");
    }
    sort(&mut rows, p.get("sort-by"));
    let mut header: Vec<String> = vec![];
    if all {
        header.push("NAMESPACE".into());
    }
    header.push(if containers { "POD" } else { "NAME" }.into());
    if containers {
        header.push("NAME".into());
    }
    header.extend(["CPU(cores)".to_string(), "MEMORY(bytes)".to_string()]);
    render(header, rows, p.get("no-headers").is_some())
}

fn top_nodes(c: &World, p: &args::Parsed, selector: &Selector) -> Output {
    let mut rows = vec![];
    for (name, node) in &c.store.nodes {
        if p.positional.get(1).is_some_and(|n| n != name) || !selector.matches(&node.meta.labels) {
            continue;
        }
        let row = match c.metrics.node_usage(&c.store, c.now(), name) {
            Some(u) => {
                let cpu_pct = u.cpu_m * 100 / node.cpu_m.max(1);
                let mem_pct = u.memory * 100 / node.memory.max(1);
                (
                    u.cpu_m,
                    u.memory,
                    vec![name.clone(), format!("{}m", u.cpu_m), format!("{cpu_pct}%"), mebibytes(u.memory), format!("{mem_pct}%")],
                )
            }
            None => (-1, -1, vec![name.clone(), "<unknown>".into(), "<unknown>".into(), "<unknown>".into(), "<unknown>".into()]),
        };
        rows.push(row);
    }
    if let Some(n) = p.positional.get(1) {
        if rows.is_empty() {
            return Output::err(format!("Error from server (NotFound): nodes \"{n}\" not found"));
        }
    }
    if c.now() < crate::metrics::RESOLUTION {
        return Output::err("error: metrics not available yet");
    }
    sort(&mut rows, p.get("sort-by"));
    let header = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"].map(String::from).to_vec();
    render(header, rows, p.get("no-headers").is_some())
}

fn sort(rows: &mut [(i64, i64, Vec<String>)], by: Option<&str>) {
    match by {
        Some("cpu") => rows.sort_by_key(|r| std::cmp::Reverse(r.0)),
        Some("memory") => rows.sort_by_key(|r| std::cmp::Reverse(r.1)),
        _ => {}
    }
}

fn render(header: Vec<String>, rows: Vec<(i64, i64, Vec<String>)>, no_headers: bool) -> Output {
    let mut all = vec![];
    if !no_headers {
        all.push(header);
    }
    all.extend(rows.into_iter().map(|r| r.2));
    Output::ok(table(&all))
}

const AUTOSCALE_FLAGS: &[FlagSpec] = &[
    flag("min", None, true),
    flag("max", None, true),
    flag("cpu-percent", None, true),
    flag("cpu", None, true),
    flag("name", None, true),
    flag("filename", Some('f'), true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("save-config", None, false),
];

/// `kubectl autoscale deployment NAME --min=N --max=M --cpu-percent=P` (or `--cpu=P%`):
/// creates the autoscaling/v2 HPA kubectl would.
pub fn autoscale(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, AUTOSCALE_FLAGS, "autoscale") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let (kind, name) = match p.positional.as_slice() {
        [one] if one.contains('/') => {
            let (k, n) = one.split_once('/').expect("contains /");
            (k.to_string(), n.to_string())
        }
        [k, n] => (k.clone(), n.clone()),
        _ => return Output::err("error: required resource not specified\nSee 'kubectl autoscale -h' for help and examples"),
    };
    let kind = match Kind::from_resource_arg(&kind) {
        Some(k @ (Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet)) => k,
        Some(other) => {
            return Output::err(format!("error: cannot autoscale a {}: cannot autoscale a {}", other.info().name, other.info().name))
        }
        None => return Output::err(crate::model::served::unknown_resource_type(&kind)),
    };
    let Some(max) = p.get("max").and_then(|m| m.parse::<i64>().ok()) else {
        return Output::err("error: --max=MAXPODS is required and must be at least 1, max: -1");
    };
    let min = match p.get("min").map(|m| m.parse::<i64>()) {
        None => None,
        Some(Ok(m)) => Some(m),
        Some(Err(_)) => return Output::err(format!("error: invalid argument \"{}\" for \"--min\" flag", p.get("min").unwrap_or(""))),
    };
    if max < 1 || min.is_some_and(|m| m > max) {
        return Output::err(format!(
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {}",
            min.unwrap_or(-1)
        ));
    }
    let cpu = match (p.get("cpu"), p.get("cpu-percent")) {
        (Some(v), _) => v.trim_end_matches('%').parse::<i64>().ok(),
        (None, Some(v)) => v.parse::<i64>().ok().filter(|x| *x >= 0),
        (None, None) => None,
    };
    let ns = super::namespace(&p);
    if c.store.object(kind, &ns, &name).is_none() {
        return Output::err(format!("Error from server (NotFound): {}.apps \"{name}\" not found", kind.info().plural));
    }
    let hpa_name = p.get("name").unwrap_or(&name).to_string();
    let q = super::commands::quote;
    let mut yaml = format!(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {}\n  namespace: {}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: {}\n    name: {}\n  maxReplicas: {max}\n",
        q(&hpa_name),
        q(&ns),
        kind.info().name,
        q(&name)
    );
    if let Some(m) = min {
        yaml.push_str(&format!("  minReplicas: {m}\n"));
    }
    if let Some(cpu) = cpu {
        yaml.push_str(&format!(
            "  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: {cpu}\n"
        ));
    }
    let report = c.apply_text(&yaml, "autoscale", &ns, crate::apply::Mode::Create);
    match report.errors.first() {
        Some(e) => Output::err(e.text.replace("error when creating \"autoscale\": ", "")),
        None => Output::ok(format!("horizontalpodautoscaler.autoscaling/{hpa_name} autoscaled\n")),
    }
}

/// The TARGETS column of `kubectl get hpa`: `cpu: 45%/50%`, `cpu: <unknown>/50%`.
pub fn hpa_targets(hpa: &crate::model::Autoscaler) -> String {
    let current = hpa.status.as_ref().and_then(|s| s.current_metrics.as_ref()).map(Value::as_seq).unwrap_or(&[]);
    let parts: Vec<String> = hpa
        .spec
        .metrics
        .iter()
        .filter_map(|m| {
            let res = m.get("resource")?;
            let name = res.get("name").and_then(Value::as_str).unwrap_or("cpu");
            let t = res.get("target")?;
            let got = current.iter().find_map(|x| {
                let r = x.get("resource")?;
                (r.get("name").and_then(Value::as_str) == Some(name)).then_some(())?;
                r.get("current")
            });
            let (want, have) = match t.get("averageUtilization").and_then(Value::as_i64) {
                Some(u) => {
                    (format!("{u}%"), got.and_then(|g| g.get("averageUtilization")).and_then(Value::as_i64).map(|x| format!("{x}%")))
                }
                None => (
                    t.get("averageValue").or(t.get("value")).and_then(Value::as_str).unwrap_or("").to_string(),
                    got.and_then(|g| g.get("averageValue")).and_then(Value::as_str).map(String::from),
                ),
            };
            Some(format!("{name}: {}/{want}", have.unwrap_or_else(|| "<unknown>".into())))
        })
        .collect();
    match parts.len() {
        0 => "<none>".into(),
        1 | 2 => parts.join(", "),
        n => format!("{}, {} + {} more...", parts[0], parts[1], n - 2),
    }
}
