//! A container's script that waits for a name to resolve, as the documentation's init
//! containers do (`until nslookup myservice; do echo waiting; sleep 2; done`). Its process
//! is worked out when it starts, against the cluster's DNS then; the names it could not
//! resolve are kept. Each second the kubelet looks again, and once one resolves it works
//! the process out again from its start, with those names unanswered before now and
//! answered after: the loop ends at its next turn, and what came before is unchanged.

use super::{config, image_config, run_mut, runtime_env, volume_files, Which};
use crate::api::Api;
use crate::model::pod::Container;
use crate::model::pod_runtime::{Process, Stage};
use crate::runtime::network::{Connection, Lookup, Network};
use crate::store::PodId;
use crate::time::{Millis, SECOND};
use std::cell::{Cell, RefCell};

/// The cluster's DNS as the pod sees it, for its own script; no connections.
pub(super) struct StartNetwork<'a> {
    api: &'a Api,
    pod: PodId,
    image: String,
    /// Before this time on the script's clock, these names did not resolve.
    before: Option<(Millis, &'a [String])>,
    clock: Cell<Millis>,
    unresolved: RefCell<Vec<String>>,
}

impl<'a> StartNetwork<'a> {
    pub(super) fn new(api: &'a Api, pod: PodId, image: &str, before: Option<(Millis, &'a [String])>) -> StartNetwork<'a> {
        StartNetwork { api, pod, image: image.to_string(), before, clock: Cell::new(0), unresolved: RefCell::new(Vec::new()) }
    }

    /// The names its lookups could not resolve, each once.
    pub(super) fn unresolved(self) -> Vec<String> {
        self.unresolved.into_inner()
    }
}

impl Network for StartNetwork<'_> {
    fn resolv_conf(&self) -> Vec<String> {
        self.api.store.pod(self.pod).map(|p| crate::dns::resolv_conf(self.api, p).lines()).unwrap_or_default()
    }

    fn server(&self) -> (String, Option<String>) {
        let Some(p) = self.api.store.pod(self.pod) else { return (String::new(), None) };
        let ip = crate::dns::resolv_conf(self.api, p).nameservers.first().cloned().unwrap_or_default();
        let name = crate::dns::reverse(self.api, &ip);
        (ip, name)
    }

    fn lookup(&self, name: &str) -> Lookup {
        let earlier = self.before.is_some_and(|(until, names)| self.clock.get() < until && names.iter().any(|n| n == name));
        if earlier {
            return Lookup::NotFound;
        }
        let Some(p) = self.api.store.pod(self.pod) else { return self.not_found(name) };
        match crate::dns::lookup(self.api, p, name) {
            crate::dns::Lookup::Found { name, cname, ips } => {
                Lookup::Found { name, cname, ips: ips.into_iter().map(|ip| (ip.clone(), crate::dns::reverse(self.api, &ip))).collect() }
            }
            crate::dns::Lookup::NotFound => self.not_found(name),
            crate::dns::Lookup::NoServer(why) => Lookup::NoServer(why),
            crate::dns::Lookup::Outside { name, cname } => Lookup::Outside { name, cname },
        }
    }

    fn connect(&self, _ip: &str, _port: u16) -> Connection {
        Connection::Unreachable("kubeplay gives a container's own script the cluster's DNS, not connections".into())
    }

    fn image(&self) -> String {
        self.image.clone()
    }

    fn hostname(&self) -> String {
        self.api.store.pod(self.pod).map(|p| p.meta.name.chars().take(63).collect()).unwrap_or_default()
    }

    fn dns_only(&self) -> bool {
        true
    }

    fn clock(&self, t: Millis) {
        self.clock.set(t);
    }

    fn changes_at(&self) -> Millis {
        self.before.map_or(0, |(until, _)| until)
    }
}

impl StartNetwork<'_> {
    fn not_found(&self, name: &str) -> Lookup {
        let mut names = self.unresolved.borrow_mut();
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        Lookup::NotFound
    }
}

/// Whether the container's command may look a name up (the only tools its script is given
/// a network for).
pub(super) fn may_look_up(ct: &Container) -> bool {
    ct.command.iter().chain(&ct.args).any(|w| w.contains("nslookup") || w.contains("getent"))
}

/// The process as worked out at `started`, and the names it could not resolve, with the
/// names `before` unanswered until that time on its clock.
pub(super) fn work_out(api: &Api, id: PodId, ct: &Container, started: Millis, before: Option<(Millis, &[String])>) -> Option<Process> {
    let pod = api.store.pod(id)?;
    let env = config::environment_at(api, pod, ct, started)
        .unwrap_or_else(|_| ct.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect());
    let env = if runtime_env::may_be_read(ct) { runtime_env::with_runtime(api, pod, started, env) } else { env };
    let mounted = if volume_files::may_be_read(pod, ct) { volume_files::files(api, pod, ct, started, started) } else { vec![] };
    let facts = api.image_facts(&ct.image);
    let config = image_config(api, &facts);
    let net = StartNetwork::new(api, id, &ct.image, before);
    let mut process = crate::runtime::process_on(ct, &config, &env, &mounted, started, Some(&net));
    remember(&mut process, net.unresolved());
    Some(process)
}

/// Keeps the unresolved names with a process that still runs (one that ends waits for
/// nothing).
pub(super) fn remember(process: &mut Process, unresolved: Vec<String>) {
    if unresolved.is_empty() || process.exit.is_some() {
        return;
    }
    process.script.get_or_insert_with(Default::default).unresolved = unresolved;
}

/// A running container waiting for a name: when one resolves now, its process is worked
/// out again and the stage follows it. The next look is due in a second while it waits.
pub(super) fn recheck(api: &mut Api, id: PodId, w: Which, ct: &Container, started: Millis) -> Option<Millis> {
    let now = api.now;
    let names = {
        let pod = api.store.pod(id)?;
        let names = w.run(pod)?.process.as_ref()?.unresolved();
        if names.is_empty() {
            return None;
        }
        let resolves = names.iter().any(|n| matches!(crate::dns::lookup(api, pod, n), crate::dns::Lookup::Found { .. }));
        if !resolves {
            return Some(now + SECOND);
        }
        names.to_vec()
    };
    let process = work_out(api, id, ct, started, Some((now - started, &names)))?;
    let exit = process.exit.map(|(after, code)| (started + after, code));
    let run = run_mut(api, id, w);
    if let Stage::Running { exit: e, code: c, .. } = &mut run.stage {
        *e = exit.map(|(at, _)| at);
        *c = exit.map_or(0, |(_, code)| code);
    }
    let waits = !process.unresolved().is_empty();
    run.process = Some(process);
    match exit {
        Some((at, _)) => Some(at.max(now)),
        None => waits.then_some(now + SECOND),
    }
}
