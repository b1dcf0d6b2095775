//! `--dry-run=client|server` on the commands that change objects. The command runs as
//! written on a copy of the cluster that is then dropped: nothing is stored and nothing
//! is recorded, and the success lines carry kubectl's `(dry run)` / `(server dry run)`.
//! With `-o yaml|json|name` the object is printed as the copy holds it right after the
//! write. `run`, `expose` and `create SUBCOMMAND` print their client-side object themselves, as
//! kubectl builds it before sending anything.
//!
//! Simplified: a client dry run here still passes through the API server's checks (a real
//! one is kubectl alone), and the copy's controllers have reacted to the write before the
//! object is printed, so a Deployment's status may already show it.

use super::get::{to_value, ObjRef};
use super::{Files, Output};
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

/// The commands that take `--dry-run` (kubectl's `AddDryRunFlag`) and change the cluster.
const TAKES: &[&str] = &[
    "apply",
    "create",
    "run",
    "expose",
    "delete",
    "scale",
    "autoscale",
    "label",
    "annotate",
    "patch",
    "replace",
    "set",
    "taint",
    "cordon",
    "uncordon",
    "drain",
    "rollout",
];

/// What `--dry-run` asks for on this command line, or kubectl's error for a bad value.
pub fn requested(cmd: &str, rest: &[String]) -> Result<DryRun, String> {
    if !TAKES.contains(&cmd) {
        return Ok(DryRun::None);
    }
    let mut value = None;
    for (i, w) in rest.iter().enumerate() {
        if w == "--" {
            break;
        }
        if let Some(v) = w.strip_prefix("--dry-run=") {
            value = Some(v.to_string());
        } else if w == "--dry-run" {
            // The bare flag is the deprecated spelling of client.
            value = Some(match rest.get(i + 1).map(String::as_str) {
                Some(v @ ("none" | "client" | "server")) => v.to_string(),
                _ => "client".to_string(),
            });
        }
    }
    // `create token` registers no `--dry-run`: pflag refuses it before anything runs.
    if value.is_some() && cmd == "create" && super::commands::subcommand(rest).is_some_and(|at| rest[at] == "token") {
        return Err("error: unknown flag: --dry-run\nSee 'kubectl create token --help' for usage.".into());
    }
    match value.as_deref() {
        None | Some("none") | Some("false") => Ok(DryRun::None),
        Some("client") | Some("true") => Ok(DryRun::Client),
        Some("server") => Ok(DryRun::Server),
        Some(other) => Err(format!("error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")),
    }
}

/// Whether the command builds its client-side object itself.
pub fn prints_its_own(cmd: &str, rest: &[String], dry: DryRun) -> bool {
    dry == DryRun::Client
        && (cmd == "run" || cmd == "expose" || (cmd == "create" && super::commands::subcommand(rest).is_some() && !has_file(rest)))
}

fn has_file(rest: &[String]) -> bool {
    rest.iter().any(|a| a == "-f" || a.starts_with("--filename") || a.starts_with("-f="))
}

/// Runs a change on a copy of the cluster and answers as kubectl's dry run does.
pub fn run(c: &World, cmd: &str, rest: &[String], line: &str, files: &dyn Files, dry: DryRun) -> Output {
    let mut sandbox = c.clone();
    if prints_its_own(cmd, rest, dry) {
        return super::change(&mut sandbox, cmd, rest, line, files, None);
    }
    let (words, output) = strip(rest);
    if let Some(o) = output.as_deref() {
        if !["yaml", "json", "name"].contains(&o) {
            return Output::err(format!(
                "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,name,yaml"
            ));
        }
    }
    let out = super::change(&mut sandbox, cmd, &words, line, files, None);
    let suffix = if dry == DryRun::Server { " (server dry run)" } else { " (dry run)" };
    let mut shown =
        Output { warnings: out.warnings, stderr: out.stderr, code: out.code, diagnostics: out.diagnostics, ..Default::default() };
    let ns = namespace(&words);
    let mut printed = Vec::new();
    for l in out.stdout.lines() {
        match output.as_deref() {
            None => {
                shown.stdout.push_str(l);
                if !l.is_empty() && !l.starts_with(' ') {
                    shown.stdout.push_str(suffix);
                }
                shown.stdout.push('\n');
            }
            Some(o) => {
                let Some(r) = object_of(l, &ns) else { continue };
                if o == "name" {
                    shown.stdout.push_str(&format!("{}/{}\n", r.kind.type_name(), r.name));
                    continue;
                }
                let v = to_value(&sandbox, &r);
                if v.is_null() {
                    continue;
                }
                printed.push(v);
            }
        }
    }
    match output.as_deref() {
        Some("yaml") => shown.stdout.push_str(&printed.iter().map(|v| v.to_yaml()).collect::<Vec<_>>().join("---\n")),
        Some("json") => {
            for v in &printed {
                shown.stdout.push_str(&v.to_json_pretty());
            }
        }
        _ => {}
    }
    shown
}

/// `create SUBCOMMAND --dry-run=client`: the object kubectl built, printed as `-o` asks
/// (zero metadata shows `creationTimestamp: null`, an unset status `{}`), or its
/// `created (dry run)` line; `None` when no client dry run is asked for.
pub fn client(words: &[String], manifest: &str) -> Option<Output> {
    if requested("create", words) != Ok(DryRun::Client) {
        return None;
    }
    let stream = crate::yaml::parse_stream(manifest);
    let mut v = crate::model::decode::untyped(&stream.docs.first()?.root);
    v.entry_map("metadata").set("creationTimestamp", Value::Null);
    zero_template_meta(&mut v);
    let kind_name = v.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
    let kind = Kind::from_manifest(&api_version, &kind_name)?;
    if matches!(kind, Kind::Deployment | Kind::Job | Kind::CronJob | Kind::Namespace | Kind::Pod | Kind::ResourceQuota)
        && v.get("status").is_none()
    {
        v.set("status", Value::Map(vec![]));
    }
    if kind == Kind::Service && v.get("status").is_none() {
        // ServiceStatus is a struct: its empty LoadBalancer is still written.
        v.set("status", Value::Map(vec![("loadBalancer".into(), Value::Map(vec![]))]));
    }
    if kind == Kind::Ingress && v.get("status").is_none() {
        // IngressStatus and its LoadBalancer are structs: written even when empty.
        v.set("status", Value::Map(vec![("loadBalancer".into(), Value::Map(vec![]))]));
    }
    if kind == Kind::PodDisruptionBudget && v.get("status").is_none() {
        // The status's counts carry no `omitempty`: a new budget shows them as zeros.
        let zero = |k: &str| (k.to_string(), Value::Int(0));
        v.set("status", Value::Map(vec![zero("currentHealthy"), zero("desiredHealthy"), zero("disruptionsAllowed"), zero("expectedPods")]));
    }
    if kind == Kind::Namespace && v.get("spec").is_none() {
        v.set("spec", Value::Map(vec![]));
    }
    sort(&mut v);
    let name = v.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    let output = strip(words).1;
    Some(match output.as_deref() {
        None | Some("") => Output::ok(format!("{}/{name} created (dry run)\n", kind.type_name())),
        Some("name") => Output::ok(format!("{}/{name}\n", kind.type_name())),
        Some("yaml") => Output::ok(v.to_yaml()),
        Some("json") => Output::ok(v.to_json_pretty()),
        Some(o) => Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,name,yaml"
        )),
    })
}

/// A pod or job template's metadata is a zero ObjectMeta when nothing was set.
fn zero_template_meta(v: &mut Value) {
    if let Value::Map(m) = v {
        for (k, x) in m.iter_mut() {
            if (k == "template" || k == "jobTemplate") && matches!(x, Value::Map(_)) {
                x.entry_map("metadata").set("creationTimestamp", Value::Null);
            }
            zero_template_meta(x);
        }
    }
}

/// Keys in the order kubectl's YAML printer writes them: sorted, all the way down.
fn sort(v: &mut Value) {
    match v {
        Value::Map(m) => {
            m.sort_by(|a, b| a.0.cmp(&b.0));
            m.iter_mut().for_each(|(_, x)| sort(x));
        }
        Value::Seq(items) => items.iter_mut().for_each(sort),
        _ => {}
    }
}

/// `-n`/`--namespace`, read without the command's own flags.
fn namespace(words: &[String]) -> String {
    let mut ns = "default".to_string();
    for (i, w) in words.iter().enumerate() {
        if let Some(v) = w.strip_prefix("--namespace=").or_else(|| w.strip_prefix("-n=")) {
            ns = v.to_string();
        } else if w == "-n" || w == "--namespace" {
            if let Some(v) = words.get(i + 1) {
                ns = v.clone();
            }
        } else if let Some(v) = w.strip_prefix("-n").filter(|v| !v.is_empty() && !w.starts_with("--")) {
            ns = v.to_string();
        }
    }
    ns
}

/// The words without `--dry-run` and `-o`, and the `-o` value.
fn strip(rest: &[String]) -> (Vec<String>, Option<String>) {
    let mut words = Vec::new();
    let mut output = None;
    let mut i = 0;
    while i < rest.len() {
        let w = &rest[i];
        i += 1;
        if w == "--" {
            words.extend(rest[i - 1..].iter().cloned());
            break;
        }
        if w.starts_with("--dry-run=") {
            continue;
        }
        if w == "--dry-run" {
            if rest.get(i).is_some_and(|v| matches!(v.as_str(), "none" | "client" | "server")) {
                i += 1;
            }
            continue;
        }
        if let Some(v) = w.strip_prefix("--output=").or_else(|| w.strip_prefix("-o=")) {
            output = Some(v.to_string());
            continue;
        }
        if w == "-o" || w == "--output" {
            output = rest.get(i).cloned();
            i += 1;
            continue;
        }
        if let Some(v) = w.strip_prefix("-o").filter(|v| !v.is_empty() && !w.starts_with("--")) {
            output = Some(v.to_string());
            continue;
        }
        words.push(w.clone());
    }
    (words, output)
}

/// The object a success line names: `deployment.apps/web scaled`, `pod "x" deleted`.
fn object_of(line: &str, ns: &str) -> Option<ObjRef> {
    let first = line.split(' ').next()?;
    let (ty, name) = match first.split_once('/') {
        Some((t, n)) => (t.to_string(), n.to_string()),
        None => (first.to_string(), line.split('"').nth(1)?.to_string()),
    };
    let kind = Kind::from_resource_arg(&ty)?;
    Some(ObjRef { kind, ns: if kind.info().namespaced { ns.to_string() } else { String::new() }, name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn reads_the_flag_as_kubectl_does() {
        assert_eq!(requested("scale", &w("deploy web --replicas=2 --dry-run=server")), Ok(DryRun::Server));
        assert_eq!(requested("label", &w("pod x a=b --dry-run")), Ok(DryRun::Client));
        assert_eq!(requested("get", &w("pods --dry-run=client")), Ok(DryRun::None));
        assert_eq!(
            requested("patch", &w("deploy web --dry-run=maybe")),
            Err("error: Invalid dry-run value (maybe). Must be \"none\", \"server\", or \"client\".".into())
        );
    }

    #[test]
    fn finds_the_object_a_line_names() {
        assert_eq!(
            object_of("deployment.apps/web scaled", "team"),
            Some(ObjRef { kind: Kind::Deployment, ns: "team".into(), name: "web".into() })
        );
        assert_eq!(object_of("pod \"x\" deleted", "default"), Some(ObjRef { kind: Kind::Pod, ns: "default".into(), name: "x".into() }));
        assert_eq!(object_of("node/n1 cordoned", "default").map(|r| r.ns), Some(String::new()));
    }
}
