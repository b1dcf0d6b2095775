//! The kustomization's transformers, in kustomize's order (its `configureBuiltinTransformers`,
//! the patches between them run by `patches.rs`): namespace, name prefix and suffix,
//! labels and annotations, then replicas and images; once the whole build is done, the
//! generators' hash suffixes and the references to renamed objects; and the legacy sort
//! of the output.

use super::generate::hash;
use super::resource::{Resource, CLUSTER_SCOPED};
use crate::value::Value;
use std::collections::BTreeMap;

/// kustomize's `orderFirst` and `orderLast`.
const FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];
const LAST: &[&str] = &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

fn kind(r: &Value) -> &str {
    r.get("kind").and_then(Value::as_str).unwrap_or("")
}

fn name(r: &Value) -> String {
    r.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string()
}

fn str_map(v: Option<&Value>) -> Vec<(String, Value)> {
    v.and_then(Value::as_map).map(|m| m.to_vec()).unwrap_or_default()
}

/// Adds `pairs` to the map at `path` (created when `create`).
fn add_to(r: &mut Value, path: &[&str], pairs: &[(String, Value)], create: bool) {
    let mut at = r;
    for (i, key) in path.iter().enumerate() {
        if at.get(key).is_none_or(Value::is_null) {
            if !create && i + 1 < path.len() {
                return;
            }
            if !create {
                return;
            }
        }
        at = at.entry_map(key);
    }
    if !matches!(at, Value::Map(_)) {
        *at = Value::Map(vec![]);
    }
    for (k, v) in pairs {
        at.set(k, v.clone());
    }
}

/// Where a kind keeps its pod template, if it has one.
fn template_path(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "Deployment" | "ReplicaSet" | "ReplicationController" | "DaemonSet" | "StatefulSet" | "Job" => Some(&["spec", "template"]),
        "CronJob" => Some(&["spec", "jobTemplate", "spec", "template"]),
        _ => None,
    }
}

fn pod_spec(r: &mut Value) -> Option<&mut Value> {
    if kind(r) == "Pod" {
        return r.get_mut("spec");
    }
    let path = template_path(kind(r))?;
    let mut at = r;
    for key in path {
        at = at.get_mut(key)?;
    }
    at.get_mut("spec")
}

fn labels(r: &mut Value, pairs: &[(String, Value)], selectors: bool, templates: bool) {
    add_to(r, &["metadata", "labels"], pairs, true);
    let k = kind(r).to_string();
    if selectors {
        match k.as_str() {
            "Service" => add_to(r, &["spec", "selector"], pairs, true),
            "ReplicationController" => add_to(r, &["spec", "selector"], pairs, true),
            "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet" => add_to(r, &["spec", "selector", "matchLabels"], pairs, true),
            "Job" | "PodDisruptionBudget" => add_to(r, &["spec", "selector", "matchLabels"], pairs, false),
            "CronJob" => add_to(r, &["spec", "jobTemplate", "spec", "selector", "matchLabels"], pairs, false),
            "NetworkPolicy" => add_to(r, &["spec", "podSelector", "matchLabels"], pairs, false),
            _ => {}
        }
    }
    if templates || selectors {
        if let Some(path) = template_path(&k) {
            let mut full: Vec<&str> = path.to_vec();
            full.extend(["metadata", "labels"]);
            add_to(r, &full, pairs, true);
        }
        if k == "CronJob" {
            add_to(r, &["spec", "jobTemplate", "metadata", "labels"], pairs, true);
        }
    }
}

fn annotations(r: &mut Value, pairs: &[(String, Value)]) {
    add_to(r, &["metadata", "annotations"], pairs, true);
    if let Some(path) = template_path(kind(r)) {
        let mut full: Vec<&str> = path.to_vec();
        full.extend(["metadata", "annotations"]);
        add_to(r, &full, pairs, true);
    }
}

/// `image: name[:tag][@digest]` split into its name and the rest.
fn split_image(image: &str) -> (&str, &str) {
    if let Some(at) = image.find('@') {
        return (&image[..at], &image[at..]);
    }
    let slash = image.rfind('/').map_or(0, |i| i + 1);
    match image[slash..].rfind(':') {
        Some(i) => (&image[..slash + i], &image[slash + i..]),
        None => (image, ""),
    }
}

fn images(r: &mut Value, entries: &[Value]) {
    let Some(spec) = pod_spec(r) else { return };
    for list in ["initContainers", "containers"] {
        let Some(Value::Seq(cs)) = spec.get_mut(list) else { continue };
        for c in cs {
            let Some(image) = c.get("image").and_then(Value::as_str).map(str::to_string) else { continue };
            let (old, rest) = split_image(&image);
            for e in entries {
                if e.get("name").and_then(Value::as_str) != Some(old) {
                    continue;
                }
                let new_name = e.get("newName").and_then(Value::as_str).unwrap_or(old);
                let tail = if let Some(d) = e.get("digest").and_then(Value::as_str) {
                    format!("@{d}")
                } else if let Some(t) = e
                    .get("newTag")
                    .map(|t| t.as_str().map(str::to_string).or_else(|| t.as_i64().map(|n| n.to_string())).unwrap_or_default())
                {
                    format!(":{t}")
                } else {
                    rest.to_string()
                };
                c.set("image", Value::str(format!("{new_name}{tail}")));
                break;
            }
        }
    }
}

/// Renames: (kind, old name) → new name.
type Renames = BTreeMap<(String, String), String>;

fn rename_at(v: &mut Value, path: &[&str], kind: &str, renames: &Renames) {
    let mut at = v;
    for key in &path[..path.len() - 1] {
        let Some(next) = at.get_mut(key) else { return };
        at = next;
    }
    let last = path[path.len() - 1];
    if let Some(new) = at.get(last).and_then(Value::as_str).and_then(|n| renames.get(&(kind.to_string(), n.to_string()))) {
        let new = new.clone();
        at.set(last, Value::str(new));
    }
}

fn references(r: &mut Value, renames: &Renames) {
    match kind(r) {
        "StatefulSet" => rename_at(r, &["spec", "serviceName"], "Service", renames),
        "HorizontalPodAutoscaler" => {
            let target =
                r.get("spec").and_then(|s| s.get("scaleTargetRef")).and_then(|t| t.get("kind")).and_then(Value::as_str).map(str::to_string);
            if let Some(t) = target {
                rename_at(r, &["spec", "scaleTargetRef", "name"], &t, renames);
            }
        }
        "Ingress" => {
            rename_at(r, &["spec", "defaultBackend", "service", "name"], "Service", renames);
            if let Some(Value::Seq(rules)) = r.get_mut("spec").and_then(|s| s.get_mut("rules")) {
                for rule in rules {
                    if let Some(Value::Seq(paths)) = rule.get_mut("http").and_then(|h| h.get_mut("paths")) {
                        for p in paths {
                            rename_at(p, &["backend", "service", "name"], "Service", renames);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    let Some(spec) = pod_spec(r) else { return };
    rename_at(spec, &["serviceAccountName"], "ServiceAccount", renames);
    if let Some(Value::Seq(list)) = spec.get_mut("imagePullSecrets") {
        for s in list {
            rename_at(s, &["name"], "Secret", renames);
        }
    }
    if let Some(Value::Seq(vols)) = spec.get_mut("volumes") {
        for v in vols {
            rename_at(v, &["configMap", "name"], "ConfigMap", renames);
            rename_at(v, &["secret", "secretName"], "Secret", renames);
            rename_at(v, &["persistentVolumeClaim", "claimName"], "PersistentVolumeClaim", renames);
            if let Some(Value::Seq(sources)) = v.get_mut("projected").and_then(|p| p.get_mut("sources")) {
                for s in sources {
                    rename_at(s, &["configMap", "name"], "ConfigMap", renames);
                    rename_at(s, &["secret", "name"], "Secret", renames);
                }
            }
        }
    }
    for list in ["initContainers", "containers"] {
        let Some(Value::Seq(cs)) = spec.get_mut(list) else { continue };
        for c in cs {
            if let Some(Value::Seq(env)) = c.get_mut("env") {
                for e in env {
                    rename_at(e, &["valueFrom", "configMapKeyRef", "name"], "ConfigMap", renames);
                    rename_at(e, &["valueFrom", "secretKeyRef", "name"], "Secret", renames);
                }
            }
            if let Some(Value::Seq(from)) = c.get_mut("envFrom") {
                for e in from {
                    rename_at(e, &["configMapRef", "name"], "ConfigMap", renames);
                    rename_at(e, &["secretRef", "name"], "Secret", renames);
                }
            }
        }
    }
}

fn set_name(r: &mut Value, new: &str) {
    r.entry_map("metadata").set("name", Value::str(new));
}

/// The namespace, name, label and annotation transformers (those that run before the
/// `patchesJson6902` patches).
pub fn names_and_metadata(k: &Value, resources: &mut [Resource]) {
    if let Some(ns) = k.get("namespace").and_then(Value::as_str) {
        for r in resources.iter_mut().filter(|r| !CLUSTER_SCOPED.contains(&kind(&r.object))) {
            r.remember();
            r.object.entry_map("metadata").set("namespace", Value::str(ns));
        }
    }
    let prefix = k.get("namePrefix").and_then(Value::as_str).unwrap_or("");
    let suffix = k.get("nameSuffix").and_then(Value::as_str).unwrap_or("");
    for r in resources.iter_mut() {
        if (prefix.is_empty() && suffix.is_empty()) || matches!(kind(&r.object), "Namespace" | "CustomResourceDefinition") {
            continue;
        }
        r.remember();
        let new = format!("{prefix}{}{suffix}", name(&r.object));
        set_name(&mut r.object, &new);
    }
    // `labels` entries run before `commonLabels`, which wins where both set a key.
    let common = str_map(k.get("commonLabels"));
    for r in resources.iter_mut() {
        for l in k.get("labels").map(Value::as_seq).unwrap_or(&[]) {
            let pairs = str_map(l.get("pairs"));
            let selectors = l.get("includeSelectors").and_then(Value::as_bool).unwrap_or(false);
            let templates = l.get("includeTemplates").and_then(Value::as_bool).unwrap_or(false);
            labels(&mut r.object, &pairs, selectors, templates);
        }
        if !common.is_empty() {
            labels(&mut r.object, &common, true, true);
        }
    }
    let notes = str_map(k.get("commonAnnotations"));
    if !notes.is_empty() {
        resources.iter_mut().for_each(|r| annotations(&mut r.object, &notes));
    }
}

/// The replica count and image transformers, which run last. A replica count names a
/// resource by any name it has had.
pub fn replicas_and_images(k: &Value, resources: &mut [Resource]) {
    for e in k.get("replicas").map(Value::as_seq).unwrap_or(&[]) {
        let (Some(n), Some(count)) = (e.get("name").and_then(Value::as_str), e.get("count").and_then(Value::as_i64)) else { continue };
        for r in resources.iter_mut() {
            if matches!(kind(&r.object), "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController")
                && r.ids().iter().any(|id| id.name == n)
            {
                r.object.entry_map("spec").set("replicas", Value::Int(count));
            }
        }
    }
    let image_entries = k.get("images").map(Value::as_seq).unwrap_or(&[]);
    if !image_entries.is_empty() {
        resources.iter_mut().for_each(|r| images(&mut r.object, image_entries));
    }
}

/// What kustomize does once, after every kustomization's transformers: the generated
/// objects' hash suffixes, then every reference to a renamed object made to follow it.
pub fn finish(resources: &mut [Resource]) {
    for r in resources.iter_mut().filter(|r| r.hashed) {
        r.remember();
        let new = format!("{}-{}", name(&r.object), hash(&r.object));
        set_name(&mut r.object, &new);
    }
    let mut renames: Renames = BTreeMap::new();
    for r in resources.iter() {
        let current = name(&r.object);
        for old in &r.previous {
            if old.name != current {
                renames.entry((kind(&r.object).to_string(), old.name.clone())).or_insert_with(|| current.clone());
            }
        }
    }
    if !renames.is_empty() {
        resources.iter_mut().for_each(|r| references(&mut r.object, &renames));
    }
}

/// kustomize's legacy order: by kind (`orderFirst`, others, `orderLast`), then group,
/// version and kind, namespace and name.
pub fn sort(resources: &mut [Value]) {
    let rank = |k: &str| -> i64 {
        if let Some(i) = FIRST.iter().position(|f| *f == k) {
            return i as i64 - FIRST.len() as i64;
        }
        LAST.iter().position(|f| *f == k).map_or(0, |i| i as i64 + 1)
    };
    let gvk = |r: &Value| {
        let api = r.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let (g, v) = api.split_once('/').unwrap_or(("~G", api));
        format!("{g}_{v}_{}", kind(r))
    };
    let ns = |r: &Value| r.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("").to_string();
    resources.sort_by_cached_key(|r| (rank(kind(r)), gvk(r), ns(r), name(r)));
}
