//! The Deployment controller: one ReplicaSet per pod template (`<deploy>-<hash>` with the
//! `pod-template-hash` label), rolling updates bounded by maxSurge and maxUnavailable,
//! Recreate, scaling, revision history, progress deadlines, and the status and events
//! kubectl shows.

use crate::api::{Api, Wake};
use crate::events::EventType;
use crate::model::condition::{Condition, ConditionStatus};
use crate::model::deployment::{Deployment, DeploymentStatus, ReplicaSet, ReplicaSetSpec, Strategy};
use crate::model::meta::OwnerRef;
use crate::model::{Kind, Labels, Object};
use crate::time::{Millis, SECOND};
use crate::value::Value;

pub use crate::model::deployment::HASH_LABEL;
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

/// `MaxUnavailable`: what the Available condition allows to be missing; none for
/// Recreate or zero replicas, and never more than the replicas.
pub fn max_unavailable(d: &Deployment) -> i64 {
    if d.spec.strategy == Strategy::Recreate || d.spec.replicas == 0 {
        return 0;
    }
    d.spec.fenceposts(d.spec.replicas).1.min(d.spec.replicas)
}

/// What the controller reads of one of its ReplicaSets.
struct Rs {
    name: String,
    uid: String,
    replicas: i64,
    available: i64,
    status_replicas: i64,
    ready: i64,
    revision: i64,
    creation: Millis,
    /// Its template equals the Deployment's (the hash label aside).
    current: bool,
}

/// The Deployment's ReplicaSets, oldest first.
fn owned_replicasets(api: &Api, d: &Deployment) -> Vec<Rs> {
    owned_and_orphans(api, d).0
}

/// The owned ReplicaSets as `owned_replicasets` lists them, and the names of those
/// `adopt_replicasets` would adopt: one pass over the namespace's ReplicaSets for both.
fn owned_and_orphans(api: &Api, d: &Deployment) -> (Vec<Rs>, Vec<String>) {
    let mut orphans = Vec::new();
    let mut out: Vec<Rs> = api
        .store
        .replicasets(Some(&d.meta.namespace))
        .filter(|r| match r.meta.controller() {
            Some(o) => *o.uid == *d.meta.uid && r.meta.deletion.is_none(),
            None => {
                if !d.spec.selector.is_empty() && d.spec.selector.matches(&r.meta.labels) {
                    orphans.push(r.meta.name.clone());
                }
                false
            }
        })
        .map(|r| {
            let st = |f: fn(&crate::model::deployment::ReplicaSetStatus) -> i64| r.status.as_ref().map_or(0, f);
            Rs {
                name: r.meta.name.clone(),
                uid: r.meta.uid.clone(),
                replicas: r.spec.replicas,
                available: st(|s| s.available_replicas),
                status_replicas: st(|s| s.replicas),
                ready: st(|s| s.ready_replicas),
                revision: r.meta.annotations.get(REVISION).and_then(|v| v.parse().ok()).unwrap_or(0),
                creation: r.meta.creation,
                current: api.template_matches.of(&r.spec, &d.spec),
            }
        })
        .collect();
    out.sort_by(|a, b| a.creation.cmp(&b.creation).then(a.name.cmp(&b.name)));
    (out, orphans)
}

/// Annotations of a Deployment its ReplicaSets never take (`skipCopyAnnotation`).
const NOT_COPIED: &[&str] = &[
    crate::model::meta::LAST_APPLIED,
    REVISION,
    "deployment.kubernetes.io/revision-history",
    DESIRED,
    MAX,
    "deprecated.deployment.rollback.to",
];

/// `copyDeploymentAnnotationsToReplicaSet`: whether anything changed.
fn copy_annotations(from: &Labels, to: &mut Labels) -> bool {
    let mut changed = false;
    for (k, v) in from.0.iter() {
        if NOT_COPIED.contains(&k.as_str()) || to.get(k) == Some(v.as_str()) {
            continue;
        }
        to.insert(k, v);
        changed = true;
    }
    changed
}

/// Sets a ReplicaSet's replicas (and the deployment annotations on it), with the event.
/// `(desired, max)`: the Deployment's replicas and its maximum with surge, which the
/// ReplicaSet's annotations record.
fn scale_rs(api: &mut Api, d: &Deployment, rs: &str, to: i64, (desired, max): (i64, i64)) {
    let ns = d.meta.namespace.as_str();
    let rv = api.store.next_rv();
    let Some(r) = api.store.replicaset_mut(ns, rs) else { return };
    let from = r.spec.replicas;
    r.meta.annotations.insert(DESIRED, &desired.to_string());
    r.meta.annotations.insert(MAX, &max.to_string());
    if from == to {
        return;
    }
    r.spec.edit(|s| s.set("replicas", Value::Int(to)));
    r.meta.generation += 1;
    r.meta.resource_version = rv;
    api.queues.replicasets.add(ns, rs);
    let dir = if to > from { "up" } else { "down" };
    let r = api.object_ref(Kind::Deployment, ns, &d.meta.name);
    api.record(
        r,
        EventType::Normal,
        "deployment-controller",
        None,
        "ScalingReplicaSet",
        format!("Scaled {dir} replica set {rs} from {from} to {to}"),
    );
}

fn create_rs(api: &mut Api, d: &Deployment, hash: &str, replicas: i64, (revision, max): (i64, i64)) -> String {
    let ns = d.meta.namespace.as_str();
    let name = format!("{}-{hash}", d.meta.name);
    let mut template = match &d.spec.template {
        Value::Null => Value::Map(vec![]),
        t => t.clone(),
    };
    template.entry_map("metadata").entry_map("labels").set(HASH_LABEL, Value::str(hash));
    let mut selector = d.spec.raw().get("selector").cloned().unwrap_or(Value::Map(vec![]));
    selector.entry_map("matchLabels").set(HASH_LABEL, Value::str(hash));
    let mut spec =
        Value::Map(vec![("replicas".into(), Value::Int(replicas)), ("selector".into(), selector), ("template".into(), template)]);
    if d.spec.min_ready_seconds > 0 {
        spec.set("minReadySeconds", Value::Int(d.spec.min_ready_seconds));
    }
    let mut meta = api.new_meta(&name, ns);
    meta.labels = Labels::from_value(d.spec.template.get("metadata").and_then(|m| m.get("labels")));
    meta.labels.insert(HASH_LABEL, hash);
    copy_annotations(&d.meta.annotations, &mut meta.annotations);
    meta.annotations.insert(DESIRED, &d.spec.replicas.to_string());
    meta.annotations.insert(MAX, &max.to_string());
    meta.annotations.insert(REVISION, &revision.to_string());
    meta.add_owner(OwnerRef {
        api_version: "apps/v1",
        kind: "Deployment",
        name: d.meta.name.as_str().into(),
        uid: d.meta.uid.as_str().into(),
        controller: true,
    });
    meta.generation = 1;
    meta.resource_version = api.store.next_rv();
    let rs = ReplicaSet { meta, spec: ReplicaSetSpec::from_value(spec), status: None };
    api.store.objects.insert((Kind::ReplicaSet, ns.to_string(), name.clone()), Object::ReplicaSet(rs));
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
    name
}

/// The Deployment controller. It keeps nothing between syncs: how long a rollout has been
/// without progress is read from the Progressing condition, as Kubernetes reads it; its
/// work queue is filled by the API server and its ReplicaSets.
#[derive(Clone, Default)]
pub struct DeploymentController;

impl DeploymentController {
    /// One sync of a Deployment (`syncDeployment`).
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let Some(d) = api.store.deployment(ns, name) else { return };
        if d.meta.deletion.is_some() {
            return;
        }
        check_paused_conditions(api, ns, name);
        if let Some(d) = api.store.deployment(ns, name).cloned() {
            sync(api, &d);
        }
    }
}

/// A Deployment's `progressDeadlineSeconds` is in force (it is unless set to the
/// largest int32).
fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec.progress_deadline_seconds != i64::from(i32::MAX)
}

/// `NewDeploymentCondition`: written now, changed now.
fn condition(now: Millis, kind: &str, status: ConditionStatus, reason: &str, message: String) -> Condition {
    Condition { kind: kind.into(), status, reason: reason.into(), message, last_transition: now, last_update: Some(now) }
}

/// `SetDeploymentCondition`: nothing changes when the status and reason are the same;
/// otherwise the condition is replaced (and moved last), keeping when it last changed
/// status if it did not.
fn set_condition(status: &mut DeploymentStatus, mut c: Condition) {
    if let Some(cur) = status.condition(&c.kind) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition = cur.last_transition;
        }
    }
    status.conditions.retain(|x| x.kind != c.kind);
    status.conditions.push(c);
}

/// Writes a Deployment's status if it changed (`UpdateStatus`).
fn write(api: &mut Api, ns: &str, name: &str, status: DeploymentStatus) {
    if api.store.deployment(ns, name).is_none_or(|d| d.status.as_ref() == Some(&status)) {
        return;
    }
    let rv = api.store.next_rv();
    if let Some(d) = api.store.deployment_mut(ns, name) {
        d.status = Some(status);
        d.meta.resource_version = rv;
    }
}

/// `checkPausedConditions`: pausing or resuming sets the Progressing condition to
/// Unknown, so a resumed Deployment does not time out at once.
fn check_paused_conditions(api: &mut Api, ns: &str, name: &str) {
    let Some(d) = api.store.deployment(ns, name) else { return };
    if !has_progress_deadline(d) {
        return;
    }
    let mut status = d.status.clone().unwrap_or_default();
    let cond = status.condition("Progressing");
    if cond.is_some_and(|c| c.reason == "ProgressDeadlineExceeded") {
        return;
    }
    let paused_cond = cond.is_some_and(|c| c.reason == "DeploymentPaused");
    let now = api.now;
    if d.spec.paused && !paused_cond {
        set_condition(
            &mut status,
            condition(now, "Progressing", ConditionStatus::Unknown, "DeploymentPaused", "Deployment is paused".into()),
        );
    } else if !d.spec.paused && paused_cond {
        set_condition(
            &mut status,
            condition(now, "Progressing", ConditionStatus::Unknown, "DeploymentResumed", "Deployment is resumed".into()),
        );
    } else {
        return;
    }
    write(api, ns, name, status);
}

fn sync(api: &mut Api, d: &Deployment) {
    let (ns, name) = (d.meta.namespace.as_str(), d.meta.name.as_str());
    let desired = d.spec.replicas;
    let recreate = d.spec.strategy == Strategy::Recreate;
    let (surge, max_unavailable) = d.spec.fenceposts(desired);
    let max_total = desired + surge;
    let (mut rss, orphans) = owned_and_orphans(api, d);
    if !orphans.is_empty() {
        adopt_replicasets(api, d, orphans);
        rss = owned_replicasets(api, d);
    }
    let mut listed = api.store.changes();
    let new_name = rss.iter().find(|r| r.current).map(|r| r.name.clone());
    if let Some(n) = &new_name {
        // `SetNewReplicaSetAnnotations`: the new ReplicaSet follows the Deployment's own
        // annotations (a `kubernetes.io/change-cause` is what `rollout history` shows).
        let stale = api.store.replicaset_mut(ns, n).is_some_and(|r| copy_annotations(&d.meta.annotations, &mut r.meta.annotations.clone()));
        if stale {
            let rv = api.store.next_rv();
            if let Some(r) = api.store.replicaset_mut(ns, n) {
                copy_annotations(&d.meta.annotations, &mut r.meta.annotations);
                r.meta.resource_version = rv;
            }
        }
    }
    let max_revision = rss.iter().map(|r| r.revision).max().unwrap_or(0);
    let olds_total: i64 = rss.iter().filter(|r| Some(&r.name) != new_name.as_ref()).map(|r| r.replicas).sum();
    // Pods of old ReplicaSets that still run, terminating ones included (`oldPodsRunning`).
    let olds_pods: i64 = rss
        .iter()
        .filter(|r| Some(&r.name) != new_name.as_ref())
        .map(|r| {
            api.store
                .pods_by_owner
                .get(r.uid.as_str())
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

    if d.spec.paused {
        // A paused Deployment only scales.
        if let Some(n) = &new_name {
            let all: i64 = rss.iter().map(|r| r.replicas).sum();
            if all != desired && olds_total == 0 {
                scale_rs(api, d, n, desired, (desired, max_total));
            }
        }
        let unchanged = api.store.changes() == listed;
        sync_status(api, ns, name, false, unchanged.then_some(rss));
        return;
    }

    let new_name = match new_name {
        Some(n) => {
            // Rolling back to an older template makes its ReplicaSet the newest revision.
            let rev = rss.iter().find(|r| r.name == n).map(|r| r.revision).unwrap_or(0);
            if rev < max_revision {
                if let Some(r) = api.store.replicaset_mut(ns, &n) {
                    r.meta.annotations.insert(REVISION, &(max_revision + 1).to_string());
                }
            }
            // A new ReplicaSet found before any progress was noted starts the clock.
            let noted = d.status.as_ref().and_then(|s| s.condition("Progressing")).is_some();
            if has_progress_deadline(d) && !noted {
                let mut status = d.status.clone().unwrap_or_default();
                let found = condition(
                    api.now,
                    "Progressing",
                    ConditionStatus::True,
                    "FoundNewReplicaSet",
                    format!("Found new replica set \"{n}\""),
                );
                set_condition(&mut status, found);
                write(api, ns, name, status);
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
            let mut collision = d.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0);
            let mut hash = template_hash(&d.spec.template, collision);
            while api.store.replicaset(ns, &format!("{name}-{hash}")).is_some() && collision < 100 {
                collision += 1;
                hash = template_hash(&d.spec.template, collision);
            }
            let n = create_rs(api, d, &hash, initial, (max_revision + 1, max_total));
            let mut status = api.store.deployment(ns, name).and_then(|d| d.status.clone()).unwrap_or_default();
            if collision > 0 {
                status.collision_count = Some(collision);
            }
            if has_progress_deadline(d) {
                let created = condition(
                    api.now,
                    "Progressing",
                    ConditionStatus::True,
                    "NewReplicaSetCreated",
                    format!("Created new replica set \"{n}\""),
                );
                set_condition(&mut status, created);
            }
            write(api, ns, name, status);
            listed = api.store.changes();
            rss = owned_replicasets(api, d);
            Some(n)
        }
    };
    let new = new_name.as_ref().and_then(|n| rss.iter().find(|r| &r.name == n));
    if recreate {
        for r in rss.iter().filter(|r| Some(&r.name) != new_name.as_ref()) {
            scale_rs(api, d, &r.name, 0, (desired, desired));
        }
        if let (Some(n), true) = (&new_name, olds_pods == 0) {
            scale_rs(api, d, n, desired, (desired, desired));
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
            scale_rs(api, d, &new_name, target, (desired, max_total));
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
                    scale_rs(api, d, &rs, to, (desired, max_total));
                }
            }
        }
    }
    // Most syncs follow a ReplicaSet's progress and scale nothing: the listing still holds.
    let rss = (api.store.changes() == listed).then_some(rss);
    let rss = cleanup_history(api, d, rss);
    sync_status(api, ns, name, true, rss);
}

/// ReplicaSets without a controller whose labels match the selector (`orphans`, listed by
/// `owned_and_orphans`) become this Deployment's (`ClaimReplicaSets`), as after
/// `kubectl delete --cascade=orphan`.
fn adopt_replicasets(api: &mut Api, d: &Deployment, orphans: Vec<String>) {
    let ns = d.meta.namespace.as_str();
    for name in orphans {
        if let Some(r) = api.store.replicaset_mut(ns, &name) {
            r.meta.add_owner(OwnerRef {
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
/// `rss`: the owned ReplicaSets when known to be current; returned when they still are.
fn cleanup_history(api: &mut Api, d: &Deployment, rss: Option<Vec<Rs>>) -> Option<Vec<Rs>> {
    let limit = d.spec.revision_history_limit.max(0) as usize;
    let rss = rss.unwrap_or_else(|| owned_replicasets(api, d));
    let olds: Vec<&Rs> = rss.iter().filter(|r| r.replicas == 0 && r.status_replicas == 0 && !r.current).collect();
    if olds.len() <= limit {
        return Some(rss);
    }
    let doomed: Vec<String> = olds.iter().take(olds.len() - limit).map(|r| r.name.clone()).collect();
    for n in doomed {
        api.store.objects.remove(Kind::ReplicaSet, &d.meta.namespace, &n);
    }
    None
}

/// The status the ReplicaSets add up to, with the Available condition
/// (`calculateStatus`); after a rollout step also the Progressing condition
/// (`syncRolloutStatus`). Written only if it changed; a rollout that has not finished is
/// looked at again when its progress deadline is due.
/// `rss`: the owned ReplicaSets when the sync knows them to be current.
fn sync_status(api: &mut Api, ns: &str, name: &str, rollout: bool, rss: Option<Vec<Rs>>) {
    // Read in place: a Deployment's status is synced on every change of its ReplicaSets.
    let Some(d) = api.store.deployment(ns, name) else { return };
    let old = d.status.clone().unwrap_or_default();
    let rss = rss.unwrap_or_else(|| owned_replicasets(api, d));
    let new = rss.iter().find(|r| r.current);
    let available: i64 = rss.iter().map(|r| r.available).sum();
    let mut st = DeploymentStatus {
        observed_generation: d.meta.generation,
        replicas: rss.iter().map(|r| r.status_replicas).sum(),
        updated_replicas: new.map_or(0, |r| r.status_replicas),
        ready_replicas: rss.iter().map(|r| r.ready).sum(),
        available_replicas: available,
        // What the ReplicaSets want, not the Deployment: a surge counts.
        unavailable_replicas: (rss.iter().map(|r| r.replicas).sum::<i64>() - available).max(0),
        conditions: old.conditions.clone(),
        collision_count: old.collision_count,
    };
    let now = api.now;
    let desired = d.spec.replicas;
    let available_cond = if available >= desired - max_unavailable(d) {
        condition(now, "Available", ConditionStatus::True, "MinimumReplicasAvailable", "Deployment has minimum availability.".into())
    } else {
        condition(
            now,
            "Available",
            ConditionStatus::False,
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".into(),
        )
    };
    set_condition(&mut st, available_cond);
    if rollout {
        roll_status(d, &old, &mut st, new.map(|r| r.name.as_str()), now);
    }
    let deadline = d.spec.progress_deadline_seconds.max(0) as Millis * SECOND;
    let revision = new.map(|n| n.revision).unwrap_or(0);
    // `requeueStuckDeployment`: a second after the deadline, to see whether it passed.
    // A completed rollout's condition cannot time out, and a check already due would only
    // spin (the real controller requeues it rate-limited, to the same effect).
    let can_time_out = |c: &Condition| !matches!(c.reason.as_str(), "ProgressDeadlineExceeded" | "NewReplicaSetAvailable");
    let recheck = st
        .condition("Progressing")
        .filter(|c| rollout && has_progress_deadline(d) && can_time_out(c) && !complete(d, &st))
        .map(|c| c.last_update.unwrap_or(c.last_transition) + deadline + SECOND)
        .filter(|&at| at > now);
    if let Some(dm) = api.store.deployment_mut(ns, name) {
        if revision > 0 {
            dm.meta.annotations.insert(REVISION, &revision.to_string());
        }
    }
    write(api, ns, name, st);
    if let Some(at) = recheck {
        api.wake_at(at, Wake::SyncDeployment(crate::api::Named::new(ns, name)));
    }
}

/// `DeploymentComplete`: every replica updated and available, the latest spec seen.
fn complete(d: &Deployment, st: &DeploymentStatus) -> bool {
    let want = d.spec.replicas;
    st.updated_replicas == want && st.replicas == want && st.available_replicas == want && st.observed_generation >= d.meta.generation
}

/// `syncRolloutStatus`: the Progressing condition after a rollout step: complete,
/// progressing (written again whenever there was progress), or past its deadline.
fn roll_status(d: &Deployment, old: &DeploymentStatus, st: &mut DeploymentStatus, new_rs: Option<&str>, now: Millis) {
    if !has_progress_deadline(d) {
        st.conditions.retain(|c| c.kind != "Progressing");
        return;
    }
    let current = old.condition("Progressing").cloned();
    let done = st.replicas == st.updated_replicas && current.as_ref().is_some_and(|c| c.reason == "NewReplicaSetAvailable");
    if done {
        return;
    }
    let about = |what: &str| match new_rs {
        Some(rs) => format!("ReplicaSet \"{rs}\" {what}"),
        None => format!("Deployment \"{}\" {what}", d.meta.name),
    };
    // `DeploymentProgressing`: more updated, ready or available pods, or fewer old ones.
    let progressed = st.updated_replicas > old.updated_replicas
        || st.replicas - st.updated_replicas < old.replicas - old.updated_replicas
        || st.ready_replicas > old.ready_replicas
        || st.available_replicas > old.available_replicas;
    if complete(d, st) {
        set_condition(
            st,
            condition(now, "Progressing", ConditionStatus::True, "NewReplicaSetAvailable", about("has successfully progressed.")),
        );
    } else if progressed {
        let mut c = condition(now, "Progressing", ConditionStatus::True, "ReplicaSetUpdated", about("is progressing."));
        if let Some(cur) = &current {
            if cur.status == ConditionStatus::True {
                c.last_transition = cur.last_transition;
            }
            st.conditions.retain(|x| x.kind != "Progressing");
        }
        set_condition(st, c);
    } else if timed_out(d, st, now) {
        set_condition(
            st,
            condition(now, "Progressing", ConditionStatus::False, "ProgressDeadlineExceeded", about("has timed out progressing.")),
        );
    }
}

/// `DeploymentTimedOut`: no progress noted for longer than the deadline.
fn timed_out(d: &Deployment, st: &DeploymentStatus, now: Millis) -> bool {
    let Some(c) = st.condition("Progressing") else { return false };
    match c.reason.as_str() {
        "NewReplicaSetAvailable" => false,
        "ProgressDeadlineExceeded" => true,
        _ => c.last_update.unwrap_or(c.last_transition) + d.spec.progress_deadline_seconds.max(0) as Millis * SECOND < now,
    }
}

/// `kubectl rollout status` for a Deployment: kubectl's message for where it stands, and
/// whether it is done (or failed).
pub fn rollout_status(api: &Api, ns: &str, name: &str) -> Option<(String, Option<bool>)> {
    let d = api.store.deployment(ns, name)?;
    let st = d.status.clone().unwrap_or_default();
    let desired = d.spec.replicas;
    let (updated, replicas, available) = (st.updated_replicas, st.replicas, st.available_replicas);
    if st.observed_generation < d.meta.generation {
        return Some(("Waiting for deployment spec update to be observed...".into(), None));
    }
    let stuck = st.condition("Progressing").is_some_and(|c| c.reason == "ProgressDeadlineExceeded");
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
}
