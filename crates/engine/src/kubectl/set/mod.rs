//! `kubectl set image|env|resources|selector|serviceaccount|subject` (kubectl's
//! `pkg/cmd/set`). Each subcommand finds its objects as kubectl's resource builder does,
//! changes them as kubectl changes its copy, and sends the change when it changed
//! anything; the write goes through the same path as `kubectl patch`, so a Deployment
//! whose template changed rolls out as it does after any other update.

mod env;
mod help;
mod image;
mod resources;
mod selector;
mod serviceaccount;
mod subject;

use super::args::{self, Parsed};
use super::get::ObjRef;
use super::{Files, Output};
use crate::apiserver::ApiError;
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

/// Cobra's order: subcommands are listed (and matched) by name.
const SUBCOMMANDS: &[&str] = &["env", "image", "resources", "selector", "serviceaccount", "sa", "subject"];

/// `kubectl set …`: the subcommand is the first word that is not a flag.
pub fn set(c: &mut World, rest: &[String], files: &dyn Files) -> Output {
    let at = subcommand_at(rest);
    let Some(i) = at else {
        if rest.iter().any(|a| a == "--help" || a == "-h") {
            return Output::ok(help::set());
        }
        // `DefaultSubCommandRun`: the help, on stderr, and exit 1.
        return Output { stderr: help::set(), code: 1, ..Default::default() };
    };
    let sub = rest[i].as_str();
    let mut words = rest.to_vec();
    words.remove(i);
    if !SUBCOMMANDS.contains(&sub) {
        // `RequireNoArguments`: every word that is not a flag, joined.
        let args: Vec<&str> = rest[i..].iter().filter(|a| !a.starts_with('-')).map(String::as_str).collect();
        return Output::err(format!("error: unknown command \"{}\"\nSee 'kubectl set -h' for help and examples", args.join(" ")));
    }
    let sub = if sub == "sa" { "serviceaccount" } else { sub };
    if words.iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h") {
        return Output::ok(help::subcommand(sub));
    }
    match sub {
        "image" => image::run(c, &words, files),
        "env" => env::run(c, &words, files),
        "resources" => resources::run(c, &words, files),
        "selector" => selector::run(c, &words, files),
        "serviceaccount" => serviceaccount::run(c, &words, files),
        _ => subject::run(c, &words, files),
    }
}

/// Where the subcommand is: the first word that is neither a flag nor a global flag's value.
fn subcommand_at(rest: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i].as_str();
        if w == "--" {
            return None;
        }
        if !w.starts_with('-') || w == "-" {
            return Some(i);
        }
        let takes =
            args::GLOBAL.iter().any(|f| f.takes_value && (w == format!("--{}", f.long) || f.short.is_some_and(|s| w == format!("-{s}"))));
        i += if takes { 2 } else { 1 };
    }
    None
}

/// One error as kubectl's `CheckErr` prints it: a plain error gets `error: ` when it is
/// the only one; the API server's keep their `Error from server (…)`.
pub(super) enum Fail {
    Plain(String),
    Api(ApiError),
}

/// The command's output and the errors it gathered (`utilerrors.NewAggregate`).
pub(super) fn finish(mut out: Output, errs: Vec<Fail>) -> Output {
    if errs.is_empty() {
        return out;
    }
    let single = errs.len() == 1;
    for e in errs {
        let mut msg = match e {
            Fail::Api(e) => e.render(None),
            Fail::Plain(m) if single && !m.starts_with("error: ") => format!("error: {m}"),
            Fail::Plain(m) => m,
        };
        if !single || !msg.ends_with('\n') {
            msg.push('\n');
        }
        out.stderr.push_str(&msg);
    }
    out.code = 1;
    out
}

/// kubectl's Validate for the commands with both --all and -l.
pub(super) fn all_and_selector(p: &Parsed) -> Res<()> {
    if p.bool("all") && p.get("selector").is_some_and(|s| !s.is_empty()) {
        return Err(boxed_fail("cannot set --all and --selector at the same time"));
    }
    Ok(())
}

/// What the shared steps answer when they end the command: its whole output.
pub(super) type Res<T> = Result<T, Box<Output>>;

fn boxed_fail(e: impl Into<String>) -> Box<Output> {
    Box::new(fail(e))
}

/// The error alone, as one error before any work.
pub(super) fn fail(e: impl Into<String>) -> Output {
    finish(Output::default(), vec![Fail::Plain(e.into())])
}

/// The status message of an API error without kubectl's `Error from server (…)`, as it
/// reads inside kubectl's own wrapping (`failed to patch …: %v`).
pub(super) fn bare(e: &ApiError) -> String {
    match e {
        ApiError::Invalid { kind, name, causes } => {
            let texts: Vec<&str> = causes.iter().map(|c| c.text.as_str()).collect();
            match texts.as_slice() {
                [one] => format!("{kind} \"{name}\" is invalid: {one}"),
                many => format!("{kind} \"{name}\" is invalid: [{}]", many.join(", ")),
            }
        }
        ApiError::AlreadyExists { resource, name } => format!("{resource} \"{name}\" already exists"),
        ApiError::NotFound { resource, name } => format!("{resource} \"{name}\" not found"),
        ApiError::Conflict { resource, name } => format!(
            "Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"
        ),
        ApiError::BadRequest(m) | ApiError::Forbidden(m) | ApiError::TooManyRequests(m) | ApiError::Internal(m) => m.clone(),
        ApiError::NoResource => "the server could not find the requested resource".into(),
    }
}

/// The printer `-o` asks for, or kubectl's error for one it has not.
pub(super) fn output(p: &Parsed) -> Res<Option<String>> {
    const PRINTERS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";
    match p.get("output").unwrap_or("") {
        "" => Ok(None),
        o @ ("yaml" | "json" | "name") => Ok(Some(o.to_string())),
        o if PRINTERS.split(',').any(|f| Some(f) == o.split('=').next()) => {
            Err(Box::new(Output::err(format!("kubeplay: kubectl set -o {o} is not simulated; -o yaml, json and name are."))))
        }
        o => Err(Box::new(Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: {PRINTERS}"
        )))),
    }
}

/// `-f`, `-k` and `--local` name objects by file; kubeplay finds them by name only.
pub(super) fn refuse_files(p: &Parsed, sub: &str) -> Res<()> {
    if p.bool("local") && p.get("dry-run").is_some_and(|d| d == "server") {
        return Err(boxed_fail("cannot specify --local and --dry-run=server - did you mean --dry-run=client?"));
    }
    if p.has("filename") || p.has("kustomize") || p.bool("local") {
        return Err(Box::new(Output::err(format!(
            "kubeplay: kubectl set {sub} -f, -k and --local are not simulated yet; name the objects as TYPE NAME or TYPE/NAME."
        ))));
    }
    Ok(())
}

const MISSING_RESOURCE: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// The objects kubectl's resource builder visits for `resources` (`TYPE NAME…`,
/// `TYPE/NAME…`, or types with `--all` or `-l`), in its order, with its errors; an object
/// that is not there fails the whole command, as `Infos()` does.
pub(super) fn targets(c: &World, p: &Parsed, ns: &str, resources: &[String], selector: Option<&str>) -> Res<Vec<ObjRef>> {
    let selector = selector.filter(|s| !s.is_empty());
    if resources.is_empty() {
        return Err(boxed_fail(if selector.is_some() {
            "at least one resource must be specified to use a selector"
        } else {
            MISSING_RESOURCE
        }));
    }
    let groups = super::get::resource_args(resources).map_err(|e| Box::new(Output::err(e)))?;
    let tuples = resources.iter().any(|r| r.contains('/'));
    // `ResourceTypeOrNameArgs(all, …)`: --all selects everything only after a lone type
    // with no -l; next to names or TYPE/NAME it is ignored.
    let bulk = selector.is_some() || (p.bool("all") && resources.len() == 1 && !tuples);
    if bulk && tuples {
        return Err(boxed_fail("selectors and the all flag cannot be used when passing resource/name arguments"));
    }
    if bulk && groups.iter().any(|(_, names)| !names.is_empty()) {
        return Err(boxed_fail("name cannot be provided when a selector is specified"));
    }
    let scope = |k: Kind| if k.info().namespaced { ns.to_string() } else { String::new() };
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (kind, names) in groups {
        if names.is_empty() {
            if !bulk {
                return Err(boxed_fail("resource(s) were provided, but no name was specified"));
            }
            let sel = p.selector(kind).map_err(|e| Box::new(Output::err(e)))?;
            let within = scope(kind);
            for r in super::get::list(c, kind, kind.info().namespaced.then_some(within.as_str())) {
                if sel.as_ref().is_none_or(|s| s.matches(&super::get::labels_of(c, &r))) {
                    out.push(r);
                }
            }
            continue;
        }
        for name in names {
            let r = ObjRef { kind, ns: scope(kind), name };
            if super::get::exists(c, &r) {
                out.push(r);
            } else {
                missing.push(Fail::Api(ApiError::NotFound { resource: kind.resource_name(), name: r.name }));
            }
        }
    }
    if !missing.is_empty() {
        return Err(Box::new(finish(Output::default(), missing)));
    }
    Ok(out)
}

/// `Info.ObjectName()`: the plural resource and the name, as kubectl names an object in
/// its own errors.
pub(super) fn object_name(r: &ObjRef) -> String {
    format!("{}/{}", r.kind.info().plural, r.name)
}

/// Where a kind keeps the pod spec (`polymorphichelpers.updatePodSpecForObject`).
fn pod_spec_path(kind: Kind) -> Option<&'static [&'static str]> {
    match kind {
        Kind::Pod => Some(&["spec"]),
        Kind::CronJob => Some(&["spec", "jobTemplate", "spec", "template", "spec"]),
        Kind::ReplicationController | Kind::Deployment | Kind::DaemonSet | Kind::ReplicaSet | Kind::StatefulSet | Kind::Job => {
            Some(&["spec", "template", "spec"])
        }
        _ => None,
    }
}

/// The object's pod spec, or kubectl's error for a kind without one (named by its Go type).
pub(super) fn pod_spec(obj: &mut Value, kind: Kind) -> Result<&mut Value, String> {
    let Some(path) = pod_spec_path(kind) else {
        let info = kind.info();
        let version = info.api_version.rsplit('/').next().unwrap_or("v1");
        return Err(format!("the object is not a pod or does not have a pod template: *{version}.{}", info.name));
    };
    Ok(path.iter().fold(obj, |v, k| v.entry_map(k)))
}

/// The containers of a pod spec under `key` (`containers`, `initContainers`).
pub(super) fn containers_mut<'a>(spec: &'a mut Value, key: &str) -> Vec<&'a mut Value> {
    match spec.get_mut(key) {
        Some(Value::Seq(items)) => items.iter_mut().collect(),
        _ => Vec::new(),
    }
}

pub(super) fn container_name(c: &Value) -> &str {
    c.get("name").and_then(Value::as_str).unwrap_or("")
}

/// `selectString`: `*` wildcards, matched as kubectl's non-greedy loop matches them.
pub(super) fn select_string(s: &str, spec: &str) -> bool {
    if spec == "*" {
        return true;
    }
    if !spec.contains('*') {
        return s == spec;
    }
    let parts: Vec<&str> = spec.split('*').collect();
    let mut pos: usize = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        // `strings.Index(s[pos:], part)` is relative to pos, and compared with pos as is.
        let next = s.get(pos..).and_then(|t| t.find(part)).map_or(-1, |n| n as i64);
        if next < pos as i64 || (i == 0 && pos != 0) || (i == parts.len() - 1 && s.len() as i64 != part.len() as i64 + next) {
            return false;
        }
        pos = next as usize;
    }
    true
}

/// How a subcommand sends and reports each change.
pub(super) struct Send<'a> {
    /// The success line's verb (`image updated`).
    pub verb: &'a str,
    /// kubectl's wrapping of a refused write (`failed to patch image update to pod template: `).
    pub failed: &'a str,
    /// Whether an object the change left as it was is skipped without a word (every
    /// subcommand but `selector` and `serviceaccount`).
    pub skip_unchanged: bool,
    pub output: Option<String>,
    /// `--record`: the change cause written with the change.
    pub record: Option<String>,
}

/// Changes each object with `change` (`Ok(false)`: nothing to send, as kubectl's
/// mutation returning nil), writes what changed, and prints as kubectl prints.
pub(super) fn update_each(
    c: &mut World,
    targets: &[ObjRef],
    send: &Send,
    mut change: impl FnMut(&ObjRef, &mut Value, &mut Vec<Fail>) -> Result<bool, String>,
) -> Output {
    let mut out = Output::default();
    if send.record.is_some() {
        // pflag's notice for a deprecated flag, on stderr before anything else.
        out.warnings.push_str("Flag --record has been deprecated, --record will be removed in the future\n");
    }
    let mut errs = Vec::new();
    for r in targets {
        let live = super::get::to_value(c, r);
        let mut obj = live.clone();
        match change(r, &mut obj, &mut errs) {
            Err(e) => {
                errs.push(Fail::Plain(format!("error: {} {e}\n", object_name(r))));
                continue;
            }
            Ok(false) => continue,
            Ok(true) => {}
        }
        if let Some(cause) = &send.record {
            obj.entry_map("metadata").entry_map("annotations").set("kubernetes.io/change-cause", Value::str(cause.clone()));
        }
        let same = obj.sorted() == live.sorted();
        if send.skip_unchanged && same {
            continue;
        }
        if !same {
            if let Err(e) = super::patch::write(c, r, obj) {
                errs.push(match e {
                    // `set selector` returns the server's error as it is.
                    _ if send.failed.is_empty() => Fail::Api(e),
                    e => Fail::Plain(format!("{}{}", send.failed, bare(&e))),
                });
                continue;
            }
        }
        let line = match send.output.as_deref() {
            Some("yaml") => super::get::to_value(c, r).to_yaml(),
            Some("json") => super::get::to_value(c, r).to_json_pretty(),
            Some(_) => format!("{}/{}\n", r.kind.type_name(), r.name),
            None => format!("{}/{} {}\n", r.kind.type_name(), r.name, send.verb),
        };
        out.stdout.push_str(&line);
    }
    finish(out, errs)
}

/// `--record`'s change cause (`RecordFlags`): the command path, its arguments, then each
/// flag given, as `--name=value`.
pub(super) fn change_cause(p: &Parsed, sub: &str) -> Option<String> {
    if !p.bool("record") {
        return None;
    }
    let mut s = format!("kubectl set {sub} {}", p.positional.join(" "));
    for (k, v) in &p.values {
        s.push_str(&format!(" --{k}={v}"));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_as_kubectl_matches_them() {
        assert!(select_string("nginx", "*"));
        assert!(select_string("nginx", "nginx"));
        assert!(!select_string("nginx", "redis"));
        assert!(select_string("nginx", "ng*"));
        assert!(!select_string("sidecar", "ng*"));
        assert!(select_string("web-sidecar", "*sidecar"));
        assert!(!select_string("sidecar-web", "*sidecar"));
    }

    #[test]
    fn the_subcommand_is_the_first_word_that_is_no_flag() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(subcommand_at(&w("-n team image deploy/web a=b")), Some(2));
        assert_eq!(subcommand_at(&w("--all")), None);
    }

    #[test]
    fn kinds_without_a_pod_template_are_refused_by_their_go_type() {
        let mut v = Value::Map(vec![]);
        assert_eq!(pod_spec(&mut v, Kind::Service).unwrap_err(), "the object is not a pod or does not have a pod template: *v1.Service");
        assert!(pod_spec(&mut v, Kind::CronJob).is_ok());
        assert!(v.get("spec").and_then(|s| s.get("jobTemplate")).is_some());
    }
}
