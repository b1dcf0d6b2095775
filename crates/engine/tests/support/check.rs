//! What must hold for any generated input, shared by the property tests and the fuzz
//! targets (included with `#[path]`). Each check returns what went wrong; a panic inside
//! the engine is the failure the callers are after and is left to propagate.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;

use engine::apply::Mode;
use engine::files::{FileError, Files, NoFiles};
use engine::{Cluster, Preset};

thread_local! {
    static FRESH: RefCell<BTreeMap<u64, Cluster>> = const { RefCell::new(BTreeMap::new()) };
}

/// A fresh kind cluster of `seed`, as `Cluster::new` makes it. Booting one (a simulated
/// minute of system pods) costs more than most checks, so each thread boots a seed once
/// and hands out clones, which run on exactly as the original would (`tests/determinism.rs`).
pub fn fresh(seed: u64) -> Cluster {
    FRESH.with(|m| m.borrow_mut().entry(seed).or_insert_with(|| Cluster::new(Preset::Kind, None, seed)).clone())
}

/// Lines as the page's editor counts them: a textarea turns CRLF and lone CRs into LF,
/// and a text ending in a newline has an empty last line.
pub fn editor_lines(text: &str) -> u32 {
    let normal = text.replace("\r\n", "\n").replace('\r', "\n");
    normal.matches('\n').count() as u32 + 1
}

/// Every diagnostic points at a line of the text and a column from 1.
pub fn spans_inside(text: &str, errors: &[engine::apply::Diagnostic]) -> Result<(), String> {
    let lines = editor_lines(text);
    for e in errors {
        if e.text.is_empty() {
            return Err("an error with no text".into());
        }
        if e.span.line < 1 || e.span.line > lines || e.span.col < 1 {
            return Err(format!("error at {}:{} of a {lines}-line text: {}", e.span.line, e.span.col, e.text));
        }
    }
    Ok(())
}

/// A shell word for a name the API server accepted.
fn word(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Applies `text` to a fresh cluster, runs a minute, prints everything and describes what
/// was written; then a node fails long enough for its pods to be evicted, everything
/// written is deleted and the node comes back. Spans point inside the text and the
/// cluster's invariants hold at the end.
pub fn manifest(text: &str) -> Result<(), String> {
    let mut c = fresh(1);
    let report = c.apply_text(text, "gen.yaml", "default", Mode::Apply);
    spans_inside(text, &report.errors)?;
    for n in &report.notes {
        if n.span.line < 1 || n.span.line > editor_lines(text) || n.span.col < 1 {
            return Err(format!("note at {}:{} outside the text: {}", n.span.line, n.span.col, n.text));
        }
    }
    c.advance(60_000);
    let all = c.kubectl("get all -A -o yaml", &NoFiles);
    if all.code != 0 {
        return Err(format!("get all -A failed: {}", all.stderr));
    }
    for (kind, ns, name) in &report.written {
        let ns_flag = if ns.is_empty() { String::new() } else { format!(" -n {}", word(ns)) };
        // TYPE/NAME: a name may start with `-` (RBAC and flow-control names are any path
        // segment), which on its own kubectl would read as a flag.
        let out = c.kubectl(&format!("describe {}{ns_flag}", word(&format!("{}/{name}", kind.info().plural))), &NoFiles);
        if out.code != 0 && !out.stderr.contains("NotFound") {
            return Err(format!("describe {kind:?} {ns}/{name}: {}", out.text()));
        }
    }
    let _ = engine::view::of(&c);
    // The worker fails for six minutes: the taint manager evicts its pods after their
    // five-minute toleration (or their own tolerationSeconds).
    let _ = c.kill_node("kind-worker");
    c.advance(6 * 60_000);
    let _ = c.kubectl("get pods -A -o wide", &NoFiles);
    for (kind, ns, name) in report.written.iter().rev() {
        let ns_flag = if ns.is_empty() { String::new() } else { format!(" -n {}", word(ns)) };
        let _ = c.kubectl(&format!("delete {}{ns_flag} --wait=false", word(&format!("{}/{name}", kind.info().plural))), &NoFiles);
    }
    let _ = c.restore_node("kind-worker");
    c.advance(2 * 60_000);
    let _ = engine::view::of(&c);
    engine::invariants::check(&c).map_err(|v| v.to_string())
}

/// The invariants are those of a settled cluster (a scale-up of thousands of pods takes
/// many syncs): the actions are replayed on a fresh cluster of the same seed, every node
/// comes back, twenty minutes pass, and then they must hold.
pub fn settles(seed: u64, log: &[engine::Action]) -> Result<(), String> {
    let mut c = fresh(seed);
    for a in log {
        c.perform(a, &NoFiles);
    }
    for n in engine::soak::NODES {
        let _ = c.restore_node(n);
    }
    c.advance(20 * 60_000);
    engine::invariants::check(&c).map_err(|v| v.to_string())
}

/// A kubectl line's output: exit code 0 or 1, and an error says something.
pub fn output(line: &str, out: &engine::kubectl::Output) -> Result<(), String> {
    if out.code != 0 && out.code != 1 {
        return Err(format!("{line:?}: exit code {}", out.code));
    }
    if out.code == 1 && out.stderr.trim().is_empty() {
        return Err(format!("{line:?}: failed without a word on stderr: {:?}", out.text()));
    }
    std::str::from_utf8(out.text().as_bytes()).map_err(|e| e.to_string())?;
    Ok(())
}

/// The seed's Deployment and Service, as `kubectl` properties start from.
pub const SEED: &str = concat!(
    include_str!("../../../../examples/seed/spring-deployment.yaml"),
    "\n---\n",
    include_str!("../../../../examples/seed/spring-service.yaml"),
    "\n---\n",
    include_str!("../../../../examples/seed/spring-hpa.yaml"),
);

/// `-f` files for kubectl lines: the seed's manifests by name, a folder, nothing else.
pub struct SeedFiles;

impl Files for SeedFiles {
    fn read(&self, path: &str) -> Result<String, FileError> {
        match path.trim_start_matches("./") {
            "spring-deployment.yaml" => Ok(include_str!("../../../../examples/seed/spring-deployment.yaml").into()),
            "spring-service.yaml" => Ok(include_str!("../../../../examples/seed/spring-service.yaml").into()),
            "three-pods.yaml" => Ok(include_str!("../../../../examples/seed/three-pods.yaml").into()),
            "-" => Ok(String::new()),
            _ => Err(FileError::Missing(path.to_string())),
        }
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        (path == "." || path == "./").then(|| vec!["spring-deployment.yaml".into(), "spring-service.yaml".into()])
    }
}

/// A cluster running the seed's Deployment, Service and HPA for half a minute.
pub fn seeded() -> Cluster {
    let mut c = fresh(1);
    let r = c.apply_text(SEED, "seed.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The seed's image is built locally; on kind it is loaded into the nodes.
    c.advance(30_000);
    c
}
