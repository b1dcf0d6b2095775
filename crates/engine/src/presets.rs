//! Cluster presets: the machines a student would have in front of them.

use crate::model::node::{CachedImage, Node, Taint};
use crate::model::{Labels, ObjectMeta};

/// A product's default StorageClass and the provisioner behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassPreset {
    pub name: &'static str,
    pub provisioner: &'static str,
    pub binding_mode: &'static str,
    pub allow_expansion: Option<bool>,
    /// The provisioner's event source (`<provisioner>_<its pod>_<its id>`).
    pub source: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Docker Desktop's one-node cluster, the seed's setting: the node shares the Docker
    /// Engine's image store, so `docker build` images are on it.
    DockerDesktop,
    /// kind: a tainted control-plane node and workers, each its own container runtime.
    Kind,
    /// A managed cloud cluster whose LoadBalancer Services get an external address.
    Cloud,
}

impl Preset {
    pub fn parse(s: &str) -> Option<Preset> {
        match s {
            "docker-desktop" => Some(Preset::DockerDesktop),
            "kind" => Some(Preset::Kind),
            "cloud" => Some(Preset::Cloud),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Preset::DockerDesktop => "docker-desktop",
            Preset::Kind => "kind",
            Preset::Cloud => "cloud",
        }
    }

    /// Worker count when the user does not choose one.
    pub fn default_workers(self) -> usize {
        match self {
            Preset::DockerDesktop => 1,
            Preset::Kind => 2,
            Preset::Cloud => 3,
        }
    }

    /// The kubeconfig context (and cluster and user) the product writes: `kind create
    /// cluster` names them `kind-kind`, Docker Desktop `docker-desktop`. The cloud preset
    /// stands for no product in particular.
    pub fn context_name(self) -> &'static str {
        match self {
            Preset::DockerDesktop => "docker-desktop",
            Preset::Kind => "kind-kind",
            Preset::Cloud => "cloud",
        }
    }

    pub fn control_plane_url(self) -> &'static str {
        match self {
            Preset::DockerDesktop => "https://kubernetes.docker.internal:6443",
            Preset::Kind => "https://127.0.0.1:38291",
            Preset::Cloud => "https://203.0.113.10",
        }
    }

    /// The default StorageClass the product installs: kind's `standard` (the local-path
    /// provisioner), Docker Desktop's `hostpath`; the cloud preset's class stands for a
    /// managed cluster's CSI disk class, of no product in particular.
    pub fn storage_class(self) -> ClassPreset {
        match self {
            Preset::DockerDesktop => ClassPreset {
                name: "hostpath",
                provisioner: "docker.io/hostpath",
                binding_mode: "Immediate",
                allow_expansion: None,
                source: "docker.io/hostpath_storage-provisioner_8d4b6f1e-3c2a-4e5f-9b7d-1a2c3e4f5a6b",
            },
            Preset::Kind => ClassPreset {
                name: "standard",
                provisioner: "rancher.io/local-path",
                binding_mode: "WaitForFirstConsumer",
                allow_expansion: None,
                source: "rancher.io/local-path_local-path-provisioner-7dc846544d-x8k2q_5f0c9a2e-7b1d-4c3e-8a6f-2d4b1e9c7a35",
            },
            Preset::Cloud => ClassPreset {
                name: "standard",
                provisioner: "disk.csi.cloud.example",
                binding_mode: "WaitForFirstConsumer",
                allow_expansion: Some(true),
                source: "disk.csi.cloud.example_csi-controller-0_3e7a1c5b-9d2f-4b6a-8c1e-5f3d7a9b2c4e",
            },
        }
    }

    /// Whether `docker build` on the user's machine reaches the nodes' image store.
    pub fn shares_docker_images(self) -> bool {
        self == Preset::DockerDesktop
    }

    /// The address a LoadBalancer Service gets: Docker Desktop publishes on `localhost`,
    /// kind has no load-balancer controller (`<pending>`), the cloud allocates an IP.
    pub fn load_balancer_ingress(self, index: u32) -> Option<String> {
        match self {
            Preset::DockerDesktop => Some("localhost".into()),
            Preset::Kind => None,
            Preset::Cloud => Some(crate::net::format_ipv4(crate::net::parse_ipv4("203.0.113.20").expect("constant") + index)),
        }
    }

    /// The nodes of the preset, with `workers` worker nodes (Docker Desktop always has one).
    pub fn nodes(self, workers: usize) -> Vec<Node> {
        let mut out = Vec::new();
        match self {
            Preset::DockerDesktop => {
                let mut n = node(
                    "docker-desktop",
                    "192.168.65.3",
                    "10.1.0.0",
                    8_000,
                    8 << 30,
                    "Docker Desktop",
                    "6.10.14-linuxkit",
                    "docker://28.1.1",
                );
                control_plane_labels(&mut n.meta.labels);
                out.push(n);
            }
            Preset::Kind => {
                let mut cp = node(
                    "kind-control-plane",
                    "172.18.0.2",
                    "10.244.0.0",
                    4_000,
                    8 << 30,
                    "Debian GNU/Linux 12 (bookworm)",
                    "6.8.0-58-generic",
                    "containerd://2.1.1",
                );
                control_plane_labels(&mut cp.meta.labels);
                cp.taints.push(Taint {
                    key: "node-role.kubernetes.io/control-plane".into(),
                    value: String::new(),
                    effect: "NoSchedule".into(),
                });
                out.push(cp);
                for i in 0..workers {
                    let name = if i == 0 { "kind-worker".to_string() } else { format!("kind-worker{}", i + 1) };
                    out.push(node(
                        &name,
                        &ip_add("172.18.0.3", i as u32),
                        &subnet(244, i as u32 + 1),
                        4_000,
                        8 << 30,
                        "Debian GNU/Linux 12 (bookworm)",
                        "6.8.0-58-generic",
                        "containerd://2.1.1",
                    ));
                }
            }
            Preset::Cloud => {
                for i in 0..workers {
                    let mut n = node(
                        &format!("node-{}", i + 1),
                        &ip_add("10.128.0.11", i as u32),
                        &subnet(4, i as u32),
                        4_000,
                        16 << 30,
                        "Ubuntu 22.04.5 LTS",
                        "6.8.0-1028-gcp",
                        "containerd://1.7.27",
                    );
                    let zone = ["a", "b", "c"][i % 3];
                    n.meta.labels.insert("topology.kubernetes.io/zone", &format!("region-1{zone}"));
                    n.meta.labels.insert("topology.kubernetes.io/region", "region-1");
                    n.meta.labels.insert("node.kubernetes.io/instance-type", "standard-4");
                    out.push(n);
                }
            }
        }
        out
    }
}

fn control_plane_labels(l: &mut Labels) {
    l.insert("node-role.kubernetes.io/control-plane", "");
    l.insert("node.kubernetes.io/exclude-from-external-load-balancers", "");
}

fn ip_add(base: &str, n: u32) -> String {
    crate::net::format_ipv4(crate::net::parse_ipv4(base).expect("constant") + n)
}

/// The /24 pod CIDR of node `i` in `10.<second>.0.0/16`, spilling into the rest of 10/8
/// for clusters of more than 256 nodes.
fn subnet(second: u32, i: u32) -> String {
    let base = (10u32 << 24) | (second << 16);
    let v = (base.wrapping_add(i << 8) & 0x00ff_ffff) | (10 << 24);
    crate::net::format_ipv4(v)
}

/// A node as its kubelet registers it.
#[allow(clippy::too_many_arguments)]
pub fn node(name: &str, ip: &str, pod_cidr: &str, cpu_m: i64, memory: i64, os: &str, kernel: &str, runtime: &str) -> Node {
    let mut labels = Labels::default();
    for (k, v) in [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", name),
        ("kubernetes.io/os", "linux"),
    ] {
        labels.insert(k, v);
    }
    Node {
        meta: ObjectMeta { name: name.to_string(), labels, ..Default::default() },
        taints: vec![],
        unschedulable: false,
        cpu_m,
        memory,
        max_pods: 110,
        internal_ip: crate::net::parse_ipv4(ip).unwrap_or(0),
        pod_cidr: crate::net::parse_ipv4(pod_cidr).unwrap_or(0),
        os_image: os.to_string(),
        kernel: kernel.to_string(),
        runtime: runtime.to_string(),
        kubelet_up: true,
        ready: true,
        ready_since: 0,
        images: vec![CachedImage { name: "registry.k8s.io/pause:3.10".into(), size: 320_368 }],
        requested_cpu_m: 0,
        requested_mem: 0,
        pod_count: 0,
        zero_cpu_pods: 0,
        zero_mem_pods: 0,
        used_ips: [0; 4],
        raw: None,
    }
}

/// A node from a `kind: Node` manifest: capacity, addresses, pod CIDR and taints as
/// written, the rest as a kubelet of this cluster would register it.
pub fn node_from_manifest(name: &str, labels: Labels, obj: &crate::value::Value, index: usize) -> Node {
    use crate::value::Value;
    let status = obj.get("status");
    let spec = obj.get("spec");
    let qty = |key: &str| status.and_then(|s| s.get("capacity")).and_then(|c| c.get(key)).and_then(Value::as_str).map(String::from);
    let cpu_m = qty("cpu").as_deref().and_then(crate::quantity::cpu_millis).unwrap_or(4_000);
    let memory = qty("memory").as_deref().and_then(crate::quantity::bytes).unwrap_or(8 << 30);
    let ip = status
        .and_then(|s| s.get("addresses"))
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .find(|a| a.get("type").and_then(Value::as_str) == Some("InternalIP"))
        .and_then(|a| a.get("address").and_then(Value::as_str).map(String::from))
        .unwrap_or_else(|| ip_add("172.18.1.2", index as u32));
    let cidr = spec
        .and_then(|s| s.get("podCIDR"))
        .and_then(Value::as_str)
        .and_then(|c| c.split('/').next().map(String::from))
        .unwrap_or_else(|| subnet(250, index as u32));
    let mut n = node(name, &ip, &cidr, cpu_m, memory, "Debian GNU/Linux 12 (bookworm)", "6.8.0-58-generic", "containerd://2.1.1");
    if let Some(pods) = qty("pods").and_then(|p| p.parse().ok()) {
        n.max_pods = pods;
    }
    for (k, v) in labels.0.iter() {
        n.meta.labels.insert(k, v);
    }
    n.unschedulable = spec.and_then(|s| s.get("unschedulable")).and_then(Value::as_bool).unwrap_or(false);
    n.taints = spec
        .and_then(|s| s.get("taints"))
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|t| Taint {
            key: t.get("key").and_then(Value::as_str).unwrap_or("").into(),
            value: t.get("value").and_then(Value::as_str).unwrap_or("").into(),
            effect: t.get("effect").and_then(Value::as_str).unwrap_or("").into(),
        })
        .collect();
    n.raw = Some(obj.clone());
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_their_shapes() {
        let dd = Preset::DockerDesktop.nodes(1);
        assert_eq!(dd.len(), 1);
        assert_eq!(dd[0].meta.name, "docker-desktop");
        assert!(dd[0].taints.is_empty());
        let kind = Preset::Kind.nodes(2);
        assert_eq!(
            kind.iter().map(|n| n.meta.name.as_str()).collect::<Vec<_>>(),
            vec!["kind-control-plane", "kind-worker", "kind-worker2"]
        );
        assert_eq!(kind[0].taints.len(), 1);
        assert_eq!(kind[0].roles(), "control-plane");
        assert_eq!(kind[1].roles(), "<none>");
        assert_eq!(Preset::Cloud.nodes(3).len(), 3);
    }

    #[test]
    fn large_clusters_get_distinct_pod_cidrs() {
        let nodes = Preset::Cloud.nodes(5000);
        let mut cidrs: Vec<u32> = nodes.iter().map(|n| n.pod_cidr).collect();
        cidrs.sort();
        cidrs.dedup();
        assert_eq!(cidrs.len(), 5000);
    }
}
