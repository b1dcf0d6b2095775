//! The API server's authorizer chain as a kind cluster runs it: members of
//! `system:masters` are always allowed, then RBAC (`plugin/pkg/auth/authorizer/rbac`):
//! ClusterRoleBindings first, then the RoleBindings of the request's namespace, each
//! applying to the user by name, group or service account; the first rule that covers
//! the request allows it. A denial's reason lists the roles the bindings named but that
//! do not exist, as RBAC's does.

use crate::model::{Generic, Kind, Object};
use crate::store::Store;
use crate::value::Value;

/// Who makes a request: `kubectl --as NAME [--as-group G]…`, or the cluster's admin.
#[derive(Clone, Debug, PartialEq)]
pub struct UserInfo {
    pub name: String,
    pub groups: Vec<String>,
}

pub const MASTERS: &str = "system:masters";
const SA_PREFIX: &str = "system:serviceaccount:";

impl UserInfo {
    /// The kubeconfig's admin: a client certificate in `system:masters`.
    pub fn admin() -> UserInfo {
        UserInfo { name: "kubernetes-admin".into(), groups: vec![MASTERS.into(), "system:authenticated".into()] }
    }

    /// The user the impersonation filter makes of `--as` and `--as-group`: a service
    /// account's username brings its groups unless groups are given, and everyone but
    /// `system:anonymous` is in `system:authenticated`.
    pub fn impersonated(name: &str, groups: &[String]) -> UserInfo {
        let mut g: Vec<String> = groups.to_vec();
        if g.is_empty() {
            if let Some((ns, _)) = name.strip_prefix(SA_PREFIX).and_then(|r| r.split_once(':')) {
                g = vec!["system:serviceaccounts".into(), format!("system:serviceaccounts:{ns}")];
            }
        }
        if name == "system:anonymous" {
            if !g.iter().any(|x| x == "system:unauthenticated") {
                g.push("system:unauthenticated".into());
            }
        } else if !g.iter().any(|x| x == "system:authenticated") {
            g.push("system:authenticated".into());
        }
        UserInfo { name: name.into(), groups: g }
    }
}

/// What is asked: a resource request (`verb` on `group`/`resource`[/`subresource`],
/// optionally one `name`, in `namespace` or at the cluster scope), or a non-resource
/// `path`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attributes {
    pub verb: String,
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub name: String,
    pub namespace: String,
    pub path: Option<String>,
}

impl Attributes {
    pub fn resource(verb: &str, kind: Kind, name: &str, namespace: &str) -> Attributes {
        let info = kind.info();
        Attributes {
            verb: verb.into(),
            group: info.group.into(),
            resource: info.plural.into(),
            name: name.into(),
            namespace: if info.namespaced { namespace.into() } else { String::new() },
            ..Default::default()
        }
    }
}

fn strs(v: Option<&Value>) -> Vec<&str> {
    v.map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect()
}

/// `RuleAllows` (`pkg/apis/rbac/v1/evaluation_helpers.go`).
pub fn rule_allows(a: &Attributes, rule: &Value) -> bool {
    let verbs = strs(rule.get("verbs"));
    if !verbs.iter().any(|v| *v == "*" || *v == a.verb) {
        return false;
    }
    if let Some(path) = &a.path {
        return strs(rule.get("nonResourceURLs"))
            .iter()
            .any(|u| *u == "*" || u == path || u.strip_suffix('*').is_some_and(|prefix| path.starts_with(prefix)));
    }
    if !strs(rule.get("apiGroups")).iter().any(|g| *g == "*" || *g == a.group) {
        return false;
    }
    let combined = if a.subresource.is_empty() { a.resource.clone() } else { format!("{}/{}", a.resource, a.subresource) };
    let resource_ok = strs(rule.get("resources"))
        .iter()
        .any(|r| *r == "*" || *r == combined || (!a.subresource.is_empty() && r.strip_prefix("*/") == Some(a.subresource.as_str())));
    if !resource_ok {
        return false;
    }
    let names = strs(rule.get("resourceNames"));
    names.is_empty() || names.contains(&a.name.as_str())
}

/// `appliesToUser`: a ServiceAccount subject without a namespace means the binding's.
fn applies(user: &UserInfo, subjects: Option<&Value>, binding_ns: &str) -> bool {
    subjects.map(Value::as_seq).unwrap_or(&[]).iter().any(|s| {
        let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("");
        match text("kind") {
            "User" => user.name == text("name"),
            "Group" => user.groups.iter().any(|g| g == text("name")),
            "ServiceAccount" => {
                let ns = if text("namespace").is_empty() { binding_ns } else { text("namespace") };
                !ns.is_empty() && user.name == format!("{SA_PREFIX}{ns}:{}", text("name"))
            }
            _ => false,
        }
    })
}

fn written(o: &Object) -> Option<&Generic> {
    match o {
        Object::Written(g) => Some(g),
        _ => None,
    }
}

/// Each binding that applies to the user, in the order RBAC visits them, with the rules
/// of the role it names or the error of a role that does not exist.
pub fn bindings_of<'a>(store: &'a Store, user: &UserInfo, namespace: &str) -> Vec<Result<&'a [Value], String>> {
    let mut out = Vec::new();
    let role_rules = |kind: Kind, ns: &str, name: &str| -> Result<&'a [Value], String> {
        match store.written(kind, ns, name) {
            Some(g) => Ok(g.spec.get("rules").map(Value::as_seq).unwrap_or(&[])),
            None => Err(format!("{}.rbac.authorization.k8s.io \"{name}\" not found", kind.info().singular)),
        }
    };
    for b in store.objects_of(Kind::ClusterRoleBinding, None).filter_map(written) {
        if applies(user, b.spec.get("subjects"), "") {
            let name = b.spec.get("roleRef").and_then(|r| r.get("name")).and_then(Value::as_str).unwrap_or("");
            out.push(role_rules(Kind::ClusterRole, "", name));
        }
    }
    if !namespace.is_empty() {
        for b in store.objects_of(Kind::RoleBinding, Some(namespace)).filter_map(written) {
            if applies(user, b.spec.get("subjects"), namespace) {
                let r = b.spec.get("roleRef");
                let name = r.and_then(|r| r.get("name")).and_then(Value::as_str).unwrap_or("");
                if r.and_then(|r| r.get("kind")).and_then(Value::as_str) == Some("Role") {
                    out.push(role_rules(Kind::Role, namespace, name));
                } else {
                    out.push(role_rules(Kind::ClusterRole, "", name));
                }
            }
        }
    }
    out
}

/// Whether the request is allowed, and when not, the authorizer's reason (empty, or
/// `RBAC: …` naming the missing roles).
pub fn authorize(store: &Store, user: &UserInfo, a: &Attributes) -> Result<(), String> {
    if user.groups.iter().any(|g| g == MASTERS) {
        return Ok(());
    }
    let mut errors = Vec::new();
    for b in bindings_of(store, user, &a.namespace) {
        match b {
            Ok(rules) if rules.iter().any(|r| rule_allows(a, r)) => return Ok(()),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    Err(match errors.len() {
        0 => String::new(),
        1 => format!("RBAC: {}", errors[0]),
        _ => format!("RBAC: [{}]", errors.join(", ")),
    })
}

/// `forbiddenMessage` with the reason, after the resource and name as `NewForbidden`
/// writes them: `pods "web" is forbidden: User "jane" cannot get resource "pods" in API
/// group "" in the namespace "default"`.
pub fn forbidden(user: &UserInfo, a: &Attributes, reason: &str) -> String {
    let mut resource = a.resource.clone();
    if !a.subresource.is_empty() {
        resource = format!("{resource}/{}", a.subresource);
    }
    let scope = if a.namespace.is_empty() { "at the cluster scope".to_string() } else { format!("in the namespace {:?}", a.namespace) };
    let mut msg = format!("User {:?} cannot {} resource {resource:?} in API group {:?} {scope}", user.name, a.verb, a.group);
    if !reason.is_empty() {
        msg = format!("{msg}: {reason}");
    }
    let gr = if a.group.is_empty() { a.resource.clone() } else { format!("{}.{}", a.resource, a.group) };
    if a.name.is_empty() {
        format!("{gr} is forbidden: {msg}")
    } else {
        format!("{gr} {:?} is forbidden: {msg}", a.name)
    }
}
