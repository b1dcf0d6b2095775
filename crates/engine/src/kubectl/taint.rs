//! `kubectl taint nodes NAME KEY[=VALUE]:EFFECT …` and `KEY[:EFFECT]-` (kubectl's
//! `pkg/cmd/taint`): the scheduler honours the taints at once, and a `NoExecute` taint
//! makes the taint eviction controller delete the pods that do not tolerate it.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};
use crate::model::node::Taint;

const TAINT_FLAGS: &[FlagSpec] =
    &[flag("overwrite", None, false), flag("all", None, false), flag("selector", Some('l'), true), flag("dry-run", None, true)];

const EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// One taint argument: an addition, or a removal (`KEY-`, `KEY:EFFECT-`).
enum Change {
    Add(Taint),
    Remove { key: String, effect: Option<String> },
}

fn parse(arg: &str) -> Result<Change, String> {
    if let Some(body) = arg.strip_suffix('-') {
        let (key, effect) = match body.split_once(':') {
            Some((k, e)) => (k, Some(e.to_string())),
            None => (body, None),
        };
        if let Some(e) = effect.as_deref().filter(|e| !EFFECTS.contains(e)) {
            return Err(format!("error: invalid taint spec: {arg}, invalid taint effect: {e}, unsupported taint effect"));
        }
        return Ok(Change::Remove { key: key.to_string(), effect });
    }
    let Some((kv, effect)) = arg.split_once(':') else {
        return Err(format!("error: invalid taint spec: {arg}, at least one taint update is required"));
    };
    if !EFFECTS.contains(&effect) {
        return Err(format!("error: invalid taint spec: {arg}, invalid taint effect: {effect}, unsupported taint effect"));
    }
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    if key.is_empty() {
        return Err(format!("error: invalid taint spec: {arg}, invalid taint key"));
    }
    Ok(Change::Add(Taint { key: key.to_string(), value: value.to_string(), effect: effect.to_string() }))
}

pub fn taint(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, TAINT_FLAGS, "taint") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    // `nodes NAME specs…` or `node/NAME specs…`.
    let (kind, name, specs) = match p.positional.as_slice() {
        [one, specs @ ..] if one.contains('/') => match one.split_once('/') {
            Some((k, n)) => (k.to_string(), n.to_string(), specs),
            None => return Output::err("error: one or more resources must be specified as <resource> <name>"),
        },
        [k, n, specs @ ..] if !n.contains([':', '=']) && !n.ends_with('-') => (k.clone(), n.clone(), specs),
        _ => return Output::err("error: one or more resources must be specified as <resource> <name>"),
    };
    if !matches!(kind.as_str(), "node" | "nodes" | "no") {
        return Output::err(format!("error: invalid resource type {kind}, only node types are supported"));
    }
    if specs.is_empty() {
        return Output::err("error: at least one taint update is required");
    }
    let mut changes = Vec::new();
    for s in specs {
        match parse(s) {
            Ok(ch) => changes.push(ch),
            Err(e) => return Output::err(e),
        }
    }
    let Some(node) = c.api.store.nodes.get(&name) else {
        return Output::err(format!("Error from server (NotFound): nodes \"{name}\" not found"));
    };
    let mut taints = node.taints.clone();
    let overwrite = p.bool("overwrite");
    let (mut added, mut removed, mut modified) = (Vec::new(), false, false);
    for ch in changes {
        match ch {
            Change::Add(t) => match taints.iter_mut().find(|x| x.key == t.key && x.effect == t.effect) {
                Some(_) if !overwrite => {
                    return Output::err(format!(
                        "error: node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                        t.key
                    ));
                }
                Some(existing) => {
                    existing.value = t.value.clone();
                    modified = true;
                }
                None => {
                    taints.push(t.clone());
                    added.push(t);
                }
            },
            Change::Remove { key, effect } => {
                let before = taints.len();
                taints.retain(|x| !(x.key == key && effect.as_ref().is_none_or(|e| *e == x.effect)));
                if taints.len() == before {
                    let shown = effect.map(|e| format!("{key}:{e}")).unwrap_or(key);
                    return Output::err(format!("error: taint \"{shown}\" not found"));
                }
                removed = true;
            }
        }
    }
    let word = if modified || (removed && !added.is_empty()) {
        "modified"
    } else if removed {
        "untainted"
    } else {
        "tainted"
    };
    if p.get("dry-run").is_some_and(|d| d != "none") {
        return Output::ok(format!("node/{name} {word} (dry run)\n"));
    }
    let rv = c.api.store.next_rv();
    if let Some(n) = c.api.store.nodes.get_mut(&name) {
        n.taints = taints;
        n.meta.resource_version = rv;
    }
    c.api.queues.scheduling.nodes_changed();
    for t in &added {
        crate::controllers::node_lifecycle::taint_added(&mut c.api, &name, t);
    }
    Output::ok(format!("node/{name} {word}\n"))
}
