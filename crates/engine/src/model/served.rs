//! Every resource a Kubernetes v1.33 cluster serves out of the box, as `kubectl
//! api-resources` lists it on kind. kubeplay models only some of them (`kinds`); for the
//! others this table lets it say so honestly, instead of answering as a cluster that lacks
//! them would ("no matches for kind", "the server doesn't have a resource type").

pub struct Served {
    pub kind: &'static str,
    /// The preferred group/version, as `api-resources` prints it.
    pub api_version: &'static str,
    pub plural: &'static str,
    pub short: &'static [&'static str],
    pub namespaced: bool,
}

const fn s(
    plural: &'static str,
    short: &'static [&'static str],
    api_version: &'static str,
    namespaced: bool,
    kind: &'static str,
) -> Served {
    Served { kind, api_version, plural, short, namespaced }
}

/// `kubectl api-resources` on a v1.33 kind cluster, in its order.
pub const SERVED: &[Served] = &[
    s("bindings", &[], "v1", true, "Binding"),
    s("componentstatuses", &["cs"], "v1", false, "ComponentStatus"),
    s("configmaps", &["cm"], "v1", true, "ConfigMap"),
    s("endpoints", &["ep"], "v1", true, "Endpoints"),
    s("events", &["ev"], "v1", true, "Event"),
    s("limitranges", &["limits"], "v1", true, "LimitRange"),
    s("namespaces", &["ns"], "v1", false, "Namespace"),
    s("nodes", &["no"], "v1", false, "Node"),
    s("persistentvolumeclaims", &["pvc"], "v1", true, "PersistentVolumeClaim"),
    s("persistentvolumes", &["pv"], "v1", false, "PersistentVolume"),
    s("pods", &["po"], "v1", true, "Pod"),
    s("podtemplates", &[], "v1", true, "PodTemplate"),
    s("replicationcontrollers", &["rc"], "v1", true, "ReplicationController"),
    s("resourcequotas", &["quota"], "v1", true, "ResourceQuota"),
    s("secrets", &[], "v1", true, "Secret"),
    s("serviceaccounts", &["sa"], "v1", true, "ServiceAccount"),
    s("services", &["svc"], "v1", true, "Service"),
    s("mutatingwebhookconfigurations", &[], "admissionregistration.k8s.io/v1", false, "MutatingWebhookConfiguration"),
    s("validatingadmissionpolicies", &[], "admissionregistration.k8s.io/v1", false, "ValidatingAdmissionPolicy"),
    s("validatingadmissionpolicybindings", &[], "admissionregistration.k8s.io/v1", false, "ValidatingAdmissionPolicyBinding"),
    s("validatingwebhookconfigurations", &[], "admissionregistration.k8s.io/v1", false, "ValidatingWebhookConfiguration"),
    s("customresourcedefinitions", &["crd", "crds"], "apiextensions.k8s.io/v1", false, "CustomResourceDefinition"),
    s("apiservices", &[], "apiregistration.k8s.io/v1", false, "APIService"),
    s("controllerrevisions", &[], "apps/v1", true, "ControllerRevision"),
    s("daemonsets", &["ds"], "apps/v1", true, "DaemonSet"),
    s("deployments", &["deploy"], "apps/v1", true, "Deployment"),
    s("replicasets", &["rs"], "apps/v1", true, "ReplicaSet"),
    s("statefulsets", &["sts"], "apps/v1", true, "StatefulSet"),
    s("selfsubjectreviews", &[], "authentication.k8s.io/v1", false, "SelfSubjectReview"),
    s("tokenreviews", &[], "authentication.k8s.io/v1", false, "TokenReview"),
    s("localsubjectaccessreviews", &[], "authorization.k8s.io/v1", true, "LocalSubjectAccessReview"),
    s("selfsubjectaccessreviews", &[], "authorization.k8s.io/v1", false, "SelfSubjectAccessReview"),
    s("selfsubjectrulesreviews", &[], "authorization.k8s.io/v1", false, "SelfSubjectRulesReview"),
    s("subjectaccessreviews", &[], "authorization.k8s.io/v1", false, "SubjectAccessReview"),
    s("horizontalpodautoscalers", &["hpa"], "autoscaling/v2", true, "HorizontalPodAutoscaler"),
    s("cronjobs", &["cj"], "batch/v1", true, "CronJob"),
    s("jobs", &[], "batch/v1", true, "Job"),
    s("certificatesigningrequests", &["csr"], "certificates.k8s.io/v1", false, "CertificateSigningRequest"),
    s("leases", &[], "coordination.k8s.io/v1", true, "Lease"),
    s("endpointslices", &[], "discovery.k8s.io/v1", true, "EndpointSlice"),
    s("events", &["ev"], "events.k8s.io/v1", true, "Event"),
    s("flowschemas", &[], "flowcontrol.apiserver.k8s.io/v1", false, "FlowSchema"),
    s("prioritylevelconfigurations", &[], "flowcontrol.apiserver.k8s.io/v1", false, "PriorityLevelConfiguration"),
    s("ingressclasses", &[], "networking.k8s.io/v1", false, "IngressClass"),
    s("ingresses", &["ing"], "networking.k8s.io/v1", true, "Ingress"),
    s("ipaddresses", &[], "networking.k8s.io/v1", false, "IPAddress"),
    s("networkpolicies", &["netpol"], "networking.k8s.io/v1", true, "NetworkPolicy"),
    s("servicecidrs", &[], "networking.k8s.io/v1", false, "ServiceCIDR"),
    s("runtimeclasses", &[], "node.k8s.io/v1", false, "RuntimeClass"),
    s("poddisruptionbudgets", &["pdb"], "policy/v1", true, "PodDisruptionBudget"),
    s("clusterrolebindings", &[], "rbac.authorization.k8s.io/v1", false, "ClusterRoleBinding"),
    s("clusterroles", &[], "rbac.authorization.k8s.io/v1", false, "ClusterRole"),
    s("rolebindings", &[], "rbac.authorization.k8s.io/v1", true, "RoleBinding"),
    s("roles", &[], "rbac.authorization.k8s.io/v1", true, "Role"),
    s("priorityclasses", &["pc"], "scheduling.k8s.io/v1", false, "PriorityClass"),
    s("csidrivers", &[], "storage.k8s.io/v1", false, "CSIDriver"),
    s("csinodes", &[], "storage.k8s.io/v1", false, "CSINode"),
    s("csistoragecapacities", &[], "storage.k8s.io/v1", true, "CSIStorageCapacity"),
    s("storageclasses", &["sc"], "storage.k8s.io/v1", false, "StorageClass"),
    s("volumeattachments", &[], "storage.k8s.io/v1", false, "VolumeAttachment"),
];

/// Versions a v1.33 cluster still serves besides the preferred one.
const ALSO_SERVED: &[(&str, &str)] = &[("autoscaling/v1", "HorizontalPodAutoscaler")];

impl Served {
    fn group(&self) -> &'static str {
        self.api_version.rsplit_once('/').map(|(g, _)| g).unwrap_or("")
    }

    fn singular(&self) -> String {
        self.kind.to_ascii_lowercase()
    }
}

/// The served resource a manifest's `apiVersion` and `kind` name, if a real cluster would
/// accept the document.
pub fn by_manifest(api_version: &str, kind: &str) -> Option<&'static Served> {
    SERVED.iter().find(|r| r.kind == kind && (r.api_version == api_version || ALSO_SERVED.contains(&(api_version, kind))))
}

/// The served resource a `kubectl get TYPE` argument names: plural, singular, short name
/// or kind, with an optional `.group` or `.version.group` suffix, any case.
pub fn by_resource_arg(arg: &str) -> Option<&'static Served> {
    let a = arg.to_ascii_lowercase();
    SERVED.iter().find(|r| {
        let full = |n: &str| -> bool {
            a == n
                || (!r.group().is_empty() && a == format!("{n}.{}", r.group()))
                || r.api_version.split_once('/').is_some_and(|(g, v)| a == format!("{n}.{v}.{g}"))
        };
        full(r.plural) || full(&r.singular()) || r.short.iter().any(|s| a == *s)
    })
}

/// What kubeplay answers for a resource type it does not model: an honest sentence if a
/// real cluster serves it, otherwise what that cluster says.
pub fn unknown_resource_type(arg: &str) -> String {
    match by_resource_arg(arg) {
        Some(r) => not_modelled(r),
        None => format!("error: the server doesn't have a resource type \"{arg}\""),
    }
}

/// The one sentence for a kind a real v1.33 cluster serves and kubeplay does not model.
pub fn not_modelled(r: &Served) -> String {
    format!(
        "kubeplay: {} ({}, {}) are served by every Kubernetes v1.33 cluster; kubeplay does not model them yet.",
        r.plural, r.kind, r.api_version
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kinds::KINDS;

    #[test]
    fn every_modelled_kind_is_served_under_its_names() {
        for k in KINDS {
            let r = by_manifest(k.api_version, k.name).unwrap_or_else(|| panic!("{} {} is not in the served table", k.api_version, k.name));
            assert_eq!(r.plural, k.plural);
            assert_eq!(r.namespaced, k.namespaced, "{}", k.name);
            assert_eq!(r.short, k.short, "{}", k.name);
        }
    }

    #[test]
    fn names_resolve_like_discovery() {
        assert_eq!(by_resource_arg("cm").map(|r| r.kind), Some("ConfigMap"));
        assert_eq!(by_resource_arg("Jobs.batch").map(|r| r.kind), Some("Job"));
        assert_eq!(by_resource_arg("cronjob").map(|r| r.kind), Some("CronJob"));
        assert_eq!(by_resource_arg("ingresses.v1.networking.k8s.io").map(|r| r.kind), Some("Ingress"));
        assert!(by_resource_arg("widgets").is_none());
        assert_eq!(by_manifest("batch/v1", "Job").map(|r| r.plural), Some("jobs"));
        assert!(by_manifest("extensions/v1beta1", "Ingress").is_none(), "removed in v1.22");
        assert!(by_manifest("v1", "Job").is_none());
    }

    #[test]
    fn the_sentence_says_a_real_cluster_has_it() {
        let t = unknown_resource_type("secrets");
        assert!(t.contains("served by every Kubernetes v1.33 cluster") && t.contains("does not model"), "{t}");
        assert_eq!(unknown_resource_type("widgets"), "error: the server doesn't have a resource type \"widgets\"");
    }
}
