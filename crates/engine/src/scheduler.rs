//! kube-scheduler: a queue of unbound pods, the default filter plugins (NodeUnschedulable,
//! NodeName, TaintToleration, NodeAffinity, NodeResourcesFit), LeastAllocated and
//! BalancedAllocation scoring, adaptive node sampling, and kubectl's FailedScheduling text.

use crate::api::node::{Node, Taint};
use crate::api::pod::PodSpec;
use crate::api::Labels;
use crate::cluster::{Cluster, Wake};
use crate::events::EventType;
use crate::store::PodId;
use crate::time::MINUTE;
use std::collections::VecDeque;

/// `DefaultMilliCPURequest` / `DefaultMemoryRequest`: what a pod without requests counts
/// as when scoring (never when filtering).
const NONZERO_CPU_M: i64 = 100;
const NONZERO_MEM: i64 = 200 << 20;

/// The scheduler's own view of a node (kube-scheduler's `NodeInfo`): what filtering and
/// scoring read, kept in a flat table rebuilt when nodes change and updated in place when
/// the scheduler binds a pod, so placing a pod never walks the store.
#[derive(Clone, Debug)]
struct NodeInfo {
    name: String,
    labels: Labels,
    taints: Vec<Taint>,
    unschedulable: bool,
    cpu_m: i64,
    memory: i64,
    max_pods: i64,
    requested_cpu_m: i64,
    requested_mem: i64,
    pod_count: i64,
    zero_cpu_pods: i64,
    zero_mem_pods: i64,
}

impl NodeInfo {
    fn of(n: &Node) -> NodeInfo {
        NodeInfo {
            name: n.meta.name.clone(),
            labels: n.meta.labels.clone(),
            taints: n.taints.clone(),
            unschedulable: n.unschedulable,
            cpu_m: n.cpu_m,
            memory: n.memory,
            max_pods: n.max_pods,
            requested_cpu_m: n.requested_cpu_m,
            requested_mem: n.requested_mem,
            pod_count: n.pod_count,
            zero_cpu_pods: n.zero_cpu_pods,
            zero_mem_pods: n.zero_mem_pods,
        }
    }

    /// The filter plugins in their default order; the first that rejects gives the reason.
    fn filter(&self, spec: &PodSpec, cpu: i64, mem: i64) -> Result<(), String> {
        if self.unschedulable {
            return Err("node(s) were unschedulable".into());
        }
        if !spec.node_name.is_empty() && spec.node_name != self.name {
            return Err("node(s) didn't match the requested node name".into());
        }
        for t in &self.taints {
            if t.effect == "PreferNoSchedule" {
                continue;
            }
            if !spec.tolerations.iter().any(|tol| tol.tolerates(&t.key, &t.value, &t.effect)) {
                return Err(format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value));
            }
        }
        if !spec.node_selector.0.iter().all(|(k, v)| self.labels.get(k) == Some(v.as_str())) {
            return Err("node(s) didn't match Pod's node affinity/selector".into());
        }
        if self.pod_count + 1 > self.max_pods {
            return Err("Too many pods".into());
        }
        if cpu > 0 && self.requested_cpu_m + cpu > self.cpu_m {
            return Err("Insufficient cpu".into());
        }
        if mem > 0 && self.requested_mem + mem > self.memory {
            return Err("Insufficient memory".into());
        }
        Ok(())
    }

    /// LeastAllocated plus BalancedAllocation, counting pods without requests at the
    /// scoring defaults.
    fn score(&self, cpu: i64, mem: i64) -> i64 {
        let (cpu, mem) = (if cpu == 0 { NONZERO_CPU_M } else { cpu }, if mem == 0 { NONZERO_MEM } else { mem });
        let used_cpu = self.requested_cpu_m + self.zero_cpu_pods * NONZERO_CPU_M;
        let used_mem = self.requested_mem + self.zero_mem_pods * NONZERO_MEM;
        let cpu_frac = (used_cpu + cpu) as f64 / self.cpu_m.max(1) as f64;
        let mem_frac = (used_mem + mem) as f64 / self.memory.max(1) as f64;
        let least = ((1.0 - cpu_frac.min(1.0)) * 100.0 + (1.0 - mem_frac.min(1.0)) * 100.0) / 2.0;
        let balanced = (1.0 - (cpu_frac - mem_frac).abs() / 2.0) * 100.0;
        (least + balanced) as i64
    }

    fn account(&mut self, cpu: i64, mem: i64) {
        self.pod_count += 1;
        self.requested_cpu_m += cpu;
        self.requested_mem += mem;
        self.zero_cpu_pods += i64::from(cpu == 0);
        self.zero_mem_pods += i64::from(mem == 0);
    }
}

#[derive(Default)]
pub struct Scheduler {
    active: VecDeque<(PodId, u64)>,
    unschedulable: Vec<(PodId, u64)>,
    /// Nodes in name order, and where the last search stopped (`nextStartNodeIndex`), so
    /// successive pods start at different nodes.
    cache: Vec<NodeInfo>,
    stale: bool,
    next_start: usize,
    flush_pending: bool,
}

impl Scheduler {
    pub fn enqueue(&mut self, id: PodId, serial: u64) {
        self.active.push_back((id, serial));
    }

    /// A node appeared, changed or freed capacity: pods that did not fit may fit now.
    pub fn nodes_changed(&mut self) {
        self.cluster_changed();
    }

    /// Something that scheduling depends on changed (a pod went away, a node changed).
    pub fn cluster_changed(&mut self) {
        self.stale = true;
        self.active.extend(self.unschedulable.drain(..));
    }

    pub fn pending(&self) -> usize {
        self.active.len() + self.unschedulable.len()
    }
}

/// `numFeasibleNodesToFind` with the adaptive percentage.
fn nodes_to_find(total: usize) -> usize {
    if total < 100 {
        return total;
    }
    let pct = (50 - total as i64 / 125).max(5) as usize;
    (total * pct / 100).max(100)
}

impl Cluster {
    /// Places every pod in the active queue, or explains why it cannot be placed.
    pub(crate) fn schedule_pending(&mut self) {
        while let Some((id, serial)) = self.scheduler.active.pop_front() {
            let Some(pod) = self.store.pod_if(id, serial) else { continue };
            if !pod.node.is_empty() || pod.meta.deletion.is_some() {
                continue;
            }
            self.schedule_one(id, serial);
        }
    }

    fn schedule_one(&mut self, id: PodId, serial: u64) {
        if self.scheduler.stale || self.scheduler.cache.len() != self.store.nodes.len() {
            self.scheduler.cache = self.store.nodes.values().map(NodeInfo::of).collect();
            self.scheduler.stale = false;
        }
        let spec = self.store.pod(id).expect("queued pod exists").spec.clone();
        let (cpu, mem) = spec.requests();
        let total = self.scheduler.cache.len();
        let want = nodes_to_find(total);
        let mut feasible: Vec<usize> = Vec::new();
        let mut reasons: Vec<(String, usize)> = Vec::new();
        let start = if total == 0 { 0 } else { self.scheduler.next_start % total };
        let mut checked = 0;
        for k in 0..total {
            let i = (start + k) % total;
            checked += 1;
            match self.scheduler.cache[i].filter(&spec, cpu, mem) {
                Ok(()) => {
                    feasible.push(i);
                    if feasible.len() >= want {
                        break;
                    }
                }
                Err(reason) => match reasons.iter_mut().find(|(r, _)| *r == reason) {
                    Some(entry) => entry.1 += 1,
                    None => reasons.push((reason, 1)),
                },
            }
        }
        if total > 0 {
            self.scheduler.next_start = (start + checked) % total;
        }
        if feasible.is_empty() {
            self.unschedulable(id, serial, total, reasons);
            return;
        }
        // Highest score wins; ties are broken at random, as `selectHost` does.
        let mut best: Option<(i64, usize)> = None;
        let mut ties = 0u32;
        for i in feasible {
            let s = self.scheduler.cache[i].score(cpu, mem);
            match best {
                Some((b, _)) if s < b => {}
                Some((b, _)) if s == b => {
                    ties += 1;
                    if self.rng.below(ties + 1) == 0 {
                        best = Some((s, i));
                    }
                }
                _ => {
                    best = Some((s, i));
                    ties = 0;
                }
            }
        }
        let i = best.expect("feasible is not empty").1;
        self.scheduler.cache[i].account(cpu, mem);
        let node = self.scheduler.cache[i].name.clone();
        self.bind(id, serial, &node);
    }

    fn unschedulable(&mut self, id: PodId, serial: u64, total: usize, reasons: Vec<(String, usize)>) {
        let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        parts.sort();
        let mut msg = format!("0/{total} nodes are available:");
        if parts.is_empty() {
            msg.push_str(" no nodes available to schedule pods.");
        } else {
            msg.push(' ');
            msg.push_str(&parts.join(", "));
            msg.push('.');
            // DefaultPreemption's verdict: evicting pods never helps a filter that is not
            // about resources; for resources there are no lower-priority victims here.
            let mut pre: Vec<String> = reasons
                .iter()
                .map(|(r, n)| {
                    if r.starts_with("Insufficient") || r == "Too many pods" {
                        format!("{n} No preemption victims found for incoming pod")
                    } else {
                        format!("{n} Preemption is not helpful for scheduling")
                    }
                })
                .collect();
            pre.sort();
            pre.dedup();
            msg.push_str(&format!(" preemption: 0/{total} nodes are available: {}.", merge_counts(&pre)));
        }
        let r = self.pod_ref(id);
        self.record(r, EventType::Warning, "default-scheduler", "", "FailedScheduling", msg.clone());
        let now = self.now;
        if let Some(p) = self.store.pod_mut(id) {
            p.status.set_condition("PodScheduled", false, "Unschedulable", &msg, now);
        }
        self.scheduler.unschedulable.push((id, serial));
        if !self.scheduler.flush_pending {
            self.scheduler.flush_pending = true;
            // `podMaxInUnschedulablePodsDuration`: retried at least every 5 minutes.
            self.wake_at(now + 5 * MINUTE, Wake::SchedulerFlush);
        }
    }

    pub(crate) fn scheduler_flush(&mut self) {
        self.scheduler.flush_pending = false;
        self.scheduler.cluster_changed();
    }

    fn bind(&mut self, id: PodId, serial: u64, node: &str) {
        let now = self.now;
        let (cpu, mem) = self.store.pod(id).expect("bound pod exists").spec.requests();
        let rv = self.store.next_rv();
        let pod = self.store.pod_mut(id).expect("bound pod exists");
        pod.node = node.to_string();
        pod.meta.resource_version = rv;
        pod.status.set_condition("PodScheduled", true, "", "", now);
        let ns_name = format!("{}/{}", pod.meta.namespace, pod.meta.name);
        self.store.bind_pod(id, node);
        self.store.nodes.get_mut(node).expect("scheduled onto a known node").account(cpu, mem, 1);
        let r = self.pod_ref(id);
        self.record(r, EventType::Normal, "default-scheduler", "", "Scheduled", format!("Successfully assigned {ns_name} to {node}"));
        crate::kubelet::pod_bound(self, id, serial);
    }
}

/// Adds up `"<n> <reason>"` entries that share a reason.
fn merge_counts(parts: &[String]) -> String {
    let mut merged: Vec<(String, usize)> = Vec::new();
    for p in parts {
        let (n, reason) = p.split_once(' ').unwrap_or(("0", p));
        let n: usize = n.parse().unwrap_or(0);
        match merged.iter_mut().find(|(r, _)| r == reason) {
            Some(e) => e.1 += n,
            None => merged.push((reason.to_string(), n)),
        }
    }
    let mut out: Vec<String> = merged.into_iter().map(|(r, n)| format!("{n} {r}")).collect();
    out.sort();
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_follows_the_adaptive_percentage() {
        assert_eq!(nodes_to_find(3), 3);
        assert_eq!(nodes_to_find(99), 99);
        assert_eq!(nodes_to_find(100), 100);
        assert_eq!(nodes_to_find(1000), 420);
        assert_eq!(nodes_to_find(5000), 500);
    }
}
