//! The kinds kubeplay knows: their group/version, resource names and aliases, as
//! discovery tells kubectl.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    Service,
    Endpoints,
    EndpointSlice,
    Event,
    Deployment,
    ReplicaSet,
    HorizontalPodAutoscaler,
    Job,
    CronJob,
    DaemonSet,
    StatefulSet,
    ControllerRevision,
    PodDisruptionBudget,
    ReplicationController,
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    // Served kinds kubeplay stores as written and does not act on (`model::stored`).
    ServiceAccount,
    LimitRange,
    ResourceQuota,
    PodTemplate,
    MutatingWebhookConfiguration,
    ValidatingAdmissionPolicy,
    ValidatingAdmissionPolicyBinding,
    ValidatingWebhookConfiguration,
    CustomResourceDefinition,
    APIService,
    CertificateSigningRequest,
    Lease,
    FlowSchema,
    PriorityLevelConfiguration,
    IngressClass,
    Ingress,
    IPAddress,
    NetworkPolicy,
    ServiceCIDR,
    RuntimeClass,
    ClusterRoleBinding,
    ClusterRole,
    RoleBinding,
    Role,
    PriorityClass,
    CSIDriver,
    CSINode,
    CSIStorageCapacity,
    VolumeAttachment,
}

pub struct KindInfo {
    pub kind: Kind,
    pub name: &'static str,
    pub api_version: &'static str,
    /// Plural resource, as in `kubectl get pods` and error texts (`pods "x" not found`).
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
    /// Group suffix for `kind.group/name` output (`deployment.apps/web`).
    pub group: &'static str,
    pub namespaced: bool,
    /// What the API server lets a client do with it (`kubectl api-resources -o wide`).
    pub verbs: &'static [&'static str],
    /// `kubectl get`'s columns (the server's printer), and those `-o wide` adds.
    pub columns: &'static [&'static str],
    pub wide: &'static [&'static str],
    /// Where `kubectl get all` lists it (1 first, in kubectl's order: pods,
    /// replicationcontrollers, services, daemonsets, deployments, replicasets,
    /// statefulsets, HPAs, then batch/v1's
    /// resources as discovery lists them, cronjobs before jobs), 0 if it does not.
    pub in_all: u8,
}

pub const KINDS: &[KindInfo] = &[
    KindInfo {
        kind: Kind::Pod,
        name: "Pod",
        api_version: "v1",
        plural: "pods",
        singular: "pod",
        short: &["po"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        wide: &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        in_all: 1,
    },
    KindInfo {
        kind: Kind::Service,
        name: "Service",
        api_version: "v1",
        plural: "services",
        singular: "service",
        short: &["svc"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        wide: &["SELECTOR"],
        in_all: 3,
    },
    KindInfo {
        kind: Kind::ReplicationController,
        name: "ReplicationController",
        api_version: "v1",
        plural: "replicationcontrollers",
        singular: "replicationcontroller",
        short: &["rc"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        wide: &["CONTAINERS", "IMAGES", "SELECTOR"],
        in_all: 2,
    },
    KindInfo {
        kind: Kind::DaemonSet,
        name: "DaemonSet",
        api_version: "apps/v1",
        plural: "daemonsets",
        singular: "daemonset",
        short: &["ds"],
        group: "apps",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
        wide: &["CONTAINERS", "IMAGES", "SELECTOR"],
        in_all: 4,
    },
    KindInfo {
        kind: Kind::Deployment,
        name: "Deployment",
        api_version: "apps/v1",
        plural: "deployments",
        singular: "deployment",
        short: &["deploy"],
        group: "apps",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        wide: &["CONTAINERS", "IMAGES", "SELECTOR"],
        in_all: 5,
    },
    KindInfo {
        kind: Kind::ReplicaSet,
        name: "ReplicaSet",
        api_version: "apps/v1",
        plural: "replicasets",
        singular: "replicaset",
        short: &["rs"],
        group: "apps",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        wide: &["CONTAINERS", "IMAGES", "SELECTOR"],
        in_all: 6,
    },
    KindInfo {
        kind: Kind::StatefulSet,
        name: "StatefulSet",
        api_version: "apps/v1",
        plural: "statefulsets",
        singular: "statefulset",
        short: &["sts"],
        group: "apps",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "READY", "AGE"],
        wide: &["CONTAINERS", "IMAGES"],
        in_all: 7,
    },
    KindInfo {
        kind: Kind::ControllerRevision,
        name: "ControllerRevision",
        api_version: "apps/v1",
        plural: "controllerrevisions",
        singular: "controllerrevision",
        short: &[],
        group: "apps",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "CONTROLLER", "REVISION", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::HorizontalPodAutoscaler,
        name: "HorizontalPodAutoscaler",
        api_version: "autoscaling/v2",
        plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler",
        short: &["hpa"],
        group: "autoscaling",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
        wide: &[],
        in_all: 8,
    },
    KindInfo {
        kind: Kind::CronJob,
        name: "CronJob",
        api_version: "batch/v1",
        plural: "cronjobs",
        singular: "cronjob",
        short: &["cj"],
        group: "batch",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
        wide: &["CONTAINERS", "IMAGES", "SELECTOR"],
        in_all: 9,
    },
    KindInfo {
        kind: Kind::Job,
        name: "Job",
        api_version: "batch/v1",
        plural: "jobs",
        singular: "job",
        short: &[],
        group: "batch",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
        wide: &["CONTAINERS", "IMAGES", "SELECTOR"],
        in_all: 10,
    },
    KindInfo {
        kind: Kind::PodDisruptionBudget,
        name: "PodDisruptionBudget",
        api_version: "policy/v1",
        plural: "poddisruptionbudgets",
        singular: "poddisruptionbudget",
        short: &["pdb"],
        group: "policy",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::Endpoints,
        name: "Endpoints",
        api_version: "v1",
        plural: "endpoints",
        singular: "endpoints",
        short: &["ep"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "ENDPOINTS", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::EndpointSlice,
        name: "EndpointSlice",
        api_version: "discovery.k8s.io/v1",
        plural: "endpointslices",
        singular: "endpointslice",
        short: &[],
        group: "discovery.k8s.io",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::Event,
        name: "Event",
        api_version: "v1",
        plural: "events",
        singular: "event",
        short: &["ev"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "get", "list", "patch", "update", "watch"],
        columns: &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        wide: &["SUBOBJECT", "SOURCE", "FIRST SEEN", "COUNT", "NAME"],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::Node,
        name: "Node",
        api_version: "v1",
        plural: "nodes",
        singular: "node",
        short: &["no"],
        group: "",
        namespaced: false,
        verbs: &["create", "delete", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        wide: &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::Namespace,
        name: "Namespace",
        api_version: "v1",
        plural: "namespaces",
        singular: "namespace",
        short: &["ns"],
        group: "",
        namespaced: false,
        verbs: &["create", "delete", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "STATUS", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::ConfigMap,
        name: "ConfigMap",
        api_version: "v1",
        plural: "configmaps",
        singular: "configmap",
        short: &["cm"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "DATA", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::Secret,
        name: "Secret",
        api_version: "v1",
        plural: "secrets",
        singular: "secret",
        short: &[],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "TYPE", "DATA", "AGE"],
        wide: &[],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::PersistentVolumeClaim,
        name: "PersistentVolumeClaim",
        api_version: "v1",
        plural: "persistentvolumeclaims",
        singular: "persistentvolumeclaim",
        short: &["pvc"],
        group: "",
        namespaced: true,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
        wide: &["VOLUMEMODE"],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::PersistentVolume,
        name: "PersistentVolume",
        api_version: "v1",
        plural: "persistentvolumes",
        singular: "persistentvolume",
        short: &["pv"],
        group: "",
        namespaced: false,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &[
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE",
        ],
        wide: &["VOLUMEMODE"],
        in_all: 0,
    },
    KindInfo {
        kind: Kind::StorageClass,
        name: "StorageClass",
        api_version: "storage.k8s.io/v1",
        plural: "storageclasses",
        singular: "storageclass",
        short: &["sc"],
        group: "storage.k8s.io",
        namespaced: false,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns: &["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
        wide: &[],
        in_all: 0,
    }, // Served kinds kubeplay stores as written and does not act on, with the server's
    // printer columns (`printers.go`; kube-aggregator's for APIService).
    stored(
        Kind::ServiceAccount,
        "ServiceAccount",
        "serviceaccount",
        "v1",
        "",
        "serviceaccounts",
        &["sa"],
        true,
        &["NAME", "SECRETS", "AGE"],
        &[],
    ),
    stored(Kind::LimitRange, "LimitRange", "limitrange", "v1", "", "limitranges", &["limits"], true, CREATED_AT, &[]),
    stored(
        Kind::ResourceQuota,
        "ResourceQuota",
        "resourcequota",
        "v1",
        "",
        "resourcequotas",
        &["quota"],
        true,
        &["NAME", "REQUEST", "LIMIT", "AGE"],
        &[],
    ),
    stored(
        Kind::PodTemplate,
        "PodTemplate",
        "podtemplate",
        "v1",
        "",
        "podtemplates",
        &[],
        true,
        &["NAME", "CONTAINERS", "IMAGES", "POD LABELS"],
        &[],
    ),
    stored(
        Kind::MutatingWebhookConfiguration,
        "MutatingWebhookConfiguration",
        "mutatingwebhookconfiguration",
        "admissionregistration.k8s.io/v1",
        "admissionregistration.k8s.io",
        "mutatingwebhookconfigurations",
        &[],
        false,
        &["NAME", "WEBHOOKS", "AGE"],
        &[],
    ),
    stored(
        Kind::ValidatingAdmissionPolicy,
        "ValidatingAdmissionPolicy",
        "validatingadmissionpolicy",
        "admissionregistration.k8s.io/v1",
        "admissionregistration.k8s.io",
        "validatingadmissionpolicies",
        &[],
        false,
        &["NAME", "VALIDATIONS", "PARAMKIND", "AGE"],
        &[],
    ),
    stored(
        Kind::ValidatingAdmissionPolicyBinding,
        "ValidatingAdmissionPolicyBinding",
        "validatingadmissionpolicybinding",
        "admissionregistration.k8s.io/v1",
        "admissionregistration.k8s.io",
        "validatingadmissionpolicybindings",
        &[],
        false,
        NAME_AGE,
        &[],
    ),
    stored(
        Kind::ValidatingWebhookConfiguration,
        "ValidatingWebhookConfiguration",
        "validatingwebhookconfiguration",
        "admissionregistration.k8s.io/v1",
        "admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
        &[],
        false,
        &["NAME", "WEBHOOKS", "AGE"],
        &[],
    ),
    stored(
        Kind::CustomResourceDefinition,
        "CustomResourceDefinition",
        "customresourcedefinition",
        "apiextensions.k8s.io/v1",
        "apiextensions.k8s.io",
        "customresourcedefinitions",
        &["crd", "crds"],
        false,
        CREATED_AT,
        &[],
    ),
    stored(
        Kind::APIService,
        "APIService",
        "apiservice",
        "apiregistration.k8s.io/v1",
        "apiregistration.k8s.io",
        "apiservices",
        &[],
        false,
        &["NAME", "SERVICE", "AVAILABLE", "AGE"],
        &[],
    ),
    stored(
        Kind::CertificateSigningRequest,
        "CertificateSigningRequest",
        "certificatesigningrequest",
        "certificates.k8s.io/v1",
        "certificates.k8s.io",
        "certificatesigningrequests",
        &["csr"],
        false,
        NAME_AGE,
        &[],
    ),
    stored(
        Kind::Lease,
        "Lease",
        "lease",
        "coordination.k8s.io/v1",
        "coordination.k8s.io",
        "leases",
        &[],
        true,
        &["NAME", "HOLDER", "AGE"],
        &[],
    ),
    stored(
        Kind::FlowSchema,
        "FlowSchema",
        "flowschema",
        "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io",
        "flowschemas",
        &[],
        false,
        NAME_AGE,
        &[],
    ),
    stored(
        Kind::PriorityLevelConfiguration,
        "PriorityLevelConfiguration",
        "prioritylevelconfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "flowcontrol.apiserver.k8s.io",
        "prioritylevelconfigurations",
        &[],
        false,
        NAME_AGE,
        &[],
    ),
    stored(
        Kind::IngressClass,
        "IngressClass",
        "ingressclass",
        "networking.k8s.io/v1",
        "networking.k8s.io",
        "ingressclasses",
        &[],
        false,
        &["NAME", "CONTROLLER", "PARAMETERS", "AGE"],
        &[],
    ),
    stored(
        Kind::Ingress,
        "Ingress",
        "ingress",
        "networking.k8s.io/v1",
        "networking.k8s.io",
        "ingresses",
        &["ing"],
        true,
        &["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
        &[],
    ),
    stored(
        Kind::IPAddress,
        "IPAddress",
        "ipaddress",
        "networking.k8s.io/v1",
        "networking.k8s.io",
        "ipaddresses",
        &[],
        false,
        NAME_AGE,
        &[],
    ),
    stored(
        Kind::NetworkPolicy,
        "NetworkPolicy",
        "networkpolicy",
        "networking.k8s.io/v1",
        "networking.k8s.io",
        "networkpolicies",
        &["netpol"],
        true,
        &["NAME", "POD-SELECTOR", "AGE"],
        &[],
    ),
    stored(
        Kind::ServiceCIDR,
        "ServiceCIDR",
        "servicecidr",
        "networking.k8s.io/v1",
        "networking.k8s.io",
        "servicecidrs",
        &[],
        false,
        &["NAME", "CIDRS", "AGE"],
        &[],
    ),
    stored(
        Kind::RuntimeClass,
        "RuntimeClass",
        "runtimeclass",
        "node.k8s.io/v1",
        "node.k8s.io",
        "runtimeclasses",
        &[],
        false,
        &["NAME", "HANDLER", "AGE"],
        &[],
    ),
    stored(
        Kind::ClusterRoleBinding,
        "ClusterRoleBinding",
        "clusterrolebinding",
        "rbac.authorization.k8s.io/v1",
        "rbac.authorization.k8s.io",
        "clusterrolebindings",
        &[],
        false,
        BINDING,
        BINDING_WIDE,
    ),
    stored(
        Kind::ClusterRole,
        "ClusterRole",
        "clusterrole",
        "rbac.authorization.k8s.io/v1",
        "rbac.authorization.k8s.io",
        "clusterroles",
        &[],
        false,
        CREATED_AT,
        &[],
    ),
    stored(
        Kind::RoleBinding,
        "RoleBinding",
        "rolebinding",
        "rbac.authorization.k8s.io/v1",
        "rbac.authorization.k8s.io",
        "rolebindings",
        &[],
        true,
        BINDING,
        BINDING_WIDE,
    ),
    stored(Kind::Role, "Role", "role", "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io", "roles", &[], true, CREATED_AT, &[]),
    stored(
        Kind::PriorityClass,
        "PriorityClass",
        "priorityclass",
        "scheduling.k8s.io/v1",
        "scheduling.k8s.io",
        "priorityclasses",
        &["pc"],
        false,
        &["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"],
        &[],
    ),
    stored(Kind::CSIDriver, "CSIDriver", "csidriver", "storage.k8s.io/v1", "storage.k8s.io", "csidrivers", &[], false, NAME_AGE, &[]),
    stored(Kind::CSINode, "CSINode", "csinode", "storage.k8s.io/v1", "storage.k8s.io", "csinodes", &[], false, NAME_AGE, &[]),
    stored(
        Kind::CSIStorageCapacity,
        "CSIStorageCapacity",
        "csistoragecapacity",
        "storage.k8s.io/v1",
        "storage.k8s.io",
        "csistoragecapacities",
        &[],
        true,
        NAME_AGE,
        &[],
    ),
    stored(
        Kind::VolumeAttachment,
        "VolumeAttachment",
        "volumeattachment",
        "storage.k8s.io/v1",
        "storage.k8s.io",
        "volumeattachments",
        &[],
        false,
        NAME_AGE,
        &[],
    ),
];

const CREATED_AT: &[&str] = &["NAME", "CREATED AT"];
const NAME_AGE: &[&str] = &["NAME", "AGE"];
const BINDING: &[&str] = &["NAME", "ROLE", "AGE"];
const BINDING_WIDE: &[&str] = &["USERS", "GROUPS", "SERVICEACCOUNTS"];

/// The entry of a kind kubeplay stores without acting on it (singular: the lower-cased
/// kind, as discovery has it; group: the apiVersion's).
#[allow(clippy::too_many_arguments)]
const fn stored(
    kind: Kind,
    name: &'static str,
    singular: &'static str,
    api_version: &'static str,
    group: &'static str,
    plural: &'static str,
    short: &'static [&'static str],
    namespaced: bool,
    columns: &'static [&'static str],
    wide: &'static [&'static str],
) -> KindInfo {
    KindInfo {
        kind,
        name,
        api_version,
        plural,
        singular,
        short,
        group,
        namespaced,
        verbs: &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        columns,
        wide,
        in_all: 0,
    }
}

/// The kinds `kubectl get all` lists, in its order.
pub fn in_all() -> Vec<Kind> {
    let mut all: Vec<&KindInfo> = KINDS.iter().filter(|k| k.in_all > 0).collect();
    all.sort_by_key(|k| k.in_all);
    all.into_iter().map(|k| k.kind).collect()
}

impl Kind {
    pub fn info(self) -> &'static KindInfo {
        KINDS.iter().find(|k| k.kind == self).expect("every kind has an entry")
    }

    /// `deployment.apps` / `pod`: how `kubectl apply` and `-o name` name the type.
    pub fn type_name(self) -> String {
        let i = self.info();
        if i.group.is_empty() {
            i.singular.to_string()
        } else {
            format!("{}.{}", i.singular, i.group)
        }
    }

    /// `deployments.apps` / `pods`: how API errors name the resource.
    pub fn resource_name(self) -> String {
        let i = self.info();
        if i.group.is_empty() {
            i.plural.to_string()
        } else {
            format!("{}.{}", i.plural, i.group)
        }
    }

    /// What the user may type after `kubectl get`: plural, singular, short name, kind, with
    /// an optional `.group` suffix, any case.
    pub fn from_resource_arg(arg: &str) -> Option<Kind> {
        let a = arg.to_ascii_lowercase();
        KINDS
            .iter()
            .find(|k| {
                let full = |n: &str| -> bool {
                    a == n
                        || (!k.group.is_empty() && a == format!("{n}.{}", k.group))
                        || k.api_version.split_once('/').is_some_and(|(g, v)| a == format!("{n}.{v}.{g}"))
                };
                full(k.plural) || full(k.singular) || k.short.iter().any(|s| a == *s) || a == k.name.to_ascii_lowercase()
            })
            .map(|k| k.kind)
    }

    /// The kind a manifest's `apiVersion` and `kind` name, if this cluster serves it.
    pub fn from_manifest(api_version: &str, kind: &str) -> Option<Kind> {
        KINDS.iter().find(|k| k.name == kind && k.api_version == api_version && !matches!(k.kind, Kind::Event)).map(|k| k.kind).or(
            match (api_version, kind) {
                ("autoscaling/v1", "HorizontalPodAutoscaler") => Some(Kind::HorizontalPodAutoscaler),
                ("v1", "Event") | ("events.k8s.io/v1", "Event") => None,
                _ => None,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_args_resolve_like_kubectl() {
        assert_eq!(Kind::from_resource_arg("po"), Some(Kind::Pod));
        assert_eq!(Kind::from_resource_arg("Pods"), Some(Kind::Pod));
        assert_eq!(Kind::from_resource_arg("deploy"), Some(Kind::Deployment));
        assert_eq!(Kind::from_resource_arg("deployments.apps"), Some(Kind::Deployment));
        assert_eq!(Kind::from_resource_arg("svc"), Some(Kind::Service));
        assert_eq!(Kind::from_resource_arg("foo"), None);
        assert_eq!(Kind::from_resource_arg("cm"), Some(Kind::ConfigMap));
        assert_eq!(Kind::from_resource_arg("secret"), Some(Kind::Secret));
        assert_eq!(Kind::from_resource_arg("pvc"), Some(Kind::PersistentVolumeClaim));
        assert_eq!(Kind::from_resource_arg("pv"), Some(Kind::PersistentVolume));
        assert_eq!(Kind::from_resource_arg("sc"), Some(Kind::StorageClass));
        assert_eq!(Kind::from_resource_arg("storageclasses.storage.k8s.io"), Some(Kind::StorageClass));
        assert!(!in_all().contains(&Kind::ConfigMap) && !in_all().contains(&Kind::Secret), "kubectl get all lists neither");
        assert_eq!(Kind::Deployment.type_name(), "deployment.apps");
        assert_eq!(Kind::Pod.resource_name(), "pods");
    }

    #[test]
    fn manifests_need_the_served_version() {
        assert_eq!(Kind::from_manifest("apps/v1", "Deployment"), Some(Kind::Deployment));
        assert_eq!(Kind::from_manifest("apps/v1beta2", "Deployment"), None);
        assert_eq!(Kind::from_manifest("v1", "Deployment"), None);
    }
}
