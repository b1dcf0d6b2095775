//! What a container's environment holds besides its spec's `env` and `envFrom`: the
//! image's PATH and HOME, the pod's HOSTNAME, and the Services' variables the kubelet
//! adds (`getServiceEnvVarMap`, `envvars.FromServices`): every Service of the pod's
//! namespace with a cluster IP (unless `enableServiceLinks: false`) and the API server's
//! own `kubernetes` Service, as they were when the container started.

use crate::api::Api;
use crate::model::pod::{Container, Pod};
use crate::model::service::Service;
use crate::time::Millis;

/// The Debian and Alpine based images' PATH (the official images keep it).
const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The container's whole environment: PATH and HOSTNAME, then `spec` (its `env` and
/// `envFrom`, resolved), then the Services' variables it does not declare itself, then HOME.
pub fn with_runtime(api: &Api, pod: &Pod, started: Millis, spec: Vec<(String, String)>) -> Vec<(String, String)> {
    let declared = |name: &str| spec.iter().any(|(n, _)| n == name);
    let mut services = Vec::new();
    let links = pod.spec.raw.get("enableServiceLinks").and_then(|v| v.as_bool()) != Some(false);
    let ns = pod.meta.namespace.as_str();
    for ((svc_ns, name), svc) in &api.store.services {
        let master = svc_ns == "default" && name == "kubernetes";
        if svc.meta.creation > started || !(master || (links && svc_ns == ns)) {
            continue;
        }
        variables(svc, &mut services);
    }
    let hostname = pod.spec.hostname().unwrap_or(&pod.meta.name);
    let mut env = vec![("PATH".to_string(), PATH.to_string()), ("HOSTNAME".to_string(), hostname.chars().take(63).collect())];
    let services: Vec<(String, String)> = services.into_iter().filter(|(n, _)| !declared(n)).collect();
    let home = !declared("HOME");
    env.extend(spec);
    env.extend(services);
    if home {
        env.push(("HOME".into(), "/root".into()));
    }
    env
}

/// Whether the container's command may read its environment beyond what it declares: a
/// variable its `env` does not set (`$HOSTNAME`; kube-proxy's `$(NODE_NAME)` is its own),
/// or `env`/`printenv`. The rest start without the Services' variables, which would cost
/// every pod of a namespace with many Services (and every node's system pods) a string
/// for each.
pub fn may_be_read(ct: &Container) -> bool {
    let declared = |name: &str| ct.env_from.is_empty() && ct.env.iter().any(|e| e.name == name);
    ct.command.iter().chain(&ct.args).any(|w| {
        let mut rest = w.as_str();
        while let Some(i) = rest.find('$') {
            rest = &rest[i + 1..];
            let name: String = rest.trim_start_matches(['(', '{']).chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !declared(&name) {
                return true;
            }
        }
        w.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|t| t == "env" || t == "printenv")
    })
}

/// One Service's variables: `{NAME}_SERVICE_HOST`, `{NAME}_SERVICE_PORT` (and one per
/// named port), then Docker's link variables for each port.
fn variables(svc: &Service, out: &mut Vec<(String, String)>) {
    let (Some(ip), Some(first)) = (svc.cluster_ip, svc.ports.first()) else { return };
    let ip = crate::net::format_ipv4(ip);
    let upper = |s: &str| s.to_uppercase().replace('-', "_");
    let name = upper(&svc.meta.name);
    out.push((format!("{name}_SERVICE_HOST"), ip.clone()));
    out.push((format!("{name}_SERVICE_PORT"), first.port.to_string()));
    for p in svc.ports.iter().filter(|p| !p.name.is_empty()) {
        out.push((format!("{name}_SERVICE_PORT_{}", upper(&p.name)), p.port.to_string()));
    }
    for (i, p) in svc.ports.iter().enumerate() {
        let proto = p.protocol.to_lowercase();
        let url = format!("{proto}://{ip}:{}", p.port);
        if i == 0 {
            out.push((format!("{name}_PORT"), url.clone()));
        }
        let prefix = format!("{name}_PORT_{}_{}", p.port, p.protocol.to_uppercase());
        out.push((prefix.clone(), url));
        out.push((format!("{prefix}_PROTO"), proto));
        out.push((format!("{prefix}_PORT"), p.port.to_string()));
        out.push((format!("{prefix}_ADDR"), ip.clone()));
    }
}
