//! Cluster DNS as a pod sees it: the `/etc/resolv.conf` the kubelet writes for its
//! `dnsPolicy` and `dnsConfig`, the resolver's search list and `ndots`, and the answers
//! CoreDNS's `kubernetes` plugin gives for `cluster.local` (Services by ClusterIP,
//! headless Services by their ready pods, `hostname.subdomain` pods, ExternalName
//! CNAMEs, `a-b-c-d.ns.pod`). Queries go to the nameserver's Service like any other
//! traffic, so they fail when CoreDNS has no ready pod or a policy drops them. Names
//! outside the cluster are forwarded to the node's resolver, which kubeplay does not
//! simulate: they are reported as such, never made up.

use crate::api::Api;
use crate::model::service::Service;
use crate::model::Pod;
use crate::net::{format_ipv4, parse_ipv4};
use crate::value::Value;

/// The cluster's domain (kubeadm's and kind's default).
pub const DOMAIN: &str = "cluster.local";

/// kubeadm's cluster DNS address when the `kube-dns` Service is gone.
const CLUSTER_DNS: &str = "10.96.0.10";

/// A pod's `/etc/resolv.conf`.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvConf {
    pub search: Vec<String>,
    pub nameservers: Vec<String>,
    pub options: Vec<String>,
}

impl ResolvConf {
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.search.is_empty() {
            out.push(format!("search {}", self.search.join(" ")));
        }
        out.extend(self.nameservers.iter().map(|n| format!("nameserver {n}")));
        if !self.options.is_empty() {
            out.push(format!("options {}", self.options.join(" ")));
        }
        out
    }

    fn ndots(&self) -> usize {
        self.options.iter().rev().find_map(|o| o.strip_prefix("ndots:")).and_then(|n| n.parse().ok()).unwrap_or(1)
    }
}

/// The node's own resolver (the container runtime's network gateway), what
/// `dnsPolicy: Default` pods get.
fn node_nameserver(api: &Api, pod: &Pod) -> String {
    let ip = api.store.nodes.get(&pod.node).map(|n| n.internal_ip).unwrap_or(0);
    format_ipv4((ip & 0xffff_ff00) | 1)
}

/// The address of the cluster's DNS Service.
pub fn cluster_dns_ip(api: &Api) -> String {
    api.store
        .services
        .get(&("kube-system".to_string(), "kube-dns".to_string()))
        .and_then(|s| s.cluster_ip)
        .map(format_ipv4)
        .unwrap_or_else(|| CLUSTER_DNS.into())
}

/// What the kubelet writes for the pod (`pkg/kubelet/network/dns`): ClusterFirst gets the
/// cluster's search list and nameserver with `ndots:5`; Default the node's; None only
/// what `dnsConfig` says; `dnsConfig` is merged in after.
pub fn resolv_conf(api: &Api, pod: &Pod) -> ResolvConf {
    let raw = &pod.spec.raw;
    let policy = raw.get("dnsPolicy").and_then(Value::as_str).unwrap_or("ClusterFirst");
    let host_network = raw.get("hostNetwork") == Some(&Value::Bool(true));
    let cluster = match policy {
        "ClusterFirstWithHostNet" => true,
        "ClusterFirst" => !host_network,
        _ => false,
    };
    let mut conf = match policy {
        "None" => ResolvConf { search: vec![], nameservers: vec![], options: vec![] },
        _ if cluster => ResolvConf {
            search: vec![format!("{}.svc.{DOMAIN}", pod.meta.namespace), format!("svc.{DOMAIN}"), DOMAIN.to_string()],
            nameservers: vec![cluster_dns_ip(api)],
            options: vec!["ndots:5".into()],
        },
        _ => ResolvConf { search: vec![], nameservers: vec![node_nameserver(api, pod)], options: vec![] },
    };
    if let Some(cfg) = raw.get("dnsConfig") {
        let strings = |k: &str| -> Vec<String> {
            cfg.get(k).map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|v| v.as_str().map(String::from)).collect()
        };
        for n in strings("nameservers") {
            if !conf.nameservers.contains(&n) {
                conf.nameservers.push(n);
            }
        }
        conf.nameservers.truncate(3);
        for s in strings("searches") {
            if !conf.search.contains(&s) {
                conf.search.push(s);
            }
        }
        for o in cfg.get("options").map(Value::as_seq).unwrap_or(&[]) {
            let Some(name) = o.get("name").and_then(Value::as_str) else { continue };
            let opt = match o.get("value").and_then(Value::as_str) {
                Some(v) => format!("{name}:{v}"),
                None => name.to_string(),
            };
            conf.options.retain(|x| x.split(':').next() != Some(name));
            conf.options.push(opt);
        }
    }
    conf
}

/// CoreDNS's answer for one fully qualified name (no trailing dot).
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// A records, after the CNAME if there is one.
    Found {
        cname: Option<String>,
        ips: Vec<String>,
    },
    /// A CNAME to a name outside the cluster (ExternalName), which the node's resolver
    /// would answer.
    Outside {
        cname: Option<String>,
        name: String,
    },
    NxDomain,
}

fn service<'a>(api: &'a Api, ns: &str, name: &str) -> Option<&'a Service> {
    api.store.services.get(&(ns.to_string(), name.to_string()))
}

/// The pods a headless Service's name answers with: its ready endpoints (all of them
/// with `publishNotReadyAddresses`), by IP.
fn headless_pods<'a>(api: &'a Api, svc: &Service) -> Vec<&'a Pod> {
    let Some(sel) = &svc.selector else { return vec![] };
    let publish_all = svc.raw_spec.get("publishNotReadyAddresses") == Some(&Value::Bool(true));
    let mut pods: Vec<&Pod> = api
        .store
        .pods_matching(&svc.meta.namespace, sel)
        .into_iter()
        .filter_map(|id| api.store.pod(id))
        .filter(|p| !p.status.pod_ip.is_empty() && !p.is_terminating() && (publish_all || p.is_ready()))
        .collect();
    pods.sort_by_key(|p| parse_ipv4(&p.status.pod_ip).unwrap_or(0));
    pods
}

/// What CoreDNS answers for `fqdn` (the `kubernetes` plugin for `cluster.local`; the rest
/// goes upstream).
pub fn query(api: &Api, fqdn: &str) -> Answer {
    let name = fqdn.trim_end_matches('.').to_ascii_lowercase();
    let Some(rest) = name.strip_suffix(&format!(".{DOMAIN}")) else {
        // A name of one label has no upstream answer; a longer one is the Internet's.
        return if name.contains('.') { Answer::Outside { cname: None, name } } else { Answer::NxDomain };
    };
    let parts: Vec<&str> = rest.split('.').collect();
    match parts.as_slice() {
        [svc, ns, "svc"] => match service(api, ns, svc) {
            None => Answer::NxDomain,
            Some(s) if s.ty == "ExternalName" => {
                let target = s.raw_spec.get("externalName").and_then(Value::as_str).unwrap_or("").trim_end_matches('.').to_string();
                match query(api, &target) {
                    Answer::Found { ips, .. } => Answer::Found { cname: Some(target), ips },
                    _ => Answer::Outside { cname: Some(target.clone()), name: target },
                }
            }
            Some(s) => match s.cluster_ip {
                Some(ip) => Answer::Found { cname: None, ips: vec![format_ipv4(ip)] },
                None => {
                    let ips: Vec<String> = headless_pods(api, s).iter().map(|p| p.status.pod_ip.to_string()).collect();
                    if ips.is_empty() {
                        Answer::NxDomain
                    } else {
                        Answer::Found { cname: None, ips }
                    }
                }
            },
        },
        [host, svc, ns, "svc"] => {
            let Some(s) = service(api, ns, svc).filter(|s| s.cluster_ip.is_none() && s.ty != "ExternalName") else {
                return Answer::NxDomain;
            };
            let ips: Vec<String> = headless_pods(api, s)
                .into_iter()
                .filter(|p| p.spec.hostname() == Some(*host) && p.spec.subdomain() == Some(*svc))
                .map(|p| p.status.pod_ip.to_string())
                .collect();
            if ips.is_empty() {
                Answer::NxDomain
            } else {
                Answer::Found { cname: None, ips }
            }
        }
        // `pods insecure`: any dashed address answers with itself.
        [dashed, _ns, "pod"] => match parse_ipv4(&dashed.replace('-', ".")) {
            Some(ip) => Answer::Found { cname: None, ips: vec![format_ipv4(ip)] },
            None => Answer::NxDomain,
        },
        _ => Answer::NxDomain,
    }
}

/// The name a cluster address has in reverse (`in-addr.arpa`): a Service's
/// `NAME.NS.svc.cluster.local`, or a pod's dashed name under its first Service.
pub fn reverse(api: &Api, ip: &str) -> Option<String> {
    let want = parse_ipv4(ip)?;
    if let Some(s) = api.store.services.values().find(|s| s.cluster_ip == Some(want)) {
        return Some(format!("{}.{}.svc.{DOMAIN}", s.meta.name, s.meta.namespace));
    }
    // A pod behind a headless Service: its hostname there, else its dashed address.
    for s in api.store.services.values().filter(|s| s.cluster_ip.is_none() && s.ty != "ExternalName") {
        if let Some(p) = headless_pods(api, s).into_iter().find(|p| p.status.pod_ip == ip) {
            let host = match (p.spec.hostname(), p.spec.subdomain()) {
                (Some(h), Some(sub)) if sub == s.meta.name => h.to_string(),
                _ => ip.replace('.', "-"),
            };
            return Some(format!("{host}.{}.{}.svc.{DOMAIN}", s.meta.name, s.meta.namespace));
        }
    }
    None
}

/// A lookup through a pod's resolver.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// The name that answered (after the search list) and its addresses.
    Found { name: String, cname: Option<String>, ips: Vec<String> },
    /// Every name tried was NXDOMAIN.
    NotFound,
    /// No nameserver answered: why, for kubeplay's explanation.
    NoServer(String),
    /// Answered by the Internet's DNS, which kubeplay does not simulate.
    Outside { name: String, cname: Option<String> },
}

/// How a query reaches the nameserver: through its Service to a ready CoreDNS pod the
/// policies let the client talk to on port 53, or to the node's own resolver.
pub enum Server<'a> {
    Cluster { coredns: &'a Pod },
    Node,
}

/// The nameserver a pod's queries reach, or why none does.
pub fn server<'a>(api: &'a Api, pod: &'a Pod, conf: &ResolvConf) -> Result<Server<'a>, String> {
    let Some(ns_ip) = conf.nameservers.first() else { return Err("the pod's resolv.conf names no nameserver".into()) };
    let ip = parse_ipv4(ns_ip).unwrap_or(0);
    let Some(svc) = api.store.services.values().find(|s| s.cluster_ip == Some(ip)) else {
        return Ok(Server::Node);
    };
    let key = format!("{}/{}", svc.meta.namespace, svc.meta.name);
    let ready: Vec<&Pod> = match &svc.selector {
        Some(sel) => api
            .store
            .pods_matching(&svc.meta.namespace, sel)
            .into_iter()
            .filter_map(|id| api.store.pod(id))
            .filter(|p| p.is_ready() && !p.is_terminating() && !p.status.pod_ip.is_empty())
            .collect(),
        None => vec![],
    };
    if ready.is_empty() {
        return Err(format!("service {key} ({ns_ip}) has no ready endpoints: no CoreDNS pod is ready"));
    }
    let client = crate::netpol::End { ip: parse_ipv4(&pod.status.pod_ip).unwrap_or(0), pod: Some(pod) };
    let mut denied = None;
    for p in &ready {
        let server = crate::netpol::End { ip: parse_ipv4(&p.status.pod_ip).unwrap_or(0), pod: Some(p) };
        match crate::netpol::check(api, &client, &server, 53, "UDP") {
            Ok(()) => return Ok(Server::Cluster { coredns: p }),
            Err(d) => denied = Some(d),
        }
    }
    Err(denied.map(|d| format!("the query to {ns_ip}:53 was {}", d.english())).unwrap_or_default())
}

/// `getaddrinfo` through the pod's resolver: the search list first unless the name has
/// `ndots` dots or more (or ends with a dot), the first answer wins.
pub fn lookup(api: &Api, pod: &Pod, name: &str) -> Lookup {
    if let Some(ip) = parse_ipv4(name) {
        return Lookup::Found { name: format_ipv4(ip), cname: None, ips: vec![format_ipv4(ip)] };
    }
    let conf = resolv_conf(api, pod);
    let via = match server(api, pod, &conf) {
        Ok(s) => s,
        Err(why) => return Lookup::NoServer(why),
    };
    let absolute = name.ends_with('.');
    let bare = name.trim_end_matches('.').to_ascii_lowercase();
    let mut tries: Vec<String> = Vec::new();
    if !absolute {
        let searched: Vec<String> = conf.search.iter().map(|d| format!("{bare}.{d}")).collect();
        if bare.matches('.').count() >= conf.ndots() {
            tries.push(bare.clone());
            tries.extend(searched);
        } else {
            tries.extend(searched);
            tries.push(bare.clone());
        }
    } else {
        tries.push(bare.clone());
    }
    for t in tries {
        let answer = match via {
            Server::Cluster { .. } => query(api, &t),
            // The node's resolver knows nothing of cluster.local.
            Server::Node if t.ends_with(DOMAIN) => Answer::NxDomain,
            Server::Node => query(api, &t),
        };
        match answer {
            Answer::Found { cname, ips } => return Lookup::Found { name: t, cname, ips },
            Answer::Outside { cname, name } => return Lookup::Outside { name: cname.as_ref().map_or(name, |_| t.clone()), cname },
            Answer::NxDomain => {}
        }
    }
    Lookup::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_the_cluster_domain_are_not_answered_here() {
        let w = crate::world::World::new(crate::Preset::Kind, None, 1);
        assert_eq!(query(&w.api, "redis"), Answer::NxDomain);
        assert!(matches!(query(&w.api, "example.com"), Answer::Outside { .. }));
        assert_eq!(query(&w.api, "kubernetes.default.svc.cluster.local"), Answer::Found { cname: None, ips: vec!["10.96.0.1".into()] });
        assert_eq!(query(&w.api, "kube-dns.kube-system.svc.cluster.local."), Answer::Found { cname: None, ips: vec!["10.96.0.10".into()] });
        assert_eq!(query(&w.api, "10-244-1-5.default.pod.cluster.local"), Answer::Found { cname: None, ips: vec!["10.244.1.5".into()] });
        assert_eq!(query(&w.api, "missing.default.svc.cluster.local"), Answer::NxDomain);
    }
}
