//! The kubelet: what happens to a pod once it is bound to its node. A pod is synced at the
//! instants something is due (a pull finishes, a process exits or becomes ready, a
//! back-off window ends); each sync walks the init containers in order, then the app
//! containers, and writes the status kubectl reads.

mod claims;
pub mod config;
pub mod host_files;
pub mod images;
pub mod mirror;
mod probes;
mod pull_secrets;
pub mod resource_field;
mod runtime_env;
mod status;
mod termination;
pub mod volume_files;
mod waiting;

use crate::api::{Api, Wake};
use crate::events::{EventType, Message};
use crate::model::pod::{ConditionReason, PodCondition};
use crate::model::pod::{Container, ContainerState, Phase, RestartPolicy, Terminated};
use crate::model::pod_runtime::{ContainerRun, Stage};
use crate::runtime::ImageConfig;
use crate::store::PodId;
use crate::time::{go_duration, Millis, SECOND};
use std::borrow::Cow;
use std::rc::Rc;

/// Creating the pod sandbox (pause container, network) before containers start.
pub const SANDBOX_MS: Millis = 1_000;
/// How long a process that handles SIGTERM takes to exit.
pub const SIGTERM_EXIT_MS: Millis = 1_000;
/// `initialCrashLoopBackOff` / `MaxCrashLoopBackOff`.
pub const CRASH_BACKOFF_INITIAL: Millis = 10 * SECOND;
pub const CRASH_BACKOFF_MAX: Millis = 300 * SECOND;
/// A sync that follows a status change (the pod worker sees its own update).
const STATUS_SYNC_MS: Millis = 1_000;
/// The volume manager's retry of a failed mount (`nestedpendingoperations`: 500 ms,
/// doubling up to 2 min 2 s).
pub const MOUNT_RETRY_INITIAL: Millis = 500;
pub const MOUNT_RETRY_MAX: Millis = 122 * SECOND;

/// The pod's node, found by the place kept when the pod was bound.
fn node_of(api: &Api, id: PodId) -> Option<&crate::model::Node> {
    api.store.pod(id).and_then(|p| api.store.node_of(p))
}

fn kubelet_up(api: &Api, id: PodId) -> bool {
    node_of(api, id).is_some_and(|n| n.kubelet_up)
}

/// The kubelet sees a pod newly bound to its node.
pub fn pod_bound(api: &mut Api, id: PodId, serial: u64) {
    if !kubelet_up(api, id) {
        return;
    }
    let now = api.now;
    let host_ip = {
        let p = api.store.pod(id).expect("bound pod exists");
        crate::net::Ipv4Text::of(api.store.node_of(p).expect("a bound pod's node").internal_ip)
    };
    let rv = api.store.next_rv();
    let spec = api.store.pod(id).expect("bound pod exists").spec.clone();
    let has_init = !spec.init_containers.is_empty();
    let mut waiting =
        |ct: &Container, reason: &str| crate::model::pod::ContainerStatus::waiting(api.intern(&ct.name), api.intern(&ct.image), reason);
    let statuses: Vec<_> =
        spec.containers.iter().map(|ct| waiting(ct, if has_init { "PodInitializing" } else { "ContainerCreating" })).collect();
    let init_statuses: Vec<_> = spec.init_containers.iter().map(|ct| waiting(ct, "PodInitializing")).collect();
    let p = api.store.pod_mut(id).expect("bound pod exists");
    p.meta.resource_version = rv;
    p.status.start_time = Some(now);
    p.status.host_ip = host_ip;
    p.runtime.inits = vec![ContainerRun::default(); p.spec.init_containers.len()].into();
    p.runtime.apps = vec![ContainerRun::default(); p.spec.containers.len()];
    p.status.statuses = statuses;
    p.status.init_statuses = init_statuses.into();
    status::write(p, now, &mut api.unready_texts);
    api.pod_changed(id);
    api.wake_at(now + SANDBOX_MS, Wake::PodStep { id, serial });
}

/// Which list a container is in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Which {
    Init(usize),
    App(usize),
    /// An ephemeral container `kubectl debug` added: started once, never restarted.
    Ephemeral(usize),
}

/// One sync of a pod: everything due now happens, and the next sync is scheduled.
pub fn pod_step(api: &mut Api, id: PodId, serial: u64) {
    if api.store.pod_if(id, serial).is_none_or(|p| p.meta.deletion.is_some()) || !kubelet_up(api, id) {
        return;
    }
    let now = api.now;
    let node = api.store.pod(id).expect("checked").node.clone();
    let p = api.store.pod(id).expect("checked");
    if p.runtime.apps.len() != p.spec.containers.len() {
        // Bound while the kubelet was down: it sees the pod for the first time now.
        pod_bound(api, id, serial);
        return;
    }
    if !api.store.pod(id).expect("checked").runtime.volumes_mounted {
        if let Some(retry) = mount_volumes(api, id, &node) {
            let rv = api.store.next_rv();
            let p = api.store.pod_mut(id).expect("checked");
            p.meta.resource_version = rv;
            status::write(p, now, &mut api.unready_texts);
            api.pod_changed(id);
            api.wake_at(retry, Wake::PodStep { id, serial });
            return;
        }
    }
    if !api.store.pod(id).expect("checked").runtime.sandbox {
        // A pod on the host's network has the node's address; others take one of the
        // node's pod range.
        let host_network =
            api.store.pod(id).expect("checked").spec.raw.get("hostNetwork").and_then(crate::value::Value::as_bool) == Some(true);
        let ip = match api.store.node_of_mut(id) {
            Some(n) if host_network => Some(n.internal_ip),
            Some(n) => n.allocate_ip(),
            None => None,
        };
        let p = api.store.pod_mut(id).expect("checked");
        p.runtime.sandbox = true;
        p.status.pod_ip = ip.map(crate::net::Ipv4Text::of).unwrap_or_default();
    }
    let spec = api.store.pod(id).expect("checked").spec.clone();
    let mut next: Option<Millis> = None;
    let mut soonest = |t: Option<Millis>| {
        if let Some(t) = t {
            next = Some(next.map_or(t, |n: Millis| n.min(t)));
        }
    };
    let mut inits_done = true;
    for i in 0..spec.init_containers.len() {
        soonest(advance(api, id, Which::Init(i), &node));
        let run = &api.store.pod(id).expect("checked").runtime.inits[i];
        let sidecar = spec.init_containers[i].sidecar;
        let passed = if sidecar { matches!(run.stage, Stage::Running { .. }) } else { run.stage == Stage::Done };
        if !passed {
            inits_done = false;
            break;
        }
    }
    if inits_done {
        for j in 0..spec.containers.len() {
            soonest(advance(api, id, Which::App(j), &node));
        }
    }
    // Ephemeral containers start once the pod runs; each new one gets its status now.
    for k in 0..spec.ephemeral_containers.len() {
        if api.store.pod(id).expect("checked").runtime.ephemerals.len() <= k {
            let ct = &spec.ephemeral_containers[k];
            let status = crate::model::pod::ContainerStatus::waiting(api.intern(&ct.name), api.intern(&ct.image), "ContainerCreating");
            let p = api.store.pod_mut(id).expect("checked");
            p.runtime.ephemerals.push(ContainerRun::default());
            p.status.ephemeral_statuses.push(status);
        }
        soonest(advance(api, id, Which::Ephemeral(k), &node));
    }
    let rv = api.store.next_rv();
    let p = api.store.pod_mut(id).expect("checked");
    p.meta.resource_version = rv;
    status::write(p, now, &mut api.unready_texts);
    api.pod_changed(id);
    if let Some(t) = next {
        api.wake_at(t.max(now + 1), Wake::PodStep { id, serial });
    }
}

/// The volume manager's `WaitForAttachAndMount`: nothing of the pod starts until its
/// ConfigMap and Secret volumes can be set up and its claims are bound. Each failed attempt is a `FailedMount`
/// event; returns when to try again, or `None` once everything is mounted.
fn mount_volumes(api: &mut Api, id: PodId, node: &Rc<str>) -> Option<Millis> {
    let now = api.now;
    let p = api.store.pod(id).expect("synced pod exists");
    let known = api.mountable.known(&api.store, p);
    let failures = if known { Vec::new() } else { config::unmountable(api, p) };
    if failures.is_empty() {
        if !known {
            api.mountable.note(&api.store, p);
        }
        if !claims::ready(api, p) {
            // The populator looks again within moments; no event, no back-off.
            return Some(now + claims::RETRY);
        }
        api.store.pod_mut(id).expect("synced pod exists").runtime.volumes_mounted = true;
        return None;
    }
    for (volume, err) in failures {
        let msg = format!("MountVolume.SetUp failed for volume \"{volume}\" : {err}");
        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "FailedMount", msg);
    }
    let backoff = &mut api.store.pod_mut(id).expect("synced pod exists").runtime.mount_backoff;
    backoff.next(now, MOUNT_RETRY_INITIAL, MOUNT_RETRY_MAX);
    Some(now + backoff.period())
}

fn run_mut(api: &mut Api, id: PodId, w: Which) -> &mut ContainerRun {
    let p = api.store.pod_mut(id).expect("synced pod exists");
    match w {
        Which::Init(i) => &mut p.runtime.inits[i],
        Which::App(j) => &mut p.runtime.apps[j],
        Which::Ephemeral(k) => &mut p.runtime.ephemerals[k],
    }
}

/// The container's status, read only (its name and image are shared, see `Cluster::intern`).
fn status_of(api: &Api, id: PodId, w: Which) -> &crate::model::pod::ContainerStatus {
    let p = api.store.pod(id).expect("synced pod exists");
    match w {
        Which::Init(i) => &p.status.init_statuses[i],
        Which::App(j) => &p.status.statuses[j],
        Which::Ephemeral(k) => &p.status.ephemeral_statuses[k],
    }
}

fn status_mut(api: &mut Api, id: PodId, w: Which) -> &mut crate::model::pod::ContainerStatus {
    let p = api.store.pod_mut(id).expect("synced pod exists");
    match w {
        Which::Init(i) => &mut p.status.init_statuses[i],
        Which::App(j) => &mut p.status.statuses[j],
        Which::Ephemeral(k) => &mut p.status.ephemeral_statuses[k],
    }
}

impl Which {
    /// The container named `name` (`kubectl logs -c`, `exec -c`): app containers first,
    /// then init and ephemeral ones.
    pub fn named(spec: &crate::model::pod::PodSpec, name: &str) -> Option<Which> {
        let find = |list: &[Container]| list.iter().position(|c| c.name == name);
        find(&spec.containers)
            .map(Which::App)
            .or_else(|| find(&spec.init_containers).map(Which::Init))
            .or_else(|| find(&spec.ephemeral_containers).map(Which::Ephemeral))
    }

    /// Its status in the pod's, if written.
    pub fn status(self, pod: &crate::model::Pod) -> Option<&crate::model::pod::ContainerStatus> {
        match self {
            Which::Init(i) => pod.status.init_statuses.get(i),
            Which::App(j) => pod.status.statuses.get(j),
            Which::Ephemeral(k) => pod.status.ephemeral_statuses.get(k),
        }
    }

    /// The kubelet's record of it.
    pub fn run(self, pod: &crate::model::Pod) -> Option<&ContainerRun> {
        match self {
            Which::Init(i) => pod.runtime.inits.get(i),
            Which::App(j) => pod.runtime.apps.get(j),
            Which::Ephemeral(k) => pod.runtime.ephemerals.get(k),
        }
    }

    /// Its spec.
    pub fn container(self, spec: &crate::model::pod::PodSpec) -> Option<&Container> {
        match self {
            Which::Init(i) => spec.init_containers.get(i),
            Which::App(j) => spec.containers.get(j),
            Which::Ephemeral(k) => spec.ephemeral_containers.get(k),
        }
    }
}

/// The container `w` is, in the pod's (shared) spec.
fn container_of(spec: &crate::model::pod::PodSpec, w: Which) -> &Container {
    match w {
        Which::Init(i) => &spec.init_containers[i],
        Which::App(j) => &spec.containers[j],
        Which::Ephemeral(k) => &spec.ephemeral_containers[k],
    }
}

fn set_waiting(api: &mut Api, id: PodId, w: Which, reason: &str, message: String) {
    let s = status_mut(api, id, w);
    s.state = ContainerState::Waiting { reason: reason.to_string(), message: message.into() };
    s.ready = false;
    s.started = false;
}

/// The requeue of a failed pod sync: `backOffPeriod` (10 s) with up to 50 % jitter.
fn resync(api: &mut Api) -> Millis {
    api.now + 10 * SECOND + Millis::from(api.rng.below(5_000))
}

/// `format.Pod`: `name_namespace(uid)`.
fn pod_desc(api: &Api, id: PodId) -> String {
    let p = api.store.pod(id).expect("exists");
    format!("{}_{}({})", p.meta.name, p.meta.namespace, p.meta.uid)
}

/// Moves one container as far as it can go now; returns when it next needs a sync.
fn advance(api: &mut Api, id: PodId, w: Which, node: &Rc<str>) -> Option<Millis> {
    let spec = api.store.pod(id).expect("synced pod exists").spec.clone();
    let ct = container_of(&spec, w);
    let now = api.now;
    for _ in 0..8 {
        let stage = run_mut(api, id, w).stage.clone();
        match stage {
            Stage::Done => return None,
            Stage::NeedImage => {
                let backoff = run_mut(api, id, w).pull_backoff.clone();
                let pod = api.store.pod(id).expect("synced pod exists");
                match images::decide(api, pod, node_of(api, id), ct, &backoff, now) {
                    images::Step::Present => {
                        let image = status_of(api, id, w).image.clone();
                        api.record_pod(
                            id,
                            EventType::Normal,
                            "kubelet",
                            Some(node),
                            "Pulled",
                            Message::Around("Container image \"", image, "\" already present on machine"),
                        );
                        if let Some(retry) = start(api, id, w, ct, node) {
                            return Some(retry);
                        }
                    }
                    images::Step::Pull { duration, result, missing_secrets } => {
                        if !missing_secrets.is_empty() {
                            let msg = format!(
                                "Unable to retrieve some image pull secrets ({}); attempting to pull the image may not succeed.",
                                missing_secrets.join(", ")
                            );
                            api.record_pod(id, EventType::Warning, "kubelet", Some(node), "FailedToRetrieveImagePullSecret", msg);
                        }
                        let image = status_of(api, id, w).image.clone();
                        api.record_pod(
                            id,
                            EventType::Normal,
                            "kubelet",
                            Some(node),
                            "Pulling",
                            Message::Around("Pulling image \"", image, "\""),
                        );
                        run_mut(api, id, w).stage = Stage::Pulling { until: now + duration, result, started: now };
                        return Some(now + duration);
                    }
                    images::Step::InBackoff => {
                        let prev = match &status_mut(api, id, w).state {
                            ContainerState::Waiting { message, .. } => {
                                let message = message.as_str();
                                message.split_once(": ErrImagePull: ").map_or(message, |(_, m)| m).to_string()
                            }
                            _ => String::new(),
                        };
                        let msg = format!("Back-off pulling image \"{}\"", ct.image);
                        api.record_pod(id, EventType::Normal, "kubelet", Some(node), "BackOff", msg.clone());
                        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "Failed", "Error: ImagePullBackOff");
                        set_waiting(api, id, w, "ImagePullBackOff", format!("{msg}: ErrImagePull: {prev}"));
                        return Some(resync(api));
                    }
                    images::Step::NeverPull => {
                        let msg = format!("Container image \"{}\" is not present with pull policy of Never", ct.image);
                        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "ErrImageNeverPull", msg.clone());
                        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "Failed", "Error: ErrImageNeverPull");
                        set_waiting(api, id, w, "ErrImageNeverPull", msg);
                        return Some(resync(api));
                    }
                    images::Step::Invalid(err) => {
                        let msg = format!("Failed to apply default image tag \"{}\": {err}", ct.image);
                        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "InspectFailed", msg.clone());
                        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "Failed", "Error: InvalidImageName");
                        set_waiting(api, id, w, "InvalidImageName", msg);
                        return Some(resync(api));
                    }
                }
            }
            Stage::Pulling { until, result, started } => {
                if now < until {
                    return Some(until);
                }
                match result {
                    Ok(size) => {
                        let took = go_duration(until - started);
                        // Every pod of a rollout pulls (each waits for the node's one pull):
                        // pieces joined, not the formatter.
                        let pieces =
                            ["Successfully pulled image \"", &ct.image, "\" in ", &took, " (", &took, " including waiting). Image size: "];
                        // Room for the size and " bytes." too: one allocation.
                        let mut message = String::with_capacity(pieces.iter().map(|p| p.len()).sum::<usize>() + 28);
                        pieces.iter().for_each(|p| message.push_str(p));
                        crate::time::push_decimal(&mut message, size);
                        message.push_str(" bytes.");
                        api.record_pod(id, EventType::Normal, "kubelet", Some(node), "Pulled", message);
                        let facts = api.image_facts(&ct.image);
                        if let (Ok(_), Some(n)) = (&facts.reference, api.store.node_of_mut(id)) {
                            if !n.has_image(&facts.full) {
                                n.images.push(crate::model::node::CachedImage { name: facts.full.clone(), size });
                                api.queues.scheduling.image_pulled(node.clone(), &facts.full, size);
                            }
                        }
                        if let Some(retry) = start(api, id, w, ct, node) {
                            return Some(retry);
                        }
                    }
                    Err(err) => {
                        api.record_pod(
                            id,
                            EventType::Warning,
                            "kubelet",
                            Some(node),
                            "Failed",
                            format!("Failed to pull image \"{}\": {err}", ct.image),
                        );
                        api.record_pod(id, EventType::Warning, "kubelet", Some(node), "Failed", "Error: ErrImagePull");
                        set_waiting(api, id, w, "ErrImagePull", err);
                        let run = run_mut(api, id, w);
                        run.pull_backoff.next(now, images::BACKOFF_INITIAL, images::BACKOFF_MAX);
                        run.stage = Stage::NeedImage;
                        return Some(now + STATUS_SYNC_MS);
                    }
                }
            }
            Stage::Running { started, ready_at, exit, code, oom } => {
                let mut wake: Option<Millis> = None;
                // A script waiting for a name: worked out again once the name resolves.
                let (exit, code) = match waiting::recheck(api, id, w, ct, started) {
                    Some(t) => {
                        wake = Some(t);
                        match &run_mut(api, id, w).stage {
                            Stage::Running { exit, code, .. } => (*exit, *code),
                            _ => (exit, code),
                        }
                    }
                    None => (exit, code),
                };
                if let Some(t) = ready_at {
                    if now >= t {
                        status_mut(api, id, w).ready = true;
                    } else {
                        wake = Some(wake.map_or(t, |x| x.min(t)));
                    }
                }
                if let Some(t) = probes::check(api, id, w, ct, node, started) {
                    wake = Some(wake.map_or(t, |x| x.min(t)));
                }
                match exit {
                    Some(at) if now >= at => {
                        let reason = if oom {
                            "OOMKilled"
                        } else if code == 0 {
                            "Completed"
                        } else {
                            "Error"
                        };
                        let t = termination::terminated(api, id, w, ct, (code, reason), started, at);
                        let s = status_mut(api, id, w);
                        s.state = ContainerState::Terminated(Box::new(t));
                        s.ready = false;
                        s.started = false;
                        run_mut(api, id, w).stage = Stage::Exited { finished: at, code };
                        // The exit is reported first (STATUS `Error`/`Completed`); the sync
                        // that follows the status update decides about a restart.
                        return Some(at.max(now) + STATUS_SYNC_MS);
                    }
                    Some(at) => return Some(wake.map_or(at, |x| x.min(at))),
                    None => return wake,
                }
            }
            Stage::Exited { .. } if matches!(w, Which::Ephemeral(_)) => return None,
            Stage::Exited { finished, code } => {
                let policy = api.store.pod(id).expect("exists").spec.restart_policy;
                let is_init = matches!(w, Which::Init(_));
                let sidecar = ct.sidecar;
                if is_init && !sidecar && code == 0 {
                    run_mut(api, id, w).stage = Stage::Done;
                    return None;
                }
                let restart = sidecar
                    || policy == RestartPolicy::Always
                    || (policy == RestartPolicy::OnFailure && code != 0)
                    || (is_init && policy != RestartPolicy::Never);
                if !restart {
                    return None;
                }
                let run = run_mut(api, id, w);
                if run.crash_backoff.in_backoff_since(finished, now, CRASH_BACKOFF_MAX) {
                    let period = run.crash_backoff.period();
                    let desc = pod_desc(api, id);
                    api.record_pod(
                        id,
                        EventType::Warning,
                        "kubelet",
                        Some(node),
                        "BackOff",
                        format!("Back-off restarting failed container {} in pod {desc}", ct.name),
                    );
                    let terminated = match &status_mut(api, id, w).state {
                        ContainerState::Terminated(t) => Some(t.clone()),
                        _ => None,
                    };
                    let s = status_mut(api, id, w);
                    if let Some(t) = terminated {
                        s.last_terminated = Some(t);
                    }
                    s.state = ContainerState::Waiting {
                        reason: "CrashLoopBackOff".into(),
                        message: format!("back-off {} restarting failed container={} pod={desc}", go_duration(period), ct.name).into(),
                    };
                    s.ready = false;
                    return Some(finished + period);
                }
                run.crash_backoff.next(finished, CRASH_BACKOFF_INITIAL, CRASH_BACKOFF_MAX);
                if let Some(p) = run.process.take() {
                    run.kept_mut().previous_log = p.output_at_timed(finished);
                }
                run.stage = Stage::NeedImage;
                run.liveness_failures = 0;
                run.readiness_failures = 0;
                run.readiness_successes = 0;
                if let Some(kept) = &mut run.kept {
                    kept.copied.clear();
                }
                let s = status_mut(api, id, w);
                if let ContainerState::Terminated(t) = &s.state {
                    s.last_terminated = Some(t.clone());
                }
                s.restart_count += 1;
            }
        }
    }
    Some(now + SECOND)
}

/// What the container's image defines (an image nobody knows runs as a generic one).
fn image_config<'a>(api: &'a Api, facts: &'a crate::api::KnownImage) -> Cow<'a, ImageConfig> {
    // An image built by the local engine, then the registry's.
    if let Some(local) = facts.reference.is_ok().then(|| api.docker.images.get(&*facts.full)).flatten() {
        return Cow::Borrowed(&local.config);
    }
    if let Some(config) = facts.pulled_config() {
        return Cow::Borrowed(config);
    }
    // The system pods' images: what their programs do.
    Cow::Owned(crate::node_image::config(&facts.full).unwrap_or_else(|| ImageConfig {
        entrypoint: vec![],
        cmd: vec![],
        exposed: vec![],
        files: vec![],
        workdir: "/".into(),
        behaviour: crate::docker::unknown_behaviour(),
    }))
}

/// `kubectl exec`: the kubelet runs `argv` in the pod's running container `ct`, with
/// the environment the container was given.
pub fn exec(api: &Api, id: PodId, ct: &Container, argv: &[String]) -> Option<crate::model::pod_runtime::Process> {
    let cx = exec_context(api, id, ct)?;
    Some(crate::runtime::exec(argv, &cx.config, &cx.env, &cx.files, api.now, None, false))
}

/// What a command `kubectl exec` runs in the container starts from.
pub struct ExecContext {
    pub config: ImageConfig,
    /// The environment the container started with.
    pub env: Vec<(String, String)>,
    /// The files of its volumes and of its own process, (path, text).
    pub files: Vec<(String, String)>,
}

/// The context of a command run in the pod's container `ct`.
pub fn exec_context(api: &Api, id: PodId, ct: &Container) -> Option<ExecContext> {
    let pod = api.store.pod(id)?;
    let run = match pod.spec.containers.iter().position(|c| c.name == ct.name) {
        Some(i) => pod.runtime.apps.get(i),
        None => pod.spec.ephemeral_containers.iter().position(|c| c.name == ct.name).and_then(|k| pod.runtime.ephemerals.get(k)),
    };
    let started = match run.map(|r| &r.stage) {
        Some(Stage::Running { started, .. }) => *started,
        _ => api.now,
    };
    // The command inherits the environment the container started with.
    let env = config::environment_at(api, pod, ct, started)
        .unwrap_or_else(|_| ct.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect());
    let env = runtime_env::with_runtime(api, pod, started, env);
    let mut files = volume_files::files(api, pod, ct, started, api.now);
    // What its own process wrote (an emptyDir, /tmp) is there too.
    if let Some(p) = run.and_then(|r| r.process.as_ref()) {
        let elapsed = api.now.saturating_sub(p.started);
        let mut paths: Vec<&str> = p.files().iter().map(|f| f.path.as_str()).collect();
        paths.sort();
        paths.dedup();
        for path in paths {
            if let Some(f) = p.file_at(path, elapsed) {
                files.push((f.path.clone(), f.content.clone()));
            }
        }
    }
    // What `kubectl cp` copied in replaces a file of the same path.
    for (path, text) in run.map(ContainerRun::copied).unwrap_or(&[]) {
        files.retain(|(p, _)| p != path);
        files.push((path.clone(), text.clone()));
    }
    Some(ExecContext { config: image_config(api, &api.image_facts(&ct.image)).into_owned(), env, files })
}

/// Creates and starts the container: its process begins now. Its environment is read
/// first; if a ConfigMap, Secret or key it needs is missing, it is not created
/// (`CreateContainerConfigError`), and the returned time is the pod worker's retry.
fn start(api: &mut Api, id: PodId, w: Which, ct: &Container, node: &Rc<str>) -> Option<Millis> {
    let now = api.now;
    let r = api.pod_ref_shared(id);
    let facts = api.image_facts(&ct.image);
    let config = image_config(api, &facts);
    let needs_lookup = !ct.env_from.is_empty() || ct.env.iter().any(|e| e.value_from.is_some() || e.value.contains('$'));
    let env = if needs_lookup {
        let pod = api.store.pod(id).expect("synced pod exists");
        let env = if crate::runtime::reads_environment(ct, &config) {
            config::environment(api, pod, ct)
        } else {
            config::environment_resolves(api, pod, ct).map(|()| vec![])
        };
        match env {
            Ok(env) => env,
            Err(err) => {
                api.record_pod(id, EventType::Warning, "kubelet", Some(node), "Failed", format!("Error: {err}"));
                set_waiting(api, id, w, "CreateContainerConfigError", err);
                run_mut(api, id, w).stage = Stage::NeedImage;
                return Some(resync(api));
            }
        }
    } else {
        ct.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect()
    };
    let env = if runtime_env::may_be_read(ct) {
        runtime_env::with_runtime(api, api.store.pod(id).expect("synced pod exists"), now, env)
    } else {
        env
    };
    // A command or script may read its volumes; an image's own program is not modelled
    // reading them, and 150,000 pods need not copy their token files.
    let pod = api.store.pod(id).expect("synced pod exists");
    let mounted = if volume_files::may_be_read(pod, ct) { volume_files::files(api, pod, ct, now, now) } else { vec![] };
    let process = if waiting::may_look_up(ct) {
        let net = waiting::StartNetwork::new(api, id, &ct.image, None);
        let mut process = crate::runtime::process_on(ct, &config, &env, &mounted, now, Some(&net));
        waiting::remember(&mut process, net.unresolved());
        process
    } else {
        crate::runtime::process_with_files(ct, &config, &env, &mounted, now)
    };
    if !process.files().is_empty() {
        let pod = api.store.pod(id).expect("synced pod exists").clone();
        host_files::started(api, &pod, ct, &process, now);
    }
    let name = status_of(api, id, w).name.clone();
    api.record(r.clone(), EventType::Normal, "kubelet", Some(node), "Created", Message::Around("Created container: ", name.clone(), ""));
    let runtime = node_of(api, id).map_or("", crate::model::Node::runtime_name);
    let runtime_name = match api.interned(runtime) {
        Some(known) => known,
        None => {
            let name = runtime.to_string();
            api.intern(&name)
        }
    };
    let hex = [(); 4].map(|_| api.rng.next_u64());
    let container_id = Some(crate::model::pod::ContainerId { runtime: runtime_name.clone(), hex });
    let image_id = match api.docker.images.get(&*facts.full) {
        Some(local) if facts.reference.is_ok() => api.intern(&format!("docker://{}", local.id)),
        _ => facts.pulled_id.clone(),
    };
    if let Some(err) = &process.start_error {
        let msg = if &*runtime_name == "docker" {
            format!("Error: failed to start container \"{}\": Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {err}: unknown", ct.name)
        } else {
            format!("Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {err}: unknown")
        };
        api.record(r, EventType::Warning, "kubelet", Some(node), "Failed", msg.clone());
        let s = status_mut(api, id, w);
        s.container_id = container_id;
        s.image_id = image_id;
        s.state = ContainerState::Terminated(Box::new(Terminated {
            container_id: s.container_id.clone(),
            exit_code: 128,
            reason: "StartError".into(),
            message: msg,
            started: now,
            finished: now,
        }));
        let run = run_mut(api, id, w);
        run.process = Some(process);
        run.stage = Stage::Exited { finished: now, code: 128 };
        return None;
    }
    api.record(r, EventType::Normal, "kubelet", Some(node), "Started", Message::Around("Started container ", name, ""));
    // An ephemeral container is never Ready: it serves nothing.
    // A startup probe decides when it is started, and so ready when nothing else does.
    let ready_at =
        if ct.readiness.is_some() || ct.startup.is_some() || matches!(w, Which::Ephemeral(_)) { None } else { Some(now + process.startup) };
    // A shell reading an open stdin (`stdin: true`, no `-c` script) waits for input.
    let reads_stdin = ct.stdin && !ct.command.iter().chain(&ct.args).any(|a| a == "-c");
    let exit = process.exit.filter(|_| !reads_stdin).map(|(after, code)| (now + after, code));
    let oom = process.exit.is_some_and(|(_, code)| code == 137) && ct.mem_limit.is_some_and(|l| process.memory > l);
    let s = status_mut(api, id, w);
    s.container_id = container_id;
    s.image_id = image_id;
    s.state = ContainerState::Running { started: now };
    s.started = ct.startup.is_none();
    s.ready = false;
    let run = run_mut(api, id, w);
    run.process = Some(process);
    run.stage = Stage::Running { started: now, ready_at, exit: exit.map(|(at, _)| at), code: exit.map_or(0, |(_, code)| code), oom };
    if let Some(command) = &ct.post_start {
        post_start(api, id, w, ct, command);
    }
    None
}

/// `lifecycle.postStart`'s command, run in the container as it starts: the files it
/// writes stay in the container's filesystem (the documentation's lifecycle-demo writes
/// `/usr/share/message`). Its failure (`FailedPostStartHook`) is not modelled.
fn post_start(api: &mut Api, id: PodId, w: Which, ct: &Container, command: &[String]) {
    let Some(cx) = exec_context(api, id, ct) else { return };
    let p = crate::runtime::exec(command, &cx.config, &cx.env, &cx.files, api.now, None, false);
    keep_written(api, id, w, &p);
}

/// The files a command run in the container (`kubectl exec`, a hook) left when it ended:
/// they stay in the container's own filesystem, as `kubectl cp`'s do, until it restarts.
/// What it removed of the image's files is not followed.
pub fn keep_written(api: &mut Api, id: PodId, w: Which, p: &crate::model::pod_runtime::Process) {
    let end = p.exit.map_or(0, |(after, _)| after);
    let mut written: Vec<(String, String)> = Vec::new();
    for f in p.files() {
        if let Some(f) = p.file_at(&f.path, end).filter(|_| !written.iter().any(|(path, _)| *path == f.path)) {
            written.push((f.path.clone(), f.content.clone()));
        }
    }
    if written.is_empty() || api.store.pod(id).is_none() {
        return;
    }
    let copied = &mut run_mut(api, id, w).kept_mut().copied;
    for (path, text) in written {
        copied.retain(|(p, _)| *p != path);
        copied.push((path, text));
    }
}

/// Whether the container's main process exits on SIGTERM.
fn exits_on_sigterm(run: &ContainerRun) -> bool {
    run.process.as_ref().is_some_and(|p| p.handles_sigterm)
}

/// Starts a graceful deletion: the pod is Terminating; the kubelet sends SIGTERM and
/// removes the pod once its containers have stopped (at the latest when the grace period
/// ends). Returns whether the pod is already gone.
pub fn terminate(api: &mut Api, id: PodId, grace_secs: i64) -> bool {
    let now = api.now;
    // The pod strategy's `CheckGracefulDelete`: a negative period is one second.
    let grace_secs = if grace_secs < 0 { 1 } else { grace_secs };
    let Some(serial) = api.store.serial(id) else { return true };
    let p = api.store.pod(id).expect("serial found");
    let bound = !p.node.is_empty();
    let finished = matches!(p.status.phase, Phase::Succeeded | Phase::Failed);
    if !bound || grace_secs == 0 || (finished && kubelet_up(api, id)) {
        remove(api, id);
        return true;
    }
    let rv = api.store.next_rv();
    let p = api.store.pod_mut(id).expect("serial found");
    if p.meta.deletion.is_none() {
        // Any int64 of seconds is a valid period: a deadline past the end of time is
        // never reached, and the pod goes when its containers have stopped.
        p.meta.deletion = Some(now.saturating_add((grace_secs as Millis).saturating_mul(SECOND)));
        p.meta.deletion_grace_secs = Some(grace_secs);
        p.meta.resource_version = rv;
    }
    p.status.set_condition(PodCondition::Ready, false, ConditionReason::None, "", now);
    p.status.set_condition(PodCondition::ContainersReady, false, ConditionReason::None, "", now);
    api.queues.scheduling.cluster_changed();
    api.pod_changed(id);
    if kubelet_up(api, id) {
        stop_containers(api, id, serial);
    }
    false
}

/// The kubelet kills a deleted pod's containers.
pub fn stop_containers(api: &mut Api, id: PodId, serial: u64) {
    let now = api.now;
    let p = api.store.pod(id).expect("pod exists");
    if p.runtime.stopping {
        return;
    }
    let grace_ms = p.meta.deletion.map(|d| d.saturating_sub(now)).unwrap_or(0);
    let spec = p.spec.clone();
    let node = p.node.clone();
    let runs: Vec<ContainerRun> = p.runtime.apps.clone();
    let running: Vec<bool> = p.status.statuses.iter().map(|s| matches!(s.state, ContainerState::Running { .. })).collect();
    let r = api.pod_ref(id);
    let mut stop_ms = 0;
    for (i, (ct, run)) in spec.containers.iter().zip(running).enumerate() {
        if !run {
            continue;
        }
        api.record(r.clone(), EventType::Normal, "kubelet", Some(&node), "Killing", format!("Stopping container {}", ct.name));
        let handles = runs.get(i).map(exits_on_sigterm).unwrap_or(true);
        stop_ms = stop_ms.max(if handles { SIGTERM_EXIT_MS.min(grace_ms) } else { grace_ms });
    }
    api.store.pod_mut(id).expect("pod exists").runtime.stopping = true;
    api.wake_at(now + stop_ms, Wake::PodGone { id, serial });
}

/// The containers have stopped: the kubelet confirms the deletion and the pod is gone.
pub fn pod_gone(api: &mut Api, id: PodId, serial: u64) {
    if api.store.pod_if(id, serial).is_none() || !kubelet_up(api, id) {
        return;
    }
    remove(api, id);
}

/// Removes a pod from the store and gives back what it held on its node.
pub fn remove(api: &mut Api, id: PodId) {
    api.pod_changed(id);
    let Some(pod) = api.store.remove_pod(id) else { return };
    host_files::pod_gone(api, &pod.meta.uid, api.now);
    for claim in pod.spec.claims() {
        // The protection controller may let a claim go.
        api.queue_claim(&pod.meta.namespace, claim);
    }
    api.metrics.forget(&format!("{}/{}", pod.meta.namespace, pod.meta.name));
    let ns = pod.meta.namespace.as_str();
    if api.store.objects_of(crate::model::Kind::ResourceQuota, Some(ns)).next().is_some() {
        // The quota has room again: controllers whose pods it refused try again.
        api.mark_dirty(crate::model::Kind::ResourceQuota, ns, "");
    }
    if let Some(node) = api.store.nodes.get_mut(&pod.node) {
        let (cpu, mem) = pod.spec.requests();
        node.account(cpu, mem, -1);
        if let Some(ip) = crate::net::parse_ipv4(&pod.status.pod_ip) {
            node.release_ip(ip);
        }
    }
    api.queues.scheduling.cluster_changed();
}

/// What the container printed, for `kubectl logs` (`previous`: the instance before the
/// last restart).
pub fn logs(api: &Api, id: PodId, container: Which, previous: bool) -> Option<Vec<String>> {
    logs_timed(api, id, container, previous).map(|lines| lines.into_iter().map(|(_, l)| l).collect())
}

/// The same, each line with the instant it was written (what `--timestamps` and `--since`
/// read).
pub fn logs_timed(api: &Api, id: PodId, container: Which, previous: bool) -> Option<Vec<(Millis, String)>> {
    let run = container.run(api.store.pod(id)?)?;
    if previous {
        return Some(run.previous_log().to_vec());
    }
    run.process.as_ref().map(|p| p.output_at_timed(api.now))
}
