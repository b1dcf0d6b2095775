//! The ClusterRoles and ClusterRoleBindings the API server writes as it starts (the RBAC
//! bootstrap policy): the user-facing `cluster-admin`, `admin`, `edit` and `view`, the
//! `system:aggregate-to-*` roles behind the last three, and the `system:` roles every
//! authenticated user is bound to. The controllers' own `system:controller:*` roles are
//! not installed.

use crate::api::Api;
use crate::model::{Generic, Kind, Labels, Object, ObjectMeta};
use crate::value::Value;

const RW: &str = "create,delete,deletecollection,patch,update";
const READ: &str = "get,list,watch";

/// One rule in a compact form: `GROUPS|RESOURCES|VERBS` (groups by comma, `-` for the
/// core group ""), or `url:URLS|VERBS`.
type Rules = &'static [&'static str];

const AGGREGATE_TO_ADMIN: Rules = &[
    "authorization.k8s.io|localsubjectaccessreviews|create",
    "rbac.authorization.k8s.io|rolebindings,roles|create,delete,deletecollection,get,list,patch,update,watch",
];

const AGGREGATE_TO_EDIT: Rules = &[
    "-|pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy|get,list,watch",
    "-|serviceaccounts|impersonate",
    "-|pods,pods/attach,pods/exec,pods/portforward,pods/proxy|RW",
    "-|pods/eviction|create",
    "-|configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy|RW",
    "-|serviceaccounts/token|create",
    "apps|daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale|RW",
    "autoscaling|horizontalpodautoscalers|RW",
    "batch|cronjobs,jobs|RW",
    "extensions|daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale|RW",
    "policy|poddisruptionbudgets|RW",
    "networking.k8s.io|ingresses,networkpolicies|RW",
    "coordination.k8s.io|leases|create,delete,deletecollection,get,list,patch,update,watch",
];

const AGGREGATE_TO_VIEW: Rules = &[
    "-|configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status|READ",
    "-|bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status|READ",
    "-|namespaces|READ",
    "discovery.k8s.io|endpointslices|READ",
    "apps|controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status|READ",
    "autoscaling|horizontalpodautoscalers,horizontalpodautoscalers/status|READ",
    "batch|cronjobs,cronjobs/status,jobs,jobs/status|READ",
    "extensions|daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale|READ",
    "policy|poddisruptionbudgets,poddisruptionbudgets/status|READ",
    "networking.k8s.io|ingresses,ingresses/status,networkpolicies|READ",
];

/// Name, aggregation label it carries (`admin`, `edit`, `view`), the label its
/// aggregationRule selects, and its rules.
const CLUSTER_ROLES: &[(&str, Option<&str>, Option<&str>, Rules)] = &[
    ("admin", None, Some("admin"), &[]),
    ("cluster-admin", None, None, &["*|*|*", "url:*|*"]),
    ("edit", Some("admin"), Some("edit"), &[]),
    ("system:aggregate-to-admin", Some("admin"), None, AGGREGATE_TO_ADMIN),
    ("system:aggregate-to-edit", Some("edit"), None, AGGREGATE_TO_EDIT),
    ("system:aggregate-to-view", Some("view"), None, AGGREGATE_TO_VIEW),
    (
        "system:auth-delegator",
        None,
        None,
        &["authentication.k8s.io|tokenreviews|create", "authorization.k8s.io|subjectaccessreviews|create"],
    ),
    (
        "system:basic-user",
        None,
        None,
        &[
            "authorization.k8s.io|selfsubjectaccessreviews,selfsubjectrulesreviews|create",
            "authentication.k8s.io|selfsubjectreviews|create",
        ],
    ),
    ("system:discovery", None, None, &["url:/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/|get"]),
    ("system:heapster", None, None, &["-|events,namespaces,nodes,pods|READ", "extensions|deployments|READ"]),
    ("system:kube-aggregator", None, None, &["-|endpoints,services|READ"]),
    ("system:kube-dns", None, None, &["-|endpoints,services|list,watch"]),
    ("system:kubelet-api-admin", None, None, &["-|nodes|READ", "-|nodes|proxy", "-|nodes/log,nodes/metrics,nodes/proxy,nodes/stats|*"]),
    ("system:monitoring", None, None, &["url:/healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*|get"]),
    ("system:node-bootstrapper", None, None, &["certificates.k8s.io|certificatesigningrequests|create,get,list,watch"]),
    ("system:node-problem-detector", None, None, &["-|nodes|get", "-|nodes/status|patch", "-,events.k8s.io|events|create,patch,update"]),
    (
        "system:node-proxier",
        None,
        None,
        &[
            "-|endpoints,services|list,watch",
            "-|nodes|READ",
            "-,events.k8s.io|events|create,patch,update",
            "discovery.k8s.io|endpointslices|list,watch",
        ],
    ),
    (
        "system:persistent-volume-provisioner",
        None,
        None,
        &[
            "-|persistentvolumes|create,delete,get,list,watch",
            "-|persistentvolumeclaims|get,list,update,watch",
            "storage.k8s.io|storageclasses|READ",
            "-|events|watch",
            "-,events.k8s.io|events|create,patch,update",
        ],
    ),
    ("system:public-info-viewer", None, None, &["url:/healthz,/livez,/readyz,/version,/version/|get"]),
    ("system:service-account-issuer-discovery", None, None, &["url:/.well-known/openid-configuration,/openid/v1/jwks|get"]),
    (
        "system:volume-scheduler",
        None,
        None,
        &[
            "-|persistentvolumes|get,list,patch,update,watch",
            "storage.k8s.io|storageclasses|READ",
            "-|persistentvolumeclaims|get,list,patch,update,watch",
        ],
    ),
    ("view", Some("edit"), Some("view"), &[]),
];

/// Name, subjects (`Group:NAME`, `User:NAME`, `ServiceAccount:NS/NAME`); each binds the
/// ClusterRole of its own name.
const CLUSTER_ROLE_BINDINGS: &[(&str, &[&str])] = &[
    ("cluster-admin", &["Group:system:masters"]),
    ("system:basic-user", &["Group:system:authenticated"]),
    ("system:discovery", &["Group:system:authenticated"]),
    ("system:kube-dns", &["ServiceAccount:kube-system/kube-dns"]),
    ("system:monitoring", &["Group:system:monitoring"]),
    ("system:node-proxier", &["User:system:kube-proxy"]),
    ("system:public-info-viewer", &["Group:system:authenticated", "Group:system:unauthenticated"]),
    ("system:service-account-issuer-discovery", &["Group:system:serviceaccounts"]),
    ("system:volume-scheduler", &["User:system:kube-scheduler"]),
];

fn strings(list: &str) -> Value {
    Value::Seq(list.split(',').map(|s| Value::str(if s == "-" { "" } else { s })).collect())
}

/// A rule in the compact form as the API stores it (fields in their JSON order).
pub(crate) fn rule(text: &str) -> Value {
    let expand = |verbs: &str| verbs.replace("RW", RW).replace("READ", READ);
    if let Some(rest) = text.strip_prefix("url:") {
        let (urls, verbs) = rest.split_once('|').unwrap_or((rest, ""));
        return Value::Map(vec![("nonResourceURLs".into(), strings(urls)), ("verbs".into(), strings(&expand(verbs)))]);
    }
    let mut parts = text.splitn(3, '|');
    let (groups, resources, verbs) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    Value::Map(vec![
        ("apiGroups".into(), strings(groups)),
        ("resources".into(), strings(resources)),
        ("verbs".into(), strings(&expand(verbs))),
    ])
}

fn bootstrap_meta(api: &Api, name: &str, uid: String) -> ObjectMeta {
    let mut labels = Labels::default();
    labels.insert("kubernetes.io/bootstrapping", "rbac-defaults");
    ObjectMeta { name: name.into(), uid, creation: api.now, resource_version: api.store.revision(), labels, ..Default::default() }
}

/// Installs the policy as the cluster starts. Their uids come from a stream of their own
/// and they share the last start-up object's resource version, so every other uid and
/// version of a session stays as it was before RBAC was modelled.
pub(crate) fn install(api: &mut Api) {
    let mut rng = crate::rng::Rng::new(api.seed ^ 0x5242_4143_5f42_4f4f);
    for (name, carries, selects, rules) in CLUSTER_ROLES {
        let mut meta = bootstrap_meta(api, name, rng.uuid());
        meta.annotations.insert("rbac.authorization.kubernetes.io/autoupdate", "true");
        if let Some(to) = carries {
            meta.labels.insert(&format!("rbac.authorization.k8s.io/aggregate-to-{to}"), "true");
        }
        let mut body = Vec::new();
        if let Some(sel) = selects {
            let labels = Value::Map(vec![(format!("rbac.authorization.k8s.io/aggregate-to-{sel}"), Value::str("true"))]);
            body.push((
                "aggregationRule".into(),
                Value::Map(vec![("clusterRoleSelectors".into(), Value::Seq(vec![Value::Map(vec![("matchLabels".into(), labels)])]))]),
            ));
        }
        body.push(("rules".into(), Value::Seq(rules.iter().map(|r| rule(r)).collect())));
        let role = Generic { kind: Kind::ClusterRole, meta, spec: Value::Map(body), status: Value::Null };
        api.store.objects.insert((Kind::ClusterRole, String::new(), name.to_string()), Object::Written(role));
    }
    for (name, subjects) in CLUSTER_ROLE_BINDINGS {
        let mut meta = bootstrap_meta(api, name, rng.uuid());
        meta.annotations.insert("rbac.authorization.kubernetes.io/autoupdate", "true");
        let subjects: Vec<Value> = subjects
            .iter()
            .map(|s| {
                let (kind, who) = s.split_once(':').unwrap_or(("User", s));
                match kind {
                    "ServiceAccount" => {
                        let (ns, n) = who.split_once('/').unwrap_or(("", who));
                        Value::Map(vec![
                            ("kind".into(), Value::str(kind)),
                            ("name".into(), Value::str(n)),
                            ("namespace".into(), Value::str(ns)),
                        ])
                    }
                    _ => Value::Map(vec![
                        ("apiGroup".into(), Value::str("rbac.authorization.k8s.io")),
                        ("kind".into(), Value::str(kind)),
                        ("name".into(), Value::str(who)),
                    ]),
                }
            })
            .collect();
        let body = Value::Map(vec![
            (
                "roleRef".into(),
                Value::Map(vec![
                    ("apiGroup".into(), Value::str("rbac.authorization.k8s.io")),
                    ("kind".into(), Value::str("ClusterRole")),
                    ("name".into(), Value::str(*name)),
                ]),
            ),
            ("subjects".into(), Value::Seq(subjects)),
        ]);
        let b = Generic { kind: Kind::ClusterRoleBinding, meta, spec: body, status: Value::Null };
        api.store.objects.insert((Kind::ClusterRoleBinding, String::new(), name.to_string()), Object::Written(b));
    }
    super::clusterroleaggregation::aggregate(&mut api.store, false);
}
