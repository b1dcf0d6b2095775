//! The API server's write path: create, update and delete of decoded, defaulted and
//! validated objects; uids, resource versions and generations; and the Service
//! allocators (ClusterIP in 10.96.0.0/12, NodePort in 30000-32767).

pub mod admission;
pub mod aggregator;
pub mod authorizer;
pub mod bootstrappolicy;
pub mod cascade;
pub mod clusterroleaggregation;
pub mod customresource;
pub mod eviction;
pub mod limitranger;
pub mod priority;
pub mod priorityclass;
pub mod resourcequota;
pub mod root_ca;
pub mod serviceaccount;
pub mod storage;

use crate::api::Api;
use crate::model::pod::{ConditionReason, PodCondition};
use crate::model::pod::{Pod, PodRuntime, PodSpec, PodStatus};
use crate::model::service::{Service, ServicePort, TargetPort};
use crate::model::validation::FieldError;
use crate::model::{Kind, Labels, Object, ObjectMeta};
use crate::net::{format_ipv4, parse_ipv4};
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
    /// 409: a write whose resourceVersion is not the stored one (optimistic concurrency).
    Conflict { resource: String, name: String },
    /// 400 with the server's message.
    BadRequest(String),
    /// 403 with the server's message.
    Forbidden(String),
    /// 404 for a resource the server does not serve (scaling a kind without a scale).
    NoResource,
    /// 429: an eviction a disruption budget refuses.
    TooManyRequests(String),
    /// 500 with the server's message.
    Internal(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(None))
    }
}

impl std::error::Error for ApiError {}

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
            ApiError::Conflict { resource, name } => format!(
                "Error from server (Conflict): {}",
                wrap(format!("Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"))
            ),
            ApiError::BadRequest(msg) => format!("Error from server (BadRequest): {}", wrap(msg.clone())),
            ApiError::Forbidden(msg) => format!("Error from server (Forbidden): {}", wrap(msg.clone())),
            ApiError::TooManyRequests(msg) => format!("Error from server (TooManyRequests): {}", wrap(msg.clone())),
            ApiError::Internal(msg) => format!("Error from server (InternalError): {}", wrap(msg.clone())),
            ApiError::NoResource => {
                format!("Error from server (NotFound): {}", wrap("the server could not find the requested resource".into()))
            }
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

pub(crate) fn install_kubernetes_service(api: &mut Api) {
    let mut meta = api.new_meta("kubernetes", "default");
    meta.labels.insert("component", "apiserver");
    meta.labels.insert("provider", "kubernetes");
    meta.resource_version = api.store.next_rv();
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
    api.store.services.insert(("default".into(), "kubernetes".into()), svc);
}

/// Creates an object from its decoded, defaulted and validated value.
pub fn create(api: &mut Api, kind: Kind, ns: &str, mut obj: Value) -> Result<String, ApiError> {
    let mut name = obj.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    if name.is_empty() {
        let prefix = obj.get("metadata").and_then(|m| m.get("generateName")).and_then(Value::as_str).unwrap_or("");
        let mut base: String = prefix.chars().take(58).collect();
        base.push_str(&api.rng.k8s_string(5));
        name = base;
    }
    if api.store.exists(kind, ns, &name) {
        return Err(ApiError::AlreadyExists { resource: kind.resource_name(), name });
    }
    if kind == Kind::Pod && api.store.pod_count() >= MAX_PODS {
        return Err(ApiError::Forbidden(pods_forbidden(&name)));
    }
    let mut meta = api.new_meta(&name, if kind.info().namespaced { ns } else { "" });
    let (labels, annotations) = meta_from(&obj);
    meta.labels = labels;
    meta.annotations = annotations;
    meta.generate_name = obj.get("metadata").and_then(|m| m.get("generateName")).and_then(Value::as_str).unwrap_or("").into();
    if kind == Kind::LimitRange {
        limitranger::default_items(&mut obj);
    }
    if kind == Kind::Ingress {
        admission::default_ingress_class(&api.store, &mut obj);
    }
    let spec = crate::model::generic::body_of(kind, &obj);
    if kind == Kind::PersistentVolumeClaim {
        limitranger::validate_claim(&api.store, ns, &spec)
            .map_err(|e| ApiError::Forbidden(format!("persistentvolumeclaims \"{name}\" is forbidden: {e}")))?;
    }
    resourcequota::admit_object(&api.store, kind, ns, &name, &spec).map_err(ApiError::Forbidden)?;
    if kind == Kind::PriorityClass {
        priorityclass::admit(&api.store, &name, &obj, true).map_err(ApiError::Forbidden)?;
    }
    match kind {
        Kind::Pod => {
            let mut spec = spec;
            if let Some(note) = admission::admit_pod(&api.store, ns, &name, &mut spec).map_err(ApiError::Forbidden)? {
                meta.annotations.insert(limitranger::ANNOTATION, &note);
            }
            let spec = PodSpec::from_value(spec);
            create_pod(api, meta, Rc::new(spec));
        }
        Kind::Service => {
            let svc = build_service(api, meta, spec, None)?;
            api.store.services.insert((ns.to_string(), name.clone()), svc);
        }
        Kind::Node => {
            let node = crate::presets::node_from_manifest(&name, meta.labels.clone(), &obj, api.store.nodes.len());
            api.add_node(node);
            return Ok(name);
        }
        Kind::Namespace => {
            api.create_namespace(&name);
            serviceaccount::create_default(api, &name);
            root_ca::publish(api, &name);
            if let Some(n) = api.store.namespaces.get_mut(&name) {
                for (k, v) in meta.labels.0.iter() {
                    n.meta.labels.insert(k, v);
                }
                n.meta.annotations = meta.annotations;
            }
            return Ok(name);
        }
        _ => {
            if kind == Kind::Job {
                job_selector(&mut obj, &name, &meta.uid);
                generated_selector_holds(&obj, &name, &meta.uid)?;
                if meta.labels.is_empty() {
                    meta.labels = meta_from(&obj.get("spec").and_then(|s| s.get("template")).cloned().unwrap_or(Value::Null)).0;
                }
            }
            if kind == Kind::DaemonSet {
                // `daemonSetStrategy.PrepareForCreate`: the template's generation.
                meta.annotations.insert(crate::model::daemonset::TEMPLATE_GENERATION_ANNOTATION, "1");
            }
            storage::prepare_create(api, kind, &mut meta, &mut obj);
            // Endpoints, ConfigMaps, Secrets and the storage kinds carry no generation;
            // every other kind starts at 1.
            meta.generation = if crate::model::stored::is_stored(kind) {
                i64::from(crate::model::stored::has_generation(kind))
            } else {
                i64::from(!matches!(
                    kind,
                    Kind::Endpoints
                        | Kind::ConfigMap
                        | Kind::Secret
                        | Kind::PersistentVolumeClaim
                        | Kind::PersistentVolume
                        | Kind::StorageClass
                ))
            };
            meta.resource_version = api.store.next_rv();
            let mut object = Object::new(kind, meta, &obj);
            if let Object::Written(g) = &mut object {
                g.status = storage::initial_status(kind);
            }
            api.store.objects.insert((kind, ns.to_string(), name.clone()), object);
            written_hook(api, kind, ns, &name);
        }
    }
    Ok(name)
}

/// Creates a pod and hands it to the scheduler (or straight to its node's kubelet when
/// `spec.nodeName` is set, as the API server's binding-free path does).
pub fn create_pod(api: &mut Api, meta: ObjectMeta, spec: Rc<PodSpec>) -> crate::store::PodId {
    let node = spec.node_name.clone();
    if meta.controller().is_none() && !meta.labels.is_empty() {
        // A bare pod may be adopted by a ReplicaSet whose selector matches it.
        api.orphans_may_exist = true;
        let replicasets: Vec<String> = api.store.replicasets(Some(&meta.namespace)).map(|r| r.meta.name.clone()).collect();
        for rs in replicasets {
            api.queues.replicasets.add(&meta.namespace, &rs);
        }
    }
    for claim in spec.claims() {
        // The PV controller tells a waiting claim which pod it waits for.
        api.queue_claim(&meta.namespace, claim);
    }
    let token = serviceaccount::token_volume(&api.store, &meta, &spec);
    let pod = Pod { meta, spec, node: "".into(), status: PodStatus::default(), runtime: PodRuntime::default(), token };
    let (id, serial) = api.store.insert_pod(pod);
    let now = api.now;
    if !node.is_empty() && api.store.nodes.contains_key(&node) {
        let (cpu, mem) = api.store.pod(id).expect("inserted").spec.requests();
        let slot = api.store.nodes.slot_of(&node);
        let p = api.store.pod_mut(id).expect("inserted");
        let shared: std::rc::Rc<str> = node.as_str().into();
        p.node = shared.clone();
        p.runtime.node_slot = slot;
        p.status.set_condition(PodCondition::PodScheduled, true, ConditionReason::None, "", now);
        api.store.bind_pod(id, &shared);
        api.store.nodes.get_mut(&node).expect("checked").account(cpu, mem, 1);
        api.queues.scheduling.pod_bound_elsewhere();
        crate::kubelet::pod_bound(api, id, serial);
    } else if node.is_empty() {
        api.queues.scheduling.enqueue(id, serial);
    } else {
        // No kubelet will ever run it: the pod garbage collector deletes it.
        api.pod_orphaned(&node);
    }
    id
}

/// Replaces an existing object's user-owned fields, as `kubectl apply` patches them.
/// The API server's precondition on an update: a resourceVersion the writer sends must be
/// the stored one, else someone wrote in between and the write is refused.
pub fn check_resource_version(api: &Api, kind: Kind, ns: &str, name: &str, sent: Option<&str>) -> Result<(), ApiError> {
    let Some(sent) = sent.filter(|s| !s.is_empty()) else { return Ok(()) };
    let stored = match kind {
        Kind::Pod => api.store.pod_id(ns, name).and_then(|id| api.store.pod(id)).map(|p| p.meta.resource_version),
        Kind::Service => api.store.services.get(&(ns.to_string(), name.to_string())).map(|s| s.meta.resource_version),
        Kind::Node => api.store.nodes.get(name).map(|n| n.meta.resource_version),
        Kind::Namespace => api.store.namespaces.get(name).map(|n| n.meta.resource_version),
        _ => api.store.object(kind, ns, name).map(|o| o.meta().resource_version),
    };
    match stored {
        Some(rv) if rv.to_string() != sent => Err(ApiError::Conflict { resource: kind.resource_name(), name: name.to_string() }),
        _ => Ok(()),
    }
}

pub fn update(api: &mut Api, kind: Kind, ns: &str, name: &str, mut obj: Value) -> Result<Written, ApiError> {
    let (mut labels, annotations) = meta_from(&obj);
    if kind == Kind::Job {
        job_update(api, ns, name, &mut obj, &mut labels)?;
    }
    if kind == Kind::PriorityClass {
        priorityclass::admit(&api.store, name, &obj, false).map_err(ApiError::Forbidden)?;
    }
    let spec = crate::model::generic::body_of(kind, &obj);
    let rv = api.store.next_rv();
    match kind {
        Kind::Pod => {
            let id = api.store.pod_id(ns, name).expect("caller checked existence");
            let old = api.store.pod(id).expect("exists").clone();
            // What admission added when the pod was created stays, as a three-way merge
            // keeps fields the applied text never named.
            let mut spec = spec;
            // The binding shows as `spec.nodeName` and the token volume admission added
            // as a volume; kubeplay keeps both apart from the spec, so a pod's own
            // manifest applied back (`get pod -o yaml`, then `apply -f`) changes nothing.
            // (A `nodeName` the pod was written with is part of its spec, and stays.)
            let bound_only = old.spec.raw.get("nodeName").is_none();
            if bound_only && !old.node.is_empty() && spec.get("nodeName").and_then(Value::as_str) == Some(&*old.node) {
                spec.remove("nodeName");
            }
            if let Some(t) = &old.token {
                crate::model::token_volume::remove_from_spec(t, &mut spec);
            }
            admission::mutate_pod(&api.store, ns, &mut spec);
            let mut annotations = annotations;
            if let Some(note) = old.meta.annotations.get(limitranger::ANNOTATION) {
                annotations.insert(limitranger::ANNOTATION, note);
            }
            let new_spec = PodSpec::from_value(spec);
            // The spec as written (a DaemonSet pod's node affinity included), compared
            // as JSON is: by field, not in the order a text wrote them.
            let (new_raw, old_raw) = (new_spec.raw.sorted(), old.spec.written().sorted());
            if strip_images(&new_raw) != strip_images(&old_raw) {
                return Err(ApiError::Invalid {
                    kind: "Pod",
                    name: name.into(),
                    causes: vec![FieldError {
                        path: "spec".into(),
                        text: "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into(),
                    }],
                });
            }
            let changed = new_raw != old_raw || labels != old.meta.labels || annotations != old.meta.annotations;
            if !changed {
                return Ok(Written::Unchanged);
            }
            let relabelled = labels != old.meta.labels;
            api.store.set_pod_labels(id, labels);
            if relabelled {
                pod_relabelled(api, id);
            }
            let p = api.store.pod_mut(id).expect("exists");
            p.meta.annotations = annotations;
            p.meta.resource_version = rv;
            if new_raw != old_raw {
                p.spec = Rc::new(new_spec);
            }
            Ok(Written::Configured)
        }
        Kind::Service => {
            let key = (ns.to_string(), name.to_string());
            let old = api.store.services.get(&key).expect("caller checked existence").clone();
            let mut meta = old.meta.clone();
            let mut spec = spec;
            if spec.get("clusterIP").and_then(Value::as_str) == Some("None") {
                // As `build_service` stored it: a headless Service applied again is unchanged.
                spec.set("clusterIP", Value::str("None"));
                spec.set("clusterIPs", Value::Seq(vec![Value::str("None")]));
            }
            let unchanged = spec == old.raw_spec && labels == meta.labels && annotations == meta.annotations;
            if unchanged {
                return Ok(Written::Unchanged);
            }
            meta.labels = labels;
            meta.annotations = annotations;
            meta.resource_version = rv;
            let svc = build_service(api, meta, spec, Some(&old))?;
            api.store.services.insert(key, svc);
            Ok(Written::Configured)
        }
        Kind::Node => {
            let n = api.store.nodes.get_mut(name).expect("caller checked existence");
            if labels == n.meta.labels && annotations == n.meta.annotations {
                return Ok(Written::Unchanged);
            }
            n.meta.labels = labels;
            n.meta.annotations = annotations;
            n.meta.resource_version = rv;
            api.queues.scheduling.nodes_changed();
            Ok(Written::Configured)
        }
        Kind::Namespace => {
            let n = api.store.namespaces.get_mut(name).expect("caller checked existence");
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
            let Some(g) = api.store.object_mut(kind, ns, name) else {
                return Err(ApiError::NotFound { resource: kind.resource_name(), name: name.into() });
            };
            let mut spec = spec;
            storage::keep_controller_fields(kind, g.spec_raw(), &mut spec);
            if matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::DaemonSet) {
                let old_sel = g.spec_raw().get("selector").cloned();
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
            if kind == Kind::StatefulSet {
                let mut errs = crate::model::validation::Errors::default();
                crate::model::validation::apps::statefulset_update(&mut errs, g.spec_raw(), &spec);
                if !errs.is_empty() {
                    return Err(ApiError::Invalid { kind: "StatefulSet", name: name.into(), causes: errs.0 });
                }
            }
            if matches!(kind, Kind::ConfigMap | Kind::Secret) {
                let mut errs = crate::model::validation::Errors::default();
                crate::model::validation::config::update(&mut errs, kind == Kind::Secret, g.spec_raw(), &spec);
                if !errs.is_empty() {
                    return Err(ApiError::Invalid { kind: kind.info().name, name: name.into(), causes: errs.0 });
                }
            }
            let spec_changed = spec != *g.spec_raw();
            // `daemonSetStrategy.PrepareForUpdate`: a new template is a new template generation.
            let template_generation = match &*g {
                crate::model::Object::DaemonSet(d) if spec.get("template") != d.spec.raw().get("template") => {
                    Some(d.template_generation() + 1)
                }
                crate::model::Object::DaemonSet(d) => Some(d.template_generation()),
                _ => None,
            };
            let meta = g.meta();
            let mut annotations = annotations;
            storage::keep_controller_annotations(kind, &meta.annotations, &mut annotations);
            // What the controllers wrote (a Deployment's revision, a DaemonSet's template
            // generation) is no part of the applied text: a three-way merge leaves it, so
            // it does not make an unchanged text `configured`.
            let mut compared = annotations.clone();
            for (k, v) in
                meta.annotations.0.iter().filter(|(k, _)| {
                    k.starts_with("deployment.kubernetes.io/") || k == crate::model::daemonset::TEMPLATE_GENERATION_ANNOTATION
                })
            {
                if compared.get(k).is_none() {
                    compared.insert(k, v);
                }
            }
            if !spec_changed && labels == meta.labels && compared == meta.annotations {
                return Ok(Written::Unchanged);
            }
            let before = (spec_changed && matches!(kind, Kind::ConfigMap | Kind::Secret)).then(|| g.spec_raw().clone());
            if spec_changed {
                g.set_spec(spec);
            }
            let meta = g.meta_mut();
            if spec_changed && meta.generation > 0 {
                meta.generation += 1;
            }
            meta.labels = labels;
            // Annotations the controllers own stay.
            let kept: Vec<(String, String)> = meta
                .annotations
                .0
                .iter()
                .filter(|(k, _)| k.starts_with("deployment.kubernetes.io/") || storage::controller_annotation(k))
                .cloned()
                .collect();
            meta.annotations = annotations;
            for (k, v) in kept {
                meta.annotations.insert(&k, &v);
            }
            if let Some(n) = template_generation {
                meta.annotations.insert(crate::model::daemonset::TEMPLATE_GENERATION_ANNOTATION, &n.to_string());
            }
            meta.resource_version = rv;
            written_hook(api, kind, ns, name);
            if let Some(before) = before {
                api.store.config_changes.insert((kind, ns.to_string(), name.to_string()), (api.now, before));
            }
            if kind == Kind::ConfigMap {
                root_ca::updated(api, ns, name);
            }
            Ok(Written::Configured)
        }
    }
}

/// `generateSelector`, run by the API server once the Job has its uid.
fn job_selector(obj: &mut Value, name: &str, uid: &str) {
    crate::model::job::generate_selector(obj.entry_map("spec"), name, uid);
}

/// `ValidateGeneratedSelector`: unless `manualSelector` is set, the template carries the
/// generated labels with the Job's own values and the selector is the generated one.
fn generated_selector_holds(obj: &Value, name: &str, uid: &str) -> Result<(), ApiError> {
    let spec = obj.get("spec").cloned().unwrap_or(Value::Null);
    if spec.get("manualSelector").and_then(Value::as_bool) == Some(true) {
        return Ok(());
    }
    let labels = Labels::from_value(spec.get("template").and_then(|t| t.get("metadata")).and_then(|m| m.get("labels")));
    let mut causes = vec![];
    use crate::model::job::{CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL};
    for (key, want) in
        [(LEGACY_CONTROLLER_UID_LABEL, uid), (LEGACY_JOB_NAME_LABEL, name), (CONTROLLER_UID_LABEL, uid), (JOB_NAME_LABEL, name)]
    {
        if let Some(have) = labels.get(key).filter(|have| *have != want) {
            let path = format!("spec.template.metadata.labels[{key}]");
            let text = format!("{path}: Invalid value: {}: must be '{want}'", crate::model::validation::go_quote(have));
            causes.push(FieldError { path, text });
        }
    }
    let selector = crate::model::deployment::LabelSelector::from_value(spec.get("selector"));
    let mut expected = Labels::default();
    for (k, v) in [(CONTROLLER_UID_LABEL, uid), (JOB_NAME_LABEL, name), (LEGACY_CONTROLLER_UID_LABEL, uid), (LEGACY_JOB_NAME_LABEL, name)] {
        expected.insert(k, v);
    }
    if !selector.matches(&expected) {
        let text = format!("spec.selector: Invalid value: {}: `selector` not auto-generated", selector_repr(spec.get("selector")));
        causes.push(FieldError { path: "spec.selector".into(), text });
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid { kind: "Job", name: name.into(), causes })
    }
}

/// A Job written again: its generated selector and labels are kept, and the fields a
/// Job may not change (`ValidateJobUpdate`) are checked.
fn job_update(api: &Api, ns: &str, name: &str, obj: &mut Value, labels: &mut Labels) -> Result<(), ApiError> {
    let Some(old) = api.store.job(ns, name) else { return Ok(()) };
    job_selector(obj, name, &old.meta.uid);
    if labels.is_empty() {
        *labels = old.meta.labels.clone();
    }
    let new_spec = obj.get("spec").cloned().unwrap_or(Value::Null);
    let mut causes = vec![];
    for (field, repr) in [("template", "core.PodTemplateSpec{…}"), ("completionMode", ""), ("selector", "")] {
        let (was, now) = (old.spec.raw().get(field), new_spec.get(field));
        if was != now {
            let shown = match (repr, now) {
                ("", Some(v)) if field == "selector" => selector_repr(Some(v)),
                ("", Some(v)) => crate::model::validation::go_repr(v),
                _ => repr.to_string(),
            };
            causes.push(FieldError {
                path: format!("spec.{field}"),
                text: format!("spec.{field}: Invalid value: {shown}: field is immutable"),
            });
        }
    }
    let completions = |s: &Value| s.get("completions").and_then(Value::as_i64);
    let (was, now) = (completions(old.spec.raw()), completions(&new_spec));
    // Completions may change only together with parallelism, in an Indexed Job.
    if was != now && !(old.spec.indexed && now == new_spec.get("parallelism").and_then(Value::as_i64)) {
        let shown = now.map_or("null".to_string(), |n| n.to_string());
        causes.push(FieldError {
            path: "spec.completions".into(),
            text: format!("spec.completions: Invalid value: {shown}: field is immutable"),
        });
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid { kind: "Job", name: name.into(), causes })
    }
}

fn build_service(api: &mut Api, meta: ObjectMeta, mut spec: Value, old: Option<&Service>) -> Result<Service, ApiError> {
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
            if !mine && cluster_ip_used(api, v) {
                return Err(invalid("spec.clusterIPs".into(), format!("spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated")));
            }
            Some(v)
        }
        _ => match old.and_then(|o| o.cluster_ip) {
            Some(ip) => Some(ip),
            None => Some(allocate_cluster_ip(api)),
        },
    };
    let mut ports = Vec::new();
    let wants_node_ports =
        ty == "NodePort" || (ty == "LoadBalancer" && spec.get("allocateLoadBalancerNodePorts").and_then(Value::as_bool).unwrap_or(true));
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
                    if (!own && node_port_used(api, np)) || taken_here.contains(&np) {
                        return Err(invalid(
                            format!("spec.ports[{i}].nodePort"),
                            format!("spec.ports[{i}].nodePort: Invalid value: {np}: provided port is already allocated"),
                        ));
                    }
                    Some(np)
                }
                None => match previous {
                    Some(np) => Some(np),
                    None => Some(allocate_node_port(api, &taken_here)),
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
    let selector = spec.get("selector").and_then(Value::as_map).filter(|m| !m.is_empty()).map(|_| Labels::from_value(spec.get("selector")));
    let external_ips =
        spec.get("externalIPs").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|v| v.as_str().map(String::from)).collect();
    let lb_ingress = if ty == "LoadBalancer" {
        match old.and_then(|o| o.lb_ingress.clone()) {
            Some(ip) => Some(ip),
            None => {
                api.lb_count += 1;
                api.preset.load_balancer_ingress(api.lb_count - 1)
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
        meta: ObjectMeta { resource_version: api.store.next_rv(), ..meta },
        ty,
        cluster_ip,
        ports,
        selector,
        external_ips,
        lb_ingress,
        raw_spec: spec,
    })
}

fn cluster_ip_used(api: &Api, ip: u32) -> bool {
    api.store.services.values().any(|s| s.cluster_ip == Some(ip))
}

fn node_port_used(api: &Api, port: u16) -> bool {
    api.store.services.values().any(|s| s.ports.iter().any(|p| p.node_port == Some(port)))
}

/// A random free address, avoiding the first 256 (kept for static picks).
fn allocate_cluster_ip(api: &mut Api) -> u32 {
    let offset = 256u32;
    for _ in 0..1000 {
        let ip = SERVICE_CIDR_BASE + offset + api.rng.below(SERVICE_CIDR_SIZE - offset - 1);
        if !cluster_ip_used(api, ip) {
            return ip;
        }
    }
    (SERVICE_CIDR_BASE + 2..SERVICE_CIDR_BASE + SERVICE_CIDR_SIZE - 1)
        .find(|ip| !cluster_ip_used(api, *ip))
        .unwrap_or(SERVICE_CIDR_BASE + 2)
}

/// A random free port from the upper band first (30086-32767), then any.
fn allocate_node_port(api: &mut Api, also_taken: &[u16]) -> u16 {
    let low = NODE_PORT_MIN + 86;
    for _ in 0..1000 {
        let p = low + api.rng.below(u32::from(NODE_PORT_MAX - low + 1)) as u16;
        if !node_port_used(api, p) && !also_taken.contains(&p) {
            return p;
        }
    }
    (NODE_PORT_MIN..=NODE_PORT_MAX).find(|p| !node_port_used(api, *p) && !also_taken.contains(p)).unwrap_or(NODE_PORT_MAX)
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
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}",
        crate::model::validation::go_repr(&labels)
    )
}

/// Why a pod beyond `MAX_PODS` is refused, worded as a quota's refusal (`name` is the
/// generateName prefix for a controller's pods).
pub fn pods_forbidden(name: &str) -> String {
    format!("pods \"{name}\" is forbidden: kubeplay holds at most {MAX_PODS} pods")
}

pub fn cluster_ip_text(ip: u32) -> String {
    format_ipv4(ip)
}

/// Deletes an object. Pods go through graceful termination (`grace` seconds, the
/// pod's own period when `None`); returns whether the object is already gone.
pub fn delete(api: &mut Api, kind: Kind, ns: &str, name: &str, grace: Option<i64>) -> Result<bool, ApiError> {
    delete_with(api, kind, ns, name, grace, cascade::Cascade::Background)
}

/// `delete` with kubectl's `--cascade` choice for the object's dependents.
pub fn delete_with(
    api: &mut Api,
    kind: Kind,
    ns: &str,
    name: &str,
    grace: Option<i64>,
    cascade: cascade::Cascade,
) -> Result<bool, ApiError> {
    let not_found = || ApiError::NotFound { resource: kind.resource_name(), name: name.to_string() };
    match kind {
        Kind::Pod => {
            let id = api.store.pod_id(ns, name).ok_or_else(not_found)?;
            if crate::kubelet::mirror::is_mirror(api.store.pod(id).expect("found")) {
                crate::kubelet::mirror::deleted(api, id);
                return Ok(true);
            }
            let grace = grace.unwrap_or_else(|| api.store.pod(id).expect("found").spec.grace_secs);
            Ok(crate::kubelet::terminate(api, id, grace))
        }
        Kind::Service => {
            api.store.services.remove(&(ns.to_string(), name.to_string())).ok_or_else(not_found)?;
            Ok(true)
        }
        Kind::Endpoints | Kind::EndpointSlice => {
            let written = api.store.objects.remove(kind, ns, name).is_some();
            // The endpoints controller's own object is deleted and at once written
            // again: the Service's endpoints stay.
            if written || crate::store::endpoints::of_service(&api.store, kind, ns, name).is_some() {
                Ok(true)
            } else {
                Err(not_found())
            }
        }
        Kind::Node => {
            api.store.nodes.remove(name).ok_or_else(not_found)?;
            // The pod garbage collector deletes pods bound to a node that no longer exists.
            let orphans: Vec<_> = api.store.pods_by_node.remove(name).map(|s| s.into_iter().collect()).unwrap_or_default();
            for id in orphans {
                crate::kubelet::remove(api, id);
            }
            api.queues.scheduling.nodes_changed();
            Ok(true)
        }
        Kind::Namespace => {
            if ["default", "kube-system", "kube-node-lease"].contains(&name) {
                return Err(forbidden_namespace(name));
            }
            if !api.store.namespaces.contains_key(name) {
                return Err(not_found());
            }
            for id in api.store.pods_in(Some(name)) {
                crate::kubelet::remove(api, id);
            }
            api.store.services.retain(|(n, _), _| n != name);
            api.store.objects.retain(|(_, n, _), _| n != name);
            api.store.custom.retain(|(_, n, _), _| n != name);
            // Its claims' volumes are released or deleted.
            api.queues.volumes = true;
            api.store.namespaces.remove(name);
            Ok(true)
        }
        Kind::Event => api.events.delete(ns, name).then_some(true).ok_or_else(not_found),
        Kind::PersistentVolumeClaim | Kind::PersistentVolume => storage::delete(api, kind, ns, name).ok_or_else(not_found),
        _ => {
            let g = api.store.objects.remove(kind, ns, name).ok_or_else(not_found)?;
            // Its controller forgets what it kept of it when it next looks.
            if matches!(
                kind,
                Kind::Deployment
                    | Kind::ReplicaSet
                    | Kind::ReplicationController
                    | Kind::DaemonSet
                    | Kind::StatefulSet
                    | Kind::Job
                    | Kind::CronJob
            ) {
                written_hook(api, kind, ns, name);
            }
            if kind == Kind::ServiceAccount {
                serviceaccount::deleted(api, ns, name);
            }
            if kind == Kind::ClusterRole {
                clusterroleaggregation::aggregate(&mut api.store, true);
            }
            if kind == Kind::CustomResourceDefinition {
                customresource::crd_deleted(api, name);
            }
            if matches!(kind, Kind::ResourceQuota | Kind::LimitRange) {
                written_hook(api, kind, ns, name);
            }
            api.store.config_changes.remove(&(kind, ns.to_string(), name.to_string()));
            if kind == Kind::ConfigMap {
                root_ca::deleted(api, ns, name);
            }
            if let Some(owner) = g.meta().controller().filter(|o| o.kind == "CronJob") {
                api.mark_dirty(Kind::CronJob, ns, owner.name.as_ref());
            }
            cascade::dependents_of(api, ns, &g.meta().uid, cascade);
            if let Some(owner) = g.meta().controller() {
                if owner.kind == "Deployment" {
                    api.queues.deployments.insert((ns.to_string(), owner.name.to_string()));
                }
            }
            Ok(true)
        }
    }
}

/// A pod's labels changed: its controller looks again (a ReplicaSet lets it go if its
/// selector no longer matches); the ReplicaSets of its namespace may adopt it.
fn pod_relabelled(api: &mut Api, id: crate::store::PodId) {
    api.pods_relabelled = true;
    api.orphans_may_exist = true;
    let Some(p) = api.store.pod(id) else { return };
    let ns = p.meta.namespace.clone();
    // Its controller's informer hears the update (`updatePod`): a StatefulSet counts its
    // pods by their revision label, and replaces one relabelled out of it.
    api.pod_changed(id);
    let replicasets: Vec<String> = api.store.replicasets(Some(&ns)).map(|r| r.meta.name.clone()).collect();
    for rs in replicasets {
        api.queues.replicasets.add(&ns, &rs);
    }
}

/// Replaces an object's labels (`kubectl label`), keeping indexes and caches true.
pub fn set_labels(api: &mut Api, kind: Kind, ns: &str, name: &str, labels: Labels) {
    let rv = api.store.next_rv();
    match kind {
        Kind::Pod => {
            if let Some(id) = api.store.pod_id(ns, name) {
                api.store.set_pod_labels(id, labels);
                pod_relabelled(api, id);
                if let Some(p) = api.store.pod_mut(id) {
                    p.meta.resource_version = rv;
                }
            }
        }
        Kind::Node => {
            if let Some(n) = api.store.nodes.get_mut(name) {
                n.meta.labels = labels;
                n.meta.resource_version = rv;
            }
            api.queues.scheduling.nodes_changed();
        }
        Kind::Service => {
            if let Some(s) = api.store.services.get_mut(&(ns.to_string(), name.to_string())) {
                s.meta.labels = labels;
                s.meta.resource_version = rv;
            }
        }
        Kind::Namespace => {
            if let Some(n) = api.store.namespaces.get_mut(name) {
                n.meta.labels = labels;
                n.meta.resource_version = rv;
            }
        }
        _ => {
            if let Some(g) = api.store.object_mut(kind, ns, name) {
                let meta = g.meta_mut();
                meta.labels = labels;
                meta.resource_version = rv;
                workload_updated(api, kind, ns, name);
            }
        }
    }
}

/// A workload's controller hears every update of it, metadata too (each controller's
/// informer enqueues the object on any update): a StatefulSet annotated makes a claim
/// gone under a pending pod again, as its next sync would.
fn workload_updated(api: &mut Api, kind: Kind, ns: &str, name: &str) {
    use Kind::*;
    if matches!(kind, Deployment | ReplicaSet | ReplicationController | DaemonSet | StatefulSet | Job | CronJob) {
        api.mark_dirty(kind, ns, name);
    }
}

/// `kubectl annotate`: replaces an object's annotations.
pub fn set_annotations(api: &mut Api, kind: Kind, ns: &str, name: &str, annotations: Labels) {
    let rv = api.store.next_rv();
    let meta = match kind {
        Kind::Pod => api.store.pod_id(ns, name).and_then(|id| api.store.pod_mut(id)).map(|p| &mut p.meta),
        Kind::Node => api.store.nodes.get_mut(name).map(|n| &mut n.meta),
        Kind::Service => api.store.services.get_mut(&(ns.to_string(), name.to_string())).map(|s| &mut s.meta),
        Kind::Namespace => api.store.namespaces.get_mut(name).map(|n| &mut n.meta),
        _ => api.store.object_mut(kind, ns, name).map(|g| g.meta_mut()),
    };
    if let Some(meta) = meta {
        meta.annotations = annotations;
        meta.resource_version = rv;
        // A Deployment's new ReplicaSet follows its annotations.
        workload_updated(api, kind, ns, name);
    }
}

/// `kubectl scale`: sets `spec.replicas` of a Deployment or ReplicaSet.
pub fn scale(api: &mut Api, kind: Kind, ns: &str, name: &str, replicas: i64) -> Result<(), ApiError> {
    if !matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::ReplicationController | Kind::StatefulSet) {
        return Err(ApiError::NoResource);
    }
    // The scale subresource's replicas are an int32, as the object's are.
    if i32::try_from(replicas).is_err() {
        return Err(ApiError::BadRequest(format!(
            "json: cannot unmarshal number {replicas} into Go struct field ScaleSpec.spec.replicas of type int32"
        )));
    }
    let rv = api.store.next_rv();
    let not_found = || ApiError::NotFound { resource: kind.resource_name(), name: name.to_string() };
    let (meta, changed) = match api.store.object_mut(kind, ns, name).ok_or_else(not_found)? {
        Object::Deployment(d) => (&mut d.meta, Rc::make_mut(&mut d.spec).edit(|s| s.set("replicas", Value::Int(replicas)))),
        Object::ReplicaSet(r) => (&mut r.meta, r.spec.edit(|s| s.set("replicas", Value::Int(replicas)))),
        Object::StatefulSet(ss) => (&mut ss.meta, Rc::make_mut(&mut ss.spec).edit(|s| s.set("replicas", Value::Int(replicas)))),
        Object::ReplicationController(rc) => {
            let changed = rc.edit(|s| s.set("replicas", Value::Int(replicas)));
            (&mut rc.rs.meta, changed)
        }
        _ => return Err(not_found()),
    };
    if changed {
        meta.generation += 1;
        meta.resource_version = rv;
    }
    written_hook(api, kind, ns, name);
    Ok(())
}

/// Turns ClientIP session affinity on or off for one Service (what
/// `kubectl patch service … sessionAffinity` does). Returns whether the Service exists.
pub fn set_session_affinity(api: &mut Api, ns: &str, service: &str, client_ip: bool) -> bool {
    let rv = api.store.next_rv();
    let Some(svc) = api.store.services.get_mut(&(ns.to_string(), service.to_string())) else { return false };
    svc.session_affinity_client_ip = client_ip;
    let affinity = if client_ip { "ClientIP" } else { "None" };
    svc.raw_spec.set("sessionAffinity", crate::value::Value::str(affinity));
    if client_ip {
        let cfg = svc.raw_spec.entry_map("sessionAffinityConfig").entry_map("clientIP");
        if cfg.get("timeoutSeconds").is_none() {
            cfg.set("timeoutSeconds", crate::value::Value::Int(10_800));
        }
    } else {
        svc.raw_spec.remove("sessionAffinityConfig");
    }
    svc.meta.resource_version = rv;
    true
}

fn forbidden_namespace(name: &str) -> ApiError {
    ApiError::Forbidden(format!("namespaces \"{name}\" is forbidden: this namespace may not be deleted"))
}

/// Queues the object's controller; a ClusterRole write runs the aggregation controller.
fn written_hook(api: &mut Api, kind: Kind, ns: &str, name: &str) {
    api.mark_dirty(kind, ns, name);
    if kind == Kind::ClusterRole {
        clusterroleaggregation::aggregate(&mut api.store, true);
    }
    if kind == Kind::CustomResourceDefinition {
        customresource::crd_written(api, name);
    }
}
