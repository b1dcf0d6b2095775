//! The engine's layers, checked rather than hoped for: each top-level module of `src/`
//! may use only modules of its own layer or below, and no modules use each other in a
//! cycle. A module's uses are read from its sources (`crate::x`, `crate::{x, y}`, and the
//! crate root's re-exports), leaving out its `#[cfg(test)]` part.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lowest first. Adding a module means giving it a place here.
const LAYERS: &[&[&str]] = &[
    &["backoff", "cron", "files", "hash", "net", "patch", "quantity", "rng", "sha256", "time", "value", "words", "yaml"],
    &["compose", "kustomize", "model"],
    &["docker", "events", "metrics", "node_image", "presets", "registry", "runtime", "store"],
    &["api"],
    // What a pod's network answers reads only the API's objects: the kubelet asks it for
    // a container's own lookups.
    &["dns", "netpol"],
    &["kubelet"],
    &["apiserver"],
    &["apply", "controllers", "ingress", "loadgen", "proxy", "scheduler"],
    &["addons"],
    &["world"],
    &["kubectl"],
    &["actions"],
    &["filters", "shell"],
    &["cluster"],
    &["terminal"],
    &["bench", "compare", "explain", "export", "import", "invariants", "soak", "view", "script", "timeline"],
    &["lesson"],
];

/// The crate root's re-exports, as the module they come from.
const REEXPORTS: &[(&str, &str)] = &[("Action", "actions"), ("Cluster", "cluster"), ("Preset", "presets"), ("K8S_VERSION", "")];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every top-level module and the modules it uses.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeSet<String> = BTreeSet::new();
    for entry in std::fs::read_dir(&src).expect("src is readable") {
        let name = entry.expect("an entry").file_name().to_string_lossy().to_string();
        match name.strip_suffix(".rs") {
            Some("lib") => {}
            Some(m) => {
                modules.insert(m.to_string());
            }
            None => {
                modules.insert(name);
            }
        }
    }
    let mut uses: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).expect("below src");
            let first = rel.components().next().expect("a name").as_os_str().to_string_lossy().to_string();
            let me = first.strip_suffix(".rs").unwrap_or(&first).to_string();
            if !modules.contains(&me) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable source");
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            for used in crate_paths(text) {
                let module = REEXPORTS.iter().find(|(name, _)| *name == used).map(|(_, m)| m.to_string()).unwrap_or(used);
                if modules.contains(&module) && module != me {
                    uses.get_mut(&me).expect("listed").insert(module);
                }
            }
        }
    }
    uses
}

/// The first names after each `crate::` (each of a `crate::{…}` group).
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            out.extend(inner.split(',').map(|p| word(p.trim())).filter(|w| !w.is_empty()));
        } else {
            out.push(word(rest));
        }
    }
    out
}

#[test]
fn every_module_has_a_layer_and_uses_only_its_layer_and_below() {
    let mut wrong = Vec::new();
    for (module, used) in uses() {
        let Some(mine) = layer_of(&module) else {
            wrong.push(format!("{module} has no place in LAYERS"));
            continue;
        };
        for u in used {
            match layer_of(&u) {
                Some(theirs) if theirs > mine => wrong.push(format!("{module} (layer {mine}) uses {u} (layer {theirs})")),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_modules_use_each_other_in_a_cycle() {
    let uses = uses();
    // Depth-first search for a path back to where it started.
    fn reaches(uses: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        for next in uses.get(from).into_iter().flatten() {
            if next == to || (seen.insert(next.clone()) && reaches(uses, next, to, seen)) {
                return true;
            }
        }
        false
    }
    let cyclic: Vec<&String> = uses.keys().filter(|m| reaches(&uses, m, m, &mut BTreeSet::new())).collect();
    assert!(cyclic.is_empty(), "modules in a cycle: {cyclic:?}");
}

#[test]
fn the_reading_of_sources_finds_known_uses() {
    let uses = uses();
    assert!(uses["cluster"].contains("world"), "{:?}", uses["cluster"]);
    assert!(uses["model"].contains("value"));
    assert!(!uses["model"].contains("store"));
    assert_eq!(crate_paths("use crate::{a, b::c};\ncrate::d::e"), ["a", "b", "d"]);
}
