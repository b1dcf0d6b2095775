//! The workload controllers other than Deployments, as the page draws them: a Job's
//! progress, a CronJob's schedule and its Jobs, a StatefulSet's ordinals in order with
//! their claims, a DaemonSet's pod on each node (and why a node has none).

use super::Look;
use crate::addons::is_system_namespace;
use crate::model::statefulset::ordinal_of;
use crate::model::{Kind, Object};
use crate::time::Millis;
use crate::world::World;

/// A Job, with kubectl's STATUS and COMPLETIONS.
#[derive(Clone, Debug, PartialEq)]
pub struct JobView {
    pub name: String,
    /// `Running`, `Complete`, `Failed`, `Suspended`, … as `kubectl get jobs` prints it.
    pub status: String,
    /// `1/3`, as the COMPLETIONS column.
    pub completions: String,
    pub active: i64,
    pub succeeded: i64,
    pub failed: i64,
    /// The CronJob that made it, if one did.
    pub cronjob: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CronJobView {
    pub name: String,
    pub schedule: String,
    pub suspend: bool,
    /// kubectl's LAST SCHEDULE: how long ago, or `<none>`.
    pub last_schedule: String,
    pub active: usize,
    /// How long until the next scheduled Job (`None`: suspended, or no next time).
    pub next_in: Option<String>,
    /// Its Jobs, oldest first.
    pub jobs: Vec<JobView>,
    /// Its recent scheduled times, oldest first: each Job it started (still kept) and
    /// each slot it let pass.
    pub runs: Vec<CronRun>,
    /// The next scheduled time (`None`: suspended, or no next time).
    pub next_at: Option<Millis>,
}

/// One scheduled time of a CronJob on its timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct CronRun {
    pub scheduled: Millis,
    pub outcome: RunOutcome,
    /// The Job it started.
    pub job: Option<String>,
    /// From the Job's start to its completion (or to now while it runs).
    pub took: Option<Millis>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    Running,
    Complete,
    Failed,
    /// `concurrencyPolicy: Forbid` while a Job ran.
    Forbidden,
    /// Past `startingDeadlineSeconds`.
    Missed,
}

/// The runs the timeline shows: at most this many, the latest.
const RUNS_SHOWN: usize = 8;

/// The CronJob's timeline: its kept Jobs (placed at their scheduled minute, with how they
/// ended and how long they took) and the slots it let pass.
fn runs(w: &World, c: &crate::model::CronJob) -> Vec<CronRun> {
    use crate::controllers::cronjob::{job_slot, Passed};
    let ns = c.meta.namespace.as_str();
    let mut out: Vec<CronRun> = w
        .store
        .jobs(Some(ns))
        .filter(|j| j.meta.controller().is_some_and(|o| *o.uid == *c.meta.uid))
        .filter_map(|j| {
            let scheduled = job_slot(&c.meta.name, &j.meta.name)?;
            let st = j.status.clone().unwrap_or_default();
            let outcome = if st.is_true("Complete") {
                RunOutcome::Complete
            } else if st.is_true("Failed") {
                RunOutcome::Failed
            } else {
                RunOutcome::Running
            };
            let took = st
                .start_time
                .map(|s| st.completion_time.or_else(|| st.condition("Failed").map(|f| f.at)).unwrap_or(w.now()).saturating_sub(s));
            Some(CronRun { scheduled, outcome, job: Some(j.meta.name.clone()), took })
        })
        .collect();
    for (at, why) in w.cronjobs.passed(ns, &c.meta.name) {
        if out.iter().all(|r| r.scheduled != *at) {
            let outcome = match why {
                Passed::Forbidden => RunOutcome::Forbidden,
                Passed::Missed => RunOutcome::Missed,
            };
            out.push(CronRun { scheduled: *at, outcome, job: None, took: None });
        }
    }
    out.sort_by_key(|r| r.scheduled);
    let extra = out.len().saturating_sub(RUNS_SHOWN);
    out.drain(..extra);
    out
}

/// A claim and its phase (`Bound`, `Pending`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimView {
    pub name: String,
    pub phase: String,
}

/// One ordinal of a StatefulSet: its pod when there is one, and its claims, which
/// outlive the pod.
#[derive(Clone, Debug, PartialEq)]
pub struct OrdinalView {
    pub ordinal: i64,
    pub pod: String,
    /// `None`: no pod of this ordinal exists (not made yet, or scaled away).
    pub look: Option<Look>,
    pub claims: Vec<ClaimView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSetView {
    pub name: String,
    pub ready: String,
    pub replicas: i64,
    pub revision: String,
    /// Every ordinal that has a pod or a claim, or should have one, in order.
    pub ordinals: Vec<OrdinalView>,
}

/// A node as a DaemonSet sees it: its pod there, or why it makes none.
#[derive(Clone, Debug, PartialEq)]
pub struct DaemonNodeView {
    pub node: String,
    pub pod: Option<String>,
    pub look: Option<Look>,
    /// Why no pod belongs on this node.
    pub excluded: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DaemonSetView {
    pub name: String,
    pub desired: i64,
    pub ready: i64,
    pub nodes: Vec<DaemonNodeView>,
}

fn look_of(w: &World, ns: &str, name: &str) -> Option<Look> {
    let p = w.store.pod_id(ns, name).and_then(|id| w.store.pod(id))?;
    Some(super::look_of_summary(&p.summary(w.now())))
}

fn job_view(j: &crate::model::Job) -> JobView {
    let st = j.status.clone().unwrap_or_default();
    JobView {
        name: j.meta.name.clone(),
        status: j.status_text().to_string(),
        completions: j.completions_text(),
        active: st.active,
        succeeded: st.succeeded,
        failed: st.failed,
        cronjob: j.meta.controller().filter(|o| o.kind == "CronJob").map(|o| o.name.to_string()),
    }
}

/// The Jobs of the user's namespaces, in name order.
pub fn jobs(w: &World) -> Vec<JobView> {
    w.store.jobs(None).filter(|j| !is_system_namespace(&j.meta.namespace)).map(job_view).collect()
}

pub fn cronjobs(w: &World, jobs: &[JobView]) -> Vec<CronJobView> {
    w.store
        .objects_of(Kind::CronJob, None)
        .filter_map(|o| match o {
            Object::CronJob(c) if !is_system_namespace(&c.meta.namespace) => Some(c),
            _ => None,
        })
        .map(|c| {
            let last_schedule = match c.status.last_schedule {
                Some(at) => crate::time::human_duration(w.now() as i64 - at as i64),
                None => "<none>".to_string(),
            };
            // A CronJob's Jobs are named after their scheduled minute: name order is time order.
            let mine = jobs.iter().filter(|j| j.cronjob.as_deref() == Some(c.meta.name.as_str())).cloned().collect();
            let next_at = crate::controllers::cronjob::next_schedule(c, w.now());
            CronJobView {
                runs: runs(w, c),
                next_at,
                name: c.meta.name.clone(),
                schedule: c.spec.schedule.clone(),
                suspend: c.spec.suspend,
                last_schedule,
                active: c.status.active.len(),
                next_in: next_at.map(|at| crate::time::human_duration(at.saturating_sub(w.now()) as i64)),
                jobs: mine,
            }
        })
        .collect()
}

fn claim_phase(w: &World, ns: &str, name: &str) -> Option<String> {
    match w.store.object(Kind::PersistentVolumeClaim, ns, name)? {
        Object::Written(pvc) => Some(crate::model::storage::claim_phase(pvc).to_string()),
        _ => None,
    }
}

pub fn statefulsets(w: &World) -> Vec<StatefulSetView> {
    w.store
        .statefulsets(None)
        .filter(|s| !is_system_namespace(&s.meta.namespace))
        .map(|s| {
            let ns = s.meta.namespace.as_str();
            let templates = s.spec.claim_template_names();
            let prefix = format!("{}-", s.meta.name);
            // The ordinals in use: the spec's range, pods still there past it (a
            // scale-down in progress) and claims kept past it (they outlive the pods).
            let mut highest = s.spec.start + s.spec.replicas - 1;
            for p in w.store.pods_by_owner.get(s.meta.uid.as_str()).into_iter().flatten().filter_map(|id| w.store.pod(*id)) {
                if let Some(n) = ordinal_of(&s.meta.name, &p.meta.name) {
                    highest = highest.max(n);
                }
            }
            for t in templates {
                let parent = format!("{t}-{}", s.meta.name);
                for o in w.store.objects_of(Kind::PersistentVolumeClaim, Some(ns)) {
                    if let Some(n) = ordinal_of(&parent, &o.meta().name) {
                        highest = highest.max(n);
                    }
                }
            }
            // A set of a thousand replicas lists its first hundred ordinals.
            let ordinals = (s.spec.start.max(0)..=highest.min(s.spec.start.max(0) + 99))
                .map(|n| {
                    let pod = format!("{prefix}{n}");
                    let claims = templates
                        .iter()
                        .filter_map(|t| {
                            let name = format!("{t}-{pod}");
                            claim_phase(w, ns, &name).map(|phase| ClaimView { name, phase })
                        })
                        .collect();
                    OrdinalView { ordinal: n, look: look_of(w, ns, &pod), pod, claims }
                })
                .filter(|o| o.look.is_some() || !o.claims.is_empty() || (o.ordinal - s.spec.start) < s.spec.replicas)
                .collect();
            let status = s.status.clone().unwrap_or_default();
            StatefulSetView {
                name: s.meta.name.clone(),
                ready: format!("{}/{}", status.ready_replicas, s.spec.replicas),
                replicas: s.spec.replicas,
                revision: status.update_revision,
                ordinals,
            }
        })
        .collect()
}

pub fn daemonsets(w: &World) -> Vec<DaemonSetView> {
    w.store
        .daemonsets(None)
        .filter(|d| !is_system_namespace(&d.meta.namespace))
        .map(|d| {
            let ns = d.meta.namespace.as_str();
            let pods: Vec<&crate::model::Pod> =
                w.store.pods_by_owner.get(d.meta.uid.as_str()).into_iter().flatten().filter_map(|id| w.store.pod(*id)).collect();
            let nodes = w
                .store
                .nodes
                .values()
                .map(|n| {
                    // The live pod over one still terminating: the controller makes the
                    // replacement without waiting for the old one to go.
                    let on_node = |p: &&&crate::model::Pod| p.node.as_ref() == n.meta.name.as_str();
                    let pod = pods
                        .iter()
                        .filter(on_node)
                        .find(|p| !p.is_terminating())
                        .or_else(|| pods.iter().find(on_node))
                        .map(|p| p.meta.name.clone());
                    DaemonNodeView {
                        node: n.meta.name.clone(),
                        look: pod.as_ref().and_then(|p| look_of(w, ns, p)),
                        pod,
                        excluded: crate::controllers::daemon::why_not_on(d, n),
                    }
                })
                .collect();
            let status = d.status.clone().unwrap_or_default();
            DaemonSetView { name: d.meta.name.clone(), desired: status.desired_number_scheduled, ready: status.number_ready, nodes }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::Mode;
    use crate::{Cluster, Preset};

    const WEB: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n  volumeClaimTemplates:\n  - metadata: {name: www}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests: {storage: 1Gi}\n";

    #[test]
    fn a_statefulset_lists_its_ordinals_with_their_claims_kept_after_a_scale_down() {
        let mut c = Cluster::new(Preset::Kind, None, 1);
        assert!(c.apply_text(WEB, "web.yaml", "default", Mode::Apply).errors.is_empty());
        c.advance(120_000);
        let v = statefulsets(&c);
        assert_eq!(v[0].ready, "3/3");
        let names: Vec<&str> = v[0].ordinals.iter().map(|o| o.pod.as_str()).collect();
        assert_eq!(names, ["web-0", "web-1", "web-2"]);
        assert!(v[0].ordinals.iter().all(|o| o.look == Some(Look::Running)));
        assert_eq!(v[0].ordinals[1].claims, vec![ClaimView { name: "www-web-1".into(), phase: "Bound".into() }]);
        c.kubectl("scale statefulset web --replicas=1", &crate::kubectl::NoFiles);
        c.advance(120_000);
        let v = statefulsets(&c);
        assert_eq!(v[0].ready, "1/1");
        // web-1 and web-2 are gone, their claims are not.
        assert_eq!(v[0].ordinals.len(), 3);
        assert_eq!(v[0].ordinals[2].look, None);
        assert_eq!(v[0].ordinals[2].claims[0].name, "www-web-2");
    }

    #[test]
    fn a_daemonset_says_why_the_control_plane_has_no_pod() {
        let mut c = Cluster::new(Preset::Kind, None, 1);
        let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: busybox:1.36\n        command: [sleep, '86400']\n";
        assert!(c.apply_text(ds, "ds.yaml", "default", Mode::Apply).errors.is_empty());
        c.advance(60_000);
        let v = daemonsets(&c);
        assert_eq!((v[0].desired, v[0].ready), (2, 2));
        let cp = v[0].nodes.iter().find(|n| n.node == "kind-control-plane").expect("the control plane");
        assert_eq!(cp.pod, None);
        assert_eq!(cp.excluded.as_deref(), Some("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"));
        let workers: Vec<&DaemonNodeView> = v[0].nodes.iter().filter(|n| n.node != "kind-control-plane").collect();
        assert!(workers.iter().all(|n| n.pod.is_some() && n.excluded.is_none() && n.look == Some(Look::Running)), "{workers:?}");
    }

    #[test]
    fn a_cronjob_lists_its_jobs_and_a_job_its_progress() {
        let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
        let cj = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: hello\n            image: busybox:1.36\n            command: [sh, -c, 'echo hi']\n";
        assert!(c.apply_text(cj, "cj.yaml", "default", Mode::Apply).errors.is_empty());
        let before = cronjobs(&c, &jobs(&c));
        assert_eq!(before[0].last_schedule, "<none>");
        // Every minute, from a clock that is not on a minute: due within the minute.
        let next = before[0].next_in.clone().expect("a next time");
        assert!(next.ends_with('s') && !next.contains('m'), "{next}");
        c.advance(150_000);
        let all = jobs(&c);
        let v = cronjobs(&c, &all);
        assert_eq!(v[0].schedule, "* * * * *");
        assert!(!v[0].suspend);
        assert!(v[0].jobs.len() >= 2, "{v:?}");
        assert!(v[0].jobs.iter().all(|j| j.cronjob.as_deref() == Some("hello")));
        let done = &v[0].jobs[0];
        assert_eq!((done.status.as_str(), done.completions.as_str(), done.succeeded), ("Complete", "1/1", 1));
        c.kubectl("patch cronjob hello -p '{\"spec\":{\"suspend\":true}}'", &crate::kubectl::NoFiles);
        let suspended = &cronjobs(&c, &jobs(&c))[0];
        assert!(suspended.suspend);
        assert_eq!(suspended.next_in, None);
    }
}
