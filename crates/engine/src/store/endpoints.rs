//! Endpoints of a Service: the pods its selector matches, each with the port its
//! `targetPort` resolves to, split into ready and not-ready addresses as the endpoints
//! controller splits them. Terminating pods are left out. They are worked out from the
//! store when read rather than kept as objects, since they would change with every pod
//! of a rollout; Endpoints written by hand are stored as they are.

use super::Store;
use crate::model::service::{Service, TargetPort};
use crate::model::Pod;
use crate::net::format_ipv4;

#[derive(Clone, Debug, PartialEq)]
pub struct Address {
    pub ip: String,
    pub pod: String,
    pub node: String,
    pub ready: bool,
    /// The pod's hostname when its subdomain is the Service (a StatefulSet's pods under
    /// their headless Service): `web-0.nginx` then resolves to it.
    pub hostname: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Subset {
    pub port_name: String,
    pub port: i32,
    pub protocol: String,
    pub addresses: Vec<Address>,
}

/// `podutil.FindPort`: a number is used as is; a name is looked up in the pod's
/// container ports.
pub fn find_port(pod: &Pod, target: &TargetPort) -> Option<i32> {
    match target {
        TargetPort::Number(n) => Some(*n),
        TargetPort::Name(name) => pod.spec.containers.iter().flat_map(|c| c.ports.iter()).find(|p| &p.name == name).map(|p| p.port),
    }
}

/// The endpoints of a Service, or `None` if it has no selector (its endpoints are
/// whatever was written by hand).
pub fn of(store: &Store, svc: &Service) -> Option<Vec<Subset>> {
    if svc.meta.name == "kubernetes" && svc.meta.namespace == "default" {
        let ip = store.nodes.values().next().map(|n| format_ipv4(n.internal_ip)).unwrap_or_default();
        let node = store.nodes.keys().next().cloned().unwrap_or_default();
        return Some(vec![Subset {
            port_name: "https".into(),
            port: 6443,
            protocol: "TCP".into(),
            addresses: vec![Address { ip, pod: String::new(), node, ready: true, hostname: None }],
        }]);
    }
    let selector = svc.selector.as_ref()?;
    let pods = store.pods_matching(&svc.meta.namespace, selector);
    let mut subsets = Vec::new();
    for sp in &svc.ports {
        let mut addresses = Vec::new();
        for id in &pods {
            let Some(p) = store.pod(*id) else { continue };
            if p.status.pod_ip.is_empty() || p.is_terminating() {
                continue;
            }
            if find_port(p, &sp.target).is_none() {
                continue;
            }
            let hostname = p.spec.hostname().filter(|h| !h.is_empty() && p.spec.subdomain() == Some(svc.meta.name.as_str()));
            addresses.push(Address {
                ip: p.status.pod_ip.to_string(),
                pod: p.meta.name.clone(),
                node: p.node.to_string(),
                ready: p.is_ready(),
                hostname: hostname.map(String::from),
            });
        }
        // The endpoints controller keeps addresses sorted by IP (as strings).
        addresses.sort_by(|a, b| a.ip.cmp(&b.ip).then(a.pod.cmp(&b.pod)));
        // Ports resolve per pod; kubectl shows one port per subset.
        let port = pods.iter().filter_map(|id| store.pod(*id)).find_map(|p| find_port(p, &sp.target)).unwrap_or(match sp.target {
            TargetPort::Number(n) => n,
            TargetPort::Name(_) => 0,
        });
        subsets.push(Subset { port_name: sp.name.clone(), port, protocol: sp.protocol.clone(), addresses });
    }
    Some(subsets)
}

/// The ready addresses of a Service's port `index`, in the order `of` lists them (by
/// IP as text, then pod): what kube-proxy balances over. A selector's pods are sorted
/// by borrowed keys, and only the ready ones copied out (no hostname: routing reads none).
pub fn ready_addresses(store: &Store, svc: &Service, index: usize) -> Vec<Address> {
    let Some(selector) = svc.selector.as_ref().filter(|_| !(svc.meta.name == "kubernetes" && svc.meta.namespace == "default")) else {
        let subsets = of(store, svc).unwrap_or_default();
        return subsets.into_iter().nth(index).map(|s| s.addresses.into_iter().filter(|a| a.ready).collect()).unwrap_or_default();
    };
    let Some(sp) = svc.ports.get(index) else { return vec![] };
    let mut ready: Vec<&Pod> = store
        .pods_matching(&svc.meta.namespace, selector)
        .into_iter()
        .filter_map(|id| store.pod(id))
        .filter(|p| !p.status.pod_ip.is_empty() && !p.is_terminating() && p.is_ready() && find_port(p, &sp.target).is_some())
        .collect();
    ready.sort_by(|a, b| a.status.pod_ip.cmp(&b.status.pod_ip).then(a.meta.name.cmp(&b.meta.name)));
    ready
        .into_iter()
        .map(|p| Address {
            ip: p.status.pod_ip.to_string(),
            pod: p.meta.name.clone(),
            node: p.node.to_string(),
            ready: true,
            hostname: None,
        })
        .collect()
}

/// The Service whose endpoints controller keeps the Endpoints (or EndpointSlice)
/// `name`: a Service with a selector (or the API server's own `kubernetes`). Objects
/// of those names written by hand are overwritten by the controller at once, so the
/// Service's view wins.
pub fn of_service<'a>(store: &'a Store, kind: crate::model::Kind, ns: &str, name: &str) -> Option<&'a Service> {
    let managed = |s: &Service| s.selector.is_some() || (s.meta.name == "kubernetes" && s.meta.namespace == "default");
    match kind {
        crate::model::Kind::Endpoints => store.services.get(&(ns.to_string(), name.to_string())).filter(|s| managed(s)),
        crate::model::Kind::EndpointSlice => store
            .services
            .range((ns.to_string(), String::new())..)
            .take_while(|((n, _), _)| n == ns)
            .map(|(_, s)| s)
            .find(|s| managed(s) && slice_name(s) == name),
        _ => None,
    }
}

/// The name of a Service's EndpointSlice: `<service>-<5 chars>` (the `kubernetes`
/// Service's slice is just `kubernetes`). The suffix is stable per Service.
pub fn slice_name(svc: &Service) -> String {
    if svc.meta.name == "kubernetes" && svc.meta.namespace == "default" {
        return "kubernetes".into();
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in svc.meta.uid.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    let suffix: String = (0..5)
        .map(|i| {
            let a = crate::rng::K8S_ALPHANUMS;
            a[((h >> (i * 8)) % a.len() as u64) as usize] as char
        })
        .collect();
    format!("{}-{suffix}", svc.meta.name)
}
