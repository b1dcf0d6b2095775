//! The node image: the system pods' images each preset ships on its nodes (kind's node
//! image, Docker Desktop's VM), and what each image's program does when the kubelet
//! starts it (the control plane's binaries, CoreDNS, the CNI agents), so that their real
//! command lines run.

use crate::presets::Preset;
use crate::registry::{Behaviour, ImageRef};
use crate::runtime::ImageConfig;
use crate::time::SECOND;

const MIB: i64 = 1 << 20;

struct SystemImage {
    reference: &'static str,
    /// Uncompressed size in bytes, as the node reports it.
    size: u64,
    entrypoint: &'static [&'static str],
    /// The program's name (`command[0]` of the manifests), the ports it listens on and
    /// its resident memory.
    program: &'static str,
    ports: &'static [u16],
    memory: i64,
}

pub const ETCD: &str = "registry.k8s.io/etcd:3.5.21-0";
pub const APISERVER: &str = "registry.k8s.io/kube-apiserver:v1.33.1";
pub const CONTROLLER_MANAGER: &str = "registry.k8s.io/kube-controller-manager:v1.33.1";
pub const SCHEDULER: &str = "registry.k8s.io/kube-scheduler:v1.33.1";
pub const PROXY: &str = "registry.k8s.io/kube-proxy:v1.33.1";
pub const COREDNS: &str = "registry.k8s.io/coredns/coredns:v1.12.0";
pub const KINDNET: &str = "docker.io/kindest/kindnetd:v20250512-df8de77b";
pub const LOCAL_PATH: &str = "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a";
pub const METRICS_SERVER: &str = "registry.k8s.io/metrics-server/metrics-server:v0.7.2";
pub const DESKTOP_STORAGE: &str = "docker/desktop-storage-provisioner:v2.0";
pub const DESKTOP_VPNKIT: &str = "docker/desktop-vpnkit-controller:dc331cb22850be0cdd97c84a9cfecaf44a1afb6e";

const IMAGES: &[SystemImage] = &[
    SystemImage { reference: ETCD, size: 58_938_593, entrypoint: &[], program: "etcd", ports: &[2379, 2380, 2381], memory: 60 * MIB },
    SystemImage { reference: APISERVER, size: 30_071_307, entrypoint: &[], program: "kube-apiserver", ports: &[6443], memory: 250 * MIB },
    SystemImage {
        reference: CONTROLLER_MANAGER,
        size: 26_628_159,
        entrypoint: &[],
        program: "kube-controller-manager",
        ports: &[10257],
        memory: 50 * MIB,
    },
    SystemImage { reference: SCHEDULER, size: 21_152_309, entrypoint: &[], program: "kube-scheduler", ports: &[10259], memory: 20 * MIB },
    SystemImage {
        reference: PROXY,
        size: 31_887_726,
        entrypoint: &[],
        program: "/usr/local/bin/kube-proxy",
        ports: &[10256],
        memory: 20 * MIB,
    },
    SystemImage {
        reference: COREDNS,
        size: 20_939_036,
        entrypoint: &["/coredns"],
        program: "/coredns",
        ports: &[53, 8080, 8181, 9153],
        memory: 15 * MIB,
    },
    SystemImage { reference: KINDNET, size: 44_375_501, entrypoint: &[], program: "/bin/kindnetd", ports: &[], memory: 12 * MIB },
    SystemImage {
        reference: LOCAL_PATH,
        size: 22_541_737,
        entrypoint: &[],
        program: "local-path-provisioner",
        ports: &[],
        memory: 10 * MIB,
    },
    SystemImage {
        reference: METRICS_SERVER,
        size: 19_494_617,
        entrypoint: &["/metrics-server"],
        program: "/metrics-server",
        ports: &[10250],
        memory: 25 * MIB,
    },
    SystemImage {
        reference: DESKTOP_STORAGE,
        size: 41_871_212,
        entrypoint: &["/storage-provisioner"],
        program: "/storage-provisioner",
        ports: &[],
        memory: 8 * MIB,
    },
    SystemImage {
        reference: DESKTOP_VPNKIT,
        size: 36_318_208,
        entrypoint: &["/kube-vpnkit-forwarder"],
        program: "/kube-vpnkit-forwarder",
        ports: &[],
        memory: 8 * MIB,
    },
];

/// The images the preset's nodes have from the start, by full reference.
pub fn of(preset: Preset) -> Vec<(String, u64)> {
    let names: &[&str] = match preset {
        Preset::DockerDesktop => &[ETCD, APISERVER, CONTROLLER_MANAGER, SCHEDULER, PROXY, COREDNS, DESKTOP_STORAGE, DESKTOP_VPNKIT],
        Preset::Kind => &[ETCD, APISERVER, CONTROLLER_MANAGER, SCHEDULER, PROXY, COREDNS, KINDNET, LOCAL_PATH],
        Preset::Cloud => &[PROXY, COREDNS, METRICS_SERVER],
    };
    IMAGES.iter().filter(|i| names.contains(&i.reference)).map(|i| (full(i.reference), i.size)).collect()
}

fn full(reference: &str) -> String {
    ImageRef::parse(reference).map(|r| r.full()).unwrap_or_else(|_| reference.to_string())
}

/// What a system image's config and program are, for the kubelet starting it.
pub fn config(full_reference: &str) -> Option<ImageConfig> {
    let i = IMAGES.iter().find(|i| full(i.reference) == full_reference)?;
    Some(ImageConfig {
        entrypoint: i.entrypoint.iter().map(|w| w.to_string()).collect(),
        cmd: vec![],
        exposed: vec![],
        files: vec![],
        workdir: "/".into(),
        behaviour: Behaviour {
            ports: i.ports,
            startup: SECOND,
            exits: None,
            memory: i.memory,
            cpu_per_request: 0.0,
            program: i.program,
            requires_env: &[],
            missing_env_log: "",
            open: false,
            serves_declared: false,
        },
    })
}
