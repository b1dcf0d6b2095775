//! The ReplicaSet controller: keeps `spec.replicas` active pods matching the selector,
//! creating pods from the template (`<rs>-<5 chars>`) and deleting the ones Kubernetes'
//! ranking picks first, then writes the status kubectl reads.

use crate::api::{Api, Wake};
use crate::events::EventType;
use crate::model::deployment::{ReplicaSetSpec, ReplicaSetStatus};
use crate::model::meta::{OwnerRef, Owners};
use crate::model::pod::PodCondition;
use crate::model::pod::{Phase, Pod, PodSpec};
use crate::model::{Kind, Labels, ObjectMeta, Selector};
use crate::store::PodId;
use crate::time::{Millis, SECOND};
use crate::value::Value;
use std::rc::Rc;

/// `BurstReplicas`: at most this many creates or deletes per sync.
pub const BURST_REPLICAS: usize = 500;

/// Pods a sync looks at per simulated millisecond: a ReplicaSet of 150,000 pods is busy
/// for 150 ms per sync, one of a few hundred for no measurable time.
const PODS_PER_MS: usize = 1000;

/// What the controller needs of a ReplicaSet, parsed once per generation.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub generation: i64,
    pub replicas: i64,
    pub min_ready_secs: i64,
    pub selector: Selector,
    pub match_labels: Labels,
    pub template_labels: Labels,
    pub template_annotations: Labels,
    pub spec: Rc<PodSpec>,
}

pub fn parse(spec: &ReplicaSetSpec, generation: i64) -> Parsed {
    let tmeta = spec.template.get("metadata");
    let mut pod_spec = spec.template.get("spec").cloned().unwrap_or(Value::Map(vec![]));
    // The API server's admission defaults that real pods get and templates do not.
    crate::model::defaults::pod_spec(&mut pod_spec, true);
    Parsed {
        generation,
        replicas: spec.replicas,
        min_ready_secs: spec.min_ready_seconds,
        selector: spec.selector.matcher.clone().unwrap_or_default(),
        match_labels: spec.selector.match_labels.clone(),
        template_labels: Labels::from_value(tmeta.and_then(|m| m.get("labels"))),
        template_annotations: Labels::from_value(tmeta.and_then(|m| m.get("annotations"))),
        spec: Rc::new(PodSpec::from_value(pod_spec)),
    }
}

/// Ready for at least `minReadySeconds` (`IsPodAvailable`).
pub fn is_available(p: &Pod, min_ready_secs: i64, now: Millis) -> bool {
    p.status.condition(PodCondition::Ready).is_some_and(|c| c.status && c.since + (min_ready_secs.max(0) as Millis) * SECOND <= now)
}

/// `ActivePodsWithRanks.Less`: the order in which pods are deleted on scale-down, first
/// the ones least worth keeping. `rank` is how many related pods share the pod's node.
fn victim_order(a: &(PodId, &Pod, usize), b: &(PodId, &Pod, usize), now: Millis) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (pa, pb) = (a.1, b.1);
    let assigned = |p: &Pod| !p.node.is_empty();
    let phase = |p: &Pod| match p.status.phase {
        Phase::Pending => 0,
        Phase::Unknown => 1,
        Phase::Running => 2,
        _ => 3,
    };
    let cost =
        |p: &Pod| p.meta.annotations.get("controller.kubernetes.io/pod-deletion-cost").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    // Durations compare on a log2 scale (LogarithmicScaleDown).
    let log = |since: Millis| 64 - (now.saturating_sub(since) / SECOND + 1).leading_zeros();
    let ready_since = |p: &Pod| p.status.condition(PodCondition::Ready).filter(|c| c.status).map(|c| c.since);
    let restarts = |p: &Pod| p.status.statuses.iter().map(|s| s.restart_count).sum::<u32>();
    assigned(pa)
        .cmp(&assigned(pb))
        .then(phase(pa).cmp(&phase(pb)))
        .then(pa.is_ready().cmp(&pb.is_ready()))
        .then(cost(pa).cmp(&cost(pb)))
        .then(b.2.cmp(&a.2))
        .then_with(|| match (ready_since(pa), ready_since(pb)) {
            (Some(x), Some(y)) => log(x).cmp(&log(y)),
            _ => Ordering::Equal,
        })
        .then(restarts(pb).cmp(&restarts(pa)))
        .then_with(|| log(pa.meta.creation).cmp(&log(pb.meta.creation)))
        .then(pa.meta.uid.cmp(&pb.meta.uid))
}

/// Which object a sync is for: a ReplicaSet, or a ReplicationController, which the same
/// controller runs (`pkg/controller/replication` wraps the ReplicaSet controller).
#[derive(Clone, Copy)]
struct Flavor {
    kind: Kind,
    api_version: &'static str,
    name: &'static str,
    source: &'static str,
}

const REPLICA_SET: Flavor = Flavor { kind: Kind::ReplicaSet, api_version: "apps/v1", name: "ReplicaSet", source: "replicaset-controller" };
const REPLICATION_CONTROLLER: Flavor =
    Flavor { kind: Kind::ReplicationController, api_version: "v1", name: "ReplicationController", source: "replication-controller" };

/// The ReplicaSet controller: what it keeps between syncs is the parsed template of
/// each ReplicaSet; its work queue is filled by the store's changes (`Api::pod_changed`).
#[derive(Clone, Default)]
pub struct ReplicaSetController {
    /// Parsed templates by ReplicaSet uid (one shared pod spec per template).
    cache: std::collections::HashMap<String, Parsed, crate::hash::FxBuild>,
}

impl ReplicaSetController {
    /// One sync of a ReplicaSet.
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let Some(rs) = api.store.replicaset(ns, name) else {
            api.queues.replicasets.busy_until.remove(ns, name);
            // Deleted: what was kept of it goes too.
            let live: std::collections::HashSet<&str> = api.store.replicasets(None).map(|r| r.meta.uid.as_str()).collect();
            self.cache.retain(|uid, _| live.contains(uid.as_str()));
            return;
        };
        let uid = rs.meta.uid.clone();
        let generation = rs.meta.generation;
        let parsed = match self.cache.get(&uid) {
            Some(p) if p.generation == generation => p.clone(),
            _ => {
                let p = parse(&rs.spec, generation);
                self.cache.insert(uid.clone(), p.clone());
                p
            }
        };
        if rs.meta.deletion.is_some() {
            return;
        }
        sync_parsed(api, ns, name, &uid, &parsed, REPLICA_SET);
    }

    /// One sync of a ReplicationController.
    pub fn sync_rc(&mut self, api: &mut Api, ns: &str, name: &str) {
        let Some(rc) = api.store.replication_controller(ns, name) else { return };
        if rc.rs.meta.deletion.is_some() {
            return;
        }
        let (uid, parsed) = (rc.rs.meta.uid.clone(), parse(&rc.rs.spec, rc.rs.meta.generation));
        sync_parsed(api, ns, name, &uid, &parsed, REPLICATION_CONTROLLER);
    }
}

/// One sync of a ReplicaSet whose template is parsed.
fn sync_parsed(api: &mut Api, ns: &str, name: &str, uid: &str, parsed: &Parsed, flavor: Flavor) {
    let (uid, parsed) = (uid.to_string(), parsed.clone());
    if api.pods_relabelled {
        release_mismatched(api, &uid, &parsed);
    }
    if flavor.kind == Kind::ReplicaSet {
        adopt_orphans(api, ns, &uid, name, &parsed);
    }
    let now = api.now;
    // The status counts, which a scale-up then adjusts for the pods it creates.
    let mut tally = tally(api, &uid, &parsed);
    let busy = (tally.owned / PODS_PER_MS) as Millis;
    if busy > 0 && flavor.kind == Kind::ReplicaSet {
        api.queues.replicasets.busy_until.insert(ns, name, now + busy);
    }
    let diff = tally.replicas - parsed.replicas;
    // One reference for the sync's events: each pod's SuccessfulCreate shares it.
    let r = std::rc::Rc::new(api.object_ref(flavor.kind, ns, name));
    if diff < 0 {
        let room = crate::apiserver::MAX_PODS.saturating_sub(api.store.pod_count());
        let mut want = ((-diff) as usize).min(BURST_REPLICAS).min(room);
        let prefix = if name.len() > 57 { name[..57].to_string() } else { format!("{name}-") };
        if let Err(e) = crate::apiserver::admission::admit_burst(&api.store, ns, &prefix, &parsed.spec.raw) {
            // Admission refuses every pod of the burst alike; the ReplicaSet tries again
            // when the account is created.
            api.record(r.clone(), EventType::Warning, flavor.source, None, "FailedCreate", format!("Error creating: {e}"));
            want = 0;
        }
        // One list of owner references for the burst: the pods share it.
        let owners: Owners = vec![OwnerRef {
            api_version: flavor.api_version,
            kind: flavor.name,
            name: name.into(),
            uid: uid.as_str().into(),
            controller: true,
        }]
        .into();
        // `generateName`: the ReplicaSet's name and a dash, cut to leave room for the suffix.
        // Admission's defaults are the same for every pod of the burst; its limits and
        // quotas are checked pod by pod, each counting the ones before it.
        let mut template = Value::clone(&parsed.spec.raw);
        let note = crate::apiserver::admission::mutate_pod(&api.store, ns, &mut template);
        let spec = if template == *parsed.spec.raw { parsed.spec.clone() } else { std::rc::Rc::new(PodSpec::from_value(template.clone())) };
        let policed = crate::apiserver::admission::namespace_has_policy(&api.store, ns);
        let mut created = None;
        let mut made = 0;
        for _ in 0..want {
            if policed {
                let name = format!("{prefix}{}", api.rng.k8s_string(5));
                if let Err(e) = crate::apiserver::admission::validate_pod(&api.store, ns, &name, &template) {
                    api.record(r.clone(), EventType::Warning, flavor.source, None, "FailedCreate", format!("Error creating: {e}"));
                    break;
                }
            }
            let (id, message) = create_pod(api, ns, &owners, &prefix, &parsed, &spec, note.as_deref());
            api.record(r.clone(), EventType::Normal, flavor.source, None, "SuccessfulCreate", message);
            created = Some(id);
            made += 1;
        }
        // A refused pod stops the burst; the ReplicaSet tries again when the quota,
        // the limits or its pods change.
        let refused = made < want;
        let want = made;
        // The new pods' add events bring the ReplicaSet back, as its informer's do: a
        // scale-up larger than a burst goes on without waiting for its pods to change
        // (pods that stay Pending never do).
        if !refused && want < (-diff) as usize {
            if let Some(id) = created {
                api.pod_changed(id);
            }
        }
        if room < ((-diff) as usize).min(BURST_REPLICAS) {
            let message = format!("Error creating: {}", crate::apiserver::pods_forbidden(&prefix));
            api.record(r.clone(), EventType::Warning, flavor.source, None, "FailedCreate", message);
        }
        tally.replicas += want as i64;
        tally.labeled += want as i64;
    } else if diff > 0 {
        let n = (diff as usize).min(BURST_REPLICAS);
        let active = active_pods(api, &uid);
        // Related pods per node (all pods of the same owner count for the rank).
        let mut per_node: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for id in &active {
            *per_node.entry(api.store.pod(*id).expect("active").node.as_ref()).or_default() += 1;
        }
        let mut ranked: Vec<(PodId, &Pod, usize)> = active
            .iter()
            .map(|id| {
                let p = api.store.pod(*id).expect("active");
                (*id, p, if p.node.is_empty() { 0 } else { per_node[p.node.as_ref()] })
            })
            .collect();
        ranked.sort_by(|a, b| victim_order(a, b, now));
        let victims: Vec<(PodId, String)> = ranked.into_iter().take(n).map(|(id, p, _)| (id, p.meta.name.clone())).collect();
        for (id, pod_name) in victims {
            let grace = api.store.pod(id).expect("active").spec.grace_secs;
            api.pod_owner_changed(id);
            crate::kubelet::terminate(api, id, grace);
            api.record(r.clone(), EventType::Normal, flavor.source, None, "SuccessfulDelete", format!("Deleted pod: {pod_name}"));
        }
        tally = self::tally(api, &uid, &parsed);
    }
    if flavor.kind == Kind::ReplicaSet {
        write_status(api, ns, name, &parsed, &tally);
    } else {
        write_rc_status(api, ns, name, &parsed, &tally);
    }
}

/// The status a sync's counts make.
fn status_of(parsed: &Parsed, t: &Tally) -> ReplicaSetStatus {
    ReplicaSetStatus {
        replicas: t.replicas,
        fully_labeled_replicas: t.labeled,
        ready_replicas: t.ready,
        available_replicas: t.available,
        observed_generation: parsed.generation,
    }
}

/// The same counts, on the ReplicationController.
fn write_rc_status(api: &mut Api, ns: &str, name: &str, parsed: &Parsed, t: &Tally) {
    let new_status = status_of(parsed, t);
    if api.store.replication_controller(ns, name).is_some_and(|r| r.rs.status.as_ref() != Some(&new_status)) {
        let rv = api.store.next_rv();
        if let Some(r) = api.store.replication_controller_mut(ns, name) {
            r.rs.status = Some(new_status);
            r.rs.meta.resource_version = rv;
        }
    }
    if let Some(at) = t.next_available {
        api.wake_at(at, Wake::SyncReplicationController(crate::api::Named::new(ns, name)));
    }
}

/// What a sync counts over the ReplicaSet's pods.
#[derive(Default)]
struct Tally {
    owned: usize,
    replicas: i64,
    labeled: i64,
    ready: i64,
    available: i64,
    /// When the next ready pod becomes available (`minReadySeconds`).
    next_available: Option<Millis>,
}

/// The status counts: kept by the store as pods change, except the available ones under
/// `minReadySeconds`, which depend on the clock and are counted pod by pod.
fn tally(api: &mut Api, uid: &str, parsed: &Parsed) -> Tally {
    let owned = api.store.pods_by_owner.get(uid).map_or(0, |s| s.len());
    let counts = api.store.owner_counts(uid, &parsed.template_labels);
    let mut t = Tally {
        owned,
        replicas: counts.active as i64,
        labeled: counts.labeled as i64,
        ready: counts.ready as i64,
        available: counts.ready as i64,
        next_available: None,
    };
    if parsed.min_ready_secs > 0 {
        (t.available, t.next_available) = available(api, uid, parsed.min_ready_secs);
    }
    debug_assert_eq!(
        (t.replicas, t.labeled, t.ready),
        walked_counts(api, uid, parsed),
        "the store's counts of {uid}'s pods match a walk over them"
    );
    t
}

/// The active pods among those the owner controls.
fn active_pods(api: &Api, uid: &str) -> Vec<PodId> {
    api.store.pods_by_owner.get(uid).into_iter().flatten().copied().filter(|id| api.store.pod(*id).is_some_and(Pod::is_active)).collect()
}

/// Available pods (ready for `minReadySeconds`), and when the next ready one will be.
fn available(api: &Api, uid: &str, min_ready_secs: i64) -> (i64, Option<Millis>) {
    let (mut n, mut next) = (0, None);
    for p in active_pods(api, uid).into_iter().filter_map(|id| api.store.pod(id)).filter(|p| p.is_ready()) {
        if is_available(p, min_ready_secs, api.now) {
            n += 1;
        } else if let Some(cond) = p.status.condition(PodCondition::Ready) {
            let at = cond.since + min_ready_secs as Millis * SECOND;
            next = Some(next.map_or(at, |m: Millis| m.min(at)));
        }
    }
    (n, next)
}

/// Active, fully labeled and ready pods, counted one by one: what the store's counts
/// must always equal.
fn walked_counts(api: &Api, uid: &str, parsed: &Parsed) -> (i64, i64, i64) {
    let pods: Vec<&Pod> = active_pods(api, uid).into_iter().filter_map(|id| api.store.pod(id)).collect();
    let labeled = pods.iter().filter(|p| parsed.template_labels.is_subset_of(&p.meta.labels)).count();
    (pods.len() as i64, labeled as i64, pods.iter().filter(|p| p.is_ready()).count() as i64)
}

fn write_status(api: &mut Api, ns: &str, name: &str, parsed: &Parsed, t: &Tally) {
    let new_status = status_of(parsed, t);
    // The owning Deployment hears of every sync: Recreate waits for pods to be gone,
    // which the ReplicaSet's status (active pods only) does not show.
    let owner =
        api.store.replicaset(ns, name).and_then(|r| r.meta.controller().filter(|o| o.kind == "Deployment").map(|o| o.name.to_string()));
    if api.store.replicaset(ns, name).is_some_and(|r| r.status.as_ref() != Some(&new_status)) {
        let rv = api.store.next_rv();
        if let Some(r) = api.store.replicaset_mut(ns, name) {
            r.status = Some(new_status);
            r.meta.resource_version = rv;
        }
    }
    let next_available = t.next_available;
    if let Some(d) = owner {
        api.queues.deployments.insert((ns.to_string(), d));
    }
    if let Some(at) = next_available {
        api.wake_at(at, Wake::SyncReplicaSet(crate::api::Named::new(ns, name)));
    }
}

/// `ClaimPods`' release: an owned pod the selector no longer matches (its labels were
/// changed) loses its controller reference and runs on alone; the count then falls short
/// and a replacement is made.
fn release_mismatched(api: &mut Api, uid: &str, parsed: &Parsed) {
    let owned: Vec<PodId> = api.store.pods_by_owner.get(uid).into_iter().flatten().copied().collect();
    for id in owned {
        let Some(p) = api.store.pod(id) else { continue };
        if p.meta.controller().is_some_and(|o| &*o.uid == uid) && !parsed.selector.matches(&p.meta.labels) {
            let rv = api.store.next_rv();
            api.store.clear_pod_owner(id);
            if let Some(p) = api.store.pod_mut(id) {
                p.meta.resource_version = rv;
            }
            api.pod_owner_changed(id);
        }
    }
}

/// Pods whose labels match and that have no controller become this ReplicaSet's.
fn adopt_orphans(api: &mut Api, ns: &str, uid: &str, name: &str, parsed: &Parsed) {
    if parsed.selector.is_empty() || !api.orphans_may_exist {
        return;
    }
    let candidates = api.store.pods_matching(ns, &parsed.match_labels);
    for id in candidates {
        let Some(p) = api.store.pod(id) else { continue };
        if p.meta.controller().is_some() || !p.is_active() || !parsed.selector.matches(&p.meta.labels) {
            continue;
        }
        let owner = OwnerRef { api_version: "apps/v1", kind: "ReplicaSet", name: name.into(), uid: uid.into(), controller: true };
        api.store.set_pod_owner(id, owner);
    }
}

/// Creates one pod of the ReplicaSet; returns its `SuccessfulCreate` message.
fn create_pod(
    api: &mut Api,
    ns: &str,
    owners: &Owners,
    prefix: &str,
    parsed: &Parsed,
    spec: &std::rc::Rc<PodSpec>,
    note: Option<&str>,
) -> (PodId, String) {
    let name = loop {
        let mut candidate = String::with_capacity(prefix.len() + 5);
        candidate.push_str(prefix);
        api.rng.push_k8s_string(&mut candidate, 5);
        if api.store.pod_id(ns, &candidate).is_none() {
            break candidate;
        }
    };
    let message = ["Created pod: ", &name].concat();
    let mut meta: ObjectMeta = api.new_meta_named(name, ns);
    meta.generate_name = api.intern(prefix);
    meta.labels = parsed.template_labels.clone();
    meta.annotations = parsed.template_annotations.clone();
    meta.owners = owners.clone();
    if let Some(note) = note {
        meta.annotations.insert(crate::apiserver::limitranger::ANNOTATION, note);
    }
    (crate::apiserver::create_pod(api, meta, spec.clone()), message)
}
