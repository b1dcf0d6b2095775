//! kompose's conversion rules (kompose 1.38.0, `kompose convert` with its defaults): a
//! service becomes a Deployment (or, with `restart: "no"` or `on-failure`, a bare Pod) and,
//! if it has ports, a Service of the same name; volumes become PersistentVolumeClaims.
//! Objects come out Services first, then each service's objects in service-name order.

use super::parse::{Port, Project, Service};
use crate::value::Value;

/// What kompose writes into `kompose.version`: `kompose version` of the 1.38.0 release.
pub const KOMPOSE_VERSION: &str = "1.38.0 (a8f5d1cbd)";
/// kompose's default claim size (`--pvc-request-size`).
const CLAIM_SIZE: &str = "100Mi";
const SELECTOR: &str = "io.kompose.service";

#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub kind: &'static str,
    pub name: String,
    pub value: Value,
}

/// One line of the side-by-side explanation: a compose key of a service and what it
/// became (or why it has no equivalent).
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    pub service: String,
    pub line: u32,
    pub compose: String,
    pub kubernetes: String,
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The command line, for the `kompose.cmd` annotation.
    pub cmd: String,
    pub replicas: i64,
    pub annotations: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Converted {
    pub objects: Vec<Object>,
    /// kompose's warnings, without their `WARN ` prefix, in the order it prints them.
    pub warnings: Vec<String>,
    pub mappings: Vec<Mapping>,
}

fn s(v: impl Into<String>) -> Value {
    Value::str(v)
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn labels(name: &str) -> Value {
    map(vec![(SELECTOR, s(name))])
}

/// The service's name as kompose uses it (compose names are lowercased).
pub fn object_name(service: &Service) -> String {
    service.name.to_lowercase()
}

pub fn convert(p: &Project, file: &str, opt: &Options) -> Converted {
    let mut out = Converted::default();
    if p.version {
        out.warnings.push(format!(
            "{file}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
        ));
    }
    for var in &p.unset {
        out.warnings.push(format!("The \"{var}\" variable is not set. Defaulting to a blank string."));
    }
    for svc in &p.services {
        if svc.restart.as_deref() == Some("unless-stopped") {
            out.warnings
                .push(format!("Restart policy 'unless-stopped' in service {} is not supported, convert it to 'always'", object_name(svc)));
        }
    }
    let mut services = Vec::new();
    let mut others = Vec::new();
    for svc in &p.services {
        let objects = service(svc, opt, &mut out);
        for o in objects {
            if o.kind == "Service" {
                services.push(o);
            } else if !others.iter().any(|x: &Object| x.kind == o.kind && x.name == o.name) {
                // A named volume two services share is one claim.
                others.push(o);
            }
        }
    }
    out.objects = services;
    out.objects.extend(others);
    out
}

fn annotations(svc: &Service, opt: &Options) -> Option<Value> {
    let mut a: Vec<(String, Value)> = svc.labels.iter().map(|(k, v)| (k.clone(), s(v.clone()))).collect();
    if opt.annotations {
        a.push(("kompose.cmd".into(), s(opt.cmd.clone())));
        a.push(("kompose.version".into(), s(KOMPOSE_VERSION)));
    }
    (!a.is_empty()).then_some(Value::Map(a))
}

fn metadata(name: &str, label: &str, annotations: Option<Value>) -> Value {
    let mut m = vec![("labels", labels(label)), ("name", s(name))];
    if let Some(a) = annotations {
        m.push(("annotations", a));
    }
    map(m)
}

fn note(out: &mut Converted, svc: &Service, compose: impl Into<String>, kubernetes: impl Into<String>) {
    out.mappings.push(Mapping { service: svc.name.clone(), line: svc.line, compose: compose.into(), kubernetes: kubernetes.into() });
}

fn port_text(p: &Port) -> String {
    let proto = if p.protocol.eq_ignore_ascii_case("tcp") { String::new() } else { format!("/{}", p.protocol) };
    match p.published {
        Some(h) => format!("{h}:{}{proto}", p.target),
        None => format!("{}{proto}", p.target),
    }
}

fn service(svc: &Service, opt: &Options, out: &mut Converted) -> Vec<Object> {
    let name = object_name(svc);
    let mut objects = Vec::new();
    let bare_pod = matches!(svc.restart.as_deref(), Some("no" | "none" | "on-failure"));
    let restart = match svc.restart.as_deref().unwrap_or("") {
        "no" | "none" => "Never",
        "on-failure" => "OnFailure",
        _ => "Always",
    };

    // Ports: `ports`, then `expose` (a port both publish and expose is one port).
    let mut ports: Vec<Port> = svc.ports.clone();
    for e in &svc.expose {
        if !ports.iter().any(|p| p.target == e.target && p.protocol.eq_ignore_ascii_case(&e.protocol)) {
            ports.push(e.clone());
        }
    }

    let image = svc.image.clone().unwrap_or_else(|| name.clone());
    match (&svc.image, &svc.build) {
        (Some(i), None) => note(out, svc, format!("image: {i}"), "spec.template.spec.containers[0].image"),
        (img, Some(b)) => note(
            out,
            svc,
            format!("build: {}", b.context),
            format!(
                "kompose does not build by default (--build none): the container's image is \"{image}\"{}. Build it first: docker build -t {image} {}; on kind, then kind load docker-image {image}, since kind's nodes do not see the local Docker's images. An image without a tag is :latest, which Kubernetes always pulls (imagePullPolicy Always): set imagePullPolicy: IfNotPresent (compose label kompose.image-pull-policy) so the node uses the image it has.",
                if img.is_none() { ", the service's name" } else { "" },
                b.context
            ),
        ),
        (None, None) => {}
    }
    if let Some(c) = &svc.container_name {
        note(out, svc, format!("container_name: {c}"), "spec.template.spec.containers[0].name");
    }

    let mut container =
        vec![("name", s(svc.container_name.as_deref().unwrap_or(&name).to_lowercase().replace('_', "-"))), ("image", s(image))];
    if let Some(e) = &svc.entrypoint {
        container.push(("command", Value::Seq(e.iter().map(|w| s(w.clone())).collect())));
        note(out, svc, "entrypoint", "containers[0].command (replaces the image's ENTRYPOINT)");
    }
    if let Some(c) = &svc.command {
        container.push(("args", Value::Seq(c.iter().map(|w| s(dollar_to_kubernetes(w))).collect())));
        note(out, svc, "command", "containers[0].args (replaces the image's CMD)");
    }
    if !svc.environment.is_empty() {
        let mut env = svc.environment.clone();
        env.sort_by(|a, b| a.0.cmp(&b.0));
        container.push(("env", Value::Seq(env.iter().map(|(k, v)| map(vec![("name", s(k.clone())), ("value", s(v.clone()))])).collect())));
        note(out, svc, "environment", "containers[0].env (sorted by name)");
    }
    if !svc.env_file.is_empty() {
        note(out, svc, "env_file", "kubeplay does not convert env_file (kompose makes each file a ConfigMap read with envFrom)");
    }
    let mut container_ports: Vec<Value> = Vec::new();
    for p in &ports {
        let proto = p.protocol.to_uppercase();
        let cp = map(vec![("containerPort", Value::Int(p.target as i64)), ("protocol", s(proto))]);
        if !container_ports.contains(&cp) {
            container_ports.push(cp);
        }
    }
    if !container_ports.is_empty() {
        container.push(("ports", Value::Seq(container_ports)));
    }
    if let Some(policy) = label(svc, "kompose.image-pull-policy") {
        container.push(("imagePullPolicy", s(policy)));
        note(out, svc, format!("labels: kompose.image-pull-policy: {policy}"), "containers[0].imagePullPolicy");
    }
    if let Some(w) = &svc.working_dir {
        container.push(("workingDir", s(w.clone())));
    }
    if svc.stdin_open {
        container.push(("stdin", Value::Bool(true)));
    }
    if svc.tty {
        container.push(("tty", Value::Bool(true)));
    }

    // Volumes: a named volume is a claim of its name, any other (a bind mount, an
    // anonymous volume) a claim `SERVICE-claimN`, N its place in the list.
    let mut mounts = Vec::new();
    let mut volumes = Vec::new();
    let mut claims = Vec::new();
    for (i, v) in svc.volumes.iter().enumerate() {
        let named = v.source.is_some() && !v.bind;
        let host = if v.bind { v.source.clone().unwrap_or_default() } else { String::new() };
        // kompose looks for the host path (or, for other volumes, the text `:TARGET`) on
        // disk to decide whether it is a config file; kubeplay has no host files, so it is
        // never found. (compose resolves a bind mount's path to an absolute one; kubeplay
        // prints it as written.)
        let looked_up = if v.bind { host.clone() } else { format!(":{}", v.target) };
        out.warnings
            .push(format!("File don't exist or failed to check if the directory is empty: stat {looked_up}: no such file or directory"));
        let claim = if named { v.source.clone().unwrap_or_default().replace('_', "-") } else { format!("{name}-claim{i}") };
        let mut mount = vec![("mountPath", s(v.target.clone())), ("name", s(claim.clone()))];
        let mut source = vec![("claimName", s(claim.clone()))];
        if v.read_only {
            mount.push(("readOnly", Value::Bool(true)));
            source.push(("readOnly", Value::Bool(true)));
        }
        mounts.push(map(mount));
        volumes.push(map(vec![("name", s(claim.clone())), ("persistentVolumeClaim", map(source))]));
        let mode = if v.read_only { "ReadOnlyMany" } else { "ReadWriteOnce" };
        claims.push(Object {
            kind: "PersistentVolumeClaim",
            name: claim.to_lowercase(),
            value: map(vec![
                ("apiVersion", s("v1")),
                ("kind", s("PersistentVolumeClaim")),
                ("metadata", map(vec![("labels", labels(&claim)), ("name", s(claim.to_lowercase()))])),
                (
                    "spec",
                    map(vec![
                        ("accessModes", Value::Seq(vec![s(mode)])),
                        ("resources", map(vec![("requests", map(vec![("storage", s(CLAIM_SIZE))]))])),
                    ]),
                ),
            ]),
        });
        if v.bind {
            out.warnings.push(format!("Volume mount on the host \"{host}\" isn't supported - ignoring path on the host"));
            note(out, svc, format!("volumes: {}", v.text), format!("PersistentVolumeClaim {claim} ({CLAIM_SIZE}, {mode}) mounted at {}: the host folder is not copied, the claim starts empty (kompose makes a ConfigMap instead when the path holds files)", v.target));
        } else {
            let what = if named { "" } else { " (an anonymous volume: compose makes a fresh one each time, the claim outlives the pod)" };
            note(
                out,
                svc,
                format!("volumes: {}", v.text),
                format!("PersistentVolumeClaim {claim} ({CLAIM_SIZE}, {mode}) mounted at {}{what}", v.target),
            );
        }
    }
    if !mounts.is_empty() {
        container.push(("volumeMounts", Value::Seq(mounts)));
    }

    let mut pod_spec = vec![("containers", Value::Seq(vec![map(container)])), ("restartPolicy", s(restart))];
    if let Some(h) = &svc.hostname {
        pod_spec.push(("hostname", s(h.clone())));
    }
    if !volumes.is_empty() {
        pod_spec.push(("volumes", Value::Seq(volumes)));
    }

    if bare_pod {
        note(
            out,
            svc,
            format!("restart: {}", svc.restart.as_deref().unwrap_or_default()),
            format!("a bare Pod with restartPolicy {restart}: a Deployment's pods must restart Always, so kompose makes no Deployment"),
        );
        objects.push(Object {
            kind: "Pod",
            name: name.clone(),
            value: map(vec![
                ("apiVersion", s("v1")),
                ("kind", s("Pod")),
                ("metadata", metadata(&name, &name, annotations(svc, opt))),
                ("spec", map(pod_spec)),
            ]),
        });
    } else {
        let replicas = svc.replicas.unwrap_or(opt.replicas);
        if let Some(r) = svc.replicas {
            note(out, svc, format!("deploy.replicas: {r}"), "spec.replicas");
        }
        if let Some(r) = &svc.restart {
            note(
                out,
                svc,
                format!("restart: {r}"),
                "spec.template.spec.restartPolicy Always: a Deployment restarts its containers always, and replaces a pod that goes",
            );
        }
        let mut template_meta = vec![("labels", labels(&name))];
        if let Some(a) = annotations(svc, opt) {
            template_meta.push(("annotations", a));
        }
        let mut spec = vec![
            ("replicas", Value::Int(replicas)),
            ("selector", map(vec![("matchLabels", labels(&name))])),
            ("template", map(vec![("metadata", map(template_meta)), ("spec", map(pod_spec))])),
        ];
        if !svc.volumes.is_empty() {
            // Two pods must not write one ReadWriteOnce volume during a rollout.
            spec.push(("strategy", map(vec![("type", s("Recreate"))])));
        }
        objects.push(Object {
            kind: "Deployment",
            name: name.clone(),
            value: map(vec![
                ("apiVersion", s("apps/v1")),
                ("kind", s("Deployment")),
                ("metadata", metadata(&name, &name, annotations(svc, opt))),
                ("spec", map(spec)),
            ]),
        });
    }

    let service_type = match label(svc, "kompose.service.type").map(str::to_lowercase).as_deref() {
        Some("nodeport") => Some("NodePort"),
        Some("clusterip") => Some("ClusterIP"),
        _ => None,
    };
    if ports.is_empty() {
        out.warnings.push(format!("Service \"{name}\" won't be created because 'ports' is not specified"));
        note(
            out,
            svc,
            "(no ports)",
            format!("no Service: compose's network gives every service a name, Kubernetes only a Service does, so other pods cannot reach \"{name}\" by name; add its port under ports or expose"),
        );
    } else {
        let mut seen = Vec::new();
        let mut service_ports = Vec::new();
        for (i, p) in ports.iter().enumerate() {
            let key = if i < svc.ports.len() { "ports" } else { "expose" };
            let port = p.published.unwrap_or(p.target);
            let mut port_name = port.to_string();
            if seen.contains(&port) {
                port_name = format!("{port}-{}", p.protocol.to_lowercase());
            }
            seen.push(port);
            let mut sp = vec![("name", s(port_name)), ("port", Value::Int(port as i64)), ("targetPort", Value::Int(p.target as i64))];
            if !p.protocol.eq_ignore_ascii_case("tcp") {
                sp.push(("protocol", s(p.protocol.to_uppercase())));
            }
            service_ports.push(map(sp));
            note(
                out,
                svc,
                format!("{key}: {}", port_text(p)),
                format!(
                    "containerPort {}, and Service {name} port {port} → targetPort {}: reachable in the cluster as {name}:{port}; a ClusterIP Service publishes nothing on your machine (kubectl port-forward svc/{name} {port}:{port}, or a NodePort)",
                    p.target, p.target
                ),
            );
        }
        objects.insert(
            0,
            Object {
                kind: "Service",
                name: name.clone(),
                value: map(vec![
                    ("apiVersion", s("v1")),
                    ("kind", s("Service")),
                    ("metadata", metadata(&name, &name, annotations(svc, opt))),
                    ("spec", {
                        let mut spec = vec![("ports", Value::Seq(service_ports)), ("selector", labels(&name))];
                        if let Some(t) = service_type {
                            spec.push(("type", s(t)));
                            note(out, svc, format!("labels: kompose.service.type: {t}"), "the Service's spec.type");
                        }
                        map(spec)
                    }),
                ]),
            },
        );
    }
    objects.extend(claims);

    if !svc.labels.is_empty() {
        note(out, svc, "labels", "metadata.annotations of each object (compose labels are not Kubernetes labels)");
    }
    for d in &svc.depends_on {
        note(out, svc, format!("depends_on: {d}"), "no equivalent: Kubernetes starts every pod at once; a pod that needs another retries until it answers (or waits in an init container)");
    }
    for l in &svc.links {
        note(out, svc, format!("links: {l}"), "no equivalent: a Service's name is already a DNS name every pod can use");
    }
    for n in &svc.networks {
        note(out, svc, format!("networks: {n}"), "no equivalent: every pod can reach every other; kompose makes NetworkPolicies only with --generate-network-policies, which kubeplay does not simulate");
    }
    for k in &svc.other {
        note(out, svc, k.clone(), format!("kubeplay does not convert {k}"));
    }
    objects
}

/// The value of a compose label that steers kompose (`kompose.…`).
fn label<'a>(svc: &'a Service, key: &str) -> Option<&'a str> {
    svc.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// kompose writes `$VAR` in args as Kubernetes' `$(VAR)`, which the kubelet expands from
/// the container's environment.
fn dollar_to_kubernetes(w: &str) -> String {
    let mut out = String::new();
    let mut chars = w.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        let mut name = String::new();
        while let Some(&n) = chars.peek() {
            if n.is_ascii_alphanumeric() {
                name.push(n);
                chars.next();
            } else {
                break;
            }
        }
        out.push_str(&format!("$({name})"));
    }
    out
}
