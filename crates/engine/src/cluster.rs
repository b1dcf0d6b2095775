//! The cluster a user drives: the simulated world and the log of everything they did to
//! it. Every change goes through one of the methods below, each of which records its
//! action once, so that a run can be replayed exactly (same seed, same actions, same
//! bytes), put in a share link and rewound. Reads go through `&Cluster` (it dereferences
//! to the world) and record nothing.

use crate::actions::Action;
use crate::apply::{Mode, Report};
use crate::docker::Context;
use crate::kubectl::{Files, Output};
use crate::loadgen::Shape;
use crate::presets::Preset;
use crate::proxy::{Entry, Mode as ProxyMode, Request};
use crate::registry::RegistryState;
use crate::time::Millis;
use crate::world::World;

pub struct Cluster {
    world: World,
    log: Vec<Action>,
}

impl std::ops::Deref for Cluster {
    type Target = World;

    fn deref(&self) -> &World {
        &self.world
    }
}

impl Cluster {
    /// A fresh cluster of the preset with `workers` worker nodes (the preset's default when
    /// `None`), seeded with `seed`.
    pub fn new(preset: Preset, workers: Option<usize>, seed: u64) -> Cluster {
        Cluster { world: World::new(preset, workers, seed), log: Vec::new() }
    }

    /// The world itself, for tests that reach an actor's insides.
    #[cfg(test)]
    pub(crate) fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Everything done to the cluster since it was made, in order.
    pub fn log(&self) -> &[Action] {
        &self.log
    }

    /// Appends to the log; consecutive time steps merge into one.
    fn record(&mut self, a: Action) {
        if let (Action::Advance(ms), Some(Action::Advance(prev))) = (&a, self.log.last_mut()) {
            *prev += ms;
            return;
        }
        self.log.push(a);
    }

    /// Performs one action (and records it); `context` is where `docker build` reads its
    /// build context.
    pub fn perform(&mut self, a: &Action, context: &dyn Context) {
        match a {
            Action::Apply { text, source, namespace, create } => {
                let mode = if *create { Mode::Create } else { Mode::Apply };
                self.apply_text(text, source, namespace, mode);
            }
            Action::Kubectl(line) => {
                self.kubectl(line, &crate::kubectl::NoFiles);
            }
            Action::Advance(ms) => self.advance(*ms),
            Action::KillNode(n) => {
                let _ = self.kill_node(n);
            }
            Action::RestoreNode(n) => {
                let _ = self.restore_node(n);
            }
            Action::Build { dockerfile, tag } => {
                self.docker_build(dockerfile, tag, context);
            }
            Action::KindLoad(i) => {
                self.kind_load(i);
            }
            Action::RemoveImage(i) => {
                self.remove_local_image(i);
            }
            Action::Requests { namespace, service, port, entry, client, count } => {
                self.send_requests(namespace, service, *port, entry, client, *count);
            }
            Action::ProxyMode(m) => self.set_proxy_mode(*m),
            Action::Load { namespace, service, shape } => {
                self.set_load(namespace, service, shape.clone());
            }
            Action::SessionAffinity { namespace, service, client_ip } => {
                self.set_session_affinity(namespace, service, *client_ip);
            }
            Action::Registry(state) => self.set_registry(*state),
        }
    }

    /// Applies (or creates) every document of `text`. `source` is the file name kubectl
    /// would print; `namespace` the one `-n` or the context gives.
    pub fn apply_text(&mut self, text: &str, source: &str, namespace: &str, mode: Mode) -> Report {
        self.record(Action::Apply {
            text: text.to_string(),
            source: source.to_string(),
            namespace: namespace.to_string(),
            create: mode == Mode::Create,
        });
        self.world.apply_text(text, source, namespace, mode)
    }

    /// Runs one kubectl command line (with or without the leading `kubectl`).
    pub fn kubectl(&mut self, line: &str, files: &dyn Files) -> Output {
        self.record(Action::Kubectl(line.to_string()));
        crate::kubectl::run(&mut self.world, line, files)
    }

    /// Advances simulated time by `ms`, handling every wake-up due on the way in order.
    pub fn advance(&mut self, ms: Millis) {
        self.record(Action::Advance(ms));
        self.world.advance(ms);
    }

    /// Advances toward `now + ms` like `advance`, but asks `stop` between instants and
    /// stops early when it says so; returns the simulated time actually advanced. The
    /// page slices long work across frames with it. Only whole instants are handled, so
    /// the recorded `Advance` replays to the same state.
    pub fn advance_sliced(&mut self, ms: Millis, stop: impl FnMut() -> bool) -> Millis {
        let advanced = self.world.advance_sliced(ms, stop);
        self.record(Action::Advance(advanced));
        advanced
    }

    /// Jumps to the next wake-up and handles everything due then. Returns the new time, or
    /// `None` when nothing is scheduled.
    pub fn step(&mut self) -> Option<Millis> {
        let delta = self.world.until_next_wake()?;
        self.advance(delta);
        Some(self.now())
    }

    /// Stops a node's kubelet, as if the machine lost power.
    pub fn kill_node(&mut self, name: &str) -> Result<(), String> {
        self.record(Action::KillNode(name.to_string()));
        self.world.kill_node(name)
    }

    /// Starts a killed node's kubelet again.
    pub fn restore_node(&mut self, name: &str) -> Result<(), String> {
        self.record(Action::RestoreNode(name.to_string()));
        self.world.restore_node(name)
    }

    /// `docker build -t TAG [-f FILE] DIR`: builds into the local Docker engine; on Docker
    /// Desktop the node sees the image at once.
    pub fn docker_build(&mut self, dockerfile: &str, tag: &str, context: &dyn Context) -> String {
        self.record(Action::Build { dockerfile: dockerfile.to_string(), tag: tag.to_string() });
        self.world.docker_build(dockerfile, tag, context)
    }

    /// `kind load docker-image NAME`: copies a local image into every node's store.
    pub fn kind_load(&mut self, image: &str) -> String {
        self.record(Action::KindLoad(image.to_string()));
        self.world.kind_load(image)
    }

    /// `docker rmi NAME`: removes a local image.
    pub fn remove_local_image(&mut self, image: &str) -> bool {
        self.record(Action::RemoveImage(image.to_string()));
        self.world.remove_local_image(image)
    }

    /// Sends `n` requests (one recorded action) and returns each one's fate.
    pub fn send_requests(&mut self, ns: &str, service: &str, port: Option<i32>, entry: &Entry, client: &str, n: usize) -> Vec<Request> {
        self.record(Action::Requests {
            namespace: ns.to_string(),
            service: service.to_string(),
            port,
            entry: entry.clone(),
            client: client.to_string(),
            count: n,
        });
        self.world.send_requests(ns, service, port, entry, client, n)
    }

    /// Turns ClientIP session affinity on or off for one Service (what
    /// `kubectl patch service … sessionAffinity` does). Returns whether the Service exists.
    pub fn set_session_affinity(&mut self, ns: &str, service: &str, client_ip: bool) -> bool {
        self.record(Action::SessionAffinity { namespace: ns.to_string(), service: service.to_string(), client_ip });
        self.world.set_session_affinity(ns, service, client_ip)
    }

    /// kube-proxy's mode, for every Service.
    pub fn set_proxy_mode(&mut self, mode: ProxyMode) {
        self.record(Action::ProxyMode(mode));
        self.world.proxy.mode = mode;
    }

    /// Starts, changes or stops (`None`) the load on a Service. Returns whether the
    /// Service exists.
    pub fn set_load(&mut self, ns: &str, service: &str, shape: Option<Shape>) -> bool {
        self.record(Action::Load { namespace: ns.to_string(), service: service.to_string(), shape: shape.clone() });
        self.world.set_load(ns, service, shape)
    }

    /// The remote registry's state.
    pub fn set_registry(&mut self, state: RegistryState) {
        self.record(Action::Registry(state));
        self.world.api.registry = state;
    }
}
