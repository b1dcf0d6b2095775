//! The kubelet: what happens to a pod once it is bound to a node. Sandbox and IP, the
//! containers' creation and start with the kubelet's events, readiness, and graceful
//! termination. Images and crash loops are the image manager's and runtime's part.

use crate::api::pod::{ContainerState, ContainerStatus, Phase, Terminated};
use crate::cluster::{Cluster, Wake};
use crate::events::EventType;
use crate::net::format_ipv4;
use crate::store::PodId;
use crate::time::{Millis, SECOND};

/// Creating the pod sandbox (pause container, network) before containers start.
pub const SANDBOX_MS: Millis = 1_000;
/// How long a process that handles SIGTERM takes to exit.
pub const SIGTERM_EXIT_MS: Millis = 1_000;

fn kubelet_up(c: &Cluster, id: PodId) -> bool {
    c.store.pod(id).and_then(|p| c.store.nodes.get(&p.node)).is_some_and(|n| n.kubelet_up)
}

/// The kubelet sees a pod newly bound to its node.
pub fn pod_bound(c: &mut Cluster, id: PodId, serial: u64) {
    if !kubelet_up(c, id) {
        return;
    }
    let now = c.now;
    let host_ip = {
        let p = c.store.pod(id).expect("bound pod exists");
        format_ipv4(c.store.nodes[&p.node].internal_ip)
    };
    let rv = c.store.next_rv();
    let p = c.store.pod_mut(id).expect("bound pod exists");
    let has_init = !p.spec.init_containers.is_empty();
    p.meta.resource_version = rv;
    p.status.start_time = Some(now);
    p.status.host_ip = host_ip;
    p.status.set_condition("PodReadyToStartContainers", false, "", "", now);
    p.status.set_condition("Initialized", !has_init, if has_init { "ContainersNotInitialized" } else { "" }, "", now);
    let names: Vec<String> = p.spec.containers.iter().map(|c| c.name.clone()).collect();
    let unready = format!("containers with unready status: [{}]", names.join(" "));
    p.status.set_condition("Ready", false, "ContainersNotReady", &unready, now);
    p.status.set_condition("ContainersReady", false, "ContainersNotReady", &unready, now);
    let waiting = if has_init { "PodInitializing" } else { "ContainerCreating" };
    p.status.statuses = p.spec.containers.iter().map(|ct| ContainerStatus::waiting(&ct.name, &ct.image, waiting)).collect();
    p.status.init_statuses =
        p.spec.init_containers.iter().map(|ct| ContainerStatus::waiting(&ct.name, &ct.image, "PodInitializing")).collect();
    c.wake_at(now + SANDBOX_MS, Wake::PodStep { id, serial });
}

/// The kubelet's next step for a pod: the sandbox is ready, so its containers start.
pub fn pod_step(c: &mut Cluster, id: PodId, serial: u64) {
    if c.store.pod_if(id, serial).is_none_or(|p| p.meta.deletion.is_some()) || !kubelet_up(c, id) {
        return;
    }
    let now = c.now;
    let node_name = c.store.pod(id).expect("checked").node.clone();
    if !c.store.pod(id).expect("checked").runtime.sandbox {
        let ip = c.store.nodes.get_mut(&node_name).and_then(|n| n.allocate_ip());
        let p = c.store.pod_mut(id).expect("checked");
        p.runtime.sandbox = true;
        p.status.pod_ip = ip.map(format_ipv4).unwrap_or_default();
        p.status.set_condition("PodReadyToStartContainers", true, "", "", now);
    }
    let spec = c.store.pod(id).expect("checked").spec.clone();
    let r = c.pod_ref(id);
    for (i, ct) in spec.containers.iter().enumerate() {
        let running = matches!(c.store.pod(id).expect("checked").status.statuses[i].state, ContainerState::Running { .. });
        if running {
            continue;
        }
        c.record(
            r.clone(),
            EventType::Normal,
            "kubelet",
            &node_name,
            "Pulled",
            format!("Container image \"{}\" already present on machine", ct.image),
        );
        c.record(r.clone(), EventType::Normal, "kubelet", &node_name, "Created", format!("Created container: {}", ct.name));
        c.record(r.clone(), EventType::Normal, "kubelet", &node_name, "Started", format!("Started container {}", ct.name));
        let id_hex: String = (0..4).map(|_| format!("{:016x}", c.rng.next_u64())).collect();
        let runtime = c.store.nodes[&node_name].runtime.split("://").next().unwrap_or("containerd").to_string();
        let p = c.store.pod_mut(id).expect("checked");
        let cs = &mut p.status.statuses[i];
        cs.state = ContainerState::Running { started: now };
        cs.started = true;
        cs.ready = true;
        cs.container_id = format!("{runtime}://{id_hex}");
        cs.image_id = image_id(&ct.image);
    }
    let rv = c.store.next_rv();
    let p = c.store.pod_mut(id).expect("checked");
    p.meta.resource_version = rv;
    p.status.phase = Phase::Running;
    let all_ready = p.status.statuses.iter().all(|s| s.ready);
    p.status.set_condition("Initialized", true, "", "", now);
    if all_ready {
        p.status.set_condition("ContainersReady", true, "", "", now);
        p.status.set_condition("Ready", true, "", "", now);
    }
}

/// Whether the container's main process exits on SIGTERM. A shell or `sleep` running as
/// PID 1 has no handler for it and is only stopped by SIGKILL when the grace period ends.
fn exits_on_sigterm(ct: &crate::api::pod::Container) -> bool {
    let first = ct.command.first().or(ct.args.first()).map(String::as_str).unwrap_or("");
    let prog = first.rsplit('/').next().unwrap_or("");
    if matches!(prog, "sleep" | "sh" | "bash" | "tail") {
        return false;
    }
    let (name, _, _) = crate::defaults::split_image(&ct.image);
    let base = name.rsplit('/').next().unwrap_or(name);
    !(ct.command.is_empty() && matches!(base, "busybox" | "alpine" | "ubuntu" | "debian" | "centos" | "fedora"))
}

/// Starts a graceful deletion: the pod is Terminating; the kubelet sends SIGTERM and
/// removes the pod once its containers have stopped (at the latest when the grace period
/// ends). Returns whether the pod is already gone.
pub fn terminate(c: &mut Cluster, id: PodId, grace_secs: i64) -> bool {
    let now = c.now;
    let Some(serial) = c.store.serial(id) else { return true };
    let bound = !c.store.pod(id).expect("serial found").node.is_empty();
    if !bound || grace_secs == 0 {
        remove(c, id);
        return true;
    }
    let rv = c.store.next_rv();
    let p = c.store.pod_mut(id).expect("serial found");
    if p.meta.deletion.is_none() {
        p.meta.deletion = Some(now + grace_secs as Millis * SECOND);
        p.meta.deletion_grace_secs = Some(grace_secs);
        p.meta.resource_version = rv;
    }
    p.status.set_condition("Ready", false, "", "", now);
    p.status.set_condition("ContainersReady", false, "", "", now);
    c.scheduler.cluster_changed();
    if kubelet_up(c, id) {
        stop_containers(c, id, serial);
    }
    false
}

/// The kubelet kills a deleted pod's containers.
pub fn stop_containers(c: &mut Cluster, id: PodId, serial: u64) {
    let now = c.now;
    let p = c.store.pod(id).expect("pod exists");
    if p.runtime.stopping {
        return;
    }
    let grace_ms = p.meta.deletion.map(|d| d.saturating_sub(now)).unwrap_or(0);
    let spec = p.spec.clone();
    let node = p.node.clone();
    let running: Vec<bool> = p.status.statuses.iter().map(|s| matches!(s.state, ContainerState::Running { .. })).collect();
    let r = c.pod_ref(id);
    let mut stop_ms = 0;
    for (ct, run) in spec.containers.iter().zip(running) {
        if !run {
            continue;
        }
        c.record(r.clone(), EventType::Normal, "kubelet", &node, "Killing", format!("Stopping container {}", ct.name));
        stop_ms = stop_ms.max(if exits_on_sigterm(ct) { SIGTERM_EXIT_MS.min(grace_ms) } else { grace_ms });
    }
    c.store.pod_mut(id).expect("pod exists").runtime.stopping = true;
    c.wake_at(now + stop_ms, Wake::PodGone { id, serial });
}

/// The containers have stopped: the kubelet confirms the deletion and the pod is gone.
pub fn pod_gone(c: &mut Cluster, id: PodId, serial: u64) {
    if c.store.pod_if(id, serial).is_none() || !kubelet_up(c, id) {
        return;
    }
    let now = c.now;
    if let Some(p) = c.store.pod_mut(id) {
        for s in &mut p.status.statuses {
            if let ContainerState::Running { started } = s.state {
                s.state = ContainerState::Terminated(Terminated {
                    exit_code: 0,
                    reason: "Completed".into(),
                    message: String::new(),
                    started,
                    finished: now,
                });
                s.ready = false;
            }
        }
    }
    remove(c, id);
}

/// Removes a pod from the store and gives back what it held on its node.
pub fn remove(c: &mut Cluster, id: PodId) {
    let Some(pod) = c.store.remove_pod(id) else { return };
    if let Some(node) = c.store.nodes.get_mut(&pod.node) {
        let (cpu, mem) = pod.spec.requests();
        node.account(cpu, mem, -1);
        if let Some(ip) = crate::net::parse_ipv4(&pod.status.pod_ip) {
            node.release_ip(ip);
        }
    }
    c.scheduler.cluster_changed();
}

/// The image ID a runtime reports: the reference with a content digest. The digest is a
/// stable stand-in derived from the name until the registry knows real ones.
pub fn image_id(image: &str) -> String {
    let (name, _, _) = crate::defaults::split_image(image);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut digest = String::new();
    for round in 0..4u64 {
        for b in image.bytes().chain(round.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        digest.push_str(&format!("{h:016x}"));
    }
    let full = if name.contains('/') { name.to_string() } else { format!("docker.io/library/{name}") };
    format!("{full}@sha256:{digest}")
}
