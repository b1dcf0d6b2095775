//! The page's layers (the `kubeplay-web` crate in the repository's `src/`), checked here
//! because the page is a wasm binary with no native tests. Each top-level module of `src/`
//! may use only modules of its own layer or below, no modules use each other in a cycle
//! (the panels among themselves included), and only `state` touches the cluster: panels
//! read through `Sim` and change it through `Sim::perform` and `Sim::run`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. Adding a module means giving it a place here.
const LAYERS: &[&[&str]] = &[
    &["assets", "bench", "examples", "i18n", "storage", "tabs"],
    &["recovery"],
    &["state"],
    &["ticker"],
    &["panels"],
    &["app"],
    &["tests"],
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src")
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file below `dir`, with its path relative to `dir`.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a readable source");
                out.push((path.strip_prefix(dir).expect("below").to_path_buf(), text));
            }
        }
    }
    out.sort();
    out
}

/// The module a file belongs to, one level below `dir` (`panels/details.rs` → `panels`).
fn top(rel: &Path) -> String {
    let first = rel.components().next().expect("a name").as_os_str().to_string_lossy().to_string();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The first names after each `prefix` (each of a `prefix{…}` group).
fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (i, _) in text.match_indices(prefix) {
        // `crate::x` inside `super::crate::…` cannot happen; `foo_crate::` is not ours.
        if text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            out.extend(inner.split(',').map(|p| word(p.trim())).filter(|w| !w.is_empty()));
        } else {
            out.push(word(rest));
        }
    }
    out
}

/// Each module's uses among `modules`, from the files grouped under it.
fn uses(files: &[(String, String)], modules: &BTreeSet<String>, prefixes: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut uses: BTreeMap<String, BTreeSet<String>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for (me, text) in files {
        if !modules.contains(me) {
            continue;
        }
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for prefix in prefixes {
            for used in paths_after(text, prefix) {
                if modules.contains(&used) && used != *me {
                    uses.get_mut(me).expect("listed").insert(used);
                }
            }
        }
    }
    uses
}

/// The page's top-level modules (the crate root `main` left out) and their uses.
fn page_uses() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, String)> = sources(&src()).into_iter().map(|(rel, text)| (top(&rel), text)).collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).filter(|m| m != "main").collect();
    uses(&files, &modules, &["crate::"])
}

/// The panels and their uses of each other.
fn panel_uses() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, String)> = sources(&src().join("panels")).into_iter().map(|(rel, text)| (top(&rel), text)).collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).filter(|m| m != "mod").collect();
    uses(&files, &modules, &["super::", "crate::panels::"])
}

fn cycles(uses: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn reaches(uses: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str, seen: &mut BTreeSet<String>) -> bool {
        for next in uses.get(from).into_iter().flatten() {
            if next == to || (seen.insert(next.clone()) && reaches(uses, next, to, seen)) {
                return true;
            }
        }
        false
    }
    uses.keys().filter(|m| reaches(uses, m, m, &mut BTreeSet::new())).cloned().collect()
}

#[test]
fn every_page_module_has_a_layer_and_uses_only_its_layer_and_below() {
    let mut wrong = Vec::new();
    for (module, used) in page_uses() {
        let Some(mine) = layer_of(&module) else {
            wrong.push(format!("{module} has no place in LAYERS"));
            continue;
        };
        for u in used {
            if layer_of(&u).is_some_and(|theirs| theirs > mine) {
                wrong.push(format!("{module} (layer {mine}) uses {u} (layer {})", layer_of(&u).unwrap_or(0)));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_page_modules_and_no_panels_use_each_other_in_a_cycle() {
    assert_eq!(cycles(&page_uses()), Vec::<String>::new(), "top-level modules in a cycle");
    assert_eq!(cycles(&panel_uses()), Vec::<String>::new(), "panels in a cycle");
}

/// What only `state` may do: make a cluster and change it, or reach into the world's
/// actors and the store's indexes (the engine's `view` answers the page's questions).
/// `Sim` keeps its cluster private, so a panel cannot get one to change anyway; this
/// catches a second cluster, or a read that goes around the view.
const STATE_ONLY: &[&str] = &[
    ".store.",
    ".scheduler.",
    ".proxy.",
    ".loadgen.",
    ".autoscalers.",
    ".api.",
    "Cluster::new",
    "World::new",
    ".apply_text(",
    ".advance(",
    ".kill_node(",
    ".restore_node(",
    ".docker_build(",
    ".kind_load(",
    ".send_requests(",
    ".set_load(",
    ".set_proxy_mode(",
    ".set_session_affinity(",
    ".remove_local_image(",
    ".set_registry(",
    ".kubectl(",
];

#[test]
fn only_state_holds_and_changes_the_cluster() {
    let mut wrong = Vec::new();
    for (rel, text) in sources(&src()) {
        // The benchmark runs the engine's own throwaway cluster; tests build their own.
        if matches!(top(&rel).as_str(), "state" | "bench" | "tests") {
            continue;
        }
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for bad in STATE_ONLY {
                if line.contains(bad) {
                    wrong.push(format!("{}:{}: {bad}: {}", rel.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "only src/state.rs may touch the cluster:\n{}", wrong.join("\n"));
}

#[test]
fn the_reading_of_sources_finds_known_uses() {
    let page = page_uses();
    assert!(page["app"].contains("panels"), "{:?}", page["app"]);
    assert!(page["panels"].contains("state"), "{:?}", page["panels"]);
    assert!(page["state"].contains("recovery"), "{:?}", page["state"]);
    assert!(!page["state"].contains("panels"));
    let panels = panel_uses();
    assert!(panels["manifests"].contains("editor"), "{:?}", panels["manifests"]);
    assert!(panels["cluster_view"].contains("cluster_tiles"), "{:?}", panels["cluster_view"]);
    assert_eq!(paths_after("use crate::{a, b::c};\ncrate::d::e; engine_crate::f", "crate::"), ["a", "b", "d"]);
}
