//! Chaos: random sequences of apply (Deployments, a DaemonSet, a StatefulSet, Jobs,
//! budgets), delete, kill and restore node, drain, scale and traffic over simulated
//! hours. After the cluster settles, Kubernetes' invariants hold.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::proxy::Entry;
use engine::{Cluster, Preset};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Act {
    Deploy {
        app: u8,
        replicas: u8,
        image: u8,
    },
    Scale {
        app: u8,
        replicas: u8,
    },
    DeletePod {
        pick: u16,
    },
    KillNode {
        node: u8,
    },
    RestoreNode {
        node: u8,
    },
    Traffic {
        app: u8,
        n: u16,
    },
    Wait {
        ms: u32,
    },
    Daemon {
        image: u8,
    },
    Cordon {
        node: u8,
        on: bool,
    },
    Budget {
        app: u8,
        min: u8,
    },
    Drain {
        node: u8,
    },
    Stateful {
        replicas: u8,
        image: u8,
        parallel: bool,
    },
    /// A NetworkPolicy on app `app`'s pods: 0 deletes it, 1 denies all ingress, 2 allows
    /// only app `peer`, 3 allows app `peer` on port 80 only.
    Policy {
        app: u8,
        rule: u8,
        peer: u8,
    },
    /// Requests from app `from`'s pods to app `to`'s Service by name.
    PodTraffic {
        from: u8,
        to: u8,
        n: u8,
    },
    /// CoreDNS scaled to `replicas`.
    Dns {
        replicas: u8,
    },
    Job {
        n: u8,
        completions: u8,
        parallelism: u8,
        fails: bool,
    },
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        (0u8..3, 0u8..6, 0u8..3).prop_map(|(app, replicas, image)| Act::Deploy { app, replicas, image }),
        (0u8..3, 0u8..8).prop_map(|(app, replicas)| Act::Scale { app, replicas }),
        any::<u16>().prop_map(|pick| Act::DeletePod { pick }),
        (0u8..3).prop_map(|node| Act::KillNode { node }),
        (0u8..3).prop_map(|node| Act::RestoreNode { node }),
        (0u8..3, 1u16..200).prop_map(|(app, n)| Act::Traffic { app, n }),
        (1_000u32..1_800_000).prop_map(|ms| Act::Wait { ms }),
        (0u8..3).prop_map(|image| Act::Daemon { image }),
        (0u8..3, any::<bool>()).prop_map(|(node, on)| Act::Cordon { node, on }),
        (0u8..3, 0u8..4).prop_map(|(app, min)| Act::Budget { app, min }),
        (0u8..3).prop_map(|node| Act::Drain { node }),
        (0u8..5, 0u8..3, any::<bool>()).prop_map(|(replicas, image, parallel)| Act::Stateful { replicas, image, parallel }),
        (0u8..3, 0u8..4, 0u8..3).prop_map(|(app, rule, peer)| Act::Policy { app, rule, peer }),
        (0u8..3, 0u8..3, 1u8..20).prop_map(|(from, to, n)| Act::PodTraffic { from, to, n }),
        (0u8..3).prop_map(|replicas| Act::Dns { replicas }),
        (0u8..2, 1u8..6, 1u8..4, any::<bool>()).prop_map(|(n, completions, parallelism, fails)| Act::Job {
            n,
            completions,
            parallelism,
            fails
        }),
    ]
}

const IMAGES: [&str; 3] = ["nginx:1.27", "nginx:1.28", "redis:7"];
use engine::soak::NODES;

fn manifest(app: u8, replicas: u8, image: u8) -> String {
    engine::soak::manifest(u32::from(app), u32::from(replicas), IMAGES[image as usize])
}

/// A DaemonSet that also runs on the control plane.
fn daemon(image: u8) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {{app: agent}}\n  template:\n    metadata:\n      labels: {{app: agent}}\n    spec:\n      tolerations:\n      - {{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}}\n      containers:\n      - name: agent\n        image: {}\n",
        IMAGES[image as usize]
    )
}

/// A StatefulSet `db` with a claim per pod.
fn stateful(replicas: u8, image: u8, parallel: bool) -> String {
    let policy = if parallel { "Parallel" } else { "OrderedReady" };
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: {replicas}\n  podManagementPolicy: {policy}\n  selector:\n    matchLabels: {{app: db}}\n  template:\n    metadata:\n      labels: {{app: db}}\n    spec:\n      containers:\n      - name: db\n        image: {}\n        volumeMounts:\n        - {{name: data, mountPath: /data}}\n  volumeClaimTemplates:\n  - metadata: {{name: data}}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests: {{storage: 1Gi}}\n",
        IMAGES[image as usize]
    )
}

/// A budget keeping `min` pods of the app available.
/// A Job `batch{n}` whose pods run twenty seconds and exit 0, or 1 when it `fails`.
fn job(n: u8, completions: u8, parallelism: u8, fails: bool) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: batch{n}\nspec:\n  completions: {completions}\n  parallelism: {parallelism}\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: work\n        image: busybox:1.36\n        command: [sh, -c, 'sleep 20; exit {}']\n",
        u8::from(fails)
    )
}

fn budget(app: u8, min: u8) -> String {
    format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: app{app}\nspec:\n  minAvailable: {min}\n  selector:\n    matchLabels: {{app: app{app}}}\n")
}

/// A NetworkPolicy on app `app` (see `Act::Policy`).
fn policy(app: u8, rule: u8, peer: u8) -> String {
    let head = format!("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: app{app}\nspec:\n  podSelector:\n    matchLabels: {{app: app{app}}}\n  policyTypes: [Ingress]\n");
    match rule {
        2 => format!("{head}  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {{app: app{peer}}}\n"),
        3 => format!(
            "{head}  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {{app: app{peer}}}\n    ports:\n    - port: 80\n"
        ),
        _ => head,
    }
}

/// Every request a pod sent that was answered was allowed by every policy on its path
/// (the client's egress and the server's ingress), and its name resolved.
fn delivered_only_if_allowed(c: &Cluster, sent: &[engine::proxy::Request], service: &str) -> Result<(), String> {
    for r in sent.iter().filter(|r| r.outcome == engine::proxy::Outcome::Ok) {
        let (Some(from), Some(to)) = (&r.from_pod, &r.pod) else { continue };
        let name = from.split_once('/').map_or(from.as_str(), |(_, n)| n);
        let client = c.store.pod_id("default", name).and_then(|id| c.store.pod(id)).ok_or("client pod gone")?;
        let server = c.store.pod_id("default", to).and_then(|id| c.store.pod(id)).ok_or("server pod gone")?;
        if !matches!(engine::dns::lookup(&c.api, client, service), engine::dns::Lookup::Found { .. }) {
            return Err(format!("{name} reached {to} although {service} does not resolve"));
        }
        let ip = |p: &engine::model::Pod| engine::net::parse_ipv4(&p.status.pod_ip).unwrap_or(0);
        let (a, b) = (engine::netpol::End { ip: ip(client), pod: Some(client) }, engine::netpol::End { ip: ip(server), pod: Some(server) });
        if let Err(d) = engine::netpol::allows(&c.api, &a, &b, 80, "TCP") {
            return Err(format!("{name} reached {to} although {}", d.english()));
        }
    }
    Ok(())
}

fn check_invariants(c: &Cluster) -> Result<(), engine::invariants::Violation> {
    engine::invariants::check(c)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48), ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_any_sequence(seed in 0u64..1000, acts in prop::collection::vec(act(), 1..30)) {
        let mut c = Cluster::new(Preset::Kind, None, seed);
        for a in &acts {
            match a {
                Act::Deploy { app, replicas, image } => {
                    let _ = c.apply_text(&manifest(*app, *replicas, *image), "chaos.yaml", "default", Mode::Apply);
                }
                Act::Scale { app, replicas } => {
                    let _ = c.kubectl(&format!("scale deployment app{app} --replicas={replicas}"), &NoFiles);
                }
                Act::DeletePod { pick } => {
                    let pods = c.store.pods_in(Some("default"));
                    if !pods.is_empty() {
                        let name = c.store.pod(pods[*pick as usize % pods.len()]).unwrap().meta.name.clone();
                        let _ = c.kubectl(&format!("delete pod {name} --wait=false"), &NoFiles);
                    }
                }
                Act::KillNode { node } => {
                    c.kill_node(NODES[*node as usize]).unwrap();
                }
                Act::RestoreNode { node } => {
                    c.restore_node(NODES[*node as usize]).unwrap();
                }
                Act::Traffic { app, n } => {
                    c.send_requests("default", &format!("app{app}"), None, &Entry::NodePort("kind-worker".into()), "10.0.0.1", usize::from(*n));
                }
                Act::Wait { ms } => c.advance(u64::from(*ms)),
                Act::Daemon { image } => {
                    let _ = c.apply_text(&daemon(*image), "agent.yaml", "default", Mode::Apply);
                }
                Act::Stateful { replicas, image, parallel } => {
                    let text = stateful(*replicas, *image, *parallel);
                    if !c.apply_text(&text, "db.yaml", "default", Mode::Apply).errors.is_empty() {
                        // The policy cannot change: the set of the other one goes first.
                        let _ = c.kubectl("delete statefulset db --wait=false", &NoFiles);
                        let _ = c.apply_text(&text, "db.yaml", "default", Mode::Apply);
                    }
                }
                Act::Job { n, completions, parallelism, fails } => {
                    let _ = c.apply_text(&job(*n, *completions, *parallelism, *fails), "job.yaml", "default", Mode::Apply);
                }
                Act::Budget { app, min } => {
                    let _ = c.apply_text(&budget(*app, *min), "pdb.yaml", "default", Mode::Apply);
                }
                Act::Drain { node } => {
                    let _ = c.kubectl(&format!("drain {} --ignore-daemonsets --force --timeout=30s", NODES[*node as usize]), &NoFiles);
                    check_invariants(&c).map_err(|e| TestCaseError::fail(e.to_string()))?;
                }
                Act::Cordon { node, on } => {
                    let verb = if *on { "cordon" } else { "uncordon" };
                    let _ = c.kubectl(&format!("{verb} {}", NODES[*node as usize]), &NoFiles);
                }
                Act::Policy { app, rule, peer } => {
                    if *rule == 0 {
                        let _ = c.kubectl(&format!("delete networkpolicy app{app}"), &NoFiles);
                    } else {
                        let _ = c.apply_text(&policy(*app, *rule, *peer), "policy.yaml", "default", Mode::Apply);
                    }
                }
                Act::PodTraffic { from, to, n } => {
                    let service = format!("app{to}");
                    let sent = c.send_requests("default", &service, None, &Entry::ClusterIp, &format!("deploy/app{from}"), usize::from(*n));
                    delivered_only_if_allowed(&c, &sent, &service).map_err(TestCaseError::fail)?;
                }
                Act::Dns { replicas } => {
                    let _ = c.kubectl(&format!("scale deployment coredns -n kube-system --replicas={replicas}"), &NoFiles);
                }
            }
        }
        // Settle: every node back, and enough time for eviction, replacement and pulls.
        for n in NODES {
            c.restore_node(n).unwrap();
        }
        c.advance(20 * 60_000);
        prop_assert!(check_invariants(&c).is_ok(), "{}", check_invariants(&c).unwrap_err());
    }
}

#[test]
fn invariants_also_hold_while_a_node_is_down() {
    let mut c = Cluster::new(Preset::Kind, None, 3);
    c.apply_text(&manifest(0, 5, 0), "chaos.yaml", "default", Mode::Apply);
    c.advance(60_000);
    c.kill_node("kind-worker").unwrap();
    c.advance(70_000);
    check_invariants(&c).unwrap();
    // After eviction the Deployment runs all replicas on the remaining worker.
    c.advance(400_000);
    check_invariants(&c).unwrap();
    let ready_on_worker2 = c
        .store
        .pods_by_node
        .get("kind-worker2")
        .map(|s| s.iter().filter(|id| c.store.pod(**id).is_some_and(|p| p.meta.namespace == "default" && p.is_ready())).count())
        .unwrap_or(0);
    assert_eq!(ready_on_worker2, 5);
}

fn network_act() -> impl Strategy<Value = Act> {
    prop_oneof![
        (0u8..3, 0u8..4, 0u8..3).prop_map(|(app, rule, peer)| Act::Policy { app, rule, peer }),
        (0u8..3, 0u8..3, 1u8..20).prop_map(|(from, to, n)| Act::PodTraffic { from, to, n }),
        (0u8..3).prop_map(|replicas| Act::Dns { replicas }),
        (0u8..3, 1u8..4).prop_map(|(app, replicas)| Act::Scale { app, replicas }),
        any::<u16>().prop_map(|pick| Act::DeletePod { pick }),
        (1_000u32..60_000).prop_map(|ms| Act::Wait { ms }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48), ..ProptestConfig::default() })]

    /// Three web apps calling each other by name while policies, CoreDNS and pods come and
    /// go: a request is answered only if every policy on its path allows it and its name
    /// resolved; with no policy and CoreDNS up, every one between ready pods is answered.
    #[test]
    fn traffic_between_pods_obeys_every_policy(seed in 0u64..1000, acts in prop::collection::vec(network_act(), 1..25)) {
        let mut c = Cluster::new(Preset::Kind, None, seed);
        for app in 0..3 {
            let _ = c.apply_text(&manifest(app, 2, 0), "apps.yaml", "default", Mode::Apply);
        }
        c.advance(60_000);
        let mut policies = [false; 3];
        let mut dns_up = true;
        for a in &acts {
            match a {
                Act::Policy { app, rule, peer } => {
                    if *rule == 0 {
                        let _ = c.kubectl(&format!("delete networkpolicy app{app}"), &NoFiles);
                    } else {
                        let _ = c.apply_text(&policy(*app, *rule, *peer), "policy.yaml", "default", Mode::Apply);
                    }
                    policies[*app as usize] = *rule != 0;
                }
                Act::PodTraffic { from, to, n } => {
                    let service = format!("app{to}");
                    let sent = c.send_requests("default", &service, None, &Entry::ClusterIp, &format!("deploy/app{from}"), usize::from(*n));
                    delivered_only_if_allowed(&c, &sent, &service).map_err(TestCaseError::fail)?;
                    if !policies[*to as usize] && dns_up {
                        let lost: Vec<_> = sent.iter().filter(|r| matches!(r.outcome, engine::proxy::Outcome::Dropped(_))).collect();
                        prop_assert!(lost.is_empty(), "dropped with no policy on app{}: {:?}", to, lost);
                    }
                }
                Act::Dns { replicas } => {
                    let _ = c.kubectl(&format!("scale deployment coredns -n kube-system --replicas={replicas}"), &NoFiles);
                    dns_up = *replicas > 0;
                    c.advance(30_000);
                }
                Act::Scale { app, replicas } => {
                    let _ = c.kubectl(&format!("scale deployment app{app} --replicas={replicas}"), &NoFiles);
                }
                Act::DeletePod { pick } => {
                    let pods = c.store.pods_in(Some("default"));
                    if !pods.is_empty() {
                        let name = c.store.pod(pods[*pick as usize % pods.len()]).unwrap().meta.name.clone();
                        let _ = c.kubectl(&format!("delete pod {name} --wait=false"), &NoFiles);
                    }
                }
                Act::Wait { ms } => c.advance(u64::from(*ms)),
                _ => {}
            }
        }
    }
}

#[test]
fn the_network_chaos_check_sees_requests_answered_and_dropped() {
    let mut c = Cluster::new(Preset::Kind, None, 3);
    for app in 0..2 {
        let _ = c.apply_text(&manifest(app, 2, 0), "apps.yaml", "default", Mode::Apply);
    }
    c.advance(60_000);
    let sent = c.send_requests("default", "app1", None, &Entry::ClusterIp, "deploy/app0", 6);
    assert_eq!(sent.iter().filter(|r| r.outcome == engine::proxy::Outcome::Ok).count(), 6, "{sent:?}");
    delivered_only_if_allowed(&c, &sent, "app1").unwrap();
    let _ = c.apply_text(&policy(1, 2, 2), "policy.yaml", "default", Mode::Apply);
    let sent = c.send_requests("default", "app1", None, &Entry::ClusterIp, "deploy/app0", 6);
    assert!(sent.iter().all(|r| matches!(r.outcome, engine::proxy::Outcome::Dropped(_))), "{sent:?}");
    let _ = c.apply_text(&policy(1, 3, 0), "policy.yaml", "default", Mode::Apply);
    let sent = c.send_requests("default", "app1", None, &Entry::ClusterIp, "deploy/app0", 6);
    assert!(sent.iter().all(|r| r.outcome == engine::proxy::Outcome::Ok), "{sent:?}");
}
