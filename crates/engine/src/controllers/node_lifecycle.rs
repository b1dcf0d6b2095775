//! The node lifecycle controller and taint-based eviction: a node whose kubelet stops
//! posting status turns NotReady after the monitor grace period, gets the `unreachable`
//! taints, and its pods are evicted when their toleration of them runs out.

use crate::api::{Api, Wake};
use crate::apiserver::ApiError;
use crate::events::EventType;
use crate::model::node::Taint;
use crate::model::pod::{ConditionReason, PodCondition};
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

pub fn kill(api: &mut Api, name: &str) -> Result<(), ApiError> {
    let now = api.now;
    let node = api.store.nodes.get_mut(name).ok_or_else(|| ApiError::NotFound { resource: "nodes".into(), name: name.to_string() })?;
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
    api.wake_at(tick, Wake::NodeMonitor(Box::new(name.to_string())));
    Ok(())
}

pub fn monitor(api: &mut Api, name: &str) {
    let now = api.now;
    let Some(node) = api.store.nodes.get_mut(name) else { return };
    if node.kubelet_up || !node.ready {
        return;
    }
    node.ready = false;
    node.ready_since = now;
    for effect in ["NoSchedule", "NoExecute"] {
        node.taints.push(Taint { key: UNREACHABLE.into(), value: String::new(), effect: effect.into() });
    }
    api.queues.scheduling.nodes_changed();
    let r = api.node_ref(name);
    api.record(r, EventType::Normal, "node-controller", None, "NodeNotReady", format!("Node {name} status is now: NodeNotReady"));
    let pods: Vec<_> = api.store.pods_by_node.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let r = api.pod_ref(id);
        if let Some(p) = api.store.pod_mut(id) {
            p.status.set_condition(PodCondition::Ready, false, ConditionReason::None, "", now);
        }
        api.pod_changed(id);
        api.record(r, EventType::Warning, "node-controller", None, "NodeNotReady", "Node is not ready");
    }
    api.wake_at(now + DEFAULT_TOLERATION, Wake::TaintEviction(Box::new(name.to_string())));
}

pub fn evict(api: &mut Api, name: &str) {
    if api.store.nodes.get(name).is_none_or(|n| n.ready) {
        return;
    }
    let pods: Vec<_> = api.store.pods_by_node.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let Some(p) = api.store.pod(id) else { continue };
        if p.meta.deletion.is_some() {
            continue;
        }
        let tolerates_forever = p.spec.tolerations.iter().any(|t| t.tolerates(UNREACHABLE, "", "NoExecute") && t.seconds.is_none());
        let explicit = p.spec.tolerations.iter().any(|t| t.tolerates(UNREACHABLE, "", "NoExecute"));
        if tolerates_forever && explicit {
            continue;
        }
        evict_pod(api, id);
    }
}

/// A `NoExecute` taint put on a node by hand (`kubectl taint`): the taint eviction
/// controller deletes the pods there that do not tolerate it. A toleration with
/// `tolerationSeconds` is honoured as if without limit here.
pub fn taint_added(api: &mut Api, node: &str, taint: &Taint) {
    if taint.effect != "NoExecute" {
        return;
    }
    let pods: Vec<_> = api.store.pods_by_node.get(node).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let Some(p) = api.store.pod(id) else { continue };
        if p.meta.deletion.is_some() || p.spec.tolerations.iter().any(|t| t.tolerates(&taint.key, &taint.value, "NoExecute")) {
            continue;
        }
        evict_pod(api, id);
    }
}

/// The taint eviction controller's deletion of one pod, with its event and condition.
fn evict_pod(api: &mut Api, id: crate::store::PodId) {
    let now = api.now;
    let Some(p) = api.store.pod(id) else { return };
    let grace = p.spec.grace_secs;
    let ns_name = format!("{}/{}", p.meta.namespace, p.meta.name);
    let r = api.pod_ref(id);
    api.record(
        r,
        EventType::Normal,
        "taint-eviction-controller",
        None,
        "TaintManagerEviction",
        format!("Marking for deletion Pod {ns_name}"),
    );
    if let Some(p) = api.store.pod_mut(id) {
        p.status.set_condition(
            PodCondition::DisruptionTarget,
            true,
            ConditionReason::DeletionByTaintManager,
            "Taint manager: deleting due to NoExecute taint",
            now,
        );
    }
    crate::kubelet::terminate(api, id, grace);
}

pub fn restore(api: &mut Api, name: &str) -> Result<(), ApiError> {
    let now = api.now;
    let node = api.store.nodes.get_mut(name).ok_or_else(|| ApiError::NotFound { resource: "nodes".into(), name: name.to_string() })?;
    if node.kubelet_up {
        return Ok(());
    }
    node.kubelet_up = true;
    api.wake_at(now + SECOND, Wake::NodeRecovered(Box::new(name.to_string())));
    Ok(())
}

pub fn recovered(api: &mut Api, name: &str) {
    let now = api.now;
    let Some(node) = api.store.nodes.get_mut(name) else { return };
    if !node.kubelet_up {
        return;
    }
    let was_ready = node.ready;
    node.ready = true;
    node.taints.retain(|t| t.key != UNREACHABLE);
    if !was_ready {
        node.ready_since = now;
    }
    api.queues.scheduling.nodes_changed();
    let r = api.node_ref(name);
    let host = api.intern(name);
    api.record(r.clone(), EventType::Normal, "kubelet", Some(&host), "Starting", "Starting kubelet.");
    api.record(r, EventType::Normal, "kubelet", Some(&host), "NodeReady", format!("Node {name} status is now: NodeReady"));
    // The machine restarted: the kubelet finishes deletions and recreates the rest.
    let pods: Vec<_> = api.store.pods_by_node.get(name).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        let Some(serial) = api.store.serial(id) else { continue };
        let terminating = api.store.pod(id).is_some_and(|p| p.meta.deletion.is_some());
        if terminating {
            crate::kubelet::stop_containers(api, id, serial);
        } else {
            let p = api.store.pod_mut(id).expect("listed");
            for (s, run) in p.status.statuses.iter_mut().zip(p.runtime.apps.iter_mut()) {
                if let crate::model::pod::ContainerState::Running { started } = s.state {
                    s.last_terminated = Some(Box::new(crate::model::pod::Terminated {
                        container_id: s.container_id.clone(),
                        exit_code: 255,
                        reason: "Unknown".into(),
                        message: String::new(),
                        started,
                        finished: now,
                    }));
                    s.restart_count += 1;
                    s.state =
                        crate::model::pod::ContainerState::Waiting { reason: "ContainerCreating".into(), message: Default::default() };
                    s.ready = false;
                }
                if let Some(proc_) = run.process.take() {
                    run.kept_mut().previous_log = proc_.output_at_timed(now);
                }
                if !matches!(run.stage, crate::model::pod_runtime::Stage::Done) {
                    run.stage = crate::model::pod_runtime::Stage::NeedImage;
                }
            }
            p.runtime.sandbox = false;
            let r = api.pod_ref(id);
            api.record(
                r,
                EventType::Normal,
                "kubelet",
                Some(&host),
                "SandboxChanged",
                "Pod sandbox changed, it will be killed and re-created.",
            );
            if let Some(ip) = api.store.pod(id).and_then(|p| crate::net::parse_ipv4(&p.status.pod_ip)) {
                if let Some(n) = api.store.nodes.get_mut(name) {
                    n.release_ip(ip);
                }
            }
            api.wake_at(now + crate::kubelet::SANDBOX_MS, Wake::PodStep { id, serial });
        }
    }
}
