//! `kubectl describe` for pods, nodes, services, deployments, replicasets and
//! namespaces, laid out by the same tabwriter rules kubectl's describers use.

use super::args::{self, flag, FlagSpec};
use super::get::{labels_of, list, resource_args, ObjRef};
use super::tabwriter::TabWriter;
use super::Output;
use crate::model::deployment::Strategy;
use crate::model::pod::{Container, ContainerState, ContainerStatus, Phase, Pod};
use crate::model::{Kind, Labels, Object};
use crate::time::{human_duration, rfc1123z};
use crate::value::Value;
use crate::world::World;

pub(super) const FLAGS: &[FlagSpec] = &[
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("show-events", None, false),
    flag("filename", Some('f'), true),
];

pub fn describe(c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, FLAGS, "describe") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if p.positional.is_empty() {
        return Output::err("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples");
    }
    let ns = super::namespace(&p);
    if let Some((crd, names)) = super::custom::target(c, &p.positional) {
        return super::custom::describe(c, &p, &crd, &names, &ns);
    }
    let groups = match resource_args(&p.positional) {
        Ok(g) => g,
        Err(e) => return Output::err(e),
    };
    let selector = match groups.first().map(|(kind, _)| p.selector(*kind)).transpose() {
        Ok(s) => s.flatten(),
        Err(e) => return Output::err(e),
    };
    let mut docs = Vec::new();
    let mut stderr = String::new();
    let mut warnings = String::new();
    for w in groups.iter().filter_map(|(k, _)| crate::apply::deprecation_warning(*k)) {
        warnings.push_str(w);
        warnings.push('\n');
    }
    // `describe TYPE PREFIX`: a name not found describes every object whose name starts
    // with it, each followed by an empty line (`DescribeMatchingResources`).
    let prefix = match (groups.as_slice(), p.positional.get(1)) {
        ([(kind, names)], Some(arg)) if p.positional.len() == 2 && names.len() == 1 && !arg.contains('/') => Some((*kind, arg.clone())),
        _ => None,
    };
    for (kind, names) in groups {
        let namespaced = kind.info().namespaced;
        let refs: Vec<ObjRef> = if names.is_empty() {
            let mut all = list(c, kind, if p.bool("all-namespaces") || !namespaced { None } else { Some(&ns) });
            if let Some(sel) = &selector {
                all.retain(|r| sel.matches(&labels_of(c, r)));
            }
            all
        } else {
            names.into_iter().map(|n| ObjRef { kind, ns: if namespaced { ns.clone() } else { String::new() }, name: n }).collect()
        };
        for r in refs {
            match one(c, &r) {
                Some(text) => docs.push(text),
                None => stderr.push_str(&format!("Error from server (NotFound): {} \"{}\" not found\n", kind.resource_name(), r.name)),
            }
        }
    }
    if let Some((kind, prefix)) = prefix.filter(|_| docs.is_empty()) {
        let scope = if kind.info().namespaced { Some(ns.as_str()) } else { None };
        let matching: Vec<String> =
            list(c, kind, scope).iter().filter(|r| r.name.starts_with(&prefix)).filter_map(|r| one(c, r)).map(|d| d + "\n").collect();
        if !matching.is_empty() {
            return Output { warnings, stdout: matching.concat(), ..Default::default() };
        }
    }
    if docs.is_empty() && stderr.is_empty() {
        stderr = if p.bool("all-namespaces") { "No resources found\n".into() } else { format!("No resources found in {ns} namespace.\n") };
    }
    Output { warnings, stdout: docs.join("\n\n"), code: i32::from(stderr.contains("Error from server")), stderr, ..Default::default() }
}

fn one(c: &World, r: &ObjRef) -> Option<String> {
    let mut w = TabWriter::for_describe();
    match r.kind {
        Kind::Pod => pod(c, c.store.pod(c.store.pod_id(&r.ns, &r.name)?)?, &mut w),
        Kind::Node => node(c, &r.name, &mut w)?,
        Kind::Service => service(c, &r.ns, &r.name, &mut w)?,
        Kind::Namespace => namespace(c, &r.name, &mut w)?,
        Kind::Deployment
        | Kind::ReplicaSet
        | Kind::ReplicationController
        | Kind::DaemonSet
        | Kind::StatefulSet
        | Kind::ControllerRevision
        | Kind::PodDisruptionBudget
        | Kind::HorizontalPodAutoscaler
        | Kind::Job
        | Kind::CronJob => workload(c, r, &mut w)?,
        Kind::Endpoints => {
            let (l, _, subsets) = super::get::endpoints_shown(c, &r.ns, &r.name)?;
            w.write(&format!("Name:\t{}\nNamespace:\t{}\n", r.name, r.ns));
            labels(&mut w, "Labels", &l);
            w.write("Annotations:\t<none>\nSubsets:\n");
            let joined = |ips: &[String]| if ips.is_empty() { "<none>".to_string() } else { ips.join(",") };
            for s in &subsets {
                w.write(&format!("  Addresses:\t{}\n", joined(&s.ready)));
                w.write(&format!("  NotReadyAddresses:\t{}\n", joined(&s.not_ready)));
                if !s.ports.is_empty() {
                    w.write("  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n");
                    for (name, port, protocol) in &s.ports {
                        w.write(&format!("    {}\t{port}\t{protocol}\n", if name.is_empty() { "<unset>" } else { name }));
                    }
                }
                w.write("\n");
            }
            w.write("Events:\t<none>\n");
        }
        Kind::ConfigMap => configmap(c, c.store.written(Kind::ConfigMap, &r.ns, &r.name)?, &mut w),
        Kind::Secret => secret(c.store.written(Kind::Secret, &r.ns, &r.name)?, &mut w),
        Kind::PersistentVolumeClaim => super::describe_storage::claim(c, c.store.written(r.kind, &r.ns, &r.name)?, &mut w),
        Kind::PersistentVolume => super::describe_storage::volume(c, c.store.written(r.kind, "", &r.name)?, &mut w),
        Kind::StorageClass => super::describe_storage::class(c, c.store.written(r.kind, "", &r.name)?, &mut w),
        Kind::EndpointSlice => {
            if !super::get::exists(c, r) {
                return None;
            }
            super::describe_endpointslice::describe(c, &super::get::to_value(c, r), &mut w)
        }
        Kind::Event => return None,
        k => super::stored::describe(c, c.store.written(k, &r.ns, &r.name)?, &mut w),
    }
    Some(w.finish().trim_end_matches('\n').to_string() + "\n")
}

/// `describeConfigMap`: every key with its text, binary keys with their size (kubectl
/// walks Go maps in random order; kubeplay sorts the keys).
fn configmap(c: &World, cm: &crate::model::Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", cm.meta.name, cm.meta.namespace));
    labels(w, "Labels", &cm.meta.labels);
    annotations(w, &cm.meta.annotations);
    w.write("\nData\n====\n");
    for (k, v) in crate::model::configmap::data(cm) {
        w.write(&format!("{k}:\n----\n{v}\n"));
    }
    w.write("\nBinaryData\n====\n");
    for (k, n) in crate::model::configmap::binary_sizes(cm) {
        w.write(&format!("{k}: {n} bytes\n"));
    }
    w.write("\n");
    events(c, w, &cm.meta.uid);
}

/// `describeSecret`: sizes only, never the values; no events.
fn secret(s: &crate::model::Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", s.meta.name, s.meta.namespace));
    labels(w, "Labels", &s.meta.labels);
    annotations(w, &s.meta.annotations);
    let ty = crate::model::secret::secret_type(s);
    w.write(&format!("\nType:\t{ty}\n\nData\n====\n"));
    for (k, v) in crate::model::secret::data(s) {
        // A service account's token is the one value kubectl prints.
        if k == "token" && ty == "kubernetes.io/service-account-token" {
            w.write(&format!("{k}:\t{}\n", String::from_utf8_lossy(&v)));
        } else {
            w.write(&format!("{k}:\t{} bytes\n", v.len()));
        }
    }
}

pub(super) fn labels(w: &mut TabWriter, title: &str, l: &Labels) {
    w.write(&format!("{title}:\t"));
    if l.is_empty() {
        w.write("<none>\n");
        return;
    }
    for (i, (k, v)) in l.0.iter().enumerate() {
        if i > 0 {
            w.write("\t");
        }
        w.write(&format!("{k}={v}\n"));
    }
}

pub(super) fn annotations(w: &mut TabWriter, a: &Labels) {
    w.write("Annotations:\t");
    let shown: Vec<&(String, String)> = a.0.iter().filter(|(k, _)| k != crate::model::meta::LAST_APPLIED).collect();
    if shown.is_empty() {
        w.write("<none>\n");
        return;
    }
    for (i, (k, v)) in shown.into_iter().enumerate() {
        if i > 0 {
            w.write("\t");
        }
        w.write(&format!("{k}: {v}\n"));
    }
}

/// The `Events:` table: every event about the object, oldest first, with repeats shown
/// as `23s (x2 over 24s)`.
pub(super) fn events(c: &World, w: &mut TabWriter, uid: &str) {
    let now = c.now();
    let mut list: Vec<&crate::events::Event> = c.events.about(uid).collect();
    if list.is_empty() {
        w.write("Events:\t<none>\n");
        return;
    }
    list.sort_by_key(|e| e.last);
    w.flush();
    w.write("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for e in list {
        let first = human_duration(now as i64 - e.first as i64);
        let age = if e.count > 1 { format!("{} (x{} over {first})", human_duration(now as i64 - e.last as i64), e.count) } else { first };
        w.write(&format!("  {}\t{}\t{}\t{}\t{}\n", e.kind.as_str(), e.reason, age, e.source, e.message().trim()));
    }
}

fn ports_text(ct: &Container) -> (String, String) {
    if ct.ports.is_empty() {
        return ("<none>".into(), "<none>".into());
    }
    let ports: Vec<String> = ct.ports.iter().map(|p| format!("{}/{}", p.port, p.protocol)).collect();
    let host: Vec<String> = ct.ports.iter().map(|p| format!("0/{}", p.protocol)).collect();
    (ports.join(", "), host.join(", "))
}

fn state(w: &mut TabWriter, title: &str, s: &ContainerState) {
    match s {
        ContainerState::Running { started } => {
            w.write(&format!("    {title}:\tRunning\n      Started:\t{}\n", rfc1123z(*started)));
        }
        ContainerState::Waiting { reason, message } => {
            w.write(&format!("    {title}:\tWaiting\n"));
            if !reason.is_empty() {
                w.write(&format!("      Reason:\t{reason}\n"));
            }
            if !message.is_empty() {
                w.write(&format!("      Message:\t{message}\n"));
            }
        }
        ContainerState::Terminated(t) => {
            w.write(&format!("    {title}:\tTerminated\n"));
            if !t.reason.is_empty() {
                w.write(&format!("      Reason:\t{}\n", t.reason));
            }
            if !t.message.is_empty() {
                w.write(&format!("      Message:\t{}\n", t.message));
            }
            w.write(&format!(
                "      Exit Code:\t{}\n      Started:\t{}\n      Finished:\t{}\n",
                t.exit_code,
                rfc1123z(t.started),
                rfc1123z(t.finished)
            ));
        }
    }
}

fn container(w: &mut TabWriter, ct: &Container, status: Option<&ContainerStatus>, pod: Option<&Pod>) {
    let template = pod.is_none();
    let indent = if template { "   " } else { "  " };
    w.write(&format!("{indent}{}:\n", ct.name));
    if let Some(s) = status {
        w.write(&format!("    Container ID:\t{}\n", s.container_id.as_ref().map(ToString::to_string).unwrap_or_default()));
    }
    w.write(&format!("    Image:\t{}\n", ct.image));
    if let Some(s) = status {
        w.write(&format!("    Image ID:\t{}\n", s.image_id));
    }
    let (ports, host) = ports_text(ct);
    let plural = if ct.ports.len() > 1 { "s" } else { "" };
    w.write(&format!("    Port{plural}:\t{ports}\n    Host Port{plural}:\t{host}\n"));
    for (title, list) in [("Command", &ct.command), ("Args", &ct.args)] {
        if !list.is_empty() {
            w.write(&format!("    {title}:\n"));
            // Each line of a many-line argument is indented alone (`describeContainerCommand`).
            for line in list.iter().flat_map(|a| a.split('\n')) {
                w.write(&format!("      {line}\n"));
            }
        }
    }
    if let Some(s) = status {
        state(w, "State", &s.state);
        if let Some(t) = &s.last_terminated {
            state(w, "Last State", &ContainerState::Terminated(t.clone()));
        }
        w.write(&format!("    Ready:\t{}\n    Restart Count:\t{}\n", if s.ready { "True" } else { "False" }, s.restart_count));
    }
    let mut limits = vec![];
    if let Some(cpu) = ct.cpu_limit_m {
        limits.push(format!("      cpu:\t{}\n", milli_text(cpu)));
    }
    if let Some(m) = ct.mem_limit {
        limits.push(format!("      memory:\t{}\n", bytes_text(m)));
    }
    if !limits.is_empty() {
        w.write("    Limits:\n");
        limits.iter().for_each(|l| w.write(l));
    }
    let mut requests = vec![];
    if let Some(cpu) = ct.cpu_request_m {
        requests.push(format!("      cpu:\t{}\n", milli_text(cpu)));
    }
    if let Some(m) = ct.mem_request {
        requests.push(format!("      memory:\t{}\n", bytes_text(m)));
    }
    if !requests.is_empty() {
        w.write("    Requests:\n");
        requests.iter().for_each(|l| w.write(l));
    }
    for (title, probe) in [("Liveness", &ct.liveness), ("Readiness", &ct.readiness), ("Startup", &ct.startup)] {
        if let Some(p) = probe {
            let port = |t: &crate::model::service::TargetPort| match t {
                crate::model::service::TargetPort::Number(n) => n.to_string(),
                crate::model::service::TargetPort::Name(n) => n.clone(),
            };
            let action = match &p.action {
                crate::model::pod::ProbeAction::Http(t, path) => format!("http-get http://:{}{path}", port(t)),
                crate::model::pod::ProbeAction::Tcp(t) => format!("tcp-socket :{}", port(t)),
                crate::model::pod::ProbeAction::Exec(cmd) => format!("exec [{}]", cmd.join(" ")),
                crate::model::pod::ProbeAction::Grpc(n, service) => format!("grpc <pod>:{n} {}", service.as_deref().unwrap_or("")),
                crate::model::pod::ProbeAction::Unknown => "unknown".to_string(),
            };
            w.write(&format!(
                "    {title}:\t{action} delay={}s timeout={}s period={}s #success={} #failure={}\n",
                p.initial_delay_s, p.timeout_s, p.period_s, p.success_threshold, p.failure_threshold
            ));
        }
    }
    environment(w, ct, pod);
    let all = match pod {
        Some(p) => p.mounts(ct),
        None => ct.mounts.clone(),
    };
    if all.is_empty() {
        w.write("    Mounts:\t<none>\n");
    } else {
        w.write("    Mounts:\n");
        let mut mounts: Vec<&crate::model::volume::VolumeMount> = all.iter().collect();
        mounts.sort_by(|a, b| a.path.cmp(&b.path));
        for m in mounts {
            let mut flags = String::from(if m.read_only { "ro" } else { "rw" });
            if !m.sub_path.is_empty() {
                flags.push_str(&format!(",path={}", crate::model::validation::go_quote(&m.sub_path)));
            }
            w.write(&format!("      {} from {} ({flags})\n", m.path, m.name));
        }
    }
}

/// `describeContainerEnvFrom` (only when there is one) and `describeContainerEnvVars`.
fn environment(w: &mut TabWriter, ct: &Container, pod: Option<&Pod>) {
    use crate::model::env::ValueFrom;
    if !ct.env_from.is_empty() {
        w.write("    Environment Variables from:\n");
        for e in &ct.env_from {
            let from = if e.secret { "Secret" } else { "ConfigMap" };
            let with = if e.prefix.is_empty() { String::new() } else { format!(" with prefix '{}'", e.prefix) };
            w.write(&format!("      {}\t{from}{with}\tOptional: {}\n", e.name, e.optional));
        }
    }
    if ct.env.is_empty() {
        w.write("    Environment:\t<none>\n");
        return;
    }
    w.write("    Environment:\n");
    for e in &ct.env {
        match &e.value_from {
            None => {
                for (i, line) in e.value.split('\n').enumerate() {
                    if i == 0 {
                        w.write(&format!("      {}:\t{line}\n", e.name));
                    } else {
                        w.write(&format!("      \t{line}\n"));
                    }
                }
            }
            Some(ValueFrom::Field { path, api_version }) => {
                // kubectl resolves only the fields `fieldpath` knows from the object.
                let value = match (pod, path.as_str()) {
                    (Some(p), "metadata.name") => p.meta.name.clone(),
                    (Some(p), "metadata.namespace") => p.meta.namespace.clone(),
                    (Some(p), "metadata.uid") => p.meta.uid.to_string(),
                    _ => String::new(),
                };
                w.write(&format!("      {}:\t{value} ({api_version}:{path})\n", e.name));
            }
            Some(ValueFrom::ResourceField { resource, divisor, .. }) => {
                // kubectl reads the container alone (no node to default a limit from), with
                // the divisor, and writes a zero limit as the kubelet will fill it.
                let value = crate::kubelet::resource_field::value(None, ct, resource, divisor).unwrap_or_default();
                let value = if value == "0" && matches!(resource.as_str(), "limits.cpu" | "limits.memory") {
                    "node allocatable".to_string()
                } else {
                    value
                };
                w.write(&format!("      {}:\t{value} ({resource})\n", e.name));
            }
            Some(ValueFrom::SecretKey { name, key, optional }) => {
                w.write(&format!("      {}:\t<set to the key '{key}' in secret '{name}'>\tOptional: {optional}\n", e.name));
            }
            Some(ValueFrom::ConfigMapKey { name, key, optional }) => {
                w.write(&format!("      {}:\t<set to the key '{key}' of config map '{name}'>\tOptional: {optional}\n", e.name));
            }
        }
    }
}

/// `describeVolumes`: `space` indents a pod template's.
fn volumes(w: &mut TabWriter, list: &[crate::model::volume::Volume], space: &str) {
    use crate::model::volume::VolumeSource;
    if list.is_empty() {
        w.write(&format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.write(&format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in list {
        w.write(&format!("  {name_indent}{}:\n", v.name));
        match &v.source {
            VolumeSource::Config { secret: false, name, optional, .. } => w.write(&format!(
                "    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{name}\n    Optional:\t{optional}\n"
            )),
            VolumeSource::Config { secret: true, name, optional, .. } => w.write(&format!(
                "    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{name}\n    Optional:\t{optional}\n"
            )),
            VolumeSource::Projected { sources, .. } => {
                use crate::model::volume::Projection;
                w.write("    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
                for src in sources {
                    match src {
                        Projection::Config { secret: true, name, optional, .. } => {
                            w.write(&format!("    SecretName:\t{name}\n    Optional:\t{optional}\n"))
                        }
                        Projection::Config { secret: false, name, optional, .. } => {
                            w.write(&format!("    ConfigMapName:\t{name}\n    Optional:\t{optional}\n"))
                        }
                        Projection::DownwardApi(_) => w.write("    DownwardAPI:\ttrue\n"),
                        Projection::ServiceAccountToken { expiration_secs, .. } => {
                            w.write(&format!("    TokenExpirationSeconds:\t{expiration_secs}\n"))
                        }
                        Projection::Other => {}
                    }
                }
            }
            VolumeSource::DownwardApi { items, .. } => {
                w.write("    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
                for i in items {
                    w.write(&format!("      {} -> {}\n", i.field, i.path));
                }
            }
            VolumeSource::EmptyDir { medium, size_limit } => {
                let limit = if size_limit.is_empty() || crate::quantity::parse(size_limit).is_none_or(|q| q <= 0) {
                    "<unset>"
                } else {
                    size_limit.as_str()
                };
                w.write(&format!(
                    "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{medium}\n    SizeLimit:\t{limit}\n"
                ));
            }
            VolumeSource::HostPath { path, ty } => {
                w.write(&format!("    Type:\tHostPath (bare host directory volume)\n    Path:\t{path}\n    HostPathType:\t{ty}\n"))
            }
            VolumeSource::Claim { name, read_only } => w.write(&format!(
                "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{name}\n    ReadOnly:\t{read_only}\n"
            )),
            // kubectl has a printer for every type; kubeplay writes these few.
            VolumeSource::Other(kind) => w.write(&format!("    Type:\t{kind} (not described by kubeplay)\n")),
        }
    }
}

fn milli_text(m: i64) -> String {
    if m % 1000 == 0 {
        (m / 1000).to_string()
    } else {
        format!("{m}m")
    }
}

fn bytes_text(b: i64) -> String {
    for (unit, size) in [("Gi", 1i64 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)] {
        if b % size == 0 && b >= size {
            return format!("{}{unit}", b / size);
        }
    }
    b.to_string()
}

fn tolerations_text(w: &mut TabWriter, tolerations: &[crate::model::pod::Toleration]) {
    tolerations_indented(w, "", tolerations);
}

/// `printTolerationsMultilineWithIndent`: each further line starts with the indent.
fn tolerations_indented(w: &mut TabWriter, indent: &str, tolerations: &[crate::model::pod::Toleration]) {
    w.write(&format!("{indent}Tolerations:\t"));
    if tolerations.is_empty() {
        w.write("<none>\n");
        return;
    }
    for (i, t) in tolerations.iter().enumerate() {
        if i > 0 {
            w.write(&format!("{indent}\t"));
        }
        let mut s = t.key.clone();
        if !t.value.is_empty() {
            s.push_str(&format!("={}", t.value));
        }
        if !t.effect.is_empty() {
            s.push_str(&format!(":{}", t.effect));
        }
        if t.operator == "Exists" && t.value.is_empty() {
            if t.key.is_empty() && t.effect.is_empty() {
                s.push_str("op=Exists");
            } else {
                s.push_str(" op=Exists");
            }
        }
        if let Some(secs) = t.seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        w.write(&format!("{s}\n"));
    }
}

fn pod(c: &World, p: &Pod, w: &mut TabWriter) {
    let now = c.now();
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", p.meta.name, p.meta.namespace));
    // `spec.priority` is unset only on a pod admission never saw (a static pod's own).
    if let Some(priority) = p.spec.raw.get("priority").and_then(Value::as_i64) {
        w.write(&format!("Priority:\t{priority}\n"));
    }
    if let Some(class) = p.spec.raw.get("priorityClassName").and_then(Value::as_str).filter(|c| !c.is_empty()) {
        w.write(&format!("Priority Class Name:\t{class}\n"));
    }
    let sa = p.spec.raw.get("serviceAccountName").and_then(Value::as_str).unwrap_or("default");
    w.write(&format!("Service Account:\t{sa}\n"));
    let node = if p.node.is_empty() { p.spec.node_name.as_str() } else { &p.node };
    if node.is_empty() {
        w.write("Node:\t<none>\n");
    } else {
        w.write(&format!("Node:\t{node}/{}\n", p.status.host_ip));
    }
    if let Some(t) = p.status.start_time {
        w.write(&format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    labels(w, "Labels", &p.meta.labels);
    annotations(w, &p.meta.annotations);
    match p.meta.deletion {
        Some(d) => {
            // kubectl measures from the deletion timestamp, which lies a grace period in the
            // future, so a pod still within its grace period reads `<invalid>`, as for real.
            w.write(&format!("Status:\tTerminating (lasts {})\n", human_duration(now as i64 - d as i64)));
            w.write(&format!("Termination Grace Period:\t{}s\n", p.meta.deletion_grace_secs.unwrap_or(30)));
        }
        None => w.write(&format!("Status:\t{}\n", p.status.phase.as_str())),
    }
    if !p.status.reason().is_empty() {
        w.write(&format!("Reason:\t{}\n", p.status.reason()));
    }
    if !p.status.message().is_empty() {
        w.write(&format!("Message:\t{}\n", p.status.message()));
    }
    w.write(&format!("IP:\t{}\n", p.status.pod_ip));
    if p.status.pod_ip.is_empty() {
        w.write("IPs:\t<none>\n");
    } else {
        w.write(&format!("IPs:\n  IP:\t{}\n", p.status.pod_ip));
    }
    if let Some(o) = p.meta.controller() {
        w.write(&format!("Controlled By:\t{}/{}\n", o.kind, o.name));
    }
    if !p.status.nominated_node_name().is_empty() {
        w.write(&format!("NominatedNodeName:\t{}\n", p.status.nominated_node_name()));
    }
    if !p.spec.init_containers.is_empty() {
        w.write("Init Containers:\n");
        for (i, ct) in p.spec.init_containers.iter().enumerate() {
            container(w, ct, p.status.init_statuses.get(i), Some(p));
        }
    }
    w.write("Containers:\n");
    for (i, ct) in p.spec.containers.iter().enumerate() {
        container(w, ct, p.status.statuses.get(i), Some(p));
    }
    if !p.spec.ephemeral_containers.is_empty() {
        w.write("Ephemeral Containers:\n");
        for (k, ct) in p.spec.ephemeral_containers.iter().enumerate() {
            container(w, ct, p.status.ephemeral_statuses.get(k), Some(p));
        }
    }
    if !p.status.conditions.is_empty() {
        w.write("Conditions:\n  Type\tStatus\n");
        let mut conds: Vec<_> = p.status.conditions.iter().collect();
        conds.sort_by_key(|c| c.kind);
        for cond in conds {
            w.write(&format!("  {} \t{} \n", cond.kind.as_str(), if cond.status { "True" } else { "False" }));
        }
    }
    volumes(w, &p.volumes(), "");
    w.write(&format!("QoS Class:\t{}\n", qos(p)));
    labels(w, "Node-Selectors", &p.spec.node_selector);
    tolerations_text(w, &p.spec.tolerations);
    events(c, w, &p.meta.uid);
}

/// The pod's QoS class (`PodSpec::qos_class`).
pub fn qos(p: &Pod) -> &'static str {
    p.spec.qos_class()
}

fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        part * 100 / whole
    }
}

fn node(c: &World, name: &str, w: &mut TabWriter) -> Option<()> {
    let n = c.store.nodes.get(name)?;
    let now = c.now();
    w.write(&format!("Name:\t{}\nRoles:\t{}\n", n.meta.name, n.roles()));
    labels(w, "Labels", &n.meta.labels);
    w.write("Annotations:\tnode.alpha.kubernetes.io/ttl: 0\n\tvolumes.kubernetes.io/controller-managed-attach-detach: true\n");
    w.write(&format!("CreationTimestamp:\t{}\n", rfc1123z(n.meta.creation)));
    w.write("Taints:\t");
    if n.taints.is_empty() {
        w.write("<none>\n");
    } else {
        for (i, t) in n.taints.iter().enumerate() {
            if i > 0 {
                w.write("\t");
            }
            let v = if t.value.is_empty() { String::new() } else { format!("={}", t.value) };
            w.write(&format!("{}{v}:{}\n", t.key, t.effect));
        }
    }
    w.write(&format!("Unschedulable:\t{}\n", n.unschedulable));
    let heartbeat = if n.kubelet_up { now - (now - n.meta.creation) % 10_000 } else { n.ready_since.min(now) };
    w.write(&format!("Lease:\n  HolderIdentity:\t{}\n  AcquireTime:\t<unset>\n  RenewTime:\t{}\n", n.meta.name, rfc1123z(heartbeat)));
    w.write("Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n  ----\t------\t-----------------\t------------------\t------\t-------\n");
    let hb = rfc1123z(heartbeat);
    let since = rfc1123z(n.meta.creation);
    let unknown = !n.ready;
    for (ty, reason, msg) in [
        ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ] {
        if unknown {
            w.write(&format!(
                "  {ty} \tUnknown \t{hb} \t{} \tNodeStatusUnknown \tKubelet stopped posting node status.\n",
                rfc1123z(n.ready_since)
            ));
        } else {
            w.write(&format!("  {ty} \tFalse \t{hb} \t{since} \t{reason} \t{msg}\n"));
        }
    }
    if unknown {
        w.write(&format!(
            "  Ready \tUnknown \t{hb} \t{} \tNodeStatusUnknown \tKubelet stopped posting node status.\n",
            rfc1123z(n.ready_since)
        ));
    } else {
        w.write(&format!("  Ready \tTrue \t{hb} \t{} \tKubeletReady \tkubelet is posting ready status\n", rfc1123z(n.ready_since)));
    }
    w.write(&format!("Addresses:\n  InternalIP:\t{}\n  Hostname:\t{}\n", crate::net::format_ipv4(n.internal_ip), n.meta.name));
    for title in ["Capacity", "Allocatable"] {
        w.write(&format!(
            "{title}:\n  cpu:\t{}\n  ephemeral-storage:\t61202244Ki\n  memory:\t{}Ki\n  pods:\t{}\n",
            milli_text(n.cpu_m),
            n.memory / 1024,
            n.max_pods
        ));
    }
    w.write(&format!(
        "System Info:\n  Machine ID:\t{:032x}\n  Kernel Version:\t{}\n  OS Image:\t{}\n  Operating System:\tlinux\n  Architecture:\tamd64\n  Container Runtime Version:\t{}\n  Kubelet Version:\t{}\n  Kube-Proxy Version:\t\n",
        machine_id(&n.meta.name),
        n.kernel,
        n.os_image,
        n.runtime,
        crate::K8S_VERSION
    ));
    let cidr = format!("{}/24", crate::net::format_ipv4(n.pod_cidr));
    w.write(&format!("PodCIDR:\t{cidr}\nPodCIDRs:\t{cidr}\n"));
    let pods: Vec<&Pod> =
        c.store.pods_by_node.get(name).into_iter().flatten().filter_map(|id| c.store.pod(*id)).filter(|p| p.is_active()).collect();
    w.write(&format!("Non-terminated Pods:\t({} in total)\n", pods.len()));
    let pw = &mut *w;
    pw.write("  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n");
    let mut sorted = pods.clone();
    sorted.sort_by(|a, b| (&a.meta.namespace, &a.meta.name).cmp(&(&b.meta.namespace, &b.meta.name)));
    let (mut cpu_req, mut cpu_lim, mut mem_req, mut mem_lim) = (0, 0, 0, 0);
    for p in sorted {
        let (cr, mr) = p.spec.requests();
        let cl: i64 = p.spec.containers.iter().filter_map(|c| c.cpu_limit_m).sum();
        let ml: i64 = p.spec.containers.iter().filter_map(|c| c.mem_limit).sum();
        cpu_req += cr;
        cpu_lim += cl;
        mem_req += mr;
        mem_lim += ml;
        pw.write(&format!(
            "  {}\t{}\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
            p.meta.namespace,
            p.meta.name,
            milli_text(cr),
            percent(cr, n.cpu_m),
            milli_text(cl),
            percent(cl, n.cpu_m),
            bytes_text(mr),
            percent(mr, n.memory),
            bytes_text(ml),
            percent(ml, n.memory),
            human_duration(now as i64 - p.meta.creation as i64)
        ));
    }
    let aw = &mut *w;
    aw.write("Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n  Resource\tRequests\tLimits\n  --------\t--------\t------\n");
    aw.write(&format!(
        "  cpu\t{} ({}%)\t{} ({}%)\n",
        milli_text(cpu_req),
        percent(cpu_req, n.cpu_m),
        milli_text(cpu_lim),
        percent(cpu_lim, n.cpu_m)
    ));
    aw.write(&format!(
        "  memory\t{} ({}%)\t{} ({}%)\n",
        bytes_text(mem_req),
        percent(mem_req, n.memory),
        bytes_text(mem_lim),
        percent(mem_lim, n.memory)
    ));
    aw.write("  ephemeral-storage\t0 (0%)\t0 (0%)\n");
    events(c, w, &n.meta.uid);
    Some(())
}

/// A stable 128-bit machine id per node name.
fn machine_id(name: &str) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in name.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    h
}

fn service(c: &World, ns: &str, name: &str, w: &mut TabWriter) -> Option<()> {
    let s = c.store.services.get(&(ns.to_string(), name.to_string()))?;
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", s.meta.name, s.meta.namespace));
    labels(w, "Labels", &s.meta.labels);
    annotations(w, &s.meta.annotations);
    w.write(&format!("Selector:\t{}\n", s.selector.as_ref().map(|l| l.to_selector_string()).unwrap_or_else(|| "<none>".into())));
    w.write(&format!("Type:\t{}\n", s.ty));
    if s.ty != "ExternalName" {
        w.write("IP Family Policy:\tSingleStack\nIP Families:\tIPv4\n");
        w.write(&format!("IP:\t{}\nIPs:\t{}\n", s.cluster_ip_text(), s.cluster_ip_text()));
    }
    if let Some(ing) = &s.lb_ingress {
        w.write(&format!("LoadBalancer Ingress:\t{ing} (VIP)\n"));
    }
    let subsets = crate::store::endpoints::of(&c.store, s).unwrap_or_default();
    for (i, p) in s.ports.iter().enumerate() {
        let pname = if p.name.is_empty() { "<unset>" } else { &p.name };
        w.write(&format!("Port:\t{pname}  {}/{}\n", p.port, p.protocol));
        let target = match &p.target {
            crate::model::service::TargetPort::Number(n) => format!("{n}/{}", p.protocol),
            crate::model::service::TargetPort::Name(n) => format!("{n}/{}", p.protocol),
        };
        w.write(&format!("TargetPort:\t{target}\n"));
        if let Some(np) = p.node_port {
            w.write(&format!("NodePort:\t{pname}  {np}/{}\n", p.protocol));
        }
        let eps: Vec<String> = subsets
            .get(i)
            .map(|sub| sub.addresses.iter().filter(|a| a.ready).map(|a| format!("{}:{}", a.ip, sub.port)).collect())
            .unwrap_or_default();
        w.write(&format!("Endpoints:\t{}\n", if eps.is_empty() { "<none>".to_string() } else { eps.join(",") }));
    }
    w.write(&format!("Session Affinity:\t{}\n", if s.session_affinity_client_ip { "ClientIP" } else { "None" }));
    if s.ty == "NodePort" || s.ty == "LoadBalancer" {
        w.write("External Traffic Policy:\tCluster\n");
    }
    if s.ty != "ExternalName" {
        w.write("Internal Traffic Policy:\tCluster\n");
    }
    events(c, w, &s.meta.uid);
    Some(())
}

fn namespace(c: &World, name: &str, w: &mut TabWriter) -> Option<()> {
    let n = c.store.namespaces.get(name)?;
    w.write(&format!("Name:\t{name}\n"));
    labels(w, "Labels", &n.meta.labels);
    annotations(w, &n.meta.annotations);
    w.write("Status:\tActive\n\nNo resource quota.\n\nNo LimitRange resource.\n");
    Some(())
}

/// `DescribePodTemplate` as `rollout history --revision` prints it: straight into a
/// buffer, no columns aligned.
pub(super) fn pod_template_text(t: &Value) -> String {
    let mut w = TabWriter::raw();
    template(&mut w, t);
    w.finish()
}

fn template(w: &mut TabWriter, t: &Value) {
    let l = Labels::from_value(t.get("metadata").and_then(|m| m.get("labels")));
    w.write("Pod Template:\n");
    labels_indented(w, "  Labels", &l);
    // `printAnnotationsMultiline`, only when the template has any.
    let a = Labels::from_value(t.get("metadata").and_then(|m| m.get("annotations")));
    let shown: Vec<&(String, String)> = a.0.iter().filter(|(k, _)| k != crate::model::meta::LAST_APPLIED).collect();
    for (i, (k, v)) in shown.into_iter().enumerate() {
        w.write(&format!("{}{k}: {v}\n", if i == 0 { "  Annotations:\t" } else { "\t" }));
    }
    let spec_text = |k: &str| t.get("spec").and_then(|s| s.get(k)).and_then(Value::as_str).unwrap_or("");
    if !spec_text("serviceAccountName").is_empty() {
        w.write(&format!("  Service Account:\t{}\n", spec_text("serviceAccountName")));
    }
    let pod_spec = crate::model::pod::PodSpec::from_value(t.get("spec").cloned().unwrap_or(Value::Map(vec![])));
    if !pod_spec.init_containers.is_empty() {
        w.write("  Init Containers:\n");
        for ct in pod_spec.init_containers.iter() {
            container(w, ct, None, None);
        }
    }
    w.write("  Containers:\n");
    for ct in pod_spec.containers.iter() {
        container(w, ct, None, None);
    }
    volumes(w, &pod_spec.volumes, "  ");
    if !spec_text("priorityClassName").is_empty() {
        w.write(&format!("  Priority Class Name:\t{}\n", spec_text("priorityClassName")));
    }
    labels_indented(w, "  Node-Selectors", &pod_spec.node_selector);
    tolerations_indented(w, "  ", &pod_spec.tolerations);
}

fn labels_indented(w: &mut TabWriter, title: &str, l: &Labels) {
    labels(w, title, l);
}

fn workload(c: &World, r: &ObjRef, w: &mut TabWriter) -> Option<()> {
    let o = c.store.object(r.kind, &r.ns, &r.name)?;
    let meta = o.meta();
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", meta.name, meta.namespace));
    match o {
        Object::Deployment(d) => deployment(c, d, w),
        Object::ReplicaSet(rs) => replicaset(c, rs, w),
        Object::Autoscaler(h) => autoscaler(h, w),
        Object::Job(j) => job(j, w),
        Object::CronJob(cj) => cronjob(cj, w),
        Object::DaemonSet(ds) => daemonset(c, ds, w),
        Object::StatefulSet(ss) => statefulset(c, ss, w),
        Object::Budget(b) => budget(b, w),
        Object::ReplicationController(rc) => replicaset(c, &rc.rs, w),
        Object::Written(g) => {
            labels(w, "Labels", &g.meta.labels);
            annotations(w, &g.meta.annotations);
        }
    }
    events(c, w, &meta.uid);
    Some(())
}

fn deployment(c: &World, d: &crate::model::Deployment, w: &mut TabWriter) {
    let st = d.status.clone().unwrap_or_default();
    w.write(&format!("CreationTimestamp:\t{}\n", rfc1123z(d.meta.creation)));
    labels(w, "Labels", &d.meta.labels);
    annotations(w, &d.meta.annotations);
    w.write(&format!("Selector:\t{}\n", d.spec.selector.match_labels.to_selector_string()));
    w.write(&format!(
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
        d.spec.replicas, st.updated_replicas, st.replicas, st.available_replicas, st.unavailable_replicas
    ));
    let ty = match d.spec.strategy {
        Strategy::Recreate => "Recreate",
        Strategy::RollingUpdate { .. } => "RollingUpdate",
    };
    w.write(&format!("StrategyType:\t{ty}\nMinReadySeconds:\t{}\n", d.spec.min_ready_seconds));
    if let Strategy::RollingUpdate { max_surge, max_unavailable } = &d.spec.strategy {
        w.write(&format!("RollingUpdateStrategy:\t{} max unavailable, {} max surge\n", max_unavailable.text(), max_surge.text()));
    }
    template(w, &d.spec.template);
    if !st.conditions.is_empty() {
        w.write("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for cond in &st.conditions {
            w.write(&format!("  {}\t{}\t{}\n", cond.kind, cond.status_text(), cond.reason));
        }
    }
    let mut new_rs = None;
    let mut olds = vec![];
    for rs in c.store.replicasets(Some(&d.meta.namespace)) {
        if rs.meta.controller().is_none_or(|o| *o.uid != *d.meta.uid) {
            continue;
        }
        let created = rs.status.as_ref().map_or(0, |s| s.replicas);
        let want = rs.spec.replicas;
        let text = format!("{} ({created}/{want} replicas created)", rs.meta.name);
        if rs.spec.template_is(&d.spec.template) {
            new_rs = Some(text);
        } else if want > 0 || created > 0 {
            olds.push(text);
        }
    }
    w.write(&format!("OldReplicaSets:\t{}\n", if olds.is_empty() { "<none>".to_string() } else { olds.join(", ") }));
    w.write(&format!("NewReplicaSet:\t{}\n", new_rs.unwrap_or_else(|| "<none>".into())));
}

fn replicaset(c: &World, rs: &crate::model::ReplicaSet, w: &mut TabWriter) {
    w.write(&format!("Selector:\t{}\n", rs.spec.selector.match_labels.to_selector_string()));
    labels(w, "Labels", &rs.meta.labels);
    annotations(w, &rs.meta.annotations);
    if let Some(o) = rs.meta.controller() {
        w.write(&format!("Controlled By:\t{}/{}\n", o.kind, o.name));
    }
    let current = rs.status.as_ref().map_or(0, |s| s.replicas);
    w.write(&format!("Replicas:\t{current} current / {} desired\n", rs.spec.replicas));
    pods_status(c, &rs.meta.uid, w);
    template(w, &rs.spec.template);
}

/// `describeDaemonSet`.
fn daemonset(c: &World, ds: &crate::model::DaemonSet, w: &mut TabWriter) {
    let st = ds.status.clone().unwrap_or_default();
    w.write(&format!("Selector:\t{}\n", ds.spec.selector.match_labels.to_selector_string()));
    let node_selector = ds.spec.node_selector_text();
    w.write(&format!("Node-Selector:\t{node_selector}\n"));
    labels(w, "Labels", &ds.meta.labels);
    annotations(w, &ds.meta.annotations);
    w.write(&format!("Desired Number of Nodes Scheduled: {}\n", st.desired_number_scheduled));
    w.write(&format!("Current Number of Nodes Scheduled: {}\n", st.current_number_scheduled));
    w.write(&format!("Number of Nodes Scheduled with Up-to-date Pods: {}\n", st.updated_number_scheduled));
    w.write(&format!("Number of Nodes Scheduled with Available Pods: {}\n", st.number_available));
    w.write(&format!("Number of Nodes Misscheduled: {}\n", st.number_misscheduled));
    pods_status(c, &ds.meta.uid, w);
    template(w, &ds.spec.template);
}

/// `describePodDisruptionBudget`.
fn budget(b: &crate::model::PodDisruptionBudget, w: &mut TabWriter) {
    if let Some(v) = &b.spec.min_available {
        w.write(&format!("Min available:\t{}\n", v.text()));
    } else if let Some(v) = &b.spec.max_unavailable {
        w.write(&format!("Max unavailable:\t{}\n", v.text()));
    }
    match &b.spec.selector {
        Some(s) => {
            let text = s.match_labels.to_selector_string();
            w.write(&format!("Selector:\t{}\n", if text.is_empty() { "<none>" } else { &text }));
        }
        None => w.write("Selector:\t<unset>\n"),
    }
    let st = b.status.clone().unwrap_or_default();
    w.write("Status:\n");
    w.write(&format!("    Allowed disruptions:\t{}\n", st.disruptions_allowed));
    w.write(&format!("    Current:\t{}\n", st.current_healthy));
    w.write(&format!("    Desired:\t{}\n", st.desired_healthy));
    w.write(&format!("    Total:\t{}\n", st.expected_pods));
}

/// `describeStatefulSet`.
fn statefulset(c: &World, ss: &crate::model::StatefulSet, w: &mut TabWriter) {
    w.write(&format!("CreationTimestamp:\t{}\n", rfc1123z(ss.meta.creation)));
    w.write(&format!("Selector:\t{}\n", ss.spec.selector.match_labels.to_selector_string()));
    labels(w, "Labels", &ss.meta.labels);
    annotations(w, &ss.meta.annotations);
    let total = ss.status.as_ref().map_or(0, |s| s.replicas);
    w.write(&format!("Replicas:\t{} desired | {total} total\n", ss.spec.replicas));
    let strategy = ss.spec.raw().get("updateStrategy");
    w.write(&format!("Update Strategy:\t{}\n", strategy.and_then(|s| s.get("type")).and_then(Value::as_str).unwrap_or("")));
    if let Some(p) = strategy.and_then(|s| s.get("rollingUpdate")).and_then(|r| r.get("partition")).and_then(Value::as_i64) {
        w.write(&format!("  Partition:\t{p}\n"));
    }
    pods_status(c, &ss.meta.uid, w);
    template(w, &ss.spec.template);
    // `describeVolumeClaimTemplates`.
    if ss.spec.claim_templates.is_empty() {
        w.write("Volume Claims:\t<none>\n");
    }
    if !ss.spec.claim_templates.is_empty() {
        w.write("Volume Claims:\n");
    }
    for t in &ss.spec.claim_templates {
        let meta = t.get("metadata");
        let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
        let spec = t.get("spec");
        let annotations = Labels::from_value(meta.and_then(|m| m.get("annotations")));
        let class = annotations
            .get(crate::model::storage::BETA_CLASS)
            .map(String::from)
            .or_else(|| spec.and_then(|s| s.get("storageClassName")).and_then(Value::as_str).map(String::from))
            .unwrap_or_default();
        w.write(&format!("  Name:\t{name}\n  StorageClass:\t{class}\n"));
        labels(w, "  Labels", &Labels::from_value(meta.and_then(|m| m.get("labels"))));
        labels(w, "  Annotations", &annotations);
        let capacity = spec.and_then(|s| s.get("resources")).and_then(|r| r.get("requests")).and_then(|r| r.get("storage"));
        w.write(&format!(
            "  Capacity:\t{}\n",
            capacity.and_then(crate::model::storage::quantity_text).unwrap_or_else(|| "<default>".into())
        ));
        let modes: Vec<&str> =
            spec.and_then(|s| s.get("accessModes")).map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
        w.write(&format!("  Access Modes:\t[{}]\n", modes.join(" ")));
    }
}

/// `getPodStatusForController`: the pods an owner controls, by phase.
fn pods_status(c: &World, uid: &str, w: &mut TabWriter) {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for id in c.store.pods_by_owner.get(uid).into_iter().flatten() {
        match c.store.pod(*id).map(|p| p.status.phase) {
            Some(Phase::Running) => running += 1,
            Some(Phase::Pending) => waiting += 1,
            Some(Phase::Succeeded) => succeeded += 1,
            Some(Phase::Failed) => failed += 1,
            _ => {}
        }
    }
    w.write(&format!("Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"));
}

/// `describeJob`.
fn job(j: &crate::model::Job, w: &mut TabWriter) {
    let st = j.status.clone().unwrap_or_default();
    let raw = j.spec.raw();
    w.write(&format!("Selector:\t{}\n", j.spec.selector.match_labels.to_selector_string()));
    labels(w, "Labels", &j.meta.labels);
    annotations(w, &j.meta.annotations);
    if let Some(o) = j.meta.controller() {
        w.write(&format!("Controlled By:\t{}/{}\n", o.kind, o.name));
    }
    w.write(&format!("Parallelism:\t{}\n", j.spec.parallelism));
    match j.spec.completions {
        Some(n) => w.write(&format!("Completions:\t{n}\n")),
        None => w.write("Completions:\t<unset>\n"),
    }
    if let Some(m) = raw.get("completionMode").and_then(Value::as_str) {
        w.write(&format!("Completion Mode:\t{m}\n"));
    }
    w.write(&format!("Suspend:\t{}\n", j.spec.suspend));
    w.write(&format!("Backoff Limit:\t{}\n", j.spec.backoff_limit));
    if let Some(ttl) = j.spec.ttl_seconds_after_finished {
        w.write(&format!("TTL Seconds After Finished:\t{ttl}\n"));
    }
    if let Some(t) = st.start_time {
        w.write(&format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    if let Some(t) = st.completion_time {
        w.write(&format!("Completed At:\t{}\n", rfc1123z(t)));
    }
    if let (Some(s), Some(e)) = (st.start_time, st.completion_time) {
        w.write(&format!("Duration:\t{}\n", human_duration(e as i64 - s as i64)));
    }
    if let Some(d) = j.spec.active_deadline_seconds {
        w.write(&format!("Active Deadline Seconds:\t{d}s\n"));
    }
    w.write(&format!("Pods Statuses:\t{} Active ({} Ready) / {} Succeeded / {} Failed\n", st.active, st.ready, st.succeeded, st.failed));
    if j.spec.indexed {
        w.write(&format!("Completed Indexes:\t{}\n", cap_indexes(&st.completed_indexes, 50)));
    }
    template(w, &j.spec.template);
}

/// `capIndexesListOrNone`: the list cut at the first comma after `soft` characters.
fn cap_indexes(indexes: &str, soft: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    match indexes.get(soft..).and_then(|rest| rest.find(',')) {
        Some(i) => format!("{}...", &indexes[..soft + i + 1]),
        None => indexes.to_string(),
    }
}

/// `describeCronJob`.
fn cronjob(cj: &crate::model::CronJob, w: &mut TabWriter) {
    labels(w, "Labels", &cj.meta.labels);
    annotations(w, &cj.meta.annotations);
    w.write(&format!("Schedule:\t{}\n", cj.spec.schedule));
    w.write(&format!("Concurrency Policy:\t{}\n", cj.spec.concurrency.as_str()));
    w.write(&format!("Suspend:\t{}\n", if cj.spec.suspend { "True" } else { "False" }));
    w.write(&format!("Successful Job History Limit:\t{}\n", cj.spec.successful_history));
    w.write(&format!("Failed Job History Limit:\t{}\n", cj.spec.failed_history));
    match cj.spec.starting_deadline_seconds {
        Some(d) => w.write(&format!("Starting Deadline Seconds:\t{d}s\n")),
        None => w.write("Starting Deadline Seconds:\t<unset>\n"),
    }
    let spec = cj.spec.job_spec();
    match spec.get("selector") {
        Some(s) => w.write(&format!("Selector:\t{}\n", Labels::from_value(s.get("matchLabels")).to_selector_string())),
        None => w.write("Selector:\t<unset>\n"),
    }
    for (title, key) in [("Parallelism", "parallelism"), ("Completions", "completions")] {
        match spec.get(key).and_then(Value::as_i64) {
            Some(n) => w.write(&format!("{title}:\t{n}\n")),
            None => w.write(&format!("{title}:\t<unset>\n")),
        }
    }
    if let Some(d) = spec.get("activeDeadlineSeconds").and_then(Value::as_i64) {
        w.write(&format!("Active Deadline Seconds:\t{d}s\n"));
    }
    template(w, spec.get("template").unwrap_or(&Value::Null));
    match cj.status.last_schedule {
        Some(t) => w.write(&format!("Last Schedule Time:\t{}\n", rfc1123z(t))),
        None => w.write("Last Schedule Time:\t<unset>\n"),
    }
    let names: Vec<&str> = cj.status.active.iter().map(|a| a.name.as_str()).collect();
    w.write(&format!("Active Jobs:\t{}\n", if names.is_empty() { "<none>".to_string() } else { names.join(", ") }));
}

fn autoscaler(h: &crate::model::Autoscaler, w: &mut TabWriter) {
    labels(w, "Labels", &h.meta.labels);
    annotations(w, &h.meta.annotations);
    w.write(&format!("CreationTimestamp:\t{}\n", rfc1123z(h.meta.creation)));
    w.write(&format!("Reference:\t{}/{}\n", h.spec.target_kind, h.spec.target_name));
    w.write("Metrics:\t( current / target )\n");
    let current = h.status.as_ref().and_then(|s| s.current_metrics.as_ref()).map(Value::as_seq).unwrap_or(&[]);
    for m in &h.spec.metrics {
        let Some(res) = m.get("resource") else { continue };
        let name = res.get("name").and_then(Value::as_str).unwrap_or("cpu");
        let target = res.get("target");
        let got = current
            .iter()
            .filter_map(|x| x.get("resource"))
            .find(|r| r.get("name").and_then(Value::as_str) == Some(name))
            .and_then(|r| r.get("current"));
        match target.and_then(|t| t.get("averageUtilization")).and_then(Value::as_i64) {
            Some(want) => {
                let have = match got {
                    Some(cur) => format!(
                        "{}% ({})",
                        cur.get("averageUtilization").and_then(Value::as_i64).unwrap_or(0),
                        cur.get("averageValue").and_then(Value::as_str).unwrap_or("0")
                    ),
                    None => "<unknown>".into(),
                };
                w.write(&format!("  resource {name} on pods  (as a percentage of request):\t{have} / {want}%\n"));
            }
            None => {
                let want = target.and_then(|t| t.get("averageValue")).and_then(Value::as_str).unwrap_or("");
                let have = got.and_then(|c| c.get("averageValue")).and_then(Value::as_str).unwrap_or("<unknown>");
                w.write(&format!("  resource {name} on pods:\t{have} / {want}\n"));
            }
        }
    }
    w.write(&format!("Min replicas:\t{}\nMax replicas:\t{}\n", h.spec.min, h.spec.max));
    let st = h.status.clone().unwrap_or_default();
    w.write(&format!("{} pods:\t{} current / {} desired\n", h.spec.target_kind, st.current_replicas, st.desired_replicas));
    if !st.conditions.is_empty() {
        w.write("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
        for cond in &st.conditions {
            w.write(&format!("  {}\t{}\t{}\t{}\n", cond.kind, cond.status_text(), cond.reason, cond.message));
        }
    }
}
