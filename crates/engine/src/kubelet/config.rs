//! What a container takes from ConfigMaps and Secrets: its environment, resolved when it
//! starts (`makeEnvironmentVariables`), and the ConfigMap and Secret volumes the pod
//! waits for before anything starts.

use crate::api::Api;
use crate::model::env::{expand, ValueFrom};
use crate::model::pod::{Container, Pod};
use crate::model::volume::{KeyToPath, Projection, VolumeSource};
use crate::model::{configmap, secret, Generic, Kind};
use crate::time::Millis;
use std::borrow::Cow;

fn object<'a>(api: &'a Api, secret: bool, ns: &str, name: &str) -> Option<&'a Generic> {
    api.store.written(if secret { Kind::Secret } else { Kind::ConfigMap }, ns, name)
}

/// The object as it was at `at`: its body before its last change if that came later.
fn object_at<'a>(api: &'a Api, secret: bool, ns: &str, name: &str, at: Millis) -> Option<Cow<'a, Generic>> {
    let kind = if secret { Kind::Secret } else { Kind::ConfigMap };
    let now = object(api, secret, ns, name)?;
    // Most clusters never edit one: no key made to look.
    if api.store.config_changes.is_empty() {
        return Some(Cow::Borrowed(now));
    }
    match api.store.config_changes.get(&(kind, ns.to_string(), name.to_string())) {
        Some((changed, before)) if *changed > at => Some(Cow::Owned(Generic { spec: before.clone(), ..now.clone() })),
        _ => Some(Cow::Borrowed(now)),
    }
}

/// The not-found error of the kubelet's object managers (`configmap "x" not found`).
fn not_found(secret: bool, name: &str) -> String {
    format!("{} \"{name}\" not found", if secret { "secret" } else { "configmap" })
}

/// A key's value as the environment sees it (Secret bytes as text).
fn value(obj: &Generic, secret: bool, key: &str) -> Option<String> {
    if secret {
        secret::bytes(obj, key).map(|b| String::from_utf8_lossy(&b).into_owned())
    } else {
        configmap::text(obj, key).map(String::from)
    }
}

/// The values `fieldRef` can name that kubeplay knows; others are empty.
fn field(p: &Pod, path: &str) -> String {
    match path {
        "metadata.name" => p.meta.name.clone(),
        "metadata.namespace" => p.meta.namespace.clone(),
        "metadata.uid" => p.meta.uid.to_string(),
        "spec.nodeName" => p.node.to_string(),
        "spec.serviceAccountName" => p.spec.raw.get("serviceAccountName").and_then(|v| v.as_str()).unwrap_or("default").to_string(),
        "status.hostIP" | "status.hostIPs" => p.status.host_ip.to_string(),
        "status.podIP" | "status.podIPs" => p.status.pod_ip.to_string(),
        _ => match path.strip_prefix("metadata.labels['").and_then(|r| r.strip_suffix("']")) {
            Some(k) => p.meta.labels.get(k).unwrap_or("").to_string(),
            None => match path.strip_prefix("metadata.annotations['").and_then(|r| r.strip_suffix("']")) {
                Some(k) => p.meta.annotations.get(k).unwrap_or("").to_string(),
                None => String::new(),
            },
        },
    }
}

/// The container's environment, in the kubelet's order: every `envFrom` source, then
/// `env` (a later name overrides an earlier one), with `$(VAR)` references expanded.
/// The error is the waiting message of `CreateContainerConfigError`.
pub fn environment(api: &Api, p: &Pod, ct: &Container) -> Result<Vec<(String, String)>, String> {
    environment_at(api, p, ct, api.now)
}

/// The environment a container started at `at` was given (what `exec` inherits).
pub fn environment_at(api: &Api, p: &Pod, ct: &Container, at: Millis) -> Result<Vec<(String, String)>, String> {
    let mut env: Vec<(String, String)> = Vec::new();
    resolve(api, p, ct, at, Some(&mut env))?;
    Ok(env)
}

/// Whether the container's environment can be made now (the error of
/// `CreateContainerConfigError` if not), without making it: for a container whose
/// program never reads it, the kubelet's checks are all that shows.
pub fn environment_resolves(api: &Api, p: &Pod, ct: &Container) -> Result<(), String> {
    resolve(api, p, ct, api.now, None)
}

/// `makeEnvironmentVariables`: every source looked up, and the variables written into
/// `into` when it is given.
fn resolve(api: &Api, p: &Pod, ct: &Container, at: Millis, mut into: Option<&mut Vec<(String, String)>>) -> Result<(), String> {
    let ns = &p.meta.namespace;
    let set = |env: &mut Vec<(String, String)>, k: String, v: String| match env.iter_mut().find(|(n, _)| *n == k) {
        Some(slot) => slot.1 = v,
        None => env.push((k, v)),
    };
    for src in &ct.env_from {
        let Some(obj) = object_at(api, src.secret, ns, &src.name, at) else {
            if src.optional {
                continue;
            }
            return Err(not_found(src.secret, &src.name));
        };
        let Some(env) = into.as_deref_mut() else { continue };
        let pairs: Vec<(String, String)> = if src.secret {
            secret::data(&obj).into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect()
        } else {
            configmap::data(&obj)
        };
        for (k, v) in pairs {
            let k = if src.prefix.is_empty() { k } else { format!("{}{k}", src.prefix) };
            set(env, k, v);
        }
    }
    for e in &ct.env {
        let looked_up = matches!(e.value_from, Some(ValueFrom::ConfigMapKey { .. } | ValueFrom::SecretKey { .. }));
        if into.is_none() && !looked_up {
            // Nothing to check: a value, a field or a resource always resolves.
            continue;
        }
        let v = match &e.value_from {
            None => expand(&e.value, into.as_deref().map_or(&[][..], Vec::as_slice)),
            Some(ValueFrom::ConfigMapKey { name, key, optional }) | Some(ValueFrom::SecretKey { name, key, optional }) => {
                let is_secret = matches!(e.value_from, Some(ValueFrom::SecretKey { .. }));
                let Some(obj) = object_at(api, is_secret, ns, name, at) else {
                    if *optional {
                        continue;
                    }
                    return Err(not_found(is_secret, name));
                };
                match value(&obj, is_secret, key) {
                    Some(v) => v,
                    None if *optional => continue,
                    None => {
                        let kind = if is_secret { "Secret" } else { "ConfigMap" };
                        return Err(format!("couldn't find key {key} in {kind} {ns}/{name}"));
                    }
                }
            }
            Some(ValueFrom::Field { path, .. }) => field(p, path),
            Some(ValueFrom::ResourceField { resource, container, divisor }) => {
                let named = if container.is_empty() {
                    Some(ct)
                } else {
                    p.spec.containers.iter().chain(p.spec.init_containers.iter()).find(|c| c.name == *container)
                };
                let node = api.store.nodes.get(&p.node);
                // Ephemeral storage and huge pages are not tracked: the value is empty.
                named.and_then(|c| super::resource_field::value(node, c, resource, divisor)).unwrap_or_default()
            }
        };
        if let Some(env) = into.as_deref_mut() {
            set(env, e.name.clone(), v);
        }
    }
    Ok(())
}

/// Every ConfigMap, Secret or projected volume the pod cannot mount yet, with the error
/// the volume plugin gives (`configmap "x" not found`). Volumes of other types mount at
/// once.
pub fn unmountable(api: &Api, p: &Pod) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // The token volume reads one ConfigMap: looked up without building the volume, as
    // every pod has one, and named only when it cannot mount.
    let token = p.token.filter(|_| p.has_token_volume()).and_then(|t| {
        let error = source_error(api, p, false, crate::model::configmap::ROOT_CA_NAME, false, &[])?;
        Some((t.name(), error))
    });
    for v in &p.spec.volumes {
        // The projected plugin gathers every source's error; one reads as itself. Nothing
        // is allocated for a volume that mounts: every pod start asks.
        let mut errors: Vec<String> = Vec::new();
        match &v.source {
            VolumeSource::Config { secret, name, optional, items, .. } => {
                errors.extend(source_error(api, p, *secret, name, *optional, items));
            }
            VolumeSource::Projected { sources, .. } => {
                for s in sources {
                    if let Projection::Config { secret, name, optional, items } = s {
                        errors.extend(source_error(api, p, *secret, name, *optional, items));
                    }
                }
            }
            _ => continue,
        }
        if !errors.is_empty() {
            let text = if errors.len() == 1 { errors[0].clone() } else { format!("[{}]", errors.join(", ")) };
            out.push((v.name.clone(), text));
        }
    }
    out.extend(token);
    out
}

fn source_error(api: &Api, p: &Pod, is_secret: bool, name: &str, optional: bool, items: &[KeyToPath]) -> Option<String> {
    match object(api, is_secret, &p.meta.namespace, name) {
        None if !optional => Some(not_found(is_secret, name)),
        None => None,
        Some(obj) => {
            let present = |k: &str| if is_secret { secret::bytes(obj, k).is_some() } else { configmap::has_key(obj, k) };
            let missing = items.iter().find(|i| !present(&i.key)).filter(|_| !optional)?;
            Some(if is_secret {
                format!("references non-existent secret key: {}", missing.key)
            } else {
                format!("configmap references non-existent config key: {}", missing.key)
            })
        }
    }
}

#[cfg(test)]
mod mountable_tests {
    use crate::apply::Mode;
    use crate::{Cluster, Preset};

    #[test]
    fn a_spec_found_to_mount_is_asked_again_once_a_configmap_changes() {
        let mut c = Cluster::new(Preset::Kind, Some(1), 1);
        let config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n";
        let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        volumeMounts:\n        - {name: config, mountPath: /etc/web}\n      volumes:\n      - name: config\n        configMap: {name: app-config}\n";
        for text in [config, web] {
            assert!(c.apply_text(text, "x.yaml", "default", Mode::Apply).errors.is_empty());
        }
        c.advance(60_000);
        let web_pod = |c: &Cluster| c.store.pods().map(|(_, p)| p).find(|p| p.meta.name.starts_with("web-")).expect("a web pod").clone();
        let p = web_pod(&c);
        assert!(c.api.mountable.known(&c.api.store, &p), "both replicas mounted, with one spec");
        c.run("kubectl delete configmap app-config", &crate::files::NoFiles);
        assert!(!c.api.mountable.known(&c.api.store, &p), "forgotten when a ConfigMap is written");
        assert_eq!(super::unmountable(&c.api, &p).len(), 1);
    }
}
