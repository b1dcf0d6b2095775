//! NetworkPolicy, as the CNI that enforces it decides a connection (kindnet's
//! kube-network-policies on kind, Calico or Cilium elsewhere): a pod selected by a policy
//! of a direction (Ingress, Egress) is isolated in that direction, and a connection gets
//! through only if some rule of some policy selecting it allows the peer and the port.
//! Both ends count: the client's egress and the server's ingress. Replies of an allowed
//! connection always pass; pods on the host network are never selected.

use crate::api::Api;
use crate::model::labels::Selector;
use crate::model::{Kind, Labels, Pod};
use crate::net::parse_ipv4;
use crate::value::Value;

/// One end of a connection: its address and, when it is a pod, the pod.
#[derive(Clone, Copy, Debug)]
pub struct End<'a> {
    pub ip: u32,
    pub pod: Option<&'a Pod>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }
}

/// Why a connection was dropped: the pod that is isolated, in which direction, and the
/// policies that isolate it (none of which allows the connection).
#[derive(Clone, Debug, PartialEq)]
pub struct Denial {
    pub direction: Direction,
    pub namespace: String,
    pub pod: String,
    pub policies: Vec<String>,
}

impl Denial {
    /// kubeplay's explanation, naming the policies.
    pub fn english(&self) -> String {
        let names = self.policies.iter().map(|p| format!("{}/{p}", self.namespace)).collect::<Vec<_>>().join(", ");
        let (word, what) = match self.direction {
            Direction::Ingress => ("ingress", "lets this client in on that port"),
            Direction::Egress => ("egress", "lets it reach that destination and port"),
        };
        format!("dropped by NetworkPolicy {names}: pod {} is isolated for {word} and no rule {what}", self.pod)
    }
}

/// Whether the preset's network plugin enforces NetworkPolicy: kind's kindnet does since
/// kind v0.24; Docker Desktop's network does not (its policies are stored and ignored);
/// the cloud preset stands for a managed cluster with a policy-enforcing plugin.
pub fn enforced(api: &Api) -> bool {
    !matches!(api.preset, crate::Preset::DockerDesktop)
}

/// The sentence that says where policies are not enforced, once.
pub const NOT_ENFORCED: &str = "Docker Desktop's Kubernetes network does not enforce NetworkPolicy: kubeplay stores the policy and every connection still gets through, as it would there (kind since v0.24 and clusters running Calico or Cilium enforce them).";

/// A policy's spec, read from the stored object.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub name: String,
    pub namespace: String,
    pub pod_selector: Selector,
    pub ingress: bool,
    pub egress: bool,
    pub ingress_rules: Vec<Rule>,
    pub egress_rules: Vec<Rule>,
}

#[derive(Clone, Debug, Default)]
pub struct Rule {
    /// `None`: every peer (`from`/`to` left out or empty).
    pub peers: Option<Vec<Peer>>,
    /// Empty: every port.
    pub ports: Vec<PolicyPort>,
}

#[derive(Clone, Debug)]
pub enum Peer {
    /// `podSelector` and/or `namespaceSelector` (`None`: the policy's own namespace).
    Pods {
        pods: Selector,
        namespaces: Option<Selector>,
    },
    IpBlock {
        cidr: (u32, u32),
        except: Vec<(u32, u32)>,
    },
}

#[derive(Clone, Debug)]
pub struct PolicyPort {
    pub protocol: String,
    pub port: Option<PortRef>,
    pub end_port: Option<i32>,
}

#[derive(Clone, Debug)]
pub enum PortRef {
    Number(i32),
    Name(String),
}

/// `10.0.0.0/8` as (network, mask); `None` when it is not an IPv4 CIDR.
pub fn parse_cidr(text: &str) -> Option<(u32, u32)> {
    let (ip, bits) = text.split_once('/')?;
    let bits: u32 = bits.parse().ok().filter(|b| *b <= 32)?;
    let mask = if bits == 0 { 0 } else { u32::MAX << (32 - bits) };
    Some((parse_ipv4(ip)? & mask, mask))
}

fn in_cidr(ip: u32, (net, mask): (u32, u32)) -> bool {
    ip & mask == net
}

impl Policy {
    /// The policy a stored NetworkPolicy's spec says, with `policyTypes` defaulted as
    /// the API server defaults it: Ingress always, Egress when egress rules are given.
    pub fn from_spec(namespace: &str, name: &str, spec: &Value) -> Policy {
        let rules = |key: &str, peers_key: &str| -> Vec<Rule> {
            spec.get(key).map(Value::as_seq).unwrap_or(&[]).iter().map(|r| Rule::from_value(r, peers_key)).collect()
        };
        let ingress_rules = rules("ingress", "from");
        let egress_rules = rules("egress", "to");
        let types: Vec<&str> = spec.get("policyTypes").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
        let (ingress, egress) =
            if types.is_empty() { (true, !egress_rules.is_empty()) } else { (types.contains(&"Ingress"), types.contains(&"Egress")) };
        Policy {
            name: name.to_string(),
            namespace: namespace.to_string(),
            pod_selector: Selector::from_label_selector(spec.get("podSelector")).unwrap_or_default(),
            ingress,
            egress,
            ingress_rules,
            egress_rules,
        }
    }

    /// Whether the policy selects `pod` (same namespace, labels matching).
    pub fn selects(&self, pod: &Pod) -> bool {
        pod.meta.namespace == self.namespace && !host_network(pod) && self.pod_selector.matches(&pod.meta.labels)
    }
}

impl Rule {
    fn from_value(v: &Value, peers_key: &str) -> Rule {
        let peers: Vec<Peer> = v.get(peers_key).map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Peer::from_value).collect();
        let ports = v
            .get("ports")
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .map(|p| PolicyPort {
                protocol: p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string(),
                port: match p.get("port") {
                    Some(Value::Int(n)) => Some(PortRef::Number(*n as i32)),
                    Some(Value::Str(s)) => Some(s.parse().map(PortRef::Number).unwrap_or_else(|_| PortRef::Name(s.clone()))),
                    _ => None,
                },
                end_port: p.get("endPort").and_then(Value::as_i64).map(|n| n as i32),
            })
            .collect();
        let written = v.get(peers_key).is_some_and(|p| !p.as_seq().is_empty());
        Rule { peers: written.then_some(peers), ports }
    }
}

impl Peer {
    fn from_value(v: &Value) -> Option<Peer> {
        if let Some(block) = v.get("ipBlock") {
            let cidr = parse_cidr(block.get("cidr").and_then(Value::as_str)?)?;
            let except =
                block.get("except").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|e| e.as_str().and_then(parse_cidr)).collect();
            return Some(Peer::IpBlock { cidr, except });
        }
        let pods = match v.get("podSelector") {
            Some(s) => Selector::from_label_selector(Some(s))?,
            None => Selector::default(),
        };
        let namespaces = match v.get("namespaceSelector") {
            Some(s) => Some(Selector::from_label_selector(Some(s))?),
            None => None,
        };
        Some(Peer::Pods { pods, namespaces })
    }
}

fn host_network(pod: &Pod) -> bool {
    pod.spec.raw.get("hostNetwork") == Some(&Value::Bool(true))
}

/// Every stored policy of a namespace, in name order.
pub fn policies_in(api: &Api, ns: &str) -> Vec<Policy> {
    api.store
        .objects
        .from(Kind::NetworkPolicy, ns, "")
        .take_while(|((k, n, _), _)| *k == Kind::NetworkPolicy && n == ns)
        .filter_map(|((_, n, name), o)| match o {
            crate::model::Object::Written(g) => Some(Policy::from_spec(n, name, &g.spec)),
            _ => None,
        })
        .collect()
}

/// Whether any NetworkPolicy is stored at all (the common case is none: nothing to check).
pub fn any(api: &Api) -> bool {
    api.store.objects.any_of(Kind::NetworkPolicy)
}

fn namespace_labels(api: &Api, ns: &str) -> Labels {
    let mut labels = api.store.namespaces.get(ns).map(|g| g.meta.labels.clone()).unwrap_or_default();
    // The API server labels every namespace with its name.
    if labels.get("kubernetes.io/metadata.name").is_none() {
        labels.insert("kubernetes.io/metadata.name", ns);
    }
    labels
}

/// Whether `peer` (the other end) is one a rule's peer list names, for a policy of `ns`.
fn peer_matches(api: &Api, peer: &Peer, ns: &str, other: &End) -> bool {
    match peer {
        Peer::IpBlock { cidr, except } => in_cidr(other.ip, *cidr) && !except.iter().any(|e| in_cidr(other.ip, *e)),
        Peer::Pods { pods, namespaces } => {
            let Some(pod) = other.pod.filter(|p| !host_network(p)) else { return false };
            let ns_ok = match namespaces {
                None => pod.meta.namespace == ns,
                Some(sel) => sel.matches(&namespace_labels(api, &pod.meta.namespace)),
            };
            ns_ok && pods.matches(&pod.meta.labels)
        }
    }
}

/// Whether a rule's ports admit `port`/`protocol` on `server` (named ports are the
/// server pod's container ports).
fn port_matches(rule: &Rule, port: i32, protocol: &str, server: &End) -> bool {
    rule.ports.is_empty()
        || rule.ports.iter().any(|p| {
            p.protocol == protocol
                && match &p.port {
                    None => true,
                    Some(PortRef::Number(n)) => match p.end_port {
                        Some(end) => (*n..=end).contains(&port),
                        None => *n == port,
                    },
                    Some(PortRef::Name(name)) => server.pod.is_some_and(|pod| {
                        pod.spec
                            .containers
                            .iter()
                            .flat_map(|c| c.ports.iter())
                            .any(|cp| &cp.name == name && cp.port == port && cp.protocol == protocol)
                    }),
                }
        })
}

/// Whether the policies let a connection from `client` to `server` on `port` through, in
/// the one direction that concerns `me` (the isolated end).
fn direction(api: &Api, dir: Direction, me: &End, other: &End, server: &End, port: i32, protocol: &str) -> Result<(), Denial> {
    let Some(pod) = me.pod.filter(|p| !host_network(p)) else { return Ok(()) };
    let isolating: Vec<Policy> = policies_in(api, &pod.meta.namespace)
        .into_iter()
        .filter(|p| p.selects(pod) && if dir == Direction::Ingress { p.ingress } else { p.egress })
        .collect();
    if isolating.is_empty() {
        return Ok(());
    }
    let allowed = isolating.iter().any(|p| {
        let rules = if dir == Direction::Ingress { &p.ingress_rules } else { &p.egress_rules };
        rules.iter().any(|r| {
            port_matches(r, port, protocol, server)
                && r.peers.as_ref().is_none_or(|peers| peers.iter().any(|peer| peer_matches(api, peer, &p.namespace, other)))
        })
    });
    if allowed {
        return Ok(());
    }
    Err(Denial {
        direction: dir,
        namespace: pod.meta.namespace.clone(),
        pod: pod.meta.name.clone(),
        policies: isolating.into_iter().map(|p| p.name).collect(),
    })
}

/// Whether the policies allow a new connection from `client` to `server` on
/// `port`/`protocol` (after the Service's translation: the server pod's own port): the
/// client's egress, then the server's ingress. Where the plugin does not enforce them,
/// everything passes.
pub fn check(api: &Api, client: &End, server: &End, port: i32, protocol: &str) -> Result<(), Denial> {
    if !enforced(api) || !any(api) {
        return Ok(());
    }
    allows(api, client, server, port, protocol)
}

/// `check` without asking whether the plugin enforces policies: what the policies say.
pub fn allows(api: &Api, client: &End, server: &End, port: i32, protocol: &str) -> Result<(), Denial> {
    direction(api, Direction::Egress, client, server, server, port, protocol)?;
    direction(api, Direction::Ingress, server, client, server, port, protocol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_and_their_exceptions() {
        assert_eq!(parse_cidr("10.244.0.0/16"), Some((0x0af4_0000, 0xffff_0000)));
        assert_eq!(parse_cidr("0.0.0.0/0"), Some((0, 0)));
        assert_eq!(parse_cidr("10.0.0.1/33"), None);
        let ip = parse_ipv4("10.244.1.7").unwrap();
        assert!(in_cidr(ip, parse_cidr("10.244.0.0/16").unwrap()));
        assert!(!in_cidr(ip, parse_cidr("10.244.2.0/24").unwrap()));
    }

    #[test]
    fn policy_types_default_to_ingress_and_to_egress_when_egress_rules_are_given() {
        let spec = |text: &str| crate::model::decode::untyped(&crate::yaml::parse_stream(text).docs[0].root);
        let p = Policy::from_spec("default", "deny", &spec("podSelector: {}\n"));
        assert!(p.ingress && !p.egress && p.ingress_rules.is_empty());
        let p = Policy::from_spec("default", "out", &spec("podSelector: {}\negress:\n- to:\n  - podSelector: {}\n"));
        assert!(p.ingress && p.egress);
        let p = Policy::from_spec("default", "only-egress", &spec("podSelector: {}\npolicyTypes: [Egress]\n"));
        assert!(!p.ingress && p.egress);
        let p = Policy::from_spec("default", "any", &spec("podSelector: {}\ningress:\n- {}\n"));
        assert!(p.ingress_rules[0].peers.is_none() && p.ingress_rules[0].ports.is_empty());
    }
}
