//! The Pod: its spec (shared between the pods of one template), its status as the
//! kubelet reports it, and the way kubectl summarises it (READY, STATUS, RESTARTS).

use super::labels::Labels;
use super::meta::ObjectMeta;
use crate::quantity;
use crate::time::{human_duration, rfc3339, Millis};
use crate::value::Value;
use std::borrow::Cow;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

impl PullPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Never => "Never",
        }
    }

    pub fn parse(s: &str) -> Option<PullPolicy> {
        match s {
            "Always" => Some(PullPolicy::Always),
            "IfNotPresent" => Some(PullPolicy::IfNotPresent),
            "Never" => Some(PullPolicy::Never),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestartPolicy {
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    pub fn parse(s: &str) -> Option<RestartPolicy> {
        match s {
            "Always" => Some(RestartPolicy::Always),
            "OnFailure" => Some(RestartPolicy::OnFailure),
            "Never" => Some(RestartPolicy::Never),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerPort {
    pub name: String,
    pub port: i32,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub pull_policy: PullPolicy,
    pub command: Vec<String>,
    pub args: Vec<String>,
    pub ports: Vec<ContainerPort>,
    pub env: Vec<super::env::EnvVar>,
    pub env_from: Vec<super::env::EnvFrom>,
    pub mounts: Vec<super::volume::VolumeMount>,
    pub cpu_request_m: Option<i64>,
    pub mem_request: Option<i64>,
    pub cpu_limit_m: Option<i64>,
    pub mem_limit: Option<i64>,
    /// An init container with `restartPolicy: Always`: a sidecar.
    pub sidecar: bool,
    /// `stdin: true`: its standard input stays open, so a shell reading it keeps running.
    pub stdin: bool,
    pub readiness: Option<Probe>,
    pub liveness: Option<Probe>,
    /// Until it succeeds, the kubelet runs neither of the other two.
    pub startup: Option<Probe>,
    /// `lifecycle.postStart.exec.command`: run in the container as it starts.
    pub post_start: Option<Vec<String>>,
    /// `terminationMessagePath` when it is not the default `/dev/termination-log`: one
    /// word in every container of a pod with its own spec (see `termination_path()`).
    pub termination_path: Option<Box<str>>,
    /// `terminationMessagePolicy: FallbackToLogsOnError`.
    pub fallback_to_logs: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProbeAction {
    Tcp(super::service::TargetPort),
    Http(super::service::TargetPort, String),
    /// `exec`: the command the kubelet runs in the container.
    Exec(Vec<String>),
    /// `grpc`: its port and service; the health service is assumed to answer SERVING
    /// once the process listens on the port.
    Grpc(i32, Option<String>),
    /// None of the four handlers (the API server refuses such a probe).
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    pub action: ProbeAction,
    pub initial_delay_s: i32,
    pub timeout_s: i32,
    pub period_s: i32,
    pub success_threshold: i32,
    pub failure_threshold: i32,
}

fn probe_from(v: Option<&Value>) -> Option<Probe> {
    let v = v.filter(|v| !v.is_null())?;
    let port = |h: &Value| match h.get("port") {
        Some(Value::Int(n)) => super::service::TargetPort::Number(*n as i32),
        Some(Value::Str(s)) => match s.parse::<i32>() {
            Ok(n) => super::service::TargetPort::Number(n),
            Err(_) => super::service::TargetPort::Name(s.clone()),
        },
        _ => super::service::TargetPort::Number(0),
    };
    let action = if let Some(h) = v.get("httpGet").filter(|h| !h.is_null()) {
        ProbeAction::Http(port(h), h.get("path").and_then(Value::as_str).unwrap_or("/").to_string())
    } else if let Some(t) = v.get("tcpSocket").filter(|t| !t.is_null()) {
        ProbeAction::Tcp(port(t))
    } else if let Some(e) = v.get("exec").filter(|e| !e.is_null()) {
        let command = e.get("command").map(Value::as_seq).unwrap_or_default();
        ProbeAction::Exec(command.iter().filter_map(Value::as_str).map(String::from).collect())
    } else if let Some(g) = v.get("grpc").filter(|g| !g.is_null()) {
        let port = g.get("port").and_then(Value::as_i64).unwrap_or(0) as i32;
        ProbeAction::Grpc(port, g.get("service").and_then(Value::as_str).map(String::from))
    } else {
        ProbeAction::Unknown
    };
    let int = |k: &str, d: i32| v.get(k).and_then(Value::as_i64).map_or(d, |n| n.clamp(0, i32::MAX as i64) as i32);
    Some(Probe {
        action,
        initial_delay_s: int("initialDelaySeconds", 0),
        timeout_s: int("timeoutSeconds", 1).max(1),
        period_s: int("periodSeconds", 10).max(1),
        success_threshold: int("successThreshold", 1).max(1),
        failure_threshold: int("failureThreshold", 3).max(1),
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toleration {
    pub key: String,
    pub operator: String,
    pub value: String,
    pub effect: String,
    pub seconds: Option<i64>,
}

impl Toleration {
    /// `TolerationsTolerateTaint`: empty key with Exists tolerates everything; empty effect
    /// tolerates every effect.
    pub fn tolerates(&self, key: &str, value: &str, effect: &str) -> bool {
        if !self.effect.is_empty() && self.effect != effect {
            return false;
        }
        if self.key.is_empty() {
            return self.operator == "Exists";
        }
        if self.key != key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            _ => self.value == value,
        }
    }
}

/// A pod spec after defaulting. Pods stamped from one template share it through an `Rc`.
#[derive(Clone, Debug, PartialEq)]
pub struct PodSpec {
    /// Shared, as `raw` is: a DaemonSet's pods differ from their template's parsed spec
    /// only in the node they are pinned to, and each had its own copy of every container
    /// and toleration (two kilobytes a node).
    pub containers: Rc<[Container]>,
    pub init_containers: Rc<[Container]>,
    /// Containers `kubectl debug` added to the running pod (`spec.ephemeralContainers`).
    pub ephemeral_containers: Vec<Container>,
    pub restart_policy: RestartPolicy,
    pub grace_secs: i64,
    pub node_name: String,
    pub node_selector: Labels,
    /// `requiredDuringSchedulingIgnoredDuringExecution`: terms ORed, expressions ANDed.
    pub required_affinity: Option<Vec<Vec<NodeRequirement>>>,
    /// `preferredDuringSchedulingIgnoredDuringExecution`: (weight, term).
    pub preferred_affinity: Vec<(i64, Vec<NodeRequirement>)>,
    pub tolerations: Rc<[Toleration]>,
    pub volumes: Vec<super::volume::Volume>,
    /// Pod affinity and anti-affinity, when the spec has a term of either.
    pub pod_affinity: Option<std::rc::Rc<super::pod_affinity::PodAffinity>>,
    /// `spec.priority` as the Priority admission plugin resolved it (0 when absent).
    pub priority: i64,
    /// `preemptionPolicy: Never`: the pod waits for room rather than evicting others.
    pub never_preempts: bool,
    /// The defaulted spec as the user wrote it, for output; shared by the pods that have
    /// the same one (see `own`). Its affinity, hostname and claims may not be the pod's:
    /// read `written` for the spec the API shows, `hostname` for the pod's hostname.
    pub raw: Rc<Value>,
    /// What the pod has of its own beside a `raw` its controller's other pods share.
    pub own: Own,
}

/// What a pod's spec has of its own when its `raw` is shared: added when the spec is
/// written out. The parsed fields (`required_affinity`, `volumes`) are the pod's own.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Own {
    /// `raw` is the pod's whole spec.
    #[default]
    Nothing,
    /// A DaemonSet's pod: `raw` is its template's, shared by the pods on every node, and
    /// the node affinity the controller sets on each (`pin_to_node`) names this node.
    Node(Rc<str>),
    /// A StatefulSet's pod: `raw` is the first pod's made from the same template, shared
    /// by the rest (a stateful pod's spec differs only in these). Its hostname, and in
    /// the volume of each claim template's name, its claim: `<template>-<hostname>`.
    Ordinal { hostname: Rc<str>, claim_templates: Rc<[String]> },
}

/// What the DaemonSet controller writes into each of its pods
/// (`ReplaceDaemonSetPodNodeNameNodeAffinity`): a required node affinity whose one term
/// names the node by `metadata.name`, in place of any required terms the template had.
pub fn pin_to_node(raw: &mut Value, node: &str) {
    let term = Value::Map(vec![(
        "matchFields".into(),
        Value::Seq(vec![Value::Map(vec![
            ("key".into(), Value::str("metadata.name")),
            ("operator".into(), Value::str("In")),
            ("values".into(), Value::Seq(vec![Value::str(node)])),
        ])]),
    )]);
    raw.entry_map("affinity")
        .entry_map("nodeAffinity")
        .set("requiredDuringSchedulingIgnoredDuringExecution", Value::Map(vec![("nodeSelectorTerms".into(), Value::Seq(vec![term]))]));
}

/// One node selector requirement (`matchExpressions` or `matchFields` on `metadata.name`).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeRequirement {
    /// A label key, or `metadata.name` for a field requirement.
    pub key: String,
    pub field: bool,
    pub operator: String,
    pub values: Vec<String>,
}

impl NodeRequirement {
    pub fn matches(&self, name: &str, labels: &Labels) -> bool {
        let v = if self.field { (self.key == "metadata.name").then_some(name) } else { labels.get(&self.key) };
        match self.operator.as_str() {
            "In" => v.is_some_and(|v| self.values.iter().any(|x| x == v)),
            "NotIn" => v.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            "Exists" => v.is_some(),
            "DoesNotExist" => v.is_none(),
            "Gt" | "Lt" => {
                let (Some(v), Some(b)) = (v.and_then(|v| v.parse::<i64>().ok()), self.values.first().and_then(|b| b.parse::<i64>().ok()))
                else {
                    return false;
                };
                if self.operator == "Gt" {
                    v > b
                } else {
                    v < b
                }
            }
            _ => false,
        }
    }
}

fn term(v: &Value) -> Vec<NodeRequirement> {
    let mut out = Vec::new();
    for (list, field) in [("matchExpressions", false), ("matchFields", true)] {
        for e in v.get(list).map(Value::as_seq).unwrap_or(&[]) {
            out.push(NodeRequirement {
                key: e.get("key").and_then(Value::as_str).unwrap_or("").to_string(),
                field,
                operator: e.get("operator").and_then(Value::as_str).unwrap_or("").to_string(),
                values: strings(e.get("values")),
            });
        }
    }
    out
}

type Affinity = (Option<Vec<Vec<NodeRequirement>>>, Vec<(i64, Vec<NodeRequirement>)>);

fn node_affinity(spec: &Value) -> Affinity {
    let Some(na) = spec.get("affinity").and_then(|a| a.get("nodeAffinity")) else { return (None, vec![]) };
    let required = na
        .get("requiredDuringSchedulingIgnoredDuringExecution")
        .filter(|r| !r.is_null())
        .map(|r| r.get("nodeSelectorTerms").map(Value::as_seq).unwrap_or(&[]).iter().map(term).collect());
    let preferred = na
        .get("preferredDuringSchedulingIgnoredDuringExecution")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|p| (p.get("weight").and_then(Value::as_i64).unwrap_or(0), p.get("preference").map(term).unwrap_or_default()))
        .collect();
    (required, preferred)
}

/// A `NodeSelector`'s terms (a PersistentVolume's `nodeAffinity.required`).
pub fn node_selector_terms(selector: &Value) -> Option<Vec<Vec<NodeRequirement>>> {
    selector.get("nodeSelectorTerms").map(|t| t.as_seq().iter().map(term).collect())
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|s| s.as_str().map(String::from)).collect()
}

/// The API server's default `terminationMessagePath`.
pub const DEFAULT_TERMINATION_PATH: &str = "/dev/termination-log";

impl Container {
    /// Where the kubelet reads the container's termination message.
    pub fn termination_path(&self) -> &str {
        self.termination_path.as_deref().unwrap_or(DEFAULT_TERMINATION_PATH)
    }
}

fn container_from(v: &Value, init: bool) -> Container {
    let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let res = |group: &str, name: &str| {
        v.get("resources").and_then(|r| r.get(group)).and_then(|g| g.get(name)).and_then(Value::as_str).map(String::from)
    };
    Container {
        name: text("name"),
        image: text("image"),
        pull_policy: PullPolicy::parse(&text("imagePullPolicy")).unwrap_or(PullPolicy::IfNotPresent),
        command: strings(v.get("command")),
        args: strings(v.get("args")),
        ports: v
            .get("ports")
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .map(|p| ContainerPort {
                name: p.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
                port: p.get("containerPort").and_then(Value::as_i64).unwrap_or(0) as i32,
                protocol: p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string(),
            })
            .collect(),
        env: super::env::env_from_value(v.get("env")),
        env_from: super::env::env_from_sources(v.get("envFrom")),
        mounts: super::volume::mounts_from(v.get("volumeMounts")),
        cpu_request_m: res("requests", "cpu").as_deref().and_then(quantity::cpu_millis),
        mem_request: res("requests", "memory").as_deref().and_then(quantity::bytes),
        cpu_limit_m: res("limits", "cpu").as_deref().and_then(quantity::cpu_millis),
        mem_limit: res("limits", "memory").as_deref().and_then(quantity::bytes),
        sidecar: init && text("restartPolicy") == "Always",
        stdin: v.get("stdin").and_then(Value::as_bool) == Some(true),
        readiness: probe_from(v.get("readinessProbe")),
        liveness: probe_from(v.get("livenessProbe")),
        startup: probe_from(v.get("startupProbe")),
        post_start: v
            .get("lifecycle")
            .and_then(|l| l.get("postStart"))
            .and_then(|h| h.get("exec"))
            .and_then(|e| e.get("command"))
            .map(|c| c.as_seq().iter().filter_map(Value::as_str).map(String::from).collect()),
        termination_path: Some(text("terminationMessagePath")).filter(|p| p != DEFAULT_TERMINATION_PATH).map(String::into_boxed_str),
        fallback_to_logs: text("terminationMessagePolicy") == "FallbackToLogsOnError",
    }
}

impl PodSpec {
    /// The pod's QoS class: Guaranteed when every container's limits equal its requests
    /// for cpu and memory, BestEffort when nothing is requested or limited, else Burstable.
    pub fn qos_class(&self) -> &'static str {
        let mut any = false;
        let mut guaranteed = true;
        for ct in self.containers.iter().chain(self.init_containers.iter()) {
            let req_cpu = ct.cpu_request_m.or(ct.cpu_limit_m);
            let req_mem = ct.mem_request.or(ct.mem_limit);
            any |= req_cpu.is_some() || req_mem.is_some() || ct.cpu_limit_m.is_some() || ct.mem_limit.is_some();
            guaranteed &= ct.cpu_limit_m.is_some() && ct.mem_limit.is_some() && req_cpu == ct.cpu_limit_m && req_mem == ct.mem_limit;
        }
        if !any {
            "BestEffort"
        } else if guaranteed {
            "Guaranteed"
        } else {
            "Burstable"
        }
    }

    /// The PersistentVolumeClaims its volumes name, in order, each once.
    pub fn claims(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for v in &self.volumes {
            if let super::volume::VolumeSource::Claim { name, .. } = &v.source {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// The spec as the API shows it: `raw`, with what the pod has of its own.
    pub fn written(&self) -> std::borrow::Cow<'_, Value> {
        let mut raw = match &self.own {
            Own::Nothing => return std::borrow::Cow::Borrowed(&*self.raw),
            _ => Value::clone(&self.raw),
        };
        match &self.own {
            Own::Nothing => {}
            Own::Node(node) => pin_to_node(&mut raw, node),
            Own::Ordinal { hostname, claim_templates } => {
                // Set in place: the shared value has a hostname and these claims already.
                raw.set("hostname", Value::str(hostname.to_string()));
                if let Some(Value::Seq(volumes)) = raw.get_mut("volumes") {
                    for v in volumes {
                        let Some(name) = v.get("name").and_then(Value::as_str) else { continue };
                        if claim_templates.iter().any(|t| t == name) {
                            let claim = super::statefulset::pod_claim_name(name, hostname);
                            v.entry_map("persistentVolumeClaim").set("claimName", Value::str(claim));
                        }
                    }
                }
            }
        }
        std::borrow::Cow::Owned(raw)
    }

    /// `spec.hostname`, which names the pod in its subdomain's DNS.
    pub fn hostname(&self) -> Option<&str> {
        match &self.own {
            Own::Ordinal { hostname, .. } => Some(hostname),
            _ => self.raw.get("hostname").and_then(Value::as_str),
        }
    }

    /// `spec.subdomain`: with the hostname, the pod's name under its headless Service.
    pub fn subdomain(&self) -> Option<&str> {
        self.raw.get("subdomain").and_then(Value::as_str)
    }

    /// The spec of another pod of a StatefulSet, made from the same template as this one
    /// (whose `raw` it shares): its own hostname, and its own claim in the volume of
    /// each claim template's name.
    pub fn for_ordinal(&self, hostname: &str, claim_templates: &Rc<[String]>) -> PodSpec {
        let mut spec = self.clone();
        for v in &mut spec.volumes {
            if let super::volume::VolumeSource::Claim { name, .. } = &mut v.source {
                if claim_templates.contains(&v.name) {
                    *name = super::statefulset::pod_claim_name(&v.name, hostname);
                }
            }
        }
        spec.own = Own::Ordinal { hostname: hostname.into(), claim_templates: claim_templates.clone() };
        spec
    }

    /// Builds the typed view of a defaulted, validated spec value.
    pub fn from_value(mut raw: Value) -> PodSpec {
        // Kept for the pod's life: admission's added keys (a DaemonSet's node affinity
        // too) had doubled the map's room, a kilobyte and more spare on every pod that
        // does not share its template's spec.
        if let Value::Map(m) = &mut raw {
            m.shrink_to_fit();
        }
        let containers: Rc<[Container]> =
            raw.get("containers").map(Value::as_seq).unwrap_or(&[]).iter().map(|c| container_from(c, false)).collect();
        let init_containers: Rc<[Container]> =
            raw.get("initContainers").map(Value::as_seq).unwrap_or(&[]).iter().map(|c| container_from(c, true)).collect();
        let tolerations: Rc<[Toleration]> = raw
            .get("tolerations")
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .map(|t| Toleration {
                key: t.get("key").and_then(Value::as_str).unwrap_or("").into(),
                operator: t.get("operator").and_then(Value::as_str).unwrap_or("Equal").into(),
                value: t.get("value").and_then(Value::as_str).unwrap_or("").into(),
                effect: t.get("effect").and_then(Value::as_str).unwrap_or("").into(),
                seconds: t.get("tolerationSeconds").and_then(Value::as_i64),
            })
            .collect();
        let ephemeral_containers =
            raw.get("ephemeralContainers").map(Value::as_seq).unwrap_or(&[]).iter().map(|c| container_from(c, false)).collect();
        PodSpec {
            containers,
            init_containers,
            ephemeral_containers,
            restart_policy: raw
                .get("restartPolicy")
                .and_then(Value::as_str)
                .and_then(RestartPolicy::parse)
                .unwrap_or(RestartPolicy::Always),
            grace_secs: raw.get("terminationGracePeriodSeconds").and_then(Value::as_i64).unwrap_or(30),
            node_name: raw.get("nodeName").and_then(Value::as_str).unwrap_or("").to_string(),
            node_selector: Labels::from_value(raw.get("nodeSelector")),
            required_affinity: node_affinity(&raw).0,
            preferred_affinity: node_affinity(&raw).1,
            tolerations,
            volumes: super::volume::volumes_from(raw.get("volumes")),
            pod_affinity: super::pod_affinity::PodAffinity::from_spec(&raw).map(std::rc::Rc::new),
            priority: raw.get("priority").and_then(Value::as_i64).unwrap_or(0),
            never_preempts: raw.get("preemptionPolicy").and_then(Value::as_str) == Some("Never"),
            raw: Rc::new(raw),
            own: Own::Nothing,
        }
    }

    /// Requests the scheduler counts: the sum over app containers (sidecars included),
    /// or the largest init container, whichever is larger.
    pub fn requests(&self) -> (i64, i64) {
        let sum = |cs: &mut dyn Iterator<Item = &Container>| {
            cs.fold((0, 0), |(c, m), x| (c + x.cpu_request_m.unwrap_or(0), m + x.mem_request.unwrap_or(0)))
        };
        let app = sum(&mut self.containers.iter().chain(self.init_containers.iter().filter(|c| c.sidecar)));
        let init = self
            .init_containers
            .iter()
            .filter(|c| !c.sidecar)
            .fold((0, 0), |(c, m), x| (c.max(x.cpu_request_m.unwrap_or(0)), m.max(x.mem_request.unwrap_or(0))));
        (app.0.max(init.0), app.1.max(init.1))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Terminated {
    /// The container that ended (a restart gives the next one a new ID).
    pub container_id: Option<ContainerId>,
    pub exit_code: i32,
    pub reason: String,
    pub message: String,
    pub started: Millis,
    pub finished: Millis,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ContainerState {
    Waiting {
        reason: String,
        message: RareText,
    },
    Running {
        started: Millis,
    },
    /// Boxed: the largest state and the rarest among running pods, so that the others
    /// (every container of every pod) are not the size of it.
    Terminated(Box<Terminated>),
}

/// `<runtime>://<64 hex digits>`, kept as its parts: a 150,000-pod cluster holds one
/// per container.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerId {
    pub runtime: Rc<str>,
    pub hex: [u64; 4],
}

impl std::fmt::Display for ContainerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://", self.runtime)?;
        self.hex.iter().try_for_each(|h| write!(f, "{h:016x}"))
    }
}

/// A container's status. Name, image and image ID are the same for every pod of a
/// ReplicaSet, and shared (`Cluster::intern`).
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerStatus {
    pub name: Rc<str>,
    pub image: Rc<str>,
    pub image_id: Rc<str>,
    pub container_id: Option<ContainerId>,
    pub state: ContainerState,
    pub last_terminated: Option<Box<Terminated>>,
    pub ready: bool,
    pub started: bool,
    pub restart_count: u32,
}

thread_local! {
    /// The image ID of a container not yet created: one empty string for all of them
    /// (`Rc::from("")` allocates anew each time).
    static NO_IMAGE_ID: Rc<str> = Rc::from("");
}

fn no_image_id() -> Rc<str> {
    NO_IMAGE_ID.with(Rc::clone)
}

impl ContainerStatus {
    pub fn waiting(name: Rc<str>, image: Rc<str>, reason: &str) -> ContainerStatus {
        ContainerStatus {
            name,
            image,
            image_id: no_image_id(),
            container_id: None,
            state: ContainerState::Waiting { reason: reason.to_string(), message: RareText::default() },
            last_terminated: None,
            ready: false,
            started: false,
            restart_count: 0,
        }
    }

    fn to_value(&self) -> Value {
        let mut m = vec![];
        if let Some(id) = &self.container_id {
            m.push(("containerID".into(), Value::str(id.to_string())));
        }
        m.push(("image".into(), Value::str(self.image.to_string())));
        m.push(("imageID".into(), Value::str(self.image_id.to_string())));
        m.push((
            "lastState".into(),
            match &self.last_terminated {
                Some(t) => Value::Map(vec![("terminated".into(), terminated_value(t))]),
                None => Value::Map(vec![]),
            },
        ));
        m.push(("name".into(), Value::str(self.name.to_string())));
        m.push(("ready".into(), Value::Bool(self.ready)));
        m.push(("restartCount".into(), Value::Int(i64::from(self.restart_count))));
        m.push(("started".into(), Value::Bool(self.started)));
        let state = match &self.state {
            ContainerState::Waiting { reason, message } => {
                let mut w = vec![("reason".into(), Value::str(reason.clone()))];
                if !message.is_empty() {
                    w.push(("message".into(), Value::str(message.as_str())));
                }
                ("waiting", Value::Map(w))
            }
            ContainerState::Running { started } => ("running", Value::Map(vec![("startedAt".into(), Value::str(rfc3339(*started)))])),
            ContainerState::Terminated(t) => ("terminated", terminated_value(t)),
        };
        m.push(("state".into(), Value::Map(vec![(state.0.into(), state.1)])));
        Value::Map(m)
    }
}

fn terminated_value(t: &Terminated) -> Value {
    let mut m = vec![];
    if let Some(id) = &t.container_id {
        m.push(("containerID".into(), Value::str(id.to_string())));
    }
    m.push(("exitCode".into(), Value::Int(i64::from(t.exit_code))));
    m.push(("finishedAt".into(), Value::str(rfc3339(t.finished))));
    if !t.message.is_empty() {
        m.push(("message".into(), Value::str(t.message.clone())));
    }
    m.push(("reason".into(), Value::str(t.reason.clone())));
    m.push(("startedAt".into(), Value::str(rfc3339(t.started))));
    Value::Map(m)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
            Phase::Unknown => "Unknown",
        }
    }
}

/// The condition types a pod's status holds (`PodConditionType`), in the order the API
/// server and `kubectl describe` list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodCondition {
    PodReadyToStartContainers,
    Initialized,
    Ready,
    ContainersReady,
    PodScheduled,
    DisruptionTarget,
}

impl PodCondition {
    pub fn as_str(self) -> &'static str {
        match self {
            PodCondition::PodReadyToStartContainers => "PodReadyToStartContainers",
            PodCondition::Initialized => "Initialized",
            PodCondition::Ready => "Ready",
            PodCondition::ContainersReady => "ContainersReady",
            PodCondition::PodScheduled => "PodScheduled",
            PodCondition::DisruptionTarget => "DisruptionTarget",
        }
    }
}

/// Why a pod condition has its status: the fixed set kubeplay's kubelet, scheduler and
/// controllers write (`ConditionReason` values in k8s.io/api/core/v1 and the writers' own
/// constants). A byte, where a string slice took two words in each of a pod's conditions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConditionReason {
    #[default]
    None,
    PodCompleted,
    ContainersNotInitialized,
    ContainersNotReady,
    Unschedulable,
    PreemptionByScheduler,
    DeletionByPodGC,
    DeletionByTaintManager,
    EvictionByEvictionAPI,
}

impl ConditionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionReason::None => "",
            ConditionReason::PodCompleted => "PodCompleted",
            ConditionReason::ContainersNotInitialized => "ContainersNotInitialized",
            ConditionReason::ContainersNotReady => "ContainersNotReady",
            ConditionReason::Unschedulable => "Unschedulable",
            ConditionReason::PreemptionByScheduler => "PreemptionByScheduler",
            ConditionReason::DeletionByPodGC => "DeletionByPodGC",
            ConditionReason::DeletionByTaintManager => "DeletionByTaintManager",
            ConditionReason::EvictionByEvictionAPI => "EvictionByEvictionAPI",
        }
    }

    pub fn is_empty(self) -> bool {
        self == ConditionReason::None
    }
}

impl std::fmt::Display for ConditionReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text most pods leave empty (a condition's message, the status's reason): one word,
/// where a `String` takes three. An `Rc<String>` on purpose: it is a thin pointer, where
/// an `Rc<str>` takes two words, and pods worded alike share one copy (`set_shared`).
#[allow(clippy::rc_buffer)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RareText(Option<Rc<String>>);

impl RareText {
    pub fn as_str(&self) -> &str {
        self.0.as_deref().map_or("", String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }

    pub fn set(&mut self, text: String) {
        self.0 = (!text.is_empty()).then(|| Rc::new(text));
    }

    /// Holds a copy others hold too.
    #[allow(clippy::rc_buffer)]
    pub fn set_shared(&mut self, text: Rc<String>) {
        self.0 = (!text.is_empty()).then_some(text);
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl From<String> for RareText {
    fn from(text: String) -> RareText {
        let mut r = RareText::default();
        r.set(text);
        r
    }
}

impl std::fmt::Display for RareText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub kind: PodCondition,
    pub status: bool,
    /// From a fixed set, so rewriting the conditions on every sync neither allocates nor
    /// reads the heap.
    pub reason: ConditionReason,
    pub message: RareText,
    pub since: Millis,
    /// What the message was written from, when its writer said (`set_condition_keyed`):
    /// the kubelet then knows it unchanged without reading it. Never zero, so that the
    /// option costs nothing of its own; 32 bits, which fit beside the three one-byte
    /// fields: a condition is 24 bytes, five on every pod.
    pub message_key: Option<std::num::NonZeroU32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodStatus {
    pub phase: Phase,
    /// `reason`, `message` and `nominatedNodeName`: rare, so one word for the three.
    rare: Option<Box<RareStatus>>,
    /// The node's address, inline as the pod's own is: as a shared string, each pod
    /// bound was a lookup among the 5,000 nodes' addresses and a cache miss.
    pub host_ip: crate::net::Ipv4Text,
    pub pod_ip: crate::net::Ipv4Text,
    pub start_time: Option<Millis>,
    pub conditions: Vec<Condition>,
    pub init_statuses: super::few::Few<ContainerStatus>,
    pub statuses: Vec<ContainerStatus>,
    pub ephemeral_statuses: super::few::Few<ContainerStatus>,
    /// The Ready condition's status, kept by `set_condition`: ReplicaSets, Services and
    /// the drawing ask it of every pod, and the conditions live in another allocation.
    ready: bool,
}

impl Default for PodStatus {
    fn default() -> Self {
        PodStatus {
            phase: Phase::Pending,
            rare: None,
            host_ip: Default::default(),
            pod_ip: Default::default(),
            start_time: None,
            conditions: Vec::new(),
            init_statuses: Default::default(),
            statuses: Vec::new(),
            ephemeral_statuses: Default::default(),
            ready: false,
        }
    }
}

/// A pod status's rare texts.
#[derive(Clone, Debug, Default, PartialEq)]
struct RareStatus {
    /// Set by the kubelet's node-pressure eviction and node shutdown, which kubeplay does
    /// not model yet; kept because printPod reads them.
    reason: String,
    message: String,
    /// `nominatedNodeName`: where the scheduler preempted pods to make room for this one.
    nominated_node_name: String,
}

impl PodStatus {
    pub fn reason(&self) -> &str {
        self.rare.as_deref().map_or("", |r| &r.reason)
    }

    pub fn message(&self) -> &str {
        self.rare.as_deref().map_or("", |r| &r.message)
    }

    pub fn nominated_node_name(&self) -> &str {
        self.rare.as_deref().map_or("", |r| &r.nominated_node_name)
    }

    /// Sets (or, with "", clears) `nominatedNodeName`.
    pub fn nominate(&mut self, node: &str) {
        if node.is_empty() && self.rare.is_none() {
            return;
        }
        let rare = self.rare.get_or_insert_default();
        rare.nominated_node_name = node.to_string();
        if **rare == RareStatus::default() {
            self.rare = None;
        }
    }

    pub fn set_condition(&mut self, kind: PodCondition, status: bool, reason: ConditionReason, message: &str, now: Millis) {
        let c = self.condition_mut(kind, status, reason, now);
        // Only what changed: the kubelet rewrites every condition on every sync, nearly
        // always with no message (tested first: at the page's opt-level a comparison of
        // strings is a call, even of empty ones).
        if !(message.is_empty() && c.message.is_empty()) && c.message.as_str() != message {
            c.message.set(message.to_string());
        }
        c.message_key = None;
    }

    /// `set_condition` with a message that is a function of `key`: written only when the
    /// key differs from the one it was last written from. The kubelet's unready list is
    /// rewritten on most syncs of a rollout, and comparing it meant reading a string no
    /// cache held.
    pub fn set_condition_keyed(
        &mut self,
        kind: PodCondition,
        status: bool,
        reason: ConditionReason,
        key: std::num::NonZeroU32,
        message: impl FnOnce() -> Rc<String>,
        now: Millis,
    ) {
        let c = self.condition_mut(kind, status, reason, now);
        if c.message_key != Some(key) {
            c.message.set_shared(message());
            c.message_key = Some(key);
        }
    }

    /// The condition of this kind with its status and reason set (its `since` moves when
    /// the status does), created if missing.
    fn condition_mut(&mut self, kind: PodCondition, status: bool, reason: ConditionReason, now: Millis) -> &mut Condition {
        if kind == PodCondition::Ready {
            self.ready = status;
        }
        let i = match self.conditions.iter().position(|c| c.kind == kind) {
            Some(i) => {
                let c = &mut self.conditions[i];
                if c.status != status {
                    c.since = now;
                }
                c.status = status;
                c.reason = reason;
                i
            }
            None => {
                // A pod has five conditions: room for them at once, not by doubling.
                if self.conditions.is_empty() {
                    self.conditions.reserve_exact(5);
                }
                let message = RareText::default();
                self.conditions.push(Condition { kind, status, reason, message, since: now, message_key: None });
                self.conditions.len() - 1
            }
        };
        &mut self.conditions[i]
    }

    pub fn condition(&self, kind: PodCondition) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    pub fn to_value(&self) -> Value {
        let mut m = vec![];
        if !self.conditions.is_empty() {
            let mut conds: Vec<&Condition> = self.conditions.iter().collect();
            conds.sort_by_key(|c| c.kind);
            m.push((
                "conditions".into(),
                Value::Seq(
                    conds
                        .into_iter()
                        .map(|c| {
                            let mut cm = vec![
                                ("lastProbeTime".into(), Value::Null),
                                ("lastTransitionTime".into(), Value::str(rfc3339(c.since))),
                                ("status".into(), Value::str(if c.status { "True" } else { "False" })),
                                ("type".into(), Value::str(c.kind.as_str())),
                            ];
                            if !c.reason.is_empty() {
                                cm.push(("reason".into(), Value::str(c.reason.as_str())));
                            }
                            if !c.message.is_empty() {
                                cm.push(("message".into(), Value::str(c.message.as_str())));
                            }
                            Value::Map(cm)
                        })
                        .collect(),
                ),
            ));
        }
        if !self.statuses.is_empty() {
            m.push(("containerStatuses".into(), Value::Seq(self.statuses.iter().map(ContainerStatus::to_value).collect())));
        }
        if !self.ephemeral_statuses.is_empty() {
            let list = self.ephemeral_statuses.iter().map(ContainerStatus::to_value).collect();
            m.push(("ephemeralContainerStatuses".into(), Value::Seq(list)));
        }
        if !self.host_ip.is_empty() {
            m.push(("hostIP".into(), Value::str(&*self.host_ip)));
            m.push(("hostIPs".into(), Value::Seq(vec![Value::Map(vec![("ip".into(), Value::str(&*self.host_ip))])])));
        }
        if !self.init_statuses.is_empty() {
            m.push(("initContainerStatuses".into(), Value::Seq(self.init_statuses.iter().map(ContainerStatus::to_value).collect())));
        }
        if !self.message().is_empty() {
            m.push(("message".into(), Value::str(self.message())));
        }
        if !self.nominated_node_name().is_empty() {
            m.push(("nominatedNodeName".into(), Value::str(self.nominated_node_name())));
        }
        m.push(("phase".into(), Value::str(self.phase.as_str())));
        if !self.pod_ip.is_empty() {
            m.push(("podIP".into(), Value::str(self.pod_ip.to_string())));
            m.push(("podIPs".into(), Value::Seq(vec![Value::Map(vec![("ip".into(), Value::str(self.pod_ip.to_string()))])])));
        }
        m.push(("qosClass".into(), Value::str("BestEffort")));
        if !self.reason().is_empty() {
            m.push(("reason".into(), Value::str(self.reason())));
        }
        if let Some(t) = self.start_time {
            m.push(("startTime".into(), Value::str(rfc3339(t))));
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pod {
    pub meta: ObjectMeta,
    pub spec: Rc<PodSpec>,
    /// `spec.nodeName` once bound (or as written by the user); shared with the pod's
    /// kubelet events.
    pub node: std::rc::Rc<str>,
    pub status: PodStatus,
    /// What the node's kubelet knows of the pod beyond its reported status.
    pub runtime: PodRuntime,
    /// The service-account token volume admission gave it, if any.
    pub token: Option<super::token_volume::TokenVolume>,
}

pub use super::pod_runtime::PodRuntime;

/// What `kubectl get pods` prints for a pod, computed as `printPod` does.
#[derive(Clone, Debug, PartialEq)]
pub struct PodSummary {
    pub ready: String,
    pub status: String,
    pub restarts: String,
}

/// A pod's STATUS, its ready and total containers and its restarts, as `summary` reads them.
#[derive(Debug, PartialEq)]
pub struct PodState<'a> {
    pub status: Cow<'a, str>,
    pub ready: usize,
    pub total: usize,
    pub restarts: u32,
    pub last_restart: Option<Millis>,
}

impl Pod {
    pub fn is_terminating(&self) -> bool {
        self.meta.deletion.is_some()
    }

    /// Ready condition true: counted by Services and by ReplicaSet readiness.
    pub fn is_ready(&self) -> bool {
        self.status.ready
    }

    /// `IsPodActive`: not finished and not being deleted.
    pub fn is_active(&self) -> bool {
        !matches!(self.status.phase, Phase::Succeeded | Phase::Failed) && self.meta.deletion.is_none()
    }

    /// `kubectl get pods`' columns: READY, STATUS, RESTARTS (with the last one's age).
    pub fn summary(&self, now: Millis) -> PodSummary {
        let st = self.state();
        let restarts = match (st.restarts, st.last_restart) {
            (0, _) | (_, None) => st.restarts.to_string(),
            (n, Some(t)) => format!("{n} ({} ago)", human_duration(now as i64 - t as i64)),
        };
        PodSummary { ready: format!("{}/{}", st.ready, st.total), status: st.status.into_owned(), restarts }
    }

    /// What `summary` words, unformatted: the STATUS column borrows from the pod where it
    /// can, since the page works out every changed pod's look after each step.
    pub fn state(&self) -> PodState<'_> {
        let s = &self.status;
        let total = self.spec.containers.len() + self.spec.init_containers.iter().filter(|c| c.sidecar).count();
        let mut ready = 0;
        let mut restarts: u32 = 0;
        let mut last_restart: Option<Millis> = None;
        let mut reason: Cow<'_, str> = if s.reason().is_empty() { Cow::Borrowed(s.phase.as_str()) } else { Cow::Borrowed(s.reason()) };
        let mut note_restart = |cs: &ContainerStatus, restarts: &mut u32| {
            *restarts += cs.restart_count;
            if let Some(t) = &cs.last_terminated {
                if last_restart.is_none_or(|l| t.finished > l) {
                    last_restart = Some(t.finished);
                }
            }
        };
        let mut initializing = false;
        let n_init = self.spec.init_containers.len();
        for (i, cs) in s.init_statuses.iter().enumerate() {
            note_restart(cs, &mut restarts);
            let sidecar = self.spec.init_containers.get(i).is_some_and(|c| c.sidecar);
            match &cs.state {
                ContainerState::Terminated(t) if t.exit_code == 0 => continue,
                _ if sidecar && cs.started => {
                    if cs.ready {
                        ready += 1;
                    }
                    continue;
                }
                ContainerState::Terminated(t) => {
                    reason = Cow::Owned(if t.reason.is_empty() {
                        format!("Init:ExitCode:{}", t.exit_code)
                    } else {
                        format!("Init:{}", t.reason)
                    });
                }
                ContainerState::Waiting { reason: r, .. } if !r.is_empty() && r != "PodInitializing" => {
                    reason = Cow::Owned(format!("Init:{r}"))
                }
                _ => reason = Cow::Owned(format!("Init:{i}/{n_init}")),
            }
            initializing = true;
            break;
        }
        if !initializing {
            let mut has_running = false;
            for cs in s.statuses.iter().rev() {
                note_restart(cs, &mut restarts);
                match &cs.state {
                    ContainerState::Waiting { reason: r, .. } if !r.is_empty() => reason = Cow::Borrowed(r),
                    ContainerState::Terminated(t) if !t.reason.is_empty() => reason = Cow::Borrowed(&t.reason),
                    ContainerState::Terminated(t) => reason = Cow::Owned(format!("ExitCode:{}", t.exit_code)),
                    ContainerState::Running { .. } => {
                        has_running = true;
                        if cs.ready {
                            ready += 1;
                        }
                    }
                    _ => {}
                }
            }
            if reason == "Completed" && has_running {
                reason = Cow::Borrowed(if self.is_ready() { "Running" } else { "NotReady" });
            }
        } else {
            for cs in &s.statuses {
                note_restart(cs, &mut restarts);
            }
        }
        if self.meta.deletion.is_some() {
            if s.reason() == "NodeLost" {
                reason = Cow::Borrowed("Unknown");
            } else if !matches!(s.phase, Phase::Succeeded | Phase::Failed) {
                reason = Cow::Borrowed("Terminating");
            }
        }
        PodState { status: reason, ready, total, restarts, last_restart }
    }

    /// Admission gave it a token volume that some container mounts.
    pub fn has_token_volume(&self) -> bool {
        self.token.is_some()
            && self.spec.containers.iter().chain(self.spec.init_containers.iter()).any(|c| super::token_volume::mounts_in(&c.mounts))
    }

    /// Its volumes as the API shows them: the spec's, then the token volume.
    pub fn volumes(&self) -> Vec<super::volume::Volume> {
        let mut out = self.spec.volumes.clone();
        if let Some(t) = self.token.filter(|_| self.has_token_volume()) {
            out.push(t.volume());
        }
        out
    }

    /// A container's mounts as the API shows them: its own, then the token's.
    pub fn mounts(&self, ct: &Container) -> Vec<super::volume::VolumeMount> {
        let mut out = ct.mounts.clone();
        if let Some(t) = self.token.as_ref().filter(|_| self.token_mounted_in(ct)) {
            out.push(t.mount());
        }
        out
    }

    /// The paths of `mounts`, borrowed: a container's start asks whether its command
    /// names one.
    pub fn mount_paths<'a>(&'a self, ct: &'a Container) -> impl Iterator<Item = &'a str> {
        let token = self.token.is_some() && self.token_mounted_in(ct);
        ct.mounts.iter().map(|m| m.path.as_str()).chain(token.then_some(super::token_volume::MOUNT_PATH))
    }

    /// Admission mounts the token when the pod is created; an ephemeral container added
    /// later gets no mount it did not ask for.
    fn token_mounted_in(&self, ct: &Container) -> bool {
        let ephemeral = self.spec.ephemeral_containers.iter().any(|e| std::ptr::eq(e, ct));
        !ephemeral && super::token_volume::mounts_in(&ct.mounts)
    }

    pub fn to_value(&self) -> Value {
        let mut spec = self.spec.written().into_owned();
        if let Some(t) = &self.token {
            super::token_volume::add_to_spec(t, &mut spec);
        }
        if !self.node.is_empty() {
            spec.set("nodeName", Value::str(self.node.to_string()));
        }
        Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("kind".into(), Value::str("Pod")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), spec),
            ("status".into(), {
                let mut status = self.status.to_value();
                status.set("qosClass", Value::str(self.spec.qos_class()));
                status
            }),
        ])
    }
}

/// How a pod looks at a glance (the page gives each a colour and a shape): its STATUS
/// folded into the few states a reader tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Pending,
    Creating,
    Running,
    NotReady,
    Completed,
    PullError,
    Crash,
    Terminating,
    Failed,
}

impl Look {
    pub fn of(status: &str, ready: bool) -> Look {
        match status {
            "Pending" | "SchedulingGated" => Look::Pending,
            "ContainerCreating" | "PodInitializing" => Look::Creating,
            s if s.starts_with("Init:") && !s.contains("Err") && !s.contains("Crash") && !s.contains("BackOff") => Look::Creating,
            "Running" if ready => Look::Running,
            "Running" | "NotReady" => Look::NotReady,
            "Completed" => Look::Completed,
            "ErrImagePull" | "ImagePullBackOff" | "ErrImageNeverPull" | "InvalidImageName" => Look::PullError,
            "Terminating" => Look::Terminating,
            s if s.contains("ErrImage") || s.contains("ImagePull") => Look::PullError,
            "CrashLoopBackOff" | "Error" | "OOMKilled" | "StartError" | "RunContainerError" => Look::Crash,
            s if s.contains("CrashLoopBackOff") || s.contains("Error") => Look::Crash,
            _ => Look::Failed,
        }
    }

    /// How a pod is drawn, from its unformatted state (`Pod::state`). No clock goes into
    /// it, so the look is the pod's alone and the store can keep it.
    pub fn of_pod(p: &Pod) -> Look {
        if p.is_terminating() {
            Look::Terminating
        } else if p.node.is_empty() {
            Look::Pending
        } else if p.is_ready() {
            Look::Running
        } else {
            let st = p.state();
            Look::of(&st.status, st.total > 0 && st.ready == st.total)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rare_text_keeps_nothing_for_empty_and_prints_what_it_holds() {
        let mut t = RareText::from(String::new());
        assert_eq!((t.0.is_none(), t.as_str(), t.is_empty()), (true, "", true));
        t.set("back-off 10s".into());
        assert_eq!((t.to_string(), t.is_empty()), ("back-off 10s".to_string(), false));
        t.set(String::new());
        assert!(t.0.is_none(), "an empty text frees its box");
        assert_eq!(std::mem::size_of::<RareText>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn a_nominated_node_is_kept_apart_and_clearing_it_drops_the_box() {
        let mut s = PodStatus::default();
        assert_eq!((s.reason(), s.message(), s.nominated_node_name()), ("", "", ""));
        s.nominate("node-1");
        assert_eq!(s.nominated_node_name(), "node-1");
        assert_eq!(s.to_value().get("nominatedNodeName").and_then(Value::as_str), Some("node-1"));
        s.nominate("");
        assert!(s.rare.is_none());
        assert!(s.to_value().get("nominatedNodeName").is_none());
    }

    #[test]
    fn a_condition_is_three_words_its_reason_printed_as_the_api_spells_it() {
        // Every pod holds five conditions: a 16-byte reason in each was 80 bytes a pod, a
        // 64-bit message key 40.
        assert_eq!(std::mem::size_of::<Condition>(), 3 * std::mem::size_of::<u64>());
        let mut s = PodStatus::default();
        s.set_condition(PodCondition::PodScheduled, false, ConditionReason::Unschedulable, "0/1 nodes are available", 3);
        let v = s.to_value();
        let c = &v.get("conditions").map(Value::as_seq).expect("conditions")[0];
        assert_eq!(c.get("reason").and_then(Value::as_str), Some("Unschedulable"));
        s.set_condition(PodCondition::PodScheduled, true, ConditionReason::None, "", 4);
        let v = s.to_value();
        let c = &v.get("conditions").map(Value::as_seq).expect("conditions")[0];
        assert_eq!(c.get("reason"), None, "an empty reason is not printed");
    }

    #[test]
    fn a_parsed_spec_keeps_no_spare_room_in_its_map() {
        let mut raw = Value::Map(Vec::with_capacity(16));
        raw.set("containers", Value::Seq(vec![]));
        raw.set("priority", Value::Int(0));
        let spec = PodSpec::from_value(raw);
        let Value::Map(m) = &*spec.raw else { panic!("a map") };
        assert_eq!(m.capacity(), m.len());
    }

    #[test]
    fn a_stateful_pod_shares_the_first_ones_value_and_writes_its_own_hostname_and_claim() {
        let spec = |host: &str| {
            let text = format!(
                "hostname: {host}\nsubdomain: nginx\ncontainers:\n- name: db\n  image: nginx\nvolumes:\n- name: cache\n  emptyDir: {{}}\n- name: www\n  persistentVolumeClaim:\n    claimName: www-{host}\n"
            );
            PodSpec::from_value(crate::model::decode::untyped(&crate::yaml::parse_stream(&text).docs[0].root))
        };
        let templates: Rc<[String]> = vec!["www".to_string()].into();
        let mut first = spec("web-0");
        first.own = Own::Ordinal { hostname: "web-0".into(), claim_templates: templates.clone() };
        let second = first.for_ordinal("web-1", &templates);
        assert!(Rc::ptr_eq(&first.raw, &second.raw) && Rc::ptr_eq(&first.containers, &second.containers));
        assert_eq!(*second.written(), *spec("web-1").raw, "written as if made on its own");
        assert_eq!(*first.written(), *spec("web-0").raw);
        assert_eq!((second.hostname(), second.subdomain()), (Some("web-1"), Some("nginx")));
        assert_eq!(second.claims(), ["www-web-1"]);
        assert_eq!(first.claims(), ["www-web-0"]);
    }

    fn pod(containers: usize) -> Pod {
        let c = Container {
            name: "app".into(),
            image: "nginx".into(),
            pull_policy: PullPolicy::Always,
            command: vec![],
            args: vec![],
            ports: vec![],
            env: vec![],
            env_from: vec![],
            mounts: vec![],
            cpu_request_m: None,
            mem_request: None,
            cpu_limit_m: None,
            mem_limit: None,
            sidecar: false,
            stdin: false,
            readiness: None,
            liveness: None,
            startup: None,
            post_start: None,
            termination_path: None,
            fallback_to_logs: false,
        };
        Pod {
            meta: ObjectMeta { name: "p".into(), ..Default::default() },
            spec: Rc::new(PodSpec {
                containers: vec![c; containers].into(),
                init_containers: Rc::from([]),
                ephemeral_containers: vec![],
                restart_policy: RestartPolicy::Always,
                grace_secs: 30,
                node_name: String::new(),
                node_selector: Labels::default(),
                required_affinity: None,
                preferred_affinity: vec![],
                tolerations: Rc::from([]),
                volumes: vec![],
                pod_affinity: None,
                priority: 0,
                never_preempts: false,
                raw: Rc::new(Value::Map(vec![])),
                own: Own::Nothing,
            }),
            node: "".into(),
            status: PodStatus::default(),
            runtime: PodRuntime::default(),
            token: None,
        }
    }

    #[test]
    fn a_keyed_message_is_worded_only_when_its_key_changes_and_any_other_write_forgets_the_key() {
        let key = |k| std::num::NonZeroU32::new(k).expect("not zero");
        let mut s = PodStatus::default();
        s.set_condition_keyed(
            PodCondition::Ready,
            false,
            ConditionReason::ContainersNotReady,
            key(1),
            || Rc::new("containers with unready status: [a]".into()),
            5,
        );
        s.set_condition_keyed(
            PodCondition::Ready,
            false,
            ConditionReason::ContainersNotReady,
            key(1),
            || unreachable!("same key: not worded again"),
            6,
        );
        let c = s.condition(PodCondition::Ready).expect("set");
        assert_eq!((c.message.as_str(), c.since, c.message_key), ("containers with unready status: [a]", 5, Some(key(1))));
        s.set_condition_keyed(PodCondition::Ready, true, ConditionReason::None, key(2), Rc::default, 7);
        let c = s.condition(PodCondition::Ready).expect("set");
        assert_eq!((c.message.as_str(), c.status, c.since, s.ready), ("", true, 7, true));
        // Another writer (the node lifecycle controller) words it itself: the key is gone.
        s.set_condition(PodCondition::Ready, false, ConditionReason::None, "", 8);
        let mut worded = false;
        s.set_condition_keyed(
            PodCondition::Ready,
            false,
            ConditionReason::ContainersNotReady,
            key(2),
            || {
                worded = true;
                Rc::new("again".into())
            },
            9,
        );
        assert!(worded);
        assert_eq!(s.condition(PodCondition::Ready).map(|c| c.message.as_str()), Some("again"));
    }

    #[test]
    fn unscheduled_pod_is_pending() {
        let p = pod(1);
        assert_eq!(p.summary(0), PodSummary { ready: "0/1".into(), status: "Pending".into(), restarts: "0".into() });
    }

    #[test]
    fn first_container_reason_wins() {
        let mut p = pod(2);
        p.status.statuses = vec![
            ContainerStatus::waiting("a".into(), "x".into(), "ErrImagePull"),
            ContainerStatus::waiting("b".into(), "y".into(), "ContainerCreating"),
        ];
        assert_eq!(p.summary(0).status, "ErrImagePull");
    }

    #[test]
    fn restarts_show_how_long_ago() {
        let mut p = pod(1);
        p.status.phase = Phase::Running;
        let mut cs = ContainerStatus::waiting("a".into(), "x".into(), "");
        cs.state = ContainerState::Running { started: 50_000 };
        cs.ready = true;
        cs.restart_count = 3;
        cs.last_terminated = Some(Box::new(Terminated {
            container_id: None,
            exit_code: 1,
            reason: "Error".into(),
            message: String::new(),
            started: 0,
            finished: 59_000,
        }));
        p.status.statuses = vec![cs];
        assert_eq!(p.summary(100_000), PodSummary { ready: "1/1".into(), status: "Running".into(), restarts: "3 (41s ago)".into() });
    }

    #[test]
    fn deleting_pod_is_terminating() {
        let mut p = pod(1);
        p.status.phase = Phase::Running;
        p.meta.deletion = Some(5);
        assert_eq!(p.summary(10).status, "Terminating");
    }

    #[test]
    fn tolerations_match_taints() {
        let t = Toleration {
            key: "node-role.kubernetes.io/control-plane".into(),
            operator: "Exists".into(),
            value: String::new(),
            effect: "NoSchedule".into(),
            seconds: None,
        };
        assert!(t.tolerates("node-role.kubernetes.io/control-plane", "", "NoSchedule"));
        assert!(!t.tolerates("other", "", "NoSchedule"));
        let all = Toleration { key: String::new(), operator: "Exists".into(), value: String::new(), effect: String::new(), seconds: None };
        assert!(all.tolerates("anything", "v", "NoExecute"));
    }
}
