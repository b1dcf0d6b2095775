//! The API server's write path: create, update and delete of decoded, defaulted and
//! validated objects; uids, resource versions and generations; and the Service
//! allocators (ClusterIP in 10.96.0.0/12, NodePort in 30000-32767).

use crate::api::pod::{Pod, PodRuntime, PodSpec, PodStatus};
use crate::api::service::{Service, ServicePort, TargetPort};
use crate::api::{Generic, Kind, Labels, ObjectMeta};
use crate::cluster::Cluster;
use crate::net::{format_ipv4, parse_ipv4};
use crate::validation::FieldError;
use crate::value::Value;
use std::rc::Rc;

pub const SERVICE_CIDR_BASE: u32 = 0x0A60_0000; // 10.96.0.0
pub const SERVICE_CIDR_SIZE: u32 = 1 << 20; // /12
pub const NODE_PORT_MIN: u16 = 30000;
pub const NODE_PORT_MAX: u16 = 32767;

/// The most pods kubeplay holds, a bound of the simulator's own (a browser tab has a few
/// GiB): a Deployment of 2147483647 replicas stops there with the ReplicaSet's
/// `FailedCreate` event, as one stopped by a ResourceQuota does, and a Pod created beyond
/// it is refused. Above the 150,000-pod rollouts the benchmarks run.
pub const MAX_PODS: usize = 200_000;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// 422: `The <Kind> "<name>" is invalid: …`
    Invalid { kind: &'static str, name: String, causes: Vec<FieldError> },
    /// 409.
    AlreadyExists { resource: String, name: String },
    /// 404.
    NotFound { resource: String, name: String },
    /// 400 with the server's message.
    BadRequest(String),
    /// 403 with the server's message.
    Forbidden(String),
}

impl ApiError {
    /// kubectl's rendering (`checkErr`), with `source` for the `error when creating "f"`
    /// wrapper that status errors other than Invalid carry.
    pub fn render(&self, verb_source: Option<(&str, &str)>) -> String {
        let wrap = |msg: String| match verb_source {
            Some((verb, source)) => format!("error when {verb} \"{source}\": {msg}"),
            None => msg,
        };
        match self {
            ApiError::Invalid { kind, name, causes } => {
                if causes.len() == 1 {
                    format!("The {kind} \"{name}\" is invalid: {}", causes[0].text)
                } else {
                    let mut s = format!("The {kind} \"{name}\" is invalid: ");
                    for c in causes {
                        s.push_str("\n* ");
                        s.push_str(&c.text);
                    }
                    s
                }
            }
            ApiError::AlreadyExists { resource, name } => {
                format!("Error from server (AlreadyExists): {}", wrap(format!("{resource} \"{name}\" already exists")))
            }
            ApiError::NotFound { resource, name } => {
                format!("Error from server (NotFound): {}", wrap(format!("{resource} \"{name}\" not found")))
            }
            ApiError::BadRequest(msg) => format!("Error from server (BadRequest): {}", wrap(msg.clone())),
            ApiError::Forbidden(msg) => format!("Error from server (Forbidden): {}", wrap(msg.clone())),
        }
    }
}

/// What a successful write did, for kubectl's `created` / `configured` / `unchanged`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    Configured,
    Unchanged,
}

fn meta_from(v: &Value) -> (Labels, Labels) {
    let m = v.get("metadata");
    (Labels::from_value(m.and_then(|m| m.get("labels"))), Labels::from_value(m.and_then(|m| m.get("annotations"))))
}

pub(crate) fn install_kubernetes_service(c: &mut Cluster) {
    let mut meta = c.new_meta("kubernetes", "default");
    meta.labels.insert("component", "apiserver");
    meta.labels.insert("provider", "kubernetes");
    meta.resource_version = c.store.next_rv();
    let raw_spec = Value::Map(vec![
        ("internalTrafficPolicy".into(), Value::str("Cluster")),
        ("ipFamilies".into(), Value::Seq(vec![Value::str("IPv4")])),
        ("ipFamilyPolicy".into(), Value::str("SingleStack")),
        (
            "ports".into(),
            Value::Seq(vec![Value::Map(vec![
                ("name".into(), Value::str("https")),
                ("port".into(), Value::Int(443)),
                ("protocol".into(), Value::str("TCP")),
                ("targetPort".into(), Value::Int(6443)),
            ])]),
        ),
        ("sessionAffinity".into(), Value::str("None")),
        ("type".into(), Value::str("ClusterIP")),
    ]);
    let svc = Service {
        meta,
        ty: "ClusterIP".into(),
        cluster_ip: Some(SERVICE_CIDR_BASE + 1),
        ports: vec![ServicePort {
            name: "https".into(),
            protocol: "TCP".into(),
            port: 443,
            target: TargetPort::Number(6443),
            node_port: None,
        }],
        selector: None,
        session_affinity_client_ip: false,
        external_ips: vec![],
        lb_ingress: None,
        raw_spec,
    };
    c.store.services.insert(("default".into(), "kubernetes".into()), svc);
}

impl Cluster {
    /// Whether an object of this kind and name exists.
    pub fn exists(&self, kind: Kind, ns: &str, name: &str) -> bool {
        match kind {
            Kind::Pod => self.store.pod_id(ns, name).is_some(),
            Kind::Service => self.store.services.contains_key(&(ns.to_string(), name.to_string())),
            Kind::Node => self.store.nodes.contains_key(name),
            Kind::Namespace => self.store.namespaces.contains_key(name),
            _ => self.store.generic.contains_key(&(kind, ns.to_string(), name.to_string())),
        }
    }

    /// The `kubectl.kubernetes.io/last-applied-configuration` of an existing object.
    pub fn last_applied(&self, kind: Kind, ns: &str, name: &str) -> Option<String> {
        let meta = self.meta_of(kind, ns, name)?;
        meta.annotations.get(crate::apply::LAST_APPLIED).map(String::from)
    }

    pub fn meta_of(&self, kind: Kind, ns: &str, name: &str) -> Option<&ObjectMeta> {
        match kind {
            Kind::Pod => self.store.pod_id(ns, name).and_then(|id| self.store.pod(id)).map(|p| &p.meta),
            Kind::Service => self.store.services.get(&(ns.to_string(), name.to_string())).map(|s| &s.meta),
            Kind::Node => self.store.nodes.get(name).map(|n| &n.meta),
            Kind::Namespace => self.store.namespaces.get(name).map(|n| &n.meta),
            _ => self.store.generic.get(&(kind, ns.to_string(), name.to_string())).map(|g| &g.meta),
        }
    }

    /// Creates an object from its decoded, defaulted and validated value.
    pub fn create(&mut self, kind: Kind, ns: &str, obj: Value) -> Result<String, ApiError> {
        let mut name = obj.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
        if name.is_empty() {
            let prefix = obj.get("metadata").and_then(|m| m.get("generateName")).and_then(Value::as_str).unwrap_or("");
            let mut base: String = prefix.chars().take(58).collect();
            base.push_str(&self.rng.k8s_string(5));
            name = base;
        }
        if self.exists(kind, ns, &name) {
            return Err(ApiError::AlreadyExists { resource: kind.resource_name(), name });
        }
        if kind == Kind::Pod && self.store.pod_count() >= MAX_PODS {
            return Err(ApiError::Forbidden(pods_forbidden(&name)));
        }
        let mut meta = self.new_meta(&name, if kind.info().namespaced { ns } else { "" });
        let (labels, annotations) = meta_from(&obj);
        meta.labels = labels;
        meta.annotations = annotations;
        meta.generate_name = obj.get("metadata").and_then(|m| m.get("generateName")).and_then(Value::as_str).unwrap_or("").to_string();
        let spec = crate::api::generic::body_of(kind, &obj);
        match kind {
            Kind::Pod => {
                let spec = PodSpec::from_value(spec);
                self.create_pod(meta, Rc::new(spec));
            }
            Kind::Service => {
                let svc = self.build_service(meta, spec, None)?;
                self.store.services.insert((ns.to_string(), name.clone()), svc);
            }
            Kind::Node => {
                let node = crate::presets::node_from_manifest(&name, meta.labels.clone(), &obj, self.store.nodes.len());
                self.add_node(node);
                return Ok(name);
            }
            Kind::Namespace => {
                self.create_namespace(&name);
                if let Some(n) = self.store.namespaces.get_mut(&name) {
                    for (k, v) in meta.labels.0.iter() {
                        n.meta.labels.insert(k, v);
                    }
                    n.meta.annotations = meta.annotations;
                }
                return Ok(name);
            }
            _ => {
                // Endpoints carry no generation; every other kind starts at 1.
                meta.generation = i64::from(kind != Kind::Endpoints);
                meta.resource_version = self.store.next_rv();
                let status = Value::Null;
                self.store.generic.insert((kind, ns.to_string(), name.clone()), Generic { kind, meta, spec, status });
                self.mark_dirty(kind, ns, &name);
            }
        }
        Ok(name)
    }

    /// Queues a workload object for its controller.
    pub(crate) fn mark_dirty(&mut self, kind: Kind, ns: &str, name: &str) {
        match kind {
            Kind::Deployment => {
                self.dirty_deployments.insert((ns.to_string(), name.to_string()));
            }
            Kind::ReplicaSet => {
                self.dirty_replicasets.add(ns, name);
            }
            Kind::HorizontalPodAutoscaler => crate::controllers::horizontal::queue(self, ns, name),
            _ => {}
        }
    }

    /// Creates a pod and hands it to the scheduler (or straight to its node's kubelet when
    /// `spec.nodeName` is set, as the API server's binding-free path does).
    pub fn create_pod(&mut self, meta: ObjectMeta, spec: Rc<PodSpec>) -> crate::store::PodId {
        let node = spec.node_name.clone();
        if meta.controller().is_none() && !meta.labels.is_empty() {
            // A bare pod may be adopted by a ReplicaSet whose selector matches it.
            self.orphans_may_exist = true;
            let replicasets: Vec<String> = self
                .store
                .generic
                .keys()
                .filter(|(k, n, _)| *k == Kind::ReplicaSet && n == &meta.namespace)
                .map(|(_, _, name)| name.clone())
                .collect();
            for rs in replicasets {
                self.dirty_replicasets.add(&meta.namespace, &rs);
            }
        }
        let pod = Pod { meta, spec, node: "".into(), status: PodStatus::default(), runtime: PodRuntime::default() };
        let (id, serial) = self.store.insert_pod(pod);
        let now = self.now;
        if !node.is_empty() && self.store.nodes.contains_key(&node) {
            let (cpu, mem) = self.store.pod(id).expect("inserted").spec.requests();
            let slot = self.store.nodes.slot_of(&node);
            let p = self.store.pod_mut(id).expect("inserted");
            p.node = node.as_str().into();
            p.runtime.node_slot = slot;
            p.status.set_condition("PodScheduled", true, "", "", now);
            self.store.bind_pod(id, &node);
            self.store.nodes.get_mut(&node).expect("checked").account(cpu, mem, 1);
            self.scheduler.pod_bound_elsewhere();
            crate::kubelet::pod_bound(self, id, serial);
        } else if node.is_empty() {
            self.scheduler.enqueue(id, serial);
        }
        id
    }

    /// Replaces an existing object's user-owned fields, as `kubectl apply` patches them.
    pub fn update(&mut self, kind: Kind, ns: &str, name: &str, obj: Value) -> Result<Written, ApiError> {
        let (labels, annotations) = meta_from(&obj);
        let spec = crate::api::generic::body_of(kind, &obj);
        let rv = self.store.next_rv();
        match kind {
            Kind::Pod => {
                let id = self.store.pod_id(ns, name).expect("caller checked existence");
                let old = self.store.pod(id).expect("exists").clone();
                let new_spec = PodSpec::from_value(spec);
                if strip_images(&new_spec.raw) != strip_images(&old.spec.raw) {
                    return Err(ApiError::Invalid {
                        kind: "Pod",
                        name: name.into(),
                        causes: vec![FieldError {
                            path: "spec".into(),
                            text: "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into(),
                        }],
                    });
                }
                let changed = new_spec.raw != old.spec.raw || labels != old.meta.labels || annotations != old.meta.annotations;
                if !changed {
                    return Ok(Written::Unchanged);
                }
                self.store.set_pod_labels(id, labels);
                let p = self.store.pod_mut(id).expect("exists");
                p.meta.annotations = annotations;
                p.meta.resource_version = rv;
                if new_spec.raw != old.spec.raw {
                    p.spec = Rc::new(new_spec);
                }
                Ok(Written::Configured)
            }
            Kind::Service => {
                let key = (ns.to_string(), name.to_string());
                let old = self.store.services.get(&key).expect("caller checked existence").clone();
                let mut meta = old.meta.clone();
                let unchanged = spec == old.raw_spec && labels == meta.labels && annotations == meta.annotations;
                if unchanged {
                    return Ok(Written::Unchanged);
                }
                meta.labels = labels;
                meta.annotations = annotations;
                meta.resource_version = rv;
                let svc = self.build_service(meta, spec, Some(&old))?;
                self.store.services.insert(key, svc);
                Ok(Written::Configured)
            }
            Kind::Node => {
                let n = self.store.nodes.get_mut(name).expect("caller checked existence");
                if labels == n.meta.labels && annotations == n.meta.annotations {
                    return Ok(Written::Unchanged);
                }
                n.meta.labels = labels;
                n.meta.annotations = annotations;
                n.meta.resource_version = rv;
                self.scheduler.nodes_changed();
                Ok(Written::Configured)
            }
            Kind::Namespace => {
                let n = self.store.namespaces.get_mut(name).expect("caller checked existence");
                let mut merged = labels;
                merged.insert("kubernetes.io/metadata.name", name);
                if merged == n.meta.labels && annotations == n.meta.annotations {
                    return Ok(Written::Unchanged);
                }
                n.meta.labels = merged;
                n.meta.annotations = annotations;
                n.meta.resource_version = rv;
                Ok(Written::Configured)
            }
            _ => {
                let g = self.store.generic.get_mut(&(kind, ns.to_string(), name.to_string())).expect("caller checked existence");
                if kind == Kind::Deployment || kind == Kind::ReplicaSet {
                    let old_sel = g.spec.get("selector").cloned();
                    if spec.get("selector").cloned() != old_sel {
                        return Err(ApiError::Invalid {
                            kind: kind.info().name,
                            name: name.into(),
                            causes: vec![FieldError {
                                path: "spec.selector".into(),
                                text: format!("spec.selector: Invalid value: {}: field is immutable", selector_repr(spec.get("selector"))),
                            }],
                        });
                    }
                }
                let spec_changed = spec != g.spec;
                if !spec_changed && labels == g.meta.labels && annotations == g.meta.annotations {
                    return Ok(Written::Unchanged);
                }
                if spec_changed && g.meta.generation > 0 {
                    g.meta.generation += 1;
                }
                g.spec = spec;
                g.meta.labels = labels;
                // Annotations the controllers own stay.
                let kept: Vec<(String, String)> =
                    g.meta.annotations.0.iter().filter(|(k, _)| k.starts_with("deployment.kubernetes.io/")).cloned().collect();
                g.meta.annotations = annotations;
                for (k, v) in kept {
                    g.meta.annotations.insert(&k, &v);
                }
                g.meta.resource_version = rv;
                self.mark_dirty(kind, ns, name);
                Ok(Written::Configured)
            }
        }
    }

    fn build_service(&mut self, meta: ObjectMeta, mut spec: Value, old: Option<&Service>) -> Result<Service, ApiError> {
        let ty = spec.get("type").and_then(Value::as_str).unwrap_or("ClusterIP").to_string();
        let name = meta.name.clone();
        let invalid =
            |path: String, text: String| ApiError::Invalid { kind: "Service", name: name.clone(), causes: vec![FieldError { path, text }] };
        let cluster_ip = match spec.get("clusterIP").and_then(Value::as_str) {
            Some("None") => None,
            _ if ty == "ExternalName" => None,
            Some(ip) if !ip.is_empty() => {
                let v = parse_ipv4(ip).expect("validated");
                let mine = old.and_then(|o| o.cluster_ip) == Some(v);
                if !(SERVICE_CIDR_BASE..SERVICE_CIDR_BASE + SERVICE_CIDR_SIZE).contains(&v) {
                    return Err(invalid("spec.clusterIPs".into(), format!("spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: the provided IP ({ip}) is not in the valid range. The range of valid IPs is 10.96.0.0/12")));
                }
                if !mine && self.cluster_ip_used(v) {
                    return Err(invalid("spec.clusterIPs".into(), format!("spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated")));
                }
                Some(v)
            }
            _ => match old.and_then(|o| o.cluster_ip) {
                Some(ip) => Some(ip),
                None => Some(self.allocate_cluster_ip()),
            },
        };
        let mut ports = Vec::new();
        let wants_node_ports = ty == "NodePort"
            || (ty == "LoadBalancer" && spec.get("allocateLoadBalancerNodePorts").and_then(Value::as_bool).unwrap_or(true));
        let raw_ports: Vec<Value> = spec.get("ports").map(Value::as_seq).unwrap_or(&[]).to_vec();
        let mut taken_here: Vec<u16> = Vec::new();
        for (i, p) in raw_ports.iter().enumerate() {
            let port = p.get("port").and_then(Value::as_i64).unwrap_or(0) as i32;
            let target = match p.get("targetPort") {
                Some(Value::Str(s)) => TargetPort::Name(s.clone()),
                Some(Value::Int(n)) => TargetPort::Number(*n as i32),
                _ => TargetPort::Number(port),
            };
            let requested = p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0);
            let previous = old.and_then(|o| o.ports.iter().find(|op| op.port == port).and_then(|op| op.node_port));
            let node_port = if wants_node_ports {
                match requested {
                    Some(np) => {
                        if !(i64::from(NODE_PORT_MIN)..=i64::from(NODE_PORT_MAX)).contains(&np) {
                            return Err(invalid(format!("spec.ports[{i}].nodePort"), format!("spec.ports[{i}].nodePort: Invalid value: {np}: provided port is not in the valid range. The range of valid ports is 30000-32767")));
                        }
                        let np = np as u16;
                        let own = old.is_some_and(|o| o.ports.iter().any(|op| op.node_port == Some(np)));
                        if (!own && self.node_port_used(np)) || taken_here.contains(&np) {
                            return Err(invalid(
                                format!("spec.ports[{i}].nodePort"),
                                format!("spec.ports[{i}].nodePort: Invalid value: {np}: provided port is already allocated"),
                            ));
                        }
                        Some(np)
                    }
                    None => match previous {
                        Some(np) => Some(np),
                        None => Some(self.allocate_node_port(&taken_here)),
                    },
                }
            } else {
                None
            };
            if let Some(np) = node_port {
                taken_here.push(np);
            }
            ports.push(ServicePort {
                name: p.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                protocol: p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string(),
                port,
                target,
                node_port,
            });
        }
        let selector =
            spec.get("selector").and_then(Value::as_map).filter(|m| !m.is_empty()).map(|_| Labels::from_value(spec.get("selector")));
        let external_ips =
            spec.get("externalIPs").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|v| v.as_str().map(String::from)).collect();
        let lb_ingress = if ty == "LoadBalancer" {
            match old.and_then(|o| o.lb_ingress.clone()) {
                Some(ip) => Some(ip),
                None => {
                    self.lb_count += 1;
                    self.preset.load_balancer_ingress(self.lb_count - 1)
                }
            }
        } else {
            None
        };
        if cluster_ip.is_none() && ty != "ExternalName" {
            spec.set("clusterIP", Value::str("None"));
            spec.set("clusterIPs", Value::Seq(vec![Value::str("None")]));
        }
        Ok(Service {
            session_affinity_client_ip: spec.get("sessionAffinity").and_then(Value::as_str) == Some("ClientIP"),
            meta: ObjectMeta { resource_version: self.store.next_rv(), ..meta },
            ty,
            cluster_ip,
            ports,
            selector,
            external_ips,
            lb_ingress,
            raw_spec: spec,
        })
    }

    fn cluster_ip_used(&self, ip: u32) -> bool {
        self.store.services.values().any(|s| s.cluster_ip == Some(ip))
    }

    fn node_port_used(&self, port: u16) -> bool {
        self.store.services.values().any(|s| s.ports.iter().any(|p| p.node_port == Some(port)))
    }

    /// A random free address, avoiding the first 256 (kept for static picks).
    fn allocate_cluster_ip(&mut self) -> u32 {
        let offset = 256u32;
        for _ in 0..1000 {
            let ip = SERVICE_CIDR_BASE + offset + self.rng.below(SERVICE_CIDR_SIZE - offset - 1);
            if !self.cluster_ip_used(ip) {
                return ip;
            }
        }
        (SERVICE_CIDR_BASE + 2..SERVICE_CIDR_BASE + SERVICE_CIDR_SIZE - 1)
            .find(|ip| !self.cluster_ip_used(*ip))
            .unwrap_or(SERVICE_CIDR_BASE + 2)
    }

    /// A random free port from the upper band first (30086-32767), then any.
    fn allocate_node_port(&mut self, also_taken: &[u16]) -> u16 {
        let low = NODE_PORT_MIN + 86;
        for _ in 0..1000 {
            let p = low + self.rng.below(u32::from(NODE_PORT_MAX - low + 1)) as u16;
            if !self.node_port_used(p) && !also_taken.contains(&p) {
                return p;
            }
        }
        (NODE_PORT_MIN..=NODE_PORT_MAX).find(|p| !self.node_port_used(*p) && !also_taken.contains(p)).unwrap_or(NODE_PORT_MAX)
    }
}

/// A pod spec with the container images blanked, to tell an image update (allowed) from
/// any other change (forbidden).
fn strip_images(spec: &Value) -> Value {
    let mut s = spec.clone();
    for list in ["containers", "initContainers"] {
        if let Some(Value::Seq(cs)) = s.get_mut(list) {
            for c in cs {
                c.remove("image");
                c.remove("imagePullPolicy");
            }
        }
    }
    s.remove("activeDeadlineSeconds");
    s.remove("terminationGracePeriodSeconds");
    s
}

fn selector_repr(v: Option<&Value>) -> String {
    let labels = v.and_then(|s| s.get("matchLabels")).cloned().unwrap_or(Value::Map(vec![]));
    format!("v1.LabelSelector{{MatchLabels:{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}", crate::validation::go_repr(&labels))
}

/// Why a pod beyond `MAX_PODS` is refused, worded as a quota's refusal (`name` is the
/// generateName prefix for a controller's pods).
pub fn pods_forbidden(name: &str) -> String {
    format!("pods \"{name}\" is forbidden: kubeplay holds at most {MAX_PODS} pods")
}

pub fn cluster_ip_text(ip: u32) -> String {
    format_ipv4(ip)
}

impl Cluster {
    /// Deletes an object. Pods go through graceful termination (`grace` seconds, the
    /// pod's own period when `None`); returns whether the object is already gone.
    pub fn delete(&mut self, kind: Kind, ns: &str, name: &str, grace: Option<i64>) -> Result<bool, ApiError> {
        self.delete_with(kind, ns, name, grace, crate::controllers::garbage_collector::Cascade::Background)
    }

    /// `delete` with kubectl's `--cascade` choice for the object's dependents.
    pub fn delete_with(
        &mut self,
        kind: Kind,
        ns: &str,
        name: &str,
        grace: Option<i64>,
        cascade: crate::controllers::garbage_collector::Cascade,
    ) -> Result<bool, ApiError> {
        let not_found = || ApiError::NotFound { resource: kind.resource_name(), name: name.to_string() };
        match kind {
            Kind::Pod => {
                let id = self.store.pod_id(ns, name).ok_or_else(not_found)?;
                let grace = grace.unwrap_or_else(|| self.store.pod(id).expect("found").spec.grace_secs);
                Ok(crate::kubelet::terminate(self, id, grace))
            }
            Kind::Service => {
                self.store.services.remove(&(ns.to_string(), name.to_string())).ok_or_else(not_found)?;
                Ok(true)
            }
            Kind::Endpoints | Kind::EndpointSlice => {
                let written = self.store.generic.remove(&(kind, ns.to_string(), name.to_string())).is_some();
                // The endpoints controller's own object is deleted and at once written
                // again: the Service's endpoints stay.
                if written || self.endpoints_of_service(kind, ns, name).is_some() {
                    Ok(true)
                } else {
                    Err(not_found())
                }
            }
            Kind::Node => {
                self.store.nodes.remove(name).ok_or_else(not_found)?;
                // The pod garbage collector deletes pods bound to a node that no longer exists.
                let orphans: Vec<_> = self.store.pods_by_node.remove(name).map(|s| s.into_iter().collect()).unwrap_or_default();
                for id in orphans {
                    crate::kubelet::remove(self, id);
                }
                self.scheduler.nodes_changed();
                Ok(true)
            }
            Kind::Namespace => {
                if ["default", "kube-system", "kube-node-lease"].contains(&name) {
                    return Err(forbidden_namespace(name));
                }
                if !self.store.namespaces.contains_key(name) {
                    return Err(not_found());
                }
                for id in self.store.pods_in(Some(name)) {
                    crate::kubelet::remove(self, id);
                }
                self.store.services.retain(|(n, _), _| n != name);
                self.store.generic.retain(|(_, n, _), _| n != name);
                self.store.namespaces.remove(name);
                Ok(true)
            }
            Kind::Event => Err(not_found()),
            _ => {
                let g = self.store.generic.remove(&(kind, ns.to_string(), name.to_string())).ok_or_else(not_found)?;
                self.rs_cache.remove(&g.meta.uid);
                self.deploy_progress.remove(&g.meta.uid);
                crate::controllers::garbage_collector::dependents_of(self, ns, &g.meta.uid, cascade);
                if let Some(owner) = g.meta.controller() {
                    if owner.kind == "Deployment" {
                        self.dirty_deployments.insert((ns.to_string(), owner.name.to_string()));
                    }
                }
                Ok(true)
            }
        }
    }

    /// Replaces an object's labels (`kubectl label`), keeping indexes and caches true.
    pub fn set_labels(&mut self, kind: Kind, ns: &str, name: &str, labels: Labels) {
        let rv = self.store.next_rv();
        match kind {
            Kind::Pod => {
                if let Some(id) = self.store.pod_id(ns, name) {
                    self.store.set_pod_labels(id, labels);
                    if let Some(p) = self.store.pod_mut(id) {
                        p.meta.resource_version = rv;
                    }
                }
            }
            Kind::Node => {
                if let Some(n) = self.store.nodes.get_mut(name) {
                    n.meta.labels = labels;
                    n.meta.resource_version = rv;
                }
                self.scheduler.nodes_changed();
            }
            Kind::Service => {
                if let Some(s) = self.store.services.get_mut(&(ns.to_string(), name.to_string())) {
                    s.meta.labels = labels;
                    s.meta.resource_version = rv;
                }
            }
            Kind::Namespace => {
                if let Some(n) = self.store.namespaces.get_mut(name) {
                    n.meta.labels = labels;
                    n.meta.resource_version = rv;
                }
            }
            _ => {
                if let Some(g) = self.store.generic.get_mut(&(kind, ns.to_string(), name.to_string())) {
                    g.meta.labels = labels;
                    g.meta.resource_version = rv;
                }
            }
        }
    }

    /// `kubectl scale`: sets `spec.replicas` of a Deployment or ReplicaSet.
    pub fn scale(&mut self, kind: Kind, ns: &str, name: &str, replicas: i64) -> Result<(), String> {
        if !matches!(kind, Kind::Deployment | Kind::ReplicaSet) {
            return Err("Error from server (NotFound): the server could not find the requested resource".into());
        }
        // The scale subresource's replicas are an int32, as the object's are.
        if i32::try_from(replicas).is_err() {
            return Err(format!(
                "Error from server (BadRequest): json: cannot unmarshal number {replicas} into Go struct field ScaleSpec.spec.replicas of type int32"
            ));
        }
        let rv = self.store.next_rv();
        let g = self
            .store
            .generic
            .get_mut(&(kind, ns.to_string(), name.to_string()))
            .ok_or_else(|| format!("Error from server (NotFound): {} \"{name}\" not found", kind.resource_name()))?;
        if g.spec_i64("replicas") != Some(replicas) {
            g.spec.set("replicas", Value::Int(replicas));
            g.meta.generation += 1;
            g.meta.resource_version = rv;
        }
        self.mark_dirty(kind, ns, name);
        Ok(())
    }
}

fn forbidden_namespace(name: &str) -> ApiError {
    ApiError::Forbidden(format!("namespaces \"{name}\" is forbidden: this namespace may not be deleted"))
}
