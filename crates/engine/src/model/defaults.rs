//! Defaulting as the API server's `SetDefaults_*` functions and admission plugins do it,
//! applied to the wire value so that `kubectl get -o yaml` shows every default.

use crate::model::Kind;
use crate::value::Value;

fn default(v: &mut Value, key: &str, d: Value) {
    if v.get(key).is_none_or(Value::is_null) {
        v.set(key, d);
    }
}

/// `ParseImageName` then `SetDefaults_Container`: `latest` (explicit or implied when there
/// is neither tag nor digest) means `Always`, anything else `IfNotPresent`.
pub fn pull_policy_for(image: &str) -> &'static str {
    let (_, tag, digest) = split_image(image);
    if tag == "latest" || (tag.is_empty() && digest.is_empty()) {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// Splits `registry:5000/name:tag@sha256:…` into name, tag and digest.
pub fn split_image(image: &str) -> (&str, &str, &str) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, d),
        None => (image, ""),
    };
    let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
    match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], &rest[last_slash + i + 1..], digest),
        None => (rest, "", digest),
    }
}

/// `SetDefaults_ConfigMapVolumeSource`, `SetDefaults_SecretVolumeSource` (mode 0644) and
/// `SetDefaults_HostPathVolumeSource`.
fn volume(v: &mut Value) {
    for source in ["configMap", "secret"] {
        if let Some(s) = v.get_mut(source).filter(|s| matches!(s, Value::Map(_))) {
            default(s, "defaultMode", Value::Int(420));
        }
    }
    if let Some(s) = v.get_mut("hostPath").filter(|s| matches!(s, Value::Map(_))) {
        default(s, "type", Value::str(""));
    }
}

fn container(c: &mut Value) {
    if let Some(image) = c.get("image").and_then(Value::as_str).map(String::from) {
        default(c, "imagePullPolicy", Value::str(pull_policy_for(&image)));
    }
    default(c, "terminationMessagePath", Value::str(super::pod::DEFAULT_TERMINATION_PATH));
    default(c, "terminationMessagePolicy", Value::str("File"));
    default(c, "resources", Value::Map(vec![]));
    // `SetDefaults_ObjectFieldSelector`.
    if let Some(Value::Seq(env)) = c.get_mut("env") {
        for e in env {
            if let Some(f) = e.get_mut("valueFrom").and_then(|v| v.get_mut("fieldRef")).filter(|f| matches!(f, Value::Map(_))) {
                default(f, "apiVersion", Value::str("v1"));
            }
        }
    }
    if let Some(Value::Seq(ports)) = c.get_mut("ports") {
        for p in ports {
            default(p, "protocol", Value::str("TCP"));
        }
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = c.get_mut(probe).filter(|p| !p.is_null()) {
            default(p, "timeoutSeconds", Value::Int(1));
            default(p, "periodSeconds", Value::Int(10));
            default(p, "successThreshold", Value::Int(1));
            default(p, "failureThreshold", Value::Int(3));
            if let Some(h) = p.get_mut("httpGet").filter(|h| !h.is_null()) {
                default(h, "path", Value::str("/"));
                default(h, "scheme", Value::str("HTTP"));
            }
            if let Some(g) = p.get_mut("grpc").filter(|g| !g.is_null()) {
                default(g, "service", Value::str(""));
            }
        }
    }
}

/// `SetDefaults_PodSpec` and the container defaults. `for_pod` adds what real pods alone
/// get (service links, service account, priority and preemption, default tolerations).
pub fn pod_spec(spec: &mut Value, for_pod: bool) {
    if !matches!(spec, Value::Map(_)) {
        *spec = Value::Map(vec![]);
    }
    default(spec, "restartPolicy", Value::str("Always"));
    default(spec, "terminationGracePeriodSeconds", Value::Int(30));
    default(spec, "dnsPolicy", Value::str("ClusterFirst"));
    default(spec, "securityContext", Value::Map(vec![]));
    default(spec, "schedulerName", Value::str("default-scheduler"));
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        if let Some(Value::Seq(cs)) = spec.get_mut(list) {
            cs.iter_mut().for_each(container);
        }
    }
    if let Some(Value::Seq(vs)) = spec.get_mut("volumes") {
        vs.iter_mut().for_each(volume);
    }
    if for_pod {
        // `SetDefaults_Pod` (not `_PodSpec`): a controller's stored template has none of
        // it, so none reaches its revision hash. Priority and preemption policy are the
        // Priority admission plugin's (`apiserver::priority`).
        default(spec, "enableServiceLinks", Value::Bool(true));
        default(spec, "serviceAccountName", Value::str("default"));
        default(spec, "serviceAccount", Value::str("default"));
        // DefaultTolerationSeconds admission.
        let mut tolerations = match spec.remove("tolerations") {
            Some(Value::Seq(t)) => t,
            _ => vec![],
        };
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
            let has = tolerations.iter().any(|t| t.get("key").and_then(Value::as_str) == Some(key));
            if !has {
                tolerations.push(Value::Map(vec![
                    ("effect".into(), Value::str("NoExecute")),
                    ("key".into(), Value::str(key)),
                    ("operator".into(), Value::str("Exists")),
                    ("tolerationSeconds".into(), Value::Int(300)),
                ]));
            }
        }
        spec.set("tolerations", Value::Seq(tolerations));
    }
}

/// A template's `creationTimestamp: null` (what `--dry-run=client -o yaml` prints) is
/// the zero time the server decodes it to: stored as if it were not written, so a saved
/// dry run applies to the object the command creates directly.
fn drop_null_timestamp(t: &mut Value) {
    let Some(m) = t.get_mut("metadata") else { return };
    if m.get("creationTimestamp").is_some_and(Value::is_null) {
        m.remove("creationTimestamp");
        if m.as_map().is_some_and(|m| m.is_empty()) {
            t.remove("metadata");
        }
    }
}

fn template(spec: &mut Value) {
    let t = spec.entry_map("template");
    drop_null_timestamp(t);
    let s = t.entry_map("spec");
    pod_spec(s, false);
}

/// `SetDefaults_Job` (the selector and its labels come later, with the uid).
pub fn job_spec(spec: &mut Value) {
    let unset = |s: &Value, k: &str| s.get(k).is_none_or(Value::is_null);
    if unset(spec, "completions") && unset(spec, "parallelism") {
        spec.set("completions", Value::Int(1));
    }
    default(spec, "parallelism", Value::Int(1));
    let backoff = if unset(spec, "backoffLimitPerIndex") { 6 } else { i64::from(i32::MAX) };
    default(spec, "backoffLimit", Value::Int(backoff));
    default(spec, "completionMode", Value::str("NonIndexed"));
    default(spec, "suspend", Value::Bool(false));
    // A pod condition pattern's status defaults to True.
    if let Some(Value::Seq(rules)) = spec.get_mut("podFailurePolicy").and_then(|p| p.get_mut("rules")) {
        for rule in rules {
            if let Some(Value::Seq(patterns)) = rule.get_mut("onPodConditions") {
                for pattern in patterns.iter_mut().filter(|p| matches!(p, Value::Map(_))) {
                    default(pattern, "status", Value::str("True"));
                }
            }
        }
    }
    let replacement = if unset(spec, "podFailurePolicy") { "TerminatingOrFailed" } else { "Failed" };
    default(spec, "podReplacementPolicy", Value::str(replacement));
    template(spec);
}

/// Defaults the object's `spec` in place.
pub fn apply(kind: Kind, obj: &mut Value) {
    match kind {
        Kind::Pod => pod_spec(obj.entry_map("spec"), true),
        Kind::CustomResourceDefinition => super::crd::defaults(obj),
        Kind::Deployment => {
            let spec = obj.entry_map("spec");
            default(spec, "replicas", Value::Int(1));
            default(spec, "revisionHistoryLimit", Value::Int(10));
            default(spec, "progressDeadlineSeconds", Value::Int(600));
            let strategy = spec.entry_map("strategy");
            default(strategy, "type", Value::str("RollingUpdate"));
            if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                let ru = strategy.entry_map("rollingUpdate");
                default(ru, "maxUnavailable", Value::str("25%"));
                default(ru, "maxSurge", Value::str("25%"));
            }
            template(spec);
        }
        Kind::ReplicaSet => {
            let spec = obj.entry_map("spec");
            default(spec, "replicas", Value::Int(1));
            template(spec);
        }
        Kind::ReplicationController => {
            super::replicationcontroller::set_defaults(obj);
            template(obj.entry_map("spec"));
        }
        Kind::DaemonSet => {
            // `SetDefaults_DaemonSet`.
            let spec = obj.entry_map("spec");
            let strategy = spec.entry_map("updateStrategy");
            default(strategy, "type", Value::str("RollingUpdate"));
            if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                let ru = strategy.entry_map("rollingUpdate");
                default(ru, "maxUnavailable", Value::Int(1));
                default(ru, "maxSurge", Value::Int(0));
            }
            default(spec, "revisionHistoryLimit", Value::Int(10));
            template(spec);
        }
        Kind::StatefulSet => {
            let spec = obj.entry_map("spec");
            super::statefulset::set_defaults(spec);
            template(spec);
        }
        Kind::Service => {
            let spec = obj.entry_map("spec");
            default(spec, "type", Value::str("ClusterIP"));
            default(spec, "sessionAffinity", Value::str("None"));
            let ty = spec.get("type").and_then(Value::as_str).unwrap_or("ClusterIP").to_string();
            if ty != "ExternalName" {
                default(spec, "internalTrafficPolicy", Value::str("Cluster"));
                default(spec, "ipFamilies", Value::Seq(vec![Value::str("IPv4")]));
                default(spec, "ipFamilyPolicy", Value::str("SingleStack"));
            }
            if ty == "NodePort" || ty == "LoadBalancer" {
                default(spec, "externalTrafficPolicy", Value::str("Cluster"));
            }
            if ty == "LoadBalancer" {
                default(spec, "allocateLoadBalancerNodePorts", Value::Bool(true));
            }
            if spec.get("sessionAffinity").and_then(Value::as_str) == Some("ClientIP") {
                let cfg = spec.entry_map("sessionAffinityConfig");
                let cip = cfg.entry_map("clientIP");
                default(cip, "timeoutSeconds", Value::Int(10800));
            }
            if let Some(Value::Seq(ports)) = spec.get_mut("ports") {
                for p in ports {
                    default(p, "protocol", Value::str("TCP"));
                    let port = p.get("port").cloned().unwrap_or(Value::Null);
                    let tp_missing = match p.get("targetPort") {
                        None | Some(Value::Null) => true,
                        Some(Value::Int(0)) => true,
                        Some(Value::Str(s)) => s.is_empty(),
                        _ => false,
                    };
                    if tp_missing {
                        p.set("targetPort", port);
                    }
                }
            }
        }
        Kind::HorizontalPodAutoscaler => {
            let spec = obj.entry_map("spec");
            default(spec, "minReplicas", Value::Int(1));
            if spec.get("metrics").is_none_or(|m| m.as_seq().is_empty()) {
                spec.set(
                    "metrics",
                    Value::Seq(vec![Value::Map(vec![
                        ("type".into(), Value::str("Resource")),
                        (
                            "resource".into(),
                            Value::Map(vec![
                                ("name".into(), Value::str("cpu")),
                                (
                                    "target".into(),
                                    Value::Map(vec![
                                        ("type".into(), Value::str("Utilization")),
                                        ("averageUtilization".into(), Value::Int(80)),
                                    ]),
                                ),
                            ]),
                        ),
                    ])]),
                );
            }
        }
        Kind::Endpoints => {
            if let Some(Value::Seq(subsets)) = obj.get_mut("subsets") {
                for s in subsets {
                    if let Some(Value::Seq(ports)) = s.get_mut("ports") {
                        ports.iter_mut().for_each(|p| default(p, "protocol", Value::str("TCP")));
                    }
                }
            }
        }
        Kind::EndpointSlice => {
            if let Some(Value::Seq(ports)) = obj.get_mut("ports") {
                for p in ports {
                    default(p, "name", Value::str(""));
                    default(p, "protocol", Value::str("TCP"));
                }
            }
        }
        Kind::Job => job_spec(obj.entry_map("spec")),
        Kind::CronJob => {
            let spec = obj.entry_map("spec");
            default(spec, "concurrencyPolicy", Value::str("Allow"));
            default(spec, "suspend", Value::Bool(false));
            default(spec, "successfulJobsHistoryLimit", Value::Int(3));
            default(spec, "failedJobsHistoryLimit", Value::Int(1));
            // A template's Job spec gets its pod template's defaults only: the Job's own
            // (`SetDefaults_Job`) come when a Job is made from it.
            drop_null_timestamp(spec.entry_map("jobTemplate"));
            template(spec.entry_map("jobTemplate").entry_map("spec"));
        }
        Kind::Secret => super::secret::fold_string_data(obj),
        Kind::ConfigMap => {
            // A null value decodes into Go's string as the empty string.
            if let Some(Value::Map(data)) = obj.get_mut("data") {
                data.iter_mut().filter(|(_, v)| v.is_null()).for_each(|(_, v)| *v = Value::str(""));
            }
        }
        Kind::PersistentVolumeClaim => default(obj.entry_map("spec"), "volumeMode", Value::str("Filesystem")),
        Kind::PersistentVolume => {
            let spec = obj.entry_map("spec");
            default(spec, "persistentVolumeReclaimPolicy", Value::str("Retain"));
            default(spec, "volumeMode", Value::str("Filesystem"));
            if let Some(hp) = spec.get_mut("hostPath").filter(|h| h.as_map().is_some()) {
                default(hp, "type", Value::str(""));
            }
        }
        Kind::StorageClass => {
            default(obj, "reclaimPolicy", Value::str("Delete"));
            default(obj, "volumeBindingMode", Value::str("Immediate"));
        }
        Kind::Node | Kind::Namespace | Kind::Event | Kind::PodDisruptionBudget | Kind::ControllerRevision => {}
        // `SetDefaults_PriorityClass`.
        Kind::PriorityClass => default(obj, "preemptionPolicy", Value::str("PreemptLowerPriority")),
        // `SetDefaults_NetworkPolicySpec`: Ingress always, Egress when it has egress rules;
        // each port's protocol TCP.
        Kind::NetworkPolicy => {
            let spec = obj.entry_map("spec");
            if spec.get("policyTypes").is_none_or(|p| p.as_seq().is_empty()) {
                let mut types = vec![Value::str("Ingress")];
                if !spec.get("egress").map(Value::as_seq).unwrap_or(&[]).is_empty() {
                    types.push(Value::str("Egress"));
                }
                spec.set("policyTypes", Value::Seq(types));
            }
            for dir in ["ingress", "egress"] {
                if let Some(Value::Seq(rules)) = spec.get_mut(dir) {
                    for rule in rules.iter_mut() {
                        if let Some(Value::Seq(ports)) = rule.get_mut("ports") {
                            ports.iter_mut().filter(|p| p.as_map().is_some()).for_each(|p| default(p, "protocol", Value::str("TCP")));
                        }
                    }
                }
            }
        }
        // The other stored kinds: their registries' defaults are not modelled.
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_policy_follows_the_tag() {
        assert_eq!(pull_policy_for("nginx"), "Always");
        assert_eq!(pull_policy_for("nginx:latest"), "Always");
        assert_eq!(pull_policy_for("nginx:1.25"), "IfNotPresent");
        assert_eq!(pull_policy_for("nginx@sha256:abcd"), "IfNotPresent");
        assert_eq!(pull_policy_for("nginx:1.25@sha256:abcd"), "IfNotPresent");
        assert_eq!(pull_policy_for("localhost:5000/app"), "Always");
        assert_eq!(pull_policy_for("localhost:5000/app:v2"), "IfNotPresent");
        assert_eq!(pull_policy_for("spring-server"), "Always");
    }

    #[test]
    fn service_target_port_defaults_to_port() {
        let mut svc = Value::Map(vec![(
            "spec".into(),
            Value::Map(vec![("ports".into(), Value::Seq(vec![Value::Map(vec![("port".into(), Value::Int(80))])]))]),
        )]);
        apply(Kind::Service, &mut svc);
        let p = &svc.get("spec").unwrap().get("ports").unwrap().as_seq()[0];
        assert_eq!(p.get("targetPort"), Some(&Value::Int(80)));
        assert_eq!(p.get("protocol"), Some(&Value::str("TCP")));
        assert_eq!(svc.get("spec").unwrap().get("type"), Some(&Value::str("ClusterIP")));
    }

    #[test]
    fn deployment_gets_strategy_and_limits() {
        let mut d = Value::Map(vec![]);
        apply(Kind::Deployment, &mut d);
        let spec = d.get("spec").unwrap();
        assert_eq!(spec.get("replicas"), Some(&Value::Int(1)));
        assert_eq!(spec.get("revisionHistoryLimit"), Some(&Value::Int(10)));
        assert_eq!(spec.get("progressDeadlineSeconds"), Some(&Value::Int(600)));
        let ru = spec.get("strategy").unwrap().get("rollingUpdate").unwrap();
        assert_eq!(ru.get("maxSurge"), Some(&Value::str("25%")));
    }
}
