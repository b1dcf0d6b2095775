//! The served kinds kubeplay stores as written and does not act on (RBAC, Ingress,
//! NetworkPolicy, ResourceQuota, APIService, CRDs, …): what the API server does to them
//! before they are stored — the name rules of each kind's registry, which of them carry a
//! generation — and the one sentence the page shows so nobody believes they act.

use super::kinds::Kind;
use super::validation::{names, object_meta, Errors};
use crate::value::Value;

/// Every kind kept as written, in `kinds::KINDS` order. Nothing acts on them, except
/// what reads ServiceAccounts (the account controller, pod admission) and the
/// metrics APIService (the aggregator's availability).
pub const STORED: &[Kind] = &[
    Kind::ServiceAccount,
    Kind::LimitRange,
    Kind::ResourceQuota,
    Kind::PodTemplate,
    Kind::MutatingWebhookConfiguration,
    Kind::ValidatingAdmissionPolicy,
    Kind::ValidatingAdmissionPolicyBinding,
    Kind::ValidatingWebhookConfiguration,
    Kind::CustomResourceDefinition,
    Kind::APIService,
    Kind::CertificateSigningRequest,
    Kind::Lease,
    Kind::FlowSchema,
    Kind::PriorityLevelConfiguration,
    Kind::IngressClass,
    Kind::Ingress,
    Kind::IPAddress,
    Kind::NetworkPolicy,
    Kind::ServiceCIDR,
    Kind::RuntimeClass,
    Kind::ClusterRoleBinding,
    Kind::ClusterRole,
    Kind::RoleBinding,
    Kind::Role,
    Kind::PriorityClass,
    Kind::CSIDriver,
    Kind::CSINode,
    Kind::CSIStorageCapacity,
    Kind::VolumeAttachment,
];

pub fn is_stored(kind: Kind) -> bool {
    STORED.contains(&kind)
}

/// Stored kinds whose fields sit beside `metadata` instead of under `spec`.
pub fn body_at_top_level(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::ServiceAccount
            | Kind::PodTemplate
            | Kind::MutatingWebhookConfiguration
            | Kind::ValidatingWebhookConfiguration
            | Kind::ControllerRevision
            | Kind::RuntimeClass
            | Kind::ClusterRoleBinding
            | Kind::ClusterRole
            | Kind::RoleBinding
            | Kind::Role
            | Kind::PriorityClass
            | Kind::CSIStorageCapacity
    )
}

/// Whether the kind's registry strategy sets `metadata.generation` on create (and bumps
/// it when the spec changes): the kinds whose controllers report `observedGeneration`.
pub fn has_generation(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Ingress
            | Kind::IngressClass
            | Kind::NetworkPolicy
            | Kind::CustomResourceDefinition
            | Kind::MutatingWebhookConfiguration
            | Kind::ValidatingWebhookConfiguration
            | Kind::ValidatingAdmissionPolicy
            | Kind::ValidatingAdmissionPolicyBinding
            | Kind::FlowSchema
            | Kind::PriorityLevelConfiguration
    )
}

/// `ValidateObjectMeta` with the name rule each kind's registry uses, plus the rules that
/// tie a name to the spec (APIService, CRD).
pub fn validate(errs: &mut Errors, kind: Kind, obj: &Value) {
    let meta = obj.get("metadata");
    let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
    let str_at = |path: &[&str]| -> String {
        let mut v = Some(obj);
        for p in path {
            v = v.and_then(|x| x.get(p));
        }
        v.and_then(Value::as_str).unwrap_or("").to_string()
    };
    match kind {
        // `ValidateRBACName`, `ValidateFlowSchemaName`…: any path segment.
        Kind::RoleBinding | Kind::ClusterRoleBinding => {
            object_meta(errs, meta, names::path_segment, "metadata");
            super::validation::rbac::role_ref(errs, obj, kind == Kind::ClusterRoleBinding);
        }
        Kind::Ingress => {
            object_meta(errs, meta, names::dns1123_subdomain, "metadata");
            super::validation::networking::ingress(errs, obj);
        }
        Kind::IngressClass => {
            object_meta(errs, meta, names::dns1123_subdomain, "metadata");
            super::validation::networking::ingress_class(errs, obj);
        }
        Kind::RuntimeClass => {
            object_meta(errs, meta, names::dns1123_subdomain, "metadata");
            super::validation::node::runtime_class(errs, obj);
        }
        Kind::Role | Kind::ClusterRole | Kind::FlowSchema | Kind::PriorityLevelConfiguration => {
            object_meta(errs, meta, names::path_segment, "metadata")
        }
        Kind::APIService => {
            object_meta(errs, meta, names::path_segment, "metadata");
            let required = format!("{}.{}", str_at(&["spec", "version"]), str_at(&["spec", "group"]));
            if !name.is_empty() && names::path_segment(name).is_empty() && name != required {
                errs.invalid("metadata.name", &Value::str(name), &format!("must be `spec.version+\".\"+spec.group`: {required:?}"));
            }
        }
        Kind::CustomResourceDefinition => {
            object_meta(errs, meta, names::dns1123_subdomain, "metadata");
            let required = format!("{}.{}", str_at(&["spec", "names", "plural"]), str_at(&["spec", "group"]));
            if !name.is_empty() && name != required {
                errs.invalid("metadata.name", &Value::str(name), "must be spec.names.plural+\".\"+spec.group");
            }
            super::crd::validate(errs, obj);
        }
        Kind::PriorityClass => {
            object_meta(errs, meta, names::dns1123_subdomain, "metadata");
            super::validation::scheduling::priority_class(errs, obj);
        }
        Kind::NetworkPolicy => {
            object_meta(errs, meta, names::dns1123_subdomain, "metadata");
            super::networkpolicy::validate(errs, obj.get("spec"));
        }
        _ => object_meta(errs, meta, names::dns1123_subdomain, "metadata"),
    }
}

/// What the page says where a stored kind appears: kubeplay keeps it and does nothing
/// with it yet.
pub fn notice(kind: Kind) -> String {
    let what = match kind {
        Kind::IngressClass => "only an ingress controller running in the cluster (ingress-nginx) acts on them",
        Kind::NetworkPolicy => "enforces them only where the cluster's network plugin does (kind and cloud, not Docker Desktop)",
        Kind::Role | Kind::ClusterRole | Kind::RoleBinding | Kind::ClusterRoleBinding => {
            "authorizes by them only what is asked --as another user (auth can-i, get, describe, delete, logs, exec, run, apply -f, create -f); the admin may do anything"
        }
        Kind::CustomResourceDefinition => "serves their kinds without a controller: custom resources are stored, validated and listed, and nothing acts on them",
        Kind::APIService => "reads only whether the metrics API's pod is ready; it serves no aggregated API",
        Kind::MutatingWebhookConfiguration | Kind::ValidatingWebhookConfiguration => "does not call their webhooks yet",
        Kind::ValidatingAdmissionPolicy | Kind::ValidatingAdmissionPolicyBinding => "does not evaluate them yet",
        _ => "does not act on them yet",
    };
    format!("kubeplay stores {} objects but {what}.", kind.info().name)
}
