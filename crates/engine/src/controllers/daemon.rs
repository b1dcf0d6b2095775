//! The DaemonSet controller (`pkg/controller/daemon`): one pod per node the DaemonSet's
//! template fits, created with a node affinity that pins it to that node (the default
//! scheduler binds it), removed from nodes that no longer qualify, replaced when it dies,
//! and rolled onto a changed template at most `maxUnavailable` nodes at a time; each
//! template is a ControllerRevision (`daemon_history`), whose hash labels its pods.

use crate::api::{Api, Named, Wake};
use crate::events::EventType;
use crate::model::daemonset::DaemonSetStatus;
use crate::model::daemonset::{DaemonSet, REVISION_HASH_LABEL, TEMPLATE_GENERATION_LABEL};
use crate::model::meta::OwnerRef;
use crate::model::node::{Node, Taint};
use crate::model::pod::PodCondition;
use crate::model::pod::{Phase, PodSpec, Toleration};
use crate::model::{Kind, Labels, ObjectMeta};
use crate::store::PodId;
use crate::time::{Millis, SECOND};
use crate::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// The tolerations `AddOrUpdateDaemonPodTolerations` gives every daemon pod, so that a
/// node's conditions and a cordon never keep its daemon away: (key, effect).
const DAEMON_TOLERATIONS: [(&str, &str); 6] = [
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
];
/// Added too for pods on the host's network, which need no pod network.
const NETWORK_UNAVAILABLE: (&str, &str) = ("node.kubernetes.io/network-unavailable", "NoSchedule");

/// The DaemonSet controller. What it keeps between syncs is what it last saw of the
/// nodes: a node that joins, changes its labels or taints, or goes brings every
/// DaemonSet back, as the controller's node informer does.
#[derive(Clone, Default)]
pub struct DaemonSetController {
    /// A hash of what decides placement on every node, as of the last look.
    nodes_seen: u64,
    /// The node map's change count at that look: while it stands, the hash would too.
    node_changes_seen: Option<u64>,
    /// Each DaemonSet's template as read for its generation, by uid.
    templates: HashMap<String, (i64, Rc<Template>), crate::hash::FxBuild>,
    /// When the nodes may next be looked at, and whether a wake-up for that is set.
    next_look: Millis,
    look_set: bool,
}

/// What a sync reads of the template: the pod spec each node's pod is made from, the
/// tolerations the controller adds included (its `raw` is shared by the pods it makes).
struct Template {
    spec: PodSpec,
    /// The spec as admission left it for the sync's first pod: the value every later pod
    /// admitted alike shares, its node affinity beside it (`PodSpec::own`).
    admitted: std::cell::OnceCell<Rc<Value>>,
    /// That value parsed, pinned to the first pod's node: a later pod admitted alike is
    /// this with its own node in the pin, not a parse of its own.
    pinned: std::cell::OnceCell<PodSpec>,
    labels: Labels,
    annotations: Labels,
    hash: String,
    generation: i64,
}

impl DaemonSetController {
    /// Queues every DaemonSet if the nodes changed since the last look.
    pub fn notice_nodes(&mut self, api: &mut Api) {
        // Looking hashes every node: on a large cluster the node informer's changes are
        // taken once per spell of 20 µs a node, not at every instant. The spell is asked
        // first: whether any DaemonSet exists is a search of the store, and this runs at
        // every instant the cluster handles (`plan_look` asks it too, after its own checks).
        if api.now < self.next_look {
            self.plan_look(api);
            return;
        }
        if api.store.daemonsets(None).next().is_none() {
            return;
        }
        self.look_set = false;
        self.next_look = api.now + api.store.nodes.len() as Millis / 50;
        // An idle cluster changes no node: the hash of 5,000 of them is then not taken
        // every instant (it was nearly all of an idle second's cost).
        let changes = api.store.nodes.changes();
        if self.node_changes_seen == Some(changes) {
            return;
        }
        self.node_changes_seen = Some(changes);
        let seen = nodes_fingerprint(&api.store.nodes);
        if seen == self.nodes_seen {
            return;
        }
        self.nodes_seen = seen;
        let keys: Vec<(String, String)> = api.store.daemonsets(None).map(|d| (d.meta.namespace.clone(), d.meta.name.clone())).collect();
        for (ns, name) in keys {
            api.queues.daemonsets.add(&ns, &name);
        }
    }

    /// Within a spell, asks for the look at its end, but only if a node may have changed
    /// since the last look: the informer delivers changes, so an idle cluster brings no
    /// wake-up and no DaemonSet sync.
    pub fn plan_look(&mut self, api: &mut Api) {
        if self.look_set || api.now >= self.next_look || self.node_changes_seen == Some(api.store.nodes.changes()) {
            return;
        }
        if api.store.daemonsets(None).next().is_none() {
            return;
        }
        self.look_set = true;
        api.wake_at(self.next_look, Wake::DaemonSetNodes);
    }

    /// One sync of a DaemonSet.
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let Some(ds) = api.store.daemonset(ns, name) else { return };
        if ds.meta.deletion.is_some() {
            return;
        }
        let ds = ds.clone();
        let hash = super::daemon_history::construct(api, &ds);
        let t = match self.templates.get(&ds.meta.uid) {
            Some((generation, t)) if *generation == ds.meta.generation && t.hash == hash => t.clone(),
            _ => {
                let mut t = template(&ds);
                t.hash = hash.clone();
                let t = Rc::new(t);
                if self.templates.len() > 64 {
                    // Deleted DaemonSets' templates go; the live ones are read again.
                    self.templates.clear();
                }
                self.templates.insert(ds.meta.uid.clone(), (ds.meta.generation, t.clone()));
                t
            }
        };
        let r = Rc::new(api.object_ref(Kind::DaemonSet, ns, name));
        let owner =
            OwnerRef { api_version: "apps/v1", kind: "DaemonSet", name: name.into(), uid: ds.meta.uid.as_str().into(), controller: true };
        let by_node = pods_by_node(api, &ds.meta.uid);
        let nodes: Vec<(String, bool, bool)> = api
            .store
            .nodes
            .iter()
            .map(|(n, node)| {
                let (run, keep) = should_run(&t.spec, node);
                (n.clone(), run, keep)
            })
            .collect();
        let mut deletes: Vec<PodId> = Vec::new();
        let mut creates: Vec<String> = Vec::new();
        for (node, run, keep) in &nodes {
            let pods = by_node.get(node.as_str()).cloned().unwrap_or_default();
            // A failed daemon pod is killed and made again (`syncNodes` after a failure).
            let (failed, live): (Vec<PodId>, Vec<PodId>) =
                pods.into_iter().partition(|id| api.store.pod(*id).is_some_and(|p| p.status.phase == Phase::Failed));
            for id in &failed {
                let pod_name = api.store.pod(*id).map(|p| p.meta.name.clone()).unwrap_or_default();
                let message = format!("Found failed daemon pod {ns}/{pod_name} on node {node}, will try to kill it");
                api.record(r.clone(), EventType::Warning, "daemonset-controller", None, "FailedDaemonPod", message);
            }
            deletes.extend(failed);
            if *run && live.is_empty() {
                creates.push(node.clone());
            } else if !*keep {
                deletes.extend(live);
            } else if live.len() > 1 {
                // `podsShouldBeOnNode`: the oldest stays; while surging, also the oldest of
                // the current template (the pods come oldest first).
                let surging = ds.spec.max_surge.scaled(1, true) > 0;
                let keep_new = live.iter().copied().find(|id| api.store.pod(*id).is_some_and(|p| is_updated(p, &t)));
                let keep_old = live.first().copied();
                deletes.extend(live.into_iter().filter(|id| Some(*id) != keep_old && !(surging && Some(*id) == keep_new)));
            }
        }
        // Pods on nodes that are gone, in node order.
        let mut gone: Vec<(&Rc<str>, &Vec<PodId>)> =
            by_node.iter().filter(|(node, _)| !node.is_empty() && !api.store.nodes.contains_key(node.as_ref())).collect();
        gone.sort();
        for (_, ids) in gone {
            deletes.extend(ids.iter().copied());
        }
        for id in deletes.iter().copied() {
            delete_pod(api, &r, id);
        }
        if !creates.is_empty() {
            let a = admit(api, ns, &t);
            for node in &creates {
                create_pod(api, ns, name, &owner, &t, &a, node, &r);
            }
        }
        let unchanged = creates.is_empty() && deletes.is_empty();
        let by_node = if unchanged { by_node } else { pods_by_node(api, &ds.meta.uid) };
        if !ds.spec.on_delete && unchanged && rolling_update(api, &ds, &t, &nodes, &r, &by_node) {
            write_status(api, &ds, &t, &nodes, &pods_by_node(api, &ds.meta.uid));
        } else {
            write_status(api, &ds, &t, &nodes, &by_node);
        }
        super::daemon_history::cleanup(api, &ds, &hash);
    }
}

/// What of the nodes decides where daemons run, hashed (nothing is allocated: it is
/// taken at every instant while a DaemonSet exists).
fn nodes_fingerprint(nodes: &crate::store::NodeMap) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = crate::hash::FxBuild::default().build_hasher();
    // By place, not name: a node's place and its generation name it as well (a node
    // made again in a freed place has a new generation), and the nodes lie in one array,
    // where the names are each a read elsewhere in memory, in name order (a cache miss a
    // node, 5,000 of them at each look while a rollout binds pods).
    for (slot, n) in nodes.by_slot() {
        (slot.index, slot.generation).hash(&mut h);
        n.meta.resource_version.hash(&mut h);
        n.unschedulable.hash(&mut h);
        for t in &n.taints {
            (&t.key, &t.value, &t.effect).hash(&mut h);
        }
    }
    h.finish()
}

fn template(ds: &DaemonSet) -> Template {
    let tmeta = ds.spec.template.get("metadata");
    let mut raw_spec = ds.spec.template.get("spec").cloned().unwrap_or(Value::Map(vec![]));
    let host_network = raw_spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    let mut tolerations = match raw_spec.remove("tolerations") {
        Some(Value::Seq(t)) => t,
        _ => vec![],
    };
    let extra = if host_network { Some(NETWORK_UNAVAILABLE) } else { None };
    for (key, effect) in DAEMON_TOLERATIONS.into_iter().chain(extra) {
        let has = tolerations.iter().any(|t| {
            t.get("key").and_then(Value::as_str) == Some(key)
                && t.get("effect").and_then(Value::as_str) == Some(effect)
                && t.get("operator").and_then(Value::as_str) == Some("Exists")
                && t.get("tolerationSeconds").is_none()
        });
        if !has {
            tolerations.push(Value::Map(vec![
                ("effect".into(), Value::str(effect)),
                ("key".into(), Value::str(key)),
                ("operator".into(), Value::str("Exists")),
            ]));
        }
    }
    raw_spec.set("tolerations", Value::Seq(tolerations));
    crate::model::defaults::pod_spec(&mut raw_spec, true);
    let spec = PodSpec::from_value(raw_spec);
    Template {
        spec,
        admitted: std::cell::OnceCell::new(),
        pinned: std::cell::OnceCell::new(),
        labels: Labels::from_value(tmeta.and_then(|m| m.get("labels"))),
        annotations: Labels::from_value(tmeta.and_then(|m| m.get("annotations"))),
        hash: super::deployment::template_hash(&ds.spec.template, 0),
        generation: ds.template_generation(),
    }
}

/// `NodeShouldRunDaemonPod`: whether a daemon pod should be made on the node, and whether
/// one already there may stay.
pub fn should_run(spec: &PodSpec, node: &Node) -> (bool, bool) {
    let name = node.meta.name.as_str();
    if !spec.node_name.is_empty() && spec.node_name != name {
        return (false, false);
    }
    if !selector_fits(spec, node) {
        return (false, false);
    }
    let untolerated =
        |effects: &[&str]| node.taints.iter().any(|t: &Taint| effects.contains(&t.effect.as_str()) && !tolerated(&spec.tolerations, t));
    if untolerated(&["NoSchedule", "NoExecute"]) {
        return (false, !untolerated(&["NoExecute"]));
    }
    (true, true)
}

/// Why the DaemonSet makes no pod on the node, in the scheduler's words for the same
/// test (`None`: a pod belongs there). The page shows it beside each node left out.
pub fn why_not_on(ds: &DaemonSet, node: &Node) -> Option<String> {
    let spec = template(ds).spec;
    if should_run(&spec, node).0 {
        return None;
    }
    if !spec.node_name.is_empty() && spec.node_name != node.meta.name {
        return Some(format!("the pod names node {}", spec.node_name));
    }
    match node.taints.iter().find(|t| matches!(t.effect.as_str(), "NoSchedule" | "NoExecute") && !tolerated(&spec.tolerations, t)) {
        Some(t) if selector_fits(&spec, node) => Some(format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value)),
        _ => Some("node(s) didn't match Pod's node affinity/selector".to_string()),
    }
}

fn selector_fits(spec: &PodSpec, node: &Node) -> bool {
    let name = node.meta.name.as_str();
    spec.node_selector.0.iter().all(|(k, v)| node.meta.labels.get(k) == Some(v.as_str()))
        && spec
            .required_affinity
            .as_ref()
            .is_none_or(|terms| terms.iter().any(|t| !t.is_empty() && t.iter().all(|r| r.matches(name, &node.meta.labels))))
}

fn tolerated(tolerations: &[Toleration], t: &Taint) -> bool {
    tolerations.iter().any(|tol| tol.tolerates(&t.key, &t.value, &t.effect))
}

/// The node a daemon pod is for: where it is bound, else the node its affinity names.
fn target_node(p: &crate::model::Pod) -> Rc<str> {
    if !p.node.is_empty() {
        return p.node.clone();
    }
    p.spec
        .required_affinity
        .as_ref()
        .and_then(|terms| terms.iter().flatten().find(|r| r.field && r.key == "metadata.name" && r.operator == "In"))
        .and_then(|r| r.values.first())
        .map_or_else(|| "".into(), |n| n.as_str().into())
}

/// The DaemonSet's pods by the node they are for: found by hash (a sync looks up every
/// node, and node names share long prefixes), each node's pods oldest first.
type ByNode = HashMap<Rc<str>, Vec<PodId>, crate::hash::FxBuild>;

/// The DaemonSet's active pods by the node they are for (failed ones included, so they
/// can be replaced; terminating ones left out, as `getNodesToDaemonPods` leaves them).
fn pods_by_node(api: &Api, uid: &str) -> ByNode {
    let mut out = ByNode::default();
    for id in api.store.pods_by_owner.get(uid).into_iter().flatten() {
        let Some(p) = api.store.pod(*id) else { continue };
        if p.meta.deletion.is_some() || p.status.phase == Phase::Succeeded {
            continue;
        }
        out.entry(target_node(p)).or_default().push(*id);
    }
    // Oldest first, as the controller sorts them.
    for ids in out.values_mut().filter(|ids| ids.len() > 1) {
        ids.sort_by_key(|id| api.store.pod(*id).map(|p| (p.meta.creation, p.meta.name.clone())));
    }
    out
}

fn delete_pod(api: &mut Api, r: &Rc<crate::model::ObjectRef>, id: PodId) {
    let Some(p) = api.store.pod(id) else { return };
    let (pod_name, grace) = (p.meta.name.clone(), p.spec.grace_secs);
    api.pod_owner_changed(id);
    crate::kubelet::terminate(api, id, grace);
    api.record(r.clone(), EventType::Normal, "daemonset-controller", None, "SuccessfulDelete", format!("Deleted pod: {pod_name}"));
}

/// What admission's mutating half makes of the template: the same for every pod of one
/// pass (its limits and quotas are still checked pod by pod, each counting the ones
/// before it, as for a ReplicaSet's burst).
struct Admitted {
    raw: Value,
    note: Option<String>,
    /// Whether the namespace has a LimitRange or a ResourceQuota to check each pod against.
    policed: bool,
    /// Whether the template's pods share `Template::admitted` (and start from `pinned`).
    shared: bool,
}

fn admit(api: &Api, ns: &str, t: &Template) -> Admitted {
    let mut raw = Value::clone(&t.spec.raw);
    let note = crate::apiserver::admission::mutate_pod(&api.store, ns, &mut raw);
    // Pods admission left alike share one spec value: a kube-proxy spec is kilobytes, on
    // every node. The node affinity, the one part that differs, is parsed into each pod's
    // own fields and written out from `own`.
    let admitted = t.admitted.get_or_init(|| {
        let mut v = raw.clone();
        if let Value::Map(m) = &mut v {
            m.shrink_to_fit();
        }
        Rc::new(v)
    });
    let shared = raw == **admitted;
    Admitted { raw, note, policed: crate::apiserver::admission::namespace_has_policy(&api.store, ns), shared }
}

/// The spec of the pod for `node`: the parsed template with the node in its pin when it
/// shares the admitted value, else its own value pinned and parsed.
fn spec_for(api: &mut Api, t: &Template, a: &Admitted, node: &str) -> PodSpec {
    let parse = |raw: &Value| {
        let mut raw = raw.clone();
        crate::model::pod::pin_to_node(&mut raw, node);
        PodSpec::from_value(raw)
    };
    if !a.shared {
        return parse(&a.raw);
    }
    let mut spec = match t.pinned.get() {
        Some(base) => {
            let mut spec = base.clone();
            // `pin_to_node` writes one term of one requirement: its value is the node.
            if let Some(values) =
                spec.required_affinity.as_mut().and_then(|t| t.first_mut()).and_then(|t| t.first_mut()).map(|r| &mut r.values)
            {
                *values = vec![node.to_string()];
            }
            spec
        }
        None => t.pinned.get_or_init(|| parse(&a.raw)).clone(),
    };
    spec.raw = t.admitted.get().expect("set by admit").clone();
    spec.own = crate::model::pod::Own::Node(api.intern(node));
    spec
}

/// Creates the node's pod: the template, the added tolerations, and a required node
/// affinity on the node's name that replaces the template's (`ReplaceDaemonSetPodNodeNameNodeAffinity`).
#[allow(clippy::too_many_arguments)]
fn create_pod(
    api: &mut Api,
    ns: &str,
    name: &str,
    owner: &OwnerRef,
    t: &Template,
    a: &Admitted,
    node: &str,
    r: &Rc<crate::model::ObjectRef>,
) {
    if api.store.pod_count() >= crate::apiserver::MAX_PODS {
        let message = format!("Error creating: {}", crate::apiserver::pods_forbidden(&format!("{name}-")));
        api.record(r.clone(), EventType::Warning, "daemonset-controller", None, "FailedCreate", message);
        return;
    }
    if let Err(e) = crate::apiserver::admission::admit_burst(&api.store, ns, &format!("{name}-"), &t.spec.raw) {
        api.record(r.clone(), EventType::Warning, "daemonset-controller", None, "FailedCreate", format!("Error creating: {e}"));
        return;
    }
    let prefix = if name.len() > 57 { name[..57].to_string() } else { format!("{name}-") };
    let pod_name = loop {
        let mut candidate = prefix.clone();
        api.rng.push_k8s_string(&mut candidate, 5);
        if api.store.pod_id(ns, &candidate).is_none() {
            break candidate;
        }
    };
    // The account and the priority class were checked above; without a LimitRange or a
    // quota nothing else refuses a pod.
    if a.policed {
        if let Err(e) = crate::apiserver::admission::validate_pod(&api.store, ns, &pod_name, &a.raw) {
            api.record(r.clone(), EventType::Warning, "daemonset-controller", None, "FailedCreate", format!("Error creating: {e}"));
            return;
        }
    }
    let spec = spec_for(api, t, a, node);
    let message = format!("Created pod: {pod_name}");
    let mut meta: ObjectMeta = api.new_meta_named(pod_name, ns);
    meta.generate_name = api.intern(&prefix);
    meta.labels = t.labels.clone();
    meta.labels.insert(REVISION_HASH_LABEL, &t.hash);
    meta.labels.insert(TEMPLATE_GENERATION_LABEL, &t.generation.to_string());
    meta.annotations = t.annotations.clone();
    if let Some(note) = &a.note {
        meta.annotations.insert(crate::apiserver::limitranger::ANNOTATION, note);
    }
    meta.add_owner(owner.clone());
    crate::apiserver::create_pod(api, meta, Rc::new(spec));
    api.record(r.clone(), EventType::Normal, "daemonset-controller", None, "SuccessfulCreate", message);
}

fn is_updated(p: &crate::model::Pod, t: &Template) -> bool {
    p.meta.labels.get(REVISION_HASH_LABEL) == Some(t.hash.as_str())
}

fn available(p: &crate::model::Pod, min_ready: i64, now: Millis) -> bool {
    super::replicaset::is_available(p, min_ready, now)
}

/// `rollingUpdate` without surge: old pods that are not available go at once; available
/// ones go while fewer than `maxUnavailable` nodes lack an available pod.
/// Whether it deleted or created anything.
fn rolling_update(
    api: &mut Api,
    ds: &DaemonSet,
    t: &Template,
    nodes: &[(String, bool, bool)],
    r: &Rc<crate::model::ObjectRef>,
    by_node: &ByNode,
) -> bool {
    let now = api.now;
    let min_ready = ds.spec.min_ready_seconds;
    let desired = nodes.iter().filter(|n| n.1).count() as i64;
    let max_surge = ds.spec.max_surge.scaled(desired, true);
    if max_surge > 0 {
        return surge_update(api, ds, t, nodes, r, max_surge, by_node);
    }
    let max_unavailable = ds.spec.max_unavailable.scaled(desired, true).max(1);
    let mut unavailable = 0;
    let mut old_available = Vec::new();
    let mut old_unavailable = Vec::new();
    for (node, _, _) in nodes.iter().filter(|n| n.1) {
        let pod = by_node.get(node.as_str()).and_then(|ids| ids.first()).and_then(|id| api.store.pod(*id).map(|p| (*id, p)));
        match pod {
            None => unavailable += 1,
            Some((id, p)) => {
                let ok = available(p, min_ready, now);
                if !ok {
                    unavailable += 1;
                }
                if !is_updated(p, t) {
                    if ok {
                        old_available.push(id);
                    } else {
                        old_unavailable.push(id);
                    }
                }
            }
        }
    }
    let mut changed = !old_unavailable.is_empty();
    for id in old_unavailable {
        delete_pod(api, r, id);
    }
    for id in old_available {
        if unavailable >= max_unavailable {
            break;
        }
        delete_pod(api, r, id);
        unavailable += 1;
        changed = true;
    }
    changed
}

/// `rollingUpdate` with `maxSurge`: a node's new pod is made beside its old one (at most
/// `maxSurge` nodes at a time, any node whose old pod is not available), and the old pod
/// goes once the new one is available.
fn surge_update(
    api: &mut Api,
    ds: &DaemonSet,
    t: &Template,
    nodes: &[(String, bool, bool)],
    r: &Rc<crate::model::ObjectRef>,
    max_surge: i64,
    by_node: &ByNode,
) -> bool {
    let (now, min_ready) = (api.now, ds.spec.min_ready_seconds);
    let mut surging = 0;
    let (mut old_to_delete, mut allowed, mut candidates) = (vec![], vec![], vec![]);
    for (node, _, _) in nodes.iter().filter(|n| n.1) {
        let pods: Vec<(PodId, &crate::model::Pod)> =
            by_node.get(node.as_str()).into_iter().flatten().filter_map(|id| api.store.pod(*id).map(|p| (*id, p))).collect();
        let new = pods.iter().find(|(_, p)| is_updated(p, t));
        let old = pods.iter().find(|(_, p)| !is_updated(p, t));
        match (old, new) {
            (None, _) => {}
            (Some((_, o)), None) => {
                if !available(o, min_ready, now) {
                    allowed.push(node.clone());
                } else {
                    candidates.push(node.clone());
                }
            }
            (Some((old_id, _)), Some((_, n))) => {
                if available(n, min_ready, now) {
                    old_to_delete.push(*old_id);
                } else {
                    surging += 1;
                }
            }
        }
    }
    let deleted = !old_to_delete.is_empty();
    for id in old_to_delete {
        delete_pod(api, r, id);
    }
    let room = (max_surge - surging).max(0) as usize;
    let owner = OwnerRef {
        api_version: "apps/v1",
        kind: "DaemonSet",
        name: ds.meta.name.as_str().into(),
        uid: ds.meta.uid.as_str().into(),
        controller: true,
    };
    let creating: Vec<&String> = allowed.iter().chain(candidates.iter().take(room)).collect();
    let changed = deleted || !creating.is_empty();
    if !creating.is_empty() {
        let a = admit(api, &ds.meta.namespace, t);
        for node in creating {
            create_pod(api, &ds.meta.namespace, &ds.meta.name, &owner, t, &a, node, r);
        }
    }
    changed
}

/// `kubectl rollout status` for a DaemonSet (`DaemonSetStatusViewer`): kubectl's message
/// and whether the rollout is done.
pub fn rollout_status(api: &Api, ns: &str, name: &str) -> Option<(String, Option<bool>)> {
    let ds = api.store.daemonset(ns, name)?;
    if ds.spec.on_delete {
        return Some(("error: rollout status is only available for RollingUpdate strategy type".into(), Some(false)));
    }
    let st = ds.status.clone().unwrap_or_default();
    if st.observed_generation < ds.meta.generation {
        return Some(("Waiting for daemon set spec update to be observed...".into(), None));
    }
    let desired = st.desired_number_scheduled;
    if st.updated_number_scheduled < desired {
        let updated = st.updated_number_scheduled;
        return Some((
            format!("Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated..."),
            None,
        ));
    }
    if st.number_available < desired {
        let available = st.number_available;
        return Some((
            format!("Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available..."),
            None,
        ));
    }
    Some((format!("daemon set \"{name}\" successfully rolled out"), Some(true)))
}

fn write_status(api: &mut Api, ds: &DaemonSet, t: &Template, nodes: &[(String, bool, bool)], by_node: &ByNode) {
    let now = api.now;
    let min_ready = ds.spec.min_ready_seconds;
    let mut st = DaemonSetStatus { observed_generation: ds.meta.generation, ..Default::default() };
    let mut next_available: Option<Millis> = None;
    for (node, run, _) in nodes {
        let pods: Vec<&crate::model::Pod> = by_node.get(node.as_str()).into_iter().flatten().filter_map(|id| api.store.pod(*id)).collect();
        if *run {
            st.desired_number_scheduled += 1;
        }
        let Some(p) = pods.first() else { continue };
        if !*run {
            st.number_misscheduled += 1;
            continue;
        }
        st.current_number_scheduled += 1;
        if p.is_ready() {
            st.number_ready += 1;
            if available(p, min_ready, now) {
                st.number_available += 1;
            } else if let Some(c) = p.status.condition(PodCondition::Ready) {
                let at = c.since + min_ready.max(0) as Millis * SECOND;
                next_available = Some(next_available.map_or(at, |n: Millis| n.min(at)));
            }
        }
        if is_updated(p, t) {
            st.updated_number_scheduled += 1;
        }
    }
    st.number_unavailable = st.desired_number_scheduled - st.number_available;
    let (ns, name) = (ds.meta.namespace.as_str(), ds.meta.name.as_str());
    if api.store.daemonset(ns, name).is_some_and(|d| d.status.as_ref() != Some(&st)) {
        let rv = api.store.next_rv();
        if let Some(d) = api.store.daemonset_mut(ns, name) {
            d.status = Some(st);
            d.meta.resource_version = rv;
        }
    }
    if let Some(at) = next_available {
        api.wake_at(at, Wake::SyncDaemonSet(Named::new(ns, name)));
    }
}
