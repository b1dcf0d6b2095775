//! `kubectl exec POD [-c CONTAINER] -- COMMAND [ARGS…]` (kubectl's `pkg/cmd/exec`): the
//! kubelet runs the command in the running container with the container's environment;
//! its output is printed and a non-zero exit reported as kubectl reports it. Commands
//! run to completion: an interactive terminal (`-it … -- sh`) is not simulated.

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

pub fn exec(c: &World, rest: &[String]) -> Output {
    let dash = rest.iter().position(|a| a == "--");
    let (flags, command) = match dash {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let p = match args::parse(flags, EXEC_FLAGS, "exec") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let Some(target) = p.positional.first() else {
        return Output::err("error: expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command\nSee 'kubectl exec -h' for help and examples");
    };
    if p.positional.len() > 1 {
        return Output::err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
    }
    if command.is_empty() {
        return Output::err("error: you must specify at least one command for the container");
    }
    if p.bool("stdin") && p.bool("tty") {
        return Output::err(format!(
            "kubeplay: kubectl exec -it opens an interactive terminal, which kubeplay does not simulate yet; run one command at a time instead: kubectl exec {target} -- ls /"
        ));
    }
    let ns = super::namespace(&p);
    let id = match target.split_once('/').filter(|(t, _)| !matches!(*t, "pod" | "pods" | "po")) {
        Some((ty, owner)) => match super::nodes::first_pod(c, &ns, ty, owner) {
            Ok((id, _)) => id,
            Err(e) => return Output::err(e),
        },
        None => {
            let name = target.split_once('/').map_or(target.as_str(), |(_, n)| n);
            match c.store.pod_id(&ns, name) {
                Some(id) => id,
                None => return Output::err(format!("Error from server (NotFound): pods \"{name}\" not found")),
            }
        }
    };
    let Some(pod) = c.store.pod(id) else { return Output::err("error: unable to upgrade connection: pod does not exist") };
    if matches!(pod.status.phase, Phase::Succeeded | Phase::Failed) {
        return Output::err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase.as_str()
        ));
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
    let found =
        running(&pod.spec.containers, &pod.status.statuses).or_else(|| running(&pod.spec.init_containers, &pod.status.init_statuses));
    if pod.node.is_empty() {
        return Output::err("error: unable to upgrade connection: pod does not exist");
    }
    let ct = match found {
        Some((ct, true)) => ct,
        _ => {
            out.stderr = format!("{not_found}\n");
            out.code = 1;
            return out;
        }
    };
    let Some(process) = crate::kubelet::exec(c, id, &ct, command) else {
        return Output::err("error: unable to upgrade connection: pod does not exist");
    };
    if let Some(e) = process.start_error {
        out.stdout.push_str(&format!("OCI runtime exec failed: exec failed: unable to start container process: {e}: unknown\n"));
        out.stderr.push_str("command terminated with exit code 126\n");
        out.code = 126;
        return out;
    }
    let Some((_, code)) = process.exit else {
        out.stderr.push_str(&format!(
            "kubeplay: \"{}\" keeps running until it is interrupted; kubeplay's exec runs commands that finish.\n",
            command.join(" ")
        ));
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
