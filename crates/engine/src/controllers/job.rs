//! The Job controller (`pkg/controller/job`, v1.33): runs pods until `completions` of
//! them succeed, replacing failed ones after an exponential back-off, and fails the Job
//! past its `backoffLimit` or `activeDeadlineSeconds`. As in v1.33 it writes the interim
//! condition first (`SuccessCriteriaMet`, `FailureTarget`) and the terminal one
//! (`Complete`, `Failed`) once no pod is terminating. It also does the TTL-after-finished
//! controller's work: a finished Job with `ttlSecondsAfterFinished` is deleted when it
//! expires.

use super::job_policy::{Action, PodFailurePolicy, SuccessPolicy, Verdict};
use crate::api::{Api, Named, Wake};
use crate::events::EventType;
use crate::model::job::{
    Job, JobCondition, JobStatus, COMPLETION_INDEX, INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT, TRACKING_FINALIZER,
};
use crate::model::job_indexes;
use crate::model::meta::OwnerRef;
use crate::model::pod::PodCondition;
use crate::model::pod::{ContainerState, Phase, Pod, PodSpec};
use crate::model::{Kind, Labels, ObjectMeta};
use crate::store::PodId;
use crate::time::{Millis, MINUTE, SECOND};
use crate::value::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// `DefaultJobPodFailureBackOff` and `MaxJobPodFailureBackOff` (v1.33's controller; the
/// documentation still says six minutes).
pub const POD_FAILURE_BACKOFF: Millis = 10 * SECOND;
pub const MAX_POD_FAILURE_BACKOFF: Millis = 10 * MINUTE;
/// `MaxPodCreateDeletePerSync`.
const MAX_CREATE_DELETE: usize = 500;

/// What the controller keeps of one Job between syncs.
#[derive(Clone, Default)]
struct Tracked {
    generation: i64,
    /// The pod spec made from the template (NonIndexed Jobs share one).
    spec: Option<Rc<PodSpec>>,
    /// Pods whose tracking finalizer is gone: counted, or deleted uncounted (a
    /// suspension or a scale-down removes the finalizer before it deletes).
    done: BTreeSet<String>,
    /// Pods it created and has not counted yet, with their completion index: one that
    /// vanishes uncounted is counted as failed, as its finalizer would have ensured.
    pending: BTreeMap<String, Option<i64>>,
    /// Indexed Jobs: the indexes that succeeded.
    succeeded_indexes: BTreeSet<i64>,
    /// Indexed Jobs with a per-index back-off limit: the indexes that failed for good.
    failed_indexes: BTreeSet<i64>,
    /// `backoffRecord`: failures since the last success and when the last one finished.
    failures_after_success: u32,
    last_failure: Option<Millis>,
    /// Wake-ups already asked for (a deadline, the end of a back-off): each sync would
    /// otherwise ask again for the same instant.
    asked: BTreeSet<Millis>,
}

impl Tracked {
    fn wake_at(&mut self, api: &mut Api, at: Millis, ns: &str, name: &str) {
        let now = api.now;
        self.asked.retain(|t| *t >= now);
        if self.asked.insert(at) {
            api.wake_at(at, Wake::SyncJob(Named::new(ns, name)));
        }
    }
}

/// What one sync sees of a pod.
struct Seen {
    id: PodId,
    uid: String,
    name: String,
    phase: Phase,
    deleting: bool,
    ready: bool,
    scheduled: bool,
    restarts: u32,
    finished: Millis,
    index: Option<i64>,
    /// The pod failure policy's verdict, for a failed pod.
    verdict: Verdict,
    /// `job-index-failure-count` and `job-index-ignored-failure-count`: the failures of
    /// its index before it.
    index_failures: (i64, i64),
}

impl Seen {
    /// `getIndexAbsoluteFailureCount`.
    fn absolute_failures(&self) -> i64 {
        self.index_failures.0.saturating_add(self.index_failures.1)
    }
}

#[derive(Clone, Default)]
pub struct JobController {
    /// By Job uid.
    tracked: BTreeMap<String, Tracked>,
}

/// The delay before the next pod after `failures` failures (`getRemainingTimeForFailuresCount`).
pub fn backoff_delay(failures: u32) -> Millis {
    if failures == 0 {
        return 0;
    }
    let mut d = POD_FAILURE_BACKOFF;
    for _ in 1..failures {
        d = d.saturating_mul(2);
        if d >= MAX_POD_FAILURE_BACKOFF {
            return MAX_POD_FAILURE_BACKOFF;
        }
    }
    d
}

fn failure_text(reason: &str) -> &'static str {
    match reason {
        "DeadlineExceeded" => "Job was active longer than specified deadline",
        "MaxFailedIndexesExceeded" => "Job has exceeded the specified maximal number of failed indexes",
        "FailedIndexes" => "Job has failed indexes",
        _ => "Job has reached the specified backoff limit",
    }
}

/// The reasons a Job fails with, as the event's reason.
fn failure_reason(reason: &str) -> &'static str {
    match reason {
        "DeadlineExceeded" => "DeadlineExceeded",
        "PodFailurePolicy" => "PodFailurePolicy",
        "MaxFailedIndexesExceeded" => "MaxFailedIndexesExceeded",
        "FailedIndexes" => "FailedIndexes",
        _ => "BackoffLimitExceeded",
    }
}

impl JobController {
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let Some(job) = api.store.job(ns, name).cloned() else {
            let live: BTreeSet<String> = api.store.jobs(None).map(|j| j.meta.uid.clone()).collect();
            self.tracked.retain(|uid, _| live.contains(uid));
            return;
        };
        let now = api.now;
        let mut st = job.status.clone().unwrap_or_default();
        if st.finished() {
            expire(api, &job, &st);
            return;
        }
        if job.meta.deletion.is_some() {
            return;
        }
        let t = self.tracked.entry(job.meta.uid.clone()).or_default();
        if t.spec.is_none() || t.generation != job.meta.generation {
            t.generation = job.meta.generation;
            t.spec = Some(Rc::new(pod_spec(&job, None)));
        }
        let policy = PodFailurePolicy::of(job.spec.raw());
        let per_index = job.spec.backoff_limit_per_index;
        let completions = job.spec.completions.unwrap_or(0);
        let pods = seen_pods(api, &job, t, policy.as_ref());
        let active: Vec<&Seen> = pods.iter().filter(|p| !terminal(p.phase) && !p.deleting).collect();
        let replace_only_failed = job.spec.replace_only_failed;
        let is_failed = |p: &Seen| p.phase == Phase::Failed || (!replace_only_failed && p.deleting && p.phase != Phase::Succeeded);
        let new_succeeded = in_order(pods.iter().filter(|p| p.phase == Phase::Succeeded && !t.done.contains(&p.uid)).collect());
        let mut new_failed =
            in_order(pods.iter().filter(|p| !t.done.contains(&p.uid) && p.phase != Phase::Succeeded && is_failed(p)).collect());
        // Pods that vanished before they were counted (deleted at once): failures.
        let present: BTreeSet<&str> = pods.iter().map(|p| p.uid.as_str()).collect();
        let vanished: Vec<String> = t.pending.keys().filter(|uid| !present.contains(uid.as_str())).cloned().collect();
        let mut succeeded = st.succeeded + new_succeeded.len() as i64;
        // `jobCtx.failed`: what the back-off limit is checked against; failures the policy
        // ignores are not in it.
        let counted_failures = |list: &[&Seen]| list.iter().filter(|p| p.verdict.counts).count() as i64;
        let failed = st.failed + counted_failures(&new_failed) + vanished.len() as i64;
        if job.spec.indexed {
            for p in &new_succeeded {
                if let Some(i) = p.index.filter(|i| job.spec.completions.is_some_and(|c| *i < c)) {
                    t.succeeded_indexes.insert(i);
                }
            }
            succeeded = t.succeeded_indexes.len() as i64;
        }
        if st.start_time.is_none() && !job.spec.suspend {
            st.start_time = Some(now);
        }
        update_backoff(t, &new_succeeded, &new_failed, !vanished.is_empty(), now);

        // The interim condition this sync reaches, if any: (type, reason, message).
        let mut finished: Option<(&'static str, String, String)> = None;
        if let Some(c) = st.condition("SuccessCriteriaMet").filter(|c| c.status) {
            finished = Some(("SuccessCriteriaMet", c.reason.clone(), c.message.clone()));
        } else if let Some(c) = st.condition("FailureTarget").filter(|c| c.status) {
            finished = Some(("FailureTarget", c.reason.clone(), c.message.clone()));
        }
        if finished.is_none() {
            // A `FailJob` rule matched by a failed pod.
            let first = pods.iter().filter(|p| is_failed(p) && p.verdict.fail_message.is_some()).min_by(|a, b| finish_order(a, b));
            if let Some(message) = first.and_then(|p| p.verdict.fail_message.clone()) {
                finished = Some(("FailureTarget", "PodFailurePolicy".into(), message));
            }
        }
        if finished.is_none() {
            let restarts: u32 = pods.iter().filter(|p| matches!(p.phase, Phase::Running | Phase::Pending)).map(|p| p.restarts).sum();
            let past_on_failure = job.spec.restart_policy() == "OnFailure"
                && if job.spec.backoff_limit == 0 { restarts > 0 } else { i64::from(restarts) >= job.spec.backoff_limit };
            let deadline = job.spec.active_deadline_seconds.filter(|_| !job.spec.suspend);
            let deadline_at = deadline.zip(st.start_time).map(|(d, s)| s.saturating_add((d as Millis).saturating_mul(SECOND)));
            if failed > job.spec.backoff_limit || past_on_failure {
                finished = Some(("FailureTarget", "BackoffLimitExceeded".into(), failure_text("BackoffLimitExceeded").into()));
            } else if deadline_at.is_some_and(|at| now >= at) {
                finished = Some(("FailureTarget", "DeadlineExceeded".into(), failure_text("DeadlineExceeded").into()));
            } else if let Some(at) = deadline_at {
                t.wake_at(api, at, ns, name);
            }
        }
        if let Some(limit) = per_index {
            for p in pods.iter().filter(|p| !t.done.contains(&p.uid) && is_failed(p)) {
                let Some(i) = p.index.filter(|i| (0..completions).contains(i)) else { continue };
                if p.verdict.action == Some(Action::FailIndex) || (p.verdict.counts && p.index_failures.0 >= limit) {
                    t.failed_indexes.insert(i);
                }
            }
            if finished.is_none() {
                let n = t.failed_indexes.len() as i64;
                let reason = if job.spec.max_failed_indexes.is_some_and(|m| n > m) {
                    Some("MaxFailedIndexesExceeded")
                } else if n > 0 && n + t.succeeded_indexes.len() as i64 >= completions {
                    Some("FailedIndexes")
                } else {
                    None
                };
                finished = reason.map(|r| ("FailureTarget", r.to_string(), failure_text(r).to_string()));
            }
        }
        if finished.is_none() && job.spec.indexed {
            if let Some(message) = SuccessPolicy::of(job.spec.raw(), completions).and_then(|p| p.met(&t.succeeded_indexes)) {
                finished = Some(("SuccessCriteriaMet", "SuccessPolicy".into(), message));
            }
        }
        // `getPodsWithDelayedDeletionPerIndex`: the last failed pod of each index that
        // waits for its replacement, which learns the index's failure count from it; until
        // then it is not counted.
        let mut delayed: BTreeMap<i64, &Seen> = BTreeMap::new();
        if per_index.is_some() {
            let active_indexes: BTreeSet<i64> = active.iter().filter_map(|p| p.index).collect();
            for p in in_order(pods.iter().filter(|p| !t.done.contains(&p.uid) && is_failed(p)).collect()) {
                let Some(i) = p.index.filter(|i| (0..completions).contains(i)) else { continue };
                if t.succeeded_indexes.contains(&i) || t.failed_indexes.contains(&i) || active_indexes.contains(&i) {
                    continue;
                }
                match delayed.get(&i) {
                    Some(last) if last.absolute_failures() > p.absolute_failures() || p.finished < last.finished => {}
                    _ => {
                        delayed.insert(i, p);
                    }
                }
            }
        }
        let r = Rc::new(api.object_ref(Kind::Job, ns, name));
        let mut n_active = active.len() as i64;
        let mut uncounted_deletes: Vec<String> = vec![];
        if finished.is_some() {
            // Every active pod goes; keeping their finalizers, they count as failed.
            let active = in_order(active.clone());
            for p in &active {
                delete_pod(api, &r, p.id, &p.name);
            }
            if finished.as_ref().is_some_and(|f| f.0 == "FailureTarget") {
                new_failed.extend(active.iter().copied());
            }
            n_active = 0;
        } else {
            if job.spec.suspend {
                for p in in_order(active.clone()) {
                    delete_pod(api, &r, p.id, &p.name);
                    uncounted_deletes.push(p.uid.clone());
                }
                n_active = 0;
            } else {
                let want = match job.spec.completions {
                    None if succeeded > 0 => n_active,
                    None => job.spec.parallelism,
                    Some(c) => (c - succeeded).min(job.spec.parallelism).max(0),
                };
                if n_active > want {
                    // `activePodsForRemoval`: not yet scheduled, then not ready, first.
                    let mut order: Vec<&&Seen> = active.iter().collect();
                    order.sort_by_key(|p| (p.scheduled, p.ready, std::cmp::Reverse(p.id)));
                    for p in order.into_iter().take(((n_active - want) as usize).min(MAX_CREATE_DELETE)) {
                        delete_pod(api, &r, p.id, &p.name);
                        uncounted_deletes.push(p.uid.clone());
                        n_active -= 1;
                    }
                } else {
                    let terminating_now =
                        if replace_only_failed { pods.iter().filter(|p| p.deleting && !terminal(p.phase)).count() as i64 } else { 0 };
                    let diff = want - terminating_now - n_active;
                    if diff > 0 {
                        // With a per-index limit each index backs off on its own.
                        let wait = match per_index {
                            Some(_) => 0,
                            None => t.last_failure.map_or(0, |at| (at + backoff_delay(t.failures_after_success)).saturating_sub(now)),
                        };
                        if wait > 0 {
                            t.wake_at(api, now + wait, ns, name);
                        } else {
                            let mut indexes = if job.spec.indexed { pending_indexes(&job, t, &active, diff as usize) } else { vec![] };
                            if per_index.is_some() {
                                let remaining = |i: &i64| {
                                    delayed.get(i).map_or(0, |p| {
                                        let failures = u32::try_from(p.absolute_failures().saturating_add(1)).unwrap_or(u32::MAX);
                                        (p.finished + backoff_delay(failures)).saturating_sub(now)
                                    })
                                };
                                if let Some(soonest) = indexes.iter().map(remaining).filter(|w| *w > 0).min() {
                                    t.wake_at(api, now + soonest, ns, name);
                                }
                                indexes.retain(|i| remaining(i) == 0);
                            }
                            let count = if job.spec.indexed { indexes.len() } else { (diff as usize).min(MAX_CREATE_DELETE) };
                            let mut room = crate::apiserver::MAX_PODS.saturating_sub(api.store.pod_count());
                            let template = job.spec.template.get("spec").cloned().unwrap_or(Value::Null);
                            let prefix = generate_name(&job.meta.name, None);
                            if let Err(e) = crate::apiserver::admission::admit_burst(&api.store, ns, &prefix, &template) {
                                // Admission refuses every pod alike; the Job tries again when
                                // the account is created.
                                failed_create(api, &r, &e);
                                room = 0;
                            }
                            let batch = t.spec.as_ref().filter(|_| !job.spec.indexed).map(|spec| Admitted::of(api, ns, spec));
                            for k in 0..count.min(room) {
                                let index = indexes.get(k).copied();
                                // `getNewIndexFailureCounts`: the replaced pod's counts, plus its own failure.
                                let failures = per_index.and(index).map(|i| match delayed.get(&i) {
                                    Some(p) if p.verdict.counts => (p.index_failures.0 + 1, p.index_failures.1),
                                    Some(p) => (p.index_failures.0, p.index_failures.1 + 1),
                                    None => (0, 0),
                                });
                                let (uid, pod_name) = match create_pod(api, &job, batch.as_ref(), index, failures) {
                                    Ok(made) => made,
                                    Err(e) => {
                                        // A refused pod stops the batch; the Job tries again
                                        // when the quota, the limits or its pods change.
                                        failed_create(api, &r, &e);
                                        break;
                                    }
                                };
                                api.record(
                                    r.clone(),
                                    EventType::Normal,
                                    "job-controller",
                                    None,
                                    "SuccessfulCreate",
                                    format!("Created pod: {pod_name}"),
                                );
                                t.pending.insert(uid, index);
                                n_active += 1;
                            }
                        }
                    }
                }
            }
            let complete = match job.spec.completions {
                None => succeeded > 0 && n_active == 0,
                Some(c) => succeeded >= c && n_active == 0,
            };
            if complete {
                finished = Some(("SuccessCriteriaMet", "CompletionsReached".into(), "Reached expected number of succeeded pods".into()));
            } else if job.spec.suspend {
                if ensure_condition(&mut st, "Suspended", true, "JobSuspended", "Job suspended", now) {
                    api.record(r.clone(), EventType::Normal, "job-controller", None, "Suspended", "Job suspended");
                }
            } else if ensure_condition(&mut st, "Suspended", false, "JobResumed", "Job resumed", now) {
                api.record(r.clone(), EventType::Normal, "job-controller", None, "Resumed", "Job resumed");
                st.start_time = Some(now);
            }
        }
        // Counting: the finalizers of finished pods come off, and the counts take them in;
        // a failed pod whose index waits for its replacement keeps its finalizer, uncounted.
        if finished.is_none() {
            new_failed.retain(|p| p.index.and_then(|i| delayed.get(&i)).is_none_or(|d| d.uid != p.uid));
        }
        let failed = st.failed + counted_failures(&new_failed) + vanished.len() as i64;
        for p in new_succeeded.iter().chain(new_failed.iter()) {
            remove_finalizer(api, p.id);
            t.done.insert(p.uid.clone());
            t.pending.remove(&p.uid);
        }
        for uid in vanished.iter().chain(uncounted_deletes.iter()) {
            t.done.insert(uid.clone());
            t.pending.remove(uid);
        }
        st.succeeded = succeeded;
        st.failed = failed;
        st.active = n_active;
        st.completed_indexes = job_indexes::text(&t.succeeded_indexes);
        st.failed_indexes = per_index.map(|_| job_indexes::text(&t.failed_indexes));
        // Counted after this sync's deletions: a pod removed at once is not terminating.
        let (mut ready, mut terminating) = (0, 0);
        for id in api.store.pods_by_owner.get(job.meta.uid.as_str()).into_iter().flatten() {
            if let Some(p) = api.store.pod(*id) {
                if p.is_active() && p.is_ready() {
                    ready += 1;
                }
                if p.meta.deletion.is_some() && !terminal(p.status.phase) {
                    terminating += 1;
                }
            }
        }
        st.ready = ready;
        st.terminating = terminating;
        let mut done = None;
        if let Some((kind, reason, message)) = finished {
            if st.condition(kind).is_none() {
                st.conditions.push(JobCondition { kind, status: true, reason: reason.clone(), message: message.clone(), at: now });
            }
            if terminating == 0 {
                let terminal_kind = if kind == "SuccessCriteriaMet" { "Complete" } else { "Failed" };
                ensure_condition(&mut st, terminal_kind, true, &reason, &message, now);
                if terminal_kind == "Complete" {
                    st.completion_time = Some(now);
                }
                done = Some((terminal_kind, reason, message));
            }
        }
        write_status(api, ns, name, st.clone());
        if let Some((kind, reason, message)) = done {
            if kind == "Complete" {
                if job.spec.completions.is_some_and(|c| st.succeeded > c) {
                    let msg = "Too many succeeded pods running after completion count reached";
                    api.record(r.clone(), EventType::Warning, "job-controller", None, "TooManySucceededPods", msg);
                }
                api.record(r.clone(), EventType::Normal, "job-controller", None, "Completed", "Job completed");
            } else {
                api.record(r.clone(), EventType::Warning, "job-controller", None, failure_reason(&reason), message);
            }
            if let Some(owner) = job.meta.controller().filter(|o| o.kind == "CronJob") {
                api.mark_dirty(Kind::CronJob, ns, owner.name.as_ref());
            }
            if let Some(j) = api.store.job(ns, name).cloned() {
                expire(api, &j, &st);
            }
        }
    }
}

fn terminal(phase: Phase) -> bool {
    matches!(phase, Phase::Succeeded | Phase::Failed)
}

/// The Job's pods as this sync sees them, in slot order (`in_order` sorts a list).
fn seen_pods(api: &Api, job: &Job, t: &Tracked, policy: Option<&PodFailurePolicy>) -> Vec<Seen> {
    let mut out = vec![];
    for id in api.store.pods_by_owner.get(job.meta.uid.as_str()).into_iter().flatten() {
        let Some(p) = api.store.pod(*id) else { continue };
        if t.done.contains(&p.meta.uid) && terminal(p.status.phase) {
            // Counted: only its readiness could matter, and a finished pod has none.
            continue;
        }
        out.push(Seen {
            id: *id,
            uid: p.meta.uid.clone(),
            name: p.meta.name.clone(),
            phase: p.status.phase,
            deleting: p.meta.deletion.is_some(),
            ready: p.is_ready(),
            scheduled: !p.node.is_empty(),
            restarts: p.status.statuses.iter().chain(p.status.init_statuses.iter()).map(|s| s.restart_count).sum(),
            finished: finish_time(p),
            index: p.meta.annotations.get(COMPLETION_INDEX).and_then(|i| i.parse().ok()).filter(|i: &i64| *i >= 0),
            verdict: match policy {
                Some(policy) if p.status.phase == Phase::Failed || (p.meta.deletion.is_some() && p.status.phase != Phase::Succeeded) => {
                    policy.judge(p)
                }
                _ => Verdict::DEFAULT,
            },
            index_failures: (count_annotation(p, INDEX_FAILURE_COUNT), count_annotation(p, INDEX_IGNORED_FAILURE_COUNT)),
        });
    }
    out
}

/// The order the controller takes pods in (`byFinishTime`, then name; names are unique
/// in a namespace, so no two pods tie). Only the lists whose order shows are sorted: a
/// sync sorting every pod of a Job of thousands made most of its cost.
fn finish_order(a: &Seen, b: &Seen) -> std::cmp::Ordering {
    (a.finished, &a.name).cmp(&(b.finished, &b.name))
}

fn in_order(mut pods: Vec<&Seen>) -> Vec<&Seen> {
    pods.sort_unstable_by(|a, b| finish_order(a, b));
    pods
}

/// `parseIndexFailureCountAnnotation`: a count the controller wrote; anything else is 0.
fn count_annotation(p: &Pod, key: &str) -> i64 {
    p.meta.annotations.get(key).and_then(|v| v.parse::<i64>().ok()).filter(|n| (0..=i64::from(i32::MAX)).contains(n)).unwrap_or(0)
}

/// `getFinishedTime`: when the last container finished if all have, else when the pod
/// stopped being ready, else its deletion time, else its creation.
fn finish_time(p: &Pod) -> Millis {
    let mut last: Option<Millis> = None;
    for s in &p.status.statuses {
        match &s.state {
            ContainerState::Terminated(t) => last = Some(last.map_or(t.finished, |l| l.max(t.finished))),
            _ => {
                last = None;
                break;
            }
        }
    }
    let not_ready = p.status.condition(PodCondition::Ready).filter(|c| !c.status).map(|c| c.since);
    last.or(not_ready).or(p.meta.deletion).unwrap_or(p.meta.creation)
}

/// `newBackoffRecord`: failures since the last success, and the last one's time.
fn update_backoff(t: &mut Tracked, succeeded: &[&Seen], failed: &[&Seen], vanished: bool, now: Millis) {
    let failure_times: Vec<Millis> = failed.iter().map(|p| p.finished).chain(vanished.then_some(now)).collect();
    if succeeded.is_empty() {
        if let Some(&last) = failure_times.iter().max() {
            t.failures_after_success += failure_times.len() as u32;
            t.last_failure = Some(last);
        }
        return;
    }
    t.failures_after_success = 0;
    t.last_failure = None;
    let last_success = succeeded.iter().map(|p| p.finished).max().unwrap_or(0);
    for at in failure_times.into_iter().filter(|at| *at > last_success) {
        t.failures_after_success += 1;
        t.last_failure = Some(t.last_failure.map_or(at, |l| l.max(at)));
    }
}

/// `ensureJobConditionStatus`: sets a condition, adding it only if it is true; whether
/// anything changed.
fn ensure_condition(st: &mut JobStatus, kind: &'static str, status: bool, reason: &str, message: &str, now: Millis) -> bool {
    if let Some(c) = st.conditions.iter_mut().find(|c| c.kind == kind) {
        if c.status != status || c.reason != reason || c.message != message {
            *c = JobCondition { kind, status, reason: reason.into(), message: message.into(), at: now };
            return true;
        }
        return false;
    }
    if status {
        st.conditions.push(JobCondition { kind, status, reason: reason.into(), message: message.into(), at: now });
        return true;
    }
    false
}

fn write_status(api: &mut Api, ns: &str, name: &str, st: JobStatus) {
    let rv = api.store.next_rv();
    if let Some(j) = api.store.job_mut(ns, name) {
        if j.status.as_ref() != Some(&st) {
            j.status = Some(st);
            j.meta.resource_version = rv;
        }
    }
}

/// The TTL-after-finished controller: deletes an expired finished Job (its pods go with
/// it), or wakes when it expires.
fn expire(api: &mut Api, job: &Job, st: &JobStatus) {
    let (Some(ttl), Some(at)) = (job.spec.ttl_seconds_after_finished, st.finished_at()) else { return };
    let expires = at.saturating_add((ttl.max(0) as Millis).saturating_mul(SECOND));
    let (ns, name) = (job.meta.namespace.as_str(), job.meta.name.as_str());
    if api.now >= expires {
        let cascade = crate::apiserver::cascade::Cascade::Foreground;
        let _ = crate::apiserver::delete_with(api, Kind::Job, ns, name, None, cascade);
    } else {
        api.wake_at(expires, Wake::SyncJob(Named::new(ns, name)));
    }
}
/// The controller's `FailedCreate` event for a pod the API server refused.
fn failed_create(api: &mut Api, job: &Rc<crate::model::ObjectRef>, e: &impl std::fmt::Display) {
    api.record(job.clone(), EventType::Warning, "job-controller", None, "FailedCreate", format!("Error creating: {e}"));
}

fn delete_pod(api: &mut Api, r: &Rc<crate::model::ObjectRef>, id: PodId, name: &str) {
    let grace = api.store.pod(id).map_or(30, |p| p.spec.grace_secs);
    crate::kubelet::terminate(api, id, grace);
    api.record(r.clone(), EventType::Normal, "job-controller", None, "SuccessfulDelete", format!("Deleted pod: {name}"));
}

fn remove_finalizer(api: &mut Api, id: PodId) {
    if api.store.pod(id).is_some_and(|p| p.meta.finalizers.iter().any(|f| f == TRACKING_FINALIZER)) {
        let rv = api.store.next_rv();
        if let Some(p) = api.store.pod_mut(id) {
            p.meta.finalizers.retain(|f| f != TRACKING_FINALIZER);
            p.meta.resource_version = rv;
        }
    }
}

/// `firstPendingIndexes`: the lowest indexes neither succeeded nor running.
fn pending_indexes(job: &Job, t: &Tracked, active: &[&Seen], n: usize) -> Vec<i64> {
    let running: BTreeSet<i64> = active.iter().filter_map(|p| p.index).collect();
    let completions = job.spec.completions.unwrap_or(0).clamp(0, 1 << 20);
    (0..completions)
        .filter(|i| !t.succeeded_indexes.contains(i) && !t.failed_indexes.contains(i) && !running.contains(i))
        .take(n.min(MAX_CREATE_DELETE))
        .collect()
}

/// The pod spec a Job's pod gets: the template's, with the admission defaults of a real
/// pod; an Indexed Job's pod also learns its index (`JOB_COMPLETION_INDEX`, hostname).
fn pod_spec(job: &Job, index: Option<i64>) -> PodSpec {
    PodSpec::from_value(pod_spec_value(job, index))
}

fn pod_spec_value(job: &Job, index: Option<i64>) -> Value {
    let mut spec = job.spec.template.get("spec").cloned().unwrap_or(Value::Map(vec![]));
    if let Some(i) = index {
        spec.set("hostname", Value::str(format!("{}-{i}", job.meta.name)));
        for list in ["containers", "initContainers"] {
            if let Some(Value::Seq(cs)) = spec.get_mut(list) {
                for c in cs {
                    let env = c.entry_map("env");
                    if !matches!(env, Value::Seq(_)) {
                        *env = Value::Seq(vec![]);
                    }
                    if let Value::Seq(vars) = env {
                        let field = format!("metadata.annotations['{COMPLETION_INDEX}']");
                        vars.push(Value::Map(vec![
                            ("name".into(), Value::str("JOB_COMPLETION_INDEX")),
                            (
                                "valueFrom".into(),
                                Value::Map(vec![(
                                    "fieldRef".into(),
                                    Value::Map(vec![("apiVersion".into(), Value::str("v1")), ("fieldPath".into(), Value::str(field))]),
                                )]),
                            ),
                        ]));
                    }
                }
            }
        }
    }
    crate::model::defaults::pod_spec(&mut spec, true);
    spec
}

/// `generateName` with room for the five random characters (`names.MaxGeneratedNameLength`).
fn generate_name(job: &str, index: Option<i64>) -> String {
    let max = 58;
    match index {
        None => format!("{job}-").chars().take(max).collect(),
        Some(i) => {
            let suffix = format!("-{i}-");
            let keep = max.saturating_sub(suffix.len());
            let base: String = job.chars().take(keep).collect();
            format!("{base}{suffix}")
        }
    }
}

/// What admission makes of a NonIndexed Job's pod, the same for every pod of a batch
/// (as for a ReplicaSet's burst): the spec, LimitRanger's note, and whether a LimitRange
/// or a quota may still refuse a pod, which is checked pod by pod.
struct Admitted {
    spec: Rc<PodSpec>,
    note: Option<String>,
    policed: bool,
}

impl Admitted {
    fn of(api: &Api, ns: &str, spec: &Rc<PodSpec>) -> Admitted {
        let mut raw = Value::clone(&spec.raw);
        let note = crate::apiserver::admission::mutate_pod(&api.store, ns, &mut raw);
        let spec = if raw == *spec.raw { spec.clone() } else { Rc::new(PodSpec::from_value(raw)) };
        Admitted { spec, note, policed: crate::apiserver::admission::namespace_has_policy(&api.store, ns) }
    }
}

/// Creates one pod of the Job; returns its uid and name, or admission's refusal. `batch`:
/// admission's part done once for a NonIndexed Job's batch (the account and the priority
/// class were checked before it).
fn create_pod(
    api: &mut Api,
    job: &Job,
    batch: Option<&Admitted>,
    index: Option<i64>,
    failures: Option<(i64, i64)>,
) -> Result<(String, String), String> {
    let ns = job.meta.namespace.as_str();
    let prefix = generate_name(&job.meta.name, index);
    let name = loop {
        let mut candidate = prefix.clone();
        api.rng.push_k8s_string(&mut candidate, 5);
        if api.store.pod_id(ns, &candidate).is_none() {
            break candidate;
        }
    };
    let tmeta = job.spec.template.get("metadata");
    let mut meta: ObjectMeta = api.new_meta_named(name.clone(), ns);
    meta.generate_name = api.intern(&prefix);
    meta.labels = Labels::from_value(tmeta.and_then(|m| m.get("labels")));
    meta.annotations = Labels::from_value(tmeta.and_then(|m| m.get("annotations")));
    meta.finalizers = vec![TRACKING_FINALIZER.to_string()].into();
    let spec = match (index, batch) {
        (None, Some(a)) => {
            if let Some(note) = &a.note {
                meta.annotations.insert(crate::apiserver::limitranger::ANNOTATION, note);
            }
            if a.policed {
                crate::apiserver::admission::validate_pod(&api.store, ns, &name, &a.spec.raw)?;
            }
            a.spec.clone()
        }
        _ => {
            if let Some(i) = index {
                meta.annotations.insert(COMPLETION_INDEX, &i.to_string());
                meta.labels.insert(COMPLETION_INDEX, &i.to_string());
                if let Some((counted, ignored)) = failures {
                    meta.annotations.insert(INDEX_FAILURE_COUNT, &counted.to_string());
                    if ignored > 0 {
                        meta.annotations.insert(INDEX_IGNORED_FAILURE_COUNT, &ignored.to_string());
                    }
                }
            }
            let mut raw = pod_spec_value(job, index);
            if let Some(note) = crate::apiserver::admission::mutate_pod(&api.store, ns, &mut raw) {
                meta.annotations.insert(crate::apiserver::limitranger::ANNOTATION, &note);
            }
            crate::apiserver::admission::validate_pod(&api.store, ns, &name, &raw)?;
            Rc::new(PodSpec::from_value(raw))
        }
    };
    meta.add_owner(OwnerRef {
        api_version: "batch/v1",
        kind: "Job",
        name: job.meta.name.as_str().into(),
        uid: job.meta.uid.as_str().into(),
        controller: true,
    });
    let uid = meta.uid.clone();
    crate::apiserver::create_pod(api, meta, spec);
    Ok((uid, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_back_off_doubles_from_ten_seconds_to_its_cap() {
        let secs: Vec<Millis> = (0..=8).map(|n| backoff_delay(n) / SECOND).collect();
        assert_eq!(secs, [0, 10, 20, 40, 80, 160, 320, 600, 600]);
    }

    #[test]
    fn generated_names_leave_room_for_the_suffix() {
        assert_eq!(generate_name("pi", None), "pi-");
        assert_eq!(generate_name("pi", Some(3)), "pi-3-");
        assert_eq!(generate_name(&"a".repeat(70), None).len(), 58);
        assert_eq!(generate_name(&"a".repeat(70), Some(12)), format!("{}-12-", "a".repeat(54)));
    }
}
