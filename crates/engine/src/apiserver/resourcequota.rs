//! ResourceQuota: the usage the quota controller writes into `status` (`hard` as the
//! spec says, `used` summed over the namespace's objects) and the ResourceQuota
//! admission plugin that refuses what would go over (`checkQuotas` in
//! `apiserver/pkg/admission/plugin/resourcequota/controller.go`, the pod evaluator's
//! `Constraints`). kubeplay computes `used` whenever it is read, where the controller
//! recomputes it moments after each change.

use super::limitranger::list;
use crate::model::{Generic, Kind, Object};
use crate::quantity;
use crate::store::Store;
use crate::value::Value;

/// A quantity being summed: thousandths, and whether Go would print it in binary.
#[derive(Clone, Copy, Default)]
struct Qty(i128, bool);

impl Qty {
    fn of(text: &str) -> Qty {
        Qty(quantity::parse(text).unwrap_or(0), quantity::is_binary(text))
    }
    fn count(n: usize) -> Qty {
        Qty(n as i128 * 1000, false)
    }
    /// `Quantity.Add`: a zero takes the other's format.
    fn add(&mut self, o: Qty) {
        if self.0 == 0 {
            self.1 = o.1;
        }
        self.0 += o.0;
    }
    fn show(self) -> String {
        quantity::canonical(self.0, self.1)
    }
}

fn quotas<'a>(store: &'a Store, ns: &str) -> Vec<&'a Generic> {
    store
        .objects_of(Kind::ResourceQuota, Some(ns))
        .filter_map(|o| match o {
            Object::Written(g) => Some(g),
            _ => None,
        })
        .collect()
}

/// A pod's compute usage for one quota resource name (`podComputeUsageHelper`):
/// the containers' sum, or an init container's if larger.
fn pod_resource(spec: &Value, key: &str) -> Option<Qty> {
    let (field, res) = match key {
        "cpu" | "requests.cpu" => ("requests", "cpu"),
        "memory" | "requests.memory" => ("requests", "memory"),
        "ephemeral-storage" | "requests.ephemeral-storage" => ("requests", "ephemeral-storage"),
        "limits.cpu" => ("limits", "cpu"),
        "limits.memory" => ("limits", "memory"),
        "limits.ephemeral-storage" => ("limits", "ephemeral-storage"),
        _ => return None,
    };
    let get = |c: &Value| list(c.get("resources").and_then(|r| r.get(field))).into_iter().find(|(k, _)| k == res).map(|(_, v)| Qty::of(&v));
    let mut total = Qty::default();
    for c in spec.get("containers").map(Value::as_seq).unwrap_or(&[]) {
        if let Some(q) = get(c) {
            total.add(q);
        }
    }
    for c in spec.get("initContainers").map(Value::as_seq).unwrap_or(&[]) {
        if let Some(q) = get(c).filter(|q| q.0 > total.0) {
            total = q;
        }
    }
    Some(total)
}

/// Whether a pod falls under the quota's scopes (`BestEffort`, `NotBestEffort`,
/// `Terminating`, `NotTerminating`; other scopes are not told apart).
fn in_scope(quota: &Generic, spec: &Value) -> bool {
    let best_effort = spec.get("containers").map(Value::as_seq).unwrap_or(&[]).iter().all(|c| {
        list(c.get("resources").and_then(|r| r.get("requests"))).is_empty()
            && list(c.get("resources").and_then(|r| r.get("limits"))).is_empty()
    });
    let terminating = spec.get("activeDeadlineSeconds").is_some_and(|v| !v.is_null());
    quota.spec.get("scopes").map(Value::as_seq).unwrap_or(&[]).iter().all(|s| match s.as_str().unwrap_or("") {
        "BestEffort" => best_effort,
        "NotBestEffort" => !best_effort,
        "Terminating" => terminating,
        "NotTerminating" => !terminating,
        _ => true,
    })
}

/// A pod's usage of `key`, `None` when the key is not a pod resource.
fn pod_usage(quota: &Generic, spec: &Value, key: &str) -> Option<Qty> {
    let q = match key {
        "pods" | "count/pods" => Some(Qty::count(1)),
        _ => pod_resource(spec, key),
    }?;
    Some(if in_scope(quota, spec) { q } else { Qty::default() })
}

/// The kind an object-count resource name counts (`configmaps`, `count/deployments.apps`).
fn counted_kind(key: &str) -> Option<Kind> {
    match key {
        "services" | "secrets" | "configmaps" | "replicationcontrollers" | "resourcequotas" | "persistentvolumeclaims" => {
            Kind::from_resource_arg(key)
        }
        _ => key.strip_prefix("count/").and_then(Kind::from_resource_arg).filter(|k| {
            // `count/pods` is the pod evaluator's.
            *k != Kind::Pod
        }),
    }
}

fn object_count(store: &Store, kind: Kind, ns: &str) -> usize {
    match kind {
        Kind::Service => store.services.keys().filter(|(n, _)| n == ns).count(),
        _ => store.objects_of(kind, Some(ns)).count(),
    }
}

/// What the namespace uses of one resource the quota names.
fn used(store: &Store, quota: &Generic, ns: &str, key: &str) -> Qty {
    if let Some(kind) = counted_kind(key) {
        return Qty::count(object_count(store, kind, ns));
    }
    if key == "requests.storage" {
        let mut total = Qty::default();
        for o in store.objects_of(Kind::PersistentVolumeClaim, Some(ns)) {
            if let Some((_, v)) =
                list(o.spec_raw().get("resources").and_then(|r| r.get("requests"))).into_iter().find(|(k, _)| k == "storage")
            {
                total.add(Qty::of(&v));
            }
        }
        return total;
    }
    let mut total = Qty::default();
    for id in store.pods_in(Some(ns)) {
        let Some(p) = store.pod(id) else { continue };
        if matches!(p.status.phase, crate::model::pod::Phase::Succeeded | crate::model::pod::Phase::Failed) {
            continue;
        }
        if let Some(q) = pod_usage(quota, &p.spec.raw, key) {
            total.add(q);
        }
    }
    total
}

/// `status` as the quota controller writes it: `hard` and `used`, keys sorted.
pub fn status(store: &Store, quota: &Generic) -> Value {
    let hard = list(quota.spec.get("hard"));
    let ns = quota.meta.namespace.as_str();
    Value::Map(vec![
        ("hard".into(), Value::Map(hard.iter().map(|(k, v)| (k.clone(), Value::str(super::limitranger::show(v)))).collect())),
        ("used".into(), Value::Map(hard.iter().map(|(k, _)| (k.clone(), Value::str(used(store, quota, ns, k).show()))).collect())),
    ])
}

/// One resource over its quota: name, requested, used, hard.
type Over = (String, Qty, Qty, String);

/// `exceeded quota: …` for the first quota (by name) the new usage goes over.
fn exceeded(store: &Store, ns: &str, usage: &dyn Fn(&Generic, &str) -> Option<Qty>) -> Result<(), String> {
    for q in quotas(store, ns) {
        let mut over: Vec<Over> = Vec::new();
        for (key, hard) in list(q.spec.get("hard")) {
            let Some(req) = usage(q, &key) else { continue };
            if req.0 == 0 {
                continue;
            }
            let now = used(store, q, ns, &key);
            if now.0 + req.0 > quantity::parse(&hard).unwrap_or(0) {
                over.push((key, req, now, hard));
            }
        }
        if !over.is_empty() {
            let part = |f: &dyn Fn(&Over) -> String| over.iter().map(|o| format!("{}={}", o.0, f(o))).collect::<Vec<_>>().join(",");
            return Err(format!(
                "exceeded quota: {}, requested: {}, used: {}, limited: {}",
                q.meta.name,
                part(&|o| o.1.show()),
                part(&|o| o.2.show()),
                part(&|o| super::limitranger::show(&o.3))
            ));
        }
    }
    Ok(())
}

/// Admission of a pod (after LimitRanger's defaults): every container must state what a
/// quota on cpu or memory counts, and the pod must fit under every quota.
pub fn admit_pod(store: &Store, ns: &str, name: &str, spec: &Value) -> Result<(), String> {
    for q in quotas(store, ns) {
        let hard: Vec<String> = list(q.spec.get("hard")).into_iter().map(|(k, _)| k).collect();
        let required: Vec<&String> = hard
            .iter()
            .filter(|k| ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory"].contains(&k.as_str()))
            .collect();
        if required.is_empty() || !in_scope(q, spec) {
            continue;
        }
        let mut missing: Vec<(String, Vec<String>)> = Vec::new();
        for c in spec
            .get("containers")
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .chain(spec.get("initContainers").map(Value::as_seq).unwrap_or(&[]))
        {
            let cname = c.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let has = |field: &str, res: &str| list(c.get("resources").and_then(|r| r.get(field))).iter().any(|(k, _)| k == res);
            for key in &required {
                let ok = match key.as_str() {
                    "requests.cpu" | "cpu" => has("requests", "cpu"),
                    "requests.memory" | "memory" => has("requests", "memory"),
                    "limits.cpu" => has("limits", "cpu"),
                    _ => has("limits", "memory"),
                };
                if !ok {
                    match missing.iter_mut().find(|(k, _)| k == *key) {
                        Some((_, names)) if !names.contains(&cname) => names.push(cname.clone()),
                        Some(_) => {}
                        None => missing.push(((*key).clone(), vec![cname.clone()])),
                    }
                }
            }
        }
        if !missing.is_empty() {
            missing.sort();
            let parts: Vec<String> = missing
                .into_iter()
                .map(|(k, mut names)| {
                    names.sort();
                    format!("{k} for: {}", names.join(","))
                })
                .collect();
            return Err(format!("pods \"{name}\" is forbidden: failed quota: {}: must specify {}", q.meta.name, parts.join("; ")));
        }
    }
    exceeded(store, ns, &|q, key| pod_usage(q, spec, key)).map_err(|e| format!("pods \"{name}\" is forbidden: {e}"))
}

/// Admission of any other namespaced object: the object counts and claimed storage.
pub fn admit_object(store: &Store, kind: Kind, ns: &str, name: &str, body: &Value) -> Result<(), String> {
    if kind == Kind::Pod || !kind.info().namespaced {
        return Ok(());
    }
    exceeded(store, ns, &|_, key| {
        if counted_kind(key) == Some(kind) {
            return Some(Qty::count(1));
        }
        if kind == Kind::PersistentVolumeClaim && key == "requests.storage" {
            return list(body.get("resources").and_then(|r| r.get("requests")))
                .into_iter()
                .find(|(k, _)| k == "storage")
                .map(|(_, v)| Qty::of(&v));
        }
        None
    })
    .map_err(|e| format!("{} \"{name}\" is forbidden: {e}", kind.resource_name()))
}
