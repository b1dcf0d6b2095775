//! The files a container sees in its volumes: the keys of a ConfigMap or Secret (all of
//! them, or the `items` named), a projected volume's sources (the service-account
//! token, `ca.crt`, the namespace), the downward API's fields, and a `subPath` mount's one
//! file. The kubelet writes a ConfigMap's or Secret's new content into the volume at its
//! next sync of the pod (every minute, `syncFrequency`), so an edit shows there up to a
//! minute later; a `subPath` mount keeps what it had when the container started, and the
//! environment never changes.

use crate::api::Api;
use crate::model::pod::{Container, Pod};
use crate::model::volume::{FieldFile, KeyToPath, Projection, VolumeSource};
use crate::model::{base64, Kind};
use crate::time::{Millis, SECOND};
use crate::value::Value;

/// The kubelet's `syncFrequency`: each pod is synced again at least this often.
pub const SYNC_PERIOD: Millis = 60 * SECOND;

/// Whether the container's command could name a file of its volumes: a word with a path,
/// a variable, a glob or a redirection, or one that is a part of a mount's path (a
/// relative name). A script of builtins alone (`while true; do sleep 3600; done`) names
/// none, and building every mounted file (the account's token among them) for each of
/// thousands of such pods cost more than running them.
pub fn may_be_read(pod: &Pod, ct: &Container) -> bool {
    // `args` alone follow the image's entrypoint: none of them is the program for sure.
    let words = || ct.command.iter().chain(&ct.args).skip(usize::from(!ct.command.is_empty()));
    if words().next().is_none() {
        return false;
    }
    if words().any(|w| w.contains(['/', '$', '*', '?', '[', '<', '`', '~'])) {
        return true;
    }
    let parts: Vec<&str> = pod.mount_paths(ct).flat_map(|path| path.split('/')).filter(|p| !p.is_empty()).collect();
    words().any(|w| w.split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))).any(|t| !t.is_empty() && parts.contains(&t)))
}

/// Every file the container's volume mounts hold at `now`, for a container started at
/// `started`: (absolute path, text).
pub fn files(api: &Api, pod: &Pod, ct: &Container, started: Millis, now: Millis) -> Vec<(String, String)> {
    let volumes = pod.volumes();
    let synced = started + now.saturating_sub(started) / SYNC_PERIOD * SYNC_PERIOD;
    let mut out = Vec::new();
    for m in pod.mounts(ct) {
        let Some(v) = volumes.iter().find(|v| v.name == m.name) else { continue };
        let at = if m.sub_path.is_empty() { synced } else { started };
        let mut inside = contents(api, pod, &v.source, at);
        if let Some(disk) = super::host_files::disk_of(api, pod, &v.source, &v.name) {
            inside = super::host_files::on_disk(api, &disk, now);
        }
        let base = m.path.trim_end_matches('/');
        if m.sub_path.is_empty() {
            // The mount point is a directory even when nothing is in it (`..data`, as
            // the kubelet's atomic writer names its own; `ls` hides it).
            out.push((format!("{base}/..data"), String::new()));
            out.extend(inside.into_iter().map(|(p, t)| (format!("{base}/{p}"), t)));
        } else {
            let sub = m.sub_path.trim_matches('/');
            for (p, t) in inside {
                if p == sub {
                    out.push((base.to_string(), t));
                } else if let Some(rest) = p.strip_prefix(&format!("{sub}/")) {
                    out.push((format!("{base}/{rest}"), t));
                }
            }
        }
    }
    out
}

/// The files inside one volume, by path within it, as the kubelet last wrote them (`at`).
fn contents(api: &Api, pod: &Pod, source: &VolumeSource, at: Millis) -> Vec<(String, String)> {
    match source {
        VolumeSource::Config { secret, name, items, .. } => keys(api, pod, *secret, name, items, at),
        VolumeSource::Projected { sources, .. } => sources
            .iter()
            .flat_map(|s| match s {
                Projection::Config { secret, name, items, .. } => keys(api, pod, *secret, name, items, at),
                Projection::DownwardApi(items) => fields(api, pod, items),
                Projection::ServiceAccountToken { path, .. } => vec![(path.clone(), token(pod))],
                Projection::Other => vec![],
            })
            .collect(),
        VolumeSource::DownwardApi { items, .. } => fields(api, pod, items),
        _ => vec![],
    }
}

/// A ConfigMap's or Secret's body as the kubelet saw it at `at`: the body before its last
/// change if that change came later.
fn body_at(api: &Api, kind: Kind, ns: &str, name: &str, at: Millis) -> Option<Value> {
    let now = api.store.written(kind, ns, name)?;
    match api.store.config_changes.get(&(kind, ns.to_string(), name.to_string())) {
        Some((changed, before)) if *changed > at => Some(before.clone()),
        _ => Some(now.spec.clone()),
    }
}

fn keys(api: &Api, pod: &Pod, secret: bool, name: &str, items: &[KeyToPath], at: Millis) -> Vec<(String, String)> {
    let kind = if secret { Kind::Secret } else { Kind::ConfigMap };
    let Some(body) = body_at(api, kind, &pod.meta.namespace, name, at) else { return vec![] };
    let mut all: Vec<(String, String)> = Vec::new();
    for (field, encoded) in [("data", secret), ("binaryData", true)] {
        for (k, v) in body.get(field).and_then(Value::as_map).into_iter().flatten() {
            let text = v.as_str().unwrap_or("");
            let text =
                if encoded { String::from_utf8_lossy(&base64::decode(text).unwrap_or_default()).into_owned() } else { text.to_string() };
            all.push((k.clone(), text));
        }
    }
    if items.is_empty() {
        all.sort();
        return all;
    }
    items.iter().filter_map(|i| all.iter().find(|(k, _)| *k == i.key).map(|(_, t)| (i.path.clone(), t.clone()))).collect()
}

/// The downward API's files: the pod's fields as the kubelet writes them (labels and
/// annotations one `key="value"` a line, sorted).
fn fields(api: &Api, pod: &Pod, items: &[FieldFile]) -> Vec<(String, String)> {
    let pairs = |l: &crate::model::Labels| {
        let mut v: Vec<String> = l.0.iter().map(|(k, v)| format!("{k}={}", crate::model::validation::go_quote(v))).collect();
        v.sort();
        v.join("\n")
    };
    items
        .iter()
        .map(|i| {
            let text = match (i.resource.is_some(), i.field.as_str()) {
                (false, "metadata.name") => pod.meta.name.clone(),
                (false, "metadata.namespace") => pod.meta.namespace.clone(),
                (false, "metadata.uid") => pod.meta.uid.to_string(),
                (false, "metadata.labels") => pairs(&pod.meta.labels),
                (false, "metadata.annotations") => pairs(&pod.meta.annotations),
                (false, path) => path
                    .strip_prefix("metadata.labels['")
                    .and_then(|r| r.strip_suffix("']"))
                    .map(|k| pod.meta.labels.get(k).unwrap_or("").to_string())
                    .unwrap_or_default(),
                // A volume names the container whose request or limit it writes.
                (true, resource) => {
                    let container = i.resource.as_deref().unwrap_or("");
                    pod.spec
                        .containers
                        .iter()
                        .chain(pod.spec.init_containers.iter())
                        .find(|c| c.name == container)
                        .and_then(|c| super::resource_field::value(api.store.nodes.get(&pod.node), c, resource, &i.divisor))
                        .unwrap_or_default()
                }
            };
            (i.path.clone(), text)
        })
        .collect()
}

/// A bound service-account token: a JWT's three parts. Its header and claims are what
/// the API server signs (the audience, the pod, the account, an hour's life); the
/// signature is made up, since nothing in kubeplay checks it.
fn token(pod: &Pod) -> String {
    let account = crate::model::serviceaccount::of_pod(&pod.spec.raw);
    let header = base64::encode(br#"{"alg":"RS256","kid":"kubeplay"}"#);
    let claims = format!(
        r#"{{"aud":["https://kubernetes.default.svc.cluster.local"],"iss":"https://kubernetes.default.svc.cluster.local","kubernetes.io":{{"namespace":"{}","pod":{{"name":"{}","uid":"{}"}},"serviceaccount":{{"name":"{account}"}}}},"sub":"system:serviceaccount:{}:{account}"}}"#,
        pod.meta.namespace, pod.meta.name, pod.meta.uid, pod.meta.namespace
    );
    let url = |s: String| s.trim_end_matches('=').replace('+', "-").replace('/', "_");
    let sig = base64::encode(pod.meta.uid.as_bytes());
    format!("{}.{}.{}", url(header), url(base64::encode(claims.as_bytes())), url(sig))
}
