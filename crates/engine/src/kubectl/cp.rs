//! `kubectl cp POD:PATH LOCAL` (kubectl's `pkg/cmd/cp`): kubectl runs tar in the
//! container and unpacks what it sends; here the container reads the file (as
//! `kubectl exec POD -- cat PATH` would) and it is written among the script's or the
//! page's files. A container's files are the ones its own commands write, so only
//! those can be copied out; copying into a container is not simulated.

use super::args::{self, flag, FlagSpec};
use super::{Files, Output, World};

const FLAGS: &[FlagSpec] = &[flag("container", Some('c'), true), flag("no-preserve", None, false), flag("retries", None, true)];

/// `[NAMESPACE/]POD:PATH`, or `None` for a local path.
fn remote(spec: &str) -> Option<(Option<&str>, &str, &str)> {
    let (pod, path) = spec.split_once(':')?;
    if pod.is_empty() {
        return None;
    }
    Some(match pod.split_once('/') {
        Some((ns, p)) => (Some(ns), p, path),
        None => (None, pod, path),
    })
}

/// A file the container's running process has written and not removed.
fn written_file(c: &World, ns: &str, pod: &str, container: Option<&str>, path: &str) -> Option<String> {
    let p = c.store.pod(c.store.pod_id(ns, pod)?)?;
    let index = match container {
        Some(name) => p.spec.containers.iter().position(|ct| ct.name == name)?,
        None => 0,
    };
    let process = p.runtime.apps.get(index)?.process.as_ref()?;
    process.file_at(path, c.now().saturating_sub(process.started)).map(|f| f.content.clone())
}

pub fn cp(c: &World, rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "cp") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let [src, dest] = p.positional.as_slice() else {
        return Output::err("error: source and destination are required\nSee 'kubectl cp -h' for help and examples");
    };
    match (remote(src), remote(dest)) {
        (Some(_), Some(_)) => Output::err("error: one of src or dest must be a local file specification"),
        (None, None) => Output::err("error: one of src or dest must be a remote file specification"),
        (None, Some((_, pod, _))) => Output::err(format!(
            "kubeplay: copying into a container (pod/{pod}) is not simulated yet: a container's files are the ones its own commands write."
        )),
        (Some((ns, pod, path)), None) => {
            if path.is_empty() {
                return Output::err("error: remote path cannot be empty");
            }
            let mut words = vec![pod.to_string()];
            if let Some(ns) = ns.or(p.get("namespace")) {
                words.extend(["-n".to_string(), ns.to_string()]);
            }
            if let Some(ct) = p.get("container") {
                words.extend(["-c".to_string(), ct.to_string()]);
            }
            words.extend(["-q".to_string(), "--".to_string(), "cat".to_string(), path.to_string()]);
            // What the container's own command wrote, as it stands now.
            let written = written_file(c, ns.or(p.get("namespace")).unwrap_or("default"), pod, p.get("container"), path);
            let text = match written {
                Some(t) => t,
                None => {
                    let read = super::exec::exec(c, &words);
                    if read.code != 0 {
                        return Output { stdout: String::new(), stderr: format!("{}{}", read.stdout, read.stderr), ..read };
                    }
                    read.stdout
                }
            };
            if !files.write(dest, &text) {
                return Output::err(format!("kubeplay: kubectl cp cannot write {dest} here: this console has no files to write to."));
            }
            Output::default()
        }
    }
}
