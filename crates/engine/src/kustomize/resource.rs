//! A resource as kustomize's build holds it: the object, and the ids it had before a
//! transformer renamed it (kustomize's previous ids, the first its original id). An
//! overlay's patches, replica counts and the references fixed at the end still find a
//! base's resource by the name it was written with.

use crate::value::Value;

/// Kinds without a namespace (kyaml's `IsClusterScoped` for the built-in types).
pub const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "StorageClass",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PriorityClass",
    "IngressClass",
    "APIService",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "CSIDriver",
    "CSINode",
    "RuntimeClass",
    "VolumeAttachment",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
];

/// kustomize's `resid.ResId`: group, version, kind, name and namespace.
#[derive(Clone, Debug, PartialEq)]
pub struct Id {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

fn text(v: &Value, path: &[&str]) -> String {
    let mut at = Some(v);
    for key in path {
        at = at.and_then(|a| a.get(key));
    }
    at.and_then(Value::as_str).unwrap_or("").to_string()
}

impl Id {
    pub fn of(v: &Value) -> Id {
        let api = text(v, &["apiVersion"]);
        let (group, version) = match api.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), api),
        };
        Id {
            group,
            version,
            kind: text(v, &["kind"]),
            name: text(v, &["metadata", "name"]),
            namespace: text(v, &["metadata", "namespace"]),
        }
    }

    /// `ResId.EffectiveNamespace`: none for cluster-scoped kinds, "" read as `default`.
    pub fn effective_namespace(&self) -> &str {
        if CLUSTER_SCOPED.contains(&self.kind.as_str()) {
            "_non_namespaceable_"
        } else if self.namespace.is_empty() {
            "default"
        } else {
            &self.namespace
        }
    }

    /// `ResId.Equals`.
    pub fn equals(&self, o: &Id) -> bool {
        self.group == o.group
            && self.version == o.version
            && self.kind == o.kind
            && self.name == o.name
            && self.effective_namespace() == o.effective_namespace()
    }
}

/// `ResId.String()`, as kustomize's messages print it: `Deployment.v1.apps/web.[noNs]`.
impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let or = |s: &str, none: &'static str| if s.is_empty() { none.to_string() } else { s.to_string() };
        write!(
            f,
            "{}.{}.{}/{}.{}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]"),
            or(&self.name, "[noName]"),
            or(&self.namespace, "[noNs]")
        )
    }
}

pub struct Resource {
    pub object: Value,
    /// Ids before renames, oldest first.
    pub previous: Vec<Id>,
    /// A generated ConfigMap or Secret, whose name gets its content's hash once the whole
    /// build is done (kustomize hashes last, so an overlay's changes count).
    pub hashed: bool,
}

impl Resource {
    pub fn new(object: Value) -> Resource {
        Resource { object, previous: vec![], hashed: false }
    }

    pub fn current(&self) -> Id {
        Id::of(&self.object)
    }

    /// `OrgId`: the id it was read or generated with.
    pub fn original(&self) -> Id {
        self.previous.first().cloned().unwrap_or_else(|| self.current())
    }

    /// Every id it has had, the current one last.
    pub fn ids(&self) -> Vec<Id> {
        let mut all = self.previous.clone();
        all.push(self.current());
        all
    }

    /// `StorePreviousId`: called before a transformer renames it.
    pub fn remember(&mut self) {
        let id = self.current();
        self.previous.push(id);
    }
}
