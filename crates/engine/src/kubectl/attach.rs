//! `kubectl attach POD [-c CONTAINER] [-i] [-t]` (kubectl's `pkg/cmd/attach`): connects to
//! the container's running process. A shell reading its open stdin gets the console's
//! terminal (`shell_target`, opened by the terminal module); for any other process this
//! console has no terminal to connect, so after kubectl's own lines it says so in one
//! sentence and points at what does work.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};
use crate::model::pod::{ContainerState, Phase};

const FLAGS: &[FlagSpec] = &[
    flag("container", Some('c'), true),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("quiet", Some('q'), false),
    flag("pod-running-timeout", None, true),
];

/// The sentence this console prints where kubectl would hand the terminal over.
pub(super) fn no_terminal(ns: &str, pod: &str, container: &str) -> String {
    let ns_flag = if ns == "default" { String::new() } else { format!(" -n {ns}") };
    format!(
        "kubeplay: this console does not attach a terminal to a container; run one command at a time in it with kubectl exec {pod}{ns_flag} -c {container} -- COMMAND.\n"
    )
}

/// What kubectl prints once attached (`-t` on a container with a TTY), then the
/// console's sentence.
pub(super) fn attached(stdin: bool, tty: bool, quiet: bool, ns: &str, pod: &str, container: &str, out: &mut Output) {
    if !quiet && stdin && tty {
        out.stdout.push_str("If you don't see a command prompt, try pressing enter.\n");
    }
    if stdin {
        out.stderr.push_str(&no_terminal(ns, pod, container));
    } else {
        let ns_flag = if ns == "default" { String::new() } else { format!(" -n {ns}") };
        out.stderr.push_str(&format!(
            "kubeplay: this console does not stay attached to a container's output; kubectl logs {pod}{ns_flag} -c {container} shows what it printed.\n"
        ));
    }
}

/// What a finished container printed (kubectl falls back to its logs).
pub(super) fn logs_of(c: &World, ns: &str, pod: &str, container: &str) -> String {
    let Some(p) = c.store.pod_id(ns, pod).and_then(|id| c.store.pod(id)) else { return String::new() };
    let run = match p.spec.ephemeral_containers.iter().position(|ct| ct.name == container) {
        Some(k) => p.runtime.ephemerals.get(k),
        None => p.spec.containers.iter().position(|ct| ct.name == container).and_then(|i| p.runtime.apps.get(i)),
    };
    let lines = run.and_then(|r| r.process.as_ref()).map(|proc| proc.output_at(c.now())).unwrap_or_default();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

pub fn attach(c: &World, rest: &[String]) -> Output {
    match resolve(c, rest) {
        Err(out) => out,
        Ok((t, mut out)) => {
            attached(t.stdin, t.tty, t.quiet, &t.namespace, &t.pod, &t.container, &mut out);
            out.code = 0;
            out
        }
    }
}

/// The running container an attach reaches, and what kubectl printed on the way.
pub struct Target {
    pub namespace: String,
    pub pod: String,
    pub uid: String,
    pub container: String,
    pub image: String,
    /// The shell the container runs reading its stdin (`sh` with no script), if it does.
    pub shell: Option<String>,
    pub stdin: bool,
    pub tty: bool,
    pub quiet: bool,
    pub restart_always: bool,
    pub ephemeral: bool,
}

/// `kubectl attach -i` to a container whose process is a shell reading its open stdin
/// (`kubectl run -it`'s pod, `kubectl debug -it`'s container): the terminal's target.
/// `None` for any other attach.
pub fn shell_target(c: &World, rest: &[String]) -> Option<Result<(Target, Output), Output>> {
    let p = args::parse(rest, FLAGS, "attach").ok()?;
    if !p.bool("stdin") {
        return None;
    }
    match resolve(c, rest) {
        Ok((t, out)) if t.shell.is_some() => {
            let mut out = out;
            if !t.quiet && t.tty {
                out.stdout.push_str("If you don't see a command prompt, try pressing enter.\n");
            }
            Some(Ok((t, out)))
        }
        Ok(_) => None,
        Err(out) => Some(Err(out)),
    }
}

#[allow(clippy::result_large_err)]
fn resolve(c: &World, rest: &[String]) -> Result<(Target, Output), Output> {
    let p = match args::parse(rest, FLAGS, "attach") {
        Ok(p) => p,
        Err(e) => return Err(Output::err(e)),
    };
    let (ty, name) = match p.positional.as_slice() {
        [] => return Err(Output::err("error: at least 1 argument is required for attach")),
        [one] => one.split_once('/').unwrap_or(("pods", one)),
        [ty, name] => (ty.as_str(), name.as_str()),
        more => {
            return Err(Output::err(format!(
                "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {}: [{}]",
                more.len(),
                more.join(" ")
            )))
        }
    };
    let ns = super::namespace(&p);
    let id = if matches!(ty, "pod" | "pods" | "po") {
        match c.store.pod_id(&ns, name) {
            Some(id) => id,
            None => return Err(Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"))),
        }
    } else {
        match super::nodes::first_pod(c, &ns, ty, name) {
            Ok((id, _)) => id,
            Err(e) => return Err(Output::err(e)),
        }
    };
    let pod = c.store.pod(id).expect("found");
    let pod_name = pod.meta.name.clone();
    if matches!(pod.status.phase, Phase::Succeeded | Phase::Failed) {
        return Err(Output::err(format!(
            "error: cannot attach a container in a completed pod; current phase is {}",
            pod.status.phase.as_str()
        )));
    }
    let mut out = Output::default();
    let spec = &pod.spec;
    let chosen = match p.get("container") {
        Some(n) => n.to_string(),
        None => {
            let first = spec.containers.first().map(|ct| ct.name.clone()).unwrap_or_default();
            let shown = spec.containers.len() > 1 || !spec.init_containers.is_empty() || !spec.ephemeral_containers.is_empty();
            if shown && !p.bool("quiet") {
                let names: Vec<String> = spec
                    .containers
                    .iter()
                    .map(|ct| ct.name.clone())
                    .chain(spec.init_containers.iter().map(|ct| format!("{} (init)", ct.name)))
                    .chain(spec.ephemeral_containers.iter().map(|ct| format!("{} (ephem)", ct.name)))
                    .collect();
                out.warnings.push_str(&format!("Defaulted container \"{first}\" out of: {}\n", names.join(", ")));
            }
            first
        }
    };
    let all = spec.containers.iter().chain(spec.init_containers.iter()).chain(&spec.ephemeral_containers);
    let Some(ct) = all.clone().find(|ct| ct.name == chosen) else {
        out.stderr = format!("error: cannot attach to the container: container {chosen} not found in pod {pod_name}\n");
        out.code = 1;
        return Err(out);
    };
    let raw_tty = container_tty(&pod.spec.raw, &chosen);
    let mut tty = p.bool("tty");
    if tty && !raw_tty {
        tty = false;
        if !p.bool("quiet") {
            out.stdout.push_str(&format!("error: Unable to use a TTY - container {chosen} did not allocate one\n"));
        }
    } else if !tty && raw_tty {
        tty = true;
    }
    let s = &pod.status;
    let running = s
        .statuses
        .iter()
        .chain(&s.init_statuses)
        .chain(&s.ephemeral_statuses)
        .find(|cs| *cs.name == *ct.name)
        .is_some_and(|cs| matches!(cs.state, ContainerState::Running { .. }));
    if pod.node.is_empty() {
        out.stderr.push_str("error: unable to upgrade connection: pod does not exist\n");
        out.code = 1;
        return Err(out);
    }
    if !running {
        out.stderr.push_str(&format!("error: unable to upgrade connection: container {chosen} not found in pod {pod_name}_{ns}\n"));
        out.code = 1;
        return Err(out);
    }
    let ephemeral = spec.ephemeral_containers.iter().any(|e| e.name == chosen);
    let t = Target {
        namespace: ns,
        uid: pod.meta.uid.clone(),
        pod: pod_name,
        image: ct.image.clone(),
        shell: if ct.stdin { reading_shell(ct) } else { None },
        container: chosen,
        stdin: p.bool("stdin"),
        tty,
        quiet: p.bool("quiet"),
        restart_always: spec.restart_policy == crate::model::pod::RestartPolicy::Always,
        ephemeral,
    };
    Ok((t, out))
}

/// The shell a container runs with no script: its command, else its image's.
fn reading_shell(ct: &crate::model::pod::Container) -> Option<String> {
    let is_shell = |w: &str| matches!(w.rsplit('/').next().unwrap_or(w), "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh");
    let argv: Vec<&String> = ct.command.iter().chain(&ct.args).collect();
    if argv.iter().any(|a| *a == "-c") {
        return None;
    }
    match argv.first() {
        Some(first) => is_shell(first).then(|| first.to_string()),
        None => {
            let r = crate::registry::ImageRef::parse(&ct.image).ok()?;
            let program = crate::registry::lookup(&r).ok()?.behaviour.program;
            is_shell(program).then(|| program.to_string())
        }
    }
}

/// Whether the container (of any list) was given `tty: true`.
fn container_tty(raw: &crate::value::Value, name: &str) -> bool {
    use crate::value::Value;
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .flat_map(|l| raw.get(l).map(Value::as_seq).unwrap_or(&[]).iter())
        .find(|ct| ct.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|ct| ct.get("tty"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}
