//! Each preset boots with its product's system pods: created through the API and the
//! controllers, Running at the first command, on the nodes a real cluster puts them.

use engine::files::NoFiles;
use engine::{Cluster, Preset};

fn system_pods(c: &Cluster) -> Vec<(String, String, String, bool)> {
    let mut out: Vec<_> = c
        .store
        .pods()
        .filter(|(_, p)| engine::addons::is_system_namespace(&p.meta.namespace))
        .map(|(_, p)| (p.meta.namespace.clone(), p.meta.name.clone(), p.node.to_string(), p.is_ready()))
        .collect();
    out.sort();
    out
}

#[test]
fn every_preset_boots_with_its_system_pods_ready() {
    for (preset, workers, expected) in [(Preset::DockerDesktop, 1, 9), (Preset::Kind, 2, 13), (Preset::Cloud, 3, 6)] {
        let c = Cluster::new(preset, Some(workers), 1);
        let pods = system_pods(&c);
        assert_eq!(pods.len(), expected, "{preset:?}: {pods:?}");
        assert!(pods.iter().all(|p| p.3), "{preset:?}: all Ready at the first command: {pods:?}");
        assert_eq!(c.now(), engine::time::BOOT);
    }
}

#[test]
fn kind_runs_the_control_plane_as_static_pods_and_its_add_ons_on_it() {
    let c = Cluster::new(Preset::Kind, None, 1);
    let pods = system_pods(&c);
    for name in ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] {
        let full = format!("{name}-kind-control-plane");
        let p = c.store.pod(c.store.pod_id("kube-system", &full).unwrap()).unwrap();
        assert_eq!(p.meta.labels.get("component"), Some(name));
        assert_eq!(p.meta.labels.get("tier"), Some("control-plane"));
        assert_eq!(p.status.pod_ip, "172.18.0.2", "on the host's network");
        assert_eq!(p.meta.controller().map(|o| o.kind), Some("Node"));
    }
    // kube-proxy and kindnet on every node, tolerating the control plane's taint.
    for ds in ["kindnet-", "kube-proxy-"] {
        assert_eq!(pods.iter().filter(|p| p.1.starts_with(ds)).count(), 3, "{pods:?}");
    }
    // CoreDNS and local-path come up before the workers join, so they sit on the
    // control plane and take its pod addresses.
    for p in pods.iter().filter(|p| p.1.starts_with("coredns-") || p.1.starts_with("local-path-")) {
        assert_eq!(p.2, "kind-control-plane", "{p:?}");
    }
    let cp = &c.store.nodes["kind-control-plane"];
    // etcd 100m + apiserver 250m + controller-manager 200m + scheduler 100m + kindnet
    // 100m + 2 × coredns 100m.
    assert_eq!(cp.requested_cpu_m, 950);
}

#[test]
fn a_deleted_mirror_pod_comes_back_at_once() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let name = "kube-apiserver-kind-control-plane";
    let uid = |c: &Cluster| c.store.pod(c.store.pod_id("kube-system", name).unwrap()).unwrap().meta.uid.clone();
    let before = uid(&c);
    let out = c.run(&format!("kubectl delete pod -n kube-system {name}"), &NoFiles);
    assert_eq!(out.stdout, format!("pod \"{name}\" deleted\n"));
    let after = uid(&c);
    assert_ne!(before, after, "a new mirror pod");
    let p = c.store.pod(c.store.pod_id("kube-system", name).unwrap()).unwrap();
    assert!(p.is_ready());
    assert_eq!(p.meta.creation, c.now());
    assert_eq!(c.store.nodes["kind-control-plane"].requested_cpu_m, 950, "counted once");
}

#[test]
fn user_pods_on_kind_workers_keep_the_first_addresses() {
    let mut c = Cluster::new(Preset::Kind, None, 3);
    c.run("kubectl run web --image=nginx", &NoFiles);
    c.advance(10_000);
    let p = c.store.pod(c.store.pod_id("default", "web").unwrap()).unwrap();
    assert!(p.status.pod_ip.ends_with(".2"), "{}", p.status.pod_ip);
    assert_ne!(&*p.node, "kind-control-plane");
}
