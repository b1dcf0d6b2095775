//! The credentials a pull carries: the pod's `imagePullSecrets`, Secrets of type
//! `kubernetes.io/dockerconfigjson` (or the older `kubernetes.io/dockercfg`) in its
//! namespace, each naming the registries it logs in to. A named Secret that does not
//! exist is reported and skipped (`getPullSecretsForPod`).

use crate::api::Api;
use crate::model::pod::Pod;
use crate::model::{secret, Kind};
use crate::value::Value;

pub(super) struct PullSecrets {
    /// The registry hosts the found Secrets hold credentials for.
    hosts: Vec<String>,
    /// Names of `imagePullSecrets` that do not exist.
    pub missing: Vec<String>,
}

impl PullSecrets {
    /// Whether the credentials cover `domain` (Docker Hub answers to several names).
    pub fn authorize(&self, domain: &str) -> bool {
        let hub = |h: &str| matches!(h, "docker.io" | "index.docker.io" | "registry-1.docker.io");
        self.hosts.iter().any(|h| h == domain || (hub(h) && hub(domain)))
    }
}

pub(super) fn of(api: &Api, pod: &Pod) -> PullSecrets {
    let mut out = PullSecrets { hosts: vec![], missing: vec![] };
    let names = pod.spec.raw.get("imagePullSecrets").map(Value::as_seq).unwrap_or_default();
    for name in names.iter().filter_map(|r| r.get("name").and_then(Value::as_str)).filter(|n| !n.is_empty()) {
        let Some(s) = api.store.written(Kind::Secret, &pod.meta.namespace, name) else {
            out.missing.push(name.to_string());
            continue;
        };
        let (key, nested) = match secret::secret_type(s) {
            "kubernetes.io/dockerconfigjson" => (".dockerconfigjson", true),
            "kubernetes.io/dockercfg" => (".dockercfg", false),
            _ => continue,
        };
        let Some(text) = secret::bytes(s, key).map(|b| String::from_utf8_lossy(&b).into_owned()) else { continue };
        let stream = crate::yaml::parse_stream(&text);
        let Some(doc) = stream.docs.first().filter(|_| stream.error.is_none()) else { continue };
        let config = crate::model::decode::untyped(&doc.root);
        let auths = if nested { config.get("auths").cloned().unwrap_or(Value::Null) } else { config };
        for host in auths.as_map().into_iter().flatten().map(|(k, _)| k) {
            out.hosts.push(host_of(host));
        }
    }
    out
}

/// `https://index.docker.io/v1/` → `index.docker.io`.
fn host_of(key: &str) -> String {
    let k = key.trim();
    let k = k.strip_prefix("https://").or_else(|| k.strip_prefix("http://")).unwrap_or(k);
    k.split('/').next().unwrap_or(k).to_ascii_lowercase()
}
