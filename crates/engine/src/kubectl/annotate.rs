//! `kubectl annotate TYPE NAME key=value key2-` (kubectl's `pkg/cmd/annotate`): like
//! `label`, but on annotations, which select nothing. `kubernetes.io/change-cause` is what
//! `rollout history` shows.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};

const ANNOTATE_FLAGS: &[FlagSpec] = &[
    flag("overwrite", None, false),
    flag("all", None, false),
    flag("selector", Some('l'), true),
    flag("list", None, false),
    flag("resource-version", None, true),
    flag("dry-run", None, true),
];

/// `change-cause` may always be overwritten (`validateNoAnnotationOverwrites`).
const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";

/// `key=value` and `key-` changes made to `annotations` as kubectl's annotate command
/// makes them, or kubectl's error.
fn annotation_changes(annotations: &mut crate::model::Labels, changes: &[&String], overwrite: bool) -> Result<(), String> {
    let mut clashes = Vec::new();
    for ch in changes {
        if let Some(key) = ch.strip_suffix('-') {
            annotations.remove(key);
            continue;
        }
        let Some((k, v)) = ch.split_once('=') else { continue };
        if let Some(old) = annotations.get(k) {
            if old != v && k != CHANGE_CAUSE && !overwrite {
                clashes.push(format!("'{k}' already has a value ({old})"));
            }
        }
        if let Some(e) = crate::model::validation::names::qualified_name(k).first() {
            return Err(format!("error: invalid annotation format: {ch}: {e}"));
        }
        annotations.insert(k, v);
    }
    if !clashes.is_empty() {
        return Err(format!("error: --overwrite is false but found the following declared annotation(s): {}", clashes.join("; ")));
    }
    Ok(())
}

pub fn annotate(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, ANNOTATE_FLAGS, "annotate") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let (targets, changes): (Vec<&String>, Vec<&String>) = p.positional.iter().partition(|a| !a.contains('=') && !a.ends_with('-'));
    if targets.is_empty() {
        return Output::err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    let overwrite = p.bool("overwrite");
    let named: Vec<String> = targets.iter().map(|t| t.to_string()).collect();
    if let Some((crd, names)) = super::custom::target(c, &named) {
        let dry = p.get("dry-run").is_some_and(|d| d != "none");
        let edit = |meta: &mut crate::model::ObjectMeta| annotation_changes(&mut meta.annotations, &changes, overwrite).map(|()| !dry);
        return super::custom::relabel(c, &p, &crd, &names, &ns, ("annotated", "annotated"), &edit);
    }
    let targets = match super::nodes::resolve_targets(c, &p, &ns, &targets, "annotation") {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    let mut out = Output::default();
    for (kind, name) in targets {
        let tns = if kind.info().namespaced { ns.clone() } else { String::new() };
        let Some(meta) = c.store.meta_of(kind, &tns, &name) else {
            out.stderr.push_str(&format!("Error from server (NotFound): {} \"{name}\" not found\n", kind.resource_name()));
            out.code = 1;
            continue;
        };
        let mut annotations = meta.annotations.clone();
        if let Err(e) = annotation_changes(&mut annotations, &changes, overwrite) {
            return Output::err(e);
        }
        if p.get("dry-run").is_none_or(|d| d == "none") {
            crate::apiserver::set_annotations(&mut c.api, kind, &tns, &name, annotations);
        }
        out.stdout.push_str(&format!("{}/{name} annotated\n", kind.type_name()));
    }
    out
}
