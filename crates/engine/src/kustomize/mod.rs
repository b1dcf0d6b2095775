//! `kubectl kustomize DIR` and `kubectl apply -k DIR` (kustomize v5.6.0, which kubectl
//! v1.33 embeds): the kustomization's resources (files and nested kustomizations), its
//! ConfigMap and Secret generators (names suffixed with the hash of their contents,
//! references to them rewritten), its components, its patches (`patches`,
//! `patchesStrategicMerge`, `patchesJson6902`), namespace, name prefix and suffix, labels,
//! annotations, images and replicas, run in kustomize's transformer order and printed in
//! its legacy order. Remote bases, `vars`, `replacements` and plugins are named as not
//! simulated.

mod generate;
mod patches;
mod resource;
mod selector;
mod transform;

use resource::Resource;

use crate::files::Files;
use crate::value::Value;

/// The files kustomize looks for in a folder, in order.
const NAMES: &[&str] = &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Fields of a Kustomization that kubeplay reads.
const KNOWN: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "resources",
    "bases",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "images",
    "replicas",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
    "components",
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
];

/// Fields kustomize has that kubeplay does not act on yet.
const NOT_SIMULATED: &[&str] = &[
    "vars",
    "replacements",
    "crds",
    "helmCharts",
    "helmGlobals",
    "transformers",
    "generators",
    "validators",
    "openapi",
    "sortOptions",
    "buildMetadata",
    "configurations",
    "helmChartInflationGenerator",
    "inventory",
];

/// How deep kustomizations may nest (a folder that names itself would never end).
const MAX_DEPTH: usize = 20;

/// `filepath.Join`: the path cleaned, so an overlay's `../base` names its sibling folder.
fn join(dir: &str, path: &str) -> String {
    let dir = dir.trim_end_matches('/');
    let path = path.trim_start_matches("./");
    let joined = if dir.is_empty() || dir == "." { path.to_string() } else { format!("{dir}/{path}") };
    let mut parts: Vec<&str> = vec![];
    for part in joined.split('/') {
        match part {
            "" | "." if !parts.is_empty() => {}
            ".." if parts.last().is_some_and(|p| *p != ".." && !p.is_empty()) => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

fn parse_docs(text: &str, source: &str) -> Result<Vec<Value>, String> {
    let stream = crate::yaml::parse_stream(text);
    if let Some(e) = &stream.error {
        return Err(format!("error: map[string]interface {{}}(nil): yaml: line {}: {} in {source}", e.span.line, e.message));
    }
    let mut out = vec![];
    for d in &stream.docs {
        let v = crate::model::decode::untyped(&d.root);
        if v.is_null() {
            continue;
        }
        // A List's items are resources of their own.
        if v.get("kind").and_then(Value::as_str) == Some("List") {
            out.extend(v.get("items").map(Value::as_seq).unwrap_or(&[]).iter().cloned());
        } else {
            out.push(v);
        }
    }
    Ok(out)
}

/// The kustomization of `dir`, its resources built (all but what kustomize does once at
/// the end: hash suffixes and references). Deprecation warnings are added to `warnings`.
fn load(files: &dyn Files, dir: &str, depth: usize, warnings: &mut Vec<String>) -> Result<Vec<Resource>, String> {
    let mut resources = vec![];
    accumulate(files, dir, depth, warnings, &mut resources, false)?;
    Ok(resources)
}

/// kustomize's `accumulateTarget`: the kustomization's resources and generated objects
/// added to `resources`, then its components, then its transformers run over all of
/// `resources`. A component (kind Component) is accumulated into its parent's list, so its
/// patches and transformers reach the parent's resources too.
fn accumulate(
    files: &dyn Files,
    dir: &str,
    depth: usize,
    warnings: &mut Vec<String>,
    resources: &mut Vec<Resource>,
    component: bool,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("error: accumulating resources: kustomizations nest more than {MAX_DEPTH} deep at '{dir}'"));
    }
    let Some((file, text)) = NAMES.iter().find_map(|n| files.read(&join(dir, n)).ok().map(|t| (join(dir, n), t))) else {
        return Err(format!(
            "error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{}'",
            dir.trim_end_matches('/')
        ));
    };
    let k = parse_docs(&text, &file)?.into_iter().next().unwrap_or(Value::Map(vec![]));
    let Some(fields) = k.as_map() else {
        return Err(format!("error: invalid Kustomization: {file} is not a mapping"));
    };
    for (key, _) in fields {
        if NOT_SIMULATED.contains(&key.as_str()) {
            return Err(format!("kubeplay: the kustomization field `{key}` ({file}) is not simulated yet; kubeplay builds resources, generators, components, patches, namespace, name prefixes and suffixes, labels, annotations, images and replicas."));
        }
        if !KNOWN.contains(&key.as_str()) {
            return Err(format!("error: invalid Kustomization: json: unknown field \"{key}\""));
        }
    }
    let kind = k.get("kind").and_then(Value::as_str).unwrap_or("Kustomization");
    if component && kind != "Component" {
        return Err(format!(
            "error: accumulating components: accumulateDirectory: \"expected kind 'Component' for path '{dir}' but got '{kind}'\""
        ));
    }
    if !component && kind == "Component" {
        return Err(format!("error: accumulating resources: expected kind != 'Component' for path '{dir}'"));
    }
    warnings.extend(deprecations(&k));
    let listed = k.get("resources").map(Value::as_seq).unwrap_or(&[]).iter().chain(k.get("bases").map(Value::as_seq).unwrap_or(&[]));
    for r in listed {
        let Some(path) = r.as_str() else { continue };
        if path.contains("://") || path.starts_with("github.com/") || path.starts_with("git@") {
            return Err(format!(
                "kubeplay: remote resources ({path}) are not simulated yet; kubeplay reads kustomizations from the files it has."
            ));
        }
        let full = join(dir, path);
        if files.list(&full).is_some() {
            resources.extend(load(files, &full, depth + 1, warnings)?);
            continue;
        }
        let text = files.read(&full).map_err(|_| {
            format!("error: accumulating resources: accumulation err='accumulating resources from '{path}': open {full}: no such file or directory'")
        })?;
        resources.extend(parse_docs(&text, &full)?.into_iter().map(Resource::new));
    }
    for g in generate::all(files, dir, &k)? {
        resources.push(Resource { object: g.object, previous: vec![], hashed: g.hashed });
    }
    for c in k.get("components").map(Value::as_seq).unwrap_or(&[]) {
        let Some(path) = c.as_str() else { continue };
        let full = join(dir, path);
        if files.list(&full).is_none() {
            return Err(format!("error: accumulating components: loader.New \"must build at directory: not a valid directory: '{full}'\""));
        }
        accumulate(files, &full, depth + 1, warnings, resources, true)?;
    }
    // kustomize configures every transformer before it runs any.
    let patches = patches::configure(files, dir, &k)?;
    patches.run_early(resources)?;
    transform::names_and_metadata(&k, resources);
    patches.run_late(resources)?;
    transform::replicas_and_images(&k, resources);
    Ok(())
}

/// `CheckDeprecatedFields`: what kustomize prints on stderr as it reads a kustomization.
fn deprecations(k: &Value) -> Vec<String> {
    const FIX: &str = "Run 'kustomize edit fix' to update your Kustomization automatically.";
    [("bases", "resources"), ("commonLabels", "labels"), ("patchesJson6902", "patches"), ("patchesStrategicMerge", "patches")]
        .iter()
        .filter(|(field, _)| k.get(field).is_some_and(|v| !v.is_null()))
        .map(|(field, new)| format!("# Warning: '{field}' is deprecated. Please use '{new}' instead. {FIX}"))
        .collect()
}

/// A built kustomization: kustomize's output, documents separated by `---`, and the
/// deprecation warnings it printed on the way.
#[derive(Debug)]
pub struct Build {
    pub text: String,
    pub warnings: Vec<String>,
}

/// The kustomization in `dir`, built.
pub fn build(files: &dyn Files, dir: &str) -> Result<Build, String> {
    let mut warnings = vec![];
    // The warnings were printed as each kustomization was read, before a later error.
    let mut resources =
        load(files, dir, 0, &mut warnings).map_err(|e| warnings.iter().map(|w| format!("{w}\n")).collect::<String>() + &e)?;
    transform::finish(&mut resources);
    let mut objects: Vec<Value> = resources.into_iter().map(|r| r.object).collect();
    transform::sort(&mut objects);
    Ok(Build { text: objects.iter().map(Value::to_yaml).collect::<Vec<_>>().join("---\n"), warnings })
}

#[cfg(test)]
mod tests;
