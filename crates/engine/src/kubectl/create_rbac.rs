//! `kubectl create role|clusterrole|rolebinding|clusterrolebinding|quota`: kubectl builds
//! the object from its flags (`create_role.go`, `create_clusterrole.go`,
//! `create_rolebinding.go`, `create_clusterrolebinding.go`, `create_quota.go`) and
//! creates it.

use super::args::{self, flag, FlagSpec, Parsed};
use super::commands::quote;
use super::Output;
use crate::apply::Mode;
use crate::model::Kind;
use crate::world::World;

const ROLE_FLAGS: &[FlagSpec] = &[
    flag("verb", None, true),
    flag("resource", None, true),
    flag("resource-name", None, true),
    flag("non-resource-url", None, true),
    flag("aggregation-rule", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const BINDING_FLAGS: &[FlagSpec] = &[
    flag("role", None, true),
    flag("clusterrole", None, true),
    flag("user", None, true),
    flag("group", None, true),
    flag("serviceaccount", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const QUOTA_FLAGS: &[FlagSpec] =
    &[flag("hard", None, true), flag("scopes", None, true), flag("dry-run", None, true), flag("output", Some('o'), true)];

const RESOURCE_VERBS: &[&str] = &[
    "*",
    "get",
    "delete",
    "list",
    "create",
    "update",
    "patch",
    "watch",
    "proxy",
    "deletecollection",
    "use",
    "bind",
    "escalate",
    "impersonate",
];
const NON_RESOURCE_VERBS: &[&str] = &["*", "get", "post", "put", "delete", "patch", "head", "options"];

/// A list flag's values, each split at commas, as pflag's string slices are.
fn list(p: &Parsed, name: &str) -> Vec<String> {
    p.all(name).iter().flat_map(|v| v.split(',')).filter(|v| !v.is_empty()).map(String::from).collect()
}

fn yaml_list(indent: &str, key: &str, items: &[String]) -> String {
    let mut s = format!("{indent}{key}:\n");
    for i in items {
        s.push_str(&format!("{indent}- {}\n", quote(i)));
    }
    s
}

pub(super) fn create(c: &mut World, sub: &str, words: &[String]) -> Output {
    let cmd = match sub {
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => sub,
        _ => "quota",
    };
    let parsed = match sub {
        "role" => args::parse(words, ROLE_FLAGS, "create role"),
        "clusterrole" => args::parse(words, ROLE_FLAGS, "create clusterrole"),
        "rolebinding" => args::parse(words, BINDING_FLAGS, "create rolebinding"),
        "clusterrolebinding" => args::parse(words, BINDING_FLAGS, "create clusterrolebinding"),
        _ => args::parse(words, QUOTA_FLAGS, "create quota"),
    };
    let p = match parsed {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let [name] = p.positional.as_slice() else {
        return Output::err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create {cmd} -h' for help and examples",
            p.positional.len()
        ));
    };
    let ns = super::namespace(&p);
    let made = match sub {
        "role" | "clusterrole" => role(&p, name, sub == "clusterrole"),
        "rolebinding" | "clusterrolebinding" => binding(&p, name, sub == "clusterrolebinding"),
        _ => quota(&p, name),
    };
    let manifest = match made {
        Ok(m) => m,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    // `--dry-run=client`: the object kubectl built, never sent.
    if let Some(out) = super::dry_run::client(words, &manifest) {
        return out;
    }
    if p.has("output") && p.get("dry-run").is_none_or(|d| d == "none") {
        return Output::err("kubeplay: -o is not simulated yet for kubectl create without --dry-run.");
    }
    let report = c.apply_text(&manifest, cmd, &ns, Mode::Create);
    let mut out = Output::default();
    for line in report.out {
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    for e in &report.errors {
        let mut text = e.text.replace(&format!("error when creating \"{cmd}\": "), "");
        if cmd == "quota" {
            if let Some(rest) = text.strip_prefix("Error from server (").and_then(|t| t.split_once("): ")).map(|(_, m)| m.to_string()) {
                text = rest;
            }
            text = format!("error: failed to create quota: {text}");
        }
        out.stderr.push_str(&text);
        out.stderr.push('\n');
        out.code = 1;
    }
    out
}

/// `CreateRoleOptions` / `CreateClusterRoleOptions`: validation, then one rule per API
/// group (groups sorted), resources resolved to their plural names.
fn role(p: &Parsed, name: &str, cluster: bool) -> Result<String, String> {
    let kind = if cluster { "ClusterRole" } else { "Role" };
    let mut verbs: Vec<String> = Vec::new();
    for v in list(p, "verb") {
        if v == "*" {
            verbs = vec!["*".into()];
            break;
        }
        if !verbs.contains(&v) {
            verbs.push(v);
        }
    }
    let resources = list(p, "resource");
    let names = list(p, "resource-name");
    let urls = list(p, "non-resource-url");
    let head = format!("apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: {}\n", quote(name));
    if cluster {
        if let Some(rule) = p.get("aggregation-rule") {
            if !urls.is_empty() || !verbs.is_empty() || !resources.is_empty() || !names.is_empty() {
                return Err("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames".into());
            }
            let mut labels = String::new();
            for pair in rule.split(',') {
                let Some((k, v)) = pair.split_once('=') else {
                    return Err(format!(
                        "invalid argument {rule:?} for \"--aggregation-rule\" flag: {pair} must be formatted as key=value"
                    ));
                };
                labels.push_str(&format!("      {}: {}\n", quote(k), quote(v)));
            }
            return Ok(format!("{head}aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n{labels}rules: null\n"));
        }
    }
    if verbs.is_empty() {
        return Err("at least one verb must be specified".into());
    }
    if resources.is_empty() && (!cluster || urls.is_empty()) {
        return Err(if cluster {
            "one of resource or nonResourceURL must be specified"
        } else {
            "at least one resource must be specified"
        }
        .into());
    }
    if !resources.is_empty() {
        if let Some(v) = verbs.iter().find(|v| !RESOURCE_VERBS.contains(&v.as_str())) {
            return Err(format!("invalid verb: '{v}'"));
        }
    }
    for u in &urls {
        if !u.starts_with('/') {
            return Err("nonResourceURL should start with /".into());
        }
        if let Some(v) = verbs.iter().find(|v| !NON_RESOURCE_VERBS.contains(&v.as_str())) {
            return Err(format!("invalid verb: '{v}' for nonResourceURL"));
        }
    }
    // resource[.group][/subresource], resolved through discovery.
    let mut by_group: Vec<(String, Vec<String>)> = Vec::new();
    for r in &resources {
        let (base, sub) = r.split_once('/').map_or((r.as_str(), None), |(b, s)| (b, Some(s)));
        let (res, group) = if base == "*" {
            ("*".to_string(), String::new())
        } else {
            match Kind::from_resource_arg(base) {
                Some(k) => (k.info().plural.to_string(), k.info().group.to_string()),
                None => {
                    let (rr, g) = base.split_once('.').map_or((base, ""), |(a, b)| (a, b));
                    if g.is_empty() {
                        return Err(format!("the server doesn't have a resource type \"{rr}\""));
                    }
                    (rr.to_string(), g.to_string())
                }
            }
        };
        let res = match sub {
            Some(s) => format!("{res}/{s}"),
            None => res,
        };
        match by_group.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) if !list.contains(&res) => list.push(res),
            Some(_) => {}
            None => by_group.push((group, vec![res])),
        }
        if base == "*" && sub.is_none() {
            break;
        }
    }
    by_group.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rules = String::new();
    for (group, res) in &by_group {
        rules.push_str(&format!("- apiGroups:\n  - {}\n", quote(group)));
        if !names.is_empty() {
            rules.push_str(&yaml_list("  ", "resourceNames", &names));
        }
        rules.push_str(&yaml_list("  ", "resources", res));
        rules.push_str(&yaml_list("  ", "verbs", &verbs));
    }
    if !urls.is_empty() {
        rules.push_str("- nonResourceURLs:\n");
        for u in &urls {
            rules.push_str(&format!("  - {}\n", quote(u)));
        }
        rules.push_str(&yaml_list("  ", "verbs", &verbs));
    }
    Ok(format!("{head}rules:\n{rules}"))
}

/// `CreateRoleBindingOptions` / `CreateClusterRoleBindingOptions`: users, then groups,
/// then service accounts (`NAMESPACE:NAME`).
fn binding(p: &Parsed, name: &str, cluster: bool) -> Result<String, String> {
    let (role, crole) = (p.get("role").unwrap_or(""), p.get("clusterrole").unwrap_or(""));
    let (ref_kind, ref_name) = if cluster {
        if crole.is_empty() {
            return Err("required flag(s) \"clusterrole\" not set".into());
        }
        ("ClusterRole", crole)
    } else {
        match (role.is_empty(), crole.is_empty()) {
            (true, false) => ("ClusterRole", crole),
            (false, true) => ("Role", role),
            _ => return Err("exactly one of clusterrole or role must be specified".into()),
        }
    };
    let kind = if cluster { "ClusterRoleBinding" } else { "RoleBinding" };
    let mut subjects = String::new();
    for u in list(p, "user") {
        subjects.push_str(&format!("- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: {}\n", quote(&u)));
    }
    for g in list(p, "group") {
        subjects.push_str(&format!("- apiGroup: rbac.authorization.k8s.io\n  kind: Group\n  name: {}\n", quote(&g)));
    }
    for sa in list(p, "serviceaccount") {
        let Some((sa_ns, sa_name)) = sa.split_once(':').filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains(':')) else {
            return Err(format!("serviceaccount must be <namespace>:<name>, got {sa:?}"));
        };
        subjects.push_str(&format!("- kind: ServiceAccount\n  name: {}\n  namespace: {}\n", quote(sa_name), quote(sa_ns)));
    }
    let subjects = if subjects.is_empty() { String::new() } else { format!("subjects:\n{subjects}") };
    Ok(format!(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: {}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {ref_kind}\n  name: {}\n{subjects}",
        quote(name),
        quote(ref_name)
    ))
}

/// `QuotaOpts`: `--hard` as `resource=quantity` pairs, `--scopes` by comma.
fn quota(p: &Parsed, name: &str) -> Result<String, String> {
    let mut hard = String::new();
    if let Some(h) = p.get("hard") {
        for pair in h.split(',').filter(|x| !x.is_empty()) {
            let Some((k, v)) = pair.split_once('=') else { return Err(format!("invalid resource specification: {pair}")) };
            hard.push_str(&format!("    {}: {}\n", quote(k), quote(v)));
        }
    }
    let mut spec = String::new();
    if !hard.is_empty() {
        spec.push_str(&format!("  hard:\n{hard}"));
    }
    if let Some(s) = p.get("scopes") {
        spec.push_str("  scopes:\n");
        for scope in s.split(',').filter(|x| !x.is_empty()) {
            spec.push_str(&format!("  - {}\n", quote(scope)));
        }
    }
    let spec = if spec.is_empty() { "spec: {}\n".to_string() } else { format!("spec:\n{spec}") };
    Ok(format!("apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: {}\n{spec}", quote(name)))
}
