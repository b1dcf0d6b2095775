//! What a real v1.33 cluster writes, pinned where kubeplay once differed: the Deployment
//! controller's status and conditions (`calculateStatus`, `syncRolloutStatus`,
//! `checkPausedConditions`, `SetDeploymentCondition`) and kubectl's describers.

use engine::apply::Mode;
use engine::files::NoFiles;
use engine::model::condition::ConditionStatus;
use engine::{Cluster, Preset};

fn deployment(name: &str, replicas: u32, image: &str, strategy: &str, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n{extra}  strategy:\n{strategy}  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: {image}\n"
    )
}

fn applied(text: &str) -> Cluster {
    let mut c = Cluster::new(Preset::Kind, None, 5);
    let r = c.apply_text(text, "d.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c
}

/// (type, status, reason) of each condition, in order.
fn conditions(c: &Cluster, name: &str) -> Vec<(String, ConditionStatus, String)> {
    let d = c.store.deployment("default", name).expect("the deployment");
    d.status.as_ref().expect("a status").conditions.iter().map(|x| (x.kind.clone(), x.status, x.reason.clone())).collect()
}

fn cond(kind: &str, status: ConditionStatus, reason: &str) -> (String, ConditionStatus, String) {
    (kind.into(), status, reason.into())
}

const ROLLING: &str = "    type: RollingUpdate\n";

#[test]
fn a_deployment_keeps_both_its_conditions_available_first() {
    // Once each condition was written over the other.
    let mut c = applied(&deployment("web", 3, "nginx:1.27", ROLLING, ""));
    assert_eq!(
        conditions(&c, "web"),
        [
            cond("Available", ConditionStatus::False, "MinimumReplicasUnavailable"),
            cond("Progressing", ConditionStatus::True, "ReplicaSetUpdated")
        ]
    );
    c.advance(60_000);
    assert_eq!(
        conditions(&c, "web"),
        [
            cond("Available", ConditionStatus::True, "MinimumReplicasAvailable"),
            cond("Progressing", ConditionStatus::True, "NewReplicaSetAvailable")
        ]
    );
    let out = c.read("kubectl describe deployment web").stdout;
    assert!(out.contains("  Available      True    MinimumReplicasAvailable\n  Progressing    True    NewReplicaSetAvailable\n"), "{out}");
}

#[test]
fn recreate_allows_no_unavailable_replica() {
    // `MaxUnavailable` is 0 for Recreate; it was read as 25% of the replicas.
    let mut c = applied(&deployment("web", 4, "nginx:1.27", "    type: Recreate\n", ""));
    c.advance(60_000);
    c.run("kubectl delete pod -l app=web --wait=false", &NoFiles);
    let d = c.store.deployment("default", "web").expect("the deployment");
    assert!(d.status.as_ref().expect("a status").available_replicas < 4);
    // A condition that changes is written last, as `SetDeploymentCondition` appends it.
    assert_eq!(conditions(&c, "web").last(), Some(&cond("Available", ConditionStatus::False, "MinimumReplicasUnavailable")));
}

#[test]
fn unavailable_replicas_count_what_the_replicasets_want() {
    // A surge makes more pods wanted than the Deployment's replicas.
    let mut c = applied(&deployment("web", 2, "nginx:1.27", ROLLING, ""));
    c.advance(60_000);
    c.run("kubectl set image deployment/web c=nginx:9.99", &NoFiles);
    c.advance(30_000);
    let st = c.store.deployment("default", "web").and_then(|d| d.status.clone()).expect("a status");
    let wanted: i64 = c.store.replicasets(Some("default")).map(|r| r.spec.replicas).sum();
    assert!(wanted > 2, "a surge: {wanted}");
    assert_eq!(st.unavailable_replicas, wanted - st.available_replicas);
}

#[test]
fn pausing_and_resuming_set_progressing_unknown() {
    let mut c = applied(&deployment("web", 2, "nginx:1.27", ROLLING, ""));
    c.advance(60_000);
    c.run("kubectl rollout pause deployment/web", &NoFiles);
    assert_eq!(conditions(&c, "web")[1], cond("Progressing", ConditionStatus::Unknown, "DeploymentPaused"));
    c.run("kubectl rollout resume deployment/web", &NoFiles);
    let after = conditions(&c, "web");
    assert!(
        after.contains(&cond("Progressing", ConditionStatus::True, "NewReplicaSetAvailable"))
            || after.contains(&cond("Progressing", ConditionStatus::Unknown, "DeploymentResumed")),
        "{after:?}"
    );
}

#[test]
fn a_stuck_rollout_times_out_a_second_after_its_deadline() {
    // `DeploymentTimedOut` compares the Progressing condition's lastUpdateTime with the
    // deadline; the controller looks again a second after it.
    let mut c = applied(&deployment("web", 1, "nginx:9.99", ROLLING, "  progressDeadlineSeconds: 30\n"));
    let updated = c
        .store
        .deployment("default", "web")
        .and_then(|d| d.status.clone())
        .and_then(|s| s.condition("Progressing").cloned())
        .expect("progressing");
    let due = updated.last_update.expect("written") + 30_000 + 1_000;
    c.advance(due - c.now() - 1);
    assert_eq!(conditions(&c, "web")[1].2, "ReplicaSetUpdated");
    c.advance(1);
    assert_eq!(conditions(&c, "web")[1], cond("Progressing", ConditionStatus::False, "ProgressDeadlineExceeded"));
    let out = c.read("kubectl rollout status deployment/web --watch=false");
    assert_eq!(out.stderr, "error: deployment \"web\" exceeded its progress deadline\n");
}

#[test]
fn a_quiet_sync_writes_nothing() {
    // `syncRolloutStatus` updates the status only when it changed.
    let mut c = applied(&deployment("web", 2, "nginx:1.27", ROLLING, ""));
    c.advance(60_000);
    let rv = c.store.deployment("default", "web").expect("web").meta.resource_version;
    c.run("kubectl scale deployment web --replicas=2", &NoFiles);
    assert_eq!(c.store.deployment("default", "web").expect("web").meta.resource_version, rv);
}

#[test]
fn describe_replicaset_counts_its_pods_by_phase() {
    // `getPodStatusForController`: Running, Pending (Waiting), Succeeded, Failed. It printed
    // the ready count as Running and zeros for the rest.
    let c = applied(&deployment("web", 2, "nginx:9.99", ROLLING, ""));
    let rs = c.store.replicasets(Some("default")).next().expect("a replicaset").meta.name.clone();
    let out = c.read(&format!("kubectl describe rs {rs}")).stdout;
    assert!(out.contains("Pods Status:    0 Running / 2 Waiting / 0 Succeeded / 0 Failed\n"), "{out}");
}

#[test]
fn a_replicaset_at_zero_writes_only_its_replicas() {
    // `fullyLabeledReplicas` is `omitempty` in ReplicaSetStatus; it was printed as 0.
    let mut c = applied(&deployment("web", 1, "nginx:1.27", ROLLING, ""));
    c.advance(60_000);
    c.run("kubectl scale deployment web --replicas=0", &NoFiles);
    c.advance(60_000);
    let rs = c.store.replicasets(Some("default")).next().expect("a replicaset").meta.name.clone();
    let out = c.read(&format!("kubectl get rs {rs} -o yaml")).stdout;
    let status = out.split("\nstatus:\n").nth(1).expect("a status");
    assert_eq!(status, "  observedGeneration: 2\n  replicas: 0\n", "{out}");
}
