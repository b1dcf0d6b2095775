//! `kubectl diff -f FILE | -k DIR` (kubectl's `pkg/cmd/diff`): each object as it is live
//! and as a server-side dry run of `apply` would leave it, written as YAML into a `LIVE-`
//! and a `MERGED-` folder and compared with `diff -u -N`. Exit code 1 when they differ, 0
//! when not, 2 for an error.
//!
//! The dry run is the real write path run on a copy of the cluster that is then dropped,
//! so defaulting, validation and the generation bump are the API server's. kubectl's
//! patch does not carry the last-applied annotation and a dry run stores nothing, so the
//! merged object keeps the live annotation and resourceVersion (a new object has none).
//! The two folders' names are fixed per instant (a real kubectl makes random ones), and
//! kubeplay keeps no managedFields, so `--show-managed-fields` shows none.
//!
//! `--prune` (kubectl's `pruner`): in every namespace a file's object is in (and, without
//! `-n`, cluster-wide), the objects of the allowlisted kinds that match `-l`, carry
//! kubectl apply's last-applied annotation and are not in the files are written to the
//! live folder only, so the diff shows them deleted.

use super::args::{self, flag, FlagSpec};
use super::get::{to_value, ObjRef};
use super::{Files, Output};
use crate::apply::{Mode, LAST_APPLIED};
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

const FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("recursive", Some('R'), false),
    flag("selector", Some('l'), true),
    flag("server-side", None, false),
    flag("force-conflicts", None, false),
    flag("field-manager", None, true),
    flag("show-managed-fields", None, false),
    flag("prune", None, false),
    flag("prune-allowlist", None, true),
    flag("concurrency", None, true),
];

/// kubectl's error exit: `CheckDiffErr` adds one to the usual code, since 1 means "differs".
const ERROR: i32 = 2;

fn fail(text: impl Into<String>) -> Output {
    Output { code: ERROR, ..Output::err(text) }
}

pub fn diff(c: &World, rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "diff") {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    if !p.positional.is_empty() {
        return fail(format!("error: Unexpected args: {:?}\nSee 'kubectl diff -h' for help and examples", p.positional).replace('"', ""));
    }
    if p.all("filename").is_empty() && !p.has("kustomize") {
        return fail("error: must specify one of -f and -k");
    }
    if p.bool("force-conflicts") && !p.bool("server-side") {
        return fail("error: --force-conflicts only works with --server-side");
    }
    let prune_kinds = if p.bool("prune") {
        match prune_allowlist(&p.all("prune-allowlist")) {
            Ok(k) => Some(k),
            Err(e) => return fail(e),
        }
    } else {
        None
    };
    // Objects from files are filtered here, so a bad selector is kubectl's own error.
    let selector = match p.get("selector").map(crate::model::Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => return fail(format!("error: {e}")),
    };
    let (docs, kustomize_warnings) = match super::commands::manifests(&p, files) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let ns = super::namespace(&p);
    let mut sandbox = c.clone();
    // (file name in the folders, live, merged)
    let mut pairs: Vec<(String, Option<Value>, Option<Value>)> = Vec::new();
    let mut visited: Vec<ObjRef> = Vec::new();
    for (source, text) in &docs {
        let report = crate::apply::apply_text(&mut sandbox.api, text, source, &ns, Mode::Apply);
        if let Some(e) = report.errors.first() {
            // kubectl stops at the first object the server refuses and diffs nothing.
            return fail(unwrap_source(&e.text, source));
        }
        for (kind, ons, name) in report.written {
            let r = ObjRef { kind, ns: ons, name };
            let live = super::get::exists(c, &r).then(|| to_value(c, &r));
            let mut merged = to_value(&sandbox, &r);
            if let Some(sel) = &selector {
                if !sel.matches(&super::get::labels_of(&sandbox, &r)) {
                    continue;
                }
            }
            as_dry_run(&mut merged, live.as_ref());
            pairs.push((file_name(&r), live, Some(merged)));
            visited.push(r);
        }
    }
    if let Some(kinds) = prune_kinds {
        for r in pruned(c, &kinds, &visited, selector.as_ref(), p.has("namespace")) {
            pairs.push((file_name(&r), Some(to_value(c, &r)), None));
        }
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let (live_dir, merged_dir) = folders(c);
    let stamp = gnu_time(c.now());
    let mut out = Output { warnings: kustomize_warnings, ..Output::default() };
    for (name, live, mut merged) in pairs {
        let mut live = live;
        let kind = live.as_ref().or(merged.as_ref()).and_then(|v| v.get("kind")).and_then(Value::as_str);
        if kind == Some("Secret") {
            let mut none = Value::Null;
            mask(live.as_mut(), merged.as_mut().unwrap_or(&mut none));
        }
        let old = live.as_ref().map(Value::to_yaml).unwrap_or_default();
        let new = merged.as_ref().map(Value::to_yaml).unwrap_or_default();
        let hunks = super::unified::hunks(&old.lines().collect::<Vec<_>>(), &new.lines().collect::<Vec<_>>());
        if hunks.is_empty() {
            continue;
        }
        // `diff -N` dates a missing file at the epoch.
        let epoch = "1970-01-01 00:00:00.000000000 +0000".to_string();
        let old_stamp = if live.is_some() { stamp.clone() } else { epoch.clone() };
        let new_stamp = if merged.is_some() { stamp.clone() } else { epoch };
        out.stdout.push_str(&format!(
            "diff -u -N {live_dir}/{name} {merged_dir}/{name}\n--- {live_dir}/{name}\t{old_stamp}\n+++ {merged_dir}/{name}\t{new_stamp}\n{hunks}"
        ));
    }
    if !out.stdout.is_empty() {
        out.code = 1;
    }
    out
}

/// kubectl's default prune allowlist (`prune.GetRESTMappings`), kinds kubeplay serves.
const PRUNE_DEFAULT: &[Kind] = &[
    Kind::ConfigMap,
    Kind::Endpoints,
    Kind::Namespace,
    Kind::PersistentVolumeClaim,
    Kind::PersistentVolume,
    Kind::Pod,
    Kind::ReplicationController,
    Kind::Secret,
    Kind::Service,
    Kind::Job,
    Kind::CronJob,
    Kind::Ingress,
    Kind::DaemonSet,
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::StatefulSet,
];

/// `--prune-allowlist GROUP/VERSION/KIND` (`core` for the core group), else the default.
fn prune_allowlist(list: &[&str]) -> Result<Vec<Kind>, String> {
    if list.is_empty() {
        return Ok(PRUNE_DEFAULT.to_vec());
    }
    list.iter()
        .map(|gvk| {
            let parts: Vec<&str> = gvk.split('/').collect();
            let [group, version, kind] = parts.as_slice() else {
                return Err(format!("error: invalid GroupVersionKind format: {gvk}, please follow <group/version/kind>"));
            };
            let api_version = if *group == "core" || group.is_empty() { version.to_string() } else { format!("{group}/{version}") };
            Kind::from_manifest(&api_version, kind)
                .ok_or_else(|| format!("error: no matches for kind \"{kind}\" in version \"{api_version}\""))
        })
        .collect()
}

/// The live objects `--prune` would delete: applied with kubectl apply (they carry its
/// annotation), matching the selector, in a visited namespace, and not in the files.
fn pruned(c: &World, kinds: &[Kind], visited: &[ObjRef], selector: Option<&crate::model::Selector>, ns_given: bool) -> Vec<ObjRef> {
    let mut namespaces: Vec<&str> = visited.iter().filter(|r| r.kind.info().namespaced).map(|r| r.ns.as_str()).collect();
    namespaces.sort();
    namespaces.dedup();
    let mut out = Vec::new();
    for kind in kinds {
        let scopes: Vec<Option<&str>> = if kind.info().namespaced {
            namespaces.iter().map(|n| Some(*n)).collect()
        } else if ns_given {
            vec![]
        } else {
            vec![None]
        };
        for scope in scopes {
            for r in super::get::list(c, *kind, scope) {
                let applied = c.store.meta_of(r.kind, &r.ns, &r.name).is_some_and(|m| m.annotations.get(LAST_APPLIED).is_some());
                let chosen = selector.is_none_or(|s| s.matches(&super::get::labels_of(c, &r)));
                let seen = visited.iter().any(|v| v.kind == r.kind && v.ns == r.ns && v.name == r.name);
                if applied && chosen && !seen {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// The server's answer as kubectl diff prints it: the dry-run request has no
/// `error when creating "FILE"` wrapper, which apply adds.
fn unwrap_source(text: &str, source: &str) -> String {
    let mut t = text.to_string();
    for verb in ["creating", "patching", "replacing"] {
        t = t.replace(&format!("error when {verb} \"{source}\": "), "");
    }
    t
}

/// What a dry run answers rather than what a write stores: the live last-applied
/// annotation (kubectl diff's patch leaves it out) and resourceVersion.
fn as_dry_run(merged: &mut Value, live: Option<&Value>) {
    let live_meta = live.and_then(|l| l.get("metadata"));
    let live_applied = live_meta.and_then(|m| m.get("annotations")).and_then(|a| a.get(LAST_APPLIED)).cloned();
    let live_rv = live_meta.and_then(|m| m.get("resourceVersion")).cloned();
    let meta = merged.entry_map("metadata");
    let mut drop_annotations = false;
    if let Some(ann) = meta.get_mut("annotations") {
        match live_applied {
            Some(v) => ann.set(LAST_APPLIED, v),
            None => {
                ann.remove(LAST_APPLIED);
            }
        }
        drop_annotations = ann.as_map().is_some_and(|m| m.is_empty());
    }
    if drop_annotations {
        meta.remove("annotations");
    }
    match live_rv {
        Some(rv) => meta.set("resourceVersion", rv),
        None => {
            meta.remove("resourceVersion");
        }
    }
    meta.remove("managedFields");
}

/// kubectl's file name for an object: `GROUP.VERSION.KIND.NAMESPACE.NAME`, the group and
/// its dot left out for the core group.
fn file_name(r: &ObjRef) -> String {
    let info = r.kind.info();
    let (group, version) = match info.api_version.split_once('/') {
        Some((g, v)) => (format!("{g}."), v),
        None => (String::new(), info.api_version),
    };
    format!("{group}{version}.{}.{}.{}", info.name, r.ns, r.name)
}

/// The two temporary folders: a real kubectl asks the system for fresh random names;
/// these are drawn from the instant so a transcript reads the same every run.
fn folders(c: &World) -> (String, String) {
    let h = crate::hash::mix(crate::hash::mix(0, c.now()), 0x4c49_5645);
    let live = (h >> 32) as u32;
    let merged = crate::hash::mix(h, 0x4d45_5247) as u32;
    (format!("/tmp/LIVE-{live}"), format!("/tmp/MERGED-{merged}"))
}

/// A file's modification time as GNU diff prints it.
fn gnu_time(ms: crate::time::Millis) -> String {
    let t = crate::time::rfc3339(ms);
    let (date, time) = t.trim_end_matches('Z').split_once('T').unwrap_or((&t, ""));
    format!("{date} {time}.{:09} +0000", (ms % 1000) * 1_000_000)
}

/// kubectl's Masker: a Secret's values never reach the terminal; a value that changed is
/// `*** (before)` / `*** (after)`, every other one `***`.
fn mask(live: Option<&mut Value>, merged: &mut Value) {
    let before: Vec<(String, Value)> = live.as_ref().and_then(|l| l.get("data")).and_then(Value::as_map).cloned().unwrap_or_default();
    let after: Vec<(String, Value)> = merged.get("data").and_then(Value::as_map).cloned().unwrap_or_default();
    let star = |s: &str| Value::str(s);
    if let Some(live) = live {
        if let Some(Value::Map(m)) = live.get_mut("data") {
            for (k, v) in m.iter_mut() {
                let changed = after.iter().any(|(ak, av)| ak == k && av != v);
                *v = star(if changed { "*** (before)" } else { "***" });
            }
        }
    }
    if let Some(Value::Map(m)) = merged.get_mut("data") {
        for (k, v) in m.iter_mut() {
            let changed = before.iter().any(|(bk, bv)| bk == k && bv != v);
            *v = star(if changed { "*** (after)" } else { "***" });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct One(&'static str);

    impl Files for One {
        fn read(&self, path: &str) -> Result<String, crate::files::FileError> {
            match path {
                "cm.yaml" => Ok(self.0.to_string()),
                _ => Err(crate::files::FileError::Missing(path.to_string())),
            }
        }
    }

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(String::from).collect()
    }

    #[test]
    fn exits_one_for_a_difference_zero_for_none_two_for_an_error() {
        let mut w = World::new(crate::Preset::DockerDesktop, None, 1);
        let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n";
        let before = diff(&w, &words("-f cm.yaml"), &One(cm));
        assert_eq!(before.code, 1, "{}", before.text());
        assert!(before.stdout.contains("+++ /tmp/MERGED-") && before.stdout.contains("/v1.ConfigMap.default.c\t"), "{}", before.stdout);
        // The dry run left the cluster as it was.
        assert!(!w.store.exists(Kind::ConfigMap, "default", "c"));
        assert!(crate::apply::apply_text(&mut w.api, cm, "cm.yaml", "default", Mode::Apply).errors.is_empty());
        let same = diff(&w, &words("-f cm.yaml"), &One(cm));
        assert_eq!((same.code, same.text().as_str()), (0, ""));
        let changed = diff(&w, &words("-f cm.yaml"), &One("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: w\n"));
        assert_eq!(changed.code, 1);
        assert!(changed.stdout.contains("\n-  k: v\n+  k: w\n"), "{}", changed.stdout);
        let missing = diff(&w, &words("-f gone.yaml"), &One(cm));
        assert_eq!((missing.code, missing.stderr.as_str()), (2, "error: the path \"gone.yaml\" does not exist\n"));
    }

    #[test]
    fn names_files_as_kubectl_does() {
        let r = ObjRef { kind: Kind::Deployment, ns: "default".into(), name: "web".into() };
        assert_eq!(file_name(&r), "apps.v1.Deployment.default.web");
        let r = ObjRef { kind: Kind::Namespace, ns: String::new(), name: "team".into() };
        assert_eq!(file_name(&r), "v1.Namespace..team");
    }

    #[test]
    fn dates_files_as_gnu_diff_does() {
        let t = gnu_time(1_500);
        assert!(t.ends_with(":01.500000000 +0000"), "{t}");
        assert_eq!(t.len(), "2025-05-24 04:48:00.000000000 +0000".len(), "{t}");
    }

    #[test]
    fn masks_secret_values() {
        let mut live =
            Value::Map(vec![("data".into(), Value::Map(vec![("a".into(), Value::str("eA==")), ("b".into(), Value::str("eQ=="))]))]);
        let mut merged =
            Value::Map(vec![("data".into(), Value::Map(vec![("a".into(), Value::str("eA==")), ("b".into(), Value::str("eg=="))]))]);
        mask(Some(&mut live), &mut merged);
        assert_eq!(live.get("data").and_then(|d| d.get("b")).and_then(Value::as_str), Some("*** (before)"));
        assert_eq!(merged.get("data").and_then(|d| d.get("b")).and_then(Value::as_str), Some("*** (after)"));
        assert_eq!(merged.get("data").and_then(|d| d.get("a")).and_then(Value::as_str), Some("***"));
    }
}
