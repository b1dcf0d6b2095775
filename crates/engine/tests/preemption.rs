//! Pod priority and preemption: the Priority admission plugin gives pods their class's
//! value, and kube-scheduler's DefaultPreemption evicts pods of lower priority to place
//! a pod that fits nowhere, choosing nodes and victims as it does.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const CLASSES: &str = "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: high\nvalue: 1000000\n---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: mid\nvalue: 1000\n---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: patient\nvalue: 1000000\npreemptionPolicy: Never\n";

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors.iter().map(|e| &e.text).collect::<Vec<_>>());
}

/// A bare pod asking for `cpu_m` of CPU, of `class` (none: priority 0), with `extra`
/// lines under its spec and labels.
fn pod(name: &str, class: &str, cpu_m: i64, extra: &str, labels: &str) -> String {
    let class = if class.is_empty() { String::new() } else { format!("  priorityClassName: {class}\n") };
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{{labels}}}\nspec:\n{class}{extra}  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: {cpu_m}m\n"
    )
}

/// CPU still free on the node, in millicores.
fn free_cpu(c: &Cluster, node: &str) -> i64 {
    let n = &c.store.nodes[node];
    n.cpu_m - n.requested_cpu_m
}

fn node_of(c: &Cluster, name: &str) -> Option<String> {
    let p = c.store.pod(c.store.pod_id("default", name)?)?;
    (!p.node.is_empty()).then(|| p.node.to_string())
}

fn exists(c: &Cluster, name: &str) -> bool {
    c.store.pod_id("default", name).is_some()
}

fn events(c: &Cluster, reason: &str) -> Vec<(String, String)> {
    c.events.all().filter(|e| e.reason == reason).map(|e| (e.involved.name().to_string(), e.message().into_owned())).collect()
}

/// docker-desktop with three pods of 2 CPUs filling it: one of priority 0 (`zero`), two
/// of class `mid` (`mid-a`, `mid-b`).
fn full_desktop() -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 3);
    apply(&mut c, CLASSES);
    let free = free_cpu(&c, "docker-desktop");
    apply(&mut c, &pod("mid-a", "mid", 2000, "", ""));
    apply(&mut c, &pod("zero", "", 2000, "", ""));
    apply(&mut c, &pod("mid-b", "mid", 2000, "", ""));
    // What is left is less than what the pods below ask for.
    apply(&mut c, &pod("rest", "mid", free - 6000 - 1000, "", ""));
    c.advance(20_000);
    for name in ["mid-a", "zero", "mid-b", "rest"] {
        assert_eq!(node_of(&c, name).as_deref(), Some("docker-desktop"), "{name}");
    }
    c
}

#[test]
fn admission_gives_a_pod_its_class_and_refuses_a_missing_one() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    apply(&mut c, CLASSES);
    apply(&mut c, &pod("p", "patient", 10, "", ""));
    let out = c.kubectl("get pod p -o jsonpath={.spec.priority}/{.spec.preemptionPolicy}", &NoFiles).text();
    assert_eq!(out, "1000000/Never");
    let r = c.apply_text(&pod("q", "nope", 10, "", ""), "t.yaml", "default", Mode::Apply);
    let text = r.errors.iter().map(|e| e.text.clone()).collect::<String>();
    assert!(text.contains("pods \"q\" is forbidden: no PriorityClass with name nope was found"), "{text}");
    let r = c.apply_text(&pod("r", "", 10, "  priority: 7\n", ""), "t.yaml", "default", Mode::Apply);
    let text = r.errors.iter().map(|e| e.text.clone()).collect::<String>();
    assert!(text.contains("the integer value of priority (7) must not be provided in pod spec"), "{text}");
}

#[test]
fn a_high_priority_pod_evicts_the_fewest_lowest_victims_and_runs() {
    let mut c = full_desktop();
    apply(&mut c, &pod("vip", "high", 1500, "", ""));
    c.advance(0);
    let vip = c.store.pod(c.store.pod_id("default", "vip").unwrap()).unwrap();
    assert_eq!(vip.status.nominated_node_name(), "docker-desktop");
    let vip_uid = vip.meta.uid.clone();
    // One victim is enough, and the priority-0 pod is the least important.
    let zero = c.store.pod(c.store.pod_id("default", "zero").unwrap()).unwrap();
    assert!(zero.meta.deletion.is_some());
    let cond = zero.status.condition(engine::model::pod::PodCondition::DisruptionTarget).expect("the victim is marked");
    assert_eq!(
        (cond.reason.as_str(), cond.message.as_str()),
        ("PreemptionByScheduler", "default-scheduler: preempting to accommodate a higher priority pod")
    );
    assert_eq!(events(&c, "Preempted"), vec![("zero".to_string(), format!("Preempted by pod {vip_uid} on node docker-desktop"))]);
    let failed = events(&c, "FailedScheduling");
    assert!(failed.contains(&("vip".into(), "0/1 nodes are available: 1 Insufficient cpu.".into())), "{failed:?}");
    c.advance(60_000);
    assert!(!exists(&c, "zero"));
    for name in ["mid-a", "mid-b", "rest", "vip"] {
        assert_eq!(node_of(&c, name).as_deref(), Some("docker-desktop"), "{name}");
    }
    let wide = c.kubectl("get pod vip -o wide", &NoFiles).text();
    assert!(wide.lines().nth(1).unwrap().contains("docker-desktop   docker-desktop"), "{wide}");
    let describe = c.kubectl("describe pod vip", &NoFiles).text();
    assert!(describe.contains("Priority:             1000000\nPriority Class Name:  high\n"), "{describe}");
    assert!(describe.contains("NominatedNodeName:"), "{describe}");
}

#[test]
fn a_pod_that_never_preempts_waits() {
    let mut c = full_desktop();
    apply(&mut c, &pod("calm", "patient", 1500, "", ""));
    c.advance(30_000);
    assert_eq!(node_of(&c, "calm"), None);
    assert!(events(&c, "Preempted").is_empty());
    let failed = events(&c, "FailedScheduling");
    let want = "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.";
    assert!(failed.contains(&("calm".into(), want.into())), "{failed:?}");
}

#[test]
fn pods_of_equal_priority_are_not_victims() {
    let mut c = full_desktop();
    // Evicting the priority-0 pod, the one pod it outranks, frees 3 CPUs of the 3.5 it
    // asks for; the mid pods are its equals and stay.
    apply(&mut c, &pod("peer", "mid", 3500, "", ""));
    c.advance(30_000);
    assert_eq!(node_of(&c, "peer"), None);
    assert!(events(&c, "Preempted").is_empty());
    let failed = events(&c, "FailedScheduling");
    let want = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.";
    assert!(failed.contains(&("peer".into(), want.into())), "{failed:?}");
    assert!(exists(&c, "zero"));
    assert_eq!(c.store.pod(c.store.pod_id("default", "peer").unwrap()).unwrap().status.nominated_node_name(), "");
}

#[test]
fn a_pod_of_priority_zero_finds_no_victims() {
    let mut c = full_desktop();
    apply(&mut c, &pod("plain", "", 1500, "", ""));
    c.advance(30_000);
    assert_eq!(node_of(&c, "plain"), None);
    let failed = events(&c, "FailedScheduling");
    let want =
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    assert!(failed.contains(&("plain".into(), want.into())), "{failed:?}");
}

/// kind's two workers, each nearly full with one pod: on `kind-worker` a priority-0 pod
/// a budget protects, on `kind-worker2` a `mid` pod no budget covers.
fn guarded_workers(with_budget: bool) -> Cluster {
    let mut c = Cluster::new(Preset::Kind, None, 2);
    apply(&mut c, CLASSES);
    let (a, b) = (free_cpu(&c, "kind-worker"), free_cpu(&c, "kind-worker2"));
    apply(&mut c, &pod("guarded", "", a - 500, "  nodeName: kind-worker\n", "app: guarded"));
    apply(&mut c, &pod("open", "mid", b - 500, "  nodeName: kind-worker2\n", "app: open"));
    if with_budget {
        apply(&mut c, "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: guarded\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: guarded}\n");
    }
    c.advance(30_000);
    c
}

#[test]
fn a_victim_a_budget_protects_is_avoided_when_another_node_breaks_none() {
    // Without the budget the lower victim goes (the lowest highest-priority victim).
    let mut c = guarded_workers(false);
    apply(&mut c, &pod("vip", "high", 1000, "", ""));
    c.advance(0);
    let victims: Vec<String> = events(&c, "Preempted").into_iter().map(|(n, _)| n).collect();
    assert_eq!(victims, vec!["guarded".to_string()]);
    // With it, the node whose victim breaks no budget wins, though its victim ranks higher.
    let mut c = guarded_workers(true);
    let allowed = c.store.budgets(Some("default")).next().unwrap().status.clone().unwrap().disruptions_allowed;
    assert_eq!(allowed, 0);
    apply(&mut c, &pod("vip", "high", 1000, "", ""));
    c.advance(0);
    let victims: Vec<String> = events(&c, "Preempted").into_iter().map(|(n, _)| n).collect();
    assert_eq!(victims, vec!["open".to_string()]);
    c.advance(60_000);
    assert_eq!(node_of(&c, "vip").as_deref(), Some("kind-worker2"));
    assert_eq!(node_of(&c, "guarded").as_deref(), Some("kind-worker"));
}

#[test]
fn a_preempted_replica_is_recreated_and_stays_pending() {
    let run = |seed: u64| {
        let mut c = Cluster::new(Preset::DockerDesktop, None, seed);
        apply(&mut c, CLASSES);
        let per = (free_cpu(&c, "docker-desktop") - 1000) / 3;
        apply(
            &mut c,
            &format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: filler\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {{app: filler}}\n  template:\n    metadata:\n      labels: {{app: filler}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        resources:\n          requests:\n            cpu: {per}m\n"),
        );
        c.advance(30_000);
        apply(&mut c, &pod("vip", "high", 1500, "", ""));
        c.advance(60_000);
        assert_eq!(node_of(&c, "vip").as_deref(), Some("docker-desktop"));
        let fillers: Vec<(String, Option<String>)> = c
            .store
            .pods_in(Some("default"))
            .into_iter()
            .filter_map(|id| c.store.pod(id))
            .filter(|p| p.meta.name.starts_with("filler-"))
            .map(|p| (p.meta.name.clone(), (!p.node.is_empty()).then(|| p.node.to_string())))
            .collect();
        assert_eq!(fillers.len(), 3, "{fillers:?}");
        let pending: Vec<&String> = fillers.iter().filter(|(_, n)| n.is_none()).map(|(name, _)| name).collect();
        assert_eq!(pending.len(), 1, "{fillers:?}");
        let failed = events(&c, "FailedScheduling");
        let want = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
        assert!(failed.contains(&(pending[0].clone(), want.into())), "{failed:?}");
        events(&c, "Preempted")
    };
    // The same seed makes the same choice.
    assert_eq!(run(4), run(4));
}

#[test]
fn a_replica_set_naming_a_missing_class_fails_to_create_until_the_class_exists() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    apply(
        &mut c,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      priorityClassName: mid\n      containers:\n      - name: nginx\n        image: nginx:1.27\n",
    );
    c.advance(5_000);
    let failed = events(&c, "FailedCreate");
    assert!(failed.iter().any(|(_, m)| m.ends_with("is forbidden: no PriorityClass with name mid was found")), "{failed:?}");
    assert_eq!(c.store.pods_in(Some("default")).len(), 0);
    apply(&mut c, CLASSES);
    c.advance(5_000);
    let out = c.kubectl("get pods -o jsonpath={.items[*].spec.priority}", &NoFiles).text();
    assert_eq!(out, "1000 1000");
}

#[test]
fn every_node_preemption_cannot_help_is_counted() {
    // Two nodes turned away for reasons eviction cannot fix, one for want of room:
    // the counts add up to all three nodes (`SetAbsentNodesStatus`).
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.kubectl("cordon kind-worker2", &NoFiles);
    let free = free_cpu(&c, "kind-worker");
    apply(&mut c, &pod("big", "", free + 1, "", ""));
    c.advance(5_000);
    let failed = events(&c, "FailedScheduling");
    let want = "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.";
    assert!(failed.contains(&("big".into(), want.into())), "{failed:?}");
}
