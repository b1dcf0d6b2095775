//! `kubectl get`, `describe` and `delete` of custom resources: the kinds established
//! CustomResourceDefinitions serve. Tables use the CRD's `additionalPrinterColumns` (or
//! `NAME AGE` when it has none) as the API server's table convertor does; describe is
//! kubectl's generic describer.

use super::args::Parsed;
use super::tabwriter::{self, TabWriter};
use super::Output;
use crate::apiserver::customresource;
use crate::model::crd::{Crd, CustomResource};
use crate::time::{human_duration, rfc3339};
use crate::value::Value;
use crate::world::World;

/// The CRD a command's resource arguments name (`crontabs`, `ct/x`, `crontab x y`), with
/// the names asked for; `None` when they name a built-in type or nothing served.
pub(super) fn target(c: &World, positional: &[String]) -> Option<(Crd, Vec<String>)> {
    let first = positional.first()?;
    if positional.iter().any(|p| p.contains('/')) {
        let mut found: Option<Crd> = None;
        let mut names = Vec::new();
        for p in positional {
            let (t, n) = p.split_once('/')?;
            let crd = customresource::by_resource_arg(&c.store, t)?;
            if found.as_ref().is_some_and(|f| f.name != crd.name) {
                return None;
            }
            found = Some(crd);
            names.push(n.to_string());
        }
        return found.map(|f| (f, names));
    }
    if first.contains(',') {
        return None;
    }
    let crd = customresource::by_resource_arg(&c.store, first)?;
    Some((crd, positional[1..].to_vec()))
}

/// What kubeplay answers a command it does not run on custom resources yet (`patch`,
/// `edit`, a `get` of several types at once), when its arguments name one; `None` lets
/// the command run.
pub(super) fn not_simulated(c: &World, cmd: &str, rest: &[String]) -> Option<super::Output> {
    const TAKES_TYPE: &[&str] = &[
        "get", "describe", "delete", "label", "annotate", "patch", "edit", "scale", "wait", "replace", "set", "rollout", "top", "events",
        "explain",
    ];
    const VALUED: &[&str] = &[
        "-n",
        "--namespace",
        "-l",
        "--selector",
        "-o",
        "--output",
        "-f",
        "--filename",
        "-p",
        "--patch",
        "--type",
        "--for",
        "--timeout",
        "--replicas",
        "-c",
        "--container",
        "--field-selector",
        "--context",
        "--kubeconfig",
        "--as",
        "--template",
    ];
    if !TAKES_TYPE.contains(&cmd) {
        return None;
    }
    // The positional words, without the values of the flags that take one.
    let mut words: Vec<&str> = Vec::new();
    let mut skip = false;
    for w in rest.iter().map(String::as_str) {
        if std::mem::take(&mut skip) {
            continue;
        }
        if w.starts_with('-') {
            skip = VALUED.contains(&w);
            continue;
        }
        words.push(w);
    }
    // `rollout undo TYPE/NAME`, `set image TYPE/NAME`: the type follows the subcommand.
    let at = usize::from(matches!(cmd, "rollout" | "set"));
    let mut crd = *words.get(at)?;
    if cmd == "explain" {
        // `explain crontabs.spec.cronSpec`: the resource, then a field path.
        let resource = crd.split('.').next().unwrap_or(crd);
        if customresource::by_resource_arg(&c.store, resource).is_some() {
            crd = resource;
        }
    }
    let names_custom =
        |w: &str| w.split(',').any(|t| customresource::by_resource_arg(&c.store, t.split_once('/').map_or(t, |(k, _)| k)).is_some());
    if !names_custom(crd) {
        return None;
    }
    let several = crd.contains(',');
    let supported = matches!(cmd, "get" | "describe" | "delete" | "label" | "annotate");
    if supported && !several {
        return None;
    }
    let what = if several { format!("kubectl {cmd} of several types at once") } else { format!("kubectl {cmd}") };
    if cmd == "explain" {
        return Some(super::Output::err(format!(
            "kubeplay: kubectl explain is not simulated for custom resources yet ({crd}); kubectl get crd NAME -o yaml shows the CRD's schema."
        )));
    }
    Some(super::Output::err(format!(
        "kubeplay: {what} is not simulated for custom resources yet ({crd}); get, describe, delete, label, annotate and apply -f of one custom resource type are."
    )))
}

fn scope(crd: &Crd, p: &Parsed, ns: &str) -> Option<String> {
    (crd.namespaced && !p.bool("all-namespaces")).then(|| ns.to_string())
}

/// The objects named (or all in scope), and the NotFound lines for names missing.
fn select<'a>(c: &'a World, crd: &'a Crd, p: &Parsed, names: &[String], ns: &str) -> Result<(Vec<&'a CustomResource>, String), String> {
    let selector = match p.get("selector") {
        None => None,
        Some(text) => Some(crate::model::Selector::parse(text).map_err(|e| {
            let q = crate::model::validation::go_quote;
            format!(
                "Error from server (BadRequest): Unable to find \"{}, Resource={}\" that match label selector {}, field selector {}: {e}",
                crd.preferred().map(|v| crd.api_version(&v.name)).unwrap_or_default(),
                crd.plural,
                q(text),
                q(p.get("field-selector").unwrap_or(""))
            )
        })?),
    };
    let key_ns = if crd.namespaced { ns.to_string() } else { String::new() };
    let mut found = Vec::new();
    let mut stderr = String::new();
    if names.is_empty() {
        let sc = scope(crd, p, ns);
        found = customresource::list(&c.store, crd, sc.as_deref())
            .into_iter()
            .filter(|o| selector.as_ref().is_none_or(|s| s.matches(&o.meta.labels)))
            .collect();
    } else {
        for n in names {
            match c.store.custom.get(&(crd.name.clone(), key_ns.clone(), n.clone())) {
                Some(o) => found.push(o),
                None if p.bool("ignore-not-found") => {}
                None => stderr.push_str(&format!("Error from server (NotFound): {} \"{n}\" not found\n", crd.resource())),
            }
        }
    }
    Ok((found, stderr))
}

fn no_resources(crd: &Crd, p: &Parsed, ns: &str) -> String {
    if p.bool("all-namespaces") || !crd.namespaced {
        "No resources found\n".into()
    } else {
        format!("No resources found in {ns} namespace.\n")
    }
}

/// One printer column's cell: the jsonPath's value, a date as an age, `<none>` if absent.
fn cell(c: &World, col: &crate::model::crd::PrinterColumn, v: &Value) -> String {
    let path = col.json_path.trim_start_matches('.');
    let mut cur = Some(v);
    for part in path.split('.').filter(|s| !s.is_empty()) {
        cur = cur.and_then(|x| x.get(part));
    }
    match cur {
        None | Some(Value::Null) => "<none>".into(),
        Some(Value::Str(s)) if col.type_ == "date" => match crate::time::parse_rfc3339(s) {
            Some(t) => human_duration(c.now as i64 - t as i64),
            None => s.clone(),
        },
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) => f.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => other.to_json(),
    }
}

pub(super) fn get(c: &World, p: &Parsed, crd: &Crd, names: &[String], ns: &str, output: &str, template: &str) -> Output {
    let (found, mut stderr) = match select(c, crd, p, names, ns) {
        Ok(x) => x,
        Err(e) => return Output::err(e),
    };
    let single = names.len() == 1;
    let mut out = Output::default();
    if found.is_empty() && names.is_empty() && !matches!(output, "yaml" | "json") {
        out.stderr = no_resources(crd, p, ns);
        return out;
    }
    let values: Vec<Value> = found.iter().map(|o| o.to_value()).collect();
    let list = |values: Vec<Value>| {
        Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("items".into(), Value::Seq(values)),
            ("kind".into(), Value::str("List")),
            ("metadata".into(), Value::Map(vec![("resourceVersion".into(), Value::str(""))])),
        ])
    };
    match output {
        "yaml" | "json" => {
            let v = if single && values.len() == 1 {
                values[0].clone()
            } else if single && values.is_empty() {
                Value::Null
            } else {
                list(values)
            };
            if !v.is_null() {
                out.stdout = if output == "yaml" { v.to_yaml() } else { v.to_json_pretty() };
            }
        }
        "name" => {
            for o in &found {
                out.stdout.push_str(&format!("{}/{}\n", crd.type_name(), o.meta.name));
            }
        }
        "jsonpath" => {
            let subject = if single && values.len() == 1 { values[0].clone() } else { list(values) };
            match super::jsonpath::print(template, &subject, super::get::allow_missing_keys(p)) {
                Ok(s) => out.stdout = s,
                Err(e) => return Output::err(e),
            }
        }
        "" | "wide" => {
            let wide = output == "wide";
            let all_ns = p.bool("all-namespaces") && crd.namespaced;
            let version = found.first().and_then(|o| o.api_version.rsplit('/').next()).map(str::to_string);
            let columns: Vec<_> = crd
                .versions
                .iter()
                .find(|v| Some(&v.name) == version.as_ref())
                .or(crd.preferred())
                .map(|v| v.columns.iter().filter(|col| wide || col.priority == 0).cloned().collect())
                .unwrap_or_default();
            let has_columns = crd.preferred().is_some_and(|v| !v.columns.is_empty());
            let mut rows = Vec::new();
            if !p.bool("no-headers") {
                let mut h: Vec<String> = Vec::new();
                if all_ns {
                    h.push("NAMESPACE".into());
                }
                h.push("NAME".into());
                if has_columns {
                    h.extend(columns.iter().map(|col| col.name.to_ascii_uppercase()));
                } else {
                    h.push("AGE".into());
                }
                if p.bool("show-labels") {
                    h.push("LABELS".into());
                }
                rows.push(h);
            }
            for o in &found {
                let v = o.to_value();
                let mut r: Vec<String> = Vec::new();
                if all_ns {
                    r.push(o.meta.namespace.clone());
                }
                r.push(o.meta.name.clone());
                if has_columns {
                    r.extend(columns.iter().map(|col| cell(c, col, &v)));
                } else {
                    r.push(human_duration(c.now as i64 - o.meta.creation as i64));
                }
                if p.bool("show-labels") {
                    let l = o.meta.labels.to_selector_string();
                    r.push(if l.is_empty() { "<none>".into() } else { l });
                }
                rows.push(r);
            }
            if !found.is_empty() {
                out.stdout = tabwriter::table(&rows);
            }
        }
        other => {
            return Output::err(format!(
                "kubeplay: -o {other} is not simulated for custom resources yet; -o yaml, json, name, jsonpath and wide are."
            ))
        }
    }
    if found.is_empty() && names.is_empty() && stderr.is_empty() && !matches!(output, "yaml" | "json") {
        stderr = no_resources(crd, p, ns);
    }
    out.code = i32::from(stderr.contains("Error from server"));
    out.stderr = stderr;
    out
}

/// kubectl's generic describer of an object.
fn describe_one(c: &World, crd: &Crd, o: &CustomResource) -> String {
    let mut w = TabWriter::for_describe();
    w.write(&format!("Name:\t{}\n", o.meta.name));
    if crd.namespaced {
        w.write(&format!("Namespace:\t{}\n", o.meta.namespace));
    }
    super::describe::labels(&mut w, "Labels", &o.meta.labels);
    super::describe::annotations(&mut w, &o.meta.annotations);
    w.write(&format!("API Version:\t{}\nKind:\t{}\n", o.api_version, o.kind));
    w.write(&format!(
        "Metadata:\n  Creation Timestamp:\t{}\n  Generation:\t{}\n  Resource Version:\t{}\n  UID:\t{}\n",
        rfc3339(o.meta.creation),
        o.meta.generation,
        o.meta.resource_version,
        o.meta.uid
    ));
    // `printUnstructuredContent` walks every map in key order.
    if let Value::Map(fields) = o.body.sorted() {
        for (k, v) in &fields {
            super::stored::fields_text(&mut w, k, v, 0);
        }
    }
    super::describe::events(c, &mut w, &o.meta.uid);
    w.finish()
}

pub(super) fn describe(c: &World, p: &Parsed, crd: &Crd, names: &[String], ns: &str) -> Output {
    let (found, stderr) = match select(c, crd, p, names, ns) {
        Ok(x) => x,
        Err(e) => return Output::err(e),
    };
    let docs: Vec<String> = found.iter().map(|o| describe_one(c, crd, o)).collect();
    let stderr = if docs.is_empty() && stderr.is_empty() { no_resources(crd, p, ns) } else { stderr };
    Output { stdout: docs.join("\n\n"), code: i32::from(stderr.contains("Error from server")), stderr, ..Default::default() }
}

/// `kubectl label` and `annotate` of custom resources: `edit` changes each object's
/// metadata and says whether it is to be stored; the lines say `done` or `not done`.
pub(super) fn relabel(
    c: &mut World,
    p: &Parsed,
    crd: &Crd,
    names: &[String],
    ns: &str,
    (done, not_done): (&str, &str),
    edit: &dyn Fn(&mut crate::model::ObjectMeta) -> Result<bool, String>,
) -> Output {
    if names.is_empty() && p.get("selector").is_none() && !p.bool("all") {
        return Output::err("error: resource(s) were provided, but no name was specified");
    }
    let (found, stderr) = match select(c, crd, p, names, ns) {
        Ok(x) => x,
        Err(e) => return Output::err(e),
    };
    let keys: Vec<(String, String)> = found.iter().map(|o| (o.meta.namespace.clone(), o.meta.name.clone())).collect();
    let mut out = Output::default();
    for (n, name) in keys {
        let key = (crd.name.clone(), n, name.clone());
        let Some(mut meta) = c.store.custom.get(&key).map(|o| o.meta.clone()) else { continue };
        let store = match edit(&mut meta) {
            Ok(store) => store,
            Err(e) => return Output::err(e),
        };
        if store {
            meta.resource_version = c.api.store.next_rv();
            if let Some(o) = c.api.store.custom.get_mut(&key) {
                o.meta = meta;
            }
        }
        out.stdout.push_str(&format!("{}/{name} {}\n", crd.type_name(), if store { done } else { not_done }));
    }
    out.code = i32::from(stderr.contains("Error from server"));
    out.stderr = stderr;
    out
}

pub(super) fn delete(c: &mut World, p: &Parsed, crd: &Crd, names: &[String], ns: &str) -> Output {
    if names.is_empty() && p.get("selector").is_none() && !p.bool("all") {
        return Output::err("error: resource(s) were provided, but no name was specified");
    }
    let (found, mut stderr) = match select(c, crd, p, names, ns) {
        Ok(x) => x,
        Err(e) => return Output::err(e),
    };
    let keys: Vec<(String, String)> = found.iter().map(|o| (o.meta.namespace.clone(), o.meta.name.clone())).collect();
    let mut out = Output::default();
    for (n, name) in keys {
        if customresource::delete(&mut c.api, crd, &n, &name) {
            out.stdout.push_str(&format!("{} \"{name}\" deleted\n", crd.type_name()));
        }
    }
    if out.stdout.is_empty() && stderr.is_empty() {
        stderr = no_resources(crd, p, ns);
    }
    out.code = i32::from(stderr.contains("Error from server"));
    out.stderr = stderr;
    out
}
