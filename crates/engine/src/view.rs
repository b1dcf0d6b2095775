//! The view model the page draws: nodes with their pods, services with the pods they
//! select, workloads, and a deterministic layout. Computed from the cluster on demand;
//! the page holds no cluster logic of its own.

use crate::addons::is_system_namespace;
pub use crate::model::pod::Look;
use crate::model::pod::Pod;
use crate::net::format_ipv4;
use crate::world::World;

mod config;
mod hpa_wait;
mod network;
mod port_forward;
mod readiness;
mod replacement;
mod traffic;
mod workloads;
pub use config::{ConfigLink, ConfigView, EnvRead, FileSync, Use};
pub use hpa_wait::{hpa_wait, HpaWait};
pub use network::{ControllerState, IngressRoute, IngressView, Isolation, PolicyView, QuotaItem, QuotaView};
pub use port_forward::{port_forwards, PortForwardView};
pub use readiness::unready_endpoints;
pub use replacement::{gone_pod, GonePod};
pub use traffic::{service_traffic, ServiceTraffic, TrafficRow, SPREADS};
pub use workloads::{ClaimView, CronJobView, CronRun, DaemonNodeView, DaemonSetView, JobView, OrdinalView, RunOutcome, StatefulSetView};

impl Look {
    /// CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Look::Pending => "pending",
            Look::Creating => "creating",
            Look::Running => "running",
            Look::NotReady => "notready",
            Look::Completed => "completed",
            Look::PullError => "pullerror",
            Look::Crash => "crash",
            Look::Terminating => "terminating",
            Look::Failed => "failed",
        }
    }

    /// A glyph drawn in the pod, for readers who cannot tell the colours apart.
    pub fn glyph(self) -> &'static str {
        match self {
            Look::Pending => "…",
            Look::Creating => "◌",
            Look::Running => "✓",
            Look::NotReady => "◐",
            Look::Completed => "■",
            Look::PullError => "⤓",
            Look::Crash => "↻",
            Look::Terminating => "✕",
            Look::Failed => "!",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub namespace: String,
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
    pub ip: String,
    pub look: Look,
    /// The owning workload (`Deployment/web`, `ReplicaSet/web-7c…`, `CronJob/hello` for
    /// the pods of its Jobs), if any.
    pub owner: String,
    pub labels: crate::model::Labels,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    pub ready: bool,
    pub roles: String,
    pub ip: String,
    pub cpu_pct: u32,
    pub mem_pct: u32,
    pub pods_pct: u32,
    pub pod_count: i64,
    pub images: Vec<String>,
    /// The student's pods on the node.
    pub pods: Vec<PodView>,
    /// The cluster's own pods on it (kube-system, local-path-storage), which the page
    /// folds away behind one chip.
    pub system_pods: Vec<PodView>,
    pub unschedulable: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceView {
    pub namespace: String,
    pub name: String,
    pub ty: String,
    pub cluster_ip: String,
    pub ports: String,
    pub external: String,
    /// Pods (namespace/name) its selector matches, and whether each is a ready endpoint.
    pub targets: Vec<(String, bool)>,
    pub problems: Vec<crate::proxy::ServiceProblem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadView {
    pub name: String,
    pub ready: String,
    pub replicas: i64,
    pub revision: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ViewModel {
    pub now: String,
    pub nodes: Vec<NodeView>,
    pub pending: Vec<PodView>,
    pub services: Vec<ServiceView>,
    pub deployments: Vec<WorkloadView>,
    /// The StatefulSets, in name order: their pods are outlined like a Deployment's.
    pub statefulsets: Vec<StatefulSetView>,
    pub daemonsets: Vec<DaemonSetView>,
    /// Every Job, a CronJob's included (each names its CronJob).
    pub jobs: Vec<JobView>,
    pub cronjobs: Vec<CronJobView>,
    /// ConfigMaps, Secrets and claims with the pods that use them.
    pub config: Vec<ConfigView>,
    /// Ingresses with their routes, in namespace then name order.
    pub ingresses: Vec<IngressView>,
    /// NetworkPolicies with the pods each selects.
    pub policies: Vec<PolicyView>,
    /// The pods some policy selects, and whether traffic in or out is denied them all.
    pub isolations: Vec<Isolation>,
    pub quotas: Vec<QuotaView>,
    /// The student's namespaces besides `default` that hold objects: when any, the
    /// drawing names each object's namespace.
    pub namespaces: Vec<String>,
}

fn pct(part: i64, whole: i64) -> u32 {
    if whole <= 0 {
        0
    } else {
        ((part * 100) / whole).clamp(0, 100) as u32
    }
}

/// The look of a pod from kubectl's summary of it: its STATUS, and READY all of all.
fn look_of_summary(s: &crate::model::pod::PodSummary) -> Look {
    let ready = s.ready.split('/').next() == s.ready.split('/').nth(1) && s.ready != "0/0";
    Look::of(&s.status, ready)
}

fn pod_view(c: &World, p: &Pod) -> PodView {
    let s = p.summary(c.now());
    let owner = match p.meta.controller() {
        Some(o) if o.kind == "ReplicaSet" => c
            .store
            .replicaset(&p.meta.namespace, &o.name)
            .and_then(|rs| rs.meta.controller().map(|d| format!("{}/{}", d.kind, d.name)))
            .unwrap_or_else(|| format!("ReplicaSet/{}", o.name)),
        // A CronJob's pods take its colour, whichever of its Jobs made them.
        Some(o) if o.kind == "Job" => c
            .store
            .job(&p.meta.namespace, &o.name)
            .and_then(|j| j.meta.controller().filter(|c| c.kind == "CronJob").map(|c| format!("CronJob/{}", c.name)))
            .unwrap_or_else(|| format!("Job/{}", o.name)),
        Some(o) => format!("{}/{}", o.kind, o.name),
        None => String::new(),
    };
    PodView {
        namespace: p.meta.namespace.clone(),
        name: p.meta.name.clone(),
        look: look_of_summary(&s),
        ready: s.ready,
        status: s.status,
        restarts: s.restarts,
        age: crate::time::human_duration(c.now() as i64 - p.meta.creation as i64),
        ip: p.status.pod_ip.to_string(),
        owner,
        labels: p.meta.labels.clone(),
    }
}

/// Everything the page draws, in a stable order.
pub fn of(w: &World) -> ViewModel {
    let mut nodes = Vec::new();
    for n in w.store.nodes.values() {
        let mut all: Vec<PodView> = w
            .store
            .pods_by_node
            .get(n.meta.name.as_str())
            .into_iter()
            .flatten()
            .filter_map(|id| w.store.pod(*id))
            .map(|p| pod_view(w, p))
            .collect();
        all.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        let (system_pods, pods): (Vec<PodView>, Vec<PodView>) = all.into_iter().partition(|p| is_system_namespace(&p.namespace));
        let mut images: Vec<String> = n
            .images
            .iter()
            .map(|i| crate::registry::ImageRef::parse(&i.name).map(|r| r.familiar()).unwrap_or_else(|_| i.name.to_string()))
            .collect();
        if w.preset.shares_docker_images() {
            images.extend(w.docker.images.values().map(|i| i.reference.familiar()));
        }
        images.retain(|i| !i.starts_with("registry.k8s.io/pause"));
        nodes.push(NodeView {
            name: n.meta.name.clone(),
            ready: n.ready,
            roles: n.roles(),
            ip: format_ipv4(n.internal_ip),
            cpu_pct: pct(n.requested_cpu_m, n.cpu_m),
            mem_pct: pct(n.requested_mem, n.memory),
            pods_pct: pct(n.pod_count, n.max_pods),
            pod_count: n.pod_count,
            images,
            pods,
            system_pods,
            unschedulable: n.unschedulable,
        });
    }
    let pending: Vec<PodView> =
        w.store.pods_in(None).into_iter().filter_map(|id| w.store.pod(id)).filter(|p| p.node.is_empty()).map(|p| pod_view(w, p)).collect();
    let services = w
        .store
        .services
        .values()
        .filter(|s| (s.meta.namespace != "default" || s.meta.name != "kubernetes") && !is_system_namespace(&s.meta.namespace))
        .map(|s| {
            let targets = match &s.selector {
                Some(sel) => w
                    .store
                    .pods_matching(&s.meta.namespace, sel)
                    .into_iter()
                    .filter_map(|id| w.store.pod(id))
                    .map(|p| (format!("{}/{}", p.meta.namespace, p.meta.name), p.is_ready() && !p.is_terminating()))
                    .collect(),
                None => vec![],
            };
            ServiceView {
                namespace: s.meta.namespace.clone(),
                name: s.meta.name.clone(),
                ty: s.ty.clone(),
                cluster_ip: s.cluster_ip_text(),
                ports: s.ports_text(),
                external: s.external_ip_text(false),
                targets,
                problems: crate::proxy::service_problems(w, &s.meta.namespace, &s.meta.name),
            }
        })
        .collect();
    let deployments = workload_views(w);
    let statefulsets = workloads::statefulsets(w);
    // The view lists the user's sets in the store's order: zipped, each has its namespace.
    let set_claims: Vec<(String, String)> = w
        .store
        .statefulsets(None)
        .filter(|s| !is_system_namespace(&s.meta.namespace))
        .zip(&statefulsets)
        .flat_map(|(s, v)| v.ordinals.iter().flat_map(|o| o.claims.iter().map(|c| (s.meta.namespace.clone(), c.name.clone()))))
        .collect();
    let jobs = workloads::jobs(w);
    let cronjobs = workloads::cronjobs(w, &jobs);
    let daemonsets = workloads::daemonsets(w);
    let policies = network::policies(w);
    ViewModel {
        now: crate::time::rfc3339(w.now()),
        nodes,
        pending,
        services,
        deployments,
        statefulsets,
        daemonsets,
        jobs,
        cronjobs,
        config: config::config(w, &set_claims),
        ingresses: network::ingresses(w),
        isolations: network::isolations(&policies),
        policies,
        quotas: network::quotas(w),
        namespaces: network::namespaces(w),
    }
}

/// Above this many pods the page draws a tile per node with counts instead of every
/// pod: tens of thousands of pod shapes would cost more than a frame to lay out.
pub const AGGREGATE_PODS: usize = 1_500;

/// A node drawn as one tile of the aggregated drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeTile {
    pub name: String,
    pub ready: bool,
    pub unschedulable: bool,
    pub pods: u32,
    pub max_pods: u32,
    /// Pods Running and Ready.
    pub running: u32,
    /// Pods failing: image pulls, crashes, failed.
    pub failing: u32,
    /// The cluster's own pods, not counted in `pods`.
    pub system: u32,
}

impl NodeTile {
    /// The tile's CSS class: what a glance at the grid should tell.
    pub fn class(&self) -> &'static str {
        if !self.ready {
            "tile-down"
        } else if self.failing > 0 {
            "tile-failing"
        } else if self.pods == 0 {
            "tile-empty"
        } else if self.running == self.pods {
            "tile-running"
        } else {
            "tile-busy"
        }
    }
}

/// The aggregated drawing of a large cluster: counts, never one shape per pod.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub pods: usize,
    /// Pods per look, in `Look` order, zero counts left out.
    pub looks: Vec<(Look, usize)>,
    /// Pods not yet on a node.
    pub unscheduled: usize,
    pub nodes: Vec<NodeTile>,
    pub deployments: Vec<WorkloadView>,
}

impl Summary {
    /// Tiles per row of the aggregated grid.
    pub const COLUMNS: usize = 100;
}

const LOOKS: [Look; 9] = [
    Look::Running,
    Look::Creating,
    Look::Pending,
    Look::NotReady,
    Look::PullError,
    Look::Crash,
    Look::Failed,
    Look::Terminating,
    Look::Completed,
];

/// Whether the page should draw this cluster aggregated (by the student's pods: the
/// system pods are folded away in either drawing).
pub fn is_large(w: &World) -> bool {
    user_pod_count(w) > AGGREGATE_PODS
}

fn user_pod_count(w: &World) -> usize {
    let system: usize = ["kube-system", "local-path-storage"].iter().map(|ns| w.store.pod_count_in(ns)).sum();
    w.store.pod_count() - system
}

/// The aggregated view model: one pass over the pods, no strings per pod.
pub fn summary(w: &World) -> Summary {
    let mut counts = [0usize; LOOKS.len()];
    let mut unscheduled = 0;
    let mut nodes = Vec::with_capacity(w.store.nodes.len());
    for n in w.store.nodes.values() {
        let mut tile = NodeTile {
            name: n.meta.name.clone(),
            ready: n.ready,
            unschedulable: n.unschedulable,
            pods: 0,
            max_pods: n.max_pods.max(0) as u32,
            running: 0,
            failing: 0,
            system: 0,
        };
        for &id in w.store.pods_by_node.get(n.meta.name.as_str()).into_iter().flatten() {
            let Some(look) = w.store.look(id) else { continue };
            if w.store.pod(id).is_some_and(|p| is_system_namespace(&p.meta.namespace)) {
                tile.system += 1;
                continue;
            }
            counts[LOOKS.iter().position(|l| *l == look).expect("every look is listed")] += 1;
            tile.pods += 1;
            match look {
                Look::Running => tile.running += 1,
                Look::PullError | Look::Crash | Look::Failed => tile.failing += 1,
                _ => {}
            }
        }
        nodes.push(tile);
    }
    for look in w.store.unbound_looks() {
        unscheduled += 1;
        counts[LOOKS.iter().position(|l| *l == look).expect("every look is listed")] += 1;
    }
    let looks = LOOKS.iter().copied().zip(counts).filter(|(_, n)| *n > 0).collect();
    Summary { pods: user_pod_count(w), looks, unscheduled, nodes, deployments: workload_views(w) }
}

fn workload_views(w: &World) -> Vec<WorkloadView> {
    w.store
        .deployments(None)
        .filter(|d| !is_system_namespace(&d.meta.namespace))
        .map(|d| {
            let ready = d.status.as_ref().map_or(0, |s| s.ready_replicas);
            WorkloadView {
                name: d.meta.name.clone(),
                ready: format!("{ready}/{}", d.spec.replicas),
                replicas: d.spec.replicas,
                revision: d.meta.annotations.get(crate::controllers::deployment::REVISION).unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// Where things go on the page's drawing: nodes in a grid of fixed-size boxes, pods in a
/// grid inside their node in name order, so positions do not jump between frames.
pub mod layout {
    pub const NODE_W: f64 = 300.0;
    pub const NODE_H: f64 = 230.0;
    pub const GAP: f64 = 24.0;
    pub const POD: f64 = 34.0;
    pub const POD_GAP: f64 = 8.0;
    pub const NODE_HEADER: f64 = 64.0;
    pub const POD_COLUMNS: usize = 7;

    /// Top-left corner of node `i` of `n`, with `columns` nodes per row.
    pub fn node(i: usize, columns: usize) -> (f64, f64) {
        let columns = columns.max(1);
        let (row, col) = (i / columns, i % columns);
        (GAP + col as f64 * (NODE_W + GAP), GAP + row as f64 * (NODE_H + GAP))
    }

    /// Top-left corner of pod `j` inside a node whose corner is `origin`.
    pub fn pod(origin: (f64, f64), j: usize) -> (f64, f64) {
        let (row, col) = (j / POD_COLUMNS, j % POD_COLUMNS);
        (origin.0 + 12.0 + col as f64 * (POD + POD_GAP), origin.1 + NODE_HEADER + row as f64 * (POD + POD_GAP))
    }

    /// How many nodes per row fit `width`.
    pub fn columns(width: f64) -> usize {
        (((width - GAP) / (NODE_W + GAP)).floor() as usize).max(1)
    }

    /// Total drawing height for `n` nodes.
    pub fn height(n: usize, columns: usize) -> f64 {
        let rows = n.div_ceil(columns.max(1)).max(1);
        GAP + rows as f64 * (NODE_H + GAP)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_every_pod_once_with_its_look() {
        let mut c = crate::bench::cluster(60);
        crate::bench::apply(&mut c, 2_000).expect("applies");
        c.advance(2_000);
        assert!(is_large(&c));
        let mid = summary(&c);
        let total: usize = mid.looks.iter().map(|(_, n)| n).sum();
        assert_eq!(total, 2_000, "{:?}", mid.looks);
        assert_eq!(mid.nodes.len(), 60);
        assert!(mid.looks.iter().any(|(l, _)| *l == Look::Creating), "{:?}", mid.looks);
        crate::bench::run_until_ready(&mut c, 2_000, 60, 300);
        let done = summary(&c);
        assert_eq!(done.looks, vec![(Look::Running, 2_000)]);
        assert_eq!(done.nodes.iter().map(|n| n.running).sum::<u32>(), 2_000);
        assert!(done.nodes.iter().all(|n| n.class() == "tile-running"));
        assert_eq!(done.deployments[0].ready, "2000/2000");
        // The detailed view agrees with the aggregated one.
        let vm = of(&c);
        assert_eq!(vm.nodes.iter().map(|n| n.pods.len()).sum::<usize>(), 2_000);
    }

    #[test]
    fn every_status_has_a_distinct_look_with_a_glyph() {
        let cases = [
            ("Pending", false, Look::Pending),
            ("ContainerCreating", false, Look::Creating),
            ("Init:0/2", false, Look::Creating),
            ("Running", true, Look::Running),
            ("Running", false, Look::NotReady),
            ("Completed", false, Look::Completed),
            ("ErrImagePull", false, Look::PullError),
            ("ImagePullBackOff", false, Look::PullError),
            ("CrashLoopBackOff", false, Look::Crash),
            ("Init:CrashLoopBackOff", false, Look::Crash),
            ("OOMKilled", false, Look::Crash),
            ("Terminating", true, Look::Terminating),
        ];
        for (s, ready, want) in cases {
            assert_eq!(Look::of(s, ready), want, "{s}");
        }
        let glyphs: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.2.glyph()).collect();
        assert_eq!(glyphs.len(), 8);
    }

    #[test]
    fn layout_is_a_stable_grid() {
        assert_eq!(layout::node(0, 3), (layout::GAP, layout::GAP));
        assert_eq!(layout::node(4, 3).1, layout::node(3, 3).1);
        assert!(layout::node(3, 3).1 > layout::node(2, 3).1);
        let o = layout::node(0, 3);
        assert_eq!(layout::pod(o, 0).1, layout::pod(o, layout::POD_COLUMNS - 1).1);
        assert!(layout::pod(o, layout::POD_COLUMNS).1 > layout::pod(o, 0).1);
        assert_eq!(layout::columns(1000.0), 3);
        assert_eq!(layout::columns(10.0), 1);
    }

    #[test]
    fn the_seed_deployment_draws_three_pods_on_its_node() {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        let text = include_str!("../../../examples/seed/spring-deployment.yaml").replace("image: spring-server", "image: nginx:1.27");
        let r = c.apply_text(&text, "d.yaml", "default", crate::apply::Mode::Apply);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        c.advance(30_000);
        let v = of(&c);
        assert_eq!(v.nodes.len(), 1);
        assert_eq!(v.nodes[0].pods.len(), 3);
        // Docker Desktop's nine system pods are folded away, their requests in the bars.
        assert_eq!(v.nodes[0].system_pods.len(), 9);
        assert!(v.nodes[0].system_pods.iter().all(|p| p.look == Look::Running));
        assert!(v.services.is_empty(), "kube-dns is the cluster's own");
        assert!(v.nodes[0].pods.iter().all(|p| p.look == Look::Running && p.owner == "Deployment/spring-deployment"));
        assert_eq!(v.deployments[0].ready, "3/3");
    }
}

/// An autoscaler as the page's autoscaling panel draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct AutoscalerView {
    pub namespace: String,
    pub name: String,
    /// `Deployment/php-apache`.
    pub reference: String,
    pub min: i64,
    pub max: i64,
    pub current: i64,
    pub target_utilization: Option<i64>,
    /// The last sync's arithmetic, written out.
    pub formula: Option<String>,
    /// The ScalingActive condition's message when it is False (why nothing is computed).
    pub problem: Option<String>,
    pub history: Vec<crate::controllers::horizontal::Point>,
    /// The Service whose selector reaches the target's pods: where the load dial sends.
    pub service: Option<String>,
    /// The load generator's rate on that Service now, and its last second.
    pub load: Option<crate::loadgen::Second>,
}

pub use crate::apiserver::aggregator::MetricsApi;

/// Whether the resource metrics API answers: kind and Docker Desktop need metrics-server
/// installed and ready first.
pub fn metrics_api(w: &World) -> MetricsApi {
    crate::apiserver::aggregator::metrics_api(&w.store, w.preset)
}

pub fn autoscalers(w: &World) -> Vec<AutoscalerView> {
    use crate::model::Object;
    let mut out = vec![];
    for g in w.store.autoscalers(None) {
        let (ns, name) = (&g.meta.namespace, &g.meta.name);
        let (tkind, tname) = (&g.spec.target_kind, &g.spec.target_name);
        let template_labels = match w
            .store
            .objects_of(crate::model::Kind::Deployment, Some(ns))
            .chain(w.store.objects_of(crate::model::Kind::ReplicaSet, Some(ns)))
            .find(|o| o.meta().name == *tname && o.kind().info().name == tkind)
        {
            Some(Object::Deployment(d)) => Some(&d.spec.template),
            Some(Object::ReplicaSet(r)) => Some(&*r.spec.template),
            _ => None,
        }
        .map(|t| crate::model::Labels::from_value(t.get("metadata").and_then(|m| m.get("labels"))));
        let service = template_labels.and_then(|labels| {
            w.store
                .services
                .iter()
                .filter(|((sns, _), _)| sns == ns)
                .find(|(_, s)| {
                    s.selector.as_ref().is_some_and(|sel| !sel.is_empty() && sel.0.iter().all(|(k, v)| labels.get(k) == Some(v)))
                })
                .map(|((_, n), _)| n.clone())
        });
        let conditions = g.status.as_ref().map(|s| s.conditions.as_slice()).unwrap_or(&[]);
        let problem = conditions
            .iter()
            .find(|c| c.status == crate::model::condition::ConditionStatus::False && (c.kind == "ScalingActive" || c.kind == "AbleToScale"))
            .map(|c| c.message.clone());
        let load = service.as_ref().and_then(|s| w.loadgen.loads.get(&(ns.clone(), s.clone()))).map(|l| l.last.clone());
        out.push(AutoscalerView {
            namespace: ns.clone(),
            name: name.clone(),
            reference: format!("{tkind}/{tname}"),
            min: g.spec.min,
            max: g.spec.max,
            current: g.status.as_ref().map_or(0, |s| s.current_replicas),
            target_utilization: g
                .spec
                .metrics
                .iter()
                .find_map(|m| m.get("resource")?.get("target")?.get("averageUtilization").and_then(crate::value::Value::as_i64)),
            formula: w.autoscalers.computation(ns, name).map(|c| c.formula()),
            problem,
            history: w.autoscalers.history(ns, name),
            service,
            load,
        });
    }
    out
}

// Reads for the page's panels: each takes the world and returns what a panel draws, so
// the page never reaches into the store, the scheduler or kube-proxy itself.

/// One node's verdict on a pod, as the details panel's "Why here?" lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeVerdict {
    pub node: String,
    /// `✕ reason`, the weighted score, or `-` for a node not checked.
    pub verdict: String,
    pub chosen: bool,
}

/// A pod as the details panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PodPanel {
    /// The scheduler's verdict on every node, when it kept one.
    pub placement: Option<Vec<NodeVerdict>>,
}

/// The pod `ns/name`, or `None` when there is no such pod.
pub fn pod_panel(w: &World, ns: &str, name: &str) -> Option<PodPanel> {
    let pod = w.store.pod_id(ns, name).and_then(|id| w.store.pod(id))?;
    let placement = w.scheduler.placement(&pod.meta.uid).map(|p| {
        p.nodes
            .iter()
            .map(|(n, v)| {
                let chosen = p.chosen.as_deref() == Some(n.as_str());
                let verdict = match v {
                    crate::scheduler::Verdict::Filtered(r) => format!("✕ {r}"),
                    crate::scheduler::Verdict::Scored { total, .. } => total.to_string(),
                    crate::scheduler::Verdict::NotChecked => "-".to_string(),
                };
                NodeVerdict { node: n.clone(), verdict, chosen }
            })
            .collect()
    });
    Some(PodPanel { placement })
}

/// The pod `ns/name` as the drawing shows it, or `None` when there is no such pod.
pub fn pod(w: &World, ns: &str, name: &str) -> Option<PodView> {
    w.store.pod_id(ns, name).and_then(|id| w.store.pod(id)).map(|p| pod_view(w, p))
}

/// Whether the node's kubelet runs (`None`: no such node).
pub fn node_kubelet_up(w: &World, name: &str) -> Option<bool> {
    w.store.nodes.get(name).map(|n| n.kubelet_up)
}

/// Requests that reached a pod since the cluster began.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRequests {
    /// The pod's name (without its namespace).
    pub pod: String,
    pub requests: u64,
    /// Of those, the ones that failed (nothing listening, over capacity).
    pub errors: u64,
}

/// Every pod that has seen a request, in namespace/name order.
pub fn requests_per_pod(w: &World) -> Vec<PodRequests> {
    w.proxy
        .stats
        .iter()
        .map(|(k, s)| PodRequests { pod: k.split('/').nth(1).unwrap_or(k).to_string(), requests: s.requests, errors: s.errors })
        .collect()
}

/// Requests one pod sent another that were answered (a web tier calling Redis by name),
/// for lines drawn between pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodFlow {
    /// `namespace/name` of the client and the server.
    pub from: String,
    pub to: String,
    pub requests: u64,
}

/// Every pair of pods that has talked, in client then server order.
pub fn pod_flows(w: &World) -> Vec<PodFlow> {
    w.proxy.flows.iter().map(|((from, to), n)| PodFlow { from: from.clone(), to: to.clone(), requests: *n }).collect()
}

/// The NetworkPolicies of a namespace that select a pod (`namespace/name` of each), for
/// the page's fences; and whether the preset's network enforces them.
pub fn policies_selecting(w: &World, ns: &str, pod: &str) -> (Vec<String>, bool) {
    let Some(p) = w.store.pod_id(ns, pod).and_then(|id| w.store.pod(id)) else { return (vec![], crate::netpol::enforced(&w.api)) };
    let names =
        crate::netpol::policies_in(&w.api, ns).into_iter().filter(|pol| pol.selects(p)).map(|pol| format!("{ns}/{}", pol.name)).collect();
    (names, crate::netpol::enforced(&w.api))
}

/// How requests from outside reach a Service, and how kube-proxy spreads them.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceRouting {
    pub mode: crate::proxy::Mode,
    /// ClientIP session affinity.
    pub client_ip: bool,
    /// The way in from outside: a NodePort on the first open node when the Service has
    /// one (as `request svc/NAME` goes), else its ClusterIP.
    pub entry: crate::proxy::Entry,
    /// The same as a URL a student would curl.
    pub url: String,
}

/// `None` when there is no such Service.
pub fn service_routing(w: &World, ns: &str, name: &str) -> Option<ServiceRouting> {
    let s = w.store.services.get(&(ns.to_string(), name.to_string()))?;
    let (entry, url) = match s.ports.iter().find_map(|p| p.node_port) {
        Some(np) => {
            let node = crate::shell::first_open_node(w);
            let ip = w.store.nodes.get(&node).map(|n| format_ipv4(n.internal_ip)).unwrap_or_default();
            (crate::proxy::Entry::NodePort(node), format!("http://{ip}:{np}/"))
        }
        None => {
            (crate::proxy::Entry::ClusterIp, format!("http://{}:{}/", s.cluster_ip_text(), s.ports.first().map(|p| p.port).unwrap_or(80)))
        }
    };
    Some(ServiceRouting { mode: w.proxy.mode, client_ip: s.session_affinity_client_ip, entry, url })
}

/// A number that changes whenever any object does: what tells the page to redraw.
pub fn revision(w: &World) -> u64 {
    // A pod that finishes terminating is removed without a write: counted too, or the
    // page would draw it Terminating until something else changed.
    w.store.changes()
}

#[cfg(test)]
mod page_reads {
    use super::*;

    #[test]
    fn the_page_reads_a_pod_a_node_and_a_service_through_the_view() {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        let text = include_str!("../../../examples/seed/spring-deployment.yaml").replace("image: spring-server", "image: nginx:1.27");
        let before = revision(&c);
        c.apply_text(&text, "d.yaml", "default", crate::apply::Mode::Apply);
        c.apply_text(include_str!("../../../examples/seed/spring-service.yaml"), "s.yaml", "default", crate::apply::Mode::Apply);
        assert!(revision(&c) > before);
        c.advance(30_000);
        let pod = of(&c).nodes[0].pods[0].name.clone();
        let panel = pod_panel(&c, "default", &pod).expect("the pod");
        let verdicts = panel.placement.expect("the scheduler's record");
        assert_eq!(verdicts.len(), 1);
        assert!(verdicts[0].chosen && verdicts[0].node == "docker-desktop", "{verdicts:?}");
        assert_eq!(pod_panel(&c, "default", "nope"), None);
        assert_eq!(super::pod(&c, "default", &pod).map(|p| p.status), Some("Running".to_string()));
        assert_eq!(super::pod(&c, "default", "nope"), None);
        let r = service_routing(&c, "default", "spring-service").expect("the Service");
        assert_eq!(r.entry, crate::proxy::Entry::NodePort("docker-desktop".into()));
        assert_eq!(r.url, "http://192.168.65.3:30000/");
        assert!(!r.client_ip);
        c.send_requests("default", "spring-service", None, &r.entry, "192.168.1.10", 30);
        let served = requests_per_pod(&c);
        assert_eq!(served.iter().map(|p| p.requests).sum::<u64>(), 30, "{served:?}");
        assert!(served.iter().all(|p| !p.pod.contains('/')));
        assert_eq!(node_kubelet_up(&c, "docker-desktop"), Some(true));
        c.kill_node("docker-desktop").expect("kills");
        assert_eq!(node_kubelet_up(&c, "docker-desktop"), Some(false));
        assert_eq!(node_kubelet_up(&c, "nope"), None);
    }
}
