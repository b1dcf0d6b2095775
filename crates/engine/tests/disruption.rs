//! PodDisruptionBudgets: the disruption controller's numbers, and the eviction API that
//! `kubectl drain` goes through refusing (429) what would break a budget, until
//! replacements are Ready elsewhere.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn web(replicas: u32, budget: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  {budget}\n  selector:\n    matchLabels: {{app: web}}\n"
    )
}

fn status(c: &Cluster) -> (i64, i64, i64, i64) {
    let b = c.store.budgets(Some("default")).next().unwrap();
    let s = b.status.clone().unwrap();
    (s.current_healthy, s.desired_healthy, s.expected_pods, s.disruptions_allowed)
}

#[test]
fn the_budget_counts_as_the_disruption_controller_does() {
    for (budget, want) in [
        ("minAvailable: 2", (4, 2, 4, 2)),
        ("minAvailable: 50%", (4, 2, 4, 2)),
        ("minAvailable: 51%", (4, 3, 4, 1)),
        ("maxUnavailable: 1", (4, 3, 4, 1)),
        ("maxUnavailable: 30%", (4, 2, 4, 2)),
        ("minAvailable: 5", (4, 5, 4, 0)),
    ] {
        let mut c = Cluster::new(Preset::Kind, None, 1);
        c.apply_text(&web(4, budget), "web.yaml", "default", Mode::Apply);
        c.advance(60_000);
        assert_eq!(status(&c), want, "{budget}");
        let out = c.kubectl("get pdb web", &NoFiles).text();
        assert!(out.starts_with("NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n"), "{out}");
    }
}

#[test]
fn both_bounds_or_a_bad_percent_are_refused() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let r = c.apply_text(&web(1, "minAvailable: 1\n  maxUnavailable: 1"), "web.yaml", "default", Mode::Apply);
    let text = format!("{r:?}");
    assert!(text.contains("minAvailable and maxUnavailable cannot be both set"), "{text}");
    let r = c.apply_text(&web(1, "minAvailable: 150%"), "web.yaml", "default", Mode::Apply);
    assert!(format!("{r:?}").contains("must not be greater than 100%"));
}

#[test]
fn drain_waits_for_replacements_before_it_takes_the_next_pod() {
    let mut c = Cluster::new(Preset::Kind, None, 5);
    c.apply_text(&web(3, "minAvailable: 2"), "web.yaml", "default", Mode::Apply);
    c.advance(60_000);
    // Both workers share the pods; whichever holds two is drained.
    let on = |c: &Cluster, n: &str| {
        c.store.pods_in(Some("default")).into_iter().filter(|id| c.store.pod(*id).is_some_and(|p| &*p.node == n)).count()
    };
    let node = if on(&c, "kind-worker") >= 2 { "kind-worker" } else { "kind-worker2" };
    assert_eq!(on(&c, node), 2);
    let out = c.kubectl(&format!("drain {node} --ignore-daemonsets"), &NoFiles).text();
    assert!(out.contains("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.\n"), "{out}");
    assert!(out.ends_with(&format!("node/{node} drained\n")), "{out}");
    assert_eq!(out.matches(" evicted\n").count(), 2, "{out}");
    c.advance(60_000);
    let ready = c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).filter(|p| p.is_ready()).count();
    assert_eq!(ready, 3);
    assert_eq!(on(&c, node), 0);
}

#[test]
fn a_budget_that_never_allows_a_disruption_times_out() {
    let mut c = Cluster::new(Preset::Kind, None, 5);
    c.apply_text(&web(1, "minAvailable: 1"), "web.yaml", "default", Mode::Apply);
    c.advance(60_000);
    let node = c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).next().unwrap().node.to_string();
    let out = c.kubectl(&format!("drain {node} --ignore-daemonsets --timeout=30s"), &NoFiles).text();
    assert!(out.contains("global timeout reached: 30s"), "{out}");
    assert!(out.contains("There are pending nodes to be drained:"), "{out}");
    let ready = c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).filter(|p| p.is_ready()).count();
    assert_eq!(ready, 1, "the budget held");
}
