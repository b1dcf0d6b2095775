//! Files a container's script writes into a volume that outlives the container: an
//! emptyDir (the pod's, shared by its containers), a hostPath directory on the node, or a
//! claim's volume (a hostPath or local-path directory on its node, or a network disk).
//! They are kept by where they live, so the next pod that mounts the same place reads
//! them: the PersistentVolume task's `index.html`, data that survives a pod's deletion.

use crate::api::Api;
use crate::model::pod::{Container, Pod};
use crate::model::pod_runtime::Process;
use crate::model::volume::{HostFile, VolumeSource};
use crate::model::Kind;
use crate::time::Millis;
use crate::value::Value;

/// Where a volume of the pod keeps its files, for the kinds that keep them.
pub fn disk_of(api: &Api, pod: &Pod, source: &VolumeSource, volume: &str) -> Option<String> {
    match source {
        VolumeSource::EmptyDir { .. } => Some(format!("emptydir:{}:{volume}", pod.meta.uid)),
        VolumeSource::HostPath { path, .. } => Some(format!("{}:{}", pod.node, path.trim_end_matches('/'))),
        VolumeSource::Claim { name, .. } => {
            let pvc = api.store.written(Kind::PersistentVolumeClaim, &pod.meta.namespace, name)?;
            let pv_name = pvc.spec.get("volumeName").and_then(Value::as_str).filter(|n| !n.is_empty())?;
            let pv = api.store.written(Kind::PersistentVolume, "", pv_name)?;
            match pv.spec.get("hostPath").or_else(|| pv.spec.get("local")).and_then(|h| h.get("path")).and_then(Value::as_str) {
                Some(path) => Some(format!("{}:{}", pod.node, path.trim_end_matches('/'))),
                None => Some(format!("pv:{pv_name}")),
            }
        }
        _ => None,
    }
}

/// A container started at `started` with `process`: the files its script writes under a
/// kept volume's mount are kept on that volume's disk.
pub fn started(api: &mut Api, pod: &Pod, ct: &Container, process: &Process, started: Millis) {
    if process.files().is_empty() {
        return;
    }
    let volumes = pod.volumes();
    let mut kept = Vec::new();
    for f in process.files() {
        // The deepest mount the path is under.
        let Some(m) = ct
            .mounts
            .iter()
            .filter(|m| f.path.strip_prefix(m.path.trim_end_matches('/')).is_some_and(|r| r.starts_with('/')))
            .max_by_key(|m| m.path.len())
        else {
            continue;
        };
        let Some(v) = volumes.iter().find(|v| v.name == m.name) else { continue };
        let Some(disk) = disk_of(api, pod, &v.source, &v.name) else { continue };
        let rel = f.path[m.path.trim_end_matches('/').len() + 1..].to_string();
        let path = if m.sub_path.is_empty() { rel } else { format!("{}/{rel}", m.sub_path.trim_matches('/')) };
        kept.push(HostFile {
            disk,
            path,
            from: started + f.from,
            until: f.until.map(|u| started + u),
            content: f.content.clone(),
            writer: pod.meta.uid.to_string(),
        });
    }
    api.store.host_files.extend(kept);
}

/// The pod is gone at `at`: what its scripts would have written later is not written,
/// and its emptyDir volumes go with it.
pub fn pod_gone(api: &mut Api, uid: &str, at: Millis) {
    if api.store.host_files.is_empty() {
        return;
    }
    let empty_dir = format!("emptydir:{uid}:");
    api.store.host_files.retain(|f| !(f.disk.starts_with(&empty_dir) || (f.writer == uid && f.from > at)));
}

/// The files on `disk` at `now`: path and text, by path.
pub fn on_disk(api: &Api, disk: &str, now: Millis) -> Vec<(String, String)> {
    let mut out: Vec<(String, String, Millis)> = Vec::new();
    for f in api.store.host_files.iter().filter(|f| f.disk == disk && f.from <= now) {
        let live = f.until.is_none_or(|u| now < u);
        match out.iter().position(|(p, _, _)| *p == f.path) {
            Some(i) if out[i].2 <= f.from => {
                if live {
                    out[i] = (f.path.clone(), f.content.clone(), f.from);
                } else {
                    out.remove(i);
                }
            }
            Some(_) => {}
            None if live => out.push((f.path.clone(), f.content.clone(), f.from)),
            None => {}
        }
    }
    out.sort();
    out.into_iter().map(|(p, c, _)| (p, c)).collect()
}
