//! The StatefulSet controller (`pkg/controller/statefulset`): pods with stable names
//! (`web-0`, `web-1`, …) and a claim per pod and claim template (`www-web-0`), made
//! before the pod and kept when it goes; under `OrderedReady` each pod waits for the
//! ones before it to be Running and Ready, and scaling down removes the highest ordinal
//! first, one at a time; a template change is a new ControllerRevision, rolled out from
//! the highest ordinal down to the partition.

use crate::api::{Api, Named, Wake};
use crate::events::EventType;
use crate::model::controllerrevision as cr;
use crate::model::meta::OwnerRef;
use crate::model::pod::PodCondition;
use crate::model::pod::{Own, Phase, Pod, PodSpec};
use crate::model::statefulset::{
    claim_name_into, ordinal_of, pod_claim_name, StatefulSet, StatefulSetStatus, POD_INDEX_LABEL, POD_NAME_LABEL, REVISION_LABEL,
};
use crate::model::{Generic, Kind, Labels, Object, ObjectRef};
use crate::store::PodId;
use crate::time::{Millis, SECOND};
use crate::value::Value;
use std::rc::Rc;

const SOURCE: &str = "statefulset-controller";

/// What the controller keeps between syncs.
#[derive(Clone, Default)]
pub struct StatefulSetController {
    /// Each set's ControllerRevisions as last listed. Revisions change rarely, and
    /// listing them read every revision in the namespace at every sync.
    revisions: Vec<Kept>,
}

/// A set's revisions as last listed: its uid, the store's count of revision writes then,
/// and the listing. A list searched by uid, not a map: one per StatefulSet, and a map
/// of its own type cost the page's first view 2.2 KiB of code.
#[derive(Clone)]
struct Kept {
    uid: Rc<str>,
    /// The uid's first bytes, which settle the search without reading each set's uid
    /// elsewhere in memory (fifty sets, at every sync of each).
    uid_word: u64,
    writes: u64,
    listed: Listed,
    claims: ClaimsSeen,
    matched: Matched,
    pods: KeptPods,
    revised: Revised,
    made: Option<Made>,
}

/// The last pod made from a template that had to be made in full, for the next ones. A
/// stateful pod's spec differs from the others' made from the same template only in its
/// hostname and claims (`Own::Ordinal`), and each was defaulted, admitted, validated and
/// parsed on its own, with a copy of the whole value. What it holds depends on the
/// template, the set's service and claim templates, and, through admission, the
/// namespace's LimitRanges and the PriorityClasses: it holds while they do.
#[derive(Clone)]
struct Made {
    template: Value,
    /// The set's spec when `template` was its own template: the same spec, shared, holds
    /// the same template without comparing two value trees.
    own_spec: Option<Rc<crate::model::statefulset::StatefulSetSpec>>,
    service_name: String,
    claim_templates: Rc<[String]>,
    /// The store's counts of LimitRange and PriorityClass writes then.
    admission: (u64, u64),
    labels: Labels,
    annotations: Labels,
    spec: Rc<PodSpec>,
}

impl Made {
    fn holds(&self, api: &Api, set: &StatefulSet, template: &Value) -> bool {
        self.admission == admission_writes(api)
            && self.service_name == set.spec.service_name
            && *self.claim_templates == *set.spec.claim_template_names()
            && (self.own_spec.as_ref().is_some_and(|s| Rc::ptr_eq(s, &set.spec) && std::ptr::eq(template, &set.spec.template))
                || self.template == *template)
    }
}

fn admission_writes(api: &Api) -> (u64, u64) {
    (api.store.objects.writes(Kind::LimitRange), api.store.objects.writes(Kind::PriorityClass))
}

/// Each pod's revision as the status last read it: its labels, held (so that the same
/// pointer is the same labels: a change copies them while they are held here), and
/// whether they name the update and the current revision. Every sync counts the set's
/// pods by revision, and reading a label is a walk through four places in memory.
#[derive(Clone, Default)]
struct Revised {
    current: String,
    update: String,
    /// By pod id, sorted: a map of its own type costs the page more code than a search.
    pods: Vec<(PodId, Labels, bool, bool)>,
}

impl Revised {
    /// Before a count: the kept answers hold for these two revisions, and for about as
    /// many pods as are listed (checked once a count, not at every pod).
    fn begin(&mut self, current: &str, update: &str, listed: usize) {
        if self.current != current || self.update != update || self.pods.len() > 2 * listed + 8 {
            self.current = current.to_string();
            self.update = update.to_string();
            self.pods.clear();
        }
    }

    /// Whether the pod is of the update revision, and of the current one (`begin` first).
    fn of(&mut self, id: PodId, p: &Pod) -> (bool, bool) {
        let at = self.pods.binary_search_by_key(&id, |e| e.0);
        if let Ok(i) = at {
            let (_, labels, updated, current) = &self.pods[i];
            if Rc::ptr_eq(&labels.0, &p.meta.labels.0) {
                return (*updated, *current);
            }
        }
        let revision = revision_of(p);
        let entry = (id, p.meta.labels.clone(), revision == self.update, revision == self.current);
        let found = (entry.2, entry.3);
        match at {
            Ok(i) => self.pods[i] = entry,
            Err(i) => self.pods.insert(i, entry),
        }
        found
    }
}

/// The set's pods by ordinal as last listed, with the store's count of owner changes
/// then: each sync of a set of fifty read every pod's name to list them, and most follow
/// a pod's progress, which changes no pod's owner.
#[derive(Clone, Default)]
struct KeptPods {
    owners_written: u64,
    listed: Option<Vec<(i64, PodId)>>,
}

impl KeptPods {
    fn of(&mut self, api: &Api, set: &StatefulSet) -> Vec<(i64, PodId)> {
        match &self.listed {
            Some(listed) if self.owners_written == api.store.owners_written => listed.clone(),
            _ => {
                let listed = pods_of(api, set);
                self.owners_written = api.store.owners_written;
                self.listed = Some(listed.clone());
                listed
            }
        }
    }
}

/// Which of the listed revisions holds the set's template (its index in the listing),
/// found for the spec held here. Comparing the template with each revision's copy was a
/// walk of two value trees at every sync; the answer holds while the listing and the
/// spec do (the entry is dropped with the listing, and a spec changes as a new one).
type Matched = Option<(Rc<crate::model::statefulset::StatefulSetSpec>, Option<usize>)>;

/// The pending pods whose claims a sync found in place, by ordinal (sorted), and the
/// store's count of claim writes then. A claim goes, or starts going, only by a write:
/// while the count holds, a pod found with its claims still has them. Without this, each
/// sync of a parallel set looked up every pending pod's claims again.
#[derive(Clone, Default)]
struct ClaimsSeen {
    writes: u64,
    ordinals: Vec<i64>,
}

/// A set's ControllerRevisions as listed: (revision, name), oldest first.
type Listed = Rc<[(i64, String)]>;

impl StatefulSetController {
    /// One sync of a StatefulSet (`updateStatefulSet`).
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let Some(set) = api.store.statefulset(ns, name) else {
            // Gone: its entry goes with the first sync that finds any set missing.
            let store = &api.store;
            self.revisions.retain(|k| store.statefulsets(None).any(|s| *s.meta.uid == *k.uid));
            return;
        };
        if set.meta.deletion.is_some() {
            return;
        }
        let set = set.clone();
        let writes = api.store.objects.writes(Kind::ControllerRevision);
        let word = crate::hash::prefix_word(&set.meta.uid);
        let at = self.revisions.iter().position(|k| k.uid_word == word && *k.uid == *set.meta.uid);
        let i = match at {
            Some(i) if self.revisions[i].writes == writes => i,
            found => {
                let listed: Listed = owned_revisions(api, &set).into();
                match found {
                    Some(i) => {
                        self.revisions[i].writes = writes;
                        self.revisions[i].listed = listed;
                        self.revisions[i].matched = None;
                        i
                    }
                    None => {
                        let uid = set.meta.uid.as_str().into();
                        self.revisions.push(Kept {
                            uid,
                            uid_word: word,
                            writes,
                            listed,
                            claims: ClaimsSeen::default(),
                            matched: None,
                            pods: KeptPods::default(),
                            revised: Revised::default(),
                            made: None,
                        });
                        self.revisions.len() - 1
                    }
                }
            }
        };
        let kept = &mut self.revisions[i];
        sync(api, set, kept);
    }
}

fn sync(api: &mut Api, set: StatefulSet, kept: &mut Kept) {
    let Kept { listed, claims, matched, pods: kept_pods, made, revised, .. } = kept;
    let (ns, name) = (set.meta.namespace.as_str(), set.meta.name.as_str());
    let r = Rc::new(api.object_ref(Kind::StatefulSet, ns, name));
    let Revisions { current: current_name, update: update_name, current_template, collision, owned } =
        revisions(api, &set, listed, matched);
    adopt_orphans(api, &set);
    let pods = kept_pods.of(api, &set);
    let before = api.store.changes();
    let ctx = SetSync { api, set: &set, r: &r, update_name: &update_name, current_name: &current_name, claim: String::new(), claims, made };
    ctx.reconcile(&pods, current_template.as_ref().unwrap_or(&set.spec.template));
    // Most syncs follow a pod's progress and change nothing: the pods are as listed.
    let pods = if api.store.changes() == before { pods } else { kept_pods.of(api, &set) };
    write_status(api, &set, &pods, (&current_name, &update_name), collision, revised);
    truncate_history(api, &set, &pods, &current_name, &update_name, owned);
    if set.spec.delete_claims_when_scaled {
        delete_condemned_claims(api, &set);
    }
}

/// `ClaimPods`: a pod without a controller that the selector matches and whose name is
/// one of the set's (`isMemberOf`) becomes the set's, as after `--cascade=orphan`.
fn adopt_orphans(api: &mut Api, set: &StatefulSet) {
    if !api.orphans_may_exist || set.spec.selector.is_empty() {
        return;
    }
    for id in api.store.pods_matching(&set.meta.namespace, &set.spec.selector.match_labels) {
        let Some(p) = api.store.pod(id) else { continue };
        let member = ordinal_of(&set.meta.name, &p.meta.name).is_some();
        if member && p.meta.controller().is_none() && !terminating(p) && set.spec.selector.matches(&p.meta.labels) {
            api.store.set_pod_owner(id, owner(set));
            api.pod_changed(id);
        }
    }
}

/// The set's pods by ordinal (those whose name is `<set>-<n>`), terminating ones included.
fn pods_of(api: &Api, set: &StatefulSet) -> Vec<(i64, PodId)> {
    let base = set.meta.name.as_str();
    let Some(owned) = api.store.pods_by_owner.get(set.meta.uid.as_str()) else { return vec![] };
    let mut out: Vec<(i64, PodId)> = Vec::with_capacity(owned.len());
    for id in owned {
        let Some(p) = api.store.pod(*id) else { continue };
        if let Some(ordinal) = ordinal_of(base, &p.meta.name) {
            out.push((ordinal, *id));
        }
    }
    // No two entries are equal (each id is listed once), so the order is the stable one.
    out.sort_unstable();
    out
}

/// The pod listed for `ordinal` in `pods` (sorted by ordinal); of two names that read as
/// the same ordinal (`web-1`, `web-01`), the one listed last. The tests' reference for
/// `Walk`, which the controller uses.
#[cfg(test)]
fn at_ordinal(pods: &[(i64, PodId)], ordinal: i64) -> Option<PodId> {
    Walk { pods, after: pods.partition_point(|(o, _)| *o <= ordinal) }.found(ordinal)
}

/// `at_ordinal` for ordinals asked in turn, up or down: a sync asks for every ordinal of
/// the set, and a search for each made the pass `n log n`.
struct Walk<'a> {
    pods: &'a [(i64, PodId)],
    /// How many pods have an ordinal up to the last one asked for (a partition point).
    after: usize,
}

impl Walk<'_> {
    fn at(&mut self, ordinal: i64) -> Option<PodId> {
        while self.pods.get(self.after).is_some_and(|(o, _)| *o <= ordinal) {
            self.after += 1;
        }
        while self.after > 0 && self.pods[self.after - 1].0 > ordinal {
            self.after -= 1;
        }
        self.found(ordinal)
    }

    fn found(&self, ordinal: i64) -> Option<PodId> {
        self.after.checked_sub(1).map(|i| self.pods[i]).filter(|(o, _)| *o == ordinal).map(|(_, id)| id)
    }
}

/// One sync's view of the set: what it acts on and the two revisions.
struct SetSync<'a> {
    api: &'a mut Api,
    set: &'a StatefulSet,
    r: &'a Rc<ObjectRef>,
    current_name: &'a str,
    update_name: &'a str,
    /// A claim's name, written here for every pending pod at every sync.
    claim: String,
    claims: &'a mut ClaimsSeen,
    made: &'a mut Option<Made>,
}

fn running_and_ready(p: &Pod) -> bool {
    p.status.phase == Phase::Running && p.is_ready()
}

fn terminating(p: &Pod) -> bool {
    p.meta.deletion.is_some()
}

fn revision_of(p: &Pod) -> &str {
    p.meta.labels.get(REVISION_LABEL).unwrap_or("")
}

impl SetSync<'_> {
    fn available(&self, p: &Pod) -> bool {
        running_and_ready(p) && super::replicaset::is_available(p, self.set.spec.min_ready_seconds, self.api.now)
    }

    fn healthy(&self, p: &Pod) -> bool {
        self.available(p) && !terminating(p)
    }

    fn first_unhealthy(&self, pods: &[(i64, PodId)]) -> Option<i64> {
        pods.iter().find(|(_, id)| self.api.store.pod(*id).is_some_and(|p| !self.healthy(p))).map(|(o, _)| *o)
    }

    /// The replicas' pass, the condemned pods' pass, then the rolling update; under
    /// `OrderedReady` each stops at the first pod it must wait for.
    fn reconcile(mut self, pods: &[(i64, PodId)], current_template: &Value) {
        let set = self.set;
        let monotonic = !set.spec.parallel;
        let (start, end) = (set.spec.start, set.spec.start + set.spec.replicas);
        let mut walk = Walk { pods, after: 0 };
        for ordinal in start..end {
            let mut found = walk.at(ordinal);
            if let Some(id) = found {
                let p = self.api.store.pod(id).expect("listed");
                if matches!(p.status.phase, Phase::Failed | Phase::Succeeded) {
                    // Made again at once (a finished pod's deletion is immediate).
                    let (reason, kind, what) = if p.status.phase == Phase::Failed {
                        ("RecreatingFailedPod", EventType::Warning, "failed")
                    } else {
                        ("RecreatingTerminatedPod", EventType::Normal, "terminated")
                    };
                    let message = format!("StatefulSet {}/{} is recreating {what} Pod {}", set.meta.namespace, set.meta.name, p.meta.name);
                    let was_terminating = terminating(p);
                    self.api.record(self.r.clone(), kind, SOURCE, None, reason, message);
                    if !was_terminating {
                        self.delete(id);
                    }
                    found = self.api.store.pod(id).map(|_| id);
                }
            }
            let Some(id) = found else {
                self.create(ordinal, current_template);
                if monotonic {
                    return;
                }
                continue;
            };
            let p = self.api.store.pod(id).expect("listed");
            let (pending, waiting) = (p.status.phase == Phase::Pending && !terminating(p), terminating(p) || !self.available(p));
            // `createMissingPersistentVolumeClaims`: a claim deleted under a waiting pod.
            if pending && !self.claims_seen(ordinal, id) {
                let pod_name = self.api.store.pod(id).expect("listed").meta.name.clone();
                self.create_claims(&pod_name, false);
            }
            if waiting {
                if monotonic {
                    return;
                }
                continue;
            }
        }
        // Condemned pods, highest ordinal first.
        let condemned: Vec<(i64, PodId)> = pods.iter().filter(|(o, _)| *o < start || *o >= end).copied().collect();
        for (ordinal, id) in condemned.into_iter().rev() {
            let p = self.api.store.pod(id).expect("listed");
            let (gone, available) = (terminating(p), self.available(p));
            if gone {
                if monotonic {
                    return;
                }
                continue;
            }
            // `firstUnhealthyPod`, asked only here: under `OrderedReady` a sync reaches
            // this pass only when it changed no pod, so the pods are as listed.
            if monotonic && !available && self.first_unhealthy(pods) != Some(ordinal) {
                return;
            }
            self.delete(id);
            if monotonic {
                return;
            }
        }
        if set.spec.on_delete {
            return;
        }
        // Rolling update: from the highest ordinal down to the partition.
        let mut walk = Walk { pods, after: pods.len() };
        for target in (set.spec.partition.max(0)..set.spec.replicas).rev() {
            let Some(id) = walk.at(start + target) else { return };
            let Some(p) = self.api.store.pod(id) else { return };
            let (stale, healthy) = (revision_of(p) != self.update_name && !terminating(p), self.healthy(p));
            if stale {
                self.delete(id);
                return;
            }
            if !healthy {
                return;
            }
        }
    }

    /// `CreateStatefulPod`: the pod's claims first, then the pod, of the current
    /// revision below the partition and of the update revision from it up
    /// (`newVersionedStatefulSetPod`).
    fn create(&mut self, ordinal: i64, current_template: &Value) {
        let set = self.set;
        let pod_name = format!("{}-{ordinal}", set.meta.name);
        let index = ordinal - set.spec.start;
        let old = !set.spec.on_delete && index < set.spec.partition;
        let (template, revision) = if old { (current_template, self.current_name) } else { (&set.spec.template, self.update_name) };
        if !self.create_claims(&pod_name, true) {
            return;
        }
        let ns = set.meta.namespace.as_str();
        // A label is a valid name and hostname both: the one part of the pod validated that
        // differs from the made one's.
        let valid_name = crate::model::validation::names::dns1123_label(&pod_name).is_empty();
        let made = self.made.as_ref().filter(|m| valid_name && m.holds(self.api, set, template));
        let (labels, annotations, spec) = match made {
            Some(m) => {
                // Admitted and validated alike but for the name, which is valid.
                if let Some(err) = self.refused(&pod_name, &[], &m.spec.raw) {
                    return self.failed(&pod_name, err);
                }
                (m.labels.clone(), m.annotations.clone(), Rc::new(m.spec.for_ordinal(&pod_name, &m.claim_templates)))
            }
            None => {
                let Some(m) = self.make(&pod_name, template) else { return };
                let parts = (m.labels.clone(), m.annotations.clone(), m.spec.clone());
                *self.made = Some(m);
                parts
            }
        };
        let mut meta = self.api.new_meta_named(pod_name.clone(), ns);
        meta.labels = labels;
        meta.labels.insert(POD_NAME_LABEL, &pod_name);
        meta.labels.insert(POD_INDEX_LABEL, &ordinal.to_string());
        meta.labels.insert(REVISION_LABEL, revision);
        meta.annotations = annotations;
        meta.add_owner(owner(set));
        crate::apiserver::create_pod(self.api, meta, spec);
        let message = format!("create Pod {pod_name} in StatefulSet {} successful", set.meta.name);
        self.api.record(self.r.clone(), EventType::Normal, SOURCE, None, "SuccessfulCreate", message);
    }

    /// The pod of `template` made in full (`newStatefulSetPod`, then the API server's
    /// defaults, admission and validation), or its `FailedCreate` event.
    fn make(&mut self, pod_name: &str, template: &Value) -> Option<Made> {
        let set = self.set;
        let tmeta = template.get("metadata");
        let mut spec = template.get("spec").cloned().unwrap_or(Value::Map(vec![]));
        // The defaults real pods get and templates do not (service links, account,
        // priority, default tolerations).
        crate::model::defaults::pod_spec(&mut spec, true);
        spec.set("hostname", Value::str(pod_name));
        if !set.spec.service_name.is_empty() {
            spec.set("subdomain", Value::str(set.spec.service_name.clone()));
        }
        // `updateStorage`: each claim template is the volume of its name.
        let mut volumes: Vec<Value> = match spec.get_mut("volumes") {
            Some(Value::Seq(v)) => std::mem::take(v),
            _ => vec![],
        };
        for claim in set.spec.claim_template_names() {
            let volume = Value::Map(vec![
                ("name".into(), Value::str(claim.clone())),
                ("persistentVolumeClaim".into(), Value::Map(vec![("claimName".into(), Value::str(pod_claim_name(claim, pod_name)))])),
            ]);
            match volumes.iter_mut().find(|v| v.get("name").and_then(Value::as_str) == Some(claim.as_str())) {
                Some(v) => *v = volume,
                None => volumes.push(volume),
            }
        }
        if !volumes.is_empty() {
            spec.set("volumes", Value::Seq(volumes));
        }
        let labels = Labels::from_value(tmeta.and_then(|m| m.get("labels")));
        let mut annotations = Labels::from_value(tmeta.and_then(|m| m.get("annotations")));
        let ns = set.meta.namespace.as_str();
        if let Some(note) = crate::apiserver::admission::mutate_pod(&self.api.store, ns, &mut spec) {
            annotations.insert(crate::apiserver::limitranger::ANNOTATION, &note);
        }
        // The API server validates the pod, which the set's own validation did not.
        let mut wire = Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("kind".into(), Value::str("Pod")),
            ("metadata".into(), Value::Map(vec![("name".into(), Value::str(pod_name))])),
            ("spec".into(), spec),
        ]);
        let errs = crate::model::validation::validate(Kind::Pod, &wire);
        let spec = wire.get_mut("spec").map_or(Value::Null, |s| std::mem::replace(s, Value::Null));
        if let Some(err) = self.refused(pod_name, &errs, &spec) {
            self.failed(pod_name, err);
            return None;
        }
        let claim_templates: Rc<[String]> = set.spec.claim_template_names().into();
        let mut spec = PodSpec::from_value(spec);
        spec.own = Own::Ordinal { hostname: pod_name.into(), claim_templates: claim_templates.clone() };
        let own_spec = std::ptr::eq(template, &set.spec.template).then(|| set.spec.clone());
        Some(Made {
            template: template.clone(),
            own_spec,
            service_name: set.spec.service_name.clone(),
            claim_templates,
            admission: admission_writes(self.api),
            labels,
            annotations,
            spec: Rc::new(spec),
        })
    }

    /// Why the API server refuses the pod, if it does: `errs` are its validation's.
    fn refused(&self, pod_name: &str, errs: &[crate::model::validation::FieldError], spec: &Value) -> Option<String> {
        let ns = self.set.meta.namespace.as_str();
        if self.api.store.pod_id(ns, pod_name).is_some() {
            // Another owner's pod (or a bare one the selector does not match) has the name.
            Some(format!("pods \"{pod_name}\" already exists"))
        } else if !errs.is_empty() {
            let texts: Vec<&str> = errs.iter().map(|e| e.text.as_str()).collect();
            let joined = if texts.len() == 1 { texts[0].to_string() } else { format!("[{}]", texts.join(", ")) };
            Some(format!("Pod \"{pod_name}\" is invalid: {joined}"))
        } else if self.api.store.pod_count() >= crate::apiserver::MAX_PODS {
            Some(crate::apiserver::pods_forbidden(pod_name))
        } else {
            crate::apiserver::admission::validate_pod(&self.api.store, ns, pod_name, spec).err()
        }
    }

    fn failed(&mut self, pod_name: &str, err: String) {
        let message = format!("create Pod {pod_name} in StatefulSet {} failed error: {err}", self.set.meta.name);
        self.api.record(self.r.clone(), EventType::Warning, SOURCE, None, "FailedCreate", message);
    }

    /// Whether the pod's claims are in place (`claims_in_place`), found again only if a
    /// claim was written since they last were.
    fn claims_seen(&mut self, ordinal: i64, id: PodId) -> bool {
        let writes = self.api.store.objects.writes(Kind::PersistentVolumeClaim);
        if self.claims.writes != writes {
            self.claims.writes = writes;
            self.claims.ordinals.clear();
        }
        let name = &self.api.store.pod(id).expect("listed").meta.name;
        // Only `<set>-<n>` itself: `web-01` reads as ordinal 1 too, and claims `data-web-01`.
        let digits = ordinal.checked_ilog10().map_or(1, |l| l as usize + 1);
        let canonical = name.len() == self.set.meta.name.len() + 1 + digits;
        let at = self.claims.ordinals.binary_search(&ordinal);
        if canonical && at.is_ok() {
            return true;
        }
        let found = claims_in_place(self.api, self.set, name, &mut self.claim);
        if let (true, true, Err(at)) = (found, canonical, at) {
            self.claims.ordinals.insert(at, ordinal);
        }
        found
    }

    /// `createPersistentVolumeClaims`: each template's claim that does not exist yet.
    /// Whether the pod may be made (no claim of it is being deleted); `creating`: the pod
    /// is about to be, whose failure is its `FailedCreate` event.
    fn create_claims(&mut self, pod_name: &str, creating: bool) -> bool {
        let set = self.set;
        let ns = set.meta.namespace.as_str();
        for (template_name, t) in set.spec.named_claim_templates() {
            claim_name_into(&mut self.claim, template_name, pod_name);
            match self.api.store.object(Kind::PersistentVolumeClaim, ns, &self.claim) {
                Some(o) if o.meta().deletion.is_some() => {
                    if !creating {
                        return false;
                    }
                    let message =
                        format!("create Pod {pod_name} in StatefulSet {} failed error: pvc {} is being deleted", set.meta.name, self.claim);
                    self.api.record(self.r.clone(), EventType::Warning, SOURCE, None, "FailedCreate", message);
                    return false;
                }
                Some(_) => continue,
                None => {}
            }
            let claim = self.claim.clone();
            // The template's labels with the set's selector labels over them.
            let tmeta = t.get("metadata");
            let mut labels = Labels::from_value(tmeta.and_then(|m| m.get("labels")));
            for (k, v) in set.spec.selector.match_labels.0.iter() {
                labels.insert(k, v);
            }
            let mut meta = vec![("name".into(), Value::str(claim.clone())), ("namespace".into(), Value::str(ns))];
            if !labels.is_empty() {
                meta.push(("labels".into(), labels.to_value()));
            }
            if let Some(a) = tmeta.and_then(|m| m.get("annotations")) {
                meta.push(("annotations".into(), a.clone()));
            }
            let mut wire = Value::Map(vec![
                ("apiVersion".into(), Value::str("v1")),
                ("kind".into(), Value::str("PersistentVolumeClaim")),
                ("metadata".into(), Value::Map(meta)),
                ("spec".into(), t.get("spec").cloned().unwrap_or(Value::Map(vec![]))),
            ]);
            crate::model::defaults::apply(Kind::PersistentVolumeClaim, &mut wire);
            if crate::apiserver::create(self.api, Kind::PersistentVolumeClaim, ns, wire).is_err() {
                continue;
            }
            if set.spec.delete_claims_when_deleted {
                // The retention policy's owner: the claim goes with the set.
                if let Some(o) = self.api.store.object_mut(Kind::PersistentVolumeClaim, ns, &claim) {
                    o.meta_mut().add_owner(OwnerRef { controller: false, ..owner(set) });
                }
            }
            let message = format!("create Claim {claim} Pod {pod_name} in StatefulSet {} success", set.meta.name);
            self.api.record(self.r.clone(), EventType::Normal, SOURCE, None, "SuccessfulCreate", message);
        }
        true
    }

    fn delete(&mut self, id: PodId) {
        let Some(p) = self.api.store.pod(id) else { return };
        let (pod_name, grace) = (p.meta.name.clone(), p.spec.grace_secs);
        self.api.pod_owner_changed(id);
        crate::kubelet::terminate(self.api, id, grace);
        let message = format!("delete Pod {pod_name} in StatefulSet {} successful", self.set.meta.name);
        self.api.record(self.r.clone(), EventType::Normal, SOURCE, None, "SuccessfulDelete", message);
    }
}

/// Whether every claim of the pod exists and none is being deleted, when
/// `createMissingPersistentVolumeClaims` has nothing to do; `buf` holds each name in turn.
fn claims_in_place(api: &Api, set: &StatefulSet, pod_name: &str, buf: &mut String) -> bool {
    set.spec.claim_template_names().iter().all(|template| {
        claim_name_into(buf, template, pod_name);
        api.store.object(Kind::PersistentVolumeClaim, &set.meta.namespace, buf).is_some_and(|o| o.meta().deletion.is_none())
    })
}

fn owner(set: &StatefulSet) -> OwnerRef {
    OwnerRef {
        api_version: "apps/v1",
        kind: "StatefulSet",
        name: set.meta.name.as_str().into(),
        uid: set.meta.uid.as_str().into(),
        controller: true,
    }
}

/// The set's ControllerRevisions, oldest revision first.
fn owned_revisions(api: &Api, set: &StatefulSet) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = api
        .store
        .objects_of(Kind::ControllerRevision, Some(&set.meta.namespace))
        .filter_map(|o| match o {
            Object::Written(g) if g.meta.controller().is_some_and(|c| *c.uid == *set.meta.uid) => {
                Some((cr::revision(g), g.meta.name.clone()))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// `getStatefulSetRevisions`: the current revision, the update revision (the set's
/// template; an earlier revision with the same template is reused and renumbered, a new
/// one is created as `<set>-<hash>`), and the collision count.
fn revisions(api: &mut Api, set: &StatefulSet, revs: &[(i64, String)], matched: &mut Matched) -> Revisions {
    let ns = set.meta.namespace.clone();
    let mut collision = set.status.as_ref().map_or(0, |s| s.collision_count);
    let mut owned = revs.len();
    let next = revs.last().map_or(1, |(r, _)| r + 1);
    let data = &set.spec.revision_data;
    let at = match matched {
        Some((spec, at)) if Rc::ptr_eq(spec, &set.spec) => *at,
        _ => {
            let at = (0..revs.len())
                .rev()
                .find(|&i| api.store.written(Kind::ControllerRevision, &ns, &revs[i].1).is_some_and(|g| cr::data(g) == Some(data)));
            *matched = Some((set.spec.clone(), at));
            at
        }
    };
    let same = at.map(|i| (revs[i].0, &revs[i].1));
    let update = match same {
        Some((r, name)) if r == next - 1 => name.clone(),
        Some((_, name)) => {
            // A rollback to an earlier template: that revision becomes the newest.
            let rv = api.store.next_rv();
            if let Some(Object::Written(g)) = api.store.object_mut(Kind::ControllerRevision, &ns, name) {
                g.spec.set("revision", Value::Int(next));
                g.meta.resource_version = rv;
            }
            name.clone()
        }
        None => loop {
            let name = format!("{}-{}", set.meta.name, cr::hash(data, collision));
            match api.store.object(Kind::ControllerRevision, &ns, &name) {
                Some(Object::Written(g)) if cr::data(g) == Some(data) => break name,
                Some(_) => collision += 1,
                None => {
                    let mut meta = api.new_meta_named(name.clone(), &ns);
                    meta.labels = set.spec.template.get("metadata").map_or_else(Labels::default, |m| Labels::from_value(m.get("labels")));
                    // `ControllerRevisionHashLabel`: the hash alone.
                    let hash = name.rsplit('-').next().unwrap_or("").to_string();
                    meta.labels.insert("controller.kubernetes.io/hash", &hash);
                    // The set's annotations, so `rollout history` reads its change cause.
                    meta.annotations = set.meta.annotations.clone();
                    meta.add_owner(owner(set));
                    meta.resource_version = api.store.next_rv();
                    let g = Generic { kind: Kind::ControllerRevision, meta, spec: cr::with_data(data.clone(), next), status: Value::Null };
                    api.store.objects.insert((Kind::ControllerRevision, ns.clone(), name.clone()), Object::Written(g));
                    owned += 1;
                    break name;
                }
            }
        },
    };
    let status_current = set.status.as_ref().map(|s| s.current_revision.as_str()).unwrap_or_default();
    // The current revision is the update one unless the status names another the set owns.
    let current =
        if status_current != update && revs.iter().any(|(_, n)| n == status_current) { status_current.to_string() } else { update.clone() };
    // The update revision restores the set's own template, which needs no copy.
    let current_template =
        if current == update { None } else { api.store.written(Kind::ControllerRevision, &ns, &current).and_then(cr::template).cloned() };
    Revisions { current, update, current_template, collision, owned }
}

/// What a sync needs of the set's revisions.
struct Revisions {
    current: String,
    update: String,
    /// The pod template the current revision restores, when it is not the set's own.
    current_template: Option<Value>,
    collision: i64,
    /// How many revisions the set owns, the update revision included.
    owned: usize,
}

/// `truncateHistory`: revisions no pod runs and that are neither current nor the
/// update go, oldest first, beyond `revisionHistoryLimit`.
fn truncate_history(api: &mut Api, set: &StatefulSet, pods: &[(i64, PodId)], current: &str, update: &str, owned: usize) {
    let limit = set.spec.revision_history_limit.max(0) as usize;
    // Counted by this sync's listing: within the limit, no need to list them again.
    if owned <= limit {
        return;
    }
    let revisions = owned_revisions(api, set);
    // The history is at most every revision: within the limit, nothing to read further.
    if revisions.len() <= limit {
        return;
    }
    let live: Vec<String> = pods.iter().filter_map(|(_, id)| api.store.pod(*id)).map(|p| revision_of(p).to_string()).collect();
    let history: Vec<String> = revisions.into_iter().map(|(_, n)| n).filter(|n| n != current && n != update && !live.contains(n)).collect();
    let excess = history.len().saturating_sub(limit);
    for name in history.into_iter().take(excess) {
        api.store.objects.remove(Kind::ControllerRevision, &set.meta.namespace, &name);
    }
}

/// The `whenScaled: Delete` policy: a claim of an ordinal the set no longer has goes once
/// its pod is gone (the garbage collector's part, through the pod's owner reference).
fn delete_condemned_claims(api: &mut Api, set: &StatefulSet) {
    let ns = set.meta.namespace.clone();
    let (start, end) = (set.spec.start, set.spec.start + set.spec.replicas);
    for template in set.spec.claim_template_names() {
        let parent = format!("{template}-{}", set.meta.name);
        let condemned: Vec<String> = api
            .store
            .objects_of(Kind::PersistentVolumeClaim, Some(&ns))
            .filter(|o| o.meta().deletion.is_none())
            .map(|o| o.meta().name.clone())
            .filter(|n| ordinal_of(&parent, n).is_some_and(|o| o < start || o >= end))
            .collect();
        for claim in condemned {
            let pod = claim.strip_prefix(&format!("{template}-")).unwrap_or("").to_string();
            if api.store.pod_id(&ns, &pod).is_none() {
                crate::apiserver::storage::delete(api, Kind::PersistentVolumeClaim, &ns, &claim);
            }
        }
    }
}

/// `computeReplicaStatus` and `completeRollingUpdate`, written if it changed; a wake-up
/// for when a ready pod becomes available.
fn write_status(
    api: &mut Api,
    set: &StatefulSet,
    pods: &[(i64, PodId)],
    (current, update): (&str, &str),
    collision: i64,
    revised: &mut Revised,
) {
    let now = api.now;
    let min_ready = set.spec.min_ready_seconds;
    let mut st = StatefulSetStatus {
        observed_generation: set.meta.generation,
        current_revision: current.to_string(),
        update_revision: update.to_string(),
        collision_count: collision,
        ..Default::default()
    };
    let mut next_available: Option<Millis> = None;
    revised.begin(current, update, pods.len());
    for (_, id) in pods {
        let Some(p) = api.store.pod(*id) else { continue };
        st.replicas += 1;
        if running_and_ready(p) {
            st.ready_replicas += 1;
            if super::replicaset::is_available(p, min_ready, now) {
                st.available_replicas += 1;
            } else if let Some(c) = p.status.condition(PodCondition::Ready) {
                let at = c.since + min_ready.max(0) as Millis * SECOND;
                next_available = Some(next_available.map_or(at, |n: Millis| n.min(at)));
            }
        }
        if !terminating(p) {
            let (updated, of_current) = revised.of(*id, p);
            st.current_replicas += of_current as i64;
            st.updated_replicas += updated as i64;
        }
    }
    if !set.spec.on_delete && st.updated_replicas == st.replicas && st.ready_replicas == st.replicas {
        st.current_replicas = st.updated_replicas;
        st.current_revision = st.update_revision.clone();
    }
    let (ns, name) = (set.meta.namespace.as_str(), set.meta.name.as_str());
    // The status update is a watch event the controller hears like any other: a sync that
    // took the rollout's revision as current (or counted a collision) is followed by one
    // that reads it so, and prunes the history the old current revision held.
    let changed =
        api.store.statefulset(ns, name).filter(|s| s.status.as_ref() != Some(&st)).map(|s| {
            s.status.as_ref().is_none_or(|o| o.current_revision != st.current_revision || o.collision_count != st.collision_count)
        });
    if let Some(read_again) = changed {
        let rv = api.store.next_rv();
        if let Some(s) = api.store.statefulset_mut(ns, name) {
            s.status = Some(st);
            s.meta.resource_version = rv;
        }
        if read_again {
            api.queues.statefulsets.add(ns, name);
        }
    }
    if let Some(at) = next_available {
        api.wake_at(at, Wake::SyncStatefulSet(Named::new(ns, name)));
    }
}

/// `kubectl rollout status` for a StatefulSet (`StatefulSetStatusViewer`): kubectl's
/// message and whether the rollout is done (`Some(false)`: an error).
pub fn rollout_status(api: &Api, ns: &str, name: &str) -> Option<(String, Option<bool>)> {
    let set = api.store.statefulset(ns, name)?;
    if set.spec.on_delete {
        return Some(("error: rollout status is only available for RollingUpdate strategy type".into(), Some(false)));
    }
    let st = set.status.clone().unwrap_or_default();
    if st.observed_generation == 0 || set.meta.generation > st.observed_generation {
        return Some(("Waiting for statefulset spec update to be observed...".into(), None));
    }
    let replicas = set.spec.replicas;
    if st.ready_replicas < replicas {
        return Some((format!("Waiting for {} pods to be ready...", replicas - st.ready_replicas), None));
    }
    let partitioned = set.spec.raw().get("updateStrategy").and_then(|s| s.get("rollingUpdate")).and_then(|r| r.get("partition")).is_some();
    if partitioned {
        let want = replicas - set.spec.partition;
        if st.updated_replicas < want {
            return Some((
                format!("Waiting for partitioned roll out to finish: {} out of {want} new pods have been updated...", st.updated_replicas),
                None,
            ));
        }
        return Some((format!("partitioned roll out complete: {} new pods have been updated...", st.updated_replicas), Some(true)));
    }
    if st.update_revision != st.current_revision {
        return Some((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...",
                st.updated_replicas, st.update_revision
            ),
            None,
        ));
    }
    Some((format!("statefulset rolling update complete {} pods at revision {}...", st.current_replicas, st.current_revision), Some(true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_ends_in_digits_within_an_int32() {
        let cases = [
            ("web-0", Some(0)),
            ("web-7", Some(7)),
            ("web-007", Some(7)),
            ("web-2147483647", Some(2_147_483_647)),
            ("web-2147483648", None),
            ("web-99999999999999999999999", None),
            ("web--1", None),
            ("web-+3", None),
            ("web-", None),
            ("web-1a", None),
            ("web-1-2", None),
            ("webs-1", None),
            ("web", None),
        ];
        for (name, want) in cases {
            assert_eq!(ordinal_of("web", name), want, "{name}");
        }
        assert_eq!(ordinal_of("data-web", "data-web-3"), Some(3));
    }

    #[test]
    fn of_two_names_for_one_ordinal_the_later_pod_is_found() {
        let pods = [(0, 4), (1, 2), (1, 9), (3, 1)];
        assert_eq!(at_ordinal(&pods, 1), Some(9));
        assert_eq!(at_ordinal(&pods, 0), Some(4));
        assert_eq!(at_ordinal(&pods, 2), None);
        assert_eq!(at_ordinal(&pods, 3), Some(1));
        assert_eq!(at_ordinal(&pods, -1), None);
        assert_eq!(at_ordinal(&[], 0), None);
    }

    #[test]
    fn a_walk_finds_what_a_search_finds_in_either_direction() {
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..2_000 {
            let n = rng.below(12) as usize;
            let mut pods: Vec<(i64, PodId)> = (0..n).map(|i| (rng.below(10) as i64 - 1, i as PodId)).collect();
            pods.sort_unstable();
            let (lo, hi) = (rng.below(4) as i64 - 2, rng.below(12) as i64);
            let mut up = Walk { pods: &pods, after: 0 };
            for ordinal in lo..hi {
                assert_eq!(up.at(ordinal), at_ordinal(&pods, ordinal), "{pods:?} up at {ordinal}");
            }
            let mut down = Walk { pods: &pods, after: pods.len() };
            for ordinal in (lo..hi).rev() {
                assert_eq!(down.at(ordinal), at_ordinal(&pods, ordinal), "{pods:?} down at {ordinal}");
            }
        }
    }
}
