//! `kubectl exec POD [-c CONTAINER] -- COMMAND [ARGS…]` (kubectl's `pkg/cmd/exec`): the
//! kubelet runs the command in the running container with the container's environment;
//! its output is printed and a non-zero exit reported as kubectl reports it. Commands
//! run to completion; an interactive shell (`-it … -- sh`) is the terminal session of
//! the terminal module, which finds its container with `shell_target`.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};
use crate::model::pod::{ContainerState, Phase};

pub(super) const EXEC_FLAGS: &[FlagSpec] = &[
    flag("container", Some('c'), true),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("quiet", Some('q'), false),
    flag("filename", Some('f'), true),
    flag("pod-running-timeout", None, true),
];

/// The annotation naming the container kubectl picks when none is given.
const DEFAULT_CONTAINER: &str = "kubectl.kubernetes.io/default-container";

/// `kubectl exec` of a command that only reads (its network tools may look names up).
pub fn exec(c: &World, rest: &[String]) -> Output {
    match prepare(c, rest, false) {
        Err(out) => out,
        Ok(p) => {
            let net = super::pod_network::PodNetwork::read(c, p.id, &p.image);
            finish(p.out, &p.command, crate::runtime::exec(&p.command, &p.config, &p.env, &p.files, c.api.now, Some(&net), p.tty))
        }
    }
}

/// `kubectl exec` of a command that connects to something (`curl`, `wget`, …): its
/// requests go through the cluster's network and are counted.
pub fn exec_mut(c: &mut World, rest: &[String]) -> Output {
    match prepare(c, rest, false) {
        Err(out) => out,
        Ok(p) => {
            let now = c.api.now;
            let net = super::pod_network::PodNetwork::write(c, p.id, &p.image);
            let process = crate::runtime::exec(&p.command, &p.config, &p.env, &p.files, now, Some(&net), p.tty);
            drop(net);
            if let Some(w) = c.api.store.pod(p.id).and_then(|pod| crate::kubelet::Which::named(&pod.spec, &p.container)) {
                crate::kubelet::keep_written(&mut c.api, p.id, w, &process);
            }
            finish(p.out, &p.command, process)
        }
    }
}

/// Whether an exec line may write a file into the container (a redirection, `touch`,
/// `tee`, `mkdir`, `cp`, `mv`): what it writes stays there, so the line is a change.
pub fn writes(rest: &[String]) -> bool {
    let Some(dash) = rest.iter().position(|a| a == "--") else { return false };
    rest[dash + 1..].iter().any(|w| {
        w.contains('>')
            || w.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).any(|t| matches!(t, "touch" | "tee" | "mkdir" | "cp" | "mv"))
    })
}

/// Whether an exec line runs a tool that opens connections (and so changes counters).
pub fn connects(rest: &[String]) -> bool {
    let Some(dash) = rest.iter().position(|a| a == "--") else { return false };
    rest[dash + 1..].iter().any(|w| {
        w.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '/'))
            .map(|t| t.rsplit('/').next().unwrap_or(t))
            .any(|t| matches!(t, "curl" | "wget" | "nc" | "redis-cli"))
    })
}

/// What an exec needs once its target is checked.
struct Prepared {
    id: crate::store::PodId,
    namespace: String,
    pod: String,
    container: String,
    image: String,
    command: Vec<String>,
    config: crate::runtime::ImageConfig,
    env: Vec<(String, String)>,
    /// The files of its volumes and its own process, (path, text).
    files: Vec<(String, String)>,
    /// The warnings kubectl printed so far.
    out: Output,
    tty: bool,
}

#[allow(clippy::result_large_err)]
fn prepare(c: &World, rest: &[String], terminal: bool) -> Result<Prepared, Output> {
    let dash = rest.iter().position(|a| a == "--");
    let (flags, command) = match dash {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let p = match args::parse(flags, EXEC_FLAGS, "exec") {
        Ok(p) => p,
        Err(e) => return Err(Output::err(e)),
    };
    let Some(target) = p.positional.first() else {
        return Err(Output::err("error: expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command\nSee 'kubectl exec -h' for help and examples"));
    };
    if p.positional.len() > 1 {
        return Err(Output::err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples"));
    }
    if command.is_empty() {
        return Err(Output::err("error: you must specify at least one command for the container"));
    }
    let ns = super::namespace(&p);
    let id = match target.split_once('/').filter(|(t, _)| !matches!(*t, "pod" | "pods" | "po")) {
        Some((ty, owner)) => match super::nodes::first_pod(c, &ns, ty, owner) {
            Ok((id, _)) => id,
            Err(e) => return Err(Output::err(e)),
        },
        None => {
            let name = target.split_once('/').map_or(target.as_str(), |(_, n)| n);
            match c.store.pod_id(&ns, name) {
                Some(id) => id,
                None => return Err(Output::err(format!("Error from server (NotFound): pods \"{name}\" not found"))),
            }
        }
    };
    let Some(pod) = c.store.pod(id) else { return Err(Output::err("error: unable to upgrade connection: pod does not exist")) };
    if matches!(pod.status.phase, Phase::Succeeded | Phase::Failed) {
        return Err(Output::err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase.as_str()
        )));
    }
    let mut out = Output::default();
    let chosen = match p.get("container") {
        Some(name) => name.to_string(),
        None => match pod.meta.annotations.get(DEFAULT_CONTAINER).filter(|n| pod.spec.containers.iter().any(|ct| ct.name == *n)) {
            Some(n) => n.to_string(),
            None => {
                let first = pod.spec.containers.first().map(|ct| ct.name.clone()).unwrap_or_default();
                let count = pod.spec.containers.len() + pod.spec.init_containers.len();
                if count > 1 && !p.bool("quiet") {
                    let names: Vec<String> = pod
                        .spec
                        .containers
                        .iter()
                        .map(|ct| ct.name.clone())
                        .chain(pod.spec.init_containers.iter().map(|ct| format!("{} (init)", ct.name)))
                        .collect();
                    out.warnings.push_str(&format!("Defaulted container \"{first}\" out of: {}\n", names.join(", ")));
                }
                first
            }
        },
    };
    let not_found = format!("error: unable to upgrade connection: container not found (\"{chosen}\")");
    let running = |list: &[crate::model::pod::Container], statuses: &[crate::model::pod::ContainerStatus]| {
        list.iter()
            .zip(statuses)
            .find(|(ct, _)| ct.name == chosen)
            .map(|(ct, s)| (ct.clone(), matches!(s.state, ContainerState::Running { .. })))
    };
    let found = running(&pod.spec.containers, &pod.status.statuses)
        .or_else(|| running(&pod.spec.init_containers, &pod.status.init_statuses))
        .or_else(|| running(&pod.spec.ephemeral_containers, &pod.status.ephemeral_statuses));
    if pod.node.is_empty() {
        return Err(Output::err("error: unable to upgrade connection: pod does not exist"));
    }
    let ct = match found {
        Some((ct, true)) => ct,
        _ => {
            out.stderr = format!("{not_found}\n");
            out.code = 1;
            return Err(out);
        }
    };
    // An interactive shell (`-it … -- sh`) needs the terminal this console does not attach.
    if !terminal && p.bool("stdin") && interactive_shell(command) {
        out.stderr.push_str(&super::attach::no_terminal(&ns, &pod.meta.name, &chosen));
        return Err(out);
    }
    let Some(crate::kubelet::ExecContext { config, env, files }) = crate::kubelet::exec_context(c, id, &ct) else {
        return Err(Output::err("error: unable to upgrade connection: pod does not exist"));
    };
    let pod = pod.meta.name.clone();
    // kubectl gives the command a terminal only with both -i and -t (`SetupTTY`).
    let tty = p.bool("stdin") && p.bool("tty");
    Ok(Prepared {
        id,
        namespace: ns,
        pod,
        container: chosen,
        image: ct.image.clone(),
        command: command.to_vec(),
        config,
        env,
        files,
        out,
        tty,
    })
}

/// The container an interactive shell opens in (`kubectl exec -i[t] POD -- sh`).
pub struct ShellTarget {
    pub namespace: String,
    pub pod: String,
    /// The pod's uid: a pod made again under the same name is another pod.
    pub uid: String,
    pub container: String,
    pub image: String,
    /// The shell asked for, as written (`sh`, `/bin/bash`).
    pub shell: String,
    /// The image's working directory.
    pub workdir: String,
    /// What kubectl printed before the session (`Defaulted container …`).
    pub out: Output,
    /// `-t`: a terminal, so the shell is interactive and prints its prompt.
    pub tty: bool,
}

/// `None`: the line is not an interactive shell's exec (`-i` and a shell with no script).
/// `Err`: kubectl's error for a target it cannot open.
pub fn shell_target(c: &World, rest: &[String]) -> Option<Result<ShellTarget, Output>> {
    let dash = rest.iter().position(|a| a == "--")?;
    let p = args::parse(&rest[..dash], EXEC_FLAGS, "exec").ok()?;
    if !p.bool("stdin") || !interactive_shell(&rest[dash + 1..]) {
        return None;
    }
    let tty = p.bool("tty");
    Some(prepare(c, rest, true).map(|p| ShellTarget {
        tty,
        uid: c.store.pod(p.id).map(|pod| pod.meta.uid.clone()).unwrap_or_default(),
        namespace: p.namespace,
        pod: p.pod,
        container: p.container,
        image: p.image,
        shell: p.command[0].clone(),
        workdir: p.config.workdir.clone(),
        out: p.out,
    }))
}

/// The sentence exec prints for a command that does not end by itself.
pub const KEEPS_RUNNING: &str = "keeps running until it is interrupted";

/// A shell started with no script to run: it reads commands from the terminal.
fn interactive_shell(command: &[String]) -> bool {
    let program = command.first().map(|c| c.rsplit('/').next().unwrap_or(c)).unwrap_or("");
    matches!(program, "sh" | "bash" | "ash" | "zsh" | "dash" | "ksh")
        && !command.iter().any(|a| a == "-c" || !a.starts_with('-') && a != &command[0])
}

/// kubectl's report of the command's run.
fn finish(mut out: Output, command: &[String], process: crate::model::pod_runtime::Process) -> Output {
    if let Some(e) = process.start_error {
        out.stdout.push_str(&format!("OCI runtime exec failed: exec failed: unable to start container process: {e}: unknown\n"));
        out.stderr.push_str("command terminated with exit code 126\n");
        out.code = 126;
        return out;
    }
    let Some((_, code)) = process.exit else {
        out.stderr.push_str(&format!("kubeplay: \"{}\" {KEEPS_RUNNING}; kubeplay's exec runs commands that finish.\n", command.join(" ")));
        out.code = 1;
        return out;
    };
    for line in process.log {
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    if code != 0 {
        out.stderr.push_str(&format!("command terminated with exit code {code}\n"));
        out.code = code;
    }
    out
}
