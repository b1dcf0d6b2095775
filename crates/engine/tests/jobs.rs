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
        .filter(|e| e.involved.name() == name && e.involved.kind == engine::model::Kind::Job)
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
    // The seventh pod exits a second after its creation; the Job hears of it within its
    // batch period (`syncJobBatchPeriod`, 1 s).
    assert!((1..=2).contains(&(last.0 - *creates.last().unwrap())), "failed as the seventh pod exits: {events:?}");
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

fn reasons(st: &engine::model::job::JobStatus) -> Vec<(&'static str, String, String)> {
    st.conditions.iter().map(|c| (c.kind, c.reason.clone(), c.message.clone())).collect()
}

#[test]
fn a_fail_job_rule_fails_the_job_at_the_first_matching_exit_code() {
    // The documentation's job-pod-failure-policy-example, on busybox.
    let policy = "  completions: 12\n  parallelism: 3\n  backoffLimit: 6\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes:\n        containerName: c\n        operator: In\n        values: [42]\n    - action: Ignore\n      onPodConditions:\n      - type: DisruptionTarget\n";
    let mut c = cluster_with(&job("pfp", policy, "Never", "echo Hello world!; sleep 5; exit 42"));
    c.advance(60 * SECOND);
    let st = status(&c, "pfp");
    let conds = reasons(&st);
    assert_eq!(conds.iter().map(|c| c.0).collect::<Vec<_>>(), ["FailureTarget", "Failed"], "{conds:?}");
    let (_, reason, message) = &conds[1];
    assert_eq!(reason, "PodFailurePolicy");
    assert!(
        message.starts_with("Container c for pod default/pfp-")
            && message.ends_with(" failed with exit code 42 matching FailJob rule at index 0"),
        "{message}"
    );
    assert_eq!(st.active, 0);
    assert_eq!(st.succeeded, 0);
    let events = job_events(&c, "pfp");
    assert_eq!(events.iter().filter(|e| e.1 == "SuccessfulCreate").count(), 3, "no replacement after a FailJob match: {events:?}");
    assert!(events.iter().any(|e| e.1 == "PodFailurePolicy" && &e.2 == message), "{events:?}");
    assert!(row(&mut c, "pfp").starts_with("pfp Failed 0/12"), "{}", row(&mut c, "pfp"));
}

#[test]
fn an_ignore_rule_keeps_failures_out_of_the_back_off_limit() {
    let policy = "  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes:\n        operator: In\n        values: [3]\n";
    let mut c = cluster_with(&job("ign", policy, "Never", "exit 3"));
    c.advance(3 * 60 * SECOND);
    let st = status(&c, "ign");
    assert!(st.conditions.iter().all(|c| c.kind != "Failed"), "{:?}", reasons(&st));
    assert_eq!(st.failed, 0, "ignored failures are not counted");
    let creates = job_events(&c, "ign").iter().filter(|e| e.1 == "SuccessfulCreate").count();
    assert!(creates >= 4, "each ignored failure is replaced after the back-off: {creates}");
    // Exit code 1 is no rule's: it counts, and backoffLimit 0 fails the Job at once.
    let policy = "  backoffLimit: 0\n  podFailurePolicy:\n    rules:\n    - action: Ignore\n      onExitCodes:\n        operator: In\n        values: [3]\n";
    let mut c = cluster_with(&job("cnt", policy, "Never", "exit 1"));
    c.advance(60 * SECOND);
    let st = status(&c, "cnt");
    assert_eq!(st.failed, 1);
    assert_eq!(st.conditions.last().map(|c| c.reason.as_str()), Some("BackoffLimitExceeded"));
}

#[test]
fn each_index_backs_off_alone_and_the_job_fails_with_failed_indexes() {
    // Index 0 succeeds; 1, 2 and 3 fail twice each (backoffLimitPerIndex 1).
    let spec = "  completions: 4\n  parallelism: 4\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n";
    let mut c = cluster_with(&job("per", spec, "Never", "exit $JOB_COMPLETION_INDEX"));
    assert_eq!(c.store.job("default", "per").unwrap().spec.backoff_limit, i64::from(i32::MAX), "backoffLimit defaults to MaxInt32");
    c.advance(5 * 60 * SECOND);
    let st = status(&c, "per");
    assert_eq!(st.completed_indexes, "0");
    assert_eq!(st.failed_indexes.as_deref(), Some("1-3"));
    assert_eq!((st.succeeded, st.failed), (1, 6), "{:?}", reasons(&st));
    let last = reasons(&st).pop().unwrap();
    assert_eq!(last, ("Failed", "FailedIndexes".into(), "Job has failed indexes".into()));
    // The second pod of an index carries the first one's failure.
    let mut counts: Vec<(u64, String)> = c
        .store
        .pods()
        .map(|(_, p)| p)
        .filter(|p| p.meta.annotations.get("batch.kubernetes.io/job-completion-index") == Some("1"))
        .map(|p| (p.meta.creation, p.meta.annotations.get("batch.kubernetes.io/job-index-failure-count").unwrap_or("-").to_string()))
        .collect();
    counts.sort();
    let counts: Vec<&str> = counts.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(counts, ["0", "1"]);
    // The replacement waited the 10 s back-off from its index's failure.
    let creates: Vec<u64> = job_events(&c, "per").iter().filter(|e| e.1 == "SuccessfulCreate").map(|e| e.0).collect();
    assert_eq!(creates.len(), 7, "{creates:?}");
    assert!(creates[4] - creates[0] >= 10, "{creates:?}");
    let yaml = c.kubectl("kubectl get job per -o yaml", &NoFiles).stdout;
    assert!(yaml.contains("  failedIndexes: 1-3\n"), "{yaml}");
}

#[test]
fn max_failed_indexes_stops_the_job_early() {
    let spec = "  completions: 6\n  parallelism: 1\n  completionMode: Indexed\n  backoffLimitPerIndex: 0\n  maxFailedIndexes: 1\n";
    let mut c = cluster_with(&job("maxf", spec, "Never", "exit 1"));
    c.advance(5 * 60 * SECOND);
    let st = status(&c, "maxf");
    assert_eq!(st.failed_indexes.as_deref(), Some("0,1"), "two failed indexes exceed one");
    let last = reasons(&st).pop().unwrap();
    assert_eq!(
        last,
        ("Failed", "MaxFailedIndexesExceeded".into(), "Job has exceeded the specified maximal number of failed indexes".into())
    );
    let events = job_events(&c, "maxf");
    assert_eq!(events.iter().filter(|e| e.1 == "SuccessfulCreate").count(), 2, "{events:?}");
}

#[test]
fn a_success_policy_completes_the_job_when_its_indexes_succeed() {
    let spec = "  completions: 5\n  parallelism: 5\n  completionMode: Indexed\n  successPolicy:\n    rules:\n    - succeededIndexes: 0,2-3\n      succeededCount: 1\n";
    let mut c = cluster_with(&job("sp", spec, "Never", "sleep $JOB_COMPLETION_INDEX; exit $JOB_COMPLETION_INDEX"));
    c.advance(60 * SECOND);
    let st = status(&c, "sp");
    let conds = reasons(&st);
    assert_eq!(conds.iter().map(|c| c.0).collect::<Vec<_>>(), ["SuccessCriteriaMet", "Complete"], "{conds:?}");
    assert!(conds.iter().all(|c| c.1 == "SuccessPolicy" && c.2 == "Matched rules at index 0"), "{conds:?}");
    assert_eq!((st.succeeded, st.active), (1, 0));
    assert!(row(&mut c, "sp").starts_with("sp Complete 1/5"), "{}", row(&mut c, "sp"));
}

#[test]
fn the_policies_are_validated_as_the_api_server_does() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let bad = [
        ("  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [1]}\n", "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set"),
        ("  podFailurePolicy:\n    rules:\n    - action: Count\n      onExitCodes: {operator: In, values: [2, 1]}\n      onPodConditions: [{type: DisruptionTarget}]\n", "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"),
        ("  podFailurePolicy:\n    rules:\n    - action: Count\n      onExitCodes: {operator: In, values: [2, 1]}\n", "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{2, 1}: must be ordered"),
        ("  podFailurePolicy:\n    rules:\n    - action: Count\n      onExitCodes: {operator: In, values: [0]}\n", "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"),
        ("  podFailurePolicy:\n    rules:\n    - action: Count\n", "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"),
        ("  completions: 3\n  completionMode: Indexed\n  successPolicy:\n    rules:\n    - succeededIndexes: 2-1\n", "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"2-1\": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1"),
        ("  completions: 3\n  completionMode: Indexed\n  successPolicy:\n    rules:\n    - succeededCount: 4\n", "spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of specified completions)"),
        ("  completions: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 4\n", "spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions"),
    ];
    for (spec, want) in bad {
        let r = c.apply_text(&job("bad", spec, "Never", "exit 1"), "t.yaml", "default", Mode::Apply);
        let text: Vec<String> = r.errors.iter().map(|e| e.text.clone()).collect();
        assert!(text.iter().any(|t| t.contains(want)), "{spec}\nwant {want}\ngot {text:?}");
    }
}

#[test]
fn a_pod_that_succeeds_is_counted_within_the_batch_period_not_at_once() {
    // `syncJobBatchPeriod`: pod events reach the Job controller batched, a second after
    // the first of them, so the Job completes up to a second after its pod finished.
    for seed in 1..=5 {
        let mut c = Cluster::new(Preset::DockerDesktop, None, seed);
        let r = c.apply_text(&job("once", "", "Never", "echo done"), "t.yaml", "default", Mode::Apply);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        c.advance(60 * SECOND);
        let finished = c
            .store
            .pods()
            .filter(|(_, p)| p.meta.name.starts_with("once-"))
            .flat_map(|(_, p)| p.status.statuses.iter())
            .find_map(|s| match &s.state {
                engine::model::pod::ContainerState::Terminated(t) => Some(t.finished),
                _ => None,
            })
            .expect("the pod finished");
        let completed = status(&c, "once").completion_time.expect("the Job completed");
        assert!(completed > finished && completed <= finished + SECOND, "seed {seed}: finished {finished}, completed {completed}");
    }
}

#[test]
fn a_jobs_batch_takes_the_namespaces_limit_defaults_and_stops_at_its_quota() {
    let policy = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 200m, memory: 64Mi}\n    defaultRequest: {cpu: 100m, memory: 32Mi}\n---\napiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: pods\nspec:\n  hard: {pods: \"3\"}\n---\n";
    let mut c = cluster_with(&format!("{policy}{}", job("batch", "  completions: 5\n  parallelism: 5\n", "Never", "sleep 5")));
    c.advance(2 * SECOND);
    let pods: Vec<&engine::model::Pod> = c.store.pods().map(|(_, p)| p).filter(|p| p.meta.name.starts_with("batch-")).collect();
    assert_eq!(pods.len(), 3, "the quota admits three pods of the batch of five");
    for p in &pods {
        let note = p.meta.annotations.get(engine::apiserver::limitranger::ANNOTATION).unwrap_or("");
        assert!(note.contains("cpu") && note.contains("memory"), "LimitRanger's note on {}: {note:?}", p.meta.name);
        let requests = p.to_value();
        let cpu = requests
            .get("spec")
            .and_then(|s| s.get("containers"))
            .map(engine::value::Value::as_seq)
            .and_then(|cs| cs.first())
            .and_then(|ct| ct.get("resources"))
            .and_then(|r| r.get("requests"))
            .and_then(|r| r.get("cpu"))
            .and_then(engine::value::Value::as_str);
        assert_eq!(cpu, Some("100m"), "{}'s request defaulted by the LimitRange", p.meta.name);
    }
    let refused: Vec<String> = job_events(&c, "batch").into_iter().filter(|e| e.1 == "FailedCreate").map(|e| e.2).collect();
    assert!(refused.iter().any(|m| m.contains("exceeded quota: pods")), "{refused:?}");
    // As pods finish, the quota has room again and the Job completes all five.
    c.advance(120 * SECOND);
    let st = status(&c, "batch");
    assert_eq!(st.succeeded, 5, "{:?}", job_events(&c, "batch"));
}
