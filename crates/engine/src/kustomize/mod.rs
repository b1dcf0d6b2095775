//! `kubectl kustomize DIR` and `kubectl apply -k DIR`: the kustomization's resources (files
//! and nested kustomizations), its ConfigMap and Secret generators (names suffixed with the
//! hash of their contents, references to them rewritten), namespace, name prefix and
//! suffix, labels, annotations, images and replicas, printed in kustomize's legacy order.
//! Patches, components and remote bases are named as not simulated.

mod generate;
mod transform;

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
];

/// Fields kustomize has that kubeplay does not act on yet.
const NOT_SIMULATED: &[&str] = &[
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
    "components",
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

fn join(dir: &str, path: &str) -> String {
    let dir = dir.trim_end_matches('/');
    let path = path.trim_start_matches("./");
    if dir.is_empty() || dir == "." {
        path.to_string()
    } else {
        format!("{dir}/{path}")
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

/// The kustomization of `dir`, its resources built.
fn load(files: &dyn Files, dir: &str, depth: usize) -> Result<Vec<Value>, String> {
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
            return Err(format!("kubeplay: the kustomization field `{key}` ({file}) is not simulated yet; kubeplay builds resources, generators, namespace, name prefixes and suffixes, labels, annotations, images and replicas."));
        }
        if !KNOWN.contains(&key.as_str()) {
            return Err(format!("error: invalid Kustomization: json: unknown field \"{key}\""));
        }
    }
    let mut resources = vec![];
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
            resources.extend(load(files, &full, depth + 1)?);
            continue;
        }
        let text = files.read(&full).map_err(|_| {
            format!("error: accumulating resources: accumulation err='accumulating resources from '{path}': open {full}: no such file or directory'")
        })?;
        resources.extend(parse_docs(&text, &full)?);
    }
    let generated = generate::all(files, dir, &k)?;
    resources.extend(generated.iter().map(|g| g.object.clone()));
    transform::apply(&k, &mut resources, &generated);
    Ok(resources)
}

/// The kustomization in `dir`, built: kustomize's output, documents separated by `---`.
pub fn build(files: &dyn Files, dir: &str) -> Result<String, String> {
    let mut resources = load(files, dir, 0)?;
    transform::sort(&mut resources);
    Ok(resources.iter().map(Value::to_yaml).collect::<Vec<_>>().join("---\n"))
}

#[cfg(test)]
mod tests;
