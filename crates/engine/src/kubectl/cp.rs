//! `kubectl cp POD:PATH LOCAL` (kubectl's `pkg/cmd/cp`): kubectl runs tar in the
//! container and unpacks what it sends; here the container reads the file (as
//! `kubectl exec POD -- cat PATH` would) and it is written among the script's or the
//! page's files. A container's files are the ones its own commands write, so only
//! those can be copied out.
//!
//! `kubectl cp LOCAL POD:PATH`: kubectl asks the container whether PATH is a directory
//! (`test -d`), then pipes a tar stream into `tar -xmf -` there. The file lands in the
//! container's own filesystem (gone when it restarts), where `kubectl exec` commands
//! read it; an image without a shell or tar (distroless) fails as the runtime says.

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
        (None, Some(_)) => Output::err("kubeplay: copying into a container changes it, so it runs as a change, not a read."),
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

/// Whether a `kubectl cp` line copies a local file into a container (a change).
pub fn copies_in(rest: &[String]) -> bool {
    match args::parse(rest, FLAGS, "cp") {
        Ok(p) => matches!(p.positional.as_slice(), [src, dest] if remote(src).is_none() && remote(dest).is_some()),
        Err(_) => false,
    }
}

/// `kubectl cp LOCAL [NAMESPACE/]POD:PATH`.
pub fn cp_in(c: &mut World, rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "cp") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let [src, dest] = p.positional.as_slice() else {
        return Output::err("error: source and destination are required\nSee 'kubectl cp -h' for help and examples");
    };
    let Some((ns, pod, path)) = remote(dest) else { return Output::err("error: one of src or dest must be a remote file specification") };
    let ns = ns.or(p.get("namespace")).unwrap_or("default").to_string();
    let Ok(text) = files.read(src) else {
        return Output::err(format!("error: {src} doesn't exist in local filesystem"));
    };
    // kubectl's `checkDestinationIsDir`: `test -d PATH` in the container.
    let mut words = vec![pod.to_string(), "-n".to_string(), ns.clone()];
    if let Some(ct) = p.get("container") {
        words.extend(["-c".to_string(), ct.to_string()]);
    }
    let exec = |c: &World, argv: &[&str]| {
        let mut w = words.clone();
        w.push("-q".into());
        w.push("--".into());
        w.extend(argv.iter().map(|s| s.to_string()));
        super::exec::exec(c, &w)
    };
    let dir_path = if path.is_empty() { "." } else { path };
    let probe = exec(c, &["test", "-d", dir_path]);
    if probe.stderr.starts_with("error:") || probe.stderr.starts_with("Error from server") {
        return probe;
    }
    let base = src.rsplit('/').next().unwrap_or(src);
    let target = if probe.code == 0 { format!("{}/{base}", dir_path.trim_end_matches('/')) } else { path.to_string() };
    let image = c.store.pod_id(&ns, pod).and_then(|id| c.store.pod(id)).and_then(|pd| {
        let name = p.get("container").map(String::from).or_else(|| pd.spec.containers.first().map(|ct| ct.name.clone()))?;
        pd.spec.containers.iter().chain(&pd.spec.ephemeral_containers).find(|ct| ct.name == name).map(|ct| ct.image.clone())
    });
    // A distroless image has no shell and no tar: the runtime cannot start tar there.
    if probe.code == 126 || image.as_deref().is_some_and(|i| i.contains("distroless")) {
        let mut out = Output { warnings: probe.warnings, ..Default::default() };
        out.stdout.push_str("OCI runtime exec failed: exec failed: unable to start container process: exec: \"tar\": executable file not found in $PATH: unknown\n");
        out.stderr.push_str("command terminated with exit code 126\n");
        out.code = 126;
        return out;
    }
    let target = if target.starts_with('/') { target } else { format!("/{}", target.trim_start_matches("./")) };
    let Some(id) = c.store.pod_id(&ns, pod) else { return Output::err(format!("Error from server (NotFound): pods \"{pod}\" not found")) };
    let Some(pd) = c.api.store.pod_mut(id) else { return Output::err(format!("Error from server (NotFound): pods \"{pod}\" not found")) };
    let name =
        p.get("container").map(String::from).unwrap_or_else(|| pd.spec.containers.first().map(|ct| ct.name.clone()).unwrap_or_default());
    let run = match pd.spec.containers.iter().position(|ct| ct.name == name) {
        Some(i) => pd.runtime.apps.get_mut(i),
        None => pd.spec.ephemeral_containers.iter().position(|ct| ct.name == name).and_then(|k| pd.runtime.ephemerals.get_mut(k)),
    };
    if let Some(run) = run {
        let kept = run.kept_mut();
        kept.copied.retain(|(p, _)| *p != target);
        kept.copied.push((target, text));
    }
    // The test's own warnings (a defaulted container) are kubectl's too.
    Output { warnings: probe.warnings, ..Default::default() }
}
