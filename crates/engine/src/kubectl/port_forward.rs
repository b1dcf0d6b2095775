//! `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE… [--address …]` (kubectl's
//! `pkg/cmd/portforward`): one pod is chosen (a Service, Deployment, ReplicaSet or
//! StatefulSet gives its first running pod, a Service port becomes the pod port it
//! targets) and kubectl's "Forwarding from" lines are printed. No socket is opened:
//! the tunnel is remembered, and the shell's `curl localhost:PORT` reaches that pod
//! through it until the pod goes, as the real one is bound to that one pod.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};
use crate::model::pod::Phase;
use crate::model::pod_runtime::Stage;
use crate::model::service::TargetPort;
use crate::proxy::Forward;

const FLAGS: &[FlagSpec] = &[flag("address", None, true), flag("pod-running-timeout", None, true)];

/// The first local port kubectl is given for `:REMOTE` (the system picks one; this one
/// is fixed so a transcript reads the same).
const RANDOM_BASE: u16 = 38241;

pub fn port_forward(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, FLAGS, "port-forward") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let usage = "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples";
    let Some((target, ports)) = p.positional.split_first() else { return Output::err(usage) };
    if ports.is_empty() {
        return Output::err(usage);
    }
    let ns = super::namespace(&p);
    let (pod_name, service) = match target.split_once('/') {
        None => (target.clone(), None),
        Some(("pod" | "pods" | "po", n)) => (n.to_string(), None),
        Some(("svc" | "service" | "services", n)) => {
            let Some(svc) = c.store.services.get(&(ns.clone(), n.to_string())).cloned() else {
                return Output::err(format!("Error from server (NotFound): services \"{n}\" not found"));
            };
            let Some(selector) = svc.selector.clone() else {
                return Output::err(format!(
                    "error: cannot attach to *v1.Service: invalid service '{n}': Service is defined without a selector"
                ));
            };
            match running_pod(c, &ns, &selector) {
                Some(pod) => (pod, Some(svc)),
                None => return Output::err("error: timed out waiting for the condition"),
            }
        }
        Some((ty, n)) => match super::nodes::first_pod(c, &ns, ty, n) {
            Ok((id, _)) => (c.store.pod(id).map(|p| p.meta.name.clone()).unwrap_or_default(), None),
            Err(e) => return Output::err(e),
        },
    };
    let Some(pod) = c.store.pod_id(&ns, &pod_name).and_then(|id| c.store.pod(id)) else {
        return Output::err(format!("Error from server (NotFound): pods \"{pod_name}\" not found"));
    };
    if pod.status.phase != Phase::Running {
        return Output::err(format!(
            "error: unable to forward port because pod is not running. Current status={}",
            pod.status.phase.as_str()
        ));
    }
    let uid = pod.meta.uid.clone();
    // (local, remote) pairs, a Service's port turned into the pod's.
    let mut pairs = Vec::new();
    for spec in ports {
        let (local, remote) = match spec.split_once(':') {
            Some((l, r)) => (l, r),
            None => (spec.as_str(), spec.as_str()),
        };
        let mut remote_port = match parse_port(remote) {
            Some(r) => r,
            None if service.is_none() => {
                // A named port of the pod's containers.
                match pod.spec.containers.iter().flat_map(|ct| ct.ports.iter()).find(|cp| cp.name == remote) {
                    Some(cp) => cp.port as u16,
                    None => return Output::err(format!("error: Pod '{pod_name}' does not have a named port '{remote}'")),
                }
            }
            None => return Output::err(format!("error: Service '{}' does not have a named port '{remote}'", target)),
        };
        if let Some(svc) = &service {
            let Some(sp) = svc.ports.iter().find(|sp| sp.port == i32::from(remote_port)) else {
                return Output::err(format!("error: Service {} does not have a service port {remote_port}", svc.meta.name));
            };
            remote_port = match &sp.target {
                TargetPort::Number(n) => *n as u16,
                TargetPort::Name(_) => crate::store::endpoints::find_port(pod, &sp.target).unwrap_or(0) as u16,
            };
        }
        let local_port = if local.is_empty() {
            let mut l = RANDOM_BASE;
            while c.proxy.forwards.contains_key(&l) || pairs.iter().any(|(x, _)| *x == l) {
                l += 1;
            }
            l
        } else {
            match parse_port(local) {
                Some(l) => l,
                None => {
                    return Output::err(format!(
                        "error: Error parsing local port '{local}': strconv.ParseUint: parsing \"{local}\": invalid syntax"
                    ))
                }
            }
        };
        pairs.push((local_port, remote_port));
    }
    let addresses: Vec<String> = p.get("address").unwrap_or("localhost").split(',').map(|a| a.trim().to_string()).collect();
    let shown: Vec<String> = addresses
        .iter()
        .flat_map(|a| if a == "localhost" { vec!["127.0.0.1".to_string(), "[::1]".to_string()] } else { vec![a.clone()] })
        .collect();
    let mut out = Output::default();
    for (local, remote) in &pairs {
        if let Some(f) = c.proxy.forwards.get(local) {
            if c.store.pod_id(&f.namespace, &f.pod).and_then(|id| c.store.pod(id)).is_some_and(|p| p.meta.uid == f.uid) {
                return Output::err(format!(
                    "Unable to listen on port {local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{{{local} {remote}}}]"
                ));
            }
        }
        for a in &shown {
            out.stdout.push_str(&format!("Forwarding from {a}:{local} -> {remote}\n"));
        }
    }
    for (local, remote) in pairs {
        c.proxy.forwards.insert(local, Forward { namespace: ns.clone(), pod: pod_name.clone(), uid: uid.clone(), remote });
    }
    out.stdout.push_str("kubeplay: kubectl keeps running here until Ctrl+C; no real socket is opened: `curl localhost:PORT` in this console reaches the pod.\n");
    out
}

fn parse_port(s: &str) -> Option<u16> {
    s.parse::<u16>().ok().filter(|p| *p > 0)
}

fn running_pod(c: &World, ns: &str, selector: &crate::model::Labels) -> Option<String> {
    let mut pods: Vec<&crate::model::Pod> = c.store.pods_matching(ns, selector).into_iter().filter_map(|id| c.store.pod(id)).collect();
    pods.sort_by(|a, b| (a.status.phase != Phase::Running).cmp(&(b.status.phase != Phase::Running)).then(a.meta.name.cmp(&b.meta.name)));
    pods.iter().find(|p| p.status.phase == Phase::Running).map(|p| p.meta.name.clone())
}

/// `curl localhost:PORT[/PATH]` in the console: what comes back through a forward.
pub fn curl(c: &World, local: u16) -> Output {
    let refused = format!("curl: (7) Failed to connect to localhost port {local} after 0 ms: Couldn't connect to server\n");
    let Some(f) = c.proxy.forwards.get(&local) else { return Output { stderr: refused, code: 7, ..Default::default() } };
    let pod = c.store.pod_id(&f.namespace, &f.pod).and_then(|id| c.store.pod(id)).filter(|p| p.meta.uid == f.uid);
    let Some(pod) = pod.filter(|p| p.status.phase == Phase::Running) else {
        return Output {
            stderr: format!(
                "{refused}kubeplay: kubectl port-forward ended when pod/{} went away (error: lost connection to pod).\n",
                f.pod
            ),
            code: 7,
            ..Default::default()
        };
    };
    let listening = pod
        .runtime
        .apps
        .iter()
        .filter(|r| matches!(r.stage, Stage::Running { .. }))
        .filter_map(|r| r.process.as_ref())
        .any(|proc_| proc_.ports.contains(&f.remote));
    let mut out = Output::ok(format!("Handling connection for {local}\n"));
    if listening {
        out.stdout.push_str(&format!("kubeplay: pod/{} answered on port {} (HTTP 200).\n", f.pod, f.remote));
    } else {
        out.stderr = format!(
            "E0524 portforward.go:424] \"Unhandled Error\" err=\"an error occurred forwarding {local} -> {r}: error forwarding port {r} to pod {uid}, uid : failed to execute portforward in network namespace: failed to connect to localhost:{r} inside namespace, IPv4: dial tcp4 127.0.0.1:{r}: connect: connection refused\"\ncurl: (52) Empty reply from server\n",
            r = f.remote,
            uid = f.uid
        );
        out.code = 52;
    }
    out
}
