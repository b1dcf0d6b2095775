//! `patches`, and the deprecated `patchesStrategicMerge` and `patchesJson6902`, as
//! kustomize's PatchTransformer, PatchStrategicMergeTransformer and
//! PatchJson6902Transformer apply them: every entry is read and checked before any runs
//! (kustomize configures all its transformers first). A `patches` entry is a strategic
//! merge patch when its text is objects with a kind and a name, a JSON 6902 patch when it
//! is a list of operations. The merging itself is the engine's one implementation of each
//! format, the one `kubectl patch` uses.

use super::resource::{Id, Resource};
use super::selector::Selector;
use super::{join, parse_docs};
use crate::files::Files;
use crate::patch::{json, strategic, PatchError};
use crate::value::Value;

/// A strategic merge patch, and whether it may rename its target or change its kind.
struct Smp {
    patch: Value,
    allow_name_change: bool,
    allow_kind_change: bool,
}

enum Patch {
    /// Without a target each patch picks the resource its own id names.
    /// `source` is how kustomize names the entry in messages; `None` for the deprecated
    /// `patchesStrategicMerge`, whose lookup errors are returned as they are.
    Strategic { patches: Vec<Smp>, target: Option<Selector>, source: Option<String> },
    /// `legacy` for `patchesJson6902`, which does not record the id it patched.
    Json { ops: Value, target: Selector, legacy: bool },
}

/// The kustomization's patches, read: those run before the namespace and name
/// transformers (`patchesStrategicMerge`, then `patches`) and the JSON 6902 ones run
/// after the labels and annotations (`patchesJson6902`).
pub struct Patches {
    early: Vec<Patch>,
    late: Vec<Patch>,
}

/// Go's `%q`.
fn quote(s: &str) -> String {
    crate::model::validation::go_quote(s)
}

/// The config kustomize prints when a transformer cannot be configured (sigs.k8s.io/yaml
/// of the entry: its fields sorted).
fn trouble(transformer: &str, config: &Value, err: &str) -> String {
    let mut sorted = config.as_map().map(|m| m.to_vec()).unwrap_or_default();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    format!("error: trouble configuring builtin {transformer} with config: `\n{}`: {err}", Value::Map(sorted).to_yaml())
}

/// `SliceFromBytes`: objects that each have a kind and a name, or why not.
fn objects(text: &str, source: &str) -> Result<Vec<Value>, String> {
    let docs = parse_docs(text, source)?;
    for d in &docs {
        let Some(m) = d.as_map() else { return Err("not an object".into()) };
        let kind = d.get("kind").and_then(Value::as_str).unwrap_or("");
        if kind.is_empty() {
            return Err(format!("missing kind in object {}", meta_text(m)));
        }
        if d.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").is_empty() {
            return Err(format!("missing metadata.name in object {}", meta_text(m)));
        }
    }
    Ok(docs)
}

/// Go's `%v` of kyaml's ResourceMeta: `{{apiVersion kind} {{name namespace …}}}`, short.
fn meta_text(m: &crate::value::Map) -> String {
    let get = |k: &str| m.iter().find(|(key, _)| key == k).and_then(|(_, v)| v.as_str()).unwrap_or("").to_string();
    format!("{{{{{} {}}} {{{{}}}}}}", get("apiVersion"), get("kind"))
}

/// `jsonPatchFromBytes`: the first document, a list of operations.
fn operations(text: &str) -> Option<Value> {
    let stream = crate::yaml::parse_stream(text);
    if stream.error.is_some() {
        return None;
    }
    let first = crate::model::decode::untyped(&stream.docs.first()?.root);
    match &first {
        Value::Seq(ops) if ops.iter().all(|o| matches!(o, Value::Map(_))) => Some(first),
        _ => None,
    }
}

fn read(files: &dyn Files, dir: &str, path: &str) -> Result<String, String> {
    let full = join(dir, path);
    files.read(&full).map_err(|_| format!("open {full}: no such file or directory"))
}

fn flag(options: Option<&Value>, name: &str) -> bool {
    options.and_then(|o| o.get(name)).and_then(Value::as_bool).unwrap_or(false)
}

/// One `patches:` entry (PatchTransformerPlugin.Config).
fn patches_entry(files: &dyn Files, dir: &str, entry: &Value) -> Result<Patch, String> {
    let trouble = |e: &str| trouble("PatchTransformer", entry, e);
    let inline = entry.get("patch").and_then(Value::as_str).unwrap_or("").trim();
    let path = entry.get("path").and_then(Value::as_str).unwrap_or("");
    let (text, source) = match (inline.is_empty(), path.is_empty()) {
        (true, true) => return Err(trouble(&format!("must specify one of patch and path in\n{}", entry.to_yaml()))),
        (false, false) => return Err(trouble(&format!("patch and path can't be set at the same time\n{}", entry.to_yaml()))),
        (false, true) => (inline.to_string(), format!("[patch: {}]", quote(inline))),
        (true, false) => {
            let text = read(files, dir, path).map_err(|e| trouble(&format!("failed to get the patch file from path({path}): {e}")))?;
            (text, format!("[path: {}]", quote(path)))
        }
    };
    let target = entry.get("target").filter(|t| !t.is_null()).map(Selector::parse).transpose()?;
    let options = entry.get("options");
    match (objects(&text, &source), operations(&text)) {
        (Ok(smps), None) if !smps.is_empty() => {
            if target.is_some() && smps.len() > 1 {
                return Err(format!(
                    "error: Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field: {source}"
                ));
            }
            let patches = smps
                .into_iter()
                .map(|patch| Smp {
                    patch,
                    allow_name_change: flag(options, "allowNameChange"),
                    allow_kind_change: flag(options, "allowKindChange"),
                })
                .collect();
            Ok(Patch::Strategic { patches, target, source: Some(source) })
        }
        (_, Some(ops)) => {
            let Some(target) = target else {
                return Err(format!("error: must specify a target for JSON patch {source}"));
            };
            Ok(Patch::Json { ops, target, legacy: false })
        }
        _ => Err(trouble(&format!("unable to parse SM or JSON patch from {source}"))),
    }
}

/// `patchesStrategicMerge:` entries: each a file, or (for legacy reasons, tried first) the
/// patch text itself.
fn strategic_merge_entries(files: &dyn Files, dir: &str, list: &Value) -> Result<Patch, String> {
    let config = Value::Map(vec![("paths".into(), list.clone())]);
    let trouble = |e: &str| trouble("PatchStrategicMergeTransformer", &config, e);
    let mut patches = vec![];
    for entry in list.as_seq() {
        let text = entry.as_str().unwrap_or("");
        let docs = match objects(text, "patchesStrategicMerge") {
            Ok(docs) if !docs.is_empty() => docs,
            _ => {
                let body = read(files, dir, text).map_err(|e| trouble(&e))?;
                objects(&body, &join(dir, text)).map_err(|e| trouble(&e))?
            }
        };
        patches.extend(docs.into_iter().map(|patch| Smp { patch, allow_name_change: false, allow_kind_change: false }));
    }
    if patches.is_empty() {
        let paths: Vec<&str> = list.as_seq().iter().filter_map(Value::as_str).collect();
        return Err(trouble(&format!("patch appears to be empty; files=[{}], Patch=", paths.join(" "))));
    }
    Ok(Patch::Strategic { patches, target: None, source: None })
}

/// A `patchesJson6902:` entry: a target that names its resource, and `path` or `patch`.
fn json6902_entry(files: &dyn Files, dir: &str, entry: &Value) -> Result<Patch, String> {
    let trouble = |e: &str| trouble("PatchJson6902Transformer", entry, e);
    let target = entry.get("target").cloned().unwrap_or(Value::Map(vec![]));
    if target.get("name").and_then(Value::as_str).unwrap_or("").is_empty() {
        return Err(trouble("must specify the target name"));
    }
    let inline = entry.get("patch").and_then(Value::as_str).unwrap_or("");
    let path = entry.get("path").and_then(Value::as_str).unwrap_or("");
    let text = match (inline.is_empty(), path.is_empty()) {
        (true, true) => return Err(trouble("empty file path and empty jsonOp")),
        (false, false) => return Err(trouble("must specify a file path or jsonOp, not both")),
        (false, true) => inline.to_string(),
        (true, false) => read(files, dir, path).map_err(|e| trouble(&e))?,
    };
    let Some(ops) = operations(&text) else {
        return Err(trouble(&format!("decoding {}: json: cannot unmarshal object into Go value of type jsonpatch.Patch", text.trim())));
    };
    if ops.as_seq().is_empty() {
        return Err(trouble(&format!("patch appears to be empty; file={path}, JsonOp={}", text.trim())));
    }
    Ok(Patch::Json { ops, target: Selector::parse(&target)?, legacy: true })
}

/// Reads every patch of the kustomization in `dir`.
pub fn configure(files: &dyn Files, dir: &str, k: &Value) -> Result<Patches, String> {
    let mut early = vec![];
    if let Some(list) = k.get("patchesStrategicMerge").filter(|l| !l.as_seq().is_empty()) {
        early.push(strategic_merge_entries(files, dir, list)?);
    }
    for entry in k.get("patches").map(Value::as_seq).unwrap_or(&[]) {
        early.push(patches_entry(files, dir, entry)?);
    }
    let mut late = vec![];
    for entry in k.get("patchesJson6902").map(Value::as_seq).unwrap_or(&[]) {
        late.push(json6902_entry(files, dir, entry)?);
    }
    Ok(Patches { early, late })
}

fn patch_error(e: PatchError) -> String {
    match e {
        PatchError::BadRequest(m) | PatchError::Internal(m) => format!("error: {m}"),
        PatchError::Unprocessable => "error: the patch does not apply".into(),
    }
}

/// `Resource.ApplySmPatch`: the merge, then the name, kind and namespace put back unless
/// the options let the patch change them. `None` when the patch deleted the resource.
fn merge_into(r: &mut Resource, smp: &Smp, patch: &Value) -> Result<bool, String> {
    let before = r.current();
    if smp.allow_name_change || smp.allow_kind_change {
        r.remember();
    }
    let merged = strategic::apply(&r.object, patch).map_err(patch_error)?;
    if merged.as_map().is_none_or(|m| m.is_empty()) {
        return Ok(false);
    }
    r.object = merged;
    if !smp.allow_kind_change {
        r.object.set("kind", Value::str(&before.kind));
    }
    let meta = r.object.entry_map("metadata");
    if !smp.allow_name_change {
        meta.set("name", Value::str(&before.name));
    }
    if before.namespace.is_empty() {
        meta.remove("namespace");
    } else {
        meta.set("namespace", Value::str(&before.namespace));
    }
    Ok(true)
}

/// The first operation that does not apply, described as the JSON patch library does.
fn failed_operation(object: &Value, ops: &Value) -> String {
    let mut doc = object.clone();
    for op in ops.as_seq() {
        match json::apply(&doc, &Value::Seq(vec![op.clone()])) {
            Ok(next) => doc = next,
            Err(_) => {
                let path = op.get("path").and_then(Value::as_str).unwrap_or("");
                return match op.get("op").and_then(Value::as_str).unwrap_or("") {
                    "test" => format!("error: testing value {path} failed: test failed"),
                    name @ ("add" | "remove" | "replace" | "move" | "copy") => {
                        format!("error: {name} operation does not apply: doc is missing path: {}: missing value", quote(path))
                    }
                    other => format!("error: Unexpected kind: {other}"),
                };
            }
        }
    }
    "error: the patch does not apply".into()
}

fn run(p: &Patch, resources: &mut Vec<Resource>) -> Result<(), String> {
    match p {
        Patch::Strategic { patches, target: Some(target), source: _ } => {
            let picked = target
                .select(resources)
                .map_err(|e| format!("error: unable to find patch target {} in `resources`: {e}", quote(&target.describe())))?;
            let smp = &patches[0];
            let mut gone = vec![];
            for i in picked {
                // The patch takes the target's group and version; its own kind stays.
                let mut patch = smp.patch.clone();
                patch.set("apiVersion", r_api_version(&resources[i]));
                if !merge_into(&mut resources[i], smp, &patch)? {
                    gone.push(i);
                }
            }
            remove_all(resources, &gone);
        }
        Patch::Strategic { patches, target: None, source } => {
            for smp in patches {
                let id = Id::of(&smp.patch);
                let found: Vec<usize> = (0..resources.len()).filter(|&i| resources[i].ids().iter().any(|x| x.equals(&id))).collect();
                if found.len() != 1 {
                    let why = if found.is_empty() { "no matches" } else { "multiple matches" };
                    let cause = format!("{why} for Id {id}; failed to find unique target for patch {id}");
                    // The deprecated field returns the lookup's error as it is.
                    return Err(match source {
                        None => format!("error: {cause}"),
                        Some(_) => format!("error: no resource matches strategic merge patch {}: {cause}", quote(&id.to_string())),
                    });
                }
                if !merge_into(&mut resources[found[0]], smp, &smp.patch)? {
                    resources.remove(found[0]);
                }
            }
        }
        Patch::Json { ops, target, legacy } => {
            for i in target.select(resources).map_err(|e| format!("error: {e}"))? {
                let r = &mut resources[i];
                let out = json::apply(&r.object, ops).map_err(|_| failed_operation(&r.object, ops))?;
                if !legacy {
                    r.remember();
                }
                r.object = out;
            }
        }
    }
    Ok(())
}

fn r_api_version(r: &Resource) -> Value {
    r.object.get("apiVersion").cloned().unwrap_or(Value::str(""))
}

fn remove_all(resources: &mut Vec<Resource>, gone: &[usize]) {
    for &i in gone.iter().rev() {
        resources.remove(i);
    }
}

impl Patches {
    /// `patchesStrategicMerge`, then `patches`, in the order written.
    pub fn run_early(&self, resources: &mut Vec<Resource>) -> Result<(), String> {
        self.early.iter().try_for_each(|p| run(p, resources))
    }

    /// `patchesJson6902`, in the order written.
    pub fn run_late(&self, resources: &mut Vec<Resource>) -> Result<(), String> {
        self.late.iter().try_for_each(|p| run(p, resources))
    }
}
