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
        let mut clashes = Vec::new();
        for ch in &changes {
            if let Some(key) = ch.strip_suffix('-') {
                annotations.remove(key);
                continue;
            }
            let Some((k, v)) = ch.split_once('=') else { continue };
            if let Some(old) = annotations.get(k) {
                if old != v && k != CHANGE_CAUSE && !p.bool("overwrite") {
                    clashes.push(format!("'{k}' already has a value ({old})"));
                }
            }
            if let Some(e) = crate::model::validation::names::qualified_name(k).first() {
                return Output::err(format!("error: invalid annotation format: {ch}: {e}"));
            }
            annotations.insert(k, v);
        }
        if !clashes.is_empty() {
            return Output::err(format!(
                "error: --overwrite is false but found the following declared annotation(s): {}",
                clashes.join("; ")
            ));
        }
        if p.get("dry-run").is_none_or(|d| d == "none") {
            crate::apiserver::set_annotations(&mut c.api, kind, &tns, &name, annotations);
        }
        out.stdout.push_str(&format!("{}/{name} annotated\n", kind.type_name()));
    }
    out
}
