//! Chaos: random sequences of apply, delete, kill and restore node, scale and traffic
//! over simulated hours. After the cluster settles, Kubernetes' invariants hold.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::proxy::Entry;
use engine::{Cluster, Preset};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Act {
    Deploy { app: u8, replicas: u8, image: u8 },
    Scale { app: u8, replicas: u8 },
    DeletePod { pick: u16 },
    KillNode { node: u8 },
    RestoreNode { node: u8 },
    Traffic { app: u8, n: u16 },
    Wait { ms: u32 },
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
    ]
}

const IMAGES: [&str; 3] = ["nginx:1.27", "nginx:1.28", "redis:7"];
const NODES: [&str; 3] = ["kind-control-plane", "kind-worker", "kind-worker2"];

fn manifest(app: u8, replicas: u8, image: u8) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{app}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: app{app}}}\n  template:\n    metadata:\n      labels: {{app: app{app}}}\n    spec:\n      containers:\n      - name: c\n        image: {}\n        resources:\n          requests:\n            cpu: 200m\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app{app}\nspec:\n  type: NodePort\n  selector: {{app: app{app}}}\n  ports:\n  - port: 80\n",
        IMAGES[image as usize]
    )
}

fn check_invariants(c: &Cluster) -> Result<(), String> {
    use engine::api::Kind;
    // Each ReplicaSet has exactly its replicas as active pods.
    for ((k, ns, name), rs) in &c.store.generic {
        if *k != Kind::ReplicaSet {
            continue;
        }
        let want = rs.spec.get("replicas").and_then(engine::value::Value::as_i64).unwrap_or(0) as usize;
        let have = c
            .store
            .pods_by_owner
            .get(&rs.meta.uid)
            .map(|s| s.iter().filter(|id| c.store.pod(**id).is_some_and(|p| p.is_active())).count())
            .unwrap_or(0);
        if want != have {
            return Err(format!("replicaset {ns}/{name} wants {want} pods, has {have}"));
        }
    }
    // Endpoints are exactly the ready, non-terminating pods the selector matches.
    for svc in c.store.services.values() {
        let Some(sel) = &svc.selector else { continue };
        let mut want: Vec<String> = c
            .store
            .pods_matching(&svc.meta.namespace, sel)
            .into_iter()
            .filter_map(|id| c.store.pod(id))
            .filter(|p| p.is_ready() && !p.is_terminating() && !p.status.pod_ip.is_empty())
            .map(|p| p.status.pod_ip.clone())
            .collect();
        want.sort();
        let mut have: Vec<String> = c
            .endpoints(svc)
            .unwrap_or_default()
            .first()
            .map(|s| s.addresses.iter().filter(|a| a.ready).map(|a| a.ip.clone()).collect())
            .unwrap_or_default();
        have.sort();
        if want != have {
            return Err(format!("service {}: endpoints {have:?}, ready pods {want:?}", svc.meta.name));
        }
    }
    // No node over its allocatable or its pod limit; no pod on a dead node counted ready.
    for n in c.store.nodes.values() {
        if n.requested_cpu_m > n.cpu_m || n.pod_count > n.max_pods {
            return Err(format!("node {} overcommitted: {}m of {}m, {} pods", n.meta.name, n.requested_cpu_m, n.cpu_m, n.pod_count));
        }
        if !n.ready {
            for id in c.store.pods_by_node.get(&n.meta.name).into_iter().flatten() {
                if c.store.pod(*id).is_some_and(|p| p.is_ready()) {
                    return Err(format!("a pod on NotReady node {} is ready", n.meta.name));
                }
            }
        }
    }
    // NodePorts are unique.
    let mut ports: Vec<u16> = c.store.services.values().flat_map(|s| s.ports.iter().filter_map(|p| p.node_port)).collect();
    let total = ports.len();
    ports.sort();
    ports.dedup();
    if ports.len() != total {
        return Err("a NodePort is allocated twice".into());
    }
    Ok(())
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
                    for _ in 0..*n {
                        let _ = c.request("default", &format!("app{app}"), None, &Entry::NodePort("kind-worker".into()), "10.0.0.1");
                    }
                }
                Act::Wait { ms } => c.advance(u64::from(*ms)),
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
        .map(|s| s.iter().filter(|id| c.store.pod(**id).is_some_and(|p| p.is_ready())).count())
        .unwrap_or(0);
    assert_eq!(ready_on_worker2, 5);
}
