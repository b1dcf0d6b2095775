//! DaemonSets: one pod per eligible node, kept there through cordons and node failures,
//! removed where the node stops qualifying, and rolled onto a new template one node at a
//! time.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn daemon(image: &str, tolerate_control_plane: bool, node_selector: &str) -> String {
    let tol = if tolerate_control_plane {
        "      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Exists\n        effect: NoSchedule\n"
    } else {
        ""
    };
    let sel = if node_selector.is_empty() { String::new() } else { format!("      nodeSelector: {{{node_selector}}}\n") };
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {{app: agent}}\n  template:\n    metadata:\n      labels: {{app: agent}}\n    spec:\n{tol}{sel}      containers:\n      - name: agent\n        image: {image}\n"
    )
}

/// Node of each live pod of the DaemonSet, sorted.
fn placement(c: &Cluster) -> Vec<String> {
    let mut v: Vec<String> = c
        .store
        .pods_in(Some("default"))
        .into_iter()
        .filter_map(|id| c.store.pod(id))
        .filter(|p| p.is_active() && p.meta.labels.get("app") == Some("agent"))
        .map(|p| p.node.to_string())
        .collect();
    v.sort();
    v
}

fn get(c: &mut Cluster, line: &str) -> String {
    c.kubectl(line, &NoFiles).text()
}

#[test]
fn one_pod_per_node_the_template_tolerates() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(&daemon("nginx:1.27", false, ""), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert_eq!(placement(&c), ["kind-worker", "kind-worker2"], "the control plane's NoSchedule taint keeps it away");
    let out = get(&mut c, "get ds agent");
    assert!(out.contains("agent   2         2         2       2            2           <none>"), "{out}");
    c.apply_text(&daemon("nginx:1.27", true, ""), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert_eq!(placement(&c), ["kind-control-plane", "kind-worker", "kind-worker2"]);
    engine::invariants::check(&c).unwrap();
}

#[test]
fn a_cordoned_or_dead_node_keeps_its_daemon_and_a_killed_one_comes_back() {
    let mut c = Cluster::new(Preset::Kind, None, 2);
    c.apply_text(&daemon("nginx:1.27", false, ""), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    get(&mut c, "cordon kind-worker");
    let victim = c
        .store
        .pods_by_node
        .get("kind-worker")
        .and_then(|s| s.iter().next().copied())
        .and_then(|id| c.store.pod(id))
        .map(|p| p.meta.name.clone())
        .unwrap();
    get(&mut c, &format!("delete pod {victim} --wait=false"));
    c.advance(60_000);
    assert_eq!(placement(&c), ["kind-worker", "kind-worker2"], "the unschedulable toleration lets it back onto a cordoned node");
    c.kill_node("kind-worker2").unwrap();
    c.advance(15 * 60_000);
    assert_eq!(placement(&c), ["kind-worker", "kind-worker2"], "not-ready and unreachable are tolerated forever");
    engine::invariants::check(&c).unwrap();
}

#[test]
fn a_node_that_stops_matching_loses_its_pod_and_one_that_starts_gains_one() {
    let mut c = Cluster::new(Preset::Kind, None, 3);
    c.apply_text(&daemon("nginx:1.27", false, "disk: ssd"), "ds.yaml", "default", Mode::Apply);
    c.advance(10_000);
    assert!(placement(&c).is_empty());
    get(&mut c, "label node kind-worker disk=ssd");
    c.advance(30_000);
    assert_eq!(placement(&c), ["kind-worker"]);
    let out = get(&mut c, "get ds");
    assert!(out.contains("disk=ssd"), "{out}");
    get(&mut c, "label node kind-worker disk-");
    c.advance(60_000);
    assert!(placement(&c).is_empty());
    let events = get(&mut c, "get events");
    assert!(events.contains("SuccessfulDelete") && events.contains("Deleted pod: agent-"), "{events}");
}

#[test]
fn a_new_template_rolls_one_node_at_a_time() {
    let mut c = Cluster::new(Preset::Kind, None, 4);
    c.apply_text(&daemon("nginx:1.27", true, ""), "ds.yaml", "default", Mode::Apply);
    c.advance(60_000);
    c.apply_text(&daemon("nginx:1.28", true, ""), "ds.yaml", "default", Mode::Apply);
    let mut most_unavailable = 0;
    for _ in 0..120 {
        c.advance(1_000);
        let ready =
            c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).filter(|p| p.is_active() && p.is_ready()).count();
        most_unavailable = most_unavailable.max(3 - ready.min(3));
        engine::invariants::check(&c).unwrap();
    }
    assert_eq!(most_unavailable, 1, "maxUnavailable 1");
    let ds = c.store.daemonset("default", "agent").unwrap();
    assert_eq!(ds.meta.annotations.get("deprecated.daemonset.template.generation"), Some("2"));
    let st = ds.status.clone().unwrap();
    assert_eq!((st.desired_number_scheduled, st.updated_number_scheduled, st.number_available), (3, 3, 3));
}

#[test]
fn same_seed_same_events() {
    let run = || {
        let mut c = Cluster::new(Preset::Kind, None, 9);
        c.apply_text(&daemon("nginx:1.27", true, ""), "ds.yaml", "default", Mode::Apply);
        c.advance(60_000);
        c.apply_text(&daemon("nginx:1.28", true, ""), "ds.yaml", "default", Mode::Apply);
        c.advance(120_000);
        c.event_log()
    };
    assert_eq!(run(), run());
}

#[test]
fn with_max_surge_the_new_pod_is_ready_before_the_old_one_goes() {
    let mut c = Cluster::new(Preset::Kind, None, 6);
    let surge = |image: &str| {
        daemon(image, true, "")
            .replace("  selector:\n", "  updateStrategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n  selector:\n")
    };
    c.apply_text(&surge("nginx:1.27"), "ds.yaml", "default", Mode::Apply);
    c.advance(60_000);
    assert_eq!(placement(&c).len(), 3);
    c.apply_text(&surge("nginx:1.28"), "ds.yaml", "default", Mode::Apply);
    let mut fewest_ready = 3;
    for _ in 0..180 {
        c.advance(1_000);
        let ready =
            c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).filter(|p| p.is_active() && p.is_ready()).count();
        fewest_ready = fewest_ready.min(ready);
        engine::invariants::check(&c).unwrap();
    }
    assert_eq!(fewest_ready, 3, "maxUnavailable 0: every node keeps a ready pod");
    let st = c.store.daemonset("default", "agent").unwrap().status.clone().unwrap();
    assert_eq!((st.updated_number_scheduled, st.number_available), (3, 3));
    assert_eq!(placement(&c).len(), 3, "the old pods are gone");
    let mut c = Cluster::new(Preset::Kind, None, 6);
    let both = daemon("nginx:1.27", true, "")
        .replace("  selector:\n", "  updateStrategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}\n  selector:\n");
    let r = c.apply_text(&both, "ds.yaml", "default", Mode::Apply);
    assert!(format!("{r:?}").contains("may not be set when maxUnavailable is non-zero"), "{r:?}");
}

#[test]
fn a_node_that_joins_gets_its_daemon() {
    let mut c = Cluster::new(Preset::Kind, None, 7);
    c.apply_text(&daemon("nginx:1.27", false, ""), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    let node =
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: kind-worker3\nstatus:\n  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n";
    c.apply_text(node, "node.yaml", "default", Mode::Apply);
    c.advance(60_000);
    assert_eq!(placement(&c), ["kind-worker", "kind-worker2", "kind-worker3"]);
    let st = c.store.daemonset("default", "agent").unwrap().status.clone().unwrap();
    assert_eq!((st.desired_number_scheduled, st.number_ready), (3, 3));
}

/// On a large cluster the controller looks at the nodes once per spell; an idle one
/// changes no node, so it asks for no wake-up at all (each used to sync a DaemonSet),
/// while a node labelled in the middle of a spell still gets its daemon.
#[test]
fn a_large_idle_cluster_wakes_nothing_and_a_labelled_node_still_gets_its_daemon() {
    let mut c = Cluster::new(Preset::Cloud, Some(120), 3);
    c.apply_text(&daemon("nginx:1.27", false, "disk: ssd"), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert!(placement(&c).is_empty());
    c.advance(60_000);
    // Two instants inside one spell: the second used to ask for a look (and a sync).
    c.advance(1);
    c.advance(1);
    let quiet = c.now();
    assert!(
        c.next_wake().is_none_or(|at| at > quiet + 60_000),
        "an idle cluster of 120 nodes should have nothing due within a minute, has {:?}",
        c.next_wake().map(|at| at - quiet)
    );
    let node = c.store.nodes.keys().nth(57).unwrap().clone();
    c.advance(1);
    get(&mut c, &format!("label node {node} disk=ssd"));
    c.advance(30_000);
    assert_eq!(placement(&c), [node]);
}

#[test]
fn a_daemon_pod_that_does_not_fit_its_node_names_only_that_node_and_the_rest_in_one_word() {
    // kube-scheduler's NodeAffinity PreFilter: a DaemonSet pod's `matchFields
    // metadata.name In [node]` is the only node filtered; the others are absent nodes.
    let mut c = Cluster::new(Preset::Kind, Some(2), 1);
    let big = daemon("nginx:1.27", false, "")
        .replace("        image: nginx:1.27\n", "        image: nginx:1.27\n        resources:\n          requests: {cpu: \"64\"}\n");
    let report = c.apply_text(&big, "agent.yaml", "default", Mode::Apply);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    c.advance(10_000);
    let described = get(&mut c, "describe pods -l app=agent");
    assert!(
        described.contains(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available:"
        ),
        "{described}"
    );
    // `why` shows every node: the one filtered for room, the others turned away unread.
    let pod = get(&mut c, "get pods -l app=agent -o name").lines().next().expect("a daemon pod").trim_start_matches("pod/").to_string();
    let why = c.run(&format!("why {pod}"), &NoFiles).text();
    assert!(why.contains("Insufficient cpu"), "{why}");
    assert_eq!(why.matches("didn't satisfy plugin(s) [NodeAffinity]").count(), 2, "{why}");
}

#[test]
fn the_pods_share_their_template_spec_and_each_is_written_out_pinned_to_its_node() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(&daemon("nginx:1.27", true, ""), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    let pods: Vec<_> = c
        .store
        .pods_in(Some("default"))
        .into_iter()
        .filter_map(|id| c.store.pod(id))
        .filter(|p| p.meta.labels.get("app") == Some("agent"))
        .collect();
    assert_eq!(pods.len(), 3);
    // One spec value for the three, not a copy each.
    assert!(pods.windows(2).all(|w| std::rc::Rc::ptr_eq(&w[0].spec.raw, &w[1].spec.raw)));
    for p in &pods {
        let written = p.to_value();
        let affinity = written.get("spec").and_then(|s| s.get("affinity")).map(|a| a.to_json()).unwrap_or_default();
        assert_eq!(
            affinity,
            format!(
                r#"{{"nodeAffinity":{{"requiredDuringSchedulingIgnoredDuringExecution":{{"nodeSelectorTerms":[{{"matchFields":[{{"key":"metadata.name","operator":"In","values":["{}"]}}]}}]}}}}}}"#,
                p.node
            )
        );
    }
    // The scheduler reads each pod's own parsed affinity: every pod sits on the node it names.
    for p in &pods {
        let named = p.spec.required_affinity.as_ref().and_then(|t| t.first()).and_then(|t| t.first()).map(|r| r.values.clone());
        assert_eq!(named, Some(vec![p.node.to_string()]));
        // Each pod's parsed spec is its first pod's with the node swapped: the same as a
        // parse of its own written spec.
        let mut parsed = engine::model::pod::PodSpec::from_value(p.spec.written().into_owned());
        parsed.raw = p.spec.raw.clone();
        parsed.own = p.spec.own.clone();
        assert_eq!(parsed, *p.spec, "{}", p.meta.name);
    }
    // A pod's own manifest applied back changes nothing the API forbids: its written
    // spec, affinity and binding included, is its spec.
    let name = pods[0].meta.name.clone();
    let yaml = get(&mut c, &format!("get pod {name} -o yaml"));
    let out = c.apply_text(&yaml, "pod.yaml", "default", Mode::Apply);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(get(&mut c, &format!("get pod {name} -o yaml")).contains("key: metadata.name"));
    engine::invariants::check(&c).unwrap();
}
