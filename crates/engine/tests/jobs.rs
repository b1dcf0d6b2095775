//! Jobs pinned against the Job controller of v1.33: the pod-failure back-off (10 s,
//! doubling) and BackoffLimitExceeded, completions and parallelism, restarts counted under
//! OnFailure, activeDeadlineSeconds, suspension, Indexed Jobs and the TTL after finishing.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::model::pod::Phase;
use engine::{Cluster, Preset};

const SECOND: u64 = 1000;

fn cluster_with(manifest: &str) -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(manifest, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c
}

fn job(name: &str, spec: &str, restart: &str, command: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n      restartPolicy: {restart}\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: [\"sh\", \"-c\", \"{command}\"]\n"
    )
}

fn status(c: &Cluster, name: &str) -> engine::model::job::JobStatus {
    c.store.job("default", name).and_then(|j| j.status.clone()).unwrap_or_default()
}

fn row(c: &mut Cluster, name: &str) -> String {
    let out = c.kubectl(&format!("kubectl get job {name} --no-headers"), &NoFiles);
    out.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// When each of the Job's events happened, in seconds, with its reason and message.
fn job_events(c: &Cluster, name: &str) -> Vec<(u64, String, String)> {
    c.events
        .all()
        .filter(|e| e.involved.name == name && e.involved.kind == engine::model::Kind::Job)
        .map(|e| (e.first / SECOND, e.reason.to_string(), e.message().into_owned()))
        .collect()
}

#[test]
fn a_failing_job_backs_off_10_20_40_80_160_320_seconds_then_exceeds_its_backoff_limit() {
    let mut c = cluster_with(&job("fail", "", "Never", "echo oops; exit 1"));
    c.advance(20 * 60 * SECOND);
    let events = job_events(&c, "fail");
    let creates: Vec<u64> = events.iter().filter(|e| e.1 == "SuccessfulCreate").map(|e| e.0).collect();
    assert_eq!(creates.len(), 7, "the first pod and six replacements: {events:?}");
    // Each replacement waits from the previous pod's exit (about 2 s after its creation:
    // the sandbox, the pull or the cached image, 0.1 s of running).
    let gaps: Vec<u64> = creates.windows(2).map(|w| w[1] - w[0]).collect();
    let waits: Vec<u64> = gaps.iter().map(|g| g / 10 * 10).collect();
    assert_eq!(waits, [10, 20, 40, 80, 160, 320], "pods created at {creates:?}");
    let st = status(&c, "fail");
    assert_eq!((st.failed, st.succeeded, st.active), (7, 0, 0), "backoffLimit 6: the seventh failure fails the Job");
    let kinds: Vec<&str> = st.conditions.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["FailureTarget", "Failed"]);
    assert!(st.conditions.iter().all(|c| c.reason == "BackoffLimitExceeded" && c.message == "Job has reached the specified backoff limit"));
    let last = events.last().unwrap();
    assert_eq!((last.1.as_str(), last.2.as_str()), ("BackoffLimitExceeded", "Job has reached the specified backoff limit"));
    assert_eq!(last.0, *creates.last().unwrap() + 1, "failed as the seventh pod exits");
    assert!(st.completion_time.is_none(), "completionTime is set on success only");
    assert!(row(&mut c, "fail").starts_with("fail Failed 0/1 20m"), "{}", row(&mut c, "fail"));
    // The pods stay, Error, for their logs.
    let pods = c.kubectl("kubectl get pods --no-headers", &NoFiles).stdout;
    assert_eq!(pods.lines().filter(|l| l.contains(" Error ")).count(), 7, "{pods}");
    assert_eq!(c.kubectl("kubectl logs job/fail", &NoFiles).stdout, "oops\n");
}

#[test]
fn completions_run_at_most_parallelism_pods_at_once_and_complete() {
    let mut c = cluster_with(&job("five", "  completions: 5\n  parallelism: 2\n", "Never", "sleep 10"));
    let mut most = 0;
    for _ in 0..120 {
        c.advance(SECOND);
        let st = status(&c, "five");
        most = most.max(st.active);
        assert!(st.succeeded <= 5, "never more succeeded than completions");
    }
    assert_eq!(most, 2);
    let st = status(&c, "five");
    assert_eq!((st.succeeded, st.failed, st.active, st.ready, st.terminating), (5, 0, 0, 0, 0));
    let kinds: Vec<&str> = st.conditions.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["SuccessCriteriaMet", "Complete"]);
    assert_eq!(st.conditions[1].reason, "CompletionsReached");
    let (start, done) = (st.start_time.unwrap(), st.completion_time.unwrap());
    assert!(done - start >= 30 * SECOND, "three waves of 10 s pods: {}", done - start);
    let r = row(&mut c, "five");
    assert!(r.starts_with("five Complete 5/5 3"), "{r}");
    let events = job_events(&c, "five");
    assert_eq!(events.iter().filter(|e| e.1 == "SuccessfulCreate").count(), 5);
    assert_eq!(events.last().map(|e| (e.1.as_str(), e.2.as_str())), Some(("Completed", "Job completed")));
}

#[test]
fn under_on_failure_the_container_restarts_in_place_and_the_restarts_count() {
    let mut c = cluster_with(&job("retry", "  backoffLimit: 2\n", "OnFailure", "exit 3"));
    c.advance(5 * 60 * SECOND);
    let st = status(&c, "retry");
    assert!(st.is_true("Failed"), "{st:?}");
    assert_eq!(st.condition("Failed").unwrap().reason, "BackoffLimitExceeded");
    // One pod, deleted when its restarts reached the limit: counted as one failure.
    assert_eq!(st.failed, 1);
    let creates = job_events(&c, "retry").iter().filter(|e| e.1 == "SuccessfulCreate").count();
    assert_eq!(creates, 1, "OnFailure never replaces the pod");
    assert!(job_events(&c, "retry").iter().any(|e| e.1 == "SuccessfulDelete"), "the active pod is deleted");
}

#[test]
fn the_active_deadline_fails_the_job_and_deletes_its_pods() {
    let mut c = cluster_with(&job("slow", "  activeDeadlineSeconds: 30\n", "Never", "sleep 600"));
    c.advance(30 * SECOND);
    let st = status(&c, "slow");
    assert!(st.is_true("FailureTarget") && !st.is_true("Failed"), "Failed waits for the pod to terminate: {st:?}");
    assert_eq!(st.condition("FailureTarget").unwrap().message, "Job was active longer than specified deadline");
    assert_eq!(st.terminating, 1);
    assert_eq!(row(&mut c, "slow").split(' ').nth(1), Some("FailureTarget"));
    c.advance(60 * SECOND);
    let st = status(&c, "slow");
    assert!(st.is_true("Failed"), "{st:?}");
    assert_eq!(st.condition("Failed").unwrap().reason, "DeadlineExceeded");
    assert_eq!((st.failed, st.terminating, st.active), (1, 0, 0));
    assert!(job_events(&c, "slow").iter().any(|e| e.1 == "DeadlineExceeded"));
}

#[test]
fn a_suspended_job_runs_nothing_until_resumed() {
    let spec = "  suspend: true\n";
    let mut c = cluster_with(&job("later", spec, "Never", "sleep 5"));
    c.advance(60 * SECOND);
    assert_eq!(c.store.pod_count_in("default"), 0);
    let st = status(&c, "later");
    assert!(st.is_true("Suspended") && st.start_time.is_none(), "{st:?}");
    assert_eq!(row(&mut c, "later"), "later Suspended 0/1 60s", "no DURATION before the start");
    let resumed = job("later", "  suspend: false\n", "Never", "sleep 5");
    assert!(c.apply_text(&resumed, "t.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(60 * SECOND);
    let st = status(&c, "later");
    assert!(st.is_true("Complete"), "{st:?}");
    assert_eq!(st.start_time, Some(engine::time::BOOT + 60 * SECOND), "resuming starts the clock");
    let reasons: Vec<String> = job_events(&c, "later").into_iter().map(|e| e.1).collect();
    // manageJob creates the pods before the sync writes the Resumed condition.
    assert_eq!(reasons, ["Suspended", "SuccessfulCreate", "Resumed", "Completed"]);
}

#[test]
fn an_indexed_job_gives_each_pod_its_index() {
    let mut c = cluster_with(&job("idx", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n", "Never", "sleep 2"));
    c.advance(SECOND);
    let mut names: Vec<(String, String)> = vec![];
    for id in c.store.pods_in(Some("default")) {
        let p = c.store.pod(id).unwrap();
        let index = p.meta.annotations.get("batch.kubernetes.io/job-completion-index").unwrap().to_string();
        assert_eq!(p.meta.labels.get("batch.kubernetes.io/job-completion-index"), Some(index.as_str()));
        assert!(p.spec.raw.get("containers").unwrap().as_seq()[0].get("env").unwrap().to_json().contains("JOB_COMPLETION_INDEX"));
        names.push((index, p.meta.name.clone()));
    }
    names.sort();
    assert_eq!(names.len(), 3);
    for (i, name) in &names {
        assert!(name.starts_with(&format!("idx-{i}-")) && name.len() == format!("idx-{i}-").len() + 5, "{name}");
    }
    c.advance(60 * SECOND);
    let st = status(&c, "idx");
    assert_eq!((st.succeeded, st.completed_indexes.as_str()), (3, "0-2"));
    assert!(st.is_true("Complete"));
    let d = c.kubectl("kubectl describe job idx", &NoFiles).stdout;
    let lines: Vec<String> = d.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert!(lines.iter().any(|l| l == "Completion Mode: Indexed") && lines.iter().any(|l| l == "Completed Indexes: 0-2"), "{d}");
}

#[test]
fn a_finished_job_with_a_ttl_is_deleted_with_its_pods() {
    let mut c = cluster_with(&job("brief", "  ttlSecondsAfterFinished: 30\n", "Never", "echo done"));
    c.advance(10 * SECOND);
    let done = status(&c, "brief").completion_time.expect("completed");
    c.advance(done + 30 * SECOND - 1 - c.now());
    assert!(c.store.job("default", "brief").is_some(), "kept until the TTL ends");
    c.advance(1);
    assert!(c.store.job("default", "brief").is_none(), "deleted when it ends");
    c.advance(SECOND);
    assert_eq!(c.store.pod_count_in("default"), 0, "its pods go with it");
}

#[test]
fn deleting_a_job_deletes_its_pods() {
    let mut c = cluster_with(&job("busy", "  parallelism: 3\n  completions: 3\n", "Never", "sleep 600"));
    c.advance(10 * SECOND);
    assert_eq!(c.store.pod_count_in("default"), 3);
    let out = c.kubectl("kubectl delete job busy", &NoFiles);
    assert_eq!(out.stdout, "job.batch \"busy\" deleted\n");
    c.advance(60 * SECOND);
    assert_eq!(c.store.pod_count_in("default"), 0);
    assert!(c.store.pods_in(Some("default")).iter().all(|id| c.store.pod(*id).is_none_or(|p| p.status.phase != Phase::Running)));
}

#[test]
fn the_documentations_pi_job_completes_and_prints_pi() {
    let mut c = cluster_with(include_str!("../../cli/tests/transcripts/manifests/job.yaml"));
    c.advance(2 * 60 * SECOND);
    assert!(status(&c, "pi").is_true("Complete"));
    let logs = c.kubectl("kubectl logs job/pi", &NoFiles).stdout;
    assert!(logs.starts_with("3.14159265358979323846") && logs.len() == 2002, "{}", &logs[..40.min(logs.len())]);
}

#[test]
fn a_job_must_not_restart_always() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let want = "The Job \"bad\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"";
    let r = c.apply_text(&job("bad", "", "Always", "true"), "t.yaml", "default", Mode::Apply);
    assert_eq!(r.errors[0].text, want);
    // A template that does not say gets the Pod default, Always, and the same answer.
    let r = c.apply_text(&job("bad", "", "Never", "true").replace("      restartPolicy: Never\n", ""), "t.yaml", "default", Mode::Apply);
    assert_eq!(r.errors[0].text, want);
}

#[test]
fn applying_a_job_again_keeps_its_generated_selector() {
    let text = job("same", "", "Never", "sleep 600");
    let mut c = cluster_with(&text);
    let r = c.apply_text(&text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.out, ["job.batch/same unchanged"]);
    let changed = text.replace("sleep 600", "sleep 60");
    let r = c.apply_text(&changed, "t.yaml", "default", Mode::Apply);
    assert!(r.errors[0].text.starts_with("The Job \"same\" is invalid: spec.template: Invalid value: "), "{:?}", r.errors);
    assert!(r.errors[0].text.ends_with(": field is immutable"));
}

#[test]
fn a_deleted_pod_counts_as_a_failure_and_is_replaced_after_the_back_off() {
    let mut c = cluster_with(&job("long", "", "Never", "sleep 600"));
    c.advance(5 * SECOND);
    let first = c.kubectl("kubectl get pods --no-headers -o name", &NoFiles).stdout;
    let first = first.trim().trim_start_matches("pod/").to_string();
    let out = c.kubectl(&format!("kubectl delete pod {first} --wait=false"), &NoFiles);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    c.advance(SECOND);
    let st = status(&c, "long");
    // podReplacementPolicy TerminatingOrFailed: a terminating pod is a failure at once.
    assert_eq!((st.failed, st.active, st.terminating), (1, 0, 1), "{st:?}");
    c.advance(9 * SECOND + 100);
    let creates: Vec<u64> = job_events(&c, "long").iter().filter(|e| e.1 == "SuccessfulCreate").map(|e| e.0).collect();
    let boot = engine::time::BOOT / SECOND;
    assert_eq!(creates, [boot, boot + 15], "the replacement waits 10 s from the deletion");
    assert_eq!(status(&c, "long").active, 1);
}

#[test]
fn a_selector_of_ones_own_needs_manual_selector() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let text = job("mine", "  selector:\n    matchLabels: {app: mine}\n", "Never", "true")
        .replace("  template:\n    spec:\n", "  template:\n    metadata:\n      labels: {app: mine}\n    spec:\n");
    let r = c.apply_text(&text, "t.yaml", "default", Mode::Apply);
    let e = &r.errors[0].text;
    assert!(e.starts_with("The Job \"mine\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"mine\", \"batch.kubernetes.io/controller-uid\":\""), "{e}");
    assert!(e.ends_with("`selector` not auto-generated"), "{e}");
    let manual = text.replace("  selector:\n", "  manualSelector: true\n  selector:\n");
    let r = c.apply_text(&manual, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(30 * SECOND);
    assert!(status(&c, "mine").is_true("Complete"));
    let pod = c.store.pod(c.store.pods_in(Some("default"))[0]).unwrap();
    assert_eq!(pod.meta.labels.get("app"), Some("mine"));
    assert!(pod.meta.labels.get("job-name").is_none(), "a manual selector's template is the user's");
}

#[test]
fn a_selector_on_the_generated_labels_needs_no_manual_selector() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let text = job("named", "  selector:\n    matchLabels: {job-name: named}\n", "Never", "true");
    let r = c.apply_text(&text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn an_indexed_job_needs_names_its_pods_can_take_as_hostnames() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let text = job("my.job", "  completions: 3\n  completionMode: Indexed\n", "Never", "true");
    let r = c.apply_text(&text, "t.yaml", "default", Mode::Apply);
    assert_eq!(
        r.errors[0].text,
        "The Job \"my.job\" is invalid: metadata.name: Invalid value: \"my.job\": will not able to create pod with invalid DNS label: my.job-2"
    );
}
