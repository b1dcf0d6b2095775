//! `kubectl cordon`, `uncordon` and `drain`, and `kubectl logs`.

use super::args::{self, flag, FlagSpec};
use super::{Output, Wait};
use crate::kubelet::Which;
use crate::model::pod::ContainerState;
use crate::model::Kind;
use crate::world::World;

fn set_unschedulable(c: &mut World, name: &str, value: bool) -> Result<bool, String> {
    let rv = c.api.store.next_rv();
    let n = c.api.store.nodes.get_mut(name).ok_or_else(|| format!("Error from server (NotFound): nodes \"{name}\" not found"))?;
    if n.unschedulable == value {
        return Ok(false);
    }
    n.unschedulable = value;
    n.meta.resource_version = rv;
    c.api.queues.scheduling.nodes_changed();
    Ok(true)
}

pub fn cordon(c: &mut World, rest: &[String], value: bool) -> Output {
    let cmd = if value { "cordon" } else { "uncordon" };
    let p = match args::parse(rest, &[flag("selector", Some('l'), true), flag("dry-run", None, true)], cmd) {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let Some(name) = p.positional.first() else {
        return Output::err(format!("error: USAGE: {cmd} NODE [flags]\nSee 'kubectl {cmd} -h' for help and examples"));
    };
    match set_unschedulable(c, name, value) {
        Ok(true) => Output::ok(format!("node/{name} {cmd}ed\n")),
        Ok(false) => Output::ok(format!("node/{name} already {cmd}ed\n")),
        Err(e) => Output::err(e),
    }
}

const DRAIN_FLAGS: &[FlagSpec] = &[
    flag("ignore-daemonsets", None, false),
    flag("force", None, false),
    flag("delete-emptydir-data", None, false),
    flag("grace-period", None, true),
    flag("timeout", None, true),
    flag("disable-eviction", None, false),
    flag("selector", Some('l'), true),
    flag("pod-selector", None, true),
];

/// How long a drain without `--timeout` retries in simulated time before kubeplay stops it
/// (kubectl would retry forever).
const DRAIN_RETRY_LIMIT: crate::time::Millis = 10 * crate::time::MINUTE;
/// `EvictErrorRetryDelay`.
const EVICT_RETRY: crate::time::Millis = 5 * crate::time::SECOND;

/// `cannot delete MSG: PODS`, one per kind of refusal; several read as an aggregate.
fn aggregate(errs: &[String]) -> String {
    if errs.len() == 1 {
        errs[0].clone()
    } else {
        format!("[{}]", errs.join(", "))
    }
}

pub fn drain(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, DRAIN_FLAGS, "drain") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let Some(name) = p.positional.first().cloned() else {
        return Output::err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
    };
    let timeout = match p.get("timeout") {
        Some(t) => match crate::time::parse_duration(t) {
            Some(ms) => Some(ms).filter(|ms| *ms > 0),
            None => return Output::err(format!("error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"")),
        },
        None => None,
    };
    let mut out = Output::default();
    match set_unschedulable(c, &name, true) {
        Ok(true) => out.stdout.push_str(&format!("node/{name} cordoned\n")),
        Ok(false) => out.stdout.push_str(&format!("node/{name} already cordoned\n")),
        Err(e) => return Output::err(e),
    }
    let ids: Vec<_> = c.store.pods_by_node.get(name.as_str()).map(|s| s.iter().copied().collect()).unwrap_or_default();
    let mut pods: Vec<(String, String, Option<&'static str>)> = ids
        .iter()
        .filter_map(|id| c.store.pod(*id))
        // `mirrorPodFilter`: a static pod's mirror is skipped; its kubelet keeps it.
        .filter(|p| p.meta.deletion.is_none() && !crate::kubelet::mirror::is_mirror(p))
        .map(|p| (p.meta.namespace.clone(), p.meta.name.clone(), p.meta.controller().map(|o| o.kind)))
        .collect();
    pods.sort();
    let listed = |pred: &dyn Fn(Option<&str>) -> bool| -> Vec<String> {
        pods.iter().filter(|(_, _, k)| pred(*k)).map(|(ns, n, _)| format!("{ns}/{n}")).collect()
    };
    // `daemonSetFilter` and `unreplicatedFilter`, in kubectl's order.
    let daemons = listed(&|k| k == Some("DaemonSet"));
    let bare = listed(&|k| k.is_none());
    let mut errs = vec![];
    let mut warnings = vec![];
    if !daemons.is_empty() {
        if p.bool("ignore-daemonsets") {
            warnings.push(format!("ignoring DaemonSet-managed Pods: {}", daemons.join(", ")));
        } else {
            errs.push(format!("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}", daemons.join(", ")));
        }
    }
    if !bare.is_empty() {
        if p.bool("force") {
            warnings.push(format!("deleting Pods that declare no controller: {}", bare.join(", ")));
        } else {
            errs.push(format!(
                "cannot delete cannot delete Pods that declare no controller (use --force to override): {}",
                bare.join(", ")
            ));
        }
    }
    if !errs.is_empty() {
        let msg = aggregate(&errs);
        out.stderr = format!("error: unable to drain node \"{name}\" due to error: {msg}, continuing command...\nThere are pending nodes to be drained:\n {name}\n{msg}\n");
        out.code = 1;
        return out;
    }
    if !warnings.is_empty() {
        out.stdout.push_str(&format!("Warning: {}\n", warnings.join("; ")));
    }
    let grace = p.get("grace-period").and_then(|g| g.parse::<i64>().ok()).filter(|g| *g >= 0);
    let mut pending: Vec<(String, String)> =
        pods.into_iter().filter(|(_, _, k)| *k != Some("DaemonSet")).map(|(ns, n, _)| (ns, n)).collect();
    if p.bool("disable-eviction") {
        return delete_all(c, &name, pending, grace, out);
    }
    // Each pod is evicted, and on a 429 tried again every 5 s (`evictPods`); simulated
    // time passes meanwhile, so replacements can become Ready and the budget allow more.
    let start = c.now();
    let mut waiting: Vec<(String, String)> = vec![];
    let mut retried = false;
    loop {
        let mut refused = vec![];
        for (ns, n) in &pending {
            out.stdout.push_str(&format!("evicting pod {ns}/{n}\n"));
            match crate::apiserver::eviction::evict(&mut c.api, ns, n, grace) {
                Ok(()) => waiting.push((ns.clone(), n.clone())),
                Err(crate::apiserver::ApiError::NotFound { .. }) => {}
                Err(crate::apiserver::ApiError::TooManyRequests(msg)) => {
                    out.stdout.push_str(&format!("error when evicting pods/\"{n}\" -n \"{ns}\" (will retry after 5s): {msg}\n"));
                    refused.push((ns.clone(), n.clone()));
                }
                Err(e) => {
                    let msg = format!("error when evicting pods/\"{n}\" -n \"{ns}\": {}", api_message(&e));
                    return drain_failed(c, &name, &msg, out);
                }
            }
        }
        pending = refused;
        if pending.is_empty() {
            break;
        }
        retried = true;
        let elapsed = c.now() - start;
        let limit = timeout.unwrap_or(DRAIN_RETRY_LIMIT);
        if elapsed + EVICT_RETRY > limit {
            c.advance(limit.saturating_sub(elapsed));
            gone_now(c, &mut waiting, &mut out);
            let Some(t) = timeout else {
                out.stderr.push_str(&format!(
                    "kubeplay: kubectl drain without --timeout retries forever; stopped after {} of simulated time.\n",
                    crate::time::go_duration(DRAIN_RETRY_LIMIT)
                ));
                out.code = 1;
                return out;
            };
            let errs: Vec<String> = pending
                .iter()
                .map(|(ns, n)| {
                    out.stdout.push_str(&format!("evicting pod {ns}/{n}\n"));
                    format!("error when evicting pods/\"{n}\" -n \"{ns}\": global timeout reached: {}", crate::time::go_duration(t))
                })
                .collect();
            return drain_failed(c, &name, &aggregate(&errs), out);
        }
        c.advance(EVICT_RETRY);
        gone_now(c, &mut waiting, &mut out);
    }
    if retried {
        // What is left goes within the wait; each pod is reported as it is gone.
        while !waiting.is_empty() && c.now() - start < timeout.unwrap_or(DRAIN_RETRY_LIMIT) {
            c.advance(crate::time::SECOND);
            gone_now(c, &mut waiting, &mut out);
        }
    }
    for (_, n) in &waiting {
        out.stdout.push_str(&format!("pod/{n} evicted\n"));
    }
    out.stdout.push_str(&format!("node/{name} drained\n"));
    if !waiting.is_empty() {
        out.wait = Some(Wait::PodsGone(waiting));
    }
    out
}

/// The message of an API error as a client's `err.Error()` gives it.
fn api_message(e: &crate::apiserver::ApiError) -> String {
    match e {
        crate::apiserver::ApiError::TooManyRequests(m) | crate::apiserver::ApiError::Internal(m) => m.clone(),
        other => other.to_string(),
    }
}

/// Prints `pod/NAME evicted` for the evicted pods that are gone.
fn gone_now(c: &World, waiting: &mut Vec<(String, String)>, out: &mut Output) {
    waiting.retain(|(ns, n)| {
        // A pod of that name that is not being deleted is another pod (a StatefulSet
        // makes its pods again under their names): kubectl compares uids.
        let gone = c.store.pod_id(ns, n).and_then(|id| c.store.pod(id)).is_none_or(|p| p.meta.deletion.is_none());
        if gone {
            out.stdout.push_str(&format!("pod/{n} evicted\n"));
        }
        !gone
    });
}

/// `deleteOrEvictPodsSimple` after an error: the pods still there, then the node left
/// to drain.
fn drain_failed(c: &World, node: &str, msg: &str, mut out: Output) -> Output {
    let mut left: Vec<String> = c
        .store
        .pods_by_node
        .get(node)
        .into_iter()
        .flatten()
        .filter_map(|id| c.store.pod(*id))
        .filter(|p| p.meta.deletion.is_none() && p.meta.controller().is_none_or(|o| o.kind != "DaemonSet"))
        .map(|p| p.meta.name.clone())
        .collect();
    left.sort();
    if !left.is_empty() {
        out.stderr.push_str(&format!("There are pending pods in node \"{node}\" when an error occurred: {msg}\n"));
        for n in left {
            out.stderr.push_str(&format!("pod/{n}\n"));
        }
    }
    out.stderr.push_str(&format!(
        "error: unable to drain node \"{node}\" due to error: {msg}, continuing command...\nThere are pending nodes to be drained:\n {node}\n{msg}\n"
    ));
    out.code = 1;
    out
}

/// `--disable-eviction`: plain deletes, which no disruption budget checks.
fn delete_all(c: &mut World, node: &str, pods: Vec<(String, String)>, grace: Option<i64>, mut out: Output) -> Output {
    let mut waiting = Vec::new();
    for (ns, n) in pods {
        if let Ok(false) = crate::apiserver::delete(&mut c.api, crate::model::Kind::Pod, &ns, &n, grace) {
            waiting.push((ns.clone(), n.clone()));
        }
        out.stdout.push_str(&format!("pod/{n} deleted\n"));
    }
    out.stdout.push_str(&format!("node/{node} drained\n"));
    if !waiting.is_empty() {
        out.wait = Some(Wait::PodsGone(waiting));
    }
    out
}

pub(super) const LOGS_FLAGS: &[FlagSpec] = &[
    flag("container", Some('c'), true),
    flag("previous", Some('p'), false),
    flag("follow", Some('f'), false),
    flag("tail", None, true),
    flag("timestamps", None, false),
    flag("all-containers", None, false),
    flag("selector", Some('l'), true),
    flag("since", None, true),
    flag("prefix", None, false),
    flag("max-log-requests", None, true),
];

/// How `logs` prints a container's lines: the kubelet's `--since` cut, then `--tail`,
/// each line after its `--timestamps` time and `--prefix`.
#[derive(Clone)]
struct Render {
    since: Option<crate::time::Millis>,
    tail: Option<usize>,
    timestamps: bool,
    prefix: Option<String>,
}

impl Render {
    fn lines(&self, lines: &[(crate::time::Millis, String)]) -> String {
        let kept: Vec<&(crate::time::Millis, String)> = lines.iter().filter(|(t, _)| self.since.is_none_or(|s| *t >= s)).collect();
        let skip = self.tail.map_or(0, |t| kept.len().saturating_sub(t));
        let mut out = String::new();
        for (t, l) in &kept[skip..] {
            if let Some(p) = &self.prefix {
                out.push_str(p);
            }
            if self.timestamps {
                out.push_str(&rfc3339_nano(*t));
                out.push(' ');
            }
            out.push_str(l);
            out.push('\n');
        }
        out
    }
}

/// Go's RFC3339Nano, as the kubelet stamps a line: trailing zeros of the fraction dropped.
fn rfc3339_nano(ms: crate::time::Millis) -> String {
    let secs = crate::time::rfc3339(ms / 1000 * 1000);
    match ms % 1000 {
        0 => secs,
        f => {
            let frac = format!("{f:03}");
            format!("{}.{}Z", secs.trim_end_matches('Z'), frac.trim_end_matches('0'))
        }
    }
}

pub fn logs(c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, LOGS_FLAGS, "logs") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let since = match p.get("since") {
        None => None,
        Some(t) => match crate::time::parse_duration(t) {
            Some(d) => Some(c.now.saturating_sub(d)),
            None => return Output::err(format!("error: invalid argument \"{t}\" for \"--since\" flag: time: invalid duration \"{t}\"\nSee 'kubectl logs --help' for usage.")),
        },
    };
    let tail = match p.get("tail") {
        None => None,
        Some(t) => match t.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n as usize),
            Ok(_) => None,
            Err(_) => return Output::err(format!("error: invalid argument \"{t}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax\nSee 'kubectl logs --help' for usage.")),
        },
    };
    let render = |prefix: Option<String>, tail: Option<usize>| Render { since, tail, timestamps: p.bool("timestamps"), prefix };
    if let Some(selector) = p.get("selector") {
        if !p.positional.is_empty() {
            return Output::err("error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
        }
        return by_selector(c, &p, &ns, selector, render(None, tail.or(Some(10))));
    }
    let Some(target) = p.positional.first() else {
        return Output::err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
    };
    let mut out = Output::default();
    let (name, id) = match target.split_once('/').filter(|(t, _)| !matches!(*t, "pod" | "pods" | "po")) {
        Some((ty, owner)) => match first_pod(c, &ns, ty, owner) {
            Ok((id, found)) => {
                let name = c.store.pod(id).map(|p| p.meta.name.clone()).unwrap_or_default();
                if found > 1 {
                    out.warnings.push_str(&format!("Found {found} pods, using pod/{name}\n"));
                }
                (name, id)
            }
            Err(e) => return Output::err(e),
        },
        None => {
            let name = target.split_once('/').map_or(target.as_str(), |(_, n)| n).to_string();
            let Some(id) = c.store.pod_id(&ns, &name) else {
                return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"));
            };
            (name, id)
        }
    };
    let name = name.as_str();
    let Some(pod) = c.store.pod(id) else { return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found")) };
    let which = match p.get("container").or(p.positional.get(1).map(String::as_str)) {
        Some(cn) => match Which::named(&pod.spec, cn) {
            Some(w) => w,
            None => return Output::err(format!("error: container {cn} is not valid for pod {name}")),
        },
        None => {
            if pod.spec.containers.len() > 1 {
                let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
                out.warnings.push_str(&format!("Defaulted container \"{}\" out of: {}\n", names[0], names.join(", ")));
            }
            Which::App(0)
        }
    };
    let cname = which.container(&pod.spec).map(|ct| ct.name.clone()).unwrap_or_default();
    let status = which.status(pod);
    let previous = p.bool("previous");
    if previous && status.is_none_or(|s| s.last_terminated.is_none()) {
        return Output::err(format!(
            "Error from server (BadRequest): previous terminated container \"{cname}\" in pod \"{name}\" not found"
        ));
    }
    if !previous {
        if let Some(ContainerState::Waiting { reason, .. }) = status.map(|s| &s.state) {
            let never_ran = crate::kubelet::logs(c, id, which, false).is_none();
            if never_ran {
                let why = match reason.as_str() {
                    "ErrImagePull" | "ImagePullBackOff" => "trying and failing to pull image".to_string(),
                    "ErrImageNeverPull" | "InvalidImageName" => reason.clone(),
                    other => other.to_string(),
                };
                return Output::err(format!(
                    "Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: {why}"
                ));
            }
        }
    }
    let lines = crate::kubelet::logs_timed(c, id, which, previous).unwrap_or_default();
    let prefix = p.bool("prefix").then(|| format!("[pod/{name}/{cname}] "));
    out.stdout.push_str(&render(prefix, tail).lines(&lines));
    if p.bool("follow") && !previous {
        out.wait = super::logs_follow::Follow::new(c, id, which, &lines).map(|f| Wait::Logs(Box::new(f)));
    }
    out
}

/// `logs -l SELECTOR`: each matching pod's default container, by name, ten lines each
/// unless `--tail` says otherwise; `-f` follows one stream here.
fn by_selector(c: &World, p: &args::Parsed, ns: &str, selector: &str, render: Render) -> Output {
    let sel = match crate::model::Selector::parse(selector) {
        Ok(s) => s,
        Err(e) => return Output::err(e),
    };
    let mut pods: Vec<&crate::model::Pod> =
        c.store.pods_in(Some(ns)).into_iter().filter_map(|id| c.store.pod(id)).filter(|pod| sel.matches(&pod.meta.labels)).collect();
    pods.sort_by(|a, b| a.meta.name.cmp(&b.meta.name));
    if pods.is_empty() {
        return Output { stderr: format!("No resources found in {ns} namespace.\n"), ..Default::default() };
    }
    let max = p.get("max-log-requests").and_then(|m| m.parse::<usize>().ok()).unwrap_or(5);
    if p.bool("follow") && pods.len() > max {
        return Output::err(format!(
            "error: you are attempting to follow {} log streams, but maximum allowed concurrency is {max}, use --max-log-requests to increase the limit",
            pods.len()
        ));
    }
    let mut out = Output::default();
    for pod in &pods {
        let Some(id) = c.store.pod_id(ns, &pod.meta.name) else { continue };
        let Some(ct) = pod.spec.containers.first() else { continue };
        let lines = crate::kubelet::logs_timed(c, id, Which::App(0), p.bool("previous")).unwrap_or_default();
        let prefix = p.bool("prefix").then(|| format!("[pod/{}/{}] ", pod.meta.name, ct.name));
        out.stdout.push_str(&Render { prefix, ..render.clone() }.lines(&lines));
    }
    if p.bool("follow") {
        if let [pod] = pods.as_slice() {
            let id = c.store.pod_id(ns, &pod.meta.name);
            let shown = id.and_then(|id| crate::kubelet::logs_timed(c, id, Which::App(0), false)).unwrap_or_default();
            out.wait = id.and_then(|id| super::logs_follow::Follow::new(c, id, Which::App(0), &shown)).map(|f| Wait::Logs(Box::new(f)));
        } else {
            out.stderr.push_str(&format!(
                "kubeplay: kubectl logs -f follows {} pods' streams at once; kubeplay follows one: name a pod or narrow -l.\n",
                pods.len()
            ));
        }
    }
    out
}

/// `logs TYPE/NAME`: the object's selector picks its pods and kubectl's `ByLogging`
/// order the one to read (scheduled, running or finished, ready, most restarts, oldest);
/// returns it and how many there were.
pub(super) fn first_pod(c: &World, ns: &str, ty: &str, name: &str) -> Result<(crate::store::PodId, usize), String> {
    use crate::model::pod::Phase;
    let kind = Kind::from_resource_arg(ty).ok_or_else(|| crate::model::served::unknown_resource_type(ty))?;
    let not_found = || format!("Error from server (NotFound): {} \"{name}\" not found", kind.resource_name());
    let selector = match c.store.object(kind, ns, name) {
        Some(crate::model::Object::Job(j)) => j.spec.selector.match_labels.clone(),
        Some(crate::model::Object::Deployment(d)) => d.spec.selector.match_labels.clone(),
        Some(crate::model::Object::ReplicaSet(r)) => r.spec.selector.match_labels.clone(),
        Some(crate::model::Object::ReplicationController(rc)) => rc.rs.spec.selector.match_labels.clone(),
        Some(crate::model::Object::DaemonSet(d)) => d.spec.selector.match_labels.clone(),
        Some(_) => return Err(format!("error: cannot get the logs from {}", kind.type_name())),
        None => return Err(not_found()),
    };
    let mut pods: Vec<(crate::store::PodId, &crate::model::Pod)> =
        c.store.pods_matching(ns, &selector).into_iter().filter_map(|id| c.store.pod(id).map(|p| (id, p))).collect();
    let rank = |p: &crate::model::Pod| match p.status.phase {
        Phase::Unknown => 1,
        Phase::Pending => 2,
        _ => 0,
    };
    let restarts = |p: &crate::model::Pod| p.status.statuses.iter().map(|s| s.restart_count).max().unwrap_or(0);
    pods.sort_by(|(_, a), (_, b)| {
        a.node
            .is_empty()
            .cmp(&b.node.is_empty())
            .then(rank(a).cmp(&rank(b)))
            .then(b.is_ready().cmp(&a.is_ready()))
            .then(restarts(b).cmp(&restarts(a)))
            .then(a.meta.creation.cmp(&b.meta.creation))
    });
    let found = pods.len();
    match pods.first() {
        Some((id, _)) => Ok((*id, found)),
        None => Err("error: timed out waiting for the condition".to_string()),
    }
}

const LABEL_FLAGS: &[FlagSpec] =
    &[flag("overwrite", None, false), flag("all", None, false), flag("selector", Some('l'), true), flag("list", None, false)];

/// `kubectl label TYPE NAME key=value key2-`.
/// The objects `label` and `annotate` change: named, or all of a type by `-l`/`--all`.
/// Errors in kubectl's order: the resources, then the updates (`what`), then the selector.
pub(super) fn resolve_targets(
    c: &World,
    p: &args::Parsed,
    ns: &str,
    targets: &[&String],
    what: &str,
) -> Result<Vec<(Kind, String)>, String> {
    let groups = super::get::resource_args(&targets.iter().map(|t| t.to_string()).collect::<Vec<_>>())?;
    if p.positional.len() == targets.len() {
        return Err(format!("error: at least one {what} update is required"));
    }
    let selector = groups.first().map(|(kind, _)| p.selector(*kind)).transpose()?.flatten();
    let mut out: Vec<(Kind, String)> = Vec::new();
    for (kind, names) in groups {
        if names.is_empty() {
            if selector.is_none() && !p.bool("all") {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            let scope = if kind.info().namespaced { Some(ns) } else { None };
            for r in super::get::list(c, kind, scope) {
                if selector.as_ref().is_none_or(|s| s.matches(&super::get::labels_of(c, &r))) {
                    out.push((kind, r.name));
                }
            }
        } else {
            out.extend(names.into_iter().map(|n| (kind, n)));
        }
    }
    Ok(out)
}

/// `key=value` and `key-` changes made to `labels` as kubectl's label command makes them:
/// whether anything changed, or kubectl's error.
pub(super) fn label_changes(labels: &mut crate::model::Labels, changes: &[&String], overwrite: bool) -> Result<bool, String> {
    let mut changed = false;
    for ch in changes {
        if let Some(key) = ch.strip_suffix('-') {
            if labels.get(key).is_some() {
                labels.remove(key);
                changed = true;
            }
            continue;
        }
        let (k, v) = ch.split_once('=').expect("partitioned on '='");
        if let Some(old) = labels.get(k) {
            if old != v && !overwrite {
                return Err(format!("error: '{k}' already has a value ({old}), and --overwrite is false"));
            }
        }
        let errs: Vec<String> =
            crate::model::validation::names::qualified_name(k).into_iter().chain(crate::model::validation::names::label_value(v)).collect();
        if let Some(e) = errs.first() {
            return Err(format!("error: invalid label spec: {ch}: {e}"));
        }
        if labels.get(k) != Some(v) {
            labels.insert(k, v);
            changed = true;
        }
    }
    Ok(changed)
}

pub fn label(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, LABEL_FLAGS, "label") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let (targets, changes): (Vec<&String>, Vec<&String>) = p.positional.iter().partition(|a| !a.contains('=') && !a.ends_with('-'));
    // kubectl's Validate: resources are checked before label updates.
    if targets.is_empty() {
        return Output::err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
    }
    let overwrite = p.bool("overwrite");
    let named: Vec<String> = targets.iter().map(|t| t.to_string()).collect();
    if let Some((crd, names)) = super::custom::target(c, &named) {
        let edit = |meta: &mut crate::model::ObjectMeta| label_changes(&mut meta.labels, &changes, overwrite);
        return super::custom::relabel(c, &p, &crd, &names, &ns, ("labeled", "not labeled"), &edit);
    }
    let targets = match resolve_targets(c, &p, &ns, &targets, "label") {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    let mut out = Output::default();
    for (kind, name) in targets {
        let tns = if kind.info().namespaced { ns.clone() } else { String::new() };
        let Some(meta) = c.store.meta_of(kind, &tns, &name) else {
            out.stderr.push_str(&format!("Error from server (NotFound): {} \"{name}\" not found\n", kind.resource_name()));
            out.code = 1;
            continue;
        };
        let mut labels = meta.labels.clone();
        let changed = match label_changes(&mut labels, &changes, overwrite) {
            Ok(changed) => changed,
            Err(e) => return Output::err(e),
        };
        if changed {
            crate::apiserver::set_labels(&mut c.api, kind, &tns, &name, labels);
            out.stdout.push_str(&format!("{}/{name} labeled\n", kind.type_name()));
        } else {
            out.stdout.push_str(&format!("{}/{name} not labeled\n", kind.type_name()));
        }
    }
    out
}
