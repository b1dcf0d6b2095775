//! The page's Events tab prints `kubectl get events -A` without the kubectl interpreter
//! (which the page fetches on first use): the same bytes as the command, at every step.

use engine::apply::Mode;
use engine::{Cluster, Preset};

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:no-such-tag\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"exit 1\"]\n";

fn same(c: &Cluster) {
    let table = c.events_table();
    let kubectl = c.read("kubectl get events -A");
    assert_eq!((table.stdout.as_str(), table.stderr.as_str()), (kubectl.stdout.as_str(), kubectl.stderr.as_str()));
}

#[test]
fn the_events_tab_prints_what_kubectl_get_events_all_namespaces_prints() {
    let mut c = Cluster::new(Preset::Kind, None, 7);
    same(&c);
    c.kubectl("create namespace shop", &engine::files::NoFiles);
    c.apply_text(WEB, "web.yaml", "default", Mode::Apply);
    for _ in 0..12 {
        c.advance(10_000);
        same(&c);
    }
    let table = c.events_table().stdout;
    assert!(table.starts_with("NAMESPACE"), "{table}");
    assert!(table.contains("shop ") && table.contains("BackOff"), "{table}");
}

#[test]
fn deleted_events_are_gone_and_new_ones_still_come_and_repeat() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let out = c.kubectl("delete events --all -A", &engine::files::NoFiles);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(out.stdout.lines().all(|l| l.starts_with("event \"") && l.ends_with("\" deleted")), "{}", out.stdout);
    let table = c.events_table();
    assert_eq!((table.stdout.as_str(), table.stderr.as_str()), ("", "No resources found\n"));
    same(&c);
    let again = c.kubectl("delete event -n default docker-desktop.18425d254373a801", &engine::files::NoFiles);
    assert_eq!(again.stderr, "Error from server (NotFound): events \"docker-desktop.18425d254373a801\" not found\n");
    // A pod in back-off after the deletion: its events come, and its BackOff repeats count up.
    c.apply_text(WEB, "web.yaml", "default", Mode::Apply);
    c.advance(120_000);
    let events = c.read("kubectl get events -n default -o wide").stdout;
    assert!(events.contains("BackOff"), "{events}");
    same(&c);
}

#[test]
fn a_ready_pod_keeps_no_reference_of_its_own_and_its_later_events_still_repeat_as_one() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 3);
    let probe = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: probed\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    livenessProbe:\n      exec: {command: [cat, /tmp/healthy]}\n      periodSeconds: 1\n      failureThreshold: 100\n";
    c.apply_text(probe, "pod.yaml", "default", Mode::Apply);
    c.advance(30_000);
    let id = c.store.pod_id("default", "probed").expect("created");
    let p = c.store.pod(id).expect("stored");
    assert!(p.is_ready());
    // Dropped once the pod was up; each failed probe made it again, then the next status
    // write dropped it.
    assert!(p.runtime.object_ref.is_none());
    let described = c.read("kubectl describe pod probed").stdout;
    let unhealthy: Vec<&str> = described.lines().filter(|l| l.contains("can't open '/tmp/healthy'")).collect();
    assert_eq!(unhealthy.len(), 1, "the probe's failures are one event, counted: {described}");
    // The first probe, at the start, reads the file as the later ones do.
    assert!(unhealthy[0].contains("(x22 over 21s)"), "{}", unhealthy[0]);
    for reason in ["Scheduled", "Pulled", "Created", "Started"] {
        assert!(described.contains(reason), "{reason}: {described}");
    }
    same(&c);
}
