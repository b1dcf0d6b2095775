//! The node lifecycle controller and taint-based eviction: a node whose kubelet stops
//! posting status turns NotReady after the monitor grace period, gets the `unreachable`
//! taints, and its pods are evicted when their toleration of them runs out.

use crate::cluster::{Cluster, Wake};
use crate::events::EventType;
use crate::model::node::Taint;
use crate::time::{Millis, SECOND};

/// `node-monitor-grace-period` (50 s since v1.32).
pub const MONITOR_GRACE: Millis = 50 * SECOND;
/// `node-monitor-period`.
pub const MONITOR_PERIOD: Millis = 5 * SECOND;
/// The kubelet posts status (renews its lease) this often.
pub const HEARTBEAT: Millis = 10 * SECOND;
/// DefaultTolerationSeconds for `unreachable` and `not-ready`.
pub const DEFAULT_TOLERATION: Millis = 300 * SECOND;

const UNREACHABLE: &str = "node.kubernetes.io/unreachable";

pub fn kill(c: &mut Cluster, name: &str) -> Result<(), String> {
    let now = c.now;
    let node = c.store.nodes.get_mut(name).ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found"))?;
    if !node.kubelet_up {
        return Ok(());
    }
    node.kubelet_up = false;
    // The last heartbeat was the latest multiple of the heartbeat period; the monitor,
    // ticking every 5 s, notices on its first tick past the grace period.
    let born = node.meta.creation;
    let last_beat = born + (now - born) / HEARTBEAT * HEARTBEAT;
    let deadline = last_beat + MONITOR_GRACE;
    let tick = (deadline / MONITOR_PERIOD + 1) * MONITOR_PERIOD;
    c.wake_at(tick, Wake::NodeMonitor(Box::new(name.to_string())));
    Ok(())
}

pub fn monitor(c: &mut Cluster, name: &str) {
    let now = c.now;
    let Some(node) = c.store.nodes.get_mut(name) else { return };
    if node.kubelet_up || !node.ready {
        return;
    }
    node.ready = false;
    node.ready_since = now;
    for effect in ["NoSchedule", "NoExecute"] {
        node.taints.push(Taint { key: UNREACHABLE.into(), value: String::new(), effect: effect.into() });
    }
    c.scheduler.nodes_changed();
    let r = c.node_ref(name);
    c.record(r, EventType::Normal, "node-controller", None, "NodeNotReady", format!("Node {name} status is now: NodeNotReady"));
    let pods: Vec<_> = c.store.pods_by_node.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let r = c.pod_ref(id);
        if let Some(p) = c.store.pod_mut(id) {
            p.status.set_condition("Ready", false, "", "", now);
        }
        c.pod_changed(id);
        c.record(r, EventType::Warning, "node-controller", None, "NodeNotReady", "Node is not ready");
    }
    c.wake_at(now + DEFAULT_TOLERATION, Wake::TaintEviction(Box::new(name.to_string())));
}

pub fn evict(c: &mut Cluster, name: &str) {
    let now = c.now;
    if c.store.nodes.get(name).is_none_or(|n| n.ready) {
        return;
    }
    let pods: Vec<_> = c.store.pods_by_node.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let Some(p) = c.store.pod(id) else { continue };
        if p.meta.deletion.is_some() {
            continue;
        }
        let tolerates_forever = p.spec.tolerations.iter().any(|t| t.tolerates(UNREACHABLE, "", "NoExecute") && t.seconds.is_none());
        let explicit = p.spec.tolerations.iter().any(|t| t.tolerates(UNREACHABLE, "", "NoExecute"));
        if tolerates_forever && explicit {
            continue;
        }
        let grace = p.spec.grace_secs;
        let ns_name = format!("{}/{}", p.meta.namespace, p.meta.name);
        let r = c.pod_ref(id);
        c.record(
            r,
            EventType::Normal,
            "taint-eviction-controller",
            None,
            "TaintManagerEviction",
            format!("Marking for deletion Pod {ns_name}"),
        );
        if let Some(p) = c.store.pod_mut(id) {
            p.status.set_condition(
                "DisruptionTarget",
                true,
                "DeletionByTaintManager",
                "Taint manager: deleting due to NoExecute taint",
                now,
            );
        }
        crate::kubelet::terminate(c, id, grace);
    }
}

pub fn restore(c: &mut Cluster, name: &str) -> Result<(), String> {
    let now = c.now;
    let node = c.store.nodes.get_mut(name).ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found"))?;
    if node.kubelet_up {
        return Ok(());
    }
    node.kubelet_up = true;
    c.wake_at(now + SECOND, Wake::NodeRecovered(Box::new(name.to_string())));
    Ok(())
}

pub fn recovered(c: &mut Cluster, name: &str) {
    let now = c.now;
    let Some(node) = c.store.nodes.get_mut(name) else { return };
    if !node.kubelet_up {
        return;
    }
    let was_ready = node.ready;
    node.ready = true;
    node.taints.retain(|t| t.key != UNREACHABLE);
    if !was_ready {
        node.ready_since = now;
    }
    c.scheduler.nodes_changed();
    let r = c.node_ref(name);
    let host = c.intern(name);
    c.record(r.clone(), EventType::Normal, "kubelet", Some(&host), "Starting", "Starting kubelet.");
    c.record(r, EventType::Normal, "kubelet", Some(&host), "NodeReady", format!("Node {name} status is now: NodeReady"));
    // The machine restarted: the kubelet finishes deletions and recreates the rest.
    let pods: Vec<_> = c.store.pods_by_node.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let Some(serial) = c.store.serial(id) else { continue };
        let terminating = c.store.pod(id).is_some_and(|p| p.meta.deletion.is_some());
        if terminating {
            crate::kubelet::stop_containers(c, id, serial);
        } else {
            let p = c.store.pod_mut(id).expect("listed");
            for (s, run) in p.status.statuses.iter_mut().zip(p.runtime.apps.iter_mut()) {
                if let crate::model::pod::ContainerState::Running { started } = s.state {
                    s.last_terminated = Some(crate::model::pod::Terminated {
                        exit_code: 255,
                        reason: "Unknown".into(),
                        message: String::new(),
                        started,
                        finished: now,
                    });
                    s.restart_count += 1;
                    s.state = crate::model::pod::ContainerState::Waiting { reason: "ContainerCreating".into(), message: String::new() };
                    s.ready = false;
                }
                if let Some(proc_) = run.process.take() {
                    run.previous_log = proc_.log;
                }
                if !matches!(run.stage, crate::model::pod_runtime::Stage::Done) {
                    run.stage = crate::model::pod_runtime::Stage::NeedImage;
                }
            }
            p.runtime.sandbox = false;
            let r = c.pod_ref(id);
            c.record(
                r,
                EventType::Normal,
                "kubelet",
                Some(&host),
                "SandboxChanged",
                "Pod sandbox changed, it will be killed and re-created.",
            );
            if let Some(ip) = c.store.pod(id).and_then(|p| crate::net::parse_ipv4(&p.status.pod_ip)) {
                if let Some(n) = c.store.nodes.get_mut(name) {
                    n.release_ip(ip);
                }
            }
            c.wake_at(now + crate::kubelet::SANDBOX_MS, Wake::PodStep { id, serial });
        }
    }
}
