//! The simulated world: the API server's shared state and every actor (the scheduler,
//! the controllers, kube-proxy, the load generator), driven by the clock. Each actor owns
//! its own state and gets the shared `Api` when it runs; the world hands each wake-up to
//! the actor it is for and lets the controllers react until nothing more happens at the
//! current instant. The world records nothing: `Cluster` keeps the log of what a user did.

use crate::api::{Api, Named, Wake};
use crate::controllers::cronjob::CronJobController;
use crate::controllers::daemon::DaemonSetController;
use crate::controllers::deployment::DeploymentController;
use crate::controllers::horizontal::HpaController;
use crate::controllers::job::JobController;
use crate::controllers::persistent_volume::PersistentVolumeController;
use crate::controllers::replicaset::ReplicaSetController;
use crate::controllers::statefulset::StatefulSetController;
use crate::loadgen::LoadGen;
use crate::presets::Preset;
use crate::proxy::Proxy;
use crate::scheduler::Scheduler;
use crate::time::Millis;

/// When kind's workers join, after its control plane is up.
const WORKERS_JOIN: Millis = 15 * crate::time::SECOND;

#[derive(Clone)]
pub struct World {
    pub api: Api,
    pub scheduler: Scheduler,
    pub replicasets: ReplicaSetController,
    pub deployments: DeploymentController,
    pub autoscalers: HpaController,
    pub jobs: JobController,
    pub cronjobs: CronJobController,
    pub daemonsets: DaemonSetController,
    pub volumes: PersistentVolumeController,
    pub statefulsets: StatefulSetController,
    /// kube-proxy: the mode in force and the traffic each pod has served.
    pub proxy: Proxy,
    /// The classroom's crowd of clients.
    pub loadgen: LoadGen,
    /// While a command runs stopped at an instant (`Action::Stopped`): that instant, and
    /// the world as it was there once the command's time went past it.
    stop: Option<Stop>,
}

/// A command's stop: the world kept the moment its time went past `at`.
#[derive(Clone)]
struct Stop {
    at: Millis,
    kept: Option<Box<World>>,
}

impl std::ops::Deref for World {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl World {
    /// A fresh cluster of the preset with `workers` worker nodes (the preset's default when
    /// `None`), seeded with `seed`.
    /// The cluster boots at time zero and runs until `BOOT`, when the student's first
    /// command runs: its system pods are Running by then.
    pub fn new(preset: Preset, workers: Option<usize>, seed: u64) -> World {
        let mut api = Api::new(preset, seed);
        for ns in crate::addons::namespaces(preset) {
            api.create_namespace(ns);
            crate::apiserver::serviceaccount::create_default(&mut api, ns);
            crate::apiserver::root_ca::publish(&mut api, ns);
        }
        // The control plane comes up first and its add-ons land on it (kubeadm init);
        // the workers join a little later (kubeadm join), as kind's do.
        let (control_planes, workers): (Vec<_>, Vec<_>) = preset
            .nodes(workers.unwrap_or(preset.default_workers()))
            .into_iter()
            .map(|mut n| {
                crate::addons::prepull(preset, &mut n);
                n
            })
            .partition(|n| n.meta.labels.get("node-role.kubernetes.io/control-plane").is_some());
        let joined_later = !control_planes.is_empty();
        for node in control_planes {
            api.add_node(node);
        }
        if !joined_later {
            for node in workers.iter().cloned() {
                api.add_node(node);
            }
        }
        crate::apiserver::install_kubernetes_service(&mut api);
        crate::apiserver::storage::install_default_class(&mut api);
        crate::apiserver::priorityclass::install_system_classes(&mut api);
        crate::apiserver::bootstrappolicy::install(&mut api);
        let mut world = World {
            api,
            scheduler: Default::default(),
            replicasets: Default::default(),
            deployments: Default::default(),
            autoscalers: Default::default(),
            jobs: Default::default(),
            cronjobs: Default::default(),
            daemonsets: Default::default(),
            volumes: Default::default(),
            statefulsets: Default::default(),
            proxy: Default::default(),
            loadgen: Default::default(),
            stop: None,
        };
        crate::addons::install_control_plane(&mut world.api);
        for (namespace, text) in crate::addons::installers(preset) {
            crate::addons::create(&mut world.api, namespace, &text);
            world.settle();
        }
        if joined_later {
            world.run_until(WORKERS_JOIN);
            for node in workers {
                world.api.add_node(node);
            }
        }
        world.run_until(crate::time::BOOT);
        world
    }

    /// Runs every actor until nothing more happens at the current instant.
    pub(crate) fn settle(&mut self) {
        self.daemonsets.notice_nodes(&mut self.api);
        // Controllers react within the same instant; a bound catches a livelock.
        for _ in 0..100_000 {
            self.scheduler.schedule_pending(&mut self.api);
            if let Some((ns, name)) = self.api.queues.deployments.pop_first() {
                self.deployments.sync(&mut self.api, &ns, &name);
                continue;
            }
            if let Some((ns, name, ())) = self.api.queues.replicasets.dirty.pop_first() {
                self.replicasets.sync(&mut self.api, &ns, &name);
                continue;
            }
            if let Some((ns, name)) = self.api.queues.replication_controllers.pop_first() {
                self.replicasets.sync_rc(&mut self.api, &ns, &name);
                continue;
            }
            if let Some((ns, name, ())) = self.api.queues.daemonsets.pop_first() {
                self.daemonsets.sync(&mut self.api, &ns, &name);
                continue;
            }
            if let Some((ns, name, ())) = self.api.queues.statefulsets.pop_first() {
                self.statefulsets.sync(&mut self.api, &ns, &name);
                continue;
            }
            if let Some((ns, name)) = self.api.queues.cronjobs.pop_first() {
                self.cronjobs.sync(&mut self.api, &ns, &name);
                continue;
            }
            if let Some((ns, name)) = self.api.queues.jobs.pop_first() {
                self.jobs.sync(&mut self.api, &ns, &name);
                continue;
            }
            if std::mem::take(&mut self.api.queues.volumes) {
                // Every claim is synced: those queued on their own are among them.
                self.api.queues.claims.clear();
                self.volumes.sync(&mut self.api);
                continue;
            }
            if let Some((ns, name)) = self.api.queues.claims.pop_first() {
                self.volumes.sync_one(&mut self.api, &ns, &name);
                continue;
            }
            break;
        }
        self.daemonsets.plan_look(&mut self.api);
        if self.api.store.budgets(None).next().is_some() {
            crate::controllers::disruption::sync_all(&mut self.api);
        }
        self.api.store.catch_up();
    }

    /// Advances simulated time by `ms`, handling every wake-up due on the way in order.
    pub(crate) fn advance(&mut self, ms: Millis) {
        self.run_until(self.api.now.saturating_add(ms));
    }

    /// Handles every wake-up due by `until`; a command stopped on the way leaves the world
    /// it passed at its stop kept aside (`stop_at`).
    pub(crate) fn run_until(&mut self, until: Millis) {
        if let Some(at) = self.stop.as_ref().filter(|s| s.kept.is_none()).map(|s| s.at) {
            if until > at && self.api.now <= at {
                // The command's time goes past its stop: the world there is what it left.
                self.run_until_or(at, || false);
                let stop = self.stop.take();
                let kept = self.clone();
                self.stop = stop.map(|s| Stop { kept: Some(Box::new(kept)), ..s });
            }
        }
        self.run_until_or(until, || false);
    }

    /// Stops the command about to run at instant `at` (Ctrl-C): once it is done,
    /// `stopped` makes the world what the command left when its time went past `at` (or
    /// what it ended as, if it never did). The command runs whole either way, so the
    /// world where it stops is exactly the one it passed through when run whole.
    pub(crate) fn stop_at(&mut self, at: Millis) {
        self.stop = Some(Stop { at, kept: None });
    }

    /// See `stop_at`.
    pub(crate) fn stopped(&mut self) {
        if let Some(kept) = self.stop.take().and_then(|s| s.kept) {
            *self = *kept;
        }
    }

    /// Handles every wake-up due by `until` in order, asking `stop` before each new
    /// instant; `now` is `until` unless it stopped.
    fn run_until_or(&mut self, until: Millis, mut stop: impl FnMut() -> bool) {
        self.settle();
        while let Some(at) = self.api.wakes.next_at() {
            if at > until {
                break;
            }
            if at > self.api.now && stop() {
                return;
            }
            let Some((at, wake)) = self.api.wakes.pop() else { break };
            self.api.now = at;
            self.handle(wake);
            self.settle();
        }
        self.api.now = until;
    }

    /// Advances toward `now + ms` like `advance`, but asks `stop` between instants and
    /// stops early when it says so; returns the simulated time actually advanced. Only
    /// whole instants are handled, so advancing by the returned time replays to the same
    /// state.
    pub(crate) fn advance_sliced(&mut self, ms: Millis, stop: impl FnMut() -> bool) -> Millis {
        let start = self.api.now;
        self.run_until_or(start.saturating_add(ms), stop);
        self.api.now - start
    }

    /// How long until the next wake-up, everything due now handled first; `None` when
    /// nothing is scheduled.
    pub(crate) fn until_next_wake(&mut self) -> Option<Millis> {
        self.settle();
        let at = self.api.next_wake()?;
        Some(at - self.api.now)
    }

    fn handle(&mut self, wake: Wake) {
        let api = &mut self.api;
        match wake {
            Wake::PodStep { id, serial } => crate::kubelet::pod_step(api, id, serial),
            Wake::PodGone { id, serial } => crate::kubelet::pod_gone(api, id, serial),
            Wake::SchedulerFlush => self.scheduler.flush(api),
            Wake::SchedulerCycle => self.scheduler.cycle(),
            Wake::SyncReplicaSet(key) => {
                let Named { namespace, name } = *key;
                api.queues.replicasets.woken(&namespace, &name);
            }
            Wake::SyncDeployment(key) => {
                let Named { namespace, name } = *key;
                api.queues.deployments.insert((namespace, name));
            }
            Wake::NodeMonitor(node) => crate::controllers::node_lifecycle::monitor(api, &node),
            Wake::TaintEviction(node) => crate::controllers::node_lifecycle::evict(api, &node),
            Wake::NodeRecovered(node) => crate::controllers::node_lifecycle::recovered(api, &node),
            Wake::LoadTick => self.loadgen.tick(api, &mut self.proxy),
            Wake::SyncHpa(key) => self.autoscalers.sync(api, &key.namespace, &key.name),
            Wake::SyncJob(key) => {
                let Named { namespace, name } = *key;
                api.queues.jobs.insert((namespace, name));
            }
            Wake::SyncJobBatched(key) => {
                let Named { namespace, name } = *key;
                api.queues.job_pods.remove(&namespace, &name);
                api.queues.jobs.insert((namespace, name));
            }
            Wake::SyncReplicationController(key) => {
                let Named { namespace, name } = *key;
                api.queues.replication_controllers.insert((namespace, name));
            }
            Wake::SyncDaemonSet(key) => {
                let Named { namespace, name } = *key;
                api.queues.daemonset_pods.remove(&namespace, &name);
                api.queues.daemonsets.add(&namespace, &name);
            }
            // The look itself is `settle`'s, which follows every wake-up.
            Wake::DaemonSetNodes => {}
            Wake::SyncStatefulSet(key) => {
                let Named { namespace, name } = *key;
                api.queues.statefulsets.add(&namespace, &name);
            }
            Wake::SyncCronJob(key) => {
                let Named { namespace, name } = *key;
                api.queues.cronjobs.insert((namespace, name));
            }
            Wake::PodGc(node) => crate::controllers::podgc::collect(api, &node),
            Wake::PvResync => {
                self.volumes.resync_due();
                api.queues.volumes = true;
            }
        }
    }

    /// Applies (or creates) every document of `text`, then lets the controllers react.
    pub(crate) fn apply_text_as(
        &mut self,
        text: &str,
        source: &str,
        namespace: &str,
        mode: crate::apply::Mode,
        user: Option<&crate::apiserver::authorizer::UserInfo>,
        crds: &[String],
    ) -> crate::apply::Report {
        let report = crate::apply::apply_text_as(&mut self.api, text, source, namespace, mode, user, crds);
        self.settle();
        report
    }

    pub(crate) fn apply_text(&mut self, text: &str, source: &str, namespace: &str, mode: crate::apply::Mode) -> crate::apply::Report {
        let report = crate::apply::apply_text(&mut self.api, text, source, namespace, mode);
        self.settle();
        report
    }

    /// Stops a node's kubelet, as if the machine lost power.
    pub(crate) fn kill_node(&mut self, name: &str) -> Result<(), crate::apiserver::ApiError> {
        crate::controllers::node_lifecycle::kill(&mut self.api, name)?;
        self.settle();
        Ok(())
    }

    /// Starts a killed node's kubelet again.
    pub(crate) fn restore_node(&mut self, name: &str) -> Result<(), crate::apiserver::ApiError> {
        crate::controllers::node_lifecycle::restore(&mut self.api, name)?;
        self.settle();
        Ok(())
    }

    /// `docker build`: builds into the local Docker engine; on Docker Desktop the node
    /// sees the image at once.
    pub(crate) fn docker_build(&mut self, dockerfile: &str, tag: &str, context: &dyn crate::files::Files) -> String {
        let result = crate::docker::build(&self.api.docker, dockerfile, tag, context);
        let mut out = result.output;
        match result.image {
            Some(img) => {
                self.api.docker.images.insert(img.reference.full(), img);
                self.api.queues.scheduling.cluster_changed();
            }
            None => {
                if let Some(h) = crate::docker::hint(&out) {
                    out.push_str(&h);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// `kind load docker-image NAME`: copies a local image into every node's store.
    pub(crate) fn kind_load(&mut self, image: &str) -> String {
        let Ok(r) = crate::registry::ImageRef::parse(image) else { return format!("ERROR: invalid image name \"{image}\"\n") };
        let Some(local) = self.api.docker.images.get(&r.full()).cloned() else {
            return format!("ERROR: image: \"{image}\" not present locally\n");
        };
        let mut out = String::new();
        for n in self.api.store.nodes.values_mut() {
            out.push_str(&format!(
                "Image: \"{}\" with ID \"{}\" not yet present on node \"{}\", loading...\n",
                r.familiar(),
                local.id,
                n.meta.name
            ));
            n.images.retain(|i| *i.name != *r.full());
            n.images.push(crate::model::node::CachedImage { name: r.full().into(), size: local.size });
        }
        out
    }

    /// `docker rmi NAME`: removes a local image (the nodes keep what they already have,
    /// except Docker Desktop's node, which shares this store).
    pub(crate) fn remove_local_image(&mut self, image: &str) -> bool {
        let Ok(r) = crate::registry::ImageRef::parse(image) else { return false };
        let removed = self.api.docker.images.remove(&r.full()).is_some();
        self.api.queues.scheduling.invalidate();
        removed
    }

    /// Sends `n` requests through kube-proxy and returns each one's fate.
    pub(crate) fn send_requests(
        &mut self,
        ns: &str,
        service: &str,
        port: Option<i32>,
        entry: &crate::proxy::Entry,
        client: &str,
        n: usize,
    ) -> Vec<crate::proxy::Request> {
        if let Some((ty, name)) = client.split_once('/') {
            return self.requests_from_pods(ns, service, port, (ty, name), n);
        }
        self.proxy.send_requests(&mut self.api, (ns, service, port), entry, client, n)
    }

    /// The running pods `ty/name` names in `ns` (a pod, or a workload's pods), by name.
    pub fn client_pods(&self, ns: &str, (ty, name): (&str, &str)) -> Vec<crate::store::PodId> {
        use crate::model::{Kind, Object};
        let selector = match Kind::from_resource_arg(ty) {
            Some(Kind::Pod) => return self.store.pod_id(ns, name).into_iter().collect(),
            Some(kind) => match self.store.object(kind, ns, name) {
                Some(Object::Deployment(d)) => d.spec.selector.match_labels.clone(),
                Some(Object::ReplicaSet(r)) => r.spec.selector.match_labels.clone(),
                Some(Object::StatefulSet(s)) => s.spec.selector.match_labels.clone(),
                Some(Object::DaemonSet(d)) => d.spec.selector.match_labels.clone(),
                Some(Object::Job(j)) => j.spec.selector.match_labels.clone(),
                _ => return vec![],
            },
            None => return vec![],
        };
        self.store
            .pods_matching(ns, &selector)
            .into_iter()
            .filter(|id| self.store.pod(*id).is_some_and(|p| p.is_ready() && !p.is_terminating()))
            .collect()
    }

    /// Requests sent from pods (a workload's ready pods in turn) to a Service by its DNS
    /// name, as their programs would: each looks the name up through its resolver, then
    /// connects through kube-proxy. A name that does not resolve fails as curl says.
    fn requests_from_pods(
        &mut self,
        ns: &str,
        service: &str,
        port: Option<i32>,
        client: (&str, &str),
        n: usize,
    ) -> Vec<crate::proxy::Request> {
        let clients = self.client_pods(ns, client);
        let svc_port = self.store.services.get(&(ns.to_string(), service.to_string())).and_then(|s| match port {
            Some(p) => s.ports.iter().find(|sp| sp.port == p).map(|sp| sp.port),
            None => s.ports.first().map(|sp| sp.port),
        });
        let port = port.or(svc_port).unwrap_or(80);
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let Some(&from) = clients.get(i % clients.len().max(1)) else { break };
            let lookup = match self.store.pod(from) {
                Some(p) => crate::dns::lookup(&self.api, p, service),
                None => continue,
            };
            let ip = match lookup {
                crate::dns::Lookup::Found { ips, .. } => ips.first().cloned().unwrap_or_default(),
                other => {
                    let why = match other {
                        crate::dns::Lookup::NoServer(why) => format!("curl: (6) Could not resolve host: {service} ({why})"),
                        _ => format!("curl: (6) Could not resolve host: {service}"),
                    };
                    let p = self.store.pod(from).expect("checked");
                    out.push(crate::proxy::Request {
                        at: self.api.now,
                        client: p.meta.name.clone(),
                        via_node: None,
                        service: format!("{ns}/{service}"),
                        pod: None,
                        pod_at: None,
                        pod_node: None,
                        latency_ms: 0.0,
                        outcome: crate::proxy::Outcome::Refused(why),
                        from_pod: Some(format!("{}/{}", p.meta.namespace, p.meta.name)),
                        server_image: String::new(),
                    });
                    continue;
                }
            };
            let port = u16::try_from(port).unwrap_or(80);
            out.push(self.proxy.connect(&mut self.api, from, &ip, port));
        }
        out
    }

    /// Turns ClientIP session affinity on or off for one Service.
    pub(crate) fn set_session_affinity(&mut self, ns: &str, service: &str, client_ip: bool) -> bool {
        crate::apiserver::set_session_affinity(&mut self.api, ns, service, client_ip)
    }

    /// Starts, changes or stops the load generator's load on a Service.
    pub(crate) fn set_load(&mut self, ns: &str, service: &str, shape: Option<crate::loadgen::Shape>) -> bool {
        self.loadgen.set(&mut self.api, ns, service, shape)
    }

    /// The events of the whole run, one line each, for determinism checks and replays.
    pub fn event_log(&self) -> String {
        let mut out = String::new();
        for e in self.api.events.all() {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}/{}\t{}\t{}\tx{}\n",
                e.first,
                e.kind.as_str(),
                e.reason,
                e.involved.kind.info().singular,
                e.involved.name(),
                e.source,
                e.message(),
                e.count
            ));
        }
        out
    }
}
