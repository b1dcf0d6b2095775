//! `kubectl get` rows and `kubectl describe` for the kinds kubeplay stores without acting
//! on them (`model::stored`): the server's printer cells for each (`printers.go`), and
//! kubectl's describers for ServiceAccounts and RBAC, its generic one for the rest.

use super::describe::{annotations, events, labels};
use super::tabwriter::TabWriter;
use crate::model::{Generic, Kind, Labels};
use crate::time::rfc3339;
use crate::value::Value;
use crate::world::World;

fn seq(v: Option<&Value>) -> &[Value] {
    v.map(Value::as_seq).unwrap_or(&[])
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// `metav1.FormatLabelSelector`: requirements sorted by key, `<none>` when empty.
pub(super) fn format_label_selector(sel: Option<&Value>) -> String {
    let mut reqs: Vec<(String, String)> = Vec::new();
    if let Some(Value::Map(m)) = sel.and_then(|s| s.get("matchLabels")) {
        reqs.extend(m.iter().map(|(k, v)| (k.clone(), format!("{k}={}", text(Some(v))))));
    }
    for e in seq(sel.and_then(|s| s.get("matchExpressions"))) {
        let key = text(e.get("key"));
        let mut values: Vec<String> = seq(e.get("values")).iter().map(|v| text(Some(v))).collect();
        values.sort();
        let r = match text(e.get("operator")).as_str() {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.clone(),
            "DoesNotExist" => format!("!{key}"),
            _ => return "<error>".into(),
        };
        reqs.push((key, r));
    }
    reqs.sort();
    let s: Vec<String> = reqs.into_iter().map(|(_, r)| r).collect();
    if s.is_empty() {
        "<none>".into()
    } else {
        s.join(",")
    }
}

/// Ingress HOSTS: the first three rules' hosts, `*` when none names one.
fn ingress_hosts(rules: &[Value]) -> String {
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    for rule in rules {
        if list.len() == 3 {
            more = true;
        }
        let host = text(rule.get("host"));
        if !more && !host.is_empty() {
            list.push(host);
        }
    }
    if list.is_empty() {
        return "*".into();
    }
    if more {
        return format!("{} + {} more...", list.join(","), rules.len() - 3);
    }
    list.join(",")
}

/// RoleBinding subjects of one kind: users, groups, or service accounts as `ns/name`.
fn subjects(g: &Generic, kind: &str) -> String {
    let names: Vec<String> =
        seq(g.spec.get("subjects"))
            .iter()
            .filter(|s| text(s.get("kind")) == kind)
            .map(|s| {
                if kind == "ServiceAccount" {
                    format!("{}/{}", text(s.get("namespace")), text(s.get("name")))
                } else {
                    text(s.get("name"))
                }
            })
            .collect();
    names.join(", ")
}

/// The APIService's `Available` condition as kube-aggregator prints it: `True`, or the
/// status with its reason.
pub fn apiservice_available(c: &World, g: &Generic) -> String {
    let (status, reason, _) = crate::apiserver::aggregator::apiservice_condition(&c.store, g);
    if status == "True" || reason.is_empty() {
        status.to_string()
    } else {
        format!("{status} ({reason})")
    }
}

/// The cells of one stored object's row; `age` is its AGE cell.
pub(super) fn row(c: &World, g: &Generic, age: String, wide: bool) -> Vec<String> {
    let name = g.meta.name.clone();
    let s = &g.spec;
    let created = || rfc3339(g.meta.creation);
    match g.kind {
        Kind::ServiceAccount => vec![name, seq(s.get("secrets")).len().to_string(), age],
        Kind::LimitRange | Kind::Role | Kind::ClusterRole | Kind::CustomResourceDefinition => vec![name, created()],
        Kind::ResourceQuota => {
            // `status.hard` against `status.used`, as the quota controller keeps them.
            let status = crate::apiserver::resourcequota::status(&c.store, g);
            let hard = at(&status, &["hard"]).and_then(Value::as_map).cloned().unwrap_or_default();
            let mut keys: Vec<&String> = hard.iter().map(|(k, _)| k).collect();
            keys.sort();
            let (mut req, mut lim) = (Vec::new(), Vec::new());
            for k in keys {
                let used = text(at(&status, &["used", k]));
                let cell = format!("{k}: {}/{}", if used.is_empty() { "0".into() } else { used }, text(at(&status, &["hard", k])));
                if k.starts_with("limits") {
                    lim.push(cell);
                } else {
                    req.push(cell);
                }
            }
            vec![name, req.join(", "), lim.join(", "), age]
        }
        Kind::PodTemplate => {
            let t = s.get("template").cloned().unwrap_or(Value::Null);
            let cs = seq(at(&t, &["spec", "containers"]));
            let names: Vec<String> = cs.iter().map(|c| text(c.get("name"))).collect();
            let images: Vec<String> = cs.iter().map(|c| text(c.get("image"))).collect();
            let l = Labels::from_value(at(&t, &["metadata", "labels"])).to_selector_string();
            vec![name, names.join(","), images.join(","), if l.is_empty() { "<none>".into() } else { l }]
        }
        Kind::MutatingWebhookConfiguration | Kind::ValidatingWebhookConfiguration => {
            vec![name, seq(s.get("webhooks")).len().to_string(), age]
        }
        Kind::ValidatingAdmissionPolicy => {
            let param = match s.get("paramKind") {
                Some(p) if !p.is_null() => format!("{}/{}", text(p.get("apiVersion")), text(p.get("kind"))),
                _ => "<unset>".into(),
            };
            vec![name, seq(s.get("validations")).len().to_string(), param, age]
        }
        Kind::APIService => {
            let service = match s.get("service") {
                Some(v) if !v.is_null() => format!("{}/{}", text(v.get("namespace")), text(v.get("name"))),
                _ => "Local".into(),
            };
            vec![name, service, apiservice_available(c, g), age]
        }
        Kind::Lease => vec![name, text(s.get("holderIdentity")), age],
        Kind::IngressClass => {
            let params = match s.get("parameters") {
                Some(p) if !p.is_null() => {
                    let group = text(p.get("apiGroup"));
                    let kind = if group.is_empty() { text(p.get("kind")) } else { format!("{}.{group}", text(p.get("kind"))) };
                    format!("{kind}/{}", text(p.get("name")))
                }
                _ => "<none>".into(),
            };
            vec![name, text(s.get("controller")), params, age]
        }
        Kind::Ingress => {
            let class = text(s.get("ingressClassName"));
            let status = crate::ingress::status(&c.store, g);
            let lb: Vec<String> = seq(at(&status, &["loadBalancer", "ingress"]))
                .iter()
                .map(|i| if i.get("ip").is_some() { text(i.get("ip")) } else { text(i.get("hostname")) })
                .collect();
            let ports = if seq(s.get("tls")).is_empty() { "80" } else { "80, 443" };
            vec![
                name,
                if class.is_empty() { "<none>".into() } else { class },
                ingress_hosts(seq(s.get("rules"))),
                lb.join(","),
                ports.into(),
                age,
            ]
        }
        Kind::NetworkPolicy => vec![name, format_label_selector(s.get("podSelector")), age],
        Kind::ServiceCIDR => {
            let cidrs: Vec<String> = seq(s.get("cidrs")).iter().map(|v| text(Some(v))).collect();
            vec![name, cidrs.join(","), age]
        }
        Kind::RuntimeClass => vec![name, text(s.get("handler")), age],
        Kind::RoleBinding | Kind::ClusterRoleBinding => {
            let role = format!("{}/{}", text(at(s, &["roleRef", "kind"])), text(at(s, &["roleRef", "name"])));
            let mut v = vec![name, role, age];
            if wide {
                v.extend([subjects(g, "User"), subjects(g, "Group"), subjects(g, "ServiceAccount")]);
            }
            v
        }
        Kind::PriorityClass => vec![
            name,
            text(s.get("value")).parse::<i64>().unwrap_or(0).to_string(),
            (s.get("globalDefault") == Some(&Value::Bool(true))).to_string(),
            age,
            text(s.get("preemptionPolicy")),
        ],
        _ => vec![name, age],
    }
}

/// `kubectl describe` of a stored object.
pub(super) fn describe(c: &World, g: &Generic, w: &mut TabWriter) {
    match g.kind {
        Kind::ServiceAccount => service_account(c, g, w),
        Kind::Role | Kind::ClusterRole => role(g, w),
        Kind::RoleBinding | Kind::ClusterRoleBinding => binding(g, w),
        Kind::NetworkPolicy => super::describe_networkpolicy::describe(g, w),
        Kind::Ingress => super::describe_ingress::describe(c, g, w),
        Kind::ResourceQuota => super::describe_policy::quota(c, g, w),
        Kind::LimitRange => super::describe_policy::limit_range(g, w),
        _ => generic(c, g, w),
    }
}

/// Name, Namespace (`with_ns` and namespaced), Labels, Annotations.
fn head(g: &Generic, w: &mut TabWriter, with_ns: bool) {
    w.write(&format!("Name:\t{}\n", g.meta.name));
    if with_ns && g.kind.info().namespaced {
        w.write(&format!("Namespace:\t{}\n", g.meta.namespace));
    }
    labels(w, "Labels", &g.meta.labels);
    annotations(w, &g.meta.annotations);
}

/// `ServiceAccountDescriber`.
fn service_account(c: &World, g: &Generic, w: &mut TabWriter) {
    head(g, w, true);
    let names = |key: &str| -> String {
        let v: Vec<String> = seq(g.spec.get(key)).iter().map(|s| text(s.get("name"))).collect();
        if v.is_empty() {
            "<none>".into()
        } else {
            v.join("\n\t")
        }
    };
    w.write(&format!("Image pull secrets:\t{}\n", names("imagePullSecrets")));
    w.write(&format!("Mountable secrets:\t{}\n", names("secrets")));
    w.write("Tokens:\t<none>\n");
    events(c, w, &g.meta.uid);
}

/// `RoleDescriber` / `ClusterRoleDescriber`: the rules as kubectl prints them.
fn role(g: &Generic, w: &mut TabWriter) {
    head(g, w, false);
    w.write("PolicyRule:\n  Resources\tNon-Resource URLs\tResource Names\tVerbs\n  ---------\t-----------------\t--------------\t-----\n");
    for r in super::policy_rules::printed(g.spec.get("rules").map(Value::as_seq).unwrap_or(&[])) {
        w.write(&format!("  {}\n", r.cells()));
    }
}

/// `RoleBindingDescriber` / `ClusterRoleBindingDescriber`.
fn binding(g: &Generic, w: &mut TabWriter) {
    head(g, w, false);
    w.write(&format!(
        "Role:\n  Kind:\t{}\n  Name:\t{}\nSubjects:\n  Kind\tName\tNamespace\n  ----\t----\t---------\n",
        text(at(&g.spec, &["roleRef", "kind"])),
        text(at(&g.spec, &["roleRef", "name"]))
    ));
    for s in seq(g.spec.get("subjects")) {
        w.write(&format!("  {}\t{}\t{}\n", text(s.get("kind")), text(s.get("name")), text(s.get("namespace"))));
    }
}

/// kubectl's generic describer: the object's fields under title-cased names.
fn generic(c: &World, g: &Generic, w: &mut TabWriter) {
    head(g, w, true);
    let v = g.to_value();
    w.write(&format!("API Version:\t{}\nKind:\t{}\n", g.kind.info().api_version, g.kind.info().name));
    w.write(&format!(
        "Metadata:\n  Creation Timestamp:\t{}\n  Resource Version:\t{}\n  UID:\t{}\n",
        rfc3339(g.meta.creation),
        g.meta.resource_version,
        g.meta.uid
    ));
    if let Value::Map(fields) = &v {
        for (k, val) in fields.iter().filter(|(k, _)| !["apiVersion", "kind", "metadata"].contains(&k.as_str())) {
            fields_text(w, k, val, 0);
        }
    }
    events(c, w, &g.meta.uid);
}

/// `smartLabelFor`: `ingressClassName` → `Ingress Class Name`, `insecureSkipTLSVerify`
/// → `Insecure Skip TLS Verify` (camel-case words, an upper-case run its own word);
/// keys with other characters than letters and `-` stay as they are.
fn title(key: &str) -> String {
    if key.chars().any(|c| !c.is_ascii_alphabetic() && c != '-') {
        return key.to_string();
    }
    let chars: Vec<char> = key.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
        let starts = i > 0 && ch.is_ascii_uppercase() && (!prev_upper || next_lower);
        if starts && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(ch);
    }
    words.push(cur);
    let acronyms = ["API", "URL", "UID", "OSB", "GUID"];
    let words: Vec<String> = words
        .into_iter()
        .map(|w| {
            let up = w.to_ascii_uppercase();
            if acronyms.contains(&up.as_str()) {
                up
            } else {
                let mut c = w.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            }
        })
        .collect();
    words.join(" ")
}

pub(super) fn fields_text(w: &mut TabWriter, key: &str, v: &Value, depth: usize) {
    let pad = "  ".repeat(depth);
    match v {
        Value::Map(m) => {
            w.write(&format!("{pad}{}:\n", title(key)));
            for (k, x) in m {
                fields_text(w, k, x, depth + 1);
            }
        }
        Value::Seq(items) => {
            w.write(&format!("{pad}{}:\n", title(key)));
            for x in items {
                match x {
                    Value::Map(m) => {
                        for (k, y) in m {
                            fields_text(w, k, y, depth + 1);
                        }
                    }
                    other => w.write(&format!("{pad}  {}\n", text(Some(other)))),
                }
            }
        }
        other => w.write(&format!("{pad}{}:\t{}\n", title(key), text(Some(other)))),
    }
}
