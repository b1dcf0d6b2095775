//! The Deployment controller: one ReplicaSet per pod template (`<deploy>-<hash>` with the
//! `pod-template-hash` label), rolling updates bounded by maxSurge and maxUnavailable,
//! Recreate, scaling, revision history, progress deadlines, and the status and events
//! kubectl shows.

use crate::api::{Api, Wake};
use crate::events::EventType;
use crate::model::meta::OwnerRef;
use crate::model::{Generic, Kind, Labels};
use crate::time::{rfc3339, Millis, SECOND};
use crate::value::Value;

pub const HASH_LABEL: &str = "pod-template-hash";
pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const DESIRED: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX: &str = "deployment.kubernetes.io/max-replicas";

/// `ComputeHash`: FNV-32a of the template, printed in decimal, each digit mapped through
/// `SafeEncodeString`'s alphabet, so hashes look like Kubernetes' (`5896955f9f`).
pub fn template_hash(template: &Value, collision: i64) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    for b in template.to_json().bytes() {
        feed(b);
    }
    if collision > 0 {
        for b in (collision as u32).to_le_bytes().iter().chain([0u8; 4].iter()) {
            feed(*b);
        }
    }
    h.to_string().bytes().map(|d| crate::rng::K8S_ALPHANUMS[usize::from(d) % 27] as char).collect()
}

/// `GetScaledValueFromIntOrPercent`.
pub fn scaled(v: Option<&Value>, total: i64, round_up: bool) -> i64 {
    match v {
        Some(Value::Int(i)) => *i,
        Some(Value::Str(s)) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            if round_up {
                (pct * total + 99) / 100
            } else {
                pct * total / 100
            }
        }
        _ => 0,
    }
}

/// `ResolveFenceposts`: (maxSurge, maxUnavailable) for `desired` replicas.
pub fn fenceposts(strategy: Option<&Value>, desired: i64) -> (i64, i64) {
    let ru = strategy.and_then(|s| s.get("rollingUpdate"));
    let surge = scaled(ru.and_then(|r| r.get("maxSurge")).or(Some(&Value::str("25%"))), desired, true);
    let unavailable = scaled(ru.and_then(|r| r.get("maxUnavailable")).or(Some(&Value::str("25%"))), desired, false);
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

/// A ReplicaSet's template without the hash label, to compare with the Deployment's.
fn template_without_hash(rs: &Generic) -> Value {
    let mut t = rs.spec.get("template").cloned().unwrap_or(Value::Null);
    if let Some(labels) = t.get_mut("metadata").and_then(|m| m.get_mut("labels")) {
        labels.remove(HASH_LABEL);
    }
    t
}

fn int(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

struct Rs {
    name: String,
    replicas: i64,
    available: i64,
    status_replicas: i64,
    ready: i64,
    revision: i64,
    creation: Millis,
}

fn owned_replicasets(api: &Api, ns: &str, uid: &str) -> Vec<Rs> {
    let mut out: Vec<Rs> = api
        .store
        .generic
        .iter()
        .filter(|((k, n, _), g)| {
            *k == Kind::ReplicaSet && n == ns && g.meta.controller().is_some_and(|o| *o.uid == *uid) && g.meta.deletion.is_none()
        })
        .map(|((_, _, name), g)| Rs {
            name: name.clone(),
            replicas: int(&g.spec, "replicas"),
            available: int(&g.status, "availableReplicas"),
            status_replicas: int(&g.status, "replicas"),
            ready: int(&g.status, "readyReplicas"),
            revision: g.meta.annotations.get(REVISION).and_then(|r| r.parse().ok()).unwrap_or(0),
            creation: g.meta.creation,
        })
        .collect();
    out.sort_by(|a, b| a.creation.cmp(&b.creation).then(a.name.cmp(&b.name)));
    out
}

/// Sets a ReplicaSet's replicas (and the deployment annotations on it), with the event.
/// `(desired, max)`: the Deployment's replicas and its maximum with surge, which the
/// ReplicaSet's annotations record.
fn scale_rs(api: &mut Api, progress: &mut Progress, ns: &str, deploy: &str, rs: &str, to: i64, (desired, max): (i64, i64)) {
    let key = (Kind::ReplicaSet, ns.to_string(), rs.to_string());
    let rv = api.store.next_rv();
    let Some(g) = api.store.generic.get_mut(&key) else { return };
    let from = int(&g.spec, "replicas");
    g.meta.annotations.insert(DESIRED, &desired.to_string());
    g.meta.annotations.insert(MAX, &max.to_string());
    if from == to {
        return;
    }
    g.spec.set("replicas", Value::Int(to));
    g.meta.generation += 1;
    g.meta.resource_version = rv;
    api.queues.replicasets.add(ns, rs);
    let dir = if to > from { "up" } else { "down" };
    let r = api.object_ref(Kind::Deployment, ns, deploy);
    api.record(
        r,
        EventType::Normal,
        "deployment-controller",
        None,
        "ScalingReplicaSet",
        format!("Scaled {dir} replica set {rs} from {from} to {to}"),
    );
    let uid =
        api.store.generic.get(&(Kind::Deployment, ns.to_string(), deploy.to_string())).map(|g| g.meta.uid.clone()).unwrap_or_default();
    progress.insert(uid, api.now);
}

fn create_rs(api: &mut Api, progress: &mut Progress, d: &Generic, hash: &str, replicas: i64, (revision, max): (i64, i64)) -> String {
    let ns = d.meta.namespace.as_str();
    let name = format!("{}-{hash}", d.meta.name);
    let mut template = d.spec.get("template").cloned().unwrap_or(Value::Map(vec![]));
    template.entry_map("metadata").entry_map("labels").set(HASH_LABEL, Value::str(hash));
    let mut selector = d.spec.get("selector").cloned().unwrap_or(Value::Map(vec![]));
    selector.entry_map("matchLabels").set(HASH_LABEL, Value::str(hash));
    let mut spec =
        Value::Map(vec![("replicas".into(), Value::Int(replicas)), ("selector".into(), selector), ("template".into(), template)]);
    if let Some(m) = d.spec.get("minReadySeconds").filter(|m| m.as_i64().unwrap_or(0) > 0) {
        spec.set("minReadySeconds", m.clone());
    }
    let mut meta = api.new_meta(&name, ns);
    meta.labels = Labels::from_value(d.spec.get("template").and_then(|t| t.get("metadata")).and_then(|m| m.get("labels")));
    meta.labels.insert(HASH_LABEL, hash);
    meta.annotations.insert(DESIRED, &int(&d.spec, "replicas").to_string());
    meta.annotations.insert(MAX, &max.to_string());
    meta.annotations.insert(REVISION, &revision.to_string());
    meta.owners.push(OwnerRef {
        api_version: "apps/v1",
        kind: "Deployment",
        name: d.meta.name.as_str().into(),
        uid: d.meta.uid.as_str().into(),
        controller: true,
    });
    meta.generation = 1;
    meta.resource_version = api.store.next_rv();
    api.store
        .generic
        .insert((Kind::ReplicaSet, ns.to_string(), name.clone()), Generic { kind: Kind::ReplicaSet, meta, spec, status: Value::Null });
    api.queues.replicasets.add(ns, &name);
    let r = api.object_ref(Kind::Deployment, ns, &d.meta.name);
    api.record(
        r,
        EventType::Normal,
        "deployment-controller",
        None,
        "ScalingReplicaSet",
        format!("Scaled up replica set {name} from 0 to {replicas}"),
    );
    progress.insert(d.meta.uid.clone(), api.now);
    name
}

/// When each Deployment (by uid) last made progress, for its progress deadline.
type Progress = std::collections::HashMap<String, Millis>;

/// The Deployment controller: what it keeps between syncs is when each Deployment last
/// made progress; its work queue is filled by the API server and its ReplicaSets.
#[derive(Default)]
pub struct DeploymentController {
    progress: Progress,
}

impl DeploymentController {
    /// One sync of a Deployment.
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        if api.store.generic.contains_key(&(Kind::Deployment, ns.to_string(), name.to_string())) {
            sync(api, &mut self.progress, ns, name);
        } else {
            // Deleted: what was kept of it goes too.
            let live: std::collections::HashSet<&str> =
                api.store.generic.values().filter(|g| g.kind == Kind::Deployment).map(|g| g.meta.uid.as_str()).collect();
            self.progress.retain(|uid, _| live.contains(uid.as_str()));
        }
    }
}

fn sync(api: &mut Api, progress: &mut Progress, ns: &str, name: &str) {
    let key = (Kind::Deployment, ns.to_string(), name.to_string());
    let Some(d) = api.store.generic.get(&key).cloned() else { return };
    if d.meta.deletion.is_some() {
        return;
    }
    let desired = int(&d.spec, "replicas");
    let strategy = d.spec.get("strategy");
    let recreate = strategy.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("Recreate");
    let (surge, max_unavailable) = if recreate { (0, 0) } else { fenceposts(strategy, desired) };
    let max_total = desired + surge;
    let paused = d.spec.get("paused").and_then(Value::as_bool).unwrap_or(false);
    let template = d.spec.get("template").cloned().unwrap_or(Value::Null);
    adopt_replicasets(api, ns, &d);
    let mut rss = owned_replicasets(api, ns, &d.meta.uid);
    let new_name = rss
        .iter()
        .find(|r| {
            api.store.generic.get(&(Kind::ReplicaSet, ns.to_string(), r.name.clone())).is_some_and(|g| template_without_hash(g) == template)
        })
        .map(|r| r.name.clone());
    let max_revision = rss.iter().map(|r| r.revision).max().unwrap_or(0);
    let olds_total: i64 = rss.iter().filter(|r| Some(&r.name) != new_name.as_ref()).map(|r| r.replicas).sum();
    // Pods of old ReplicaSets that still run, terminating ones included (`oldPodsRunning`).
    let olds_pods: i64 = rss
        .iter()
        .filter(|r| Some(&r.name) != new_name.as_ref())
        .filter_map(|r| api.store.generic.get(&(Kind::ReplicaSet, ns.to_string(), r.name.clone())))
        .map(|g| {
            api.store
                .pods_by_owner
                .get(g.meta.uid.as_str())
                .map(|s| {
                    s.iter()
                        .filter(|id| {
                            api.store.pod(**id).is_some_and(|p| {
                                !matches!(p.status.phase, crate::model::pod::Phase::Succeeded | crate::model::pod::Phase::Failed)
                            })
                        })
                        .count()
                })
                .unwrap_or(0) as i64
        })
        .sum();

    if paused {
        // A paused Deployment only scales.
        if let Some(n) = &new_name {
            let all: i64 = rss.iter().map(|r| r.replicas).sum();
            if all != desired && olds_total == 0 {
                scale_rs(api, progress, ns, name, n, desired, (desired, max_total));
            }
        }
        write_status(api, progress, ns, name);
        return;
    }

    let new_name = match new_name {
        Some(n) => {
            // Rolling back to an older template makes its ReplicaSet the newest revision.
            let rev = rss.iter().find(|r| r.name == n).map(|r| r.revision).unwrap_or(0);
            if rev < max_revision {
                if let Some(g) = api.store.generic.get_mut(&(Kind::ReplicaSet, ns.to_string(), n.clone())) {
                    g.meta.annotations.insert(REVISION, &(max_revision + 1).to_string());
                }
            }
            Some(n)
        }
        None if recreate && olds_pods > 0 => None,
        None => {
            let initial = if recreate {
                desired
            } else {
                let current: i64 = rss.iter().map(|r| r.replicas).sum();
                if current >= max_total {
                    0
                } else {
                    (max_total - current).min(desired)
                }
            };
            // A name taken by a ReplicaSet with another template is a hash collision: count
            // it and hash again, as the controller does with `collisionCount`.
            let mut collision = d.status.get("collisionCount").and_then(Value::as_i64).unwrap_or(0);
            let mut hash = template_hash(&template, collision);
            while api.store.generic.contains_key(&(Kind::ReplicaSet, ns.to_string(), format!("{name}-{hash}"))) && collision < 100 {
                collision += 1;
                hash = template_hash(&template, collision);
            }
            if collision > 0 {
                if let Some(g) = api.store.generic.get_mut(&key) {
                    if !matches!(g.status, Value::Map(_)) {
                        g.status = Value::Map(vec![]);
                    }
                    g.status.set("collisionCount", Value::Int(collision));
                }
            }
            let n = create_rs(api, progress, &d, &hash, initial, (max_revision + 1, max_total));
            set_condition(api, ns, name, "Progressing", true, "NewReplicaSetCreated", &format!("Created new replica set \"{n}\""));
            rss = owned_replicasets(api, ns, &d.meta.uid);
            Some(n)
        }
    };
    let new = new_name.as_ref().and_then(|n| rss.iter().find(|r| &r.name == n));
    if recreate {
        for r in rss.iter().filter(|r| Some(&r.name) != new_name.as_ref()) {
            scale_rs(api, progress, ns, name, &r.name, 0, (desired, desired));
        }
        if let (Some(n), true) = (&new_name, olds_pods == 0) {
            scale_rs(api, progress, ns, name, n, desired, (desired, desired));
        }
    } else if let Some(new) = new {
        let all: i64 = rss.iter().map(|r| r.replicas).sum();
        // NewRSNewReplicas: grow the new ReplicaSet up to desired, never past desired + surge in all.
        let target = if new.replicas > desired && olds_total == 0 {
            desired
        } else if all >= max_total {
            new.replicas
        } else {
            new.replicas + (max_total - all).min((desired - new.replicas).max(0))
        };
        let new_name = new.name.clone();
        let new_available = new.available;
        let new_replicas_before = new.replicas;
        if target != new.replicas {
            scale_rs(api, progress, ns, name, &new_name, target, (desired, max_total));
        }
        // reconcileOldReplicaSets: scale old ones down while keeping desired - maxUnavailable available.
        let olds: Vec<&Rs> = rss.iter().filter(|r| r.name != new_name && r.replicas > 0).collect();
        if !olds.is_empty() {
            let all_pods: i64 = rss.iter().filter(|r| r.name != new_name).map(|r| r.replicas).sum::<i64>() + target;
            let min_available = desired - max_unavailable;
            let new_unavailable = target.max(new_replicas_before) - new_available;
            let max_scaled_down = all_pods - min_available - new_unavailable;
            if max_scaled_down > 0 {
                let mut budget = max_scaled_down;
                let mut scaled: Vec<(String, i64)> = olds.iter().map(|r| (r.name.clone(), r.replicas)).collect();
                // Unhealthy old replicas go first.
                for (i, r) in olds.iter().enumerate() {
                    let unhealthy = r.replicas - r.available;
                    let n = unhealthy.min(budget).max(0);
                    scaled[i].1 -= n;
                    budget -= n;
                }
                let available: i64 = rss.iter().map(|r| r.available).sum();
                let mut total = (available - min_available).max(0).min(budget);
                for s in scaled.iter_mut() {
                    let n = s.1.min(total);
                    s.1 -= n;
                    total -= n;
                }
                for (rs, to) in scaled {
                    scale_rs(api, progress, ns, name, &rs, to, (desired, max_total));
                }
            }
        }
    }
    cleanup_history(api, ns, &d);
    write_status(api, progress, ns, name);
}

/// ReplicaSets without a controller whose labels match the selector become this
/// Deployment's (`ClaimReplicaSets`), as after `kubectl delete --cascade=orphan`.
fn adopt_replicasets(api: &mut Api, ns: &str, d: &Generic) {
    let Some(selector) = crate::model::Selector::from_label_selector(d.spec.get("selector")).filter(|s| !s.is_empty()) else { return };
    let orphans: Vec<String> = api
        .store
        .generic
        .iter()
        .filter(|((k, n, _), g)| *k == Kind::ReplicaSet && n == ns && g.meta.controller().is_none() && selector.matches(&g.meta.labels))
        .map(|((_, _, name), _)| name.clone())
        .collect();
    for name in orphans {
        if let Some(g) = api.store.generic.get_mut(&(Kind::ReplicaSet, ns.to_string(), name.clone())) {
            g.meta.owners.push(OwnerRef {
                api_version: "apps/v1",
                kind: "Deployment",
                name: d.meta.name.as_str().into(),
                uid: d.meta.uid.as_str().into(),
                controller: true,
            });
        }
        api.queues.replicasets.add(ns, &name);
    }
}

/// Old ReplicaSets at zero replicas beyond `revisionHistoryLimit` are deleted, oldest first.
fn cleanup_history(api: &mut Api, ns: &str, d: &Generic) {
    let limit = d.spec.get("revisionHistoryLimit").and_then(Value::as_i64).unwrap_or(10).max(0) as usize;
    let rss = owned_replicasets(api, ns, &d.meta.uid);
    let template = d.spec.get("template").cloned().unwrap_or(Value::Null);
    let olds: Vec<&Rs> = rss
        .iter()
        .filter(|r| {
            r.replicas == 0
                && r.status_replicas == 0
                && api
                    .store
                    .generic
                    .get(&(Kind::ReplicaSet, ns.to_string(), r.name.clone()))
                    .is_some_and(|g| template_without_hash(g) != template)
        })
        .collect();
    if olds.len() > limit {
        let doomed: Vec<String> = olds.iter().take(olds.len() - limit).map(|r| r.name.clone()).collect();
        for n in doomed {
            api.store.generic.remove(&(Kind::ReplicaSet, ns.to_string(), n));
        }
    }
}

fn set_condition(api: &mut Api, ns: &str, name: &str, kind: &str, status: bool, reason: &str, message: &str) {
    let now = rfc3339(api.now);
    let Some(d) = api.store.generic.get_mut(&(Kind::Deployment, ns.to_string(), name.to_string())) else { return };
    if !matches!(d.status, Value::Map(_)) {
        d.status = Value::Map(vec![]);
    }
    let conds = d.status.entry_map("conditions");
    if !matches!(conds, Value::Seq(_)) {
        *conds = Value::Seq(vec![]);
    }
    let Value::Seq(list) = conds else { return };
    let status_s = if status { "True" } else { "False" };
    match list.iter_mut().find(|x| x.get("type").and_then(Value::as_str) == Some(kind)) {
        Some(cond) => {
            let changed = cond.get("status").and_then(Value::as_str) != Some(status_s);
            if changed {
                cond.set("lastTransitionTime", Value::str(now.clone()));
            }
            if changed || cond.get("reason").and_then(Value::as_str) != Some(reason) {
                cond.set("lastUpdateTime", Value::str(now));
            }
            cond.set("status", Value::str(status_s));
            cond.set("reason", Value::str(reason));
            cond.set("message", Value::str(message));
        }
        None => list.push(Value::Map(vec![
            ("lastTransitionTime".into(), Value::str(now.clone())),
            ("lastUpdateTime".into(), Value::str(now)),
            ("message".into(), Value::str(message)),
            ("reason".into(), Value::str(reason)),
            ("status".into(), Value::str(status_s)),
            ("type".into(), Value::str(kind)),
        ])),
    }
}

/// Status from the ReplicaSets, the Available and Progressing conditions, and the
/// progress deadline.
fn write_status(api: &mut Api, progress: &Progress, ns: &str, name: &str) {
    let key = (Kind::Deployment, ns.to_string(), name.to_string());
    let Some(d) = api.store.generic.get(&key).cloned() else { return };
    let rss = owned_replicasets(api, ns, &d.meta.uid);
    let template = d.spec.get("template").cloned().unwrap_or(Value::Null);
    let new = rss.iter().find(|r| {
        api.store.generic.get(&(Kind::ReplicaSet, ns.to_string(), r.name.clone())).is_some_and(|g| template_without_hash(g) == template)
    });
    let desired = int(&d.spec, "replicas");
    let replicas: i64 = rss.iter().map(|r| r.status_replicas).sum();
    let ready: i64 = rss.iter().map(|r| r.ready).sum();
    let available: i64 = rss.iter().map(|r| r.available).sum();
    let updated = new.map(|r| r.status_replicas).unwrap_or(0);
    let (_, max_unavailable) = fenceposts(d.spec.get("strategy"), desired);
    if available >= desired - max_unavailable {
        set_condition(api, ns, name, "Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.");
    } else {
        set_condition(api, ns, name, "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
    }
    let complete = new.is_some_and(|n| n.replicas == desired && n.available == desired) && replicas == updated;
    let progress_at = progress.get(&d.meta.uid).copied().unwrap_or(d.meta.creation);
    let deadline = d.spec.get("progressDeadlineSeconds").and_then(Value::as_i64).unwrap_or(600);
    if let Some(n) = new {
        let paused = d.spec.get("paused").and_then(Value::as_bool).unwrap_or(false);
        if paused {
            set_condition(api, ns, name, "Progressing", false, "DeploymentPaused", "Deployment is paused");
        } else if complete {
            set_condition(
                api,
                ns,
                name,
                "Progressing",
                true,
                "NewReplicaSetAvailable",
                &format!("ReplicaSet \"{}\" has successfully progressed.", n.name),
            );
        } else if api.now >= progress_at + deadline as Millis * SECOND {
            set_condition(
                api,
                ns,
                name,
                "Progressing",
                false,
                "ProgressDeadlineExceeded",
                &format!("ReplicaSet \"{}\" has timed out progressing.", n.name),
            );
        } else {
            let reason = d
                .status
                .get("conditions")
                .map(Value::as_seq)
                .unwrap_or(&[])
                .iter()
                .find(|x| x.get("type").and_then(Value::as_str) == Some("Progressing"))
                .and_then(|x| x.get("reason").and_then(Value::as_str).map(String::from));
            if reason.as_deref() != Some("NewReplicaSetCreated") || progress_at != d.meta.creation {
                set_condition(
                    api,
                    ns,
                    name,
                    "Progressing",
                    true,
                    "ReplicaSetUpdated",
                    &format!("ReplicaSet \"{}\" is progressing.", n.name),
                );
            }
            api.wake_at(progress_at + deadline as Millis * SECOND, Wake::SyncDeployment(crate::api::Named::new(ns, name)));
        }
    }
    let revision = new.map(|n| n.revision).unwrap_or(0);
    let rv = api.store.next_rv();
    let Some(g) = api.store.generic.get_mut(&key) else { return };
    if revision > 0 {
        g.meta.annotations.insert(REVISION, &revision.to_string());
    }
    let mut st = match std::mem::replace(&mut g.status, Value::Null) {
        Value::Map(m) => Value::Map(m),
        _ => Value::Map(vec![]),
    };
    for (k, v) in [("availableReplicas", available), ("readyReplicas", ready), ("replicas", replicas), ("updatedReplicas", updated)] {
        if v > 0 {
            st.set(k, Value::Int(v));
        } else {
            st.remove(k);
        }
    }
    let unavailable = (desired - available).max(0);
    if unavailable > 0 {
        st.set("unavailableReplicas", Value::Int(unavailable));
    } else {
        st.remove("unavailableReplicas");
    }
    st.set("observedGeneration", Value::Int(g.meta.generation));
    g.status = st;
    g.meta.resource_version = rv;
}

/// `kubectl rollout status` for a Deployment: kubectl's message for where it stands, and
/// whether it is done (or failed).
pub fn rollout_status(api: &Api, ns: &str, name: &str) -> Option<(String, Option<bool>)> {
    let d = api.store.generic.get(&(Kind::Deployment, ns.to_string(), name.to_string()))?;
    let st = &d.status;
    let desired = int(&d.spec, "replicas");
    let updated = int(st, "updatedReplicas");
    let replicas = int(st, "replicas");
    let available = int(st, "availableReplicas");
    if int(st, "observedGeneration") < d.meta.generation {
        return Some(("Waiting for deployment spec update to be observed...".into(), None));
    }
    let stuck = st
        .get("conditions")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .any(|x| x.get("reason").and_then(Value::as_str) == Some("ProgressDeadlineExceeded"));
    if stuck {
        return Some((format!("error: deployment \"{name}\" exceeded its progress deadline"), Some(false)));
    }
    if updated < desired {
        return Some((
            format!("Waiting for deployment \"{name}\" rollout to finish: {updated} out of {desired} new replicas have been updated..."),
            None,
        ));
    }
    if replicas > updated {
        return Some((
            format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...", replicas - updated),
            None,
        ));
    }
    if available < updated {
        return Some((
            format!("Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available..."),
            None,
        ));
    }
    Some((format!("deployment \"{name}\" successfully rolled out"), Some(true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_use_the_digit_alphabet() {
        let h = template_hash(&Value::str("x"), 0);
        assert!(h.len() >= 8 && h.len() <= 10, "{h}");
        assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        assert_ne!(template_hash(&Value::str("x"), 1), h);
    }

    #[test]
    fn fenceposts_match_the_facts_table() {
        for (desired, surge, unavailable) in [(1, 1, 0), (2, 1, 0), (3, 1, 0), (4, 1, 1), (5, 2, 1), (10, 3, 2)] {
            assert_eq!(fenceposts(None, desired), (surge, unavailable), "desired {desired}");
        }
        let zero = Value::Map(vec![(
            "rollingUpdate".into(),
            Value::Map(vec![("maxSurge".into(), Value::Int(0)), ("maxUnavailable".into(), Value::Int(0))]),
        )]);
        assert_eq!(fenceposts(Some(&zero), 3), (0, 1));
    }
}
