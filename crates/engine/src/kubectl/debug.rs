//! `kubectl debug` (kubectl's `pkg/cmd/debug`, default `legacy` profile):
//! - `debug POD --image=IMG [-it] [--target=C] [-c NAME] [-- CMD…]` adds an ephemeral
//!   container to the running pod (the `ephemeralcontainers` subresource); the kubelet
//!   pulls and starts it beside the pod's own containers and never restarts it;
//! - `debug node/NAME --image=IMG [-it]` creates `node-debugger-NODE-xxxxx`, a pod on that
//!   node in its host namespaces with the node's filesystem at `/host`;
//! - `debug POD --copy-to=NAME --image=IMG` (or `--set-image`) creates a copy of the pod
//!   with a debug container added or a container changed.
//!
//! With `-i` kubectl waits for the container to run and attaches; this console has no
//! terminal to attach, so it says so after kubectl's own lines.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};
use crate::model::pod::ContainerState;
use crate::time::{Millis, MINUTE};
use crate::value::Value;

pub(super) const FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("target", None, true),
    flag("container", Some('c'), true),
    flag("copy-to", None, true),
    flag("replace", None, false),
    flag("same-node", None, false),
    flag("set-image", None, true),
    flag("image-pull-policy", None, true),
    flag("quiet", Some('q'), false),
    flag("profile", None, true),
    flag("attach", None, false),
    flag("env", None, true),
    flag("share-processes", None, false),
    flag("arguments-only", None, false),
    flag("custom", None, true),
    flag("filename", Some('f'), true),
];

/// How long kubeplay's kubectl waits for the debug container to start before it stops
/// waiting (kubectl itself waits without limit).
const START_LIMIT: Millis = 5 * MINUTE;

const PROFILES: &[&str] = &["legacy", "general", "baseline", "netadmin", "restricted", "sysadmin"];

const LEGACY: &str = "--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example \"--profile=general\".\n";

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The options kubectl's `Complete` and `Validate` settle before anything is sent.
struct Debug {
    image: Option<String>,
    interactive: bool,
    tty: bool,
    attach: bool,
    quiet: bool,
    container: Option<String>,
    target: Option<String>,
    pull_policy: Option<String>,
    env: Vec<(String, String)>,
    command: Vec<String>,
    args_only: bool,
}

impl Debug {
    /// The fields kubectl sets on a debug container it makes.
    fn container(&self, name: &str) -> Vec<(&'static str, Value)> {
        let mut ct = vec![("name", Value::str(name))];
        if let Some(image) = &self.image {
            ct.push(("image", Value::str(image)));
        }
        if let Some(policy) = &self.pull_policy {
            ct.push(("imagePullPolicy", Value::str(policy)));
        }
        if !self.env.is_empty() {
            let env = self.env.iter().map(|(k, v)| map(vec![("name", Value::str(k)), ("value", Value::str(v))])).collect();
            ct.push(("env", Value::Seq(env)));
        }
        if !self.command.is_empty() {
            let words = Value::Seq(self.command.iter().map(Value::str).collect());
            ct.push((if self.args_only { "args" } else { "command" }, words));
        }
        if self.interactive {
            ct.push(("stdin", Value::Bool(true)));
        }
        ct.push(("terminationMessagePolicy", Value::str("File")));
        if self.tty {
            ct.push(("tty", Value::Bool(true)));
        }
        ct
    }
}

pub fn debug(c: &mut World, rest: &[String]) -> Output {
    let dash = rest.iter().position(|a| a == "--");
    let (flags, command) = match dash {
        Some(i) => (&rest[..i], rest[i + 1..].to_vec()),
        None => (rest, Vec::new()),
    };
    let p = match args::parse(flags, FLAGS, "debug") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if p.has("custom") || p.has("filename") {
        return Output::err("kubeplay: kubectl debug --custom and -f are not simulated yet; name the pod or node and give --image.");
    }
    let mut env = Vec::new();
    for e in p.all("env") {
        for pair in e.split(',') {
            match pair.split_once('=') {
                Some((k, v)) => env.push((k.to_string(), v.to_string())),
                None => {
                    return Output::err(format!(
                        "error: invalid argument \"{e}\" for \"--env\" flag: {pair} must be formatted as key=value"
                    ))
                }
            }
        }
    }
    let mut set_images = Vec::new();
    for s in p.all("set-image") {
        for pair in s.split(',') {
            match pair.split_once('=') {
                Some((k, v)) => set_images.push((k.to_string(), v.to_string())),
                None => {
                    return Output::err(format!(
                        "error: invalid argument \"{s}\" for \"--set-image\" flag: {pair} must be formatted as key=value"
                    ))
                }
            }
        }
    }
    let interactive = p.bool("stdin");
    let o = Debug {
        image: p.get("image").map(String::from),
        interactive,
        tty: p.bool("tty"),
        attach: if p.has("attach") { p.bool("attach") } else { interactive },
        quiet: p.bool("quiet"),
        container: p.get("container").map(String::from),
        target: p.get("target").map(String::from),
        pull_policy: p.get("image-pull-policy").map(String::from),
        env,
        command,
        args_only: p.bool("arguments-only"),
    };
    let copy_to = p.get("copy-to");
    let mut out = Output::default();

    // kubectl's `Validate`, in its order.
    if p.has("attach") && o.attach && o.image.is_none() && o.container.is_none() {
        return Output::err("error: you must specify --container or create a new container using --image in order to attach.");
    }
    if copy_to.is_some() {
        if o.image.is_none() && set_images.is_empty() && o.command.is_empty() {
            return Output::err("error: you must specify --image, --set-image or command arguments.");
        }
        if !o.command.is_empty() && o.container.is_none() && o.image.is_none() {
            return Output::err("error: you must specify an existing container or a new image when specifying args.");
        }
    } else if p.bool("replace") {
        return Output::err("error: --replace may only be used with --copy-to.");
    } else if p.bool("same-node") {
        return Output::err("error: --same-node may only be used with --copy-to.");
    } else if !set_images.is_empty() {
        return Output::err("error: --set-image may only be used with --copy-to.");
    } else if o.image.is_none() {
        return Output::err("error: you must specify --image when not using --copy-to.");
    }
    if let Some(image) = &o.image {
        if crate::registry::ImageRef::parse(image).is_err() {
            return Output::err(format!("error: invalid image name \"{image}\": invalid reference format"));
        }
    }
    if p.positional.is_empty() {
        return Output::err("error: NAME or filename is required for debug");
    }
    if let Some(policy) = &o.pull_policy {
        if !matches!(policy.as_str(), "Always" | "IfNotPresent" | "Never" | "") {
            return Output::err(format!("error: invalid image pull policy: {policy}"));
        }
    }
    for (name, image) in &set_images {
        if crate::registry::ImageRef::parse(image).is_err() {
            return Output::err(format!("error: invalid image name \"{image}\" for container \"{name}\": invalid reference format"));
        }
    }
    if let Some(target) = &o.target {
        if copy_to.is_some() {
            return Output::err("error: --target is incompatible with --copy-to. Use --share-processes instead.");
        }
        if !o.quiet {
            out.stdout.push_str(&format!("Targeting container \"{target}\". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n"));
        }
    }
    if o.tty && !o.interactive {
        return finish_err(out, "error: -i/--stdin is required for containers with -t/--tty=true");
    }
    let profile = p.get("profile").unwrap_or("legacy");
    if !PROFILES.contains(&profile) {
        return finish_err(out, &format!("error: unknown profile: {profile}"));
    }
    if profile == "legacy" {
        out.stdout.push_str(LEGACY);
    }

    let ns = super::namespace(&p);
    for target in &p.positional {
        let (ty, name) = target.split_once('/').unwrap_or(("pods", target));
        let result = match ty {
            "node" | "nodes" | "no" => node(c, &o, name, &ns, &mut out),
            "pod" | "pods" | "po" => match copy_to {
                Some(copy) => copy_pod(c, &o, &ns, name, copy, &set_images, p.bool("same-node"), p.bool("replace"), &mut out),
                None => ephemeral(c, &o, &ns, name, &mut out),
            },
            other => match crate::model::Kind::from_resource_arg(other) {
                Some(k) => {
                    let gv = k.info().api_version;
                    let gv = if gv.contains('/') { gv.to_string() } else { format!("/{gv}") };
                    Err(format!("error: \"{gv}, Kind={}\" not supported by debug", k.info().name))
                }
                None => Err(format!("error: the server doesn't have a resource type \"{other}\"")),
            },
        };
        if let Err(e) = result {
            return finish_err(out, &e);
        }
    }
    out
}

fn finish_err(mut out: Output, e: &str) -> Output {
    out.stderr.push_str(e);
    if !e.ends_with('\n') {
        out.stderr.push('\n');
    }
    out.code = 1;
    out
}

/// `computeDebugContainerName`: `-c`, or `debugger-` and five random characters no
/// container of the pod has.
fn container_name(c: &mut World, o: &Debug, taken: &[String], out: &mut Output) -> String {
    if let Some(n) = &o.container {
        return n.clone();
    }
    let name = loop {
        let n = format!("debugger-{}", c.api.rng.k8s_string(5));
        if !taken.contains(&n) {
            break n;
        }
    };
    if !o.quiet {
        out.stdout.push_str(&format!("Defaulting debug container name to {name}.\n"));
    }
    name
}

fn names_in(raw: &Value) -> Vec<String> {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .flat_map(|l| raw.get(l).map(Value::as_seq).unwrap_or(&[]).iter())
        .filter_map(|ct| ct.get("name").and_then(Value::as_str).map(String::from))
        .collect()
}

/// The ephemeral container, through the pod's `ephemeralcontainers` subresource.
fn ephemeral(c: &mut World, o: &Debug, ns: &str, pod: &str, out: &mut Output) -> Result<(), String> {
    let Some(id) = c.store.pod_id(ns, pod) else {
        return Err(format!("Error from server (NotFound): pods \"{pod}\" not found"));
    };
    let mut raw = c.store.pod(id).expect("found").spec.written().into_owned();
    let taken = names_in(&raw);
    let name = container_name(c, o, &taken, out);
    let index = raw.get("ephemeralContainers").map(Value::as_seq).map_or(0, |s| s.len());
    // The API server's validation of the new ephemeral container.
    if taken.contains(&name) {
        return Err(format!("The Pod \"{pod}\" is invalid: spec.ephemeralContainers[{index}].name: Duplicate value: \"{name}\""));
    }
    if let Some(target) = &o.target {
        let app =
            raw.get("containers").map(Value::as_seq).unwrap_or(&[]).iter().any(|ct| ct.get("name").and_then(Value::as_str) == Some(target));
        if !app {
            return Err(format!(
                "The Pod \"{pod}\" is invalid: spec.ephemeralContainers[{index}].targetContainerName: Not found: \"{target}\""
            ));
        }
    }
    let mut ct = o.container(&name);
    if let Some(target) = &o.target {
        ct.push(("targetContainerName", Value::str(target)));
    }
    let mut list = raw.get("ephemeralContainers").map(Value::as_seq).unwrap_or(&[]).to_vec();
    list.push(map(ct));
    raw.set("ephemeralContainers", Value::Seq(list));
    crate::model::defaults::pod_spec(&mut raw, false);
    let now = c.api.now;
    let rv = c.api.store.next_rv();
    let serial = c.api.store.serial(id).unwrap_or(0);
    let bound = {
        let p = c.api.store.pod_mut(id).expect("found");
        p.spec = std::rc::Rc::new(crate::model::pod::PodSpec::from_value(raw));
        p.meta.resource_version = rv;
        !p.node.is_empty()
    };
    c.api.pod_changed(id);
    if bound {
        c.api.wake_at(now, crate::api::Wake::PodStep { id, serial });
    }
    if o.attach {
        attach_after_start(c, o, ns, pod, &name, out);
    }
    Ok(())
}

/// The node-debugger pod: the node's host namespaces and its root filesystem at `/host`.
fn node(c: &mut World, o: &Debug, node: &str, ns: &str, out: &mut Output) -> Result<(), String> {
    if c.store.nodes.get(node).is_none() {
        return Err(format!("Error from server (NotFound): nodes \"{node}\" not found"));
    }
    let cn = o.container.clone().unwrap_or_else(|| "debugger".to_string());
    let pod = format!("node-debugger-{node}-{}", c.api.rng.k8s_string(5));
    if !o.quiet {
        out.stdout.push_str(&format!("Creating debugging pod {pod} with container {cn} on node {node}.\n"));
    }
    let mut ct = o.container(&cn);
    ct.push(("volumeMounts", Value::Seq(vec![map(vec![("mountPath", Value::str("/host")), ("name", Value::str("host-root"))])])));
    let manifest = map(vec![
        ("apiVersion", Value::str("v1")),
        ("kind", Value::str("Pod")),
        (
            "metadata",
            map(vec![("labels", map(vec![("app.kubernetes.io/managed-by", Value::str("kubectl-debug"))])), ("name", Value::str(&pod))]),
        ),
        (
            "spec",
            map(vec![
                ("containers", Value::Seq(vec![map(ct)])),
                ("hostIPC", Value::Bool(true)),
                ("hostNetwork", Value::Bool(true)),
                ("hostPID", Value::Bool(true)),
                ("nodeName", Value::str(node)),
                ("restartPolicy", Value::str("Never")),
                ("tolerations", Value::Seq(vec![map(vec![("operator", Value::str("Exists"))])])),
                (
                    "volumes",
                    Value::Seq(vec![map(vec![("hostPath", map(vec![("path", Value::str("/"))])), ("name", Value::str("host-root"))])]),
                ),
            ]),
        ),
    ]);
    super::run::create(c, &manifest, ns, "debug")?;
    if o.attach {
        attach_after_start(c, o, ns, &pod, &cn, out);
    }
    Ok(())
}

/// `debugByCopy`: a new pod from the target's spec, its ephemeral containers dropped,
/// unpinned from the node unless `--same-node`, with the debug container added (or the
/// named one changed) and `--set-image` applied.
#[allow(clippy::too_many_arguments)]
fn copy_pod(
    c: &mut World,
    o: &Debug,
    ns: &str,
    pod: &str,
    copy: &str,
    set_images: &[(String, String)],
    same_node: bool,
    replace: bool,
    out: &mut Output,
) -> Result<(), String> {
    let Some(id) = c.store.pod_id(ns, pod) else {
        return Err(format!("Error from server (NotFound): pods \"{pod}\" not found"));
    };
    let original = c.store.pod(id).expect("found");
    let mut spec = original.spec.written().into_owned();
    let mut meta = vec![("name", Value::str(copy)), ("namespace", Value::str(ns))];
    if !original.meta.annotations.is_empty() {
        meta.push(("annotations", original.meta.annotations.to_value()));
    }
    if !original.meta.labels.is_empty() {
        meta.push(("labels", original.meta.labels.to_value()));
    }
    spec.remove("ephemeralContainers");
    if !same_node {
        spec.remove("nodeName");
    }
    let mut containers = spec.get("containers").map(Value::as_seq).unwrap_or(&[]).to_vec();
    for ct in containers.iter_mut() {
        let cname = ct.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        let image = set_images.iter().rev().find(|(n, _)| *n == cname).or_else(|| set_images.iter().rev().find(|(n, _)| n == "*"));
        if let Some((_, image)) = image {
            ct.set("image", Value::str(image));
        }
    }
    let existing = o.container.as_ref().and_then(|n| containers.iter().position(|ct| ct.get("name").and_then(Value::as_str) == Some(n)));
    let name = match existing {
        Some(i) => {
            let ct = &mut containers[i];
            if !o.command.is_empty() {
                let words = Value::Seq(o.command.iter().map(Value::str).collect());
                if o.args_only {
                    ct.set("args", words);
                } else {
                    ct.set("command", words);
                    ct.remove("args");
                }
            }
            if let Some(image) = &o.image {
                ct.set("image", Value::str(image));
            }
            if let Some(policy) = &o.pull_policy {
                ct.set("imagePullPolicy", Value::str(policy));
            }
            ct.set("stdin", Value::Bool(o.interactive));
            ct.set("tty", Value::Bool(o.tty));
            o.container.clone().unwrap_or_default()
        }
        None if o.image.is_none() => {
            // A `--set-image` only copy: no debug container.
            String::new()
        }
        None => {
            let taken = names_in(&spec);
            let name = container_name(c, o, &taken, out);
            containers.push(map(o.container(&name)));
            name
        }
    };
    spec.set("containers", Value::Seq(containers));
    let manifest = map(vec![("apiVersion", Value::str("v1")), ("kind", Value::str("Pod")), ("metadata", map(meta)), ("spec", spec)]);
    super::run::create(c, &manifest, ns, "debug")?;
    if replace {
        super::commands::delete(
            c,
            &["pod".to_string(), pod.to_string(), "-n".to_string(), ns.to_string(), "--grace-period=0".to_string(), "--force".to_string()],
            &super::NoFiles,
        );
    }
    if o.attach && !name.is_empty() {
        attach_after_start(c, o, ns, copy, &name, out);
    }
    Ok(())
}

/// The status of a container of any list, by name.
fn container_state(c: &World, ns: &str, pod: &str, name: &str) -> Option<ContainerState> {
    let p = c.store.pod(c.store.pod_id(ns, pod)?)?;
    let s = &p.status;
    s.init_statuses.iter().chain(&s.statuses).chain(&s.ephemeral_statuses).find(|cs| &*cs.name == name).map(|cs| cs.state.clone())
}

/// `handleAttachPod`: wait until the container runs (printing its waiting messages as
/// warnings), then attach; a container that already finished shows its logs instead.
fn attach_after_start(c: &mut World, o: &Debug, ns: &str, pod: &str, name: &str, out: &mut Output) {
    let deadline = c.now().saturating_add(START_LIMIT);
    let mut warned: Vec<String> = Vec::new();
    loop {
        match container_state(c, ns, pod, name) {
            Some(ContainerState::Running { .. }) => break,
            Some(ContainerState::Terminated(_)) => {
                out.stdout.push_str(&super::attach::logs_of(c, ns, pod, name));
                return;
            }
            Some(ContainerState::Waiting { message, .. })
                if !message.is_empty() && !o.quiet && !warned.iter().any(|w| w == message.as_str()) =>
            {
                out.stdout.push_str(&format!("Warning: container {name}: {message}\n"));
                warned.push(message.to_string());
            }
            _ => {}
        }
        let now = c.now();
        if now >= deadline {
            out.stderr.push_str(&format!(
                "kubeplay: container {name} of pod {pod} has not started after 5 minutes; kubectl would go on waiting. kubectl describe pod {pod} shows why.\n"
            ));
            out.code = 1;
            return;
        }
        let next = c.until_next_wake().map(|d| now.saturating_add(d)).filter(|at| *at <= deadline);
        c.advance(next.unwrap_or(deadline) - now);
    }
    super::attach::attached(o.interactive, o.tty, o.quiet, ns, pod, name, out);
}

/// A `kubectl debug POD -i --image=…` that adds an ephemeral container and attaches to
/// it: the pod's namespace and name, `-c` if given, and `-t`. `None` for a copy, a
/// node, or a debug that does not attach.
pub fn attached_target(rest: &[String]) -> Option<(String, String, Option<String>, bool)> {
    let flags = match rest.iter().position(|a| a == "--") {
        Some(i) => &rest[..i],
        None => rest,
    };
    let p = args::parse(flags, FLAGS, "debug").ok()?;
    let attach = if p.has("attach") { p.bool("attach") } else { p.bool("stdin") };
    if !attach || !p.bool("stdin") || p.has("copy-to") || !p.has("image") {
        return None;
    }
    let target = p.positional.first()?;
    let pod = match target.split_once('/') {
        Some(("pod" | "pods" | "po", name)) => name,
        Some(_) => return None,
        None => target.as_str(),
    };
    Some((super::namespace(&p), pod.to_string(), p.get("container").map(String::from), p.bool("tty")))
}
