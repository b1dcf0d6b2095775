//! kube-scheduler: a queue of unbound pods, the default filter plugins (NodeUnschedulable,
//! NodeName, TaintToleration, NodeAffinity, NodeResourcesFit, VolumeBinding,
//! InterPodAffinity), their scores (LeastAllocated, BalancedAllocation, ImageLocality,
//! the default topology spread, InterPodAffinity), adaptive node sampling, and kubectl's
//! FailedScheduling text.

use crate::api::{Api, Wake};
use crate::events::{EventType, Message};
use crate::model::node::{Node, Taint};
use crate::model::pod::{ConditionReason, PodCondition};
use crate::model::pod::{NodeRequirement, PodSpec};
use crate::model::Labels;
use crate::store::PodId;
use crate::time::MINUTE;
use std::cell::Cell;
use std::collections::{BTreeSet, VecDeque};
use std::ops::Range;

mod inter_pod_affinity;
mod preemption;
mod volume_binding;
mod window;

/// The score plugins `score_nodes` reports, in order.
const SCORE_PLUGINS: [&str; 6] =
    ["TaintToleration", "NodeAffinity", "NodeResourcesFit", "NodeResourcesBalancedAllocation", "ImageLocality", "PodTopologySpread"];

/// `DefaultMilliCPURequest` / `DefaultMemoryRequest`: what a pod without requests counts
/// as when scoring (never when filtering).
const NONZERO_CPU_M: i64 = 100;
const NONZERO_MEM: i64 = 200 << 20;

/// The scheduler's own view of a node (kube-scheduler's `NodeInfo`): what filtering and
/// scoring read, kept in a flat table rebuilt when nodes change and updated in place when
/// the scheduler binds a pod, so placing a pod never walks the store. The numbers are in
/// `Fit`, a table of their own, and the rest here.
#[derive(Clone, Debug)]
struct NodeInfo {
    /// Shared with the pods bound here (`Pod::node`) and their kubelet events.
    name: std::rc::Rc<str>,
    labels: Labels,
    taints: Vec<Taint>,
    unschedulable: bool,
    /// Images on the node (full reference, size), for ImageLocality.
    images: Vec<(String, u64)>,
    /// Its place in the store, given to the pods bound here.
    slot: Option<crate::model::node::NodeSlot>,
}

/// What filtering and resource scoring read of a node, in one small record: a pod is
/// checked against hundreds of sampled nodes, and this loop is the scheduler's hot path.
#[derive(Clone, Copy, Debug, Default)]
struct Fit {
    cpu_m: i64,
    memory: i64,
    max_pods: i64,
    requested_cpu_m: i64,
    requested_mem: i64,
    pod_count: i64,
    zero_cpu_pods: i64,
    zero_mem_pods: i64,
    /// Schedulable, with no NoSchedule or NoExecute taint: only its resources can turn
    /// away a pod that names no node, selector or required affinity.
    open: bool,
}

impl Fit {
    fn of(n: &Node) -> Fit {
        Fit {
            cpu_m: n.cpu_m,
            memory: n.memory,
            max_pods: n.max_pods,
            requested_cpu_m: n.requested_cpu_m,
            requested_mem: n.requested_mem,
            pod_count: n.pod_count,
            zero_cpu_pods: n.zero_cpu_pods,
            zero_mem_pods: n.zero_mem_pods,
            open: !n.unschedulable && n.taints.iter().all(|t| t.effect == "PreferNoSchedule"),
        }
    }

    /// The resource filters (NodeResourcesFit and the pod count), in their order.
    #[inline(always)]
    fn resources(&self, cpu: i64, mem: i64) -> Result<(), &'static str> {
        if self.pod_count + 1 > self.max_pods {
            return Err("Too many pods");
        }
        if cpu > 0 && self.requested_cpu_m + cpu > self.cpu_m {
            return Err("Insufficient cpu");
        }
        if mem > 0 && self.requested_mem + mem > self.memory {
            return Err("Insufficient memory");
        }
        Ok(())
    }

    /// LeastAllocated and BalancedAllocation, counting pods without requests at the
    /// scoring defaults.
    fn resource_scores(&self, cpu: i64, mem: i64) -> (i64, i64) {
        let (cpu, mem) = (if cpu == 0 { NONZERO_CPU_M } else { cpu }, if mem == 0 { NONZERO_MEM } else { mem });
        let used_cpu = self.requested_cpu_m + self.zero_cpu_pods * NONZERO_CPU_M;
        let used_mem = self.requested_mem + self.zero_mem_pods * NONZERO_MEM;
        let cpu_frac = (used_cpu + cpu) as f64 / self.cpu_m.max(1) as f64;
        let mem_frac = (used_mem + mem) as f64 / self.memory.max(1) as f64;
        let least = ((1.0 - cpu_frac.min(1.0)) * 100.0 + (1.0 - mem_frac.min(1.0)) * 100.0) / 2.0;
        let balanced = (1.0 - (cpu_frac - mem_frac).abs() / 2.0) * 100.0;
        (least as i64, balanced as i64)
    }

    fn account(&mut self, cpu: i64, mem: i64) {
        self.pod_count += 1;
        self.requested_cpu_m += cpu;
        self.requested_mem += mem;
        self.zero_cpu_pods += i64::from(cpu == 0);
        self.zero_mem_pods += i64::from(mem == 0);
    }
}

/// What is left of a node for a pod asking only room (`Fit::resources` on an open node),
/// in three words rather than `Fit`'s nine: the search reads hundreds of these for every
/// pod, and a smaller table stays in the cache. A closed node has no pods left.
#[derive(Clone, Copy, Debug, Default)]
struct Room {
    pods: i64,
    cpu_m: i64,
    memory: i64,
}

impl Room {
    fn of(f: &Fit) -> Room {
        Room {
            pods: if f.open { f.max_pods - f.pod_count } else { i64::MIN },
            cpu_m: f.cpu_m - f.requested_cpu_m,
            memory: f.memory - f.requested_mem,
        }
    }

    /// `Fit::resources` is Ok on an open node; `cpu`/`mem` as `Room::needs` gives them.
    #[inline(always)]
    fn admits(&self, (cpu, mem): (i64, i64)) -> bool {
        self.pods > 0 && self.cpu_m >= cpu && self.memory >= mem
    }

    /// A request of nothing is not checked at all (so fits even an overcommitted node).
    fn needs(cpu: i64, mem: i64) -> (i64, i64) {
        (if cpu > 0 { cpu } else { i64::MIN }, if mem > 0 { mem } else { i64::MIN })
    }
}

/// A pod that asks nothing of a node but room: on an open node only `Fit::resources` can
/// reject it.
fn asks_only_room(spec: &PodSpec) -> bool {
    spec.node_name.is_empty() && spec.node_selector.is_empty() && spec.required_affinity.is_none()
}

impl NodeInfo {
    fn of(n: &Node) -> NodeInfo {
        NodeInfo {
            name: n.meta.name.as_str().into(),
            labels: n.meta.labels.clone(),
            taints: n.taints.clone(),
            unschedulable: n.unschedulable,
            images: n.images.iter().map(|i| (i.name.to_string(), i.size)).collect(),
            slot: None,
        }
    }

    /// The filter plugins in their default order; the first that rejects gives the reason.
    fn filter(&self, fit: &Fit, spec: &PodSpec, cpu: i64, mem: i64) -> Result<(), String> {
        // NodeUnschedulable: a pod tolerating the cordon's taint (a daemon) passes.
        if self.unschedulable && !spec.tolerations.iter().any(|t| t.tolerates("node.kubernetes.io/unschedulable", "", "NoSchedule")) {
            return Err("node(s) were unschedulable".into());
        }
        if !spec.node_name.is_empty() && *spec.node_name != *self.name {
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
        let selector_ok = spec.node_selector.0.iter().all(|(k, v)| self.labels.get(k) == Some(v.as_str()));
        let affinity_ok = spec
            .required_affinity
            .as_ref()
            .is_none_or(|terms| terms.iter().any(|t| !t.is_empty() && t.iter().all(|r| r.matches(&self.name, &self.labels))));
        if !selector_ok || !affinity_ok {
            return Err("node(s) didn't match Pod's node affinity/selector".into());
        }
        fit.resources(cpu, mem).map_err(String::from)
    }

    /// PreferNoSchedule taints the pod does not tolerate (TaintToleration's raw score).
    fn intolerable_prefer(&self, spec: &PodSpec) -> i64 {
        self.taints
            .iter()
            .filter(|t| t.effect == "PreferNoSchedule" && !spec.tolerations.iter().any(|tol| tol.tolerates(&t.key, &t.value, &t.effect)))
            .count() as i64
    }

    /// Sum of the weights of the preferred node affinity terms the node matches.
    fn preferred_weight(&self, spec: &PodSpec) -> i64 {
        spec.preferred_affinity.iter().filter(|(_, t)| t.iter().all(|r| r.matches(&self.name, &self.labels))).map(|(w, _)| *w).sum()
    }
}

#[derive(Clone, Default)]
/// kube-scheduler: its cache of the nodes (kept across cycles and updated in place as it
/// binds), the scoring it remembers, and why recent pods went where they went. The pods
/// waiting for a node are in the API's scheduling queue.
pub struct Scheduler {
    /// The feasible nodes' list, kept between pods for its room.
    feasible: Vec<usize>,
    /// The simulated millisecond being filled, how many pods it placed, and whether the
    /// next one is already asked for.
    cycle_at: crate::time::Millis,
    cycle_count: usize,
    cycle_wake: bool,
    /// Nodes in name order, and where the last search stopped (`nextStartNodeIndex`), so
    /// successive pods start at different nodes.
    cache: Vec<NodeInfo>,
    /// `cache[i]`'s numbers.
    fits: Vec<Fit>,
    /// `Room::of` each of `fits`, kept in step with it.
    rooms: Vec<Room>,
    /// Each block of `rooms`' least room (`window::least_room`), kept in step with it.
    least_rooms: Vec<Room>,
    /// When each block of nodes last changed, for the blocks' remembered best scores.
    stamps: window::Stamps,
    /// The blocks' best scores for pods without an owner.
    unowned_best: Vec<Cell<window::Best>>,
    /// Each node's LeastAllocated + BalancedAllocation + ImageLocality score for pods like
    /// `base_key` (requests, images), `UNSCORED` until asked: only the chosen node's
    /// changes when a pod is placed, so a Deployment's pods reuse the rest.
    base: Vec<Cell<i64>>,
    base_key: BaseKey,
    next_start: usize,
    flush_pending: bool,
    /// Pods of one owner per node (the system default topology spread), by owner uid.
    owner_counts: std::collections::HashMap<String, window::OwnerCounts, crate::hash::FxBuild>,
    /// Each cached node's position by name, for counting an owner's pods: made when first
    /// asked after the nodes changed, not at each count (the mixed benchmark's Jobs
    /// finish pods all along, and each count made it anew, 1,667 names each time).
    positions: std::collections::HashMap<std::rc::Rc<str>, usize, crate::hash::FxBuild>,
    /// How many nodes hold each image (ImageLocality scales by spread).
    image_spread: std::collections::HashMap<String, u32, crate::hash::FxBuild>,
    /// Each image's size on every node of the cache (0 where it is absent), so scoring
    /// a node is an index, not a search of its image list.
    image_sizes: std::collections::HashMap<String, Vec<u64>, crate::hash::FxBuild>,
    /// Whether any node has a PreferNoSchedule taint (TaintToleration scores differ).
    prefer_taints: bool,
    /// Why recent pods went where they went, newest last.
    placements: VecDeque<Placement>,
    /// Pods nominated to a node by preemption, holding room there until placed.
    nominees: Vec<preemption::Nominee>,
}

/// What one node made of one pod.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// A filter rejected the node, with its reason.
    Filtered(String),
    /// The node passed every filter; scores by plugin, weighted total.
    Scored { total: i64, parts: Vec<(&'static str, i64)> },
    /// The node was not looked at (sampling stopped once enough nodes fit).
    NotChecked,
}

/// Why a pod landed where it did (or nowhere).
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub pod_uid: String,
    pub pod: String,
    pub at: crate::time::Millis,
    pub chosen: Option<String>,
    /// Every node's verdict, for clusters of up to `EXPLAIN_NODES` nodes.
    pub nodes: Vec<(String, Verdict)>,
    /// Reasons and how many nodes gave each, for any size.
    pub reasons: Vec<(String, usize)>,
}

/// Pods placed per simulated millisecond (50,000 a second: far above kube-scheduler's
/// real throughput, so a classroom Deployment still lands in one instant, while a
/// 150,000-pod rollout is spread over instants the page can run one frame at a time).
pub const PODS_PER_MS: usize = 50;

/// Clusters up to this size keep a per-node explanation of every placement.
pub const EXPLAIN_NODES: usize = 100;
const PLACEMENTS_KEPT: usize = 512;

impl Scheduler {
    /// A node pulled an image it did not have: ImageLocality's tables take it in, where a
    /// rebuild of the whole cache would copy every node (a rollout's pulls did that once
    /// per scheduling cycle, 22 times for 5,000 nodes). Every node's remembered score goes,
    /// as the image's spread changed.
    fn image_pulled(&mut self, stale: &mut bool, node: &str, image: &str, size: u64) {
        if *stale {
            return;
        }
        // The cache is in node-name order, as the store lists nodes.
        let Ok(i) = self.cache.binary_search_by(|n| (*n.name).cmp(node)) else {
            *stale = true;
            return;
        };
        let total = self.cache.len();
        let n = &mut self.cache[i];
        // Already listed (a Docker engine's image, say): which size a search finds first
        // depends on the order a rebuild makes, so it makes it.
        if n.images.iter().any(|(name, _)| name == image) {
            *stale = true;
            return;
        }
        n.images.push((image.to_string(), size));
        match self.image_spread.get_mut(image) {
            Some(count) => *count += 1,
            None => {
                self.image_spread.insert(image.to_string(), 1);
            }
        }
        match self.image_sizes.get_mut(image) {
            Some(sizes) => sizes[i] = size,
            None => {
                let mut sizes = vec![0; total];
                sizes[i] = size;
                self.image_sizes.insert(image.to_string(), sizes);
            }
        }
        self.base.iter().for_each(|b| b.set(UNSCORED));
        self.stamps.all_changed(total);
    }

    /// Why the pod with this uid was placed where it was, if it is recent enough.
    pub fn placement(&self, pod_uid: &str) -> Option<&Placement> {
        self.placements.iter().rev().find(|p| p.pod_uid == pod_uid)
    }

    fn remember(&mut self, p: Placement) {
        if self.placements.len() >= PLACEMENTS_KEPT {
            self.placements.pop_front();
        }
        self.placements.push_back(p);
    }
}

const MB: f64 = 1024.0 * 1024.0;

/// One pod's scoring, prepared once and asked for each feasible node (`k`-th feasible,
/// node `i` of the cache).
struct Scoring<'a> {
    fits: &'a [Fit],
    base: &'a [Cell<i64>],
    cpu: i64,
    mem: i64,
    /// Raw scores by feasible node, only where they differ between nodes.
    taints: Option<Vec<i64>>,
    max_taint: i64,
    prefs: Option<Vec<i64>>,
    max_pref: i64,
    spread: Option<&'a [u32]>,
    min_c: u32,
    max_c: u32,
    /// PodTopologySpread's score by `count - min_c`, worked out once per pod rather than
    /// divided out per node (empty when the range is too wide to be worth it).
    topology: Vec<i64>,
    /// Per container image: its size on each node (if any node has it), and its spread.
    images: Vec<(Option<&'a [u64]>, f64)>,
    image_range: (f64, f64),
    /// TaintToleration and NodeAffinity's weighted part when it is the same on every node.
    uniform: Option<i64>,
    /// InterPodAffinity's normalized score by feasible node, when the plugin is not skipped.
    pod_affinity: Option<Vec<i64>>,
}

/// What `Scheduler::base` depends on besides the node: the pod's requests and images.
#[derive(Clone, Default)]
struct BaseKey {
    cpu: i64,
    mem: i64,
    /// The containers' images as written, and their full references.
    images: Vec<String>,
    refs: Vec<String>,
}

impl BaseKey {
    fn of(cpu: i64, mem: i64, spec: &PodSpec) -> BaseKey {
        BaseKey {
            cpu,
            mem,
            images: spec.containers.iter().map(|c| c.image.clone()).collect(),
            refs: spec.containers.iter().filter_map(|c| crate::registry::ImageRef::parse(&c.image).ok().map(|r| r.full())).collect(),
        }
    }

    /// Compared without building anything, as it is asked for every pod.
    fn is_for(&self, cpu: i64, mem: i64, spec: &PodSpec) -> bool {
        self.cpu == cpu && self.mem == mem && self.images.iter().eq(spec.containers.iter().map(|c| &c.image))
    }
}

/// A `Scheduler::base` entry not worked out yet.
const UNSCORED: i64 = i64::MIN;

impl Scoring<'_> {
    /// LeastAllocated, BalancedAllocation and ImageLocality: what depends only on the
    /// node and the pod's requests and images.
    fn node_parts(&self, i: usize) -> (i64, i64, i64) {
        let (least, balanced) = self.fits[i].resource_scores(self.cpu, self.mem);
        // ImageLocality: sizes of the pod's images already here, scaled by how many nodes
        // have them, between 23 MB and 1000 MB per container.
        let sum: f64 = self
            .images
            .iter()
            .filter_map(|(sizes, spread)| sizes.map(|s| s[i]).filter(|&size| size > 0).map(|size| size as f64 * spread))
            .sum();
        let (lo, hi) = self.image_range;
        let image = (((sum.clamp(lo, hi) - lo) / (hi - lo)) * 100.0) as i64;
        (least, balanced, image)
    }

    /// The scores that differ between the feasible nodes, normalized over them.
    #[inline(always)]
    fn spread_parts(&self, k: usize, i: usize) -> (i64, i64, i64) {
        let taint = self.taints.as_ref().map_or(100, |t| 100 - t[k] * 100 / self.max_taint);
        let affinity = self.prefs.as_ref().map_or(0, |p| p[k] * 100 / self.max_pref);
        (taint, affinity, self.topology(i))
    }

    /// PodTopologySpread's normalized score of node `i`.
    #[inline(always)]
    fn topology(&self, i: usize) -> i64 {
        match self.spread {
            Some(s) if self.max_c != self.min_c => {
                let count = s.get(i).copied().unwrap_or(0);
                match self.topology.get(count.wrapping_sub(self.min_c) as usize) {
                    Some(&score) => score,
                    None => i64::from(self.max_c - count) * 100 / i64::from(self.max_c - self.min_c),
                }
            }
            _ => 100,
        }
    }

    /// Scores by plugin in the order of `SCORE_PLUGINS`, then InterPodAffinity's when it
    /// ran, and their weighted total.
    fn parts(&self, k: usize, i: usize) -> (i64, Vec<(&'static str, i64)>) {
        let (least, balanced, image) = self.node_parts(i);
        let (taint, affinity, topology) = self.spread_parts(k, i);
        let mut parts: Vec<(&'static str, i64)> =
            SCORE_PLUGINS.into_iter().zip([taint, affinity, least, balanced, image, topology]).collect();
        let pod_affinity = self.pod_affinity.as_ref().map(|s| s[k]);
        if let Some(s) = pod_affinity {
            parts.push(("InterPodAffinity", s));
        }
        (3 * taint + 2 * affinity + least + balanced + image + 2 * topology + 2 * pod_affinity.unwrap_or(0), parts)
    }

    /// The weighted total, with the node's own part remembered across pods. Asked for
    /// every sampled node of every pod (75 million times in a 150,000-pod rollout), so the
    /// parts that are the same on every node are not asked for.
    #[inline(always)]
    fn total(&self, k: usize, i: usize) -> i64 {
        let base = self.base(i);
        let fixed = self.uniform.unwrap_or_else(|| {
            let (taint, affinity, _) = self.spread_parts(k, i);
            3 * taint + 2 * affinity
        });
        let pod_affinity = self.pod_affinity.as_ref().map_or(0, |s| 2 * s[k]);
        fixed + base + 2 * self.topology(i) + pod_affinity
    }

    /// The node's own part, remembered across pods.
    #[inline(always)]
    fn base(&self, i: usize) -> i64 {
        let base = self.base[i].get();
        if base != UNSCORED {
            return base;
        }
        self.rescore(i)
    }

    /// Rare (a node a pod was just placed on, or every node after a pull), and kept out
    /// of the loops that ask `base` for every sampled node.
    #[cold]
    #[inline(never)]
    fn rescore(&self, i: usize) -> i64 {
        let (least, balanced, image) = self.node_parts(i);
        let base = least + balanced + image;
        self.base[i].set(base);
        base
    }

    /// The node `selectHost` picks from the feasible ones. A pod whose other scores are the
    /// same on every node (the usual Deployment's) is totalled by a loop of its own that
    /// asks each node only its remembered part and its owner's count: a 150,000-pod
    /// rollout totals 75 million nodes.
    /// `sampled`: the feasible nodes are these ranges of the cache in order, and the
    /// blocks' remembered bests may stand for their nodes (`window::select_host`).
    fn select_host(&self, feasible: &[usize], sampled: Option<(&[Range<usize>; 2], window::Blocks)>, rng: &mut crate::rng::Rng) -> usize {
        let even = self.spread.is_none() || self.max_c == self.min_c;
        match (self.uniform, &self.pod_affinity) {
            (Some(fixed), None) if even || !self.topology.is_empty() => {
                // An even spread scores 100 everywhere: a table of that one score, which
                // every node's count (none) finds.
                let (counts, table, min_c) = match self.spread {
                    Some(counts) if !even => (counts, self.topology.as_slice(), self.min_c),
                    _ => (&[][..], &EVEN_SPREAD[..], 0),
                };
                let topology = |i: usize| {
                    let count = counts.get(i).copied().unwrap_or(0);
                    table.get(count.wrapping_sub(min_c) as usize).copied().unwrap_or_else(|| self.topology(i))
                };
                match sampled {
                    // `fixed` is the same on every node, so the blocks compare without it.
                    Some((range, blocks)) => window::select_host(range, self.fits.len(), &blocks, rng, |i| self.base(i) + 2 * topology(i)),
                    None => select_host(feasible, rng, |_, i| fixed + self.base(i) + 2 * topology(i)),
                }
            }
            _ => select_host(feasible, rng, |k, i| self.total(k, i)),
        }
    }
}

/// PodTopologySpread's score on every node when the owner's pods are spread evenly.
const EVEN_SPREAD: [i64; 1] = [100];

/// `selectHost`: the highest total wins; ties are broken at random, one draw for each
/// tie met, as its reservoir sampling makes them.
#[inline(always)]
fn select_host(feasible: &[usize], rng: &mut crate::rng::Rng, total: impl Fn(usize, usize) -> i64) -> usize {
    let mut best = (i64::MIN, usize::MAX);
    let mut ties = 0u32;
    for (k, &i) in feasible.iter().enumerate() {
        let s = total(k, i);
        if s > best.0 || best.1 == usize::MAX {
            best = (s, i);
            ties = 0;
        } else if s == best.0 {
            ties += 1;
            if rng.below(ties + 1) == 0 {
                best = (s, i);
            }
        }
    }
    best.1
}

impl Scheduler {
    /// The score plugins with their default weights, with what each plugin's
    /// NormalizeScore needs worked out once over the feasible nodes (`counts`: the least
    /// and most of the owner's pods on one of them). A method of the
    /// scheduler alone, so the cluster's random source stays free for `selectHost`.
    fn scoring<'a>(&'a self, spec: &PodSpec, feasible: &[usize], spread: Option<&'a [u32]>, counts: (u32, u32)) -> Scoring<'a> {
        let cache = &self.cache;
        let total_nodes = cache.len().max(1) as f64;
        // Plugins whose raw score cannot differ between nodes for this pod are not asked
        // per node: no PreferNoSchedule taint anywhere, no preferred affinity, no owner.
        let taints: Option<Vec<i64>> = self.prefer_taints.then(|| feasible.iter().map(|&i| cache[i].intolerable_prefer(spec)).collect());
        let max_taint = taints.as_ref().and_then(|t| t.iter().copied().max()).unwrap_or(0);
        let prefs: Option<Vec<i64>> =
            (!spec.preferred_affinity.is_empty()).then(|| feasible.iter().map(|&i| cache[i].preferred_weight(spec)).collect());
        let max_pref = prefs.as_ref().and_then(|p| p.iter().copied().max()).unwrap_or(0);
        let (min_c, max_c) = counts;
        let BaseKey { cpu, mem, refs, .. } = &self.base_key;
        // Each image's sizes by node and how widely it is spread, looked up once per pod.
        let images = refs
            .iter()
            .map(|img| {
                let spread = *self.image_spread.get(img).unwrap_or(&1) as f64 / total_nodes;
                (self.image_sizes.get(img).map(Vec::as_slice), spread)
            })
            .collect();
        let mut scoring = Scoring {
            fits: &self.fits,
            base: &self.base,
            cpu: *cpu,
            mem: *mem,
            taints: taints.filter(|_| max_taint > 0),
            max_taint,
            prefs: prefs.filter(|_| max_pref > 0),
            max_pref,
            spread,
            min_c: min_c.min(max_c),
            max_c,
            topology: if spread.is_some() && max_c > min_c && max_c - min_c <= 4096 {
                (min_c..=max_c).map(|c| i64::from(max_c - c) * 100 / i64::from(max_c - min_c)).collect()
            } else {
                vec![]
            },
            images,
            image_range: (23.0 * MB, 1000.0 * MB * refs.len().max(1) as f64),
            uniform: None,
            pod_affinity: None,
        };
        if scoring.taints.is_none() && scoring.prefs.is_none() {
            // TaintToleration 100 (weight 3), NodeAffinity 0 (weight 2).
            scoring.uniform = Some(3 * 100);
        }
        scoring
    }
}

/// NodeAffinity's PreFilter result for required terms: the nodes named by `metadata.name
/// In` field requirements (intersected within a term, united across terms), or `None`
/// when a term names none, since then any node may match.
fn named_nodes(terms: &[Vec<NodeRequirement>]) -> Option<BTreeSet<String>> {
    let mut all = BTreeSet::new();
    for term in terms {
        let mut names: Option<BTreeSet<String>> = None;
        for r in term.iter().filter(|r| r.field && r.key == "metadata.name" && r.operator == "In") {
            let values: BTreeSet<String> = r.values.iter().cloned().collect();
            names = Some(match names {
                None => values,
                Some(n) => n.intersection(&values).cloned().collect(),
            });
        }
        all.extend(names?);
    }
    Some(all)
}

/// What the nodes a DaemonSet's pod does not name are told (`framework.NodeToStatus`'s
/// absent nodes after a PreFilter result) and what terms naming no common node say.
const NAMED_NODES_ONLY: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
const NAMED_NODES_CONFLICT: &str = "pod affinity terms conflict";

/// `numFeasibleNodesToFind` with the adaptive percentage.
fn nodes_to_find(total: usize) -> usize {
    if total < 100 {
        return total;
    }
    let pct = (50 - total as i64 / 125).max(5) as usize;
    (total * pct / 100).max(100)
}

impl Scheduler {
    /// Places the pods in the active queue, or explains why one cannot be placed, at most
    /// `PODS_PER_MS` in one simulated millisecond: kube-scheduler takes pods one at a time,
    /// so a Deployment of thousands is placed over a stretch of time, not in one instant.
    pub(crate) fn schedule_pending(&mut self, api: &mut Api) {
        // The pulls since the last cycle go into ImageLocality's tables first, in order.
        if !api.queues.scheduling.pulled.is_empty() {
            let queue = &mut api.queues.scheduling;
            for (node, image, size) in std::mem::take(&mut queue.pulled) {
                self.image_pulled(&mut queue.stale, &node, &image, size);
            }
        }
        if self.cycle_at != api.now {
            self.cycle_at = api.now;
            self.cycle_count = 0;
        }
        while let Some(&(id, serial)) = api.queues.scheduling.active.front() {
            if self.cycle_count >= PODS_PER_MS {
                if !self.cycle_wake {
                    self.cycle_wake = true;
                    api.wake_at(api.now + 1, Wake::SchedulerCycle);
                }
                return;
            }
            api.queues.scheduling.active.pop_front();
            let Some(pod) = api.store.pod_if(id, serial) else { continue };
            if !pod.node.is_empty() || pod.meta.deletion.is_some() {
                continue;
            }
            self.cycle_count += 1;
            self.schedule_one(api, id, serial);
        }
    }

    /// The next millisecond of placements is due.
    pub(crate) fn cycle(&mut self) {
        self.cycle_wake = false;
    }

    fn rebuild_cache(&mut self, api: &mut Api) {
        let nodes = &api.store.nodes;
        let mut cache: Vec<NodeInfo> = nodes.values().map(|n| NodeInfo { slot: nodes.slot_of(&n.meta.name), ..NodeInfo::of(n) }).collect();
        let same_names = cache.len() == self.cache.len() && cache.iter().zip(&self.cache).all(|(a, b)| a.name == b.name);
        self.fits = api.store.nodes.values().map(Fit::of).collect();
        self.rooms = self.fits.iter().map(Room::of).collect();
        self.least_rooms = (0..window::blocks(self.rooms.len())).map(|b| window::least_room(&self.rooms, b)).collect();
        if api.preset.shares_docker_images() {
            for n in &mut cache {
                n.images.extend(api.docker.images.values().map(|i| (i.reference.full(), i.size)));
            }
        }
        let mut spread: std::collections::HashMap<String, u32, crate::hash::FxBuild> = Default::default();
        let mut sizes: std::collections::HashMap<String, Vec<u64>, crate::hash::FxBuild> = Default::default();
        for (i, n) in cache.iter().enumerate() {
            // Backwards, so a name listed twice keeps its first size, as a search would.
            for (name, size) in n.images.iter().rev() {
                match spread.get_mut(name) {
                    Some(count) => *count += 1,
                    None => {
                        spread.insert(name.clone(), 1);
                    }
                }
                match sizes.get_mut(name) {
                    Some(by_node) => by_node[i] = *size,
                    None => {
                        let mut by_node = vec![0; cache.len()];
                        by_node[i] = *size;
                        sizes.insert(name.clone(), by_node);
                    }
                }
            }
        }
        self.base = vec![Cell::new(UNSCORED); cache.len()];
        self.stamps.all_changed(cache.len());
        self.unowned_best = vec![Cell::default(); window::blocks(cache.len())];
        self.cache = cache;
        self.image_spread = spread;
        self.image_sizes = sizes;
        self.prefer_taints = self.cache.iter().any(|n| n.taints.iter().any(|t| t.effect == "PreferNoSchedule"));
        // The counts are by node position: kept only when the same nodes are in the same
        // places and no pod came or went behind the scheduler's back (a rollout's image
        // pulls rebuild the cache thousands of times).
        if api.queues.scheduling.counts_stale || !same_names {
            self.owner_counts.clear();
        }
        if !same_names {
            self.positions.clear();
        }
        api.queues.scheduling.counts_stale = false;
        api.queues.scheduling.stale = false;
    }

    /// Counts the pods of `owner` on each node of the cache, once until pods come or go
    /// other than by this scheduler's placements (which keep the counts up to date).
    fn ensure_owner_counts(&mut self, api: &Api, owner: &str) {
        if self.owner_counts.contains_key(owner) {
            return;
        }
        if self.positions.len() != self.cache.len() {
            self.positions = self.cache.iter().enumerate().map(|(i, n)| (n.name.clone(), i)).collect();
        }
        let mut counts = vec![0u32; self.cache.len()];
        for id in api.store.pods_by_owner.get(owner).into_iter().flatten() {
            if let Some(i) = api.store.pod(*id).filter(|p| p.is_active()).and_then(|p| self.positions.get(&*p.node)) {
                counts[*i] += 1;
            }
        }
        self.owner_counts.insert(owner.to_string(), window::OwnerCounts::new(counts));
    }

    fn schedule_one(&mut self, api: &mut Api, id: PodId, serial: u64) {
        if api.queues.scheduling.stale || self.cache.len() != api.store.nodes.len() {
            self.rebuild_cache(api);
        }
        self.prune_nominees(api);
        let pod = api.store.pod(id).expect("queued pod exists");
        let spec = &pod.spec;
        let owner = pod.meta.controller().map(|o| o.uid.clone());
        let (cpu, mem) = spec.requests();
        let total = self.cache.len();
        let explain = total <= EXPLAIN_NODES;
        // NodeAffinity's PreFilter: required terms that name their nodes (a DaemonSet's
        // pods) are the only nodes filtered; every other node is turned away in one word.
        let named = spec.required_affinity.as_deref().and_then(named_nodes);
        if named.as_ref().is_some_and(BTreeSet::is_empty) {
            self.pre_filter_rejected(api, id, serial, total, NAMED_NODES_CONFLICT.to_string());
            return;
        }
        let pod = api.store.pod(id).expect("queued pod exists");
        let spec = &pod.spec;
        // The cache is sorted by name, as the set is: the nodes keep the cache's order.
        let only: Option<Vec<usize>> = named.map(|names| names.iter().filter_map(|n| self.index_of(n)).collect());
        let volumes = match volume_binding::pre_filter(api, &pod.meta.namespace, spec) {
            Ok(v) => v,
            Err(reason) => {
                self.pre_filter_rejected(api, id, serial, total, reason);
                return;
            }
        };
        let incoming = inter_pod_affinity::Incoming { namespace: &pod.meta.namespace, labels: &pod.meta.labels, spec };
        let affinity = inter_pod_affinity::pre_filter(api, &incoming);
        let searched = only.as_ref().map_or(total, Vec::len);
        let want = nodes_to_find(searched);
        // The room pods nominated by preemption hold, for pods of no higher priority.
        let held: Vec<(usize, Fit)> = preemption::held_room(&self.nominees, id, spec.priority)
            .into_iter()
            .filter_map(|(node, c, m, n)| self.index_of(&node).map(|i| (i, self.fits[i].with(c, m, n))))
            .collect();
        let room_only =
            asks_only_room(spec) && volumes.as_ref().is_none_or(volume_binding::VolumeCheck::admits_every_node) && affinity.is_none();
        // Kept from the last pod at its length, so that making room for this pod's finds
        // writes nothing when it wants as many as that one found.
        let mut feasible = std::mem::take(&mut self.feasible);
        let mut reasons: Vec<(String, usize)> = Vec::new();
        // Nodes turned away for a reason evicting pods may fix (`framework.Unschedulable`).
        let mut resolvable: Vec<usize> = Vec::new();
        let mut verdicts: Vec<Verdict> = if explain { vec![Verdict::NotChecked; total] } else { vec![] };
        let start = if searched == 0 { 0 } else { self.next_start % searched };
        let mut checked = 0;
        if let Some(o) = owner.as_deref() {
            self.ensure_owner_counts(api, o);
        }
        // Borrowed, not copied: one count per node, for every pod placed.
        let counts = owner.as_deref().and_then(|o| self.owner_counts.get(o));
        let spread = counts.map(|c| c.nodes.as_slice());
        // The least and most of the owner's pods on a feasible node, gathered while the
        // nodes are filtered rather than in a pass of their own.
        let (mut min_c, mut max_c) = (u32::MAX, 0);
        // Slices, not vectors: at the page's opt-level a vector's indexing is a call.
        let (cache, fits, rooms) = (self.cache.as_slice(), self.fits.as_slice(), self.rooms.as_slice());
        // Without room held by nominees, a pod asking only room is judged by `rooms` alone.
        let by_room = room_only && held.is_empty();
        let needs = Room::needs(cpu, mem);
        let full_filter = |i: usize, fit: &Fit| -> Result<(), String> {
            cache[i]
                .filter(fit, spec, cpu, mem)
                .and_then(|()| match &volumes {
                    Some(v) => volume_binding::filter(v, &cache[i].name, &cache[i].labels).map_err(String::from),
                    None => Ok(()),
                })
                .and_then(|()| match &affinity {
                    Some(a) => inter_pod_affinity::filter(a, &cache[i].labels).map_err(String::from),
                    None => Ok(()),
                })
        };
        let fit_of = |i: usize| -> &Fit { held.iter().find(|(k, _)| *k == i).map_or(&fits[i], |(_, f)| f) };
        // `evaluateNominatedNode`: the node preemption made room on is tried first, and
        // taken without scoring when the pod fits there.
        let nominated = (!pod.status.nominated_node_name().is_empty()).then(|| self.index_of(pod.status.nominated_node_name())).flatten();
        let mut nominated_unresolvable = false;
        let mut search = true;
        if let Some(i) = nominated {
            match full_filter(i, fit_of(i)) {
                Ok(()) => {
                    feasible.clear();
                    feasible.push(i);
                    search = false;
                }
                Err(reason) => nominated_unresolvable = !resolvable_reason(&reason),
            }
        }
        // Filled by index rather than pushed: in the page's size-optimised build a push is
        // a call, and this loop runs hundreds of times for every pod.
        let mut found = usize::from(!search);
        if search {
            feasible.truncate(want);
            feasible.resize(want, 0);
        }
        // The usual case, a Deployment's pod in a cluster with room: each of the next `want`
        // nodes admits it. That is asked of `rooms` alone, a block at a time, and the nodes
        // are then taken in the order the search below would take them, with their owner's
        // counts. The window is kept for `selectHost` to read by blocks too.
        let mut scan = search;
        let mut sampled = None;
        if search && by_room && only.is_none() {
            let end = start + want;
            let range = [start..end.min(searched), 0..end.saturating_sub(searched)];
            if window::all_admit(rooms, &self.least_rooms, &range, needs) {
                // Two runs of indices, each a loop the compiler widens.
                feasible.clear();
                feasible.extend(range[0].clone());
                feasible.extend(range[1].clone());
                if let Some(c) = counts {
                    (min_c, max_c) = c.range(&range, (min_c, max_c));
                }
                (found, checked, scan) = (want, want, false);
                sampled = Some(range);
            }
        }
        for k in 0..if scan { searched } else { 0 } {
            let j = if start + k < searched { start + k } else { start + k - searched };
            let i = only.as_ref().map_or(j, |o| o[j]);
            checked += 1;
            // The common case without building a reason: an open node with room.
            let verdict = if by_room && rooms[i].admits(needs) { Ok(()) } else { full_filter(i, fit_of(i)) };
            match verdict {
                Ok(()) => {
                    let count = spread.map_or(0, |s| s.get(i).copied().unwrap_or(0));
                    (min_c, max_c) = (min_c.min(count), max_c.max(count));
                    if let Some(slot) = feasible.get_mut(found) {
                        *slot = i;
                    }
                    found += 1;
                    if found >= want {
                        break;
                    }
                }
                Err(reason) => {
                    if resolvable_reason(&reason) {
                        resolvable.push(i);
                    }
                    if explain {
                        verdicts[i] = Verdict::Filtered(reason.clone());
                    }
                    match reasons.iter_mut().find(|(r, _)| *r == reason) {
                        Some(entry) => entry.1 += 1,
                        None => reasons.push((reason, 1)),
                    }
                }
            }
        }
        feasible.truncate(found);
        if total > 0 {
            self.next_start = (self.next_start + checked) % total;
        }
        if let Some(o) = only.as_ref().filter(|o| o.len() < total) {
            reasons.push((NAMED_NODES_ONLY.to_string(), total - o.len()));
            if explain {
                for (_, v) in verdicts.iter_mut().enumerate().filter(|(i, _)| o.binary_search(i).is_err()) {
                    *v = Verdict::Filtered(NAMED_NODES_ONLY.to_string());
                }
            }
        }
        if feasible.is_empty() {
            // DefaultPreemption: a dry run on every node a victim's eviction may help.
            let post = match preemption::eligible(api, pod, nominated_unresolvable) {
                Err(why) => PostFilter::NotEligible(why),
                Ok(()) => {
                    let potential = resolvable.len();
                    let wanted = preemption::candidates_wanted(potential);
                    // kube-scheduler starts at a random node; the search's own start serves here.
                    let offset = if potential > wanted { self.next_start % potential } else { 0 };
                    let (mut clean, mut breaking) = (Vec::new(), Vec::new());
                    let mut rejected: Vec<(String, usize)> = Vec::new();
                    // No pod of lower priority was ever created: every node would say so.
                    let outranks = api.store.lowest_priority.is_some_and(|low| low < spec.priority);
                    if !outranks && potential > 0 {
                        rejected.push((preemption::NO_VICTIMS.to_string(), potential));
                    }
                    for k in 0..if outranks { potential } else { 0 } {
                        let i = resolvable[(offset + k) % potential];
                        match preemption::select_victims(api, i, &cache[i], *fit_of(i), spec, &|f: &Fit| full_filter(i, f)) {
                            preemption::DryRun::Candidate(c) if c.violations() == 0 => clean.push(c),
                            preemption::DryRun::Candidate(c) => breaking.push(c),
                            preemption::DryRun::Rejected(reason) => match rejected.iter_mut().find(|(r, _)| *r == reason) {
                                Some(e) => e.1 += 1,
                                None => rejected.push((reason, 1)),
                            },
                        }
                        if !clean.is_empty() && clean.len() + breaking.len() >= wanted {
                            break;
                        }
                    }
                    clean.extend(breaking);
                    match preemption::pick_one(clean) {
                        Some(c) => PostFilter::Nominate(c),
                        None => PostFilter::NoCandidate(rejected),
                    }
                }
            };
            let nodes = if explain { self.cache.iter().map(|n| n.name.to_string()).zip(verdicts).collect() } else { vec![] };
            let (pod_uid, pod) = Self::pod_names(api, id);
            let placement = Placement { pod_uid, pod, at: api.now, chosen: None, nodes, reasons: reasons.clone() };
            self.remember(placement);
            self.feasible = feasible;
            self.unschedulable(api, id, serial, total, reasons, post);
            return;
        }
        if !self.base_key.is_for(cpu, mem, spec) {
            self.base.iter().for_each(|b| b.set(UNSCORED));
            self.stamps.all_changed(total);
            self.base_key = BaseKey::of(cpu, mem, spec);
        }
        let mut scoring = self.scoring(spec, &feasible, spread, (min_c, max_c));
        if let Some(prefs) = inter_pod_affinity::pre_score(api, &incoming) {
            let raw: Vec<i64> = feasible.iter().map(|&i| prefs.score(&self.cache[i].labels)).collect();
            scoring.pod_affinity = Some(inter_pod_affinity::normalize(&raw));
        }
        if explain {
            for (k, &fi) in feasible.iter().enumerate() {
                let (total, parts) = scoring.parts(k, fi);
                debug_assert_eq!(total, scoring.total(k, fi), "a remembered score is the score");
                verdicts[fi] = Verdict::Scored { total, parts };
            }
        }
        let best = counts.map_or(self.unowned_best.as_slice(), |c| c.best.as_slice());
        let blocks = sampled.as_ref().map(|range| (range, window::Blocks { stamps: &self.stamps, best, spread: (min_c, max_c) }));
        let i = scoring.select_host(&feasible, blocks, &mut api.rng);
        self.fits[i].account(cpu, mem);
        self.rooms[i] = Room::of(&self.fits[i]);
        self.least_rooms[i / window::BLOCK] = window::least_room(&self.rooms, i / window::BLOCK);
        self.base[i].set(UNSCORED);
        self.stamps.changed(i);
        if let Some(counts) = owner.as_deref().and_then(|o| self.owner_counts.get_mut(o)) {
            counts.add(i);
        }
        let (node, slot) = (self.cache[i].name.clone(), self.cache[i].slot);
        if explain {
            let nodes = self.cache.iter().map(|n| n.name.to_string()).zip(verdicts).collect();
            let (pod_uid, pod) = Self::pod_names(api, id);
            let placement = Placement { pod_uid, pod, at: api.now, chosen: Some(node.to_string()), nodes, reasons };
            self.remember(placement);
        }
        self.feasible = feasible;
        if let Some(v) = &volumes {
            volume_binding::assume(api, v, &node);
        }
        self.nominees.retain(|n| n.id != id);
        Self::bind(api, id, serial, &node, slot);
    }

    /// A PreFilter plugin (VolumeBinding) turned the pod away before any node was looked
    /// at: the reason stands alone in the message, and every node shows it in `why`.
    fn pre_filter_rejected(&mut self, api: &mut Api, id: PodId, serial: u64, total: usize, reason: String) {
        let nodes = if total <= EXPLAIN_NODES {
            self.cache.iter().map(|n| (n.name.to_string(), Verdict::Filtered(reason.clone()))).collect()
        } else {
            vec![]
        };
        let (pod_uid, pod) = Self::pod_names(api, id);
        let placement = Placement { pod_uid, pod, at: api.now, chosen: None, nodes, reasons: vec![(reason.clone(), total)] };
        self.remember(placement);
        let never = api.store.pod(id).is_some_and(|p| p.spec.never_preempts);
        let msg = if never {
            format!("0/{total} nodes are available: {reason}. preemption: {}", preemption::POLICY_NEVER)
        } else {
            self.nominate(api, id, None);
            format!("0/{total} nodes are available: {reason}. preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.")
        };
        self.record_unschedulable(api, id, serial, msg);
    }

    /// The pod's uid and `namespace/name`, for a placement's explanation.
    fn pod_names(api: &Api, id: PodId) -> (String, String) {
        api.store.pod(id).map(|p| (p.meta.uid.clone(), format!("{}/{}", p.meta.namespace, p.meta.name))).unwrap_or_default()
    }

    fn unschedulable(&mut self, api: &mut Api, id: PodId, serial: u64, total: usize, reasons: Vec<(String, usize)>, post: PostFilter) {
        let mut parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        parts.sort();
        let mut msg = format!("0/{total} nodes are available:");
        if parts.is_empty() {
            msg.push_str(" no nodes available to schedule pods.");
            self.record_unschedulable(api, id, serial, msg);
            return;
        }
        msg.push(' ');
        msg.push_str(&parts.join(", "));
        msg.push('.');
        match post {
            PostFilter::NotEligible(why) => {
                if why == preemption::TERMINATING {
                    // Its victims are still going: kube-scheduler does not try the pod again
                    // until one is gone, so it waits without a word.
                    self.park(api, id, serial);
                    return;
                }
                msg.push_str(&format!(" preemption: {why}"));
            }
            PostFilter::NoCandidate(mut statuses) => {
                // The dry run's reasons, and "not helpful" for every node it did not try.
                let tried: usize = statuses.iter().map(|(_, n)| n).sum();
                if total > tried {
                    statuses.push((preemption::NOT_HELPFUL.to_string(), total - tried));
                }
                let mut pre: Vec<String> = statuses.iter().map(|(r, n)| format!("{n} {r}")).collect();
                pre.sort();
                msg.push_str(&format!(" preemption: 0/{total} nodes are available: {}.", pre.join(", ")));
                self.nominate(api, id, None);
            }
            PostFilter::Nominate(c) => {
                let node = self.cache[c.node].name.clone();
                preemption_evict(api, id, &node, &c.victims);
                self.nominate(api, id, Some(node));
            }
        }
        self.record_unschedulable(api, id, serial, msg);
    }

    fn index_of(&self, node: &str) -> Option<usize> {
        self.cache.binary_search_by(|n| (*n.name).cmp(node)).ok()
    }

    /// Forgets nominations of pods gone, placed, or nominated elsewhere since.
    fn prune_nominees(&mut self, api: &Api) {
        self.nominees.retain(|n| {
            api.store
                .pod_if(n.id, n.serial)
                .is_some_and(|p| p.node.is_empty() && p.meta.deletion.is_none() && p.status.nominated_node_name() == &*n.node)
        });
    }

    /// Sets (or with `None` clears) the pod's `nominatedNodeName`. A new nomination takes
    /// it from the pods of lower priority nominated to the same node
    /// (`getLowerPriorityNominatedPods`), which are tried again at once.
    fn nominate(&mut self, api: &mut Api, id: PodId, node: Option<std::rc::Rc<str>>) {
        self.nominees.retain(|n| n.id != id);
        let Some(pod) = api.store.pod(id) else { return };
        let (priority, serial) = (pod.spec.priority, api.store.serial(id).unwrap_or(0));
        let (cpu, mem) = pod.spec.requests();
        if let Some(node) = &node {
            let lower: Vec<preemption::Nominee> =
                self.nominees.iter().filter(|n| n.node == *node && n.priority < priority).cloned().collect();
            self.nominees.retain(|n| !(n.node == *node && n.priority < priority));
            for n in lower {
                if let Some(p) = api.store.pod_mut(n.id) {
                    p.status.nominate("");
                }
                api.queues.scheduling.unschedulable.retain(|u| u.0 != n.id);
                api.queues.scheduling.enqueue(n.id, n.serial);
            }
            self.nominees.push(preemption::Nominee { id, serial, node: node.clone(), priority, cpu, mem });
        }
        let name = node.map(|n| n.to_string()).unwrap_or_default();
        if api.store.pod(id).is_some_and(|p| p.status.nominated_node_name() != name) {
            let rv = api.store.next_rv();
            if let Some(p) = api.store.pod_mut(id) {
                p.status.nominate(&name);
                p.meta.resource_version = rv;
            }
        }
    }

    /// The FailedScheduling event and condition; the pod waits for a change or the
    /// periodic flush.
    fn record_unschedulable(&mut self, api: &mut Api, id: PodId, serial: u64, msg: String) {
        let r = api.pod_ref(id);
        api.record(r, EventType::Warning, "default-scheduler", None, "FailedScheduling", msg.clone());
        let now = api.now;
        if let Some(p) = api.store.pod_mut(id) {
            p.status.set_condition(PodCondition::PodScheduled, false, ConditionReason::Unschedulable, &msg, now);
        }
        self.park(api, id, serial);
    }

    /// The pod waits among the unschedulable for a change or the periodic flush.
    fn park(&mut self, api: &mut Api, id: PodId, serial: u64) {
        let now = api.now;
        api.queues.scheduling.unschedulable.push((id, serial));
        if !self.flush_pending {
            self.flush_pending = true;
            // `podMaxInUnschedulablePodsDuration`: retried at least every 5 minutes.
            api.wake_at(now + 5 * MINUTE, Wake::SchedulerFlush);
        }
    }

    /// The periodic flush: pods that could not be placed are tried again.
    pub(crate) fn flush(&mut self, api: &mut Api) {
        self.flush_pending = false;
        api.queues.scheduling.cluster_changed();
    }

    fn bind(api: &mut Api, id: PodId, serial: u64, node: &std::rc::Rc<str>, slot: Option<crate::model::node::NodeSlot>) {
        let now = api.now;
        let (cpu, mem) = api.store.pod(id).expect("bound pod exists").spec.requests();
        let rv = api.store.next_rv();
        let pod = api.store.pod_mut(id).expect("bound pod exists");
        pod.node = node.clone();
        pod.runtime.node_slot = slot;
        pod.meta.resource_version = rv;
        pod.status.set_condition(PodCondition::PodScheduled, true, ConditionReason::None, "", now);
        api.store.bind_pod(id, node);
        api.store.node_of_mut(id).expect("scheduled onto a known node").account(cpu, mem, 1);
        let r = api.pod_ref_shared(id);
        api.record(r, EventType::Normal, "default-scheduler", None, "Scheduled", Message::Assigned(node.clone()));
        crate::kubelet::pod_bound(api, id, serial);
    }
}

/// What DefaultPreemption made of a pod that fits nowhere.
enum PostFilter {
    /// `PodEligibleToPreemptOthers` said no, with its reason.
    NotEligible(&'static str),
    /// No node where evicting pods helps: the dry run's reasons, with how many nodes
    /// gave each.
    NoCandidate(Vec<(String, usize)>),
    /// Evict these victims and nominate the pod to their node.
    Nominate(preemption::Candidate),
}

/// Whether a filter's reason is one evicting pods may resolve (`framework.Unschedulable`
/// rather than `UnschedulableAndUnresolvable`): NodeResourcesFit's, and InterPodAffinity's
/// anti-affinity ones.
fn resolvable_reason(reason: &str) -> bool {
    reason.starts_with("Insufficient")
        || reason == "Too many pods"
        || reason == inter_pod_affinity::ANTI_AFFINITY_NOT_MATCH
        || reason == inter_pod_affinity::EXISTING_ANTI_AFFINITY
}

/// `PreemptPod` for each victim not already going: the DisruptionTarget condition, a
/// graceful delete, and the `Preempted` event (reason Preempted, action Preempting).
fn preemption_evict(api: &mut Api, preemptor: PodId, node: &str, victims: &[PodId]) {
    let uid = api.store.pod(preemptor).map(|p| p.meta.uid.clone()).unwrap_or_default();
    let scheduler =
        api.store.pod(preemptor).and_then(|p| p.spec.raw.get("schedulerName").and_then(crate::value::Value::as_str).map(String::from));
    let scheduler = scheduler.unwrap_or_else(|| "default-scheduler".into());
    for &victim in victims {
        let now = api.now;
        let Some(p) = api.store.pod_mut(victim) else { continue };
        if p.meta.deletion.is_some() {
            continue;
        }
        let message = format!("{scheduler}: preempting to accommodate a higher priority pod");
        p.status.set_condition(PodCondition::DisruptionTarget, true, ConditionReason::PreemptionByScheduler, &message, now);
        let (ns, name) = (p.meta.namespace.clone(), p.meta.name.clone());
        let r = api.pod_ref_shared(victim);
        // Recorded as the delete returns, before the kubelet has stopped anything.
        api.record(r, EventType::Normal, "default-scheduler", None, "Preempted", format!("Preempted by pod {uid} on node {node}"));
        let _ = crate::apiserver::delete(api, crate::model::Kind::Pod, &ns, &name, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ImageLocality's spread and sizes by image, and each node's images.
    type ImageTables = (Vec<(String, u32)>, Vec<(String, Vec<u64>)>, Vec<Vec<(String, u64)>>);

    /// ImageLocality's tables and each node's images, in a comparable order.
    fn image_tables(c: &crate::Cluster) -> ImageTables {
        let s = &c.scheduler;
        let mut spread: Vec<_> = s.image_spread.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let mut sizes: Vec<_> = s.image_sizes.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        spread.sort();
        sizes.sort();
        let mut images: Vec<Vec<(String, u64)>> = s.cache.iter().map(|n| n.images.clone()).collect();
        images.iter_mut().for_each(|i| i.sort());
        (spread, sizes, images)
    }

    #[test]
    fn pulls_taken_in_one_by_one_leave_the_tables_a_rebuild_makes() {
        let mut c = crate::bench::cluster(6);
        crate::bench::apply(&mut c, 60).expect("applies");
        let o = crate::bench::run_until_ready(&mut c, 60, 6, 300);
        assert_eq!(o.ready, 60);
        assert!(!c.queues.scheduling.stale, "the pulls did not throw the cache away");
        let pulled = image_tables(&c);
        assert!(pulled.0.iter().any(|(image, n)| image.contains("nginx") && *n == 6), "{:?}", pulled.0);
        let w = c.world_mut();
        w.scheduler.rebuild_cache(&mut w.api);
        assert_eq!(pulled, image_tables(&c));
    }

    #[test]
    fn a_room_admits_what_the_resource_filters_pass() {
        let values = [0, 1, 99, 100, 101, 4000, i64::from(u32::MAX)];
        for open in [true, false] {
            for (max_pods, pod_count) in [(110, 0), (110, 109), (110, 110), (3, 5)] {
                for (cpu_m, requested_cpu_m) in [(4000, 0), (4000, 3950), (100, 250)] {
                    for (memory, requested_mem) in [(8 << 30, 0), (1 << 30, (1 << 30) - 64), (64, 128)] {
                        let fit = Fit { cpu_m, memory, max_pods, requested_cpu_m, requested_mem, pod_count, open, ..Fit::default() };
                        for cpu in values {
                            for mem in values {
                                let filters = open && fit.resources(cpu, mem).is_ok();
                                assert_eq!(Room::of(&fit).admits(Room::needs(cpu, mem)), filters, "{fit:?} cpu {cpu} mem {mem}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn sampling_follows_the_adaptive_percentage() {
        assert_eq!(nodes_to_find(3), 3);
        assert_eq!(nodes_to_find(99), 99);
        assert_eq!(nodes_to_find(100), 100);
        assert_eq!(nodes_to_find(1000), 420);
        assert_eq!(nodes_to_find(5000), 500);
    }

    #[test]
    fn a_pod_bound_by_name_takes_room_the_scheduler_then_sees() {
        let mut c = crate::bench::cluster(1);
        let node = c.store.nodes.keys().next().expect("a worker").clone();
        let cpu = c.store.nodes[&node].cpu_m;
        let pod = |name: &str, cpu_m: i64, node_name: &str| {
            let at = if node_name.is_empty() { String::new() } else { format!("  nodeName: {node_name}\n") };
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{at}  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: {cpu_m}m\n")
        };
        let apply = |c: &mut crate::Cluster, text: String| {
            let r = c.apply_text(&text, "m.yaml", "default", crate::apply::Mode::Apply);
            assert!(r.errors.is_empty(), "{:?}", r.errors.iter().map(|e| &e.text).collect::<Vec<_>>());
            c.advance(1);
        };
        // The scheduler has its cache from a first placement, then a pod is bound by name.
        apply(&mut c, pod("first", 10, ""));
        apply(&mut c, pod("by-name", cpu * 3 / 4, &node));
        apply(&mut c, pod("late", cpu / 2, ""));
        let late = c.store.pod(c.store.pod_id("default", "late").expect("created")).expect("exists");
        assert!(late.node.is_empty(), "placed on a node without room for it");
        assert!(c.events.all().any(|e| e.reason == "FailedScheduling" && e.message().contains("Insufficient cpu")));
    }

    #[test]
    fn at_most_pods_per_ms_are_placed_per_simulated_millisecond() {
        let mut c = crate::bench::cluster(5);
        let pods = 2 * PODS_PER_MS + PODS_PER_MS / 2;
        crate::bench::apply(&mut c, pods).expect("applies");
        let bound = |c: &crate::Cluster| {
            c.store.pods_in(Some("default")).iter().filter(|id| c.store.pod(**id).is_some_and(|p| !p.node.is_empty())).count()
        };
        c.advance(0);
        assert_eq!(bound(&c), PODS_PER_MS);
        c.advance(1);
        assert_eq!(bound(&c), 2 * PODS_PER_MS);
        c.advance(1);
        assert_eq!(bound(&c), pods);
    }
}
