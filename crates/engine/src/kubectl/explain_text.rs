//! The texts `kubectl explain` prints that the schema table does not hold: the API's own
//! descriptions of the common kinds and their top-level fields (copied from the
//! Kubernetes v1.33 API, not written here), and which fields the API marks required.

const API_VERSION: &str = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND: &str = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
const METADATA: &str =
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/// The description of a kind itself.
pub fn kind(name: &str) -> Option<&'static str> {
    Some(match name {
        "Pod" => "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.",
        "Deployment" => "Deployment enables declarative updates for Pods and ReplicaSets.",
        "ReplicaSet" => "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
        "Service" => "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
        "ConfigMap" => "ConfigMap holds configuration data for pods to consume.",
        "Secret" => "Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.",
        "DaemonSet" => "DaemonSet represents the configuration of a daemon set.",
        "Job" => "Job represents the configuration of a single job.",
        "CronJob" => "CronJob represents the configuration of a single cron job.",
        "Namespace" => "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
        "Node" => "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).",
        _ => return None,
    })
}

/// The description of field `name` of type `parent` (in an object of kind `kind`).
pub fn field(kind: &str, parent: &str, name: &str) -> Option<&'static str> {
    let top = parent == kind || parent == "HorizontalPodAutoscalerV1";
    Some(match (parent, name) {
        (_, "apiVersion") if top => API_VERSION,
        (_, "kind") if top => KIND,
        ("Pod" | "Service" | "ConfigMap" | "Secret" | "Namespace" | "Node", "metadata") => METADATA,
        ("Pod", "spec") => "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
        ("Pod", "status") => "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
        ("Deployment", "spec") => "Specification of the desired behavior of the Deployment.",
        ("Deployment", "status") => "Most recently observed status of the Deployment.",
        ("Service", "spec") => "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
        ("Service", "status") => "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
        _ => return None,
    })
}

/// Whether the API lists `name` among the required fields of type `parent`.
pub fn required(parent: &str, name: &str) -> bool {
    matches!(
        (parent, name),
        ("PodSpec", "containers")
            | ("Container" | "EphemeralContainer", "name")
            | ("ContainerPort", "containerPort")
            | ("EnvVar", "name")
            | ("VolumeMount", "name" | "mountPath")
            | ("VolumeDevice", "name" | "devicePath")
            | ("Volume", "name")
            | ("ContainerResizePolicy", "resourceName" | "restartPolicy")
            | ("HTTPGetAction", "port")
            | ("TCPSocketAction", "port")
            | ("OwnerReference", "apiVersion" | "kind" | "name" | "uid")
            | ("LabelSelectorRequirement", "key" | "operator")
            | ("NodeSelectorRequirement", "key" | "operator")
            | ("NodeSelector", "nodeSelectorTerms")
            | ("PreferredSchedulingTerm", "weight" | "preference")
            | ("TopologySpreadConstraint", "maxSkew" | "topologyKey" | "whenUnsatisfiable")
            | ("PodReadinessGate", "conditionType")
            | ("PodOS", "name")
            | ("PodSchedulingGate", "name")
            | ("DeploymentSpec", "selector" | "template")
            | ("ReplicaSetSpec", "selector")
            | ("DaemonSetSpec", "selector" | "template")
            | ("StatefulSetSpec", "selector" | "template")
            | ("JobSpec", "template")
            | ("CronJobSpec", "schedule" | "jobTemplate")
            | ("ServicePort", "port")
            | ("Taint", "key" | "effect")
            | ("HorizontalPodAutoscalerSpec" | "HorizontalPodAutoscalerSpecV1", "scaleTargetRef" | "maxReplicas")
            | ("CrossVersionObjectReference", "kind" | "name")
            | ("PolicyRule", "verbs")
            | ("Subject", "kind" | "name")
            | ("RoleRef", "apiGroup" | "kind" | "name")
            | ("RoleBinding" | "ClusterRoleBinding", "roleRef")
            | ("StorageClass", "provisioner")
            | ("PriorityClass", "value")
            | ("EndpointSlice", "addressType" | "endpoints")
            | ("Endpoint", "addresses")
    )
}

/// The values the API lists for an enum field (Go types marked `+enum`), sorted as the
/// OpenAPI document lists them.
pub fn enum_values(parent: &str, name: &str) -> Option<&'static [&'static str]> {
    const PROTOCOL: &[&str] = &["SCTP", "TCP", "UDP"];
    const EFFECT: &[&str] = &["NoExecute", "NoSchedule", "PreferNoSchedule"];
    Some(match (parent, name) {
        ("ContainerPort" | "ServicePort" | "EndpointPort", "protocol") => PROTOCOL,
        ("Container" | "EphemeralContainer", "imagePullPolicy") => &["Always", "IfNotPresent", "Never"],
        ("Container" | "EphemeralContainer", "terminationMessagePolicy") => &["FallbackToLogsOnError", "File"],
        ("PodSpec", "restartPolicy") => &["Always", "Never", "OnFailure"],
        ("PodSpec", "dnsPolicy") => &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
        ("PodSpec", "preemptionPolicy") => &["Never", "PreemptLowerPriority"],
        ("Toleration", "operator") => &["Equal", "Exists"],
        ("Toleration" | "Taint", "effect") => EFFECT,
        ("ServiceSpec", "type") => &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ("ServiceSpec", "sessionAffinity") => &["ClientIP", "None"],
        ("DeploymentStrategy", "type") => &["Recreate", "RollingUpdate"],
        ("CronJobSpec", "concurrencyPolicy") => &["Allow", "Forbid", "Replace"],
        _ => return None,
    })
}
