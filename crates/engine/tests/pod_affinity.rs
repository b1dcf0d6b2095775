//! The InterPodAffinity filter: required anti-affinity on the hostname spreads replicas
//! one per node and leaves the rest Pending with the scheduler's words; required
//! affinity puts a pod beside the pods it names.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const CACHE: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: cache}\n  template:\n    metadata:\n      labels: {app: cache}\n    spec:\n      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector:\n              matchExpressions:\n              - {key: app, operator: In, values: [cache]}\n            topologyKey: kubernetes.io/hostname\n      containers:\n      - name: redis\n        image: redis:7\n";

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      affinity:\n        podAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - labelSelector:\n              matchLabels: {app: cache}\n            topologyKey: kubernetes.io/hostname\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";

fn nodes_of(c: &Cluster, app: &str) -> Vec<String> {
    let mut out: Vec<String> = c
        .store
        .pods()
        .map(|(_, p)| p)
        .filter(|p| p.meta.labels.get("app") == Some(app) && p.is_active())
        .map(|p| p.node.to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn required_anti_affinity_puts_one_replica_per_node_and_says_why_the_rest_wait() {
    let mut c = Cluster::new(Preset::Kind, Some(2), 1);
    let r = c.apply_text(CACHE, "cache.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(30_000);
    assert_eq!(nodes_of(&c, "cache"), ["", "kind-worker", "kind-worker2"], "two placed on different workers, one waiting");
    let events = c.kubectl("get events --field-selector reason=FailedScheduling", &NoFiles).text();
    assert!(
        events.contains("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."),
        "{events}"
    );
    // Required affinity: each web pod beside a cache pod.
    c.apply_text(WEB, "web.yaml", "default", Mode::Apply);
    c.advance(30_000);
    let web = nodes_of(&c, "web");
    assert!(web.iter().all(|n| n == "kind-worker" || n == "kind-worker2"), "{web:?}");
}

#[test]
fn pod_affinity_to_nothing_waits_as_unresolvable() {
    let mut c = Cluster::new(Preset::Kind, Some(2), 1);
    c.apply_text(WEB, "web.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert_eq!(nodes_of(&c, "web"), ["", ""], "no cache pod anywhere: nowhere to go");
    let events = c.kubectl("get events --field-selector reason=FailedScheduling", &NoFiles).text();
    assert!(
        events.contains("2 node(s) didn't match pod affinity rules") && events.contains("3 Preemption is not helpful for scheduling"),
        "{events}"
    );
}
