//! ConfigMaps, Secrets and PersistentVolumeClaims as the page draws them: each with the
//! pods that use it and, for a pod it holds back, the reason the pod shows (its
//! `CreateContainerConfigError` message, the kubelet's `FailedMount` text, or the
//! scheduler's word on an unbound claim). A pod naming an object that does not exist
//! draws that object too, marked missing, so the blocked link has an end.

use crate::addons::is_system_namespace;
use crate::kubelet::config as kubelet_config;
use crate::kubelet::volume_files::SYNC_PERIOD;
use crate::model::configmap::{self, ROOT_CA_NAME};
use crate::model::env::ValueFrom;
use crate::model::pod::PodCondition;
use crate::model::pod::{ContainerState, Pod};
use crate::model::pod_runtime::Stage;
use crate::model::volume::{Projection, VolumeSource};
use crate::model::{secret, storage, Kind, Object};
use crate::world::World;
use std::collections::BTreeMap;

/// How a pod uses the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    /// `env.valueFrom` or `envFrom`: read once, when the container starts.
    Env,
    /// A `configMap`, `secret` or `projected` volume: files the kubelet updates.
    File,
    /// A `persistentVolumeClaim` volume.
    Claim,
}

/// One pod's use of a config object.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigLink {
    /// `namespace/name`, as the Service targets name pods.
    pub pod: String,
    pub uses: Vec<Use>,
    /// Why the pod cannot start because of this object, as the pod reports it.
    pub blocked: Option<String>,
    /// The variables a running container took from the object, by container then name.
    pub env: Vec<EnvRead>,
    /// Where the object's last change stands in the pod's mounted files.
    pub file: Option<FileSync>,
}

/// One environment variable from the object: the value the container started with and
/// what the object says now. They differ after an edit until the container restarts.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvRead {
    pub container: String,
    pub var: String,
    /// The object's key it comes from.
    pub key: String,
    /// Empty when the object had no such key then (or has none now).
    pub started: String,
    pub now: String,
}

impl EnvRead {
    /// The container still runs with a value the object no longer holds.
    pub fn stale(&self) -> bool {
        self.started != self.now
    }
}

/// The kubelet writes a ConfigMap's or Secret's change into the pod's volume at its next
/// sync of the pod (`syncFrequency`, every minute from the container's start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileSync {
    /// The files hold what the object held when the container started.
    Current,
    /// The last change was written at this instant.
    Updated(crate::time::Millis),
    /// The last change is written at `at`, `left` from now.
    Pending { at: crate::time::Millis, left: crate::time::Millis },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigView {
    /// `ConfigMap`, `Secret`, `PersistentVolumeClaim` or `PersistentVolume`.
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
    /// False: a pod names it but it does not exist.
    pub exists: bool,
    /// What `kubectl get` says of it: DATA for a ConfigMap, TYPE and DATA for a Secret,
    /// STATUS and VOLUME for a claim, STATUS, CLAIM and RECLAIM POLICY for a volume.
    pub summary: String,
    pub links: Vec<ConfigLink>,
}

type Key = (&'static str, String, String);

fn kind_of(k: &str) -> Kind {
    match k {
        "ConfigMap" => Kind::ConfigMap,
        "Secret" => Kind::Secret,
        "PersistentVolume" => Kind::PersistentVolume,
        _ => Kind::PersistentVolumeClaim,
    }
}

/// Every object a pod's containers and volumes name, with how it uses each.
fn references(p: &Pod) -> Vec<(&'static str, String, Use)> {
    let config = |secret: bool| if secret { "Secret" } else { "ConfigMap" };
    let mut out = Vec::new();
    for ct in p.spec.init_containers.iter().chain(p.spec.containers.iter()) {
        for src in &ct.env_from {
            out.push((config(src.secret), src.name.clone(), Use::Env));
        }
        for e in &ct.env {
            match &e.value_from {
                Some(ValueFrom::ConfigMapKey { name, .. }) => out.push(("ConfigMap", name.clone(), Use::Env)),
                Some(ValueFrom::SecretKey { name, .. }) => out.push(("Secret", name.clone(), Use::Env)),
                _ => {}
            }
        }
    }
    for v in &p.spec.volumes {
        match &v.source {
            VolumeSource::Config { secret, name, .. } => out.push((config(*secret), name.clone(), Use::File)),
            VolumeSource::Projected { sources, .. } => out.extend(sources.iter().filter_map(|s| match s {
                Projection::Config { secret, name, .. } => Some((config(*secret), name.clone(), Use::File)),
                _ => None,
            })),
            VolumeSource::Claim { name, .. } => out.push(("PersistentVolumeClaim", name.clone(), Use::Claim)),
            _ => {}
        }
    }
    out
}

/// The waiting message of a container held by `CreateContainerConfigError`.
fn config_error(p: &Pod) -> Option<&str> {
    p.status.init_statuses.iter().chain(&p.status.statuses).find_map(|s| match &s.state {
        ContainerState::Waiting { reason, message } if reason == "CreateContainerConfigError" => Some(message.as_str()),
        _ => None,
    })
}

/// Why `p` is held back by the object `kind/name`, if it is.
fn blocked(w: &World, p: &Pod, kind: &'static str, name: &str, uses: &[Use]) -> Option<String> {
    if p.is_terminating() {
        return None;
    }
    let ns = &p.meta.namespace;
    if kind == "PersistentVolumeClaim" {
        let bound = match w.store.object(Kind::PersistentVolumeClaim, ns, name) {
            Some(Object::Written(pvc)) => pvc.meta.deletion.is_none() && storage::claim_phase(pvc) == "Bound",
            _ => false,
        };
        if bound {
            return None;
        }
        let status = p.summary(w.now()).status;
        return Some(match p.status.condition(PodCondition::PodScheduled).filter(|c| !c.status && !c.message.is_empty()) {
            Some(c) => format!("{status}: {}", c.message),
            None if w.store.object(Kind::PersistentVolumeClaim, ns, name).is_none() => {
                format!("{status}: persistentvolumeclaim \"{name}\" not found")
            }
            None => format!("{status}: persistentvolumeclaim \"{name}\" is not bound"),
        });
    }
    if let Some(message) = config_error(p) {
        let not_found = format!("{} \"{name}\" not found", kind.to_lowercase());
        let no_key = format!(" in {kind} {ns}/{name}");
        if message.contains(&not_found) || message.ends_with(&no_key) {
            return Some(format!("CreateContainerConfigError: {message}"));
        }
    }
    let exists = w.store.written(kind_of(kind), ns, name).is_some();
    // The pod waits in ContainerCreating until every volume mounts; the kubelet's event
    // names the volume and the plugin's error.
    if uses.contains(&Use::File) && !exists && p.status.statuses.iter().all(|s| matches!(s.state, ContainerState::Waiting { .. })) {
        let optional = p.spec.volumes.iter().all(|v| match &v.source {
            VolumeSource::Config { name: n, optional, .. } => n != name || *optional,
            VolumeSource::Projected { sources, .. } => sources.iter().all(|s| match s {
                Projection::Config { name: n, optional, .. } => n != name || *optional,
                _ => true,
            }),
            _ => true,
        });
        if !optional && !p.node.is_empty() {
            return Some(format!("FailedMount: {} \"{name}\" not found", kind.to_lowercase()));
        }
    }
    None
}

/// The first running app container's start: the instant its environment was read and
/// from which the kubelet's syncs of the pod are counted.
fn started(p: &Pod) -> Option<crate::time::Millis> {
    p.runtime.apps.iter().find_map(|r| match r.stage {
        Stage::Running { started, exit: None, .. } => Some(started),
        _ => None,
    })
}

/// What a running pod took from the object `kind/name` into its environment (values then
/// and now), and where the object's last change stands in its files.
fn freshness(w: &World, p: &Pod, kind: &'static str, name: &str, uses: &[Use]) -> (Vec<EnvRead>, Option<FileSync>) {
    if kind == "PersistentVolumeClaim" || p.is_terminating() {
        return (Vec::new(), None);
    }
    let secret = kind == "Secret";
    let mut env = Vec::new();
    if uses.contains(&Use::Env) {
        let obj = w.store.written(kind_of(kind), &p.meta.namespace, name);
        for (i, ct) in p.spec.containers.iter().enumerate() {
            let Some(Stage::Running { started, exit: None, .. }) = p.runtime.apps.get(i).map(|r| &r.stage) else { continue };
            // (variable, key), envFrom's first: an `env` entry of the same name wins.
            let mut vars: Vec<(String, String)> = Vec::new();
            for src in ct.env_from.iter().filter(|s| s.secret == secret && s.name == name) {
                let keys = obj.map(|o| data_keys(o, secret)).unwrap_or_default();
                vars.extend(keys.into_iter().map(|k| (format!("{}{k}", src.prefix), k)));
            }
            for e in &ct.env {
                let key = match &e.value_from {
                    Some(ValueFrom::ConfigMapKey { name: n, key, .. }) if !secret && n == name => key,
                    Some(ValueFrom::SecretKey { name: n, key, .. }) if secret && n == name => key,
                    _ => continue,
                };
                vars.retain(|(v, _)| *v != e.name);
                vars.push((e.name.clone(), key.clone()));
            }
            let then = kubelet_config::environment_at(w, p, ct, *started).unwrap_or_default();
            let now = kubelet_config::environment_at(w, p, ct, w.now()).unwrap_or_default();
            let value =
                |env: &[(String, String)], var: &str| env.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone()).unwrap_or_default();
            for (var, key) in vars {
                env.push(EnvRead { container: ct.name.clone(), started: value(&then, &var), now: value(&now, &var), var, key });
            }
        }
    }
    let file = match (uses.contains(&Use::File), started(p)) {
        (true, Some(start)) => Some(match w.store.config_changes.get(&(kind_of(kind), p.meta.namespace.clone(), name.to_string())) {
            Some((changed, _)) if *changed > start => {
                // The first sync at or after the change (as `volume_files::files` counts them).
                let periods = (changed - start).div_ceil(SYNC_PERIOD);
                let at = start + periods * SYNC_PERIOD;
                if at <= w.now() {
                    FileSync::Updated(at)
                } else {
                    FileSync::Pending { at, left: at - w.now() }
                }
            }
            _ => FileSync::Current,
        }),
        _ => None,
    };
    (env, file)
}

/// The keys of a ConfigMap's `data` and `binaryData`, or a Secret's `data` and `stringData`.
fn data_keys(o: &crate::model::Generic, secret: bool) -> Vec<String> {
    let fields: &[&str] = if secret { &["data", "stringData"] } else { &["data", "binaryData"] };
    let mut keys: Vec<String> = fields
        .iter()
        .filter_map(|f| match o.spec.get(f) {
            Some(crate::value::Value::Map(m)) => Some(m.iter().map(|(k, _)| k.clone())),
            _ => None,
        })
        .flatten()
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn summary(kind: &str, obj: Option<&crate::model::Generic>) -> String {
    let Some(o) = obj else { return String::new() };
    match kind {
        "ConfigMap" => format!("DATA {}", configmap::data_count(o)),
        "Secret" => format!("{} · DATA {}", secret::secret_type(o), secret::data_count(o)),
        // STATUS, CLAIM and RECLAIM POLICY, as `kubectl get pv` prints them.
        "PersistentVolume" => {
            let claim = storage::claim_ref(o).map_or_else(String::new, |(ns, name, _)| format!(" · {ns}/{name}"));
            format!("{}{claim} · {}", storage::volume_phase(o), storage::volume_reclaim(o))
        }
        _ => {
            let volume = storage::claim_volume(o);
            if volume.is_empty() {
                storage::claim_phase(o).to_string()
            } else {
                format!("{} · {volume}", storage::claim_phase(o))
            }
        }
    }
}

/// The user's ConfigMaps, Secrets and claims, and those their pods name that are
/// missing, and every PersistentVolume (cluster-wide, no pod links: a claim's box names
/// its volume), in kind then namespace then name order. The `kube-root-ca.crt` ConfigMap
/// every namespace has (each pod's token volume reads it) is left out, and so are the
/// claims of StatefulSets (`listed`, namespace and name), which their sets' boxes list.
pub fn config(w: &World, listed: &[(String, String)]) -> Vec<ConfigView> {
    let mut objects: BTreeMap<Key, Vec<ConfigLink>> = BTreeMap::new();
    for kind in ["ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume"] {
        for o in w.store.objects_of(kind_of(kind), None) {
            let m = o.meta();
            let ca_bundle = kind == "ConfigMap" && m.name == ROOT_CA_NAME;
            let in_set = kind == "PersistentVolumeClaim" && listed.iter().any(|(ns, n)| *ns == m.namespace && *n == m.name);
            if !is_system_namespace(&m.namespace) && !ca_bundle && !in_set {
                objects.insert((kind, m.namespace.clone(), m.name.clone()), Vec::new());
            }
        }
    }
    for id in w.store.pods_in(None) {
        let Some(p) = w.store.pod(id) else { continue };
        if is_system_namespace(&p.meta.namespace) {
            continue;
        }
        let mut used: BTreeMap<(&'static str, String), Vec<Use>> = BTreeMap::new();
        for (kind, name, how) in references(p) {
            let uses = used.entry((kind, name)).or_default();
            if !uses.contains(&how) {
                uses.push(how);
            }
        }
        for ((kind, name), mut uses) in used {
            if kind == "PersistentVolumeClaim" && listed.iter().any(|(ns, n)| *ns == p.meta.namespace && *n == name) {
                continue;
            }
            uses.sort();
            let (env, file) = freshness(w, p, kind, &name, &uses);
            let link = ConfigLink {
                pod: format!("{}/{}", p.meta.namespace, p.meta.name),
                blocked: blocked(w, p, kind, &name, &uses),
                uses,
                env,
                file,
            };
            objects.entry((kind, p.meta.namespace.clone(), name)).or_default().push(link);
        }
    }
    objects
        .into_iter()
        .map(|((kind, namespace, name), links)| {
            let obj = w.store.written(kind_of(kind), &namespace, &name);
            ConfigView { kind, summary: summary(kind, obj), exists: obj.is_some(), namespace, name, links }
        })
        .collect()
}
