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

/// A bare pod (no owner, so no spreading score) with the given labels and affinity block.
fn pod(name: &str, labels: &str, affinity: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{{labels}}}\nspec:\n{affinity}  containers:\n  - name: app\n    image: nginx:1.27\n---\n"
    )
}

/// A preferred term toward (or, under podAntiAffinity, away from) pods of `app`.
fn preferred(weight: u32, app: &str, key: &str) -> String {
    format!(
        "      - weight: {weight}\n        podAffinityTerm:\n          labelSelector:\n            matchLabels: {{app: {app}}}\n          topologyKey: {key}\n"
    )
}

fn affinity(kind: &str, when: &str, terms: &str) -> String {
    format!("  affinity:\n    {kind}:\n      {when}:\n{terms}")
}

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "pods.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(5_000);
}

fn node_of(c: &Cluster, name: &str) -> String {
    c.store.pod(c.store.pod_id("default", name).expect("exists")).expect("exists").node.to_string()
}

#[test]
fn preferred_affinity_draws_pods_to_the_domain_and_preferred_anti_affinity_keeps_them_out() {
    let mut c = Cluster::new(Preset::Kind, Some(3), 4);
    apply(&mut c, &pod("cache", "app: cache", ""));
    let cache = node_of(&c, "cache");
    let near =
        affinity("podAffinity", "preferredDuringSchedulingIgnoredDuringExecution", &preferred(50, "cache", "kubernetes.io/hostname"));
    let far = near.replace("podAffinity", "podAntiAffinity");
    let mut text = String::new();
    for i in 0..6 {
        text.push_str(&pod(&format!("near-{i}"), "app: near", &near));
        text.push_str(&pod(&format!("far-{i}"), "app: far", &far));
    }
    apply(&mut c, &text);
    // Without the score, LeastAllocated spreads six pods over three workers.
    for i in 0..6 {
        assert_eq!(node_of(&c, &format!("near-{i}")), cache, "near-{i}");
        assert_ne!(node_of(&c, &format!("far-{i}")), cache, "far-{i}");
    }
}

#[test]
fn weights_are_summed_per_domain_and_normalised_over_the_feasible_nodes() {
    let mut c = Cluster::new(Preset::Kind, Some(3), 2);
    // One pod of each app on its own worker, pinned by name.
    let pinned =
        |name: &str, node: &str| pod(name, &format!("app: {name}"), "").replace("spec:\n", &format!("spec:\n  nodeName: {node}\n"));
    apply(&mut c, &(pinned("a", "kind-worker") + &pinned("b", "kind-worker2")));
    let terms = preferred(10, "a", "kubernetes.io/hostname") + &preferred(80, "b", "kubernetes.io/hostname");
    apply(&mut c, &pod("chooser", "app: chooser", &affinity("podAffinity", "preferredDuringSchedulingIgnoredDuringExecution", &terms)));
    assert_eq!(node_of(&c, "chooser"), "kind-worker2");
    let why = c.run("why chooser", &NoFiles).text();
    // 80 → 100, 10 → 100 × 10 / 80 = 12 (truncated), nothing → 0.
    for (node, score) in [("kind-worker2", 100), ("kind-worker ", 12), ("kind-worker3", 0)] {
        let line = why.lines().find(|l| l.starts_with(node)).unwrap_or_else(|| panic!("{node} in\n{why}"));
        assert!(line.ends_with(&format!("InterPodAffinity={score}")), "{line}\n{why}");
    }
    // A pod no term is about, with no pod's terms about it: the plugin is skipped.
    apply(&mut c, &pod("plain", "app: plain", ""));
    assert!(!c.run("why plain", &NoFiles).text().contains("InterPodAffinity"));
}

#[test]
fn a_running_pods_required_affinity_draws_the_pods_it_selects() {
    let mut c = Cluster::new(Preset::Kind, Some(3), 5);
    apply(&mut c, &pod("cache-a", "app: cache", ""));
    let required = "      - labelSelector:\n          matchLabels: {app: cache}\n        topologyKey: kubernetes.io/hostname\n";
    apply(&mut c, &pod("web", "app: web", &affinity("podAffinity", "requiredDuringSchedulingIgnoredDuringExecution", required)));
    let web = node_of(&c, "web");
    assert_eq!(web, node_of(&c, "cache-a"));
    c.kubectl("delete pod cache-a", &NoFiles);
    c.advance(60_000);
    // The web pod's required term selects the new cache pod (hardPodAffinityWeight 1).
    for i in 0..4 {
        apply(&mut c, &pod(&format!("cache-{i}"), "app: cache", ""));
        assert_eq!(node_of(&c, &format!("cache-{i}")), web, "cache-{i}");
    }
}

#[test]
fn the_first_pod_of_a_self_selecting_group_needs_the_topology_label_on_its_node() {
    let mut c = Cluster::new(Preset::Kind, Some(2), 1);
    let term = |key: &str| format!("      - labelSelector:\n          matchLabels: {{app: herd}}\n        topologyKey: {key}\n");
    let herd = |name: &str, key: &str| {
        pod(name, "app: herd", &affinity("podAffinity", "requiredDuringSchedulingIgnoredDuringExecution", &term(key)))
    };
    apply(&mut c, &herd("zoned", "topology.kubernetes.io/zone"));
    assert_eq!(node_of(&c, "zoned"), "", "no node has a zone label: nowhere to go, first or not");
    let events = c.kubectl("get events --field-selector reason=FailedScheduling", &NoFiles).text();
    assert!(events.contains("2 node(s) didn't match pod affinity rules"), "{events}");
    apply(&mut c, &herd("first", "kubernetes.io/hostname"));
    let first = node_of(&c, "first");
    assert!(first.starts_with("kind-worker"), "the first of the group goes anywhere: {first:?}");
    apply(&mut c, &herd("second", "kubernetes.io/hostname"));
    assert_eq!(node_of(&c, "second"), first, "the next joins it");
}

#[test]
fn anti_affinity_by_exists_or_not_in_and_across_namespaces() {
    let mut c = Cluster::new(Preset::Kind, Some(2), 3);
    c.kubectl("create namespace other", &NoFiles);
    // kindnet's pods carry `app` on every node, so the terms here read `tenant`.
    let r = c.apply_text(&pod("tenant", "tenant: a", ""), "t.yaml", "other", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(5_000);
    let tenant = c.store.pod(c.store.pod_id("other", "tenant").unwrap()).unwrap().node.to_string();
    // `Exists` is found through the label index; `NotIn` alone narrows nothing, so every
    // pod is read: it also selects the system pods (no `tenant` label) on every node.
    let term = |expr: &str| {
        format!("      - labelSelector:\n          matchExpressions:\n          - {expr}\n        namespaceSelector: {{}}\n        topologyKey: kubernetes.io/hostname\n")
    };
    let anti = |name: &str, expr: &str| {
        pod(name, "role: x", &affinity("podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", &term(expr)))
    };
    apply(&mut c, &anti("exists", "{key: tenant, operator: Exists}"));
    let node = node_of(&c, "exists");
    assert!(!node.is_empty() && node != tenant, "exists on {node:?}, the other namespace's pod on {tenant}");
    apply(&mut c, &anti("notin", "{key: tenant, operator: NotIn, values: [a]}"));
    assert_eq!(node_of(&c, "notin"), "");
    let events = c.kubectl("get events --field-selector reason=FailedScheduling", &NoFiles).text();
    assert!(events.contains("2 node(s) didn't match pod anti-affinity rules"), "{events}");
    // Without the namespace selector the term means its own namespace only.
    let own = "      - labelSelector:\n          matchExpressions:\n          - {key: tenant, operator: Exists}\n        topologyKey: kubernetes.io/hostname\n";
    let mut text = String::new();
    for i in 0..4 {
        text.push_str(&pod(
            &format!("own-{i}"),
            "x: z",
            &affinity("podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution", own),
        ));
    }
    apply(&mut c, &text);
    assert!((0..4).all(|i| !node_of(&c, &format!("own-{i}")).is_empty()), "the other namespace's pod is not selected");
}
