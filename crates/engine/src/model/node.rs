//! The Node: capacity, taints, addresses, its kubelet's health and its image cache.

use super::meta::ObjectMeta;
use crate::net::format_ipv4;
use crate::time::{rfc3339, Millis};
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CachedImage {
    /// Fully qualified reference, e.g. `docker.io/library/nginx:1.25`: shared with the
    /// image's `ImageFacts::full` when the kubelet pulled it, so `has_image` knows it by
    /// address without reading the text.
    pub name: std::rc::Rc<str>,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub meta: ObjectMeta,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub cpu_m: i64,
    pub memory: i64,
    pub max_pods: i64,
    pub internal_ip: u32,
    /// First address of the node's pod CIDR (a /24).
    pub pod_cidr: u32,
    pub os_image: String,
    pub kernel: String,
    pub runtime: String,
    /// False once its kubelet is killed: it stops posting status.
    pub kubelet_up: bool,
    /// The Ready condition as the node lifecycle controller last set it.
    pub ready: bool,
    pub ready_since: Millis,
    pub images: Vec<CachedImage>,
    /// Sum of requests of the pods bound here, and their number.
    pub requested_cpu_m: i64,
    pub requested_mem: i64,
    pub pod_count: i64,
    /// Pods here without a cpu (memory) request, which scoring counts at a default size.
    pub zero_cpu_pods: i64,
    pub zero_mem_pods: i64,
    /// Host parts (1..=254) of the pod CIDR in use, a bit each: kept in the node itself,
    /// since every pod started reads it (a table of its own was a cache miss a pod).
    pub used_ips: [u64; 4],
    /// The spec and status the user wrote in a `kind: Node` manifest, if any.
    pub raw: Option<Value>,
}

impl Node {
    pub fn roles(&self) -> String {
        let roles: Vec<&str> = self.meta.labels.0.iter().filter_map(|(k, _)| k.strip_prefix("node-role.kubernetes.io/")).collect();
        if roles.is_empty() {
            "<none>".into()
        } else {
            roles.join(",")
        }
    }

    pub fn status_text(&self) -> String {
        let mut s = if self.ready { "Ready".to_string() } else { "NotReady".to_string() };
        if self.unschedulable {
            s.push_str(",SchedulingDisabled");
        }
        s
    }

    /// Adds (or with `sign` -1 removes) a pod's requests to the node's accounting.
    pub fn account(&mut self, cpu: i64, mem: i64, sign: i64) {
        self.pod_count += sign;
        self.requested_cpu_m += sign * cpu;
        self.requested_mem += sign * mem;
        if cpu == 0 {
            self.zero_cpu_pods += sign;
        }
        if mem == 0 {
            self.zero_mem_pods += sign;
        }
    }

    /// Takes the lowest free address of the pod CIDR, as host-local IPAM does.
    pub fn allocate_ip(&mut self) -> Option<u32> {
        // .0 is the network, .1 the gateway, .255 the broadcast.
        const RESERVED: [u64; 4] = [0b11, 0, 0, 1 << 63];
        let (word, taken) =
            self.used_ips.iter().zip(RESERVED).map(|(used, reserved)| used | reserved).enumerate().find(|(_, t)| *t != u64::MAX)?;
        let bit = taken.trailing_ones() as usize;
        self.used_ips[word] |= 1 << bit;
        Some(self.pod_cidr + (word * 64 + bit) as u32)
    }

    pub fn release_ip(&mut self, ip: u32) {
        let host = ip.wrapping_sub(self.pod_cidr) as usize;
        if let Some(word) = self.used_ips.get_mut(host / 64) {
            *word &= !(1 << (host % 64));
        }
    }

    /// The images' names are the copies `ImageFacts` shares, so the name asked for is
    /// most often one of them: all are matched by address before any is read (reading
    /// each name misses the cache, one node's list after another's).
    pub fn has_image(&self, reference: &str) -> bool {
        self.images.iter().any(|i| std::ptr::eq(&*i.name, reference)) || self.images.iter().any(|i| *i.name == *reference)
    }

    /// The container runtime's name, `containerd` of `containerd://2.0.5`: asked at
    /// every container start, so found by its colon rather than by a substring search.
    pub fn runtime_name(&self) -> &str {
        let r = self.runtime.as_str();
        r.match_indices(':').find(|(i, _)| r[*i..].starts_with("://")).map_or(r, |(i, _)| &r[..i])
    }

    pub fn to_value(&self, now: Millis) -> Value {
        let mut spec = vec![("podCIDR".into(), Value::str(format!("{}/24", format_ipv4(self.pod_cidr))))];
        spec.push(("podCIDRs".into(), Value::Seq(vec![Value::str(format!("{}/24", format_ipv4(self.pod_cidr)))])));
        if !self.taints.is_empty() {
            spec.push((
                "taints".into(),
                Value::Seq(
                    self.taints
                        .iter()
                        .map(|t| {
                            let mut m = vec![("effect".into(), Value::str(t.effect.clone())), ("key".into(), Value::str(t.key.clone()))];
                            if !t.value.is_empty() {
                                m.push(("value".into(), Value::str(t.value.clone())));
                            }
                            Value::Map(m)
                        })
                        .collect(),
                ),
            ));
        }
        if self.unschedulable {
            spec.push(("unschedulable".into(), Value::Bool(true)));
        }
        let res = Value::Map(vec![
            ("cpu".into(), Value::str(format!("{}", self.cpu_m / 1000))),
            ("memory".into(), Value::str(format!("{}Ki", self.memory / 1024))),
            ("pods".into(), Value::str(self.max_pods.to_string())),
        ]);
        let (status, reason, message) = if self.ready {
            ("True", "KubeletReady", "kubelet is posting ready status")
        } else {
            ("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
        };
        let _ = now;
        let status = Value::Map(vec![
            (
                "addresses".into(),
                Value::Seq(vec![
                    Value::Map(vec![
                        ("address".into(), Value::str(format_ipv4(self.internal_ip))),
                        ("type".into(), Value::str("InternalIP")),
                    ]),
                    Value::Map(vec![("address".into(), Value::str(self.meta.name.clone())), ("type".into(), Value::str("Hostname"))]),
                ]),
            ),
            ("allocatable".into(), res.clone()),
            ("capacity".into(), res),
            (
                "conditions".into(),
                Value::Seq(vec![Value::Map(vec![
                    ("lastHeartbeatTime".into(), Value::str(rfc3339(self.ready_since))),
                    ("lastTransitionTime".into(), Value::str(rfc3339(self.ready_since))),
                    ("message".into(), Value::str(message)),
                    ("reason".into(), Value::str(reason)),
                    ("status".into(), Value::str(status)),
                    ("type".into(), Value::str("Ready")),
                ])]),
            ),
            (
                "images".into(),
                Value::Seq(
                    self.images
                        .iter()
                        .map(|i| {
                            Value::Map(vec![
                                ("names".into(), Value::Seq(vec![Value::str(&*i.name)])),
                                ("sizeBytes".into(), Value::Int(i.size as i64)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "nodeInfo".into(),
                Value::Map(vec![
                    ("architecture".into(), Value::str("amd64")),
                    ("containerRuntimeVersion".into(), Value::str(self.runtime.clone())),
                    ("kernelVersion".into(), Value::str(self.kernel.clone())),
                    ("kubeProxyVersion".into(), Value::str(crate::K8S_VERSION)),
                    ("kubeletVersion".into(), Value::str(crate::K8S_VERSION)),
                    ("operatingSystem".into(), Value::str("linux")),
                    ("osImage".into(), Value::str(self.os_image.clone())),
                ]),
            ),
        ]);
        Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("kind".into(), Value::str("Node")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), Value::Map(spec)),
            ("status".into(), status),
        ])
    }
}

/// Where a node is in the store's node map, kept by a pod bound to it: the kubelet finds
/// the pod's node by it, without hashing or comparing the name. The store hands them out
/// and checks the generation, so a place whose node went is never taken for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSlot {
    pub(crate) index: u32,
    pub(crate) generation: u32,
}

#[cfg(test)]
mod tests {
    /// host-local IPAM: the lowest free host address, .2 to .254, and a released one is
    /// the next taken.
    #[test]
    fn pod_addresses_are_the_lowest_free_host_parts() {
        let mut n = crate::presets::node("n", "172.18.0.2", "10.244.1.0", 4_000, 8 << 30, "", "", "");
        let base = n.pod_cidr;
        let taken: Vec<u32> = std::iter::from_fn(|| n.allocate_ip()).map(|ip| ip - base).collect();
        assert_eq!(taken, (2..=254).collect::<Vec<u32>>());
        n.release_ip(base + 7);
        n.release_ip(base + 130);
        assert_eq!(n.allocate_ip(), Some(base + 7));
        assert_eq!(n.allocate_ip(), Some(base + 130));
        assert_eq!(n.allocate_ip(), None);
        // An address outside the range is not this node's to release.
        n.release_ip(base + 300);
        assert_eq!(n.allocate_ip(), None);
    }

    /// The runtime's name is what precedes its first `://`, as `split_once` reads it.
    #[test]
    fn the_runtime_name_is_what_precedes_its_scheme_separator() {
        let mut n = crate::presets::node("n", "172.18.0.2", "10.244.1.0", 4_000, 8 << 30, "", "", "");
        for (runtime, name) in [
            ("containerd://2.0.5", "containerd"),
            ("docker://27.5.1", "docker"),
            ("cri-o", "cri-o"),
            ("a:b://c://d", "a:b"),
            ("x:/y", "x:/y"),
            ("", ""),
        ] {
            n.runtime = runtime.to_string();
            assert_eq!(n.runtime_name(), name, "{runtime}");
            assert_eq!(n.runtime_name(), runtime.split_once("://").map_or(runtime, |(a, _)| a));
        }
    }
}
