//! `kubectl set env (TYPE NAME | TYPE/NAME)… KEY=VAL… KEY-…` (`set_env.go`,
//! `env/env_parse.go`): variables set, replaced or removed on the selected containers
//! (`-c`, all by default), or taken from a ConfigMap's or Secret's keys (`--from`,
//! `--keys`, `--prefix`); `--list` prints them instead.

use super::{Fail, Send};
use crate::kubectl::args::{self, flag, FlagSpec};
use crate::kubectl::{Files, Output};
use crate::model::validation::go_quote;
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

/// kubectl's flags for the command (`--record` is deprecated and hidden, but parsed).
const FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("containers", Some('c'), true),
    flag("dry-run", None, true),
    flag("env", Some('e'), true),
    flag("field-manager", None, true),
    flag("filename", Some('f'), true),
    flag("from", None, true),
    flag("keys", None, true),
    flag("kustomize", Some('k'), true),
    flag("list", None, false),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("overwrite", None, false),
    flag("prefix", None, true),
    flag("recursive", Some('R'), false),
    flag("resolve", None, false),
    flag("selector", Some('l'), true),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
];

/// `IsEnvironmentArgument` (`^(.+)=(.*)$`) or a removal (`KEY-`).
fn is_env(s: &str) -> bool {
    s.find('=').is_some_and(|i| i > 0) || s.ends_with('-')
}

/// `SplitEnvironmentFromResources`: resources first, then the variables.
fn split(args: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let at = args.iter().position(|a| is_env(a)).unwrap_or(args.len());
    if args[at..].iter().any(|a| !is_env(a)) {
        return None;
    }
    Some((args[..at].to_vec(), args[at..].to_vec()))
}

fn env_var(name: &str, value: &str) -> Value {
    let mut m = vec![("name".to_string(), Value::str(name))];
    // `value` is omitempty.
    if !value.is_empty() {
        m.push(("value".into(), Value::str(value)));
    }
    Value::Map(m)
}

/// `ParseEnv`: the variables to set and the names to remove.
fn parse_env(specs: &[String]) -> Result<(Vec<Value>, Vec<String>), String> {
    let mut env = Vec::new();
    let mut set = Vec::new();
    let mut remove = Vec::new();
    for s in specs {
        if s == "-" {
            return Err(
                "kubeplay: kubectl set env -e - reads standard input, which kubeplay's lines do not have; give KEY=VALUE words.".into()
            );
        }
        if let Some((k, v)) = s.split_once('=') {
            let errs = crate::kubectl::create::env_var_name(k);
            if !errs.is_empty() {
                return Err(format!("{} is not a valid key name: {}", go_quote(k), errs.join(";")));
            }
            set.push(k.to_string());
            env.push(env_var(k, v));
        } else if let Some(k) = s.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Err(format!("unknown environment variable: {s}"));
        }
    }
    if remove.iter().any(|r| set.contains(r)) {
        return Err("can not both modify and remove the same environment variable in the same command".into());
    }
    Ok((env, remove))
}

fn name_of(e: &Value) -> &str {
    e.get("name").and_then(Value::as_str).unwrap_or("")
}

/// `updateEnv`: a variable set replaces every one of its name, in the first one's place;
/// removals win; new ones go last.
fn update_env(existing: &[Value], env: &[Value], remove: &[String]) -> Vec<Value> {
    let mut covered: Vec<String> = remove.to_vec();
    let mut out = Vec::new();
    for e in existing {
        let n = name_of(e).to_string();
        if covered.contains(&n) {
            continue;
        }
        match env.iter().find(|x| name_of(x) == n) {
            Some(newer) => {
                covered.push(n);
                // The same variable, however its keys are ordered, is no change.
                out.push(if newer.sorted() == e.sorted() { e.clone() } else { newer.clone() });
            }
            None => out.push(e.clone()),
        }
    }
    for e in env {
        let n = name_of(e).to_string();
        if !covered.contains(&n) {
            covered.push(n);
            out.push(e.clone());
        }
    }
    out
}

/// `keyToEnvName`: the key upper-cased, what is not `[a-zA-Z0-9_]` made `_`, with a
/// warning when that changed it.
fn key_to_env_name(key: &str, warnings: &mut String) -> String {
    let name: String = key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect::<String>().to_uppercase();
    if name != key {
        warnings.push_str(&format!("Warning: key {key} transferred to {name}\n"));
    }
    name
}

/// `--from`'s variables: one per key (of `--keys`, when given) of each ConfigMap or
/// Secret, in key order (kubectl walks a Go map, in no fixed order).
fn from_env(
    c: &World,
    p: &crate::kubectl::args::Parsed,
    ns: &str,
    from: &str,
    keys: &[&str],
    warnings: &mut String,
) -> super::Res<Vec<Value>> {
    let sources = super::targets(c, p, ns, &[from.to_string()], p.get("selector"))?;
    let mut env = Vec::new();
    for r in sources {
        let (field, reference) = match r.kind {
            Kind::Secret => ("data", "secretKeyRef"),
            Kind::ConfigMap => ("data", "configMapKeyRef"),
            _ => return Err(Box::new(super::fail("unsupported resource specified in --from"))),
        };
        let obj = crate::kubectl::get::to_value(c, &r);
        let mut names: Vec<String> =
            obj.get(field).and_then(Value::as_map).map(|m| m.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
        names.sort();
        for key in names.iter().filter(|k| keys.is_empty() || keys.contains(&k.as_str())) {
            let selector = Value::Map(vec![("name".into(), Value::str(r.name.clone())), ("key".into(), Value::str(key.clone()))]);
            env.push(Value::Map(vec![
                ("name".into(), Value::str(key_to_env_name(key, warnings))),
                ("valueFrom".into(), Value::Map(vec![(reference.into(), selector)])),
            ]));
        }
    }
    Ok(env)
}

/// `GetEnvVarRefString`.
fn ref_string(from: &Value) -> String {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    if let Some(r) = from.get("configMapKeyRef") {
        return format!("configmap {}, key {}", s(r, "name"), s(r, "key"));
    }
    if let Some(r) = from.get("secretKeyRef") {
        return format!("secret {}, key {}", s(r, "name"), s(r, "key"));
    }
    if let Some(r) = from.get("fieldRef") {
        return format!("field path {}", s(r, "fieldPath"));
    }
    if let Some(r) = from.get("resourceFieldRef") {
        let container = s(r, "containerName");
        let prefix = if container.is_empty() { String::new() } else { format!("{container}/") };
        return format!("resource field {prefix}{}", s(r, "resource"));
    }
    "invalid valueFrom".into()
}

pub(super) fn run(c: &mut World, rest: &[String], _files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "set env") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let selector = p.get("selector").filter(|s| !s.is_empty());
    if p.bool("all") && selector.is_some() {
        return super::fail("cannot set --all and --selector at the same time");
    }
    let Some((resources, env_args)) = split(&p.positional) else {
        return super::fail(format!("all resources must be specified before environment changes: {}", p.positional.join(" ")));
    };
    let output = match super::output(&p) {
        Ok(o) => o,
        Err(o) => return *o,
    };
    if p.bool("local") && p.get("dry-run") == Some("server") {
        return super::fail("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    }
    if !p.has("filename") && resources.is_empty() {
        return super::fail("one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    let list = p.bool("list");
    if list && output.is_some() {
        return super::fail("--list and --output may not be specified together");
    }
    let keys: Vec<&str> = p.all("keys").iter().flat_map(|k| k.split(',')).filter(|k| !k.is_empty()).collect();
    let from = p.get("from").filter(|f| !f.is_empty());
    if !keys.is_empty() && from.is_none() {
        return super::fail("when specifying --keys, a configmap or secret must be provided with --from");
    }
    if p.bool("resolve") {
        return Output::err("kubeplay: kubectl set env --resolve is not simulated yet; --list shows each reference.");
    }
    let specs: Vec<String> = p.all("env").iter().map(|s| s.to_string()).chain(env_args.iter().cloned()).collect();
    let (mut env, remove) = match parse_env(&specs) {
        Ok(x) => x,
        Err(e) if e.starts_with("kubeplay:") => return Output::err(e),
        Err(e) => return super::fail(e),
    };
    if let Err(o) = super::refuse_files(&p, "env") {
        return *o;
    }
    let ns = crate::kubectl::namespace(&p);
    let mut warnings = String::new();
    if let Some(from) = from {
        match from_env(c, &p, &ns, from, &keys, &mut warnings) {
            Ok(more) => env.extend(more),
            Err(mut o) => {
                o.warnings = warnings;
                return *o;
            }
        }
    }
    if let Some(prefix) = p.get("prefix").filter(|x| !x.is_empty()) {
        for e in env.iter_mut() {
            let n = format!("{prefix}{}", name_of(e));
            e.set("name", Value::str(n));
        }
    }
    let targets = match super::targets(c, &p, &ns, &resources, selector) {
        Ok(t) => t,
        Err(mut o) => {
            o.warnings = warnings;
            return *o;
        }
    };
    let wanted = p.get("containers").unwrap_or("*").to_string();
    let overwrite = p.get("overwrite") != Some("false");
    let mut listing = String::new();
    let send =
        Send { verb: "env updated", failed: "failed to patch env update to pod template: ", skip_unchanged: true, output, record: None };
    let mut change = |r: &crate::kubectl::get::ObjRef, obj: &mut Value, _: &mut Vec<Fail>| -> Result<bool, String> {
        let kind = r.kind.info().name;
        let spec = super::pod_spec(obj, r.kind)?;
        let mut selected = Vec::new();
        for key in ["containers", "initContainers"] {
            for (i, ct) in spec.get(key).map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
                if super::select_string(super::container_name(ct), &wanted) {
                    selected.push((key, i));
                }
            }
        }
        if selected.is_empty() {
            warnings.push_str(&format!("Warning: {kind}/{} does not have any containers matching {}\n", r.name, go_quote(&wanted)));
            return Ok(true);
        }
        for (key, i) in selected {
            let Some(Value::Seq(items)) = spec.get_mut(key) else { continue };
            let ct = &mut items[i];
            let existing: Vec<Value> = ct.get("env").map(Value::as_seq).unwrap_or(&[]).to_vec();
            if !overwrite {
                for e in &env {
                    let value = |v: &Value| v.get("value").and_then(Value::as_str).unwrap_or("").to_string();
                    if let Some(cur) = existing.iter().find(|x| name_of(x) == name_of(e)) {
                        if value(cur) != value(e) {
                            return Err(format!("'{}' already has a value ({}), and --overwrite is false", name_of(cur), value(cur)));
                        }
                    }
                }
            }
            let updated = update_env(&existing, &env, &remove);
            if list {
                listing.push_str(&format!("# {kind} {}, container {}\n", r.name, super::container_name(ct)));
                for e in &updated {
                    match e.get("valueFrom") {
                        None => listing.push_str(&format!("{}={}\n", name_of(e), e.get("value").and_then(Value::as_str).unwrap_or(""))),
                        Some(from) => listing.push_str(&format!("# {} from {}\n", name_of(e), ref_string(from))),
                    }
                }
            }
            if updated.is_empty() {
                ct.remove("env");
            } else {
                ct.set("env", Value::Seq(updated));
            }
        }
        // `--list` prints and sends nothing.
        Ok(!list)
    };
    let mut out = super::update_each(c, &targets, &send, &mut change);
    out.stdout = format!("{listing}{}", out.stdout);
    out.warnings = format!("{warnings}{}", out.warnings);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn variables_follow_the_resources() {
        assert_eq!(split(&w("deploy/web A=1 B-")), Some((w("deploy/web"), w("A=1 B-"))));
        assert_eq!(split(&w("deploy A=1 web")), None);
    }

    #[test]
    fn parses_as_kubectl_parses() {
        let (env, remove) = parse_env(&w("A=1 B= C-")).unwrap();
        assert_eq!(env, vec![env_var("A", "1"), env_var("B", "")]);
        assert_eq!(env[1].get("value"), None);
        assert_eq!(remove, vec!["C"]);
        assert_eq!(
            parse_env(&w("A=1 A-")).unwrap_err(),
            "can not both modify and remove the same environment variable in the same command"
        );
        assert!(parse_env(&w("1A=x")).unwrap_err().starts_with("\"1A\" is not a valid key name: a valid environment variable name"));
    }

    #[test]
    fn a_set_variable_replaces_all_of_its_name() {
        let existing = vec![env_var("A", "1"), env_var("B", "2"), env_var("A", "3")];
        let out = update_env(&existing, &[env_var("A", "9"), env_var("C", "4")], &["B".to_string()]);
        assert_eq!(out, vec![env_var("A", "9"), env_var("C", "4")]);
    }

    #[test]
    fn keys_become_variable_names() {
        let mut warn = String::new();
        assert_eq!(key_to_env_name("log.level", &mut warn), "LOG_LEVEL");
        assert_eq!(warn, "Warning: key log.level transferred to LOG_LEVEL\n");
    }
}
