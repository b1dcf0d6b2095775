//! kube-proxy: a request to a Service (through its ClusterIP, a NodePort on any node, or
//! its load balancer) reaches one ready endpoint, chosen as the proxy mode in force
//! chooses: iptables picks at random (rule i matches with probability 1/(n-i)), IPVS
//! goes round robin, ClientIP affinity sticks to one endpoint. No endpoints, or a pod
//! that does not listen on the port, is a refused connection.

use crate::api::Api;
use crate::model::pod_runtime::Stage;
use crate::model::service::TargetPort;
use crate::time::Millis;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Iptables,
    Ipvs,
}

impl Mode {
    /// As `--proxy-mode` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Iptables => "iptables",
            Mode::Ipvs => "ipvs",
        }
    }
}

/// Where a request enters the cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// From inside the cluster, to `clusterIP:port`.
    ClusterIp,
    /// From outside, to `nodeIP:nodePort` of this node.
    NodePort(String),
    /// From outside, to the load balancer's address.
    LoadBalancer,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Ok,
    /// Connection refused, with why.
    Refused(String),
    /// The packets were dropped (a NetworkPolicy): the client waits until it gives up.
    Dropped(String),
}

/// One request, with its path for the page to animate.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub at: Millis,
    pub client: String,
    /// The node the request entered through (NodePort/LoadBalancer).
    pub via_node: Option<String>,
    pub service: String,
    pub pod: Option<String>,
    /// The answering pod's namespace and the port it was reached on (a Service's
    /// target port).
    pub pod_at: Option<(String, u16)>,
    pub pod_node: Option<String>,
    pub latency_ms: f64,
    pub outcome: Outcome,
    /// The pod the request came from (`namespace/name`), when a pod sent it.
    pub from_pod: Option<String>,
    /// The image of the container that answered (or would have).
    pub server_image: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodTraffic {
    pub requests: u64,
    pub errors: u64,
    pub latency_ms: f64,
    /// CPU the requests cost the pod, in millicore-seconds.
    pub cpu: f64,
}

#[derive(Clone, Debug, Default)]
pub struct Proxy {
    pub mode: Mode,
    /// IPVS round-robin position per service.
    rr: BTreeMap<String, usize>,
    /// ClientIP affinity: (service, client) → (endpoint IP, last used).
    sticky: BTreeMap<(String, String), (String, Millis)>,
    /// Per pod (namespace/name) counters.
    pub stats: BTreeMap<String, PodTraffic>,
    /// Requests answered between pods: (client, server) as `namespace/name`, counted.
    pub flows: BTreeMap<(String, String), u64>,
    /// Requests a Service sent each pod, by the way they were spread (`iptables`, `ipvs`,
    /// `ClientIP`): (`namespace/service`, way, pod name), counted. The page compares them.
    pub by_service: BTreeMap<(String, &'static str, String), u64>,
    /// `kubectl port-forward`'s tunnels by local port. They bypass kube-proxy (the API
    /// server streams to the kubelet) but are kept here, with the rest of the traffic.
    pub forwards: BTreeMap<u16, Forward>,
}

/// What a batch of requests resolved once: the Service, and the ready endpoints of the
/// port they asked for.
#[derive(Default)]
struct Resolved {
    service: Option<crate::model::service::Service>,
    ready: Option<(usize, Vec<crate::store::endpoints::Address>)>,
}

/// A local port `kubectl port-forward` forwards to one pod's port.
#[derive(Clone, Debug, PartialEq)]
pub struct Forward {
    pub namespace: String,
    pub pod: String,
    /// The pod it was opened to: one made again under the same name is another pod.
    pub uid: String,
    pub remote: u16,
}

/// Where a connection comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// A client outside the pod network, by its address.
    Outside(&'a str),
    /// A pod, by id.
    Pod(crate::store::PodId),
}

impl Proxy {
    /// Sends `n` requests from `client` to a Service's port (the first if `port` is
    /// `None`) and returns each one's fate.
    pub fn send_requests(
        &mut self,
        api: &mut Api,
        (ns, service, port): (&str, &str, Option<i32>),
        entry: &Entry,
        client: &str,
        n: usize,
    ) -> Vec<Request> {
        // Requests sent at one instant find the same Service and endpoints: both are
        // resolved once for the batch, not once a request (a thousand pods' endpoints,
        // sorted, for every one of 200 requests a second).
        let mut resolved = Resolved::default();
        (0..n).map(|_| self.request_in(api, ns, service, port, entry, Source::Outside(client), &mut resolved)).collect()
    }

    /// Sends one request to a Service; `port` picks the service port (the first if `None`).
    pub fn request(&mut self, api: &mut Api, ns: &str, service: &str, port: Option<i32>, entry: &Entry, source: Source) -> Request {
        self.request_in(api, ns, service, port, entry, source, &mut Resolved::default())
    }

    #[allow(clippy::too_many_arguments)]
    fn request_in(
        &mut self,
        api: &mut Api,
        ns: &str,
        service: &str,
        port: Option<i32>,
        entry: &Entry,
        source: Source,
        resolved: &mut Resolved,
    ) -> Request {
        let now = api.now;
        let key = format!("{ns}/{service}");
        let from_pod = match source {
            Source::Pod(id) => api.store.pod(id).map(|p| format!("{}/{}", p.meta.namespace, p.meta.name)),
            Source::Outside(_) => None,
        };
        let client = match source {
            Source::Outside(ip) => ip.to_string(),
            Source::Pod(id) => api.store.pod(id).map(|p| p.meta.name.clone()).unwrap_or_default(),
        };
        let mut req = Request {
            at: now,
            client: client.clone(),
            via_node: None,
            service: key.clone(),
            pod: None,
            pod_at: None,
            pod_node: None,
            latency_ms: 0.0,
            outcome: Outcome::Ok,
            from_pod,
            server_image: String::new(),
        };
        let refuse = |mut r: Request, why: String| {
            r.outcome = Outcome::Refused(why);
            r
        };
        let svc = match &mut resolved.service {
            Some(svc) => &*svc,
            slot => match api.store.services.get(&(ns.to_string(), service.to_string())) {
                Some(svc) => &*slot.insert(svc.clone()),
                None => return refuse(req, format!("services \"{service}\" not found")),
            },
        };
        let Some((index, sp)) = svc
            .ports
            .iter()
            .enumerate()
            .find(|(_, p)| port.is_none_or(|want| p.port == want || i32::from(p.node_port.unwrap_or(0)) == want))
        else {
            return refuse(req, "connection refused (the Service has no such port)".into());
        };
        match entry {
            Entry::ClusterIp if svc.cluster_ip.is_none() => {
                return refuse(req, "the Service is headless: there is no ClusterIP to connect to".into())
            }
            Entry::NodePort(node) => {
                if sp.node_port.is_none() {
                    return refuse(req, format!("connection refused: {} Services open no port on the nodes", svc.ty));
                }
                match api.store.nodes.get(node) {
                    None => return refuse(req, format!("nodes \"{node}\" not found")),
                    Some(n) if !n.kubelet_up => return refuse(req, format!("connection timed out: node {node} is down")),
                    Some(_) => req.via_node = Some(node.clone()),
                }
            }
            Entry::LoadBalancer => match (&svc.lb_ingress, svc.ty.as_str()) {
                (Some(_), "LoadBalancer") => {
                    req.via_node = api.store.nodes.values().find(|n| n.kubelet_up).map(|n| n.meta.name.clone());
                }
                (None, "LoadBalancer") => return refuse(req, "no route: the load balancer has no external address yet (<pending>)".into()),
                _ => return refuse(req, format!("a {} Service has no load balancer", svc.ty)),
            },
            _ => {}
        }
        let ready: &[crate::store::endpoints::Address] = match &mut resolved.ready {
            Some((i, ready)) if *i == index => ready,
            slot => &slot.insert((index, crate::store::endpoints::ready_addresses(&api.store, svc, index))).1,
        };
        if ready.is_empty() {
            return refuse(req, format!("connection refused: {key}:{} has no endpoints", sp.port));
        }
        let n = ready.len();
        let chosen = if svc.session_affinity_client_ip {
            let stick_key = (key.clone(), client.to_string());
            let timeout = svc
                .raw_spec
                .get("sessionAffinityConfig")
                .and_then(|c| c.get("clientIP"))
                .and_then(|c| c.get("timeoutSeconds"))
                .and_then(crate::value::Value::as_i64)
                .unwrap_or(10_800) as Millis
                * 1000;
            match self
                .sticky
                .get(&stick_key)
                .and_then(|(ip, last)| (now.saturating_sub(*last) <= timeout).then(|| ready.iter().position(|a| &a.ip == ip)).flatten())
            {
                Some(i) => i,
                None => self.pick(&mut api.rng, &key, n),
            }
        } else {
            self.pick(&mut api.rng, &key, n)
        };
        let target = &ready[chosen];
        if svc.session_affinity_client_ip {
            self.sticky.insert((key.clone(), client.to_string()), (target.ip.clone(), now));
        }
        let pod_key = format!("{ns}/{}", target.pod);
        req.pod = Some(target.pod.clone());
        req.pod_node = Some(target.node.clone());
        // The pod must be listening on the port the Service forwards to.
        let pod = api.store.pod_id(ns, &target.pod).and_then(|id| api.store.pod(id));
        if let Some(p) = pod {
            req.server_image = p.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default();
            let port = crate::store::endpoints::find_port(p, &sp.target).unwrap_or(0);
            req.pod_at = Some((ns.to_string(), u16::try_from(port).unwrap_or(0)));
            // The address the server's policies see: a pod's own, or from outside
            // through a node the node's (kube-proxy masquerades unless the Service keeps
            // the client's address with `externalTrafficPolicy: Local`).
            let local = svc.raw_spec.get("externalTrafficPolicy").and_then(crate::value::Value::as_str) == Some("Local");
            let client_ip = match (source, &req.via_node) {
                (Source::Pod(id), _) => api.store.pod(id).map(|c| c.status.pod_ip.to_string()).unwrap_or_default(),
                (Source::Outside(ip), Some(node)) if !local => {
                    api.store.nodes.get(node).map(|n| crate::net::format_ipv4(n.internal_ip)).unwrap_or_else(|| ip.to_string())
                }
                (Source::Outside(ip), _) => ip.to_string(),
            };
            let client_pod = match source {
                Source::Pod(id) => api.store.pod(id),
                Source::Outside(_) => None,
            };
            let client_end = crate::netpol::End { ip: crate::net::parse_ipv4(&client_ip).unwrap_or(0), pod: client_pod };
            let server_end = crate::netpol::End { ip: crate::net::parse_ipv4(&p.status.pod_ip).unwrap_or(0), pod: Some(p) };
            if let Err(denial) = crate::netpol::check(api, &client_end, &server_end, port, &sp.protocol) {
                req.outcome = Outcome::Dropped(denial.english());
                return req;
            }
        }
        let listening = pod.and_then(|p| {
            let port = crate::store::endpoints::find_port(p, &sp.target)?;
            p.runtime
                .apps
                .iter()
                .filter(|r| matches!(r.stage, Stage::Running { .. }))
                .filter_map(|r| r.process.as_ref())
                .find(|proc_| proc_.ports.iter().any(|x| i32::from(*x) == port))
                .map(|proc_| proc_.cpu_per_request)
        });
        let spread = if svc.session_affinity_client_ip { "ClientIP" } else { self.mode.as_str() };
        *self.by_service.entry((key.clone(), spread, target.pod.clone())).or_default() += 1;
        let stats = self.stats.entry(pod_key.clone()).or_default();
        stats.requests += 1;
        match listening {
            Some(cpu) => {
                // A hop through the proxy, then the work itself on one core.
                let latency = 1.0 + cpu;
                stats.latency_ms += latency;
                stats.cpu += cpu;
                req.latency_ms = latency;
                if let Some(from) = &req.from_pod {
                    *self.flows.entry((from.clone(), pod_key)).or_default() += 1;
                }
            }
            None => {
                stats.errors += 1;
                let port = match &sp.target {
                    TargetPort::Number(p) => p.to_string(),
                    TargetPort::Name(n) => n.clone(),
                };
                return refuse(req, format!("connection refused: pod {} does not listen on port {port}", target.pod));
            }
        }
        req
    }

    /// A connection from pod `from` to `ip:port`, as the pod's network carries it: a
    /// Service's ClusterIP goes through kube-proxy; a pod's address straight to the pod
    /// (a headless Service's answer); a node's address to its NodePort; anything else
    /// has no route.
    pub fn connect(&mut self, api: &mut Api, from: crate::store::PodId, ip: &str, port: u16) -> Request {
        let want = crate::net::parse_ipv4(ip).unwrap_or(0);
        let port = i32::from(port);
        let service =
            api.store.services.values().find(|s| s.cluster_ip == Some(want)).map(|s| (s.meta.namespace.clone(), s.meta.name.clone()));
        if let Some((ns, name)) = service {
            let has_port = api.store.services.get(&(ns.clone(), name.clone())).is_some_and(|s| s.ports.iter().any(|p| p.port == port));
            if !has_port {
                let mut r = self.request(api, &ns, &name, Some(-1), &Entry::ClusterIp, Source::Pod(from));
                r.outcome = Outcome::Dropped(format!(
                    "service {ns}/{name} has no port {port}: kube-proxy has no rule for it and nothing answers at {ip}:{port}"
                ));
                return r;
            }
            return self.request(api, &ns, &name, Some(port), &Entry::ClusterIp, Source::Pod(from));
        }
        let node = api.store.nodes.values().find(|n| n.internal_ip == want).map(|n| n.meta.name.clone());
        if let Some(node) = node {
            let svc = api
                .store
                .services
                .values()
                .find(|s| s.ports.iter().any(|p| p.node_port.map(i32::from) == Some(port)))
                .map(|s| (s.meta.namespace.clone(), s.meta.name.clone()));
            if let Some((ns, name)) = svc {
                return self.request(api, &ns, &name, Some(port), &Entry::NodePort(node), Source::Pod(from));
            }
        }
        let client = api
            .store
            .pod(from)
            .map(|p| (p.meta.name.clone(), format!("{}/{}", p.meta.namespace, p.meta.name), p.status.pod_ip.to_string()));
        let (client_name, client_key, client_ip) = client.unwrap_or_default();
        let mut req = Request {
            at: api.now,
            client: client_name,
            via_node: None,
            service: String::new(),
            pod: None,
            pod_at: None,
            pod_node: None,
            latency_ms: 0.0,
            outcome: Outcome::Ok,
            from_pod: Some(client_key.clone()),
            server_image: String::new(),
        };
        // The loopback is the pod's own network namespace: its containers, no policy.
        let loopback = want >> 24 == 127;
        let target = if loopback {
            Some(from)
        } else {
            api.store.pods().find(|(_, p)| p.status.pod_ip == ip && !p.is_terminating() && !p.node.is_empty()).map(|(id, _)| id)
        };
        let Some(target) = target else {
            req.outcome = Outcome::Dropped(format!("nothing in the cluster has the address {ip}"));
            return req;
        };
        let p = api.store.pod(target).expect("found");
        req.pod = Some(p.meta.name.clone());
        req.pod_at = Some((p.meta.namespace.clone(), u16::try_from(port).unwrap_or(0)));
        req.pod_node = Some(p.node.to_string());
        req.server_image = p.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default();
        let client_end = crate::netpol::End { ip: crate::net::parse_ipv4(&client_ip).unwrap_or(0), pod: api.store.pod(from) };
        let server_end = crate::netpol::End { ip: want, pod: Some(p) };
        let checked = if loopback { Ok(()) } else { crate::netpol::check(api, &client_end, &server_end, port, "TCP") };
        if let Err(denial) = checked {
            req.outcome = Outcome::Dropped(denial.english());
            return req;
        }
        let node_up = api.store.nodes.get(&p.node).is_some_and(|n| n.kubelet_up);
        let listening = p
            .runtime
            .apps
            .iter()
            .filter(|r| matches!(r.stage, Stage::Running { .. }))
            .filter_map(|r| r.process.as_ref())
            .find(|proc_| proc_.ports.iter().any(|x| i32::from(*x) == port))
            .map(|proc_| proc_.cpu_per_request);
        let pod_key = format!("{}/{}", p.meta.namespace, p.meta.name);
        let name = p.meta.name.clone();
        if !node_up {
            req.outcome = Outcome::Dropped(format!("pod {name}'s node is down"));
            return req;
        }
        let stats = self.stats.entry(pod_key.clone()).or_default();
        stats.requests += 1;
        match listening {
            Some(cpu) => {
                stats.latency_ms += 1.0 + cpu;
                stats.cpu += cpu;
                req.latency_ms = 1.0 + cpu;
                *self.flows.entry((client_key, pod_key)).or_default() += 1;
            }
            None => {
                stats.errors += 1;
                req.outcome = Outcome::Refused(format!("connection refused: pod {name} does not listen on port {port}"));
            }
        }
        req
    }

    /// Which of `n` endpoints gets the next connection, in the proxy's mode.
    fn pick(&mut self, rng: &mut crate::rng::Rng, service: &str, n: usize) -> usize {
        match self.mode {
            Mode::Ipvs => {
                let next = self.rr.entry(service.to_string()).or_insert(0);
                let i = *next % n;
                *next = (i + 1) % n;
                i
            }
            Mode::Iptables => {
                // KUBE-SVC chain: rule i jumps with probability 1/(n-i); the last always does.
                for i in 0..n - 1 {
                    if rng.unit() < 1.0 / (n - i) as f64 {
                        return i;
                    }
                }
                n - 1
            }
        }
    }
}

/// Why a Service would not deliver traffic, as facts for the page to put into words.
pub fn service_problems(api: &Api, ns: &str, name: &str) -> Vec<ServiceProblem> {
    let Some(svc) = api.store.services.get(&(ns.to_string(), name.to_string())) else { return vec![ServiceProblem::Missing] };
    let Some(selector) = &svc.selector else {
        return vec![ServiceProblem::NoSelector];
    };
    let pods = api.store.pods_matching(ns, selector);
    if pods.is_empty() {
        return vec![ServiceProblem::SelectsNothing { selector: selector.to_selector_string() }];
    }
    let mut out = Vec::new();
    for sp in &svc.ports {
        let mut ports_seen = Vec::new();
        let mut listening = false;
        for id in &pods {
            let Some(p) = api.store.pod(*id) else { continue };
            if let Some(port) = crate::store::endpoints::find_port(p, &sp.target) {
                for proc_ in p.runtime.apps.iter().filter_map(|r| r.process.as_ref()) {
                    ports_seen.extend(proc_.ports.iter().copied());
                    if proc_.ports.iter().any(|x| i32::from(*x) == port) {
                        listening = true;
                    }
                }
            } else if let TargetPort::Name(n) = &sp.target {
                out.push(ServiceProblem::NoNamedPort { pod: p.meta.name.clone(), port_name: n.clone() });
            }
        }
        ports_seen.sort();
        ports_seen.dedup();
        let target = match &sp.target {
            TargetPort::Number(p) => p.to_string(),
            TargetPort::Name(n) => n.clone(),
        };
        if !listening && !ports_seen.is_empty() {
            out.push(ServiceProblem::WrongTargetPort { target, port: sp.port, listening: ports_seen });
        }
    }
    let ready = pods.iter().filter(|id| api.store.pod(**id).is_some_and(|p| p.is_ready())).count();
    if ready == 0 {
        out.push(ServiceProblem::NoneReady { matching: pods.len() });
    }
    out
}

/// `service_problems` in English (the CLI's `why svc/NAME`).
pub fn service_diagnosis(api: &Api, ns: &str, name: &str) -> Vec<String> {
    let mut out: Vec<String> = service_problems(api, ns, name).iter().map(|p| p.english(ns, name)).collect();
    out.extend(isolating_policies(api, ns, name));
    out
}

/// The NetworkPolicies that isolate a Service's pods for ingress: only the clients their
/// rules name get through (or, where the network ignores them, a word that they do not act).
fn isolating_policies(api: &Api, ns: &str, name: &str) -> Vec<String> {
    let Some(selector) = api.store.services.get(&(ns.to_string(), name.to_string())).and_then(|s| s.selector.clone()) else {
        return vec![];
    };
    let pods: Vec<&crate::model::Pod> = api.store.pods_matching(ns, &selector).into_iter().filter_map(|id| api.store.pod(id)).collect();
    let mut names: Vec<String> = crate::netpol::policies_in(api, ns)
        .into_iter()
        .filter(|p| p.ingress && pods.iter().any(|pod| p.selects(pod)))
        .map(|p| format!("{ns}/{}", p.name))
        .collect();
    names.dedup();
    if names.is_empty() {
        return vec![];
    }
    let list = names.join(", ");
    if crate::netpol::enforced(api) {
        vec![format!(
            "NetworkPolicy {list} selects this Service's pods and isolates them for ingress: only the clients and ports its rules name get through, the rest time out (kubectl describe networkpolicy)."
        )]
    } else {
        vec![format!("NetworkPolicy {list} selects this Service's pods, but {}", crate::netpol::NOT_ENFORCED)]
    }
}

/// Why a Service does not deliver.
#[derive(Clone, Debug, PartialEq)]
pub enum ServiceProblem {
    Missing,
    NoSelector,
    SelectsNothing { selector: String },
    NoNamedPort { pod: String, port_name: String },
    WrongTargetPort { target: String, port: i32, listening: Vec<u16> },
    NoneReady { matching: usize },
}

impl ServiceProblem {
    pub fn english(&self, ns: &str, name: &str) -> String {
        match self {
            ServiceProblem::Missing => format!("There is no Service {ns}/{name}."),
            ServiceProblem::NoSelector => "This Service has no selector: its endpoints are not managed by Kubernetes.".into(),
            ServiceProblem::SelectsNothing { selector } => {
                format!(
                    "No pod in namespace {ns} has the labels {selector}: the selector matches nothing, so the Service has no endpoints."
                )
            }
            ServiceProblem::NoNamedPort { pod, port_name } => {
                format!("Pod {pod} has no container port named \"{port_name}\": it is left out of the endpoints.")
            }
            ServiceProblem::WrongTargetPort { target, port, listening } => format!(
                "targetPort {target} of port {port}: the selected pods listen on {} instead, so connections are refused.",
                listening.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
            ),
            ServiceProblem::NoneReady { matching } => {
                format!("{matching} pod(s) match, but none is ready: the Service has no ready endpoints yet.")
            }
        }
    }
}
