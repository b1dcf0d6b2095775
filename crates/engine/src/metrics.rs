//! metrics-server: CPU and memory per pod and per node, as the resource metrics API
//! (`metrics.k8s.io`) serves them to `kubectl top` and the HorizontalPodAutoscaler.
//! metrics-server scrapes every 15 s (`--metric-resolution`) and reports CPU as the rate
//! over the last complete window, so a pod has no metrics until it has run for a whole
//! window, and a change in load shows up only at the next boundary.

use crate::model::pod_runtime::Stage;
use crate::store::{PodId, Store};
use crate::time::Millis;
use std::collections::BTreeMap;

/// metrics-server's resolution.
pub const RESOLUTION: Millis = 15_000;
/// What a running container uses doing nothing (its runtime's housekeeping).
pub const IDLE_CPU_M: f64 = 1.0;
/// What a node's own daemons (kubelet, containerd, system pods) use.
pub const NODE_CPU_M: i64 = 100;
pub const NODE_MEMORY: i64 = 600 << 20;

#[derive(Clone, Debug, Default)]
struct Window {
    index: u64,
    /// Millicore-seconds of work in window `index`.
    work: f64,
    /// …and in window `index - 1`.
    previous: f64,
}

#[derive(Clone, Debug, Default)]
pub struct MetricsServer {
    /// Request work per pod (namespace/name).
    windows: BTreeMap<String, Window>,
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Usage {
    pub cpu_m: i64,
    pub memory: i64,
}

impl MetricsServer {
    /// Work done in the second that ends at `now`.
    pub(crate) fn add_cpu(&mut self, now: Millis, pod: &str, millicore_seconds: f64) {
        let index = now.saturating_sub(1) / RESOLUTION;
        let w = self.windows.entry(pod.to_string()).or_default();
        if w.index != index {
            w.previous = if w.index + 1 == index { w.work } else { 0.0 };
            w.work = 0.0;
            w.index = index;
        }
        w.work += millicore_seconds;
    }

    /// Mean request CPU (millicores) over the last complete window at `now`.
    fn request_cpu(&self, now: Millis, pod: &str) -> f64 {
        let complete = match (now / RESOLUTION).checked_sub(1) {
            Some(i) => i,
            None => return 0.0,
        };
        let secs = (RESOLUTION / 1000) as f64;
        match self.windows.get(pod) {
            Some(w) if w.index == complete => w.work / secs,
            Some(w) if w.index == complete + 1 => w.previous / secs,
            _ => 0.0,
        }
    }

    pub(crate) fn forget(&mut self, pod: &str) {
        self.windows.remove(pod);
    }
}

/// When the metrics served at `now` were scraped.
pub fn timestamp(now: Millis) -> Millis {
    now / RESOLUTION * RESOLUTION
}

impl MetricsServer {
    /// A pod's usage as the metrics API reports it, or `None` before it has any.
    pub fn pod_usage(&self, store: &Store, now: Millis, id: PodId) -> Option<Usage> {
        let p = store.pod(id)?;
        let scraped = timestamp(now);
        let window_start = scraped.checked_sub(RESOLUTION)?;
        let node_up = store.nodes.get(&p.node).is_some_and(|n| n.kubelet_up);
        let running: Vec<_> = p
            .runtime
            .apps
            .iter()
            .filter_map(|r| match r.stage {
                Stage::Running { started, .. } => Some((started, r.process.as_ref())),
                _ => None,
            })
            .collect();
        if !node_up || running.is_empty() || running.iter().any(|(started, _)| *started > window_start) {
            return None;
        }
        let key = format!("{}/{}", p.meta.namespace, p.meta.name);
        // A loop that never waits keeps one core busy, or as much as its CPU limit allows.
        let busy: f64 = p
            .runtime
            .apps
            .iter()
            .zip(p.spec.containers.iter())
            .filter(|(r, _)| matches!(r.stage, Stage::Running { .. }))
            .filter_map(|(r, ct)| {
                let cores = f64::from(r.process.as_ref()?.busy_cores()) * 1000.0;
                (cores > 0.0).then(|| ct.cpu_limit_m.map_or(cores, |l| (l as f64).min(cores)))
            })
            .sum();
        let cpu = IDLE_CPU_M * running.len() as f64 + busy + self.request_cpu(now, &key);
        let memory = running.iter().filter_map(|(_, proc_)| proc_.map(|x| x.memory)).sum();
        Some(Usage { cpu_m: cpu.round() as i64, memory })
    }

    /// A node's usage: its pods' plus its own daemons', or `None` when its kubelet is down.
    pub fn node_usage(&self, store: &Store, now: Millis, name: &str) -> Option<Usage> {
        let node = store.nodes.get(name)?;
        if !node.kubelet_up {
            return None;
        }
        let mut u = Usage { cpu_m: NODE_CPU_M, memory: NODE_MEMORY };
        for id in store.pods_by_node.get(name).into_iter().flatten() {
            if let Some(p) = self.pod_usage(store, now, *id) {
                u.cpu_m += p.cpu_m;
                u.memory += p.memory;
            }
        }
        Some(u)
    }
}
