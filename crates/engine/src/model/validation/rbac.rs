//! `ValidateRoleBinding` and `ValidateClusterRoleBinding` (pkg/apis/rbac/validation): the
//! role a binding grants must be named, in the RBAC group, and of a kind it may bind.

use super::{names, Errors};
use crate::value::Value;

const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// A RoleBinding may grant a Role or a ClusterRole; a ClusterRoleBinding only a ClusterRole.
pub fn role_ref(errs: &mut Errors, binding: &Value, cluster_scoped: bool) {
    let field = |k: &str| binding.get("roleRef").and_then(|r| r.get(k)).and_then(Value::as_str).unwrap_or("");
    if field("apiGroup") != RBAC_GROUP {
        errs.not_supported("roleRef.apiGroup", field("apiGroup"), &[RBAC_GROUP]);
    }
    let kinds: &[&str] = if cluster_scoped { &["ClusterRole"] } else { &["Role", "ClusterRole"] };
    if !kinds.contains(&field("kind")) {
        errs.not_supported("roleRef.kind", field("kind"), kinds);
    }
    let name = field("name");
    if name.is_empty() {
        errs.required("roleRef.name");
    }
    for msg in names::path_segment(name) {
        errs.invalid("roleRef.name", &Value::str(name), &msg);
    }
}
