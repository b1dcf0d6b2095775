//! Importing a captured-shape dump of a three-node cluster (`kubectl get
//! nodes,all,cm,secret,pvc,pv,ingress -A -o yaml`, written by hand from real kubectl output): the nodes
//! keep their capacity, labels and taints, the pods their names and nodes, the
//! controllers adopt what they owned, and a drain moves the pods as on the real cluster.

use engine::files::NoFiles;

const DUMP: &str = include_str!("../../../examples/import/three-nodes.yaml");

#[test]
fn a_three_node_dump_becomes_a_cluster_of_its_shape_and_drains() {
    let (mut c, dump) = engine::import::into_cluster(DUMP, false, 1).expect("the dump imports");
    assert_eq!(
        dump.report[0],
        "imported 3 Node, 1 PersistentVolume, 1 ConfigMap, 1 Secret, 1 PersistentVolumeClaim, 1 Service, 4 Pod, 2 ReplicaSet, 1 Deployment",
        "{:?}",
        dump.report
    );
    assert!(
        dump.report.iter().any(|l| l == "left out: Pod kube-system/coredns-674b8bbfcf-7xk2p: the cluster's own namespace, not simulated"),
        "{:?}",
        dump.report
    );
    c.advance(30_000);
    let nodes = c.read("kubectl get nodes").text();
    for n in [
        "cp-1       Ready    control-plane   30s   v1.33.1",
        "worker-1   Ready    <none>          30s   v1.33.1",
        "worker-2   Ready    <none>",
    ] {
        assert!(nodes.contains(n), "{nodes}");
    }
    let describe = c.read("kubectl describe node worker-2").text();
    assert!(describe.contains("Taints:             dedicated=batch:NoSchedule"), "{describe}");
    assert!(describe.contains("topology.kubernetes.io/zone=zone-b"), "{describe}");
    assert!(describe.contains("cpu:                2"), "{describe}");
    let pods = c.read("kubectl get pods -o wide").text();
    for (pod, node) in [
        ("web-7d9c5b8f4d-2kq9x", "worker-1"),
        ("web-7d9c5b8f4d-8vw4m", "worker-1"),
        ("web-7d9c5b8f4d-q7rtn", "worker-2"),
        ("debug", "worker-1"),
    ] {
        let line = pods.lines().find(|l| l.starts_with(pod)).unwrap_or_else(|| panic!("{pod} in {pods}"));
        assert!(line.contains("Running") && line.contains(node), "{line}");
    }
    // The Deployment adopted its ReplicaSets (no new rollout) and they their pods.
    let rs = c.read("kubectl get rs").text();
    assert!(rs.contains("web-7d9c5b8f4d   3         3         3"), "{rs}");
    assert!(rs.lines().count() == 3, "no third ReplicaSet: {rs}");
    let history = c.read("kubectl rollout history deployment/web").text();
    assert!(history.contains("1         <none>\n2         <none>"), "{history}");
    let pvc = c.read("kubectl get pvc data").text();
    assert!(
        pvc.contains("data   Bound    pvc-6f7a8b9c-0d1e-4f2a-8b3c-4d5e6f7a8b92   1Gi        RWO            standard"),
        "the claim is bound to its volume again: {pvc}"
    );
    let secret = c.read("kubectl get secret web-credentials -o jsonpath={.data.password}").text();
    assert_eq!(secret, "", "the value was dropped");

    let out = c.run("kubectl drain worker-1 --ignore-daemonsets --force", &NoFiles).text();
    assert!(out.contains("node/worker-1 cordoned"), "{out}");
    assert!(out.contains("evicting pod default/debug"), "{out}");
    c.advance(60_000);
    let pods = c.read("kubectl get pods -o wide").text();
    assert!(!pods.contains("debug"), "a bare pod is gone for good: {pods}");
    let web: Vec<&str> = pods.lines().filter(|l| l.starts_with("web-")).collect();
    assert_eq!(web.len(), 3, "{pods}");
    // The control plane is tainted and worker-1 cordoned: only worker-2, whose taint the
    // pods tolerate, is left.
    assert!(web.iter().all(|l| l.contains("Running") && l.contains("worker-2")), "{pods}");
}

#[test]
fn a_bad_dump_imports_nothing() {
    let cut = &DUMP[..DUMP.len() / 2];
    let e = engine::import::into_cluster(cut, false, 1).err().expect("refused");
    assert!(!e.is_empty());
    let refused = DUMP.replace(
        "cpu: 100m\n          memory: 64Mi\n    nodeName: worker-1\n    restartPolicy",
        "cpu: lots\n          memory: 64Mi\n    nodeName: worker-1\n    restartPolicy",
    );
    let e = engine::import::into_cluster(&refused, false, 1).err().expect("refused");
    assert!(e.ends_with("nothing was imported"), "{e}");
}

/// An imported cluster exported for kind: kind makes the nodes (one worker per imported
/// worker), which get the dump's labels and taints; the manifest applies no Node and pins
/// no pod to a node kind names otherwise.
#[test]
fn an_imported_cluster_exports_its_nodes_as_kinds_workers() {
    let (c, _) = engine::import::into_cluster(DUMP, false, 1).expect("the dump imports");
    let files = engine::export::to_real_cluster(&c).files;
    let file = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone()).unwrap_or_else(|| panic!("no {name}"));
    assert_eq!(file("kind-config.yaml").matches("- role: worker").count(), 2);
    let script = file("replay.sh");
    assert!(
        script.contains("kubectl label node kind-worker topology.kubernetes.io/zone=zone-a --overwrite   # worker-1 in the dump\n"),
        "{script}"
    );
    assert!(script.contains("kubectl taint node kind-worker2 dedicated=batch:NoSchedule   # worker-2 in the dump\n"), "{script}");
    assert!(script.contains("kubectl apply -f manifests/001-dump.yaml\n"), "{script}");
    let manifest = file("manifests/001-dump.yaml");
    assert!(!manifest.contains("kind: Node") && !manifest.contains("nodeName:"), "{manifest}");
    assert!(manifest.contains("kind: Deployment"), "{manifest}");
}
